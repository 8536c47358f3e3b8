"""A change made while a note is being sent, when that send then fails for now (451: the note is
put back for a retry): the retry does not go out as the note was before the change.

Found by a tester: `person edit --email` (or `--no-email`) during the send said "too late to
change it", and the retry went to the old address; `interview edit --start` moved the interview
to next week, and the retry thanked them for it before it took place. The outbox checks, before
it claims a note, what those edits check of an approved one (see `delivery.hold_back`).

Real SQLite file, real SMTP server (aiosmtpd delivering into Dovecot), the commands as a user
runs them. The send is not raced: the note is made `sending` in the database, the edit is made
through the command, and the note is then put back as a 451 puts it back.
"""

from datetime import timedelta

import pytest

from afterview.domain.model import Message, MessageState, Role
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_interview, add_message, account_for
from tests.delivery.test_crash import run_cli, write_config

pytestmark = pytest.mark.mail

RETRY = NOW + timedelta(minutes=1)  # when the 451 said to try again


def _claimed(store, found, mail) -> int:
    """Bob's thank-you for yesterday's interview, approved, then claimed by the outbox (sending)."""
    message_id = add_message(store, found, action_key=found["key"], interview_id=found["interview"])
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts={"test": account_for(mail)})
        message = tx.get(Message, message_id)
        message.state, message.updated_at, message.attempts = MessageState.SENDING, NOW, 0
        tx.update(message)
    return message_id


def _failed_for_now(store, message_id: int) -> None:
    """What a 451 does at the end of the send: back to scheduled, tried once, retried soon."""
    with store.transaction() as tx:
        message = tx.get(Message, message_id)
        assert message.state == MessageState.SENDING  # the edit left it alone ("too late")
        message.state, message.scheduled_at, message.attempts = MessageState.SCHEDULED, RETRY, 1
        message.last_error = "451 4.3.0 try again later"
        tx.update(message)


def _state(store, message_id: int) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


@pytest.fixture
def found(store, seeded, mail, afterview_home):
    write_config(afterview_home, mail)
    return add_interview(store, seeded, NOW - timedelta(days=1), role=Role.RECRUITER)


@pytest.mark.parametrize("edit, said, why", [
    (["--email", "robert@example.test"], "too late to change it",
     "not sent to bob@example.test: Bob Builder's address is now robert@example.test; a draft again "
     "(read it, then approve it again)"),
    (["--no-email"], "too late to change it",
     "not sent to bob@example.test: Bob Builder has no address now; a draft again "
     "(add their address, then approve it again)"),
])
def test_a_retry_never_goes_to_an_address_changed_during_the_send(mail, store, found, tmp_path, edit, said, why):
    db = tmp_path / "afterview.db"
    message_id = _claimed(store, found, mail)
    edited = run_cli(db, "person", "edit", str(found["person"]), *edit)
    assert edited.returncode == 0, edited.stderr
    assert said in edited.stdout
    _failed_for_now(store, message_id)

    due = run_cli(db, "send-due", at=RETRY + timedelta(minutes=10))
    assert due.returncode == 0, due.stderr
    assert f"message {message_id}: {why}" in due.stdout, due.stdout
    assert mail.messages("bob") == []
    after = _state(store, message_id)
    assert after.state == MessageState.DRAFTED and after.last_error == why
    assert after.to_address == ("robert@example.test" if "--email" in edit else "")
    assert after.approved_at is None and after.scheduled_at is None


def test_a_retry_never_thanks_them_for_an_interview_moved_later_during_the_send(mail, store, found, tmp_path):
    db = tmp_path / "afterview.db"
    message_id = _claimed(store, found, mail)
    edited = run_cli(db, "interview", "edit", str(found["interview"]), "--start", "2026-12-02 10:00")
    assert edited.returncode == 0, edited.stderr
    _failed_for_now(store, message_id)

    due = run_cli(db, "send-due", at=RETRY + timedelta(minutes=10))
    assert due.returncode == 0, due.stderr
    why = ("not sent: the interview now ends Wed 02 Dec 2026 11:00 UTC, after the note was set to go out; "
           "a draft again (approve it and schedule it again for after the interview)")
    assert f"message {message_id}: {why}" in due.stdout, due.stdout
    assert mail.messages("bob") == []
    assert _state(store, message_id).state == MessageState.DRAFTED


def test_a_retry_with_nothing_changed_goes_out_as_approved(mail, store, found, tmp_path):
    db = tmp_path / "afterview.db"
    message_id = _claimed(store, found, mail)
    _failed_for_now(store, message_id)
    due = run_cli(db, "send-due", at=RETRY + timedelta(minutes=10))
    assert due.returncode == 0, due.stderr
    assert "not sent" not in due.stdout, due.stdout
    assert _state(store, message_id).state == MessageState.SENT
    assert len(mail.messages("bob")) == 1
