"""A rejection reply to someone still deciding another of your roles at the same company looks
forward to that process, not to "future roles" there (found by a tester with two roles at one
company sharing the recruiter and the hiring manager)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from afterview.composer.draft import TONES
from afterview.domain.model import Interview, MessageKind, Opportunity, OpportunityStatus, Participant, Role
from tests.composer.test_qa_rejection_drafts import UTC, draft, findings, journey


def two_roles(other_status: OpportunityStatus):
    """journey(), with a second Northwind role whose panel has Dana (the coordinator) on it."""
    facts = journey()
    facts.opportunities[3] = Opportunity(id=3, company_id=1, role="Analytics Engineer", status=other_status)
    start = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    facts.interviews[3] = Interview(id=3, opportunity_id=3, timezone="Europe/Berlin", start=start,
                                    end=start + timedelta(hours=1),
                                    participants=[Participant(person_id=3, role=Role.COORDINATOR)])
    return facts


@pytest.mark.parametrize("tone", TONES)
def test_the_rejection_reply_looks_forward_to_the_other_open_role(tone):
    facts = two_roles(OpportunityStatus.INTERVIEWING)
    reply = draft(facts, MessageKind.REJECTION_REPLY, 3, 1, tone)
    assert "Analytics Engineer" in reply.body
    assert "future roles" not in reply.body and "future positions" not in reply.body
    assert [f.code for f in findings(facts, reply, MessageKind.REJECTION_REPLY) if f.severity != "info"] == []


@pytest.mark.parametrize("tone", TONES)
def test_a_closed_other_role_changes_nothing(tone):
    facts = two_roles(OpportunityStatus.REJECTED)
    reply = draft(facts, MessageKind.REJECTION_REPLY, 3, 1, tone)
    assert "Analytics Engineer" not in reply.body
    assert "future roles at Northwind Analytics" in reply.body or "future positions at Northwind Analytics" in reply.body
