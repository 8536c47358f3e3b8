"""The planner's fast paths give exactly what the plain code gives.

Each speed-up of the planner and of the `today` listing replaced a simple piece of code by a
faster one; the simple one is kept here as the reference, and both must agree on generated
timelines (daylight-saving changes, holidays, several zones) and on hand-picked moments.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date, datetime, timedelta, timezone
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given

from afterview.domain.values import repeated_mark
from afterview.domain.model import Channel, MessageKind, OpportunityStatus, StatusChange
from afterview.interfaces.cli import planning
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.domain.days import at_local, plus
from afterview.planner.engine import MORNING, Action, _builder, _new_action, _Planner
from afterview.planner.facts import safe_zone
from afterview.planner.playbook import Duration

from tests.planner.builders import World
from tests.planner.test_properties import SETTINGS, TAGS, timelines

PLACES = [("Europe/Berlin", "DE"), ("America/New_York", "US"), ("Europe/London", "GB"), ("Asia/Tokyo", "JP")]
ZONES = ["Europe/Berlin", "America/New_York", "Europe/London", "Asia/Tokyo", "Australia/Lord_Howe", "UTC"]


def reference_plus(moment: datetime, delta: timedelta, tz) -> datetime:
    """`plus` as first written: always through the local time."""
    local = moment.astimezone(tz)
    days = getattr(delta, "calendar_days", 0)
    if days:
        local = at_local(local.date() + timedelta(days=days), local.time(), tz)
    rest = delta - timedelta(days=days)
    return (local.astimezone(timezone.utc) + rest).astimezone(tz) if rest else local


@pytest.mark.parametrize("zone", ZONES)
def test_plus_gives_the_reference_moment_hour_by_hour_around_both_changes(zone):
    tz = ZoneInfo(zone)
    deltas = [timedelta(hours=24), timedelta(hours=1), timedelta(minutes=30), timedelta(0),
              Duration(hours=48), Duration(days=1), Duration(days=30, hours=2), timedelta(days=1)]
    for start in (datetime(2026, 3, 26, tzinfo=timezone.utc), datetime(2026, 10, 22, tzinfo=timezone.utc),
                  datetime(2026, 4, 2, tzinfo=timezone.utc)):
        for hour in range(24 * 5):
            moment = start + timedelta(hours=hour)
            for source in (moment, moment.astimezone(tz), moment.astimezone(ZoneInfo("America/Chicago"))):
                for delta in deltas:
                    got, want = plus(source, delta, tz), reference_plus(source, delta, tz)
                    assert (got.tzinfo, got.fold, got.isoformat()) == (want.tzinfo, want.fold, want.isoformat())


def test_the_action_builder_makes_the_same_frozen_action():
    moment = datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    values = ("thank_you:i1:p2", MessageKind.THANK_YOU, 2, 3, 1, Channel.EMAIL, moment, moment, None,
              "due", "thank_you", "Thank Ana", "PLAYBOOK.md", 1, "a note", 7, None, moment, 4)
    built, plain = _new_action(*values), Action(*values)
    assert type(built) is Action
    assert built == plain and hash(built) == hash(plain)
    assert dataclasses.astuple(built) == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.state = "overdue"
    assert dataclasses.replace(built, state="overdue").state == "overdue"


def test_the_builder_sets_every_field_of_any_frozen_slots_dataclass():
    @dataclasses.dataclass(frozen=True, slots=True)
    class Pair:
        left: int
        right: str = "x"

    assert _builder(Pair)(1, "y") == Pair(1, "y")


def reference_keep_warm_touch(self, opp, person, key, n, previous, window, stop, tz, cal, closed_at,
                              contact=None) -> None:
    """The keep-warm choice as first written: the morning of every candidate placed (and a
    touch whose year is over by now, past its due too, not planned)."""
    max_age = self.v["share_news"]["max_age"]
    oldest = max(previous.astimezone(tz).date(), window.astimezone(tz).date()) - max_age
    oldest = max(oldest, self.fresh_from(tz, self.v["share_news"]))  # never news stale by now
    best = None
    for news, hits in self.relevant_news(person, oldest - timedelta(days=1)):
        start = max(window, at_local(news.happened_on, MORNING, tz))
        if start > stop or (best is not None and start > best[0]):
            break
        if (start.date() - news.happened_on) > max_age:
            continue
        option = (start, -len(hits), news.id or 0, news, hits)
        if best is None or option[:3] < best[:3]:
            best = option
    if best is not None and self.now > max(self.warm_timing(best[0], tz, cal)[2], stop):
        best = None
    chosen.append((key, best[3].id if best else None, best[0] if best else None))


chosen: list = []


def news_rich_world(seed: int) -> World:
    """Rejected processes in several zones, and many news items: ties, old and fresh ones."""
    rng = random.Random(seed)
    w = World()
    company = w.company("Acme")
    people = [w.person(f"Person {n}", company, timezone=zone, country=country, tags=rng.sample(TAGS, 2))
              for n, (zone, country) in enumerate(PLACES * 2)]
    for n in range(4):
        opp = w.opportunity(company, role=f"Role {n}", status=OpportunityStatus.REJECTED)
        start = datetime(2026, 1, 5, 15, tzinfo=timezone.utc) + timedelta(days=rng.randint(0, 300),
                                                                           hours=rng.randint(0, 23))
        w.interview(opp, start, start + timedelta(hours=1), *rng.sample(people, 3))
        rejected = start + timedelta(days=rng.randint(1, 9))
        opp.history.append(StatusChange(status=OpportunityStatus.REJECTED, at=rejected))
    for n in range(40):
        day = date(2026, 1, 1) + timedelta(days=rng.randint(0, 420))
        w.news(f"News {n}", day, rng.sample(TAGS, rng.randint(1, 3)),
               company_id=company.id if rng.random() < 0.1 else None)
    return w


@pytest.mark.parametrize("seed", range(25))
def test_keep_warm_picks_the_news_of_the_reference(seed):
    w = news_rich_world(seed)
    seen = 0
    for days in range(0, 420, 15):  # each moment: the touches due then, and the later ones
        moment = datetime(2026, 1, 1, 12, tzinfo=timezone.utc) + timedelta(days=days)
        chosen.clear()
        with mock.patch.object(_Planner, "keep_warm_touch", reference_keep_warm_touch):
            plan(w.facts, DEFAULT_PLAYBOOK, moment)
        want = {key: (news, start) for key, news, start in chosen}
        got = {a.key: a for a in plan(w.facts, DEFAULT_PLAYBOOK, moment) if a.kind == MessageKind.KEEP_WARM}
        assert set(got) == {key for key, (news, _) in want.items() if news is not None}
        for key, action in got.items():
            news, start = want[key]
            assert action.news_id == news
            assert action.earliest >= start
        seen += len(got)
    assert seen  # the world does call for touches


def reference_describe(action, facts, tz, rich: bool) -> list[str]:
    """The lines of one action as first written (no caches)."""
    person = facts.people.get(action.person_id)
    name = person.name if person else f"person {action.person_id}"
    state = action.state.upper()
    due = planning._fmt(action.due, tz)
    mine, theirs = action.due.astimezone(tz), action.due  # the planner gives it in the recipient's zone
    if (mine.hour, mine.minute, mine.second, mine.microsecond) == (0, 0, 0, 0):  # a deadline at your midnight
        due = f"end of {mine - timedelta(days=1):%a %Y-%m-%d}"
    if mine.replace(tzinfo=None) != theirs.replace(tzinfo=None):  # their clock differs: said beside it
        if (theirs.hour, theirs.minute, theirs.second, theirs.microsecond) == (0, 0, 0, 0):
            due += f" (end of {theirs - timedelta(days=1):%a} their time)"  # a deadline at midnight
        else:
            day = "" if mine.date() == theirs.date() else f"{theirs:%a} "
            due += f" ({day}{theirs:%H:%M}{repeated_mark(theirs)} their time)"
    when = f"due {due}" if action.state != "upcoming" else f"from {planning._fmt(action.earliest, tz)}, due {due}"
    esc = planning._escape if rich else (lambda s: s)
    head = f"  {state:<8} {esc(name)} ({action.channel.value}) {when}"
    if rich:
        head = f"  [{planning.STATE_STYLE[action.state]}]{state:<8}[/] {esc(name)} ({action.channel.value}) {when}"
    lines = [head, f"           {esc(action.reason)}"]
    if action.note:
        lines.append(f"           note: {esc(action.note)}")
    if action.message_id is not None:
        state = next((m.state.value for m in facts.messages if m.id == action.message_id), "drafted")
        mid = action.message_id
        lines.append("           " + (f"{state} (message {mid}): on its way, nothing to do"
                                      if state in ("approved", "scheduled", "sending") else
                                      f"its send failed (message {mid}): afterview show {mid}"
                                      if state == "failed" else f"a draft exists (message {mid})"))
    if action.rests_on is not None:  # planned only from a reply read as a rejection, not confirmed
        said_no = [r for r in facts.inbound if r.id == action.rests_on]
        if said_no:
            sender = facts.people.get(said_no[0].person_id)
            who = sender.name if sender is not None else said_no[0].from_address
            lines.append(f"           {esc(f'this rests on a reply not confirmed yet: it is due only if the reply from {who} is a rejection (afterview replies confirm {said_no[0].id}; if it is not one: afterview replies confirm {said_no[0].id} --status none)')}")
    lines.append(f"           key: {action.key}" if not rich else f"           [dim]key: {action.key}[/dim]")
    return lines


@SETTINGS
@given(timelines())
def test_the_listing_has_the_lines_of_the_reference(timeline):
    w, now, _ = timeline
    actions = plan(w.facts, DEFAULT_PLAYBOOK, now + timedelta(days=20))
    for zone in ("Europe/Berlin", "America/New_York"):
        tz = safe_zone(zone, "UTC")
        for rich in (False, True):
            describe, got, want = planning._describer(w.facts, tz, rich), [], []
            for action in actions:
                describe(action, got)
                want.extend(reference_describe(action, w.facts, tz, rich))
            assert "\n".join(got) == "\n".join(want)  # one piece of text per action, joined by lines


def test_the_listing_formats_equal_moments_of_other_zones_by_their_own_value():
    """The moment cache goes by identity: an equal moment in another zone is formatted anew."""
    berlin = datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    same_instant = berlin.astimezone(ZoneInfo("America/New_York"))
    dues = (berlin, same_instant, berlin + timedelta(days=1))
    actions = [Action(f"k{n}", MessageKind.THANK_YOU, 1, None, None, Channel.EMAIL, due, due, None, "due",
                      "thank_you", "r", "s") for n, due in enumerate(dues)]

    class Facts:
        people: dict = {}

    lines: list[str] = []
    describe = planning._describer(Facts(), ZoneInfo("Asia/Tokyo"), False)
    for action in actions:
        describe(action, lines)
    heads = [line for piece in lines for line in piece.split("\n") if line.startswith("  DUE")]
    # each with the recipient's own time beside it (the listing says it where the clocks differ)
    assert heads == ["  DUE      person 1 (email) due Tue 2026-12-01 18:00 (10:00 their time)",
                     "  DUE      person 1 (email) due Tue 2026-12-01 18:00 (04:00 their time)",
                     "  DUE      person 1 (email) due Wed 2026-12-02 18:00 (10:00 their time)"]


def test_each_country_table_imported_alone_matches_what_holidays_gives():
    """days._country_class imports one country's module, not all 250: the very same holidays."""
    import holidays
    from holidays.registry import COUNTRIES

    from afterview.domain.days import _country_class

    for names in COUNTRIES.values():
        code = names[1]
        ours = _country_class(code)(years=[2026, 2027])
        theirs = holidays.country_holidays(code, years=[2026, 2027])
        assert dict(ours.items()) == dict(theirs.items()), code
        assert set(ours.weekend) == set(theirs.weekend), code
    assert _country_class("XX") is None


def test_the_holiday_cache_gives_what_holidays_gives_for_every_country_before_and_after_a_restart(tmp_path):
    """HolidayCache works tables out with `holidays`, then a later run reads them from its file."""
    import holidays
    from holidays.registry import COUNTRIES

    from afterview.domain.days import HolidayCache

    path = tmp_path / "cache" / "holidays-new.marshal"
    (tmp_path / "cache").mkdir()
    old = tmp_path / "cache" / "holidays-old.marshal"
    old.write_bytes(b"from another version of the package")
    codes = [names[1] for names in COUNTRIES.values()] + ["XX"]
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(730)]

    def check(cache: HolidayCache) -> None:
        for code in codes:
            ours = cache.country(code)
            if code == "XX":
                assert ours is None  # no table: weekends only
                continue
            theirs = holidays.country_holidays(code)
            assert [ours.get(day) for day in days] == [theirs.get(day) or "" for day in days], code
            assert ours.weekend == frozenset(theirs.weekend), code

    first = HolidayCache(path)
    check(first)
    first.save()
    assert path.exists() and not old.exists()  # a cache of another package version is removed
    again = HolidayCache(path)
    with mock.patch("afterview.domain.days._holiday_maker", side_effect=AssertionError("worked out again")):
        check(again)  # read from the file: nothing worked out
    assert not again._dirty


@pytest.mark.parametrize("content", [b"", b"\x00not marshal", b"\xe9", None])
def test_a_damaged_or_odd_holiday_cache_is_worked_out_again(tmp_path, content):
    import marshal

    from afterview.domain.days import HolidayCache

    path = tmp_path / "holidays-x.marshal"
    odd = {"DE": {"weekend": [5, 6], "years": {2026: {"not an ordinal": 1}}}}
    path.write_bytes(marshal.dumps(odd) if content is None else content)
    cache = HolidayCache(path)
    assert cache.country("DE").get(date(2026, 12, 25)) == "Christmas Day"
    assert cache.country("DE").get(date(2026, 12, 28)) == ""
    cache.save()
    assert HolidayCache(path).country("DE").get(date(2026, 12, 25)) == "Christmas Day"


def test_an_unwritable_holiday_cache_only_costs_speed(tmp_path):
    from afterview.domain.days import HolidayCache

    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    cache = HolidayCache(blocked / "cache" / "holidays-x.marshal")
    assert cache.country("US").get(date(2026, 11, 26)) == "Thanksgiving Day"
    cache.save()  # no error
    assert cache._dirty and blocked.read_text() == "not a folder"


def test_a_second_today_reads_holidays_from_the_cache_without_importing_them(tmp_path):
    """The first run works the tables out and keeps them; later runs never import `holidays`."""
    import os
    import subprocess
    import sys

    db = tmp_path / "a.db"
    env = {**os.environ, "AFTERVIEW_HOME": str(tmp_path / "home")}
    probe = ("import sys\nfrom afterview.interfaces.cli.main import main\n"
             "try:\n    main(['--db', sys.argv[1], '--at', '2026-12-02T15:00:00+00:00', 'today'])\n"
             "except SystemExit:\n    pass\n"
             "print('holidays imported:', 'holidays' in sys.modules, file=sys.stderr)\n")
    made = subprocess.run([sys.executable, "-m", "afterview", "--db", str(db), "demo"], capture_output=True,
                          text=True, timeout=120, env={**env, "AFTERVIEW_HOME": str(tmp_path / "maker")})
    assert made.returncode == 0, made.stderr
    runs = [subprocess.run([sys.executable, "-c", probe, str(db)], env=env, capture_output=True, text=True,
                           timeout=60) for _ in range(2)]
    assert [r.stderr.strip().splitlines()[-1] for r in runs] == ["holidays imported: True", "holidays imported: False"]
    assert runs[0].stdout == runs[1].stdout and "Thank" in runs[0].stdout
    assert list((tmp_path / "home" / "cache").glob("holidays-*.marshal"))
