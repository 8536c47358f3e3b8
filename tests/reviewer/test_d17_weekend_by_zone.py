"""`afterview lint FILE --send-at "... Asia/Jerusalem"` with no stored recipient judged the weekend
as Saturday-Sunday (found by a tester): a Sunday, a working day in Israel, was "scheduled on a
Sunday" and a Friday passed. The zone of --send-at now brings its country's (or region's) weekend
and public holidays, as `person add --tz` gives a person that zone's country."""

from __future__ import annotations

import pytest

from tests.helpers import afterview

NOTE = ("Subject: Thank you for the platform interview\n\nHi Dana,\n\nThank you for walking me through how the "
        "platform team plans its quarter and runs its reviews. Our talk about the move to event-driven "
        "services stayed with me, and I would be glad to bring my experience with streaming pipelines to "
        "the team. I left with a clear picture of the role and of how the team works together every day, "
        "and I am looking forward to the next steps in the process.\n\nBest regards,\nAlex Morgan\n")


def timing(tmp_path, when: str) -> list[str]:
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    done = afterview("lint", str(path), "--kind", "thank_you", "--to", "Dana Levi", "--send-at", when)
    assert done.code == 0, done.out + done.err
    return [line for line in done.out.splitlines() if line.endswith("[timing]")]


def test_a_sunday_in_israel_is_a_working_day(afterview_home, tmp_path):
    assert timing(tmp_path, "2026-12-06 10:00 Asia/Jerusalem") == []


@pytest.mark.parametrize("when, day", [("2026-12-04 10:00 Asia/Jerusalem", "Friday"),
                                       ("2026-12-05 10:00 Asia/Jerusalem", "Saturday")])
def test_the_israeli_weekend_is_friday_and_saturday(afterview_home, tmp_path, when, day):
    [line] = timing(tmp_path, when)
    assert f"scheduled on a {day}, the weekend in IL (Friday-Saturday)" in line, line
    assert "their time (Asia/Jerusalem)" in line, line


def test_the_zone_brings_its_region_s_holidays(afterview_home, tmp_path):
    [line] = timing(tmp_path, "2026-12-25 10:00 Europe/London")
    assert "public holiday in GB-ENG: Christmas Day" in line, line


def test_a_bare_offset_names_no_country(afterview_home, tmp_path):
    assert timing(tmp_path, "2026-12-25T10:00+00:00") == []
    [line] = timing(tmp_path, "2026-12-06T10:00+02:00")
    assert "scheduled on a Sunday" in line, line


def test_a_stored_recipient_s_place_still_wins(afterview_home, tmp_path):
    assert afterview("person", "add", "Dana Levi", "--tz", "Europe/Berlin", "--country", "DE").code == 0
    [line] = timing(tmp_path, "2026-12-06 10:00 Asia/Jerusalem")  # 09:00 on a Sunday in Berlin
    assert "scheduled on a Sunday" in line and "Europe/Berlin" in line, line
    assert timing(tmp_path, "2026-12-04 10:00 Asia/Jerusalem") == []  # a Friday, a working day in Germany
