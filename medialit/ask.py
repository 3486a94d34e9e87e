"""``medialit.ask("04.2")``: a reading-track exercise as a widget, answered without typing any code.

>>> ask("04.1")                    # a widget, shown by a notebook   # doctest: +SKIP

Make it the last line of a cell. What a learner sees, top to bottom: the exercise's number and title, its question
(from ``data/exercises.toml``) and the claims it quotes; the control that answers it (:mod:`medialit.ask_controls`:
buttons to choose one, an evidence level with its question as the tooltip, checkboxes to pick claims, a button per
word of a sentence, a text field, or a text box for a written answer); a reason box for the levels that ask for one;
*Check* and *Show a hint*; and the feedback, in the same verdicts and words as ``medialit.check``: correct (with the
explanation), not yet (with the hint), or answered (a written answer: the ideas it touches and the rubric to check it
against, then one strong answer to compare with). Nothing from the answer or the key is shown before the learner has
answered.

*Check* saves the answer and its result in the exercise log (:mod:`medialit.exercise_log`); running the cell again
resumes with the saved answer and its feedback. Every control is a native button, checkbox or text field with a
text label (Tab reaches it, Enter or Space works it), and every piece of text is escaped before it becomes HTML.
Callbacks never print: what happens is shown in the widget. After a kernel restart the cell says "run this cell
again" instead of an error (:mod:`medialit.rerun_note`).
"""

from __future__ import annotations

import html
from dataclasses import replace
from functools import lru_cache

import ipywidgets as widgets

from . import exercise_log, feedback, rerun_note
from .ask_controls import control_for
from .exercise_bank import Exercise, NotAReadingExerciseError, exercise

__all__ = ["Ask", "ask"]

STYLE = (
    "<style>"
    ".medialit-ask .widget-html-content {line-height: 1.45}"
    ".medialit-ask textarea:focus-visible, .medialit-ask input:focus-visible {outline: 2px solid #0B4F8A !important; outline-offset: 1px}"
    ".medialit-ask .medialit-option {white-space: normal; height: auto; text-align: left; max-width: 100%}"
    ".medialit-ask .widget-checkbox {height: auto}"
    ".medialit-ask .widget-checkbox label, .medialit-ask .widget-checkbox span {white-space: normal; overflow: visible; height: auto; line-height: 1.4}"
    ".medialit-ask button.medialit-selected {font-weight: bold; box-shadow: inset 0 0 0 2px #0B4F8A}"
    ".medialit-ask blockquote {margin: 0.3em 0 0.3em 1em; padding-left: 0.6em; border-left: 3px solid #767676}"
    "</style>"
)
UNANSWERED = "Choose or write your answer above, then press Check."
WHAT = "the question and its answer box"


@lru_cache(maxsize=8)
def _practice_article(text: str):
    from .article import Article

    return Article.from_text(text, title="Practice article")


def _claim_text(item: Exercise, claim_id: str) -> str:
    from .data import load_article

    article = _practice_article(item.article) if item.article else load_article()
    return article.claim(claim_id).text


def _paragraphs(text: str) -> str:
    return "".join(f"<p style='margin:0.3em 0'>{html.escape(part.strip())}</p>" for part in text.split("\n\n") if part.strip())


class Ask:
    """One reading-track exercise as a widget: question, control, *Check*, hint, feedback; saved and resumed.

    ``log_path`` saves to (and resumes from) another exercise log than the learner's own (the tests use it). Show
    it by making it the last line of a cell; ``ask.widget`` is the ipywidgets box itself.
    """

    def __init__(self, exercise_id: str, *, log_path=None):
        self.item = item = exercise(exercise_id)
        if not item.is_reading:
            raise NotAReadingExerciseError(item.id)
        from .data import load_taxonomy

        self.log_path = log_path
        self.control = control_for(item, lambda claim_id: _claim_text(item, claim_id), load_taxonomy())
        self.result: feedback.Result | None = None
        self._build()
        self._resume()

    # ---- building ----
    def _build(self) -> None:
        item = self.item
        quoted = ([item.spec["claim"]] if "claim" in item.spec else []) + list(item.show)
        quotes = "".join(f"<blockquote><strong>{html.escape(c)}</strong> “{html.escape(_claim_text(item, c))}”</blockquote>" for c in quoted)
        self.header = widgets.HTML(f"<h3 style='margin:0.2em 0'>{html.escape(item.id)} {html.escape(item.title)}</h3>{_paragraphs(item.question)}{quotes}")
        self.prompt = widgets.HTML(f"<p style='margin:0.4em 0 0.2em 0'><strong>{html.escape(self.control.label)}</strong></p>")
        self.reason = None
        if self.item.spec.get("reason"):
            self.reason = widgets.Textarea(description="Your reason", placeholder="One sentence that quotes the words deciding the level (kept with your answer; your teacher may read it)",
                                           rows=2, layout=widgets.Layout(width="95%"), style={"description_width": "initial"})
        self.check_button = widgets.Button(description="Check", tooltip="Check your answer and save it", layout=widgets.Layout(width="auto"))
        self.hint_button = widgets.Button(description="Show a hint", tooltip="A hint points to the idea, never to the answer", layout=widgets.Layout(width="auto"))
        self.check_button.on_click(lambda _: self.check())
        self.hint_button.on_click(lambda _: self.toggle_hint())
        self.hint_view = widgets.HTML()
        self.feedback_view = widgets.HTML()
        self.status = widgets.HTML()
        for control, name in [(self.header, "header"), (self.control.widget, "control"), (self.check_button, "check"), (self.hint_button, "hint-button"),
                              (self.hint_view, "hint"), (self.feedback_view, "feedback"), (self.status, "status")]:
            control.add_class(f"medialit-ask-{name}")
        parts = [widgets.HTML(STYLE), self.header, self.prompt, self.control.widget]
        parts += [self.reason] if self.reason is not None else []
        parts += [widgets.HBox([self.check_button, self.hint_button], layout=widgets.Layout(flex_flow="row wrap")), self.hint_view, self.feedback_view, self.status]
        self.widget = widgets.VBox(parts)
        self.widget.add_class("medialit-ask")
        self.widget.add_class(f"medialit-ask-{item.kind}")
        self.widget.add_class(f"medialit-ask-{item.id.replace('.', '-')}")  # a stable selector per exercise

    def _repr_mimebundle_(self, **kwargs):
        return rerun_note.widget_bundle(self.widget, WHAT, **kwargs)

    def _ipython_display_(self) -> None:
        """Show the exercise, with a note that says "run this cell again" if the widget cannot be shown."""
        rerun_note.show(self.widget, WHAT)

    # ---- what the learner does ----
    def check(self) -> feedback.Result:
        """What *Check* does: show the verdict on the answer in the control, and save the answer with it."""
        answer = self.control.value
        reason = self.reason.value.strip() if self.reason is not None else None
        result = feedback.evaluate(self.item.id, answer)
        if result.status == "unanswered":
            self._show(replace(result, remarks=(UNANSWERED,)), "")
            return result
        problem = exercise_log.answer_problem(answer, reason or None)
        if problem:
            feedback.remember(result)
            self._show(result, f"Not saved: {problem}")
        elif feedback.record(result, path=self.log_path, answer=answer, reason=reason or None):
            self._show(result, "Saved: your answer and its result. Run this cell again later and it comes back.")
        else:
            where = "nbgrader is running this notebook" if exercise_log.under_grader() else f"{self.log_path or exercise_log.record_path()} could not be read or written"
            self._show(result, f"Checked, but not saved: {where}.")
        return result

    def toggle_hint(self) -> None:
        """What *Show a hint* does: show the hint (or hide it again). A hint never contains the answer."""
        if self.hint_view.value:
            self.hint_view.value, self.hint_button.description = "", "Show a hint"
        else:
            self.hint_view.value = f"<p style='margin:0.3em 0'><strong>Hint:</strong> {html.escape(self.item.hint)}</p>"
            self.hint_button.description = "Hide the hint"

    # ---- what the learner sees ----
    def _show(self, result: feedback.Result, status: str) -> None:
        self.result = result
        page = result._repr_html_()
        model = self.item.spec.get("model_answer", "")
        if result.status == "answered" and model:
            page += ("<details><summary>One strong answer, to compare with yours (shown now that you have answered)</summary>"
                     f"{_paragraphs(model)}</details>")
        self.feedback_view.value = page
        self.status.value = f"<p style='margin:0.2em 0;font-size:0.9em'>{html.escape(status)}</p>" if status else ""

    def _resume(self) -> None:
        entries = exercise_log.read_record(self.log_path) or {}
        entry = entries.get(self.item.id, {})
        if "answer" not in entry:
            return
        self.control.value = entry["answer"]
        if self.reason is not None and isinstance(entry.get("reason"), str):
            self.reason.value = entry["reason"]
        result = feedback.evaluate(self.item.id, self.control.value)
        if result.status == "unanswered":  # the saved answer no longer fits this exercise: start afresh
            return
        feedback.remember(result)
        self._show(result, f"Your answer saved on {str(entry.get('updated', ''))[:10] or 'an earlier day'}, checked again. Change it and press Check to save a new one.")


def ask(exercise_id: str) -> Ask:
    """The reading-track exercise ``exercise_id`` ("04.2") as a widget: make it the last line of a cell."""
    return Ask(exercise_id)
