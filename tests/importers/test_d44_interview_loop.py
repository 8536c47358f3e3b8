"""A recurring invitation (a "loop": the same interviewer four days running, RRULE) is four
interviews, and one thank-you to that interviewer, after the last of them: notes to one person
on consecutive days fall within the playbook's spacing (3 business days). Occurrences further
apart than that are thanked each. Through the command line, on a real SQLite file."""

from __future__ import annotations

import json

import pytest

from tests.importers.conftest import cli_at

AT = "2026-11-26 09:00 UTC"


def invitation(rule: str) -> str:
    return "\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "METHOD:REQUEST",
        "BEGIN:VEVENT", "UID:d44-loop@google.com", "SEQUENCE:0", "DTSTAMP:20261125T160000Z",
        "DTSTART;TZID=America/New_York:20261201T100000", "DTEND;TZID=America/New_York:20261201T110000",
        f"RRULE:{rule}",
        "SUMMARY:Globex | Data Engineer - Technical Interview",
        "ORGANIZER;CN=Dana Reyes:mailto:dana.reyes@globex.com",
        "ATTENDEE;CN=Dana Reyes;PARTSTAT=ACCEPTED:mailto:dana.reyes@globex.com",
        "ATTENDEE;CN=Sam Seeker;PARTSTAT=ACCEPTED:mailto:sam.seeker@gmail.com",
        "END:VEVENT", "END:VCALENDAR", ""])


def thank_yous(capsys, when: str) -> list[str]:
    code, out, err = cli_at(capsys, when, "plan", "--json")
    assert code == 0, err
    found = json.loads(out)
    actions = found if isinstance(found, list) else found.get("actions", [])
    return sorted(a["key"] for a in actions if a["key"].startswith("thank_you:"))


@pytest.fixture
def loop(capsys, tmp_path):
    def imported(rule: str):
        cli_at(capsys, AT, "profile", "set", "--name", "Sam Seeker", "--email", "sam.seeker@gmail.com",
               "--tz", "America/New_York", "--country", "US")
        path = tmp_path / "loop.ics"
        path.write_text(invitation(rule), encoding="utf-8")
        code, out, err = cli_at(capsys, AT, "calendar", "import", str(path))
        assert code == 0, err
        return out
    return imported


def test_a_loop_of_four_days_is_thanked_once_after_its_last_interview(capsys, loop):
    out = loop("FREQ=DAILY;COUNT=4")
    assert "4 interviews (4 new)" in out, out
    before = thank_yous(capsys, AT)
    assert before == ["thank_you:i4:p1"], before  # the loop's last: Fri 4 Dec
    during = thank_yous(capsys, "2026-12-02 18:00 UTC")  # after the second day
    assert during == ["thank_you:i4:p1"], during


def test_interviews_a_week_apart_are_thanked_each(capsys, loop):
    loop("FREQ=WEEKLY;COUNT=2")
    assert thank_yous(capsys, "2026-12-01 18:00 UTC") == ["thank_you:i1:p1", "thank_you:i2:p1"]
