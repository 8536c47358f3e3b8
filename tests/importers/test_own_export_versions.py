"""A copy of an interview that `afterview calendar export` wrote, imported back: only a change made
in the calendar moves the interview. A copy imported before, an older export than one imported,
or an export from before the interview moved in Afterview changes nothing, so that a hand edit
stands (as it does when the same invitation is imported again).

Alex imports Jane Smith's invitation to a technical interview at Globex on Mon 23 Nov 2026,
09:00 Chicago time, and exports the calendar.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from afterview.domain import model as m
from tests.importers.conftest import cli_at as cli, ok_at as ok, stored

NOON = "2026-11-20T12:00Z"
CHICAGO_0900 = datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc)
CHICAGO_1030 = datetime(2026, 11, 23, 16, 30, tzinfo=timezone.utc)
INVITATION = (
    "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nDTSTART:20261123T150000Z\r\nDTEND:20261123T160000Z\r\nDTSTAMP:20261118T120000Z\r\n"
    "ORGANIZER;CN=Jane Smith:mailto:jane.smith@globex.com\r\nUID:abc123@google.com\r\n"
    "ATTENDEE;CN=Jane Smith:mailto:jane.smith@globex.com\r\nATTENDEE;CN=Bob Lee:mailto:bob.lee@globex.com\r\n"
    "ATTENDEE:mailto:alex@mail.example\r\nSEQUENCE:0\r\nSUMMARY:Globex | Data Engineer - Technical Interview\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)
OWN_START = "DTSTART;TZID=America/Chicago:20261123T090000"
OWN_END = "DTEND;TZID=America/Chicago:20261123T100000"


@pytest.fixture
def alex(capsys, tmp_path):
    ok(capsys, "2026-11-20T09:00Z", "profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example",
       "--tz", "America/Chicago", "--country", "US")
    (tmp_path / "invite.ics").write_text(INVITATION)
    assert ok(capsys, "2026-11-20T09:00Z", "calendar", "import", str(tmp_path / "invite.ics")).endswith("\n1 interview (1 new)\n")


def export(capsys, tmp_path, at: str, name: str):
    path = tmp_path / name
    ok(capsys, at, "calendar", "export", "-o", str(path), "--days", "14")
    assert "UID:interview-1@afterview.local" in path.read_text()
    return path


def start_of(interview_id: int = 1) -> datetime:
    return stored(lambda tx: tx.get(m.Interview, interview_id).start)


def reimport(capsys, path, at: str = "2026-11-20T15:00Z"):
    code, out, err = cli(capsys, at, "calendar", "import", str(path))
    assert code == 0, err
    return out.strip().splitlines()[-1], err


def test_the_same_export_imported_again_keeps_a_hand_edit(capsys, tmp_path, alex):
    due = export(capsys, tmp_path, "2026-11-20T10:00Z", "due.ics")
    assert reimport(capsys, due)[0].startswith("1 interview (1 unchanged), ")
    ok(capsys, NOON, "interview", "edit", "1", "--start", "2026-11-23 10:30")
    summary, err = reimport(capsys, due)
    assert summary.startswith("1 interview (1 unchanged), ")
    assert start_of() == CHICAGO_1030
    assert err == (f"afterview: warning: due.ics line {_line(due)}: event 'Interview: technical - Data Engineer at Globex' "
                   "is the copy of interview 1 imported before, not changed in the calendar since, so interview 1 was "
                   "left as it is (`afterview calendar export` writes it as it is now)\n")


def test_an_export_from_before_a_hand_edit_imported_the_first_time_changes_nothing(capsys, tmp_path, alex):
    """The reported case: an export written (or imported) before copies were remembered, imported
    after a hand edit. It still shows the invitation's time, which the interview has left."""
    due = export(capsys, tmp_path, "2026-11-20T10:00Z", "due.ics")
    ok(capsys, NOON, "interview", "edit", "1", "--start", "2026-11-23 10:30")
    summary, err = reimport(capsys, due)
    assert summary.startswith("1 interview (1 unchanged), ")
    assert start_of() == CHICAGO_1030
    assert ("is a copy of interview 1 from before it moved: it shows the time of the invitation imported, "
            "2026-11-23 09:00, and the interview is now at 2026-11-23 10:30 America/Chicago, so interview 1 was left "
            "as it is") in err
    assert reimport(capsys, due)[0].startswith("1 interview (1 unchanged), ")  # and remembered: still nothing
    assert start_of() == CHICAGO_1030


def test_an_export_older_than_one_imported_changes_nothing(capsys, tmp_path, alex):
    old = export(capsys, tmp_path, "2026-11-20T10:00Z", "old.ics")
    ok(capsys, NOON, "interview", "edit", "1", "--start", "2026-11-23 10:30")
    new = export(capsys, tmp_path, "2026-11-20T13:00Z", "new.ics")
    assert reimport(capsys, new)[0].startswith("1 interview (1 unchanged), ")
    ok(capsys, "2026-11-20T14:00Z", "interview", "edit", "1", "--start", "2026-11-23 09:00")
    # a file from before the latest export shows 09:00 too (that is where the interview is now) ...
    assert reimport(capsys, old)[0].startswith("1 interview (1 unchanged), ")
    ok(capsys, "2026-11-20T14:30Z", "interview", "edit", "1", "--start", "2026-11-23 11:00")
    # ... and once it has moved again, neither file moves it back
    for path in (old, new):
        summary, err = reimport(capsys, path)
        assert summary.startswith("1 interview (1 unchanged), ") and "was left as it is" in err
        assert start_of() == datetime(2026, 11, 23, 17, 0, tzinfo=timezone.utc)


def _line(path) -> int:
    """The line of the interview's event in an export."""
    lines = path.read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if line == "BEGIN:VEVENT" and "UID:interview-1@" in
                "".join(lines[i:i + 8]))


def test_a_move_in_the_calendar_still_moves_the_interview_once(capsys, tmp_path, alex):
    due = export(capsys, tmp_path, "2026-11-20T10:00Z", "due.ics")
    moved = tmp_path / "moved.ics"
    moved.write_text(due.read_text().replace(OWN_START, "DTSTART;TZID=America/Chicago:20261123T140000")
                     .replace(OWN_END, "DTEND;TZID=America/Chicago:20261123T150000"))
    code, out, err = cli(capsys, "2026-11-20T15:00Z", "calendar", "import", str(moved))
    assert code == 0, err
    assert "moved from 2026-11-23 09:00 to 2026-11-23 14:00 America/Chicago" in out
    ok(capsys, "2026-11-20T16:00Z", "interview", "edit", "1", "--start", "2026-11-23 15:30")
    assert reimport(capsys, moved)[0].startswith("1 interview (1 unchanged), ")
    assert start_of() == datetime(2026, 11, 23, 21, 30, tzinfo=timezone.utc)


def test_a_copy_that_changed_only_its_place_does_not_move_the_interview_back(capsys, tmp_path, alex):
    due = export(capsys, tmp_path, "2026-11-20T10:00Z", "due.ics")
    assert reimport(capsys, due)[0].startswith("1 interview (1 unchanged), ")
    ok(capsys, NOON, "interview", "edit", "1", "--start", "2026-11-23 10:30")
    placed = tmp_path / "placed.ics"
    placed.write_text(due.read_text().replace(OWN_END, OWN_END + "\r\nLOCATION:Globex HQ\\, Room 4"))
    code, out, err = cli(capsys, "2026-11-20T15:00Z", "calendar", "import", "--json", str(placed))
    assert code == 0, err
    rows = json.loads(out)["rows"]
    assert [r["detail"] for r in rows if r["action"] == "updated"] == ["new location"]
    assert start_of() == CHICAGO_1030


def test_an_interview_recorded_by_hand_still_follows_its_first_copy(capsys, tmp_path, alex):
    """Without an invitation to compare with, the first copy of an interview recorded by hand is
    taken as the calendar's (the documented move); from then on it is remembered."""
    ok(capsys, "2026-11-20T09:00Z", "interview", "add", "--opportunity", "1", "--start", "2026-11-24 09:00",
       "--duration", "60m", "--with", "Jane Smith")
    due = export(capsys, tmp_path, "2026-11-20T10:00Z", "due.ics")
    moved = tmp_path / "moved.ics"
    moved.write_text(due.read_text().replace("DTSTART;TZID=America/Chicago:20261124T090000",
                                             "DTSTART;TZID=America/Chicago:20261124T130000")
                     .replace("DTEND;TZID=America/Chicago:20261124T100000", "DTEND;TZID=America/Chicago:20261124T140000"))
    code, out, err = cli(capsys, "2026-11-20T15:00Z", "calendar", "import", str(moved))
    assert code == 0 and "moved from 2026-11-24 09:00 to 2026-11-24 13:00" in out, err
    ok(capsys, "2026-11-20T16:00Z", "interview", "edit", "2", "--start", "2026-11-24 16:00")
    assert reimport(capsys, moved)[0].startswith("2 interviews (2 unchanged), ")
    assert start_of(2) == datetime(2026, 11, 24, 22, 0, tzinfo=timezone.utc)


def test_the_copies_remembered_survive_a_backup_and_restore(capsys, tmp_path, alex):
    due = export(capsys, tmp_path, "2026-11-20T10:00Z", "due.ics")
    moved = tmp_path / "moved.ics"
    moved.write_text(due.read_text().replace(OWN_START, "DTSTART;TZID=America/Chicago:20261123T140000")
                     .replace(OWN_END, "DTEND;TZID=America/Chicago:20261123T150000"))
    ok(capsys, "2026-11-20T15:00Z", "calendar", "import", str(moved))
    ok(capsys, "2026-11-20T16:00Z", "interview", "edit", "1", "--start", "2026-11-23 15:30")
    ok(capsys, "2026-11-20T16:00Z", "export", str(tmp_path / "backup.json"))
    restored = tmp_path / "restored.db"
    ok(capsys, "2026-11-20T16:00Z", "--db", str(restored), "import", str(tmp_path / "backup.json"))
    code, out, err = cli(capsys, "2026-11-20T17:00Z", "--db", str(restored), "calendar", "import", str(moved))
    assert code == 0 and out.strip().splitlines()[-1].startswith("1 interview (1 unchanged), "), (out, err)
