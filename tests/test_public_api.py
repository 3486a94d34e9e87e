"""medialit's public API: lessons import only ``medialit.__all__``, every public name resolves and teaches, older
lesson copies keep importing, and ``import medialit`` is lazy (it loads a module only when one of its names is used).
"""

from __future__ import annotations

import ast
import inspect
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

import medialit

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(path for folder in ("notebooks", "solutions", "exercises") for path in (ROOT / folder).glob("*.ipynb"))
PUBLIC = set(medialit.__all__)


def python_of(source: str) -> str:
    """A cell's source as plain Python: IPython's ``%magic`` and ``!shell`` lines become comments."""
    return "\n".join("#" + line if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def private_imports(source: str) -> list[str]:
    """What a cell takes from medialit other than its public names: ``from medialit.x import``, ``import medialit.x``,
    ``from medialit import y`` and ``medialit.y`` where y is not in ``medialit.__all__``."""
    found = []
    package_names = set()  # local names bound to the package itself
    tree = ast.parse(python_of(source))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module and node.module.split(".")[0] == "medialit":
            if node.module != "medialit":
                found.append(f"line {node.lineno}: `from {node.module} import ...`")
            else:
                found += [f"line {node.lineno}: `from medialit import {alias.name}`" for alias in node.names if alias.name not in PUBLIC]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "medialit":
                    package_names.add(alias.asname or "medialit")
                elif alias.name.startswith("medialit."):
                    found.append(f"line {node.lineno}: `import {alias.name}`")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in package_names:
            if node.attr not in PUBLIC and not node.attr.startswith("__"):
                found.append(f"line {node.lineno}: `{node.value.id}.{node.attr}`")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_lessons_and_exercises_import_only_public_names(path):
    notebook = nbformat.read(path, as_version=4)
    problems = [f"{path.parent.name}/{path.name}, cell {index} ({cell.source.splitlines()[0][:60]!r}), {problem}"
                for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"
                for problem in private_imports(cell.source)]
    assert not problems, ("lessons use only medialit's public names (medialit.__all__):\n" + "\n".join(problems)
                          + "\nImport the name from medialit itself, or add it to medialit/__init__.py's public API.")


def test_the_import_check_finds_every_kind_of_private_import():
    cell = textwrap.dedent("""\
        # Shows the key.
        %matplotlib inline
        import medialit
        import medialit.tagger
        import medialit as ml
        from medialit import data, lesson_controls, show_the_key
        from medialit.accessible import table_html
        ml.paths.home()
        medialit.show_the_key(["C001"])
        medialit.__all__
        """)
    assert private_imports(cell) == ["line 4: `import medialit.tagger`", "line 6: `from medialit import lesson_controls`",
                                     "line 7: `from medialit.accessible import ...`", "line 8: `ml.paths`"]


@pytest.mark.parametrize("name", medialit.__all__)
def test_every_public_name_resolves_and_teaches(name):
    value = getattr(medialit, name)
    if callable(value) or inspect.ismodule(value):
        # a class's own docstring, not one it inherits
        doc = value.__dict__.get("__doc__") if isinstance(value, type) else value.__doc__
        assert doc and doc.strip(), f"medialit.{name} has no docstring: help(medialit.{name}) should teach what it is for"
    else:  # a value (a table of categories) has no docstring of its own: the package's docstring says what it is
        assert f"``{name}``" in (medialit.__doc__ or ""), f"medialit's docstring should say what medialit.{name} is"


def test_the_lazy_table_the_type_checking_imports_and_all_agree():
    """Three lists name the public API (``__all__``, the loader's table, the imports type checkers read): one each."""
    assert len(medialit.__all__) == len(PUBLIC), "a name is listed twice in medialit.__all__"
    assert set(medialit._SOURCES) == PUBLIC
    tree = ast.parse((ROOT / "medialit" / "__init__.py").read_text(encoding="utf-8"))
    checked = next(node for node in tree.body if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING")
    typed = {}
    for node in checked.body:
        assert isinstance(node, ast.ImportFrom) and node.level == 1, f"line {node.lineno}: only `from .module import name`"
        for alias in node.names:
            typed[alias.asname or alias.name] = alias.name if node.module is None else f"{node.module}.{alias.name}"
    assert set(typed) == PUBLIC
    for name, source in medialit._SOURCES.items():
        module, _, attribute = source.partition(".")
        expected = module if name in medialit._SUBMODULES else f"{module}.{attribute or name}"
        assert typed[name] == expected, f"medialit.{name}: the lazy table says {expected}, the TYPE_CHECKING import {typed[name]}"


# Every import of medialit in the lessons, solutions and exercises on main before the public API (2026-11-30), and
# the names used from the submodules imported whole. A learner's edited copy keeps these; they must keep working.
OLD_LESSON_IMPORTS = {
    "from medialit import answer_key, data": ["answer_key.load_answer_key", "data.load", "data.path"],
    "from medialit import check": ["check"],
    "from medialit import charts, identity": ["charts.new_figure", "charts.plot_level_counts", "charts.plot_levels_by_section",
                                             "charts.render_png", "identity.name_box"],
    "from medialit import identity, paths, reading_help": ["identity.name_box", "paths.home", "reading_help.gloss",
                                                           "reading_help.evidence_pack"],
    "from medialit import answer_key, data, lesson_controls, reading_help": [
        "lesson_controls.Reveal", "lesson_controls.show_the_key", "lesson_controls.reveal_chart",
        "lesson_controls.SectionPicker"],
    "from medialit.accessible import data_table_html, table_html": ["data_table_html", "table_html"],
    "from medialit.answer_key import acceptable_levels, load_answer_key": ["acceptable_levels", "load_answer_key"],
    "from medialit.charts import bar_style, plot_pass_moves": ["bar_style", "plot_pass_moves"],
    "from medialit.class_charts import plot_class_levels, plot_most_disputed, plot_section_agreement": [
        "plot_class_levels", "plot_most_disputed", "plot_section_agreement"],
    "from medialit.classroom import merge_submissions": ["merge_submissions"],
    "from medialit.inbox import configured_inbox": ["configured_inbox"],
    "from medialit.lesson_controls import Reveal, reveal_chart, reveal_class_view": ["Reveal", "reveal_chart", "reveal_class_view"],
    "from medialit.lexicon import CATEGORIES": ["CATEGORIES"],
    "from medialit.session import TaggingSession": ["TaggingSession"],
    "from medialit.signal_views import highlight_html, plot_signals_by_level, signal_legend_html": [
        "highlight_html", "plot_signals_by_level", "signal_legend_html"],
    "from medialit.signals import claim_signals, signals_per_section": ["claim_signals", "signals_per_section"],
    "import medialit": ["medialit.ask", "medialit.assess", "medialit.assessment_text", "medialit.ClaimTagger", "medialit.my_article",
                        "medialit.load_article", "medialit.load_case", "medialit.load_taxonomy", "medialit.merge_submissions",
                        "medialit.analyse_class", "medialit.open_session", "medialit.TaggingSession", "medialit.Article",
                        "medialit.ClassView", "medialit.data.load", "medialit.feedback.evaluate", "medialit.feedback.summary"],
    # code of one's own that reached a module through the package: `import medialit` used to load every module
    "import medialit as old": ["old.progress.open_session", "old.tagfile.read", "old.exercise_bank.exercise", "old.paths.home"],
}


def run_fresh(code: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a new Python, as a new kernel would, with the learner's folder in ``tmp_path``."""
    env = {**os.environ, "MEDIALIT_HOME": str(tmp_path / "work"), "HOME": str(tmp_path)}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)


def test_the_imports_older_lessons_used_still_work(tmp_path):
    """Each old import, in a new Python and its own namespace, gives what the lessons used from it."""
    result = run_fresh(textwrap.dedent("""\
        import json, operator, sys
        failures = []
        for statement, uses in json.loads(sys.argv[1]).items():
            names = {}
            try:
                exec(statement, names)
                for use in uses:
                    owner, _, path = use.partition(".")
                    operator.attrgetter(path)(names[owner]) if path else names[owner]
            except Exception as error:
                failures.append(f"{statement} -> {uses}: {type(error).__name__}: {error}")
        print(json.dumps(failures))
        """), tmp_path, json.dumps(OLD_LESSON_IMPORTS))
    assert result.returncode == 0, result.stderr
    failures = json.loads(result.stdout)
    assert not failures, "\n".join(failures)


def test_importing_medialit_loads_nothing_until_a_name_is_used(tmp_path):
    result = run_fresh(textwrap.dedent("""\
        import json, sys
        import medialit
        loaded = sorted(name for name in sys.modules if name.startswith(("medialit.", "pandas", "matplotlib", "ipywidgets", "numpy")))
        tagger = medialit.ClaimTagger
        print(json.dumps({"after_import": loaded, "tagger": f"{tagger.__module__}.{tagger.__qualname__}",
                          "tagger_module_loaded": "medialit.tagger" in sys.modules}))
        """), tmp_path)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["after_import"] == [], f"`import medialit` loaded {seen['after_import']}: it should load nothing until a name is used"
    assert seen["tagger"] == "medialit.tagger.ClaimTagger" and seen["tagger_module_loaded"]


def test_a_function_keeps_its_name_when_its_own_module_is_imported(tmp_path):
    """``medialit.ask`` is a function living in the module ``medialit.ask``; ``medialit.assess`` imports that module."""
    result = run_fresh(textwrap.dedent("""\
        import medialit
        import medialit.ask
        medialit.assess
        from medialit import ask
        assert callable(medialit.ask) and medialit.ask is ask and ask.__module__ == "medialit.ask", medialit.ask
        assert callable(medialit.assess), medialit.assess
        print("ok")
        """), tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_help_tab_completion_and_star_import_see_every_public_name(tmp_path):
    result = run_fresh(textwrap.dedent("""\
        import json, pydoc
        import medialit
        listed = dir(medialit)
        page = pydoc.render_doc(medialit, renderer=pydoc.plaintext)
        star = {}
        exec("from medialit import *", star)
        print(json.dumps({"dir": listed, "star": sorted(star), "help": page}))
        """), tmp_path)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert PUBLIC <= set(seen["dir"])
    assert PUBLIC <= set(seen["star"])
    assert "public API" in seen["help"]
    for name in ("ClaimTagger", "show_the_key", "name_box", "plot_class_levels", "MedialitError"):
        assert name in seen["help"], f"help(medialit) does not list {name}"


def test_an_unknown_name_is_an_attribute_error_that_says_where_the_names_are():
    with pytest.raises(AttributeError, match=r"no attribute 'ClaimTager'.*medialit.__all__"):
        medialit.ClaimTager  # noqa: B018
    assert not hasattr(medialit, "ClaimTager")

