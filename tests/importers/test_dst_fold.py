"""Events in the hour the clocks go back: compared as moments, kept with their reading.

On 1 November 2026 Chicago's clocks go from 01:59 CDT back to 01:00 CST; on 25 October 2026
Berlin's from 02:59 CEST back to 02:00 CET. An event from 06:59Z to 07:29Z is half an hour long
although its end, 01:29 CST, reads earlier than its start, 01:59 CDT (RFC 5545 asks only that
DTEND be after DTSTART as moments).
"""

from datetime import datetime, timedelta, timezone

from afterview.importers import ical
from afterview.importers.files import check_file
from afterview.importers.records import CalendarEvent
from tests.importers.conftest import cli_at, ok_at, stored

AT = "2026-10-20 10:00 America/Chicago"
UTC = timezone.utc


def _calendar(*events: list[str], calendar_tz: str = "") -> str:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN"]
    if calendar_tz:
        head.append(f"X-WR-TIMEZONE:{calendar_tz}")
    body = [line for event in events for line in ["BEGIN:VEVENT", *event, "END:VEVENT"]]
    return "\r\n".join([*head, *body, "END:VCALENDAR", ""])


def _event(uid: str, start: str, end: str, summary: str = "Phone screen - Globex", *extra: str) -> list[str]:
    return [f"UID:{uid}", f"DTSTART:{start}", f"DTEND:{end}", "DTSTAMP:20261019T100000Z", f"SUMMARY:{summary}",
            "ATTENDEE;CN=Hana Ito:mailto:hana@globex.example", *extra]


def _setup(capsys, tz: str = "America/Chicago") -> None:
    ok_at(capsys, AT, "profile", "set", "--name", "Sam Doe", "--email", "sam@example.com", "--tz", tz)


def _import(capsys, path, *more):
    return cli_at(capsys, AT, "calendar", "import", *more, str(path))


def _interviews():
    from afterview.domain.model import Interview

    return stored(lambda tx: tx.list(Interview, order_by="id"))


def _when(capsys, interview_id: int) -> str:
    out = ok_at(capsys, AT, "interview", "show", str(interview_id))
    return next(line for line in out.splitlines() if line.strip().startswith("when")).split(None, 1)[1]


def test_an_event_that_ends_in_the_repeated_hour_before_its_start_reads_is_imported(afterview_home, tmp_path, capsys):
    _setup(capsys)
    path = tmp_path / "dst1.ics"
    path.write_text(_calendar(_event("dst1@test", "20261101T065900Z", "20261101T072900Z")))
    code, out, err = _import(capsys, path)
    assert code == 0, err
    assert out.splitlines() == ["line 4: new: Phone screen - Globex on 2026-11-01 01:59 CDT America/Chicago: Globex, (role unknown)",
                                "1 interview (1 new)"]
    [interview] = _interviews()
    assert (interview.start, interview.end) == (datetime(2026, 11, 1, 6, 59, tzinfo=UTC),
                                                datetime(2026, 11, 1, 7, 29, tzinfo=UTC))
    assert _when(capsys, interview.id) == "Sun 2026-11-01 01:59 CDT - 01:29 CST America/Chicago"
    # the same file again, and the dry run: nothing changes
    code, out, err = _import(capsys, path, "--dry-run")
    assert (code, out.splitlines()[-1]) == (0, "dry run, nothing written: 1 interview (1 unchanged)"), err
    code, out, err = _import(capsys, path)
    assert (code, out.strip()) == (0, "1 interview (1 unchanged)"), err
    assert _interviews() == [interview]


def test_an_event_in_the_calendars_zone_across_its_change_is_imported(afterview_home, tmp_path, capsys):
    _setup(capsys)
    path = tmp_path / "dst3.ics"
    path.write_text(_calendar(_event("dst3@test", "20261025T005000Z", "20261025T012000Z"),
                              calendar_tz="Europe/Berlin"))
    code, out, err = _import(capsys, path)
    assert code == 0, err
    assert "new: Phone screen - Globex on 2026-10-25 02:50 CEST Europe/Berlin: " in out
    [interview] = _interviews()
    assert interview.timezone == "Europe/Berlin" and interview.end - interview.start == timedelta(minutes=30)
    assert _when(capsys, interview.id) == "Sun 2026-10-25 02:50 CEST - 02:20 CET Europe/Berlin"


def test_an_hour_long_event_over_the_change_shows_both_readings(afterview_home, tmp_path, capsys):
    _setup(capsys)
    path = tmp_path / "dst2.ics"
    path.write_text(_calendar(_event("dst2@test", "20261101T063000Z", "20261101T073000Z")))
    code, _, err = _import(capsys, path)
    assert code == 0, err
    assert _when(capsys, 1) == "Sun 2026-11-01 01:30 CDT - 01:30 CST America/Chicago"
    listed = ok_at(capsys, AT, "interview", "list").splitlines()[1]
    assert "Sun 2026-11-01 01:30 CDT" in listed


def test_two_interviews_an_hour_apart_at_the_same_reading_are_two(afterview_home, tmp_path, capsys):
    """01:30 CDT and 01:30 CST with the same person: two interviews, not one taken twice; the
    same moment again is the same interview."""
    _setup(capsys)
    path = tmp_path / "twice.ics"
    path.write_text(_calendar(_event("a@test", "20261101T063000Z", "20261101T070000Z"),
                              _event("b@test", "20261101T073000Z", "20261101T080000Z", "Technical interview - Globex")))
    code, out, err = _import(capsys, path)
    assert code == 0, err
    assert out.splitlines() == [
        "line 4: new: Phone screen - Globex on 2026-11-01 01:30 CDT America/Chicago: Globex, (role unknown)",
        "line 12: new: Technical interview - Globex on 2026-11-01 01:30 CST America/Chicago: Globex, (role unknown)"
            "; video assumed: the invitation gives no call link, no place and no word of phone or on site",
        "2 interviews (2 new)"]
    assert [i.start for i in _interviews()] == [datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
                                                datetime(2026, 11, 1, 7, 30, tzinfo=UTC)]
    other = tmp_path / "placeholder.ics"
    other.write_text(_calendar(_event("c@test", "20261101T073000Z", "20261101T080000Z", "Interview hold")))
    code, out, err = _import(capsys, other)
    assert code == 0 and "ambiguous: Interview hold on 2026-11-01 01:30 CST America/Chicago: the same time and people as interview 2" \
        in out, (out, err)
    assert len(_interviews()) == 2


def test_our_own_export_across_the_change_comes_back_unchanged(afterview_home, tmp_path, capsys):
    """docs/imports.md: our export can be imported without creating or changing anything; the
    interview across the change is written in UTC, and a reminder in the repeated hour too."""
    _setup(capsys)
    path = tmp_path / "dst1.ics"
    path.write_text(_calendar(_event("dst1@test", "20261101T065900Z", "20261101T072900Z")))
    assert _import(capsys, path)[0] == 0
    before = _interviews()
    due = tmp_path / "due.ics"
    code, _, err = cli_at(capsys, AT, "calendar", "export", "-o", str(due), "--days", "30")
    assert code == 0, err
    text = due.read_text()
    assert "UID:interview-1@afterview.local" in text and "DTEND:20261101T072900Z" in text
    # a note set to go out in the repeated hour, as the export writes it (half an hour long)
    reminder = ["UID:action-thank_you-i1-p1@afterview.local", "DTSTART:20261101T065900Z", "DTEND:20261101T072900Z",
                "DTSTAMP:20261101T065700Z", "SUMMARY:Goes out: Thank-you note: Hana Ito", "SEQUENCE:3594657"]
    text = text.replace("END:VCALENDAR", "BEGIN:VEVENT\r\n" + "\r\n".join(reminder) + "\r\nEND:VEVENT\r\nEND:VCALENDAR")
    due.write_text(text)
    reminders = text.count("UID:action-")
    code, out, err = _import(capsys, due)
    assert code == 0, err
    assert out.strip() == f"1 interview (1 unchanged), {reminders} Afterview reminders skipped (not interviews)"
    code, out, err = _import(capsys, due)  # and again, remembered
    assert code == 0 and out.strip().startswith("1 interview (1 unchanged)"), err
    assert _interviews() == before
    # the invitation itself again: still unchanged
    code, out, err = _import(capsys, path)
    assert (code, out.strip()) == (0, "1 interview (1 unchanged)"), err


def test_an_exported_interview_moved_into_the_repeated_hour_moves(afterview_home, tmp_path, capsys):
    _setup(capsys)
    path = tmp_path / "cal.ics"
    path.write_text(_calendar(_event("x@test", "20261030T150000Z", "20261030T160000Z")))
    assert _import(capsys, path)[0] == 0
    due = tmp_path / "due.ics"
    assert cli_at(capsys, AT, "calendar", "export", "-o", str(due), "--days", "30")[0] == 0
    text = due.read_text()
    start, end = "DTSTART;TZID=America/Chicago:20261030T100000", "DTEND;TZID=America/Chicago:20261030T110000"
    assert start in text and end in text
    due.write_text(text.replace(start, "DTSTART:20261101T065900Z").replace(end, "DTEND:20261101T072900Z"))
    code, out, err = _import(capsys, due)
    assert code == 0, err
    assert out.splitlines()[0].endswith(" on 2026-11-01 01:59 CDT America/Chicago: moved from 2026-10-30 10:00 to "
                                        "2026-11-01 01:59 CDT America/Chicago"), out
    [interview] = _interviews()
    assert (interview.start, interview.end) == (datetime(2026, 11, 1, 6, 59, tzinfo=UTC),
                                                datetime(2026, 11, 1, 7, 29, tzinfo=UTC))
    code, out, err = _import(capsys, due)
    assert code == 0 and out.strip().startswith("1 interview (1 unchanged)"), (out, err)


def test_an_event_that_really_ends_before_it_starts_is_still_refused(afterview_home, tmp_path, capsys):
    _setup(capsys)
    path = tmp_path / "bad.ics"
    path.write_text(_calendar(_event("bad@test", "20261101T065900Z", "20261101T065800Z")))
    code, _, err = _import(capsys, path)
    assert code == 2
    assert "line 4: event 'Phone screen - Globex' ends before it starts; nothing was imported" in err


def test_an_occurrence_taken_out_of_a_series_across_the_change_keeps_its_length(tmp_path):
    """EXDATE: the cancelled occurrence is as long as the series' events, in real time."""
    path = tmp_path / "series.ics"
    path.write_text(_calendar(_event("s@test", "20261101T065900Z", "20261101T072900Z", "Weekly interview sync",
                                     "RRULE:FREQ=WEEKLY;COUNT=3", "EXDATE:20261108T065900Z")))
    source = check_file(path, ical.WHAT)
    info = ical.scan(source, max_events=10)
    window = (datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC))
    items = list(ical.read_events(source, info, default_tz="America/Chicago", window=window))
    assert all(isinstance(item, CalendarEvent) for item in items), items
    # (as moments: Python never finds a time its zone shows twice equal to one in UTC, PEP 495)
    assert sorted((e.start.astimezone(UTC), getattr(e, "removed", False)) for e in items) == [
        (datetime(2026, 11, 1, 6, 59, tzinfo=UTC), False), (datetime(2026, 11, 8, 6, 59, tzinfo=UTC), True),
        (datetime(2026, 11, 15, 6, 59, tzinfo=UTC), False)]
    assert all(e.end.astimezone(UTC) - e.start.astimezone(UTC) == timedelta(minutes=30) for e in items)
    first = min(items, key=lambda e: e.start)
    assert (first.start.fold, first.end.fold) == (0, 1)  # 01:59 CDT, 01:29 CST
