"""The planner's night and the review's waking hours are one rule (domain.waking).

Found by a tester: the review counted a note arriving after 20:00 their time as "outside the
recipient's waking hours (07:00-20:00)" while the planner's night began at 21:00. At 20:30 the
plan said nothing of the hour (send it now, or approve it for then), and the review then warned
of that very moment: a rejection reply due two hours after a rejection that came at 18:30 was
approved for 20:30 and warned about. Now both say the same: at 20:30 the plan says it is late for
them and suggests their morning, which the review passes.

A pipeline of one: Dana Reyes in New York, a rejection from her on Tue 1 Dec at 18:30 her time.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from afterview.domain.model import Message
from afterview.domain.waking import WAKING_FROM, WAKING_UNTIL, awake
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.reviewer import ReviewConfig
from afterview.services import delivery
from afterview.storage import open_store
from tests.helpers import afterview

NY = ZoneInfo("America/New_York")
KEY = "rejection_reply:o1:p1"
WAKING = "outside the recipient's waking hours"


def av(*args: str):
    done = afterview(*args)
    assert done.code == 0, (args, done.out, done.err)
    return done


@pytest.fixture
def rejected(afterview_home):
    at = ("--at", "2026-11-20T12:00:00-05:00")
    av(*at, "profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--tz", "America/New_York",
       "--country", "US")
    av(*at, "opportunity", "add", "--company", "Acme", "--role", "Data Analyst")
    av(*at, "person", "add", "Dana Reyes", "--email", "dana@acme.example", "--company", "Acme",
       "--tz", "America/New_York", "--country", "US")
    av(*at, "interview", "add", "--opportunity", "1", "--start", "2026-11-24 10:00", "--duration", "60m",
       "--with", "Dana Reyes")
    av("--at", "2026-12-01T18:30:00-05:00", "outcome", "1", "rejected", "--from", "Dana")
    store = open_store(f"sqlite:///{afterview_home / 'afterview.db'}")
    yield store
    store.close()


def test_the_review_and_the_planner_share_one_rule():
    config = ReviewConfig()
    assert (config.waking_from, config.waking_until) == (WAKING_FROM, WAKING_UNTIL) == (7.0, 20.0)
    assert awake(time(20, 0)) and not awake(time(20, 1)) and not awake(time(6, 59)) and awake(time(7, 0))


def test_at_20_30_their_time_the_plan_says_it_is_late_for_them(rejected):
    with rejected.reading() as tx:
        facts = tx.facts()
    now = datetime(2026, 12, 1, 20, 30, tzinfo=NY)  # a Tuesday, a business day for Dana
    action = next(a for a in plan(facts, DEFAULT_PLAYBOOK, now) if a.key == KEY)
    assert action.state == "due"
    assert action.note.endswith("it is 20:30 for them: schedule it for their morning, Wed 2 Dec 09:00, or send it now")
    assert action.send_at == datetime(2026, 12, 2, 9, 0, tzinfo=NY)
    # and at 20:00, the last minute of their day, it is not
    at_eight = next(a for a in plan(facts, DEFAULT_PLAYBOOK, datetime(2026, 12, 1, 20, 0, tzinfo=NY))
                    if a.key == KEY)
    assert "for them" not in at_eight.note


def test_the_moment_the_plan_suggests_is_one_the_review_passes(rejected):
    """Approved at 19:00, before its earliest moment (20:30), the reply is set for the moment the
    plan suggests once that has come: their morning, not 20:30, and the review has nothing to say
    of the hour; of 20:30 itself it warns, as the plan says of it."""
    av("--at", "2026-12-01T19:00:00-05:00", "draft", KEY)
    now = datetime(2026, 12, 1, 19, 0, tzinfo=NY)
    with rejected.reading() as tx:
        facts = tx.facts()
        action = next(a for a in plan(facts, DEFAULT_PLAYBOOK, now) if a.key == KEY)
        assert (action.state, action.earliest) == ("upcoming", datetime(2026, 12, 1, 20, 30, tzinfo=NY))
        moment = delivery.moment_of(facts, DEFAULT_PLAYBOOK, action, now)
        assert moment == datetime(2026, 12, 2, 9, 0, tzinfo=NY)
        message = next(m for m in tx.list(Message) if m.action_key == KEY)
        planned = delivery.judge_moment(tx, message, moment, facts=facts, now=now)
        late = delivery.judge_moment(tx, message, action.earliest, facts=facts, now=now)
    assert not [f for f in planned.findings if WAKING in f.message]
    assert [f.message for f in late.findings if WAKING in f.message] == [
        "arrives outside the recipient's waking hours (07:00-20:00): Tue 2026-12-01 20:30 their time "
        "(America/New_York)"]
