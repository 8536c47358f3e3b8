"""`afterview calendar export`: the calendar file, and what it remembers of the events it wrote.

An export reads the facts and what the exports before it wrote (the state entry
`exporters.calendar_ics.MEMORY`), makes the file (`export_remembering`), has it written, and only
then keeps what this file holds, all in one writing transaction: a file that could not be
written leaves the memory as it was, and two exports at once do not interleave (the second reads
what the first kept). The memory is written only when it changed: an export of the same events
writes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable


def export_calendar_file(store, playbook, now: datetime, days: int, write: Callable[[bytes], None]) -> bytes:
    """The calendar of the coming `days` days, handed to `write` (which raises if the file could
    not be written: nothing is remembered then), and remembered once written. A store that only
    reads (`Store.reads_only`) gives the same file and remembers nothing. Returns the bytes."""
    from afterview.exporters.calendar_ics import MEMORY, export_remembering
    from afterview.services.planning import current_plan

    with store.transaction() as tx:
        facts = tx.facts()
        stored = tx.get_state(MEMORY)
        data, memory = export_remembering(facts, current_plan(None, playbook, now, facts), now, days, stored)
        write(data)
        if not store.reads_only and memory != (stored if stored is not None else {}):
            tx.set_state(MEMORY, memory)
    return data
