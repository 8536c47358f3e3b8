"""Matching marks a message placed by its sender's company alone (`matching.by_company_only`),
for sync to file it by the rule `replies add` files by; one in a thread of ours, or from someone
we wrote to, is not marked."""

from datetime import datetime, timezone

from afterview.delivery.matching import Incoming, match
from afterview.domain.model import (
    Company, Facts, Interview, Message, MessageKind, MessageState, Opportunity, Participant, Person, Role,
)

AT = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)


def facts(*, sent_to_ben: bool = False) -> Facts:
    people = {1: Person(id=1, name="Rae Hart", emails=["rae@acme.example"], company_id=1),
              2: Person(id=2, name="Ben Pal", emails=["ben@acme.example"], company_id=1)}
    messages = [Message(id=10, kind=MessageKind.THANK_YOU, person_id=1, opportunity_id=1, subject="Thank you",
                        to_address="rae@acme.example", state=MessageState.SENT, sent_at=AT,
                        message_id="<ty-1@example.test>")]
    if sent_to_ben:
        messages.append(Message(id=11, kind=MessageKind.THANK_YOU, person_id=2, opportunity_id=1, subject="Hello",
                                to_address="ben@acme.example", state=MessageState.SENT, sent_at=AT,
                                message_id="<hi-2@example.test>"))
    return Facts(companies={1: Company(id=1, name="Acme", website="acme.example")},
                 opportunities={1: Opportunity(id=1, company_id=1, role="Data Engineer")},
                 people=people,
                 interviews={1: Interview(id=1, opportunity_id=1, start=AT, end=AT, timezone="UTC",
                                          participants=[Participant(person_id=1, role=Role.RECRUITER)])},
                 messages=messages)


def test_a_known_person_nothing_went_to_is_marked_with_their_companys_process():
    found = match(Incoming("ben@acme.example", subject="Good luck", body="Fingers crossed!"), facts())
    assert (found.person_id, found.opportunity_id, found.by_company) == (2, 1, True)


def test_an_address_no_one_has_at_the_domain_is_marked():
    found = match(Incoming("news@acme.example", subject="News", body="Our news."), facts())
    assert (found.person_id, found.opportunity_id, found.method, found.by_company) == (None, 1, "domain", True)


def test_someone_we_wrote_to_or_a_thread_of_ours_is_not_marked():
    assert match(Incoming("ben@acme.example", body="Hi"), facts(sent_to_ben=True)).note == ""
    assert match(Incoming("rae@acme.example", body="Hi"), facts()).note == ""
    threaded = match(Incoming("ben@acme.example", in_reply_to=["<ty-1@example.test>"], body="Hi"), facts())
    assert not threaded.by_company
