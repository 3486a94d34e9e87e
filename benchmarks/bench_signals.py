"""Language signals at scale: find_signals and highlight_html grow linearly with the text, for any text.

For each text below, both are timed at n, 2n and 4n characters (4n = 1 MB) and each size is printed as a ratio
to the size before it: linear work doubles (about 2x), quadratic work quadruples (4x). Targets: growth per
doubling at most 2.5x, and 1 MB in under 2 s. The texts are the ones that once made the signal finder slow
('U.S. ' repeated to 200,000 characters took 52 s, 1 MB more than 5 minutes) and other worst cases:

* ``U.S. repeated``: 200,000 abbreviations and as many signals in one sentence;
* ``one long sentence``: signals everywhere and no full stop;
* ``many short lines``: a unit every few characters;
* ``no spaces``: glued sentences (``Alpha.Beta.``), acronyms and numbers with nothing between them;
* ``prose``: the case study repeated, the ordinary case.

The same texts drive ``tests/test_signals_scale.py``, which counts the work (lines of medialit run) rather
than timing it.

Last measured here (2026-11-30, 2 shared cores): every growth ratio 1.8-2.3x; at 1 MB find_signals took 0.4 s
(prose) to 1.4 s (many short lines, no spaces), highlight_html 0.5 s to 1.7 s. The code before took 52 s for
'U.S. ' repeated to 200 kB.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Callable

from timing import report

ROOT = Path(__file__).resolve().parent.parent
MEGABYTE = 1_000_000
GROWTH_LIMIT = 2.5  # per doubling of the text; linear work is ~2x, quadratic ~4x
BUDGET_MS = 2_000  # for 1 MB


def _repeat(piece: str) -> Callable[[int], str]:
    return lambda n: (piece * (n // len(piece) + 1))[:n]


def _prose(n: int) -> str:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from medialit import data

    return _repeat(data.load("article") + "\n\n")(n)


ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "U.S. repeated": _repeat("U.S. "),
    "one long sentence": _repeat("the mayor of Paris said the FBI may act on 3 May 2024 and "),
    "many short lines": _repeat("FBI.\nIt may.\nNo\n"),
    "no spaces": _repeat("Alpha.Beta.FBI.may.3.5."),
    "prose": _prose,
}


def _seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> bool:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from medialit.signal_views import highlight_html
    from medialit.signals import find_signals

    highlight_html("The FBI may act. " * 50)  # warm up: the lexicon, the regular expressions
    sizes = [MEGABYTE // 4, MEGABYTE // 2, MEGABYTE]
    ok = True
    for name, make in ADVERSARIAL.items():
        texts = [make(n) for n in sizes]
        for label, action in (("find_signals", find_signals), ("highlight_html", highlight_html)):
            times = [_seconds(lambda text=text, action=action: action(text)) for text in texts]
            for (small, before), (large, after) in zip(zip(sizes, times), zip(sizes[1:], times[1:])):
                ok &= report(f"{label}, {name}, {large // 1000} kB", after, f"same at {small // 1000} kB", before, limit=GROWTH_LIMIT, budget_ms=BUDGET_MS if large == MEGABYTE else None)
    return ok


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(0 if main() else 1)
