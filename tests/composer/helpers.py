"""Hand-built pipelines and a review helper shared by the composer tests."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date, datetime, timezone

from afterview.composer import DraftRequest, TemplateSet, compose
from afterview.composer.draft import TONES, Draft
from afterview.domain.model import (
    Company,
    Debrief,
    Facts,
    Interview,
    Message,
    MessageKind,
    MessageState,
    NewsItem,
    NewsKind,
    Opportunity,
    Participant,
    Person,
    Profile,
    Role,
)
from afterview.reviewer.context import context_for_message
from afterview.reviewer.engine import review

K = MessageKind
UTC = timezone.utc
TEMPLATES = TemplateSet(None)  # built-in templates only


def panel_facts() -> Facts:
    """A panel of two interviewers and a coordinator, with debriefs, news and an achievement."""
    facts = Facts(profile=Profile(name="Alex Morgan", phone="+1 555 0100", email="alex@mail.example"))
    facts.companies[1] = Company(id=1, name="Northwind Analytics")
    facts.companies[2] = Company(id=2, name="Contoso Health")
    facts.opportunities[1] = Opportunity(id=1, company_id=1, role="Senior Data Engineer")
    facts.people[1] = Person(id=1, name="Priya Raman", emails=["priya@northwind.example"], company_id=1,
                             tags=["streaming", "data contracts"])
    facts.people[2] = Person(id=2, name="Tom Becker", emails=["tom@northwind.example"], company_id=1,
                             tags=["dbt", "incident reviews"])
    facts.people[3] = Person(id=3, name="Lena Fischer", emails=["lena@northwind.example"], company_id=1)
    facts.interviews[1] = Interview(
        id=1, opportunity_id=1, timezone="America/New_York", stage="panel interview",
        start=datetime(2026, 11, 24, 18, 30, tzinfo=UTC), end=datetime(2026, 11, 24, 20, 0, tzinfo=UTC),
        participants=[Participant(person_id=1, role=Role.HIRING_MANAGER), Participant(person_id=2),
                      Participant(person_id=3, role=Role.COORDINATOR)],
    )
    facts.debriefs += [
        Debrief(id=1, interview_id=1, person_id=1,
                topics=["moving the nightly batch jobs to streaming", "data contracts between product teams"],
                concerns=["I have run Kafka only in a side project, not in production"
                          " -> since then I have run Kafka in production for a client's order events"],
                promises=["the write-up on schema evolution I mentioned"], decision_date=date(2026, 12, 4)),
        Debrief(id=2, interview_id=1, person_id=2,
                topics=["how the team runs incident reviews", "testing dbt models before deploys"],
                rapport=["we both ran the Chicago marathon this year"]),
        Debrief(id=3, interview_id=1, person_id=3, topics=["the hybrid schedule with two office days"]),
    ]
    facts.news += [
        NewsItem(id=1, title="Passed the Confluent Certified Developer for Apache Kafka exam",
                 happened_on=date(2026, 11, 20), tags=["kafka", "streaming"]),
        NewsItem(id=2, kind=NewsKind.NEWS, title="Published an article on data contracts",
                 link="https://blog.example/data-contracts", happened_on=date(2026, 11, 10),
                 tags=["data contracts"]),
    ]
    return facts


def every_request(facts: Facts, interview_id: int = 1, opportunity_id: int = 1) -> list[DraftRequest]:
    """One request per message kind (thank-yous to the whole panel, both status checks)."""
    interview = facts.interviews[interview_id]
    people = [p.person_id for p in interview.participants]
    first = people[0]
    requests = [DraftRequest(kind=K.THANK_YOU, person_id=p, opportunity_id=opportunity_id,
                             interview_id=interview_id, key=f"thank_you:i{interview_id}:p{p}") for p in people]
    for kind, sequence in [(K.CARD, 1), (K.LINKEDIN_NOTE, 1), (K.STATUS_CHECK, 1), (K.STATUS_CHECK, 2),
                           (K.CLOSING_THE_LOOP, 1), (K.REJECTION_REPLY, 1), (K.FEEDBACK_REQUEST, 1),
                           (K.KEEP_WARM, 1), (K.SHARE_NEWS, 1), (K.WITHDRAWAL, 1)]:
        requests.append(DraftRequest(kind=kind, person_id=first, opportunity_id=opportunity_id,
                                     sequence=sequence, key=f"{kind.value}:{sequence}:p{first}"))
    return requests


def as_message(draft: Draft, message_id: int) -> Message:
    return Message(
        id=message_id, kind=draft.kind, channel=draft.channel, person_id=draft.person_id,
        opportunity_id=draft.opportunity_id, interview_id=draft.interview_id,
        action_key=draft.action_key, subject=draft.subject, body=draft.body, tone=draft.tone,
        state=MessageState.DRAFTED, in_reply_to=draft.in_reply_to, references=list(draft.references),
    )


def review_drafts(facts: Facts, drafts: list[Draft]) -> list[tuple[Draft, list]]:
    """Review each draft as the service does: stored together, so panel notes see each other."""
    base = max([m.id or 0 for m in facts.messages], default=0)
    messages = [as_message(d, base + i + 1) for i, d in enumerate(drafts)]
    with_drafts = dataclasses.replace(facts, messages=list(facts.messages) + messages)
    results = []
    for draft, message in zip(drafts, messages):
        context = context_for_message(with_drafts, message)
        subject = message.subject if message.channel.value == "email" else None
        results.append((draft, review(subject, message.body, context)))
    return results


def compose_all(facts: Facts, tone: str, requests=None) -> list[Draft]:
    return [compose(facts, r, tone, TEMPLATES) for r in (requests or every_request(facts))]


def problems(reviewed) -> list[str]:
    """Every error or warning, as readable lines (empty: the drafts pass)."""
    lines = []
    for draft, findings in reviewed:
        for f in findings:
            if f.severity in ("error", "warning"):
                text = draft.subject if f.field == "subject" else draft.body
                snippet = text[f.start:f.end] if f.start is not None and f.end is not None else ""
                lines.append(f"{draft.kind.value}/{draft.tone}/p{draft.person_id}: {f.code} "
                             f"({f.severity}) {f.message} [{snippet[:80]!r}]\n{draft.body}")
    return lines


FIGURES: Counter = Counter()  # drafts generated and findings by code, for the report


def record(reviewed) -> None:
    for draft, findings in reviewed:
        FIGURES["drafts"] += 1
        for f in findings:
            FIGURES[f"{f.code}:{f.severity}"] += 1


__all__ = ["K", "TONES", "UTC", "TEMPLATES", "panel_facts", "every_request", "review_drafts",
           "compose_all", "problems", "record", "as_message", "FIGURES"]
