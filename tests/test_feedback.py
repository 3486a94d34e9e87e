"""medialit.check: forgiving about form, strict about substance, never raising on an answer, never giving it away."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import medialit
from medialit import feedback
from medialit.answer_key import key_for
from medialit.answers import normalise
from medialit.errors import DataFileError
from medialit.exercise_bank import UnknownExerciseError, load_exercises

EXERCISES = load_exercises()
IDS = list(EXERCISES)


@pytest.fixture(autouse=True)
def fresh_session():
    feedback.reset()
    yield
    feedback.reset()


@pytest.mark.parametrize("ident", IDS)
@pytest.mark.parametrize("blank", [None, ..., "", "   \n", [], {}, set(), pd.Series(dtype=object), pd.DataFrame(), "YOUR ANSWER HERE"], ids=repr)
def test_an_unanswered_exercise_never_raises(ident, blank):
    result = medialit.check(ident, blank)
    assert result.status == "unanswered" and not result.correct and not result.done
    assert "Not answered yet" in str(result) and "Not answered yet" in result._repr_html_()
    assert not result.hint and not result.explanation  # nothing given away before an attempt


@pytest.mark.parametrize("ident", IDS)
@pytest.mark.parametrize("odd", [42, -1.5, True, "nonsense", ["x", 3], {"a": 1}, object(), np.int64(7), pd.DataFrame({"a": [1]}), float("nan")], ids=repr)
def test_an_odd_answer_gets_feedback_not_an_exception(ident, odd):
    result = medialit.check(ident, odd)
    assert result.status in ("not_yet", "answered", "correct")
    assert str(result) and result._repr_html_()


def test_an_unknown_exercise_is_named():
    with pytest.raises(UnknownExerciseError, match="'99.9'"):
        medialit.check("99.9", "x")


# ------------------------------------------------------------------ reasonable variants, each beside a near miss
# Every answer a check accepts is paired with a near miss it must reject, so a check that accepted anything (or
# everything of the right type) would fail here: these tests can catch a false positive, not only a false negative.

SHARE = EXERCISES["04.4"].spec["answer"]  # a share with a tolerance of 0.005, percentages allowed (0.246 today)
EL_PASO = {"not_a_claim": 1, "vague_attribution": 2, "bare_assertion": 7}
HEDGED = ["C063", "C067", "C071", "C073", "C078"]

PAIRS = [  # (exercise, an answer taken, a near miss that is not)
    # choice: any case, spacing and end punctuation; a list of one is a choice
    ("01.1", "An opinion piece", "A news report"),
    ("01.1", "  AN OPINION   piece. ", "an opinion pieces"),
    ("01.1", ["an opinion piece"], ["an opinion piece", "a news report"]),
    # short text: the accepted names in any case, with curly quotes and end punctuation
    ("01.4", "the FBI", "the CIA"),
    ("01.4", "  federal BUREAU of investigation. ", "Federal Bureau of Prisons"),
    ("01.4", "“FBI”", "“FBA”"),
    ("01.4", "the FBI’s website", "the DHS website"),
    # numbers: a tolerance of 0.005, a percentage, text, numpy and pandas scalars
    ("04.4", SHARE, SHARE + 0.01),
    ("04.4", SHARE + 0.0049, SHARE + 0.0062),
    ("04.4", SHARE - 0.0049, SHARE - 0.0062),
    ("04.4", str(SHARE), str(round(SHARE + 0.01, 3))),
    ("04.4", f"{SHARE * 100:g}%", f"{SHARE * 100 + 1:g}%"),
    ("04.4", SHARE * 100, SHARE * 100 + 1),
    ("04.4", np.float64(SHARE), np.float64(SHARE / 2)),
    ("04.4", pd.Series([SHARE, SHARE]).mean(), pd.Series([SHARE, 0.0]).mean()),
    ("01.2", 6, 7),
    ("01.2", "6", "6.5"),
    ("01.2", np.int64(6), np.int64(5)),
    # sets: any order, case, separator and repeats, but every item and nothing more
    ("04.1", ["potentially", "may"], ["potentially", "maybe"]),
    ("04.1", ("MAY", "Potentially"), ("MAY",)),
    ("04.1", {"may", "potentially"}, {"may", "potentially", "concerns"}),
    ("04.1", "may, potentially", "may potentially"),
    ("04.1", "Potentially; may.", "Potentially; might."),
    ("04.1", pd.Series(["may", "potentially"]), pd.Series(["may", "potential"])),
    ("04.1", ["may", "may", "potentially"], ["may", "may"]),
    # claim IDs in any reasonable form
    ("04.3", HEDGED, HEDGED[:-1] + ["C079"]),
    ("04.3", ["c78", "63", "C067", "c071", "73"], ["c78", "63", "C067", "c071", "74"]),
    ("04.3", ", ".join(HEDGED), ", ".join(HEDGED[:-1])),
    ("05.1", ["C017"], ["C017", "C019"]),
    ("05.1", "c17", "c18"),
    # mappings: a Series or a dict, any order and key case, numbers as floats
    ("03.4", pd.Series(EL_PASO), pd.Series({**EL_PASO, "bare_assertion": 6})),
    ("03.4", {"Bare_Assertion": 7.0, "vague_attribution": 2, "not_a_claim": 1}, {"Bare_Assertion": 7.0, "vague_attribution": 2}),
    ("03.4", EL_PASO, {**EL_PASO, "named_source": 0}),
    # levels: key or label, any case, spaces or hyphens; the gate reads claim / not a claim
    ("03.1", "vague attribution", "vague attributions"),
    ("03.1", "Vague-Attribution", "Named-Source"),
    ("03.1", "VAGUE ATTRIBUTION", "bare assertion"),
    ("02.1", "Not a claim", "claim"),
    ("02.2", "a factual claim", "not a factual claim"),
    ("06.2", "primary record", "named source"),
    ("06.2", "Traceable to a primary record", "Corroborated"),
]


@pytest.mark.parametrize("ident, accepted, near_miss", PAIRS, ids=[f"{p[0]}-{i}" for i, p in enumerate(PAIRS)])
def test_a_reasonable_variant_is_taken_and_its_near_miss_is_not(ident, accepted, near_miss):
    assert medialit.check(ident, accepted).correct, f"{ident}: {accepted!r} should be taken"
    missed = medialit.check(ident, near_miss)
    assert missed.status == "not_yet" and not missed.correct, f"{ident}: {near_miss!r} should be 'not yet'"
    assert missed.hint and not missed.explanation


def test_every_kind_with_a_check_has_a_pair():
    kinds = {EXERCISES[ident].kind for ident, _, _ in PAIRS}
    assert kinds == {"choice", "text", "number", "set", "mapping", "level"}  # charts and rubrics are tested below


def test_levels_take_level_objects():
    taxonomy = medialit.load_taxonomy()
    assert medialit.check("03.1", taxonomy["vague_attribution"]).correct
    assert not medialit.check("03.1", taxonomy["named_source"]).correct


def test_mapping_remarks_name_what_is_missing_and_wrong():
    wrong = medialit.check("03.4", {"bare_assertion": 6, "vague_attribution": 2})
    assert wrong.status == "not_yet"
    assert any("missing" in remark for remark in wrong.remarks) and any("bare_assertion" in remark for remark in wrong.remarks)


def test_a_chart_needs_its_bars_and_plain_words():
    heights = list(reversed(EXERCISES["03.5"].spec["heights"]))  # any order: [6, 22, 37] today
    names = "abcdefg"[: len(heights)]
    fig, ax = plt.subplots()
    bars = ax.bar(list(names), heights)
    assert medialit.check("03.5", ax).status == "not_yet"  # no title or labels yet
    ax.set_title("Levels"), ax.set_xlabel("Level"), ax.set_ylabel("Statements")
    assert medialit.check("03.5", ax).correct
    assert medialit.check("03.5", fig).correct  # the figure works too
    bars[0].set_height(3)
    _, ax2 = plt.subplots()
    ax2.bar(list(names), [1] * len(heights))
    ax2.set_title("t"), ax2.set_xlabel("x"), ax2.set_ylabel("y")
    assert "sizes" in str(medialit.check("03.5", ax2))
    plt.close("all")


def test_a_debatable_claim_takes_every_defensible_level_and_explains_the_key():
    entry = key_for("C057")
    assert entry.is_debatable and len(entry.acceptable) >= 2
    for level in entry.acceptable:
        result = medialit.check("03.3", level)
        assert result.correct
        assert entry.reason in result.explanation and "debatable" in result.explanation
        assert "also accepts" in result.explanation
    assert not medialit.check("03.3", "vague_attribution").correct  # the near miss: a level the key does not take


def test_the_gate_says_what_it_takes():
    assert "claim' or 'not a claim" in str(medialit.check("02.1", "maybe"))


# ------------------------------------------------------------------ hints never give the answer


def _answers(item) -> list[str]:
    taxonomy = medialit.load_taxonomy()
    spec = item.spec
    if item.kind == "choice":
        return [spec["answer"]]
    if item.kind == "level" and "answer" in spec:
        return [word for level in [spec["answer"]] for word in (level, level.replace("_", " "), taxonomy[level].label)]
    if item.kind == "level":
        entry = key_for(spec["claim"])
        if spec.get("gate"):
            return ["not a claim"] if entry.level == "not_a_claim" else []
        return [word for level in entry.acceptable for word in (level, level.replace("_", " "), taxonomy[level].label)]
    if item.kind == "text":
        return [a for a in spec["accept"] if len(a) > 3]
    if item.kind == "set":
        return [str(a) for a in spec["answer"]]
    if item.kind == "number":
        value = spec["answer"]
        return [f"{value:g}", f"{value * 100:g}%"] if spec.get("percent") else [f"{value:g}"]
    if item.kind == "mapping":
        return [str(v) for v in spec["answer"].values() if isinstance(v, str)]
    return []


def _wrong(item):
    taxonomy = medialit.load_taxonomy()
    if item.kind == "choice":
        return next(option for option in item.option_values() if option != item.spec["answer"])
    if item.kind == "level" and "answer" in item.spec:
        return next(k for k in taxonomy.keys if k != item.spec["answer"])
    if item.kind == "level":
        if item.spec.get("gate"):
            return "claim" if key_for(item.spec["claim"]).level == "not_a_claim" else "not a claim"
        return next(k for k in taxonomy.keys if k not in key_for(item.spec["claim"]).acceptable)
    return {"text": "zzz", "number": 123456, "set": ["zzz"], "mapping": {"zzz": 1}, "chart": [1], "rubric": "too short"}[item.kind]


@pytest.mark.parametrize("ident", IDS)
def test_a_wrong_answer_gets_a_hint_that_does_not_contain_the_answer(ident):
    item = EXERCISES[ident]
    result = medialit.check(ident, _wrong(item))
    assert result.status == "not_yet" and result.hint
    said = normalise(" ".join([result.hint, *result.remarks]))
    for answer in _answers(item):
        assert not re.search(rf"(?<![\w.]){re.escape(normalise(answer))}(?![\w%])", said), f"{ident}: the hint gives away {answer!r}"
    assert not result.explanation, "the explanation comes after a right answer"


# ------------------------------------------------------------------ what the learner sees


def test_learner_text_is_escaped_in_the_html():
    nasty = "<script>alert('x')</script>"
    for ident, answer in [("01.1", nasty), ("04.1", [nasty, "may"]), ("03.4", {nasty: 1}), ("03.1", nasty), ("01.5", nasty * 10)]:
        page = medialit.check(ident, answer)._repr_html_()
        assert "<script" not in page
        if ident in ("04.1", "03.4", "03.1"):  # these quote the learner's answer back
            assert "&lt;script&gt;" in page


def test_results_have_a_text_equivalent_and_a_status_role():
    result = medialit.check("04.1", ["may"])
    assert str(result).startswith("✗ Not yet — 04.1") and repr(result) == str(result)
    assert "role='status'" in result._repr_html_() and "Not yet" in result._repr_html_()
    assert "Hint:" in str(result)


WHO = ("This is an opinion piece by Erfan Fard; his bio names universities and a book I could search for to verify his expertise "
       "from outside sources. The bio gives no employer, so that part rests on his word alone.")
OFF_TOPIC = ("Yesterday my cousin baked a tall chocolate cake for the family picnic near the river. We played football until "
             "sunset, then walked home slowly while the dogs chased birds across wet green fields and everybody laughed loudly.")


def test_a_written_answer_shows_the_rubric_and_the_ideas_it_touches():
    result = medialit.check("01.5", WHO)
    assert result.status == "answered" and result.done and not result.correct
    assert [grade for grade, _ in result.rubric] == ["Proficient", "Emergent", "Basic"]
    assert "says what kind of piece it is" in result.ideas_found
    short = medialit.check("01.5", "It is opinion.")
    assert short.status == "not_yet" and "at least" in str(short)


@pytest.mark.parametrize("nonsense, why", [
    ("banana " * 40, "repeats itself"),                                     # forty words of banana
    ("banana " * 39 + "opinion", "repeats itself"),                         # ... with one cue word in it
    (" ".join([WHO] * 6), "repeats itself"),                                # a good answer pasted six times
    (OFF_TOPIC, "does not speak to this question"),                         # real prose, on something else
], ids=["bananas", "bananas-and-a-cue", "pasted-six-times", "off-topic"])
def test_prose_that_is_not_an_answer_is_not_counted_as_answered(nonsense, why):
    result = medialit.check("01.5", nonsense)
    assert result.status == "not_yet" and not result.done and why in str(result) and result.hint
    assert not result.rubric, "the rubric is for an answer to grade"


def test_the_same_prose_on_the_question_is_answered():
    """The near miss of the test above: the off-topic prose plus one sentence on the question is an answer."""
    assert medialit.check("01.5", OFF_TOPIC + " The author Erfan Fard wrote an opinion piece.").status == "answered"
    assert medialit.check("01.5", " ".join([WHO] * 2)).status == "answered"  # saying it twice is still prose


def test_summary_lists_what_is_done_and_what_is_left():
    ids = [item.id for item in load_exercises().values() if item.notebook == "01"]
    first = feedback.summary("01")
    assert first.done == [] and first.left == ids
    assert f"0 of {len(ids)} done" in str(first) and "Not checked yet" in str(first)
    medialit.check("01.1", "an opinion piece")
    medialit.check("01.2", 5)
    medialit.check("01.3", None)
    later = feedback.summary(1)
    assert later.done == ["01.1"] and f"1 of {len(ids)} done" in str(later)
    assert "Left to do: " + ", ".join(ids[1:]) in str(later)
    page = later._repr_html_()
    assert "<caption>" in page and "scope='col'" in page and "✓ done" in page
    medialit.check("01.2", 6)  # a later check replaces the earlier one
    assert feedback.summary("01").done == ["01.1", "01.2"]
    assert set(feedback.results()) == {"01.1", "01.2", "01.3"}


def test_evaluate_gives_the_verdict_and_saves_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path))
    result = feedback.evaluate("01.2", 6)
    assert result.correct and feedback.results() == {}
    assert list(tmp_path.iterdir()) == []
    medialit.check("01.2", 6)  # check, by contrast, remembers and saves
    assert "01.2" in feedback.results() and (tmp_path / "exercises" / "progress.json").exists()


def test_a_broken_exercises_file_is_reported_with_its_place(tmp_path, monkeypatch):
    for name in ("article.txt", "article.json", "claims.csv", "taxonomy.csv"):
        (tmp_path / name).write_bytes(medialit.data.path(name).read_bytes())
    monkeypatch.setenv("MEDIALIT_DATA_DIR", str(tmp_path))
    (tmp_path / "exercises.toml").write_text('[[exercise]]\nid = "1.2"\ntitle = "t"\nkind = "text"\nhint = "h"\naccept = ["a"]\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"'id' must look like '04.2'"):
        load_exercises()
    (tmp_path / "exercises.toml").write_text('[[exercise]]\nid = "01.1"\ntitle = "t"\nkind = "guess"\nhint = "h"\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"exercise '01.1'.*'kind' must be one of"):
        load_exercises()
    (tmp_path / "exercises.toml").write_text('[[exercise]]\nid = "01.1"\ntitle = "t"\nkind = "number"\nhint = "h"\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"needs 'answer'"):
        load_exercises()
    (tmp_path / "exercises.toml").write_text("[[exercise]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="not valid TOML"):
        load_exercises()


@pytest.mark.parametrize("table, problem", [
    ('kind = "choice"\nquestion = "q"\noptions = ["a", "b"]\nanswer = "c"', r"the answer \['c'\] is not among the 'options'"),
    ('kind = "set"\nquestion = "q"\nanswer = ["a"]', r"reading-track 'set' exercise has no control"),
    ('kind = "mapping"\nquestion = "q"\nanswer = {a = 1}', r"reading-track 'mapping' exercise has no control"),
    ('kind = "text"\naccept = ["a"]', r"needs 'question'"),
    ('kind = "level"\nquestion = "q"', r"either 'claim' .* or 'answer'"),
    ('kind = "text"\ntrack = "maths"\naccept = ["a"]', r"'track' must be one of"),
    ('kind = "set"\nquestion = "q"\noptions = ["C003"]\nanswer = ["C003"]\narticle = "zoo"', r"'article' names 'zoo'"),
])
def test_an_exercise_no_learner_could_answer_is_refused_with_its_place(data_copy, table, problem):
    (data_copy / "exercises.toml").write_text(f'[[exercise]]\nid = "01.1"\ntitle = "t"\nhint = "h"\n{table}\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"exercise '01.1'.*{problem}"):
        load_exercises()
