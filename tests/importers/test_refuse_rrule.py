"""A one-line recurring rule that repeats every second (FREQ=SECONDLY;COUNT=1000000) made
`calendar import` run for minutes and take hundreds of MB before it was cut to the cap of 1,000
occurrences (found by a tester sweeping bad input): the rule is now counted first, lazily, and
the series expanded only up to the first occurrence past the cap."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from afterview.importers import ical
from tests.helpers import afterview

WINDOW = (datetime(2026, 11, 1, tzinfo=timezone.utc), datetime(2027, 11, 1, tzinfo=timezone.utc))


def calendar(rule: str, start: str = "20261201T150000Z") -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//qa//EN\r\nBEGIN:VEVENT\r\nUID:rr@qa\r\n"
            f"DTSTAMP:20261120T000000Z\r\nDTSTART:{start}\r\nDTEND:{start[:-7]}160000Z\r\n"
            "SUMMARY:Interview with Globex\r\nORGANIZER:mailto:hr@globex.example\r\n"
            f"ATTENDEE;CN=Bob Lee:mailto:bob.lee@globex.example\r\nRRULE:{rule}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def series(text: str):
    import icalendar

    found = ical._Series(4)
    found.components.extend(c for c in icalendar.Calendar.from_ical(text).walk("VEVENT"))
    return found


def test_a_rule_past_the_cap_is_expanded_only_up_to_the_first_occurrence_beyond_it():
    end = ical._window_end(series(calendar("FREQ=SECONDLY;COUNT=1000000")), *WINDOW)
    first = datetime(2026, 12, 1, 15, 0, tzinfo=timezone.utc)
    assert end == first + timedelta(seconds=ical.MAX_OCCURRENCES + 1)


def test_a_rule_within_the_cap_is_expanded_over_the_whole_window():
    assert ical._window_end(series(calendar("FREQ=DAILY;COUNT=30")), *WINDOW) == WINDOW[1]


def test_a_rule_stepping_too_often_before_the_window_is_refused_without_expanding_it():
    assert ical._window_end(series(calendar("FREQ=SECONDLY", start="20100101T150000Z")), *WINDOW) is None


def test_the_import_says_the_cap_and_imports_nothing(tmp_path):
    path = tmp_path / "huge.ics"
    path.write_text(calendar("FREQ=SECONDLY;COUNT=1000000"))
    db = str(tmp_path / "rr.db")
    result = afterview("--db", db, "calendar", "import", str(path), "--all")
    assert result.code == 2
    assert result.err.strip() == ("afterview: error: huge.ics line 4: recurring event 'rr@qa': only its first 1000 "
                                  "occurrences were read; nothing was imported (use --skip-bad to import the rest)")
    stepping = tmp_path / "stepping.ics"
    stepping.write_text(calendar("FREQ=SECONDLY", start="20100101T150000Z"))
    result = afterview("--db", db, "calendar", "import", str(stepping), "--all")
    assert result.code == 2 and "repeats too often to be read" in result.err
