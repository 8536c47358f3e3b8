"""A reply to a message proves it arrived, whichever comes first: a delivery report about a
message its recipient has answered does not make it failed, and an answer read after a report
makes it sent again. Found by a tester: an out-of-office note and a real reply to a follow-up,
then a DSN about it read in the same sync, marked it failed, and the plan went back to a first
follow-up with "an email to ... bounced: check the address first".

Real SQLite file, real SMTP and IMAP servers.
"""

from datetime import timedelta

import pytest

from afterview.domain.model import Message, MessageState, Role
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_interview, add_message
from tests.delivery.test_bounce_keeps_its_address import DSN, warnings

pytestmark = pytest.mark.mail

REPLY = """\
From: Bob Builder <bob@example.test>
To: alice@example.test
Subject: Re: Thank you for today
Date: {date}
Message-ID: <bob-after-{n}@example.test>
In-Reply-To: {header}
References: {header}
Content-Type: text/plain; charset=utf-8

Thanks Alice, we will decide by Friday.
"""


def sent_note(store, seeded, accounts) -> tuple[int, str]:
    found = add_interview(store, seeded, NOW - timedelta(days=1), role=Role.RECRUITER)
    message_id = add_message(store, found, action_key=found["key"], interview_id=found["interview"])
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    assert delivery.send_due(store, now=NOW, accounts=accounts).sent == [message_id]
    with store.transaction() as tx:
        return message_id, tx.get(Message, message_id).message_id


def dsn_about(header: str) -> str:
    return (open(DSN).read().replace("<thanks-1@candidate.example>", header)
            .replace("nobody@acme.example", "bob@example.test"))


def state(store, message_id) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


def test_a_report_about_a_message_they_answered_leaves_it_sent(mail, store, seeded, accounts):
    message_id, header = sent_note(store, seeded, accounts)
    mail.deliver_to_inbox("alice", REPLY.format(date="Thu, 26 Nov 2026 11:00:00 +0000", n=1, header=header))
    mail.deliver_to_inbox("alice", dsn_about(header))
    report = delivery.sync(store, now=NOW + timedelta(hours=2), account=accounts["test"])
    assert report.bounced == []
    [(delivered, why)] = report.delivered
    assert delivered == message_id
    assert why.startswith("a delivery report says it bounced (")
    assert why.endswith("but bob@example.test answered it on Thu 26 Nov 2026: it arrived, and stays sent")
    after = state(store, message_id)
    assert after.state == MessageState.SENT and after.sent_at == NOW  # when it went, not when they answered
    assert warnings(store, seeded["person"]) == []


def test_an_answer_read_after_a_report_makes_it_sent_again(mail, store, seeded, accounts):
    message_id, header = sent_note(store, seeded, accounts)
    mail.deliver_to_inbox("alice", dsn_about(header))
    assert delivery.sync(store, now=NOW + timedelta(hours=1), account=accounts["test"]).bounced == [message_id]
    assert state(store, message_id).state == MessageState.FAILED
    mail.deliver_to_inbox("alice", REPLY.format(date="Thu, 26 Nov 2026 12:00:00 +0000", n=2, header=header))
    report = delivery.sync(store, now=NOW + timedelta(hours=3), account=accounts["test"])
    [(delivered, why)] = report.delivered
    assert delivered == message_id
    assert why.endswith("so it arrived: marked sent (a delivery report had said it bounced)")
    after = state(store, message_id)
    assert after.state == MessageState.SENT and after.sent_at == NOW  # when it went, not when they answered
    assert warnings(store, seeded["person"]) == []
