"""The set-up files agree: conda/Binder's environment.yml, pyproject.toml and the pinned requirements."""

from __future__ import annotations

import re
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

# A conda match spec as used here: a name, optionally one version constraint (">=1.2", "=1.2", "1.2.*").
CONDA_SPEC = re.compile(r"(?P<name>[a-z0-9][a-z0-9_.-]*)(?P<version>\s*(?:==?|>=|<=|>|<|!=)?\s*[0-9][0-9a-z.*]*(?:,\s*(?:==?|>=|<=|>|<|!=)\s*[0-9][0-9a-z.*]*)*)?")
CONDA_ONLY = {"python", "pip"}


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


def test_environment_and_pyproject_list_the_same_dependencies(root):
    project = {canonicalize_name(Requirement(r).name): Requirement(r) for r in _pyproject(root)["project"]["dependencies"]}
    conda = {}
    for spec in _conda_specs(_environment(root)):
        match = CONDA_SPEC.fullmatch(spec)
        if match["name"] not in CONDA_ONLY:
            conda[canonicalize_name(match["name"])] = (match["version"] or "").replace(" ", "")
    assert set(conda) == set(project), "environment.yml and pyproject.toml list different packages"
    for name, requirement in project.items():
        assert conda[name] == str(requirement.specifier), f"{name}: environment.yml says {conda[name]!r}, pyproject {requirement.specifier}"


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
