"""A plugin's import format used end to end: listed by `afterview formats`, chosen with --format,
applied by the same import service (atomic, idempotent, dry runs, --skip-bad) as the built-ins,
and refused in one line, with nothing written, when it is unknown or gives the wrong records."""

from __future__ import annotations

import json
import types
import sys
from pathlib import Path

import pytest

from afterview import plugins
from afterview.domain.model import ConnectionState, Opportunity, Person
from afterview.errors import InvalidInput
from afterview.importers import Connection, Records, TrackerRow
from afterview.plugins.hookspecs import hookimpl
from afterview.storage import open_store
from tests.helpers import afterview, assert_clean_error
from tests.importers.conftest import DATA, NOW
from tests.plugins.conftest import CONTACTS, contacts_module, install, install_contacts
from tests.plugins.test_cli import run

AT = ("--at", "2026-11-26 09:00 UTC")


@pytest.fixture
def contacts(tmp_path, on_path) -> Path:
    """The contacts plugin installed through a real entry point; the file to import."""
    on_path(install_contacts(tmp_path / "site"), "afterview_contacts")
    path = tmp_path / "contacts.txt"
    path.write_text(CONTACTS, encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "afterview.db"


def cli(db: Path, *args: str):
    return afterview("--db", str(db), *AT, *args)


def snapshot(db: Path) -> str:
    """Everything stored, as comparable plain data."""
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            facts = tx.facts()
        return repr((facts.companies, facts.opportunities, facts.people, facts.interviews))
    finally:
        store.close()


def people(db: Path) -> dict[str, Person]:
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            return {p.name: p for p in tx.list(Person)}
    finally:
        store.close()


def test_formats_lists_the_builtin_and_the_plugin_formats(contacts):
    listed = afterview("formats", "--json")
    assert listed.code == 0, listed.err
    rows = json.loads(listed.out)["formats"]
    assert [(r["name"], r["produces"], r["plugin"]) for r in rows] == [
        ("ics", "calendar", "built-in"),
        ("linkedin", "connections", "built-in"),
        ("contacts-txt", "connections", "afterview_contacts"),
        ("csv", "tracker", "built-in"),
    ]
    [mine] = [r for r in rows if r["name"] == "contacts-txt"]
    assert mine["command"] == "afterview linkedin import --format contacts-txt"
    assert mine["description"].startswith("Contacts as text: <Name> | <email>")
    assert [r["command"] for r in rows if r["plugin"] == "built-in"] == [
        "afterview calendar import", "afterview linkedin import", "afterview csv import"]
    plain = afterview("formats").out.splitlines()  # not a terminal: tab-separated
    assert plain[0].split("\t") == ["format", "produces", "command", "plugin", "description"]
    assert "contacts-txt\tconnections\tafterview linkedin import --format contacts-txt\tafterview_contacts\t" in plain[3]


def test_a_plugin_format_is_imported_through_the_cli(contacts, db):
    done = cli(db, "linkedin", "import", "--format", "contacts-txt", str(contacts))
    assert done.code == 0, done.err
    assert done.out.strip() == "3 connections (3 new)"
    found = people(db)
    assert set(found) == {"Quentin Okafor", "Lena Brandt", "Ana de la Cruz"}
    quentin = found["Quentin Okafor"]
    assert (quentin.emails, quentin.title, quentin.connection) == (
        ["quentin@globex.com"], "Staff Engineer", ConnectionState.CONNECTED)
    assert quentin.connected_at.date().isoformat() == "2024-03-12"
    # the same file again changes nothing; the report says which format read it
    before = snapshot(db)
    again = cli(db, "linkedin", "import", "--format", "contacts-txt", "--json", str(contacts))
    report = json.loads(again.out)
    assert (report["format"], report["summary"]) == ("contacts-txt", "3 connections (3 matched: 3 unchanged)")
    assert snapshot(db) == before
    # and the built-in format is still the default of the same command
    builtin = cli(db, "linkedin", "import", "--json", str(DATA / "linkedin_connections.csv"))
    assert builtin.code == 0 and json.loads(builtin.out)["format"] == "linkedin"


def test_a_plugin_format_keeps_dry_runs_atomicity_and_skip_bad(contacts, db):
    dry = cli(db, "linkedin", "import", "--format", "contacts-txt", "--dry-run", str(contacts))
    # each row it would add, then what it would do (as every import's dry run says it)
    assert dry.out.strip().splitlines() == ["line 2: new: Quentin Okafor", "line 4: new: Lena Brandt",
                                            "line 5: new: Ana de la Cruz",
                                            "dry run, nothing written: 3 connections (3 new)"]
    assert people(db) == {}
    broken = contacts.with_name("broken.txt")
    broken.write_text(CONTACTS + " | nobody@initech.example | Initech | |\nMia Wong | | | | soon\n", encoding="utf-8")
    failed = cli(db, "linkedin", "import", "--format", "contacts-txt", str(broken))
    assert_clean_error(failed, "broken.txt line 6: no name (and 1 more bad row); nothing was imported")
    assert people(db) == {}
    skipped = cli(db, "linkedin", "import", "--format", "contacts-txt", "--skip-bad", str(broken))
    assert skipped.code == 0, skipped.err
    assert "line 7: skipped: 'soon' is not a date (YYYY-MM-DD)" in skipped.out
    assert skipped.out.strip().endswith("3 connections (3 new), 2 skipped (line 6: no name; line 7: 'soon' is not a date (YYYY-MM-DD))")
    assert len(people(db)) == 3
    # the file checks of every import apply to a plugin's format too, with its own words
    photo = contacts.with_name("photo.txt")
    photo.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert_clean_error(cli(db, "linkedin", "import", "--format", "contacts-txt", str(photo)),
                       "photo.txt is not a contacts text file: it is a PNG image")


@pytest.mark.parametrize("args, message", [
    (("calendar", "import", "--format", "contacts-txt"),
     "import format 'contacts-txt' gives connections, not calendar events (formats for calendar events: ics)"),
    (("csv", "import", "--format", "contacts-txt"),
     "import format 'contacts-txt' gives connections, not tracker rows (formats for tracker rows: csv)"),
    (("csv", "import", "--preview", "--format", "linkedin"),
     "import format 'linkedin' gives connections, not tracker rows (formats for tracker rows: csv)"),
    (("linkedin", "import", "--format", "ics"),
     "import format 'ics' gives calendar events, not connections (formats for connections: linkedin, contacts-txt)"),
    (("linkedin", "import", "--format", "vcard"),
     "unknown import format 'vcard' (known for connections: linkedin, contacts-txt)"),
])
def test_a_mismatched_or_unknown_format_is_one_line_and_writes_nothing(contacts, db, args, message):
    assert_clean_error(cli(db, *args, str(contacts)), message)
    assert not db.exists()  # refused before the database is even opened
    assert cli(db, "linkedin", "import", str(DATA / "linkedin_connections.csv")).code == 0
    before = snapshot(db)
    done = cli(db, *args, "--skip-bad", str(contacts)) if "--preview" not in args else cli(db, *args, str(contacts))
    assert_clean_error(done, message)
    assert done.error_line == f"afterview: error: {message}"
    assert snapshot(db) == before


@pytest.fixture
def store(db):
    opened = open_store(f"sqlite:///{db}")
    yield opened
    opened.close()


def test_the_service_reads_only_through_the_registry(contacts, store):
    from afterview.importers.recognition import Rule
    from afterview.services.imports import DEFAULT_FORMATS, import_calendar, import_connections

    report = import_connections(store, contacts, now=NOW, importer="contacts-txt")
    assert (report.format, report.summary()) == ("contacts-txt", "3 connections (3 new)")
    with store.transaction() as tx:
        before = tx.count(Person)
    with pytest.raises(InvalidInput, match="gives connections, not calendar events"):
        import_calendar(store, contacts, now=NOW, rule=Rule(), importer="contacts-txt")
    with pytest.raises(InvalidInput, match="gives calendar events, not connections"):
        import_connections(store, DATA / "google_calendar.ics", now=NOW, importer="ics")
    with store.transaction() as tx:
        assert tx.count(Person) == before
    # the defaults are the built-in formats, the same in the CLI and the service
    from afterview.interfaces.cli.imports import _DEFAULTS

    assert _DEFAULTS == DEFAULT_FORMATS
    assert {plugins.importers()[n].produces: n for n in DEFAULT_FORMATS.values()} == DEFAULT_FORMATS


def test_a_failing_or_wrong_plugin_reader_is_one_line_and_rolls_back(tmp_path, db):
    good = Connection(1, "Quentin", "Okafor", email="quentin@globex.com")

    def failing(source, **_):
        yield good
        raise ValueError("the parser lost its place")

    def wrong(source, **_):
        yield good
        yield {"name": "a dict"}

    @hookimpl
    def register_importers(register):
        register("failing", failing, produces="connections")
        register("wrong", wrong, produces="connections")
        register("nothing", lambda source, **_: None, produces="connections")

    plugins.get_plugin_manager().register(types.SimpleNamespace(register_importers=register_importers), name="shaky")
    path = tmp_path / "people.txt"
    path.write_text("anything\n", encoding="utf-8")
    for name, message in (
        ("failing", "plugin 'shaky': import format 'failing' failed on people.txt: ValueError: the parser lost its "
                    "place; nothing was imported"),
        ("wrong", "plugin 'shaky': import format 'wrong' gave a dict, not a Connection or a Problem; nothing was imported"),
        ("nothing", "plugin 'shaky': import format 'nothing' returned NoneType, not records; nothing was imported"),
    ):
        done = cli(db, "linkedin", "import", "--format", name, str(path))
        assert_clean_error(done, message)
        assert people(db) == {}  # the first, good record was rolled back with the rest


def _jobs(source, *, overrides=None, preview=False, **_):
    """'Company: Role', one application a line."""
    def rows():
        with source.open() as stream:
            for number, line in enumerate(stream, start=1):
                company, _, role = line.strip().partition(":")
                yield TrackerRow(number, company.strip(), role.strip(), status="applied")
    return Records(rows(), warnings=("jobs.txt: no dates; applications are dated today",))


def test_a_plugin_tracker_format_previews_and_imports_through_csv_import(tmp_path, db):
    @hookimpl
    def register_importers(register):
        register("jobs-lines", _jobs, produces="tracker", description="'Company: Role', one a line.")

    plugins.get_plugin_manager().register(types.SimpleNamespace(register_importers=register_importers), name="jobs")
    path = tmp_path / "jobs.txt"
    path.write_text("Globex: Data Engineer\nInitech: Analyst\n", encoding="utf-8")
    preview = cli(db, "csv", "import", "--preview", "--format", "jobs-lines", str(path))
    assert preview.code == 0, preview.err
    assert "column\timported as" not in preview.out  # no column mapping to show for this format
    assert preview.out.splitlines()[1].startswith("1\tGlobex\tData Engineer\tapplied")
    assert not db.exists()
    done = cli(db, "csv", "import", "--format", "jobs-lines", str(path))
    assert done.out.strip() == "2 applications (2 new)"
    assert "afterview: warning: jobs.txt: no dates; applications are dated today" in done.err
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            assert sorted(o.role for o in tx.list(Opportunity)) == ["Analyst", "Data Engineer"]
    finally:
        store.close()


def test_an_installed_plugin_format_works_in_a_new_process(tmp_path):
    site = install_contacts(tmp_path / "site")
    path = tmp_path / "contacts.txt"
    path.write_text(CONTACTS, encoding="utf-8")
    db = tmp_path / "new.db"
    listed = run("-m", "afterview", "formats", pythonpath=site)
    assert listed.returncode == 0, listed.stderr
    assert "contacts-txt\tconnections\tafterview linkedin import --format contacts-txt\tafterview_contacts" in listed.stdout
    done = run("-m", "afterview", "--db", str(db), "linkedin", "import", "--format", "contacts-txt", str(path),
               pythonpath=site)
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "3 connections (3 new)", "")
    assert set(people(db)) == {"Quentin Okafor", "Lena Brandt", "Ana de la Cruz"}
    # ruled out with AFTERVIEW_PLUGINS, the format is unknown again: one line, exit 2
    off = run("-m", "afterview", "--db", str(db), "linkedin", "import", "--format", "contacts-txt", str(path),
              pythonpath=site, env={"AFTERVIEW_PLUGINS": ""})
    assert off.returncode == 2
    assert off.stderr == "afterview: error: unknown import format 'contacts-txt' (known for connections: linkedin)\n"


def test_import_help_loads_no_plugin_machinery(tmp_path):
    site = install(tmp_path / "site", "afterview_broken", "import no_such_module_here\n")
    for command in ("calendar", "linkedin", "csv"):
        done = run("-X", "importtime", "-m", "afterview", command, "import", "--help", pythonpath=site)
        assert done.returncode == 0, done.stderr
        assert "--format NAME" in done.stdout
        imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
        assert "click" in imported
        assert not {"pluggy", "afterview.plugins", "importlib.metadata"} & imported, command
    # a broken plugin stops what needs the formats, in one line, and nothing else
    broken = run("-m", "afterview", "formats", pythonpath=site)
    assert broken.returncode == 2
    assert broken.stderr.startswith("afterview: error: plugin 'afterview_broken' cannot be loaded")


def test_a_plugin_reader_calling_sys_exit_is_one_line_and_rolls_back(tmp_path, db):
    """sys.exit in a plugin's reader (at the call or while it gives records) is the plugin's
    failure in one line, not the end of Afterview with the plugin's status."""
    good = Connection(1, "Quentin", "Okafor", email="quentin@globex.com")

    def exits_later(source, **_):
        yield good
        sys.exit(3)

    def exits_at_once(source, **_):
        sys.exit(4)

    @hookimpl
    def register_importers(register):
        register("exits-later", exits_later, produces="connections")
        register("exits-at-once", exits_at_once, produces="connections")

    plugins.get_plugin_manager().register(types.SimpleNamespace(register_importers=register_importers), name="quits")
    path = tmp_path / "people.txt"
    path.write_text("anything\n", encoding="utf-8")
    for name, code in (("exits-later", 3), ("exits-at-once", 4)):
        done = cli(db, "linkedin", "import", "--format", name, str(path))
        assert_clean_error(done, f"plugin 'quits': import format '{name}' failed on people.txt: SystemExit: {code}; "
                                 "nothing was imported")
        assert people(db) == {}
