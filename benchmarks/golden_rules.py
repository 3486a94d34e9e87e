"""The English "Golden Rules" for sentence splitters: find them, load them, and score a splitter on them.

The cases are public test data from pySBD and pragmatic_segmenter (MIT licence). They are **not** part of this
project: they are read at run time from ``../shared/benchmarks/sentence-golden-rules/`` beside the checkout (or the
folder named by ``MEDIALIT_GOLDEN_RULES``), and everything that uses them skips with a message when it is absent.

A case is right when the splitter returns exactly the expected sentences, compared with runs of white space
made single spaces (so ``"a cold \\nnight"`` and ``"a cold night"`` are the same sentence; our splitter keeps the
article's own characters, the expected answers do not).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable

__all__ = ["folder", "load_cases", "score", "naive_split"]

ROOT = Path(__file__).resolve().parent.parent
FILES = ("golden_rules_en.json", "golden_rules_en_extra.json")


def folder() -> Path | None:
    """Where the cases are, or None when this machine does not have them."""
    override = os.environ.get("MEDIALIT_GOLDEN_RULES")
    place = Path(override) if override else ROOT.parent / "shared" / "benchmarks" / "sentence-golden-rules"
    return place if (place / FILES[0]).is_file() else None


def load_cases(place: Path) -> list[dict]:
    """All cases: the 48 shared by pySBD and pragmatic_segmenter first, then pragmatic_segmenter's extras."""
    cases = []
    for name in FILES:
        file = place / name
        if file.is_file():
            for case in json.loads(file.read_text(encoding="utf-8")):
                cases.append({**case, "set": "main" if name == FILES[0] else "extra"})
    return cases


def _normal(sentences) -> list[str]:
    return [" ".join(s.split()) for s in sentences if s.strip()]


def score(split: Callable[[str], list[str]], cases: list[dict]) -> dict:
    """``{"main": passed, "extra": passed, "failed": [ids]}`` for one splitter. A crash counts as a failure."""
    result = {"main": 0, "extra": 0, "failed": []}
    for case in cases:
        try:
            right = _normal(split(case["text"])) == _normal(case["expected"])
        except Exception:  # a library that crashes on a case fails that case
            right = False
        if right:
            result[case["set"]] += 1
        else:
            result["failed"].append(case["id"])
    return result


def naive_split(text: str) -> list[str]:
    """The baseline: split after every . ! or ? that is followed by white space."""
    import re

    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
