"""Rows of international files, as a tester abroad met them.

- A name in a script written without spaces between its parts (Chinese, Japanese, Korean) is
  the same name with or without a space, either part first: LinkedIn's row First Name 小龍, Last
  Name 李 is 李小龍 recorded at the company, not a new person.
- A row with more cells than the header row has columns is a bad row (its cells beyond would be
  lost), never a silent loss; empty cells beyond, as spreadsheets leave them, are no problem.
- The opportunities export's Contacts column comes back: the import reads it (several people,
  `Name <address>` or a name), so an export imported again keeps its contacts.
- Statuses in German, French and Spanish are read; words not known show in the preview as the
  status a new application gets (applied).
- A calendar import that gives people a country whose regions keep their own holidays (GB from
  Europe/London) says which holidays apply and which regions to give.
"""

from __future__ import annotations

import json
import types
from datetime import datetime, timezone

import pytest

from afterview import plugins
from afterview.domain.model import Company, Opportunity, Person
from afterview.errors import ImportFailed
from afterview.importers import TrackerRow
from afterview.importers.names import person_key
from afterview.importers.recognition import Rule
from afterview.importers.tracker import parse_status
from afterview.plugins.hookspecs import hookimpl
from afterview.services.imports import import_calendar, import_connections, import_tracker, preview_tracker
from tests.helpers import afterview
from tests.importers.conftest import NOW

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


def _people(store) -> list[Person]:
    with store.transaction() as tx:
        return tx.list(Person)


def _record(store, *people: tuple[str, str]) -> None:
    """People recorded by hand: (name, company)."""
    with store.transaction() as tx:
        companies = {}
        for name, company in people:
            if company not in companies:
                companies[company] = tx.add(Company(name=company))
            tx.add(Person(name=name, company_id=companies[company].id))


# -- names without spaces -------------------------------------------------------------------


@pytest.mark.parametrize("recorded, given", [
    ("李小龍", "小龍 李"),  # LinkedIn's First Name, Last Name: given name first
    ("李小龍", "李 小龍"),
    ("小龍 李", "李小龍"),
    ("佐々木太郎", "太郎 佐々木"),  # with the iteration mark
    ("김민준", "민준 김"),  # Hangul
    ("山田 花子", "花子山田"),
])
def test_a_name_without_spaces_is_one_name_in_either_order(recorded, given):
    assert person_key(recorded) == person_key(given)


@pytest.mark.parametrize("one, other", [
    ("李小龍", "李小明"),  # another given name
    ("李小龍", "李龍"),
    ("Jane Doe", "Janedoe"),  # names with spaces still match word by word only
    ("李 Bruce", "Bruce李"),
])
def test_other_names_stay_other_names(one, other):
    assert person_key(one) != person_key(other)


def test_latin_names_keep_their_key():
    assert person_key("Doe, Jane") == person_key("Jane DOE") == "doe jane"


def test_either_part_first_gives_one_key_and_a_pasted_column_is_not_rotated():
    assert person_key("李小龍") == person_key("小龍李") == person_key("小龍 李")
    text = "小" + "李" * 200_000  # no name: rotating it would cost 200,000 rotations of 200,000 characters
    assert person_key(text) == text


def test_linkedin_row_with_a_chinese_name_split_in_two_is_the_person_recorded(store, tmp_path):
    _record(store, ("李小龍", "Acme"))
    path = tmp_path / "Connections.csv"
    path.write_text(HEADER + "小龍,李,https://www.linkedin.com/in/li,,Acme Corp,SRE,02 Dec 2026\r\n"
                    "Jane,Doe,https://www.linkedin.com/in/jane,,Acme Corp,Engineer,02 Dec 2026\r\n", encoding="utf-8")
    report = import_connections(store, path, now=NOW)
    assert report.counts == {"updated": 1, "new": 1}, report.summary()
    people = {p.name: p for p in _people(store)}
    assert set(people) == {"李小龍", "Jane Doe"}
    assert people["李小龍"].linkedin_url == "https://www.linkedin.com/in/li"
    # and again: nothing new
    again = import_connections(store, path, now=NOW)
    assert set(again.counts) == {"unchanged"} and len(_people(store)) == 2


def test_a_tracker_contact_written_family_name_last_is_the_person_recorded(store, tmp_path):
    _record(store, ("王小明", "Acme"))
    path = tmp_path / "tracker.csv"
    path.write_text("Company,Role,Contact\nAcme,Engineer,小明 王\n", encoding="utf-8")
    import_tracker(store, path, now=NOW)
    assert [p.name for p in _people(store)] == ["王小明"]


# -- cells beyond the header ----------------------------------------------------------------


EXTRA = "Company;Role;Notes\nFoo GmbH;Dev;Gehalt 75k; Büro München\nBar AG;Ops;ok\n"
EXTRA_MESSAGE = ("Foo GmbH: 4 cells, but the header row has 3 columns: 'Büro München' is under none and "
                 "would be lost (a cell that holds a semicolon must be in double quotes)")


def test_a_row_with_more_cells_than_the_header_is_a_bad_row(store, tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text(EXTRA, encoding="utf-8")
    with pytest.raises(ImportFailed) as refused:
        import_tracker(store, path, now=NOW)
    assert str(refused.value) == (f"extra.csv line 2: {EXTRA_MESSAGE}; nothing was imported "
                                  "(use --skip-bad to import the rest)")
    with store.transaction() as tx:
        assert tx.list(Opportunity) == []
    report = import_tracker(store, path, now=NOW, skip_bad=True)
    assert report.summary() == f"1 application (1 new), 1 skipped (line 2: {EXTRA_MESSAGE})"


def test_the_cli_refuses_it_with_one_line_and_the_preview_shows_it(tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text(EXTRA, encoding="utf-8")
    db = str(tmp_path / "cli.db")
    done = afterview("--db", db, "csv", "import", str(path))
    assert done.code != 0 and done.out == ""
    assert done.err == (f"afterview: error: extra.csv line 2: {EXTRA_MESSAGE}; nothing was imported "
                        "(use --skip-bad to import the rest)\n")
    shown = afterview("--db", db, "csv", "import", str(path), "--preview")
    assert shown.code == 0 and f"bad row: {EXTRA_MESSAGE}" in shown.out


@pytest.mark.parametrize("row", [
    'Foo GmbH;Dev;"Gehalt 75k; Büro München"',  # the cell in quotes
    "Foo GmbH;Dev;Gehalt 75k;;",  # empty cells after it, as spreadsheets leave them
    "Foo GmbH;Dev",  # fewer cells: the notes are empty
])
def test_rows_whose_cells_fit_the_header_are_read(store, tmp_path, row):
    path = tmp_path / "fits.csv"
    path.write_text("Company;Role;Notes\n" + row + "\n", encoding="utf-8")
    report = import_tracker(store, path, now=NOW)
    assert report.counts == {"new": 1}


def test_a_connections_row_with_more_cells_than_the_header_is_a_bad_row(store, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(HEADER + "Ann,Lee,https://www.linkedin.com/in/ann,,Acme, Inc.,Engineer,12 Mar 2024\r\n"
                    "Bob,Roe,https://www.linkedin.com/in/bob,,Acme,Engineer,12 Mar 2024,,\r\n", encoding="utf-8")
    report = import_connections(store, path, now=NOW, skip_bad=True)
    assert report.summary() == (
        "1 connection (1 new), 1 skipped (line 2: Ann Lee: 8 cells, but the header row has 7 columns: "
        "'12 Mar 2024' is under none and would be lost (a cell that holds a comma must be in double quotes))")


# -- the Contacts column, both ways ---------------------------------------------------------


def _cli(db, *args):
    done = afterview("--db", str(db), "--at", "2026-11-26 09:00 UTC", *args)
    assert done.code == 0, done.err
    return done.out


def test_an_exported_contacts_column_is_imported_again(tmp_path):
    mine, theirs = tmp_path / "mine.db", tmp_path / "theirs.db"
    _cli(mine, "opportunity", "add", "--company", "Acme Corp", "--role", "Staff Engineer")
    _cli(mine, "person", "add", "José Núñez", "--company", "Acme Corp", "--email", "jose@acme.example")
    _cli(mine, "person", "add", "李小龍", "--company", "Acme Corp")
    _cli(mine, "person", "add", "Zoë O'Brien-Smith", "--company", "Acme Corp", "--email", "zoe@acme.example")
    export = tmp_path / "opps.csv"
    _cli(mine, "csv", "export", "opportunities", "-o", str(export))
    header, row = export.read_text(encoding="utf-8").splitlines()
    assert "José Núñez <jose@acme.example>; 李小龍; Zoë O'Brien-Smith <zoe@acme.example>" in row

    shown = _cli(theirs, "csv", "import", str(export), "--preview")
    assert "Contacts\tcontacts" in shown and "(ignored)" not in shown.split("Contacts")[1].splitlines()[0]
    # the rows show whom they bring, as exported
    assert "José Núñez <jose@acme.example>; 李小龍; Zoë O'Brien-Smith <zoe@acme.example>" in shown

    _cli(theirs, "csv", "import", str(export))
    people = {p["name"]: p["emails"] for p in json.loads(_cli(theirs, "person", "list", "--json"))}
    assert people == {"José Núñez": ["jose@acme.example"], "李小龍": [], "Zoë O'Brien-Smith": ["zoe@acme.example"]}
    # imported again, into the database it came from and into the new one: nobody twice
    for db in (mine, theirs):
        _cli(db, "csv", "import", str(export))
        assert len(json.loads(_cli(db, "person", "list", "--json"))) == 3


def test_a_contacts_cell_lists_names_addresses_or_both(store, tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text('Company,Role,Contacts\nInitech,Engineer,"Ann Lee <ann@initech.example>; Bill Lumbergh;'
                    ' peter@initech.example\nMilton"\n', encoding="utf-8")
    [row] = preview_tracker(path, overrides={}).rows
    assert row.contacts == (("Ann Lee", "ann@initech.example"), ("Bill Lumbergh", ""),
                            ("", "peter@initech.example"), ("Milton", ""))
    import_tracker(store, path, now=NOW)
    people = {p.name: p.emails for p in _people(store)}
    assert people == {"Ann Lee": ["ann@initech.example"], "Bill Lumbergh": [],
                      "Peter": ["peter@initech.example"], "Milton": []}


def test_a_contacts_part_that_is_no_address_makes_a_bad_row(store, tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text("Company,Role,Contacts\nInitech,Engineer,Ann Lee <ann@@initech>; Bill\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"^tracker\.csv line 2: Initech: invalid email address: 'ann@@initech'"):
        import_tracker(store, path, now=NOW)


def test_a_contacts_name_is_held_to_the_length_of_a_typed_one(store, tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text("Company,Role,Contacts\nInitech,Engineer,Ann Lee; " + "B" * 5000 + "\n", encoding="utf-8")
    report = import_tracker(store, path, now=NOW, skip_bad=True)
    assert "Initech: contact name is 5,000 characters long" in report.summary()
    assert _people(store) == []


@pytest.fixture
def fresh_plugins():
    plugins.reset()
    yield
    plugins.reset()


def test_a_plugins_contacts_are_checked_like_the_built_in_ones(store, tmp_path, fresh_plugins):
    def jobs(source, **_):
        yield TrackerRow(1, "Acme", "Engineer", contacts=(("Wile\u202e E. Coyote", "wile@acme.example"),))
        yield TrackerRow(2, "Umbrella", "Chemist", contacts=(("Albert", "albert@@umbrella.example"),))
        yield TrackerRow(3, "Globex", "Analyst", contacts=("Hank Scorpio",))

    @hookimpl
    def register_importers(register):
        register("odd-jobs", jobs, produces="tracker")

    plugins.get_plugin_manager().register(types.SimpleNamespace(register_importers=register_importers), name="odd")
    path = tmp_path / "anything.txt"
    path.write_text("anything\n", encoding="utf-8")
    report = import_tracker(store, path, now=NOW, skip_bad=True, importer="odd-jobs")
    assert report.summary() == (
        "1 application (1 new), 2 skipped (line 2: Umbrella: invalid email address: 'albert@@umbrella.example'; "
        "line 3: Globex: a contact is 'Hank Scorpio', not a (name, address) pair)")
    assert [(p.name, p.emails) for p in _people(store)] == [("Wile E. Coyote", ["wile@acme.example"])]


# -- statuses -------------------------------------------------------------------------------


@pytest.mark.parametrize("words, status", [
    ("Absage", "rejected"), ("abgelehnt", "rejected"), ("Refusé", "rejected"), ("candidature non retenue", "rejected"),
    ("Rechazado", "rejected"), ("Solicitud rechazada", "rejected"), ("Absage nach Vorstellungsgespräch", "rejected"),
    ("Vorstellungsgespräch", "interviewing"), ("Bewerbungsgespräch", "interviewing"), ("Telefoninterview", "interviewing"),
    ("Entretien", "interviewing"), ("Entrevista técnica", "interviewing"),
    ("Angebot", "offer"), ("Offre", "offer"), ("Oferta", "offer"),
    ("Angebot angenommen", "accepted"), ("Offre acceptée", "accepted"), ("Aceptado", "accepted"),
    ("Zurückgezogen", "withdrawn"), ("Candidature retirée", "withdrawn"),
    ("keine Antwort", "no-response"), ("Sans réponse", "no-response"), ("Sin respuesta", "no-response"),
    ("Beworben", "applied"), ("Bewerbung gesendet", "applied"), ("Candidature envoyée", "applied"),
    ("Postulé", "applied"), ("Solicitud enviada", "applied"),
])
def test_statuses_in_german_french_and_spanish_are_read(words, status):
    assert parse_status(words) == status


def test_the_preview_shows_the_status_a_row_is_recorded_with(tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text("Company,Role,Status\nFoo,Dev,Absage\nBar,Dev,Vorstellungsgespräch\nBaz,Dev,Blau\nQux,Dev,\n",
                    encoding="utf-8")
    rows = preview_tracker(path, overrides={}).rows
    assert [(r.company, r.status) for r in rows] == [("Foo", "rejected"), ("Bar", "interviewing"),
                                                      ("Baz", "applied"), ("Qux", "applied")]
    assert rows[2].notes == "Status in the spreadsheet: Blau"
    shown = afterview("--db", str(tmp_path / "x.db"), "csv", "import", str(path), "--preview")
    assert shown.code == 0
    assert [line.split("\t")[3] for line in shown.out.splitlines() if line[:1].isdigit()] == [
        "rejected", "interviewing", "applied", "applied"]


# -- the country a calendar import gives ------------------------------------------------------


def _invitation(tzid: str) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", "BEGIN:VEVENT", "UID:globex-1@globex.com",
             "DTSTAMP:20270110T090000Z", f"DTSTART;TZID={tzid}:20270125T140000",
             f"DTEND;TZID={tzid}:20270125T150000", "SUMMARY:Globex | Data Engineer - Panel Interview",
             "ORGANIZER;CN=Rita Recruiter:mailto:rita@globex.com", "ATTENDEE;CN=Rita Recruiter:mailto:rita@globex.com",
             "ATTENDEE;CN=Tom Reid:mailto:tom@globex.com", "ATTENDEE;CN=Sam Seeker:mailto:sam.seeker@gmail.com",
             "END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines)


def test_a_london_invitation_gives_england_as_person_add_does(store, tmp_path):
    path = tmp_path / "invite.ics"
    path.write_text(_invitation("Europe/London"))
    report = import_calendar(store, path, now=datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc), rule=Rule(),
                             user_tz="America/New_York")
    # a zone of one region gives the region (domain.values.ZONE_REGIONS), as `person add --tz` does
    assert {p.country for p in _people(store)} == {"GB-ENG"}
    assert not [w for w in report.warnings if "alone" in w]


def test_a_zurich_invitation_says_which_holidays_ch_alone_has(store, tmp_path):
    path = tmp_path / "invite.ics"
    path.write_text(_invitation("Europe/Zurich"))
    report = import_calendar(store, path, now=datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc), rule=Rule(),
                             user_tz="America/New_York")
    assert {p.country for p in _people(store)} == {"CH"}
    said = [w for w in report.warnings if "alone" in w]
    assert len(said) == 1 and said[0].startswith("invite.ics: country CH alone has only the public holidays")
    assert "give the region instead" in said[0]


def test_a_new_york_invitation_says_nothing_more(store, tmp_path):
    path = tmp_path / "invite.ics"
    path.write_text(_invitation("America/Chicago"))
    report = import_calendar(store, path, now=datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc), rule=Rule(),
                             user_tz="America/New_York")
    assert {p.country for p in _people(store)} == {"US"}
    assert not [w for w in report.warnings if "alone" in w]
