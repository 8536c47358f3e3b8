"""A copy of a database never sends what the original may send (found by a data tester: a data
folder copied with `cp afterview.db* other/` sent its scheduled note a second time, same
Message-ID; a copy of the file alone, taken while the worker kept its latest changes in the
-wal file, sent again a note the original had sent).

A SQLite database records its identity (a random id, its path, device and inode) when first
opened; opened as another file (a copy), its approved and scheduled messages come back as
drafts, as after a restore, with one line saying why, and it becomes a database of its own. A
move of the whole folder is no copy. Real SQLite files, through the command line."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from afterview.domain import model as m
from afterview.storage import open_store

from tests.helpers import afterview

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=timezone.utc)
STATES = ("approved", "scheduled", "sending", "drafted", "sent")


def _database(folder: Path) -> tuple[Path, dict[str, int]]:
    """A database in `folder` with one message in each of STATES (each with its Message-ID), closed."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "afterview.db"
    store = open_store(f"sqlite:///{path}")
    ids = {}
    try:
        with store.transaction() as tx:
            person = tx.add(m.Person(name="Ann Lee", emails=["ann@example.com"]))
            for state in STATES:
                ids[state] = tx.add(m.Message(
                    kind=m.MessageKind.THANK_YOU, person_id=person.id, subject=f"Thanks ({state})", body="Thank you.",
                    state=m.MessageState(state), to_address="ann@example.com", approved_at=NOW,
                    scheduled_at=NOW if state == "scheduled" else None, message_id=f"<{state}@example.com>")).id
    finally:
        store.close()
    return path, ids


def _states(path: Path) -> dict[int, m.Message]:
    store = open_store(f"sqlite:///{path}")
    try:
        with store.reading() as tx:
            return {message.id: message for message in tx.list(m.Message)}
    finally:
        store.close()


def _state(path: Path, key: str):
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT value FROM afterview_state WHERE key = ?", (key,)).fetchone()
    import json

    return None if row is None else json.loads(row[0])


def test_a_copied_data_folder_takes_back_what_was_on_its_way_and_says_so_once(tmp_path):
    original, ids = _database(tmp_path / "homeA")
    copy = tmp_path / "homeE"
    shutil.copytree(original.parent, copy)  # cp -r homeA homeE: the file, and any -wal with it

    opened = afterview("--db", str(copy / "afterview.db"), "drafts")
    assert opened.code == 0, opened.err
    assert opened.err.splitlines() == [
        f"afterview: warning: this database is a copy of {original.resolve()}: 2 approved or scheduled messages came "
        "back as drafts, so that a copy never sends what the original may have sent; approve them again once you "
        "know the original cannot (afterview drafts); 1 message being sent there may have arrived (afterview show "
        "ID says how to go on)",
        # the list's own key to its marks: the note being sent is "failed (may have arrived)"
        "(may have arrived: its send was cut off after the server may have taken it, so it is never sent again on "
        "its own; `afterview show N` gives the ways on)"]
    copied = _states(copy / "afterview.db")
    for state in ("approved", "scheduled"):
        message = copied[ids[state]]
        assert message.state == m.MessageState.DRAFTED and message.approved_at is None and message.scheduled_at is None
        assert message.last_error.startswith(f"not sent: it came back as a draft: this database is a copy of "
                                             f"{original.resolve()}")
        assert message.message_id == f"<{state}@example.com>"  # kept: looked for in Sent before it goes again
    sending = copied[ids["sending"]]
    assert sending.state == m.MessageState.FAILED and sending.last_error.startswith("outcome unknown: it was being sent")
    assert copied[ids["drafted"]].state == m.MessageState.DRAFTED and copied[ids["sent"]].state == m.MessageState.SENT
    # the Message-IDs it carries are named: an approval says it may have gone, the outbox looks in Sent first
    assert set(_state(copy / "afterview.db", "outbox.carried")) == {str(ids[s]) for s in STATES if s != "sent"}
    identity = _state(copy / "afterview.db", "identity")
    assert identity["path"] == str((copy / "afterview.db").resolve())
    assert identity["copy_of"] == str(original.resolve())
    assert identity["id"] != _state(original, "identity")["id"]  # a database of its own now

    again = afterview("--db", str(copy / "afterview.db"), "drafts")
    assert again.code == 0 and "this database is a copy" not in again.err  # said once
    shown = afterview("--db", str(copy / "afterview.db"), "show", str(ids["approved"]))
    assert f"held back: it came back as a draft: this database is a copy of {original.resolve()}" in shown.out
    # the original goes on as it was: nothing taken back, nothing said
    first = afterview("--db", str(original), "drafts")
    assert first.code == 0 and first.err == ""
    assert _states(original)[ids["approved"]].state == m.MessageState.APPROVED
    assert _states(original)[ids["scheduled"]].state == m.MessageState.SCHEDULED


def test_a_copy_of_the_file_alone_is_a_copy_too(tmp_path):
    """`cp afterview.db other/` while a program keeps its latest changes in the -wal file: the
    copy has the state before them (the message approved), and the identity is in the file."""
    original, ids = _database(tmp_path / "homeA")
    store = open_store(f"sqlite:///{original}")  # kept open: its changes stay in the -wal file
    try:
        with store.transaction() as tx:
            message = tx.get(m.Message, ids["approved"])
            message.state, message.sent_at = m.MessageState.SENT, NOW
            tx.update(message)
        assert Path(f"{original}-wal").stat().st_size > 0
        (tmp_path / "homeF").mkdir()
        shutil.copy(original, tmp_path / "homeF" / "afterview.db")
    finally:
        store.close()
    copied = afterview("--db", str(tmp_path / "homeF" / "afterview.db"), "drafts")
    assert "2 approved or scheduled messages came back as drafts" in copied.err
    assert _states(tmp_path / "homeF" / "afterview.db")[ids["approved"]].state == m.MessageState.DRAFTED


def test_a_copy_put_in_place_of_the_database_is_a_copy(tmp_path):
    """An older copy moved over the live file (`mv backup.db afterview.db`): another file at the
    same path, whose approved notes the live one may have sent since."""
    original, ids = _database(tmp_path / "home")
    shutil.copy(original, tmp_path / "backup.db")
    os.replace(tmp_path / "backup.db", original)
    opened = afterview("--db", str(original), "drafts")
    assert opened.err.startswith(f"afterview: warning: this database is a copy put in place of the database file "
                                 f"that was at {original.resolve()}: 2 approved or scheduled messages came back")
    assert _states(original)[ids["approved"]].state == m.MessageState.DRAFTED


def test_a_moved_or_renamed_data_folder_is_no_copy(tmp_path):
    original, ids = _database(tmp_path / "old-home")
    moved = tmp_path / "new-home"
    os.rename(original.parent, moved)  # the same file (its inode), at a new path
    opened = afterview("--db", str(moved / "afterview.db"), "drafts")
    assert opened.code == 0 and opened.err == ""
    assert _states(moved / "afterview.db")[ids["approved"]].state == m.MessageState.APPROVED
    assert _state(moved / "afterview.db", "identity")["path"] == str((moved / "afterview.db").resolve())
    assert _state(moved / "afterview.db", "outbox.carried") is None
    os.rename(moved / "afterview.db", moved / "renamed.db")
    assert afterview("--db", str(moved / "renamed.db"), "drafts").err == ""
    assert _states(moved / "renamed.db")[ids["scheduled"]].state == m.MessageState.SCHEDULED


def test_a_database_from_before_identities_with_nothing_on_its_way_records_its_own_and_says_nothing(tmp_path):
    """One with notes on their way: tests/foundation/test_d18_copies_and_rollbacks.py."""
    original, _ = _database(tmp_path / "home")
    with sqlite3.connect(original) as conn:  # as an Afterview that kept no identity left it
        conn.execute("DELETE FROM afterview_state WHERE key = 'identity'")
        conn.execute("UPDATE messages SET state = 'drafted', approved_at = NULL, scheduled_at = NULL "
                     "WHERE state IN ('approved', 'scheduled')")
    opened = afterview("--db", str(original), "drafts")
    assert opened.code == 0 and opened.err == ""
    assert _state(original, "identity")["inode"] == original.stat().st_ino


def test_opening_the_same_file_again_writes_nothing(tmp_path):
    """The check costs one small read at open: the file is left byte for byte as it was."""
    original, _ = _database(tmp_path / "home")
    before = hashlib.sha256(original.read_bytes()).hexdigest()
    for _ in range(2):
        open_store(f"sqlite:///{original}").close()
    assert hashlib.sha256(original.read_bytes()).hexdigest() == before
    assert not Path(f"{original}-wal").exists()


def test_a_copy_is_taken_back_once_whichever_program_opens_it_first(tmp_path):
    """The desk and the worker started at once on a copied folder: the second finds the copy
    made its own already, says nothing and holds nothing more."""
    original, _ = _database(tmp_path / "homeA")
    shutil.copytree(original.parent, tmp_path / "homeE")
    first = open_store(f"sqlite:///{tmp_path / 'homeE' / 'afterview.db'}")
    second = open_store(f"sqlite:///{tmp_path / 'homeE' / 'afterview.db'}")
    try:
        assert len(first.notices) == 1 and second.notices == []
    finally:
        first.close()
        second.close()
