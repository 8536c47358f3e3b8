"""Smaller delivery findings of a tester round, each as the user met it, on a real SQLite file
through the command line (the real mail servers where a bounce is read):

- a follow-up their reply stops is not offered to be sent all the same: how to read the reply is;
- a new address given after a bounce ends the warning to check it (`approve`, `replies confirm`);
- a note a closed process holds back names the decision ("the process was closed: rejected on ...");
- a reply told by you and re-filed is not said to come from the new person's address; taking it
  back does not offer to clear a decision date that came with the debrief, not with it;
- `replies add --decision-date Monday` is read from the day of `--on`, `--says "by 12/10"` as the
  sender writes dates, and a date before the reply is said to be so;
- timing spoken of with no date that can be read is said, with the command to give the date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from afterview.domain import model as m
from afterview.storage import open_store
from tests.helpers import afterview

DENVER = "America/Denver"


def run(db, at, *args):
    result = afterview("--db", db, "--at", f"{at} {DENVER}", *args)
    assert result.code == 0, (args, result.err)
    return result


def pipeline(tmp_path, *, country: str = "US") -> str:
    """Jordan (Chicago) met Priya Nair (Denver) on Wed 20 Jan 2027; the thank-you and the first
    status follow-up went out; the second follow-up is planned."""
    db = str(tmp_path / "a.db")
    run(db, "2027-01-20 09:00", "profile", "set", "--name", "Jordan Lee", "--email", "j@mail.example", "--tz",
        "America/Chicago", "--country", "US")
    run(db, "2027-01-20 09:00", "opportunity", "add", "--company", "Meridian Health", "--role", "Analytics Engineer")
    run(db, "2027-01-20 09:00", "person", "add", "Priya Nair", "--email", "priya@meridian.example", "--company",
        "Meridian Health", "--tz", DENVER, "--country", country)
    run(db, "2027-01-20 09:00", "interview", "add", "--opportunity", "1", "--start", "2027-01-20 10:00", "--tz", DENVER,
        "--with", "Priya Nair:recruiter")
    run(db, "2027-01-20 13:00", "debrief", "1", "--person", "Priya", "--topic", "the team's move to Looker")
    run(db, "2027-01-20 13:05", "done", "thank_you:i1:p1", "--note", "sent from my phone")
    run(db, "2027-02-02 09:45", "done", "status_check.1:o1:i1:p1", "--note", "sent from Gmail")
    return db


def scheduled_follow_up(db) -> int:
    """The second status follow-up, approved and scheduled (as if through an account)."""
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            return tx.add(m.Message(kind=m.MessageKind.STATUS_CHECK, person_id=1, opportunity_id=1, interview_id=1,
                                    action_key="status_check.2:o1:i1:p1", subject="Following up", body="Hello.",
                                    state=m.MessageState.SCHEDULED, to_address="priya@meridian.example",
                                    approved_at=datetime(2027, 2, 2, 20, tzinfo=timezone.utc),
                                    scheduled_at=datetime(2027, 2, 11, 17, tzinfo=timezone.utc))).id
    finally:
        store.close()


def message(db, message_id: int) -> m.Message:
    store = open_store(f"sqlite:///{db}")
    try:
        with store.reading() as tx:
            return tx.get(m.Message, message_id)
    finally:
        store.close()


# --- a follow-up their reply stops: never offered to be sent all the same -------------------------

def test_a_follow_up_their_reply_stops_says_how_to_read_the_reply_not_how_to_send_it(tmp_path):
    db = pipeline(tmp_path)
    follow_up = scheduled_follow_up(db)
    said = run(db, "2027-02-03 09:00", "replies", "add", "Priya", "--on", "2027-02-02 15:00",
               "--says", "thanks, still talking to the team").out
    why = (f"message {follow_up}: not sent: Priya Nair replied on Tue 2 Feb; a draft again (sent now, it would cross "
           "their reply: read the reply (reply 1 in afterview replies --all) and answer that instead)")
    assert why in said.splitlines()
    assert "--to-drafts" not in said
    # approving it is refused in the same words
    refused = afterview("--db", db, "--at", f"2027-02-03 09:05 {DENVER}", "approve", str(follow_up))
    assert refused.code == 2 and "--to-drafts" not in refused.err
    assert refused.error_line == (f"afterview: error: message {follow_up} cannot be approved: Priya Nair replied on Tue "
                                  "2 Feb (sent now, it would cross their reply: read the reply (reply 1 in afterview "
                                  "replies --all) and answer that instead)")
    # the reply taken back: the reason no longer holds, and `show` says so
    run(db, "2027-02-03 09:10", "replies", "remove", "1")
    assert "held back earlier, for a reason that no longer holds" in run(db, "2027-02-03 09:10", "show",
                                                                         str(follow_up)).out


# --- a closed process names its decision ---------------------------------------------------------

def test_a_rejection_holding_back_a_follow_up_names_the_decision_and_its_day(tmp_path):
    db = pipeline(tmp_path)
    follow_up = scheduled_follow_up(db)
    said = run(db, "2027-02-04 10:00", "outcome", "1", "rejected").out
    assert (f"message {follow_up}: not sent: the process was closed: rejected on Thu 4 Feb; a draft again "
            f"(to send it all the same: afterview send {follow_up} --to-drafts)") in said.splitlines()
    assert "it is no longer planned" not in said


# --- a reply told by you, re-filed or taken back --------------------------------------------------

def test_a_reply_told_by_you_and_refiled_is_not_said_to_come_from_an_address(tmp_path):
    db = pipeline(tmp_path)
    run(db, "2027-02-02 09:00", "person", "add", "Tom Reyes", "--email", "tom@meridian.example", "--company",
        "Meridian Health")
    run(db, "2027-02-02 14:00", "replies", "add", "Tom", "--opportunity", "1", "--says", "we are still deciding")
    moved = run(db, "2027-02-02 14:05", "replies", "move", "1", "--person", "Priya").out
    first = moved.splitlines()[0]
    assert first.startswith("reply 1 (told by you) now filed under Priya Nair")
    assert "priya@meridian.example" not in first and "tom@meridian.example" not in first


def test_taking_back_a_reply_offers_to_clear_only_the_decision_date_that_came_with_it(tmp_path):
    db = pipeline(tmp_path)
    run(db, "2027-02-02 13:00", "debrief", "1", "--person", "Priya", "--decision-date", "2027-02-12")
    run(db, "2027-02-02 14:00", "replies", "add", "Priya", "--says", "thanks for checking in")
    removed = run(db, "2027-02-02 14:05", "replies", "remove", "1").out
    assert "decision" not in removed  # the date came with the debrief: nothing to clear for this reply
    # a date that came with the reply is offered to be cleared with it
    run(db, "2027-02-02 14:10", "replies", "add", "Priya", "--decision-date", "2027-02-19")
    removed = run(db, "2027-02-02 14:15", "replies", "remove", "2").out
    assert ("note: their debrief of interview 1 still says a decision by Fri 19 Feb 2027, the date that came with "
            "this reply; if it is wrong too: afterview debrief 1 --person 1 --decision-date none") in removed


# --- the dates of a reply told by you --------------------------------------------------------------

def test_a_decision_date_in_words_is_read_from_the_day_they_said_it(tmp_path):
    db = pipeline(tmp_path)
    # told a week later of a call on Monday 1 Feb: "Friday" is the Friday after that Monday
    said = run(db, "2027-02-08 09:00", "replies", "add", "Priya", "--on", "2027-02-01 15:00",
               "--decision-date", "Friday").out
    assert "decision date Fri 5 Feb 2027 kept in their debrief" in said
    assert "2027-02-05" in run(db, "2027-02-08 09:00", "interview", "show", "1").out


def test_a_date_in_their_words_is_read_as_they_write_dates(tmp_path):
    # Priya writes dates day first (Germany): "by 12/2" is 12 February, though Jordan is in the US
    db = pipeline(tmp_path, country="DE")
    said = run(db, "2027-02-02 14:00", "replies", "add", "Priya", "--says", "we will decide by 12/2").out
    assert "they said a decision by Fri 12 Feb 2027" in said


def test_a_decision_date_before_the_reply_is_said_to_be_so(tmp_path):
    db = pipeline(tmp_path)
    said = run(db, "2027-02-02 14:00", "replies", "add", "Priya", "--decision-date", "2027-01-29").out
    assert ("decision date Fri 29 Jan 2027 kept in their debrief, though it is before the reply itself (Tue 2 Feb "
            "2027): check the date they gave; this process's pending status follow-ups stop") in said


def test_timing_spoken_of_with_no_date_says_how_to_give_it(tmp_path):
    db = pipeline(tmp_path)
    said = run(db, "2027-02-02 14:00", "replies", "add", "Priya", "--says",
               "we will get back to you in a couple of weeks").out
    assert ("reply 1: no date could be read from their words; if they gave one: afterview debrief 1 --person 1 "
            "--decision-date DATE") in said.splitlines()
    # words that give a date offer that date instead; words with no timing say nothing of it
    said = run(db, "2027-02-03 14:00", "replies", "add", "Priya", "--says", "we will decide by Fri 12 Feb").out
    assert "no date could be read" not in said and "they said a decision by Fri 12 Feb 2027" in said
    said = run(db, "2027-02-04 14:00", "replies", "add", "Priya", "--says", "thanks, all good").out
    assert "no date could be read" not in said


# --- a bounce, then a new address -----------------------------------------------------------------

@pytest.mark.mail
def test_a_new_address_after_a_bounce_ends_the_warning(mail, store, seeded, accounts, afterview_home, tmp_path):
    from tests.delivery.conftest import NOW, add_message
    from tests.delivery.test_crash import run_cli, write_config
    from afterview.services import delivery

    write_config(afterview_home, mail)
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    assert delivery.send_due(store, now=NOW, accounts=accounts).sent == [message_id]
    with store.transaction() as tx:
        header = tx.get(m.Message, message_id).message_id
    dsn = (open(__file__.replace("test_delivery_findings.py", "samples/postfix_dsn.eml")).read()
           .replace("<thanks-1@candidate.example>", header).replace("nobody@acme.example", "bob@example.test"))
    mail.deliver_to_inbox("alice", dsn)
    assert delivery.sync(store, now=NOW, account=accounts["test"]).bounced == [message_id]
    with store.transaction() as tx:
        [bounce] = tx.list(m.Inbound)
    db = tmp_path / "afterview.db"
    person = seeded["person"]
    # a new address given: confirming the bounce, then approving the note again, end the warning
    assert run_cli(db, "person", "edit", str(person), "--email", "bob.builder@example.test").returncode == 0
    confirmed = run_cli(db, "replies", "confirm", str(bounce.id))
    assert confirmed.returncode == 0, confirmed.stderr
    assert "check the address first" not in confirmed.stdout
    assert ("at bob@example.test did not arrive; they have a new address since (bob.builder@example.test): nothing "
            "more to check") in confirmed.stdout
    approved = run_cli(db, "approve", str(message_id))
    assert approved.returncode == 0, approved.stderr
    assert "warning" not in approved.stderr and "check that" not in approved.stderr
    assert (f"message {message_id} bounced last time at bob@example.test (") in approved.stdout
    assert "it goes to bob.builder@example.test now, the address you gave since" in approved.stdout
