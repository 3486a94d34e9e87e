"""The class inbox folder: made with exactly the promised bits, unsafe folders refused, settings found in order."""

from __future__ import annotations

import doctest
import grp
import json
import os
import stat

import pytest

from medialit import inbox
from medialit.cli import main
from medialit.errors import InboxError


@pytest.fixture
def place(tmp_path):
    """A folder anyone can pass through, as /srv is, to make inboxes in."""
    tmp_path.chmod(0o755)
    return tmp_path


def _mode(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_the_doctests_hold():
    assert doctest.testmod(inbox).failed == 0


def test_init_makes_a_folder_learners_can_write_to_but_not_list(place):
    made = inbox.init(place / "inbox", account_prefix="jupyter-")
    assert _mode(place / "inbox") == 0o3773 == inbox.INBOX_MODE
    status = os.stat(place / "inbox")
    assert status.st_mode & stat.S_ISVTX and status.st_mode & stat.S_ISGID  # sticky: nobody removes another's file
    assert not status.st_mode & stat.S_IROTH and status.st_mode & stat.S_IWOTH and status.st_mode & stat.S_IXOTH
    assert status.st_gid == os.getegid() and made.group == grp.getgrgid(os.getegid()).gr_name
    marker = place / "inbox" / inbox.MARKER
    assert json.loads(marker.read_text()) == {"schema": "medialit-inbox", "schema_version": 1, "account_prefix": "jupyter-"}
    assert _mode(marker) == 0o644, "learners read the account prefix from it"
    assert inbox.read_marker(place / "inbox") == "jupyter-" and made.problems == []


def test_init_makes_missing_parents_that_learners_can_pass_through(place):
    inbox.init(place / "srv" / "medialit-inbox" / "9b", account_prefix="")
    assert _mode(place / "srv") == _mode(place / "srv" / "medialit-inbox") == 0o755


def test_init_again_leaves_a_sound_inbox_as_it_is(place):
    inbox.init(place / "inbox", account_prefix="jupyter-")
    (place / "inbox" / "ana.json").write_text("{}")
    again = inbox.init(place / "inbox")
    assert again.account_prefix == "jupyter-" and (place / "inbox" / "ana.json").read_text() == "{}"
    with pytest.raises(InboxError, match="already an inbox for accounts named 'jupyter-'"):
        inbox.init(place / "inbox", account_prefix="")


@pytest.mark.parametrize("mode, words", [
    (0o1777, "others can read it"),     # world-readable: every learner lists the hand-ins
    (0o2773, "no sticky bit"),          # anyone deletes or renames anyone's hand-in
    (0o3771, "cannot write into it"),   # learners could not hand in
    (0o1773, "no setgid bit"),          # hand-ins would keep the learner's group: teachers cannot read them
])
def test_init_refuses_an_existing_folder_that_breaks_a_promise_and_changes_nothing(place, mode, words):
    folder = place / "existing"
    folder.mkdir()
    folder.chmod(mode)
    with pytest.raises(InboxError) as caught:
        inbox.init(folder)
    message = str(caught.value)
    assert str(folder) in message and words in message and "Fix:" in message
    assert _mode(folder) == mode and not (folder / inbox.MARKER).exists()


def test_init_refuses_a_symbolic_link_and_a_file(place):
    inbox.init(place / "real", account_prefix="")
    (place / "link").symlink_to(place / "real")
    with pytest.raises(InboxError, match="symbolic link"):
        inbox.init(place / "link")
    (place / "file").write_text("")
    with pytest.raises(InboxError, match="not a folder"):
        inbox.init(place / "file")


def test_init_refuses_a_place_others_could_swap_the_inbox_out_of(place):
    (place / "open").mkdir()
    (place / "open").chmod(0o777)  # writable by all, not sticky: anyone could rename the inbox away
    with pytest.raises(InboxError, match="others can change"):
        inbox.init(place / "open" / "inbox")
    assert not (place / "open" / "inbox").exists()


def test_init_refuses_a_group_every_learner_is_in_or_one_that_does_not_exist(place):
    with pytest.raises(InboxError, match="every hub user is in the group jupyterhub-users"):
        inbox.init(place / "inbox", group="jupyterhub-users")
    with pytest.raises(InboxError, match="groupadd no-such-group-h13a"):
        inbox.init(place / "inbox", group="no-such-group-h13a")
    assert not (place / "inbox").exists()


def test_without_group_your_own_group_is_used_only_if_nobody_else_is_in_it(place, monkeypatch):
    monkeypatch.setattr(inbox, "_readers", lambda gid: ["jupyter-bob", inbox.account_name(os.geteuid())])
    with pytest.raises(InboxError, match="also has jupyter-bob.*--group teachers"):
        inbox.init(place / "inbox")
    assert not (place / "inbox").exists()


def test_an_explicit_group_is_given_to_the_folder(place):
    group = grp.getgrgid(os.getegid()).gr_name
    made = inbox.init(place / "inbox", group=group, account_prefix="")
    assert os.stat(place / "inbox").st_gid == os.getegid() and made.group == group


def test_tljhs_account_prefix_is_assumed_on_tljh(place, monkeypatch):
    monkeypatch.setattr(inbox, "TLJH_INSTALL", place)  # a folder that exists, as /opt/tljh does on TLJH
    assert inbox.init(place / "a").account_prefix == "jupyter-"
    monkeypatch.setattr(inbox, "TLJH_INSTALL", place / "absent")
    assert inbox.init(place / "b").account_prefix == ""


@pytest.mark.parametrize("hub_user, account", [
    ("ana", "jupyter-ana"),
    ("abcdefghijklmnopq", "jupyter-abcdefghijklmnopq"),            # 25 characters with the prefix: kept
    ("abcdefghijklmnopqr", "jupyter-abcdefghijklmnopqr-e375e"),     # 26: cut and hashed (TLJH's own test)
    ("aelie9sohjeequ9iemeipuimuoshahz4aitugiuteeg4ohioh5yuiha6aei7te5z", "jupyter-aelie9sohjeequ9iem-4b726"),
])
def test_a_hub_user_maps_to_the_account_tljh_makes(hub_user, account):
    assert inbox.account_for(hub_user, "jupyter-") == account


def test_the_check_command_reports_a_sound_inbox_and_a_broken_one(place, capsys):
    assert main(["inbox", "init", str(place / "inbox"), "--account-prefix", "jupyter-"]) == 0
    out = capsys.readouterr().out
    assert "mode 3773 (drwxrws-wt)" in out and "jupyter-NAME" in out and "/etc/medialit/inbox.json" in out
    assert main(["inbox", "check", str(place / "inbox")]) == 0
    (place / "inbox").chmod(0o3777)
    assert main(["inbox", "check", str(place / "inbox")]) == 2
    captured = capsys.readouterr()
    assert "PROBLEM: others can read it" in captured.out and "NOT safe" in captured.out and "does not keep" in captured.err


def test_the_init_command_refuses_in_one_line_with_exit_status_2(place, capsys):
    (place / "open").mkdir(mode=0o777)
    (place / "open").chmod(0o777)
    assert main(["inbox", "init", str(place / "open")]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "Fix:" in captured.err


# ---- where a kernel finds the inbox ----
@pytest.fixture
def settings(tmp_path, monkeypatch):
    """Two config files (environment, system) in a temporary place, and no MEDIALIT_INBOX."""
    files = (tmp_path / "env" / "inbox.json", tmp_path / "etc" / "inbox.json")
    monkeypatch.setattr(inbox, "CONFIG_FILES", files)
    monkeypatch.delenv("MEDIALIT_INBOX", raising=False)
    for file in files:
        file.parent.mkdir()
    return files


def test_no_setting_means_no_inbox(settings):
    assert inbox.configured_inbox() is None


def test_the_settings_are_read_in_order(settings, monkeypatch):
    env_file, etc_file = settings
    etc_file.write_text(json.dumps({"inbox": "/srv/from-etc"}))
    assert inbox.configured_inbox() == inbox.Path("/srv/from-etc")
    env_file.write_text(json.dumps({"inbox": "/srv/from-env"}))
    assert inbox.configured_inbox() == inbox.Path("/srv/from-env")
    monkeypatch.setenv("MEDIALIT_INBOX", "/srv/from-variable")
    assert inbox.configured_inbox() == inbox.Path("/srv/from-variable")
    monkeypatch.setenv("MEDIALIT_INBOX", "")  # set but empty: no inbox, and the files are not read
    assert inbox.configured_inbox() is None


@pytest.mark.parametrize("content, words", [
    ("not json", "not an inbox setting"),
    ("[]", "not an inbox setting"),
    ('{"inbox": ""}', 'no "inbox" path'),
    ('{"inbox": "srv/relative"}', "must be a full path"),
])
def test_a_broken_setting_names_the_file_and_the_fix(settings, content, words):
    settings[1].write_text(content)
    with pytest.raises(InboxError) as caught:
        inbox.configured_inbox()
    assert str(settings[1]) in str(caught.value) and words in str(caught.value) and "Fix:" in str(caught.value)


def test_a_relative_variable_is_refused(settings, monkeypatch):
    monkeypatch.setenv("MEDIALIT_INBOX", "inbox")
    with pytest.raises(InboxError, match=r"\$MEDIALIT_INBOX.*full path"):
        inbox.configured_inbox()


def test_a_marker_is_required_and_checked(place):
    (place / "plain").mkdir()
    with pytest.raises(InboxError, match="is not a class inbox"):
        inbox.read_marker(place / "plain")
    inbox.init(place / "inbox", account_prefix="")
    (place / "inbox" / inbox.MARKER).write_text('{"schema": "medialit-inbox", "account_prefix": "a/b"}')
    with pytest.raises(InboxError, match="not a class inbox's marker"):
        inbox.read_marker(place / "inbox")


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another account needs root")
def test_a_marker_a_learner_left_before_init_is_not_trusted(place):
    folder = place / "inbox"
    folder.mkdir()
    folder.chmod(0o3773)
    (folder / inbox.MARKER).write_text('{"schema": "medialit-inbox", "schema_version": 1, "account_prefix": ""}')
    os.chown(folder / inbox.MARKER, 65534, -1)  # nobody's
    with pytest.raises(InboxError, match="not a regular file written by the inbox's owner"):
        inbox.init(folder)


def test_a_marker_that_is_a_pipe_is_refused_without_being_opened(place):
    inbox.init(place / "inbox", account_prefix="")
    (place / "inbox" / inbox.MARKER).unlink()
    os.mkfifo(place / "inbox" / inbox.MARKER)  # opening it would wait for ever
    with pytest.raises(InboxError, match="not a regular file"):
        inbox.read_marker(place / "inbox")
