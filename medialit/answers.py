"""How a learner's answer is compared with an exercise's: forgiving about form, strict about substance.

Every ``compare_*`` function takes the answer and the exercise and returns a :class:`Verdict`: right or not,
and what to say about it. None of them raises on an odd answer (a number where text was expected, a list where a
chart was expected): the learner is told what kind of answer the exercise wants instead. Reasonable variants are
taken: case, extra spaces and end punctuation in text; any order and any separator in sets; a small numeric
tolerance (and 42 for 0.42 where a share may be given as a percentage); a level's key or its label.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from numbers import Real

__all__ = ["Verdict", "is_unanswered", "normalise", "words", "as_items", "as_number", "compare", "level_key"]

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})
_ENDS = " \t\n.,;:!?\"'()[]"
_CLAIM = re.compile(r"c?0*(\d{1,3})", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")  # letters of any script; "don't" and "op-ed" are one word


@dataclass
class Verdict:
    """The outcome of one comparison: ``correct`` and plain-text remarks about the learner's own answer."""

    correct: bool
    remarks: list[str] = field(default_factory=list)


def is_unanswered(answer: object) -> bool:
    """True for the placeholders of a fresh exercise: None, ``...``, empty text or an empty collection."""
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, str):
        return not answer.strip() or answer.strip().upper().startswith("YOUR ANSWER HERE")
    if hasattr(answer, "empty") and isinstance(answer.empty, bool):  # pandas objects
        return answer.empty
    if isinstance(answer, (list, tuple, set, frozenset, dict)):
        return len(answer) == 0
    return False


def normalise(text: object) -> str:
    """Text as compared: Unicode-normalised, straight quotes, lower case, single spaces, no end punctuation."""
    text = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES).casefold()
    return re.sub(r"\s+", " ", text).strip(_ENDS)


def words(text: str) -> list[str]:
    """The words of a text, in order: runs of letters in any script, numbers and punctuation left out.

    >>> words("Erfan Fard's bio: 2 degrees, no op-ed.")
    ['Erfan', "Fard's", 'bio', 'degrees', 'no', 'op-ed']
    """
    return _WORD.findall(text)


def _item(value: object, claims: bool) -> str:
    text = normalise(value)
    if claims:
        match = _CLAIM.fullmatch(text)
        if match:
            return f"C{int(match.group(1)):03d}"
    return text


def as_items(answer: object, *, claims: bool = False) -> list[str]:
    """A collection answer as normalised items: a list, set, tuple, pandas Series/Index, or text split at , ; or
    new lines. ``claims=True`` reads "c63", "63" and "C063" all as "C063"."""
    if isinstance(answer, str):
        values = re.split(r"[,;\n]", answer)
    elif isinstance(answer, dict):
        values = list(answer)
    elif hasattr(answer, "tolist"):
        values = answer.tolist()
    else:
        values = list(answer)  # type: ignore[call-overload]  # anything else iterable; a TypeError names the rest
    return [item for item in (_item(value, claims) for value in values) if item]


def as_number(answer: object) -> float:
    """A numeric answer as a float: a number, a numpy or pandas scalar, or text such as "0.42" or "42%"."""
    if isinstance(answer, bool):
        raise TypeError("a yes/no value is not a number")
    if isinstance(answer, str):
        text = answer.strip().replace(",", "")
        if text.endswith("%"):
            return float(text[:-1]) / 100
        return float(text)
    if hasattr(answer, "item") and getattr(answer, "size", 1) == 1:
        answer = answer.item()
    if isinstance(answer, (Real, Decimal)):  # not complex: it has no single value to compare
        return float(answer)
    raise TypeError(f"expected a number, got {type(answer).__name__}")


def level_key(answer: object, taxonomy) -> str | None:
    """A level given as its key ("vague_attribution"), its label ("Vague attribution") or an EvidenceLevel."""
    answer = getattr(answer, "key", answer)
    text = normalise(answer)
    for level in taxonomy:
        if text in (level.key, level.key.replace("_", " "), normalise(level.label)):
            return level.key
    underscored = re.sub(r"[\s-]+", "_", text)
    return underscored if underscored in taxonomy else None


def _close(a: float, b: float, tolerance: float) -> bool:
    return math.isclose(a, b, abs_tol=tolerance, rel_tol=1e-9)


def _compare_text(answer, spec) -> Verdict:
    if not isinstance(answer, str):
        return Verdict(False, [f"This exercise wants a short text answer in quotes, not a {type(answer).__name__}."])
    return Verdict(normalise(answer) in {normalise(a) for a in spec["accept"]})


def _compare_number(answer, spec) -> Verdict:
    try:
        value = as_number(answer)
    except (TypeError, ValueError):
        return Verdict(False, [f"This exercise wants a number; {str(answer)[:40]!r} is not one."])
    expected, tolerance = float(spec["answer"]), float(spec.get("tolerance", 0.005))
    if _close(value, expected, tolerance):
        return Verdict(True)
    if spec.get("percent") and _close(value / 100, expected, tolerance):
        return Verdict(True, ["(read as a percentage)"])
    return Verdict(False, [f"Your number: {value:g}."])


def _compare_choice(answer, spec) -> Verdict:
    if isinstance(answer, (list, tuple)) and len(answer) == 1:  # ["C017"] is a choice of one
        answer = answer[0]
    if not isinstance(answer, str):
        return Verdict(False, [f"This exercise wants one of its choices, not a {type(answer).__name__}."])
    claims = spec.get("items") == "claims"
    chosen = _item(answer, claims)
    offered = {_item(option[0] if isinstance(option, list) else option, claims) for option in spec["options"]}
    if chosen not in offered:
        return Verdict(False, [f"{answer[:60]!r} is not one of the choices here."])
    return Verdict(chosen == _item(spec["answer"], claims))


def _compare_set(answer, spec) -> Verdict:
    claims = spec.get("items") == "claims"
    try:
        given = set(as_items(answer, claims=claims))
    except TypeError:
        return Verdict(False, ["This exercise wants several items: a list such as [\"a\", \"b\"]."])
    options = [spec["answer"], *spec.get("accept_also", [])]
    targets = [{_item(value, claims) for value in option} for option in options]
    if given in targets:
        return Verdict(True)
    best = max(targets, key=lambda target: len(given & target) - len(given - target))
    remarks = [f"{len(given & best)} of your {len(given)} item(s) are expected; the answer has {len(best)}."]
    extra = sorted(given - best)
    if extra:
        remarks.append("Not expected: " + ", ".join(extra) + ".")
    return Verdict(False, remarks)


def _compare_mapping(answer, spec) -> Verdict:
    if hasattr(answer, "to_dict") and not hasattr(answer, "columns"):
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        return Verdict(False, [f"This exercise wants a table of key -> value (a dict or a pandas Series), not a {type(answer).__name__}."])
    given = {normalise(k): v for k, v in answer.items()}
    expected = {normalise(k): v for k, v in spec["answer"].items()}
    tolerance = float(spec.get("tolerance", 0.005))
    remarks, wrong = [], []
    missing, extra = sorted(set(expected) - set(given)), sorted(set(given) - set(expected))
    if missing:
        remarks.append(f"{len(missing)} expected key(s) missing.")
    if extra:
        remarks.append("Not expected: " + ", ".join(extra) + ".")
    for key in sorted(set(expected) & set(given)):
        want, got = expected[key], given[key]
        try:
            same = _close(as_number(got), float(want), tolerance) if isinstance(want, (int, float)) else normalise(got) == normalise(want)
        except (TypeError, ValueError):
            same = False
        if not same:
            wrong.append(key)
    if wrong:
        remarks.append("Check the value for: " + ", ".join(wrong) + ".")
    return Verdict(not (missing or extra or wrong), remarks)


def _compare_chart(answer, spec) -> Verdict:
    axes = answer.axes[0] if hasattr(answer, "axes") and isinstance(answer.axes, list) and answer.axes else answer
    if not hasattr(axes, "containers") or not hasattr(axes, "get_title"):
        return Verdict(False, [f"This exercise wants the chart's axes (the `ax` you drew on), not a {type(answer).__name__}."])
    values = [float(v) for container in axes.containers if hasattr(container, "datavalues") for v in container.datavalues]
    remarks = []
    if len(values) != int(spec["bars"]):
        remarks.append(f"The chart has {len(values)} bar(s); this one needs {spec['bars']}.")
    elif "heights" in spec and not all(_close(a, float(b), float(spec.get("tolerance", 0.005))) for a, b in zip(sorted(values), sorted(spec["heights"]))):
        remarks.append("The bars are there, but their sizes are not what the data give.")
    for name, text in (("title", axes.get_title()), ("x-axis label", axes.get_xlabel()), ("y-axis label", axes.get_ylabel())):
        if not text.strip():
            remarks.append(f"Give it a {name} in plain words.")
    return Verdict(not remarks, remarks)


def compare(kind: str, answer: object, spec: dict) -> Verdict:
    """Compare an answer with a ``choice``, ``text``, ``number``, ``set``, ``mapping`` or ``chart`` exercise's spec."""
    comparers = {"choice": _compare_choice, "text": _compare_text, "number": _compare_number, "set": _compare_set, "mapping": _compare_mapping, "chart": _compare_chart}
    try:
        return comparers[kind](answer, spec)
    except (TypeError, ValueError, AttributeError) as exc:  # an answer of an unexpected shape is "not yet"
        return Verdict(False, [f"Could not read this answer ({type(exc).__name__}); compare its form with the exercise's example."])
