"""Tags made before a name was saved: carried over to the name when the learner saves one.

>>> carry_over("Lena Novak")          # after paths.save_name("Lena Novak")   # doctest: +SKIP
4

Until a learner saves a name, the tagger keeps their tags under the placeholder ``"me"``
(``<home>/progress/me.json``, and ``me--<case id>.json`` for another case). When a name is saved (lesson 00's name
box, or a name typed in the tagger's field and exported), :func:`carry_over` moves that work to the name's own
progress file, so the next tagger opened under the name shows it:

- only when the placeholder's file has more tags than the name's (a learner who already has work under the name
  keeps it as it is: a classmate's "me" file on a shared computer is not poured into it);
- claim by claim, the later change wins where both files tagged a claim (as two taggers of one learner merge);
- nothing is lost: the placeholder's file is renamed aside (``me.json.carried-over-<time>``), never deleted, and
  the name's file is written atomically, under the locks of both files;
- a file that cannot be read, or that is about another article than the name's file, is left exactly as it is.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from . import atomic, paths, tagfile
from .errors import ProgressFileError
from .tagfile import Tag

__all__ = ["carry_over", "carry_over_words", "placeholder_files", "left_behind", "take"]


def placeholder_files() -> list[Path]:
    """The progress files kept under the placeholder name ``"me"``: one per case tagged before a name was saved."""
    stem = paths.file_stem(paths.PLACEHOLDER)
    folder = paths.progress_path(paths.PLACEHOLDER).parent
    try:
        return sorted(p for p in folder.glob(f"{stem}*.json") if p.name == f"{stem}.json" or p.name.startswith(f"{stem}--"))
    except OSError:
        return []


def carry_over(name: str) -> int:
    """Move the tags saved under ``"me"`` to ``name``'s progress files (see the module); return how many were carried.

    Raises OSError if a file cannot be written (then the placeholder's file stays where it was, with every tag).
    """
    if paths.learner_key(name) == paths.PLACEHOLDER:
        return 0
    stem = paths.file_stem(paths.PLACEHOLDER)
    return sum(_carry(source, source.with_name(paths.file_stem(name) + source.name[len(stem):]), name.strip()) for source in placeholder_files())


def _count(document: tagfile.TagFile | None) -> int:
    return 0 if document is None else len(document.tags) + len(document.lateral_tags)


def _later_wins(older: dict[str, Tag], newer: dict[str, Tag]) -> dict[str, Tag]:
    """Both passes' tags claim by claim: where both have one, the one changed later (ISO times sort as text)."""
    merged = dict(older)
    for claim_id, tag in newer.items():
        if claim_id not in merged or tag.tagged_at >= merged[claim_id].tagged_at:
            merged[claim_id] = tag
    return merged


def left_behind(source: Path, target: Path) -> int:
    """How many of the placeholder's tags in ``source`` the name's file ``target`` (same case) does not hold as they are.

    What the tagger checks when it opens under a name: tags left under "me" (saved by a version that did not carry
    them over, or kept because the name already had as much work) are offered to the learner. 0 if none, or if
    either file cannot be read.
    """
    try:
        if not os.path.lexists(source):
            return 0
        mine = tagfile.read(source)
        theirs = tagfile.read(target) if os.path.lexists(target) else None
    except (ProgressFileError, OSError):
        return 0
    if mine.kind != "progress" or (theirs is not None and (theirs.case_id, theirs.article_sha256) != (mine.case_id, mine.article_sha256)):
        return 0
    return sum(tag != (held or {}).get(claim_id) for own, held in ((mine.tags, theirs and theirs.tags), (mine.lateral_tags, theirs and theirs.lateral_tags))
               for claim_id, tag in own.items())


def take(source: Path, target: Path, name: str) -> int:
    """Carry the placeholder's tags in ``source`` into ``name``'s file ``target`` whatever it holds (the learner
    asked for them: the tagger's *Take my earlier tags*); claim by claim, the later change wins. How many were carried."""
    return _carry(source, target, name.strip(), always=True)


def _carry(source: Path, target: Path, name: str, *, always: bool = False) -> int:
    """Carry ``source``'s tags into ``target`` under ``name`` if it has more (or ``always``); rename ``source`` aside.
    How many were carried."""
    with atomic.locked(source), atomic.locked(target):
        try:
            mine = tagfile.read(source)
            theirs = tagfile.read(target) if os.path.lexists(target) else None
        except ProgressFileError:
            return 0  # a file that cannot be read is left as it is (the tagger names it when it opens it)
        if mine.kind != "progress" or not _count(mine) or (_count(mine) <= _count(theirs) and not always):
            return 0
        if theirs is not None and (theirs.kind != "progress" or (theirs.case_id, theirs.article_sha256) != (mine.case_id, mine.article_sha256)):
            return 0
        base = theirs or mine
        merged = replace(base, learner=name, tags=_later_wins(base.tags, mine.tags) if theirs else mine.tags,
                         lateral_tags=_later_wins(base.lateral_tags, mine.lateral_tags) if theirs else mine.lateral_tags, updated=tagfile.now())
        tagfile.write_atomic(target, merged)
        os.replace(source, source.with_name(f"{source.name}.carried-over-{datetime.now():%Y%m%dT%H%M%S%f}"))
        return _count(mine)


def carry_over_words(name: str, then: str = "") -> str:
    """Carry the tags made before a name was saved over to ``name``, and say what happened (plain text, starting
    with a space, ``then`` added after a carry; ``""`` when there was nothing to carry). Never raises: a failure is
    said, and every tag stays."""
    try:
        carried = carry_over(name)
    except OSError as problem:
        return (f" Your tags made before you saved a name are still kept under “{paths.PLACEHOLDER}”: they could not be moved to "
                f"{name} ({problem.strerror or problem}). Save your name again, or ask your teacher.")
    if not carried:
        return ""
    tags = f"{carried} tag{'s' if carried != 1 else ''}"
    return (f" The {tags} saved before you saved your name (under “{paths.PLACEHOLDER}”) {'are' if carried != 1 else 'is'} now "
            f"saved under {name}.{then}")
