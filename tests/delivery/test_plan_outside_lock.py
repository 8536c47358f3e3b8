"""`approve`, and what holds back the notes a change leaves unplanned (`withdraw_unplanned`,
after a decision; `hold_back_planned`), plan and review outside the database's write lock, as
the outbox does: planning a large pipeline takes seconds (the review of one note longer still),
and a writer holding the lock that long keeps the desk, the worker and every other command
waiting (SQLite gives up after 5 s). The short write that follows checks again what they relied
on: the facts for an approval (changed since, it is planned and reviewed again there), the
message itself for a hold (changed since, it is planned again there). On a real SQLite file."""

from __future__ import annotations

from datetime import timedelta

import pytest

from afterview.domain.model import Decision, DecisionKind, Message, MessageState
from afterview.errors import Conflict
from afterview.services import delivery
from afterview.storage import open_store
from tests.delivery.conftest import NOW, add_interview, add_message
from tests.delivery.test_outbox_fix_lock import _write_lock_free
from tests.helpers import afterview

AT = NOW.isoformat()


@pytest.fixture
def accounts():
    from afterview.delivery.accounts import Account

    account = Account(name="test", email="alice@example.test", display_name="Alice Seeker", smtp_host="127.0.0.1",
                      smtp_port=2525, smtp_tls="starttls", imap_host="127.0.0.1", imap_port=1143,
                      imap_tls="starttls", user="alice", password_env="AV_TEST_PASSWORD")
    return {account.name: account}


@pytest.fixture
def config(afterview_home):
    (afterview_home / "config.toml").write_text(
        '[accounts.test]\nemail = "alice@example.test"\ndisplay_name = "Alice Seeker"\n'
        'smtp_host = "127.0.0.1"\nsmtp_port = 2525\nsmtp_tls = "starttls"\n'
        'imap_host = "127.0.0.1"\nimap_port = 1143\nimap_tls = "starttls"\n'
        'user = "alice"\npassword_env = "AV_TEST_PASSWORD"\n', encoding="utf-8")


@pytest.fixture
def watched(tmp_path, monkeypatch):
    """Each plan and each review made, as whether another program could have written meanwhile
    (True: the write lock was free)."""
    import afterview.planner
    import afterview.services.drafting as drafting

    made: list[tuple[str, bool]] = []
    db = tmp_path / "afterview.db"

    def watch(name, real):
        def wrapper(*args, **kwargs):
            made.append((name, _write_lock_free(db)))
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(afterview.planner, "plan", watch("plan", afterview.planner.plan))
    monkeypatch.setattr(drafting, "review_message", watch("review", drafting.review_message))
    return made


@pytest.fixture
def thank_you(store, seeded):
    """A draft of the thank-you note to Bob for an interview that ended two hours ago (due now)."""
    found = add_interview(store, seeded, NOW - timedelta(hours=3))
    message_id = add_message(store, found, action_key=found["key"], interview_id=found["interview"])
    return {**found, "message": message_id}


def _state(store, message_id: int) -> Message:
    with store.reading() as tx:
        return tx.get(Message, message_id)


def _skip(path, key: str) -> None:
    """Another program records a skip of the action (the plan then no longer has it)."""
    other = open_store(f"sqlite:///{path}")
    try:
        with other.transaction() as tx:
            tx.add(Decision(action_key=key, kind=DecisionKind.SKIP, at=NOW, note="said it in person"))
    finally:
        other.close()


# approve ----------------------------------------------------------------------------------------
def test_an_approval_is_planned_and_reviewed_outside_the_write_lock(store, thank_you, accounts, watched):
    with store.reading() as tx:
        checked = delivery.check_approval(tx, thank_you["message"], now=NOW, accounts=accounts)
    assert {name for name, _ in watched} == {"plan", "review"} and all(free for _, free in watched)
    watched.clear()
    with store.transaction() as tx:
        delivery.approve(tx, thank_you["message"], now=NOW, accounts=accounts, checked=checked)
    assert watched == []  # nothing planned or reviewed while the lock was held
    assert _state(store, thank_you["message"]).state == MessageState.APPROVED


def test_facts_changed_since_the_check_are_planned_again_in_the_write(store, thank_you, accounts, tmp_path):
    with store.reading() as tx:
        checked = delivery.check_approval(tx, thank_you["message"], now=NOW, accounts=accounts)
    _skip(tmp_path / "afterview.db", thank_you["key"])  # meanwhile, another program: the plan no longer has it
    with pytest.raises(Conflict, match=f"message {thank_you['message']} cannot be approved: you skipped it"):
        with store.transaction() as tx:
            delivery.approve(tx, thank_you["message"], now=NOW, accounts=accounts, checked=checked)
    assert _state(store, thank_you["message"]).state == MessageState.DRAFTED


def test_a_check_made_for_other_words_is_not_taken_for_this_approval(store, thank_you, accounts, watched):
    with store.reading() as tx:
        checked = delivery.check_approval(tx, thank_you["message"], now=NOW, accounts=accounts)
    watched.clear()
    with store.transaction() as tx:  # another moment than the one checked: reviewed again, here
        delivery.approve(tx, thank_you["message"], now=NOW, accounts=accounts, checked=checked,
                         at=NOW + timedelta(hours=2))
    assert ("review", False) in watched


def test_the_approve_command_plans_and_reviews_outside_the_write_lock(store, thank_you, config, watched, tmp_path):
    result = afterview("--db", str(tmp_path / "afterview.db"), "--at", AT, "approve", str(thank_you["message"]))
    assert result.code == 0, result.err
    assert f"approved message {thank_you['message']} to bob@example.test from test" in result.out
    assert "plan" in {name for name, _ in watched} and "review" in {name for name, _ in watched}
    assert all(free for _, free in watched), watched
    assert _state(store, thank_you["message"]).state == MessageState.APPROVED


def test_the_approve_command_schedules_for_the_planned_moment_outside_the_lock(store, seeded, config, watched,
                                                                              tmp_path):
    found = add_interview(store, seeded, NOW - timedelta(minutes=70))  # ended 10 minutes ago
    message_id = add_message(store, found, action_key=found["key"], interview_id=found["interview"])
    result = afterview("--db", str(tmp_path / "afterview.db"), "--at", AT, "approve", str(message_id))
    assert result.code == 0, result.err
    assert "the planned moment" in result.out
    assert all(free for _, free in watched), watched
    stored = _state(store, message_id)
    assert stored.state == MessageState.SCHEDULED and stored.scheduled_at > NOW


def test_the_approve_command_refuses_what_changed_under_it(store, thank_you, config, tmp_path, monkeypatch):
    """Another program skips the action between the check and the write: the write finds the
    facts changed, plans again, and refuses, as if the skip had come first."""
    real = delivery.check_approval

    def check_then_skip(*args, **kwargs):
        checked = real(*args, **kwargs)
        _skip(tmp_path / "afterview.db", thank_you["key"])
        return checked

    monkeypatch.setattr(delivery, "check_approval", check_then_skip)
    result = afterview("--db", str(tmp_path / "afterview.db"), "--at", AT, "approve", str(thank_you["message"]))
    assert result.code != 0 and "cannot be approved: you skipped it" in result.err, (result.out, result.err)
    assert _state(store, thank_you["message"]).state == MessageState.DRAFTED


# holding back -----------------------------------------------------------------------------------
def _approved(store, thank_you, accounts) -> int:
    with store.transaction() as tx:
        delivery.approve(tx, thank_you["message"], now=NOW, accounts=accounts)
    return thank_you["message"]


def test_a_decision_holds_back_what_it_unplans_planning_outside_the_lock(store, thank_you, accounts, tmp_path,
                                                                        monkeypatch):
    message_id = _approved(store, thank_you, accounts)
    real, planned_while_free = delivery.unplanned, []

    def watched(*args, **kwargs):  # what the approved notes are held back on (the decision's own check aside)
        planned_while_free.append(_write_lock_free(tmp_path / "afterview.db"))
        return real(*args, **kwargs)

    monkeypatch.setattr(delivery, "unplanned", watched)
    result = afterview("--db", str(tmp_path / "afterview.db"), "--at", AT, "skip", thank_you["key"],
                       "--reason", "said it in person")
    assert result.code == 0, result.err
    assert f"message {message_id}: not sent: you skipped it" in result.out
    assert planned_while_free == [True]
    assert _state(store, message_id).state == MessageState.DRAFTED


def test_a_message_changed_since_the_plan_is_planned_again_before_it_is_held_back(store, thank_you, accounts,
                                                                                 tmp_path, monkeypatch):
    """Planned while its action was skipped; meanwhile the skip was taken back and the note
    approved again: it is not held back on the plan made before (it is planned again, and kept)."""
    message_id = _approved(store, thank_you, accounts)
    _skip(tmp_path / "afterview.db", thank_you["key"])
    real = delivery.unplanned
    calls = []

    def plan_then_change(tx, messages, **kwargs):
        found = real(tx, messages, **kwargs)
        if kwargs.get("postponed") and not calls:  # the plan made before the write (not approve's own):
            calls.append(sorted(found))            # then another program undoes the skip, approves again
            other = open_store(f"sqlite:///{tmp_path / 'afterview.db'}")
            try:
                with other.transaction() as write:
                    for decision in write.list(Decision, action_key=thank_you["key"]):
                        decision.undone_at = NOW + timedelta(seconds=1)
                        write.update(decision)
                    delivery.approve(write, message_id, now=NOW + timedelta(seconds=2), accounts=accounts)
            finally:
                other.close()
        elif kwargs.get("postponed"):
            calls.append(sorted(found))
        return found

    monkeypatch.setattr(delivery, "unplanned", plan_then_change)
    held = delivery.hold_back_planned(store, now=NOW + timedelta(seconds=3))
    assert calls[0] == [message_id]  # the plan before the write found it unplanned (skipped)
    assert held == [] and calls[1:] == [[]]  # planned again in the write: planned, kept
    assert _state(store, message_id).state == MessageState.APPROVED


def test_a_message_unchanged_since_the_plan_is_held_back_on_it(store, thank_you, accounts, tmp_path):
    message_id = _approved(store, thank_you, accounts)
    _skip(tmp_path / "afterview.db", thank_you["key"])
    held = delivery.hold_back_planned(store, now=NOW)
    assert [i for i, _ in held] == [message_id] and "you skipped it" in held[0][1]
    assert _state(store, message_id).state == MessageState.DRAFTED
