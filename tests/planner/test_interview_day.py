"""An interview that runs past midnight (in the recipient's zone) is the interview of the day it
began: the reason names that day, as the notes do; its thank-you is timed from its end. Found by
a tester: a Mon 23:00-Tue 00:30 interview in Bangalore was thanked as "the round 2 interview of
Tue 24 Nov", while the status follow-up said "on 23 November"."""

from datetime import datetime
from zoneinfo import ZoneInfo

from afterview.domain.model import Role
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.builders import World, by_key

KOLKATA = ZoneInfo("Asia/Kolkata")


def test_the_reason_names_the_day_the_interview_began():
    w = World()
    acme = w.company("Acme")
    priya = w.person("Priya Sharma", acme, timezone="Asia/Kolkata", country="IN")
    opp = w.opportunity(acme)
    interview = w.interview(opp, datetime(2026, 11, 16, 23, 0, tzinfo=KOLKATA),
                            datetime(2026, 11, 17, 0, 30, tzinfo=KOLKATA), priya,
                            roles={priya.id: Role.RECRUITER}, stage="round 2")
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, datetime(2026, 11, 17, 9, 0, tzinfo=KOLKATA)))
    note = actions[f"thank_you:i{interview.id}:p{priya.id}"]
    assert "round 2 interview of Mon 16 Nov" in note.reason, note.reason
    assert "(Mon 16 Nov your time)" not in note.reason  # 18:30 in Berlin: the same day
    # timed from its end: not before an hour after it
    assert note.earliest >= datetime(2026, 11, 17, 1, 30, tzinfo=KOLKATA)


def test_a_note_for_an_interview_lasting_into_the_next_morning_is_suggested_after_it_ends():
    """An all-day interview in Berlin, for someone on UTC, runs from Wednesday 23:00 to Thursday
    22:59 their time: "the next business morning" is Friday's, never Thursday's, which falls
    during it (found checking the calendar export: Thu 5 Nov 08:00-10:00 was suggested)."""
    utc, berlin = ZoneInfo("UTC"), ZoneInfo("Europe/Berlin")
    w = World()
    globex = w.company("Globex")
    jane = w.person("Jane Smith", globex, timezone="UTC", country="GB-ENG")
    opp = w.opportunity(globex)
    interview = w.interview(opp, datetime(2026, 11, 5, 0, 0, tzinfo=berlin),
                            datetime(2026, 11, 5, 23, 59, tzinfo=berlin), jane)
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, datetime(2026, 11, 4, 12, 0, tzinfo=utc)))
    note = actions[f"thank_you:i{interview.id}:p{jane.id}"]
    assert "next business morning, Fri 6 Nov 08:00-10:00" in note.reason, note.reason
    assert note.due == datetime(2026, 11, 6, 10, 0, tzinfo=utc)
    assert note.earliest >= interview.end


def test_a_note_for_an_interview_ending_in_the_night_keeps_the_morning_after_its_day():
    w = World()
    acme = w.company("Acme")
    priya = w.person("Priya Sharma", acme, timezone="Asia/Kolkata", country="IN")
    opp = w.opportunity(acme)
    interview = w.interview(opp, datetime(2026, 11, 16, 22, 0, tzinfo=KOLKATA),
                            datetime(2026, 11, 17, 1, 0, tzinfo=KOLKATA), priya)
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, datetime(2026, 11, 16, 12, 0, tzinfo=KOLKATA)))
    note = actions[f"thank_you:i{interview.id}:p{priya.id}"]
    # it ended in the night after its day: the next business morning's slot, not 24 h on (Wed 01:00)
    assert note.reason.endswith("interview of Mon 16 Nov; an interview that ran past midnight: schedule it for "
                                "the next business morning, Tue 17 Nov 08:00-10:00 their time (Asia/Kolkata)."), \
        note.reason
    assert note.due == datetime(2026, 11, 17, 10, 0, tzinfo=KOLKATA)
