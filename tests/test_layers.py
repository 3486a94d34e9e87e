"""The package's shape, read from its source (AST): no import cycle, the default case fetched only by the top layer,
every exception class in errors.py, no module switching off the garbage collector, the live chart on public names.

The top layer is what lessons, the tagger and the ``medialit`` command call; it alone knows which case is the
series' own (``medialit.data``) and fills it in. Every module below is given the case (or its parts) by its caller.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "medialit"

# The top layer: the public package, the default case and named files (data), the lesson-facing wrappers
# (answer_key, classroom, progress), the widget (tagger), the command line (cli, commands/), and the exercises a
# lesson shows (feedback, exercise_bank, and on main since h13a/h14a: ask, ask_controls, handin), what lessons
# 00-04 call to show the case without code (lesson_controls: the key behind a button; reading_help: gloss, evidence pack),
# and the learner's own article that lessons 08-09 build on (own_article: it opens the learner's tagger and progress on
# the case it makes), and the teacher's live class view (classview: the widget; its state, class_watch, is given the
# case), and the before/after assessment's assess.
TOP_LAYER = {"medialit", "medialit.data", "medialit.answer_key", "medialit.classroom", "medialit.progress", "medialit.tagger",
             "medialit.cli", "medialit.feedback", "medialit.exercise_bank", "medialit.ask", "medialit.ask_controls", "medialit.handin",
             "medialit.lesson_controls", "medialit.reading_help", "medialit.own_article",
             "medialit.classview", "medialit.assess"}
# The functions that fetch the series' own case (or the files that hold it), and the top-layer wrappers that do.
DEFAULT_LOADERS = {
    "medialit.data": {"load_case", "load_article", "load_taxonomy", "load", "path", "case_folder", "sample_paths", "LOADERS"},
    "medialit.answer_key": {"load_answer_key", "key_for", "acceptable_levels", "compare_with_key", "case_key"},
    "medialit.classroom": {"merge_submissions", "analyse_class"},
    "medialit.progress": {"open_session", "load"},
}
ELSEWHERE_FOR_NOW: set[tuple[str, str]] = set()  # every exception class lives in errors.py


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def is_top_layer(module: str) -> bool:
    return module in TOP_LAYER or module.startswith("medialit.commands")


def runtime_nodes(tree: ast.AST):
    """Every node, leaving out ``if TYPE_CHECKING:`` blocks (imports there are for annotations, never run)."""
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            pending.extend(node.orelse)
            continue
        yield node
        pending.extend(ast.iter_child_nodes(node))


def imports(module: str) -> list[tuple[int, str, str | None, str]]:
    """(line, imported module, name taken from it or None, the name it is bound to) for every runtime import."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, None, alias.asname or alias.name) for alias in node.names if alias.name.startswith("medialit")]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            source = ".".join(base + ([node.module] if node.module else [])) if node.level else (node.module or "")
            if not source.startswith("medialit"):
                continue
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in MODULES:  # `from . import data`: the module itself
                    found.append((node.lineno, submodule, None, alias.asname or alias.name))
                else:
                    found.append((node.lineno, source, alias.name, alias.asname or alias.name))
    return found


def graph() -> dict[str, set[str]]:
    return {module: {target for _, target, _, _ in imports(module) if target in MODULES and target != module} for module in MODULES}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm): each holds a cycle."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_package_has_no_import_cycle():
    found = cycles(graph())
    assert not found, f"modules that import each other (directly or round a loop): {found}"


def default_case_fetches(module: str) -> list[str]:
    """Where ``module`` imports the top layer, or calls a function that fetches the series' own case."""
    problems = []
    bound: dict[str, str] = {}  # local name -> "module" or "module.function"
    for line, target, name, local in imports(module):
        if is_top_layer(target) and target != "medialit":
            problems.append(f"{module}:{line} imports {target}{'.' + name if name else ''} (the top layer)")
        bound[local] = f"{target}.{name}" if name else target
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    for node in runtime_nodes(tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Name):
            called = bound.get(function.id, "")
        elif isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name) and function.value.id in bound:
            called = f"{bound[function.value.id]}.{function.attr}"
        else:
            continue
        owner, _, attribute = called.rpartition(".")
        if attribute in DEFAULT_LOADERS.get(owner, ()):
            problems.append(f"{module}:{node.lineno} calls {called}() (fetches the series' own case)")
    return problems


@pytest.mark.parametrize("module", [m for m in MODULES if not is_top_layer(m)])
def test_below_the_top_layer_no_module_fetches_the_default_case(module):
    assert not default_case_fetches(module), "\n".join(default_case_fetches(module)) + "\nPass the case (or its parts) in from the caller."


def test_the_check_sees_a_default_fetch(tmp_path, monkeypatch):
    """The check itself can fail: a module below the top layer that calls data.load_article() is caught."""
    bad = tmp_path / "medialit" / "bad_chart.py"
    bad.parent.mkdir()
    bad.write_text("from . import data as _data\n\ndef chart():\n    return _data.load_article().title\n", encoding="utf-8")
    monkeypatch.setitem(MODULES, "medialit.bad_chart", bad)
    found = default_case_fetches("medialit.bad_chart")
    assert found == ["medialit.bad_chart:1 imports medialit.data (the top layer)", "medialit.bad_chart:4 calls medialit.data.load_article() (fetches the series' own case)"]


def test_every_exception_class_is_in_errors():
    elsewhere = []
    for module, path in MODULES.items():
        if module == "medialit.errors":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(isinstance(base, (ast.Name, ast.Attribute)) and (getattr(base, "id", "") or getattr(base, "attr", "")).endswith(("Error", "Exception")) for base in node.bases):
                if (module, node.name) not in ELSEWHERE_FOR_NOW:
                    elsewhere.append(f"{module}.{node.name}")
    assert not elsewhere, f"exception classes outside medialit/errors.py: {elsewhere}"


def test_no_module_switches_off_the_garbage_collector():
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "gc":
                assert node.attr not in ("disable", "freeze", "set_threshold"), f"{module}:{node.lineno} changes the whole kernel's garbage collector"


def test_the_live_chart_uses_only_public_chart_names():
    for _, target, name, _ in imports("medialit.live_chart"):
        assert not (name or "").startswith("_"), f"medialit.live_chart imports the private name {target}.{name}"
