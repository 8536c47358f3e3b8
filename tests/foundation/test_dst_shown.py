"""A time the clocks show twice is shown with the reading it is.

On Sun 1 Nov 2026 Chicago's clocks go from 01:59 CDT back to 01:00 CST: 06:59Z is 01:59 CDT and
07:01Z, two minutes later, is 01:01 CST. Shown bare, the later one reads as the earlier; shown
"01:59 CDT" and "01:01 CST", each says which it is. Every other time reads as it always did.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from afterview.domain.values import clock_there, repeated_mark, wall_clock
from afterview.interfaces.cli.common import fmt_time
from tests.helpers import afterview

UTC = timezone.utc
CHICAGO = ZoneInfo("America/Chicago")
FIRST = datetime(2026, 11, 1, 6, 59, tzinfo=UTC)  # 01:59 CDT
SECOND = datetime(2026, 11, 1, 7, 1, tzinfo=UTC)  # 01:01 CST, two minutes later


def test_a_time_in_the_repeated_hour_says_its_reading():
    assert repeated_mark(FIRST.astimezone(CHICAGO)) == " CDT"
    assert repeated_mark(SECOND.astimezone(CHICAGO)) == " CST"
    assert wall_clock(FIRST, "America/Chicago") == "Sun 2026-11-01 01:59 CDT"
    assert wall_clock(SECOND, CHICAGO) == "Sun 2026-11-01 01:01 CST"
    assert wall_clock(SECOND.astimezone(CHICAGO), pattern="%H:%M") == "01:01 CST"
    # read back from storage (UTC) or typed with its offset: the same
    typed = datetime(2026, 11, 1, 1, 1, tzinfo=timezone(timedelta(hours=-6)))
    assert fmt_time(typed, "America/Chicago") == "Sun 2026-11-01 01:01 CST"


def test_every_other_time_reads_as_before():
    assert fmt_time(datetime(2026, 12, 1, 16, 0, tzinfo=UTC), "America/Chicago") == "Tue 2026-12-01 10:00"
    assert fmt_time(datetime(2026, 11, 1, 9, 0, tzinfo=UTC), "America/Chicago") == "Sun 2026-11-01 03:00"
    assert fmt_time(datetime(2026, 11, 1, 5, 59, tzinfo=UTC), "America/Chicago") == "Sun 2026-11-01 00:59"
    assert fmt_time(FIRST, "UTC") == "Sun 2026-11-01 06:59"
    assert fmt_time(FIRST, "Europe/Berlin") == "Sun 2026-11-01 07:59"
    assert repeated_mark(datetime(2026, 11, 1, 1, 30, tzinfo=timezone(timedelta(hours=-5)))) == ""  # an offset
    assert repeated_mark(datetime(2026, 11, 1, 1, 30)) == ""  # naive


def test_a_zone_without_letters_for_its_readings_gives_the_offset():
    chatham = ZoneInfo("Pacific/Chatham")  # 03:45 +1345 back to 02:45 +1245 on 5 April 2026
    assert repeated_mark(datetime(2026, 4, 5, 3, 0, tzinfo=chatham)) == " +13:45"
    assert repeated_mark(datetime(2026, 4, 5, 3, 0, tzinfo=chatham, fold=1)) == " +12:45"


def test_a_time_beside_another_zones_says_its_reading():
    assert clock_there(FIRST, "America/Chicago", "Europe/Berlin") == "01:59 CDT"
    assert clock_there(SECOND, "America/Chicago", "Europe/Berlin") == "01:01 CST"
    assert clock_there(datetime(2026, 11, 1, 2, 30, tzinfo=UTC), "Europe/Berlin", "America/Chicago",
                       "%a %H:%M") == "Sun 03:30"  # another day; no repeated hour in Berlin then


def test_a_send_time_in_the_repeated_hour_says_which():
    """`send --at` and the listings say when a note goes out 'your time' through fmt_time."""
    from afterview.interfaces.cli.delivery import your_time

    assert your_time(FIRST, "America/Chicago") == "Sun 2026-11-01 01:59 CDT your time (America/Chicago)"
    assert your_time(SECOND, "America/Chicago") == "Sun 2026-11-01 01:01 CST your time (America/Chicago)"
    assert your_time(datetime(2026, 12, 1, 7, 30, tzinfo=UTC), "America/Chicago") == \
        "Tue 2026-12-01 01:30 your time (America/Chicago)"


def test_an_interview_in_the_repeated_hour_is_shown_with_its_readings(tmp_path):
    db = str(tmp_path / "a.db")
    at = ["--at", "2026-10-20T15:00:00+00:00"]
    assert afterview("--db", db, "profile", "set", "--tz", "America/Chicago").code == 0
    assert afterview("--db", db, *at, "opportunity", "add", "--company", "Globex", "--role", "Analyst").code == 0
    added = afterview("--db", db, *at, "interview", "add", "--opportunity", "1", "--start", "2026-11-01 01:40-05:00",
                      "--duration", "30m")
    assert added.code == 0, added.err
    assert added.out.splitlines()[0] == "added interview 1: Sun 2026-11-01 01:40 CDT America/Chicago, 0 on the panel"
    later = afterview("--db", db, *at, "interview", "add", "--opportunity", "1", "--start", "2026-11-02 10:00")
    assert later.code == 0, later.err
    assert later.out.splitlines()[0] == "added interview 2: Mon 2026-11-02 10:00 America/Chicago, 0 on the panel"
    shown = afterview("--db", db, "interview", "show", "1").out
    assert "when         Sun 2026-11-01 01:40 CDT - 01:10 CST America/Chicago" in shown, shown
    shown = afterview("--db", db, "interview", "show", "2").out
    assert "when         Mon 2026-11-02 10:00 - 11:00 America/Chicago" in shown, shown
    listed = afterview("--db", db, "interview", "list").out.splitlines()
    assert "Sun 2026-11-01 01:40 CDT" in listed[2] and "Mon 2026-11-02 10:00\t" in listed[1], listed


def test_an_interview_typed_across_the_repeated_hour_is_taken(tmp_path):
    """01:59 CDT to 01:29 CST is half an hour, not an end before the start (compared as moments)."""
    from tests.helpers import afterview as run

    db = str(tmp_path / "dst.db")
    assert run("--db", db, "profile", "set", "--name", "Alex M", "--email", "alex@x.example",
               "--tz", "America/Chicago").code == 0
    assert run("--db", db, "opportunity", "add", "--company", "Globex", "--role", "DE").code == 0
    assert run("--db", db, "person", "add", "Jo Li", "--email", "jo@g.example", "--company", "Globex").code == 0
    added = run("--db", db, "interview", "add", "--opportunity", "1", "--start", "2026-11-01 01:59-05:00",
                "--end", "2026-11-01 01:29-06:00", "--tz", "America/Chicago", "--with", "Jo Li")
    assert added.code == 0, added.err
    assert "01:59 CDT - 01:29 CST America/Chicago" in run("--db", db, "interview", "show", "1").out


def test_an_interview_in_the_repeated_hour_given_its_own_zone_again_has_not_moved(tmp_path):
    """`interview edit --tz` with the zone it has, for an interview at 01:30 CST (the second
    01:30 of the night the clocks go back), keeps its times: nothing moved, nothing held back."""
    from datetime import datetime, timezone

    from afterview.domain import model as m
    from afterview.services.interviews import edit_interview
    from afterview.storage import open_store

    store = open_store(f"sqlite:///{tmp_path / 'fold.db'}")
    try:
        with store.transaction() as tx:
            company = tx.add(m.Company(name="Globex"))
            opp = tx.add(m.Opportunity(company_id=company.id, role="DE"))
            start = datetime(2026, 11, 1, 7, 30, tzinfo=timezone.utc)  # 01:30 CST
            interview = tx.add(m.Interview(opportunity_id=opp.id, start=start, end=start.replace(hour=8),
                                           timezone="America/Chicago"))
        with store.transaction() as tx:
            edited = edit_interview(tx, interview.id, now=datetime(2026, 10, 30, tzinfo=timezone.utc),
                                    tz="America/Chicago")
            assert not edited.moved
            assert edited.interview.start.astimezone(timezone.utc) == start
    finally:
        store.close()
