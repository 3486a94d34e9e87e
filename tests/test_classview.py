"""The live class view: every figure the class report's, kept by re-reading only new or changed files; a timer on the
kernel's event loop that stops; a projector mode with pseudonyms; every learner text escaped; callbacks never print.

The browser side (keyboard, axe-core, a hand-in appearing after Refresh) is tests/test_browser_classview.py.
"""

from __future__ import annotations

import asyncio
import gc
import html
import json
import os
import re
import shutil
import threading
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import medialit
from medialit import class_merge, data, inbox, inbox_reader
from medialit.class_merge import merge_class
from medialit.class_stats import analyse_class
from medialit.assessment import load_assessment
from medialit.assessment_report import class_before_after
from medialit.classview import ClassView
from medialit.column_words import COLUMNS
from medialit.sample_class import SAMPLE_DIR
from medialit.tagfile import AssessedAnswer, ExerciseResult, Tag, TagFile

CASE = medialit.load_case()
ASSESSMENT = load_assessment()
STATEMENTS = [c for c, kind in zip(CASE.claims["claim_id"], CASE.claims["kind"]) if kind in ("sentence", "bio")]
LEVELS = list(CASE.taxonomy.keys)


def document(learner: str, levels: dict[str, str], *, updated: str = "2026-12-01T10:00:00+00:00", exercises: dict | None = None, lateral: dict | None = None,
             assessment: dict | None = None) -> str:
    tags = {c: Tag(level, "", updated) for c, level in levels.items()}
    return json.dumps(TagFile(learner=learner, article_title=CASE.title, article_sha256=CASE.sha256, taxonomy=LEVELS, tags=tags,
                              lateral_tags={c: Tag(level, "", updated) for c, level in (lateral or {}).items()}, kind="submission",
                              created=updated, updated=updated, case_id=CASE.id, exercises=exercises or {}, assessment=assessment or {}).to_json())


def sample_class(folder: Path) -> Path:
    folder.mkdir()
    for path in data.path(SAMPLE_DIR).glob("*.json"):
        shutil.copy(path, folder / path.name)
    return folder


def assert_same_as_a_full_merge(view: ClassView) -> None:
    """The view's figures, exercises and problems are exactly what merging the folder afresh gives."""
    merged = merge_class(view.watch.source, CASE)
    if merged.tags.empty:
        assert view.watch.results(CASE.key) is None
    else:
        fresh = analyse_class(merged.tags, CASE, CASE.key, exercises=merged.exercises)
        live = view.watch.results(CASE.key)
        for name in ("agreement", "counts", "disagreement", "disputed", "vs_key"):
            pd.testing.assert_frame_equal(getattr(live, name), getattr(fresh, name), check_exact=False, rtol=1e-12, obj=name)
        expected = fresh.exercises if fresh.exercises is not None else view.watch.exercises().iloc[0:0]
        pd.testing.assert_frame_equal(view.watch.exercises(), expected.reset_index(drop=True), check_dtype=False, obj="exercises")
    assert sorted(view.watch.learners) == sorted(merged.tags["learner"].unique())
    assert view.watch.assessment() == merged.assessment
    fresh, live = class_before_after(merged.assessment, ASSESSMENT), view.watch.assessment_summary()
    assert (live is None) == (fresh is None), "the section shows exactly when the report's would"
    if fresh is not None:  # the sums give the report's own figures
        pd.testing.assert_frame_equal(live.table, fresh.table, check_dtype=False, obj="before/after")
        assert (live.learners_before, live.learners_after, live.learners_both, live.unscored) == \
               (fresh.learners_before, fresh.learners_after, fresh.learners_both, fresh.unscored)
    rows = lambda frame: sorted(map(tuple, frame[["file", "learner", "outcome"]].to_numpy().tolist()))  # noqa: E731
    assert rows(view.watch.problems()) == rows(merged.problems)


@pytest.fixture
def folder(tmp_path) -> Path:
    return sample_class(tmp_path / "class")


# ---- the figures, kept by reading only what is new or changed ----

def test_the_view_shows_the_reports_figures_in_words(folder):
    view = ClassView(folder, live=False)
    assert_same_as_a_full_merge(view)
    assert "<strong>30</strong> learner(s) have handed in." in view.sections["summary"].value
    shown = "".join(section.value for section in view.sections.values())
    headings = {html.unescape(th.split("</th>")[0]) for th in shown.split('<th scope="col">')[1:]}
    words = {heading for heading, _ in COLUMNS.values()} | {level.label for level in CASE.taxonomy}
    assert headings <= words and "Agreement (Krippendorff&#x27;s alpha, levels as categories)" in shown
    assert not any("_" in heading for heading in headings), "no machine name reaches the teacher"
    assert shown.count("How to read this table") >= 4


def test_a_look_reads_only_new_or_changed_files_and_forgets_what_is_gone(folder, monkeypatch):
    opened = []
    real_read = class_merge.read
    monkeypatch.setattr(class_merge, "read", lambda path, **options: opened.append(Path(path).name) or real_read(path, **options))
    view = ClassView(folder, live=False)
    assert len(opened) == view.watch.reads == 30
    assert view.refresh().changed is False and len(opened) == 30, "nothing new: nothing read"
    (folder / "new.json").write_text(document("Nova", {c: "bare_assertion" for c in STATEMENTS[:10]}), encoding="utf-8")
    assert view.refresh().read == ("new.json",) and opened[-1] == "new.json" and len(opened) == 31
    assert "<strong>31</strong>" in view.sections["summary"].value
    assert_same_as_a_full_merge(view)
    # changed in place (another size, another time): read again; replaced by a newer file of the same learner
    (folder / "new.json").write_text(document("Nova", {c: "not_a_claim" for c in STATEMENTS[:12]}, updated="2026-12-01T11:00:00+00:00"), encoding="utf-8")
    (folder / "nova-again.json").write_text(document("nova", {c: "named_source" for c in STATEMENTS[:5]}, updated="2026-12-01T12:00:00+00:00"), encoding="utf-8")
    assert sorted(view.refresh().read) == ["new.json", "nova-again.json"]
    assert_same_as_a_full_merge(view)
    assert "replaced by a newer file" in view.sections["problems"].value and "new.json" in view.sections["problems"].value
    (folder / "nova-again.json").unlink()
    (folder / "Ben-O.json").unlink()
    look = view.refresh()
    assert sorted(look.gone) == ["Ben-O.json", "nova-again.json"] and look.read == ()
    assert_same_as_a_full_merge(view)
    assert "<strong>30</strong>" in view.sections["summary"].value, "Nova's older file counts again; Ben is gone"


def test_the_view_shows_how_many_handed_in_each_form_and_the_self_scored_before_and_after(folder):
    view = ClassView(folder, live=False)
    assert view.sections["assessment"].value == "", "no section while no hand-in carries the assessment"
    tagged = {c: "bare_assertion" for c in STATEMENTS[:5]}
    both = lambda before, after: {f"90.{n}": AssessedAnswer("<b>mine</b>", "", before) for n in range(1, 5)} | {f"91.{n}": AssessedAnswer("x", "", after) for n in range(1, 5)}  # noqa: E731
    (folder / "ana.json").write_text(document("Ana", tagged, assessment=both(0, 2)), encoding="utf-8")
    (folder / "ben.json").write_text(document("Ben", tagged, assessment=both(1, 2)), encoding="utf-8")
    (folder / "cem.json").write_text(document("Cem", tagged, assessment={"90.1": AssessedAnswer("only before", "", 2)}), encoding="utf-8")
    view.refresh()
    shown = view.sections["assessment"].value
    assert "(self-scored)" in shown and "3 learner(s) have handed in answers to the form taken before the series (notebook 90), 2 to the form taken after it" in shown
    assert "Who is behind it: 0.5 before, 2.0 after (2 learners)." in shown, "Cem did one form: not in the paired comparison"
    assert "<b>mine</b>" not in shown and "Learners in both forms" in shown
    assert_same_as_a_full_merge(view)
    (folder / "ben.json").unlink()
    view.refresh()
    assert "Who is behind it: 0.0 before, 2.0 after (1 learner)." in view.sections["assessment"].value


LEARNER = st.sampled_from(["ana", "ben", "cem", "dia"])
TAGS = st.dictionaries(st.sampled_from(STATEMENTS[:8]), st.sampled_from(LEVELS), min_size=1, max_size=8)
RESULT = st.builds(ExerciseResult, st.sampled_from(["not_yet", "correct", "answered"]), st.sampled_from(["", "not_yet", "correct"]),
                   st.integers(1, 5), st.lists(st.sampled_from(["may", "May ", "named source", "<b>x</b>"]), max_size=3, unique=True).map(tuple))
ANSWER = st.builds(AssessedAnswer, st.sampled_from(["They sell it.", "<b>x</b>"]), st.just(""), st.sampled_from([None, 0, 1, 2, 7]))
STEP = st.one_of(
    st.tuples(st.just("write"), st.sampled_from(["a.json", "b.json", "c.json", "d.json", "e.json"]), LEARNER, TAGS,
              st.dictionaries(st.sampled_from(["02.1", "04.1"]), RESULT, max_size=2), st.integers(0, 59),
              st.dictionaries(st.sampled_from(["90.1", "91.1", "90.2", "91.2", "92.1"]), ANSWER, max_size=5)),
    st.tuples(st.just("delete"), st.sampled_from(["a.json", "b.json", "c.json", "d.json", "e.json"])),
    st.tuples(st.just("break"), st.sampled_from(["a.json", "b.json", "c.json"])),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(STEP, min_size=1, max_size=8))
def test_through_any_sequence_of_hand_ins_changes_and_deletions_the_view_equals_a_fresh_merge(tmp_path_factory, steps):
    folder = tmp_path_factory.mktemp("watched")
    view = ClassView(folder, live=False)
    for step in steps:
        path = folder / step[1]
        if step[0] == "write":
            _, _, learner, tags, exercises, minute, answers = step
            path.write_text(document(learner, tags, updated=f"2026-12-01T10:{minute:02d}:00+00:00", exercises=exercises, assessment=answers), encoding="utf-8")
        elif step[0] == "delete":
            path.unlink(missing_ok=True)
        else:
            path.write_text("{not json", encoding="utf-8")
        if path.exists():  # a rewrite within the clock's resolution still shows: size, inode, or this later time
            os.utime(path, ns=(os.stat(path).st_mtime_ns + 1_000_000,) * 2)
        view.refresh()
        assert_same_as_a_full_merge(view)


# ---- a class inbox, a roster, a platform's zip ----

def test_in_a_class_inbox_other_cases_are_counted_forgeries_listed_and_the_class_list_names_who_is_missing(tmp_path, monkeypatch):
    tmp_path.chmod(0o755)
    folder = tmp_path / "inbox"
    inbox.init(folder, account_prefix="jupyter-")
    owners: dict[int, str] = {}
    monkeypatch.setattr(inbox_reader, "owner_account", lambda status: owners.get(status.st_ino, "teacher"))

    def hand_in(name: str, learner: str, owner: str, text: str | None = None) -> None:
        path = folder / name
        path.write_text(text or document(learner, {STATEMENTS[0]: "bare_assertion"}), encoding="utf-8")
        path.chmod(0o640)
        owners[os.lstat(path).st_ino] = owner

    hand_in("ana.json", "ana", "jupyter-ana")
    hand_in("ana--old-station.json", "ana", "jupyter-ana")
    hand_in("forged.json", "ana", "jupyter-bob")
    (folder / inbox.CLASS_LIST).write_text("ana\nbob  # absent today\ncem\n", encoding="utf-8")
    view = ClassView(folder, live=False)
    assert view.roster == ["ana", "bob", "cem"]
    assert "<strong>1</strong> learner(s) of the 3 on the class list have handed in." in view.sections["summary"].value
    assert "1 hand-in(s) for other case studies are left out (<bdi>old-station</bdi>: 1)" in view.sections["summary"].value
    assert "Not handed in yet:</strong> <bdi>bob</bdi>, <bdi>cem</bdi>" in view.sections["missing"].value
    assert "forged.json" in view.sections["problems"].value and "jupyter-bob" in view.sections["problems"].value
    hand_in("bob.json", "bob", "jupyter-bob")
    view.refresh()
    assert "Not handed in yet:</strong> <bdi>cem</bdi>" in view.sections["missing"].value
    view.pseudonyms.value = True
    assert "cem" not in view.sections["missing"].value and "Learner-" in view.sections["missing"].value


def test_a_class_list_a_learner_wrote_is_never_trusted(tmp_path, monkeypatch):
    tmp_path.chmod(0o755)
    folder = tmp_path / "inbox"
    inbox.init(folder, account_prefix="jupyter-")
    (folder / inbox.CLASS_LIST).write_text("ana\n", encoding="utf-8")
    monkeypatch.setattr(os, "lstat", lambda path, real=os.lstat: _owned_by_someone_else(real(path)) if str(path).endswith(inbox.CLASS_LIST) else real(path))
    view = ClassView(folder, live=False)
    assert view.roster is None and "cannot be trusted as the class list" in view.status.value


def _owned_by_someone_else(status: os.stat_result) -> os.stat_result:
    values = list(status)
    values[4] = status.st_uid + 4242  # st_uid
    return os.stat_result(values)


def test_a_platforms_zip_is_read_once(tmp_path):
    import zipfile

    path = tmp_path / "submissions.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("smithjane_12345_67890_jane.json", document("Jane Smith", {STATEMENTS[0]: "bare_assertion"}))
        archive.writestr("../evil.json", document("Eve", {STATEMENTS[0]: "bare_assertion"}))
    view = ClassView(path, live=False)
    assert view.live.disabled and "a zip is read once" in view.live.description
    assert view.watch.learners == ["smithjane"] and "climbs out" in view.sections["problems"].value
    assert view.refresh().read == () and view.watch.reads == 1


# ---- projector, pseudonyms, escaping, exercises ----

def test_projector_mode_has_large_type_pseudonyms_and_no_names(folder):
    names = [json.loads(p.read_text("utf-8"))["learner"] for p in folder.glob("*.json")]
    view = ClassView(folder, live=False)
    assert not view.pseudonyms.value and "Amira K." in view.sections["names"].value
    view.projector.value = True
    assert "medialit-classview-projector" in view.widget._dom_classes and view.pseudonyms.value, "pseudonyms switch on for the projector"
    everything = "".join(section.value for section in view.sections.values())
    assert not [name for name in names if name in everything]
    assert all("medialit-classview-detail" in view.sections[name]._dom_classes for name in ("names", "problems", "levels"))
    view.pseudonyms.value = False  # the teacher may switch them back off, deliberately
    assert "Amira K." in view.sections["names"].value
    assert ClassView(folder, live=False, projector=True).pseudonyms.value


def test_every_learner_text_is_escaped_and_isolated(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    wrong = ExerciseResult("not_yet", "not_yet", 2, ("<script>alert(1)</script>",))
    (folder / "x.json").write_text(document("<img src=x onerror=alert(1)>", {STATEMENTS[0]: "bare_assertion"}, exercises={"02.1": wrong}), encoding="utf-8")
    (folder / "<b>.json").write_text("{broken", encoding="utf-8")
    view = ClassView(folder, live=False)
    everything = "".join(section.value for section in view.sections.values())
    assert "<script" not in everything and "<img src=x" not in everything and "<b>" not in everything
    assert "<bdi>&lt;img src=x onerror=alert(1)&gt;</bdi>" in everything
    assert "“<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>” (1)" in view.sections["exercises"].value
    assert "&lt;b&gt;.json" in view.sections["problems"].value


# ---- the timer: the kernel's event loop, stoppable, no thread ----

class FakeHandle:
    def __init__(self, delay, callback, args):
        self.delay, self.callback, self.args, self._cancelled = delay, callback, args, False

    def cancel(self):
        self._cancelled = True

    def cancelled(self):
        return self._cancelled


class FakeLoop:
    """Records call_later; ``fire()`` runs what is due, as the kernel's loop would when idle."""

    def __init__(self):
        self.pending: list[FakeHandle] = []

    def call_later(self, delay, callback, *args):
        self.pending.append(FakeHandle(delay, callback, args))
        return self.pending[-1]

    def is_closed(self):
        return False

    def fire(self):
        due, self.pending = self.pending, []
        for handle in due:
            if not handle.cancelled():
                handle.callback(*handle.args)


def test_the_timer_looks_again_on_the_loop_until_unticked_closed_or_dropped(folder):
    loop = FakeLoop()
    view = ClassView(folder, interval=7, loop=loop)
    assert view.live.value and [h.delay for h in loop.pending] == [7]
    (folder / "new.json").write_text(document("Nova", {STATEMENTS[0]: "bare_assertion"}), encoding="utf-8")
    loop.fire()
    assert "<strong>31</strong>" in view.sections["summary"].value and len(loop.pending) == 1, "looked, and the next look is set"
    view.live.value = False
    assert loop.pending[0].cancelled()
    view.live.value = True
    loop.fire()
    assert len([h for h in loop.pending if not h.cancelled()]) == 1
    view.close()
    loop.fire()
    assert not [h for h in loop.pending if not h.cancelled()], "a closed view stops looking"
    first, again = ClassView(folder, interval=7, loop=loop), ClassView(folder, interval=7, loop=loop)  # the cell run twice
    assert not first.live.value and "a newer class view on these hand-ins has taken over" in first.status.value
    assert again.live.value and len([h for h in loop.pending if not h.cancelled()]) == 1, "one timer per folder"
    del first, again
    gc.collect()
    loop.fire()
    assert not [h for h in loop.pending if not h.cancelled()], "a view nobody holds stops looking"


def test_on_a_real_asyncio_loop_a_hand_in_appears_without_a_thread(folder):
    """On an asyncio loop as ipykernel runs one. The loop runs in a thread of the test's own, because other tests
    (Playwright's sync API) can leave the main thread marked as running a loop; the view adds no thread of its own."""
    outcome: list[BaseException | str] = []

    async def lesson():
        threads = threading.active_count()
        view = ClassView(folder, interval=0.05)
        assert view.live.value, "a running loop: the timer is on"
        (folder / "new.json").write_text(document("Nova", {STATEMENTS[0]: "bare_assertion"}), encoding="utf-8")
        for _ in range(100):
            await asyncio.sleep(0.05)
            if "<strong>31</strong>" in view.sections["summary"].value:
                break
        assert "<strong>31</strong>" in view.sections["summary"].value
        assert threading.active_count() == threads, "the timer is the loop's, not a thread"
        view.stop()
        assert not view.live.value and view._timer is None

    def run():
        try:
            asyncio.run(lesson())
            assert ClassView(folder).live.disabled, "outside a running loop the timer says it needs a notebook"
            outcome.append("done")
        except BaseException as exc:  # handed to the test's own thread, which raises it
            outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=60)
    if outcome and isinstance(outcome[0], BaseException):
        raise outcome[0]
    assert outcome == ["done"]


# ---- callbacks never print, and say what went wrong ----

def test_callbacks_never_print_and_a_vanished_folder_is_said_in_the_view(folder, capsys):
    view = ClassView(folder, live=False)
    view.refresh_button.click()
    view.projector.value = True
    view.pseudonyms.value = False
    shutil.rmtree(folder)
    view.refresh_button.click()
    assert capsys.readouterr() == ("", "")
    assert "medialit-classview-error" in view.status.value and "Could not look at the hand-ins" in view.status.value


def test_on_the_invented_sample_class_the_view_says_so_and_on_a_real_class_it_does_not(folder):
    sample = ClassView(data.path(SAMPLE_DIR), live=False)
    assert "Sample class (invented learners)" in sample.header.value and sample.is_sample
    assert "Sample class" not in ClassView(folder, live=False).header.value, "a copy elsewhere is the teacher's own folder"


def test_notebook_99_is_titled_99():
    notebook = json.loads((Path(__file__).parents[1] / "notebooks" / "99-teacher-class-view.ipynb").read_text(encoding="utf-8"))
    assert "".join(notebook["cells"][0]["source"]).startswith("# 99 · The class view")


def test_every_table_of_the_view_scrolls_sideways_in_its_own_box(folder):
    view = ClassView(folder, live=False, projector=True)
    shown = "".join(section.value for section in view.sections.values())
    assert shown.count("<table>") >= 3 and shown.count("<table>") == len(re.findall(r'<div class="table-scroll" role="region" aria-label="[^"]+" tabindex="0"><table>', shown))
    assert ".medialit-classview .table-scroll {overflow-x: auto; max-width: 100%}" in view.widget.children[0].value
