"""A thank-you copied to the mailbox's Drafts folder is not left there, unflagged, once the plan no
longer wants it (found by a tester: after a rejection was confirmed, the copy stayed in Drafts and
`afterview show` still said "send it from your mail program"; the hold-back looked only at notes
approved or scheduled).

Once a rejection, their reply or a closed process drops its action, a copy in Drafts is taken
back (removed, by its Message-ID), and the command says so; one that cannot be (the mailbox out
of reach), an .eml file or a link is named, once, with what to do. A copy made while the plan no
longer had the note is the way to send it all the same, and is left alone. Real Dovecot, the
commands as a user runs them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from afterview.domain.model import Message, MessageState
from tests.delivery.conftest import NOW
from tests.delivery.test_crash import run_cli, write_config
from tests.fixtures.util import free_port

pytestmark = pytest.mark.mail


def _stored(db, message_id: int) -> Message:
    from afterview.storage import open_store

    store = open_store(f"sqlite:///{db}")
    try:
        with store.reading() as tx:
            return tx.get(Message, message_id)
    finally:
        store.close()


def _ok(db, *args) -> str:
    done = run_cli(db, *args)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


@pytest.fixture
def panel(mail, afterview_home, tmp_path):
    """A panel interview yesterday with Bob (a real mailbox): (the database, the id of his
    drafted thank-you)."""
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    start = (NOW - timedelta(days=1)).strftime("%Y-%m-%d 15:00")
    _ok(db, "profile", "set", "--name", "Alice Seeker", "--email", "alice@example.test", "--phone", "+1 555 0100",
        "--tz", "UTC", "--country", "GB")
    _ok(db, "opportunity", "add", "--company", "Acme", "--role", "Engineer")
    _ok(db, "person", "add", "Bob Builder", "--email", "bob@example.test", "--company", "Acme")
    _ok(db, "interview", "add", "--opportunity", "1", "--start", start, "--duration", "60m", "--with", "Bob Builder")
    _ok(db, "debrief", "1", "--person", "Bob", "--topic", "moving nightly batch jobs to streaming")
    _ok(db, "draft", "--interview", "1")
    return db, 1


def _to_drafts(mail, db, message_id: int) -> None:
    _ok(db, "send", str(message_id), "--to-drafts")
    assert len(mail.messages("alice", "Drafts")) == 1


def test_a_rejection_takes_the_copy_back_from_drafts_and_show_no_longer_says_send_it(mail, panel):
    db, message_id = panel
    _to_drafts(mail, db, message_id)
    said = _ok(db, "outcome", "1", "rejected")
    assert (f"message {message_id}: not sent: the process was closed: rejected on Thu 26 Nov; its copy in Drafts of "
            "test was taken back (removed from there), so it cannot go out from there") in said
    assert mail.messages("alice", "Drafts") == []
    note = _stored(db, message_id)
    assert note.state == MessageState.DRAFTED and not note.note.startswith("placed in ")
    shown = _ok(db, "show", str(message_id))
    assert "send it from your mail program" not in shown
    assert "held back: the process was closed" in shown
    # said once: the next change says nothing more of it
    assert f"message {message_id}" not in _ok(db, "skip", "rejection_reply:o1:p1", "--reason", "phoned them")


def test_their_reply_takes_back_a_follow_up_copied_to_drafts(mail, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    _ok(db, "profile", "set", "--name", "Alice Seeker", "--email", "alice@example.test", "--phone", "+1 555 0100",
        "--tz", "UTC", "--country", "GB")
    _ok(db, "opportunity", "add", "--company", "Acme", "--role", "Engineer")
    _ok(db, "person", "add", "Bob Builder", "--email", "bob@example.test", "--company", "Acme")
    _ok(db, "interview", "add", "--opportunity", "1", "--start", "2026-11-02 10:00", "--duration", "60m",
        "--with", "Bob Builder")
    _ok(db, "draft", "status_check.1:o1:i1:p1")
    _to_drafts(mail, db, 1)
    said = _ok(db, "replies", "add", "Bob", "--says", "Thanks, we are still talking to candidates.",
               "--on", (NOW - timedelta(minutes=5)).isoformat())
    assert "message 1: not sent: Bob Builder replied on Thu 26 Nov; its copy in Drafts of test was taken back" in said
    assert mail.messages("alice", "Drafts") == []


def test_a_mailbox_out_of_reach_names_the_copy_once_and_withdraw_takes_it_back_later(mail, panel, afterview_home):
    db, message_id = panel
    _to_drafts(mail, db, message_id)
    config = afterview_home / "config.toml"
    good = config.read_text()
    config.write_text(good.replace(f"imap_port = {mail.imap_port}", f"imap_port = {free_port()}"))
    said = _ok(db, "outcome", "1", "rejected")
    assert (f"message {message_id}: not sent: the process was closed: rejected on Thu 26 Nov; its copy is still in "
            "Drafts of test, and could not be taken back (") in said
    assert f"delete it there, or take it back: afterview approve {message_id} --withdraw" in said
    assert len(mail.messages("alice", "Drafts")) == 1
    shown = _ok(db, "show", str(message_id))
    assert "send it from your mail program" not in shown and "note: placed in Drafts of test; held back" in shown
    assert f"message {message_id}" not in _ok(db, "skip", "rejection_reply:o1:p1", "--reason", "phoned them")
    config.write_text(good)
    _ok(db, "approve", str(message_id), "--withdraw")
    assert mail.messages("alice", "Drafts") == []
    shown = _ok(db, "show", str(message_id))
    assert "its copy was taken back since" in shown and "still in" not in shown


def test_a_copy_made_after_the_hold_is_sent_all_the_same_and_left_alone(mail, panel):
    db, message_id = panel
    _to_drafts(mail, db, message_id)
    _ok(db, "outcome", "1", "rejected")
    assert mail.messages("alice", "Drafts") == []
    _to_drafts(mail, db, message_id)  # the way the hold-back gives to send it all the same
    assert "copied out all the same" in _stored(db, message_id).note
    _ok(db, "skip", "rejection_reply:o1:p1", "--reason", "phoned them")
    _ok(db, "sync")
    assert len(mail.messages("alice", "Drafts")) == 1


def test_a_copy_sent_from_drafts_already_is_marked_sent_not_taken_back(mail, panel):
    db, message_id = panel
    _to_drafts(mail, db, message_id)
    raw = mail.raw_messages("alice", "Drafts")[0]
    client = mail.imap("alice")  # sent from the mail program: its copy moves from Drafts to Sent
    try:
        client.append("Sent", raw, flags=[b"\\Seen"])
        client.select_folder("Drafts")
        client.delete_messages(client.search("ALL"))
        client.expunge()
    finally:
        client.logout()
    said = _ok(db, "outcome", "1", "rejected")
    assert f"message {message_id}: the plan no longer has it (the process was closed" in said
    assert "it was sent from your mail program already (found in your Sent folder): marked sent" in said
    assert _stored(db, message_id).state == MessageState.SENT


def test_a_copy_saved_as_a_file_is_named_with_what_to_do(mail, panel, tmp_path):
    db, message_id = panel
    target = tmp_path / "bob.eml"
    _ok(db, "send", str(message_id), "--eml", str(target))
    said = _ok(db, "outcome", "1", "rejected")
    assert (f"message {message_id}: not sent: the process was closed: rejected on Thu 26 Nov; it was saved as "
            f"{target}: a file or a link cannot be taken back, so do not send that copy") in said
    assert "held back" in _ok(db, "show", str(message_id))
