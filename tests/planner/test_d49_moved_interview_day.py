"""An interview moved to another day: a note approved or scheduled about it that names its old
day ("... final round ... on May 15"), or that was set to go out at the moment the plan gave it
from that day, is a draft again, and `interview edit` says so, one line per note, with the
command to review it. A move within the same day, a moment you chose yourself, and an approved
note with no moment of its own (it goes when the plan, made from the new day, says) are left
alone unless the text names the old day.
"""

from __future__ import annotations

from datetime import date

import pytest

from afterview.domain import model as m
from tests.foundation.test_corrections import _message
from tests.helpers import afterview

FRIDAY_EVENING = "2026-05-15 18:00 America/Chicago"  # the final round was this afternoon
MONDAY_LATE = "2026-05-18 10:00 America/Chicago"  # past the thank-yous' planned moment (Mon 08:00)


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "afterview.db")

    def run(*args, at=FRIDAY_EVENING):
        return afterview("--db", path, "--at", at, *args)

    run.path = path
    for args in (
        ["profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--phone", "+1 555 0100",
         "--tz", "America/Chicago", "--country", "US"],
        ["account", "add", "personal", "--email", "alex@mail.example", "--smtp-host", "localhost",
         "--imap-host", "localhost", "--password-env", "AFTERVIEW_TEST_NO_PASSWORD"],
        ["opportunity", "add", "--company", "Northwind", "--role", "Data Engineer"],
        ["person", "add", "Priya Raman", "--email", "priya@northwind.example", "--company", "Northwind"],
        ["person", "add", "Tom Becker", "--email", "tom@northwind.example", "--company", "Northwind"],
        ["interview", "add", "--opportunity", "1", "--start", "2026-05-15 13:00", "--duration", "1h",
         "--stage", "final round", "--with", "Priya Raman:recruiter", "--with", "Tom Becker"],
        ["debrief", "1", "--person", "Priya", "--topic", "the team"],
        ["debrief", "1", "--person", "Tom", "--topic", "incident reviews"],
        ["draft", "--interview", "1", "--no-ask"],
    ):
        result = run(*args)
        assert result.code == 0, (args, result.err)
    return run


def test_notes_scheduled_from_the_old_day_are_drafts_again_each_said_with_the_command(db):
    # Priya's note (to the recruiter who arranged the day) names the day; Tom's does not, but
    # both were approved for the planned moment, Monday 08:00, planned from Friday's interview
    assert "final round for the Data Engineer role at Northwind on May 15" in _message(db, 1).body
    assert "May 15" not in _message(db, 2).body
    for number in ("1", "2"):
        approved = db("approve", number)
        assert approved.code == 0, approved.err
        assert _message(db, int(number)).state == m.MessageState.SCHEDULED

    moved = db("interview", "edit", "1", "--start", "2026-05-14 14:00")
    assert moved.code == 0, moved.err
    lines = moved.out.splitlines()
    assert lines[0] == "updated interview 1: Thu 2026-05-14 14:00 America/Chicago"
    assert lines[1] == ("message 1: not sent: interview 1 moved from Fri 15 May 2026 to Thu 14 May 2026, and it "
                        "names the old day and was set to go out Mon 18 May 2026 08:00 America/Chicago, the moment "
                        "planned from it; a draft again (review it: afterview show 1; correct the day it names, or "
                        "draft it again, then approve it)")
    assert lines[2] == ("message 2: not sent: interview 1 moved from Fri 15 May 2026 to Thu 14 May 2026, and it was "
                        "set to go out Mon 18 May 2026 08:00 America/Chicago, the moment planned from the old day; a "
                        "draft again (review it: afterview show 2; approved again, it goes at the moment planned "
                        "from the new day)")
    # one line per note: not named a second time as a draft written before the change
    assert not any(line.startswith("note: draft") for line in lines), moved.out
    for number in (1, 2):
        message = _message(db, number)
        assert message.state == m.MessageState.DRAFTED and message.scheduled_at is None
        assert message.last_error.startswith("not sent: interview 1 moved from Fri 15 May 2026")
    assert "held back: interview 1 moved from Fri 15 May 2026" in db("show", "1").out


def test_a_moment_you_chose_stands_unless_the_text_names_the_old_day(db):
    for number in ("1", "2"):
        assert db("approve", number).code == 0
        chosen = db("send", number, "--at", "2026-05-18 11:30")
        assert chosen.code == 0, chosen.err
    moved = db("interview", "edit", "1", "--start", "2026-05-14 14:00")
    assert moved.code == 0, moved.err
    assert ("message 1: not sent: interview 1 moved from Fri 15 May 2026 to Thu 14 May 2026, and it names the old "
            "day; a draft again (review it: afterview show 1; correct the day it names, or draft it again, then "
            "approve it)") in moved.out.splitlines()
    assert "message 2" not in moved.out
    assert _message(db, 2).state == m.MessageState.SCHEDULED


def test_a_move_within_the_same_day_keeps_them_scheduled(db):
    assert db("approve", "1").code == 0
    moved = db("interview", "edit", "1", "--start", "2026-05-15 15:00")
    assert moved.code == 0, moved.err
    assert "not sent" not in moved.out
    assert _message(db, 1).state == m.MessageState.SCHEDULED


def test_an_approved_note_goes_at_the_plans_moment_so_only_its_text_is_read(db):
    # approved past the planned moment: no moment of its own, it goes with the next round
    for number in ("1", "2"):
        approved = db("approve", number, at=MONDAY_LATE)
        assert approved.code == 0, approved.err
        assert _message(db, int(number)).state == m.MessageState.APPROVED
        assert _message(db, int(number)).scheduled_at is None

    moved = db("interview", "edit", "1", "--start", "2026-05-14 14:00", at=MONDAY_LATE)
    assert moved.code == 0, moved.err
    assert ("message 1: not sent: interview 1 moved from Fri 15 May 2026 to Thu 14 May 2026, and it names the old "
            "day; a draft again (review it: afterview show 1; correct the day it names, or draft it again, then "
            "approve it)") in moved.out.splitlines()
    assert "message 2" not in moved.out  # nothing in Tom's names the day
    assert _message(db, 1).state == m.MessageState.DRAFTED
    assert _message(db, 2).state == m.MessageState.APPROVED


@pytest.mark.parametrize("text", [
    "our final round on May 15", "on 15 May", "on the 15th of May", "May 15th, 2026", "on Fri 15 May",
    "on 2026-05-15", "on 5/15", "on 15/05/2026", "thank you for Friday", "Subject: our talk (May 15)",
])
def test_the_ways_a_note_names_a_day(text):
    from afterview.services.interviews import names_a_day

    assert names_a_day(text, [date(2026, 5, 15)], keep=[date(2026, 5, 14)]), text


@pytest.mark.parametrize("text", [
    "on May 1", "on 25 May", "on May 150", "on 115 May", "you may 15 times", "on 2026-05-150", "5/155",
    "on Fridays we deploy",
])
def test_near_misses_are_no_day(text):
    from afterview.services.interviews import names_a_day

    assert not names_a_day(text, [date(2026, 5, 15)], keep=[date(2026, 5, 14)]), text


def test_a_weekday_still_the_interviews_names_nothing_old():
    from afterview.services.interviews import names_a_day

    # moved a week on, Friday to Friday: "on Friday" is still right
    assert not names_a_day("thank you for Friday", [date(2026, 5, 15)], keep=[date(2026, 5, 22)])
