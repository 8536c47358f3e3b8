"""A small calendar file cannot make an import work for minutes (found by a security tester: a
761-byte rule, FREQ=YEARLY with lists of every month day, hour, minute and second, took 69 s in
`calendar import --dry-run` before it was refused; 11 MB of EXDATE lines took 95 s and 275 MB).

The counting of a rule is bounded by the work dateutil does (ical.MAX_RULE_WORK lines), not
only by the occurrences it finds; an event listing more than ical.MAX_LISTED_DATES dates in
EXDATE and RDATE is refused before it is parsed. Real calendars are read as before."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from afterview.importers import ical
from tests.helpers import afterview, assert_clean_error

WINDOW = (datetime(2025, 11, 1, tzinfo=timezone.utc), datetime(2027, 11, 1, tzinfo=timezone.utc))
EVERY = ("FREQ=YEARLY;BYMONTH=" + ",".join(map(str, range(1, 13))) + ";BYMONTHDAY=" + ",".join(map(str, range(1, 29)))
         + ";BYHOUR=" + ",".join(map(str, range(24))) + ";BYMINUTE=" + ",".join(map(str, range(60)))
         + ";BYSECOND=" + ",".join(map(str, range(60))))


def calendar(rule: str, start: str = "20261101T100000Z", extra: str = "") -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//qa//EN\r\nBEGIN:VEVENT\r\nUID:rr@qa\r\n"
            f"DTSTAMP:20261101T000000Z\r\nDTSTART:{start}\r\nDTEND:{start[:-7]}110000Z\r\n"
            "SUMMARY:Interview with Globex\r\nORGANIZER:mailto:hr@globex.example\r\n"
            f"ATTENDEE;CN=Bob Lee:mailto:bob.lee@globex.example\r\nRRULE:{rule}\r\n{extra}END:VEVENT\r\n"
            "END:VCALENDAR\r\n")


def series(text: str):
    import icalendar

    found = ical._Series(4)
    found.components.extend(icalendar.Calendar.from_ical(text).walk("VEVENT"))
    return found


@pytest.mark.parametrize("rule", [
    EVERY,  # 29 million candidate times in each year, all made before the first is given
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",  # never: looked for up to the year 9999
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=31",
    "FREQ=SECONDLY;BYMONTH=4;BYMONTHDAY=31",
    "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1;BYMONTHDAY=31;BYMONTH=2",
])
def test_a_rule_that_makes_much_work_for_few_occurrences_is_refused_without_expanding_it(rule):
    assert ical._window_end(series(calendar(rule)), *WINDOW) is None


@pytest.mark.parametrize("rule, start", [
    ("FREQ=DAILY", "19900101T100000Z"),  # a daily series since 1990: counted whole
    ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "19900101T100000Z"),
    ("FREQ=MONTHLY;BYDAY=-1FR", "19500106T100000Z"),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "19600229T100000Z"),  # once in four years
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270301T000000Z", "20251104T100000Z"),
])
def test_real_series_are_still_counted(rule, start):
    assert ical._window_end(series(calendar(rule, start)), *WINDOW) == WINDOW[1]


def test_the_work_limit_puts_back_the_threads_own_trace_function():
    import sys

    def tracer(frame, event, arg):
        return None

    sys.settrace(tracer)
    try:
        assert ical._window_end(series(calendar(EVERY)), *WINDOW) is None
        assert sys.gettrace() is tracer
    finally:
        sys.settrace(None)


def test_the_import_refuses_such_a_rule_in_one_line(tmp_path):
    path = tmp_path / "rr2.ics"
    path.write_text(calendar(EVERY))
    done = afterview("--db", str(tmp_path / "a.db"), "calendar", "import", "--dry-run", str(path))
    assert_clean_error(done, "rr2.ics line 4: recurring event 'rr@qa' repeats too often to be read", "BYSECOND")


def test_an_event_listing_too_many_dates_is_refused_before_it_is_parsed(tmp_path):
    many = ",".join(f"2026{month:02d}{day:02d}T100000Z" for month in range(1, 13) for day in range(1, 29))
    lines = "".join(f"EXDATE:{many}\r\n" for _ in range(ical.MAX_LISTED_DATES // 336 + 1))  # 336 dates a line
    path = tmp_path / "exdates.ics"
    path.write_text(calendar("FREQ=DAILY", extra=lines))
    listed = (ical.MAX_LISTED_DATES // 336 + 1) * 336
    done = afterview("--db", str(tmp_path / "a.db"), "calendar", "import", "--dry-run", str(path))
    assert_clean_error(done, f"exdates.ics line 4: event 'rr@qa' lists {listed:,} dates in EXDATE and RDATE, more "
                             f"than the {ical.MAX_LISTED_DATES:,} an event is read with")
    # with --skip-bad the rest of the file is read, and an event with a few is read as ever
    few = tmp_path / "few.ics"
    few.write_text(calendar("FREQ=WEEKLY;COUNT=10", extra="EXDATE:20261108T100000Z,20261115T100000Z\r\n"
                                                           "RDATE:20261201T150000Z\r\n"))
    done = afterview("--db", str(tmp_path / "a.db"), "calendar", "import", "--dry-run", str(few))
    assert done.code == 0, done.err
    assert "9 interviews (9 new)" in done.out, done.out
