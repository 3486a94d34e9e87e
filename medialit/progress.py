"""Saving a tagging session on every change, resuming it later, and exporting a submission for the teacher.

>>> session = open_session("Ana")                         # doctest: +SKIP
>>> session.tag("C004", "bare_assertion")                 # doctest: +SKIP   (saved at once)

:func:`open_session` is what the tagger uses: it resumes the learner's progress file if there is one, or starts
a new session, and from then on writes the file after every change, undo and redo.

Where files go (see :mod:`medialit.paths`): ``~/medialit/progress/<name>.json`` and
``~/medialit/submissions/<name>.json``, or under ``$MEDIALIT_HOME`` if set. On a shared JupyterHub ``~`` is the
learner's own persistent home, so work survives a server restart. Pass ``path=`` to choose any other file.

Files are written atomically (:func:`medialit.tagfile.write_atomic`): a crash leaves the old file or the new one,
never half of one. A file that cannot be resumed — another article, a newer schema, an unknown claim or level,
corrupt JSON — raises :class:`~medialit.errors.ProgressFileError` and is never changed or replaced.
"""

from __future__ import annotations

from pathlib import Path

from . import paths, tagfile
from .article import Article
from .errors import MedialitError, ProgressFileError, SubmissionError
from .session import TaggingSession
from .taxonomy import Taxonomy

__all__ = ["save", "load", "open_session", "export_submission", "to_tagfile"]


def to_tagfile(session: TaggingSession, *, kind: str = "progress", learner: str | None = None) -> tagfile.TagFile:
    """The session as a :class:`~medialit.tagfile.TagFile` (the one format of progress files and submissions)."""
    return tagfile.TagFile(
        learner=session.learner if learner is None else learner,
        article_title=session.title,
        article_sha256=session.sha256,
        taxonomy=list(session.taxonomy.keys),
        tags=session.tags("first"),
        lateral_tags=session.tags("lateral"),
        kind=kind,
        created=session.created,
        updated=tagfile.now(),
    )


def save(session: TaggingSession, path: str | Path | None = None) -> Path:
    """Write the session's progress file atomically (to ``path``, or the learner's default) and return its path."""
    target = Path(path) if path is not None else paths.progress_path(session.learner or "me")
    written = tagfile.write_atomic(target, to_tagfile(session))
    session.saved_path = written
    session.saved_at = tagfile.now()
    return written


def load(path: str | Path, article: Article | None = None, taxonomy: Taxonomy | None = None, *, error: type[ProgressFileError] = ProgressFileError) -> TaggingSession:
    """Read a progress file (or a submission) back into a session. The file is only read.

    Raises ``error`` (ProgressFileError by default) naming the file, the field and the fix when the file is for
    another article, has a newer schema, names a claim or level that does not exist, or is not valid JSON.
    """
    path = Path(path)
    document = tagfile.read(path, error=error)
    session = TaggingSession(article, taxonomy, learner=document.learner)
    if document.article_sha256 != session.sha256:
        raise error(
            path,
            f"belongs to another article ({document.article_title[:60]!r}, SHA-256 {document.article_sha256[:12]}...), "
            f"not {session.title[:60]!r} ({session.sha256[:12]}...).",
            where="field 'article'",
            fix="open it with the article it was made for, or choose another name to start afresh on this one.",
        )
    for name, tags in (("tags", document.tags), ("lateral_tags", document.lateral_tags)):
        for claim_id, tag in tags.items():
            where = f"{name}[{claim_id!r}]"
            try:
                session.check_claim(claim_id)
            except MedialitError as exc:
                raise error(path, str(exc), where=where, fix="this file was made from a different claims table; restore a copy or start afresh under another name.") from None
            if tag.level not in session.taxonomy:
                raise error(path, f"level {tag.level!r} is not in the taxonomy {session.taxonomy.keys}.", where=where, fix="open it with the taxonomy it was tagged with, or start afresh under another name.")
    session.restore(document.tags, document.lateral_tags)
    session.created = document.created or session.created
    session.kind = document.kind
    return session


def open_session(name: str = "me", *, path: str | Path | None = None, article: Article | None = None, taxonomy: Taxonomy | None = None, autosave: bool = True) -> TaggingSession:
    """Resume the learner's progress file, or start a new session; then save after every change.

    ``name`` is the learner's name or pseudonym (it names the default file ``~/medialit/progress/<name>.json``);
    ``path`` chooses the file instead. A file that exists but cannot be resumed raises ProgressFileError and is
    left exactly as it was, so no work is ever overwritten by an empty session.
    """
    target = Path(path) if path is not None else paths.progress_path(name)
    if target.exists():
        session = load(target, article, taxonomy)
        if session.kind != "progress":
            raise ProgressFileError(target, "is a submission for the teacher, not a progress file.", where="field 'kind'", fix="resume from your progress file (~/medialit/progress/<name>.json), or open this one with medialit.progress.load() to read it.")
        session.learner = session.learner or name
    else:
        session = TaggingSession(article, taxonomy, learner=name)
    session.saved_path = target
    if autosave:
        session.on_change(lambda changed: save(changed, target))
    return session


def export_submission(session: TaggingSession, learner: str | None = None, path: str | Path | None = None) -> Path:
    """Write a submission for the teacher (same format, ``kind: "submission"``) and return its path.

    ``learner`` is the name or pseudonym the teacher will see (default: the session's); the default file is
    ``~/medialit/submissions/<learner>.json``.
    """
    name = (session.learner if learner is None else learner).strip()
    if not name:
        raise SubmissionError(path or paths.submission_path(), "has no learner name.", fix="type your name or a pseudonym your teacher knows.")
    target = Path(path) if path is not None else paths.submission_path(name)
    return tagfile.write_atomic(target, to_tagfile(session, kind="submission", learner=name))
