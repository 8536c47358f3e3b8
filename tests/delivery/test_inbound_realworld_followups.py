"""What sync's reading does to approved follow-ups (needs the planner and services changes in
/tmp/dev_mail/proposed/planner_services.diff): a tracking system's rejection that fits two
processes of one company pauses the follow-ups of both until placed; a bounce read in the same
round holds back what was approved to that address; a held-back note names the company's
tracking system, not its no-reply address."""

from datetime import timedelta

from afterview.domain.model import Message, MessageKind, MessageState, Opportunity, OpportunityStatus
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.services import delivery
from tests.delivery.conftest import NOW
from tests.delivery.test_inbound_realworld_sync import follow_up_state, mail_from, pipeline, recorded  # noqa: F401


def status_checks(store, opportunity_id: int) -> list[str]:
    with store.transaction() as tx:
        return [a.key for a in plan(tx.facts(), DEFAULT_PLAYBOOK, NOW)
                if a.key.startswith("status_check") and a.opportunity_id == opportunity_id]


def test_an_ambiguous_tracking_system_rejection_pauses_both_processes_until_placed(mail, store, pipeline, account):
    acme = pipeline["Acme Corp"]
    with store.transaction() as tx:
        staff = tx.add(Opportunity(company_id=acme["company"], role="Staff Engineer", created_at=NOW - timedelta(days=30),
                                   status=OpportunityStatus.INTERVIEWING))
    assert status_checks(store, acme["opportunity"])
    mail.deliver_to_inbox("alice", mail_from(
        "Acme Corp <no-reply@us.greenhouse-mail.io>", "Your application to Acme Corp",
        "Thank you for your interest in Acme Corp. After careful consideration, we have decided to move forward "
        "with other candidates.", "gh-two"))
    delivery.sync(store, now=NOW, account=account)
    [reply] = recorded(store)
    assert reply.opportunity_id is None
    assert status_checks(store, acme["opportunity"]) == []  # paused, not sent while it may be its rejection
    [(held, why)] = delivery.hold_back_planned(store, now=NOW)
    assert held == pipeline["follow_up"]
    assert why.startswith("not sent: Acme Corp's tracking system replied on ")  # not no-reply@us.greenhouse-mail.io
    with store.transaction() as tx:  # placed: the other process is free again
        delivery.confirm_reply(tx, reply.id, now=NOW, opportunity_id=staff.id)
    assert status_checks(store, acme["opportunity"])


def test_a_bounce_read_in_the_round_holds_back_what_was_approved_to_that_address(mail, store, pipeline, account):
    acme = pipeline["Acme Corp"]
    with store.transaction() as tx:  # the follow-up is due now
        follow_up = tx.get(Message, pipeline["follow_up"])
        follow_up.scheduled_at = NOW - timedelta(minutes=5)
        tx.update(follow_up)
    dsn = (f"From: MAILER-DAEMON@mail.example (Mail Delivery System)\nTo: alice@example.test\n"
           "Subject: Undelivered Mail Returned to Sender\nReturn-Path: <>\n"
           f"X-Failed-Recipients: jordan.lee@acme.example\n"
           "Content-Type: text/plain; charset=us-ascii\n\n<jordan.lee@acme.example>: host mx.acme.example said: "
           f"550 5.1.1 User unknown\n\n--- Below this line is a copy of the message.\n\n"
           f"Message-ID: <ty-{acme['person']}@example.test>\n")
    mail.deliver_to_inbox("alice", dsn)
    accounts = {account.name: account}
    _, synced, _, held = delivery.read_first(store, now=NOW, accounts=accounts, say=lambda line: None)
    assert synced[0].bounced == [acme["thanks"]]
    assert [i for i, _ in held] == [pipeline["follow_up"]]
    assert "bounced" in held[0][1] and "550 5.1.1 User unknown" in held[0][1]
    assert delivery.send_due(store, now=NOW, accounts=accounts).sent == []
    assert follow_up_state(store, pipeline)[0] == MessageState.DRAFTED


def test_a_follow_up_held_back_by_an_automatic_reply_saying_they_left_says_so(mail, store, pipeline, account):
    acme = pipeline["Acme Corp"]
    mail.deliver_to_inbox("alice", mail_from(
        "Jordan Lee <jordan.lee@acme.example>", "Automatic reply: Thank you - Backend Engineer interview",
        "Jordan Lee is no longer with Acme Corp. Please direct recruiting questions to recruiting@acme.example.",
        "left-2", headers=f"Auto-Submitted: auto-replied\nIn-Reply-To: <ty-{acme['person']}@example.test>\n"))
    delivery.sync(store, now=NOW, account=account)
    [(held, why)] = delivery.hold_back_planned(store, now=NOW)
    assert held == pipeline["follow_up"]
    assert why.startswith("not sent: Jordan Lee has left, says their automatic reply of Wed 25 Nov;"), why
