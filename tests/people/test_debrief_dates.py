"""The decision date of a debrief is said back and read as a reply's words are (a tester typed
"next week" and got now+7 days, "next Friday" on a Monday and got this week's Friday, and was
never told); next steps that name the date ("They'll decide by December 10 and get back to me")
offer it, never record it; next steps that speak of timing with no date to read say how to give
one."""

import pytest

from tests.helpers import afterview, assert_clean_error

SAT = "2026-11-28 10:00 America/Chicago"
MON = "2026-11-30 10:00 America/Chicago"
SUN = "2026-11-29 10:00 America/Chicago"


@pytest.fixture
def rita(db_path):
    """Northwind: a phone screen with Rita Gomez on Tue 24 Nov 2026, no debrief yet."""

    def run(*args, at=SAT):
        return afterview("--db", db_path, "--at", at, *args)

    for args in (
        ["profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--tz", "America/Chicago",
         "--country", "US"],
        ["opportunity", "add", "--company", "Northwind Analytics", "--role", "Data Engineer"],
        ["person", "add", "Rita Gomez", "--email", "rita@northwind.example", "--company", "Northwind Analytics"],
        ["interview", "add", "--opportunity", "1", "--start", "2026-11-24 10:00", "--duration", "60m",
         "--stage", "phone screen", "--with", "Rita Gomez:recruiter"],
    ):
        result = run(*args)
        assert result.code == 0, (args, result.err)
    return run


def decision_by(run) -> str:
    return next((line.strip() for line in run("interview", "show", "1").out.splitlines()
                 if "decision by" in line), "")


def test_next_steps_that_name_the_date_offer_it_and_record_nothing(rita):
    said = rita("debrief", "1", "--person", "Rita", "--next-steps", "They'll decide by December 10 and get back to me")
    assert said.code == 0, said.err
    assert ("their next steps say a decision by Thu 10 Dec: afterview debrief 1 --person 1 "
            "--decision-date 2026-12-10") in said.out
    assert decision_by(rita) == ""  # offered, not recorded
    plan = rita("why", "status_check.1:o1:i1:p1").out
    assert "no decision date was stated" in plan


def test_next_steps_offer_their_date_when_another_is_recorded_and_not_when_it_is_the_same(rita):
    said = rita("debrief", "1", "--person", "Rita", "--decision-date", "2026-12-08",
                "--next-steps", "They'll decide by December 10 and get back to me")
    assert "decision date: Tue 8 Dec 2026" in said.out
    assert "their next steps say a decision by Thu 10 Dec: afterview debrief 1 --person 1 --decision-date 2026-12-10" in said.out
    same = rita("debrief", "1", "--person", "Rita", "--decision-date", "2026-12-10",
                "--next-steps", "They'll decide by December 10 and get back to me")
    assert "decision date: Thu 10 Dec 2026" in same.out and "next steps say" not in same.out


def test_next_steps_that_speak_of_timing_without_a_date_say_how_to_give_it(rita):
    said = rita("debrief", "1", "--person", "Rita", "--next-steps", "They'll get back to me in a couple of weeks")
    assert said.code == 0, said.err
    assert ("no date could be read from their words; if they gave one: afterview debrief 1 --person 1 "
            "--decision-date DATE") in said.out
    quiet = rita("debrief", "1", "--person", "Rita", "--next-steps", "a system design round")
    assert "no date could be read" not in quiet.out and "next steps say" not in quiet.out


@pytest.mark.parametrize("typed, at, said, kept", [
    ("2026-12-07", MON, "Mon 7 Dec 2026", "2026-12-07"),
    ("Friday", MON, "Fri 4 Dec 2026", "2026-12-04"),
    ("by Friday", MON, "Fri 4 Dec 2026", "2026-12-04"),
    ("in 10 days", MON, "Thu 10 Dec 2026", "2026-12-10"),
    ("end of next week", MON, "Fri 11 Dec 2026", "2026-12-11"),
    ("the 14th", MON, "Mon 14 Dec 2026", "2026-12-14"),
    ("within two weeks", MON, "Mon 14 Dec 2026", "2026-12-14"),
])
def test_the_decision_date_is_said_back(rita, typed, at, said, kept):
    result = rita("debrief", "1", "--person", "Rita", "--decision-date", typed, at=at)
    assert result.code == 0, result.err
    assert f"decision date: {said}" in result.out
    assert decision_by(rita) == f"decision by: {kept}"


@pytest.mark.parametrize("typed, at, fragments", [
    ("next week", MON, ["'next week'", "a span of days", "give the day they named"]),
    ("next Friday", MON, ["'next Friday'", "Fri 4 Dec or Fri 11 Dec", "2026-12-04 or 2026-12-11"]),
    ("end of next week", SUN, ["said on a Sunday", "Fri 4 Dec or Fri 11 Dec"]),
    ("mid-January", MON, ["a span of days"]),
    ("2029-01-01", MON, ["'2029-01-01' is Mon 1 Jan 2029, more than a year ahead"]),
])
def test_a_span_two_readings_or_a_far_date_is_refused_and_nothing_recorded(rita, typed, at, fragments):
    assert_clean_error(rita("debrief", "1", "--person", "Rita", "--decision-date", typed, at=at), *fragments)
    assert decision_by(rita) == ""
