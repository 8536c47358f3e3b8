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

An export is a reading command: a database that cannot be written (a full or failing disk, a
read-only file or location, a writer holding it too long) never costs the file. The file is
written before the memory is kept, and when keeping it fails, its transaction is rolled back
(the memory stays as the export before left it, all or nothing) and the caller is told in one
line (`warn`) what was not kept and what it means, instead of an error: the next export that can
write keeps it, from the memory as it was. Until then an event first written in this file is
not remembered: if its record leaves Afterview meanwhile, no export writes it cancelled, and it
stays in a calendar that took this file in.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from afterview.errors import StorageError

ATTEMPTS = 5  # exports made again because another one kept its memory meanwhile, at most


def export_calendar_file(store, playbook, now: datetime, days: int, write: Callable[[bytes], None],
                         warn: Callable[[str], None] | None = None) -> bytes:
    """The calendar of the coming `days` days, handed to `write` (which raises if the file could
    not be written: nothing is remembered then), and remembered once written. A store that only
    reads (`Store.reads_only`) gives the same file and remembers nothing. Returns the bytes.

    When the database refuses to keep the memory (StorageError: a full disk, a read-only
    database), the file stands: `warn` is given one line saying so and what it means, and the
    bytes are returned; without `warn` the StorageError is raised (after the file was written)."""
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
        try:
            with store.transaction() as tx:
                if tx.get_state(MEMORY) == stored:  # nobody kept another memory meanwhile
                    tx.set_state(MEMORY, memory)
                    return data
        except StorageError as err:
            if warn is None:
                raise
            warn(not_kept(err))
            return data
    busy = f"other exports kept changing what it remembers, {ATTEMPTS} tries"
    if warn is None:
        raise StorageError(f"the calendar was written, but {busy}",
                           advice="run `afterview calendar export` again when they are done")
    warn(not_kept(StorageError(busy)))
    return data


def not_kept(err: StorageError) -> str:
    """The line that says a written calendar's memory could not be kept, why, and what it means."""
    return (f"the calendar was written whole, but what it holds could not be recorded ({err.what}): until an "
            "export can record it, an event new in it whose record leaves Afterview is not written cancelled, "
            "and stays in a calendar that took the file in")
