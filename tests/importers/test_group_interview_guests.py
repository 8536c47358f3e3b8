"""A group interview from an invitation: the other candidates, at personal addresses among the
company's people, are not put on the panel (no note thanks them "for the chance to join the
team"); the import says so for each, with the commands that put them on it. An interview whose
people all write from personal addresses (a small company on Gmail) keeps them."""

from __future__ import annotations

import json

import pytest

from tests.helpers import afterview

AT = "2026-11-28 10:00"
AFTER = "2026-12-02 18:00"  # the group assessment ended on 1 December at 20:00 UTC

GROUP = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Google Inc//Google Calendar 70.9054//EN
METHOD:REQUEST
BEGIN:VEVENT
UID:group-123@google.com
SEQUENCE:{sequence}
DTSTAMP:20261120T120000Z
DTSTART;TZID=America/New_York:20261201T130000
DTEND;TZID=America/New_York:20261201T150000
SUMMARY:Wayne Data: Analytics Engineer - group assessment
LOCATION:https://meet.google.com/abc-defg-hij
ORGANIZER;CN=Wayne Data Talent Team:mailto:talent@waynedata.io
ATTENDEE;CN=Alex Morgan;ROLE=REQ-PARTICIPANT:mailto:alex@mail.example
ATTENDEE;CN=b.nakamura@waynedata.io;ROLE=REQ-PARTICIPANT:mailto:b.nakamura@waynedata.io
ATTENDEE;ROLE=REQ-PARTICIPANT:mailto:jsmith@waynedata.io
ATTENDEE;CN=John Doe;ROLE=REQ-PARTICIPANT:mailto:john.doe1988@gmail.com
ATTENDEE;CN=Maria Lopez;ROLE=REQ-PARTICIPANT:mailto:maria.lopez@outlook.com
ATTENDEE;CN=Sam;ROLE=REQ-PARTICIPANT:mailto:sam@waynedata.io
{more}END:VEVENT
END:VCALENDAR
"""

SMALL = """BEGIN:VCALENDAR
VERSION:2.0
METHOD:REQUEST
BEGIN:VEVENT
UID:small-1@google.com
DTSTAMP:20261120T120000Z
DTSTART;TZID=America/New_York:20261201T100000
DTEND;TZID=America/New_York:20261201T110000
SUMMARY:Interview at Tiny Bakery Co
ORGANIZER;CN=Ann Baker:mailto:ann.baker.bakes@gmail.com
ATTENDEE;CN=Alex Morgan:mailto:alex@mail.example
ATTENDEE;CN=Ben Crumb:mailto:ben.crumb@outlook.com
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def cli(tmp_path):
    db = str(tmp_path / "g.db")

    def run(*args: str, at: str = AT, code: int = 0):
        result = afterview("--db", db, "--at", at, *args)
        assert result.code == code, (result.out, result.err)
        assert "Traceback" not in result.out + result.err
        return result

    def write(name: str, text: str) -> str:
        (tmp_path / name).write_text(text)
        return str(tmp_path / name)

    run("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--tz", "America/Chicago",
        "--country", "US")
    run.write = write
    return run


def _panel(cli, interview: int = 1) -> set[str]:
    shown = json.loads(cli("interview", "show", str(interview), "--json").out)
    people = {p["id"]: p["name"] for p in json.loads(cli("person", "list", "--json").out)}
    return {people[p["person_id"]] for p in shown["participants"]}


def test_the_other_candidates_are_left_off_the_panel_and_said(cli):
    done = cli("calendar", "import", cli.write("group.ics", GROUP.format(sequence=0, more="")))
    assert _panel(cli) == {"B. Nakamura", "Jsmith", "Sam"}
    names = {p["name"] for p in json.loads(cli("person", "list", "--json").out)}
    assert not names & {"John Doe", "Maria Lopez"}, names  # no contact made of them either
    warnings = [line for line in done.err.splitlines() if "not put on the panel" in line]
    assert warnings == [
        "afterview: warning: group.ics line 5: John Doe <john.doe1988@gmail.com>: not put on the panel of "
        "interview 1: a personal address among people at waynedata.io, most likely another candidate; if they "
        "interviewed you: afterview person add 'John Doe' --email john.doe1988@gmail.com --company 'Wayne Data', "
        "then afterview interview edit 1 --with john.doe1988@gmail.com",
        "afterview: warning: group.ics line 5: Maria Lopez <maria.lopez@outlook.com>: not put on the panel of "
        "interview 1: a personal address among people at waynedata.io, most likely another candidate; if they "
        "interviewed you: afterview person add 'Maria Lopez' --email maria.lopez@outlook.com --company "
        "'Wayne Data', then afterview interview edit 1 --with maria.lopez@outlook.com",
    ]
    notes = cli("interview", "show", "1").out
    assert ("Also invited: John Doe <john.doe1988@gmail.com> (a personal address: most likely another candidate, "
            "not on the panel)") in notes

    # No note is planned for them: the plan is for the panel alone.
    actions = json.loads(cli("plan", "--json", at=AFTER).out)["actions"]
    thanked = {a["person_id"] for a in actions if a["kind"] == "thank_you"}
    people = {p["name"]: p["id"] for p in json.loads(cli("person", "list", "--json").out)}
    assert thanked == {people["B. Nakamura"], people["Jsmith"], people["Sam"]}

    # The same file again says nothing more; the commands said put one on the panel when they did interview.
    again = cli("calendar", "import", cli.write("group.ics", GROUP.format(sequence=0, more="")))
    assert "not put on the panel" not in again.err
    cli("person", "add", "John Doe", "--email", "john.doe1988@gmail.com", "--company", "Wayne Data")
    cli("interview", "edit", "1", "--with", "john.doe1988@gmail.com")
    assert "John Doe" in _panel(cli)


def test_a_newer_version_that_invites_another_candidate_says_so(cli):
    cli("calendar", "import", cli.write("group.ics", GROUP.format(sequence=0, more="")))
    more = "ATTENDEE;CN=Kim Park;ROLE=REQ-PARTICIPANT:mailto:kim.park@yahoo.com\n"
    done = cli("calendar", "import", cli.write("group.ics", GROUP.format(sequence=1, more=more)))
    said = [line for line in done.err.splitlines() if "not put on the panel" in line]
    assert len(said) == 1 and said[0].startswith(
        "afterview: warning: group.ics line 5: Kim Park <kim.park@yahoo.com>: not put on the panel of interview 1")
    assert "Kim Park" not in _panel(cli)


def test_someone_recorded_at_the_company_with_a_personal_address_stays_on_the_panel(cli):
    cli("company", "add", "Wayne Data", "--website", "waynedata.io")
    cli("person", "add", "John Doe", "--email", "john.doe1988@gmail.com", "--company", "Wayne Data")
    done = cli("calendar", "import", cli.write("group.ics", GROUP.format(sequence=0, more="")))
    assert "John Doe" in _panel(cli)
    assert "Maria Lopez" not in _panel(cli)
    assert "John Doe <john.doe1988@gmail.com>: not put on the panel" not in done.err


def test_a_company_on_gmail_keeps_its_people_on_the_panel(cli):
    done = cli("calendar", "import", cli.write("small.ics", SMALL))
    assert _panel(cli) == {"Ann Baker", "Ben Crumb"}
    assert "not put on the panel" not in done.err


def test_the_rule_by_itself():
    from afterview.importers.interviews import personal_guests
    from afterview.importers.records import Attendee

    company = [Attendee("talent@waynedata.io", "Talent", organizer=True), Attendee("sam@waynedata.io", "Sam")]
    guest = Attendee("john.doe1988@gmail.com", "John Doe")
    assert personal_guests([*company, guest]) == [guest]
    assert personal_guests([guest, Attendee("maria@outlook.com")]) == []  # nobody at a company's domain
    assert personal_guests([Attendee("boss@gmail.com", "Boss", organizer=True), company[1]]) == []  # the organizer
    # the user's own employer domain tells no company
    assert personal_guests([guest, Attendee("me@work.example")], own_domains={"work.example"}) == []
