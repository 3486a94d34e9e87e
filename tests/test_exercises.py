"""Exercises are written once: solutions/ is the source, exercises/ is generated and must never drift or leak.

Also: every reading-track exercise is a cell that only calls ``medialit.ask`` and every data-track one is tagged and
labelled; every solution passes its own checks when executed, every fresh exercise notebook runs with every check
"not answered yet", the README's counts per track are true, and the answers the checks hold agree with the data they
come from (the answer key, the claims table, the hand-labelled signals).
"""

from __future__ import annotations

import argparse
import difflib
import re

import nbformat
import pandas as pd
import pytest

import medialit
from medialit import exercises as gen
from medialit.answer_key import key_for, load_answer_key
from medialit.commands import exercises as command
from medialit.errors import DataFileError
from medialit.answers import normalise as normalise_text
from medialit.exercise_bank import load_exercises, notebook_exercises

from notebooks import ROOT, execute

SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
EXERCISES = ROOT / "exercises"
LESSON_STEMS = [
    "01-who-is-behind-it", "02-claims-and-opinions", "03-tag-the-claims", "04-words-that-signal",
    "05-consistency", "06-find-better-coverage", "07-class-results", "08-your-own-article",
]
CALL = re.compile(r"""(?:check|ask)\(\s*["'](\d\d\.\d+)["']""")
ASK_CELL = re.compile(r"""medialit\.ask\("(\d\d\.\d+)"\)""")
DATA_TAG = "data-track"
RESULT = re.compile(r"medialit-feedback medialit-(\w+)' data-exercise='([\d.]+)'")
WIDGET = "application/vnd.jupyter.widget-view+json"


def _source(notebook) -> str:
    return "\n".join(cell.source for cell in notebook.cells)


# ------------------------------------------------------------------ the generator


def test_strip_code_keeps_the_cell_runnable():
    source = "setup = 1\n    ### BEGIN SOLUTION\n    a, (b, *c) = 1, (2, 3)\n    d: int = 4\n    d += 1\n    print(a)\n    ### END SOLUTION\ncheck('01.1', a)"
    stripped = gen.strip_code_solution(source)
    assert stripped == "setup = 1\n    # YOUR ANSWER HERE\n    a = ...\n    b = ...\n    c = ...\n    d = ...\ncheck('01.1', a)"
    indented = gen.strip_code_solution("if True:\n    ### BEGIN SOLUTION\n    print('x')\n    ### END SOLUTION\n")
    compile(indented, "<cell>", "exec")  # an answer with no assignment leaves a valid block ('pass')
    assert gen.strip_code_solution("no markers here") == "no markers here"


def test_strip_text_replaces_the_model_answer():
    source = "**Your reason:**\n\n### BEGIN SOLUTION\nBecause of the words.\n### END SOLUTION\nAfter."
    assert gen.strip_text_solution(source) == f"**Your reason:**\n\n{gen.TEXT_PROMPT}\nAfter."


def test_hidden_tests_and_autograder_cells_never_reach_the_exercise():
    notebook = nbformat.v4.new_notebook()
    answer = nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 2\n### END SOLUTION\ncheck('01.2', x)", metadata={"nbgrader": {"solution": True, "grade": False, "grade_id": "a"}})
    tests = nbformat.v4.new_code_cell("assert x is not ...\n### BEGIN HIDDEN TESTS\nassert x == 2\n### END HIDDEN TESTS", metadata={"nbgrader": {"grade": True, "solution": False, "grade_id": "t", "points": 1}})
    stray = nbformat.v4.new_code_cell("y = 1\n### BEGIN HIDDEN TESTS\nassert y == 1\n### END HIDDEN TESTS\ny")
    written = nbformat.v4.new_markdown_cell("Why?\n### BEGIN SOLUTION\nBecause.\n### END SOLUTION", metadata={"nbgrader": {"solution": True, "grade": True, "grade_id": "w", "points": 2}})
    notebook.cells = [answer, tests, stray, written]
    exercise = gen.make_exercise(notebook)
    assert [cell.source for cell in exercise.cells] == ["# YOUR ANSWER HERE\nx = ...\ncheck('01.2', x)", "y = 1\ny", f"Why?\n{gen.TEXT_PROMPT}"]
    assert len(notebook.cells) == 4  # the solution is untouched
    with pytest.raises(DataFileError, match="never closed"):
        gen.strip_hidden_tests("### BEGIN HIDDEN TESTS\nassert x", "solutions/09-x.ipynb, cell 3")


@pytest.mark.parametrize("source", ["### BEGIN SOLUTION\nx = 1", "x = 1\n### END SOLUTION", "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "### BEGIN SOLUTION\nif x:\n### END SOLUTION"])
def test_broken_markers_are_reported_with_their_place(source):
    with pytest.raises(DataFileError, match=r"cell 3"):
        gen.strip_code_solution(source, "solutions/09-x.ipynb, cell 3")


def test_make_exercise_clears_outputs_and_keeps_ids_and_metadata():
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    cell = nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 2\n### END SOLUTION\nx", execution_count=3, outputs=[nbformat.v4.new_output("stream", text="2")])
    cell.id = "cell-07"
    notebook.cells.append(cell)
    exercise = gen.make_exercise(notebook)
    assert exercise.cells[0].id == "cell-07" and exercise.cells[0].outputs == [] and exercise.cells[0].execution_count is None
    assert exercise.metadata == notebook.metadata
    assert notebook.cells[0].source.startswith("### BEGIN")  # the solution is untouched


def test_committed_exercises_are_exactly_what_the_solutions_generate(tmp_path):
    gen.generate(ROOT / "solutions", tmp_path)
    fresh = {p.name: p.read_bytes() for p in tmp_path.glob("*.ipynb")}
    committed = {p.name: p.read_bytes() for p in EXERCISES.glob("*.ipynb")}
    assert sorted(fresh) == sorted(committed), "exercises/ and solutions/ hold different notebooks; run `make exercises`"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"{stale} differ from their solutions; run `make exercises` and commit exercises/"


def test_generation_is_idempotent(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    assert len(gen.generate(ROOT / "solutions", first)) == len(SOLUTIONS)
    assert gen.generate(ROOT / "solutions", first) == []  # nothing changes on a second run
    gen.generate(first, second)  # exercises have no markers left, so generating from them changes nothing
    for path in first.glob("*.ipynb"):
        assert (second / path.name).read_bytes() == path.read_bytes()


def test_check_command_reports_drift(tmp_path, capsys):
    out = tmp_path / "exercises"
    args = argparse.Namespace(check=False, solutions=ROOT / "solutions", out=out)
    assert command.run(args) == 0
    args.check = True
    assert command.run(args) == 0
    victim = sorted(out.glob("*.ipynb"))[0]
    victim.write_text(victim.read_text(encoding="utf-8").replace("YOUR ANSWER HERE", "edited by hand"), encoding="utf-8")
    assert command.run(args) == 1
    assert f"{victim.name}: differs" in capsys.readouterr().out


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_no_solution_text_leaks_into_the_exercise(path):
    solution = nbformat.read(path, as_version=4)
    exercise = _source(nbformat.read(EXERCISES / path.name, as_version=4))
    regions = gen.solution_regions(solution, str(path))
    assert regions, f"{path.name} marks no solutions"
    # Every line of an answer is absent, except a bare name shown at the end of a cell (its placeholder stays).
    lines = [line.strip() for region in regions for line in region.lines]
    hidden = [line.strip() for cell in solution.cells for line in cell.source.split("\n") if gen.is_test_cell(cell)]
    leaked = [line for line in lines + hidden if len(line) >= 6 and not line.isidentifier() and line in exercise]
    assert not leaked, f"{path.name}: solution or autograder lines appear in the exercise: {leaked[:3]}"
    for marker in (gen.BEGIN, gen.END, gen.BEGIN_HIDDEN, gen.END_HIDDEN):
        assert marker not in exercise


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_solution_cells_carry_the_metadata_nbgrader_requires(path):
    """nbgrader refuses a solution region in a cell not marked as a solution cell, and (0.9.6) a markdown solution
    cell that is not also a grade cell with points; every data-track exercise has autograder tests, hidden ones too."""
    cells = nbformat.read(path, as_version=4).cells
    marked = [cell for cell in cells if gen.BEGIN in cell.source]
    assert all(cell.metadata.get("nbgrader", {}).get("solution") is True for cell in marked)
    written = [cell for cell in marked if cell.cell_type == "markdown"]
    assert all(cell.metadata["nbgrader"].get("grade") is True and cell.metadata["nbgrader"].get("points", 0) > 0 for cell in written)
    grade_ids = [cell.metadata["nbgrader"]["grade_id"] for cell in cells if "nbgrader" in cell.metadata]
    assert len(set(grade_ids)) == len(grade_ids)
    tests = [cell for cell in cells if gen.is_test_cell(cell)]
    for cell in tests:
        assert cell.metadata["nbgrader"]["locked"] is True and cell.metadata["nbgrader"]["points"] > 0
        visible, _, hidden = cell.source.partition(gen.BEGIN_HIDDEN)
        assert "assert " in visible and "assert " in hidden, f"{path.name}: {cell.metadata['nbgrader']['grade_id']} needs visible and hidden tests"
    data = [item.id for item in notebook_exercises(path.name[:2]) if not item.is_reading]
    tested = [re.search(r"Autograder tests for (\d\d\.\d+)", cell.source).group(1) for cell in tests]
    assert tested == data, f"{path.name}: autograder tests for {tested}, data-track exercises {data}"
    unmarked = [cell for cell in cells if gen.BEGIN not in cell.source and "nbgrader" in cell.metadata and not gen.is_test_cell(cell)]
    assert not unmarked


# ------------------------------------------------------------------ the set of exercises


def test_every_lesson_has_a_solution_notebook_with_at_least_three_exercises():
    assert [p.stem for p in SOLUTIONS] == LESSON_STEMS
    for stem in LESSON_STEMS:
        assert len(notebook_exercises(stem[:2])) >= 3, stem
    assert len(load_exercises()) >= 30
    kinds = {item.kind for item in load_exercises().values()}
    assert {"choice", "level", "set", "number", "mapping", "chart", "rubric", "text"} <= kinds
    for stem in LESSON_STEMS:  # nbgrader validate fails a blank notebook only if it has an autograded exercise
        assert any(not item.is_reading for item in notebook_exercises(stem[:2])), f"{stem} has no data-track exercise"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_each_exercise_has_its_cell_in_its_notebook(path):
    notebook = nbformat.read(path, as_version=4)
    called = CALL.findall(_source(notebook))
    expected = [item.id for item in notebook_exercises(path.name[:2])]
    assert called == expected, f"{path.name} calls {called}, data/exercises.toml lists {expected}"
    for item in notebook_exercises(path.name[:2]):
        if item.has_rubric:
            assert [grade for grade, _ in item.rubric()] == ["Proficient", "Emergent", "Basic"]
    first, last = notebook.cells[0], notebook.cells[-1]
    assert first.cell_type == "markdown" and first.source.startswith("# Exercises ") and "Time:" in first.source
    assert last.source.strip() == f'medialit.feedback.summary("{path.name[:2]}")'
    for item in notebook_exercises(path.name[:2]):  # each exercise is numbered in a heading learners can see
        assert re.search(rf"^##+ {re.escape(item.id)} ", _source(notebook), flags=re.M), item.id


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_reading_cells_only_ask_and_data_cells_are_tagged_and_labelled(path):
    """The reading track is Shift+Enter only; the data track is marked in metadata and in words, and comes after it,
    so no reading exercise can depend on a data-track cell."""
    cells = nbformat.read(path, as_version=4).cells
    items = notebook_exercises(path.name[:2])
    reading = {item.id for item in items if item.is_reading}
    asked = [ASK_CELL.fullmatch(cell.source.strip()) for cell in cells if cell.cell_type == "code" and "ask(" in cell.source]
    assert all(asked) and sorted(m.group(1) for m in asked) == sorted(reading), "a reading-track cell only calls medialit.ask(\"NN.k\")"
    tagged = [DATA_TAG in cell.metadata.get("tags", []) for cell in cells]
    first_data = tagged.index(True)
    assert all(tagged[first_data:-2]) and not any(tagged[:first_data]) and not any(tagged[-2:]), "the data track is one tagged block before the summary"
    assert cells[first_data].source.startswith("## Data track (optional)")
    checked = CALL.findall("\n".join(cell.source for cell, is_data in zip(cells, tagged) if is_data))
    assert checked == [item.id for item in items if not item.is_reading]
    assert "Data track (optional)" in cells[0].source and all(i in cells[0].source for i in reading)


def test_the_readme_counts_the_exercises_per_track():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())  # line breaks read as spaces
    items = [item for item in load_exercises().values() if not item.in_lesson]  # lesson activities are not exercises
    reading, data = sum(item.is_reading for item in items), sum(not item.is_reading for item in items)
    assert f"{len(items)} exercises: {reading} on the reading track and {data} on the data track" in readme


def _statuses(notebook) -> dict[str, str]:
    found = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            for status, ident in RESULT.findall(output.get("data", {}).get("text/html", "")):
                found[ident] = status
    return found


def _widgets(notebook) -> list[str]:
    """The IDs of the exercises whose ask() cell displayed a widget."""
    shown = []
    for cell in notebook.cells:
        match = ASK_CELL.fullmatch(cell.source.strip())
        if match and any(WIDGET in output.get("data", {}) for output in cell.get("outputs", [])):
            shown.append(match.group(1))
    return shown


@pytest.mark.notebook
@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_solution_passes_every_one_of_its_checks(path):
    notebook = execute(path)
    statuses = _statuses(notebook)
    items = notebook_exercises(path.name[:2])
    for item in items:
        if not item.is_reading:
            assert statuses.get(item.id) == "correct", f"{path.name}: {item.id} reports {statuses.get(item.id)}"
    assert _widgets(notebook) == [item.id for item in items if item.is_reading]
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, "the autograder tests pass on the worked answers"
    data = sum(not item.is_reading for item in items)
    assert f"{data} of {len(items)} done" in notebook.cells[-1].outputs[0]["data"]["text/plain"]


@pytest.mark.notebook
@pytest.mark.parametrize("path", sorted(EXERCISES.glob("*.ipynb")), ids=lambda p: p.name)
def test_fresh_exercise_notebook_runs_with_every_check_not_answered(path):
    notebook = execute(path)
    statuses = _statuses(notebook)
    items = notebook_exercises(path.name[:2])
    assert sorted(statuses) == sorted(item.id for item in items if not item.is_reading)
    assert set(statuses.values()) == {"unanswered"}
    assert _widgets(notebook) == [item.id for item in items if item.is_reading]
    summary = notebook.cells[-1].outputs[0]["data"]["text/plain"]
    assert f"0 of {len(items)} done" in summary and "Left to do" in summary


# ------------------------------------------------------------------ the answers agree with the data


def test_level_answers_are_the_answer_keys():
    taxonomy = medialit.load_taxonomy()
    levels = [item for item in load_exercises().values() if item.kind == "level" and "claim" in item.spec]
    assert len(levels) >= 5
    for item in levels:
        entry = key_for(item.spec["claim"])
        if item.spec.get("gate"):
            right = "not a claim" if entry.level == "not_a_claim" else "claim"
            assert medialit.check(item.id, right).correct
            assert set(entry.acceptable) <= {"not_a_claim"} or entry.level != "not_a_claim"
            continue
        for level in entry.acceptable:  # every defensible level is taken, by key or by label
            assert medialit.check(item.id, level).correct
            assert medialit.check(item.id, taxonomy[level].label.upper()).correct
        for level in set(taxonomy.keys) - entry.acceptable:
            assert not medialit.check(item.id, level).correct
    assert any(key_for(i.spec["claim"]).is_debatable for i in levels), "practise at least one debatable claim"


def _spec(ident):
    return load_exercises()[ident].spec


def test_counted_answers_agree_with_the_claims_table_and_key():
    claims, key = medialit.data.load("claims"), load_answer_key()
    keyed = claims.merge(key, on="claim_id")
    assert _spec("01.2")["answer"] == (claims["kind"] == "bio").sum()
    should = claims.loc[claims["text"].str.contains(r"\bshould\b", case=False), "claim_id"].tolist()
    assert _spec("02.6")["answer"] == should
    assert _spec("02.4")["options"] == should
    assert _spec("02.4")["answer"] == [c for c in should if key_for(c).level != "not_a_claim"]
    recommending = [c for c in _spec("02.3")["options"] if key_for(c).reason.startswith("A recommendation")]
    assert _spec("02.3")["answer"] == recommending and set(recommending) < set(should)
    el_paso = keyed[keyed["section"].str.contains("El Paso")]["level"].value_counts().to_dict()
    assert _spec("03.4")["answer"] == el_paso
    assert sorted(_spec("03.5")["heights"]) == sorted(key["level"].value_counts().tolist())
    assert _spec("03.5")["bars"] == key["level"].nunique()
    hedged = claims.loc[claims["text"].str.contains(r"\b(?:alleged|assumed|suspected)\b", case=False), "claim_id"].tolist()
    assert _spec("04.3")["answer"] == hedged and set(hedged) <= set(_spec("04.3")["options"])
    assert _spec("04.4")["answer"] == pytest.approx(key["signals"].str.contains("hedge").mean(), abs=0.005)


def test_signal_answers_agree_with_the_hand_labelled_signals():
    text, claims = medialit.data.load("article"), medialit.data.load("claims").set_index("claim_id")
    gold = pd.read_csv(medialit.data.path("signals_gold.csv"), keep_default_na=False)
    c014 = claims.loc["C014"]
    inside = gold[(gold["start"] >= c014["start"]) & (gold["end"] <= c014["end"]) & (gold["category"] == "hedge")]
    assert sorted(inside["text"].str.lower()) == sorted(_spec("04.1")["answer"])
    starts = claims.loc[claims["kind"] == "sentence", "start"]
    opened = gold[(gold["category"] == "booster") & gold["start"].isin(set(starts))]["start"]
    assert sorted(starts[starts.isin(set(opened))].index) == sorted(_spec("04.2")["answer"])
    assert set(_spec("04.2")["options"]) <= set(starts.index), "every option is a sentence"
    assert all(text[s:e] == t for s, e, t in gold[["start", "end", "text"]].itertuples(index=False))


def test_repeated_sentences_answer_agrees_with_the_text():
    claims = medialit.data.load("claims")
    section2 = claims[(claims["section_no"] == 2) & (claims["kind"] == "sentence")]["text"]
    section3 = claims[(claims["section_no"] == 3) & (claims["kind"] == "sentence")]
    repeated = [
        row.claim_id for row in section3.itertuples()
        if max(difflib.SequenceMatcher(None, row.text.lower(), other.lower()).ratio() for other in section2) >= 0.7
    ]
    assert _spec("05.4")["answer"] == repeated


def test_specifics_answer_agrees_with_the_signal_counts():
    from medialit.signals import signals_per_section

    per_section = signals_per_section(medialit.data.load("claims"))
    thinnest = (per_section["specific"] / per_section["claims"]).idxmin()
    assert normalise_text(thinnest) in {normalise_text(a) for a in _spec("04.6")["accept"]}
    assert medialit.check("04.6", thinnest).correct


def test_sample_class_answer_agrees_with_the_committed_submissions():
    from medialit.answer_key import acceptable_levels
    from medialit.classroom import merge_submissions

    tags, _ = merge_submissions(medialit.data.path("sample_class"))
    first = tags[tags["pass"] == "first"]
    share = sum(level in acceptable_levels(c) for c, level in zip(first["claim_id"], first["level"])) / len(first)
    assert _spec("07.6")["answer"] == pytest.approx(share, abs=0.005)
