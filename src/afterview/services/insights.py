"""Insights over the recorded facts: who answers, how fast, and how far applications get.

Pure functions of `Facts`: no I/O, no clock. A sent message counts as answered when a real reply
(not an auto-reply or a bounce) is linked to it, or, failing a link, when the same person
replied about the same opportunity after it was sent and before our next message to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median

from afterview.domain.model import Facts, InboundKind, Message, MessageKind, MessageState, OpportunityStatus

# The funnel, in order; closed outcomes are counted beside it.
STAGES = (OpportunityStatus.APPLIED, OpportunityStatus.INTERVIEWING, OpportunityStatus.OFFER,
          OpportunityStatus.ACCEPTED)
REPLY_BUCKETS = (("same day", timedelta(days=1)), ("1-3 days", timedelta(days=3)),
                 ("3-7 days", timedelta(days=7)), ("1-2 weeks", timedelta(days=14)),
                 ("later", None))


@dataclass(frozen=True)
class KindRate:
    kind: MessageKind
    sent: int
    answered: int

    @property
    def rate(self) -> float:
        return self.answered / self.sent if self.sent else 0.0


@dataclass(frozen=True)
class StageCount:
    status: OpportunityStatus
    reached: int
    conversion: float | None  # share of the previous stage that got here; None for the first


@dataclass
class Insights:
    rates: list[KindRate] = field(default_factory=list)
    reply_delays: list[timedelta] = field(default_factory=list)
    median_reply: timedelta | None = None
    reply_buckets: list[tuple[str, int]] = field(default_factory=list)
    stages: list[StageCount] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)
    sent_total: int = 0
    answered_total: int = 0


def reply_delay(facts: Facts, message: Message, later_sends: dict[int, list[datetime]]) -> timedelta | None:
    """How long the first real reply to a sent message took, or None when it got none."""
    if message.sent_at is None:
        return None
    linked = [i.received_at for i in facts.inbound
              if i.kind == InboundKind.REPLY and i.answers_message_id == message.id]
    if not linked:
        next_send = min((t for t in later_sends.get(message.person_id, []) if t > message.sent_at), default=None)
        linked = [
            i.received_at for i in facts.inbound
            if i.kind == InboundKind.REPLY and i.answers_message_id is None
            and i.person_id == message.person_id and i.received_at >= message.sent_at
            and (message.opportunity_id is None or i.opportunity_id in (None, message.opportunity_id))
            and (next_send is None or i.received_at < next_send)
        ]
    if not linked:
        return None
    return max(min(linked) - message.sent_at, timedelta(0))


def response_rates(facts: Facts) -> tuple[list[KindRate], list[timedelta]]:
    """Sent and answered counts per message kind, and every reply delay."""
    sent = [m for m in facts.messages if m.state == MessageState.SENT and m.sent_at is not None]
    sends_by_person: dict[int, list[datetime]] = {}
    for message in sent:
        sends_by_person.setdefault(message.person_id, []).append(message.sent_at)
    counts: dict[MessageKind, list[int]] = {}
    delays: list[timedelta] = []
    for message in sent:
        delay = reply_delay(facts, message, sends_by_person)
        tally = counts.setdefault(message.kind, [0, 0])
        tally[0] += 1
        if delay is not None:
            tally[1] += 1
            delays.append(delay)
    order = {kind: n for n, kind in enumerate(MessageKind)}
    rates = [KindRate(kind, s, a) for kind, (s, a) in sorted(counts.items(), key=lambda kv: order[kv[0]])]
    return rates, delays


def bucket_delays(delays: list[timedelta]) -> list[tuple[str, int]]:
    """Reply delays grouped into the REPLY_BUCKETS ranges."""
    counts = {label: 0 for label, _ in REPLY_BUCKETS}
    for delay in delays:
        for label, limit in REPLY_BUCKETS:
            if limit is None or delay < limit:
                counts[label] += 1
                break
    return list(counts.items())


def stage_conversion(facts: Facts) -> tuple[list[StageCount], dict[str, int]]:
    """How many opportunities ever reached each stage, and how each closed."""
    reached = {stage: 0 for stage in STAGES}
    outcomes: dict[str, int] = {}
    rank = {stage: n for n, stage in enumerate(STAGES)}
    for opportunity in facts.opportunities.values():
        seen = {change.status for change in opportunity.history} | {opportunity.status}
        furthest = max((rank[s] for s in seen if s in rank), default=0)
        for stage in STAGES[: furthest + 1]:
            reached[stage] += 1  # reaching an offer means having applied and interviewed
        if opportunity.status.is_closed:
            outcomes[opportunity.status.value] = outcomes.get(opportunity.status.value, 0) + 1
    stages, previous = [], None
    for stage in STAGES:
        count = reached[stage]
        conversion = None if previous is None else (count / previous if previous else 0.0)
        stages.append(StageCount(stage, count, conversion))
        previous = count
    return stages, outcomes


def insights(facts: Facts) -> Insights:
    """All the figures of the insights page."""
    rates, delays = response_rates(facts)
    stages, outcomes = stage_conversion(facts)
    return Insights(
        rates=rates,
        reply_delays=sorted(delays),
        median_reply=median(sorted(delays)) if delays else None,
        reply_buckets=bucket_delays(delays),
        stages=stages,
        outcomes=outcomes,
        sent_total=sum(r.sent for r in rates),
        answered_total=sum(r.answered for r in rates),
    )
