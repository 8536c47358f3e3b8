"""Read-side use cases: timelines that join what happened with what is planned
(`services.planning.timeline_entries` plans only around what a timeline is of)."""

from __future__ import annotations

from typing import Iterable

from afterview.domain import model as m
from afterview.domain.timeline import Entry


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

