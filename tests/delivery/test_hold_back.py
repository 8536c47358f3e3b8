"""An approved or scheduled note whose action is no longer planned is not sent: it becomes a draft.

Real SQLite file, real SMTP server (aiosmtpd delivering into Dovecot), the commands as a user
runs them. The notes here are drafted for planned actions (their real action keys), as
`afterview draft` makes them.
"""

from datetime import timedelta

import pytest

from afterview.domain.model import (
    Decision, DecisionKind, Inbound, InboundKind, Interview, Message, MessageKind, MessageState, NewsItem,
    Opportunity, OpportunityStatus, Participant, Person, ReplyClass, Role,
)
from afterview.errors import Conflict
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_interview, add_message
from tests.delivery.test_crash import run_cli, write_config

pytestmark = pytest.mark.mail


@pytest.fixture
def interview(store, seeded):
    """Bob interviewed us yesterday (he is the recruiter): his thank-you note is planned."""
    return add_interview(store, seeded, NOW - timedelta(days=1), role=Role.RECRUITER)


def scheduled(store, interview, accounts, *, at=NOW + timedelta(hours=2), **kw) -> int:
    """The thank-you note, approved and scheduled for `at`."""
    message_id = add_message(store, interview, action_key=interview["key"], interview_id=interview["interview"], **kw)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
        delivery.schedule(tx, message_id, when=at, now=NOW)
    return message_id


def state_of(store, message_id: int) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


def test_a_planned_note_goes_out_as_scheduled(mail, store, interview, accounts):
    message_id = scheduled(store, interview, accounts)
    report = delivery.send_due(store, now=NOW + timedelta(hours=3), accounts=accounts)
    assert report.sent == [message_id] and report.held_back == []
    assert len(mail.messages("bob")) == 1


@pytest.mark.parametrize("change, words", [
    ("skip", "you skipped it (they said no)"),
    ("done", "you marked it done (sent from my phone)"),
    ("rejected", "the process was closed: rejected"),
    ("do_not_contact", "asked not to be contacted"),
    # what changed in the records the note is about is said as it is (found by a tester)
    ("cancelled", "is cancelled"),
    ("off_panel", "is no longer on the panel of interview"),
    ("deleted", "was deleted"),
])
def test_a_note_the_plan_no_longer_has_is_not_sent_but_made_a_draft_again(mail, store, interview, accounts,
                                                                           change, words):
    message_id = scheduled(store, interview, accounts)
    with store.transaction() as tx:
        if change in ("skip", "done"):
            kind = DecisionKind.SKIP if change == "skip" else DecisionKind.DONE
            note = "they said no" if change == "skip" else "sent from my phone"
            tx.add(Decision(action_key=interview["key"], kind=kind, at=NOW + timedelta(minutes=5), note=note))
        elif change == "rejected":
            opp = tx.get(Opportunity, interview["opportunity"])
            opp.status = OpportunityStatus.REJECTED
            tx.update(opp)
        elif change in ("cancelled", "off_panel"):
            record = tx.get(Interview, interview["interview"])
            if change == "cancelled":
                record.cancelled = True
            else:
                other = tx.add(Person(name="Cleo Park", emails=["cleo@example.test"]))
                record.participants = [Participant(person_id=other.id, role=Role.RECRUITER)]
            tx.update(record)
        elif change == "deleted":
            tx.delete(Interview, interview["interview"])
        else:
            bob = tx.get(Person, interview["person"])
            bob.do_not_contact = True
            tx.update(bob)
    report = delivery.send_due(store, now=NOW + timedelta(hours=3), accounts=accounts)
    assert report.sent == [] and mail.received == [] and mail.messages("bob") == []
    [(held, why)] = report.held_back
    assert held == message_id and words in why
    message = state_of(store, message_id)
    if change == "done":  # the note counts as the one you sent, as `done` makes a draft of it
        assert why.endswith("; it counts as done elsewhere (its approval is withdrawn)")
        assert message.state == MessageState.DONE_ELSEWHERE and message.approved_at is None
        assert message.last_error == "" and message.sent_at is None
        return
    # no way to send it all the same to someone who asked not to be contacted
    hint = ("nothing goes to them while they ask not to be contacted" if change == "do_not_contact" else
            f"to send it all the same: afterview send {message_id} --to-drafts")
    assert why.endswith(f"; a draft again ({hint})")
    assert message.state == MessageState.DRAFTED and message.approved_at is None and message.scheduled_at is None
    assert message.last_error == why and message.sent_at is None
    # approving it again is refused, with the same reason: its action is still not planned
    with pytest.raises(Conflict) as refused, store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW + timedelta(hours=4), accounts=accounts)
    assert str(refused.value) == (f"message {message_id} cannot be approved: {why.split('; a draft again')[0][10:]} "
                                  f"({hint})")
    assert state_of(store, message_id).state == MessageState.DRAFTED


def test_a_follow_up_is_not_sent_after_their_reply(mail, store, interview, accounts):
    """The reply arrives after the follow-up was scheduled: stop on reply wins."""
    key = f"status_check.1:o{interview['opportunity']}:i{interview['interview']}:p{interview['person']}"
    with store.transaction() as tx:  # the thank-you went out; the follow-up is due ten days on
        tx.add(Decision(action_key=interview["key"], kind=DecisionKind.DONE, at=NOW))
    later = NOW + timedelta(days=12)
    message_id = add_message(store, interview, kind=MessageKind.STATUS_CHECK, action_key=key, subject="Following up")
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=later, accounts=accounts)
        delivery.schedule(tx, message_id, when=later + timedelta(hours=1), now=later)
        tx.add(Inbound(kind=InboundKind.REPLY, received_at=later + timedelta(minutes=30), person_id=interview["person"],
                       opportunity_id=interview["opportunity"], classification=ReplyClass.OTHER,
                       from_address="bob@example.test", subject="Re: hello", header_message_id="<r1@example.test>"))
    report = delivery.send_due(store, now=later + timedelta(hours=2), accounts=accounts)
    assert report.sent == [] and [m for m, _ in report.held_back] == [message_id]
    assert mail.messages("bob") == []


def test_news_that_gives_way_to_better_news_is_still_a_pending_share(mail, store, interview, accounts):
    with store.transaction() as tx:
        bob = tx.get(Person, interview["person"])
        bob.tags = ["kafka"]
        tx.update(bob)
        tx.add(Decision(action_key=interview["key"], kind=DecisionKind.DONE, at=NOW))
        first = tx.add(NewsItem(title="Kafka talk", happened_on=NOW.date(), tags=["kafka"]))
    message_id = add_message(store, interview, kind=MessageKind.SHARE_NEWS, subject="A talk you may like",
                             action_key=f"share_news:n{first.id}:p{interview['person']}")
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
        tx.add(NewsItem(title="Kafka book", happened_on=NOW.date() + timedelta(days=1), tags=["kafka"]))
    # the next day: approved on Thursday with the next round, a note found on Saturday would be moved
    # to Monday morning (a note found late, docs/delivery.md)
    report = delivery.send_due(store, now=NOW + timedelta(days=1), accounts=accounts)
    assert report.sent == [message_id] and report.held_back == []


def test_skip_and_outcome_say_at_once_which_notes_will_not_be_sent(mail, store, interview, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    from tests.delivery.conftest import account_for

    accounts = {"test": account_for(mail)}
    first = scheduled(store, interview, accounts)
    skipped = run_cli(db, "skip", interview["key"], "--reason", "they said no")
    assert skipped.returncode == 0, skipped.stderr
    assert skipped.stdout.splitlines() == [
        f"skipped: {interview['key']}",
        f"message {first}: not sent: you skipped it (they said no); a draft again "
        f"(to send it all the same: afterview send {first} --to-drafts)",
    ]
    assert state_of(store, first).state == MessageState.DRAFTED
    nothing = run_cli(db, "send-due", at=NOW + timedelta(hours=3))
    assert nothing.returncode == 0 and nothing.stdout.strip() == "nothing due" and mail.messages("bob") == []

    with store.transaction() as tx:  # a second interview's note, then the process ends
        start = NOW - timedelta(hours=5)
        second = tx.add(Interview(opportunity_id=interview["opportunity"], start=start, end=start + timedelta(hours=1),
                                  timezone="UTC", participants=[Participant(person_id=interview["person"])]))
    again = scheduled(store, {**interview, "interview": second.id, "key": f"thank_you:i{second.id}:p{interview['person']}"},
                      accounts)
    ended = run_cli(db, "outcome", str(interview["opportunity"]), "rejected")
    assert ended.returncode == 0, ended.stderr
    assert f"message {again}: not sent: the process was closed: rejected on Thu 26 Nov;" in ended.stdout
    assert state_of(store, again).state == MessageState.DRAFTED


def test_send_now_of_a_note_no_longer_planned_is_one_line(mail, store, interview, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    message_id = add_message(store, interview, action_key=interview["key"])
    assert run_cli(db, "approve", str(message_id)).returncode == 0
    with store.transaction() as tx:
        tx.add(Decision(action_key=interview["key"], kind=DecisionKind.DONE, at=NOW, note="sent from my phone"))
    sent = run_cli(db, "send", str(message_id), "--now")
    assert sent.returncode == 2 and "Traceback" not in sent.stderr
    assert sent.stderr.strip() == f"afterview: error: message {message_id} was not sent (see above)"
    assert f"message {message_id}: not sent: you marked it done (sent from my phone)" in sent.stdout
    assert mail.messages("bob") == []


def test_a_note_due_while_they_are_out_of_office_waits_for_their_return(mail, store, interview, accounts):
    """Their auto-reply came after the note was scheduled: it is not sent while they are away."""
    message_id = scheduled(store, interview, accounts)
    with store.transaction() as tx:
        tx.add(Inbound(kind=InboundKind.AUTO_REPLY, received_at=NOW + timedelta(minutes=10), person_id=interview["person"],
                       opportunity_id=interview["opportunity"], return_date=(NOW + timedelta(days=7)).date(),
                       from_address="bob@example.test", header_message_id="<ooo@example.test>"))
    report = delivery.send_due(store, now=NOW + timedelta(hours=3), accounts=accounts)
    [(held, why)] = report.held_back
    assert held == message_id and report.sent == [] and mail.messages("bob") == []
    assert why.startswith("not sent: they are out of office, back Thu 3 Dec or the business day after; a draft again (approve it and schedule "
                          "it again from Fri 4 Dec 09:00 on)")
    # approved again and scheduled for after their return: kept, and sent then
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW + timedelta(hours=4), accounts=accounts)
        delivery.schedule(tx, message_id, when=NOW + timedelta(days=8), now=NOW + timedelta(hours=4))
    assert delivery.send_due(store, now=NOW + timedelta(days=1), accounts=accounts).held_back == []
    assert state_of(store, message_id).state == MessageState.SCHEDULED
    report = delivery.send_due(store, now=NOW + timedelta(days=8, hours=1), accounts=accounts)
    assert report.sent == [message_id] and len(mail.messages("bob")) == 1


def test_closing_the_loop_sent_makes_the_process_no_response(mail, store, seeded, accounts, afterview_home, tmp_path):
    # Two follow-ups went unanswered; the polite close goes out by SMTP: then, as the playbook
    # says, the opportunity counts as no response. A Done on it does the same, and its undo
    # takes the status back.
    from afterview.services import planning

    seen = add_interview(store, seeded, NOW - timedelta(days=60), role=Role.RECRUITER)
    ids = f"o{seen['opportunity']}:i{seen['interview']}:p{seen['person']}"
    for key, kind, days in ((seen["key"], MessageKind.THANK_YOU, 59), (f"status_check.1:{ids}", MessageKind.STATUS_CHECK, 45),
                            (f"status_check.2:{ids}", MessageKind.STATUS_CHECK, 30)):
        add_message(store, seen, action_key=key, kind=kind, state=MessageState.SENT, sent_at=NOW - timedelta(days=days))
    closing = f"closing_the_loop:{ids}"
    message_id = add_message(store, seen, action_key=closing, kind=MessageKind.CLOSING_THE_LOOP, subject="Closing the loop")
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
        delivery.schedule(tx, message_id, when=NOW, now=NOW)
    assert delivery.send_due(store, now=NOW, accounts=accounts).sent == [message_id]
    with store.transaction() as tx:
        opportunity = tx.get(Opportunity, seen["opportunity"])
    assert opportunity.status == OpportunityStatus.NO_RESPONSE
    assert opportunity.history[-1].note == "closed the loop with no reply" and opportunity.history[-1].at == NOW

    from afterview.services.pipeline import set_status

    with store.transaction() as tx:  # the same by hand: back to interviewing, then Done, then its undo
        set_status(tx, seen["opportunity"], OpportunityStatus.INTERVIEWING, now=NOW)
        tx.delete(Message, message_id)  # as if it had not gone from here (a Done on a sent action is refused)
        planning.mark_done(tx, closing, "sent from my phone", NOW + timedelta(minutes=1))
        assert tx.get(Opportunity, seen["opportunity"]).status == OpportunityStatus.NO_RESPONSE
        planning.undo(tx, closing, NOW + timedelta(minutes=2))
        assert tx.get(Opportunity, seen["opportunity"]).status == OpportunityStatus.INTERVIEWING
