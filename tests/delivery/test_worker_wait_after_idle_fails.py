"""The worker's wait between rounds lasts its interval even when IDLE fails at once (a server
that refuses it, a plugin mailbox): before, it returned at once and the worker spun."""

from __future__ import annotations

import time

from afterview.services.delivery import _wait


class _RefusesIdle:
    def idle(self):
        raise OSError("IDLE refused")


class _Imap:
    def __init__(self):
        self.client = _RefusesIdle()


def test_a_failed_idle_still_waits_the_interval():
    imap = _Imap()
    started = time.monotonic()
    _wait(imap, 1.2, lambda: False)
    assert time.monotonic() - started >= 1.1
    assert imap.client is None  # the next round reconnects


def test_a_stop_request_still_ends_the_wait_early():
    started = time.monotonic()
    _wait(_Imap(), 30, lambda: True)
    assert time.monotonic() - started < 5
