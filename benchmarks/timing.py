"""Measuring speed on shared, noisy machines: every figure is printed beside a baseline from the same run.

A bare number ("42 ms") means little on a machine whose neighbours come and go; a ratio to a floor measured
seconds earlier ("1.3x a bare render") survives the noise. Use::

    from timing import median_seconds, report
    floor = median_seconds(lambda: render(fig))
    ours = median_seconds(lambda: tag_and_render())
    report("tag -> new chart", ours, "bare render", floor, limit=1.5)
"""

from __future__ import annotations

import statistics
import time
from typing import Callable

__all__ = ["median_seconds", "samples", "report"]


def samples(action: Callable[[], object], repeat: int = 15, warmup: int = 2) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls of ``action`` after ``warmup`` untimed ones."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def median_seconds(action: Callable[[], object], repeat: int = 15, warmup: int = 2) -> float:
    return statistics.median(samples(action, repeat, warmup))


def report(name: str, seconds: float, baseline_name: str, baseline_seconds: float, *, limit: float | None = None, budget_ms: float | None = None) -> bool:
    """Print one figure as a ratio to its baseline; return False if it exceeds ``limit`` or ``budget_ms``."""
    ratio = seconds / baseline_seconds if baseline_seconds else float("inf")
    ok = (limit is None or ratio <= limit) and (budget_ms is None or seconds * 1000 <= budget_ms)
    target = []
    if limit is not None:
        target.append(f"target <= {limit:g}x")
    if budget_ms is not None:
        target.append(f"< {budget_ms:g} ms")
    verdict = ("ok" if ok else "OVER") + (f" ({', '.join(target)})" if target else "")
    print(f"{name:<44} {seconds * 1000:9.1f} ms   {baseline_name:<28} {baseline_seconds * 1000:9.1f} ms   ratio {ratio:6.2f}x   {verdict}")
    return ok
