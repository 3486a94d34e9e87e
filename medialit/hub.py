"""Links that pull the series into every learner's home on a JupyterHub (nbgitpuller).

A teacher shares one link. When a learner clicks it, the hub logs them in, nbgitpuller clones the repository into
their home folder (or, on later clicks, merges the teacher's updates without ever overwriting the learner's own
changes) and opens the first notebook. The link format is nbgitpuller's documented one
(https://nbgitpuller.readthedocs.io/en/latest/topic/url-options.html)::

    https://HUB/hub/user-redirect/git-pull?repo=REPO&branch=BRANCH&urlpath=lab/tree/FOLDER/FILE

``FOLDER`` is the folder nbgitpuller clones into, so ``urlpath`` must start with it. nbgitpuller names that folder
after the last part of ``repo`` as given (``repo.split('/')[-1]``), so for ``.../name.git`` it clones into
``name.git/``: the link then also carries ``targetpath=name``, and the clone and the page it opens agree.
Without a ``branch`` nbgitpuller pulls the repository's default branch (``medialit hub-link`` reads it from the
local clone and writes it into the link, so older nbgitpuller versions that assumed ``master`` get it right too).

>>> nbgitpuller_link("https://hub.example.edu", "https://github.com/ms/weighing", branch="main")
'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fms%2Fweighing&branch=main&urlpath=lab%2Ftree%2Fweighing%2Fnotebooks%2F00-start-here.ipynb'
>>> nbgitpuller_link("https://hub.example.edu", "git@github.com:ms/weighing.git", branch="trunk")  # doctest: +ELLIPSIS
'...repo=https%3A%2F%2Fgithub.com%2Fms%2Fweighing.git&branch=trunk&targetpath=weighing&urlpath=lab%2Ftree%2Fweighing%2F...'
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import urlencode, urlsplit, urlunsplit

from .errors import HubLinkError

__all__ = ["HubLinkError", "APPS", "DEFAULT_NOTEBOOK", "nbgitpuller_link", "repo_folder", "normalise_hub_url", "normalise_repo_url"]

DEFAULT_NOTEBOOK = "notebooks/00-start-here.ipynb"

# The front end a link opens, as nbgitpuller's link generator writes it: the path prefix before the file.
# Notebook 7 turns /tree/<file>.ipynb into its notebook page, so "notebook" opens the same file there.
APPS = {"lab": "lab/tree/", "notebook": "tree/"}

_SCP_STYLE = re.compile(r"(?P<user>[\w.-]+)@(?P<host>[\w.-]+):(?P<path>[^/].*)")


def normalise_hub_url(url: str) -> str:
    """The hub's base URL with one trailing slash, checked: http(s), a host, no query or fragment.

    A URL copied from the browser while on the hub (``.../hub/login``, ``.../hub/home``, ``.../user/ana/lab``) is
    cut back to the base, since that is a common paste.
    """
    text = (url or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        raise HubLinkError(f"hub URL {url!r}: must start with https:// (or http://); got scheme {parts.scheme or 'none'!r}. "
                           "Fix: give the address learners type to reach the hub, e.g. https://hub.example.edu")
    if not parts.hostname:
        raise HubLinkError(f"hub URL {url!r}: has no host name. Fix: e.g. https://hub.example.edu")
    if parts.query or parts.fragment:
        raise HubLinkError(f"hub URL {url!r}: must not carry '?...' or '#...'. Fix: give only the address, e.g. https://hub.example.edu")
    path = parts.path
    for marker in ("/hub/", "/user/"):
        cut = (path + "/").find(marker)
        if cut != -1:
            path = path[:cut]
            break
    path = path.rstrip("/") + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def normalise_repo_url(repo: str) -> str:
    """A clonable https URL for the repository; ``git@host:owner/name.git`` becomes ``https://host/owner/name``.

    Learners' servers clone anonymously, so an SSH address (which needs the teacher's keys) would fail there.
    """
    text = (repo or "").strip()
    scp = _SCP_STYLE.fullmatch(text)
    if scp:
        text = f"https://{scp['host']}/{scp['path']}"
    if text.startswith("ssh://"):
        parts = urlsplit(text)
        text = urlunsplit(("https", parts.hostname or "", parts.path, "", ""))
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/") == "":
        raise HubLinkError(f"repository URL {repo!r}: must be a public https address of a git repository. "
                           "Fix: e.g. --repo https://github.com/OWNER/REPO")
    if parts.username or parts.password:
        raise HubLinkError(f"repository URL {repo!r}: must not contain a user name or password (every learner would see it). "
                           "Fix: use the repository's public address.")
    return text.rstrip("/")


def repo_folder(repo: str) -> str:
    """The folder nbgitpuller clones into: the last part of the repository URL without ``.git``."""
    name = urlsplit(normalise_repo_url(repo)).path.rstrip("/").rsplit("/", 1)[-1]
    return name.removesuffix(".git")


def _check_open_path(open_path: str) -> str:
    path = PurePosixPath((open_path or "").strip())
    if not str(path) or str(path) == "." or path.is_absolute() or ".." in path.parts:
        raise HubLinkError(f"notebook path {open_path!r}: must be a path inside the repository, such as {DEFAULT_NOTEBOOK!r}.")
    return str(path)


def nbgitpuller_link(hub_url: str, repo: str, branch: str | None = None, open_path: str = DEFAULT_NOTEBOOK,
                     app: str = "lab") -> str:
    """The nbgitpuller link that clones ``repo`` into each learner's home on ``hub_url`` and opens ``open_path``.

    ``branch`` None leaves the choice to nbgitpuller (the repository's default branch). ``app`` is ``"lab"``
    (JupyterLab) or ``"notebook"`` (Notebook 7). The query is URL-encoded, so the link can be pasted into an
    e-mail, a learning platform or a QR code as it is.
    """
    if app not in APPS:
        raise HubLinkError(f"app {app!r}: must be one of {sorted(APPS)}.")
    if branch is not None:
        branch = branch.strip()
        if not branch or any(ch.isspace() for ch in branch):
            raise HubLinkError(f"branch {branch!r}: must be a git branch name without spaces, e.g. 'main'.")
    base = normalise_hub_url(hub_url)
    repo_url = normalise_repo_url(repo)
    folder = repo_folder(repo_url)
    query = {"repo": repo_url} | ({"branch": branch} if branch else {})
    if repo_url.rsplit("/", 1)[-1] != folder:  # nbgitpuller would clone into "name.git": name the folder
        query["targetpath"] = folder
    query["urlpath"] = f"{APPS[app]}{folder}/{_check_open_path(open_path)}"
    return f"{base}hub/user-redirect/git-pull?{urlencode(query)}"
