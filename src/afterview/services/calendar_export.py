"""`afterview calendar export`: the calendar file, and what it remembers of the events it wrote.

An export reads the facts and what the exports before it wrote (the state entry
`exporters.calendar_ics.MEMORY`) in a reading transaction, makes the file (`export_remembering`),
has it written, and only then keeps what this file holds, in a short writing transaction: a file
that could not be written leaves the memory as it was. Planning a large pipeline takes seconds,
and holding the database's write lock for that long would keep the desk, the worker and every
other command waiting (SQLite gives up after 5 s), so the lock is taken only to keep the memory.

Two exports at once do not lose each other's events: the memory is kept only if it is still the
one the export started from. If another export kept its own meanwhile, the export is made again
from that one (the file is written again), so each file and the memory agree, as if the two had
run one after the other. The memory is written only when it changed: an export of the same
events writes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from afterview.errors import StorageError

ATTEMPTS = 5  # exports made again because another one kept its memory meanwhile, at most


def export_calendar_file(store, playbook, now: datetime, days: int, write: Callable[[bytes], None]) -> bytes:
    """The calendar of the coming `days` days, handed to `write` (which raises if the file could
    not be written: nothing is remembered then), and remembered once written. A store that only
    reads (`Store.reads_only`) gives the same file and remembers nothing. Returns the bytes."""
    from afterview.exporters.calendar_ics import MEMORY, export_remembering
    from afterview.services.planning import current_plan

    for _ in range(ATTEMPTS):
        with store.reading() as tx:
            facts = tx.facts()
            stored = tx.get_state(MEMORY)
        data, memory = export_remembering(facts, current_plan(None, playbook, now, facts), now, days, stored)
        write(data)
        if store.reads_only or memory == (stored if stored is not None else {}):
            return data
        with store.transaction() as tx:
            if tx.get_state(MEMORY) == stored:  # nobody kept another memory meanwhile
                tx.set_state(MEMORY, memory)
                return data
    raise StorageError(f"the calendar was written, but other exports kept changing what it remembers "
                       f"({ATTEMPTS} tries): run `afterview calendar export` again when they are done")
