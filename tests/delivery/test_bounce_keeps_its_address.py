"""A bounced message keeps the address it bounced at; a new address ends the bounce warning.

Found by a tester: a thank-you bounced (a DSN read by `sync`), then `afterview person edit Lee
--email new@...` readdressed the failed message too ("message 1 (failed): now to new@..."): its
record then said that a message to the new address bounced with the old address's 550, and
`today` kept warning that an email to them bounced ("check the address first"), although the
playbook says that recording a new address ends the warning. A failed or sent message keeps the
address it went to, as the record; approved again, it goes to the address they have then.

Real SQLite file, real SMTP and IMAP servers, the commands as a user runs them.
"""

from datetime import timedelta

import pytest

from afterview.domain.model import Message, MessageState, Role
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_interview, add_message
from tests.delivery.test_crash import run_cli, write_config

pytestmark = pytest.mark.mail
DSN = __file__.replace("test_bounce_keeps_its_address.py", "samples/postfix_dsn.eml")


def stored(store, message_id) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


def warnings(store, person_id: int) -> list[str]:
    """The planner's bounce notes on the actions for the person (what `today` shows)."""
    with store.transaction() as tx:
        actions = plan(tx.facts(), DEFAULT_PLAYBOOK, NOW + timedelta(hours=1))
    return [n for a in actions if a.person_id == person_id for n in a.note.split("; ") if "bounced" in n]


def sent_to_bob(mail, store, seeded, accounts, afterview_home) -> tuple[int, dict]:
    """Bob's thank-you, sent by SMTP at NOW through the test account: (its id, the ids of its records)."""
    write_config(afterview_home, mail)
    found = add_interview(store, seeded, NOW - timedelta(days=1), role=Role.RECRUITER)
    message_id = add_message(store, found, action_key=found["key"], interview_id=found["interview"])
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    assert delivery.send_due(store, now=NOW, accounts=accounts).sent == [message_id]
    return message_id, found


@pytest.fixture
def bounced(mail, store, seeded, accounts, afterview_home, tmp_path):
    """Bob's thank-you went out by SMTP and bounced (a DSN, read by sync). (db, message id, ids)"""
    message_id, found = sent_to_bob(mail, store, seeded, accounts, afterview_home)
    header = stored(store, message_id).message_id
    dsn = (open(DSN).read().replace("<thanks-1@candidate.example>", header)
           .replace("nobody@acme.example", "bob@example.test"))
    mail.deliver_to_inbox("alice", dsn)
    assert delivery.sync(store, now=NOW, account=accounts["test"]).bounced == [message_id]
    return tmp_path / "afterview.db", message_id, found


def test_a_new_address_leaves_the_bounced_message_as_it_went_and_ends_the_warning(mail, store, bounced):
    db, message_id, found = bounced
    before = stored(store, message_id)
    assert before.state == MessageState.FAILED and before.last_error.startswith("bounced:")
    assert warnings(store, found["person"]), "the bounce is warned of while the address is the same"
    edited = run_cli(db, "person", "edit", "Bob", "--email", "carol@example.test")
    assert edited.returncode == 0, edited.stderr
    # no "now to ...": the failed note stays as it went, and is named with the command that sends it anew
    assert edited.stdout.splitlines() == [
        f"updated person {found['person']}: Bob Builder",
        f"message {message_id} failed at bob@example.test, the old address ({before.last_error}): "
        f"afterview approve {message_id} sends it to carol@example.test"]
    after = stored(store, message_id)
    assert (after.state, after.to_address, after.last_error) == (MessageState.FAILED, "bob@example.test",
                                                                 before.last_error)
    shown = run_cli(db, "show", str(message_id))
    assert "bob@example.test" in shown.stdout and "carol@example.test" not in shown.stdout
    assert warnings(store, found["person"]) == []  # the new address is the answer to the warning


def test_approved_again_it_goes_to_their_address_now(mail, store, bounced, accounts):
    db, message_id, _found = bounced
    assert run_cli(db, "person", "edit", "Bob", "--email", "carol@example.test").returncode == 0
    approved = run_cli(db, "approve", str(message_id), at=NOW + timedelta(hours=1))
    assert approved.returncode == 0, approved.stderr
    assert approved.stdout.startswith(f"approved message {message_id} to carol@example.test")
    assert stored(store, message_id).to_address == "carol@example.test"
    sent = delivery.send_due(store, now=NOW + timedelta(hours=2), accounts=accounts)
    assert sent.sent == [message_id]
    assert [m["To"] for m in mail.messages("carol")] == ["Bob Builder <carol@example.test>"]


def test_a_copy_of_it_goes_to_their_address_now_too(mail, store, bounced, tmp_path):
    db, message_id, _found = bounced
    assert run_cli(db, "person", "edit", "Bob", "--email", "carol@example.test").returncode == 0
    eml = tmp_path / "again.eml"
    written = run_cli(db, "send", str(message_id), "--eml", str(eml), "--despite-errors", at=NOW + timedelta(hours=1))
    assert written.returncode == 0, written.stderr
    text = eml.read_text()
    assert "carol@example.test" in text and "bob@example.test" not in text
