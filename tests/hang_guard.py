"""A guard for tests of code that must refuse a named pipe or a device rather than block on it or read forever."""

from __future__ import annotations

import signal
from contextlib import contextmanager


@contextmanager
def never_hangs(seconds: int = 60):
    """Fail with TimeoutError instead of waiting forever if the code under test opens a named pipe (reading one waits
    for a writer) or reads a device such as /dev/zero; SIGALRM interrupts it after ``seconds``."""

    def give_up(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: a named pipe or a device was opened")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
