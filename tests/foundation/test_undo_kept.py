"""A decision taken back (`afterview undo`) is kept, marked undone: the timeline shows it and when
it was undone; nothing that plans reads it; backups carry it; older databases gain the column.

Real SQLite file and the real PostgreSQL (the `db_url` fixture).
"""

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from afterview.domain import model as m
from afterview.domain.timeline import timeline
from afterview.errors import ImportFailed, NotFound
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.services import planning
from afterview.services.backup import export_document, import_document
from afterview.storage import migrations, open_store

T0 = datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc)  # a Monday


def _seed(store) -> str:
    """Dana interviewed us on Monday: her thank-you is planned. Returns its key."""
    with store.transaction() as tx:
        tx.save_profile(m.Profile(name="Alex Morgan", timezone="Europe/London", country="GB"))
        company = tx.add(m.Company(name="Acme"))
        opportunity = tx.add(m.Opportunity(company_id=company.id, role="Analyst", status=m.OpportunityStatus.INTERVIEWING,
                                           created_at=T0 - timedelta(days=10)))
        dana = tx.add(m.Person(name="Dana Reyes", emails=["dana@acme.example"], company_id=company.id,
                               timezone="Europe/London", country="GB"))
        interview = tx.add(m.Interview(opportunity_id=opportunity.id, start=T0, end=T0 + timedelta(hours=1),
                                       timezone="Europe/London",
                                       participants=[m.Participant(person_id=dana.id, role=m.Role.HIRING_MANAGER)]))
    return f"thank_you:i{interview.id}:p{dana.id}"


def _planned(store, key: str, now: datetime) -> bool:
    with store.transaction() as tx:
        facts = tx.facts()
    return any(action.key == key for action in plan(facts, DEFAULT_PLAYBOOK, now))


def test_an_undone_decision_is_kept_shown_and_not_planned_from(db_url):
    store = open_store(db_url)
    key = _seed(store)
    now = T0 + timedelta(hours=3)
    assert _planned(store, key, now)
    with store.transaction() as tx:
        planning.mark_done(tx, key, "sent from my phone", now)
    assert not _planned(store, key, now)
    with store.transaction() as tx:
        taken_back = planning.undo(tx, key, now + timedelta(minutes=5))
    assert taken_back.kind == m.DecisionKind.DONE and taken_back.undone_at == now + timedelta(minutes=5)
    assert _planned(store, key, now + timedelta(minutes=5))  # planned again

    with store.transaction() as tx:  # kept, marked undone; the facts keep it apart
        kept = tx.list(m.Decision, action_key=key)
        facts = tx.facts()
    assert [(d.kind, d.undone_at) for d in kept] == [(m.DecisionKind.DONE, now + timedelta(minutes=5))]
    assert facts.decisions == [] and [d.id for d in facts.undone] == [kept[0].id]

    # skip it, take that back too: each taken back once, in order, and the history has all four
    with store.transaction() as tx:
        planning.skip(tx, key, "wrote a card", now + timedelta(hours=1))
    with store.transaction() as tx:
        planning.undo(tx, key, now + timedelta(hours=2))
    with store.transaction() as tx, pytest.raises(NotFound, match="nothing to undo"):
        planning.undo(tx, key, now + timedelta(hours=3))
    with store.transaction() as tx:
        facts = tx.facts()
    said = [(e.at, e.text) for e in timeline(facts, opportunity_id=1) if e.kind == "decision"]
    assert said == [
        (now, "thank you to Dana Reyes: marked done (sent from my phone)"),
        (now + timedelta(minutes=5), "thank you to Dana Reyes: undone (was marked done)"),
        (now + timedelta(hours=1), "thank you to Dana Reyes: skipped (wrote a card)"),
        (now + timedelta(hours=2), "thank you to Dana Reyes: undone (was skipped)"),
    ]
    assert _planned(store, key, now + timedelta(hours=3))
    store.close()


def test_a_backup_carries_what_was_undone_and_says_version_3(db_url, tmp_path):
    store = open_store(db_url)
    key = _seed(store)
    now = T0 + timedelta(hours=3)
    with store.transaction() as tx:
        planning.snooze(tx, key, now + timedelta(days=1), now)
    with store.transaction() as tx:
        document = export_document(tx)
    assert document["version"] == 1 and "undone_at" not in document["decisions"][0]  # none taken back: as before
    with store.transaction() as tx:
        planning.undo(tx, key, now + timedelta(minutes=1))
    with store.transaction() as tx:
        document = export_document(tx)
    store.close()
    assert document["version"] == 3
    assert document["decisions"][0]["undone_at"] == (now + timedelta(minutes=1)).isoformat()

    restored = open_store(f"sqlite:///{tmp_path / 'restored.db'}")
    with restored.transaction() as tx:
        import_document(tx, document)
    with restored.transaction() as tx:
        assert export_document(tx) == document
        facts = tx.facts()
    assert facts.decisions == [] and len(facts.undone) == 1
    restored.close()

    # a version 2 document cannot say it: damaged or hand-edited
    document["version"] = 2
    other = open_store(f"sqlite:///{tmp_path / 'other.db'}")
    with other.transaction() as tx, pytest.raises(ImportFailed, match=r"decisions\[0\]\.undone_at: version 2 has no such field"):
        import_document(tx, document)
    with other.transaction() as tx:
        assert tx.count(m.Decision) == 0 and tx.count(m.Company) == 0  # nothing written
    other.close()


def test_a_database_from_before_0003_gains_the_column_with_its_decisions_kept(db_url):
    store = open_store(db_url)
    key = _seed(store)
    with store.transaction() as tx:
        planning.mark_done(tx, key, "", T0 + timedelta(hours=3))
    store.close()
    engine = sa.create_engine(db_url)  # as the release before 0003 left it: no column, not recorded
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE decisions DROP COLUMN undone_at")
        conn.exec_driver_sql("DELETE FROM afterview_migrations WHERE name = '0003_decisions_undone_at'")
    engine.dispose()

    store = open_store(db_url)
    with store.engine.connect() as conn:
        assert migrations.applied(conn) == migrations.KNOWN
    with store.transaction() as tx:
        (decision,) = tx.list(m.Decision)
    assert decision.action_key == key and decision.undone_at is None
    with store.transaction() as tx:
        planning.undo(tx, key, T0 + timedelta(hours=4))
    with store.transaction() as tx:
        assert tx.list(m.Decision)[0].undone_at == T0 + timedelta(hours=4)
    store.close()


def test_a_snooze_in_the_timeline_is_said_in_the_users_zone():
    # Found by a tester: "snoozed until 2026-12-02 14:00 UTC" among times all in New York's.
    facts = m.Facts(profile=m.Profile(timezone="America/New_York"),
                    opportunities={1: m.Opportunity(id=1, company_id=1, role="Analyst", created_at=T0)},
                    people={3: m.Person(id=3, name="Dana Reyes")},
                    interviews={2: m.Interview(id=2, opportunity_id=1, start=T0, end=T0, timezone="UTC")},
                    decisions=[m.Decision(id=1, action_key="thank_you:i2:p3", kind=m.DecisionKind.SNOOZE, at=T0,
                                          until=datetime(2026, 12, 2, 14, 0, tzinfo=timezone.utc))])
    [entry] = [e for e in timeline(facts, opportunity_id=1) if e.kind == "decision"]
    assert entry.text == "thank you to Dana Reyes: snoozed until 2026-12-02 09:00 EST"
