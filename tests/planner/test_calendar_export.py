"""The calendar of what is due: RFC 5545, checked with icalendar and an independent parser
(vobject), stable UIDs, alarms, DTSTAMP from `now`, and the CLI command."""

from __future__ import annotations

from datetime import timedelta, timezone

import icalendar
import vobject

from afterview.domain.model import Role
from afterview.exporters.calendar_ics import action_uid, export_calendar, interview_uid
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.helpers import afterview, assert_clean_error
from tests.planner.builders import World, at
from tests.planner.test_cli import db  # noqa: F401  (the database fixture)


def world():
    w = World()
    acme = w.company("Acme")
    dana = w.person("Dana Reyes", acme)
    rita = w.person("Rita Cole", acme)
    opp = w.opportunity(acme, role="Data Engineer")
    first = w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), dana, rita,
                        roles={rita.id: Role.RECRUITER}, call_link="https://meet.example/abc")
    upcoming = w.interview(opp, at("2026-12-09 14:00"), at("2026-12-09 15:00"), dana, stage="final",
                           location="Acme HQ, Berlin")
    return w, first, upcoming


def export(w, now, days=14):
    return export_calendar(w.facts, plan(w.facts, DEFAULT_PLAYBOOK, now), now, days)


def test_round_trip_with_icalendar():
    w, first, upcoming = world()
    now = at("2026-12-01 13:00")
    data = export(w, now)
    cal = icalendar.Calendar.from_ical(data)
    assert cal["version"] == "2.0" and "Afterview" in str(cal["prodid"])
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert interview_uid(first) in events and interview_uid(upcoming) in events
    final = events[interview_uid(upcoming)]
    assert final.decoded("dtstart") == at("2026-12-09 14:00") and str(final["location"]) == "Acme HQ, Berlin"
    thanks = sorted((e for e in events.values() if str(e["uid"]).startswith("action-thank_you")),
                    key=lambda e: e.decoded("dtstart"))
    assert len(thanks) == 3  # Dana and Rita now, Dana again after the final interview
    for event in events.values():
        assert event.decoded("dtstamp") == now.astimezone(timezone.utc)
        [alarm] = event.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY" and alarm.get("description")
    key = str(thanks[0]["x-afterview-key"])
    assert str(thanks[0]["uid"]) == action_uid(key)
    assert f"afterview why {key}" in str(thanks[0]["description"])
    assert thanks[0].decoded("dtstart") == now  # due since 12:00: shown now, not in the past
    assert thanks[-1].decoded("dtstart") == at("2026-12-10 08:00")  # afternoon: next morning


def test_independent_parser_reads_the_same_events():
    w, first, upcoming = world()
    now = at("2026-12-01 13:00")
    data = export(w, now).decode("utf-8")
    parsed = vobject.readOne(data)
    uids = sorted(e.uid.value for e in parsed.vevent_list)
    mine = sorted(str(e["uid"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT"))
    assert uids == mine and len(uids) == 5  # two interviews, three thank-you notes
    for event in parsed.vevent_list:
        assert event.dtstart.value < event.dtend.value
        assert event.valarm.action.value == "DISPLAY"
        assert event.dtstamp.value == now.astimezone(timezone.utc)
    final = next(e for e in parsed.vevent_list if e.uid.value == interview_uid(upcoming))
    assert final.dtstart.value == at("2026-12-09 14:00")
    assert final.dtstart.value.utcoffset() == timedelta(hours=1)


def test_same_facts_same_bytes_and_stable_uids_across_exports():
    w, *_ = world()
    now = at("2026-12-01 13:00")
    assert export(w, now) == export(w, now)
    later = at("2026-12-08 09:00")
    before = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(export(w, now)).walk("VEVENT")}
    after = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(export(w, later)).walk("VEVENT")}
    shared = set(before) & set(after)
    assert shared  # the same records keep their UIDs, so a re-import updates them
    for uid in shared:
        assert int(after[uid]["sequence"]) > int(before[uid]["sequence"])


def test_days_limits_the_upcoming_actions():
    w, *_ = world()
    now = at("2026-12-01 13:00")
    short = icalendar.Calendar.from_ical(export(w, now, days=3)).walk("VEVENT")
    assert not any("final" in str(e["summary"]) for e in short)


def test_cli_export_to_file_and_stdout(db, tmp_path):  # noqa: F811
    target = tmp_path / "plan.ics"
    result = afterview("--db", db["path"], "--at", "2026-12-01 13:00 Europe/Berlin", "calendar", "export",
                       "-o", str(target), "--days", "20")
    assert result.code == 0 and result.out.strip() == f"wrote {target}"
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    summaries = sorted(str(e["summary"]) for e in cal.walk("VEVENT"))
    assert "Thank-you note: Dana Reyes" in summaries and "Status follow-up: Rita Cole" in summaries
    out = afterview("--db", db["path"], "--at", "2026-12-01 13:00 Europe/Berlin", "calendar", "export", "--days", "20")
    # the test runner's text output turns CRLF into LF; the file keeps RFC 5545's CRLF
    assert out.out.replace("\n", "\r\n").encode() == target.read_bytes()
    assert target.read_bytes().count(b"\r\n") == target.read_bytes().count(b"\n")
    assert_clean_error(afterview("--db", db["path"], "calendar", "export", "--days", "-1"), "--days")
    assert_clean_error(afterview("--db", db["path"], "calendar", "export", "-o", str(tmp_path / "no" / "x.ics")),
                       "cannot write")
