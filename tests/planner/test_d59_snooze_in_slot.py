"""A snooze within the slot the plan gives a thank-you is not warned about: the thank-you's latest
moment is the plan's, never before its due.

Found by a tester: after the demo (a Friday's panel interview in Chicago), `snooze
thank_you:i1:p2 --until "2026-11-30 14:00"` (your zone UTC: Mon 08:00 in Chicago, the start of
the plan's own slot) warned that it was "past the thank-you's latest moment, Sun 2026-11-29 21:00
... by then it would be late": 48 h after the interview, before the moment the plan has it due
(Mon 15:00 your time). A note is late only once it is past both the 48 h and its due, as the
planner's "late:" and the review's timing count it.

The commands as a user types them, on a real SQLite file; your clock UTC, the panel in Chicago.
"""

from __future__ import annotations

import pytest

from tests.helpers import afterview

PRIYA_TY, TOM_TY = "thank_you:i1:p1", "thank_you:i1:p2"


@pytest.fixture
def interview(tmp_path):
    """A function: the database of a one-hour (or `minutes`) panel interview with Priya Raman
    and Tom Becker (both in Chicago, US) starting at `start` (Chicago time); you are in UTC."""

    def made(start: str, minutes: int = 60) -> str:
        path = str(tmp_path / "av.db")
        when = ("--at", "2026-11-20 08:00 UTC")
        for command in (
            ("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--tz", "UTC"),
            ("opportunity", "add", "--company", "Northwind Analytics", "--role", "Senior Data Engineer"),
            ("person", "add", "Priya Raman", "--email", "priya.raman@northwind.example", "--company",
             "Northwind Analytics", "--tz", "America/Chicago", "--country", "US"),
            ("person", "add", "Tom Becker", "--email", "tom.becker@northwind.example", "--company",
             "Northwind Analytics", "--tz", "America/Chicago", "--country", "US"),
            ("interview", "add", "--opportunity", "1", "--start", f"{start} America/Chicago", "--duration",
             f"{minutes}m", "--stage", "panel interview", "--with", "Priya Raman:hiring_manager", "--with",
             "Tom Becker"),
        ):
            done = afterview("--db", path, *when, *command)
            assert done.code == 0, (command, done.out, done.err)
        return path

    return made


def snooze(db: str, now: str, key: str, until: str):
    done = afterview("--db", db, "--at", f"{now} UTC", "snooze", key, "--until", until)
    assert done.code == 0, (done.out, done.err)
    return done


def due_line(db: str, now: str, key: str) -> str:
    done = afterview("--db", db, "--at", f"{now} UTC", "why", key)
    assert done.code == 0, done.err
    return next(line for line in done.out.splitlines() if line.startswith("when:"))


def test_a_snooze_into_a_fridays_monday_slot_is_not_warned_about(interview):
    # the demo's panel: Fri 27 Nov 2026, 13:30-15:00 in Chicago (21:00 UTC); due Mon 09:00 there
    db = interview("2026-11-27 13:30", 90)
    assert "due Mon 2026-11-30 15:00 (your time" in due_line(db, "2026-11-29 10:00", TOM_TY)
    start = snooze(db, "2026-11-29 10:00", TOM_TY, "2026-11-30 14:00")  # Mon 08:00 in Chicago
    assert start.err == "", start.err
    last_minute = snooze(db, "2026-11-29 10:00", PRIYA_TY, "2026-11-30 15:00")  # its due, 09:00 there
    assert last_minute.err == "", last_minute.err


def test_a_snooze_past_a_fridays_slot_names_the_plans_due_as_its_latest_moment(interview):
    db = interview("2026-11-27 13:30", 90)
    past = snooze(db, "2026-11-29 10:00", TOM_TY, "2026-11-30 15:30")
    assert past.err.strip() == (
        "warning: until Mon 2026-11-30 15:30 your time is past the thank-you's latest moment, Mon 2026-11-30 "
        "15:00 your time, the moment the plan has it due: by then it would be late, past that moment and more "
        "than 48 h after the interview ended (thank_you.late_after); still worth sending then, without "
        "'yesterday'"), past.err
    assert "Sun 2026-11-29" not in past.err


def test_a_snooze_into_the_slot_after_christmas_is_not_warned_about(interview):
    # Thu 24 Dec 2026, 10:00-11:00 in Chicago: Christmas Day and the weekend follow, so the note is
    # due Mon 28 Dec 09:00 there (15:00 UTC), 94 h after the interview
    db = interview("2026-12-24 10:00")
    assert "due Mon 2026-12-28 15:00 (your time" in due_line(db, "2026-12-24 20:00", TOM_TY)
    within = snooze(db, "2026-12-24 20:00", TOM_TY, "2026-12-28 14:30")
    assert within.err == "", within.err
    past = snooze(db, "2026-12-24 20:00", PRIYA_TY, "2026-12-28 16:00")
    assert "past the thank-you's latest moment, Mon 2026-12-28 15:00 your time, the moment the plan has it due" \
        in past.err, past.err


def test_a_snooze_past_a_weekday_notes_48_hours_is_still_warned_about(interview):
    # Tue 1 Dec 2026, 10:00-11:00 in Chicago (17:00 UTC): due Wed 17:00 UTC, late after Thu 17:00 UTC
    db = interview("2026-12-01 10:00")
    assert "due Wed 2026-12-02 17:00 (your time" in due_line(db, "2026-12-01 18:00", TOM_TY)
    within = snooze(db, "2026-12-01 18:00", TOM_TY, "2026-12-03 16:00")
    assert within.err == "", within.err
    late = snooze(db, "2026-12-01 18:00", PRIYA_TY, "2026-12-03 18:00")
    assert late.err.strip() == (
        "warning: until Thu 2026-12-03 18:00 your time is past the thank-you's latest moment, Thu 2026-12-03 "
        "17:00 your time: by then it would be late, more than 48 h after the interview ended "
        "(thank_you.late_after); still worth sending then, without 'yesterday'"), late.err


def test_a_second_snooze_counts_from_the_plans_own_slot_not_from_the_first_snooze(interview):
    db = interview("2026-11-27 13:30", 90)
    assert snooze(db, "2026-11-29 10:00", TOM_TY, "2026-11-30 14:00").err == ""  # into the slot
    # the first snooze moved the plan's due a business day on (Tue): the slot is still Monday's
    again = snooze(db, "2026-11-29 10:00", TOM_TY, "2026-11-30 20:00")
    assert "past the thank-you's latest moment, Mon 2026-11-30 15:00 your time, the moment the plan has it due" \
        in again.err, again.err
