"""Small builders for hand-made facts: a pipeline in a few lines per test."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from afterview.domain.model import (
    Company,
    Decision,
    DecisionKind,
    Debrief,
    Facts,
    Inbound,
    InboundKind,
    Interview,
    Message,
    MessageKind,
    MessageState,
    NewsItem,
    Opportunity,
    OpportunityStatus,
    Participant,
    Person,
    Profile,
    ReplyClass,
    Role,
)


def at(text: str, tz: str = "Europe/Berlin") -> datetime:
    """'2026-12-01 14:00' in a zone, as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz))


class World:
    """A growing set of facts with readable helpers."""

    def __init__(self, tz: str = "Europe/Berlin", country: str = "DE", **profile):
        self.facts = Facts(profile=Profile(name="Sam Lee", timezone=tz, country=country, **profile))
        self._ids = 0
        self.tz = tz

    def _id(self) -> int:
        self._ids += 1
        return self._ids

    def company(self, name: str = "Acme") -> Company:
        c = Company(id=self._id(), name=name)
        self.facts.companies[c.id] = c
        return c

    def person(self, name: str, company: Company | None = None, **kw) -> Person:
        p = Person(id=self._id(), name=name, emails=[name.split()[0].lower() + "@example.com"],
                   company_id=company.id if company else None, **kw)
        self.facts.people[p.id] = p
        return p

    def opportunity(self, company: Company, role: str = "Data Engineer", **kw) -> Opportunity:
        kw.setdefault("status", OpportunityStatus.INTERVIEWING)
        o = Opportunity(id=self._id(), company_id=company.id, role=role, **kw)
        self.facts.opportunities[o.id] = o
        return o

    def interview(self, opp: Opportunity, start: datetime, end: datetime, *people, stage="panel",
                  roles=None, **kw) -> Interview:
        roles = roles or {}
        i = Interview(id=self._id(), opportunity_id=opp.id, start=start, end=end,
                      timezone=self.tz, stage=stage,
                      participants=[Participant(person_id=p.id, role=roles.get(p.id, Role.INTERVIEWER))
                                    for p in people], **kw)
        self.facts.interviews[i.id] = i
        return i

    def debrief(self, interview: Interview, person: Person, **kw) -> Debrief:
        d = Debrief(id=self._id(), interview_id=interview.id, person_id=person.id, **kw)
        self.facts.debriefs.append(d)
        return d

    def sent(self, key: str, kind: MessageKind, person: Person, when: datetime, opp=None,
             state=MessageState.SENT, **kw) -> Message:
        m = Message(id=self._id(), kind=kind, person_id=person.id, action_key=key, state=state,
                    opportunity_id=opp.id if opp else None, sent_at=when if state == MessageState.SENT else None,
                    scheduled_at=when if state == MessageState.SCHEDULED else None,
                    created_at=when, updated_at=when, **kw)
        self.facts.messages.append(m)
        return m

    def reply(self, person: Person, when: datetime, opp=None, kind=InboundKind.REPLY,
              classification=ReplyClass.OTHER, **kw) -> Inbound:
        r = Inbound(id=self._id(), kind=kind, received_at=when, person_id=person.id,
                    opportunity_id=opp.id if opp else None, classification=classification, **kw)
        self.facts.inbound.append(r)
        return r

    def decide(self, key: str, kind: DecisionKind, when: datetime, **kw) -> Decision:
        d = Decision(id=self._id(), action_key=key, kind=kind, at=when, **kw)
        self.facts.decisions.append(d)
        return d

    def news(self, title: str, happened_on: date, tags=(), **kw) -> NewsItem:
        n = NewsItem(id=self._id(), title=title, happened_on=happened_on, tags=list(tags), **kw)
        self.facts.news.append(n)
        return n


def by_key(actions):
    return {a.key: a for a in actions}
