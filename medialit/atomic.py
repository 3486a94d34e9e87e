"""Write a file so that it is always either the old version or the new one, never half of either.

The recipe: write to a temporary file in the same folder, flush it to disk, rename it over the target in one
step (``os.replace``), then flush the folder so the rename itself survives a power cut. A crash, a killed
kernel or a full disk at any moment leaves the previous file intact. Every file medialit writes for a learner
or a teacher goes through here.

Two writers of the same file (two tabs, two kernels) take turns with :func:`locked`: an exclusive lock on a
hidden lock file beside the target (``.Ana.json.lock`` for ``Ana.json``), held while one reads, merges and
writes. A process killed while writing can leave its temporary file (``.Ana.json.XXXX.tmp``) behind;
:func:`remove_temporaries` clears them, under the lock, on the next save.
"""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # Windows: no flock. Saves still never leave half a file (the rename is atomic); two
    fcntl = None  # type: ignore[assignment]  # tagger windows open on one learner at the same moment could then lose a change.

__all__ = ["write_bytes", "write_text", "locked", "lock_path", "remove_temporaries"]

UNLOCKED_TEMPORARY_AGE = 600  # seconds: without a lock, only temporaries this old are surely abandoned


def write_bytes(path: str | Path, data: bytes, *, mode: int | None = None) -> Path:
    """Atomically replace ``path`` with ``data``; create its folder if needed.

    ``mode`` sets the permission bits (e.g. ``0o644`` for a page to share); by default the file is readable by
    its owner only, as a learner's own work should be.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    return path


def write_text(path: str | Path, text: str, *, mode: int | None = None) -> Path:
    """Atomically replace ``path`` with ``text`` as UTF-8 (line endings written exactly as given)."""
    return write_bytes(path, text.encode("utf-8"), mode=mode)


def lock_path(path: str | Path) -> Path:
    """The hidden lock file beside ``path`` (``progress/.Ana.json.lock`` for ``progress/Ana.json``)."""
    path = Path(path)
    return path.with_name(f".{path.name}.lock")


@contextmanager
def locked(path: str | Path) -> Iterator[bool]:
    """Hold the exclusive lock of ``path`` inside the ``with`` block; wait for it if another writer has it.

    Yields True if the lock is really held, False where the platform has no ``fcntl`` (Windows). The lock file
    is created if needed and never deleted (deleting it would let two writers hold "the" lock at once). The
    lock is released when the block ends, and by the system if the process dies.
    """
    if fcntl is None:
        yield False
        return
    target = lock_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(target, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield True
    finally:
        os.close(descriptor)  # closing releases the lock


def remove_temporaries(path: str | Path, *, under_lock: bool) -> int:
    """Remove temporary files that interrupted writes of ``path`` left behind; return how many.

    Under the lock no other writer of ``path`` can be half-way through, so every one of them is abandoned;
    without one (no ``fcntl``) only those older than :data:`UNLOCKED_TEMPORARY_AGE` are removed.
    """
    path = Path(path)
    removed = 0
    prefix = f".{path.name}."
    try:  # exactly what write_bytes makes: ".<name>.<random letters>.tmp"
        candidates = [p for p in path.parent.iterdir() if p.name.startswith(prefix) and p.name.endswith(".tmp") and "." not in p.name[len(prefix):-4]]
    except OSError:
        return 0
    oldest = time.time() - UNLOCKED_TEMPORARY_AGE
    for candidate in candidates:
        try:
            if not candidate.is_file() or (not under_lock and candidate.stat().st_mtime > oldest):
                continue
            candidate.unlink()
            removed += 1
        except OSError:
            continue  # gone already, or not ours to remove: never a reason to fail a save
    return removed


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable where the platform allows it (not on Windows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
