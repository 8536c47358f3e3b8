"""Importing the file `afterview calendar export` wrote (or a calendar that took it in): our own
events are known by their UIDs. An interview comes back to itself; a due action is a reminder,
never an interview."""

import json

import pytest

from tests.importers.conftest import run
from afterview.storage import open_store


INVITATION = "\r\n".join([
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
    "BEGIN:VEVENT", "UID:fh-panel-1@google.com", "SEQUENCE:0",
    "DTSTART:20261201T150000Z", "DTEND:20261201T160000Z",
    "SUMMARY:Fenwick & Hale | Data Platform Lead - Panel Interview",
    "ORGANIZER;CN=Olivia Hart:mailto:olivia.hart@fenwickhale.co.uk",
    "ATTENDEE;CN=Tom Reid:mailto:tom.reid@fenwickhale.co.uk",
    "ATTENDEE;CN=Sam Seeker:mailto:sam.seeker@gmail.com", "END:VEVENT",
    "BEGIN:VEVENT", "UID:harbor-1@google.com",
    "DTSTART:20261203T150000Z", "DTEND:20261203T160000Z", "SUMMARY:Technical interview - Harbor Robotics",
    "ATTENDEE;CN=Dev Patel:mailto:dev.patel@harborrobotics.com",
    "ATTENDEE;CN=Sam Seeker:mailto:sam.seeker@gmail.com", "END:VEVENT",
    "END:VCALENDAR", "",
])




@pytest.fixture
def exported(tmp_path, capsys, afterview_home):
    """Two interviews imported from a calendar, then `calendar export -o due.ics --days 14`."""
    (tmp_path / "cal.ics").write_text(INVITATION)
    assert run(capsys, "profile", "set", "--name", "Sam Seeker", "--email", "sam.seeker@gmail.com",
               "--tz", "Europe/London")[0] == 0
    code, out, err = run(capsys, "calendar", "import", str(tmp_path / "cal.ics"))
    assert code == 0 and out.splitlines()[-1] == "2 interviews (2 new)", err
    code, _, err = run(capsys, "calendar", "export", "-o", str(tmp_path / "due.ics"), "--days", "14")
    assert code == 0, err
    return tmp_path / "due.ics"


def _interviews(afterview_home):
    from afterview.domain.model import Interview

    store = open_store(f"sqlite:///{afterview_home / 'afterview.db'}")
    try:
        with store.transaction() as tx:
            return tx.list(Interview)
    finally:
        store.close()


def test_our_own_export_is_recognised_not_imported_again(exported, capsys, afterview_home):
    before = _interviews(afterview_home)
    text = exported.read_text()
    reminders = text.count("UID:action-")
    assert reminders >= 2 and text.count("UID:interview-") == 2
    code, out, err = run(capsys, "calendar", "import", "--dry-run", str(exported))
    assert code == 0, err
    assert out.strip() == (f"dry run, nothing written: 2 interviews (2 unchanged), {reminders} Afterview "
                           "reminders skipped (not interviews)")
    code, out, err = run(capsys, "calendar", "import", str(exported))
    assert code == 0, err
    assert out.strip() == f"2 interviews (2 unchanged), {reminders} Afterview reminders skipped (not interviews)"
    assert _interviews(afterview_home) == before  # no copies, nothing changed, the panels as they were
    code, out, _ = run(capsys, "calendar", "import", "--json", str(exported))
    data = json.loads(out)
    assert data["counts"] == {"unchanged": 2, "reminder": reminders} and data["created"] == {}


def test_an_exported_interview_moved_in_the_calendar_moves_the_interview(exported, capsys, afterview_home):
    text = exported.read_text()
    moved = text.replace("DTSTART;TZID=Europe/London:20261201T150000", "DTSTART;TZID=Europe/London:20261202T110000")
    moved = moved.replace("DTEND;TZID=Europe/London:20261201T160000", "DTEND;TZID=Europe/London:20261202T120000")
    assert moved != text
    exported.write_text(moved)
    code, out, err = run(capsys, "calendar", "import", str(exported))
    assert code == 0, err
    [updated] = [line for line in out.splitlines() if ": updated: " in line]
    assert updated.endswith(" on 2026-12-02 11:00 Europe/London: moved from 2026-12-01 15:00 to 2026-12-02 11:00 Europe/London")
    assert out.splitlines()[-1].startswith("2 interviews (1 updated, 1 unchanged), ")
    panel = next(i for i in _interviews(afterview_home) if i.external_uid == "fh-panel-1@google.com")
    assert panel.start.isoformat() == "2026-12-02T11:00:00+00:00"
    assert panel.external_sequence == 0 and len(panel.participants) == 2  # the invitation's, untouched


def test_the_invitation_still_updates_after_our_export_came_back(exported, capsys, afterview_home, tmp_path):
    run(capsys, "calendar", "import", str(exported))
    update = INVITATION.replace("SEQUENCE:0", "SEQUENCE:1").replace("20261201T150000Z", "20261201T170000Z")
    update = update.replace("20261201T160000Z", "20261201T180000Z")
    (tmp_path / "update.ics").write_text(update)
    code, out, err = run(capsys, "calendar", "import", str(tmp_path / "update.ics"))
    assert code == 0 and "1 updated" in out.splitlines()[-1], (out, err)


def test_an_exported_interview_that_is_not_recorded_is_ignored(exported, capsys, tmp_path):
    text = exported.read_text().replace("UID:interview-1@afterview.local", "UID:interview-99@afterview.local")
    exported.write_text(text)
    code, out, err = run(capsys, "calendar", "import", "--json", str(exported))
    assert code == 0, err
    rows = json.loads(out)["rows"]
    assert {"action": "ignored", "detail": "exported by Afterview for interview 99, which is not recorded here"}.items() \
        <= next(r for r in rows if r["action"] == "ignored").items()


def test_reminders_alone_are_read_whatever_the_keywords(exported, capsys):
    code, out, err = run(capsys, "calendar", "import", "--keyword", "zzz", str(exported))
    assert code == 0, err
    assert "Afterview reminders skipped (not interviews)" in out and "new" not in out
