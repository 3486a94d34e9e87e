"""The files Binder (repo2docker) reads agree, so the README's badge launches the series.

What repo2docker does with this repository, from its documentation and source:

* It reads configuration from ``binder/`` or ``.binder/`` if such a folder exists, and then IGNORES the top level;
  otherwise from the top level (https://repo2docker.readthedocs.io/en/latest/use/repository.html).
  Its build packs are tried in order (``buildpacks`` in repo2docker/app.py): a ``Dockerfile`` wins over everything,
  ``environment.yml`` over ``requirements.txt``; ``runtime.txt`` is ignored beside ``environment.yml``
  (https://repo2docker.readthedocs.io/en/latest/configuration/research.html).
* It installs ``environment.yml`` into its own base environment, whose Python it picks from a ``python=X.Y``
  entry; a range such as ``python>=3.11`` does not match and the default Python is used (the docs "strongly
  recommend specifying a Python version": https://repo2docker.readthedocs.io/en/latest/howto/languages.html).
* A local pip requirement such as ``-e .`` makes it copy the whole repository in before installing the
  environment (``CondaBuildPack._should_preassemble_env``), so ``pip install -e .`` works and no ``postBuild``
  is needed. Any ``postBuild`` must be executable and start with a shebang line.

Each check below is a small function returning problems, tested on a good and a broken copy, then on this repo.
"""

from __future__ import annotations

import os
import re
import shutil
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.specifiers import SpecifierSet

LAUNCH_NOTEBOOK = "notebooks/00-start-here.ipynb"
# repo2docker's own pattern for the Python version in environment.yml (repo2docker/buildpacks/conda/__init__.py)
R2D_PYTHON = re.compile(r"python\s*=+\s*([\d\.]*)")
BADGE = re.compile(r"\[!\[[^\]]*\]\(https://mybinder\.org/badge_logo\.svg\)\]\((?P<url>[^)\s]+)\)")
LAUNCH = re.compile(r"https://mybinder\.org/v2/(?P<provider>gh|gl|git)/(?P<owner>[^/]+)/(?P<repo>[^/]+)/(?P<ref>[^/?]+)\?urlpath=(?P<urlpath>\S+)")


def config_problems(root: Path) -> list[str]:
    """What would make repo2docker build something other than environment.yml at the top level."""
    problems = []
    for folder in ("binder", ".binder"):
        if (root / folder).is_dir():
            problems.append(f"{folder}/ exists: repo2docker would ignore the top-level environment.yml")
    if (root / "Dockerfile").exists():
        problems.append("Dockerfile exists: repo2docker would ignore environment.yml")
    for name in ("requirements.txt", "runtime.txt", "environment.yaml"):
        if (root / name).exists():
            problems.append(f"{name} at the top level conflicts with (or is ignored beside) environment.yml")
    post_build = root / "postBuild"
    if post_build.exists():
        if not os.access(post_build, os.X_OK):
            problems.append("postBuild is not executable (git update-index --chmod=+x postBuild)")
        if not post_build.read_text(encoding="utf-8").startswith("#!"):
            problems.append("postBuild has no shebang line (#!/bin/bash)")
    return problems


def environment_problems(root: Path) -> list[str]:
    """environment.yml parses, installs this package from the checkout, and pins the Python repo2docker uses."""
    try:
        env = yaml.safe_load((root / "environment.yml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        return [f"environment.yml cannot be read: {exc}"]
    if not isinstance(env, dict) or not isinstance(env.get("dependencies"), list):
        return ["environment.yml must be a mapping with a 'dependencies' list"]
    problems = []
    pip_lists = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    local = [line for pip in pip_lists for line in pip if re.fullmatch(r"(-e|--editable)\s+\.(/)?", str(line).strip())]
    if not local:
        problems.append("environment.yml does not pip-install this package from the checkout ('-e .')")
    if "pip" not in env["dependencies"]:
        problems.append("environment.yml has a pip: section but does not list pip itself")
    versions = [m.group(1) for d in env["dependencies"] if isinstance(d, str) and (m := R2D_PYTHON.match(d))]
    if not versions or versions[0].count(".") < 1:
        problems.append("environment.yml has no 'python=X.Y' entry, so repo2docker builds with its default Python "
                        "(fix: pin one minor version that pyproject's requires-python allows, e.g. python=3.12)")
    else:
        requires = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
        if versions[0] not in SpecifierSet(requires):
            problems.append(f"environment.yml pins python={versions[0]}, outside requires-python {requires}")
    return problems


def badge_problems(readme: str, root: Path, origin: str | None = None) -> list[str]:
    """The README's Binder badge launches this repository in JupyterLab at the start notebook."""
    found = BADGE.search(readme)
    if not found:
        return ["README.md has no Binder badge ([![...](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/...))"]
    launch = LAUNCH.fullmatch(found["url"])
    if not launch:
        return [f"badge URL {found['url']!r} is not https://mybinder.org/v2/gh/OWNER/REPO/REF?urlpath=lab/tree/..."]
    problems = []
    if (launch["owner"], launch["repo"]) == ("OWNER", "REPO"):
        problems.append("badge URL still has the OWNER/REPO placeholder")
    if origin and f"{launch['owner']}/{launch['repo']}".lower() not in origin.lower().removesuffix(".git") + "/":
        problems.append(f"badge points at {launch['owner']}/{launch['repo']}, but this repository's origin is {origin}")
    urlpath = launch["urlpath"]
    if not urlpath.startswith("lab/tree/"):
        problems.append(f"badge urlpath {urlpath!r} should open JupyterLab: lab/tree/{LAUNCH_NOTEBOOK}")
    elif not (root / urlpath.removeprefix("lab/tree/")).is_file():
        problems.append(f"badge opens {urlpath.removeprefix('lab/tree/')!r}, which does not exist")
    return problems


GOOD_BADGE = f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/school/series/HEAD?urlpath=lab/tree/{LAUNCH_NOTEBOOK})"


@pytest.fixture
def copy(tmp_path, root):
    """A throwaway copy of the files Binder reads."""
    for name in ("environment.yml", "pyproject.toml"):
        shutil.copy(root / name, tmp_path / name)
    (tmp_path / "notebooks").mkdir()
    (tmp_path / LAUNCH_NOTEBOOK).write_text("{}", encoding="utf-8")
    text = (tmp_path / "environment.yml").read_text(encoding="utf-8")
    (tmp_path / "environment.yml").write_text(re.sub(r"python\s*[>=<~!]+\s*[\d.]+", "python=3.12", text), encoding="utf-8")
    return tmp_path


def test_checks_pass_on_a_good_copy(copy):
    assert config_problems(copy) == []
    assert environment_problems(copy) == []
    assert badge_problems(GOOD_BADGE, copy, origin="https://github.com/school/series.git") == []


def test_checks_catch_what_would_break_the_build(copy):
    (copy / "binder").mkdir()
    (copy / "requirements.txt").write_text("pandas\n", encoding="utf-8")
    (copy / "postBuild").write_text("pip install x\n", encoding="utf-8")
    problems = " | ".join(config_problems(copy))
    for words in ("binder/ exists", "requirements.txt", "not executable", "no shebang"):
        assert words in problems


def test_an_executable_postbuild_with_a_shebang_is_fine(copy):
    script = copy / "postBuild"
    script.write_text("#!/bin/bash\nset -e\n", encoding="utf-8")
    script.chmod(0o755)
    assert config_problems(copy) == []


def test_checks_catch_a_bad_environment(copy):
    env = copy / "environment.yml"
    env.write_text(env.read_text(encoding="utf-8").replace("python=3.12", "python>=3.11").replace("-e .", "medialit"), encoding="utf-8")
    problems = " | ".join(environment_problems(copy))
    assert "'-e .'" in problems and "python=X.Y" in problems
    env.write_text("dependencies: [python=3.9, pip, {pip: [-e .]}]\n", encoding="utf-8")
    assert "outside requires-python" in " | ".join(environment_problems(copy))
    env.write_text("- not: a mapping\n", encoding="utf-8")
    assert environment_problems(copy) == ["environment.yml must be a mapping with a 'dependencies' list"]


@pytest.mark.parametrize("readme, words", [
    ("# Title\n", "no Binder badge"),
    (GOOD_BADGE.replace("school/series", "OWNER/REPO"), "placeholder"),
    (GOOD_BADGE.replace("lab/tree/", "tree/"), "should open JupyterLab"),
    (GOOD_BADGE.replace("00-start-here", "99-missing"), "does not exist"),
    (GOOD_BADGE.replace("school/series", "someone/else"), "origin is"),
])
def test_badge_check_catches_broken_badges(copy, readme, words):
    assert words in " | ".join(badge_problems(readme, copy, origin="git@github.com:school/series.git"))


# --- this repository ---------------------------------------------------------------------------------------------

def test_this_repository_has_no_conflicting_binder_files(root):
    assert config_problems(root) == []


def test_this_environment_builds_on_binder(root):
    assert environment_problems(root) == []


def _origin(root: Path) -> str | None:
    from medialit.commands.hub_link import origin_url
    return origin_url(root)


def test_this_readme_badge_launches_the_series(root):
    origin = _origin(root)
    if origin is None or "github.com" not in origin:
        pytest.skip(f"this checkout's origin ({origin or 'none'}) is not on GitHub, so the badge's OWNER/REPO cannot be "
                    "known; add the badge from docs/deploy.md once the repository is published there")
    assert badge_problems((root / "README.md").read_text(encoding="utf-8"), root, _origin(root)) == []
