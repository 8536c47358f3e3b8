"""The desk's Approve, and the hold-back after a decision, plan and review outside the
database's write lock (as `afterview approve`, `withdraw_unplanned` and the outbox do): the short
write that follows checks again what they relied on. On a real SQLite file."""

from __future__ import annotations

import pytest

from afterview.domain import model as m
from tests.delivery.test_outbox_fix_lock import _write_lock_free
from tests.web.conftest import draft, read
from tests.web.test_approve_timing import _approve, _capture_thanksgiving_interview, desk_for, quiet  # noqa: F401


@pytest.fixture
def watched(tmp_path, monkeypatch):
    """Each plan and review made, as whether another program could have written meanwhile."""
    import afterview.planner
    import afterview.services.drafting as drafting

    made: list[tuple[str, bool]] = []

    def watch(name, real):
        def wrapper(*args, **kwargs):
            made.append((name, _write_lock_free(tmp_path / "desk.db")))
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(afterview.planner, "plan", watch("plan", afterview.planner.plan))
    monkeypatch.setattr(drafting, "review_message", watch("review", drafting.review_message))
    return made


def test_approve_plans_and_reviews_outside_the_write_lock(quiet, db_url, watched):  # noqa: F811
    app, client, csrf = quiet
    key = _capture_thanksgiving_interview(client, csrf, db_url)
    message_id = draft(client, csrf, key)
    watched.clear()
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "approve", "despite": "yes"},
                       follow_redirects=True).text  # (its text as drafted: no Save before it)
    assert "the planned moment" in page
    assert read(db_url, lambda tx: tx.get(m.Message, message_id)).state == m.MessageState.SCHEDULED
    assert {"plan", "review"} <= {name for name, _ in watched}
    assert all(free for _, free in watched), watched


def test_a_decision_holds_back_planning_outside_the_write_lock(quiet, db_url, monkeypatch, tmp_path):  # noqa: F811
    from afterview.services import delivery

    app, client, csrf = quiet
    key = _capture_thanksgiving_interview(client, csrf, db_url)
    message_id = draft(client, csrf, key)
    _approve(client, csrf, message_id)
    real, free = delivery.unplanned, []

    def watched(*args, **kwargs):
        free.append(_write_lock_free(tmp_path / "desk.db"))
        return real(*args, **kwargs)

    monkeypatch.setattr(delivery, "unplanned", watched)
    page = client.post("/actions/skip", data={"csrf": csrf, "key": key, "reason": "said it in person"},
                       follow_redirects=True)
    assert page.status_code == 200
    assert read(db_url, lambda tx: tx.get(m.Message, message_id)).state == m.MessageState.DRAFTED
    assert free and all(free), free
