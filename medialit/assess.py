"""``medialit.assess("90.1")``: one task of the before/after assessment as a widget, answered without any code.

>>> assessment_text("before")      # the text and its search results, once above the tasks; a widget, shown by a notebook   # doctest: +SKIP
>>> assess("90.1")                 # task 1 of the form taken before lesson 01; saves to the exercise log   # doctest: +SKIP

What a learner does, top to bottom: read the task's question (and the sentence it is about); write the answer (or,
for task 2, tick the sentences that are factual claims and say why one is not); press **Hand in this answer**. The
answer is then saved in the exercise log (:mod:`medialit.exercise_log`) and locked: an assessment measures what a
learner could do before seeing the rubric, so it cannot be changed afterwards. Only then does the widget show the
rubric for the task's criterion, with its points, and an exemplar answer at each level for this text; the learner
scores their own answer with one button per level. That score is labelled a self-assessment and saved with the
answer (a later press replaces it); a teacher's score, if any, comes later (``medialit assess-sheet``) and counts
instead of it. Running the cell again resumes: the answer, locked, the rubric and the score.

**Handing the answers in.** The answers and self-scores go to the teacher with every hand-in (or export) of the
learner's tags made after them (:func:`medialit.progress.submission`). At the end of a form,
:func:`hand_in_answers` is a *Hand in your answers* button that does that at once, with the learner's tags on the
series' article: into the class inbox on a hub that has one, else as a file to give the teacher. The answers go
even if the learner has tagged nothing yet (:func:`medialit.progress.submission_problem`: a hand-in needs tags *or*
answers); without a saved name the button says to save one in lesson 00's name box.

Every control is a native text field, checkbox or button with a text label, every piece of text is escaped
before it becomes HTML, and the callbacks never print: what happens is shown in the widget.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from . import exercise_log, handin, progress
from .ask import STYLE
from .ask_controls import ButtonGroup, CheckboxList, TextAnswer
from .assessment import Assessment, FormTask, form_html, form_text, load_assessment
from .errors import MedialitError, UnknownExerciseError
from .feedback import prose_problem

__all__ = ["AssessTask", "AssessmentText", "AnswersHandIn", "assess", "assessment_text", "hand_in_answers"]

SELF = "Self-assessment: your own score, not your teacher's."


def _e(text: object) -> str:
    return html.escape(str(text))


def _numbers(numbers) -> str:
    numbers = [str(n) for n in numbers]
    return "none" if not numbers else numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " and " + numbers[-1]


def _say(view: widgets.HTML, words: str) -> None:
    """Show ``words`` (escaped) in a status line; nothing for ``""``."""
    view.value = f"<p style='margin:0.2em 0;font-size:0.95em'>{_e(words)}</p>" if words else ""


def _disable(widget) -> None:
    """Lock a control and everything in it (a handed-in answer cannot change)."""
    if hasattr(widget, "disabled"):
        widget.disabled = True
    for child in getattr(widget, "children", ()):
        _disable(child)


class AssessmentText:
    """A form's text and search results, shown as HTML in a notebook (and as plain text elsewhere)."""

    def __init__(self, form: str = "before", *, assessment: Assessment | None = None):
        self.assessment = assessment or load_assessment()
        self.form = self.assessment.form(form)

    def _repr_html_(self) -> str:
        return form_html(self.assessment, self.form)

    def __str__(self) -> str:
        return form_text(self.assessment, self.form)

    __repr__ = __str__


class AssessTask:
    """One assessment task as a widget: answer, hand in (then locked), see the rubric and exemplars, score yourself.

    ``log_path`` saves to (and resumes from) another exercise log than the learner's own (the tests use it);
    ``ask.widget`` is the ipywidgets box. :meth:`hand_in` and :meth:`score` are what the buttons do.
    """

    def __init__(self, task_id: str, *, log_path=None, assessment: Assessment | None = None):
        self.assessment = assessment or load_assessment()
        try:
            self.asked: FormTask = self.assessment.task(task_id)
        except KeyError:
            raise UnknownExerciseError(task_id, self.assessment.task_ids()) from None
        self.id = self.asked.id
        self.log_path = log_path
        self.handed_in = False
        self._build()
        self._resume()

    # ---- building ----
    def _build(self) -> None:
        task, form, least = self.asked.task, self.asked.form, self.assessment.min_words
        quote = f"<blockquote><strong>Sentence {task.quote}:</strong> “{_e(form.sentence(task.quote).text)}”</blockquote>" if task.quote else ""
        self.header = widgets.HTML(f"<h3 style='margin:0.2em 0'>{_e(self.id)} · {_e(task.name)}</h3><p style='margin:0.3em 0'>{_e(task.question)}</p>{quote}")
        self.reason = None
        if task.kind == "sentences":
            self.control: CheckboxList | TextAnswer = CheckboxList([(str(s.number), f"{s.number}. {s.text}") for s in form.sentences], label="Tick every sentence that is a factual claim:")
            self.reason = widgets.Textarea(description="Why", placeholder=f"One sentence you did not tick, and why it is not a factual claim (at least {least} words)",
                                           rows=3, layout=widgets.Layout(width="95%"), style={"description_width": "initial"})
        else:
            self.control = TextAnswer(label=f"Write your answer (at least {least} words):", placeholder="Your answer, in full sentences", lines=5)
        self.prompt = widgets.HTML(f"<p style='margin:0.4em 0 0.2em 0'><strong>{_e(self.control.label)}</strong></p>")
        self.hand_in_button = widgets.Button(description="Hand in this answer", layout=widgets.Layout(width="auto"),
                                             tooltip="Save your answer. After that it cannot change, and you see the rubric and answers at each level.")
        self.hand_in_button.on_click(lambda _: self.hand_in())
        self.status = widgets.HTML()
        self.rubric_view = widgets.HTML()
        self.score_prompt = widgets.HTML(f"<p style='margin:0.6em 0 0.2em 0'><strong>{_e(SELF)}</strong> Which level does your answer reach? Compare it with the rubric and the answers above.</p>")
        self.scores = ButtonGroup([(str(points), f"{level.title()} · {points} point{'s' if points != 1 else ''}") for level, points in self.assessment.levels], label=SELF)
        self.scores.on_change(lambda value: self.score(int(value)))
        self.score_status = widgets.HTML()
        self.after = widgets.VBox([])  # filled once the answer is handed in
        for control, name in [(self.header, "header"), (self.control.widget, "control"), (self.hand_in_button, "hand-in"), (self.status, "status"),
                              (self.rubric_view, "rubric"), (self.scores.widget, "scores"), (self.score_status, "score-status")]:
            control.add_class(f"medialit-assess-{name}")
        parts = [widgets.HTML(STYLE), self.header, self.prompt, self.control.widget] + ([self.reason] if self.reason is not None else [])
        self.widget = widgets.VBox(parts + [self.hand_in_button, self.status, self.after])
        self.widget.add_class("medialit-ask")  # the same look as the lessons' exercises
        self.widget.add_class(f"medialit-assess-{self.id.replace('.', '-')}")

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    # ---- what the learner does ----
    def hand_in(self) -> bool:
        """What *Hand in this answer* does: check the answer is one, save it, lock it, show the rubric. True if saved."""
        if self.handed_in:
            return True
        answer = self.control.value
        reason = self.reason.value.strip() if self.reason is not None else None
        problem = prose_problem(reason if reason is not None else str(answer), self.assessment.min_words) or exercise_log.assessed_problem(answer, reason)
        if problem:
            _say(self.status, f"Not handed in yet: {problem}")
            return False
        if not exercise_log.record(self.id, "answered", self.log_path, answer=answer, reason=reason):
            where = "nbgrader is running this notebook" if exercise_log.under_grader() else f"{self.log_path or exercise_log.record_path()} could not be read or written"
            _say(self.status, f"Not handed in: {where}. Your answer is still in the box; tell your teacher.")
            return False
        self._reveal("Locked and saved on your account: your answer cannot change now. It reaches your teacher when you hand in "
                     "(the end of this notebook says how). Read the rubric and the answers below, then score yourself.")
        return True

    def score(self, points: int) -> bool:
        """What a level's button does: save the learner's own score of their handed-in answer. True if saved."""
        if not self.handed_in:
            _say(self.score_status, "Hand in your answer first; then score it.")
            return False
        level = self.assessment.level_of(points).title()
        if exercise_log.record_self_score(self.id, points, self.log_path):
            _say(self.score_status, f"Saved your self-assessment: {level} ({points} point{'s' if points != 1 else ''}). You can change it. Your teacher may score your answer too.")
            return True
        _say(self.score_status, f"Not saved: {self.log_path or exercise_log.record_path()} could not be read or written. Tell your teacher your score: {level}.")
        return False

    # ---- what the learner sees ----
    def _reveal(self, status: str) -> None:
        """Lock the answer and show the rubric, the exemplars and the self-score buttons."""
        self.handed_in = True
        _disable(self.control.widget)
        if self.reason is not None:
            self.reason.disabled = True
        self.hand_in_button.disabled = True
        self.hand_in_button.description = "Handed in"
        _say(self.status, status)
        self.rubric_view.value = self._rubric_html()
        self.after.children = [self.rubric_view, self.score_prompt, self.scores.widget, self.score_status]

    def _rubric_html(self) -> str:
        task, form = self.asked.task, self.asked.form
        rows = "".join(f"<tr><th scope='row'>{_e(level.title())}</th><td>{points}</td><td>{_e(task.rubric[level])}</td></tr>" for level, points in reversed(self.assessment.levels))
        page = (f"<h4 style='margin:0.6em 0 0.2em 0'>The rubric: {_e(task.name)}</h4><table><caption>What each level looks like, and its points</caption>"
                f"<thead><tr><th scope='col'>Level</th><th scope='col'>Points</th><th scope='col'>What the answer does</th></tr></thead><tbody>{rows}</tbody></table>")
        if task.kind == "sentences":
            mine = [int(n) for n in self.control.value]
            page += (f"<p style='margin:0.4em 0'>You ticked {_e(_numbers(mine))}. A careful reader ticks {_e(_numbers(form.claims()))}: your ticks sort "
                     f"{self.asked.agreement(mine)} of the {len(form.sentences)} sentences the same way.</p>")
        page += "<h4 style='margin:0.6em 0 0.2em 0'>Answers at each level, for this text</h4>"
        for level, points in reversed(self.assessment.levels):
            ticks = f"Ticked: {_numbers(form.ticked[task.number][level])}. " if task.kind == "sentences" else ""
            page += f"<p style='margin:0.3em 0 0 0'><strong>{_e(level.title())} ({points})</strong></p><blockquote>{_e(ticks + self.asked.exemplar(level))}</blockquote>"
        return page

    def _resume(self) -> None:
        entry = (exercise_log.read_record(self.log_path) or {}).get(self.id, {})
        if "answer" not in entry:
            return
        self.control.value = entry["answer"]
        if self.reason is not None and isinstance(entry.get("reason"), str):
            self.reason.value = entry["reason"]
        self._reveal(f"Your answer, handed in on {str(entry.get('updated', ''))[:10] or 'an earlier day'}. It cannot change now.")
        points = entry.get("self_score")
        if isinstance(points, int) and points in dict(self.assessment.levels).values():
            self.scores.value = str(points)
            _say(self.score_status, f"Your self-assessment: {self.assessment.level_of(points).title()} ({points} point{'s' if points != 1 else ''}). You can change it.")


class AnswersHandIn:
    """*Hand in your answers*: the learner's tags on the series' article go to the teacher, and the assessment's
    answers and self-scores with them (see the module). :meth:`hand_in` is what the button does; ``name`` is the
    learner (default: the hub user, else the name saved in lesson 00)."""

    def __init__(self, name: str | None = None):
        self.name = name
        self.button = widgets.Button(description="Hand in your answers", layout=widgets.Layout(width="auto"),
                                     tooltip="Send your answers and scores to your teacher, with your tags. Handing in again replaces your earlier hand-in.")
        self.button.on_click(lambda _: self.hand_in())
        self.status = widgets.HTML()
        self.button.add_class("medialit-assess-hand-in-answers")
        self.status.add_class("medialit-assess-hand-in-status")
        self.widget = widgets.VBox([widgets.HTML(STYLE), self.button, self.status])
        self.widget.add_class("medialit-ask")

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def hand_in(self):
        """Hand in (or export) the learner's tags with their answers; the file written, or None (the widget says why)."""
        try:
            session = progress.open_session(self.name, autosave=False)
            refused = progress.submission_problem(session, session.learner, again=f"press {self.button.description} again")
            if refused:
                _say(self.status, f"Not handed in yet: {refused[0]} Fix: {refused[1]}")
                return None
            target, handed_in = handin.hand_in_or_export(session)
        except (MedialitError, OSError) as exc:
            _say(self.status, f"Not handed in: {exc}")
            return None
        done = "Handed in to your teacher's class inbox" if handed_in else f"Saved for your teacher as {target}. Give them that file"
        tags = "with your tags" if session.first.tags() or session.lateral.tags() else "(you have no tags yet: they go with your next hand-in)"
        _say(self.status, f"{done}: your answers and scores, {tags}. If you change a score, press the button again.")
        return target


def assess(task_id: str) -> AssessTask:
    """The assessment task ``task_id`` ("90.1") as a widget: make it the last line of a cell."""
    return AssessTask(task_id)


def assessment_text(form: str = "before") -> AssessmentText:
    """The text of the assessment form ``form`` ("before" or "after") and its search results, to read first."""
    return AssessmentText(form)


def hand_in_answers(name: str | None = None) -> AnswersHandIn:
    """The *Hand in your answers* button for the end of a form (see the module): make it the last line of a cell."""
    return AnswersHandIn(name)
