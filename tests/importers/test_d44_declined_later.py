"""Someone a version imported before put on the panel, whom a newer copy of the invitation (the
same UID, the same SEQUENCE, a later DTSTAMP) says declined or sent someone else: off the panel,
their planned thank-you gone, said in one line naming them, when no note to them about the
interview was approved, scheduled or sent; else on it still, said with the command that takes
them off. A dry run says the same and changes nothing. Through the command line, on a real
SQLite file."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from afterview.domain.model import Interview, Message, MessageKind, MessageState, Person

from tests.importers.conftest import cli_at, stored

AT = "2026-11-26 09:00 UTC"  # the interview, on 2 Dec, is ahead


def invitation(marcus: str, stamp: str) -> str:
    return "\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "METHOD:REQUEST",
        "BEGIN:VEVENT", "UID:d44-declined@google.com", "SEQUENCE:0", f"DTSTAMP:{stamp}",
        "DTSTART;TZID=America/New_York:20261202T140000", "DTEND;TZID=America/New_York:20261202T150000",
        "SUMMARY:Globex | Data Engineer - Technical Interview",
        "ORGANIZER;CN=Rita Recruiter:mailto:rita.recruiter@globex.com",
        "ATTENDEE;CN=Dana Reyes;PARTSTAT=ACCEPTED:mailto:dana.reyes@globex.com",
        f"ATTENDEE;CN=Marcus Webb;PARTSTAT={marcus}:mailto:marcus.webb@globex.com",
        "ATTENDEE;CN=Sam Seeker;PARTSTAT=ACCEPTED:mailto:sam.seeker@gmail.com",
        "END:VEVENT", "END:VCALENDAR", ""])


def panel() -> set[str]:
    def names(tx):
        interview = tx.list(Interview)[0]
        return {tx.get(Person, p.person_id).name for p in interview.participants}
    return stored(names)


@pytest.fixture
def imported(capsys, tmp_path):
    cli_at(capsys, AT, "profile", "set", "--name", "Sam Seeker", "--email", "sam.seeker@gmail.com",
           "--tz", "America/New_York", "--country", "US")
    first = tmp_path / "invite.ics"
    first.write_text(invitation("ACCEPTED", "20261125T160000Z"), encoding="utf-8")
    code, out, err = cli_at(capsys, AT, "calendar", "import", str(first))
    assert code == 0, err
    assert panel() == {"Rita Recruiter", "Dana Reyes", "Marcus Webb"}
    return tmp_path


def newer(tmp_path, answer: str):
    path = tmp_path / "invite_updated.ics"
    path.write_text(invitation(answer, "20261126T080000Z"), encoding="utf-8")
    return path


@pytest.mark.parametrize("answer", ["DECLINED", 'DELEGATED;DELEGATED-TO="mailto:kim@globex.com"'])
def test_who_declines_in_a_newer_copy_leaves_the_panel_and_their_thank_you(capsys, imported, answer):
    path = newer(imported, answer)
    code, out, err = cli_at(capsys, AT, "calendar", "import", "--dry-run", str(path))
    assert code == 0, err
    said = [line for line in err.splitlines() if "Marcus Webb" in line]
    assert len(said) == 1 and "taken off the panel of interview 1" in said[0], err
    assert panel() == {"Rita Recruiter", "Dana Reyes", "Marcus Webb"}  # a dry run writes nothing
    code, out, err = cli_at(capsys, AT, "calendar", "import", str(path))
    assert code == 0, err
    said = [line for line in err.splitlines() if "Marcus Webb" in line]
    assert len(said) == 1 and "taken off the panel of interview 1" in said[0], err
    assert panel() == {"Rita Recruiter", "Dana Reyes"}
    code, out, _ = cli_at(capsys, AT, "plan")
    assert "Thank Marcus Webb" not in out and "Thank Dana Reyes" in out
    code, out, err = cli_at(capsys, AT, "calendar", "import", str(path))  # the same copy again: nothing
    assert code == 0 and "Marcus Webb" not in err, err


@pytest.mark.parametrize("state", [MessageState.APPROVED, MessageState.SCHEDULED, MessageState.SENT])
def test_who_declines_after_a_note_to_them_was_approved_stays_and_it_is_said(capsys, imported, state):
    def note(tx):
        interview = tx.list(Interview)[0]
        marcus = next(p for p in tx.list(Person) if p.name == "Marcus Webb")
        when = datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)
        tx.add(Message(kind=MessageKind.THANK_YOU, person_id=marcus.id, opportunity_id=interview.opportunity_id,
                       interview_id=interview.id, action_key=f"thank_you:i{interview.id}:p{marcus.id}",
                       subject="Thank you", body="Hi Marcus,\n\nThank you.\n", state=state,
                       to_address="marcus.webb@globex.com", created_at=when, approved_at=when,
                       scheduled_at=datetime(2026, 12, 3, 14, 0, tzinfo=timezone.utc)
                       if state is MessageState.SCHEDULED else None,
                       sent_at=when if state is MessageState.SENT else None))
        return marcus.id
    marcus = stored(note)
    path = newer(imported, "DECLINED")
    for dry in (["--dry-run"], []):
        code, out, err = cli_at(capsys, AT, "calendar", "import", *dry, str(path))
        assert code == 0, err
        said = [line for line in err.splitlines() if "Marcus Webb" in line]
        assert len(said) == 1, err
        assert "stays on the panel of interview 1" in said[0] and state.value in said[0], said[0]
        assert f"afterview interview edit 1 --without {marcus}" in said[0] or \
            "afterview interview edit 1 --without marcus.webb@globex.com" in said[0], said[0]
        assert panel() == {"Rita Recruiter", "Dana Reyes", "Marcus Webb"}
