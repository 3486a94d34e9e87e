"""Write a file so that it is always either the old version or the new one, never half of either.

The recipe: write to a temporary file in the same folder, flush it to disk, rename it over the target in one
step (``os.replace``), then flush the folder so the rename itself survives a power cut. A crash, a killed
kernel or a full disk at any moment leaves the previous file intact. Every file medialit writes for a learner
or a teacher goes through here.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_bytes", "write_text"]


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
