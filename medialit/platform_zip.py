"""A learning platform's bulk download: every learner's tag file in one zip, read safely into memory, never to disk.

``medialit class-report submissions.zip`` and ``medialit.ClassView("submissions.zip")`` read a zip with
:func:`read_zip`: each ``.json`` member becomes a :class:`Member` (its bytes, and the learner the platform's file
name names), and every member that is not read becomes a problem row naming it and why. Nothing is ever extracted
to disk, so a member's name is only a label; names that would climb out of a folder are refused all the same.

**Who handed in: each platform's file-name scheme** (the platform vouches for the name, the learner typed the one
inside; where they differ the report says so and uses the platform's):

=====================  ==========================================================================================
Canvas                 ``<sortable name>[_LATE]_<user id>_<attachment id>_<original name>``: the sortable name
                       ("Smith, Jane") with every non-word character removed and lower-cased (``smithjane``),
                       ``LATE`` (also lower-cased) for a late submission. Source: instructure/canvas-lms,
                       ``app/models/content_zipper.rb`` (``ContentZipper#get_filename``, ``#add_upload_submission``,
                       ``#sanitize_file_name``).
Moodle                 ``<Full Name>_<participant id>_assignsubmission_file_/<original name>`` (a folder per learner,
                       the default since Moodle 3.1) or, with "download submissions in folders" off, the same
                       prefix and the original name in one flat name. Underscores in the name become spaces;
                       with blind marking the name is "Participant". Source: moodle/moodle,
                       ``mod/assign/locallib.php`` (``assign::download_submissions``).
Google Classroom       No download of its own: the teacher downloads the assignment's folder from Google Drive
                       (Classroom > the class > the assignment), which Drive zips. A file Classroom copied for
                       each learner is named ``<Student Name> - <original name>``; a file a learner attached keeps
                       the learner's own name (here: the name the tagger gave the export), so the name inside the
                       file is used. Searched for this project (2026-12-01): Google's help describes how
                       Classroom and Assignments move files between teacher and learner in Drive
                       (support.google.com/edu/assignments/answer/9433485) but not the names, and no primary
                       source for the ``<Student Name> - `` prefix was found, so it is read when present and
                       never required.
anything else          the name inside the file, as for a folder the teacher collected
=====================  ==========================================================================================

Two learners a platform names alike (two "Jane Smith", or ``smithjane``) are told apart by the platform's id:
``Jane Smith (1234)``.

**Safety** (the zip is a file from the internet; the limits are generous for a class, tiny for an attack):

* at most :data:`MAX_MEMBERS` members, counted from the zip's own directory before anything is opened;
* a member is read only if it is a ``.json`` file, not encrypted, not a symbolic link or device, not a zip inside
  the zip, its name is relative and never climbs out (``..``), and no other member has the same name;
* each member unpacks to at most :data:`MAX_MEMBER_BYTES` (a tag file's limit) and at most :data:`MAX_RATIO` times
  its packed size (a zip bomb: a gigabyte of zeros packs into a megabyte); both the sizes the zip declares and the
  bytes actually unpacked are checked, and reading stops one byte past the limit whatever the zip declares;
* all members together unpack to at most :data:`MAX_TOTAL_BYTES`; past it the rest are named and left out.
"""

from __future__ import annotations

import re
import stat
import struct
import zipfile
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path, PurePosixPath

from .errors import SubmissionError
from .paths import learner_key
from .safe_text import for_terminal
from .tagfile import MAX_BYTES

__all__ = ["MAX_MEMBERS", "MAX_MEMBER_BYTES", "MAX_TOTAL_BYTES", "MAX_RATIO", "Member", "ZipContents", "read_zip", "platform_learner", "is_zip"]

MAX_MEMBERS = 5_000                 # files in one download: a year group of learners, each with a few files
MAX_MEMBER_BYTES = MAX_BYTES        # the largest tag file a reader accepts (about 28 MB)
MAX_TOTAL_BYTES = 200 * 2**20       # everything unpacked (a class of 1,000 unpacks to about 10 MB)
MAX_RATIO = 100                     # unpacked / packed, for members over RATIO_FLOOR bytes (JSON packs 5-20x)
RATIO_FLOOR = 1 * 2**20
_JUNK = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")  # what zip tools add on their own: left out silently
_ZIP_NAMES = (".zip", ".jar", ".7z", ".rar", ".gz", ".tgz", ".tar")
_LOCAL_HEADER = b"PK\x03\x04"
_MOODLE_FOLDER = re.compile(r"(?P<name>.+)_(?P<id>\d+)_assignsubmission_file_")
_MOODLE_FLAT = re.compile(r"(?P<name>.+)_(?P<id>\d+)_assignsubmission_file_(?P<original>.+)")
_CANVAS = re.compile(r"(?P<name>.+?)(?P<late>_late)?_(?P<id>\d+)_\d+_(?P<original>.+)", re.IGNORECASE)
_GOOGLE = re.compile(r"(?P<name>.+?) - (?P<original>.+)")
_SKIP = "left out"


@dataclass(frozen=True)
class Member:
    """One ``.json`` member read from the zip: its path in the zip, its bytes, and who the platform says it is."""

    name: str            # its path inside the zip, shown as the report's "file"
    data: bytes
    learner: str = ""    # the learner the platform's file name names ("" when it names none)
    platform: str = ""   # "Canvas", "Moodle", "Google Classroom" or ""
    platform_id: str = ""  # the platform's id of the learner, which tells two learners of one name apart
    late: bool = False   # Canvas marked the submission late


@dataclass
class ZipContents:
    """What :func:`read_zip` found: the members to merge, and one problem row per member left out."""

    members: list[Member] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)


def is_zip(path: str | PathLike) -> bool:
    """True if ``path`` is a regular file that starts like a zip (its name need not end in ``.zip``)."""
    try:
        path = Path(path)
        if not path.is_file():
            return False
        with open(path, "rb") as stream:
            return stream.read(4) in (_LOCAL_HEADER, b"PK\x05\x06")
    except OSError:
        return False


def platform_learner(member: str) -> tuple[str, str, str, bool]:
    """``(platform, learner, platform id, late)`` from a member's path in the zip; ``("", "", "", False)`` if none.

    >>> platform_learner("smithjane_LATE_1234_98765_ana.json")
    ('Canvas', 'smithjane', '1234', True)
    >>> platform_learner("Jane Smith_4321_assignsubmission_file_/ana.json")[:2]
    ('Moodle', 'Jane Smith')
    >>> platform_learner("Week 3/Jane Smith - ana.json")[:2], platform_learner("ana.json")[:2]
    (('Google Classroom', 'Jane Smith'), ('', ''))
    """
    parts = PurePosixPath(member.replace("\\", "/")).parts
    base, folder = (parts[-1] if parts else ""), (parts[-2] if len(parts) > 1 else "")
    found = _MOODLE_FOLDER.fullmatch(folder) or _MOODLE_FLAT.fullmatch(base)
    if found:
        return "Moodle", " ".join(found["name"].split()), found["id"], False
    found = _CANVAS.fullmatch(base)
    if found:
        return "Canvas", found["name"], found["id"], bool(found["late"])
    found = _GOOGLE.fullmatch(base)
    if found and found["name"].strip():
        return "Google Classroom", " ".join(found["name"].split()), "", False
    return "", "", "", False


def _declared_members(path: Path) -> int | None:
    """How many members the zip's end record declares (Zip64 too), read before the directory is parsed; None if unclear."""
    with open(path, "rb") as stream:
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(max(0, size - 65_557))
        tail = stream.read()
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or end + 22 > len(tail):
        return None
    total = struct.unpack_from("<H", tail, end + 10)[0]
    locator = end - 20
    if total == 0xFFFF and locator >= 0 and tail[locator:locator + 4] == b"PK\x06\x07":
        offset = struct.unpack_from("<Q", tail, locator + 8)[0]
        with open(path, "rb") as stream:
            stream.seek(offset)
            record = stream.read(56)
        if record[:4] == b"PK\x06\x06" and len(record) >= 40:
            return struct.unpack_from("<Q", record, 32)[0]
    return total


def _name_problem(name: str) -> str:
    """Why a member's name is refused (absolute, climbing out, control characters), or ``""``."""
    path = name.replace("\\", "/")
    if path.startswith("/") or re.match(r"[A-Za-z]:", path):
        return "has an absolute name (it starts at the top of a disk), which no platform writes; it was not read."
    if ".." in path.split("/"):
        return "has a name that climbs out of its folder (..), which no platform writes; it was not read."
    if any(ord(c) < 32 for c in path):
        return "has control characters in its name, which no platform writes; it was not read."
    return ""


def _kind_problem(info: zipfile.ZipInfo) -> str:
    """Why a member is not an ordinary file (a link, a device, encrypted), or ``""``."""
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "is a symbolic link, not a file; it was not read."
    if stat.S_IFMT(mode) and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        return "is not a regular file (a device, pipe or socket); it was not read."
    if info.flag_bits & 0x1:
        return "is encrypted; it was not read."
    return ""


def read_zip(path: str | PathLike) -> ZipContents:
    """Read a platform's bulk-download zip into memory (see the module): the members to merge and the problems.

    Raises :class:`~medialit.errors.SubmissionError` when the zip as a whole cannot be used (not a zip, unreadable,
    too many members); a problem with one member only leaves that member out.
    """
    path = Path(path)
    fix = "download the class's submissions again from the platform (one zip of the learners' files)."
    try:
        declared = _declared_members(path)
    except OSError as exc:
        raise SubmissionError(path, f"cannot be read ({exc.strerror or type(exc).__name__}).", fix="check the path and its permissions.") from None
    if declared is not None and declared > MAX_MEMBERS:
        raise SubmissionError(path, f"holds {declared:,} files; a class's download holds at most {MAX_MEMBERS:,}, so it was not opened.", fix=fix)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise SubmissionError(path, f"is not a zip that can be read ({for_terminal(str(exc))[:120]}).", fix=fix) from None
    except OSError as exc:
        raise SubmissionError(path, f"cannot be read ({exc.strerror or type(exc).__name__}).", fix="check the path and its permissions.") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise SubmissionError(path, f"holds {len(infos):,} files; a class's download holds at most {MAX_MEMBERS:,}, so it was not read.", fix=fix)
        return _read_members(archive, infos)


def _read_members(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> ZipContents:
    contents = ZipContents()
    seen: dict[str, int] = {}
    for info in infos:
        seen[info.filename] = seen.get(info.filename, 0) + 1
    total = 0
    for info in infos:
        name = info.filename
        label = for_terminal(name)

        def refuse(problem: str, outcome: str = "skipped", fix: str = "") -> None:  # called in this iteration only, so `label` is this member's
            contents.problems.append({"file": label, "learner": "", "problem": problem, "outcome": outcome, "fix": fix})  # noqa: B023

        if info.is_dir() or any(name.startswith(junk) or name.endswith("/" + junk) or name == junk for junk in _JUNK):
            continue
        problem = _name_problem(name) or _kind_problem(info)
        if problem:
            refuse(problem, fix="download the submissions again from the platform; this zip was changed by hand or by something else.")
            continue
        if seen[name] > 1:
            refuse(f"appears {seen[name]} times in the zip under the same name, so none of them is read (which one would be the learner's?).")
            continue
        if name.lower().endswith(_ZIP_NAMES):
            refuse("is an archive inside the zip; archives inside the download are not opened.", fix="ask the learner to hand in the .json file the tagger exported, not a zip of it.")
            continue
        if not name.lower().endswith(".json"):
            refuse("is not a .json tag file; left out.", _SKIP, "nothing to do if a learner handed in other files too; a tag file ends in .json.")
            continue
        if info.file_size > MAX_MEMBER_BYTES:
            refuse(f"would unpack to {info.file_size:,} bytes; a tag file is at most {MAX_MEMBER_BYTES:,}, so it was not unpacked.")
            continue
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            refuse(f"would unpack to {info.file_size / max(info.compress_size, 1):,.0f} times its packed size (a zip bomb?); it was not unpacked.")
            continue
        if total + info.file_size > MAX_TOTAL_BYTES:
            refuse(f"would take the whole download past {MAX_TOTAL_BYTES:,} bytes unpacked; it and the members after it were not unpacked.")
            continue
        try:
            with archive.open(info) as stream:
                data = stream.read(MAX_MEMBER_BYTES + 1)  # never more, whatever the zip declares
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, EOFError, OSError) as exc:
            refuse(f"cannot be unpacked ({type(exc).__name__}: {for_terminal(str(exc))[:120]}).")
            continue
        if len(data) > MAX_MEMBER_BYTES or (len(data) > RATIO_FLOOR and len(data) > MAX_RATIO * max(info.compress_size, 1)):
            refuse(f"unpacks to more than its packed size allows ({len(data):,} bytes from {info.compress_size:,}: a zip bomb?); it was left out.")
            continue
        total += len(data)
        if data.startswith(_LOCAL_HEADER):
            refuse("is a zip, not a tag file; archives inside the download are not opened.", fix="ask the learner to hand in the .json file the tagger exported.")
            continue
        platform, learner, platform_id, late = platform_learner(name)
        contents.members.append(Member(label, data, learner, platform, platform_id, late))
    _tell_apart(contents.members)
    return contents


def _tell_apart(members: list[Member]) -> None:
    """Give two different learners whom the platform names alike their platform id: ``Jane Smith (1234)``."""
    ids: dict[tuple[str, str], set[str]] = {}
    for member in members:
        if member.learner:
            ids.setdefault((member.platform, learner_key(member.learner)), set()).add(member.platform_id)
    for index, member in enumerate(members):
        if member.learner and member.platform_id and len(ids[(member.platform, learner_key(member.learner))]) > 1:
            members[index] = replace(member, learner=f"{member.learner} ({member.platform_id})")
