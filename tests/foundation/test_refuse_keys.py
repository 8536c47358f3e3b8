"""An action key typed by the user is read in its canonical form (ASCII digits, no leading zeros,
no spaces around it) by every command that takes one, and only that form is stored: a key with
a leading zero or full-width digits once said "done" and stored the key as typed, which named no
action, so the thank-you stayed planned and its scheduled note would still have gone out."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from afterview.domain import model as m
from afterview.domain.keys import canonical_key, parse_key
from afterview.errors import NotFound
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.services import drafting, planning
from afterview.storage import open_store
from tests.helpers import afterview, assert_clean_error

T0 = datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc)  # a Monday
NOW = T0 + timedelta(hours=3)


@pytest.fixture
def seeded(tmp_path):
    """Dana was on the panel of interview 1: thank_you:i1:p1 is planned."""
    url = f"sqlite:///{tmp_path / 'afterview.db'}"
    store = open_store(url)
    with store.transaction() as tx:
        tx.save_profile(m.Profile(name="Alex Morgan", timezone="Europe/London", country="GB"))
        company = tx.add(m.Company(name="Acme"))
        opportunity = tx.add(m.Opportunity(company_id=company.id, role="Analyst",
                                           status=m.OpportunityStatus.INTERVIEWING, created_at=T0 - timedelta(days=10)))
        dana = tx.add(m.Person(name="Dana Reyes", emails=["dana@acme.example"], company_id=company.id,
                               timezone="Europe/London", country="GB"))
        interview = tx.add(m.Interview(opportunity_id=opportunity.id, start=T0, end=T0 + timedelta(hours=1),
                                       timezone="Europe/London",
                                       participants=[m.Participant(person_id=dana.id, role=m.Role.HIRING_MANAGER)]))
    assert (interview.id, dana.id) == (1, 1)
    yield store, url
    store.close()


def _planned(store) -> set[str]:
    with store.transaction() as tx:
        facts = tx.facts()
    return {a.key for a in plan(facts, DEFAULT_PLAYBOOK, NOW)}


def _due(store, key: str):
    """The planned action of this key when it may be done now, else None."""
    with store.transaction() as tx:
        facts = tx.facts()
    return next((a for a in plan(facts, DEFAULT_PLAYBOOK, NOW) if a.key == key and a.earliest <= NOW), None)


@pytest.mark.parametrize("typed", ["thank_you:i01:p1", "thank_you:i\uff11:p1", " thank_you:i1:p001 ",
                                   "thank_you:i\u0661:p\u0661", "thank_you:i1:p1\n"])
def test_a_typed_key_is_read_in_its_canonical_form(typed):
    assert canonical_key(typed) == "thank_you:i1:p1"


@pytest.mark.parametrize("typed", ["garbage", "thank_you:i1", "thank_you:i-1:p1", "thank_you:i1_0:p1",
                                   "status_check.3:o1:i1:p1", "thank_you:i1:p1:x", "", "thank_you:i" + "1" * 5000 + ":p1"])
def test_what_is_not_a_key_has_no_canonical_form(typed):
    assert canonical_key(typed) is None


def test_only_the_canonical_form_names_ids():
    """Stored keys are read as the planner writes them: a key stored as typed by an older
    version (full-width digits) names nothing."""
    assert parse_key("thank_you:i1:p1") == ("thank_you", {"i": 1, "p": 1})
    for stored in ("thank_you:i01:p1", "thank_you:i\uff11:p1", " thank_you:i1:p1", "thank_you:i1:p1\n"):
        assert parse_key(stored) is None, stored


@pytest.mark.parametrize("decide", ["done", "skip", "snooze"])
def test_a_decision_on_a_key_typed_otherwise_is_stored_canonical_and_takes_the_action_off(seeded, decide):
    store, _ = seeded
    assert "thank_you:i1:p1" in _planned(store)
    typed = {"done": "thank_you:i01:p1", "skip": "thank_you:i\uff11:p1", "snooze": " thank_you:i1:p\u0661 "}[decide]
    with store.transaction() as tx:
        if decide == "done":
            decision = planning.mark_done(tx, typed, "", NOW, playbook=DEFAULT_PLAYBOOK)
        elif decide == "skip":
            decision = planning.skip(tx, typed, "not needed", NOW, playbook=DEFAULT_PLAYBOOK)
        else:
            decision = planning.snooze(tx, typed, NOW + timedelta(days=2), NOW, playbook=DEFAULT_PLAYBOOK)
    assert decision.action_key == "thank_you:i1:p1"
    with store.transaction() as tx:
        assert [d.action_key for d in tx.list(m.Decision)] == ["thank_you:i1:p1"]
    assert _due(store, "thank_you:i1:p1") is None  # off the plan, or not before the snooze ends
    with store.transaction() as tx:  # undone by a key typed another way again
        undone = planning.undo(tx, "thank_you:i1:p0001 ", NOW + timedelta(minutes=1))
    assert undone.action_key == "thank_you:i1:p1"
    assert _due(store, "thank_you:i1:p1") is not None


@pytest.mark.parametrize("typed", ["garbage", "thank_you:i1", "thank_you:i2:p1", "thank_you:i\u0663:p\u0663"])
def test_what_is_no_key_of_a_known_action_is_refused_and_nothing_is_stored(seeded, typed):
    store, _ = seeded
    for decide in (lambda tx: planning.mark_done(tx, typed, "", NOW),
                   lambda tx: planning.skip(tx, typed, "x", NOW),
                   lambda tx: planning.snooze(tx, typed, NOW + timedelta(days=1), NOW),
                   lambda tx: planning.undo(tx, typed, NOW)):
        with pytest.raises(NotFound, match="unknown action"):
            with store.transaction() as tx:
                decide(tx)
    with store.transaction() as tx:
        assert tx.list(m.Decision) == []


def test_why_reads_the_key_as_done_does(seeded):
    store, _ = seeded
    with store.transaction() as tx:
        facts = tx.facts()
    found = planning.explain(facts, DEFAULT_PLAYBOOK, "thank_you:i1:p1 ", NOW)
    assert found.key == "thank_you:i1:p1" and found.action is not None and found.status == "planned"
    with pytest.raises(NotFound, match="unknown action 'garbage'"):
        planning.explain(facts, DEFAULT_PLAYBOOK, "garbage", NOW)


def test_draft_reads_the_key_as_done_does(seeded):
    store, _ = seeded
    with store.transaction() as tx:
        results = drafting.draft_actions(tx, keys=["thank_you:i01:p\uff11"], now=NOW, playbook=DEFAULT_PLAYBOOK)
    assert [r.message.action_key for r in results] == ["thank_you:i1:p1"]
    with pytest.raises(NotFound, match="no planned action 'garbage'"):
        with store.transaction() as tx:
            drafting.draft_actions(tx, keys=["garbage"], now=NOW, playbook=DEFAULT_PLAYBOOK)


def test_the_commands_say_the_canonical_key_and_refuse_others_in_one_line(seeded):
    store, url = seeded
    at = ("--db", url, "--at", NOW.isoformat())
    result = afterview(*at, "why", "thank_you:i1:p1 ")
    assert result.code == 0 and result.out.startswith("thank_you:i1:p1: planned"), result.out
    result = afterview(*at, "skip", "thank_you:i01:p1", "--reason", "x")
    assert result.code == 0 and result.out.startswith("skipped: thank_you:i1:p1\n"), result.out
    result = afterview(*at, "undo", "thank_you:i\uff11:p1")
    assert result.code == 0 and "undone: skip of thank_you:i1:p1" in result.out, result.out
    assert_clean_error(afterview(*at, "done", "thank_you:i1"), "unknown action 'thank_you:i1'")
    assert_clean_error(afterview(*at, "why", "x" * 10_000), "unknown action 'xxxx", "...'")
    with store.transaction() as tx:
        assert {d.action_key for d in tx.list(m.Decision)} == {"thank_you:i1:p1"}
