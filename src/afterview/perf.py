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


def one_shot_process() -> None:
    """Say that this process runs one command and then ends: the `afterview` process itself."""
    global _ONE_SHOT
    _ONE_SHOT = True


def freeze_for_exit() -> None:
    """In a one-shot process, move what is alive out of the collector's reach (gc.freeze).

    For what a read-only command built and keeps until the end (a large pipeline's facts and
    plan): the collector, resuming after the command, would otherwise visit all of it once more,
    a tenth of a second for objects that live until the exit anyway. Elsewhere (a caller in
    Python, the tests, the desk) nothing is frozen.
    """
    if _ONE_SHOT:
        gc.freeze()


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
