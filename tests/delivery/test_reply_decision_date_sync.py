"""A reply read from the real Dovecot that says when they will decide: the date is offered, with
the command that records it, by `sync`, `replies`, the worker's lines and `why` for the follow-up
it stopped; never recorded on its own. Recorded with that command, the follow-ups go on after it,
and the offer is no longer made."""

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from afterview.delivery.replies import stated_decision
from afterview.domain.model import Debrief, Inbound, Interview, Message, Opportunity, OpportunityStatus, ReplyClass
from afterview.errors import Conflict
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for
from tests.delivery.test_crash import run_cli, write_config
from tests.delivery.test_inbound_realworld_sync import THANKS, mail_from, pipeline, recorded  # noqa: F401

SAYS = ("Hi Alice,\n\nthank you for the note. We are still meeting two more candidates this week.\n\n"
        "We expect to make a decision by 10 December, and I will get back to you then.\n\nBest,\nJordan\n\n"
        "On Wed, Nov 18, 2026 at 9:00 AM Alice Seeker <alice@example.test> wrote:\n"
        "> Could you tell me whether you will decide by 1 December?\n")


def acme_round(store, acme) -> int:
    with store.transaction() as tx:
        [interview] = tx.list(Interview, opportunity_id=acme["opportunity"])
    return interview.id


def status_checks(store, opportunity_id: int) -> list:
    with store.transaction() as tx:
        return [a for a in plan(tx.facts(), DEFAULT_PLAYBOOK, NOW)
                if a.key.startswith(("status_check", "closing_the_loop")) and a.opportunity_id == opportunity_id]


def deliver_reply(mail, acme) -> None:
    mail.deliver_to_inbox("alice", mail_from(
        "Jordan Lee <jordan.lee@acme.example>", f"Re: {THANKS}", SAYS, "decide-1",
        headers=f"In-Reply-To: <ty-{acme['person']}@example.test>\n"))


def test_sync_and_replies_offer_the_date_with_the_command_that_records_it(mail, store, pipeline, afterview_home,
                                                                          tmp_path):
    acme = pipeline["Acme Corp"]
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    deliver_reply(mail, acme)
    synced = run_cli(db, "sync")
    assert synced.returncode == 0, synced.stderr
    [reply] = recorded(store)
    assert reply.classification == ReplyClass.OTHER and stated_decision(reply.summary) == date(2026, 12, 10)
    command = f"afterview debrief {acme_round(store, acme)} --person {acme['person']} --decision-date 2026-12-10"
    offer = (f"reply {reply.id}: they said a decision by Thu 10 Dec 2026: for the follow-ups to go by it, "
             f"record it: {command}")
    assert offer in synced.stdout, synced.stdout
    assert "from jordan.lee@acme.example: other: We expect to make a decision by 10 December" in synced.stdout
    assert "decision said for" not in synced.stdout  # the summary's own mark is not shown
    assert "1 December" not in synced.stdout  # the quoted question is not theirs
    # nothing recorded on its own: their reply stopped the follow-ups, and no debrief has a date
    with store.transaction() as tx:
        assert [d.decision_date for d in tx.list(Debrief)] == []
    assert status_checks(store, acme["opportunity"]) == []

    listed = run_cli(db, "replies")
    assert listed.returncode == 0 and offer in listed.stdout, listed.stdout
    assert "decision-date" in listed.stdout  # the suggest column
    [as_json] = json.loads(run_cli(db, "replies", "--json").stdout)
    assert as_json["suggested_decision_date"] == {"date": "2026-12-10", "interview": acme_round(store, acme),
                                                  "person": acme["person"], "command": command}

    with store.transaction() as tx:
        key = tx.get(Message, pipeline["follow_up"]).action_key
    why = run_cli(db, "why", key)
    assert why.returncode == 0 and "Jordan Lee replied on Wed 25 Nov" in why.stdout, why.stdout
    assert f"they said a decision by Thu 10 Dec 2026: for the follow-ups to go by it, record it: {command}" in why.stdout

    # recorded with the command it gives: the follow-ups go on after the date, and the offer is made no more
    done = run_cli(db, *command.split()[1:])
    assert done.returncode == 0, done.stderr
    [first] = [a for a in status_checks(store, acme["opportunity"]) if a.key.startswith("status_check.1")]
    assert first.earliest.date() >= date(2026, 12, 14)  # 10 December (a Thursday) + 2 business days
    assert "they said they would decide by Thu 10 Dec" in first.reason
    again = run_cli(db, "replies")
    assert "they said a decision by" not in again.stdout and "decision-date" not in again.stdout


def test_the_worker_says_the_offer_and_a_reply_to_review_asks_to_be_confirmed_too(mail, store, pipeline, monkeypatch):
    acme = pipeline["Acme Corp"]
    mail.deliver_to_inbox("alice", mail_from(  # a word of regret without a decision: to review
        "Jordan Lee <jordan.lee@acme.example>", f"Re: {THANKS}",
        "Unfortunately the hiring manager is travelling. We will make a decision by 10 December.", "decide-2",
        headers=f"In-Reply-To: <ty-{acme['person']}@example.test>\n"))
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    said: list[str] = []
    delivery.read_first(store, now=NOW, accounts={"test": account_for(mail)}, say=said.append)
    [reply] = recorded(store)
    assert reply.classification == ReplyClass.NEEDS_REVIEW
    [line] = [s for s in said if "they said a decision by" in s]
    assert line == (f"reply {reply.id}: they said a decision by Thu 10 Dec 2026: for the follow-ups to go by it, "
                    f"record it: afterview debrief {acme_round(store, acme)} --person {acme['person']} "
                    f"--decision-date 2026-12-10; then confirm the reply (e.g. afterview replies confirm {reply.id} "
                    f"--status none), which is still to review")
    with store.transaction() as tx:  # recorded, then confirmed: the follow-ups go by the date
        delivery.record_offered_decision(tx, reply.id)
        assert delivery.decision_offer(tx.facts(), tx.get(Inbound, reply.id)) is None
        delivery.confirm_reply(tx, reply.id, now=NOW, status=delivery.JUST_NOTED)
    assert any(a.key.startswith("status_check.1") and a.earliest.date() >= date(2026, 12, 14)
               for a in status_checks(store, acme["opportunity"]))


def test_no_offer_for_a_reply_of_an_earlier_round_or_a_closed_process(mail, store, pipeline, monkeypatch):
    acme = pipeline["Acme Corp"]
    deliver_reply(mail, acme)
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    delivery.sync(store, now=NOW, account=account_for(mail))
    [reply] = recorded(store)
    with store.transaction() as tx:
        assert delivery.decision_offer(tx.facts(), reply) is not None
        opportunity = tx.get(Opportunity, acme["opportunity"])
        opportunity.status = OpportunityStatus.REJECTED  # closed since: nothing to go by
        tx.update(opportunity)
        assert delivery.decision_offer(tx.facts(), reply) is None
        opportunity.status = OpportunityStatus.INTERVIEWING
        tx.update(opportunity)
        assert delivery.decision_offer(tx.facts(), reply) is not None
        # a later round was held since: the date was about the one before
        later = datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)
        tx.add(Interview(opportunity_id=acme["opportunity"], start=later, end=later + timedelta(hours=1),
                         timezone="UTC", participants=tx.list(Interview, opportunity_id=acme["opportunity"])[0].participants))
        assert delivery.decision_offer(tx.facts(), reply) is None
        assert delivery.offer_lines(tx, [reply]) == []
    with store.transaction() as tx, pytest.raises(Conflict, match="no decision date to record now: Thu 10 Dec 2026"):
        delivery.record_offered_decision(tx, reply.id)


def test_an_automated_mail_that_says_when_they_decide_is_recorded_for_its_date(mail, store, pipeline, afterview_home,
                                                                               tmp_path):
    # a tracking system's or a company's automated update is no answer as a rule (a receipt, a
    # survey), but one that says when they will decide is: its date is offered as a reply's is
    acme = pipeline["Acme Corp"]
    write_config(afterview_home, mail)
    mail.deliver_to_inbox("alice", mail_from(
        "Acme Careers <no-reply@acme.example>", "Your application: an update",
        "Dear Alice,\n\nthank you for interviewing with us. We will let you know by 10 December.\n\nAcme Talent Team\n",
        "auto-decide-1", headers="Auto-Submitted: auto-generated\n"))
    synced = run_cli(tmp_path / "afterview.db", "sync")
    assert synced.returncode == 0, synced.stderr
    [reply] = recorded(store)
    assert stated_decision(reply.summary) == date(2026, 12, 10)
    assert f"reply {reply.id}: they said a decision by Thu 10 Dec 2026" in synced.stdout, synced.stdout
