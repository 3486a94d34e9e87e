"""TaggingSession: one learner's tags, undo/redo, progress, filters and the two passes, with no Jupyter at all."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import medialit
from medialit import progress, tagfile
from medialit.article import STRUCTURE_KINDS, Article
from medialit.errors import InvalidTextError, UnknownClaimError, UnknownLevelError
from medialit.session import NotTaggableError, NotTaggedError, Progress, TaggingSession
from medialit.tagfile import MAX_NOTE, text_problem

ARTICLE = medialit.load_article()
TAXONOMY = medialit.load_taxonomy()
SENTENCES = [c.claim_id for c in ARTICLE.records() if c.kind not in STRUCTURE_KINDS]
STRUCTURE = [c.claim_id for c in ARTICLE.records() if c.kind in STRUCTURE_KINDS]


@pytest.fixture
def session() -> TaggingSession:
    return TaggingSession(ARTICLE, TAXONOMY, learner="Ana")


def test_a_new_session_knows_its_article_and_has_no_tags(session):
    assert session.title == ARTICLE.title
    assert session.sha256 == medialit.data.ARTICLE_SHA256
    assert session.progress() == Progress(0, len(SENTENCES))
    assert session.to_frame().empty
    assert not session.can_undo and not session.can_redo


def test_a_session_is_given_its_case():
    case = medialit.load_case()
    from_case = TaggingSession(case)
    assert from_case.case is case and from_case.case_id == medialit.data.DEFAULT_CASE and from_case.taxonomy is case.taxonomy
    assert TaggingSession(ARTICLE).case_id == medialit.data.DEFAULT_CASE, "an article read from a pack keeps its case id"
    own = TaggingSession(medialit.Article.from_text("My Own\nThe mayor resigned."))
    assert own.taxonomy.keys == TAXONOMY.keys and own.case.key is None, "an article alone: the series' levels, no key"
    with pytest.raises(TypeError, match=r"needs the case to tag: TaggingSession\(medialit.load_case\(\)\)"):
        TaggingSession()  # type: ignore[call-arg]


def test_level_names_resolve_by_key_label_or_level(session):
    session.tag("C004", "Named source, not yet checked".upper())
    session.tag("C005", TAXONOMY["corroborated"])
    assert session.level_of("C004") == "named_source" and session.level_of("C005") == "corroborated"
    for blank in (None, "", "  ", ...):
        with pytest.raises(UnknownLevelError):
            session.tag("C006", blank)


def test_tag_sets_one_level_with_note_and_time(session):
    session.tag("C004", "bare_assertion", note="only the author says so")
    frame = session.to_frame()
    assert frame[["claim_id", "level", "note"]].values.tolist() == [["C004", "bare_assertion", "only the author says so"]]
    assert frame.loc[0, "label"] == TAXONOMY["bare_assertion"].label and frame.loc[0, "rank"] == 2
    assert frame.loc[0, "tagged_at"].startswith("20")
    session.tag("C004", "named_source")  # retagging replaces: one level per claim
    assert session.level_of("C004") == "named_source"
    assert session.note_of("C004") == "only the author says so", "note=None keeps the note"
    assert len(session.to_frame()) == 1


def test_tag_accepts_an_evidence_level_object(session):
    session.tag("C005", TAXONOMY["corroborated"])
    assert session.level_of("C005") == "corroborated"


def test_unknown_claims_and_levels_are_refused_with_clear_errors(session):
    with pytest.raises(UnknownClaimError, match="C999"):
        session.tag("C999", "bare_assertion")
    with pytest.raises(UnknownLevelError, match="maybe"):
        session.tag("C004", "maybe")
    with pytest.raises(NotTaggableError, match="heading"):
        session.tag("C003", "bare_assertion")
    assert session.progress().tagged == 0 and not session.can_undo


def test_structure_is_excluded_unless_asked_for():
    assert set(STRUCTURE).isdisjoint(TaggingSession(ARTICLE, TAXONOMY).claim_ids())
    everything = TaggingSession(ARTICLE, TAXONOMY, include_structure=True)
    assert everything.claim_ids() == ARTICLE.claim_ids
    everything.tag("C003", "not_a_claim")
    assert everything.progress().total == len(ARTICLE.claim_ids)


def test_clear_and_set_note(session):
    with pytest.raises(NotTaggedError, match="C004"):
        session.set_note("C004", "why")
    session.tag("C004", "vague_attribution")
    session.set_note("C004", "who is quoted?")
    assert session.note_of("C004") == "who is quoted?"
    session.clear("C004")
    assert session.level_of("C004") is None and session.note_of("C004") == ""
    session.clear("C004")  # clearing an untagged claim is harmless


def work(session: TaggingSession) -> dict:
    """A learner's work in both passes: claim -> (level, note). Undo puts these back (and stamps a new time)."""
    return {p.name: {c: (t.level, t.note) for c, t in p.tags().items()} for p in session.passes}


def test_undo_and_redo_restore_levels_and_notes(session):
    states = [work(session)]
    session.tag("C004", "bare_assertion", note="a")
    states.append(work(session))
    session.set_note("C004", "b")
    states.append(work(session))
    session.clear("C004")
    assert session.undo() and work(session) == states[2]
    assert session.undo() and work(session) == states[1]
    assert session.undo() and work(session) == states[0]
    assert session.undo() is None
    assert session.redo() and work(session) == states[1]
    session.tag("C005", "named_source")  # a new change forgets what could be redone
    assert not session.can_redo


def test_undo_and_redo_say_which_claim_they_changed(session):
    session.tag("C004", "bare_assertion")
    session.lateral.tag("C011", "contradicted", note="checked")
    undone = session.undo()
    assert (undone.pass_, undone.claim_id, undone.old, undone.new.level) == ("lateral", "C011", None, "contradicted")
    assert session.undo().claim_id == "C004"
    redone = session.redo()
    assert (redone.pass_, redone.claim_id) == ("first", "C004") and session.level_of("C004") == "bare_assertion"


def test_no_op_changes_leave_no_undo_step(session):
    session.tag("C004", "bare_assertion", note="x")
    session.tag("C004", "bare_assertion", note="x")
    session.set_note("C004", "x")
    assert session.undo() and not session.can_undo


def test_progress_per_section_and_filters(session):
    intro = session.claim_ids("Introduction")
    assert intro == ["C004", "C005", "C006", "C007", "C008", "C009"]
    session.tag("C004", "bare_assertion")
    session.tag("C011", "vague_attribution")
    assert str(session.progress("Introduction")) == f"1 of {len(intro)} tagged"
    assert session.progress() == Progress(2, len(SENTENCES))
    table = session.progress_table()
    assert table["section"].tolist() == session.sections
    assert table["total"].sum() == len(SENTENCES) and table["tagged"].sum() == 2
    assert "C004" not in session.claim_ids("Introduction", untagged=True)
    with pytest.raises(ValueError, match="section"):
        session.claim_ids("No such section")


def test_navigation(session):
    assert session.next_claim(None) == SENTENCES[0]
    assert session.next_claim("C009") == "C011", "headings and list labels are skipped"
    assert session.next_claim("C004", step=-1) is None
    assert session.next_claim("C004", step=-1, wrap=True) == SENTENCES[-1]
    session.tag("C005", "bare_assertion")
    assert session.next_claim("C004", untagged=True) == "C006"
    assert session.next_claim("C009", section="Introduction") is None
    assert session.next_claim("C009", section="Introduction", wrap=True) == "C004"
    for claim_id in session.claim_ids("Conclusion"):
        session.tag(claim_id, "not_a_claim")
    assert session.next_claim(None, section="Conclusion", untagged=True) is None


def test_context_gives_the_neighbouring_units(session):
    before, after = session.context("C005")
    assert before == ARTICLE.claim("C004").text and after == ARTICLE.claim("C006").text
    assert session.context("C004")[0] is None, "a heading is not context: it is shown as the section"


def test_lateral_pass_is_kept_apart_and_compared(session):
    session.tag("C011", "vague_attribution")
    session.tag("C012", "bare_assertion")
    session.tag("C013", "not_a_claim")
    session.lateral.tag("C011", "contradicted", note="checked")
    session.lateral.tag("C012", "corroborated")
    session.lateral.tag("C013", "not_a_claim")
    session.lateral.tag("C014", "named_source")
    assert session.level_of("C011") == "vague_attribution" and session.lateral.level_of("C011") == "contradicted"
    assert session.progress().tagged == 3 and session.lateral.progress().tagged == 4
    compared = session.compare_passes().set_index("claim_id")["change"].to_dict()
    assert compared == {"C011": "down", "C012": "up", "C013": "unchanged", "C014": "not comparable"}
    assert session.undo() and session.lateral.level_of("C014") is None, "undo covers the lateral pass too"
    with pytest.raises(ValueError, match=r"'pass_' must be one of \['first', 'lateral'\] \(got 'third'\)"):
        session.pass_named("third")
    assert session.pass_named("lateral") is session.lateral and session.passes == (session.first, session.lateral)


def test_the_passes_are_objects_and_the_session_acts_on_the_first(session):
    session.first.tag("C004", "bare_assertion", note="only his word")
    session.lateral.tag("C004", "corroborated")
    assert session.level_of("C004") == session.first.level_of("C004") == "bare_assertion"
    assert session.note_of("C004") == "only his word" and session.lateral.note_of("C004") == ""
    assert session.lateral.to_frame()["level"].tolist() == ["corroborated"]
    assert session.lateral.claim_ids(untagged=True) == [c for c in SENTENCES if c != "C004"]
    assert session.lateral.next_claim(None, untagged=True) == [c for c in SENTENCES if c != "C004"][0]
    session.lateral.set_note("C004", "two sources agree")
    session.lateral.clear("C004")
    assert session.lateral.tags() == {} and session.tags().keys() == {"C004"}
    assert session.lateral.progress_table()["tagged"].sum() == 0 and session.progress_table()["tagged"].sum() == 1


def test_listeners_hear_every_change_undo_and_redo(session):
    heard = []
    session.on_change(lambda s: heard.append(s.progress().tagged))
    session.tag("C004", "bare_assertion")
    session.undo()
    session.redo()
    session.tag("C004", "bare_assertion")  # no change, nothing to hear
    assert heard == [1, 0, 1]


def test_a_session_on_any_article():
    article = Article.from_text("Big News\nThe mayor resigned. Reports say more will follow.", title="Big News")
    session = TaggingSession(article, TAXONOMY)
    assert session.claim_ids() == ["C002", "C003"]
    session.tag("C003", "vague_attribution")
    assert session.progress() == Progress(1, 2)


# ---- property-based: random sequences keep the invariants ----

LEVELS = st.sampled_from(TAXONOMY.keys)
CLAIMS = st.sampled_from(SENTENCES[:8])  # few claims, so sequences revisit them
PASS = st.sampled_from(["first", "lateral"])
UNSAVABLE = st.sampled_from(["a\x00b", "a\x1b[2Kb", "\u202eb", "\ud800", "x" * (MAX_NOTE + 1)])  # a NUL, controls, a lone surrogate, too long
TEXT = st.text(max_size=12) | UNSAVABLE
NOTES = st.none() | TEXT
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("tag"), CLAIMS, LEVELS, NOTES, PASS),
        st.tuples(st.just("clear"), CLAIMS, PASS),
        st.tuples(st.just("note"), CLAIMS, TEXT, PASS),
        st.tuples(st.just("undo")),
        st.tuples(st.just("redo")),
        st.tuples(st.just("save_load")),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPERATIONS)
def test_random_sequences_keep_the_invariants(operations):
    session = TaggingSession(ARTICLE, TAXONOMY, learner="prop")
    undo_model: list[tuple] = []
    redo_model: list[tuple] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.json"
        for operation in operations:
            before = work(session)
            name = operation[0]
            if name == "undo":
                did = session.undo()
                assert bool(did) == bool(undo_model)
                if did:
                    redo_model.append(before)
                    assert work(session) == undo_model.pop(), "undo restores the previous levels and notes"
                continue
            if name == "redo":
                did = session.redo()
                assert bool(did) == bool(redo_model)
                if did:
                    undo_model.append(before)
                    assert work(session) == redo_model.pop()
                continue
            if name == "save_load":
                progress.save(session, path)
                assert progress.load(path, ARTICLE, TAXONOMY) == session, "load(save(s)) == s"
                continue
            if name == "tag":
                _, claim_id, level, note, pass_name = operation
                tagging = session.pass_named(pass_name)
                if note is not None and text_problem(note, MAX_NOTE, typed=True):
                    with pytest.raises(InvalidTextError):
                        tagging.tag(claim_id, level, note)
                    assert work(session) == before, "a note that cannot be saved changes nothing"
                    continue
                tagging.tag(claim_id, level, note)
                assert tagging.level_of(claim_id) == level
            elif name == "clear":
                _, claim_id, pass_name = operation
                tagging = session.pass_named(pass_name)
                tagging.clear(claim_id)
                assert tagging.level_of(claim_id) is None
            else:
                _, claim_id, note, pass_name = operation
                tagging = session.pass_named(pass_name)
                if tagging.level_of(claim_id) is None:
                    with pytest.raises(NotTaggedError):
                        tagging.set_note(claim_id, note)
                elif text_problem(note, MAX_NOTE, typed=True):
                    with pytest.raises(InvalidTextError):
                        tagging.set_note(claim_id, note)
                    assert work(session) == before
                else:
                    tagging.set_note(claim_id, note)
            if work(session) != before:
                undo_model.append(before)
                redo_model.clear()
            for tagging in session.passes:
                frame = tagging.to_frame()
                assert frame["claim_id"].is_unique, "one level per claim at most"
                assert set(frame["level"]) <= set(TAXONOMY.keys)
                assert tagging.progress().tagged == len(frame)


def test_the_doctests_hold():
    import doctest

    assert doctest.testmod(medialit.session, optionflags=doctest.ELLIPSIS).failed == 0
    assert doctest.testmod(medialit.passes, optionflags=doctest.ELLIPSIS).failed == 0


@pytest.mark.parametrize("bad, reason", [("why \ud800 this", "broken character"), ("a\x00b", "NUL"), ("x" * (MAX_NOTE + 1), f"at most {MAX_NOTE:,}")])
def test_a_note_that_cannot_be_saved_is_refused_when_entered_and_changes_nothing(session, bad, reason):
    session.tag("C005", "named_source", note="kept")
    before = session.tags()
    with pytest.raises(InvalidTextError, match=reason) as caught:
        session.tag("C004", "bare_assertion", note=bad)
    assert "C004" in str(caught.value) and "not saved" in str(caught.value)
    with pytest.raises(InvalidTextError, match="C005"):
        session.set_note("C005", bad)
    with pytest.raises(InvalidTextError):
        session.lateral.tag("C005", "corroborated", note=bad)
    assert session.tags() == before and session.lateral.tags() == {} and session.undo().claim_id == "C005"


def test_a_note_at_the_limit_is_kept_whole(session):
    session.tag("C004", "bare_assertion", note="é" * MAX_NOTE)
    assert session.note_of("C004") == "é" * MAX_NOTE


def test_a_session_refuses_an_article_too_long_for_a_progress_file():
    text = "Title\n" + " ".join(f"Claim number {i} is here." for i in range(tagfile.MAX_CLAIMS + 5))
    with pytest.raises(medialit.ArticleError, match=f"at most {tagfile.MAX_CLAIMS:,}"):
        TaggingSession(medialit.Article.from_text(text, title="Title"), TAXONOMY)
