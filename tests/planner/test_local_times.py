"""Times said in both zones, and the rules behind them said with their sources.

A user in Berlin (DE) interviewing with New York, California, London and Munich: `why` gives the
recipient's own clock beside the user's (the send window applies there), names every rule that
shaped the timing with its source (the send window as a heuristic), and says when a scheduled
note goes out and as which message; `today`/`agenda` give the recipient's time beside the due
time; `interview list`/`show` give the user's own time; `snooze` prints the time it stored; a
reason names every public holiday a shift skips beyond the weekend.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from afterview.domain.model import Message, MessageKind, MessageState, OpportunityStatus, Pace, Role, StatusChange
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.services.planning import explain
from afterview.storage import open_store

from tests.helpers import afterview
from tests.planner.builders import World, at, by_key

BERLIN = "Europe/Berlin"


@pytest.fixture
def tester(tmp_path):
    """The tester's pipeline, entered as they would: recruiters in New York, California, London
    and Munich."""
    path = str(tmp_path / "av.db")

    def run(*args, when="2026-11-20 10:00 Europe/Berlin"):
        result = afterview("--db", path, "--at", when, *args)
        return result

    steps = [
        ("profile", "set", "--name", "Sam Lee", "--tz", BERLIN, "--country", "DE"),
        ("person", "add", "Nora York", "--email", "nora@ny.test", "--company", "NYCo",
         "--tz", "America/New_York", "--country", "US-NY"),
        ("person", "add", "Cal West", "--email", "cal@ca.test", "--company", "CaCo",
         "--tz", "America/Los_Angeles", "--country", "US-CA"),
        ("person", "add", "Lon Don", "--email", "lon@uk.test", "--company", "UKCo",
         "--tz", "Europe/London", "--country", "GB-ENG"),
        ("person", "add", "Mia Bay", "--email", "mia@de.test", "--company", "MuCo", "--tz", BERLIN, "--country", "DE-BY"),
        ("opportunity", "add", "--company", "NYCo", "--role", "Data Engineer"),
        ("opportunity", "add", "--company", "CaCo", "--role", "ML Engineer"),
        ("opportunity", "add", "--company", "UKCo", "--role", "Analyst"),
        ("opportunity", "add", "--company", "MuCo", "--role", "Developer"),
        # interview 1: Friday 27 Nov in New York; 2: Wednesday 25 Nov in Los Angeles (Thanksgiving
        # is a holiday; California's Day After Thanksgiving is a state-employee holiday, a business
        # day for its employers); 3: Munich; 4: London
        ("interview", "add", "--opportunity", "1", "--start", "2026-11-27 10:00", "--tz", "America/New_York",
         "--with", "Nora York:recruiter"),
        ("interview", "add", "--opportunity", "2", "--start", "2026-11-25 15:00", "--tz", "America/Los_Angeles",
         "--with", "Cal West:recruiter"),
        ("interview", "add", "--opportunity", "4", "--start", "2026-12-01 10:00", "--with", "Mia Bay:recruiter"),
        ("interview", "add", "--opportunity", "3", "--start", "2026-12-21 10:00", "--tz", "Europe/London",
         "--with", "Lon Don:recruiter"),
    ]
    for step in steps:
        result = run(*step)
        assert result.code == 0, (step, result.err)
    run.path = path
    return run


# --- why: both clocks, every rule, the message on its way -----------------------------------------


def test_why_gives_the_recipient_s_time_where_the_send_window_applies(tester):
    out = tester("why", "status_check.1:o1:i1:p1", when="2026-12-07 10:00 Europe/Berlin")
    assert out.code == 0, out.err
    lines = out.out.splitlines()
    assert lines[0] == "status_check.1:o1:i1:p1: planned"
    assert "when: upcoming; from Tue 2026-12-08 15:30, due Tue 2026-12-08 17:30 (your time, Europe/Berlin)" in lines
    assert ("      their time: from Tue 2026-12-08 09:30, due Tue 2026-12-08 11:30 "
            "(America/New_York, where the rules apply)") in lines
    # the send window shaped it: named, with its source, which says it is a heuristic
    assert "  send_window: placed in the send window: Tue, Wed or Thu, 09:30-11:30 their time, on a business day" in lines
    assert "    source: A heuristic, not data: mid-week mornings are when inboxes are being worked through" in lines


def test_why_says_nothing_of_their_time_when_the_clocks_agree(tester):
    out = tester("why", "status_check.1:o4:i3:p4", when="2026-12-07 10:00 Europe/Berlin").out
    assert "when: upcoming; from Thu 2026-12-10 09:30, due Thu 2026-12-10 11:30 (your time, Europe/Berlin)" in out
    assert "their time:" not in out  # no second line of times


def test_why_names_the_holidays_and_says_a_heuristic_rule_is_one(tester):
    out = tester("why", "thank_you:i2:p2", when="2026-11-26 10:00 Europe/Berlin").out
    assert ("Thank Cal West for the interview of Wed 25 Nov (Thu 26 Nov your time); the next day is a public holiday "
            "(Thanksgiving Day), so schedule it for Fri 27 Nov 08:00-09:00 their time "
            "(America/Los_Angeles).") in out
    assert "      their time: from Wed 2026-11-25 17:00, due Fri 2026-11-27 09:00 (America/Los_Angeles" in out
    assert ("suggested send time: Fri 2026-11-27 17:00 your time (Europe/Berlin), 08:00 their time (America/Los_Angeles)"
            in out)
    assert ("source: Afterview default playbook (common adviser practice; no survey behind it); "
            "a heuristic, not data") in out
    assert ("  calendar: Thu 26 Nov is a public holiday (Thanksgiving Day) "
            "in US-CA: not counted as a business day, and nothing is due on it") in out
    assert "    source: Public holidays: the holidays package" in out


def test_why_of_a_scheduled_note_says_when_it_goes_out_in_both_zones_and_as_which_message(tester):
    key = "status_check.1:o1:i1:p1"
    store = open_store(f"sqlite:///{tester.path}")
    with store.transaction() as tx:
        message = tx.add(Message(kind=MessageKind.STATUS_CHECK, person_id=1, opportunity_id=1, interview_id=1,
                                 action_key=key, subject="Data Engineer - next steps", to_address="nora@ny.test",
                                 state=MessageState.SCHEDULED,
                                 scheduled_at=datetime(2026, 12, 8, 15, 0, tzinfo=timezone.utc)))
    store.close()
    out = tester("why", key, when="2026-12-07 10:00 Europe/Berlin")
    assert out.code == 0, out.err
    assert out.out.splitlines()[0] == f"{key}: scheduled"
    assert (f'message: scheduled as message {message.id} ("Data Engineer - next steps"): it goes out '
            "Tue 2026-12-08 16:00 your time (Europe/Berlin), 10:00 their time (America/New_York)") in out.out
    data = json.loads(tester("why", key, "--json", when="2026-12-07 10:00 Europe/Berlin").out)
    assert data["status"] == "scheduled" and data["zone"] == "America/New_York"
    assert data["message"] == {"id": message.id, "state": "scheduled", "subject": "Data Engineer - next steps",
                               "scheduled_at": "2026-12-08T15:00:00+00:00", "error": ""}
    assert [s["rule"] for s in data["shaped_by"]] == ["send_window"] and data["shaped_by"][0]["heuristic"]


# --- today and agenda: the recipient's time beside the due time --------------------------------


def test_the_listing_gives_the_recipient_s_time_beside_the_due_time(tester):
    out = tester("agenda", "--days", "14", when="2026-12-07 10:00 Europe/Berlin").out
    assert "Nora York (email) from Tue 2026-12-08 15:30, due Tue 2026-12-08 17:30 (11:30 their time)" in out
    assert "Cal West (email) due Fri 2026-11-27 18:00 (09:00 their time)" in out
    assert "Mia Bay (email) from Thu 2026-12-10 09:30, due Thu 2026-12-10 11:30\n" in out  # the same clock


# --- interviews: the user's own time too --------------------------------------------------------


def test_interview_list_and_show_give_your_time_in_the_weeks_between_the_clock_changes(tester):
    # the US changes to summer time on 14 March 2027, Europe on 28 March: New York is 5 hours
    # behind Berlin, not 6, in between
    assert tester("interview", "add", "--opportunity", "1", "--start", "2027-03-16 14:00", "--tz",
                  "America/New_York", "--with", "Nora York:recruiter").code == 0
    listed = tester("interview", "list").out.splitlines()
    assert listed[0].split("\t") == ["id", "when", "zone", "opportunity", "stage", "format", "panel",
                                     "your time (Europe/Berlin)"]
    row = listed[1].split("\t")
    assert row[:3] == ["5", "Tue 2027-03-16 14:00", "America/New_York"] and row[-1] == "Tue 2027-03-16 19:00"
    munich = next(line.split("\t") for line in listed if line.startswith("3\t"))
    assert munich[-1] == ""  # the same clock as yours
    shown = tester("interview", "show", "5").out
    assert "  when         Tue 2027-03-16 14:00 - 15:00 America/New_York\n" in shown
    assert "  your time    Tue 2027-03-16 19:00 - 20:00 Europe/Berlin\n" in shown
    assert "your time" not in tester("interview", "show", "3").out


# --- snooze: what is stored is what is printed --------------------------------------------------


def test_snooze_to_a_day_prints_the_morning_it_stored(tester):
    result = tester("snooze", "thank_you:i3:p4", "--until", "next tuesday", when="2027-01-14 10:00 Europe/Berlin")
    assert result.code == 0, result.err
    assert result.out.strip() == "snoozed: thank_you:i3:p4 until Tue 2027-01-19 09:00"
    stored = json.loads(tester("snooze", "thank_you:i3:p4", "--until", "next wednesday", "--json",
                               when="2027-01-14 10:00 Europe/Berlin").out)
    assert stored["until"].startswith("2027-01-20T09:00")


def test_plan_at_says_it_moves_the_clock_not_the_records(tester):
    text = " ".join(afterview("plan", "--help").out.split())
    assert "moves the clock only; what was recorded after it counts too" in text
    assert "a rejection recorded on 2 December shows in `plan --at 2026-11-26`" in text


# --- the wording of holiday shifts (made once per place and moment) ----------------------------


def test_a_thank_you_names_both_english_easter_holidays_and_scotland_only_its_own():
    w = World()
    acme = w.company("Acme")
    lon = w.person("Lon Don", acme, timezone="Europe/London", country="GB-ENG")
    ed = w.person("Ed Burgh", acme, timezone="Europe/London", country="GB-SCT")
    opp = w.opportunity(acme)
    w.interview(opp, at("2027-03-25 10:00", "Europe/London"), at("2027-03-25 11:00", "Europe/London"), lon, ed)
    actions = {a.person_id: a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2027-03-25 18:00", "Europe/London"))
               if a.kind == MessageKind.THANK_YOU}
    assert ("; Fri 26 Mar and Mon 29 Mar are public holidays (Good Friday, Easter Monday), "
            "so schedule it for Tue 30 Mar") in actions[lon.id].reason
    assert ("; the next day is a public holiday (Good Friday), so schedule it for "
            "Mon 29 Mar") in actions[ed.id].reason


def test_a_thank_you_in_a_us_state_names_only_the_federal_holiday():
    # the Day After Thanksgiving is a California state holiday: state offices close, employers open
    w = World()
    acme = w.company("Acme")
    cal = w.person("Cal West", acme, timezone="America/Los_Angeles", country="US-CA")
    opp = w.opportunity(acme)
    w.interview(opp, at("2026-11-25 10:00", "America/New_York"), at("2026-11-25 11:00", "America/New_York"), cal)
    [action] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-11-25 18:00")) if a.kind == MessageKind.THANK_YOU]
    assert ("; the next day is a public holiday (Thanksgiving Day), so send it the same day or schedule it for "
            "Fri 27 Nov") in action.reason


def test_a_friday_interview_before_a_monday_holiday_names_the_holiday():
    w = World()
    acme = w.company("Acme")
    nora = w.person("Nora York", acme, timezone="America/New_York", country="US")
    opp = w.opportunity(acme)
    w.interview(opp, at("2026-05-22 10:00", "America/New_York"), at("2026-05-22 11:00", "America/New_York"), nora)
    [action] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-05-22 18:00")) if a.kind == MessageKind.THANK_YOU]
    assert ("; a Friday interview, and Mon 25 May is a public holiday (Memorial Day), so send it the same day "
            "or schedule it for Tue 26 May") in action.reason


def test_a_rejection_reply_over_christmas_in_england_names_the_substitute_boxing_day():
    w = World()
    acme = w.company("Acme")
    lon = w.person("Lon Don", acme, timezone="Europe/London", country="GB-ENG")
    opp = w.opportunity(acme, role="Analyst")
    w.interview(opp, at("2026-12-21 10:00", "Europe/London"), at("2026-12-21 11:00", "Europe/London"), lon,
                roles={lon.id: Role.RECRUITER})
    rejected = at("2026-12-24 10:00", "Europe/London")
    opp.status = OpportunityStatus.REJECTED
    opp.history = [StatusChange(status=OpportunityStatus.INTERVIEWING, at=at("2026-12-01 10:00")),
                   StatusChange(status=OpportunityStatus.REJECTED, at=rejected)]
    reply = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-24 12:00")))[f"rejection_reply:o{opp.id}:p{lon.id}"]
    assert reply.reason.endswith("; Fri 25 Dec and Mon 28 Dec are public holidays (Christmas Day, "
                                 "Boxing Day (observed)), so due Tue 29 Dec.")


# --- the rules that shaped the timing, in the service -------------------------------------------


def test_slow_pace_and_spacing_are_named_with_their_sources():
    w = World()
    acme = w.company("Acme")
    rita = w.person("Rita Cole", acme)
    opp = w.opportunity(acme, pace=Pace.SLOW)
    interview = w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), rita, roles={rita.id: Role.RECRUITER})
    key = f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}"
    found = explain(w.facts, DEFAULT_PLAYBOOK, key, at("2026-12-02 10:00"))
    rules = {s.rule: s for s in found.shaped_by}
    assert set(rules) == {"send_window", "slow_pace"}
    assert rules["send_window"].heuristic and not rules["slow_pace"].heuristic
    assert rules["slow_pace"].effect == "Data Engineer is marked slow: its business days x1.5, rounded up"
    assert rules["slow_pace"].source.startswith("Glassdoor")
    # another message to Rita on the day the follow-up would start: spacing moves it
    w.sent("share_news:n99:p%d" % rita.id, MessageKind.SHARE_NEWS, rita, found.action.earliest, opp)
    moved = explain(w.facts, DEFAULT_PLAYBOOK, key, at("2026-12-02 10:00"))
    assert "moved: keeps 3 business days" in moved.action.note
    spacing = next(s for s in moved.shaped_by if s.rule == "spacing")
    assert spacing.heuristic and spacing.source.startswith("Afterview default playbook")
    assert not found.heuristic  # status_check's own source is advisers and a poll
