"""The import's report says how many control characters it took out of the file's text, by kind
of field; a file without any says nothing of them. Real files, through the real import commands."""

import codecs
import json
import types
from datetime import datetime, timezone

import pytest

from afterview import plugins
from afterview.domain.model import Company, Interview, Opportunity, Person
from afterview.importers import Attendee, CalendarEvent, TrackerRow
from afterview.plugins.hookspecs import hookimpl
from tests.importers.conftest import run, stored
from tests.importers.test_control_characters import BEL, ESC, INVITE, LRI, PDI, PLAIN, RLO, TRACKER

WHY = "escape codes and direction overrides would act on screens and in mail instead of showing"


def warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if "control character" in line]


def test_a_tracker_says_what_it_took_out_by_field(tmp_path, capsys):
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER, encoding="utf-8", newline="")
    said = (f"afterview: warning: tracker.csv: 9 control characters taken out (1 from names, 1 from companies, "
            f"1 from roles, 1 from statuses, 1 from sources, 2 from locations, 2 from notes): {WHY}")
    code, out, err = run(capsys, "csv", "import", "--dry-run", str(path))
    assert code == 0 and warnings(err) == [said], err
    code, out, err = run(capsys, "csv", "import", "--json", str(path))
    assert code == 0, err
    assert [w for w in json.loads(out)["warnings"] if "control character" in w] == [said.removeprefix("afterview: warning: ")]


def test_a_calendar_says_it_once_per_event(tmp_path, capsys):
    path = tmp_path / "invite.ics"
    path.write_text(INVITE, encoding="utf-8", newline="")
    code, out, err = run(capsys, "calendar", "import", str(path))
    assert code == 0, err
    assert warnings(err) == [f"afterview: warning: invite.ics: 8 control characters taken out (5 from names, "
                             f"1 from titles, 1 from locations, 1 from descriptions): {WHY}"]
    # A weekly series with a bell in its title: one event of the file, however many occurrences.
    series = tmp_path / "series.ics"
    series.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:s-1@acme.com\r\n"
        "DTSTART;TZID=Europe/Berlin:20261201T100000\r\nDTEND;TZID=Europe/Berlin:20261201T110000\r\n"
        f"RRULE:FREQ=WEEKLY;COUNT=4\r\nSUMMARY:Acme panel interview{BEL}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8", newline="")
    code, out, err = run(capsys, "calendar", "import", str(series))
    assert code == 0 and out.strip().splitlines()[-1] == "4 interviews (4 new)", out
    assert warnings(err) == [f"afterview: warning: series.ics: 1 control character taken out (1 from titles): {WHY}"]


def test_a_linkedin_export_says_it(tmp_path, capsys):
    path = tmp_path / "Connections.csv"
    path.write_bytes(codecs.BOM_UTF8 + (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        f"{RLO}Ann,Lee{ESC},https://www.linkedin.com/in/ann-lee,,Globex{BEL},Data{LRI} Engineer{PDI},12 Mar 2024\r\n"
        f"{PLAIN[0]},X,https://www.linkedin.com/in/zoe,,{PLAIN[1]},{PLAIN[3]},13 Mar 2024\r\n"
    ).encode())
    code, out, err = run(capsys, "linkedin", "import", str(path))
    assert code == 0, err
    assert warnings(err) == [f"afterview: warning: Connections.csv: 5 control characters taken out (2 from names, "
                             f"1 from companies, 2 from positions): {WHY}"]


def test_ordinary_text_says_nothing(tmp_path, capsys, data):
    for argv in (("csv", "import", str(data / "tracker_sheets.csv")),
                 ("linkedin", "import", str(data / "linkedin_connections.csv")),
                 ("calendar", "import", str(data / "google_calendar.ics"))):
        code, out, err = run(capsys, *argv)
        assert code == 0 and out.strip(), err
        assert warnings(err) == [], err
    plain = tmp_path / "plain.csv"
    plain.write_text(f"Company,Role,Notes\r\n{PLAIN[0]},{PLAIN[1]},\"{PLAIN[2]}\r\n{PLAIN[3]} {PLAIN[4]}\"\r\n",
                     encoding="utf-8", newline="")
    code, out, err = run(capsys, "csv", "import", str(plain))
    assert code == 0 and warnings(err) == [], err


@pytest.fixture
def fresh_plugins():
    plugins.reset()
    yield
    plugins.reset()


def test_a_plugins_records_are_made_plain_and_said_so(tmp_path, capsys, fresh_plugins):
    start = datetime(2026, 12, 8, 15, 0, tzinfo=timezone.utc)

    def events(source, **_):
        yield CalendarEvent(1, "p-1", start, start.replace(hour=16), "Europe/Berlin",
                            summary=f"Globex panel interview{BEL}", description=f"Agenda{ESC}[31m\r\nsecond",
                            organizer=Attendee("ola@globex.com", f"{RLO}Ola Nordmann"))

    def jobs(source, **_):
        yield TrackerRow(1, f"Acme{ESC}", f"Engineer{LRI}x{PDI}", notes=f"a{BEL}\r\nb")

    @hookimpl
    def register_importers(register):
        register("odd-events", events, produces="calendar")
        register("odd-jobs", jobs, produces="tracker")

    plugins.get_plugin_manager().register(types.SimpleNamespace(register_importers=register_importers), name="odd")
    path = tmp_path / "anything.txt"
    path.write_text("anything\n", encoding="utf-8")
    code, out, err = run(capsys, "calendar", "import", "--format", "odd-events", str(path))
    assert code == 0, err
    assert warnings(err) == [f"afterview: warning: anything.txt: 3 control characters taken out (1 from names, "
                             f"1 from titles, 1 from descriptions): {WHY}"]
    code, out, err = run(capsys, "csv", "import", "--format", "odd-jobs", str(path))
    assert code == 0, err
    assert warnings(err) == [f"afterview: warning: anything.txt: 4 control characters taken out (1 from companies, "
                             f"2 from roles, 1 from notes): {WHY}"]

    def read(tx):
        companies = {c.id: c.name for c in tx.list(Company)}
        return ({(companies[o.company_id], o.role, o.notes) for o in tx.list(Opportunity)},
                [p.name for p in tx.list(Person)], [i.notes for i in tx.list(Interview)])

    opportunities, people, notes = stored(read)
    assert ("Acme", "Engineerx", "a\nb") in opportunities
    assert people == ["Ola Nordmann"] and notes == ["From the calendar: Globex panel interview"]
