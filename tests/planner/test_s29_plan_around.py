"""The plan around a few people and opportunities (planner.around) gives, for every action
concerning them, the very action of the whole plan; `why` and `timeline` use it."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from hypothesis import given

from afterview.domain.model import MessageKind, Role
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.planner import around
from afterview.planner.around import facts_around, plan_around
from afterview.services import planning
from afterview.services.overview import planned_entries
from afterview.domain.timeline import timeline

from tests.planner.builders import World
from tests.planner.test_properties import SETTINGS, START, timelines


@SETTINGS
@given(timelines())
def test_every_action_of_the_whole_plan_is_the_same_in_the_plan_around_it(timeline):
    w, now, _ = timeline
    for moment in (now, now + timedelta(days=20)):
        whole = plan(w.facts, DEFAULT_PLAYBOOK, moment)
        for action in whole:
            opps = [action.opportunity_id] if action.opportunity_id is not None else []
            got = plan_around(w.facts, DEFAULT_PLAYBOOK, moment, person_ids=[action.person_id], opportunity_ids=opps)
            assert [a for a in got if a.key == action.key] == [action]  # every field
            # and what it plans for that person is the whole plan's
            assert [a for a in got if a.person_id == action.person_id] == \
                [a for a in whole if a.person_id == action.person_id]
            found, used = planning.why(w.facts, DEFAULT_PLAYBOOK, action.key, moment, "UTC")
            assert found == planning.explain(w.facts, DEFAULT_PLAYBOOK, action.key, moment, "UTC", whole)


@SETTINGS
@given(timelines())
def test_the_timeline_around_one_opportunity_or_person_has_the_lines_of_the_whole_plan(world):
    w, now, _ = world
    for moment in (now, now + timedelta(days=20)):
        planned = planned_entries(plan(w.facts, DEFAULT_PLAYBOOK, moment), w.facts)
        for opp in w.facts.opportunities:
            want = timeline(w.facts, opportunity_id=opp, planned=planned)
            got = planning.timeline_entries(w.facts, DEFAULT_PLAYBOOK, moment, opportunity_id=opp)
            assert got == want
        for person in w.facts.people:
            want = timeline(w.facts, person_id=person, planned=planned)
            got = planning.timeline_entries(w.facts, DEFAULT_PLAYBOOK, moment, person_id=person)
            assert got == want


def _two_processes() -> tuple[World, object, object]:
    w = World()
    acme, other = w.company("Acme"), w.company("Other")
    ann, bob, cal = w.person("Ann Lee", acme), w.person("Bob Ray", other), w.person("Cal Poe", other)
    first, second = w.opportunity(acme, role="Engineer"), w.opportunity(other, role="Analyst")
    w.interview(first, START, START + timedelta(hours=1), ann, roles={ann.id: Role.HIRING_MANAGER})
    w.interview(second, START + timedelta(days=1), START + timedelta(days=1, hours=1), bob, cal)
    return w, first, second


def test_the_facts_around_one_process_leave_out_the_others():
    w, first, second = _two_processes()
    cut = facts_around(w.facts, [], [first.id])
    assert set(cut.opportunities) == {first.id}
    assert {p.name for p in cut.people.values()} == {"Ann Lee"}
    assert all(i.opportunity_id == first.id for i in cut.interviews.values())
    # a person of the other process brings in their process and everyone on it
    bob = next(p for p in w.facts.people.values() if p.name == "Bob Ray")
    assert set(facts_around(w.facts, [bob.id], []).opportunities) == {second.id}
    assert len(facts_around(w.facts, [bob.id], []).people) == 2


def test_why_and_timeline_plan_only_the_part_around_them():
    w, first, _ = _two_processes()
    now = START + timedelta(days=1, hours=3)
    whole = plan(w.facts, DEFAULT_PLAYBOOK, now)
    action = next(a for a in whole if a.opportunity_id == first.id)
    seen = []
    with mock.patch.object(around, "facts_around", wraps=around.facts_around), \
            mock.patch("afterview.planner.engine.plan", side_effect=lambda f, *a: seen.append(f) or plan(f, *a)):
        found, _ = planning.why(w.facts, DEFAULT_PLAYBOOK, action.key, now, "UTC")
        planning.timeline_entries(w.facts, DEFAULT_PLAYBOOK, now, opportunity_id=first.id)
    assert found.action == action
    assert [set(f.opportunities) for f in seen] == [{first.id}, {first.id}]


def test_a_linkedin_request_in_the_part_plans_the_whole_pipeline():
    w, first, _ = _two_processes()
    now = START + timedelta(days=1, hours=3)
    seen = []
    fake = [mock.Mock(kind=MessageKind.LINKEDIN_NOTE)]
    with mock.patch("afterview.planner.engine.plan", side_effect=lambda f, *a: seen.append(f) or fake):
        plan_around(w.facts, DEFAULT_PLAYBOOK, now, opportunity_ids=[first.id])
    assert seen[-1] is w.facts  # the monthly cap counts everyone's requests
