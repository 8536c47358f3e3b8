"""What replies to confirm hold back is found with the facts indexed once for every reply
(`held_back_finder`), and it is what each reply alone gives (`held_back_by`): two replies read
as rejections, in two processes, on the demo."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from afterview.planner import DEFAULT_PLAYBOOK
from afterview.planner.engine import held_back_by, held_back_finder
from afterview.storage import open_store
from tests.helpers import afterview

AT = "2026-11-30T09:00:00Z"
NOW = datetime(2026, 11, 30, 16, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def _demo(prebuilt):
    return prebuilt.build(("--at", AT, "demo", "--no-agenda"))


def test_every_reply_holds_back_what_it_alone_does(prebuilt, _demo, tmp_path):
    (tmp_path / "h").mkdir()
    db = prebuilt.copy(_demo, tmp_path / "h")
    for who in ("Priya Raman", "Ana Souza"):
        told = afterview("--db", str(db), "--at", AT, "replies", "add", who, "--says",
                         "Thank you, but we have decided to move forward with other candidates.")
        assert told.code == 0, told.err
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            facts = tx.facts()
    finally:
        store.close()
    replies = sorted(facts.inbound, key=lambda r: r.id)
    finder = held_back_finder(facts, DEFAULT_PLAYBOOK, NOW)
    together = [finder(r) for r in replies]
    alone = [held_back_by(facts, DEFAULT_PLAYBOOK, NOW, r) for r in replies]
    assert together == alone
    assert all(together), together  # each holds back its process's thank-yous
    assert {a.opportunity_id for a in together[0]} != {a.opportunity_id for a in together[1]}
