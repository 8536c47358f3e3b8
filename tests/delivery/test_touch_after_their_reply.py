"""A keep-in-touch (or share-news) note approved before the person wrote to you is not sent.

Found by a tester: a keep-in-touch note was scheduled, then the person replied (a real reply,
not an automatic one) before it went, and it still went out the next day. The plan keeps the
touch (its cadence starts again from their reply, at a later moment), so nothing held it. Now
the outbox (and every hold after a reply is recorded) takes such a note back to drafts, saying
why: their message is to answer first. Approved again after their reply, it is kept.

Real SQLite file, real SMTP and IMAP servers (aiosmtpd delivering into Dovecot).
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from afterview.domain.model import (
    Company, Decision, DecisionKind, Inbound, InboundKind, Interview, Message, MessageKind, MessageState, NewsItem,
    Opportunity, OpportunityStatus, Participant, Person, ReplyClass, Role, StatusChange,
)
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.services import delivery
from tests.delivery.conftest import add_interview, add_message

pytestmark = pytest.mark.mail

BERLIN = ZoneInfo("Europe/Berlin")
HELD = ("not sent: Dana Reyes wrote to you on Wed 21 Apr 2027 after you approved it: answer them instead; the next "
        "touch is planned from their reply; a draft again (approve it and schedule it again from Fri 23 Jul "
        "09:00 on)")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)


@pytest.fixture
def touch(store):
    """A process closed with a rejection on 4 Dec 2026; Dana (bob@example.test, a real mailbox)
    had her first keep-in-touch note on 5 Jan 2027. On Wed 21 Apr 2027 09:00 her second touch
    is due (a Kafka talk of 20 Apr); a course of 23 Jul is the next reason. Returns (the note for
    the second touch, approved and scheduled for Thu 22 Apr 09:00; Dana's person id; the key)."""
    with store.transaction() as tx:
        profile = tx.profile()
        profile.name, profile.timezone, profile.country = "Sam Lee", "Europe/Berlin", "DE"
        tx.save_profile(profile)
        acme = tx.add(Company(name="Acme"))
        rita = tx.add(Person(name="Rita Cole", emails=["carol@example.test"], company_id=acme.id))
        dana = tx.add(Person(name="Dana Reyes", emails=["bob@example.test"], company_id=acme.id, tags=["kafka"]))
        opp = tx.add(Opportunity(company_id=acme.id, role="Data Engineer", status=OpportunityStatus.REJECTED,
                                 history=[StatusChange(status=OpportunityStatus.REJECTED, at=at("2026-12-04 16:00"))]))
        tx.add(Interview(opportunity_id=opp.id, start=at("2026-12-01 10:00"), end=at("2026-12-01 11:00"),
                         timezone="Europe/Berlin", participants=[Participant(person_id=dana.id),
                                                                 Participant(person_id=rita.id, role=Role.RECRUITER)]))
        tx.add(Inbound(kind=InboundKind.REPLY, received_at=at("2026-12-04 16:00"), person_id=rita.id,
                       opportunity_id=opp.id, classification=ReplyClass.REJECTION, confirmed=True,
                       from_address="carol@example.test", header_message_id="<rejected@acme.example>"))
        tx.add(Message(kind=MessageKind.KEEP_WARM, person_id=dana.id, opportunity_id=opp.id,
                       action_key=f"keep_warm.1:o{opp.id}:p{dana.id}", subject="Hello", body="Hi Dana",
                       to_address="bob@example.test", state=MessageState.SENT, sent_at=at("2027-01-05 10:00"),
                       created_at=at("2027-01-05 09:00")))
        tx.add(NewsItem(title="Kafka Summit talk", happened_on=date(2027, 4, 20), tags=["kafka"]))
        tx.add(NewsItem(title="Kafka streams course finished", happened_on=date(2027, 7, 23), tags=["kafka"]))
        key = f"keep_warm.2:o{opp.id}:p{dana.id}"
        for action in plan(tx.facts(), DEFAULT_PLAYBOOK, at("2027-04-21 09:00")):  # the rest handled
            if action.key != key:
                tx.add(Decision(action_key=action.key, kind=DecisionKind.DONE, at=at("2026-12-05 10:00")))
        message = tx.add(Message(kind=MessageKind.KEEP_WARM, person_id=dana.id, opportunity_id=opp.id, action_key=key,
                                 subject="A Kafka talk you may like", to_address="bob@example.test",
                                 body="Hi Dana,\n\nthe Kafka Summit talk made me think of our talk.\n\nBest,\nSam\n",
                                 created_at=at("2027-04-21 08:00")))
    return message.id, dana.id, key


def approve(store, accounts, message_id: int, now: datetime, when: datetime) -> None:
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=now, accounts=accounts, despite_errors=True)
        delivery.schedule(tx, message_id, when=when, now=now)


def their_reply(store, person_id: int, received: datetime, kind=InboundKind.REPLY, **kw) -> None:
    with store.transaction() as tx:
        tx.add(Inbound(kind=kind, received_at=received, person_id=person_id, classification=ReplyClass.OTHER,
                       from_address="bob@example.test", subject="Re: Hello", header_message_id=f"<{received:%s}@x>",
                       **kw))


def stored(store, message_id: int) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


def test_a_touch_approved_before_their_reply_is_not_sent_but_a_draft_again(mail, store, accounts, touch):
    message_id, dana, key = touch
    approve(store, accounts, message_id, at("2027-04-21 09:00"), at("2027-04-22 09:00"))
    their_reply(store, dana, at("2027-04-21 18:00"))  # "great to hear from you, how are things?"
    with store.transaction() as tx:  # the plan keeps the touch, from their reply on
        [action] = [a for a in plan(tx.facts(), DEFAULT_PLAYBOOK, at("2027-04-22 09:30")) if a.key == key]
    assert action.earliest == at("2027-07-23 09:00") and "Dana Reyes wrote 21 Apr 2027" in action.reason
    report = delivery.send_due(store, now=at("2027-04-22 09:30"), accounts=accounts)
    assert report.sent == [] and report.held_back == [(message_id, HELD)]
    assert mail.received == [] and mail.messages("bob") == []
    message = stored(store, message_id)
    assert (message.state, message.last_error, message.approved_at, message.scheduled_at) == (
        MessageState.DRAFTED, HELD, None, None)
    # approved again after their reply: kept, and it goes out at the moment the plan has now
    approve(store, accounts, message_id, at("2027-04-22 10:00"), at("2027-07-23 09:00"))
    with store.transaction() as tx:
        assert delivery.hold_back(tx, now=at("2027-04-22 10:00")) == []
    assert delivery.send_due(store, now=at("2027-07-23 09:30"), accounts=accounts).sent == [message_id]
    assert len(mail.messages("bob")) == 1


def test_a_reply_read_from_the_mailbox_holds_it_back_at_once(mail, store, accounts, touch):
    """The desk's round (and the worker, and `sync`) hold back as soon as the reply is recorded."""
    message_id, _dana, _key = touch
    approve(store, accounts, message_id, at("2027-04-21 09:00"), at("2027-04-22 09:00"))
    mail.deliver_to_inbox("alice", (
        "From: Dana Reyes <bob@example.test>\r\nTo: alice@example.test\r\nSubject: Re: Hello\r\n"
        "Date: Wed, 21 Apr 2027 18:00:00 +0200\r\nMessage-ID: <dana-writes@example.test>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nGreat to hear from you! How are things going?\r\n"))
    done = delivery.mail_round(store, now=at("2027-04-21 18:05"), accounts=accounts)
    assert done.replies == 1
    assert done.sent.held_back == [(message_id, HELD)]
    assert stored(store, message_id).state == MessageState.DRAFTED


def test_a_reply_before_the_approval_or_an_automatic_one_holds_nothing(mail, store, accounts, touch):
    message_id, dana, _key = touch
    their_reply(store, dana, at("2027-04-21 08:30"))  # before the note was approved: you approved it knowing
    their_reply(store, dana, at("2027-04-21 12:00"), kind=InboundKind.AUTO_REPLY)  # away, no return date said
    approve(store, accounts, message_id, at("2027-04-21 09:00"), at("2027-04-21 09:10"))
    with store.transaction() as tx:
        assert delivery.hold_back(tx, now=at("2027-04-21 09:05")) == []


def test_news_shared_after_their_reply_waits_for_your_answer(mail, store, seeded, accounts):
    now = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("UTC"))
    found = add_interview(store, seeded, now - timedelta(days=1), role=Role.RECRUITER)
    with store.transaction() as tx:
        bob = tx.get(Person, found["person"])
        bob.tags = ["kafka"]
        tx.update(bob)
        tx.add(Decision(action_key=found["key"], kind=DecisionKind.DONE, at=now))
        news = tx.add(NewsItem(title="Kafka talk", happened_on=now.date(), tags=["kafka"]))
    key = f"share_news:n{news.id}:p{found['person']}"
    message_id = add_message(store, found, kind=MessageKind.SHARE_NEWS, subject="A talk you may like", action_key=key)
    approve(store, accounts, message_id, now, now + timedelta(hours=3))
    their_reply(store, found["person"], now + timedelta(hours=1), opportunity_id=found["opportunity"])
    report = delivery.send_due(store, now=now + timedelta(hours=4), accounts=accounts)
    assert report.sent == [] and mail.messages("bob") == []
    [(held, why)] = report.held_back
    assert held == message_id and why.startswith(
        "not sent: Bob Builder wrote to you on Thu 26 Nov 2026 after you approved it: answer them instead (the news "
        "can go with your answer); a draft again (")
    assert stored(store, message_id).state == MessageState.DRAFTED
