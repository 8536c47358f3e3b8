"""Small performance helpers shared by the core and the interfaces."""

from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a block that builds many acyclic objects.

    Loading and planning a large pipeline creates hundreds of thousands of records and no
    reference cycles; left on, the collector rescans them again and again (a third of the time
    on a 10,000-opportunity database). Reference counting still frees everything as usual, and
    the collector is switched back on as it was, whatever happens.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_ONE_SHOT = False  # this process runs one command, then ends (see one_shot_process)
_KEPT: list | None = None  # what a read-only command keeps until the end (see until_exit)
_HELD: list[list] = []  # what read-only commands kept, until the process ends


def one_shot_process() -> None:
    """Say that this process runs one command and then ends: the `afterview` process itself."""
    global _ONE_SHOT
    _ONE_SHOT = True


@contextlib.contextmanager
def until_exit() -> Iterator[None]:
    """Around a command that only reads, in a one-shot process: what it keeps lives to the end.

    Inside, `keep_for_exit` holds what the command built (a large pipeline's facts, the plan,
    the planner's working state) instead of letting it be freed one by one, a million objects
    for memory the system takes back when the process ends (see finish_process). When the
    command is done, all that is alive is frozen (gc.freeze): the collector, resuming, would
    otherwise visit it all once more. Elsewhere (a caller in Python, the tests, the desk, the
    worker) this does nothing, and everything is freed as usual.
    """
    global _KEPT
    if not _ONE_SHOT:
        yield
        return
    _KEPT = kept = []
    try:
        yield  # on an error, what was kept is freed at the usual exit
        gc.freeze()
    finally:
        _HELD.append(kept)
        _KEPT = None  # what runs next (the desk after `demo`, say) keeps nothing


def keep_for_exit(*objects: object) -> bool:
    """Hold objects until the process ends, inside `until_exit`; False (nothing held) elsewhere."""
    if _KEPT is None:
        return False
    _KEPT.append(objects)
    return True


def finish_process() -> None:
    """End a one-shot process now that its output is written, without tearing it down.

    What a read-only command built (a large pipeline's facts and plan: a million objects) would
    otherwise be freed one by one, then every module, class and cache, for memory the operating
    system takes back anyway: after `afterview today` on a large database, 60 ms. The exit is
    otherwise as usual: the atexit handlers run (the holiday cache is written, logs are closed),
    then the standard streams are flushed. When a flush fails (a full disk, a reader gone), this
    returns and the usual exit reports it as always.
    """
    import atexit
    import os
    import sys

    atexit._run_exitfuncs()  # noqa: SLF001 - CPython's own exit step; cleared so it never runs twice
    atexit._clear()  # noqa: SLF001
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(0)
