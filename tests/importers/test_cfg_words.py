"""What imports say, as a tester read it:

- a sheet's slash dates read month first: the warning named its example's month-first reading
  but always said "write them as 2026-04-03" (03/04/2026 written day first), whatever the date:
  it names the day-first reading of its own example now (03/12/2026: 2026-12-03);
- `max_events = 1` / `max_rows = 1` said "more than 1 events" / "more than 1 rows";
- a London invitation gave its people GB, with a warning to give GB-ENG instead, where `person
  add --tz Europe/London` gives GB-ENG: both follow one rule (services.pipeline.country_of_zone).
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from afterview.domain.model import Person
from afterview.importers.recognition import Rule
from afterview.importers.tracker import Mapping, parse_sheet_date
from afterview.services.imports import import_calendar
from tests.helpers import afterview


@pytest.mark.parametrize("example, month_first, day_first", [
    ("03/12/2026", "12 March 2026", "2026-12-03"),
    ("03/04/2026", "4 March 2026", "2026-04-03"),
    ("11/10/26", "10 November 2026", "2026-10-11"),
])
def test_the_month_first_warning_reads_its_own_example_both_ways(example, month_first, day_first):
    said = Mapping({}, [], 0, "unsure", example).date_warning("d1.csv")
    assert said == (f"d1.csv: dates such as {example} are read month first ({month_first}); if the sheet writes "
                    f"the day first, write them as {day_first} and import again")
    assert parse_sheet_date(day_first) == parse_sheet_date(example, day_first=True)


def test_the_other_orders_are_said_as_before():
    assert Mapping({}, [], 0, "day", "03/12/2026").date_warning("d1.csv") == (
        "d1.csv: dates are read day first, as the sheet writes them (03/12/2026 is 3 December 2026)")
    assert Mapping({}, [], 0, "mixed", "").date_warning("d1.csv").startswith(
        "d1.csv: some dates are written day first and some month first")
    assert Mapping({}, [], 0, "month", "").date_warning("d1.csv") == ""
    assert Mapping({}, [], 0, "", "").date_warning("d1.csv") == ""


def test_the_preview_says_the_right_day_first_date(afterview_home, tmp_path):
    sheet = tmp_path / "d1.csv"
    sheet.write_text("Company,Role,Date Applied\nAcme,Engineer,03/12/2026\n", encoding="utf-8")
    shown = afterview("csv", "import", str(sheet), "--preview")
    assert shown.code == 0, shown.err
    assert ("d1.csv: dates such as 03/12/2026 are read month first (12 March 2026); if the sheet writes the day "
            "first, write them as 2026-12-03 and import again") in shown.err
    assert "2026-04-03" not in shown.err + shown.out


def test_a_limit_of_one_is_said_in_the_singular(afterview_home, tmp_path):
    (afterview_home / "config.toml").write_text("[import]\nmax_events = 1\nmax_rows = 1\n", encoding="utf-8")
    events = "".join(f"BEGIN:VEVENT\r\nUID:e{i}\r\nDTSTART:2027010{i}T100000Z\r\nSUMMARY:Interview\r\nEND:VEVENT\r\n"
                     for i in (1, 2))
    calendar = tmp_path / "cal.ics"
    calendar.write_text(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//EN\r\n{events}END:VCALENDAR\r\n")
    said = afterview("calendar", "import", str(calendar))
    assert said.code == 2 and "cal.ics has more than 1 event; export a shorter period" in said.err
    sheet = tmp_path / "t.csv"
    sheet.write_text("Company,Role\n" + "".join(f"C{i},R\n" for i in range(20)), encoding="utf-8")
    said = afterview("csv", "import", str(sheet))
    assert said.code == 2 and "t.csv has more than 1 row; that is not a tracker" in said.err


def _invitation(tzid: str) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", "BEGIN:VEVENT", "UID:globex-1@globex.com",
             "DTSTAMP:20270110T090000Z", f"DTSTART;TZID={tzid}:20270125T140000",
             f"DTEND;TZID={tzid}:20270125T150000", "SUMMARY:Globex | Data Engineer - Panel Interview",
             "ORGANIZER;CN=Rita Recruiter:mailto:rita@globex.com", "ATTENDEE;CN=Rita Recruiter:mailto:rita@globex.com",
             "ATTENDEE;CN=Tom Reid:mailto:tom@globex.com", "END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines)


@pytest.mark.parametrize("zone, country", [("Europe/London", "GB-ENG"), ("Australia/Sydney", "AU-NSW"),
                                           ("Europe/Berlin", "DE")])
def test_an_invitation_gives_the_region_as_person_add_does(store, tmp_path, zone, country):
    from afterview.services.pipeline import country_of_zone

    assert country_of_zone(zone) == country  # what `person add --tz` records
    path = tmp_path / "invite.ics"
    path.write_text(_invitation(zone))
    report = import_calendar(store, path, now=datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc), rule=Rule(),
                             user_tz="America/New_York")
    with store.transaction() as tx:
        assert {p.country for p in tx.list(Person)} == {country}
    assert [w for w in report.warnings if f"country {country}, from the event" in w]
    if "-" in country:  # a region: nothing to say about the holidays of the country alone
        assert not [w for w in report.warnings if "alone" in w]


def test_a_day_first_example_is_a_real_date():
    assert parse_sheet_date("03/12/2026", day_first=True) == date(2026, 12, 3)
