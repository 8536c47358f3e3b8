"""The demo's pipeline on Monday 30 Nov 2026 at 23:30 UTC, the user in Chicago: the set-up of the
tests of what `today` lists as due, on its way and held back (import `demo`, `av`, `drafted`)."""

from __future__ import annotations

import pytest

from afterview.storage import open_store
from tests.helpers import afterview

AT = "2026-11-30T23:30:00Z"


def av(*args: str, at: str = AT):
    """`afterview --at AT ARGS`, which must succeed."""
    done = afterview("--at", at, *args)
    assert done.code == 0, (args, done.out, done.err)
    return done


@pytest.fixture
def demo(afterview_home):
    """The demo's database, the user in Chicago, opened; drafts are made by `drafted`."""
    av("demo")
    (afterview_home / "config.toml").write_text('timezone = "America/Chicago"\n')
    store = open_store(f"sqlite:///{afterview_home / 'afterview.db'}")
    yield store
    store.close()


def drafted(key: str) -> int:
    """The id of the message `afterview draft KEY` makes."""
    return int(av("draft", key).out.split()[0].lstrip("#"))
