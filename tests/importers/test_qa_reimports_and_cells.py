"""Files from the field: an all-day onsite, an occurrence taken out of a series, re-imports after
hand corrections, a value under a header-less column, "Name <address>" as the contact, Outlook's
"Customized Time Zone" with US Eastern rules, and an unreadable slash date."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from afterview.domain import model as m
from afterview.errors import ImportFailed
from afterview.importers import ical
from afterview.importers.files import check_file
from afterview.importers.recognition import Rule
from afterview.services.imports import import_calendar, import_connections, import_tracker
from tests.importers.conftest import ok_at

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=timezone.utc)
WINDOW = (datetime(2026, 1, 1, tzinfo=timezone.utc), datetime(2027, 12, 31, tzinfo=timezone.utc))


def _ics(body: str) -> str:
    return ("BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n"
            + body + "END:VCALENDAR\r\n")


def _events(path, tz="Europe/Berlin"):
    source = check_file(path, ical.WHAT)
    info = ical.scan(source, max_events=1000)
    return [e for e in ical.read_events(source, info, default_tz=tz, window=WINDOW)]


ALL_DAY = _ics(
    "METHOD:REQUEST\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261203\r\nDTEND;VALUE=DATE:{end}\r\n"
    "DTSTAMP:20261127T235959Z\r\nUID:allday-thu@google.com\r\n"
    "ORGANIZER;CN=Olaf Berg:mailto:olaf@hooli.example\r\nATTENDEE;CN=Olaf Berg:mailto:olaf@hooli.example\r\n"
    "ATTENDEE;CN=Sam Seeker:mailto:sam.seeker@gmail.com\r\nSEQUENCE:0\r\nSTATUS:CONFIRMED\r\n"
    "SUMMARY:Hooli onsite interview day\r\nLOCATION:Hooli HQ\\, Friedrichstraße 1\\, 10117 Berlin\r\n"
    "END:VEVENT\r\n")


# -- 1. an all-day interview ends on its own day ---------------------------------------------


@pytest.mark.parametrize("end, last", [("20261204", 3), ("20261205", 4)])
def test_an_all_day_event_ends_at_the_last_minute_of_its_last_day(tmp_path, end, last):
    path = tmp_path / "allday.ics"
    path.write_text(ALL_DAY.format(end=end), encoding="utf-8")
    [event] = _events(path)
    berlin = ZoneInfo("Europe/Berlin")
    assert event.all_day
    assert event.start == datetime(2026, 12, 3, tzinfo=berlin)
    assert event.end == datetime(2026, 12, last, 23, 59, tzinfo=berlin)


def test_an_all_day_thursday_onsite_is_thanked_for_thursday_by_friday_morning(capsys, tmp_path):
    path = tmp_path / "allday_thu.ics"
    path.write_text(ALL_DAY.format(end="20261204"), encoding="utf-8")
    at = "2026-12-04 12:00 Europe/Berlin"
    ok_at(capsys, at, "profile", "set", "--name", "Sam Seeker", "--email", "sam.seeker@gmail.com",
          "--tz", "Europe/Berlin", "--country", "DE-BE")
    ok_at(capsys, at, "calendar", "import", str(path))
    why = ok_at(capsys, at, "why", "thank_you:i1:p1")
    assert "the onsite interview of Thu 3 Dec" in why
    assert "Friday" not in why and "Mon 7 Dec" not in why
    assert "due Fri 2026-12-04 10:00" in why


# -- 2. an occurrence taken out of its series is cancelled -----------------------------------


SERIES = _ics(
    "BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Berlin:20261201T100000\r\nDTEND;TZID=Europe/Berlin:20261201T103000\r\n"
    "RRULE:FREQ=DAILY;COUNT=4\r\nEXDATE;TZID=Europe/Berlin:{exdate}\r\nDTSTAMP:20261127T235959Z\r\n"
    "ORGANIZER;CN=Hana Kim:mailto:hana@initech.example\r\nATTENDEE;CN=Hana Kim:mailto:hana@initech.example\r\n"
    "UID:recur1@google.com\r\nSEQUENCE:{sequence}\r\nSTATUS:CONFIRMED\r\nSUMMARY:Initech phone screen slot\r\n"
    "END:VEVENT\r\n")


def _calendar(store, path):
    return import_calendar(store, path, now=NOW, rule=Rule(everything=True), user_tz="Europe/Berlin",
                           window=WINDOW, playbook=lambda: None)


def test_an_occurrence_removed_by_a_new_exdate_cancels_its_interview(store, tmp_path):
    path = tmp_path / "cal.ics"
    path.write_text(SERIES.format(exdate="20261202T100000", sequence=0), encoding="utf-8")
    first = _calendar(store, path)
    assert first.summary() == "3 interviews (3 new)"  # the 2nd is excluded from the start: not said
    path.write_text(SERIES.format(exdate="20261202T100000,20261204T100000", sequence=1), encoding="utf-8")
    second = _calendar(store, path)
    assert second.summary() == "2 interviews (2 unchanged), 1 cancelled"
    [note] = [n for n in second.notes if n.action == "cancelled"]
    assert note.what.startswith("Initech phone screen slot on 2026-12-04 10:00")
    assert "EXDATE" in note.detail
    with store.transaction() as tx:
        by_day = {i.start.astimezone(ZoneInfo("Europe/Berlin")).day: i.cancelled for i in tx.list(m.Interview)}
    assert by_day == {1: False, 3: False, 4: True}
    assert _calendar(store, path).summary() == "3 interviews (3 unchanged)"


# -- 3, 4. re-imports leave what was corrected by hand ----------------------------------------


NUMBERS = ("Company,Role,Status,Applied On,Recruiter,Recruiter Email\n"
           "Umbrella Corp,Analyst,Applied,27 Nov 2026,Ada Wong,Ada.Wong@Umbrella.example\n"
           'Umbrella Corp,Senior Analyst,Applied,"Nov 12, 2026",Ada Wong,ada.wong@umbrella.example\n')


def test_a_tracker_reimport_keeps_an_address_corrected_by_hand(store, tmp_path):
    path = tmp_path / "numbers.csv"
    path.write_text(NUMBERS, encoding="utf-8")
    import_tracker(store, path, now=NOW)
    with store.transaction() as tx:
        [ada] = tx.list(m.Person)
        ada.emails = ["ada@umbrella-corp.example"]
        tx.update(ada)
    again = import_tracker(store, path, now=NOW)
    assert again.summary() == "2 applications (2 unchanged)"
    with store.transaction() as tx:
        assert [p.emails for p in tx.list(m.Person)] == [["ada@umbrella-corp.example"]]


def test_a_tracker_reimport_after_a_role_renamed_by_hand_adds_no_second_application(store, tmp_path):
    path = tmp_path / "numbers.csv"
    path.write_text(NUMBERS, encoding="utf-8")
    import_tracker(store, path, now=NOW)
    with store.transaction() as tx:
        analyst = tx.get(m.Opportunity, 1)
        analyst.role = "Business Analyst"
        tx.update(analyst)
    assert import_tracker(store, path, now=NOW).summary() == "2 applications (2 unchanged)"
    # a newer copy of the row applies to the application it made, whatever it is called now
    path.write_text(NUMBERS.replace("Analyst,Applied,27", "Analyst,Phone screen,27"), encoding="utf-8")
    newer = import_tracker(store, path, now=NOW)
    assert newer.counts == {"updated": 1, "unchanged": 1}
    with store.transaction() as tx:
        found = sorted((o.id, o.role, o.status.value) for o in tx.list(m.Opportunity))
        emails = [p.emails for p in tx.list(m.Person)]
    assert found == [(1, "Business Analyst", "interviewing"), (2, "Senior Analyst", "applied")]
    assert emails == [["Ada.Wong@Umbrella.example"]]


CONNECTIONS = ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
               "Priya,Raman,https://www.linkedin.com/in/priya-raman-12345,PRIYA@GLOBEX.EXAMPLE,Globex,"
               "Engineering Manager,26 Nov 2026\n"
               "Katrin,Vogel,https://www.linkedin.com/in/katrinvogel,,Fabrikam GmbH,Recruiter,20 Nov 2026\n")


def test_a_linkedin_reimport_keeps_what_was_corrected_by_hand(store, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(CONNECTIONS, encoding="utf-8")
    import_connections(store, path, now=NOW)
    with store.transaction() as tx:
        priya = tx.list(m.Person, name="Priya Raman")[0]
        priya.emails, priya.title = ["priya@new.example"], "Director"
        tx.update(priya)
        tx.delete(m.Person, tx.list(m.Person, name="Katrin Vogel")[0].id)
    again = import_connections(store, path, now=NOW)
    assert again.summary() == "1 connection (1 matched: 1 unchanged), 1 not re-created (you deleted the person)"
    with store.transaction() as tx:
        [priya] = tx.list(m.Person)
    assert (priya.emails, priya.title) == (["priya@new.example"], "Director")


# -- 5. a value under a column without a header -----------------------------------------------


def test_a_value_under_a_column_without_a_header_is_a_bad_row(store, tmp_path):
    path = tmp_path / "sep_extra.csv"
    path.write_bytes("sep=;\r\nCompany;Role;Notes;;\r\nFoo GmbH;Dev;Gehalt 75k; Büro München;\r\nBar AG;Ops;ok;;\r\n"
                     .encode("cp1252"))
    with pytest.raises(ImportFailed) as refused:
        import_tracker(store, path, now=NOW)
    assert str(refused.value) == (
        "sep_extra.csv line 3: Foo GmbH: 4 cells, but the header row has 3 columns: 'Büro München' is under "
        "none and would be lost (a cell that holds a semicolon must be in double quotes); nothing was imported "
        "(use --skip-bad to import the rest)")
    middle = tmp_path / "middle.csv"
    middle.write_text("Company,,Role\nAcme,lost,Dev\nBeta,,Ops\n", encoding="utf-8")
    report = import_tracker(store, middle, now=NOW, skip_bad=True)
    assert report.summary() == (
        "1 application (1 new), 1 skipped (line 2: Acme: 'lost' is under a column with no header and would be "
        "lost (name the column in the header row, or put a cell that holds a comma in double quotes))")


# -- 6. "Name <address>" in the contact column ------------------------------------------------


def test_a_contact_written_with_its_address_is_a_name_and_an_address(store, tmp_path):
    path = tmp_path / "contact_addr.csv"
    path.write_text('Company,Role,Contact\nGlobex,Data Engineer,"Ann Lee <ann@globex.example>"\n', encoding="utf-8")
    import_tracker(store, path, now=NOW)
    connections = tmp_path / "Connections.csv"
    connections.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                           "Ann,Lee,https://www.linkedin.com/in/annlee,ann@globex.example,Globex,Recruiter,"
                           "20 Nov 2026\n", encoding="utf-8")
    import_connections(store, connections, now=NOW)
    with store.transaction() as tx:
        assert [(p.name, p.emails, p.title) for p in tx.list(m.Person)] == [
            ("Ann Lee", ["ann@globex.example"], "Recruiter")]
    other = tmp_path / "other.csv"
    other.write_text('Company,Role,Contact,Email\nGlobex,Analyst,"Ann Lee <ann@globex.example>",bob@globex.example\n',
                     encoding="utf-8")
    with pytest.raises(ImportFailed, match="the contact's address 'ann@globex.example' is not the contact email"):
        import_tracker(store, other, now=NOW)


# -- 7. Outlook's Customized Time Zone with US Eastern rules ----------------------------------


def test_a_customized_time_zone_with_us_eastern_rules_is_new_york(tmp_path):
    path = tmp_path / "outlook.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n"
        "METHOD:PUBLISH\r\nBEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\nBEGIN:STANDARD\r\n"
        "DTSTART:16011104T020000\r\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\nTZOFFSETFROM:-0400\r\n"
        "TZOFFSETTO:-0500\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010311T020000\r\n"
        "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nEND:DAYLIGHT\r\n"
        "END:VTIMEZONE\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Customized Time Zone:20261124T110000\r\n"
        "DTEND;TZID=Customized Time Zone:20261124T120000\r\nDTSTAMP:20261127T120000Z\r\nUID:a2\r\n"
        "ORGANIZER;CN=Org:mailto:sue@soylent.example\r\nSUMMARY:Soylent panel interview\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n", encoding="utf-8")
    [event] = _events(path)
    assert event.timezone == "America/New_York"
    assert event.start == datetime(2026, 11, 24, 16, 0, tzinfo=timezone.utc)


# -- 8. an unreadable slash date says nothing of the sheet's date order -----------------------


def test_an_unreadable_slash_date_gives_no_day_first_month_first_warning(store, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text("Company,Role,Date Applied\nAcme,Engineer,2026-11-01\nDelta,Engineer,31/31/2026\n",
                    encoding="utf-8")
    report = import_tracker(store, path, now=NOW, skip_bad=True, dry_run=True)
    assert report.warnings == []
    assert report.summary() == ("dry run, nothing written: 1 application (1 new), 1 skipped "
                                "(line 3: Delta: unreadable date '31/31/2026')")


def test_the_row_memory_travels_with_a_backup(store, tmp_path):
    """A restored database remembers what each tracker row gave: the same file imported into it
    puts back nothing the user corrected by hand before the backup."""
    from afterview.services.backup import export_document, import_document
    from afterview.storage import open_store

    path = tmp_path / "numbers.csv"
    path.write_text(NUMBERS, encoding="utf-8")
    import_tracker(store, path, now=NOW)
    with store.transaction() as tx:
        [ada] = tx.list(m.Person)
        ada.emails = ["ada@umbrella-corp.example"]
        tx.update(ada)
    with store.transaction() as tx:
        document = export_document(tx)
    assert set(document["state"]) >= {"imports.tracker"}
    restored = open_store(f"sqlite:///{tmp_path / 'restored.db'}")
    with restored.transaction() as tx:
        import_document(tx, document)
    again = import_tracker(restored, path, now=NOW)
    assert again.summary() == "2 applications (2 unchanged)"
    with restored.transaction() as tx:
        assert [p.emails for p in tx.list(m.Person)] == [["ada@umbrella-corp.example"]]
    restored.close()
