"""A reply that moves the decision date: the status follow-ups go on after the new date.

Found by a tester who lived through three months: the recruiter answered the first follow-up
with "we will decide by Fri 12 Feb" (the interview's date had been 29 Jan); the reply stopped
the whole sequence, and with the new date recorded nothing was ever planned again, so when
12 Feb passed in silence no nudge came. Now a decision date stated in the round's debriefs that
is later than the latest reply lets the next step go on, not before that date + the first
follow-up's business days (docs/playbook.md, stop_on_reply).

The timeline: Priya Nair, a recruiter in Denver (US holidays), interview Wed 20 Jan 2027, stated
date Fri 29 Jan, first follow-up done Tue 2 Feb 09:45, her reply Tue 2 Feb 14:00.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.domain.days import calendar
from afterview.domain import model as m
from afterview.domain.model import DecisionKind, InboundKind, MessageKind, MessageState, Pace, ReplyClass, Role
from afterview.planner import DEFAULT_PLAYBOOK, plan_due
from afterview.storage import open_store

from tests.helpers import afterview
from tests.planner.builders import World, at, by_key
from tests.planner.test_after_decision import assert_plan_due_is_the_due_part

DENVER = "America/Denver"
STATUS_KINDS = (MessageKind.STATUS_CHECK, MessageKind.CLOSING_THE_LOOP)


def denver(text: str):
    return at(text, DENVER)


def priya_world(*, first_done: bool = True, pace: Pace = Pace.NORMAL):
    """The tester's process up to the first follow-up (done Tue 2 Feb 09:45 when `first_done`)."""
    w = World(tz="America/Chicago", country="US")
    meridian = w.company("Meridian Health")
    priya = w.person("Priya Nair", meridian, timezone=DENVER, country="US")
    dana = w.person("Dana Reyes", meridian, timezone=DENVER, country="US")
    opp = w.opportunity(meridian, role="Analytics Engineer", pace=pace)
    interview = w.interview(opp, denver("2027-01-20 10:00"), denver("2027-01-20 11:00"), priya, dana,
                            roles={priya.id: Role.RECRUITER})
    debrief = w.debrief(interview, priya, topics=["the team's move to Looker"], decision_date=date(2027, 1, 29))
    for person in (priya, dana):
        w.sent(f"thank_you:i{interview.id}:p{person.id}", MessageKind.THANK_YOU, person,
               denver("2027-01-20 13:05"), opp)
    ids = f"o{opp.id}:i{interview.id}:p{priya.id}"
    if first_done:
        w.decide(f"status_check.1:{ids}", DecisionKind.DONE, denver("2027-02-02 09:45"), note="sent from Gmail")
    return w, opp, priya, dana, debrief, ids


def status_actions(w, moment):
    return [a for a in assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, moment) if a.kind in STATUS_KINDS]


def test_presidents_day_2027_is_a_us_holiday_so_12_feb_plus_two_business_days_is_wed_17_feb():
    us = calendar("US")
    assert us.holiday_name(date(2027, 2, 15))  # Washington's Birthday, Mon 15 Feb 2027
    assert us.add(date(2027, 2, 12), 2) == date(2027, 2, 17)


def test_a_later_date_lets_the_second_follow_up_go_on_after_it():
    w, opp, priya, _, debrief, ids = priya_world()
    w.reply(priya, denver("2027-02-02 14:00"), opp)
    debrief.decision_date = date(2027, 2, 12)  # afterview debrief 1 --person Priya --decision-date 2027-02-12
    # Thu 11 Feb, when the second follow-up would have started without the reply: nothing
    [second] = status_actions(w, denver("2027-02-11 10:00"))
    assert second.key == f"status_check.2:{ids}" and second.sequence == 2 and second.rule == "second_status_check"
    assert second.state == "upcoming"
    # 12 Feb + 2 business days, Mon 15 Feb (Washington's Birthday) not counted: Wed 17 Feb, in the window
    assert second.earliest == denver("2027-02-17 09:30") and second.due == denver("2027-02-17 11:30")
    assert second.reason == ("Priya Nair replied on Tue 2 Feb; they said they would decide by Fri 12 Feb: ask once "
                             "more where things stand with Analytics Engineer at Meridian Health, 2 business days "
                             "after that, adding something new.")
    assert "needs something new" in second.note
    due_now, _ = plan_due(w.facts, DEFAULT_PLAYBOOK, denver("2027-02-11 10:00"))
    assert not [a for a in due_now if a.kind in STATUS_KINDS]
    # Tue 16 Feb is one business day after the date: still upcoming; Wed 17 Feb 09:45 it is due
    assert [a.state for a in status_actions(w, denver("2027-02-16 10:00"))] == ["upcoming"]
    [due] = status_actions(w, denver("2027-02-17 09:45"))
    assert due.key == second.key and due.state == "due"
    assert [a.state for a in status_actions(w, denver("2027-02-17 12:00"))] == ["overdue"]


def test_a_reply_after_the_new_date_stops_it_again_and_a_still_later_date_goes_on_again():
    w, opp, priya, _, debrief, ids = priya_world()
    w.reply(priya, denver("2027-02-02 14:00"), opp)
    debrief.decision_date = date(2027, 2, 12)
    w.reply(priya, denver("2027-02-13 09:00"), opp)  # Saturday: "still deciding"
    for moment in ("2027-02-13 10:00", "2027-02-17 10:00", "2027-03-15 10:00"):
        assert status_actions(w, denver(moment)) == []
    debrief.decision_date = date(2027, 2, 26)  # ... "by Fri 26 Feb"
    [second] = status_actions(w, denver("2027-02-17 10:00"))
    assert second.key == f"status_check.2:{ids}"
    assert second.earliest == denver("2027-03-02 09:30")  # Fri 26 Feb + 2 business days: Tue 2 Mar
    assert second.reason.startswith("Priya Nair replied on Sat 13 Feb; they said they would decide by Fri 26 Feb:")


@pytest.mark.parametrize("stated", [None, date(2027, 1, 29), date(2027, 2, 2)])
def test_without_a_date_later_than_the_reply_it_stays_stopped(stated):
    """No date, the interview's own date (before the reply), or the day of the reply itself."""
    w, opp, priya, _, debrief, _ = priya_world()
    w.reply(priya, denver("2027-02-02 14:00"), opp)
    debrief.decision_date = stated
    for moment in ("2027-02-11 10:00", "2027-02-17 10:00", "2027-04-01 10:00"):
        assert status_actions(w, denver(moment)) == []


def test_the_reply_day_is_the_contacts():
    """A reply at 23:30 in Denver on Thu 11 Feb is Fri 12 Feb in Berlin: in the contact's zone it
    came the day before the date, so the date is still later than the reply."""
    w, opp, priya, _, debrief, ids = priya_world()
    w.reply(priya, denver("2027-02-11 23:30"), opp)
    debrief.decision_date = date(2027, 2, 12)
    [second] = status_actions(w, denver("2027-02-12 10:00"))
    assert second.key == f"status_check.2:{ids}" and second.earliest == denver("2027-02-17 09:30")
    assert second.reason.startswith("Priya Nair replied on Thu 11 Feb;")
    priya.timezone = "Europe/Berlin"  # the same moment is her Friday 12 Feb: not before the date
    assert status_actions(w, denver("2027-02-12 10:00")) == []


def test_a_reply_to_the_thank_you_before_the_stated_date_leaves_the_first_follow_up_after_it():
    w, opp, priya, _, _, ids = priya_world(first_done=False)
    w.reply(priya, denver("2027-01-21 08:00"), opp)  # "thanks, we'll be in touch by the 29th"
    [first] = status_actions(w, denver("2027-01-28 10:00"))
    assert first.key == f"status_check.1:{ids}" and first.rule == "status_check"
    assert first.earliest == denver("2027-02-02 09:30")  # Fri 29 Jan + 2 business days: Tue 2 Feb
    assert first.reason == ("Priya Nair replied on Thu 21 Jan; they said they would decide by Fri 29 Jan: ask where "
                            "things stand with Analytics Engineer at Meridian Health, 2 business days after that, "
                            "in the send window.")


def test_someone_else_replying_is_named_and_the_follow_up_still_goes_to_the_contact():
    w, opp, priya, dana, debrief, ids = priya_world()
    w.reply(dana, denver("2027-02-03 11:00"))  # from one of its people, tied to no opportunity
    debrief.decision_date = date(2027, 2, 12)
    [second] = status_actions(w, denver("2027-02-11 10:00"))
    assert second.key == f"status_check.2:{ids}" and second.person_id == priya.id
    assert second.reason.startswith("Dana Reyes replied on Wed 3 Feb; they said they would decide by Fri 12 Feb: "
                                    "ask Priya Nair once more where things stand")


def test_closing_the_loop_goes_on_after_the_later_of_its_own_timing_and_the_date():
    w, opp, priya, _, debrief, ids = priya_world()
    w.sent(f"status_check.2:{ids}", MessageKind.STATUS_CHECK, priya, denver("2027-02-11 10:00"), opp)
    w.reply(priya, denver("2027-02-12 09:00"), opp)
    # its own timing: Thu 11 Feb + 10 business days (15 Feb off) = Fri 26 Feb, window Tue 2 Mar
    debrief.decision_date = date(2027, 2, 19)  # + 2 business days = Tue 23 Feb: earlier, so its own timing
    [closing] = status_actions(w, denver("2027-02-22 10:00"))
    assert closing.key == f"closing_the_loop:{ids}" and closing.rule == "close_the_loop" and closing.sequence == 3
    assert closing.earliest == denver("2027-03-02 09:30")
    assert closing.reason == ("Priya Nair replied on Fri 12 Feb; they said they would decide by Fri 19 Feb: close the "
                              "loop about Analytics Engineer with Priya Nair politely, 10 business days after your "
                              "last follow-up; then it counts as no response.")
    debrief.decision_date = date(2027, 3, 5)  # + 2 business days = Tue 9 Mar: the date sets it
    [closing] = status_actions(w, denver("2027-03-02 10:00"))
    assert closing.earliest == denver("2027-03-09 09:30")
    assert ("close the loop about Analytics Engineer with Priya Nair politely, 2 business days after that;"
            in closing.reason)


def test_a_slow_process_paces_the_gap_after_the_date():
    w, opp, priya, _, debrief, ids = priya_world(pace=Pace.SLOW)
    w.reply(priya, denver("2027-02-02 14:00"), opp)
    debrief.decision_date = date(2027, 2, 19)
    # its own timing: 2 Feb + 11 business days = Thu 18 Feb; the date's: 19 Feb + 3 = Wed 24 Feb
    [second] = status_actions(w, denver("2027-02-17 10:00"))
    assert second.earliest == denver("2027-02-24 09:30")
    assert "3 business days after that (slow sector: timings x1.5), adding something new." in second.reason


@pytest.mark.parametrize("classification", [ReplyClass.OFFER, ReplyClass.NEEDS_REVIEW])
def test_an_offer_or_a_reply_still_to_review_keeps_it_stopped(classification):
    w, opp, priya, _, debrief, _ = priya_world()
    debrief.decision_date = date(2027, 2, 12)
    reply = w.reply(priya, denver("2027-02-02 14:00"), opp, classification=classification)
    assert status_actions(w, denver("2027-02-17 10:00")) == []
    reply.classification = ReplyClass.NEXT_ROUND  # confirmed as "interviewing": the date counts
    assert [a.earliest for a in status_actions(w, denver("2027-02-17 10:00"))] == [denver("2027-02-17 09:30")]


def test_a_rejection_still_ends_it():
    w, opp, priya, _, debrief, _ = priya_world()
    w.reply(priya, denver("2027-02-02 14:00"), opp)
    debrief.decision_date = date(2027, 2, 12)
    w.reply(priya, denver("2027-02-05 10:00"), opp, classification=ReplyClass.REJECTION)
    actions = assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, denver("2027-02-17 10:00"))
    assert not [a for a in actions if a.kind in STATUS_KINDS]
    assert f"rejection_reply:o{opp.id}:p{priya.id}" in by_key(actions)


def test_an_out_of_office_reply_is_not_a_reply_here():
    """An auto-reply postpones as before; the date does not hold the second follow-up back."""
    w, opp, priya, _, debrief, ids = priya_world()
    debrief.decision_date = date(2027, 2, 12)
    w.reply(priya, denver("2027-02-02 14:00"), opp, kind=InboundKind.AUTO_REPLY, return_date=date(2027, 2, 3))
    [second] = status_actions(w, denver("2027-02-09 10:00"))
    assert second.earliest == denver("2027-02-11 09:30")  # 2 Feb + 7 business days, as without it
    assert second.reason.startswith("No reply to your follow-up of Tue 2 Feb")


def test_a_note_approved_before_the_reply_is_not_planned_until_it_is_a_draft_again():
    """Approved for the silence before the reply: the step leaves the plan, so that the outbox
    takes the note back; once a draft, the step is planned after the date with that draft."""
    w, opp, priya, _, debrief, ids = priya_world()
    note = w.sent(f"status_check.2:{ids}", MessageKind.STATUS_CHECK, priya, denver("2027-02-11 09:30"), opp,
                  state=MessageState.SCHEDULED, approved_at=denver("2027-02-02 12:00"))
    w.reply(priya, denver("2027-02-02 14:00"), opp)
    debrief.decision_date = date(2027, 2, 12)
    assert status_actions(w, denver("2027-02-02 15:00")) == []
    note.state, note.scheduled_at = MessageState.DRAFTED, None  # what the outbox's hold-back does
    [second] = status_actions(w, denver("2027-02-02 15:00"))
    assert second.message_id == note.id and second.earliest == denver("2027-02-17 09:30")
    note.state, note.approved_at = MessageState.APPROVED, denver("2027-02-03 09:00")  # approved again after it
    [second] = status_actions(w, denver("2027-02-03 10:00"))
    assert second.message_id == note.id and second.earliest == denver("2027-02-17 09:30")


def every_few_hours(w, start: str, stop: str, *extra: str) -> set:
    """(key, state) of the status actions planned from `start` to `stop`, every 5 hours and at
    the `extra` moments, checking at each that plan_due lists exactly plan's due part."""
    moments = [denver(m) for m in extra]
    moment = denver(start)
    while moment < denver(stop):
        moments.append(moment)
        moment += timedelta(hours=5)
    return {(a.key, a.state) for moment in moments
            for a in assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, moment) if a.kind in STATUS_KINDS}


def test_plan_due_is_plans_due_part_all_along_a_resumed_second_follow_up():
    w, opp, priya, _, debrief, ids = priya_world()
    w.reply(priya, denver("2027-02-02 14:00"), opp)
    debrief.decision_date = date(2027, 2, 12)
    seen = every_few_hours(w, "2027-02-02 15:00", "2027-03-10 00:00", "2027-02-17 10:00")
    assert {(f"status_check.2:{ids}", state) for state in ("upcoming", "due", "overdue")} <= seen


def test_plan_due_is_plans_due_part_when_a_resumed_close_holds_back_a_due_share_of_news():
    """Company news for Priya on Mon 8 Mar would be due that morning, but the closing message,
    resumed for Tue 9 Mar, comes first: after the second follow-up, no news goes before the loop
    is closed (docs/playbook.md, share_news), in plan_due as in plan."""
    w, opp, priya, _, debrief, ids = priya_world()
    w.sent(f"status_check.2:{ids}", MessageKind.STATUS_CHECK, priya, denver("2027-02-11 10:00"), opp)
    w.reply(priya, denver("2027-02-12 09:00"), opp)
    debrief.decision_date = date(2027, 3, 5)
    news = w.news("Meridian opens a Denver data hub", date(2027, 3, 8), company_id=opp.company_id)
    actions = by_key(assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, denver("2027-03-08 10:00")))
    closing = actions[f"closing_the_loop:{ids}"]
    assert closing.earliest == denver("2027-03-09 09:30") and closing.state == "upcoming"
    assert f"share_news:n{news.id}:p{priya.id}" not in actions
    seen = every_few_hours(w, "2027-02-12 10:00", "2027-03-20 00:00", "2027-03-09 10:00")
    assert {(f"closing_the_loop:{ids}", state) for state in ("upcoming", "due", "overdue")} <= seen


# --- through the command line ------------------------------------------------------------------

def cli(db, moment, *args):
    result = afterview("--db", db, "--at", f"{moment} {DENVER}", *args)
    assert result.code == 0, (args, result.err)
    return result


def planned(db, moment) -> dict:
    return {a["key"]: a for a in json.loads(cli(db, moment, "plan", "--json").out)["actions"]
            if a["key"].startswith(("status_check", "closing_the_loop"))}


def priya_process(tmp_path) -> str:
    """The tester's process on a real SQLite file, up to the first follow-up, done Tue 2 Feb 09:45."""
    db = str(tmp_path / "a.db")
    cli(db, "2027-01-20 09:00", "profile", "set", "--name", "Jordan Lee", "--email", "j@mail.example", "--tz",
        "America/Chicago", "--country", "US")
    cli(db, "2027-01-20 09:00", "opportunity", "add", "--company", "Meridian Health", "--role", "Analytics Engineer")
    cli(db, "2027-01-20 09:00", "person", "add", "Priya Nair", "--email", "priya@meridian.example", "--company",
        "Meridian Health", "--tz", DENVER, "--country", "US")
    cli(db, "2027-01-20 09:00", "interview", "add", "--opportunity", "1", "--start", "2027-01-20 10:00", "--tz", DENVER,
        "--with", "Priya Nair:recruiter")
    cli(db, "2027-01-20 13:00", "debrief", "1", "--person", "Priya", "--topic", "the team's move to Looker",
        "--decision-date", "2027-01-29")
    cli(db, "2027-01-20 13:05", "done", "thank_you:i1:p1", "--note", "sent from my phone")
    cli(db, "2027-02-02 09:45", "done", "status_check.1:o1:i1:p1", "--note", "sent from Gmail")
    return db


def test_the_testers_three_months_through_the_command_line(tmp_path):
    db = priya_process(tmp_path)
    cli(db, "2027-02-02 14:00", "replies", "add", "Priya", "--says", "we will decide by Fri 12 Feb")
    assert planned(db, "2027-02-02 14:30") == {}  # the reply stops it; 29 Jan is before it
    cli(db, "2027-02-02 14:30", "debrief", "1", "--person", "Priya", "--decision-date", "2027-02-12")
    assert "Nothing is due right now" in cli(db, "2027-02-11 10:00", "today").out
    second = planned(db, "2027-02-11 10:00")["status_check.2:o1:i1:p1"]
    assert second["state"] == "upcoming" and second["earliest"].startswith("2027-02-17T09:30")
    assert second["reason"].startswith("Priya Nair replied on Tue 2 Feb; they said they would decide by Fri 12 Feb: "
                                       "ask once more where things stand with Analytics Engineer at Meridian Health")
    today = cli(db, "2027-02-17 10:00", "today").out
    assert "status_check.2:o1:i1:p1" in today and "they said they would decide by Fri 12 Feb" in today
    cli(db, "2027-02-13 09:00", "replies", "add", "Priya", "--says", "still deciding")
    assert planned(db, "2027-02-17 10:00") == {}


# --- on generated timelines --------------------------------------------------------------------

@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps_done=st.integers(0, 2), pace=st.sampled_from(list(Pace)),
       replies=st.lists(st.tuples(st.integers(0, 24 * 70), st.sampled_from(list(ReplyClass))), max_size=3),
       stated=st.one_of(st.none(), st.integers(0, 70)), now=st.integers(0, 24 * 90))
def test_the_rule_holds_on_generated_timelines(steps_done, pace, replies, stated, now):
    """Whatever the replies, the date and the moment: status actions only while no reply, or after
    a stated date later than the latest reply (none of them saying no, bringing an offer or still
    to review), never before that date + the paced gap; plan_due lists exactly plan's due part."""
    w, opp, priya, _, debrief, ids = priya_world(first_done=steps_done >= 1, pace=pace)
    if steps_done == 2:
        w.sent(f"status_check.2:{ids}", MessageKind.STATUS_CHECK, priya, denver("2027-02-11 10:00"), opp)
    start = denver("2027-01-20 12:00")
    for hours, classification in replies:
        w.reply(priya, start + timedelta(hours=hours), opp,
                classification=ReplyClass.OTHER if classification == ReplyClass.REJECTION else classification)
    debrief.decision_date = None if stated is None else date(2027, 1, 21) + timedelta(days=stated)
    actions = [a for a in assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, start + timedelta(hours=now))
               if a.kind in STATUS_KINDS]
    goes_on = True  # the sequence has its next step planned
    if replies:
        latest = max(start + timedelta(hours=h) for h, _ in replies).astimezone(ZoneInfo(DENVER)).date()
        goes_on = (debrief.decision_date is not None and debrief.decision_date > latest
                   and not [c for _, c in replies if c in (ReplyClass.OFFER, ReplyClass.NEEDS_REVIEW)])
    assert len(actions) == (1 if goes_on else 0)
    us = calendar("US")
    for action in actions:
        assert action.key == [f"status_check.1:{ids}", f"status_check.2:{ids}", f"closing_the_loop:{ids}"][steps_done]
        if replies:
            gap = 3 if pace == Pace.SLOW else 2
            assert action.earliest.astimezone(ZoneInfo(DENVER)).date() >= us.add(debrief.decision_date, gap)
            assert "they said they would decide by" in action.reason


def test_a_reply_with_its_date_takes_back_a_follow_up_approved_before_it_and_plans_it_after_the_date(tmp_path):
    db = priya_process(tmp_path)
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            note = tx.add(m.Message(kind=MessageKind.STATUS_CHECK, person_id=1, opportunity_id=1, interview_id=1,
                                    action_key="status_check.2:o1:i1:p1", subject="Following up", body="Hello.",
                                    state=MessageState.SCHEDULED, to_address="priya@meridian.example",
                                    approved_at=denver("2027-02-02 13:00"), scheduled_at=denver("2027-02-11 10:00")))
    finally:
        store.close()
    said = cli(db, "2027-02-03 09:00", "replies", "add", "Priya", "--on", "2027-02-02 15:00",
               "--decision-date", "2027-02-12").out
    assert f"message {note.id}: not sent" in said and "Priya Nair replied on Tue 2 Feb" in said
    second = planned(db, "2027-02-03 09:10")["status_check.2:o1:i1:p1"]
    assert second["message_id"] == note.id and second["earliest"].startswith("2027-02-17T09:30")
    store = open_store(f"sqlite:///{db}")
    try:
        with store.reading() as tx:
            assert tx.get(m.Message, note.id).state == MessageState.DRAFTED
    finally:
        store.close()
