"""An all-day interview (imported from `DTSTART;VALUE=DATE`, recorded from midnight to 23:59 of
its day in its zone) is exported as an all-day event: DTSTART and DTEND are dates, DTEND the day
after its last day (RFC 5545 3.6.1), in no zone, so that it stays on its day in every zone, with
its alarm the evening before at 18:00 ("Interview tomorrow"), not 23:30 the night before. Any
other times stay timed. Each file is read back with icalendar and with vobject."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import vobject

from afterview.exporters.calendar_ics import export_calendar, interview_uid, read_exported
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.helpers import afterview
from tests.planner.builders import World, at

ALL_DAY = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
X-WR-TIMEZONE:Europe/Berlin\r
BEGIN:VEVENT\r
DTSTART;VALUE=DATE:{first}\r
DTEND;VALUE=DATE:{after}\r
DTSTAMP:20261019T100000Z\r
UID:allday-1@google.com\r
SEQUENCE:0\r
SUMMARY:Onsite interview day - Globex\r
ATTENDEE;CN=Hana Ito:mailto:hana@globex.example\r
ORGANIZER;CN=Hana Ito:mailto:hana@globex.example\r
END:VEVENT\r
END:VCALENDAR\r
"""


def events(data: bytes) -> dict[str, dict]:
    """Each event by UID as icalendar reads it; vobject must read the same."""
    cal = icalendar.Calendar.from_ical(data)
    mine = {}
    for e in cal.walk("VEVENT"):
        mine[str(e["uid"])] = {
            "start": e.decoded("dtstart"), "end": e.decoded("dtend"), "status": str(e["status"]),
            "alarms": [(a.decoded("trigger"), str(a["description"])) for a in e.walk("VALARM")],
            "sequence": int(e["sequence"]), "exported": str(e.get("x-afterview-exported", "")),
        }
    theirs = {}
    for e in vobject.readOne(data.decode("utf-8")).contents.get("vevent", []):
        theirs[e.uid.value] = {
            "start": e.dtstart.value, "end": e.dtend.value, "status": e.status.value,
            "alarms": [(a.trigger.value, a.description.value) for a in e.contents.get("valarm", [])],
            "sequence": int(e.sequence.value),
            "exported": e.contents["x-afterview-exported"][0].value if "x-afterview-exported" in e.contents else "",
        }
    assert theirs == mine
    return mine


def world(start: datetime, end: datetime, tz: str = "Europe/Berlin", **kw):
    w = World(tz=tz)
    globex = w.company("Globex")
    hana = w.person("Hana Ito", globex)
    opp = w.opportunity(globex, role="Data Engineer")
    return w, w.interview(opp, start, end, hana, stage="onsite", **kw)


def export(w, now: datetime) -> bytes:
    return export_calendar(w.facts, plan(w.facts, DEFAULT_PLAYBOOK, now), now, 30)


def test_an_all_day_interview_is_an_all_day_event_with_its_alarm_the_evening_before():
    berlin = ZoneInfo("Europe/Berlin")
    w, interview = world(datetime(2026, 11, 5, tzinfo=berlin), datetime(2026, 11, 5, 23, 59, tzinfo=berlin))
    data = export(w, at("2026-10-25 10:00"))
    event = events(data)[interview_uid(interview)]
    assert (event["start"], event["end"]) == (date(2026, 11, 5), date(2026, 11, 6))
    assert not isinstance(event["start"], datetime) and not isinstance(event["end"], datetime)
    assert b"DTSTART;VALUE=DATE:20261105\r\n" in data and b"DTEND;VALUE=DATE:20261106\r\n" in data
    assert b"TZID" not in data  # a date has no zone: no VTIMEZONE either
    assert event["alarms"] == [(timedelta(hours=-6), "Interview tomorrow: Interview: onsite - Data Engineer at Globex")]
    # what was exported is still the interview's own times, so a copy imported back is no move
    exported = read_exported(event["exported"])
    assert exported.same_times(interview.start, interview.end)


def test_seen_from_chicago_it_is_one_day_not_two():
    """Dates are the same days in every zone: an app in Chicago shows Thursday 5 November alone,
    not Wednesday 17:00 to Thursday 16:59."""
    berlin = ZoneInfo("Europe/Berlin")
    w, interview = world(datetime(2026, 11, 5, tzinfo=berlin), datetime(2026, 11, 5, 23, 59, tzinfo=berlin))
    cal = icalendar.Calendar.from_ical(export(w, at("2026-10-25 10:00")))
    [event] = [e for e in cal.walk("VEVENT") if str(e["uid"]) == interview_uid(interview)]
    first, after = event.decoded("dtstart"), event.decoded("dtend")
    shown = [first + timedelta(days=n) for n in range((after - first).days)]
    assert shown == [date(2026, 11, 5)]


def test_several_days_end_the_day_after_the_last():
    berlin = ZoneInfo("Europe/Berlin")
    w, interview = world(datetime(2026, 11, 5, tzinfo=berlin), datetime(2026, 11, 6, 23, 59, tzinfo=berlin))
    event = events(export(w, at("2026-10-25 10:00")))[interview_uid(interview)]
    assert (event["start"], event["end"]) == (date(2026, 11, 5), date(2026, 11, 7))


def test_a_cancelled_all_day_interview_is_a_cancelled_all_day_event_without_alarm():
    berlin = ZoneInfo("Europe/Berlin")
    w, interview = world(datetime(2026, 11, 5, tzinfo=berlin), datetime(2026, 11, 5, 23, 59, tzinfo=berlin),
                         cancelled=True)
    event = events(export(w, at("2026-10-25 10:00")))[interview_uid(interview)]
    assert (event["start"], event["status"], event["alarms"]) == (date(2026, 11, 5), "CANCELLED", [])


def test_other_times_stay_timed_with_the_alarm_30_minutes_before():
    """Only exactly midnight to 23:59 in the interview's zone is a whole day: a minute off, or
    those times in another zone, are an interview at those times."""
    berlin = ZoneInfo("Europe/Berlin")
    for start, end in [(datetime(2026, 11, 5, 0, 1, tzinfo=berlin), datetime(2026, 11, 5, 23, 59, tzinfo=berlin)),
                       (datetime(2026, 11, 5, tzinfo=berlin), datetime(2026, 11, 5, 23, 58, tzinfo=berlin)),
                       (datetime(2026, 11, 5, 9, tzinfo=berlin), datetime(2026, 11, 5, 17, tzinfo=berlin)),
                       (datetime(2026, 11, 5, tzinfo=timezone.utc),
                        datetime(2026, 11, 5, 23, 59, tzinfo=timezone.utc))]:
        w, interview = world(start, end)
        data = export(w, at("2026-10-25 10:00"))
        event = events(data)[interview_uid(interview)]
        assert (event["start"], event["end"]) == (start, end)
        assert isinstance(event["start"], datetime)
        soon = "Interview soon: Interview: onsite - Data Engineer at Globex"
        assert event["alarms"] == [(timedelta(minutes=-30), soon)]


def test_a_zone_whose_clock_skips_midnight():
    """Santiago's clock goes from 23:59:59 to 01:00 on Sunday 6 September 2026: an import takes
    midnight of that day as its first moment, and the day is still recognised."""
    santiago = ZoneInfo("America/Santiago")
    start = datetime.combine(date(2026, 9, 6), time(0, 0), tzinfo=santiago).astimezone(timezone.utc)
    end = datetime.combine(date(2026, 9, 6), time(23, 59), tzinfo=santiago).astimezone(timezone.utc)
    w, interview = world(start, end, tz="America/Santiago")
    event = events(export(w, at("2026-09-01 10:00", "America/Santiago")))[interview_uid(interview)]
    assert (event["start"], event["end"]) == (date(2026, 9, 6), date(2026, 9, 7))


def test_whole_days_in_gives_the_interviews_own_times_back():
    """What an import of the all-day copy reads (the days at midnight and 23:59 in the calendar's
    or the user's zone) stands for those days in the interview's zone: the times exported."""
    from afterview.exporters.calendar_ics import whole_days_in

    chicago = ZoneInfo("America/Chicago")
    start, end = whole_days_in(datetime(2026, 11, 5, tzinfo=chicago), datetime(2026, 11, 6, 23, 59, tzinfo=chicago),
                               "Europe/Berlin")
    assert (start, end) == (at("2026-11-05 00:00"), at("2026-11-06 23:59"))


def _cli(db: str, when: str, *args: str) -> str:
    result = afterview("--db", db, "--at", f"{when} Europe/Berlin", *args)
    assert result.code == 0, result.err
    return result.out


def test_imported_all_day_exported_all_day_and_imported_back_unchanged(tmp_path):
    """The tester's file: an all-day onsite day imported, exported as an all-day event, and the
    export imported back changes nothing; a later export is the same file but for DTSTAMP."""
    db = str(tmp_path / "av.db")
    source = tmp_path / "allday.ics"
    source.write_bytes(ALL_DAY.format(first="20261105", after="20261106").encode())
    _cli(db, "2026-10-20 10:00", "profile", "set", "--name", "Sam Seeker", "--tz", "Europe/Berlin")
    _cli(db, "2026-10-20 10:00", "calendar", "import", str(source))
    target = tmp_path / "due.ics"
    _cli(db, "2026-10-25 10:00", "calendar", "export", "-o", str(target))
    first = target.read_bytes()
    [interview] = [e for uid, e in events(first).items() if uid.startswith("interview-")]
    assert (interview["start"], interview["end"]) == (date(2026, 11, 5), date(2026, 11, 6))
    tomorrow = "Interview tomorrow: Interview: onsite - (role unknown) at Globex"
    assert [text for _, text in interview["alarms"]] == [tomorrow]
    out = _cli(db, "2026-10-25 10:05", "calendar", "import", str(target))
    assert out.startswith("1 interview (1 unchanged)"), out
    _cli(db, "2026-10-25 10:10", "calendar", "export", "-o", str(target), "--force")
    again = target.read_bytes()
    assert again.replace(b"DTSTAMP:20261025T091000Z", b"DTSTAMP:20261025T090000Z") == first
