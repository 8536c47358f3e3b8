"""Read-side use cases: timelines that join what happened with what is planned."""

from __future__ import annotations

from datetime import datetime
from typing import Iterable

from afterview.domain import model as m
from afterview.domain.timeline import Entry, timeline


def planned_entries(actions: Iterable, facts: m.Facts) -> list[Entry]:
    """Timeline entries for planned actions (planner Actions)."""
    entries = []
    for action in actions:
        who = facts.people.get(action.person_id)
        name = who.name if who else "?"
        entries.append(
            Entry(
                at=action.due,
                kind="planned",
                text=f"{action.kind.value.replace('_', ' ')} to {name} ({action.state})",
                opportunity_id=action.opportunity_id,
                person_id=action.person_id,
                planned=True,
                key=action.key,
                state=str(action.state),
            )
        )
    return entries


def timeline_of(tx, *, now: datetime, opportunity_id: int | None = None, person_id: int | None = None,
                playbook=None) -> list[Entry]:
    """The timeline of one opportunity or person, with the actions the planner has for them."""
    from afterview.planner import plan

    if opportunity_id is not None:
        tx.get(m.Opportunity, opportunity_id)
    if person_id is not None:
        tx.get(m.Person, person_id)
    facts = tx.facts()
    if playbook is None:
        from afterview.services.planning import effective_playbook

        playbook = effective_playbook()
    actions = plan(facts, playbook, now)
    return timeline(facts, opportunity_id=opportunity_id, person_id=person_id, planned=planned_entries(actions, facts))
