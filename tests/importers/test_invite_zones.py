"""People a calendar import creates take the zone the event was given in, and its country.

A US invitation (DTSTART;TZID=America/New_York) imported by someone in Berlin: the new attendee
is in New York, so their thank-you is planned for New York's morning, not Berlin's. Only the
event's own zone counts (not UTC or floating times, not a zone guessed from a custom VTIMEZONE,
not the user's own), the country when the zone database names one (a Windows zone name shared by
several countries gives its main zone's, and says so), and what someone recorded before has is
kept (a blank zone and country are filled: tests/importers/test_first_week_findings.py).
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from afterview.domain.model import Person, Profile
from afterview.importers.recognition import Rule
from afterview.services.imports import import_calendar
from afterview.storage import open_store

from tests.helpers import afterview

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc)


def invitation(start: str, end: str, *, method: str = "REQUEST", sequence: int = 0,
               attendees=("Rita Recruiter:rita.recruiter@globex.com",), vtimezone: str = "") -> str:
    people = [f"ATTENDEE;CN={name}:mailto:{address}" for name, address in (a.split(":") for a in attendees)]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Google Inc//Google Calendar 70.9054//EN"]
    lines += [f"METHOD:{method}"] if method else []
    lines += [vtimezone] if vtimezone else []
    lines += ["BEGIN:VEVENT", "UID:globex-hm-1@google.com", f"SEQUENCE:{sequence}", "DTSTAMP:20270301T090000Z",
              start, end, "SUMMARY:Globex | Data Engineer - Hiring Manager Interview",
              "ORGANIZER;CN=Rita Recruiter:mailto:rita.recruiter@globex.com", *people,
              "ATTENDEE;CN=Sam Seeker:mailto:sam.seeker@gmail.com", "END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines)


NEW_YORK = ("DTSTART;TZID=America/New_York:20270317T140000", "DTEND;TZID=America/New_York:20270317T150000")


@pytest.fixture
def store(tmp_path):
    opened = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    with opened.transaction() as tx:
        tx.save_profile(Profile(name="Sam Seeker", email="sam.seeker@gmail.com", timezone="Europe/Berlin",
                                country="DE"))
    yield opened
    opened.close()


def imported(store, tmp_path, text: str, name: str = "invite.ics", **options):
    path = tmp_path / name
    path.write_text(text)
    return import_calendar(store, path, now=NOW, rule=Rule(), user_tz="Europe/Berlin", **options)


def people(store) -> dict[str, Person]:
    with store.transaction() as tx:
        return {p.name: p for p in tx.list(Person)}


def test_the_testers_invitation_plans_the_thank_you_in_new_york(tmp_path):
    db = str(tmp_path / "b.db")
    (tmp_path / "invite.ics").write_text(invitation(*NEW_YORK))
    assert afterview("--db", db, "profile", "set", "--name", "Sam Seeker", "--email", "sam.seeker@gmail.com",
                     "--tz", "Europe/Berlin", "--country", "DE").code == 0
    result = afterview("--db", db, "--at", "2027-03-01 10:00", "calendar", "import", str(tmp_path / "invite.ics"))
    assert result.code == 0, result.err
    assert result.err.splitlines() == [  # line 5: BEGIN:VEVENT
        "afterview: warning: invite.ics line 5: Rita Recruiter: time zone America/New_York, country US, from the "
        "invitation; correct with afterview person edit 1"]
    why = afterview("--db", db, "--at", "2027-03-01 10:00", "why", "thank_you:i1:p1")
    assert why.code == 0, why.err
    assert "schedule it for the next business morning, Thu 18 Mar 08:00-10:00 their time (America/New_York)" in why.out


def test_the_new_person_takes_the_events_zone_and_its_country(store, tmp_path):
    report = imported(store, tmp_path, invitation(*NEW_YORK))
    rita = people(store)["Rita Recruiter"]
    assert (rita.timezone, rita.country) == ("America/New_York", "US")
    assert [w for w in report.warnings if "Rita Recruiter" in w] == [
        f"invite.ics line 5: Rita Recruiter: time zone America/New_York, country US, from the invitation; "
        f"correct with afterview person edit {rita.id}"]


def test_the_zone_and_country_someone_recorded_before_has_are_kept(store, tmp_path):
    with store.transaction() as tx:
        tx.add(Person(name="Rita Recruiter", emails=["rita.recruiter@globex.com"], timezone="America/Chicago",
                      country="US"))
    report = imported(store, tmp_path, invitation(*NEW_YORK))
    rita = people(store)["Rita Recruiter"]
    assert (rita.timezone, rita.country) == ("America/Chicago", "US")
    assert not any("time zone" in w or "country" in w for w in report.warnings)


def test_a_newer_version_s_new_attendee_takes_the_zone_too(store, tmp_path):
    imported(store, tmp_path, invitation(*NEW_YORK))
    newer = invitation(*NEW_YORK, sequence=1, attendees=("Rita Recruiter:rita.recruiter@globex.com",
                                                         "Hank Manager:hank.manager@globex.com"))
    report = imported(store, tmp_path, newer, name="update.ics")
    hank = people(store)["Hank Manager"]
    assert (hank.timezone, hank.country) == ("America/New_York", "US")
    assert [w.split(": ", 1)[1] for w in report.warnings if "time zone" in w] == [
        f"Hank Manager: time zone America/New_York, country US, from the invitation; correct with "
        f"afterview person edit {hank.id}"]


@pytest.mark.parametrize("start, end", [
    ("DTSTART:20270317T130000Z", "DTEND:20270317T140000Z"),  # UTC (Google writes these): no zone of its own
    ("DTSTART:20270317T140000", "DTEND:20270317T150000"),  # floating: the calendar's, else the user's
    ("DTSTART;VALUE=DATE:20270317", "DTEND;VALUE=DATE:20270318"),  # all day
    ("DTSTART;TZID=Europe/Berlin:20270317T140000", "DTEND;TZID=Europe/Berlin:20270317T150000"),  # the user's
    ("DTSTART;TZID=Etc/GMT+5:20270317T140000", "DTEND;TZID=Etc/GMT+5:20270317T150000"),  # no place
])
def test_no_zone_of_its_own_gives_none(store, tmp_path, start, end):
    report = imported(store, tmp_path, invitation(start, end))
    rita = people(store)["Rita Recruiter"]
    assert (rita.timezone, rita.country) == ("", "")
    assert not any("time zone" in w for w in report.warnings)


def test_a_windows_zone_name_gives_the_zone_and_its_main_zones_country(store, tmp_path):
    report = imported(store, tmp_path, invitation('DTSTART;TZID="Eastern Standard Time":20270317T140000',
                                                  'DTEND;TZID="Eastern Standard Time":20270317T150000'))
    rita = people(store)["Rita Recruiter"]
    assert (rita.timezone, rita.country) == ("America/New_York", "US")
    assert [w for w in report.warnings if "time zone" in w] == [
        f"invite.ics line 5: Rita Recruiter: time zone America/New_York, country US, from the invitation (the "
        f"country of its main zone: the invitation names a Windows zone, which other countries share); correct "
        f"with afterview person edit {rita.id}"]


def test_a_custom_zone_matched_by_its_offsets_is_a_guess_and_gives_none(store, tmp_path):
    custom = "\r\n".join([
        "BEGIN:VTIMEZONE", "TZID:Customized Time Zone",
        "BEGIN:STANDARD", "DTSTART:16010101T020000", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500",
        "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11", "END:STANDARD",
        "BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400",
        "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", "END:DAYLIGHT", "END:VTIMEZONE"])
    imported(store, tmp_path, invitation("DTSTART;TZID=Customized Time Zone:20270317T140000",
                                         "DTEND;TZID=Customized Time Zone:20270317T150000", vtimezone=custom))
    rita = people(store)["Rita Recruiter"]
    assert (rita.timezone, rita.country) == ("", "")


def test_an_event_of_a_whole_calendar_says_so_and_a_dry_run_writes_nothing(store, tmp_path):
    report = imported(store, tmp_path, invitation(*NEW_YORK, method=""), name="calendar.ics", dry_run=True)
    assert [w.split(": ", 1)[1] for w in report.warnings if "time zone" in w] == [
        "Rita Recruiter: time zone America/New_York, country US, from the event; correct with "
        "afterview person edit 'Rita Recruiter'"]  # a dry run's ids are never written
    assert people(store) == {}


@pytest.mark.parametrize("zone, country", [
    ("America/New_York", "US"), ("Europe/Berlin", "DE"), ("Europe/Oslo", "NO"), ("Australia/Sydney", "AU"),
    ("Asia/Kolkata", "IN"), ("America/Sao_Paulo", "BR"), ("Pacific/Chatham", "NZ"), ("Africa/Casablanca", "MA"),
    ("US/Eastern", "US"), ("Asia/Calcutta", "IN"),  # old names, links to a zone of the table
    ("UTC", ""), ("Etc/GMT+5", ""), ("CET", ""), ("EST5EDT", ""), ("Mars/Olympus", ""),
])
def test_the_country_of_a_zone(zone, country):
    from afterview.importers.zones import zone_countries, zone_country

    assert zone_country(zone) == country
    assert bool(zone_countries(zone)) == bool(country)
