"""Names in any script: every learner gets their own readable file; old files still resume; the hub user is the default."""

from __future__ import annotations

import doctest
import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import medialit
from medialit import paths, progress, tagfile
from medialit.errors import InvalidTextError
from medialit.session import TaggingSession
from medialit.tagger import ClaimTagger

ARTICLE = medialit.load_article()
TAXONOMY = medialit.load_taxonomy()
NAMES = ["李明", "Иван", "محمد", "José", "Josè", "Zoë", "Zoé", "Ana María", "Ana-María", "Ana_María", "O'Brien", "Nguyễn Thị Minh Khai", "김민준", "Αλέξανδρος", "learner"]


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    return tmp_path / "home"


def test_the_doctests_hold():
    assert doctest.testmod(paths, optionflags=doctest.ELLIPSIS).failed == 0


def test_every_name_gets_its_own_file_readable_in_its_own_script():
    stems = [paths.file_stem(name) for name in NAMES]
    assert len(set(stems)) == len(NAMES), dict(zip(NAMES, stems))
    for name, stem in zip(NAMES, stems):
        letters = [c for c in paths.learner_key(name) if unicodedata.category(c)[0] in "LN"]
        assert all(c in stem for c in letters), f"{name!r} -> {stem!r} keeps the name's letters"
    assert paths.file_stem("李明") == "李明" and paths.file_stem("Иван") == "иван" and paths.file_stem("Zoë") == "zoë"


def test_one_learner_whatever_the_case_spacing_or_accent_encoding():
    same = ["Ana María", "ana maría", "  ANA   MARÍA ", unicodedata.normalize("NFD", "Ana María")]
    assert len({paths.learner_key(n) for n in same}) == 1
    assert len({paths.progress_path(n) for n in same}) == 1, "also one file on a file system that ignores case"


def test_lossy_empty_reserved_and_long_names_get_a_stable_hash():
    assert paths.file_stem("Ana!") != paths.file_stem("Ana?") and paths.file_stem("Ana!") == paths.file_stem("ana!")
    assert paths.file_stem("CON") != "con" and paths.file_stem("nul").startswith("nul-")
    assert paths.file_stem("!!!").startswith("learner-") and paths.file_stem("") != paths.file_stem("!!!")
    assert paths.file_stem("ana-1a2b3c4d") != paths.file_stem("ana") and paths.file_stem("ana-1a2b3c4d").count("-") == 2
    long_a, long_b = "Ж" * 80 + "a", "Ж" * 80 + "b"
    assert paths.file_stem(long_a) != paths.file_stem(long_b)
    assert len(paths.file_stem(long_a).encode("utf-8")) <= paths.MAX_STEM_BYTES + 9


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=2, max_size=6))
def test_distinct_learners_never_share_a_file_and_every_name_is_safe(names):
    keys = {}
    for name in names:
        stem = paths.file_stem(name)
        assert stem and stem == stem.strip() and not stem.startswith((".", "-"))
        assert not any(c in stem for c in '/\\:*?"<>|\x00') and stem.isprintable()
        assert len(stem) <= paths.MAX_STEM_CHARACTERS + 9 and len(stem.encode("utf-8", "surrogatepass")) <= paths.MAX_STEM_BYTES + 9
        keys.setdefault(stem, set()).add(paths.learner_key(name))
    assert all(len(identities) == 1 for identities in keys.values()), keys


def test_learners_in_other_scripts_never_open_each_others_work(home):
    """Before, 李明, Иван and محمد all opened learner.json: the second one saw the first one's tags and name."""
    first = ClaimTagger(name="李明")
    first.choose("bare_assertion")
    second = ClaimTagger(name="Иван")
    assert second.session.tags() == {} and second.session.learner == "Иван"
    second.choose("corroborated")
    assert (home / "progress" / "李明.json").exists() and (home / "progress" / "иван.json").exists()
    assert progress.load(paths.progress_path("李明")).level_of("C004") == "bare_assertion"
    exported = progress.export_submission(second.session)
    assert exported.name == "иван.json" and json.loads(exported.read_text(encoding="utf-8"))["learner"] == "Иван"


def _old_file(home, file_name: str, learner: str, claim: str = "C004") -> bytes:
    session = TaggingSession(ARTICLE, TAXONOMY, learner=learner)
    session.tag(claim, "bare_assertion", note=f"{learner}'s own")
    path = home / "progress" / file_name
    progress.save(session, path)
    return path.read_bytes()


def test_a_file_under_the_old_name_is_moved_to_the_new_one_and_resumes(home):
    content = _old_file(home, "Ana-Mar-a.json", "Ana María")
    session = progress.open_session("Ana María")
    assert session.note_of("C004") == "Ana María's own"
    assert paths.progress_path("Ana María").read_bytes() == content and not (home / "progress" / "Ana-Mar-a.json").exists()
    session.tag("C005", "named_source")
    assert progress.open_session("ana maría").progress().tagged == 2


def test_an_old_shared_name_is_moved_only_for_its_own_learner(home):
    content = _old_file(home, "learner.json", "李明")  # older versions saved every non-Latin name here
    other = progress.open_session("Иван")
    assert other.tags() == {} and (home / "progress" / "learner.json").read_bytes() == content, "not Иван's: untouched"
    mine = progress.open_session("李明")
    assert mine.note_of("C004") == "李明's own" and not (home / "progress" / "learner.json").exists()


def test_moving_an_old_file_never_replaces_a_new_one(home):
    old = _old_file(home, "Ana-Mar-a.json", "Ana María", claim="C004")
    new = _old_file(home, "ana_maría.json", "Ana María", claim="C005")
    session = progress.open_session("Ana María")
    assert set(session.tags()) == {"C005"}
    assert (home / "progress" / "Ana-Mar-a.json").read_bytes() == old and paths.progress_path("Ana María").read_bytes() == new


def test_on_a_jupyterhub_the_hub_user_is_the_learner(home, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "amira.k")
    session = progress.open_session()
    assert session.learner == "amira.k" and session.store.path == paths.progress_path("amira.k")
    assert ClaimTagger().session.learner == "amira.k"
    assert progress.open_session("Someone Else").learner == "Someone Else", "a typed name still wins"
    monkeypatch.delenv("JUPYTERHUB_USER")
    assert progress.open_session().learner == "me"


def test_a_name_that_cannot_be_saved_is_refused(home):
    with pytest.raises(InvalidTextError, match="at most 100"):
        progress.open_session("x" * (tagfile.MAX_NAME + 1))
    with pytest.raises(InvalidTextError, match="broken character"):
        ClaimTagger(name="Ana\ud800")


def test_the_sample_class_keeps_its_ascii_file_names():
    assert paths.safe_file_stem("Ana María") == "Ana-Mar-a" and paths.safe_file_stem("李明") == "learner"
