"""`afterview replies move`: an incoming message recorded under the wrong person or opportunity
(an older version filed one person's out-of-office reply under another, a reply told of under
the wrong name) is re-filed, and what the planner reads of it follows: the follow-ups a reply
stops, the notes an out-of-office reply postpones, who told you of a rejection. Checked with the
real plan before and after, on a real SQLite file, through the command line."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

from afterview.domain import model as m
from afterview.storage import open_store

from tests.helpers import afterview, assert_clean_error

DENVER = "America/Denver"


def run(db, at, *args):
    result = afterview("--db", db, "--at", f"{at} {DENVER}", *args)
    assert result.code == 0, (args, result.err)
    return result


def refused(db, at, *args, fragments=()):
    assert_clean_error(afterview("--db", db, "--at", f"{at} {DENVER}", *args), *fragments)


def actions(db, at) -> dict[str, dict]:
    return {a["key"]: a for a in json.loads(run(db, at, "plan", "--json").out)["actions"]}


def replies(db, at) -> list[dict]:
    return json.loads(run(db, at, "replies", "--all", "--json").out)


def add(db, *records):
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            return [tx.add(record).id for record in records]
    finally:
        store.close()


def get(db, cls, record_id):
    store = open_store(f"sqlite:///{db}")
    try:
        with store.reading() as tx:
            return tx.get(cls, record_id)
    finally:
        store.close()


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def two_processes(tmp_path) -> str:
    """Tom Becker (1) at Acme, opportunity 1; Dana Reyes (2) at Globex, opportunity 2; one
    interview each on Wed 20 Jan 2027, thank-yous done: both first status follow-ups are due on
    Tue 2 Feb 09:30. Message 1: the thank-you sent to Tom."""
    db = str(tmp_path / "a.db")
    at = "2027-01-20 09:00"
    run(db, at, "profile", "set", "--name", "Jordan Lee", "--email", "j@mail.example", "--tz", DENVER,
        "--country", "US")
    run(db, at, "opportunity", "add", "--company", "Acme", "--role", "Engineer")
    run(db, at, "opportunity", "add", "--company", "Globex", "--role", "Analyst")
    for name, email, company in (("Tom Becker", "tom@acme.example", "Acme"),
                                 ("Dana Reyes", "dana@globex.example", "Globex")):
        run(db, at, "person", "add", name, "--email", email, "--company", company, "--tz", DENVER, "--country", "US")
    run(db, at, "interview", "add", "--opportunity", "1", "--start", "2027-01-20 10:00", "--tz", DENVER,
        "--with", "Tom Becker:recruiter")
    run(db, at, "interview", "add", "--opportunity", "2", "--start", "2027-01-20 14:00", "--tz", DENVER,
        "--with", "Dana Reyes:recruiter")
    run(db, "2027-01-20 18:05", "done", "thank_you:i2:p2", "--note", "sent from my phone")
    add(db, m.Message(kind=m.MessageKind.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1,
                      action_key="thank_you:i1:p1", subject="Thank you", body="Dear Tom, thank you.",
                      state=m.MessageState.SENT, to_address="tom@acme.example", sent_at=utc(2027, 1, 21, 1),
                      message_id="<thanks-1@mail.example>"))
    return db


def test_an_out_of_office_reply_postpones_the_right_persons_notes(tmp_path):
    db = two_processes(tmp_path)
    # as an older version filed it: Dana's out-of-office reply, in the thread of the note to Tom, under Tom
    [ooo] = add(db, m.Inbound(kind=m.InboundKind.AUTO_REPLY, received_at=utc(2027, 1, 28, 17), person_id=1,
                              opportunity_id=1, answers_message_id=1, return_date=date(2027, 2, 10),
                              from_address="dana@globex.example", subject="Automatic reply: Thank you",
                              summary="out of office, back 2027-02-10", header_message_id="<ooo-1@globex.example>"))
    # a follow-up to Dana approved to go on Wed 3 Feb, while she is away
    [approved] = add(db, m.Message(kind=m.MessageKind.STATUS_CHECK, person_id=2, opportunity_id=2, interview_id=2,
                                   action_key="status_check.1:o2:i2:p2", subject="Following up", body="Hello Dana.",
                                   state=m.MessageState.SCHEDULED, to_address="dana@globex.example",
                                   approved_at=utc(2027, 1, 29, 16), scheduled_at=utc(2027, 2, 3, 16, 30)))
    before = actions(db, "2027-02-02 10:00")
    assert "out of office" in before["status_check.1:o1:i1:p1"]["note"]  # Tom's note waits for Dana's return
    assert before["status_check.1:o1:i1:p1"]["state"] == "upcoming"
    assert "out of office" not in before["status_check.1:o2:i2:p2"]["note"]

    said = run(db, "2027-02-02 10:00", "replies", "move", str(ooo), "--person", "Dana Reyes").out
    assert (f"automatic reply {ooo} from dana@globex.example now filed under Dana Reyes, opportunity 2 (Analyst "
            "at Globex); before: Tom Becker, opportunity 1 (Engineer at Acme)") in said
    assert "it no longer answers message 1: that went to Tom Becker, not to Dana Reyes" in said
    assert ("plan: status_check.1:o1:i1:p1 (Tom Becker) now from Tue 2027-02-02 09:30, not Thu 2027-02-11 "
            "09:30") in said
    assert ("plan: status_check.1:o2:i2:p2 (Dana Reyes) now from Thu 2027-02-11 09:30, not Tue 2027-02-02 09:30 "
            "(postponed: out of office, back Wed 10 Feb or the business day after)") in said
    assert f"message {approved}: not sent: they are out of office" in said

    after = actions(db, "2027-02-02 10:00")
    assert after["status_check.1:o1:i1:p1"]["state"] == "due" and not after["status_check.1:o1:i1:p1"]["note"]
    assert "out of office, back" in after["status_check.1:o2:i2:p2"]["note"]
    assert after["status_check.1:o2:i2:p2"]["earliest"] > "2027-02-10"
    assert get(db, m.Message, approved).state == m.MessageState.DRAFTED
    [record] = replies(db, "2027-02-02 10:00")
    assert (record["person_id"], record["opportunity_id"], record["answers_message_id"]) == (2, 2, None)
    assert "Tom Becker" in run(db, "2027-02-02 10:00", "today").out


def test_a_reply_stops_the_follow_ups_of_the_right_process(tmp_path):
    db = two_processes(tmp_path)
    [reply] = add(db, m.Inbound(kind=m.InboundKind.REPLY, received_at=utc(2027, 1, 29, 17), person_id=1,
                                opportunity_id=1, answers_message_id=1, from_address="dana@globex.example",
                                subject="Re: Thank you", summary="other: thanks, we will be in touch",
                                header_message_id="<reply-1@globex.example>", confirmed=True))
    before = actions(db, "2027-02-02 10:00")
    assert "status_check.1:o2:i2:p2" in before and "status_check.1:o1:i1:p1" not in before  # the wrong one stopped

    # no --opportunity: Dana has no part in opportunity 1, so her only process
    said = run(db, "2027-02-02 10:00", "replies", "move", f"#{reply}", "--person", "dana@globex.example").out
    assert f"reply {reply} from dana@globex.example now filed under Dana Reyes, opportunity 2" in said
    assert "plan: now planned: status_check.1:o1:i1:p1 (Tom Becker), from Tue 2027-02-02 09:30" in said
    assert "plan: no longer planned: status_check.1:o2:i2:p2 (Dana Reyes)" in said

    after = actions(db, "2027-02-02 10:00")
    assert "status_check.1:o1:i1:p1" in after and not [k for k in after if k.startswith("status_check.1:o2")]
    timeline = run(db, "2027-02-02 10:00", "timeline", "--opportunity", "2").out
    assert "Dana Reyes wrote back" in timeline
    assert "wrote back" not in run(db, "2027-02-02 10:00", "timeline", "--opportunity", "1").out
    [record] = replies(db, "2027-02-02 10:00")
    assert record["answers_message_id"] is None and record["confirmed"]


def test_bad_input_is_one_line_and_changes_nothing(tmp_path):
    db = two_processes(tmp_path)
    [reply] = add(db, m.Inbound(kind=m.InboundKind.REPLY, received_at=utc(2027, 1, 29, 17), person_id=1,
                                opportunity_id=1, answers_message_id=1, from_address="dana@globex.example",
                                summary="other: thanks", header_message_id="<reply-1@globex.example>"))
    at = "2027-02-02 10:00"
    plan_before, replies_before = actions(db, at), replies(db, at)
    run(db, at, "person", "add", "Dana Okafor", "--email", "dana@acme.example", "--company", "Acme")  # person 3
    run(db, at, "person", "add", "Sam Lee", "--email", "sam@initech.example")  # person 4: in no process
    refused(db, at, "replies", "move", "9", "--person", "Dana Reyes", fragments=["no incoming message with id 9"])
    refused(db, at, "replies", "move", "x", "--person", "Dana Reyes", fragments=["not a reply id: 'x'"])
    refused(db, at, "replies", "move", str(reply), "--person", "Nobody", fragments=["no person 'Nobody'"])
    refused(db, at, "replies", "move", str(reply), "--person", "Dana", fragments=["2 people are called 'Dana'",
                                                                                  "use an id"])
    refused(db, at, "replies", "move", str(reply), "--person", "Dana Reyes", "--opportunity", "7",
            fragments=["no opportunity with id 7"])
    refused(db, at, "replies", "move", str(reply), "--person", "Dana Reyes", "--opportunity", "1",
            fragments=["Dana Reyes is neither at Acme nor on a panel of opportunity 1", "nothing changed"])
    refused(db, at, "replies", "move", str(reply), "--person", "Tom Becker",
            fragments=[f"reply {reply} is already filed under Tom Becker, opportunity 1 (Engineer at Acme)",
                       "nothing changed"])
    refused(db, at, "replies", "move", str(reply), "--person", "Sam Lee",
            fragments=["Sam Lee takes part in no opportunity", "nothing changed"])
    run(db, at, "opportunity", "add", "--company", "Globex", "--role", "Data Analyst")  # Dana's second process
    refused(db, at, "replies", "move", str(reply), "--person", "Dana Reyes",
            fragments=["Dana Reyes is part of 2 open processes (opportunities 2, 3)", "--opportunity N"])
    refused(db, at, "replies", "move", str(reply), fragments=["--person"])
    assert replies(db, at) == replies_before
    assert {k for k in actions(db, at) if "o3" not in k} == set(plan_before)
    said = run(db, at, "replies", "move", str(reply), "--person", "Dana Reyes", "--opportunity", "3").out
    assert "now filed under Dana Reyes, opportunity 3 (Data Analyst at Globex)" in said


def panel(tmp_path) -> str:
    """Tom Becker (1) and Dana Reyes (2), both at Acme, on the panel of opportunity 1's interview
    on Wed 20 Jan 2027; message 1: a note sent to Dana on Thu 28 Jan."""
    db = str(tmp_path / "a.db")
    at = "2027-01-20 09:00"
    run(db, at, "profile", "set", "--name", "Jordan Lee", "--email", "j@mail.example", "--tz", DENVER,
        "--country", "US")
    run(db, at, "opportunity", "add", "--company", "Acme", "--role", "Engineer")
    run(db, at, "person", "add", "Tom Becker", "--email", "tom@acme.example", "--company", "Acme")
    run(db, at, "person", "add", "Dana Reyes", "--email", "dana@acme.example", "--company", "Acme")
    run(db, at, "interview", "add", "--opportunity", "1", "--start", "2027-01-20 10:00", "--tz", DENVER,
        "--with", "Tom Becker:recruiter", "--with", "Dana Reyes:hiring_manager")
    run(db, "2027-01-20 13:05", "done", "thank_you:i1:p1", "--note", "sent from my phone")
    run(db, "2027-01-20 13:05", "done", "thank_you:i1:p2", "--note", "sent from my phone")
    add(db, m.Message(kind=m.MessageKind.STATUS_CHECK, person_id=2, opportunity_id=1, interview_id=1,
                      subject="Following up", body="Hello Dana.", state=m.MessageState.SENT,
                      to_address="dana@acme.example", sent_at=utc(2027, 1, 28, 16)))
    return db


def test_a_confirmed_rejection_now_names_who_told_you(tmp_path):
    """Within its opportunity, the status change the reply brought goes with it: the rejection
    reply now goes to the one who wrote it. A reply told of is linked again as `replies add`
    links one: to your latest message to them about it."""
    db = panel(tmp_path)
    run(db, "2027-02-01 10:00", "replies", "add", "Tom", "--status", "rejected", "--says", "not this time")
    assert "rejection_reply:o1:p1" in actions(db, "2027-02-01 13:00")

    said = run(db, "2027-02-01 13:00", "replies", "move", "1", "--person", "2").out
    assert "reply 1 (told by you) now filed under Dana Reyes, opportunity 1 (Engineer at Acme); " \
           "before: Tom Becker" in said
    assert "opportunity 1 is rejected: who told you is now Dana Reyes" in said
    assert "it answers message 1, your latest to Dana Reyes about it" in said
    assert "plan: no longer planned: rejection_reply:o1:p1 (Tom Becker)" in said
    assert "plan: now planned: rejection_reply:o1:p2 (Dana Reyes)" in said

    after = actions(db, "2027-02-01 13:00")
    assert "rejection_reply:o1:p2" in after and "rejection_reply:o1:p1" not in after
    assert "To Dana Reyes, who delivered the news" in after["rejection_reply:o1:p2"]["reason"]
    assert "rejected (told by Dana Reyes)" in run(db, "2027-02-01 13:00", "timeline", "--opportunity", "1").out
    [record] = replies(db, "2027-02-01 13:00")
    assert (record["person_id"], record["from_address"], record["answers_message_id"]) == (2, "dana@acme.example", 1)
    history = get(db, m.Opportunity, 1).history
    assert [(c.status, c.person_id) for c in history][-1] == (m.OpportunityStatus.REJECTED, 2)
    assert len(history) == 3  # corrected, not a second rejection


def test_an_answer_gone_already_is_said(tmp_path):
    db = panel(tmp_path)
    run(db, "2027-02-01 10:00", "replies", "add", "Tom", "--status", "rejected")
    run(db, "2027-02-02 10:00", "done", "rejection_reply:o1:p1", "--note", "sent from my phone")
    said = run(db, "2027-02-02 11:00", "replies", "move", "1", "--person", "Dana Reyes", "--json").out
    moved = json.loads(said)
    assert moved["reply"]["person_id"] == 2 and moved["before"]["person_id"] == 1
    assert moved["status_changes_told_by"] == ["rejected"]
    assert [(c["change"], c["key"]) for c in moved["plan"] if c["change"] != "moved"] == [
        ("added", "rejection_reply:o1:p2")]
    assert moved["answered_already"] == "you marked the rejection reply to Tom Becker done"
    run(db, "2027-02-02 11:00", "replies", "move", "1", "--person", "Tom Becker")
    said = run(db, "2027-02-02 11:00", "replies", "move", "1", "--person", "Dana Reyes").out
    assert ("note: you marked the rejection reply to Tom Becker done: skip the one now planned to Dana Reyes if "
            "one is enough (afterview skip rejection_reply:o1:p2)") in said


def test_a_status_change_stays_with_its_opportunity(tmp_path):
    """A reply that made its opportunity rejected does not carry that to another: set it back
    first; the reply then waits to be confirmed for its new opportunity."""
    db = two_processes(tmp_path)
    [reply] = add(db, m.Inbound(kind=m.InboundKind.REPLY, received_at=utc(2027, 1, 29, 17), person_id=1,
                                opportunity_id=1, from_address="dana@globex.example", subject="Your application",
                                classification=m.ReplyClass.REJECTION,
                                summary="rejection: we decided to move forward with other candidates",
                                header_message_id="<reply-1@globex.example>"))
    run(db, "2027-01-30 09:00", "replies", "confirm", str(reply))
    at = "2027-02-01 09:00"
    refused(db, at, "replies", "move", str(reply), "--person", "Dana Reyes",
            fragments=[f"reply {reply} made opportunity 1 rejected when you confirmed it",
                       "afterview opportunity status 1 interviewing", "nothing changed"])
    assert replies(db, at)[0]["person_id"] == 1

    run(db, at, "opportunity", "status", "1", "interviewing")
    said = run(db, at, "replies", "move", str(reply), "--person", "Dana Reyes").out
    assert f"confirm what it means for opportunity 2: afterview replies confirm {reply}" in said
    assert "plan: now planned: rejection_reply:o2:p2 (Dana Reyes)" in said
    waiting = run(db, at, "replies").out
    assert "dana@globex.example" in waiting and "rejected" in waiting
    run(db, at, "replies", "confirm", str(reply))
    assert get(db, m.Opportunity, 2).status == m.OpportunityStatus.REJECTED
    assert get(db, m.Opportunity, 1).status == m.OpportunityStatus.INTERVIEWING
    planned = actions(db, "2027-02-01 12:00")
    assert "rejection_reply:o2:p2" in planned and "rejection_reply:o1:p1" not in planned


def test_a_bounce_keeps_the_message_that_bounced(tmp_path):
    db = two_processes(tmp_path)
    [bounce] = add(db, m.Inbound(kind=m.InboundKind.BOUNCE, received_at=utc(2027, 1, 21, 2), person_id=1,
                                 opportunity_id=1, answers_message_id=1, from_address="mailer-daemon@acme.example",
                                 summary="bounce: mailbox unavailable", header_message_id="<bounce-1@acme.example>"))
    said = run(db, "2027-01-22 09:00", "replies", "move", str(bounce), "--person", "Dana Reyes").out
    assert f"bounce {bounce} from mailer-daemon@acme.example now filed under Dana Reyes" in said
    assert "no longer answers" not in said
    assert replies(db, "2027-01-22 09:00")[0]["answers_message_id"] == 1


def test_the_help_gives_an_example():
    shown = afterview("replies", "move", "--help").out
    assert "afterview replies move 12 --person" in shown and "--opportunity" in shown
    assert "replies move" in afterview("replies", "--help").out
