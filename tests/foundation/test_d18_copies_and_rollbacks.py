"""Two ways a note went out twice that the identity of a database did not see (found by a
tester of upgrades, backups and moves).

- A database an older Afterview kept records its identity at its first open by this one, in
  whichever folder it is: a data folder copied before the upgrade (an old laptop and a new one, a
  backup folder) made two "originals", and both sent the same scheduled note (one Message-ID).
  Now a database that records its identity for the first time while notes are on their way
  cannot know it is the only one: each is looked for in the Sent folder before it goes, and one
  whose account has no IMAP server comes back as a draft; said once.
- A backup file copied over the database (`cp backup.db afterview.db`: the same file, so the
  same identity) brought back as approved the notes sent since, and sent them again. Now the
  outbox counts its hand-overs to the mail server in the database and in a small file beside it
  (afterview.db-sends); a database that knows of fewer is an older copy put back: what it had on
  its way comes back as drafts, and it says so.

`data/afterview-0004-before-identity.db` was written by the release before identities (schema
0004_people_greet_as, no `identity` entry): the demo, its three thank-yous drafted, #3 (Tom
Becker) and #4 (Lena Fischer) approved from the account `personal` and scheduled for Fri 27 Nov
08:00 and 09:00 UTC. Real SQLite files; the sends through real aiosmtpd and Dovecot."""

from __future__ import annotations

import gc
import json
import os
import shutil
import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from email import message_from_bytes
from pathlib import Path

from afterview.delivery import outbox
from afterview.domain import model as m
from afterview.storage import open_store

from tests.helpers import afterview

OLD = Path(__file__).parent / "data" / "afterview-0004-before-identity.db"
SCHEDULED = (3, 4)
AT = "2026-11-27T09:00:00Z"  # both scheduled notes due
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=timezone.utc)
ONCE = ("so it cannot tell whether a copy of it made before this upgrade (on another computer, in a backup folder) "
        "sends the same notes: ")


def _old(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(OLD, folder / "afterview.db")
    return folder / "afterview.db"


def _account(home: Path, imap: bool) -> None:
    """config.toml with the account `personal` the notes were approved from, with or without IMAP."""
    (home / "config.toml").write_text('[accounts.personal]\nemail = "alex.morgan@mail.example"\n'
                                      'smtp_host = "smtp.mail.example"\npassword_env = "AV_TEST_PASSWORD"\n'
                                      + ('imap_host = "imap.mail.example"\n' if imap else ""))


def _messages(db: Path) -> dict[int, m.Message]:
    store = open_store(f"sqlite:///{db}")
    try:
        with store.reading() as tx:
            return {message.id: message for message in tx.list(m.Message)}
    finally:
        store.close()


def _state(db: Path, key: str):
    with closing(sqlite3.connect(db)) as conn:  # closed at once: an open one keeps the -wal file
        row = conn.execute("SELECT value FROM afterview_state WHERE key = ?", (key,)).fetchone()
    return None if row is None else json.loads(row[0])


def _warnings(result) -> list[str]:
    return [line for line in result.err.splitlines() if line.startswith("afterview: warning: ")]


# --- a database that records its identity for the first time ---------------------------------

def test_an_older_database_with_notes_on_their_way_brings_back_those_it_cannot_look_for(tmp_path, afterview_home):
    db = _old(tmp_path / "laptop")
    _account(afterview_home, imap=False)
    opened = afterview("--db", str(db), "--at", "2026-11-26T15:00:00Z", "drafts")
    assert opened.code == 0, opened.err
    said = [line for line in _warnings(opened) if "records which file it is" in line]
    assert said == [f"afterview: warning: {db} now records which file it is (an older Afterview did not), {ONCE}"
                    "2 came back as drafts, their account having no IMAP server to look in: approve them again once "
                    "you know no copy sent them (afterview drafts)"]
    messages = _messages(db)
    for number in SCHEDULED:
        message = messages[number]
        assert message.state == m.MessageState.DRAFTED and message.scheduled_at is None, message
        assert message.last_error.startswith("not sent: it came back as a draft: an older Afterview kept this "
                                             "database without recording which file it was")
    # approved again, each is said to be looked for (or, with no IMAP, to be looked for by you)
    assert set(_state(db, "outbox.carried")) >= {str(n) for n in SCHEDULED}
    assert _state(db, "identity")["inode"] == db.stat().st_ino
    again = afterview("--db", str(db), "--at", "2026-11-26T15:00:00Z", "drafts")
    assert again.code == 0 and again.err == ""  # said once


def test_an_older_database_whose_account_can_be_searched_keeps_its_notes_and_looks_for_them(tmp_path,
                                                                                          afterview_home):
    db = _old(tmp_path / "laptop")
    _account(afterview_home, imap=True)
    opened = afterview("--db", str(db), "--at", "2026-11-26T15:00:00Z", "drafts")
    said = [line for line in _warnings(opened) if "records which file it is" in line]
    assert said == [f"afterview: warning: {db} now records which file it is (an older Afterview did not), {ONCE}"
                    "2 approved or scheduled messages are looked for in your Sent folder before they go, and marked "
                    "sent instead if they are there"]
    messages = _messages(db)
    assert [messages[n].state for n in SCHEDULED] == [m.MessageState.SCHEDULED] * 2
    carried = _state(db, "outbox.carried")
    for number in SCHEDULED:
        assert carried[str(number)]["message_id"] == messages[number].message_id
        assert carried[str(number)]["from"].startswith(f"{db} as an older Afterview left it")


def test_a_current_database_without_its_identity_is_in_the_same_state(tmp_path, afterview_home):
    """What the tester suggested for a test, checked: a database of today without its identity
    entry is taken as the older one is (its notes on their way cannot be known to be its own)."""
    db = tmp_path / "afterview.db"
    store = open_store(f"sqlite:///{db}")
    with store.transaction() as tx:
        person = tx.add(m.Person(name="Ann Lee", emails=["ann@example.com"]))
        tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=person.id, subject="Thanks", body="Thank you.",
                         state=m.MessageState.APPROVED, to_address="ann@example.com", approved_at=NOW,
                         message_id="<a@example.com>", account="personal"))
    store.close()
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("DELETE FROM afterview_state WHERE key = 'identity'")
    _account(afterview_home, imap=False)
    opened = afterview("--db", str(db), "drafts")
    assert _warnings(opened) == [f"afterview: warning: {db} now records which file it is (an older Afterview did "
                                 f"not), {ONCE}1 came back as a draft, its account having no IMAP server to look in: "
                                 "approve it again once you know no copy sent it (afterview drafts)"]
    assert _messages(db)[1].state == m.MessageState.DRAFTED


def test_a_new_database_says_nothing(tmp_path):
    opened = afterview("--db", str(tmp_path / "new.db"), "company", "add", "Acme")
    assert opened.code == 0 and opened.err == ""
    assert not Path(f"{tmp_path / 'new.db'}-sends").exists()  # nothing sent: no count beside it


def test_two_copies_made_before_the_upgrade_send_the_note_once(mail, tmp_path, afterview_home):
    """The old laptop and the new one, each with the data folder as it was before the upgrade, each
    running send-due when the notes are due: each goes out once, the second copy finding them in
    the Sent folder."""
    (afterview_home / "config.toml").write_text(
        mail.account_toml("personal", extra="append_sent = true\nrate_per_minute = 0\n"))
    env = {"AV_TEST_PASSWORD": mail.users["alice"].password}
    laptops = [_old(tmp_path / "old-laptop"), _old(tmp_path / "new-laptop")]
    headers = {number: message.message_id for number, message in _messages(laptops[0]).items()}
    before = len(mail.received)
    first = afterview("--db", str(laptops[0]), "--at", AT, "send-due", env=env)
    assert first.code == 0, (first.out, first.err)
    assert all(f"sent message {n}" in first.out for n in SCHEDULED), first.out
    second = afterview("--db", str(laptops[1]), "--at", AT, "send-due", env=env)
    assert second.code == 0, (second.out, second.err)
    for number in SCHEDULED:
        assert f"sent message {number}" not in second.out
        assert f"message {number}: not sent: it is in your Sent folder already" in second.out, second.out
        assert _messages(laptops[1])[number].state == m.MessageState.SENT
    went = [message_from_bytes(record.data)["Message-ID"] for record in mail.received[before:]]
    assert sorted(went) == sorted(headers[n] for n in SCHEDULED)  # once each


# --- an older copy of the file put back over it ------------------------------------------------

def _with_notes(db: Path, count: int = 2) -> list[int]:
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            person = tx.add(m.Person(name="Ann Lee", emails=["ann@example.com"]))
            return [tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=person.id, subject=f"Thanks {n}",
                                     body="Thank you.", state=m.MessageState.APPROVED, to_address="ann@example.com",
                                     approved_at=NOW, message_id=f"<n{n}@example.com>")).id for n in range(count)]
    finally:
        store.close()


def _send(db: Path, message_id: int) -> None:
    """What the outbox does around one hand-over to the mail server: the claim, then sent."""
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            assert outbox.claim(tx, message_id, NOW)
        with store.transaction() as tx:
            assert outbox.finish(tx, message_id, state=m.MessageState.SENT, now=NOW)
    finally:
        store.close()


def _put_back(backup: Path, db: Path) -> None:
    """`cp backup.db afterview.db`: the database file written over, its inode kept, with no
    program using it (the connections of commands run in this process closed, as a process that
    ends closes them: its -wal file gone)."""
    gc.collect()
    inode = db.stat().st_ino
    shutil.copyfile(backup, db)
    assert db.stat().st_ino == inode and not Path(f"{db}-wal").exists()


def test_a_backup_copied_over_the_database_brings_back_as_drafts_what_may_have_gone(tmp_path):
    db = tmp_path / "afterview.db"
    first, second = _with_notes(db)
    shutil.copy(db, tmp_path / "backup.db")  # the folder's backup, taken with both approved
    _send(db, first)
    side = Path(f"{db}-sends")
    assert side.stat().st_mode & 0o777 == 0o600
    assert json.loads(side.read_text()) == {"id": _state(db, "identity")["id"], "handed_over": 1}

    _put_back(tmp_path / "backup.db", db)
    opened = afterview("--db", str(db), "drafts")
    assert opened.code == 0, opened.err
    assert _warnings(opened) == [
        f"afterview: warning: this database is an older copy put back over {db}, which had handed 1 more message to "
        "the mail server since it was made: 2 approved or scheduled messages came back as drafts, so that none goes "
        "twice; approve them again once you know they did not go (afterview drafts); a note sent since shows here as "
        "not sent: look in your Sent folder before sending one again (afterview sync marks sent those it finds there)"]
    messages = _messages(db)
    for number in (first, second):
        assert messages[number].state == m.MessageState.DRAFTED
        assert messages[number].last_error.startswith(f"not sent: it came back as a draft: this database is an older "
                                                      f"copy put back over {db}, which may have sent it since")
    carried = _state(db, "outbox.carried")
    assert carried[str(first)] == {"message_id": "<n0@example.com>",
                                   "from": f"{db} before an older copy was put back over it"}
    # a database of its own now, in step with the file beside it: said once
    assert json.loads(side.read_text()) == {"id": _state(db, "identity")["id"], "handed_over": 0}
    again = afterview("--db", str(db), "drafts")
    assert again.code == 0 and again.err == ""


def test_a_backup_from_before_counting_put_back_is_found_too(tmp_path):
    """A backup made before the outbox counted (no count in it): behind the file beside it."""
    db = tmp_path / "afterview.db"
    first, _ = _with_notes(db)
    shutil.copy(db, tmp_path / "backup.db")
    _send(db, first)
    with closing(sqlite3.connect(tmp_path / "backup.db")) as conn:
        assert conn.execute("SELECT 1 FROM afterview_state WHERE key = 'outbox.handed_over'").fetchone() is None
    _put_back(tmp_path / "backup.db", db)
    store = open_store(f"sqlite:///{db}")
    store.close()
    assert len(store.notices) == 1 and "an older copy put back over" in store.notices[0]


def test_a_copy_put_back_that_missed_no_send_and_a_moved_folder_say_nothing(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    db = home / "afterview.db"
    first, second = _with_notes(db)
    _send(db, first)
    shutil.copy(db, tmp_path / "backup.db")  # after the send: it knows of it
    _put_back(tmp_path / "backup.db", db)
    opened = afterview("--db", str(db), "drafts")
    assert opened.code == 0 and opened.err == ""
    assert _messages(db)[second].state == m.MessageState.APPROVED
    os.rename(home, tmp_path / "moved")  # the folder moved, the file beside it with it
    moved = afterview("--db", str(tmp_path / "moved" / "afterview.db"), "drafts")
    assert moved.code == 0 and moved.err == ""
    assert _messages(tmp_path / "moved" / "afterview.db")[second].state == m.MessageState.APPROVED


def test_a_new_database_where_an_old_count_was_left_is_not_taken_for_an_older_copy(tmp_path):
    db = tmp_path / "afterview.db"
    first, _ = _with_notes(db)
    _send(db, first)
    db.unlink()  # the database removed by hand, the file beside it left
    assert afterview("--db", str(db), "company", "add", "Acme").code == 0
    _with_notes(db)
    opened = afterview("--db", str(db), "drafts")
    assert opened.code == 0 and opened.err == ""
    assert json.loads(Path(f"{db}-sends").read_text())["handed_over"] == 0


def test_a_count_undone_with_its_transaction_is_not_written_beside_it(tmp_path):
    """A claim in a transaction that fails is not counted: the file beside it never gets ahead of
    the database (which would take it for an older copy at the next open)."""
    db = tmp_path / "afterview.db"
    first, _ = _with_notes(db)
    store = open_store(f"sqlite:///{db}")
    try:
        try:
            with store.transaction() as tx:
                assert outbox.claim(tx, first, NOW)
                raise RuntimeError("the claim's transaction fails")
        except RuntimeError:
            pass
        assert not Path(f"{db}-sends").exists()
        with store.transaction() as outer:
            try:
                with store.transaction() as tx:  # a savepoint inside it, undone
                    assert outbox.claim(tx, first, NOW)
                    raise RuntimeError("undone")
            except RuntimeError:
                pass
            assert outer.get(m.Message, first).state == m.MessageState.APPROVED
        assert not Path(f"{db}-sends").exists()
    finally:
        store.close()
    assert afterview("--db", str(db), "drafts").err == ""


def test_a_note_sent_then_the_backup_put_back_is_not_sent_again(mail, tmp_path, afterview_home):
    """The whole story with real servers: approved, backed up (`cp`), sent, the backup copied over
    the database, send-due again: nothing goes a second time, and its look into the Sent folder
    finds the note there and marks it sent."""
    (afterview_home / "config.toml").write_text(
        mail.account_toml("test", extra="append_sent = true\nrate_per_minute = 0\n"))
    env = {"AV_TEST_PASSWORD": mail.users["alice"].password, "AFTERVIEW_AT": "2026-11-26T15:00:00Z"}
    db = tmp_path / "afterview.db"
    store = open_store(f"sqlite:///{db}")
    with store.transaction() as tx:
        bob = tx.add(m.Person(name="Bob Builder", emails=["bob@example.test"]))
        note = tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=bob.id, subject="Thank you for today",
                                body="Dear Bob,\nthank you for the conversation today.\nAlice\n",
                                to_address="bob@example.test", created_at=NOW)).id
    store.close()
    assert afterview("--db", str(db), "approve", str(note), env=env).code == 0
    gc.collect()  # the approval in the file itself, as once its command has ended
    shutil.copy(db, tmp_path / "backup.db")
    header = _messages(db)[note].message_id
    sent = afterview("--db", str(db), "send-due", env=env)
    assert f"sent message {note}" in sent.out, (sent.out, sent.err)

    _put_back(tmp_path / "backup.db", db)
    again = afterview("--db", str(db), "send-due", env=env)
    assert again.code == 0, again.err
    assert f"sent message {note}" not in again.out
    assert "this database is an older copy put back over" in again.err
    # its look into the Sent folder finds it there: it went before the copy was put back
    assert f"message {note}: it came from another copy of your data" in again.out, again.out
    assert _messages(db)[note].state == m.MessageState.SENT
    assert sum(1 for message in mail.messages("bob") if message["Message-ID"] == header) == 1


def test_a_server_counts_nothing(pg_url):
    """PostgreSQL has no file to copy over the database: the claim counts nothing there."""
    store = open_store(pg_url)
    try:
        with store.transaction() as tx:
            person = tx.add(m.Person(name="Ann Lee", emails=["ann@example.com"]))
            note = tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=person.id, subject="Thanks",
                                    body="Thank you.", state=m.MessageState.APPROVED, to_address="ann@example.com",
                                    approved_at=NOW, message_id="<a@example.com>"))
        with store.transaction() as tx:
            assert outbox.claim(tx, note.id, NOW)
            assert tx.get_state("outbox.handed_over") is None
        assert store.sidecar is None
    finally:
        store.close()
