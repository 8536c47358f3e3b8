"""Imported values are checked as typed ones are, through the real commands.

An unknown time zone, a date outside the years 1900-2200 or a link that is not http(s) is a bad
row: the whole import is refused in one line naming the file, the line and the value, and the
database is left exactly as it was (or, with --skip-bad, the row is skipped and listed). A line
break inside a name is an export glitch: it becomes a space.
"""

from __future__ import annotations

import json
import sqlite3
import types
from pathlib import Path

import pytest

from afterview import plugins
from afterview.importers import CalendarEvent, Connection, TrackerRow
from afterview.plugins.hookspecs import hookimpl
from tests.helpers import afterview, assert_clean_error
from tests.importers.conftest import DATA

AT = ("--at", "2026-11-26 09:00 UTC")
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


@pytest.fixture
def db(tmp_path) -> Path:
    """A real SQLite file with a profile and some data in it, so that "unchanged" means something."""
    path = tmp_path / "afterview.db"
    done = cli(path, "profile", "set", "--name", "Sam Seeker", "--email", "sam.seeker@gmail.com",
               "--tz", "America/New_York")
    assert done.code == 0, done.err
    assert cli(path, "calendar", "import", str(DATA / "google_calendar.ics")).code == 0
    assert cli(path, "linkedin", "import", str(DATA / "linkedin_connections.csv")).code == 0
    assert cli(path, "csv", "import", str(DATA / "tracker_sheets.csv")).code == 0
    return path


@pytest.fixture
def fresh_plugins():
    plugins.reset()
    yield
    plugins.reset()


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
    assert done.err == f"afterview: error: {message}\n"
    assert done.out == ""
    assert dump(db) == before


def exported(db: Path) -> dict:
    done = cli(db, "export")
    assert done.code == 0, done.err
    return json.loads(done.out)


def person(db: Path, name: str) -> dict:
    [found] = [p for p in exported(db)["people"] if p["name"] == name]
    return found


# --- 1. time zones ---------------------------------------------------------------------


def _document(**changes) -> dict:
    document = {
        "format": "afterview-export", "version": 1,
        "profile": {"name": "Sam Seeker", "timezone": "America/New_York"},
        "companies": [{"id": 1, "name": "Globex"}],
        "opportunities": [{"id": 1, "company_id": 1, "role": "Data Engineer"}],
        "people": [{"id": 1, "name": "Priya Natarajan", "company_id": 1, "timezone": "Asia/Kolkata"}],
        "interviews": [{"id": 1, "opportunity_id": 1, "start": "2026-12-03T15:00:00+00:00",
                        "end": "2026-12-03T16:00:00+00:00", "timezone": "Europe/Berlin"}],
    }
    for section, values in changes.items():
        target = document[section] if section == "profile" else document[section][0]
        target.update(values)
    return document


@pytest.mark.parametrize(
    "section, where",
    [("profile", "profile.timezone"), ("people", "people[0].timezone"), ("interviews", "interviews[0].timezone")],
)
def test_a_restored_export_with_an_unknown_zone_is_refused_whole(tmp_path, section, where):
    db = tmp_path / "new.db"
    assert cli(db, "profile", "set", "--name", "Sam Seeker", "--tz", "UTC").code == 0  # an empty database
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(_document(**{section: {"timezone": "Mars/Olympus"}})), encoding="utf-8")
    refused(
        db,
        f"{path}: broken export: {where}: unknown time zone: 'Mars/Olympus' (use an IANA name like Europe/Berlin)",
        "import", str(path),
    )
    # the same document with real zones is restored
    path.write_text(json.dumps(_document()), encoding="utf-8")
    done = cli(db, "import", str(path))
    assert done.code == 0, done.err
    assert exported(db)["profile"]["timezone"] == "America/New_York"


def test_an_event_in_an_unknown_zone_is_a_bad_row(tmp_path, db):
    path = tmp_path / "mars.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        "BEGIN:VEVENT\r\nUID:ok-1\r\nDTSTART:20261204T150000Z\r\nSUMMARY:Initech phone screen\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:mars-1\r\nDTSTART;TZID=Mars/Olympus:20261205T100000\r\n"
        "SUMMARY:Olympus Mons panel interview\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    refused(
        db,
        "mars.ics line 8: event 'Olympus Mons panel interview': unknown time zone: 'Mars/Olympus' (use an IANA "
        "name like Europe/Berlin); nothing was imported (use --skip-bad to import the rest)",
        "calendar", "import", str(path),
    )
    done = cli(db, "calendar", "import", "--skip-bad", str(path))
    assert done.code == 0, done.err
    assert done.out.splitlines()[-1] == (
        "1 interview (1 new), 1 skipped (line 8: event 'Olympus Mons panel interview': unknown time zone: "
        "'Mars/Olympus' (use an IANA name like Europe/Berlin))"
    )
    zones = {i["external_uid"]: i["timezone"] for i in exported(db)["interviews"]}
    assert "mars-1" not in zones and zones["ok-1"] == "America/New_York"


def test_an_unknown_calendar_zone_is_refused_or_skipped_for_the_users_own(tmp_path, db):
    path = tmp_path / "mars.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-TIMEZONE:Mars/Olympus\r\n"
        "BEGIN:VEVENT\r\nUID:float-1\r\nDTSTART:20261204T150000\r\nSUMMARY:Initech phone screen\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n",
        encoding="utf-8",
    )
    refused(
        db,
        "mars.ics line 3: the calendar's zone (X-WR-TIMEZONE): unknown time zone: 'Mars/Olympus' (use an IANA "
        "name like Europe/Berlin); nothing was imported (use --skip-bad to import the rest)",
        "calendar", "import", str(path),
    )
    done = cli(db, "calendar", "import", "--skip-bad", str(path))
    assert done.code == 0, done.err
    assert "line 3: skipped: the calendar's zone (X-WR-TIMEZONE)" in done.out
    [interview] = [i for i in exported(db)["interviews"] if i["external_uid"] == "float-1"]
    assert interview["timezone"] == "America/New_York"
    assert interview["start"] == "2026-12-04T20:00:00+00:00"  # 15:00 in New York


def test_a_calendar_import_with_an_unknown_zone_of_yours_is_refused(tmp_path, db, afterview_home):
    (afterview_home / "config.toml").write_text('timezone = "Mars/Olympus"\n', encoding="utf-8")
    before = dump(db)
    done = afterview("--db", str(db), "calendar", "import", str(DATA / "apple_calendar.ics"))  # no --at: it is read in yours
    assert_clean_error(done)
    assert done.err == (  # refused as config.toml is read, naming the file and the key
        f"afterview: error: {afterview_home / 'config.toml'}: timezone: unknown time zone: 'Mars/Olympus' (use an "
        "IANA name like Europe/Berlin) (line 1)\n"
    )
    assert dump(db) == before


# --- 2. names and links ----------------------------------------------------------------


def test_a_line_break_in_a_linkedin_name_becomes_a_space(tmp_path, db):
    path = tmp_path / "Connections.csv"
    path.write_text(
        HEADER + '"Mary\r\nJane","Watson\n",https://www.linkedin.com/in/mjw,,"Daily\nBugle",Photo  editor,01 Feb 2026\r\n',
        encoding="utf-8", newline="",
    )
    done = cli(db, "linkedin", "import", str(path))
    assert (done.code, done.out.strip()) == (0, "1 connection (1 new)"), done.err
    mary = person(db, "Mary Jane Watson")
    assert mary["title"] == "Photo editor" and mary["linkedin_url"] == "https://www.linkedin.com/in/mjw"
    assert "Daily Bugle" in {c["name"] for c in exported(db)["companies"]}
    assert cli(db, "linkedin", "import", str(path)).out.strip() == "1 connection (1 matched: 1 unchanged)"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(document.cookie)", " JavaScript:alert(1)", "data:text/html,<b>hi</b>", "file:///etc/passwd",
     "www.linkedin.com/in/jane", "n/a", "https://evil.example/?linkedin.com", "https://www.linkedin.com/in/a b"],
)
def test_a_linkedin_url_that_is_not_one_is_a_bad_row(tmp_path, db, url):
    path = tmp_path / "Connections.csv"
    cell = '"' + url.replace('"', '""') + '"'
    path.write_text(
        HEADER + "Gwen,Stacy,https://www.linkedin.com/in/gwen,,Oscorp,Intern,03 Mar 2026\r\n"
        + f"Jane,Doe,{cell},,Acme,Engineer,01 Jan 2025\r\n",
        encoding="utf-8", newline="",
    )
    refused(
        db,
        f"Connections.csv line 3: Jane Doe: not a LinkedIn profile URL: {url.strip()!r}; nothing was imported "
        "(use --skip-bad to import the rest)",
        "linkedin", "import", str(path),
    )
    done = cli(db, "linkedin", "import", "--skip-bad", str(path))
    assert done.code == 0, done.err
    assert f"line 3: skipped: Jane Doe: not a LinkedIn profile URL: {url.strip()!r}" in done.out
    assert done.out.splitlines()[-1].startswith("1 connection (1 new), 1 skipped (line 3: Jane Doe: ")
    names = {p["name"] for p in exported(db)["people"]}
    assert "Gwen Stacy" in names and "Jane Doe" not in names


@pytest.mark.parametrize("link", ["javascript:alert(1)", "JAVASCRIPT:void(0)", "vbscript:msgbox", "data:,x",
                                  "mailto:jobs@acme.example", "https://", " javascript:alert(1)"])
def test_a_tracker_link_of_another_kind_is_a_bad_row(tmp_path, db, link):
    path = tmp_path / "tracker.csv"
    cell = '"' + link.replace('"', '""') + '"'
    path.write_text(f"Company,Role,Link\nAcme,Engineer,https://acme.example/jobs/1\nUmbrella,Chemist,{cell}\n",
                    encoding="utf-8")
    shown = link.strip()
    refused(
        db,
        f"tracker.csv line 3: Umbrella: the link {shown!r} is not a web address (only http:// and https:// "
        "links are imported); nothing was imported (use --skip-bad to import the rest)",
        "csv", "import", str(path),
    )
    done = cli(db, "csv", "import", "--skip-bad", str(path))
    assert done.code == 0, done.err
    assert done.out.splitlines()[-1].startswith("1 application (1 new), 1 skipped (line 3: Umbrella: the link ")
    links = {o["role"]: o["link"] for o in exported(db)["opportunities"]}
    assert links["Engineer"] == "https://acme.example/jobs/1" and "Chemist" not in links


def test_tracker_links_without_a_scheme_or_that_are_not_links(tmp_path, db):
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Company,Role,Link,Notes\n"
        "Acme,Engineer,www.acme.example/jobs/7,\n"
        "Initech,Analyst,N/A,Met at a meetup\n",
        encoding="utf-8",
    )
    done = cli(db, "csv", "import", str(path))
    assert (done.code, done.out.strip()) == (0, "2 applications (2 new)"), done.err
    found = {o["role"]: o for o in exported(db)["opportunities"]}
    assert found["Engineer"]["link"] == "https://www.acme.example/jobs/7"
    assert found["Analyst"]["link"] == ""
    assert found["Analyst"]["notes"] == "Met at a meetup\nLink in the spreadsheet: N/A"


# --- 3. dates --------------------------------------------------------------------------


@pytest.mark.parametrize("when", ["12 Mar 1850", "01 Jan 2500", "9999-12-31"])
def test_a_connection_date_out_of_range_is_a_bad_row(tmp_path, db, when):
    path = tmp_path / "Connections.csv"
    path.write_text(HEADER + f"Jane,Doe,https://www.linkedin.com/in/jd,,Acme,,{when}\r\n", encoding="utf-8")
    refused(
        db,
        f"Connections.csv line 2: Jane Doe: {when!r} is too far away (years 1900-2200); nothing was imported "
        "(use --skip-bad to import the rest)",
        "linkedin", "import", str(path),
    )


@pytest.mark.parametrize("when", ["1/1/1850", "2500-01-01", "31.12.2201", "0001-01-01"])
def test_a_tracker_date_out_of_range_is_a_bad_row(tmp_path, db, when):
    path = tmp_path / "tracker.csv"
    path.write_text(f"Company,Role,Date Applied\nAcme,Engineer,2026-11-02\nUmbrella,Chemist,{when}\n", encoding="utf-8")
    refused(
        db,
        f"tracker.csv line 3: Umbrella: {when!r} is too far away (years 1900-2200); nothing was imported "
        "(use --skip-bad to import the rest)",
        "csv", "import", str(path),
    )
    done = cli(db, "csv", "import", "--skip-bad", str(path))
    assert done.out.splitlines()[-1] == (
        f"1 application (1 new), 1 skipped (line 3: Umbrella: {when!r} is too far away (years 1900-2200))"
    )


@pytest.mark.parametrize(
    "times, problem",
    [
        ("DTSTART:25000101T100000Z", "the start '2500-01-01' is too far away (years 1900-2200)"),
        ("DTSTART;VALUE=DATE:18991231", "the start '1899-12-31' is too far away (years 1900-2200)"),
        ("DTSTART:20261201T100000Z\r\nDTEND:99991231T230000Z", "the end '9999-12-31' is too far away (years 1900-2200)"),
        ("DTSTART:20261201T100000Z\r\nDURATION:P10000W", "the end '2218-07-28' is too far away (years 1900-2200)"),
    ],
)
def test_an_event_out_of_range_is_a_bad_row(tmp_path, db, times, problem):
    path = tmp_path / "far.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        f"BEGIN:VEVENT\r\nUID:far-1\r\n{times}\r\nSUMMARY:Panel interview\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    refused(
        db,
        f"far.ics line 3: event 'Panel interview': {problem}; nothing was imported (use --skip-bad to import the rest)",
        "calendar", "import", str(path),
    )


# --- plugins' records are checked the same way -------------------------------------------


def _register(**readers) -> None:
    @hookimpl
    def register_importers(register):
        for name, (reader, produces) in readers.items():
            register(name.replace("_", "-"), reader, produces=produces)

    plugins.get_plugin_manager().register(types.SimpleNamespace(register_importers=register_importers), name="odd")


def test_a_plugins_records_are_checked_like_the_built_in_ones(tmp_path, db, fresh_plugins):
    from datetime import date, datetime, timezone

    start = datetime(2026, 12, 8, 15, 0, tzinfo=timezone.utc)

    def events(source, **_):
        yield CalendarEvent(1, "p-1", start, start.replace(hour=16), "Europe/Berlin", summary="Globex panel")
        yield CalendarEvent(2, "p-2", start, start.replace(hour=16), "Mars/Olympus", summary="Olympus panel")
        yield CalendarEvent(3, "p-3", start, start.replace(hour=16), "UTC", summary="Zoomed",
                            call_link="javascript:alert(1)")

    def people(source, **_):
        yield Connection(1, "Peter\n", "Parker", url="https://www.linkedin.com/in/pp")
        yield Connection(2, "Jane", "Doe", url="javascript:alert(1)")
        yield Connection(3, "John", "Roe", connected_on=date(2500, 1, 1))

    def jobs(source, **_):
        yield TrackerRow(1, "Acme", "Engineer", link="www.acme.example/jobs/1")
        yield TrackerRow(2, "Umbrella", "Chemist", link="data:text/html,x")
        yield TrackerRow(3, "Initech", "Analyst", applied_on=date(1800, 5, 1))

    _register(odd_events=(events, "calendar"), odd_people=(people, "connections"), odd_jobs=(jobs, "tracker"))
    path = tmp_path / "anything.txt"
    path.write_text("anything\n", encoding="utf-8")
    expected = {
        "calendar": "anything.txt line 2: event 'Olympus panel': unknown time zone: 'Mars/Olympus' (use an IANA name "
                    "like Europe/Berlin) (and 1 more bad row)",
        "linkedin": "anything.txt line 2: Jane Doe: not a LinkedIn profile URL: 'javascript:alert(1)' (and 1 more "
                    "bad row)",
        "csv": "anything.txt line 2: Umbrella: the link 'data:text/html,x' is not a web address (only http:// and "
               "https:// links are imported) (and 1 more bad row)",
    }
    for command, name in (("calendar", "odd-events"), ("linkedin", "odd-people"), ("csv", "odd-jobs")):
        refused(db, expected[command] + "; nothing was imported (use --skip-bad to import the rest)",
                command, "import", "--format", name, str(path))
    for command, name in (("calendar", "odd-events"), ("linkedin", "odd-people"), ("csv", "odd-jobs")):
        done = cli(db, command, "import", "--skip-bad", "--format", name, str(path))
        assert done.code == 0 and ", 2 skipped (line 2: " in done.out.splitlines()[-1], (done.out, done.err)
    document = exported(db)
    assert {i["external_uid"]: i["timezone"] for i in document["interviews"] if i["external_uid"].startswith("p-")} == {
        "p-1": "Europe/Berlin"
    }
    assert person(db, "Peter Parker")["linkedin_url"] == "https://www.linkedin.com/in/pp"
    assert {"Jane Doe", "John Roe"}.isdisjoint(p["name"] for p in document["people"])
    links = {o["role"]: o["link"] for o in document["opportunities"]}
    assert links["Engineer"] == "https://www.acme.example/jobs/1" and {"Chemist", "Analyst"}.isdisjoint(links)


# --- the checks themselves -------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, link",
    [("https://acme.example/jobs/1", "https://acme.example/jobs/1"), ("HTTP://ACME.EXAMPLE", "HTTP://ACME.EXAMPLE"),
     ("www.acme.example/jobs/1", "https://www.acme.example/jobs/1"), ("acme.example:8080/j", "https://acme.example:8080/j"),
     ("N/A", ""), ("see email: jobs@acme.example", ""), ("", "")],
)
def test_web_addresses(cell, link):
    from afterview.importers.checks import web_address

    assert web_address(cell) == link


@pytest.mark.parametrize(
    "cell",
    ["javascript:alert(1)", "java\tscript:alert(1)", "\x01javascript:alert(1)", "java\nscript:alert(1)",
     "data:text/html,x", "file:///etc/passwd", "https://", "https:/acme.example", "https://acme.example:99999/",
     "https://acme.example/a b", "x" * 5000 + ":"],
)
def test_links_of_another_kind(cell):
    from afterview.importers.checks import web_address

    with pytest.raises(ValueError, match="is not a web address") as caught:
        web_address(cell)
    assert len(str(caught.value)) < 200  # a megabyte cell is not repeated in the message
