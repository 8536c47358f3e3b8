"""Calendar re-imports: which version of an event changes an interview, what a change does to the
notes about it, and interviews the user deleted or recorded by hand.

The invitation is the tester's: Jane Smith of Globex invites Alex (and Bob Lee) to a technical
interview on Mon 23 Nov 2026, 09:00 Chicago time (SEQUENCE 0); a later copy moves it to the
24th (SEQUENCE 1).
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest

from afterview.domain import model as m
from tests.importers.conftest import cli_at as cli, stored
from afterview.importers.recognition import Rule
from afterview.services.imports import import_calendar

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
JANE = ("Jane Smith", "jane.smith@globex.com")
BOB = ("Bob Lee", "bob.lee@globex.com")
CAROL = ("Carol Diaz", "carol.diaz@globex.com")


def invite(folder, name="invite.ics", *, day=23, sequence: int | None = 0, people=(JANE, BOB), method="REQUEST",
           status="CONFIRMED", uid="abc123@google.com"):
    """A Google invitation saved from Gmail (one event), as the tester's invite.ics."""
    attendees = "".join(
        f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN={who}:mailto:{address}\r\n"
        for who, address in (*people, ("alex@mail.example", "alex@mail.example")))
    lines = (
        "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n"
        f"CALSCALE:GREGORIAN\r\nMETHOD:{method}\r\nBEGIN:VEVENT\r\n"
        f"DTSTART:202611{day}T150000Z\r\nDTEND:202611{day}T160000Z\r\nDTSTAMP:20261118T120000Z\r\n"
        "ORGANIZER;CN=Jane Smith:mailto:jane.smith@globex.com\r\n"
        f"UID:{uid}\r\n{attendees}"
        + (f"SEQUENCE:{sequence}\r\n" if sequence is not None else "")
        + f"STATUS:{status}\r\nSUMMARY:Globex | Data Engineer - Technical Interview\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    path = folder / name
    path.write_text(lines, encoding="utf-8")
    return path


@pytest.fixture
def alex(capsys, monkeypatch):
    """The tester's setup (P): Alex's profile and a mail account on a port nothing listens on."""
    monkeypatch.setenv("QA_PW", "x")
    for argv in (
        ["profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--phone", "+1 555",
         "--tz", "America/Chicago", "--country", "US"],
        ["account", "add", "personal", "--email", "alex@mail.example", "--smtp-host", "127.0.0.1", "--smtp-port",
         "2599", "--smtp-tls", "none", "--imap-host", "127.0.0.1", "--imap-port", "2598", "--imap-tls", "none",
         "--password-env", "QA_PW"],
    ):
        code, _, err = cli(capsys, "2026-11-20T09:00Z", *argv)
        assert code == 0, err


def scheduled_thank_you(capsys, folder):
    """The tester's steps up to a thank-you to Jane scheduled for Mon 23 Nov 15:00 (Chicago)."""
    for argv in (
        ["calendar", "import", str(invite(folder))],
        ["debrief", "1", "--person", "Jane", "--topic", "dbt models"],
        ["draft", "thank_you:i1:p1", "--no-ask"],
        ["approve", "1"],
        ["send", "1", "--at", "2026-11-23 15:00"],
    ):
        code, out, err = cli(capsys, "2026-11-20T09:00Z", *argv)
        assert code == 0, err
    assert stored(lambda tx: tx.get(m.Message, 1).state) == m.MessageState.SCHEDULED


# -- bug 1: a calendar move holds back a note that would go out before the interview ------------


def test_a_calendar_move_holds_back_a_thank_you_scheduled_before_the_new_time(capsys, tmp_path, alex):
    scheduled_thank_you(capsys, tmp_path)
    moved = invite(tmp_path, "invite_moved.ics", day=24, sequence=1)
    code, out, err = cli(capsys, "2026-11-22T17:00Z", "calendar", "import", str(moved))
    assert code == 0, err
    lines = out.strip().splitlines()
    assert "moved from 2026-11-23 09:00 to 2026-11-24 09:00 America/Chicago" in lines[0]
    # said as `afterview interview edit` says it, before the summary line
    assert lines[1] == ("message 1: not sent: the interview now ends Tue 24 Nov 2026 10:00 America/Chicago, after "
                        "the note was set to go out; a draft again (approve it and schedule it again for after the "
                        "interview)")
    assert lines[2] == ("note: interview 1: draft 1 was written before this change: check the day it names, or "
                        "draft again (afterview draft --interview 1 --force)")
    assert lines[-1] == "1 interview (1 updated), 1 approved message back to drafts"
    message = stored(lambda tx: tx.get(m.Message, 1))
    assert message.state == m.MessageState.DRAFTED and message.scheduled_at is None
    code, out, _ = cli(capsys, "2026-11-22T17:00Z", "plan")
    assert "on its way" not in out.lower() and "held back, a draft again (message 1): afterview show 1 says why" in out
    code, out, err = cli(capsys, "2026-11-23T21:05Z", "send-due")  # nothing to send the day before
    # (status 2: this set-up's account has no IMAP server to read first, which send-due says)
    assert code == 2 and "replies to personal could not be read" in err
    assert "sent" not in out.replace("nothing due", "")
    assert stored(lambda tx: tx.get(m.Message, 1).state) == m.MessageState.DRAFTED


def test_a_dry_run_says_what_a_move_would_hold_back_and_holds_nothing(capsys, tmp_path, alex):
    scheduled_thank_you(capsys, tmp_path)
    moved = invite(tmp_path, "invite_moved.ics", day=24, sequence=1)
    code, out, err = cli(capsys, "2026-11-22T17:00Z", "calendar", "import", "--dry-run", str(moved))
    assert code == 0, err
    assert "message 1: not sent: the interview now ends Tue 24 Nov 2026 10:00" in out
    assert out.strip().splitlines()[-1] == (
        "dry run, nothing written: 1 interview (1 updated), 1 approved message back to drafts")
    assert stored(lambda tx: tx.get(m.Message, 1).state) == m.MessageState.SCHEDULED
    code, out, _ = cli(capsys, "2026-11-22T17:00Z", "calendar", "import", "--json", str(moved))
    data = json.loads(out)
    assert data["held"][0]["message"] == 1 and "now ends" in data["held"][0]["why"]


def test_a_calendar_cancellation_holds_back_the_interviews_notes(capsys, tmp_path, alex):
    scheduled_thank_you(capsys, tmp_path)
    cancel = invite(tmp_path, "cancel.ics", sequence=1, method="CANCEL", status="CANCELLED")
    code, out, err = cli(capsys, "2026-11-22T17:00Z", "calendar", "import", str(cancel))
    assert code == 0, err
    assert "line 6: cancelled: " in out
    assert "message 1: not sent: interview 1 is cancelled" in out
    assert out.strip().splitlines()[-1] == "1 cancelled, 1 approved message back to drafts"
    assert stored(lambda tx: tx.get(m.Message, 1).state) == m.MessageState.DRAFTED


def test_a_move_later_than_the_scheduled_time_keeps_the_note(capsys, tmp_path, alex):
    scheduled_thank_you(capsys, tmp_path)
    earlier = invite(tmp_path, "earlier.ics", day=22, sequence=1)  # ends before the note goes out
    code, out, err = cli(capsys, "2026-11-20T10:00Z", "calendar", "import", str(earlier))
    assert code == 0, err
    assert "message 1" not in out and out.strip().splitlines()[-1] == "1 interview (1 updated)"
    assert stored(lambda tx: tx.get(m.Message, 1).state) == m.MessageState.SCHEDULED


def test_the_desk_import_says_which_notes_a_move_held_back(capsys, tmp_path, alex):
    from tests.web.conftest import TOKEN, client_for, csrf_of

    from afterview.config import database_url, load_config, paths
    from afterview.interfaces.web.app import create_app

    scheduled_thank_you(capsys, tmp_path)
    where = paths()
    at = datetime(2026, 11, 22, 17, 0, tzinfo=timezone.utc)
    app = create_app(database_url(None, load_config(where), where), now=lambda: at, token=TOKEN,
                     allowed_hosts={"testserver"})
    client = client_for(app)
    client.get(f"/login?token={TOKEN}")
    csrf = csrf_of(client.get("/imports").text)
    moved = invite(tmp_path, "invite_moved.ics", day=24, sequence=1).read_bytes()
    preview = client.post("/imports/preview", data={"csrf": csrf, "kind": "ics"},
                          files={"file": ("invite_moved.ics", moved, "text/calendar")})
    assert preview.status_code == 200, preview.text
    assert "Messages this changes" in preview.text
    assert "The thank-you note to Jane Smith: not sent: the interview now ends Tue 24 Nov 2026 10:00" in preview.text
    assert stored(lambda tx: tx.get(m.Message, 1).state) == m.MessageState.SCHEDULED  # a preview holds nothing
    upload = re.search(r'name="upload" value="([^"]+)"', preview.text).group(1)
    done = client.post("/imports/confirm", data={"csrf": csrf, "upload": upload}, follow_redirects=True)
    assert done.status_code == 200
    assert "1 approved message back to drafts" in done.text
    assert "not sent: the interview now ends Tue 24 Nov 2026 10:00" in done.text
    assert "Redraft writes it again from your notes" in done.text  # the desk's words, not a command
    assert stored(lambda tx: tx.get(m.Message, 1).state) == m.MessageState.DRAFTED


# -- bug 6: the version already imported changes nothing ------------------------------------------


def test_reimporting_the_same_file_keeps_the_users_corrections(capsys, tmp_path, alex):
    path = invite(tmp_path)
    assert cli(capsys, "2026-11-20T09:00Z", "calendar", "import", str(path))[0] == 0
    assert cli(capsys, "2026-11-20T09:00Z", "interview", "edit", "1", "--without", "Bob")[0] == 0
    assert cli(capsys, "2026-11-20T09:00Z", "interview", "edit", "1", "--start", "2026-11-23 10:00")[0] == 0
    code, out, err = cli(capsys, "2026-11-20T09:00Z", "calendar", "import", str(path))
    assert code == 0, err
    assert out.strip() == "1 interview (1 unchanged)"
    interview = stored(lambda tx: tx.get(m.Interview, 1))
    names = stored(lambda tx: [tx.get(m.Person, p.person_id).name for p in interview.participants])
    assert names == ["Jane Smith"]
    assert interview.start == datetime(2026, 11, 23, 16, 0, tzinfo=timezone.utc)  # 10:00 Chicago, as corrected


def calendar(store, path, **options):
    options.setdefault("rule", Rule())
    options.setdefault("now", NOW)
    return import_calendar(store, path, user_tz="America/Chicago", **options)


@pytest.fixture
def store(tmp_path):
    from afterview.storage import open_store

    opened = open_store(f"sqlite:///{tmp_path / 'versions.db'}")
    with opened.transaction() as tx:
        tx.save_profile(m.Profile(name="Alex Morgan", email="alex@mail.example", timezone="America/Chicago"))
    yield opened
    opened.close()


def _panel(store, interview_id=1) -> set[str]:
    with store.transaction() as tx:
        return {tx.get(m.Person, p.person_id).name for p in tx.get(m.Interview, interview_id).participants}


def _edit(store, interview_id=1, **changes):
    from afterview.services.interviews import edit_interview

    with store.transaction() as tx:
        return edit_interview(tx, interview_id, now=NOW, **changes)


def test_a_newer_sequence_moves_the_interview_and_adds_only_the_attendees_it_adds(store, tmp_path):
    calendar(store, invite(tmp_path))
    _edit(store, remove=["Bob Lee"])
    newer = calendar(store, invite(tmp_path, "moved.ics", day=24, sequence=1, people=(JANE, BOB, CAROL)))
    assert newer.counts["updated"] == 1
    assert "moved from 2026-11-23 09:00 to 2026-11-24 09:00" in newer.notes[0].detail
    assert "1 new participant" in newer.notes[0].detail
    assert _panel(store) == {"Jane Smith", "Carol Diaz"}  # Bob was taken off by hand and stays off
    with store.transaction() as tx:
        assert tx.get(m.Interview, 1).external_sequence == 1
    again = calendar(store, invite(tmp_path, "moved.ics", day=24, sequence=1, people=(JANE, BOB, CAROL)))
    assert again.summary() == "1 interview (1 unchanged)"
    older = calendar(store, invite(tmp_path))  # SEQUENCE 0 again: an older copy
    assert older.summary() == "1 interview (1 unchanged)" and _panel(store) == {"Jane Smith", "Carol Diaz"}


def test_an_event_without_sequence_is_version_0_and_a_changed_copy_is_still_applied(store, tmp_path):
    calendar(store, invite(tmp_path, sequence=None))
    _edit(store, remove=["Bob Lee"], location="Room 4")
    same = calendar(store, invite(tmp_path, sequence=None))
    assert same.summary() == "1 interview (1 unchanged)" and _panel(store) == {"Jane Smith"}
    # A calendar that never writes SEQUENCE still moves its events: the copy differs from the
    # version imported (its times), so it is a newer one.
    moved = calendar(store, invite(tmp_path, "moved.ics", day=24, sequence=None))
    assert moved.counts["updated"] == 1 and "moved from" in moved.notes[0].detail
    assert _panel(store) == {"Jane Smith"}
    with store.transaction() as tx:
        record = tx.get(m.Interview, 1)
    assert record.start == datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc) and record.location == "Room 4"


def test_a_calendar_export_stamped_later_is_the_same_version(store, tmp_path):
    calendar(store, invite(tmp_path))
    _edit(store, start="2026-11-23 10:00")
    later = invite(tmp_path, "export.ics")
    later.write_text(later.read_text().replace("DTSTAMP:20261118T120000Z", "DTSTAMP:20261121T080000Z"))
    assert calendar(store, later).summary() == "1 interview (1 unchanged)"
    with store.transaction() as tx:
        assert tx.get(m.Interview, 1).start == datetime(2026, 11, 23, 16, 0, tzinfo=timezone.utc)


def test_an_absurd_sequence_is_still_a_version(store, tmp_path):
    report = calendar(store, invite(tmp_path, sequence=99999999999999999999))
    assert report.counts["new"] == 1
    with store.transaction() as tx:
        assert tx.get(m.Interview, 1).external_sequence == 2**31 - 1


# -- bug 7: deleted interviews, and interviews recorded by hand ---------------------------------


def _delete(store, interview_id=1):
    from afterview.services.interviews import delete_interview

    with store.transaction() as tx:
        delete_interview(tx, interview_id, now=NOW)


def test_an_interview_deleted_is_not_recreated_from_the_same_version(store, tmp_path):
    path = invite(tmp_path)
    calendar(store, path)
    _delete(store)
    again = calendar(store, path)
    assert again.summary() == "1 not re-created (you deleted its interview)"
    [note] = again.notes
    assert note.action == "deleted"
    assert note.detail == ("not re-created: you deleted the interview imported from this event (interview 1), and "
                           "the event has not changed since (to import it all the same: --uid abc123@google.com)")
    with store.transaction() as tx:
        assert tx.count(m.Interview) == 0


def test_a_newer_version_of_a_deleted_interview_creates_it_again_and_says_so(store, tmp_path):
    calendar(store, invite(tmp_path))
    _delete(store)
    newer = calendar(store, invite(tmp_path, "moved.ics", day=24, sequence=1))
    assert newer.counts["new"] == 1
    assert newer.notes[0].detail.endswith(
        "; created again: you had deleted the interview imported from this event (interview 1), and it has changed since")
    assert calendar(store, invite(tmp_path, "moved.ics", day=24, sequence=1)).summary() == "1 interview (1 unchanged)"


def test_uid_imports_a_deleted_interview_again(capsys, tmp_path, alex):
    path = invite(tmp_path)
    assert cli(capsys, "2026-11-20T09:00Z", "calendar", "import", str(path))[0] == 0
    assert cli(capsys, "2026-11-20T09:00Z", "interview", "delete", "1", "--yes")[0] == 0
    code, out, _ = cli(capsys, "2026-11-20T09:00Z", "calendar", "import", str(path))
    assert out.strip().splitlines()[-1] == "1 not re-created (you deleted its interview)"
    assert "line 6: deleted: Globex | Data Engineer - Technical Interview on 2026-11-23 09:00 America/Chicago: not re-created" in out
    code, out, _ = cli(capsys, "2026-11-20T09:00Z", "calendar", "import", "--uid", "abc123@google.com", str(path))
    assert code == 0 and out.strip().splitlines()[-1] == "1 interview (1 new)"
    assert "you named it with --uid" in out


def test_an_interview_re_added_by_hand_elsewhere_is_not_imported_twice(capsys, tmp_path, alex):
    """The tester's steps: delete the imported interview, add it again by hand under another
    opportunity, import the same file: one interview, one thank-you per person."""
    path = invite(tmp_path)
    for argv in (["calendar", "import", str(path)], ["interview", "delete", "1", "--yes"],
                 ["opportunity", "add", "--company", "Initech", "--role", "Platform Engineer"],
                 ["interview", "add", "--opportunity", "2", "--start", "2026-11-23 09:00", "--with", "Jane Smith",
                  "--with", "Bob Lee"]):
        code, _, err = cli(capsys, "2026-11-20T09:00Z", *argv)
        assert code == 0, err
    code, out, err = cli(capsys, "2026-11-20T09:00Z", "calendar", "import", str(path))
    assert code == 0, err
    assert err.startswith("afterview: warning: invite.ics line 6: event 'Globex | Data Engineer - Technical "
                          "Interview' is at the same time, with the same people, as interview 2 (Platform Engineer at "
                          "Initech")
    assert "not imported a second time" in out
    assert stored(lambda tx: tx.count(m.Interview)) == 1
    code, out, _ = cli(capsys, "2026-11-24T09:00Z", "plan")
    assert out.count("Thank Jane Smith") == 1 and out.count("Thank Bob Lee") == 1
    # the event now updates the interview recorded by hand: a newer version moves it
    code, out, _ = cli(capsys, "2026-11-20T09:00Z", "calendar", "import", str(invite(tmp_path, "m.ics", day=24,
                                                                                     sequence=1)))
    assert "moved from 2026-11-23 09:00 to 2026-11-24 09:00" in out
    record = stored(lambda tx: tx.get(m.Interview, 2))
    assert record.start == datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc) and record.opportunity_id == 2


def test_an_interview_recorded_by_hand_first_is_not_imported_again(store, tmp_path):
    from afterview.services import pipeline

    with store.transaction() as tx:
        company = pipeline.add_company(tx, "Initech")
        opportunity = tx.add(m.Opportunity(company_id=company.id, role="Platform Engineer",
                                           status=m.OpportunityStatus.INTERVIEWING))
        jane = tx.add(m.Person(name="Jane Smith", emails=["jane.smith@globex.com"]))
        tx.add(m.Interview(opportunity_id=opportunity.id, start=datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc),
                           end=datetime(2026, 11, 23, 16, 0, tzinfo=timezone.utc), timezone="America/Chicago",
                           participants=[m.Participant(person_id=jane.id, role=m.Role.INTERVIEWER)]))
    report = calendar(store, invite(tmp_path))
    assert report.counts["new"] == 0 and report.counts["updated"] == 1
    assert any("as interview 1 (Platform Engineer at Initech): not imported a second time" in w
               for w in report.warnings)
    with store.transaction() as tx:
        assert tx.count(m.Interview) == 1
        assert tx.get(m.Interview, 1).external_uid == "abc123@google.com"
    assert calendar(store, invite(tmp_path)).summary() == "1 interview (1 unchanged)"


def test_a_newer_version_updates_the_interview_re_added_by_hand_at_the_old_time(store, tmp_path):
    """Deleted, recorded again by hand (under another opportunity), then the organiser moves it:
    the interview recorded by hand moves; no second one is created."""
    from afterview.services import pipeline

    calendar(store, invite(tmp_path))
    _delete(store)
    with store.transaction() as tx:
        company = pipeline.add_company(tx, "Initech")
        opportunity = tx.add(m.Opportunity(company_id=company.id, role="Platform Engineer",
                                           status=m.OpportunityStatus.INTERVIEWING))
        people = [p.id for p in tx.list(m.Person)]
        readded = tx.add(m.Interview(
            opportunity_id=opportunity.id, start=datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc),
            end=datetime(2026, 11, 23, 16, 0, tzinfo=timezone.utc), timezone="America/Chicago",
            participants=[m.Participant(person_id=i, role=m.Role.INTERVIEWER) for i in people]))
    moved = calendar(store, invite(tmp_path, "moved.ics", day=24, sequence=1))
    assert moved.summary() == "1 interview (1 updated)"
    assert "moved from 2026-11-23 09:00 to 2026-11-24 09:00" in moved.notes[0].detail
    assert f"is interview {readded.id} (Platform Engineer at Initech), which you recorded by hand" in moved.warnings[0]
    with store.transaction() as tx:
        [interview] = tx.list(m.Interview)
    assert interview.id == readded.id and interview.start == datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)


def test_an_all_day_event_moved_in_a_newer_version_follows(store, tmp_path):
    path = tmp_path / "onsite.ics"
    text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261210\r\n"
            "DTEND;VALUE=DATE:20261211\r\nUID:onsite-1@google.com\r\n"
            "ORGANIZER;CN=Jane Smith:mailto:jane.smith@globex.com\r\nSEQUENCE:0\r\n"
            "SUMMARY:Globex onsite interview day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    path.write_text(text)
    calendar(store, path)
    path.write_text(text.replace("20261211", "20261212").replace("20261210", "20261211").replace("SEQUENCE:0",
                                                                                                "SEQUENCE:1"))
    moved = calendar(store, path)
    assert moved.counts["updated"] == 1 and "moved from 2026-12-10 00:00 to 2026-12-11 00:00" in moved.notes[0].detail
    with store.transaction() as tx:
        assert tx.get(m.Interview, 1).start == datetime(2026, 12, 11, 6, 0, tzinfo=timezone.utc)


def test_a_move_onto_the_same_interview_recorded_elsewhere_is_not_applied(store, tmp_path):
    from afterview.services import pipeline

    calendar(store, invite(tmp_path))
    with store.transaction() as tx:
        company = pipeline.add_company(tx, "Initech")
        opportunity = tx.add(m.Opportunity(company_id=company.id, role="Platform Engineer",
                                           status=m.OpportunityStatus.INTERVIEWING))
        jane = tx.list(m.Person, name="Jane Smith")[0]
        tx.add(m.Interview(opportunity_id=opportunity.id, start=datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc),
                           end=datetime(2026, 11, 25, 16, 0, tzinfo=timezone.utc), timezone="America/Chicago",
                           participants=[m.Participant(person_id=jane.id, role=m.Role.INTERVIEWER)]))
    onto = calendar(store, invite(tmp_path, "onto.ics", day=25, sequence=1))
    assert onto.summary() == "1 interview, 1 ambiguous (not changed: check them by hand)"
    assert "not applied to interview 1: Jane Smith is already on interview 2" in onto.notes[0].detail
    with store.transaction() as tx:
        assert tx.get(m.Interview, 1).start == datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc)


def test_two_events_for_one_interview_give_one_interview(store, tmp_path):
    """A placeholder and the invitation (two UIDs), at the same start with the same interviewer:
    the second is not imported, and is reported; an event at another time is its own interview."""
    calendar(store, invite(tmp_path))
    second = calendar(store, invite(tmp_path, "hold.ics", uid="placeholder-9@google.com", people=(JANE,)))
    assert second.summary() == "1 interview, 1 ambiguous (not changed: check them by hand)"
    assert "imported from another event: not imported a second time" in second.notes[0].detail
    later = calendar(store, invite(tmp_path, "round2.ics", day=27, uid="round-2@google.com", people=(JANE,)))
    assert later.counts["new"] == 1
    with store.transaction() as tx:
        assert tx.count(m.Interview) == 2
