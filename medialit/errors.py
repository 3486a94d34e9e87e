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
    │   └── HandInError            a hand-in that cannot go into the class inbox (the learner's work is kept)
    └── TeacherFileError           a teacher's file medialit must not replace or cannot use (a report, a CSV, the
        │                          pseudonym secret); it is left as it is
        └── InboxError             a class inbox that is unsafe, missing or misconfigured; nothing is changed
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
    "HandInError",
    "InboxError",
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


class HandInError(SubmissionError):
    """A hand-in that cannot be written into the class inbox. Nothing of the learner's is lost: the progress file
    is untouched, and a hand-in written before stays as it was."""


class InboxError(TeacherFileError):
    """A class inbox that is unsafe (learners could read or spoil each other's hand-ins), missing, or configured
    wrongly. Nothing is created or changed; the message names the folder or setting and the fix."""


class HubLinkError(MedialitError, ValueError):
    """A hub URL, repository URL or notebook path that cannot make a working nbgitpuller link."""


class UnknownExerciseError(MedialitError, KeyError):
    """An exercise ID that data/exercises.toml does not have."""

    def __init__(self, exercise_id: object, known: list[str]):
        self.exercise_id = exercise_id
        super().__init__(f"there is no exercise {exercise_id!r}; IDs look like '04.2' (this series has {known[0]} ... {known[-1]}).")

    def __str__(self) -> str:
        return self.args[0]


class NotAReadingExerciseError(MedialitError, ValueError):
    """A data-track exercise asked for as a widget: it is answered in code, with ``medialit.check``."""

    def __init__(self, exercise_id: str):
        self.exercise_id = exercise_id
        super().__init__(f"exercise {exercise_id} is on the data track: answer it in code, then run medialit.check({exercise_id!r}, answer). Only reading-track exercises have a widget.")
