"""ClaimTagger: the widget a learner tags the article with, composed around a :class:`TaggingSession`.

>>> tagger = ClaimTagger(name="Ana")        # resumes the learner's progress file, ~/medialit-work/progress/ana.json   # doctest: +SKIP
>>> tagger                                   # a widget, shown by a notebook (the last line of a cell)   # doctest: +SKIP

What a learner sees, top to bottom: the claim in large type with its section and the sentences before and after
it in lighter text; one button per level (label, key and question as tooltip; the chosen one carries a ✓, and the
claim reads "Your level: ✓ ..."); previous / next / next untagged / skip / clear / undo / redo; a note field ("why this level");
a progress bar with "n of N tagged"; a section filter; a live chart; "compare with the answer key" once the claim
is tagged; and an export for the teacher. Every change is saved at once (see :mod:`medialit.progress`) and the
status line says "Saved at ..." only when the file was really written, or what went wrong (the change is then
kept and saved with the next one). The note is saved as the learner types: about a second after the last key
(:data:`NOTE_DELAY`), and at once when they move on, choose a level, hand in or close the tagger. Callbacks never print.

Two taggers on one learner (two tabs, a second kernel) never lose each other's work: every save merges with
the file, and every move to another claim first takes in what the other tagger saved. Undo goes back one change
of this tagger at a time and shows the claim it changed. A note that cannot be saved (too long, a broken
character) is refused with a message and stays in the note field, so nothing typed is lost.

Keyboard: every control is a native button, field or menu, so Tab reaches it and Enter or Space works it. As a
shortcut for mouse users, the digit keys choose levels and ←/→ move between claims while the pointer is over the
claim (ipyevents delivers key events only then); typing in the note or name field is never taken as a shortcut.

``ClaimTagger(case=case, name="Ana")`` tags any case study (``medialit.load_case(folder)``, a case id, or
``medialit.case_from_text(text)``); "compare with the answer key" is offered only when the case has a key.
``ClaimTagger(session, pass_="lateral")`` tags the second pass (lesson 06), showing the first-pass level beside it.
This module is part of the **top layer**: without a session or a case, the tagger opens the series' own case.
Stable CSS classes (``medialit-tagger``, ``medialit-level-<key>``, ``medialit-progress``, ``medialit-chart``, ...)
are listed in :data:`CSS_CLASSES` for tests and for styling.
"""

from __future__ import annotations

import asyncio
import base64
import html
from pathlib import Path

import ipywidgets as widgets

from . import data, handin, paths, progress, rerun_note, unnamed_work
from .case import CaseStudy
from .errors import MedialitError
from .key import AnswerKey, as_answer_key
from .live_chart import LiveChart
from .passes import Pass
from .session import Change, TaggingSession
from .store import ProgressStore
from .tagger_html import LIGHT, claim_card_html, comparison_html

__all__ = ["ClaimTagger", "CSS_CLASSES", "NOTE_DELAY"]

NOTE_DELAY = 1.0  # seconds after the last key in the note field before the note is saved
WHAT = "the tagger"
# !important where ipywidgets' own rules would win (its buttons, labels and fields are one line, cut with "...").
STYLE = (
    "<style>"
    ".medialit-tagger select:focus-visible, .medialit-tagger textarea:focus-visible, .medialit-tagger input:focus-visible {outline: 2px solid #0B4F8A !important; outline-offset: 1px}"
    ".medialit-tagger, .medialit-tagger .widget-box, .medialit-tagger .widget-inline-hbox {max-width: 100%; min-width: 0}"
    ".medialit-tagger .widget-hbox, .medialit-tagger .widget-inline-hbox {flex-wrap: wrap; height: auto}"
    ".medialit-tagger button.jupyter-button {white-space: normal !important; height: auto !important; min-height: var(--jp-widgets-inline-height);"
    " max-width: 100%; text-overflow: clip; overflow-wrap: anywhere; text-align: left; line-height: 1.3 !important; padding-top: 4px; padding-bottom: 4px}"
    ".medialit-tagger .widget-label, .medialit-tagger .widget-label-basic, .medialit-tagger label {white-space: normal !important; height: auto !important;"
    " overflow: visible; text-overflow: clip; max-width: 100%; overflow-wrap: anywhere}"
    ".medialit-tagger select, .medialit-tagger input[type=text], .medialit-tagger textarea, .medialit-tagger .widget-progress {max-width: 100%; min-width: 0}"
    ".medialit-tagger .widget-dropdown, .medialit-tagger .widget-text, .medialit-tagger .widget-textarea, .medialit-tagger .widget-progress {max-width: 100%; min-width: 0; flex-wrap: wrap}"
    ".medialit-tagger .widget-textarea {height: auto !important} .medialit-tagger textarea {min-height: 3.5em}"
    ".medialit-tagger .widget-html-content {line-height: 1.45} .medialit-tagger .widget-label {text-align: left}"
    ".medialit-tagger img {max-width: 100%; height: auto}"
    "</style>"
)

CSS_CLASSES = {
    "root": "medialit-tagger", "claim": "medialit-claim", "keys": "medialit-keys", "levels": "medialit-levels",
    "level": "medialit-level", "level_key": "medialit-level-<key>", "selected": "medialit-selected",
    "nav": "medialit-nav", "note": "medialit-note", "progress": "medialit-progress",
    "progress_bar": "medialit-progress-bar", "progress_text": "medialit-progress-text",
    "section_filter": "medialit-section-filter", "untagged_only": "medialit-untagged-only",
    "chart": "medialit-chart", "chart_summary": "medialit-chart-summary", "compare_button": "medialit-compare-button",
    "compare": "medialit-compare", "export": "medialit-export", "status": "medialit-status",
}


class ClaimTagger:
    """Tag a session's claims by evidence level with buttons or keys, and watch the chart follow.

    ``session`` is a :class:`TaggingSession`; without one the tagger opens (or resumes) the learner's progress
    file for ``name`` (or ``path``, or in ``store``) on ``case`` and saves on every change. ``case`` is a
    :class:`~medialit.case.CaseStudy`, a case pack's folder or id, or None for the series' own; without a name,
    on a JupyterHub the hub user is the learner. ``pass_`` is ``"first"`` or ``"lateral"`` (or the pass itself,
    ``session.lateral``); ``section`` starts with a section filter; ``answer_key`` is ``"default"`` (the case's own
    key, if it has one), None for no comparison, or another :class:`~medialit.key.AnswerKey` (or a table like
    ``load_answer_key()``). ``auto_advance`` moves to the next untagged claim after a tag.
    Show it by making it the last line of a cell; ``tagger.widget`` is the ipywidgets box itself.
    """

    # The navigation buttons, made in _build from one table.
    prev_button: widgets.Button
    next_button: widgets.Button
    next_untagged_button: widgets.Button
    skip_button: widgets.Button
    clear_button: widgets.Button
    undo_button: widgets.Button
    redo_button: widgets.Button

    def __init__(self, session: TaggingSession | None = None, *, case: CaseStudy | str | None = None, name: str | None = None, path=None, store=None,
                 pass_: str | Pass = "first", section: str | None = None, answer_key: AnswerKey | str | None = "default", auto_advance: bool = False):
        if session is None:
            session = progress.open_session(name, case=data.load_case(case), path=path, store=store)
        self.session = session
        self.tagging = session.pass_named(pass_)  # the pass this tagger tags: the string is read here, once
        self.auto_advance = auto_advance
        self.answer_key = session.case.key if isinstance(answer_key, str) else as_answer_key(answer_key)
        self._skipped: set[str] = set()
        self._pending_notes: dict[str, str] = {}
        self._note_timer: asyncio.TimerHandle | None = None  # the pending save of a note, while the learner is typing
        self.note_delay = NOTE_DELAY
        self._quiet = False  # True while the tagger itself sets field values, so observers ignore them
        self._acting = False
        self._saves_reported = session.store.saves if session.store is not None else 0
        self._current: str | None = None
        self._build()
        if section is not None:
            self.tagging.claim_ids(section)  # an unknown section fails here, naming the sections there are
        self._quiet = True
        self.section_filter.value = section
        self._quiet = False
        self.current = self.tagging.next_claim(None, section=section, untagged=True) or self.tagging.next_claim(None, section=section)
        self.session.on_change(self._on_session_change)
        self._set_status("Choose a level for each claim. Your work is saved after every change." if self.session.store else "This session is not saved to a file (it was built without one).")
        self._offer_earlier_tags()
        self.refresh()

    def _clear_current(self) -> None:
        if self.current is not None:  # the button is disabled when there is no claim
            self.tagging.clear(self.current)

    @property
    def pass_(self) -> str:
        """The name of the pass this tagger tags: ``"first"`` or ``"lateral"``."""
        return self.tagging.name

    # ---- building the controls ----
    @property
    def current(self) -> str | None:
        """The claim the tagger shows, or None. Set from code, it must be a claim of the case that can be tagged:
        anything else raises :class:`~medialit.errors.UnknownClaimError` naming the ID, and the tagger stays put."""
        return self._current

    @current.setter
    def current(self, claim_id: str | None) -> None:
        self._current = None if claim_id is None else self.session.check_claim(claim_id)

    def _build(self) -> None:
        s, taxonomy = self.session, self.session.taxonomy
        title = "Second pass: tag again after reading laterally" if self.tagging is s.lateral else "Tag each claim by its evidence"
        self.header = widgets.HTML(f"<h3 style='margin:0.2em 0'>{html.escape(title)}</h3><div style='color:{LIGHT}'>{html.escape(s.title)}</div>")
        self.section_filter = widgets.Dropdown(options=[("All sections", None)] + [(x, x) for x in s.sections], description="Section", tooltip="Show only the claims of one section", style={"description_width": "initial"})
        self.untagged_only = widgets.Checkbox(description="Only claims I have not tagged", value=False, indent=False)
        self.claim_view = widgets.HTML()
        self.level_buttons: dict[str, widgets.Button] = {}
        for level in taxonomy:
            button = widgets.Button(description=f"{level.shortcut} · {level.label}", tooltip=f"{level.question} (key {level.shortcut})", layout=widgets.Layout(width="auto", height="auto"))
            button.add_class(CSS_CLASSES["level"])
            button.add_class(f"medialit-level-{level.key}")
            button.on_click(lambda _, key=level.key: self.choose(key))
            self.level_buttons[level.key] = button
        self.levels_box = widgets.HBox(list(self.level_buttons.values()), layout=widgets.Layout(flex_flow="row wrap"))
        nav = [
            ("prev_button", "◀ Previous", "Go to the previous claim (← key)", lambda _: self.go(-1)),
            ("next_button", "Next ▶", "Go to the next claim (→ key)", lambda _: self.go(1)),
            ("next_untagged_button", "Next untagged »", "Go to the next claim you have not tagged", lambda _: self.go_untagged()),
            ("skip_button", "Skip for now", "Leave this claim untagged and come back to it after the others", lambda _: self.skip()),
            ("clear_button", "Clear tag", "Remove this claim's level and note", lambda _: self._act(self._clear_current)),
            ("undo_button", "↶ Undo", "Undo your last change (and show the claim it was on)", lambda _: self.undo()),
            ("redo_button", "↷ Redo", "Redo what you undid (and show the claim)", lambda _: self.redo()),
        ]
        for attribute, label, tip, handler in nav:
            button = widgets.Button(description=label, tooltip=tip, layout=widgets.Layout(width="auto"))
            button.add_class(f"medialit-{attribute.removesuffix('_button').replace('_', '-')}")
            button.on_click(handler)
            setattr(self, attribute, button)
        self.nav_box = widgets.HBox([self.prev_button, self.next_button, self.next_untagged_button, self.skip_button, self.clear_button, self.undo_button, self.redo_button], layout=widgets.Layout(flex_flow="row wrap"))
        # Every key reaches the kernel (continuous_update); the note is saved NOTE_DELAY seconds after the last one.
        self.note = widgets.Textarea(description="Why this level?", placeholder="Your reason, in a few words (saved as you type)", continuous_update=True, layout=widgets.Layout(width="95%", height="3.5em"), style={"description_width": "initial"})
        self.progress_bar = widgets.IntProgress(min=0, max=max(1, self.tagging.progress().total), description="Progress", style={"description_width": "initial"})
        self.progress_text = widgets.Label()
        self.progress_box = widgets.HBox([self.progress_bar, self.progress_text])
        # The chart is an <img> inside an HTML widget, so it carries a text alternative (an Image widget has no alt).
        self.chart_view = widgets.HTML()
        self.chart_summary = widgets.HTML()
        self.compare_button = widgets.Button(description="Compare with the answer key", tooltip="See the key's level and reason for this claim (after you have tagged it)", layout=widgets.Layout(width="auto"))
        self.compare_button.on_click(lambda _: self.show_comparison())
        self.compare_view = widgets.HTML()
        if self.answer_key is None:  # a case without a key: nothing to compare with
            self.compare_button.layout.display = "none"
        # Empty, not "me", while no name is saved: typing into a field that says "me" gave "meLena Novak".
        unnamed = paths.learner_key(s.learner) == paths.PLACEHOLDER
        self.learner_name = widgets.Text(value="" if unnamed else s.learner, description="Your name or pseudonym", placeholder="Your name or pseudonym",
                                         style={"description_width": "initial"})
        label, tip = handin.export_button_text()  # "Hand in" where the hub has a class inbox
        self.export_button = widgets.Button(description=label, tooltip=tip, layout=widgets.Layout(width="auto"))
        self.learner_name.disabled = label == handin.HAND_IN[0]  # a hand-in bears the hub user's name, whatever is typed
        self.export_button.on_click(lambda _: self.export())
        # Shown only when tags saved under "me" before the name was saved are not in this learner's file.
        self.take_button = widgets.Button(description="Take my earlier tags", tooltip="Add the tags you saved before you saved your name to your tags",
                                          layout=widgets.Layout(width="auto", display="none"))
        self.take_button.add_class("medialit-take-earlier")
        self.take_button.on_click(lambda _: self.take_earlier_tags())
        self.status = widgets.HTML()
        # ipywidgets shows focus on fields only as a faint border change; give them a clear outline (WCAG 2.4.7). And
        # at 200% zoom on a small screen (WCAG 1.4.10, reflow) labels wrap instead of being cut off with "...".
        self.focus_style = widgets.HTML(STYLE)
        for control, name in [(self.claim_view, "claim"), (self.levels_box, "levels"), (self.nav_box, "nav"), (self.note, "note"), (self.progress_box, "progress"), (self.progress_bar, "progress_bar"), (self.progress_text, "progress_text"), (self.section_filter, "section_filter"), (self.untagged_only, "untagged_only"), (self.chart_view, "chart"), (self.chart_summary, "chart_summary"), (self.compare_button, "compare_button"), (self.compare_view, "compare"), (self.status, "status")]:
            control.add_class(CSS_CLASSES[name])
        self.export_box = widgets.HBox([self.learner_name, self.export_button, self.take_button], layout=widgets.Layout(flex_flow="row wrap"))
        self.export_box.add_class(CSS_CLASSES["export"])
        # The part the digit keys work on: the claim and the buttons (not the note field, where digits are text).
        self.keys_box = widgets.VBox([self.claim_view, self.levels_box, self.nav_box])
        self.keys_box.add_class(CSS_CLASSES["keys"])
        self.widget = widgets.VBox([
            self.focus_style, self.header, widgets.HBox([self.section_filter, self.untagged_only]), self.keys_box, self.note,
            self.progress_box, widgets.HBox([self.compare_button]), self.compare_view, self.chart_view,
            self.chart_summary, self.export_box, self.status,
        ])
        self.widget.add_class(CSS_CLASSES["root"])
        self.chart = LiveChart(self.session.taxonomy, self.session.sections)
        self.section_filter.observe(self._on_filter, names="value")
        self.untagged_only.observe(self._on_filter, names="value")
        self.note.observe(self._on_note, names="value")
        self.key_events = None
        try:
            from ipyevents import Event
        except ImportError:  # shortcuts are a convenience; every control still works without them
            return
        self.key_events = Event(source=self.keys_box, watched_events=["keydown"])
        self.key_events.on_dom_event(self.handle_key)

    def _repr_mimebundle_(self, **kwargs):
        return rerun_note.widget_bundle(self.widget, WHAT, **kwargs)

    def _ipython_display_(self) -> None:
        """Show the tagger, with a note that says "run this cell again" if it cannot be shown (after a restart)."""
        rerun_note.show(self.widget, WHAT)

    def close(self) -> None:
        """Save a note still being typed, detach from the session and close every control."""
        self.save_note()
        self.session.off_change(self._on_session_change)
        if self.key_events is not None:
            self.key_events.close()
        pending = [self.widget]
        while pending:
            widget = pending.pop()
            pending.extend(getattr(widget, "children", ()))
            widget.close()

    # ---- what the learner does ----
    def choose(self, level: str) -> None:
        """Give the current claim ``level`` (what a level button or digit key does)."""
        if self.current is None:
            return
        claim_id = self.current
        note = self._pending_notes.get(claim_id)
        refused = self._note_problem(claim_id, note) if note is not None else None
        if refused:
            note = None  # the level is saved; the note that cannot be stays in the field, with its message
        elif note is not None:
            del self._pending_notes[claim_id]
        self._skipped.discard(claim_id)
        self._act(lambda: self.tagging.tag(claim_id, level, note))
        if refused and not (self.session.store and self.session.store.error):
            self._set_status(f"Level saved, but not the note: {refused}", error=True)
        if self.auto_advance and self.tagging.level_of(claim_id) == level:
            self.go_untagged()

    def undo(self) -> None:
        """Undo this tagger's last change and show the claim it changed (what the ↶ Undo button does)."""
        self._act(self.session.undo, lambda change: f"Undid your change to {change.claim_id}.")

    def redo(self) -> None:
        """Redo the last undone change and show the claim it changed (what the ↷ Redo button does)."""
        self._act(self.session.redo, lambda change: f"Redid your change to {change.claim_id}.")

    def _show_change(self, change: Change) -> None:
        """Make the claim a change was on the current one (clearing the filters if they hide it)."""
        if change.pass_ != self.tagging.name:
            return
        if change.claim_id not in self.tagging.claim_ids(self.section_filter.value, untagged=self.untagged_only.value):
            self._quiet = True
            self.section_filter.value, self.untagged_only.value = None, False
            self._quiet = False
        self.current = change.claim_id
        self.compare_view.layout.display = "none"

    def go(self, step: int) -> None:
        """Move ``step`` claims forward (or back) within the filter."""
        self.sync()
        target = self.tagging.next_claim(self.current, step=step, section=self.section_filter.value, untagged=self.untagged_only.value)
        if target is None:
            self._set_status("That was the last claim here." if step > 0 else "This is the first claim here.")
        self._move(target)

    def go_untagged(self) -> None:
        """Move to the next claim still without a level (wrapping round), passing over skipped ones if it can."""
        self.sync()
        section = self.section_filter.value
        candidates = [c for c in self.tagging.claim_ids(section, untagged=True) if c != self.current]
        if not candidates:
            self._set_status("Every claim here is tagged. Well done!" if self.tagging.progress(section).done else "No other untagged claim here.")
            return
        order = self.tagging.claim_ids(section)
        here = order.index(self.current) if self.current in order else -1
        ranked = sorted(candidates, key=lambda c: ((order.index(c) - here) % len(order)))
        fresh = [c for c in ranked if c not in self._skipped]
        self._move((fresh or ranked)[0])

    def skip(self) -> None:
        """Leave this claim for later: "next untagged" comes back to it only when the others are done."""
        if self.current is not None:
            self._skipped.add(self.current)
        self.go_untagged()

    def show_comparison(self) -> None:
        """Show the answer key's level and reason for the current claim (only once it is tagged)."""
        self.sync()
        self.compare_view.value = comparison_html(self.tagging, self.current, self._key_entry())
        self.compare_view.layout.display = None

    def export(self) -> None:
        """Hand in to the class inbox if the hub has one, else write a submission under the name in the name field.

        While no name is saved (the session is "me"), a name typed in the field is saved as the learner's name first
        (as lesson 00's name box saves it), the tags made so far are carried over to it (:mod:`medialit.unnamed_work`)
        and this tagger saves under it from then on (:func:`medialit.progress.move_to_name`).
        """
        self.save_note()
        button = self.export_button.description
        typed = self.learner_name.value.strip()
        saved = ""
        if not self.learner_name.disabled and paths.learner_key(self.session.learner) == paths.PLACEHOLDER:
            if not typed:
                self._set_status(f"Could not {button.lower()}: no name yet. Type your name or a pseudonym your teacher knows in the field "
                                 f"beside the button, then press {button}.", error=True)
                return
            try:
                saved = self._save_name(typed)
            except (MedialitError, OSError) as exc:
                self._set_status(f"Could not {button.lower()}: {exc}", error=True)
                return
        name = (paths.hub_user() or self.session.learner) if self.learner_name.disabled else typed or self.session.learner  # a hand-in bears the hub user's
        refused = progress.submission_problem(self.session, name, again=f"press {button} again")  # said in this button's words
        if refused:
            self._set_status(f"Could not {button.lower()}: {refused[0]} Fix: {refused[1]}{saved}", error=True)
            return
        try:
            target, handed_in = handin.hand_in_or_export(self.session, learner=self.learner_name.value)
        except (MedialitError, OSError) as exc:
            self._set_status(f"Could not {button.lower()}: {exc}{saved}", error=True)
            return
        verb = f"Handed in as {target.stem}" if handed_in else "Exported"
        self._set_status(f"{verb} {self.session.first.progress()} (and {self.session.lateral.progress()} in the lateral pass) for the teacher to {target}.{saved}")

    def _earlier_files(self) -> tuple[Path, Path] | None:
        """(the placeholder's progress file on this case, this learner's), when this tagger saves under a name."""
        store = self.session.store
        if not isinstance(store, ProgressStore) or paths.learner_key(self.session.learner) == paths.PLACEHOLDER:
            return None
        if store.path != progress.progress_path(self.session.learner, self.session.case):
            return None  # a file chosen with path=: not the learner's own
        return progress.progress_path(paths.PLACEHOLDER, self.session.case), store.path

    def _offer_earlier_tags(self) -> None:
        """Say so, and show *Take my earlier tags*, when tags saved under "me" are not in this learner's file."""
        files = self._earlier_files()
        left = unnamed_work.left_behind(*files) if files else 0
        self.take_button.layout.display = None if left else "none"
        if left:
            self._set_status(f"{left} tag{'s were' if left != 1 else ' was'} saved before you saved your name (under “{paths.PLACEHOLDER}”) and "
                             f"{'are' if left != 1 else 'is'} not shown here. Press Take my earlier tags to add {'them' if left != 1 else 'it'} to yours.")

    def take_earlier_tags(self) -> int:
        """What *Take my earlier tags* does: carry the tags saved under "me" into this learner's file, and show them."""
        files = self._earlier_files()
        try:
            taken = unnamed_work.take(*files, self.session.learner) if files else 0
        except OSError as exc:
            self._set_status(f"Could not take your earlier tags: {exc}. They are still kept under “{paths.PLACEHOLDER}”.", error=True)
            return 0
        self.take_button.layout.display = "none"
        self.sync()
        self._set_status(f"Took {taken} earlier tag{'s' if taken != 1 else ''}: {'they are' if taken != 1 else 'it is'} now saved under {self.session.learner}.")
        self.refresh()
        return taken

    def _save_name(self, name: str) -> str:
        """Save ``name`` as the learner's name, carry the unnamed tags over and save under it from now on; say so."""
        paths.save_name(name)
        name = paths.saved_name()
        carried = unnamed_work.carry_over_words(name)
        progress.move_to_name(self.session, name)
        self.sync()
        return f" Your name, {name}, is saved: every lesson uses it now.{carried}"

    def handle_key(self, event: dict) -> None:
        """React to a key event as ipyevents sends it: digits choose levels, arrows move; text fields are ignored."""
        target = (event.get("target") or {}).get("tagName", "")
        if target.upper() in ("INPUT", "TEXTAREA", "SELECT") or any(event.get(m) for m in ("ctrlKey", "altKey", "metaKey")):
            return
        key = event.get("key", "")
        level = self.session.taxonomy.by_shortcut(key)
        if level is not None:
            self.choose(level.key)
        elif key == "ArrowRight":
            self.go(1)
        elif key == "ArrowLeft":
            self.go(-1)

    # ---- keeping the view in step with the session and its file ----
    def sync(self) -> None:
        """Take in what another tagger of this learner saved (the tagger does this before it moves or redraws)."""
        store = self.session.store
        if store is None:
            return
        self._acting = True  # the caller redraws once, after
        try:
            arrived = store.sync(self.session).arrived
        except (MedialitError, OSError) as exc:
            self._set_status(f"Could not read your progress file: {exc}", error=True)
            return
        finally:
            self._acting = False
        if arrived:
            self._set_status(f"Took in {len(arrived)} change(s) saved by another tagger of {self.session.learner or 'yours'}.")

    def _act(self, action, done=None) -> None:
        """Run a change (tag, clear, note, undo, redo), then say what happened: saved, refused, or not saved."""
        store = self.session.store
        saves = store.saves if store else 0
        self._acting = True
        try:
            result = action()
        except (MedialitError, OSError) as exc:
            if store is not None and exc is store.error:  # the change was made; writing it failed
                self._set_status(f"Not saved: {exc} Your change is kept here and is saved with your next change.", error=True)
            else:  # refused: nothing changed
                self._set_status(str(exc), error=True)
            self.refresh()
            return
        finally:
            self._acting = False
        if isinstance(result, Change):
            self._show_change(result)
        message = done(result) if done is not None and result else ""
        if store is not None and store.saves > saves:
            message = f"{message} Saved at {store.saved_at:%H:%M:%S} to {store.location}".strip()
            self._saves_reported = store.saves
        if message:
            self._set_status(message)
        self.refresh()

    def _on_session_change(self, session: TaggingSession) -> None:
        """A change made from code (a notebook cell) or taken in from another tagger: show it, and whether it was saved.

        The store saves before this runs (it listens first), so a failed save is already in ``store.error``: the
        widget shows the new level and says it is not saved yet, never the old level as if nothing happened.
        """
        if self._acting:  # the tagger's own change: _act reports it
            return
        store = session.store
        if store is not None and store.error is not None:
            self._set_status(f"Not saved: {store.error} The change is kept here and is saved with the next change.", error=True)
        elif store is not None and store.saves > self._saves_reported:
            self._set_status(f"Saved at {store.saved_at:%H:%M:%S} to {store.location}")
        self._saves_reported = store.saves if store is not None else 0
        self.refresh()

    def _on_filter(self, change) -> None:
        if self._quiet:
            return
        self.sync()
        section = self.section_filter.value
        ids = self.tagging.claim_ids(section, untagged=self.untagged_only.value)
        if self.current not in ids:
            self._move(ids[0] if ids else None)
        else:
            self.refresh()

    def _on_note(self, change) -> None:
        """A key typed in the note field: keep the text, and save it once the learner pauses (:data:`NOTE_DELAY`)."""
        if self._quiet or self.current is None:
            return
        claim_id, text = self.current, change["new"]
        self._pending_notes[claim_id] = text  # kept in the field either way: nothing typed is lost
        problem = self._note_problem(claim_id, text)
        if problem or self.tagging.level_of(claim_id) is None:
            self._cancel_note_timer()
            self._set_status(problem or "Note kept: it is saved with the level you choose.", error=bool(problem))
            return
        loop = _note_loop()
        self._cancel_note_timer()
        if loop is None or self.note_delay <= 0:  # no event loop (a script, a test): save at once
            self.save_note()
        else:
            self._note_timer = loop.call_later(self.note_delay, self.save_note)

    def save_note(self) -> None:
        """Save every note typed but not saved yet (what the pause after typing does; moving on does it too).

        A note for a claim without a level waits for the level; a note that cannot be saved stays in the field with
        its message. Runs on the kernel's own thread (the event loop), never beside a change made by a cell.
        """
        self._cancel_note_timer()
        for claim_id, text in list(self._pending_notes.items()):
            if self.tagging.level_of(claim_id) is None or self._note_problem(claim_id, text):
                continue
            del self._pending_notes[claim_id]
            if self.tagging.note_of(claim_id) != text:
                self._act(lambda claim_id=claim_id, text=text: self.tagging.set_note(claim_id, text))

    def _cancel_note_timer(self) -> None:
        if self._note_timer is not None:
            self._note_timer.cancel()
            self._note_timer = None

    def _note_problem(self, claim_id: str, text: str) -> str | None:
        """Why this note cannot be saved (the message for the status line), or None."""
        try:
            self.session.check_note(claim_id, text)
        except MedialitError as exc:
            return f"{exc} Your text stays in the note field."
        return None

    def _move(self, claim_id: str | None) -> None:
        self.save_note()  # the note typed for the claim being left is saved before the view changes
        if claim_id is not None:
            self.current = claim_id
        self.compare_view.layout.display = "none"
        self.refresh()

    def _set_status(self, text: str, *, error: bool = False) -> None:
        colour = "#B00020" if error else LIGHT
        self.status.value = f"<span role='status' style='color:{colour}'>{'⚠ ' if error else ''}{html.escape(text)}</span>"

    def _key_entry(self):
        """The answer key's entry for the current claim (None without a key, or for a claim it does not cover)."""
        return self.answer_key.get(self.current) if self.answer_key is not None and self.current else None

    def refresh(self) -> None:
        """Redraw everything from the session: claim, buttons, note, progress, chart, comparison."""
        s, tagging, current = self.session, self.tagging, self.current
        chosen = tagging.level_of(current) if current else None
        self.claim_view.value = claim_card_html(tagging, current)
        for key, button in self.level_buttons.items():
            level = s.taxonomy[key]
            selected = key == chosen
            button.description = f"{'✓ ' if selected else ''}{level.shortcut} · {level.label}"
            button.button_style = "info" if selected else ""
            (button.add_class if selected else button.remove_class)(CSS_CLASSES["selected"])
            button.disabled = current is None
        self.undo_button.disabled, self.redo_button.disabled = not s.can_undo, not s.can_redo
        self.clear_button.disabled = chosen is None
        self.compare_button.disabled = chosen is None
        if chosen is None:
            self.compare_view.layout.display = "none"
        elif self.compare_view.layout.display != "none":
            self.compare_view.value = comparison_html(tagging, current, self._key_entry())
        self._quiet = True
        try:
            saved_note = tagging.note_of(current) if chosen and current else ""
            self.note.value = self._pending_notes.get(current, saved_note) if current else ""
        finally:
            self._quiet = False
        section = self.section_filter.value
        overall = tagging.progress()
        self.progress_bar.max, self.progress_bar.value = max(1, overall.total), overall.tagged
        here = f" · {tagging.progress(section).tagged} of {tagging.progress(section).total} in {section}" if section else ""
        self.progress_text.value = f"{overall}{here}"
        frame = tagging.to_frame(all_claims=True)
        png = self.chart.update(frame)
        counts = s.taxonomy.count(frame["level"])
        parts = [f"{counts[level.key]} {level.label.lower()}" for level in s.taxonomy if counts[level.key]]
        words = f"{'; '.join(parts) or 'nothing tagged yet'} ({overall})"
        alt = html.escape(f"Chart of your tags by level and by section: {words}.", quote=True)
        self.chart_view.value = f"<img class='medialit-chart-image' src='data:image/png;base64,{base64.b64encode(png).decode('ascii')}' alt='{alt}' style='max-width:100%;height:auto'>"
        self.chart_summary.value = f"<span style='color:{LIGHT}'>Chart in words: {html.escape(words)}.</span>"


def _note_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop of the Jupyter kernel this tagger runs in, to save a note after a pause; None elsewhere (a
    script, a test: the note is then saved at once). A widget callback in a kernel runs inside its loop."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover (IPython comes with ipywidgets)
        return None
    if getattr(get_ipython(), "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
