"""Drafts of a rejection journey, as a tester found them (and as they should read).

- A topic about pay or benefits ("the relocation package and the team's hybrid schedule") is
  never the "specific positive" of a note: the rejection reply takes a topic of the team's, the
  LinkedIn note says a neutral line, the recruiter's thank-you leaves it out, and a thank-you
  built on it asks for another topic. No draft then draws a `salary` warning.
- A rejection sent by an applicant-tracking system (no-reply@greenhouse.io) is answered to the
  hiring contact, who never wrote: the reply does not thank her "for letting me know".
- The detail of a result of yours ("Certified Developer for Apache Kafka, after running Kafka
  in production for a client", a fragment) is not pasted as a sentence of its own.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from afterview.composer import DraftRequest, TemplateSet, compose
from afterview.composer.draft import TONES
from afterview.domain.model import (
    Company,
    Debrief,
    Facts,
    Inbound,
    InboundKind,
    Interview,
    Message,
    MessageKind,
    NewsItem,
    Opportunity,
    OpportunityStatus,
    Participant,
    Person,
    Profile,
    ReplyClass,
    Role,
    StatusChange,
)
from afterview.reviewer.context import context_for_message
from afterview.reviewer.engine import review
from afterview.reviewer.kinds import guess_kind
from afterview.reviewer.text import Doc

K = MessageKind
UTC = timezone.utc
TEMPLATES = TemplateSet(None)
PAY_TOPIC = "the relocation package and the team's hybrid schedule"
FRAGMENT = "Certified Developer for Apache Kafka, after running Kafka in production for a client."
REJECTED_AT = datetime(2026, 11, 27, 8, 25, tzinfo=UTC)


def journey() -> Facts:
    """The tester's pipeline: Northwind (a panel, Dana the coordinator, rejected by Dana's email)
    and Contoso (Mia, rejected by an applicant-tracking system's email)."""
    facts = Facts(profile=Profile(name="Alex Morgan", phone="+49 30 555 0100", email="alex@mail.example"))
    facts.companies = {1: Company(id=1, name="Northwind Analytics"), 2: Company(id=2, name="Contoso Cloud")}
    facts.opportunities = {
        1: Opportunity(id=1, company_id=1, role="Senior Data Engineer", status=OpportunityStatus.REJECTED,
                       history=[StatusChange(status=OpportunityStatus.APPLIED, at=datetime(2026, 11, 1, tzinfo=UTC)),
                                StatusChange(status=OpportunityStatus.REJECTED, at=REJECTED_AT, person_id=3)]),
        2: Opportunity(id=2, company_id=2, role="Data Platform Engineer", status=OpportunityStatus.INTERVIEWING),
    }
    facts.people = {
        1: Person(id=1, name="Priya Raman", emails=["priya.raman@northwind.example"], company_id=1, tags=["streaming"]),
        2: Person(id=2, name="Tom Becker", emails=["tom.becker@northwind.example"], company_id=1),
        3: Person(id=3, name="Dana Lee", emails=["dana.lee@northwind.example"], company_id=1),
        4: Person(id=4, name="Mia Wong", emails=["mia.wong@contoso.example"], company_id=2),
    }
    facts.interviews = {
        1: Interview(id=1, opportunity_id=1, timezone="Europe/Berlin", stage="panel interview",
                     start=datetime(2026, 11, 26, 9, 0, tzinfo=UTC), end=datetime(2026, 11, 26, 11, 0, tzinfo=UTC),
                     participants=[Participant(person_id=1), Participant(person_id=2),
                                   Participant(person_id=3, role=Role.COORDINATOR)]),
        2: Interview(id=2, opportunity_id=2, timezone="Europe/Berlin",
                     start=datetime(2027, 2, 1, 9, 0, tzinfo=UTC), end=datetime(2027, 2, 1, 10, 0, tzinfo=UTC),
                     participants=[Participant(person_id=4, role=Role.HIRING_MANAGER)]),
    }
    facts.debriefs = [
        Debrief(id=1, interview_id=1, person_id=1, topics=["moving nightly batch jobs to streaming"]),
        Debrief(id=2, interview_id=1, person_id=2, topics=["how the team runs incident reviews"],
                rapport=["we both ran the Berlin marathon"]),
        Debrief(id=3, interview_id=1, person_id=3, topics=[PAY_TOPIC]),
        Debrief(id=4, interview_id=2, person_id=4, topics=["the migration from Airflow to Dagster"]),
    ]
    facts.inbound = [
        Inbound(id=1, kind=InboundKind.REPLY, received_at=REJECTED_AT, person_id=3, opportunity_id=1,
                classification=ReplyClass.REJECTION, from_address="dana.lee@northwind.example",
                subject="Your application for Senior Data Engineer at Northwind Analytics",
                header_message_id="<reject-001@northwind.example>", confirmed=True),
        Inbound(id=5, kind=InboundKind.REPLY, received_at=datetime(2027, 2, 8, 16, 10, tzinfo=UTC), person_id=None,
                opportunity_id=2, classification=ReplyClass.REJECTION, from_address="no-reply@greenhouse.io",
                subject="Update on your Data Platform Engineer application at Contoso Cloud",
                header_message_id="<ats-777@greenhouse.io>"),
    ]
    facts.news = [NewsItem(id=1, title="Passed the Confluent Kafka certification", detail=FRAGMENT,
                           happened_on=date(2027, 1, 10), tags=["streaming"])]
    return facts


def draft(facts: Facts, kind: MessageKind, person: int, opportunity: int, tone: str = "warm", **kw):
    return compose(facts, DraftRequest(kind=kind, person_id=person, opportunity_id=opportunity, **kw), tone,
                   TEMPLATES)


def findings(facts: Facts, d, kind: MessageKind) -> list:
    message = Message(id=99, kind=kind, channel=d.channel, person_id=d.person_id, opportunity_id=d.opportunity_id,
                      interview_id=d.interview_id, subject=d.subject, body=d.body, in_reply_to=d.in_reply_to)
    return review(d.subject if d.channel.value == "email" else None, d.body, context_for_message(facts, message))


# -- a topic about pay is never praised -----------------------------------------------------------


@pytest.mark.parametrize("tone", TONES)
def test_the_rejection_reply_praises_a_team_topic_not_the_relocation_package(tone):
    facts = journey()
    reply = draft(facts, K.REJECTION_REPLY, 3, 1, tone)
    assert "relocation" not in reply.body and "hybrid" not in reply.body
    assert "Priya Raman" in reply.body and "moving nightly batch jobs to streaming" in reply.body
    assert reply.gaps == []
    assert [f.code for f in findings(facts, reply, K.REJECTION_REPLY) if f.severity != "info"] == []


@pytest.mark.parametrize("tone", TONES)
def test_the_linkedin_note_says_a_neutral_line(tone):
    facts = journey()
    note = draft(facts, K.LINKEDIN_NOTE, 3, 1, tone)
    assert "relocation" not in note.body and "[" not in note.body
    assert "Northwind Analytics" in note.body and note.body.startswith(("Hi Dana, ", "Dear Dana Lee, "))
    assert [f.code for f in findings(facts, note, K.LINKEDIN_NOTE) if f.severity != "info"] == []


@pytest.mark.parametrize("tone", TONES)
def test_the_recruiters_thank_you_leaves_the_pay_topic_out(tone):
    facts = journey()
    note = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=3, opportunity_id=1, interview_id=1), tone,
                   TEMPLATES)
    assert note.template == "thank_you_recruiter"
    assert "relocation" not in note.body and note.gaps == []
    assert "salary" not in {f.code for f in findings(facts, note, K.THANK_YOU)}


def test_an_interviewer_with_another_topic_is_thanked_for_that_one():
    facts = journey()
    facts.debriefs[0].topics = ["the salary band for the role", "moving nightly batch jobs to streaming"]
    note = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1), "warm",
                   TEMPLATES)
    assert "salary" not in note.body and "moving nightly batch jobs to streaming" in note.body


def test_a_thank_you_with_only_a_pay_topic_asks_for_another():
    facts = journey()
    facts.debriefs[0].topics = ["the relocation package"]
    note = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1), "warm",
                   TEMPLATES)
    assert "relocation" not in note.body
    assert note.gaps == ["[topic you discussed with Priya]"]
    assert "Pay, benefits and relocation stay out" in note.asks[0].question


# -- the rejection's sender ----------------------------------------------------------------------


@pytest.mark.parametrize("tone", TONES)
def test_a_reply_to_the_contact_after_a_tracking_systems_email_does_not_thank_her_for_telling(tone):
    facts = journey()
    reply = draft(facts, K.REJECTION_REPLY, 4, 2, tone)
    assert reply.subject == "Re: Update on your Data Platform Engineer application at Contoso Cloud"
    assert "letting me know" not in reply.body and "informing me" not in reply.body
    assert "received the" in reply.body and "Data Platform Engineer" in reply.body
    assert [f.code for f in findings(facts, reply, K.REJECTION_REPLY) if f.severity != "info"] == []
    assert guess_kind(reply.subject, Doc(reply.body)) == "rejection_reply"  # `afterview lint` of it, pasted
    # Dana wrote Northwind's rejection herself: she is thanked for it, as before
    to_dana = draft(facts, K.REJECTION_REPLY, 3, 1, tone).body
    assert ("letting me know" in to_dana) or ("informing me of the decision" in to_dana)  # the coordinator passes it on


def test_who_told_you_decides_the_thanks():
    facts = journey()
    assert "Thank you for letting me know" not in draft(facts, K.REJECTION_REPLY, 4, 2).body  # the ATS's email
    facts.inbound = [i for i in facts.inbound if i.id != 5]
    opportunity = facts.opportunities[2]
    opportunity.status = OpportunityStatus.REJECTED
    opportunity.history = [StatusChange(status=OpportunityStatus.REJECTED, at=REJECTED_AT, person_id=4)]  # by phone
    assert "Thank you for letting me know" in draft(facts, K.REJECTION_REPLY, 4, 2).body
    opportunity.history = [StatusChange(status=OpportunityStatus.REJECTED, at=REJECTED_AT)]  # nobody named
    assert "Thank you for letting me know" in draft(facts, K.REJECTION_REPLY, 4, 2).body


# -- the detail of a result ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", [K.KEEP_WARM, K.SHARE_NEWS])
@pytest.mark.parametrize("tone", ["warm", "formal"])
def test_a_detail_written_as_a_fragment_follows_its_headline(kind, tone):
    facts = journey()
    note = draft(facts, kind, 1, 1, tone, news_id=1)
    assert "I passed the Confluent Kafka certification \u2014 Certified Developer for Apache Kafka, after running " \
           "Kafka in production for a client." in note.body
    assert ". Certified Developer" not in note.body
    assert [f.code for f in findings(facts, note, kind) if f.severity != "info"] == []


def test_a_detail_written_as_a_sentence_stays_a_sentence():
    facts = journey()
    facts.news[0].detail = "It took me three months of evenings."
    note = draft(facts, K.KEEP_WARM, 1, 1, news_id=1)
    assert "I passed the Confluent Kafka certification. It took me three months of evenings." in note.body
    facts.news[0].detail = "ran Kafka in production for a client first"
    note = draft(facts, K.KEEP_WARM, 1, 1, news_id=1)
    assert "I passed the Confluent Kafka certification. I ran Kafka in production for a client first." in note.body


@pytest.mark.parametrize("tone", ["warm", "formal"])
def test_a_thank_you_cites_a_result_with_its_detail_in_one_sentence(tone):
    facts = journey()
    facts.news[0].tags = ["streaming", "batch jobs"]
    note = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1), tone,
                   TEMPLATES)
    assert "I passed the Confluent Kafka certification \u2014 Certified Developer for Apache Kafka" in note.body
    assert ". Certified Developer" not in note.body
