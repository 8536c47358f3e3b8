"""An invitation whose TZID is a Windows zone name (Outlook, Exchange): the new attendee takes the
IANA zone it maps to, by its current name ("India Standard Time": Asia/Kolkata, not the old
Asia/Calcutta of CLDR's table), and that zone's country, used for their public holidays, as an
IANA TZID gives it; the import says so. When every place that uses the name is in one country
("India Standard Time", "AUS Eastern Standard Time") that is all; a name several countries share
("Eastern Standard Time": the United States, Canada, the Bahamas; "W. Europe Standard Time")
gives its main zone's country, and the import says that the country is the main zone's."""

from __future__ import annotations

import sys
from datetime import datetime, timezone

import pytest

from afterview.domain.model import Person, Profile
from afterview.importers.recognition import Rule
from afterview.services.imports import import_calendar
from afterview.storage import open_store

from tests.helpers import afterview

NOW = datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc)


def invitation(tzid: str, start: str = "20270125T140000", end: str = "20270125T150000") -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:Microsoft Exchange Server 2010", "METHOD:REQUEST",
             "BEGIN:VEVENT", "UID:globex-hm-1@globex.com", "SEQUENCE:0", "DTSTAMP:20270110T090000Z",
             f'DTSTART;TZID="{tzid}":{start}', f'DTEND;TZID="{tzid}":{end}',
             "SUMMARY:Globex | Data Engineer - Hiring Manager Interview",
             "ORGANIZER;CN=Rita Recruiter:mailto:rita.recruiter@globex.com",
             "ATTENDEE;CN=Rita Recruiter:mailto:rita.recruiter@globex.com",
             "ATTENDEE;CN=Sam Seeker:mailto:sam.seeker@gmail.com", "END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines)


@pytest.fixture
def store(tmp_path):
    opened = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    with opened.transaction() as tx:
        tx.save_profile(Profile(name="Sam Seeker", email="sam.seeker@gmail.com", timezone="America/Chicago",
                                country="US"))
    yield opened
    opened.close()


def imported(store, tmp_path, tzid: str):
    path = tmp_path / "invite.ics"
    path.write_text(invitation(tzid))
    report = import_calendar(store, path, now=NOW, rule=Rule(), user_tz="America/Chicago")
    with store.transaction() as tx:
        rita = next(p for p in tx.list(Person) if p.name == "Rita Recruiter")
    return rita, [w for w in report.warnings if "time zone" in w]


@pytest.mark.parametrize("tzid, zone, country", [
    ("India Standard Time", "Asia/Kolkata", "IN"),
    ("AUS Eastern Standard Time", "Australia/Sydney", "AU"),
    ("Korea Standard Time", "Asia/Seoul", "KR"),
    ("Israel Standard Time", "Asia/Jerusalem", "IL"),
    ("Turkey Standard Time", "Europe/Istanbul", "TR"),
    ("E. South America Standard Time", "America/Sao_Paulo", "BR"),
])
def test_a_windows_name_of_one_country_gives_that_country_and_says_so(store, tmp_path, tzid, zone, country):
    rita, warnings = imported(store, tmp_path, tzid)
    assert (rita.timezone, rita.country) == (zone, country)
    assert warnings == [f"invite.ics line 5: Rita Recruiter: time zone {zone}, country {country}, from the "
                        f"invitation; correct with afterview person edit {rita.id}"]


@pytest.mark.parametrize("tzid, zone, country", [
    ("Eastern Standard Time", "America/New_York", "US"),  # New York, Toronto, Nassau
    ("W. Europe Standard Time", "Europe/Berlin", "DE"),  # Berlin, Vienna, Zurich, Rome, Amsterdam, Oslo...
    ("Pacific Standard Time", "America/Los_Angeles", "US"),  # Los Angeles, and Vancouver on older Windows
    ("Tokyo Standard Time", "Asia/Tokyo", "JP"),  # Tokyo, Jayapura, Palau, Dili
    ("GMT Standard Time", "Europe/London", "GB"),  # London, Dublin, Lisbon: the country, not England
])
def test_a_windows_name_several_countries_share_gives_its_main_zones_country_and_says_so(store, tmp_path, tzid,
                                                                                         zone, country):
    rita, warnings = imported(store, tmp_path, tzid)
    assert (rita.timezone, rita.country) == (zone, country)
    assert warnings == [f"invite.ics line 5: Rita Recruiter: time zone {zone}, country {country}, from the "
                        f"invitation (the country of its main zone: the invitation names a Windows zone, which "
                        f"other countries share); correct with afterview person edit {rita.id}"]


def test_windows_country_and_how_the_tzid_names_the_zone():
    from afterview.importers.zones import tzid_origin, windows_country

    assert windows_country("India Standard Time") == "IN"
    assert windows_country('"AUS Eastern Standard Time"') == "AU"  # quoted, as Outlook writes it
    assert windows_country("Canada Central Standard Time") == "CA"  # Regina: Saskatchewan alone
    for shared in ("Eastern Standard Time", "W. Europe Standard Time", "Central Europe Standard Time",
                   "Pacific Standard Time", "Mountain Standard Time", "China Standard Time", "Singapore Standard Time",
                   "Romance Standard Time", "Arabian Standard Time"):
        assert windows_country(shared) == "", shared
    for other in ("UTC-08", "UTC", "Asia/Kolkata", "Mars Standard Time", ""):  # no place, no Windows name
        assert windows_country(other) == "", other
    assert tzid_origin("India Standard Time") == "windows-one"
    assert tzid_origin("Eastern Standard Time") == "windows"
    assert tzid_origin("Asia/Kolkata") == "iana"
    assert tzid_origin("Mars Standard Time") == ""


def test_without_the_whole_windows_table_no_windows_name_gives_a_country(monkeypatch):
    from afterview.importers import zones

    monkeypatch.setitem(sys.modules, "tzlocal.windows_tz", None)  # the import fails
    zones._windows_countries.cache_clear()
    try:
        assert zones.windows_country("India Standard Time") == ""
        assert zones.tzid_origin("India Standard Time") == "windows"
    finally:
        monkeypatch.undo()
        zones._windows_countries.cache_clear()
    assert zones.windows_country("India Standard Time") == "IN"


def test_the_cli_says_the_country_and_the_thank_you_skips_india_s_holiday(tmp_path):
    """Mon 25 Jan 2027, 14:00 in India: the next business morning there is Wed 27 Jan, as Tue 26 Jan
    is Republic Day in India (not a holiday in Germany, the user's country)."""
    db = str(tmp_path / "w.db")
    (tmp_path / "invite.ics").write_text(invitation("India Standard Time"))
    assert afterview("--db", db, "profile", "set", "--name", "Sam Seeker", "--email", "sam.seeker@gmail.com",
                     "--tz", "Europe/Berlin", "--country", "DE").code == 0
    result = afterview("--db", db, "--at", "2027-01-10 10:00", "calendar", "import", str(tmp_path / "invite.ics"))
    assert result.code == 0, result.err
    assert result.err.splitlines() == [
        "afterview: warning: invite.ics line 5: Rita Recruiter: time zone Asia/Kolkata, country IN, from the "
        "invitation; correct with afterview person edit 1"]
    why = afterview("--db", db, "--at", "2027-01-10 10:00", "why", "thank_you:i1:p1")
    assert why.code == 0, why.err
    assert "schedule it for Wed 27 Jan 08:00-09:00 their time (Asia/Kolkata)" in why.out, why.out
    assert "Tue 26 Jan is a public holiday (Republic Day) in IN" in why.out, why.out
