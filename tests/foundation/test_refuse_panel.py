"""`interview edit --with PERSON` for someone on the panel already keeps their role (it once made
the hiring manager an interviewer, said by nothing), and says so; a role given changes it; an
edit that leaves the panel as it was does not write its rows again."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from afterview.domain import model as m
from afterview.services.interviews import edit_interview
from afterview.storage import open_store
from tests.helpers import afterview

T0 = datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc)


@pytest.fixture
def seeded(tmp_path):
    url = f"sqlite:///{tmp_path / 'afterview.db'}"
    store = open_store(url)
    with store.transaction() as tx:
        company = tx.add(m.Company(name="Acme"))
        opportunity = tx.add(m.Opportunity(company_id=company.id, role="Analyst",
                                           status=m.OpportunityStatus.INTERVIEWING, created_at=T0 - timedelta(days=10)))
        priya = tx.add(m.Person(name="Priya Raman", emails=["priya@acme.example"], company_id=company.id))
        tom = tx.add(m.Person(name="Tom Becker", emails=["tom@acme.example"], company_id=company.id))
        tx.add(m.Person(name="Lena Fischer", emails=["lena@acme.example"], company_id=company.id))
        tx.add(m.Interview(opportunity_id=opportunity.id, start=T0, end=T0 + timedelta(hours=1), timezone="UTC",
                           participants=[m.Participant(person_id=priya.id, role=m.Role.HIRING_MANAGER),
                                         m.Participant(person_id=tom.id, role=m.Role.INTERVIEWER)]))
    yield store, url
    store.close()


def _panel(store) -> list[tuple[str, str]]:
    with store.transaction() as tx:
        interview = tx.get(m.Interview, 1)
        return [(tx.get(m.Person, p.person_id).name, p.role.value) for p in interview.participants]


def test_someone_on_the_panel_keeps_their_role_and_it_is_said(seeded):
    store, url = seeded
    result = afterview("--db", url, "--at", "2026-11-23T18:00:00Z", "interview", "edit", "1", "--with", "Priya Raman")
    assert result.code == 0, result.err
    assert _panel(store) == [("Priya Raman", "hiring_manager"), ("Tom Becker", "interviewer")]
    assert "Priya Raman is on the panel already, as hiring manager: nothing changed for them" in result.out


def test_a_role_given_changes_it_in_its_place_and_newcomers_join_at_the_end(seeded):
    store, _ = seeded
    with store.transaction() as tx:
        edited = edit_interview(tx, 1, now=T0, add=["Priya Raman:interviewer", "Lena Fischer", "Tom Becker"])
    assert _panel(store) == [("Priya Raman", "interviewer"), ("Tom Becker", "interviewer"),
                             ("Lena Fischer", "interviewer")]
    assert edited.already == [("Tom Becker", "interviewer")]
    with store.transaction() as tx:
        edit_interview(tx, 1, now=T0, add=["Priya Raman:hiring-manager"], remove=["Tom Becker"])
    assert _panel(store) == [("Priya Raman", "hiring_manager"), ("Lena Fischer", "interviewer")]


def test_an_edit_that_leaves_the_panel_as_it_was_does_not_write_it_again(seeded):
    store, _ = seeded
    statements: list[str] = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", seen)
    try:
        with store.transaction() as tx:
            edit_interview(tx, 1, now=T0, stage="Panel", add=["Priya Raman", "Tom Becker:interviewer"])
        assert not [s for s in statements if "participants" in s and s.lstrip().upper().startswith(("DELETE", "INSERT"))]
        with store.transaction() as tx:
            edit_interview(tx, 1, now=T0, add=["Lena Fischer"])
        assert [s for s in statements if "participants" in s and s.lstrip().upper().startswith("INSERT")]
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", seen)
    assert _panel(store) == [("Priya Raman", "hiring_manager"), ("Tom Becker", "interviewer"),
                             ("Lena Fischer", "interviewer")]
