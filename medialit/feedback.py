"""Instant feedback on exercises: ``medialit.check("04.2", answer)`` says correct or not yet, with a hint.

>>> result = check("01.2", 6)
>>> result.correct, result.status
(True, 'correct')
>>> check("01.2", ...).status            # a fresh exercise: never an error, just "not answered yet"
'unanswered'

What a learner sees is an HTML box (a text version too, for screen readers and plain terminals):

* **Correct**, with the reasoning behind the answer (for evidence levels: the answer key's reason, its
  confidence, and every level the key counts as defensible);
* **Not yet**, with remarks about the learner's own answer and a hint that points to the idea, never the answer;
* **Answered** for written answers (kind ``rubric``) that are prose on the question (enough words, enough
  different words, at least one of the ideas it is about): which ideas a strong answer touches are there, and the
  Proficient / Emergent / Basic rubric to grade oneself by;
* **Not answered yet** for ``None``, ``...`` or an empty answer.

The same verdicts and words appear in the reading track's widget, ``medialit.ask("04.2")`` (:mod:`medialit.ask`).
Every check is remembered for this kernel session, and :func:`summary` ("04") lists what is done and what is
left in a notebook. Re-running the notebook (Run All) re-checks every answer written in it; the best status of
each exercise is also saved across sessions (:mod:`medialit.exercise_log`; ``check`` saves the status, the widget
also the answer so it can resume). :func:`evaluate` gives the verdict alone, saving nothing. The questions, answers,
hints and rubrics are in ``data/exercises.toml`` (see :mod:`medialit.exercise_bank`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from . import answers, exercise_log
from .exercise_bank import Exercise, exercise, notebook_exercises

__all__ = ["Result", "Summary", "check", "evaluate", "record", "remember", "summary", "results", "reset", "prose_problem"]

STATUSES = {  # status: (symbol, words, colour: Okabe-Ito, never the only cue)
    "correct": ("✓", "Correct", "#009E73"),
    "answered": ("✎", "Answered: compare with the rubric", "#0072B2"),
    "not_yet": ("✗", "Not yet", "#D55E00"),
    "unanswered": ("○", "Not answered yet", "#999999"),
}
_session: dict[str, "Result"] = {}
GATE_YES = ("claim", "a claim", "factual claim", "a factual claim", "yes")
GATE_NO = ("not a claim", "not_a_claim", "not a factual claim", "no", "opinion")
GATE_CHOICES = [("claim", "A factual claim"), ("not a claim", "Not a factual claim")]  # the widget's two buttons
MIN_DISTINCT_SHARE = 0.3  # a written answer with fewer different words than this share of its words repeats itself


@dataclass(frozen=True)
class Result:
    """The outcome of one check. ``correct`` is True only for a right answer; ``done`` also counts a written
    answer to a rubric exercise. ``hint`` is empty when the answer is right or missing."""

    exercise_id: str
    title: str
    status: str
    remarks: tuple[str, ...] = ()
    hint: str = ""
    explanation: str = ""
    rubric: tuple[tuple[str, str], ...] = ()
    ideas_found: tuple[str, ...] = ()
    ideas_missing: tuple[str, ...] = ()

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    @property
    def done(self) -> bool:
        return self.status in ("correct", "answered")

    def _sections(self) -> list[tuple[str, str]]:
        parts = [("", remark) for remark in self.remarks]
        if self.ideas_found:
            parts.append(("Your answer touches", "; ".join(self.ideas_found) + "."))
        if self.ideas_missing:
            parts.append(("Not there yet", "; ".join(self.ideas_missing) + "."))
        if self.hint:
            parts.append(("Hint", self.hint))
        if self.explanation:
            parts.append(("Why", self.explanation))
        parts.extend((grade, text) for grade, text in self.rubric)
        return parts

    def __str__(self) -> str:
        symbol, words, _ = STATUSES[self.status]
        lines = [f"{symbol} {words} — {self.exercise_id} {self.title}"]
        lines += [f"{label}: {text}" if label else text for label, text in self._sections()]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        symbol, words, colour = STATUSES[self.status]
        rows = "".join(f"<p style='margin:0.3em 0'>{f'<strong>{html.escape(label)}:</strong> ' if label else ''}{html.escape(text)}</p>" for label, text in self._sections())
        return (
            f"<div class='medialit-feedback medialit-{self.status}' data-exercise='{html.escape(self.exercise_id)}' role='status' "
            f"style='border-left:6px solid {colour};padding:0.4em 0.8em;margin:0.3em 0'>"
            f"<p style='margin:0.2em 0'><strong>{symbol} {html.escape(words)}</strong> — {html.escape(self.exercise_id)} "
            f"{html.escape(self.title)}</p>{rows}</div>"
        )


def _level_result(item: Exercise, answer: object) -> Result:
    from .data import load_taxonomy

    taxonomy = load_taxonomy()
    key = None
    if "claim" in item.spec:  # the answer key decides; imported here, so the key is only read when needed
        from .answer_key import key_for

        key = key_for(item.spec["claim"])
        accepted = [key.level, *key.defensible]
    else:
        accepted = [item.spec["answer"], *item.spec.get("accept_also", [])]
    gate = bool(item.spec.get("gate"))
    if gate:  # "is it a factual claim at all?": the key's levels read as claim / not a claim
        choice = answers.normalise(answer)
        chosen = "not_a_claim" if choice in GATE_NO else ("claim" if choice in GATE_YES else None)
        accepted = sorted({"not_a_claim" if level == "not_a_claim" else "claim" for level in accepted})
        menu = "'claim' or 'not a claim'"
    else:
        chosen = answers.level_key(answer, taxonomy)
        menu = "one of " + ", ".join(taxonomy.keys)
    if chosen is None:
        return Result(item.id, item.title, "not_yet", (f"{str(answer)[:60]!r} is not a level here; answer with {menu}.",), item.hint)
    if chosen not in accepted:
        remarks: tuple[str, ...] = ()
        if not gate:
            remarks = (f"You chose {taxonomy[chosen].label}. Ask that level's question of the claim: {taxonomy[chosen].question}",)
        return Result(item.id, item.title, "not_yet", remarks, item.hint)
    others = [taxonomy[k].label for k in accepted if k != chosen and not gate]
    also = f" The key also accepts: {', '.join(others)}." if others else ""
    if key is None:
        explanation = also.strip()
    elif gate:
        explanation = f"The answer key: {key.reason}"
    else:
        explanation = f"The answer key ({key.confidence}) says {taxonomy[key.level].label}: {key.reason}{also}"
    return Result(item.id, item.title, "correct", explanation=" ".join(filter(None, [explanation, item.explain])))


def _rubric_result(item: Exercise, answer: object) -> Result:
    """A written answer is "answered" only when it is prose on the question: long enough, made of enough different
    words (forty times "banana" is not an answer), and touching at least one of the ideas the question is about."""
    if not isinstance(answer, str):
        return Result(item.id, item.title, "not_yet", ("Write your answer as text in quotes (\"\"\"...\"\"\" for several lines).",), item.hint)
    problem = prose_problem(answer, int(item.spec.get("min_words", 15)))
    if problem:
        return Result(item.id, item.title, "not_yet", (problem,), item.hint)
    text = answers.normalise(answer)
    found = [label for label, cues in item.spec["ideas"].items() if any(re.search(r"\b" + re.escape(answers.normalise(cue)), text) for cue in cues)]
    missing = [label for label in item.spec["ideas"] if label not in found]
    if not found:
        return Result(item.id, item.title, "not_yet", ("Your answer does not speak to this question yet: it touches none of the ideas the question is about.",), item.hint)
    return Result(item.id, item.title, "answered", hint=item.hint if missing else "", explanation=item.explain, rubric=tuple(item.rubric()), ideas_found=tuple(found), ideas_missing=tuple(missing))


def prose_problem(text: str, least: int) -> str:
    """Why ``text`` is not yet a written answer, in words for the learner; ``""`` when it is: at least ``least``
    words, and enough different words (forty times "banana", or one sentence pasted six times, is not an answer).

    >>> prose_problem("I would search for the study and the company behind the group.", 8)
    ''
    >>> prose_problem("banana " * 40, 8)[:42]
    'Your answer uses 1 different word(s) in 40'
    """
    written = answers.words(text)
    if len(written) < least:
        return f"{len(written)} word(s) so far; a reasoned answer needs at least {least}: a claim, a reason, and evidence."
    distinct = len({word.casefold() for word in written})
    if distinct < least / 2 or distinct < MIN_DISTINCT_SHARE * len(written):
        return f"Your answer uses {distinct} different word(s) in {len(written)}: it repeats itself. Say it once, in your own sentences: a claim, a reason, and evidence."
    return ""


def evaluate(exercise_id: str, answer: object = None) -> Result:
    """The feedback on ``answer`` for exercise ``exercise_id``, and nothing else: no display, nothing remembered or
    saved (the autograder's hidden tests use it). Raises only for an exercise ID the series does not have."""
    item = exercise(exercise_id)
    if answers.is_unanswered(answer):
        return Result(item.id, item.title, "unanswered", ("Write your answer in the cell above (replace the ...), then run both cells.",))
    if item.kind == "level":
        return _level_result(item, answer)
    if item.kind == "rubric":
        return _rubric_result(item, answer)
    verdict = answers.compare(item.kind, answer, item.spec)
    if verdict.correct:
        return Result(item.id, item.title, "correct", tuple(verdict.remarks), explanation=item.explain)
    return Result(item.id, item.title, "not_yet", tuple(verdict.remarks), item.hint)


def remember(result: Result) -> None:
    """Count ``result`` in this kernel session's :func:`summary` (a resumed answer is remembered this way)."""
    _session[result.exercise_id] = result


def record(result: Result, **saved) -> bool:
    """Remember ``result`` and save its status in the exercise log (``saved``: ``answer=``, ``reason=``, kept with
    it so a widget can resume). Returns False when nothing was saved; never raises."""
    remember(result)
    if result.status == "unanswered":
        return False
    return exercise_log.record(result.exercise_id, result.status, **saved)


def check(exercise_id: str, answer: object = None) -> Result:
    """Check ``answer`` for exercise ``exercise_id`` ("04.2"), show the feedback, and remember it for :func:`summary`.

    Raises only for an exercise ID the series does not have; any answer, however odd, gets feedback. The status is
    saved in the exercise log (the answer itself stays in the notebook it was written in).
    """
    result = evaluate(exercise_id, answer)
    record(result)
    return result


@dataclass(frozen=True)
class Summary:
    """What is done and what is left in one notebook, from the checks run in this kernel session."""

    notebook: str
    rows: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)  # (id, title, status or "unchecked")
    saved_done: tuple[str, ...] | None = None  # done in any session, from the saved record (None: unreadable)

    @property
    def done(self) -> list[str]:
        return [ident for ident, _, status in self.rows if status in ("correct", "answered")]

    @property
    def left(self) -> list[str]:
        return [ident for ident, _, status in self.rows if status not in ("correct", "answered")]

    def _status_words(self, status: str) -> str:
        return "Not checked yet (run its cells)" if status == "unchecked" else STATUSES[status][1]

    def __str__(self) -> str:
        lines = [f"Exercises {self.notebook}: {len(self.done)} of {len(self.rows)} done."]
        lines += [f"  {'✓' if ident in self.done else '·'} {ident} {title}: {self._status_words(status)}" for ident, title, status in self.rows]
        if self.left:
            lines.append("Left to do: " + ", ".join(self.left) + ".")
        else:
            lines.append("All done. Well reasoned!")
        lines.append(self._saved_words())
        return "\n".join(lines)

    def _saved_words(self) -> str:
        if self.saved_done is None:
            return f"Your saved record ({exercise_log.record_path()}) could not be read, so it is left as it is."
        return f"In all your sessions so far: {len(self.saved_done)} of {len(self.rows)} done (saved in {exercise_log.record_path()})."


    __repr__ = __str__

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        body = "".join(
            f"<tr><td>{'✓ done' if ident in self.done else '· to do'}</td><td>{html.escape(ident)}</td><td>{html.escape(title)}</td><td>{html.escape(self._status_words(status))}</td></tr>"
            for ident, title, status in self.rows
        )
        left = f"Left to do: {html.escape(', '.join(self.left))}." if self.left else "All done. Well reasoned!"
        return (
            f"<div class='medialit-summary'><p><strong>Exercises {html.escape(self.notebook)}: {len(self.done)} of {len(self.rows)} done.</strong> {left}</p>"
            f"<table><caption>Your progress in this notebook</caption><thead><tr><th scope='col'>Done?</th><th scope='col'>Exercise</th>"
            f"<th scope='col'>Title</th><th scope='col'>Status</th></tr></thead><tbody>{body}</tbody></table>"
            f"<p>{html.escape(self._saved_words())}</p></div>"
        )


def summary(notebook: str | int) -> Summary:
    """Progress in one notebook ("04"): each exercise's latest check in this kernel session."""
    items = notebook_exercises(notebook)
    rows = tuple((item.id, item.title, _session[item.id].status if item.id in _session else "unchecked") for item in items)
    saved = exercise_log.read_record()
    saved_done = None if saved is None else tuple(i.id for i in items if saved.get(i.id, {}).get("status") in ("correct", "answered"))
    return Summary(f"{int(str(notebook)[:2]):02d}", rows, saved_done)


def results() -> dict[str, Result]:
    """The latest result of every exercise checked in this kernel session, by ID."""
    return dict(_session)


def reset() -> None:
    """Forget this session's results (the tests use it; a learner can restart the kernel instead)."""
    _session.clear()
