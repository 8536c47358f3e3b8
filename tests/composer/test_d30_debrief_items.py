"""A debrief records items, not their list markup: one per line, without "- " or "• "."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from afterview.domain.model import Company, Debrief, Interview, Opportunity, Participant, Person, Role
from afterview.services.pipeline import record_debrief
from afterview.storage import open_store


@pytest.fixture
def panel(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'afterview.db'}")
    start = datetime(2026, 11, 24, 18, 30, tzinfo=timezone.utc)
    with store.transaction() as tx:
        company = tx.add(Company(name="Lumen Robotics"))
        opportunity = tx.add(Opportunity(company_id=company.id, role="Staff ML Engineer"))
        hannah = tx.add(Person(name="Hannah Lindqvist", company_id=company.id))
        interview = tx.add(Interview(opportunity_id=opportunity.id, start=start, end=start + timedelta(hours=1),
                                     timezone="Europe/Stockholm",
                                     participants=[Participant(person_id=hannah.id, role=Role.INTERVIEWER)]))
    yield store, interview.id, hannah.id
    store.close()


def test_list_markers_and_lines_become_items(panel):
    store, interview_id, person_id = panel
    with store.transaction() as tx:
        record_debrief(tx, interview_id, person_id,
                       topics=["- data labeling pipeline", "- vendor QA", "\u2022 sensor fusion\n\u2022 on-call"],
                       rapport=["* both into climbing"],
                       concerns=["- no Kafka in production -> I ran it - for a client - last year\n- no Ray"],
                       promises=["1. the QA checker write-up"])
    with store.transaction() as tx:
        (debrief,) = tx.list(Debrief, interview_id=interview_id, person_id=person_id)
    assert debrief.topics == ["data labeling pipeline", "vendor QA", "sensor fusion", "on-call"]
    assert debrief.rapport == ["both into climbing"]
    assert debrief.concerns == ["no Kafka in production -> I ran it - for a client - last year", "no Ray"]
    assert debrief.promises == ["the QA checker write-up"]
