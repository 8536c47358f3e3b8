"""Imported names are held to the lengths typed ones are (services.pipeline: MAX_LINE, check_length).

A person's name, a company's, a role and a title (a LinkedIn position) longer than typed input
takes makes its row a bad row, as a bad address or zone does: the import is refused whole in one
line naming the file, the line, the field and its length in the typed check's own words, and the
database is left exactly as it was (a dry run says the same); with --skip-bad the row is skipped
and listed. Nothing is cut short. Notes, sources and an event's title are free text, as typed
ones are, and are kept whole. Real files, through the real commands, on a real SQLite file.
"""

from __future__ import annotations

import json
import sqlite3
import types
from pathlib import Path

import pytest

from afterview import plugins
from afterview.importers import Attendee, CalendarEvent, Connection, TrackerRow
from afterview.plugins.hookspecs import hookimpl
from afterview.services.pipeline import MAX_LINE
from tests.helpers import afterview, assert_clean_error

AT = ("--at", "2026-11-26 09:00 UTC")
REFUSED = "; nothing was imported (use --skip-bad to import the rest)"
LINKEDIN = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


def cli(db: Path, *args: str):
    return afterview("--db", str(db), *AT, *args)


def dump(db: Path) -> list[str]:
    """Every row of every table, and the schema: the database file exactly."""
    connection = sqlite3.connect(db)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def exported(db: Path) -> dict:
    done = cli(db, "export")
    assert done.code == 0, done.err
    return json.loads(done.out)


def refused(db: Path, message: str, *args: str) -> None:
    """Refused in one line (exit 2), with and without --dry-run, and nothing at all changed."""
    before = dump(db)
    for dry in ((), ("--dry-run",)):
        done = cli(db, *args, *dry)
        assert_clean_error(done)
        assert done.err == f"afterview: error: {message}{REFUSED}\n", dry
        assert done.out == ""
        assert dump(db) == before


def skipped(done) -> list[str]:
    assert done.code == 0, (done.out, done.err)
    return [line for line in done.out.splitlines() if ": skipped: " in line]


@pytest.fixture
def db(tmp_path) -> Path:
    """A real SQLite file with a profile and an application typed in."""
    path = tmp_path / "afterview.db"
    done = cli(path, "profile", "set", "--name", "Sam Seeker", "--email", "sam.seeker@gmail.com",
               "--tz", "America/New_York")
    assert done.code == 0, done.err
    done = cli(path, "opportunity", "add", "--company", "Globex", "--role", "Data Engineer")
    assert done.code == 0, done.err
    return path


# --- spreadsheets ----------------------------------------------------------------------


def test_a_tracker_row_with_a_name_too_long_is_refused_whole_and_nothing_is_written(db, tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text("Company,Role,Contact\n"
                    "Initech,Analyst,Bill Lumbergh\n"
                    f"{'C' * 50_000},Engineer,\n"
                    f"Acme,{'R' * (MAX_LINE + 1)},\n"
                    f"Umbrella,Chemist,{'N' * 300}\n", encoding="utf-8")
    refused(db, "tracker.csv line 3: company name is 50,000 characters long: at most 200 are allowed "
                "(and 2 more bad rows)", "csv", "import", str(path))
    # the same words as the typed check, for the same value
    typed = cli(db, "company", "add", "C" * 50_000)
    assert_clean_error(typed)
    assert typed.err == "afterview: error: company name is 50,000 characters long: at most 200 are allowed\n"


def test_with_skip_bad_the_rows_too_long_are_skipped_and_listed(db, tmp_path):
    path = tmp_path / "tracker.csv"
    longest = "R" * MAX_LINE  # as long as a typed role may be: imported
    path.write_text("Company,Role,Contact\n"
                    f"Initech,{longest},Bill Lumbergh\n"
                    f"{'C' * 50_000},Engineer,\n"
                    f"Acme,{'R' * (MAX_LINE + 1)},\n"
                    f"Umbrella,Chemist,{'N' * 300}\n", encoding="utf-8")
    expected = ["line 3: skipped: company name is 50,000 characters long: at most 200 are allowed",
                "line 4: skipped: Acme: role is 201 characters long: at most 200 are allowed",
                "line 5: skipped: Umbrella: contact name is 300 characters long: at most 200 are allowed"]
    before = dump(db)
    dry = cli(db, "csv", "import", "--skip-bad", "--dry-run", str(path))
    assert skipped(dry) == expected
    assert dry.out.splitlines()[-1].startswith("dry run, nothing written: 1 application (1 new), 3 skipped (line 3: ")
    assert dump(db) == before
    done = cli(db, "csv", "import", "--skip-bad", str(path))
    assert skipped(done) == expected
    assert done.out.splitlines()[-1].startswith("1 application (1 new), 3 skipped (line 3: company name is 50,000 ")
    data = exported(db)
    assert sorted(c["name"] for c in data["companies"]) == ["Globex", "Initech"]
    assert sorted(o["role"] for o in data["opportunities"]) == ["Data Engineer", longest]
    assert [p["name"] for p in data["people"]] == ["Bill Lumbergh"]


def test_the_preview_shows_the_rows_too_long_as_skipped(db, tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text(f"Company,Role\nInitech,Analyst\nAcme,{'R' * 5000}\n", encoding="utf-8")
    done = cli(db, "csv", "import", "--preview", str(path))
    assert done.code == 0, done.err
    assert "bad row: Acme: role is 5,000 characters long: at most 200 are allowed" in done.out
    assert "R" * 100 not in done.out


def test_notes_and_sources_are_free_text_and_kept_whole(db, tmp_path):
    # Typed notes and sources have no length limit: imported ones have none either.
    notes, source = "n" * 50_000, "s" * 300
    path = tmp_path / "tracker.csv"
    path.write_text(f"Company,Role,Source,Notes\nInitech,Analyst,{source},{notes}\n", encoding="utf-8")
    done = cli(db, "csv", "import", str(path))
    assert done.code == 0, done.err
    [initech] = [o for o in exported(db)["opportunities"] if o["role"] == "Analyst"]
    assert (initech["notes"], initech["source"]) == (notes, source)


# --- LinkedIn ----------------------------------------------------------------------------


def test_a_connection_too_long_is_a_bad_row(db, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(LINKEDIN
                    + "Jane,Doe,,,Acme,Engineer,12 Mar 2024\r\n"
                    + f"{'A' * 150},{'B' * 60},,,Acme,,12 Mar 2024\r\n"  # the name as recorded: 211
                    + f"John,Roe,,,{'K' * 201},,12 Mar 2024\r\n"
                    + f"Mia,Lu,,,Acme,{'P' * 1000},12 Mar 2024\r\n",
                    encoding="utf-8", newline="")
    refused(db, "Connections.csv line 3: name is 211 characters long: at most 200 are allowed (and 2 more bad rows)",
            "linkedin", "import", str(path))
    done = cli(db, "linkedin", "import", "--skip-bad", str(path))
    assert skipped(done) == [
        "line 3: skipped: name is 211 characters long: at most 200 are allowed",
        "line 4: skipped: John Roe: company name is 201 characters long: at most 200 are allowed",
        "line 5: skipped: Mia Lu: position is 1,000 characters long: at most 200 are allowed",
    ]
    data = exported(db)
    assert [(p["name"], p["title"]) for p in data["people"]] == [("Jane Doe", "Engineer")]
    assert sorted(c["name"] for c in data["companies"]) == ["Acme", "Globex"]


# --- calendars ---------------------------------------------------------------------------


def _invite(uid: str, attendee: str, summary: str = "Globex panel interview") -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nMETHOD:REQUEST\r\n"
            f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261120T101500Z\r\n"
            "DTSTART;TZID=America/New_York:20261203T100000\r\nDTEND;TZID=America/New_York:20261203T110000\r\n"
            "ORGANIZER;CN=Ola Nordmann:mailto:ola@globex.com\r\n"
            f"{attendee}\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def test_an_event_whose_person_has_a_name_too_long_is_a_bad_row(db, tmp_path):
    path = tmp_path / "invite.ics"
    path.write_text(_invite("p-1@globex.com", f"ATTENDEE;CN=\"{'X' * 5000}\":mailto:kai@globex.com"),
                    encoding="utf-8", newline="")
    refused(db, "invite.ics line 5: event 'Globex panel interview': the name of attendee kai@globex.com is "
                "5,000 characters long: at most 200 are allowed", "calendar", "import", str(path))
    done = cli(db, "calendar", "import", "--skip-bad", str(path))
    assert skipped(done) == ["line 5: skipped: event 'Globex panel interview': the name of attendee kai@globex.com "
                             "is 5,000 characters long: at most 200 are allowed"]
    data = exported(db)
    assert data["interviews"] == [] and data["people"] == []


def test_a_long_title_and_a_rooms_long_name_do_not_stop_an_event(db, tmp_path):
    # An event's title is kept in the interview's notes (free text); a room is never recorded.
    title = "Globex panel interview " + "t" * 400
    path = tmp_path / "invite.ics"
    path.write_text(_invite("p-2@globex.com", f"ATTENDEE;CUTYPE=ROOM;CN=\"{'Room ' * 100}\":mailto:room@globex.com",
                            title), encoding="utf-8", newline="")
    done = cli(db, "calendar", "import", str(path))
    assert done.code == 0, done.err
    data = exported(db)
    [interview] = data["interviews"]
    assert interview["notes"] == f"From the calendar: {title}"
    assert [p["name"] for p in data["people"]] == ["Ola Nordmann"]


# --- plugins' records are held to the same lengths -----------------------------------------


@pytest.fixture
def fresh_plugins():
    plugins.reset()
    yield
    plugins.reset()


def test_a_plugins_records_are_held_to_the_same_lengths(db, tmp_path, fresh_plugins):
    from datetime import datetime, timezone

    start = datetime(2026, 12, 8, 15, 0, tzinfo=timezone.utc)

    def events(source, **_):
        yield CalendarEvent(1, "p-1", start, start.replace(hour=16), "Europe/Berlin", summary="Initech panel",
                            organizer=Attendee("olivia@initech.example", "O" * 201, organizer=True))

    def people_(source, **_):
        yield Connection(1, "Peter", "Parker", position="T" * 201)

    def jobs(source, **_):
        yield TrackerRow(1, "Acme", "Engineer", contact_name="W" * 201)

    @hookimpl
    def register_importers(register):
        register("long-events", events, produces="calendar")
        register("long-people", people_, produces="connections")
        register("long-jobs", jobs, produces="tracker")

    plugins.get_plugin_manager().register(types.SimpleNamespace(register_importers=register_importers), name="long")
    path = tmp_path / "anything.txt"
    path.write_text("anything\n", encoding="utf-8")
    refused(db, "anything.txt line 1: event 'Initech panel': the name of organizer olivia@initech.example is 201 "
                "characters long: at most 200 are allowed", "calendar", "import", "--format", "long-events", str(path))
    refused(db, "anything.txt line 1: Peter Parker: position is 201 characters long: at most 200 are allowed",
            "linkedin", "import", "--format", "long-people", str(path))
    refused(db, "anything.txt line 1: Acme: contact name is 201 characters long: at most 200 are allowed",
            "csv", "import", "--format", "long-jobs", str(path))
