"""The reason a status follow-up gives for its send window names the recipient's own mid-week:
Mon, Tue or Wed in Israel (a Sunday-Thursday week), Tue, Wed or Thu in Germany, and the days a
playbook names when it names them."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from afterview.planner.engine import plan
from afterview.planner.playbook import load_playbook
from afterview.services.planning import shaped_by

from tests.planner.builders import World


def _window_effect(country: str, zone: str, playbook) -> str:
    w = World(tz=zone, country=country)
    acme = w.company("Acme")
    dana = w.person("Dana Reyes", acme, country=country, timezone=zone)
    opp = w.opportunity(acme)
    start = datetime(2026, 3, 2, 10, tzinfo=ZoneInfo(zone))
    w.interview(opp, start, start + timedelta(hours=1), dana)
    actions = plan(w.facts, playbook, start + timedelta(days=40))
    status = next(a for a in actions if a.kind.value == "status_check")
    shaping = {s.rule: s.effect for s in shaped_by(w.facts, playbook, status)}
    return shaping["send_window"]


def test_israel_s_mid_week_is_monday_to_wednesday():
    assert "Mon, Tue or Wed" in _window_effect("IL", "Asia/Jerusalem", load_playbook(None))


def test_germany_s_mid_week_is_tuesday_to_thursday():
    assert "Tue, Wed or Thu" in _window_effect("DE", "Europe/Berlin", load_playbook(None))
