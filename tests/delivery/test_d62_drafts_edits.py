"""A note placed in Drafts and then edited there, as a mail program saves an edit (a new copy with
the same Message-ID, the old one removed), never loses those words (found by a tester: taking the
copy back, by `approve --withdraw` or by a rejection, removed it, edits and all, without a word,
and `approve --smtp-instead` sent Afterview's older text instead of the user's).

Taken back, the edited text becomes the note's, said; approved for SMTP, it is refused and the
copy stays. Real Dovecot, the commands as a user runs them.
"""

from __future__ import annotations

import pytest

from afterview.domain.model import MessageState
from tests.delivery.test_d16_copy_out_held import _ok, _stored, _to_drafts, panel  # noqa: F401 (a fixture)
from tests.delivery.test_crash import run_cli

pytestmark = pytest.mark.mail

PS = "P.S. I attach the slides of the streaming talk."


def edit_in_drafts(mail, user: str = "alice") -> None:
    """What a mail program does when the user edits the draft: a new copy with the same
    Message-ID and a P.S. added, the old one removed."""
    [copy] = mail.raw_messages(user, "Drafts")
    head, _, body = copy.partition(b"\r\n\r\n")
    edited = head + b"\r\n\r\n" + body.rstrip(b"\r\n") + b"\r\n\r\n" + PS.encode() + b"\r\n"
    client = mail.imap(user)
    try:
        client.select_folder("Drafts")
        old = client.search("ALL")
        client.append("Drafts", edited, flags=[b"\\Draft", b"\\Seen"])
        client.select_folder("Drafts")
        client.delete_messages(old)
        client.expunge()
    finally:
        client.logout()
    assert [PS in m.get_content() for m in mail.messages(user, "Drafts")] == [True]


def test_taking_back_an_edited_copy_keeps_the_edits_as_the_notes_text(mail, panel):
    db, message_id = panel
    _to_drafts(mail, db, message_id)
    edit_in_drafts(mail)
    said = _ok(db, "approve", str(message_id), "--withdraw")
    assert f"your edits in Drafts were kept in message {message_id}" in said
    assert mail.messages("alice", "Drafts") == []  # taken back, as asked
    note = _stored(db, message_id)
    assert note.state == MessageState.DRAFTED and PS in note.body
    assert PS in _ok(db, "show", str(message_id))


def test_a_rejection_taking_back_an_edited_copy_keeps_the_edits(mail, panel):
    db, message_id = panel
    _to_drafts(mail, db, message_id)
    edit_in_drafts(mail)
    said = _ok(db, "outcome", "1", "rejected")
    assert "was taken back (removed from there)" in said
    assert f"your edits in Drafts were kept in message {message_id}" in said
    assert PS in _stored(db, message_id).body


def test_smtp_instead_of_an_edited_copy_is_refused_and_the_copy_stays(mail, panel):
    db, message_id = panel
    _to_drafts(mail, db, message_id)
    edit_in_drafts(mail)
    before = _stored(db, message_id)
    done = run_cli(db, "approve", str(message_id), "--smtp-instead")
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    [line] = done.stderr.strip().splitlines()
    assert f"message {message_id} was not approved: its copy in Drafts was edited in your mail program" in line
    assert f"afterview approve {message_id} --withdraw" in line
    assert [PS in m.get_content() for m in mail.messages("alice", "Drafts")] == [True]  # nothing removed
    after = _stored(db, message_id)
    assert (after.state, after.body, after.note) == (before.state, before.body, before.note)
    assert mail.received == []  # nothing sent
    # the way on it names: taken back, the edits kept; then approved, it is their text that goes
    assert "your edits in Drafts were kept" in _ok(db, "approve", str(message_id), "--withdraw")
    assert PS in _stored(db, message_id).body


def test_an_unedited_copy_is_taken_back_as_before_and_says_nothing_of_edits(mail, panel):
    db, message_id = panel
    _to_drafts(mail, db, message_id)
    said = _ok(db, "approve", str(message_id), "--withdraw")
    assert "removed from your Drafts folder" in said and "edits" not in said
    assert PS not in _stored(db, message_id).body

