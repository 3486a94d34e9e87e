"""The series' shared files: where ``data/`` is, and the two files every case study shares.

A case study (:mod:`medialit.case`) brings its own article, claims and key. What every case shares lives here:
the evidence levels (``data/taxonomy.csv``, used by any case pack without a ``taxonomy.csv`` of its own) and the
signal lexicon (``data/lexicon.csv``). This module knows *where* they are; it does not know which case is the
series' own (only the top layer does: :mod:`medialit.data`).

>>> [level.key for level in taxonomy()][:2]
['not_a_claim', 'contradicted']
>>> path("lexicon.csv").name
'lexicon.csv'

The folder is ``$MEDIALIT_DATA_DIR`` if set (an instructor's own copy); else the copy of ``data/`` an installed
wheel carries (``medialit/_data``); else ``data/`` beside the package, as in a checkout (``make lab``, Binder).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from .taxonomy import Taxonomy, load_taxonomy

__all__ = ["data_dir", "path", "taxonomy", "TAXONOMY_FILE", "LEXICON_FILE"]

TAXONOMY_FILE = "taxonomy.csv"
LEXICON_FILE = "lexicon.csv"


PACKAGE = Path(__file__).resolve().parent
BUNDLED = PACKAGE / "_data"  # only in an installed wheel (pyproject.toml: force-include)


def data_dir() -> Path:
    """The folder the series' data files are read from: ``$MEDIALIT_DATA_DIR``, the wheel's copy, or ``data/``."""
    override = os.environ.get("MEDIALIT_DATA_DIR")
    if override:
        return Path(override)
    return BUNDLED if BUNDLED.is_dir() else PACKAGE.parent / "data"


def path(filename: str) -> Path:
    """The full path of a file in the series' data folder (it need not exist yet)."""
    return data_dir() / filename


def taxonomy() -> Taxonomy:
    """The series' evidence levels (``data/taxonomy.csv``), read again only when the file changes."""
    file = path(TAXONOMY_FILE)
    return _taxonomy(str(file), _stamp(file))


@lru_cache(maxsize=8)
def _taxonomy(file: str, stamp: tuple[int, int]) -> Taxonomy:
    return load_taxonomy(file)


def _stamp(file: Path) -> tuple[int, int]:
    """When a file last changed and its size: a cache key that notices an edit (0, 0 if it is not there)."""
    try:
        info = file.stat()
    except OSError:
        return (0, 0)
    return (info.st_mtime_ns, info.st_size)
