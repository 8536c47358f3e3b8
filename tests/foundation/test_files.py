"""Files the user names (a backup, a calendar, a spreadsheet, an .eml copy, a card): written whole or
not at all, and every bad name answered with one line, by every command that writes one."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from afterview.errors import ConfigError, InvalidInput, OutputFailed
from afterview.files import write_whole
from tests.helpers import afterview, assert_clean_error

AT = ("--at", "2026-11-26T15:00:00Z")
TOO_LONG = "x" * 300  # file systems allow 255 bytes in a name


def leftovers(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith(".afterview-"))


def test_writes_the_whole_text_readable_by_the_user_alone(tmp_path):
    target = tmp_path / "backup.json"
    assert write_whole(target, "é\n") == target
    assert target.read_bytes() == "é\n".encode("utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # what Afterview writes is private data
    write_whole(target, b"second")
    assert target.read_bytes() == b"second" and leftovers(tmp_path) == []


@pytest.mark.parametrize(("name", "fragment"), [
    ("", "no file name given"),
    (".", "no file name given"),
    ("{folder}", "is a folder"),
    ("{folder}/missing/x.json", "there is no folder"),
    ("{folder}/" + TOO_LONG, "name too long"),
    ("{folder}/" + "💥" * 70, "name too long"),  # 70 letters, 280 bytes
])
def test_a_bad_name_is_one_clear_error_and_leaves_nothing_behind(tmp_path, name, fragment):
    existing = tmp_path / "keep.json"
    existing.write_text("old", encoding="utf-8")
    with pytest.raises(InvalidInput, match=fragment) as refused:
        write_whole(name.format(folder=tmp_path), "new")
    assert "\n" not in str(refused.value)
    assert existing.read_text(encoding="utf-8") == "old" and leftovers(tmp_path) == []


def test_a_failed_replace_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "plan.ics"
    target.write_bytes(b"old calendar")

    def refuse(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    # a full disk is a failed write (exit status 74), whatever error the caller names for a bad name
    with pytest.raises(OutputFailed, match="cannot write .*plan.ics: No space left on device"):
        write_whole(target, b"new calendar", error=ConfigError)
    assert target.read_bytes() == b"old calendar" and leftovers(tmp_path) == []

    def forbid(source, destination):
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", forbid)
    with pytest.raises(ConfigError, match="cannot write .*plan.ics: Permission denied"):
        write_whole(target, b"new calendar", error=ConfigError)
    assert target.read_bytes() == b"old calendar" and leftovers(tmp_path) == []


def test_a_link_is_refused_and_a_pipe_or_device_is_written_to_not_replaced(tmp_path):
    real = tmp_path / "real.ics"
    real.write_bytes(b"old")
    link = tmp_path / "link.ics"
    link.symlink_to(real)
    with pytest.raises(InvalidInput, match="is a symbolic link"):  # a planted link never redirects a write
        write_whole(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"old"
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_whole(pipe, b"through the pipe")
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(pipe.stat().st_mode) and leftovers(tmp_path) == []
    # /dev/stdout is a link to the process's standard output, a pipe here
    shown = subprocess.run([sys.executable, "-c", "from afterview.files import write_whole; "
                            "write_whole('/dev/stdout', b'to the screen')"], capture_output=True, check=True)
    assert shown.stdout == b"to the screen" and os.path.islink("/dev/stdout")
    if os.path.exists("/dev/full"):  # a device: written to, and a failed write is one line
        with pytest.raises(OutputFailed, match="cannot write /dev/full: No space left on device"):
            write_whole("/dev/full", b"x" * 100_000)
        assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.fixture(scope="session")
def demo_drafted(prebuilt):
    return prebuilt.build((*AT, "demo", "--no-agenda"), (*AT, "draft", "--interview", "1"))


@pytest.fixture
def demo(tmp_path, afterview_home, prebuilt, demo_drafted):
    prebuilt.copy(demo_drafted, afterview_home)  # as `afterview AT demo --no-agenda`, `... draft --interview 1` leave it
    return tmp_path


def _card_id() -> str:
    from afterview.config import paths
    from afterview.domain.model import Channel, Message, MessageKind
    from afterview.storage import open_store

    store = open_store("sqlite:///" + str(paths().default_db))
    with store.transaction() as tx:
        card = tx.add(Message(kind=MessageKind.CARD, channel=Channel.CARD, person_id=1, opportunity_id=1,
                              body="Dear Priya,\n\nThank you so much.\n\nAlex"))
    store.close()
    return str(card.id)


def test_every_command_that_writes_a_file_answers_bad_names_alike(demo):
    folder = demo / "out"
    folder.mkdir()
    draft_id = str(json.loads(afterview(*AT, "drafts", "--json").out)[0]["id"])
    commands = {
        "export": lambda name: ("export", name),
        "calendar export": lambda name: ("calendar", "export", "-o", name),
        "send --eml": lambda name: ("send", draft_id, "--eml", name),
        "show --card": lambda name, card=_card_id(): ("show", card, "--card", name),
        "csv export": lambda name: ("csv", "export", "people", "-o", name),
        "vcard export": lambda name: ("vcard", "export", "-o", name),
    }
    for what, argv in commands.items():
        for name, fragment in [("", "no file name given"), (str(folder / "none" / "x"), "there is no folder"),
                               (str(folder / TOO_LONG), "name too long")]:
            result = afterview(*AT, *argv(name))
            assert_clean_error(result, fragment)
            assert "internal error" not in result.err, (what, result.err)
        if os.path.exists("/dev/full"):  # a full disk: a failed write, not bad input
            result = afterview(*AT, *argv("/dev/full"))
            assert result.code == 74 and result.err.strip().endswith("No space left on device"), (what, result.err)
        written = folder / f"{what.replace(' ', '-')}.out"
        result = afterview(*AT, *argv(str(written)))
        assert result.code == 0, (what, result.err)
        assert written.stat().st_size > 0
    assert leftovers(folder) == [] and leftovers(demo) == []
