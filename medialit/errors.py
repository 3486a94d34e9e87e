"""The exceptions medialit raises, so a notebook can catch exactly what it expects.

Every message says what went wrong, where (file, row, field), the bad value, and what to do next::

    MedialitError                  anything this package raises on purpose
    ├── DataFileError              a data file (claims, taxonomy, key, lexicon) is missing or malformed
    ├── ArticleError               text that cannot be read as an article (empty, binary, not UTF-8)
    ├── UnknownClaimError          a claim ID that the article does not have
    │   └── NotTaggableError       a claim ID of the article's layout (a heading, the title), not a statement
    ├── UnknownLevelError          an evidence level that the taxonomy does not have
    ├── NotTaggedError             a note for a claim that has no level yet
    ├── InvalidTextError           a note or name that cannot be saved (too long, a NUL, a broken character)
    ├── ProgressFileError          a learner's progress file that cannot be resumed (it is left untouched)
    ├── SubmissionError            a class submission that cannot be merged
    └── TeacherFileError           a teacher's file medialit must not replace or cannot use (a report, a CSV, the
                                   pseudonym secret); it is left as it is
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "MedialitError",
    "DataFileError",
    "ArticleError",
    "UnknownClaimError",
    "UnknownLevelError",
    "NotTaggableError",
    "NotTaggedError",
    "InvalidTextError",
    "ProgressFileError",
    "SubmissionError",
    "TeacherFileError",
]


class MedialitError(Exception):
    """Base class: every error medialit raises on purpose is one of these."""


class _FileProblem(MedialitError):
    """An error about one file: names the file, the place in it, the problem and the fix."""

    def __init__(self, path: str | Path, problem: str, *, where: str = "", fix: str = ""):
        self.path = str(path)
        self.where = where
        self.problem = problem
        self.fix = fix
        place = f"{self.path}, {where}" if where else self.path
        message = f"{place}: {problem}"
        if fix:
            message += f" Fix: {fix}"
        super().__init__(message)


class DataFileError(_FileProblem):
    """A data file of the series (claims, taxonomy, answer key, lexicon) is missing or malformed."""


class ArticleError(_FileProblem):
    """Text that cannot be used as an article: empty, binary, not UTF-8, or too large."""


class ProgressFileError(_FileProblem):
    """A progress file that cannot be resumed. The file itself is never changed or replaced."""


class SubmissionError(_FileProblem):
    """A class submission file that cannot be merged (the rest of the class still merges)."""


class TeacherFileError(_FileProblem):
    """A teacher's file that medialit must not replace (it did not write it, or it is a folder or a device) or
    cannot use (the pseudonym secret unreadable or impossible to create). The file is left as it is."""


class UnknownClaimError(MedialitError, KeyError):
    """A claim ID that does not exist in the article being tagged."""

    def __init__(self, claim_id: object, known: list[str]):
        self.claim_id = claim_id
        sample = ", ".join(known[:3]) + (f" ... {known[-1]}" if len(known) > 3 else "")
        super().__init__(f"'claim_id' must be one of the article's {len(known)} claims ({sample}); got {claim_id!r}.")

    def __str__(self) -> str:  # KeyError would otherwise quote the whole message
        return self.args[0]


class UnknownLevelError(MedialitError, ValueError):
    """An evidence level that is not in the taxonomy."""

    def __init__(self, level: object, known: list[str]):
        self.level = level
        super().__init__(f"'level' must be one of {known} (got {level!r}).")


class NotTaggableError(UnknownClaimError):
    """A claim ID that exists but is part of the article's layout (a heading, list label, title or byline)."""

    def __init__(self, claim_id: str, kind: str, text: str, known: list[str]):
        self.claim_id = claim_id
        MedialitError.__init__(
            self,
            f"{claim_id} is a {kind} ({text[:40]!r}): part of the article's layout, not a statement to weigh. "
            f"Tag one of the {len(known)} statements instead, or build the session with include_structure=True.",
        )


class NotTaggedError(MedialitError, ValueError):
    """A note for a claim that has no level yet (a note explains a level, so the level comes first)."""


class InvalidTextError(MedialitError, ValueError):
    """A note or name that cannot be saved: over its length limit, or holding a NUL or a broken character.

    Raised when the text is entered; nothing is changed, so the learner can correct the text and try again.
    """
