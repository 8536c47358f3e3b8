"""Imported email addresses are checked by the rule a typed `--email` passes (domain.values.parse_email).

An address that is no address makes its row a bad row, as an unknown zone or a javascript: link
does: the import is refused whole, in one line naming the file, the line and the address in the
typed check's own words, and the database is left exactly as it was; with --skip-bad the row is
skipped and listed. The forms files write addresses in are read (`Ann Lee <ann@acme.com>`,
`mailto:`, spaces around), an address is kept as written and compared ignoring case, and an
address that someone already has (in the database or earlier in the file) is that person:
no import ever gives one address to two people.
"""

from __future__ import annotations

import json
import sqlite3
import types
from pathlib import Path

import pytest

from afterview import plugins
from afterview.domain.values import parse_email
from afterview.errors import ImportFailed, InvalidInput
from afterview.importers import Attendee, CalendarEvent, Connection, TrackerRow
from afterview.importers.checks import email_address
from afterview.importers.recognition import Rule
from afterview.plugins.hookspecs import hookimpl
from afterview.services.imports import import_calendar, import_connections, import_tracker
from tests.helpers import afterview, assert_clean_error
from tests.importers.conftest import NOW

AT = ("--at", "2026-11-26 09:00 UTC")
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
REFUSED = "; nothing was imported (use --skip-bad to import the rest)"


def cli(db: Path, *args: str):
    return afterview("--db", str(db), *AT, *args)


def dump(db: Path) -> list[str]:
    """Every row of every table, and the schema: the database file exactly."""
    connection = sqlite3.connect(db)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def refused(db: Path, message: str, *args: str) -> None:
    """The import is refused in one line (exit 2) and nothing at all changed in the database."""
    before = dump(db)
    done = cli(db, *args)
    assert_clean_error(done)
    assert done.err == f"afterview: error: {message}{REFUSED}\n"
    assert done.out == ""
    assert dump(db) == before


def people(db: Path) -> dict[str, list[str]]:
    """Each person's addresses by name, read back from the database file."""
    done = cli(db, "export")
    assert done.code == 0, done.err
    return {p["name"]: p["emails"] for p in json.loads(done.out)["people"]}


def assert_one_owner(db: Path) -> None:
    """No address (case aside) belongs to two people, as `check_emails` keeps it for typed ones."""
    owners: dict[str, str] = {}
    for name, emails in people(db).items():
        for email in emails:
            assert owners.setdefault(email.casefold(), name) == name, (email, owners[email.casefold()], name)


def typed_error(value: str) -> str:
    """What typed input says of an address (the words every import must use)."""
    with pytest.raises(InvalidInput) as caught:
        parse_email(value)
    return str(caught.value)


@pytest.fixture
def db(tmp_path) -> Path:
    """A real SQLite file with a profile and one person typed in."""
    path = tmp_path / "afterview.db"
    done = cli(path, "profile", "set", "--name", "Sam Seeker", "--email", "sam.seeker@gmail.com",
               "--tz", "America/New_York")
    assert done.code == 0, done.err
    done = cli(path, "person", "add", "Ann Lee", "--email", "Ann.Lee@Globex.example", "--company", "Globex")
    assert done.code == 0, done.err
    return path


# --- the check itself ------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, found",
    [
        ("ann@acme.example", ("", "ann@acme.example")),
        ("  ann@acme.example\t", ("", "ann@acme.example")),
        ("ANN.Lee@ACME.example", ("", "ANN.Lee@ACME.example")),  # kept as written
        ("Ann Lee <ann@acme.example>", ("Ann Lee", "ann@acme.example")),
        ('"Lee, Ann" <ann@acme.example>', ("Lee, Ann", "ann@acme.example")),
        ("<ann@acme.example>", ("", "ann@acme.example")),
        ("ann@acme.example <ann@acme.example>", ("", "ann@acme.example")),
        ("mailto:ann@acme.example", ("", "ann@acme.example")),
        ("MAILTO:Ann@acme.example", ("", "Ann@acme.example")),
        ("Ann Lee <mailto:ann@acme.example>", ("Ann Lee", "ann@acme.example")),
        ("", ("", "")),
        ("N/A", ("", "")),
        ("invalid:nomail", ("", "")),
        ("hidden by the member", ("", "")),
    ],
)
def test_the_forms_an_address_is_written_in(cell, found):
    assert email_address(cell) == found


@pytest.mark.parametrize(
    "cell, address",
    [
        ("ann@@acme.example", "ann@@acme.example"),
        ("ann@acme", "ann@acme"),
        ("ann lee@acme.example", "ann lee@acme.example"),
        ("ann@acme.example, bob@acme.example", "ann@acme.example, bob@acme.example"),
        ("ann@acme..example", "ann@acme..example"),
        (".ann@acme.example", ".ann@acme.example"),
        ("Ann Lee <ann@@acme.example>", "ann@@acme.example"),
        ("mailto:ann@acme.example?subject=Hi", "ann@acme.example?subject=Hi"),
        ("see email: jobs@acme.example", "see email: jobs@acme.example"),
    ],
)
def test_an_address_that_is_none_is_refused_in_the_typed_words(cell, address):
    with pytest.raises(ValueError) as caught:
        email_address(cell)
    assert str(caught.value) == typed_error(address) == f"invalid email address: {address!r}"


def test_an_address_with_non_ascii_before_the_at_is_refused_as_not_supported():
    """Its domain would be taken (in its ASCII form); the part before the @ needs SMTPUTF8."""
    with pytest.raises(ValueError) as caught:
        email_address("jürgen@müller.example")
    assert str(caught.value) == typed_error("jürgen@müller.example")
    assert "not supported (the mail would need SMTPUTF8" in str(caught.value)


def test_a_huge_cell_is_not_repeated_in_the_message():
    with pytest.raises(ValueError, match=r"^invalid email address: 'xxx") as caught:
        email_address("x" * 100_000 + "@acme.example")
    assert len(str(caught.value)) < 200


def test_typed_input_says_the_same(db):
    done = cli(db, "person", "add", "Bob Stone", "--email", "bob@@initech.example")
    assert_clean_error(done)
    assert done.err == f"afterview: error: {typed_error('bob@@initech.example')}\n"


# --- spreadsheets ----------------------------------------------------------------------


def test_a_tracker_contact_with_a_bad_address_is_a_bad_row(tmp_path, db):
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Company,Role,Contact,Contact Email\n"
        "Initech,Analyst,Bill Lumbergh,bill@initech.example\n"
        "Umbrella,Chemist,Albert Wesker,albert@@umbrella.example\n",
        encoding="utf-8",
    )
    refused(db, "tracker.csv line 3: Umbrella: invalid email address: 'albert@@umbrella.example'",
            "csv", "import", str(path))
    refused(db, "tracker.csv line 3: Umbrella: invalid email address: 'albert@@umbrella.example'",
            "csv", "import", "--dry-run", str(path))
    done = cli(db, "csv", "import", "--skip-bad", str(path))
    assert done.code == 0, done.err
    assert "line 3: skipped: Umbrella: invalid email address: 'albert@@umbrella.example'" in done.out
    assert done.out.splitlines()[-1] == (
        "1 application (1 new), 1 skipped (line 3: Umbrella: invalid email address: 'albert@@umbrella.example')"
    )
    found = people(db)
    assert found["Bill Lumbergh"] == ["bill@initech.example"] and "Albert Wesker" not in found


def test_tracker_addresses_as_spreadsheets_write_them(tmp_path, db):
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Company,Role,Contact,Contact Email\n"
        "Initech,Analyst,,Bill Lumbergh <Bill.Lumbergh@Initech.example>\n"  # the name from the cell
        "Hooli,Engineer,Gavin B.,  gavin@hooli.example  \n"
        "Pied Piper,Backend Engineer,Monica Hall,N/A\n"  # no address at all: none kept
        "Soylent,Chemist,,mailto:mia@soylent.example\n",
        encoding="utf-8",
    )
    done = cli(db, "csv", "import", str(path))
    assert (done.code, done.out.splitlines()[-1]) == (0, "4 applications (4 new)"), done.err
    found = people(db)
    assert found["Bill Lumbergh"] == ["Bill.Lumbergh@Initech.example"]  # as written
    assert found["Gavin B."] == ["gavin@hooli.example"]
    assert found["Monica Hall"] == []
    assert found["Mia"] == ["mia@soylent.example"]
    assert_one_owner(db)
    before = dump(db)
    assert cli(db, "csv", "import", str(path)).out.splitlines()[-1] == "4 applications (4 unchanged)"
    assert dump(db) == before


def test_a_tracker_address_twice_or_already_recorded_is_one_person(tmp_path, db):
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Company,Role,Contact,Contact Email\n"
        "Globex,Data Engineer,A. Lee,ANN.LEE@GLOBEX.EXAMPLE\n"  # typed in as Ann.Lee@Globex.example
        "Globex,Analyst,,Ann Lee <ann.lee@globex.example>\n"
        "Initech,Analyst,Bill Lumbergh,bill@initech.example\n"
        "Initech,Manager,Bill L.,Bill Lumbergh <BILL@initech.example>\n",  # the same address, earlier in the file
        encoding="utf-8",
    )
    done = cli(db, "csv", "import", str(path))
    assert (done.code, done.out.splitlines()[-1]) == (0, "4 applications (4 new)"), done.err
    found = people(db)
    assert found["Ann Lee"] == ["Ann.Lee@Globex.example"]  # as typed: not changed, not doubled
    assert found["Bill Lumbergh"] == ["bill@initech.example"]
    assert {"A. Lee", "Bill L."}.isdisjoint(found)
    assert len(found) == 2
    assert_one_owner(db)


# --- LinkedIn --------------------------------------------------------------------------


def test_a_connection_with_a_bad_address_is_a_bad_row(tmp_path, db):
    path = tmp_path / "Connections.csv"
    path.write_text(
        HEADER + "Gwen,Stacy,https://www.linkedin.com/in/gwen,gwen@oscorp.example,Oscorp,Intern,03 Mar 2026\r\n"
        "Jane,Doe,https://www.linkedin.com/in/jd,jane@acme,Acme,Engineer,01 Jan 2025\r\n",
        encoding="utf-8", newline="",
    )
    refused(db, "Connections.csv line 3: Jane Doe: invalid email address: 'jane@acme'", "linkedin", "import", str(path))
    done = cli(db, "linkedin", "import", "--skip-bad", str(path))
    assert done.code == 0, done.err
    assert done.out.splitlines()[-1] == (
        "1 connection (1 new), 1 skipped (line 3: Jane Doe: invalid email address: 'jane@acme')"
    )
    found = people(db)
    assert found["Gwen Stacy"] == ["gwen@oscorp.example"] and "Jane Doe" not in found


def test_a_connection_address_twice_or_already_recorded_is_one_person(tmp_path, db):
    path = tmp_path / "Connections.csv"
    path.write_text(
        HEADER
        + "Ann,Lee,https://www.linkedin.com/in/annlee, ANN.LEE@globex.example ,Globex,Data Lead,01 Feb 2026\r\n"
        + "Peter,Parker,https://www.linkedin.com/in/pp,Peter.Parker@DailyBugle.example,Daily Bugle,,02 Feb 2026\r\n"
        + "Spider,Man,,Peter Parker <peter.parker@dailybugle.example>,Daily Bugle,Photographer,02 Feb 2026\r\n"
        + "Mary,Jane,https://www.linkedin.com/in/mj,not-an-address,Daily Bugle,,03 Feb 2026\r\n",
        encoding="utf-8", newline="",
    )
    done = cli(db, "linkedin", "import", str(path))
    assert done.code == 0, done.err
    assert done.out.splitlines()[-1] == "4 connections (2 new, 2 matched: 2 updated)"
    found = people(db)
    assert found["Ann Lee"] == ["Ann.Lee@Globex.example"]  # matched by address, case aside
    assert found["Peter Parker"] == ["Peter.Parker@DailyBugle.example"]  # the row with his address is him
    assert found["Mary Jane"] == []
    assert "Spider Man" not in found and len(found) == 3
    assert_one_owner(db)


# --- calendars -------------------------------------------------------------------------


def _invite(*people: str) -> str:
    return "\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "METHOD:REQUEST", "BEGIN:VEVENT", "UID:panel-1@globex.example",
        "DTSTART:20261204T150000Z", "DTEND:20261204T160000Z", "SUMMARY:Globex panel interview",
        *people, "END:VEVENT", "END:VCALENDAR", "",
    ])


def test_an_attendee_with_a_bad_address_makes_a_bad_event(tmp_path, db):
    path = tmp_path / "invite.ics"
    path.write_text(_invite("ORGANIZER;CN=Olivia Hart:mailto:olivia@globex.example",
                            "ATTENDEE;CN=Tom Reid:mailto:tom@@globex.example",
                            "ATTENDEE;CN=Sam Seeker:mailto:sam.seeker@gmail.com"), encoding="utf-8")
    refused(db, "invite.ics line 4: event 'Globex panel interview': attendee 'Tom Reid': invalid email address: "
                "'tom@@globex.example'", "calendar", "import", str(path))
    path.write_text(_invite("ORGANIZER:mailto:olivia@globex", "ATTENDEE;CN=Tom Reid:mailto:tom@globex.example"),
                    encoding="utf-8")
    refused(db, "invite.ics line 4: event 'Globex panel interview': organizer: invalid email address: "
                "'olivia@globex'", "calendar", "import", str(path))
    done = cli(db, "calendar", "import", "--skip-bad", str(path))
    assert done.code == 0, done.err
    assert done.out.splitlines()[-1] == (
        "0 interviews, 1 skipped (line 4: event 'Globex panel interview': organizer: invalid email address: "
        "'olivia@globex')"
    )
    assert "Tom Reid" not in people(db)


def test_calendar_addresses_as_calendars_write_them(tmp_path, db):
    path = tmp_path / "invite.ics"
    path.write_text(_invite(
        "ORGANIZER;CN=Olivia Hart:MAILTO:Olivia.Hart@Globex.example",
        "ATTENDEE;CN=Olivia Hart:mailto:olivia.hart@globex.example",  # the organizer again, in other case
        "ATTENDEE;CN=Ann Lee:mailto:ANN.LEE@GLOBEX.EXAMPLE",  # recorded, typed in as Ann.Lee@Globex.example
        "ATTENDEE;CN=Tom Reid:mailto:<tom.reid@globex.example>",
        "ATTENDEE;CN=Nobody:invalid:nomail",  # Outlook's attendee without an address: no one
        "ATTENDEE;CUTYPE=ROOM;CN=Room 4:mailto:room 4@@globex",  # a room is never recorded, whatever its address
        "ATTENDEE;CN=Sam Seeker:mailto:sam.seeker@gmail.com",
    ), encoding="utf-8")
    done = cli(db, "calendar", "import", str(path))
    assert done.code == 0, done.err
    assert done.out.splitlines()[-1] == "1 interview (1 new)"
    found = people(db)
    assert found["Olivia Hart"] == ["Olivia.Hart@Globex.example"]  # as written, once
    assert found["Ann Lee"] == ["Ann.Lee@Globex.example"]
    assert found["Tom Reid"] == ["tom.reid@globex.example"]
    assert {"Nobody", "Room 4"}.isdisjoint(found) and len(found) == 3
    assert_one_owner(db)
    before = dump(db)
    assert cli(db, "calendar", "import", str(path)).out.splitlines()[-1] == "1 interview (1 unchanged)"
    assert dump(db) == before


# --- the services, on a real SQLite file -----------------------------------------------


def _facts(store):
    with store.transaction() as tx:
        facts = tx.facts()
    return repr((facts.companies, facts.opportunities, facts.people, facts.interviews))


def test_the_services_refuse_a_bad_address_and_write_nothing(store, tmp_path):
    tracker = tmp_path / "tracker.csv"
    tracker.write_text("Company,Role,Contact Email\nInitech,Analyst,bill@initech.example\nAcme,Engineer,ann@acme\n",
                       encoding="utf-8")
    connections = tmp_path / "Connections.csv"
    connections.write_text(HEADER + "Jane,Doe,,jane@acme.example,Acme,,\r\nJohn,Roe,,john@@acme.example,Acme,,\r\n",
                           encoding="utf-8", newline="")
    invite = tmp_path / "invite.ics"
    invite.write_text(_invite("ATTENDEE;CN=Tom Reid:mailto:tom.reid@globex.example",
                              "ATTENDEE;CN=Kai:mailto:kai@@globex.example"), encoding="utf-8")
    before = _facts(store)
    with pytest.raises(ImportFailed, match=r"^tracker\.csv line 3: Acme: invalid email address: 'ann@acme'; nothing"):
        import_tracker(store, tracker, now=NOW)
    with pytest.raises(ImportFailed, match=r"^Connections\.csv line 3: John Roe: invalid email address: "
                                           r"'john@@acme\.example'; nothing"):
        import_connections(store, connections, now=NOW)
    with pytest.raises(ImportFailed, match=r"^invite\.ics line 4: event 'Globex panel interview': attendee 'Kai': "
                                           r"invalid email address: 'kai@@globex\.example'; nothing"):
        import_calendar(store, invite, now=NOW, rule=Rule(), user_tz="America/New_York")
    assert _facts(store) == before
    # read back from the file itself, through a store opened afresh
    from afterview.storage import open_store

    reopened = open_store(f"sqlite:///{tmp_path / 'afterview.db'}")
    try:
        assert _facts(reopened) == before
    finally:
        reopened.close()
    report = import_tracker(store, tracker, now=NOW, skip_bad=True)
    assert report.summary() == "1 application (1 new), 1 skipped (line 3: Acme: invalid email address: 'ann@acme')"


# --- plugins' records are checked the same way -------------------------------------------


@pytest.fixture
def fresh_plugins():
    plugins.reset()
    yield
    plugins.reset()


def _register(**readers) -> None:
    @hookimpl
    def register_importers(register):
        for name, (reader, produces) in readers.items():
            register(name.replace("_", "-"), reader, produces=produces)

    plugins.get_plugin_manager().register(types.SimpleNamespace(register_importers=register_importers), name="odd")


def test_a_plugins_addresses_are_checked_like_the_built_in_ones(tmp_path, db, fresh_plugins):
    from datetime import datetime, timezone

    start = datetime(2026, 12, 8, 15, 0, tzinfo=timezone.utc)
    end = start.replace(hour=16)

    def events(source, **_):
        yield CalendarEvent(1, "p-1", start, end, "Europe/Berlin", summary="Globex panel",
                            organizer=Attendee("Olivia Hart <OLIVIA@globex.example>", organizer=True),
                            attendees=[Attendee("mailto:tom@globex.example", "Tom Reid"), Attendee("N/A", "Nobody"),
                                       Attendee("room@@globex", "Room", resource=True)])
        yield CalendarEvent(2, "p-2", start, end, "UTC", summary="Initech panel",
                            attendees=[Attendee("bill@@initech.example", "Bill Lumbergh")])

    def people_(source, **_):
        yield Connection(1, "Peter", "Parker", email=" Peter Parker <Peter@DailyBugle.example> ")
        yield Connection(2, "Jane", "Doe", email="jane@acme")
        yield Connection(3, "Ann", "Lee", email="ann.lee@GLOBEX.example")  # typed in already

    def jobs(source, **_):
        yield TrackerRow(1, "Acme", "Engineer", contact_email="Wile E. Coyote <wile@acme.example>")
        yield TrackerRow(2, "Umbrella", "Chemist", contact_name="Albert", contact_email="albert@@umbrella.example")

    _register(odd_events=(events, "calendar"), odd_people=(people_, "connections"), odd_jobs=(jobs, "tracker"))
    path = tmp_path / "anything.txt"
    path.write_text("anything\n", encoding="utf-8")
    expected = {
        "calendar": "anything.txt line 2: event 'Initech panel': attendee 'Bill Lumbergh': invalid email address: "
                    "'bill@@initech.example'",
        "linkedin": "anything.txt line 2: Jane Doe: invalid email address: 'jane@acme'",
        "csv": "anything.txt line 2: Umbrella: invalid email address: 'albert@@umbrella.example'",
    }
    for command, name in (("calendar", "odd-events"), ("linkedin", "odd-people"), ("csv", "odd-jobs")):
        refused(db, expected[command], command, "import", "--format", name, str(path))
    for command, name in (("calendar", "odd-events"), ("linkedin", "odd-people"), ("csv", "odd-jobs")):
        done = cli(db, command, "import", "--skip-bad", "--format", name, str(path))
        assert done.code == 0 and ", 1 skipped (line 2: " in done.out.splitlines()[-1], (done.out, done.err)
    found = people(db)
    assert found["Olivia Hart"] == ["OLIVIA@globex.example"]
    assert found["Tom Reid"] == ["tom@globex.example"]
    assert found["Peter Parker"] == ["Peter@DailyBugle.example"]
    assert found["Ann Lee"] == ["Ann.Lee@Globex.example"]
    assert found["Wile E. Coyote"] == ["wile@acme.example"]
    assert {"Nobody", "Room", "Bill Lumbergh", "Jane Doe", "Albert"}.isdisjoint(found)
    assert_one_owner(db)
