"""`afterview replies add`: a reply Afterview could not read (a call, a mail read on the phone,
no mail account at all) is recorded as one read from the mailbox would be, so that the pending
status follow-ups stop (found by a tester who lived through three months without a mail
account: there was no way to say "they replied", and the second follow-up stayed due). On a
real SQLite file, through the command line."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from afterview.domain import model as m
from afterview.storage import open_store

from tests.helpers import afterview, assert_clean_error

DENVER = "America/Denver"


def run(db, at, *args):
    result = afterview("--db", db, "--at", f"{at} {DENVER}", *args)
    assert result.code == 0, (args, result.err)
    return result


def keys(db, at) -> set[str]:
    return {a["key"] for a in json.loads(run(db, at, "plan", "--json").out)["actions"]}


def pipeline(tmp_path) -> str:
    db = str(tmp_path / "a.db")
    run(db, "2027-01-20 09:00", "profile", "set", "--name", "Jordan Lee", "--email", "j@mail.example", "--tz",
        "America/Chicago", "--country", "US")
    run(db, "2027-01-20 09:00", "opportunity", "add", "--company", "Meridian Health", "--role", "Analytics Engineer")
    run(db, "2027-01-20 09:00", "person", "add", "Priya Nair", "--email", "priya@meridian.example", "--company",
        "Meridian Health", "--tz", DENVER, "--country", "US")
    run(db, "2027-01-20 09:00", "interview", "add", "--opportunity", "1", "--start", "2027-01-20 10:00", "--tz", DENVER,
        "--with", "Priya Nair:recruiter")
    run(db, "2027-01-20 13:00", "debrief", "1", "--person", "Priya", "--topic", "the team's move to Looker",
        "--decision-date", "2027-01-29")
    run(db, "2027-01-20 13:05", "done", "thank_you:i1:p1", "--note", "sent from my phone")
    run(db, "2027-02-02 09:45", "done", "status_check.1:o1:i1:p1", "--note", "sent from Gmail")
    return db


def test_a_reply_told_by_you_stops_the_follow_ups(tmp_path):
    db = pipeline(tmp_path)
    assert "status_check.2:o1:i1:p1" in keys(db, "2027-02-02 14:00")
    said = run(db, "2027-02-02 14:00", "replies", "add", "Priya", "--says", "we will decide by Fri 12 Feb").out
    assert "reply 1 recorded" in said and "opportunity 1 (Analytics Engineer)" in said
    assert "pending status follow-ups stop" in said
    assert not [k for k in keys(db, "2027-02-11 10:00") if k.startswith(("status_check", "closing_the_loop"))]
    assert "Nothing is due right now" in run(db, "2027-02-11 10:00", "today").out
    assert "Priya Nair wrote back" in run(db, "2027-02-11 10:00", "timeline", "--opportunity", "1").out
    listed = run(db, "2027-02-11 10:00", "replies", "--all").out
    assert "told by you: we will decide by Fri 12 Feb" in listed
    # nothing to confirm: it suggests no status change
    assert "no replies to confirm" in run(db, "2027-02-11 10:00", "replies").out


def test_a_reply_that_says_no_changes_the_status_at_once(tmp_path):
    db = pipeline(tmp_path)
    said = run(db, "2027-02-11 10:00", "replies", "add", "priya@meridian.example", "--status", "rejected").out
    assert "opportunity 1 is now rejected" in said
    planned = keys(db, "2027-02-12 10:00")
    assert "rejection_reply:o1:p1" in planned
    assert not [k for k in planned if k.startswith("status_check")]


def test_a_follow_up_approved_to_go_is_taken_back(tmp_path):
    db = pipeline(tmp_path)
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            approved = tx.add(m.Message(kind=m.MessageKind.STATUS_CHECK, person_id=1, opportunity_id=1, interview_id=1,
                                        action_key="status_check.2:o1:i1:p1", subject="Following up", body="Hello.",
                                        state=m.MessageState.SCHEDULED, to_address="priya@meridian.example",
                                        approved_at=datetime(2027, 2, 2, 20, tzinfo=timezone.utc),
                                        scheduled_at=datetime(2027, 2, 11, 17, tzinfo=timezone.utc)))
    finally:
        store.close()
    said = run(db, "2027-02-03 09:00", "replies", "add", "Priya", "--on", "2027-02-02 15:00").out
    assert f"message {approved.id}: not sent" in said
    store = open_store(f"sqlite:///{db}")
    try:
        with store.reading() as tx:
            assert tx.get(m.Message, approved.id).state == m.MessageState.DRAFTED
    finally:
        store.close()


def test_bad_input_is_one_line_and_records_nothing(tmp_path):
    db = pipeline(tmp_path)
    at = ["--at", f"2027-02-02 14:00 {DENVER}"]
    assert_clean_error(afterview("--db", db, *at, "replies", "add", "Nobody"), "no person 'Nobody'")
    assert_clean_error(afterview("--db", db, *at, "replies", "add", "Priya", "--on", "2027-02-03 10:00"),
                       "a reply cannot arrive later than now")
    assert_clean_error(afterview("--db", db, *at, "replies", "add", "Priya", "--on", "someday"), "someday")
    assert_clean_error(afterview("--db", db, *at, "replies", "add", "Priya", "--opportunity", "9"), "no opportunity with id 9")
    assert_clean_error(afterview("--db", db, *at, "replies", "add", "Priya", "--status", "thrilled"), "thrilled")
    run(db, "2027-02-02 14:00", "opportunity", "add", "--company", "Meridian Health", "--role", "Data Analyst")
    assert_clean_error(afterview("--db", db, *at, "replies", "add", "Priya"),
                       "part of 2 open processes (opportunities 1, 2)", "--opportunity N")
    assert "no replies yet" in run(db, "2027-02-02 14:00", "replies", "--all").out
    said = run(db, "2027-02-02 14:00", "replies", "add", "Priya", "--opportunity", "1").out
    assert "about opportunity 1" in said


def test_the_date_they_now_give_is_kept_in_their_debrief(tmp_path):
    db = pipeline(tmp_path)
    said = run(db, "2027-02-02 14:00", "replies", "add", "Priya", "--decision-date", "2027-02-12",
               "--says", "deciding by Fri 12 Feb").out
    assert "decision date Fri 12 Feb 2027 kept in their debrief; the follow-ups go on after it" in said
    shown = run(db, "2027-02-02 14:00", "interview", "show", "1").out
    assert "2027-02-12" in shown
    at = ["--at", f"2027-02-02 14:00 {DENVER}"]
    assert_clean_error(afterview("--db", db, *at, "replies", "add", "Priya", "--decision-date", "soonish"), "soonish")
    assert_clean_error(afterview("--db", db, *at, "replies", "add", "Priya", "--decision-date", "2027-01-02"),
                       "before the interview")


def test_the_date_goes_with_the_latest_round(tmp_path):
    """The follow-ups go by the process's latest interview: a date from someone not on its panel
    is refused with the command that keeps it there."""
    db = pipeline(tmp_path)
    run(db, "2027-02-01 09:00", "person", "add", "Greg Hall", "--email", "greg@meridian.example", "--company",
        "Meridian Health")
    run(db, "2027-02-01 09:00", "interview", "add", "--opportunity", "1", "--start", "2027-02-01 10:00", "--tz", DENVER,
        "--with", "Greg Hall:hiring_manager")
    at = ["--at", f"2027-02-02 14:00 {DENVER}"]
    assert_clean_error(afterview("--db", db, *at, "replies", "add", "Priya", "--decision-date", "2027-02-12"),
                       "not on the panel of the latest interview (2)", "afterview debrief 2 --person NAME")
    assert "no replies yet" in run(db, "2027-02-02 14:00", "replies", "--all").out
    said = run(db, "2027-02-02 14:00", "replies", "add", "Greg", "--decision-date", "2027-02-12").out
    assert "kept in their debrief" in said


def test_a_follow_up_taken_back_is_said_once(tmp_path):
    db = pipeline(tmp_path)
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            tx.add(m.Message(kind=m.MessageKind.STATUS_CHECK, person_id=1, opportunity_id=1, interview_id=1,
                             action_key="status_check.2:o1:i1:p1", subject="Following up", body="Hello.",
                             state=m.MessageState.APPROVED, to_address="priya@meridian.example",
                             approved_at=datetime(2027, 2, 2, 20, tzinfo=timezone.utc)))
    finally:
        store.close()
    said = run(db, "2027-02-03 09:00", "replies", "add", "Priya").out
    assert "not sent: not sent" not in said and ": not sent: " in said

