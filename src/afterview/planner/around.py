"""The plan around a few people and opportunities, without planning the whole pipeline.

What is planned for a person depends on every process they take part in (spacing works per
person across processes), on everyone else of those processes (notes about one process keep
their distance from each other), and so on: the facts are cut to the connected part of the
pipeline around the people and opportunities asked about, with what is global and small
(the profile, companies, news, decisions, accepted offers) kept whole.

>>> actions = plan_around(facts, playbook, now, person_ids={7}, opportunity_ids={3})  # doctest: +SKIP

The one thing that reaches past that part is the monthly cap on LinkedIn requests, shared by
everyone: when the part plans a LinkedIn request, `plan_around` plans the whole pipeline.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import datetime
from typing import Iterable

from afterview.domain.keys import parse_key
from afterview.domain.model import Facts, MessageKind, OpportunityStatus


def _links(facts: Facts) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Person -> the opportunities they appear in, and opportunity -> its people, from every record
    that names both."""
    of_person: dict[int, set[int]] = defaultdict(set)
    of_opp: dict[int, set[int]] = defaultdict(set)

    def link(person: int | None, opp: int | None) -> None:
        if person is not None and opp is not None:
            of_person[person].add(opp)
            of_opp[opp].add(person)

    interviews = facts.interviews
    for interview in interviews.values():
        for participant in interview.participants:
            link(participant.person_id, interview.opportunity_id)
    for opp in facts.opportunities.values():
        for change in opp.history:
            link(change.person_id, opp.id)
    for debrief in facts.debriefs:
        interview = interviews.get(debrief.interview_id)
        link(debrief.person_id, interview.opportunity_id if interview is not None else None)
    sender = {}
    for message in facts.messages:
        sender[message.id] = message.person_id
        opp = message.opportunity_id
        if opp is None and message.interview_id in interviews:
            opp = interviews[message.interview_id].opportunity_id
        link(message.person_id, opp)
    for inbound in facts.inbound:
        person = inbound.person_id if inbound.person_id is not None else sender.get(inbound.answers_message_id)
        link(person, inbound.opportunity_id)
    for item in facts.feedback:
        link(item.person_id, item.opportunity_id)
    for decision in (*facts.decisions, *facts.undone):
        parsed = parse_key(decision.action_key)
        if parsed is not None:
            link(parsed[1].get("p"), parsed[1].get("o"))
    return of_person, of_opp


def part_around(facts: Facts, person_ids: Iterable[int], opportunity_ids: Iterable[int]) -> tuple[set[int], set[int]]:
    """The people and opportunities connected to those given, through every record naming both."""
    of_person, of_opp = _links(facts)
    people, opps = set(person_ids), set(opportunity_ids)
    todo_people, todo_opps = list(people), list(opps)
    while todo_people or todo_opps:
        while todo_people:
            for opp in of_person.get(todo_people.pop(), ()):
                if opp not in opps:
                    opps.add(opp)
                    todo_opps.append(opp)
        while todo_opps:
            for person in of_opp.get(todo_opps.pop(), ()):
                if person not in people:
                    people.add(person)
                    todo_people.append(person)
    return people, opps


def facts_around(facts: Facts, person_ids: Iterable[int], opportunity_ids: Iterable[int]) -> Facts:
    """`facts` cut to the part of the pipeline around these people and opportunities (`part_around`),
    with the profile, companies, news, decisions and accepted offers (an offer accepted elsewhere
    withdraws from a process) kept whole."""
    people, opps = part_around(facts, person_ids, opportunity_ids)
    kept_opps = {i: o for i, o in facts.opportunities.items()
                 if i in opps or o.status == OpportunityStatus.ACCEPTED}
    interviews = {i: v for i, v in facts.interviews.items() if v.opportunity_id in opps}
    messages = [m for m in facts.messages if m.person_id in people or m.opportunity_id in opps]
    kept_ids = {m.id for m in messages}
    all_ids = {m.id for m in facts.messages}
    inbound = [r for r in facts.inbound
               if r.person_id in people or r.opportunity_id in opps or r.answers_message_id in kept_ids
               or (r.person_id is None and r.opportunity_id is None and r.answers_message_id not in all_ids)]
    return replace(
        facts,
        opportunities=kept_opps,
        people={i: p for i, p in facts.people.items() if i in people},
        interviews=interviews,
        debriefs=[d for d in facts.debriefs if d.interview_id in interviews or d.person_id in people],
        messages=messages,
        inbound=inbound,
        feedback=[f for f in facts.feedback if f.opportunity_id in opps],
    )


def plan_around(facts: Facts, playbook, now: datetime, *, person_ids: Iterable[int] = (),
                opportunity_ids: Iterable[int] = ()) -> list:
    """The plan of `facts` at `now` as far as it concerns these people and opportunities: every
    action to one of them or about one of them is the very action the whole plan has (other
    actions of the list may differ). The whole plan when the part plans a LinkedIn request."""
    from afterview.planner.engine import plan

    actions = plan(facts_around(facts, person_ids, opportunity_ids), playbook, now)
    if any(a.kind == MessageKind.LINKEDIN_NOTE for a in actions):
        return plan(facts, playbook, now)  # the monthly cap counts everyone's requests
    return actions
