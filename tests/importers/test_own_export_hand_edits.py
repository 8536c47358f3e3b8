"""A copy of `afterview calendar export` imported back after a hand edit: the export writes into
each interview event what it exported (X-AFTERVIEW-EXPORTED), so an import tells an event moved
in the calendar (applied) from one exported before the interview changed in Afterview and left
alone in the calendar since (stale: the hand edit stands), even for an interview recorded by hand
and the first time a copy comes back.

Alex records by hand a video interview with Jane Smith at Globex on Tue 24 Nov 2026, 09:00
Chicago time (15:00 UTC), and exports the calendar at 10:00 UTC on 20 Nov.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest

from afterview.domain import model as m
from afterview.exporters.calendar_ics import export_calendar, interview_uid
from tests.importers.conftest import cli_at as cli, ok_at as ok, stored

EXPORTED = "X-AFTERVIEW-EXPORTED"  # the property the export writes into each interview event
START = "DTSTART;TZID=America/Chicago:20261124T090000"
END = "DTEND;TZID=America/Chicago:20261124T100000"
AT_0900 = datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)
AT_1600 = datetime(2026, 11, 24, 22, 0, tzinfo=timezone.utc)
TITLE = "Interview - Data Engineer at Globex"


def interview() -> m.Interview:
    return stored(lambda tx: tx.get(m.Interview, 1))


def unfolded(path) -> str:
    """The file's text with its folded lines joined (RFC 5545 3.1), so that lines can be replaced."""
    return path.read_text().replace("\n ", "")


def copy(tmp_path, due, name: str, *replacements: tuple[str, str]):
    """A copy of the export with lines changed, as a calendar app that changed the event writes it."""
    text = unfolded(due)
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text)
    return path


def mark_line(path) -> str:
    """The mark's line in the export ("" in an export that has none)."""
    found = [line for line in unfolded(path).splitlines() if line.startswith(EXPORTED)]
    assert len(found) <= 1
    return found[0] if found else ""


def reimport(capsys, path, at: str = "2026-11-20T15:00Z", *extra):
    code, out, err = cli(capsys, at, "calendar", "import", *extra, str(path))
    assert code == 0, err
    return out.strip().splitlines()[-1], err


def line_of(path) -> int:
    lines = path.read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if line == "BEGIN:VEVENT" and "UID:interview-1@" in
                "".join(lines[i:i + 8]))


@pytest.fixture
def due(capsys, tmp_path):
    """The interview recorded by hand (no invitation), and `calendar export -o due.ics`."""
    at = "2026-11-20T09:00Z"
    ok(capsys, at, "profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example",
       "--tz", "America/Chicago", "--country", "US")
    ok(capsys, at, "opportunity", "add", "--company", "Globex", "--role", "Data Engineer")
    ok(capsys, at, "person", "add", "Jane Smith", "--email", "jane.smith@globex.com", "--company", "Globex")
    ok(capsys, at, "interview", "add", "--opportunity", "1", "--start", "2026-11-24 09:00", "--duration", "60m",
       "--with", "Jane Smith", "--location", "Globex HQ, Room 4", "--link", "https://zoom.us/j/123")
    path = tmp_path / "due.ics"
    ok(capsys, "2026-11-20T10:00Z", "calendar", "export", "-o", str(path), "--days", "14")
    assert START in path.read_text() and END in path.read_text()
    return path


def test_an_export_from_before_a_hand_edit_does_not_undo_it(capsys, tmp_path, due):
    """The reported case: no invitation to compare with, and the first copy ever imported."""
    ok(capsys, "2026-11-20T12:00Z", "interview", "edit", "1", "--start", "2026-11-24 16:00")
    warning = (f"afterview: warning: due.ics line {line_of(due)}: event '{TITLE}' is a copy of interview 1 from "
               "before it moved: it shows the time exported, 2026-11-24 09:00, not changed in the calendar, and the "
               "interview is now at 2026-11-24 16:00 America/Chicago, so interview 1 was left as it is "
               "(`afterview calendar export` writes it as it is now)\n")
    summary, err = reimport(capsys, due, "2026-11-20T15:00Z", "--dry-run")
    assert summary.startswith("dry run, nothing written: 1 interview (1 unchanged), ") and err == warning
    summary, err = reimport(capsys, due)
    assert summary.startswith("1 interview (1 unchanged), ") and err == warning
    assert interview().start == AT_1600
    summary, err = reimport(capsys, due)  # remembered: the copy imported before
    assert summary.startswith("1 interview (1 unchanged), ") and "is the copy of interview 1 imported before" in err
    assert interview().start == AT_1600


def test_an_export_from_before_a_new_place_does_not_undo_it(capsys, tmp_path, due):
    ok(capsys, "2026-11-20T12:00Z", "interview", "edit", "1", "--location", "Globex Annex", "--link",
       "https://zoom.us/j/999")
    summary, err = reimport(capsys, due)
    assert summary.startswith("1 interview (1 unchanged), ")
    assert ("is a copy of interview 1 from before it changed: it shows the place and call link exported, not changed "
            "in the calendar, and the interview has others now, so interview 1 was left as it is") in err
    now = interview()
    assert (now.start, now.location, now.call_link) == (AT_0900, "Globex Annex", "https://zoom.us/j/999")


def test_a_longer_interview_is_not_shortened_by_an_older_export(capsys, tmp_path, due):
    ok(capsys, "2026-11-20T12:00Z", "interview", "edit", "1", "--duration", "90m")
    summary, err = reimport(capsys, due)
    assert summary.startswith("1 interview (1 unchanged), ")
    assert ("from before it changed: it shows the end exported, 2026-11-24 10:00, not changed in the calendar, and the "
            "interview now ends at 2026-11-24 10:30 America/Chicago") in err
    assert interview().end == AT_0900 + timedelta(minutes=90)


def test_a_move_made_in_the_calendar_is_applied_even_after_a_hand_edit(capsys, tmp_path, due):
    """The calendar app kept the property and moved the event: its times are no longer the exported ones."""
    ok(capsys, "2026-11-20T12:00Z", "interview", "edit", "1", "--start", "2026-11-24 16:00")
    moved = copy(tmp_path, due, "moved.ics", (START, "DTSTART;TZID=America/Chicago:20261124T130000"),
                 (END, "DTEND;TZID=America/Chicago:20261124T140000"))
    code, out, err = cli(capsys, "2026-11-20T15:00Z", "calendar", "import", str(moved))
    assert code == 0 and "moved from 2026-11-24 16:00 to 2026-11-24 13:00 America/Chicago" in out, err
    assert interview().start == datetime(2026, 11, 24, 19, 0, tzinfo=timezone.utc)


def test_a_place_changed_in_the_calendar_is_applied_without_moving_the_interview_back(capsys, tmp_path, due):
    ok(capsys, "2026-11-20T12:00Z", "interview", "edit", "1", "--start", "2026-11-24 16:00")
    placed = copy(tmp_path, due, "placed.ics", ("LOCATION:Globex HQ\\, Room 4", "LOCATION:Globex HQ\\, Room 9"))
    code, out, err = cli(capsys, "2026-11-20T15:00Z", "calendar", "import", "--json", str(placed))
    assert code == 0, err
    assert [r["detail"] for r in json.loads(out)["rows"] if r["action"] == "updated"] == ["new location"]
    now = interview()
    assert (now.start, now.location) == (AT_1600, "Globex HQ, Room 9")


def test_a_calendar_that_writes_the_same_times_otherwise_has_not_moved_it(capsys, tmp_path, due):
    """Same instants in UTC, the place's text wrapped differently: nothing was changed in the calendar."""
    ok(capsys, "2026-11-20T12:00Z", "interview", "edit", "1", "--start", "2026-11-24 16:00")
    rewritten = copy(tmp_path, due, "apple.ics", (START, "DTSTART:20261124T150000Z"), (END, "DTEND:20261124T160000Z"),
                     ("LOCATION:Globex HQ\\, Room 4", "LOCATION:Globex HQ\\,  Room 4 "))
    summary, err = reimport(capsys, rewritten)
    assert summary.startswith("1 interview (1 unchanged), ") and "from before it moved" in err
    assert interview().start == AT_1600


def test_an_export_newer_than_the_copy_imported_but_older_than_a_hand_edit_changes_nothing(capsys, tmp_path, due):
    assert reimport(capsys, due, "2026-11-20T11:00Z")[0].startswith("1 interview (1 unchanged), ")
    ok(capsys, "2026-11-20T12:00Z", "interview", "edit", "1", "--start", "2026-11-24 16:00")
    newer = tmp_path / "newer.ics"
    ok(capsys, "2026-11-20T13:00Z", "calendar", "export", "-o", str(newer), "--days", "14")
    ok(capsys, "2026-11-20T14:00Z", "interview", "edit", "1", "--start", "2026-11-24 17:00")
    summary, err = reimport(capsys, newer)
    assert summary.startswith("1 interview (1 unchanged), ") and "it shows the time exported, 2026-11-24 16:00" in err
    assert interview().start == datetime(2026, 11, 24, 23, 0, tzinfo=timezone.utc)


def test_an_unchanged_copy_of_an_unchanged_interview_is_just_unchanged(capsys, tmp_path, due):
    summary, err = reimport(capsys, due)
    assert summary.startswith("1 interview (1 unchanged), ") and err == ""


BAD_MARKS = [
    "",
    "start=20261124T150000Z",
    "start=20261324T150000Z end=20261124T160000Z place=0123456789abcdef",  # month 13
    "start=20261124T160000Z end=20261124T150000Z place=0123456789abcdef",  # ends before it starts
    "start=20261124T150000Z end=20261124T160000Z place=0123456789abcdef and more",
    "start=20261124T150000 end=20261124T160000 place=0123456789abcdef",  # floating
    "some other program's text\\, with commas",
]


@pytest.mark.parametrize("line", [f"{EXPORTED}:{value}" for value in BAD_MARKS] + [
    f"{EXPORTED};VALUE=DATE-TIME:garbage",
    f"{EXPORTED};VALUE=INTEGER:12",
    f"{EXPORTED};ENCODING=BASE64;VALUE=BINARY:!!!",
    f'{EXPORTED};X-P="unterminated:start=20261124T150000Z end=20261124T160000Z place=0123456789abcdef',
    f"{EXPORTED}:junk\r\n{EXPORTED}:more junk",
    "",  # no mark at all: an export written before the mark, or a calendar app that dropped it
])
def test_a_copy_without_a_readable_mark_is_taken_as_before(capsys, tmp_path, due, line):
    """A missing or malformed mark never fails the import: the copy is read as one without it,
    whose first copy back is taken as the calendar's (the case the mark exists for)."""
    ok(capsys, "2026-11-20T12:00Z", "interview", "edit", "1", "--start", "2026-11-24 16:00")
    mark = mark_line(due)
    plain = copy(tmp_path, due, "plain.ics", *[(mark + "\n", line + "\n" if line else "")] if mark else [])
    code, out, err = cli(capsys, "2026-11-20T15:00Z", "calendar", "import", "--json", str(plain))
    assert code == 0, err
    data = json.loads(out)
    assert data["counts"].get("skipped", 0) == 0 and data["counts"]["updated"] == 1
    assert interview().start == AT_0900


# -- the export


def _world(location: str = "", call_link: str = ""):
    from tests.planner.builders import World, at

    w = World(tz="America/Chicago")
    globex = w.company("Globex")
    jane = w.person("Jane Smith", globex)
    opp = w.opportunity(globex)
    first = w.interview(opp, at("2026-12-01 10:00", "America/Chicago"), at("2026-12-01 11:00", "America/Chicago"),
                        jane, location=location, call_link=call_link)
    return w, first


def _events(data: bytes) -> dict:
    import icalendar

    return {str(e["uid"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def test_each_interview_event_says_what_was_exported_as_rfc_5545_text():
    import vobject

    from afterview.exporters.calendar_ics import exported_mark, read_exported
    from afterview.planner import DEFAULT_PLAYBOOK, plan

    w, first = _world("Globex HQ, Room 4; 2nd floor", "https://zoom.us/j/123")
    now = datetime(2026, 12, 1, 19, 0, tzinfo=timezone.utc)  # after it: thank-you notes are due
    data = export_calendar(w.facts, plan(w.facts, DEFAULT_PLAYBOOK, now), now, 14)
    events = _events(data)
    marked = [uid for uid, event in events.items() if EXPORTED in event]
    assert marked == [interview_uid(first)] and len(events) > 1  # the reminders carry none
    value = str(events[interview_uid(first)][EXPORTED])
    # an X-name (RFC 5545 3.8.8.2) with a TEXT value that needs no escaping (no ',', ';', '\\')
    assert re.fullmatch(r"start=\d{8}T\d{6}Z end=\d{8}T\d{6}Z place=[0-9a-f]{16}", value)
    exported = read_exported(value)
    assert (exported.start, exported.end) == (first.start, first.end)
    assert value == exported_mark(first.start, first.end, first.location, first.call_link)
    parsed = vobject.readOne(data.decode())  # the independent parser reads it the same
    [again] = [e for e in parsed.vevent_list if e.uid.value == interview_uid(first)]
    assert again.contents["x-afterview-exported"][0].value == value


def test_the_mark_is_stable_across_exports():
    w, first = _world("Globex HQ", "https://zoom.us/j/123")
    now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    assert export_calendar(w.facts, [], now) == export_calendar(w.facts, [], now)
    before = _events(export_calendar(w.facts, [], now))[interview_uid(first)]
    after = _events(export_calendar(w.facts, [], now + timedelta(days=2)))[interview_uid(first)]
    for name in ("summary", "dtstart", "dtend", "location", "url", "description", EXPORTED):
        assert after[name].to_ical() == before[name].to_ical(), name
    assert after.decoded("dtstamp") > before.decoded("dtstamp")


@pytest.mark.parametrize("location, call_link", [
    ("", ""),
    ("  Globex HQ,\nRoom 4; 2nd floor  ", ""),
    ("Zoom: https://zoom.us/j/555?pwd=abc.", ""),  # the call link only in the place
    ("Globex HQ", "https://zoom.us/j/123."),  # a trailing dot an import leaves out
    ("Café Müller, Zürich", "https://example.com/our-own-call-room"),  # no known call service
    ("", "https://meet.google.com/abc-defg-hij"),
])
def test_what_an_import_reads_back_is_what_the_mark_says(tmp_path, location, call_link):
    """The digest is of the place and call link as the import reads them from the event written."""
    from afterview.exporters.calendar_ics import read_exported
    from afterview.importers import ical
    from afterview.importers.files import check_file
    from afterview.importers.records import CalendarEvent

    w, first = _world(location, call_link)
    now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    path = tmp_path / "due.ics"
    path.write_bytes(export_calendar(w.facts, [], now))
    source = check_file(path, ical.WHAT)
    info = ical.scan(source, max_events=100)
    window = (now - timedelta(days=30), now + timedelta(days=30))
    read = ical.read_events(source, info, default_tz="UTC", window=window)
    [event] = [e for e in read if isinstance(e, CalendarEvent)]
    exported = read_exported(event.exported)
    assert exported is not None
    assert exported.same_times(event.start, event.end) and exported.same_place(event.location, event.call_link)
    assert not exported.same_times(event.start + timedelta(hours=1), event.end + timedelta(hours=1))
    assert not exported.same_place(event.location + " annex", event.call_link)


@pytest.mark.parametrize("value", [None, 42, b"start=", "", "  ", *BAD_MARKS])
def test_read_exported_takes_anything_else_as_absent(value):
    from afterview.exporters.calendar_ics import read_exported

    assert read_exported(value) is None
