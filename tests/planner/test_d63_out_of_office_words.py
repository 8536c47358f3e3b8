"""The words of a move after an out-of-office reply: true of "back on 12/21" and of "until 14.12".

The date an automatic reply gives is the day they are back ("I will be back on 12/21") or the
last day they are away ("away until 14.12"): the plan moves the notes to a business day after
it either way, and says so in words true of both, "out of office, back Mon 21 Dec or the
business day after", where it said "out of office until Mon 21 Dec" (a misquote of "back on").
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from afterview.delivery.autoreply import return_date
from afterview.domain import model as m
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.storage import open_store

from tests.helpers import afterview
from tests.planner.builders import World, at, by_key

CHICAGO = "America/Chicago"


def run(db: str, now: str, *args: str):
    done = afterview("--db", db, "--at", f"{now} {CHICAGO}", *args)
    assert done.code == 0, (args, done.out, done.err)
    return done.out


@pytest.fixture
def db(tmp_path):
    """Priya Raman interviewed you on Mon 14 Dec 2026, 10:00-11:00 (Chicago); her automatic
    reply that afternoon says "I will be back on 12/21", as `afterview sync` records it."""
    path = str(tmp_path / "av.db")
    for command in (
        ("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--tz", CHICAGO, "--country", "US"),
        ("opportunity", "add", "--company", "Northwind Analytics", "--role", "Senior Data Engineer"),
        ("person", "add", "Priya Raman", "--email", "priya.raman@northwind.example", "--company", "Northwind Analytics"),
        ("interview", "add", "--opportunity", "1", "--start", "2026-12-14 10:00", "--duration", "60m",
         "--stage", "panel interview", "--with", "Priya Raman:hiring_manager"),
    ):
        run(path, "2026-12-14 12:00", *command)
    back = return_date("Thank you for your email. I will be back on 12/21.", date(2026, 12, 14), day_first=False)
    assert back == date(2026, 12, 21)
    store = open_store(f"sqlite:///{path}")
    try:
        with store.transaction() as tx:
            tx.add(m.Inbound(kind=m.InboundKind.AUTO_REPLY, received_at=datetime(2026, 12, 14, 13, tzinfo=ZoneInfo(CHICAGO)),
                             person_id=1, opportunity_id=1, return_date=back, subject="Out of office",
                             from_address="priya.raman@northwind.example", header_message_id="<ooo-1@northwind.example>"))
    finally:
        store.close()
    return path


def test_why_says_when_they_are_back_not_until_when_they_are_away(db):
    said = run(db, "2026-12-15 09:00", "why", "thank_you:i1:p1")
    # moved to the return date + 1 business day, as before: Tue 22 Dec
    assert "postponed to Tue 22 Dec 09:00 by Priya Raman's out-of-office reply" in said, said
    assert "postponed: out of office, back Mon 21 Dec or the business day after" in said, said
    assert "out of office until" not in said


def test_the_note_of_a_move_is_true_of_both_readings_of_the_date():
    # "away until Fri 18 Dec": back Mon 21 Dec, the business day after the date given
    w = World()
    acme = w.company()
    rita = w.person("Rita Cole", acme)
    opp = w.opportunity(acme)
    w.interview(opp, at("2026-12-14 10:00"), at("2026-12-14 11:00"), rita)
    w.reply(rita, at("2026-12-14 12:00"), opp, kind=m.InboundKind.AUTO_REPLY, return_date=date(2026, 12, 18))
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-14 12:00")))
    thanks = next(a for key, a in actions.items() if key.startswith("thank_you:"))
    assert thanks.earliest.date() == date(2026, 12, 21)
    assert "postponed: out of office, back Fri 18 Dec or the business day after" in thanks.note, thanks.note
    # with no date given, as before
    w.reply(rita, at("2026-12-14 13:00"), opp, kind=m.InboundKind.AUTO_REPLY, return_date=None)
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-14 13:00")))
    thanks = next(a for key, a in actions.items() if key.startswith("thank_you:"))
    assert "postponed: out of office (no return date given)" in thanks.note, thanks.note
