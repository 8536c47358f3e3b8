"""A copy of the data never sends a note a second time (found by a data tester, with real
servers: a data folder copied with its scheduled note, and `send-due` in both, sent it twice
with one Message-ID; a copy of the database file alone, taken while the worker kept 'sent' in its
-wal file, sent again a note already sent; a restored note the old machine had sent, approved
again, went again with no warning).

A copy becomes a database of its own with its approved notes back as drafts; a note that came
from elsewhere (a copy, a restore) with its Message-ID is looked for in the Sent folder before
it goes, and marked sent, not sent, when it is there. Real SQLite files, real aiosmtpd and
Dovecot (the test fixtures)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import replace

from afterview.domain.model import Message, MessageState
from afterview.services import delivery
from afterview.storage import open_store

from tests.delivery.conftest import NOW, add_message
from tests.helpers import afterview, worker_rounds


def _config(home, mail) -> None:
    (home / "config.toml").write_text(mail.account_toml("test", extra="append_sent = true\nrate_per_minute = 0\n"))


def _approved(store, seeded, accounts) -> tuple[int, str]:
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
        return message_id, tx.get(Message, message_id).message_id


def _cli(db, *args):
    return afterview("--db", str(db), *args, env={"AFTERVIEW_AT": NOW.isoformat()})


def _copies(mail, header: str) -> int:
    return sum(1 for message in mail.messages("bob") if message["Message-ID"] == header)


def _message(db, message_id: int) -> Message:
    store = open_store(f"sqlite:///{db}")
    try:
        with store.reading() as tx:
            return tx.get(Message, message_id)
    finally:
        store.close()


def test_a_copied_data_folder_does_not_send_what_the_original_sent(mail, store, seeded, accounts, afterview_home,
                                                                   tmp_path):
    _config(afterview_home, mail)
    message_id, header = _approved(store, seeded, accounts)
    store.close()
    original, copy = tmp_path / "afterview.db", tmp_path / "homeE" / "afterview.db"
    copy.parent.mkdir()
    for file in tmp_path.glob("afterview.db*"):  # cp afterview.db* homeE/
        shutil.copy(file, copy.parent / file.name)

    first = _cli(original, "send-due")
    assert first.code == 0 and f"sent message {message_id}" in first.out, (first.out, first.err)
    second = _cli(copy, "send-due")
    assert second.code == 0, (second.out, second.err)
    assert f"sent message {message_id}" not in second.out
    assert second.err.splitlines()[0] == (
        f"afterview: warning: this database is a copy of {original.resolve()}: 1 approved or scheduled message came "
        "back as a draft, so that a copy never sends what the original may have sent; approve it again once you know "
        "the original cannot (afterview drafts)")
    # its reading of the mailbox finds it in Sent: it went from the original
    assert f"message {message_id}: it came from another copy of your data" in second.out
    assert _message(copy, message_id).state == MessageState.SENT
    assert _copies(mail, header) == 1


def test_a_copy_of_the_file_alone_taken_while_the_worker_runs_does_not_send_again(mail, store, seeded, accounts,
                                                                                  afterview_home, tmp_path):
    _config(afterview_home, mail)
    message_id, header = _approved(store, seeded, accounts)
    store.close()  # all of it in the file: the worker's changes stay in its -wal file
    db, copy = tmp_path / "afterview.db", tmp_path / "homeF" / "afterview.db"
    copy.parent.mkdir()

    def meanwhile(round_: int) -> bool:  # after the round that sent it, the worker still running
        if (_copies(mail, header) and _message(db, message_id).state == MessageState.SENT) or round_ == 5:
            shutil.copy(db, copy)  # cp afterview.db homeF/: not its -wal
            return True
        return False

    worker_rounds("--db", str(db), "worker", "--interval", "30", between=meanwhile,
                  env={"AV_TEST_PASSWORD": mail.users["alice"].password})
    with sqlite3.connect(f"file:{copy}?immutable=1", uri=True) as conn:  # the copy, as it was taken
        assert conn.execute("SELECT state FROM messages WHERE id = ?", (message_id,)).fetchone() == ("approved",)
    sent = _cli(copy, "send-due")
    assert sent.code == 0, (sent.out, sent.err)
    assert "1 approved or scheduled message came back as a draft" in sent.err
    assert f"sent message {message_id}" not in sent.out
    assert _copies(mail, header) == 1


def _restored_after_the_old_machine_sent_it(mail, store, seeded, accounts, afterview_home, tmp_path):
    """A backup made with the note approved; the old machine sends it; the backup restored:
    (the restored database, the note's id, its Message-ID)."""
    _config(afterview_home, mail)
    message_id, header = _approved(store, seeded, accounts)
    backup = tmp_path / "backup.json"
    assert _cli(tmp_path / "afterview.db", "export", str(backup)).code == 0
    assert f"sent message {message_id}" in _cli(tmp_path / "afterview.db", "send-due").out
    restored = tmp_path / "new" / "afterview.db"
    restored.parent.mkdir()
    done = _cli(restored, "import", str(backup))
    assert "1 approved or scheduled message came back as draft" in done.out, done.out
    return restored, message_id, header


def test_a_restored_note_approved_again_is_said_to_have_maybe_gone_and_is_not_sent_twice(
        mail, store, seeded, accounts, afterview_home, tmp_path):
    restored, message_id, header = _restored_after_the_old_machine_sent_it(mail, store, seeded, accounts,
                                                                          afterview_home, tmp_path)
    approved = _cli(restored, "approve", str(message_id))
    assert approved.code == 0, approved.err
    assert approved.err.splitlines() == [
        f"warning: message {message_id} came from the backup this database was restored from with the Message-ID it "
        "had there, so it may have gone from there already: before it goes, Afterview looks for it in your Sent "
        "folder and marks it sent instead if it is there"]
    # the outbox on its own (no reading of the mailbox first): it looks in Sent before it sends
    store = open_store(f"sqlite:///{restored}")
    try:
        report = delivery.send_due(store, now=NOW, accounts=accounts)
    finally:
        store.close()
    assert report.sent == []
    assert report.held_back == [(message_id, "not sent: it is in your Sent folder already (it came from the backup "
                                             "this database was restored from, and went from there): marked sent")]
    assert _message(restored, message_id).state == MessageState.SENT
    assert _copies(mail, header) == 1
    # and through the command: nothing more goes
    assert "sent message" not in _cli(restored, "send-due").out
    assert _copies(mail, header) == 1


def test_a_carried_note_that_never_went_is_sent_once(mail, store, seeded, accounts, afterview_home, tmp_path):
    """A restore of a backup whose note the old machine never sent: not in Sent, so it goes."""
    _config(afterview_home, mail)
    message_id, header = _approved(store, seeded, accounts)
    backup = tmp_path / "backup.json"
    assert _cli(tmp_path / "afterview.db", "export", str(backup)).code == 0
    restored = tmp_path / "new.db"
    assert _cli(restored, "import", str(backup)).code == 0
    approved = _cli(restored, "approve", str(message_id))
    assert "it may have gone from there already" in approved.err
    store = open_store(f"sqlite:///{restored}")
    try:
        report = delivery.send_due(store, now=NOW, accounts=accounts)
    finally:
        store.close()
    assert report.sent == [message_id] and report.held_back == []
    assert _copies(mail, header) == 1


def test_a_carried_note_waits_while_the_sent_folder_cannot_be_searched(mail, store, seeded, accounts, afterview_home,
                                                                      tmp_path):
    restored, message_id, header = _restored_after_the_old_machine_sent_it(mail, store, seeded, accounts,
                                                                          afterview_home, tmp_path)
    assert _cli(restored, "approve", str(message_id)).code == 0
    unreadable = {name: replace(account, imap_port=1) for name, account in accounts.items()}  # nothing listens there
    store = open_store(f"sqlite:///{restored}")
    try:
        report = delivery.send_due(store, now=NOW, accounts=unreadable)
    finally:
        store.close()
    assert report.sent == []
    assert [i for i, _ in report.waiting] == [message_id]
    assert "may have gone from there, and the Sent folder could not be searched" in report.waiting[0][1]
    message = _message(restored, message_id)
    assert message.state == MessageState.APPROVED  # still approved: it goes once Sent can be searched
    assert message.last_error.startswith("waiting for its Sent folder: ")
    assert _copies(mail, header) == 1


def test_a_note_approved_in_the_database_itself_is_not_looked_for(mail, store, seeded, accounts, afterview_home):
    """Nothing carried: the outbox sends as ever, without searching the Sent folder."""
    message_id, header = _approved(store, seeded, accounts)
    with store.reading() as tx:
        assert delivery.carried_note(tx, tx.get(Message, message_id), accounts) == ""
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    assert report.sent == [message_id]
    assert _copies(mail, header) == 1


def test_an_approval_without_imap_says_to_look_in_sent_oneself(mail, store, seeded, accounts, afterview_home,
                                                               tmp_path):
    _config(afterview_home, mail)
    message_id, _ = _approved(store, seeded, accounts)
    backup = tmp_path / "backup.json"
    assert _cli(tmp_path / "afterview.db", "export", str(backup)).code == 0
    (afterview_home / "config.toml").write_text(
        mail.account_toml("test", extra="append_sent = false\n").replace(f'imap_host = "{mail.host}"\n', ""))
    restored = tmp_path / "new.db"
    assert _cli(restored, "import", str(backup)).code == 0
    approved = _cli(restored, "approve", str(message_id))
    assert approved.code == 0, approved.err
    assert ("so it may have gone from there already: account test has no IMAP server to look for it in your Sent "
            f"folder: look there yourself, and if it went, withdraw this approval (afterview approve {message_id} "
            "--withdraw)") in approved.err
    assert json.loads(backup.read_text())["messages"][0]["state"] == "approved"
