"""context_for_message fills the review context from recorded facts."""

from datetime import date, datetime, timedelta, timezone

from afterview.domain.model import (
    Company,
    Debrief,
    Facts,
    Interview,
    LinkedInAccount,
    Message,
    MessageKind,
    MessageState,
    Opportunity,
    Participant,
    Person,
    Profile,
)
from afterview.reviewer import context_for_message, review

END = datetime(2026, 11, 12, 17, 0, tzinfo=timezone.utc)


def facts(account=LinkedInAccount.FREE) -> Facts:
    return Facts(
        profile=Profile(name="Alex Chen", timezone="Europe/Berlin", country="DE", linkedin_account=account),
        companies={1: Company(id=1, name="Northwind Logistics"), 2: Company(id=2, name="Contoso Bank")},
        opportunities={10: Opportunity(id=10, company_id=1, role="Senior Data Engineer"),
                       11: Opportunity(id=11, company_id=2, role="Data Analyst")},  # Contoso is in the pipeline
        people={
            100: Person(id=100, name="Priya Raman", company_id=1, timezone="America/Los_Angeles", country="US", tags=["Flink"]),
            101: Person(id=101, name="Tom Becker", company_id=1),
        },
        interviews={
            50: Interview(id=50, opportunity_id=10, start=END - timedelta(hours=3), end=END,
                          timezone="America/Los_Angeles",
                          participants=[Participant(person_id=100), Participant(person_id=101)])
        },
        debriefs=[
            Debrief(id=1, interview_id=50, person_id=100, topics=["Kafka migration"], rapport=["cycling"],
                    concerns=["on-call load"], promises=["runbook template"], decision_date=date(2026, 11, 30)),
            Debrief(id=2, interview_id=50, person_id=101, topics=["warehouse event model"]),
        ],
        messages=[
            Message(id=7, kind=MessageKind.THANK_YOU, person_id=100, opportunity_id=10, interview_id=50,
                    subject="Thank you", body="Hi Priya, ...", scheduled_at=END + timedelta(hours=2)),
            Message(id=8, kind=MessageKind.THANK_YOU, person_id=101, opportunity_id=10, interview_id=50,
                    body="Hi Tom,\n\nThank you for the design session."),
            Message(id=9, kind=MessageKind.THANK_YOU, person_id=101, opportunity_id=10, interview_id=50,
                    body="Hi Tom, an old cancelled draft", state=MessageState.CANCELLED),
            Message(id=11, kind=MessageKind.STATUS_CHECK, person_id=101, opportunity_id=10, interview_id=50,
                    body="Hi Tom, any news?"),
        ],
    )


def test_context_for_a_thank_you():
    f = facts()
    context = context_for_message(f, f.messages[0])
    assert context.kind == "thank_you" and context.channel == "email"
    assert context.recipient_name == "Priya Raman"
    assert context.company == "Northwind Logistics" and context.role == "Senior Data Engineer"
    assert context.details == ["Kafka migration", "cycling", "on-call load", "runbook template"]
    assert context.siblings == ["Hi Tom,\n\nThank you for the design session."]
    assert context.other_companies == ["Contoso Bank"]
    assert context.linkedin_limit == 200
    assert context.send_at == END + timedelta(hours=2) and context.interview_end == END
    assert (context.recipient_timezone, context.recipient_country) == ("America/Los_Angeles", "US")
    assert {"Tom Becker", "Alex Chen", "Flink"} <= set(context.known_words)
    assert context.sender_name == "Alex Chen"


def test_premium_limit_and_user_defaults():
    f = facts(LinkedInAccount.PREMIUM)
    message = Message(id=12, kind=MessageKind.LINKEDIN_NOTE, channel="linkedin", person_id=101, opportunity_id=10)
    context = context_for_message(f, message)
    assert context.linkedin_limit == 300 and context.channel == "linkedin"
    assert (context.recipient_timezone, context.recipient_country) == ("Europe/Berlin", "DE")
    assert context.details == ["warehouse event model"]  # every interview of the opportunity
    assert context.interview_end is None and context.siblings == []


def test_the_context_catches_a_copied_note():
    f = facts()
    copied = f.messages[1].body.replace("Hi Tom", "Hi Priya")
    f.messages[0].body = copied + " It was great to talk about it."
    context = context_for_message(f, f.messages[0])
    found = {x.code for x in review("Thank you - Senior Data Engineer interview", f.messages[0].body, context)}
    assert "no-specific" in found
