"""The set-up files agree: conda/Binder's environment.yml, pyproject.toml and the pinned requirements."""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

# A conda match spec as used here: a name, optionally one version constraint (">=1.2", "=1.2", "1.2.*").
CONDA_SPEC = re.compile(r"(?P<name>[a-z0-9][a-z0-9_.-]*)(?P<version>\s*(?:==?|>=|<=|>|<|!=)?\s*[0-9][0-9a-z.*]*(?:,\s*(?:==?|>=|<=|>|<|!=)\s*[0-9][0-9a-z.*]*)*)?")
CONDA_ONLY = {"python", "pip"}
# conda-forge packages that stand for a PyPI package under another name. matplotlib-base is matplotlib without a
# GUI toolkit (conda-forge's plain "matplotlib" adds Qt), so environment.yml must use it, never plain matplotlib.
CONDA_NAME_OF = {"matplotlib": "matplotlib-base"}


def _pyproject(root):
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))


def _environment(root):
    return yaml.safe_load((root / "environment.yml").read_text(encoding="utf-8"))


def _conda_specs(env):
    return [d for d in env["dependencies"] if isinstance(d, str)]


def test_environment_uses_conda_forge_only(root):
    env = _environment(root)
    assert env["channels"] == ["conda-forge", "nodefaults"]


def test_every_conda_entry_is_a_valid_spec(root):
    for spec in _conda_specs(_environment(root)):
        assert CONDA_SPEC.fullmatch(spec), f"environment.yml: {spec!r} is not a valid conda match spec"


def test_every_pip_entry_is_valid(root):
    pip_lists = [d["pip"] for d in _environment(root)["dependencies"] if isinstance(d, dict)]
    assert pip_lists == [["-e ."]], "environment.yml should install this package with pip and nothing else"


def disagreements(root) -> list[str]:
    """Where environment.yml and pyproject.toml disagree: a package in one only, or another version range."""
    project = {canonicalize_name(Requirement(r).name): Requirement(r) for r in _pyproject(root)["project"]["dependencies"]}
    conda = {}
    for spec in _conda_specs(_environment(root)):
        match = CONDA_SPEC.fullmatch(spec)
        if match["name"] not in CONDA_ONLY:
            conda[canonicalize_name(match["name"])] = (match["version"] or "").replace(" ", "")
    problems = []
    for name, requirement in project.items():
        conda_name = CONDA_NAME_OF.get(name, name)
        if conda_name not in conda:
            problems.append(f"{name}: pyproject.toml needs it; environment.yml has no {conda_name!r}")
        elif conda[conda_name] != str(requirement.specifier):
            problems.append(f"{name}: environment.yml says {conda_name}{conda[conda_name]}, pyproject {requirement.specifier}")
    expected = {CONDA_NAME_OF.get(name, name) for name in project}
    problems += [f"{name}: in environment.yml only" for name in sorted(set(conda) - expected)]
    return problems


def test_environment_and_pyproject_list_the_same_dependencies(root):
    assert disagreements(root) == []


def _edited_copy(root, tmp_path, old, new):
    (tmp_path / "pyproject.toml").write_text((root / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    text = (root / "environment.yml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "environment.yml").write_text(text.replace(old, new), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("old, new, words", [
    ("matplotlib-base>=3.8", "matplotlib>=3.8", "no 'matplotlib-base'"),      # plain matplotlib drags in Qt
    ("matplotlib-base>=3.8", "matplotlib-base>=3.7", "matplotlib-base>=3.7"),  # another range
    ("  - nh3>=0.3\n", "", "no 'nh3'"),                                        # a dependency left out
    ("  - nh3>=0.3\n", "  - nh3>=0.3\n  - requests>=2\n", "requests: in environment.yml only"),
])
def test_the_comparison_fails_when_the_two_files_disagree(root, tmp_path, old, new, words):
    problems = disagreements(_edited_copy(root, tmp_path, old, new))
    assert any(words in problem for problem in problems), problems


def test_conda_python_is_one_version_pyproject_allows(root):
    """Binder (repo2docker) reads a single `python=X.Y` pin; it must satisfy pyproject's requires-python."""
    from packaging.specifiers import SpecifierSet

    requires = SpecifierSet(_pyproject(root)["project"]["requires-python"])
    pins = [s.split("=", 1)[1] for s in _conda_specs(_environment(root)) if re.fullmatch(r"python=\d+\.\d+", s)]
    assert len(pins) == 1, "environment.yml needs exactly one python=X.Y entry"
    assert requires.contains(pins[0] + ".0"), f"python={pins[0]} is outside requires-python {requires}"


def test_pinned_requirements_cover_every_dependency(root):
    """The Makefile installs from requirements/*.txt: each must pin every direct dependency exactly."""
    project = _pyproject(root)["project"]
    for filename, direct in (
        ("lab.txt", project["dependencies"]),
        ("test.txt", project["dependencies"] + project["optional-dependencies"]["test"]),
    ):
        pinned = {}
        for line in (root / "requirements" / filename).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith(("#", " ")):
                requirement = Requirement(line)
                pinned[canonicalize_name(requirement.name)] = requirement
        for text in direct:
            wanted = Requirement(text)
            name = canonicalize_name(wanted.name)
            assert name in pinned, f"requirements/{filename} does not pin {name}; run `make lock`"
            version = str(pinned[name].specifier).removeprefix("==")
            assert str(pinned[name].specifier).startswith("=="), f"{name} is not pinned exactly"
            assert wanted.specifier.contains(version), f"{name}=={version} in {filename} breaks {wanted}; run `make lock`"
