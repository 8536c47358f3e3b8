"""For one set of facts, an action's due never comes back earlier as now moves on: a share
moved by spacing on the day it was planned for keeps that move once the day has passed."""

from datetime import date, timedelta

from afterview.domain.model import MessageKind, Role
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.builders import World, at, by_key

NY, BERLIN = "America/New_York", "Europe/Berlin"


def katrin_world():
    """The tester's Katrin in Berlin: thanked on Thu 10 Dec, news on Mon 14 Dec that matters
    to her; you read in New York, six hours behind her."""
    w = World(tz=NY, country="US")
    company = w.company("Kiel Data GmbH")
    katrin = w.person("Katrin Vogel", company, tags=["streaming"], timezone=BERLIN, country="DE")
    opp = w.opportunity(company, "Data Engineer")
    interview = w.interview(opp, at("2026-12-09 09:00", NY), at("2026-12-09 10:00", NY), katrin,
                            roles={katrin.id: Role.HIRING_MANAGER})
    w.sent(f"thank_you:i{interview.id}:p{katrin.id}", MessageKind.THANK_YOU, katrin, at("2026-12-10 09:00", NY), opp)
    news = w.news("Passed the Confluent Kafka developer certification", date(2026, 12, 14), ["streaming"])
    return w, f"share_news:n{news.id}:p{katrin.id}"


def test_a_share_moved_by_spacing_keeps_its_due_after_midnight_in_their_zone():
    """At 12:00 the share (from Mon 14 Dec) is moved to Tue 15 Dec, 3 business days after the
    thank-you; at 18:00 (midnight in Berlin) the move was gone and it was due a day earlier."""
    w, key = katrin_world()
    noon = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-14 12:00", NY)))[key]
    assert "moved: keeps 3 business days after another message to Katrin Vogel" in noon.note
    assert noon.earliest == at("2026-12-15 09:00", BERLIN)
    for hour in ("18:00", "23:00"):
        later = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at(f"2026-12-14 {hour}", NY)))[key]
        assert (later.earliest, later.due) == (noon.earliest, noon.due), hour
        assert "moved: keeps 3 business days" in later.note


def test_dues_never_come_back_earlier_as_now_moves_on():
    w, _ = katrin_world()
    seen: dict[str, object] = {}
    moment = at("2026-12-10 10:00", NY)
    while moment < at("2026-12-24 00:00", NY):
        for action in plan(w.facts, DEFAULT_PLAYBOOK, moment):
            before = seen.get(action.key)
            assert before is None or action.due >= before, (action.key, moment, before, action.due)
            seen[action.key] = action.due
        moment += timedelta(hours=3)
    assert seen
