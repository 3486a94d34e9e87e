"""find_signals and highlight_html do linear work on any text: doubling the text at most doubles the work.

Work is counted, not timed (a shared machine makes times noisy): the lines of medialit's own code that run,
traced with ``sys.settrace``. Linear code runs about twice the lines for twice the text; the quadratic code
this replaced ran 2.7-3.7 times as many ('U.S. ' repeated to 200,000 characters took it 52 s). The texts are
the worst cases of ``benchmarks/bench_signals.py``, which times the same texts up to 1 MB.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import medialit
from medialit.signal_views import highlight_html
from medialit.signals import find_signals

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_signals import ADVERSARIAL

PACKAGE = str(Path(medialit.__file__).parent)
SIZES = (2_000, 4_000, 8_000)
LINEAR = 2.2  # most work per doubling; linear code shows 1.9-2.0


def lines_run(action: Callable[[], object]) -> int:
    """How many lines of medialit's code run during ``action()`` (other code is not traced)."""
    count = 0

    def count_lines(frame, event, arg):
        nonlocal count
        count += event == "line"
        return count_lines

    def enter(frame, event, arg):
        return count_lines if frame.f_code.co_filename.startswith(PACKAGE) else None

    sys.settrace(enter)
    try:
        action()
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("function", [find_signals, highlight_html], ids=["find_signals", "highlight_html"])
@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_doubling_the_text_at_most_doubles_the_work(name, function):
    function("The FBI may act on 3 May 2024.")  # load the lexicon and caches first: one-off work
    texts = [ADVERSARIAL[name](n) for n in SIZES]
    assert [len(t) for t in texts] == list(SIZES)
    work = [lines_run(lambda text=text: function(text)) for text in texts]
    growth = [later / earlier for earlier, later in zip(work, work[1:])]
    assert growth[-1] <= LINEAR, f"{name}: lines run {work}, growth per doubling {[round(g, 2) for g in growth]}"
