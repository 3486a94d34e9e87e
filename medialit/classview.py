"""``medialit.ClassView(inbox)``: the teacher's live view of the class's tags, during the lesson.

>>> view = ClassView("/srv/medialit-inbox")      # make it the last line of a cell; needs a class inbox   # doctest: +SKIP

What the teacher sees, top to bottom: how many have handed in (and, when the class inbox has a class list, who has
not yet); how far the class agrees (Krippendorff's alpha, whole article and per section); the claims the class is
most split on; the class against the answer key (when the case has one); the exercises (right on the first try, in
the end, the commonest wrong answers); the before/after assessment (how many handed in each form, and the
self-scored before/after per criterion, the class report's figures); each claim's levels; every file not merged, by name and reason; and who has
handed in. Every column is headed in words, with a "How to read this table" line (:mod:`medialit.column_words`).

**Live.** *Refresh* looks again at once; "Refresh every 10 s" looks on a timer, on the kernel's own event loop
(no thread: the timer is a ``call_later`` on ipykernel's asyncio loop, it stops when the box is unticked, when the
view is closed or dropped, and with the kernel). Each look re-reads only new or changed files
(:mod:`medialit.class_watch`), so a class of a thousand refreshes in milliseconds. A platform's zip is read once.

**Projector mode** shows large type and leaves out what names learners (the files not merged, the list of who
handed in); it switches **pseudonyms** on (``Learner-3f9a01c2``, :mod:`medialit.pseudonyms`; switch them off by
hand if you must). Every control is a native button or checkbox with a text label (Tab reaches it, Space or Enter
works it), the "How to read" lists are native ``<details>``, and every learner text is escaped and isolated in
``<bdi>`` (:mod:`medialit.class_html`). Callbacks never print: what happens is said in the view's status line.

On the series' invented sample class (``data/sample_class``, what notebook 99 shows without a class inbox) the
heading says so (:data:`SAMPLE_WORDS`), so it is never taken for the teacher's own class.

This module is part of the **top layer**: without ``case=`` the view is on the series' own case study.
"""

from __future__ import annotations

import asyncio
import weakref
from datetime import datetime
from os import PathLike
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from . import data
from .case import CaseStudy
from .assessment import Assessment, load_assessment
from .assessment_report import before_after_brief_html
from .class_html import bdi, escape, how_to_read, level_cells, table, too_few_for_agreement, too_few_for_disputes, wrong_answers
from .class_watch import ClassWatch, Look
from .errors import DataFileError, MedialitError
from .exercise_bank import load_exercises
from .inbox import MARKER, read_class_list
from .pseudonyms import class_secret, pseudonymise

__all__ = ["ClassView", "STYLE", "SAMPLE_WORDS"]

STYLE = (
    "<style>"
    ".medialit-classview .widget-html-content {line-height: 1.4}"
    ".medialit-classview table {border-collapse: collapse; margin: 0.4em 0}"
    ".medialit-classview caption {text-align: left; font-weight: bold; padding: 0.2em 0}"
    ".medialit-classview th, .medialit-classview td {border: 1px solid #767676; padding: 0.15em 0.45em; text-align: left; vertical-align: top}"
    ".medialit-classview td.num {text-align: right; font-variant-numeric: tabular-nums}"
    ".medialit-classview .table-scroll {overflow-x: auto; max-width: 100%}"
    ".medialit-classview .widget-html, .medialit-classview .widget-html-content {min-width: 0; max-width: 100%}"  # lets the box be narrower than its table
    ".medialit-classview details {margin: 0.2em 0 0.6em 0} .medialit-classview dt {font-weight: bold}"
    ".medialit-classview button:focus-visible, .medialit-classview input:focus-visible, .medialit-classview summary:focus-visible,"
    " .medialit-classview .table-scroll:focus-visible"
    " {outline: 2px solid #0B4F8A !important; outline-offset: 1px}"
    ".medialit-classview .widget-checkbox {height: auto} .medialit-classview .widget-checkbox label {white-space: normal}"
    ".medialit-classview-projector .widget-html-content {font-size: 1.6em}"
    ".medialit-classview-projector .medialit-classview-detail {display: none}"
    ".medialit-classview .medialit-classview-error {color: #B3261E; font-weight: bold}"
    ".medialit-classview .medialit-classview-sample {font-size: 0.75em; font-weight: normal; background: #FFF4CE; padding: 0 0.3em}"
    "</style>"
)
SAMPLE_CLASS = "sample_class"  # the invented class in data/, which notebook 99 shows when there is no class inbox
SAMPLE_WORDS = "Sample class (invented learners), not a real class."
_WATCHING: dict[tuple[str, str], weakref.ref] = {}  # (source, case id) -> the view whose timer watches it
SECTIONS = ("summary", "missing", "agreement", "disputed", "vs-key", "exercises", "assessment", "levels", "problems", "names")
DETAIL = {"levels", "problems", "names"}  # left out in projector mode: long, or they name learners


def _weakly(method):
    """A callback that calls ``method`` only while its view exists: widgets must not keep a dropped view alive."""
    reference = weakref.WeakMethod(method)

    def call(*args):
        bound = reference()
        if bound is not None:
            bound(*args)
    return call


def _tick(reference: weakref.ref) -> None:
    """The timer's callback: look again and schedule the next look, unless the view is gone, closed or unticked."""
    view = reference()
    if view is None:
        return
    view._timer = None
    if view.widget.comm is None or not view.live.value:  # closed, or the box unticked meanwhile
        return
    view.refresh()
    view._schedule()


class ClassView:
    """The live class view (see the module): ``ClassView(source, case=None)``; make it the last line of a cell.

    ``source`` is a class inbox, a folder of hand-ins, or a learning platform's zip. ``roster`` is the class list
    (names, or a text file with one per line; default: the inbox's ``class-list.txt``, if any). ``interval`` is
    the timer's seconds; ``loop`` the event loop to run it on (default: the kernel's running loop).
    """

    def __init__(self, source: str | PathLike, case: CaseStudy | str | PathLike | None = None, *, roster: list[str] | str | PathLike | None = None,
                 interval: float = 10, live: bool = True, projector: bool = False, pseudonyms: bool | None = None, pass_: str = "first",
                 loop: asyncio.AbstractEventLoop | None = None):
        self.case = case if isinstance(case, CaseStudy) else data.load_case(case)
        self._notice = ""  # what the status line adds to every look: a class list that could not be read, names hidden
        self.watch = ClassWatch(source, self.case, pass_=pass_, assessment=self._load_assessment())
        self.interval = interval
        self._loop = loop if loop is not None else _running_loop()
        self._timer: asyncio.TimerHandle | None = None
        self.roster = self._roster(roster)
        self._titles = {item.id: item.title for item in load_exercises().values()}
        self._secret: str | None = None
        self._build(live and not self.watch.is_zip and self._loop is not None, projector, projector if pseudonyms is None else pseudonyms)
        self.refresh()
        if self.live.value:
            self._schedule()

    # ---- building ----
    @property
    def is_sample(self) -> bool:
        """Whether the view is on the series' invented sample class (``data/sample_class``), not a real class."""
        try:
            return self.watch.source.resolve() == data.path(SAMPLE_CLASS).resolve()
        except OSError:
            return False

    def _build(self, live: bool, projector: bool, pseudonyms: bool) -> None:
        title = self.case.title
        sample = f"<br><span class='medialit-classview-sample'>{escape(SAMPLE_WORDS)}</span>" if self.is_sample else ""
        self.header = widgets.HTML(f"<h2 style='margin:0.2em 0'>Class view: {bdi(title)}{sample}</h2>")
        self.refresh_button = widgets.Button(description="Refresh", tooltip="Look for new and changed hand-ins now", layout=widgets.Layout(width="auto"))
        self.refresh_button.on_click(_weakly(self._clicked))
        why = " (a zip is read once)" if self.watch.is_zip else (" (needs a running notebook)" if self._loop is None else "")
        self.live = widgets.Checkbox(value=live, description=f"Refresh every {self.interval:g} s{why}", indent=False, disabled=bool(why), layout=widgets.Layout(width="auto"))
        self.projector = widgets.Checkbox(value=projector, description="Projector mode: large type, no names", indent=False, layout=widgets.Layout(width="auto"))
        self.pseudonyms = widgets.Checkbox(value=pseudonyms, description="Pseudonyms instead of names", indent=False, layout=widgets.Layout(width="auto"))
        self.live.observe(_weakly(self._live_changed), names="value")
        self.projector.observe(_weakly(self._projector_changed), names="value")
        self.pseudonyms.observe(_weakly(self._pseudonyms_changed), names="value")
        self.status = widgets.HTML()
        self.sections = {name: widgets.HTML() for name in SECTIONS}
        for name, section in self.sections.items():
            section.add_class(f"medialit-classview-{name}")
            if name in DETAIL:
                section.add_class("medialit-classview-detail")
        for control, name in [(self.refresh_button, "refresh"), (self.live, "live"), (self.projector, "projector-switch"), (self.pseudonyms, "pseudonyms"), (self.status, "status")]:
            control.add_class(f"medialit-classview-{name}")
        controls = widgets.HBox([self.refresh_button, self.live, self.projector, self.pseudonyms], layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        self.widget = widgets.VBox([widgets.HTML(STYLE), self.header, controls, self.status, *self.sections.values()])
        self.widget.add_class("medialit-classview")
        if projector:
            self.widget.add_class("medialit-classview-projector")

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def _roster(self, roster: list[str] | str | PathLike | None) -> list[str] | None:
        try:
            if roster is None:
                source = self.watch.source
                return read_class_list(source) if not self.watch.is_zip and (source / MARKER).exists() else None
            if isinstance(roster, (str, PathLike)):
                text = Path(roster).read_text(encoding="utf-8")
                return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]
            return [str(name) for name in roster]
        except (MedialitError, OSError, UnicodeDecodeError) as exc:
            self._notice = f"The class list could not be read: {exc}"
            return None

    def _load_assessment(self) -> Assessment | None:
        try:
            return load_assessment()
        except DataFileError as exc:  # an instructor's own data/ without it: the view works without that section
            self._notice = (self._notice + " " if self._notice else "") + f"No section on the assessment: {exc}"
            return None

    # ---- what the teacher does ----
    def refresh(self) -> Look | None:
        """What *Refresh* and the timer do: look again (reading only new or changed files) and redraw what changed."""
        try:
            look = self.watch.refresh()
            if look.changed or self.watch.looks == 1:
                self._render()
        except MedialitError as exc:
            self._say(f"Could not look at the hand-ins: {exc}", error=True)
            return None
        except Exception as exc:  # a callback must never raise into the kernel's log, where nobody sees it
            self._say(f"Could not look at the hand-ins ({type(exc).__name__}: {exc}). Press Refresh to try again.", error=True)
            return None
        new = f"{len(look.read)} file(s) read, {len(look.gone)} gone" if look.changed else "nothing new"
        self._say(f"Looked at {datetime.now():%H:%M:%S}: {new}." + (f" {self._notice}" if self._notice else ""))
        return look

    def stop(self) -> None:
        """Stop the timer (the box unticks); *Refresh* still works."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.live.value:
            self.live.value = False

    def close(self) -> None:
        """Stop the timer and close the view's widgets."""
        self.stop()
        for child in list(self.widget.children):
            for grandchild in getattr(child, "children", ()):
                grandchild.close()
            child.close()
        self.widget.close()

    def _clicked(self, _button) -> None:
        self.refresh()

    def _pseudonyms_changed(self, _change) -> None:
        self._render()

    def _schedule(self) -> None:
        if self._timer is None and self._loop is not None and self.live.value and not self._loop.is_closed():
            self._take_over()
            self._timer = self._loop.call_later(self.interval, _tick, weakref.ref(self))

    def _take_over(self) -> None:
        """One timer per folder: a newer view on the same hand-ins (the cell run again) stops the older one's."""
        key = (str(self.watch.source.resolve()), self.case.id)
        older = _WATCHING.get(key, lambda: None)()
        if older is not None and older is not self:
            older.stop()
            older._say("Stopped refreshing: a newer class view on these hand-ins has taken over (press Refresh to look again).")
        _WATCHING[key] = weakref.ref(self)

    def _live_changed(self, change) -> None:
        if change["new"]:
            self._schedule()
        elif self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _projector_changed(self, change) -> None:
        if change["new"]:
            self.widget.add_class("medialit-classview-projector")
            self.pseudonyms.value = True  # names stay off the wall unless the teacher switches them back on
        else:
            self.widget.remove_class("medialit-classview-projector")

    def _say(self, text: str, *, error: bool = False) -> None:
        style = ' class="medialit-classview-error"' if error else ""
        self.status.value = f"<p{style} style='margin:0.2em 0'>{escape(text)}</p>"

    # ---- what the teacher sees ----
    def _names(self, frame: pd.DataFrame, **options) -> pd.DataFrame:
        """``frame`` with names (and file names) as pseudonyms when the switch is on; hidden if no secret can be had."""
        if not self.pseudonyms.value:
            return frame
        if self._secret is None:
            try:
                self._secret = class_secret()
            except MedialitError as exc:
                self._notice = f"Names are hidden: no pseudonyms could be made ({exc})."
                hidden = frame.copy()
                for column in ("learner", "file"):
                    if column in hidden:
                        hidden[column] = "(hidden)"
                return hidden
        return pseudonymise(frame, self._secret, **options)

    def _render(self) -> None:
        parts = self._parts()
        for name, markup in parts.items():
            if self.sections[name].value != markup:  # unchanged sections keep their open "How to read" lists
                self.sections[name].value = markup

    def _parts(self) -> dict[str, str]:
        watch, taxonomy = self.watch, self.case.taxonomy
        learners = watch.learners
        results = watch.results(self.case.key)
        problems = watch.problems()
        parts = dict.fromkeys(SECTIONS, "")
        total = f" of the {len(self.roster)} on the class list" if self.roster is not None else ""
        others = watch.other_cases()
        other = (f" {sum(others.values())} hand-in(s) for other case studies are left out ("
                 + ", ".join(f"{bdi(c)}: {n}" for c, n in others.items()) + ").") if others else ""
        trouble = f" {len(problems)} file(s) or parts could not be merged (see below)." if len(problems) else ""
        parts["summary"] = f"<p style='font-size:1.15em;margin:0.3em 0'><strong>{len(learners)}</strong> learner(s){total} have handed in.{other}{trouble}</p>"
        if self.roster is not None:
            missing = self._names(pd.DataFrame({"learner": watch.missing(self.roster)}), file_column=None)["learner"].tolist()
            parts["missing"] = ("<p><strong>Not handed in yet:</strong> " + ", ".join(bdi(n) for n in missing) + "</p>") if missing else "<p>Everyone on the class list has handed in.</p>"
        level = level_cells(taxonomy)
        if results is not None:
            parts["agreement"] = ("<h3>How far the class agrees</h3>" + too_few_for_agreement(results.agreement)
                                  + table(results.agreement, "Agreement, whole article and per section", decimals=("alpha_nominal", "alpha_ordinal")))
            shown = results.disputed[["claim_id", "text", "tags", "modal_level", "disagreement", "entropy_bits"]]
            parts["disputed"] = "<h3>The claims the class is most split on</h3>" + (
                too_few_for_disputes(results.disputed) or table(shown, "Most disputed claims", percent=("disagreement",), decimals=("entropy_bits",), cells=level))
            if results.vs_key is not None:
                parts["vs-key"] = "<h3>The class and the answer key</h3>" + table(results.vs_key, "Class against the key", percent=("share_key", "share_acceptable"), cells=level)
            parts["levels"] = self._levels(results.counts)
        else:
            parts["agreement"] = "<p>No tags yet: the figures appear with the first hand-in.</p>"
        exercises = watch.exercises(self._titles)
        if len(exercises):
            parts["exercises"] = "<h3>Exercises</h3>" + table(exercises, "Each exercise: right on the first try, right in the end, commonest wrong answers",
                                                            percent=("first_try_right", "right_in_the_end"), cells={"common_wrong_answers": wrong_answers})
        summary = watch.assessment_summary()
        if summary is not None:
            parts["assessment"] = before_after_brief_html(summary)
        if len(problems):
            parts["problems"] = "<h3>Files not merged, and why</h3>" + table(self._names(problems, names=watch.names), "Files (or parts of files) not merged, and why")
        if learners:
            names = self._names(pd.DataFrame({"learner": learners}), file_column=None)["learner"].tolist()
            parts["names"] = f"<details><summary>Who has handed in ({len(names)})</summary><p>" + ", ".join(bdi(n) for n in names) + "</p></details>"
        return parts

    def _levels(self, counts: pd.DataFrame) -> str:
        """Each claim's level distribution: claims x levels, headed by the levels' labels (explained by their descriptions)."""
        taxonomy = self.case.taxonomy
        frame = counts.reset_index()
        words = {level.key: (level.label, level.description) for level in taxonomy}
        words["claim_id"] = ("Claim", "The claim's ID in the article's claims table.")
        body = table(frame, "How many learners chose each level, claim by claim", words=words, explain=False)
        # the "How to read" list follows the closed list rather than nesting in it: a summary inside a closed
        # <details> looks focusable to a script but Tab never reaches it
        return f"<details><summary>Each claim's levels ({len(frame)} claims)</summary>{body}</details>" + how_to_read(list(frame.columns), words)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop this cell runs in (ipykernel's), or None outside a running loop (a plain script)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
