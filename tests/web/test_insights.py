"""Insights over facts: response rate by kind, time to reply, stage conversion (pure functions)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from afterview.domain import model as m
from afterview.services.insights import bucket_delays, insights, response_rates, stage_conversion

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def _sent(id, kind, person, opp, at, state=m.MessageState.SENT):
    return m.Message(id=id, kind=kind, person_id=person, opportunity_id=opp, state=state, sent_at=at)


def _reply(person, opp, at, answers=None, kind=m.InboundKind.REPLY):
    return m.Inbound(kind=kind, received_at=at, person_id=person, opportunity_id=opp, answers_message_id=answers)


def _opp(id, *statuses):
    history = [m.StatusChange(status=s, at=T0 + timedelta(days=n)) for n, s in enumerate(statuses)]
    return m.Opportunity(id=id, company_id=1, role="r", status=statuses[-1], history=history)


def test_linked_replies_count_and_time():
    facts = m.Facts(
        messages=[_sent(1, m.MessageKind.THANK_YOU, 1, 1, T0), _sent(2, m.MessageKind.THANK_YOU, 2, 1, T0),
                  _sent(3, m.MessageKind.STATUS_CHECK, 1, 1, T0 + timedelta(days=7))],
        inbound=[_reply(1, 1, T0 + timedelta(hours=5), answers=1)],
    )
    rates, delays = response_rates(facts)
    assert [(r.kind, r.sent, r.answered) for r in rates] == [
        (m.MessageKind.THANK_YOU, 2, 1), (m.MessageKind.STATUS_CHECK, 1, 0)]
    assert rates[0].rate == 0.5
    assert delays == [timedelta(hours=5)]


def test_unlinked_reply_counts_for_the_latest_message_before_it():
    facts = m.Facts(
        messages=[_sent(1, m.MessageKind.THANK_YOU, 1, 1, T0),
                  _sent(2, m.MessageKind.STATUS_CHECK, 1, 1, T0 + timedelta(days=7))],
        inbound=[_reply(1, 1, T0 + timedelta(days=8))],
    )
    rates, delays = response_rates(facts)
    assert {r.kind: r.answered for r in rates} == {m.MessageKind.THANK_YOU: 0, m.MessageKind.STATUS_CHECK: 1}
    assert delays == [timedelta(days=1)]


def test_auto_replies_bounces_drafts_and_other_opportunities_do_not_count():
    facts = m.Facts(
        messages=[_sent(1, m.MessageKind.THANK_YOU, 1, 1, T0),
                  _sent(2, m.MessageKind.THANK_YOU, 1, 1, None, state=m.MessageState.DRAFTED)],
        inbound=[_reply(1, 1, T0 + timedelta(hours=1), kind=m.InboundKind.AUTO_REPLY),
                 _reply(1, 1, T0 + timedelta(hours=2), kind=m.InboundKind.BOUNCE),
                 _reply(1, 2, T0 + timedelta(hours=3)),  # about another application
                 _reply(1, 1, T0 - timedelta(hours=3))],  # before we wrote
    )
    rates, delays = response_rates(facts)
    assert [(r.sent, r.answered) for r in rates] == [(1, 0)]
    assert delays == []


def test_buckets():
    delays = [timedelta(hours=2), timedelta(days=2), timedelta(days=2, hours=5), timedelta(days=10), timedelta(days=40)]
    assert bucket_delays(delays) == [("same day", 1), ("1-3 days", 2), ("3-7 days", 0), ("1-2 weeks", 1), ("later", 1)]


def test_stage_conversion_counts_what_each_application_reached():
    S = m.OpportunityStatus
    facts = m.Facts(opportunities={
        1: _opp(1, S.APPLIED), 2: _opp(2, S.APPLIED, S.INTERVIEWING), 3: _opp(3, S.APPLIED, S.INTERVIEWING, S.REJECTED),
        4: _opp(4, S.APPLIED, S.INTERVIEWING, S.OFFER, S.ACCEPTED), 5: _opp(5, S.OFFER),  # imported straight at offer
    })
    stages, outcomes = stage_conversion(facts)
    assert [(s.status, s.reached) for s in stages] == [(S.APPLIED, 5), (S.INTERVIEWING, 4), (S.OFFER, 2), (S.ACCEPTED, 1)]
    assert stages[0].conversion is None and stages[1].conversion == 0.8 and stages[2].conversion == 0.5
    assert outcomes == {"rejected": 1, "accepted": 1}


def test_empty_facts():
    figures = insights(m.Facts())
    assert figures.rates == [] and figures.median_reply is None and figures.sent_total == 0
    assert [s.reached for s in figures.stages] == [0, 0, 0, 0]
    assert figures.stages[1].conversion == 0.0


def test_median_reply():
    facts = m.Facts(
        messages=[_sent(n, m.MessageKind.THANK_YOU, n, 1, T0) for n in (1, 2, 3)],
        inbound=[_reply(n, 1, T0 + timedelta(hours=h), answers=n) for n, h in ((1, 1), (2, 3), (3, 30))],
    )
    figures = insights(facts)
    assert figures.median_reply == timedelta(hours=3)
    assert (figures.sent_total, figures.answered_total) == (3, 3)
