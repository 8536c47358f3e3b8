"""Reply sync against the real Dovecot: replies stop follow-ups, out-of-office postpones, bounces fail."""

import time
from datetime import timedelta

import pytest

from afterview.domain.model import (
    Inbound, InboundKind, Message, MessageState, Opportunity, OpportunityStatus, ReplyClass,
)
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_interview, add_message, own_address

SAMPLE_OOO = """\
From: Bob Builder <bob@example.test>
To: alice@example.test
Subject: Automatic reply: Following up
Date: Thu, 26 Nov 2026 11:00:00 +0000
Message-ID: <ooo-{n}@example.test>
X-Auto-Response-Suppress: All
X-MS-Exchange-Inbox-Rules-Loop: bob@example.test
Content-Type: text/plain; charset=utf-8

I am out of the office until December 10 with no access to email.
"""


@pytest.fixture
def interviewed(store, seeded):
    """An interview 12 days ago with Bob, and our thank-you note sent by SMTP for real."""
    return add_interview(store, seeded, NOW - timedelta(days=12))


def send_for_real(store, seeded, accounts, **kw) -> Message:
    if kw.get("to_address"):  # to another address of theirs
        own_address(store, seeded["person"], kw["to_address"])
    message_id = add_message(store, seeded, **kw)
    sent_at = NOW - timedelta(days=11)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=sent_at, accounts=accounts)
    assert delivery.send_due(store, now=sent_at, accounts=accounts).sent == [message_id]
    with store.transaction() as tx:
        return tx.get(Message, message_id)


def reply_from_bob(message: Message, text: str, n: int = 1) -> str:
    return (f"From: Bob Builder <bob@example.test>\nTo: alice@example.test\nSubject: Re: {message.subject}\n"
            f"Date: Thu, 26 Nov 2026 09:00:00 +0000\nMessage-ID: <reply-{n}@example.test>\n"
            f"In-Reply-To: {message.message_id}\nReferences: {message.message_id}\n"
            f"Content-Type: text/plain; charset=utf-8\n\n{text}\n\nOn Mon, Alice wrote:\n> Thank you\n")


def planned_keys(store) -> dict[str, object]:
    with store.transaction() as tx:
        facts = tx.facts()
    return {a.key.split(":")[0]: a for a in plan(facts, DEFAULT_PLAYBOOK, NOW)}


def test_a_reply_in_the_inbox_stops_the_follow_up(mail, store, interviewed, accounts, account):
    message = send_for_real(store, interviewed, accounts,
                            action_key=interviewed["key"])
    assert "status_check.1" in planned_keys(store)
    mail.deliver_to_inbox("alice", reply_from_bob(message, "Thanks Alice! We'd like to invite you to a final round interview."))
    report = delivery.sync(store, now=NOW, account=account)
    assert len(report.recorded) == 1
    with store.transaction() as tx:
        [reply] = tx.list(Inbound)
    assert reply.kind == InboundKind.REPLY and reply.answers_message_id == message.id
    assert reply.opportunity_id == interviewed["opportunity"] and reply.classification == ReplyClass.NEXT_ROUND
    assert "status_check.1" not in planned_keys(store)
    # incremental: nothing new the second time
    again = delivery.sync(store, now=NOW, account=account)
    assert again.scanned == 0 and again.recorded == []


def test_confirming_a_reply_changes_the_status_with_history(mail, store, interviewed, accounts, account):
    message = send_for_real(store, interviewed, accounts)
    mail.deliver_to_inbox("alice", reply_from_bob(message, "Unfortunately we have decided to move forward with other candidates."))
    delivery.sync(store, now=NOW, account=account)
    with store.transaction() as tx:
        [reply] = delivery.list_replies(tx)
        assert delivery.suggested_status(reply) == OpportunityStatus.REJECTED
        record, opp = delivery.confirm_reply(tx, reply.id, now=NOW)
    assert opp.status == OpportunityStatus.REJECTED and opp.history[-1].status == OpportunityStatus.REJECTED
    with store.transaction() as tx:
        assert delivery.list_replies(tx, unconfirmed_only=True) == []


def test_out_of_office_postpones_the_follow_up_to_the_return_date(mail, store, interviewed, accounts, account):
    send_for_real(store, interviewed, accounts)
    mail.deliver_to_inbox("alice", SAMPLE_OOO.format(n=1))
    delivery.sync(store, now=NOW, account=account)
    with store.transaction() as tx:
        [ooo] = tx.list(Inbound)
    assert ooo.kind == InboundKind.AUTO_REPLY and ooo.person_id == interviewed["person"]
    assert ooo.return_date.isoformat() == "2026-12-10"
    action = planned_keys(store)["status_check.1"]
    assert action.due.date() > ooo.return_date and "out of office" in action.note


def test_a_bounce_marks_the_message_failed(mail, store, interviewed, accounts, account):
    message = send_for_real(store, interviewed, accounts, to_address="nobody@elsewhere.example")
    dsn = (open(__file__.replace("test_sync.py", "samples/postfix_dsn.eml")).read()
           .replace("<thanks-1@candidate.example>", message.message_id)
           .replace("nobody@acme.example", "nobody@elsewhere.example"))
    mail.deliver_to_inbox("alice", dsn)
    report = delivery.sync(store, now=NOW, account=account)
    assert report.bounced == [message.id]
    with store.transaction() as tx:
        failed = tx.get(Message, message.id)
        [bounce] = tx.list(Inbound)
    assert failed.state == MessageState.FAILED and "5.1.1" in failed.last_error
    assert bounce.kind == InboundKind.BOUNCE and bounce.answers_message_id == message.id


def test_ats_rejection_from_no_reply_is_read_for_a_known_employer(mail, store, interviewed, account):
    ats = open(__file__.replace("test_sync.py", "samples/ats_rejection.eml")).read()
    mail.deliver_to_inbox("alice", ats)
    report = delivery.sync(store, now=NOW, account=account)
    assert len(report.recorded) == 1
    reply = report.recorded[0]
    assert reply.kind == InboundKind.REPLY and reply.classification == ReplyClass.REJECTION
    assert reply.opportunity_id == interviewed["opportunity"]


def test_unrelated_mail_is_not_read_and_malformed_or_huge_mail_does_not_stop_sync(mail, store, interviewed, accounts, account):
    message = send_for_real(store, interviewed, accounts)
    mail.deliver_to_inbox("alice", "From: news@shop.example\nSubject: Sale!\nMessage-ID: <n1@shop.example>\n\nBuy now.\n")
    mail.deliver_to_inbox("alice", b"From: Bob <bob@example.test>\nSubject: =?utf-8?q?broken\nContent-Type: multipart/mixed\n\n\xff\xfe no boundary\n")
    huge = reply_from_bob(message, "We regret to inform you that the position has been filled. " + "x" * 30_000_000, n=9)
    mail.deliver_to_inbox("alice", huge)
    report = delivery.sync(store, now=NOW, account=account)
    assert report.scanned == 3 and report.fetched == 2  # the shop's mail was never read
    with store.transaction() as tx:
        records = tx.list(Inbound)
    kinds = sorted((r.from_address, r.classification.value) for r in records)
    assert ("bob@example.test", "rejection") in kinds


def test_a_new_uidvalidity_rescans_without_duplicates(mail, store, interviewed, accounts, account):
    message = send_for_real(store, interviewed, accounts)
    raw = reply_from_bob(message, "Thanks, talk soon.")
    mail.deliver_to_inbox("alice", raw)
    assert len(delivery.sync(store, now=NOW, account=account).recorded) == 1
    before = uidvalidity(mail)
    for _ in range(20):  # Dovecot derives UIDVALIDITY from the clock, in seconds
        time.sleep(0.5)
        mail.reset()  # the mailbox is recreated: new UIDVALIDITY, same message delivered again
        mail.deliver_to_inbox("alice", raw)
        if uidvalidity(mail) != before:
            break
    report = delivery.sync(store, now=NOW, account=account)
    assert report.rescanned and report.scanned == 1 and report.recorded == []
    with store.transaction() as tx:
        assert len(tx.list(Inbound)) == 1


def uidvalidity(mail) -> int:
    client = mail.imap("alice")
    try:
        return client.select_folder("INBOX", readonly=True)[b"UIDVALIDITY"]
    finally:
        client.logout()


def test_a_draft_sent_from_the_users_own_program_is_noticed(mail, store, seeded, accounts, account):
    message_id = add_message(store, seeded)
    delivery.to_drafts(store, message_id, now=NOW, accounts=accounts)
    [draft] = mail.raw_messages("alice", "Drafts")
    client = mail.imap("alice")  # the user's mail program sends it and files it in Sent
    try:
        client.append("Sent", draft, flags=[b"\\Seen"])
    finally:
        client.logout()
    report = delivery.sync(store, now=NOW, account=account)
    with store.transaction() as tx:
        message = tx.get(Message, message_id)
    assert message.state == MessageState.SENT and "your mail program" in message.note
    assert report.sent_by_you == [message_id]  # and `afterview sync` says so (a tester saw "0 recorded")
