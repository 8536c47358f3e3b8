"""`today`, `agenda` and `plan` say which reading a time in the hour the clocks go back is.

On Sun 1 Nov 2026 Chicago's clocks go from 01:59 CDT back to 01:00 CST: 06:30Z is 01:30 CDT and
07:30Z, an hour later, is 01:30 CST again. The listing gives each its reading, on the user's
clock and on the recipient's beside it; every other time reads as it always did.
"""

from __future__ import annotations

import io
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from afterview.domain.model import Channel, MessageKind
from afterview.interfaces.cli import planning
from afterview.planner.engine import Action
from tests.planner.builders import World

UTC = timezone.utc
CHICAGO = ZoneInfo("America/Chicago")
BERLIN = ZoneInfo("Europe/Berlin")
FIRST = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 CDT
SECOND = datetime(2026, 11, 1, 7, 30, tzinfo=UTC)  # 01:30 CST, an hour later
ORDINARY = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)  # 10:00 CST


def test_the_users_clock_says_the_reading():
    assert planning._fmt(FIRST, CHICAGO) == "Sun 2026-11-01 01:30 CDT"
    assert planning._fmt(SECOND, CHICAGO) == "Sun 2026-11-01 01:30 CST"
    assert planning._fmt(ORDINARY, CHICAGO) == "Tue 2026-12-01 10:00"
    # the same moments on a clock that shows them once: as before
    assert planning._fmt(FIRST, BERLIN) == "Sun 2026-11-01 07:30"
    assert planning._fmt(SECOND, ZoneInfo("UTC")) == "Sun 2026-11-01 07:30"
    # with the zone's hours at hand (as the listing passes them), the same text
    from afterview.domain.values import repeated_hours

    hours = repeated_hours(CHICAGO)
    assert [planning._fmt(m, CHICAGO, hours) for m in (FIRST, SECOND, ORDINARY)] == [
        "Sun 2026-11-01 01:30 CDT", "Sun 2026-11-01 01:30 CST", "Tue 2026-12-01 10:00"]


def test_the_recipients_clock_says_the_reading():
    """The planner gives a due moment in the recipient's zone; beside the user's (Berlin) it says its reading."""
    assert planning._their_time(FIRST.astimezone(CHICAGO), BERLIN) == "01:30 CDT"
    assert planning._their_time(SECOND.astimezone(CHICAGO), BERLIN) == "01:30 CST"
    assert planning._their_time(ORDINARY.astimezone(CHICAGO), BERLIN) == "10:00"
    assert planning._their_time(datetime(2026, 11, 1, 5, 30, tzinfo=UTC).astimezone(CHICAGO), BERLIN) == "00:30"
    # on another day than the user's: with its weekday, as before
    late = datetime(2026, 11, 1, 23, 30, tzinfo=UTC).astimezone(CHICAGO)
    assert planning._their_time(late, BERLIN) == "Sun 17:30"
    assert planning._their_time(FIRST.astimezone(CHICAGO), CHICAGO) == ""  # one clock: nothing beside it


def _listing(world: World, actions: list[Action], monkeypatch) -> str:
    class Out(io.StringIO):
        def isatty(self):
            return False

    class Env:  # the user's zone, as every command has it (config.toml, else the profile's)
        user_tz = world.facts.profile.timezone
        now = None  # (no note of these timelines is being sent: the moment is never asked)

    out = Out()
    monkeypatch.setattr(sys, "stdout", out)
    planning._show(actions, world.facts, Env(), "opportunity", "nothing")
    monkeypatch.undo()
    return out.getvalue()


def _action(n: int, person, opp, due: datetime, state: str = "due", earliest: datetime | None = None) -> Action:
    return Action(f"thank_you:i{n}:p{person.id}", MessageKind.THANK_YOU, person.id, opp.id, None, Channel.EMAIL,
                  earliest or due, due, None, state, "r", "a reason", "s")


def test_the_listing_tells_the_two_readings_apart(monkeypatch):
    """Two notes an hour apart, both at 01:30 on the user's clock: each says which 01:30."""
    world = World(tz="America/Chicago", country="US")
    acme = world.company("Acme")
    opp = world.opportunity(acme)
    dana, tom, ann = (world.person(name, acme, timezone="America/Chicago") for name in ("Dana Reyes", "Tom Li", "Ann Wu"))
    actions = [_action(1, dana, opp, FIRST.astimezone(CHICAGO)), _action(2, tom, opp, SECOND.astimezone(CHICAGO)),
               _action(3, ann, opp, ORDINARY.astimezone(CHICAGO), "upcoming", earliest=SECOND.astimezone(CHICAGO))]
    lines = _listing(world, actions, monkeypatch).splitlines()
    assert "  DUE      Dana Reyes (email) due Sun 2026-11-01 01:30 CDT" in lines, lines
    assert "  DUE      Tom Li (email) due Sun 2026-11-01 01:30 CST" in lines, lines
    assert "  UPCOMING Ann Wu (email) from Sun 2026-11-01 01:30 CST, due Tue 2026-12-01 10:00" in lines, lines


def test_the_recipients_reading_is_said_beside_the_users_time(monkeypatch):
    """The user in Berlin, the recipients in Chicago: their 01:30 twice, each with its reading."""
    world = World(tz="Europe/Berlin", country="DE")
    acme = world.company("Acme")
    opp = world.opportunity(acme)
    dana, tom, ann = (world.person(name, acme, timezone="America/Chicago") for name in ("Dana Reyes", "Tom Li", "Ann Wu"))
    actions = [_action(1, dana, opp, FIRST.astimezone(CHICAGO)), _action(2, tom, opp, SECOND.astimezone(CHICAGO)),
               _action(3, ann, opp, ORDINARY.astimezone(CHICAGO))]
    lines = _listing(world, actions, monkeypatch).splitlines()
    assert "  DUE      Dana Reyes (email) due Sun 2026-11-01 07:30 (01:30 CDT their time)" in lines, lines
    assert "  DUE      Tom Li (email) due Sun 2026-11-01 08:30 (01:30 CST their time)" in lines, lines
    assert "  DUE      Ann Wu (email) due Tue 2026-12-01 17:00 (10:00 their time)" in lines, lines
