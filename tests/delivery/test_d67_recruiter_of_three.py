"""A recruiter on the panels of three processes writes from an address of theirs outside any
thread: every process of theirs is a candidate, not only the two something was sent about (a
tester's reply was listed "ambiguous: matches opportunities 1 or 2", leaving out the third); one
the mail names is chosen even when nothing went to it yet."""

from datetime import datetime, timezone

from afterview.delivery.matching import Incoming, match
from afterview.domain.model import (
    Company, Facts, Interview, Message, MessageKind, MessageState, Opportunity, Participant, Person, Role,
)

T = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)


def facts() -> Facts:
    f = Facts()
    f.companies = {1: Company(id=1, name="Northwind"), 2: Company(id=2, name="Globex"), 3: Company(id=3, name="Initech"),
                   4: Company(id=4, name="Hays")}
    f.opportunities = {1: Opportunity(id=1, company_id=1, role="Data Engineer"),
                       2: Opportunity(id=2, company_id=2, role="Platform Engineer"),
                       3: Opportunity(id=3, company_id=3, role="ML Engineer")}
    f.people = {1: Person(id=1, name="Sarah Klein", emails=["sarah.klein@hays.example", "sarah.k@gmail.example"],
                          company_id=4)}
    f.interviews = {i: Interview(id=i, opportunity_id=i, start=T, end=T, timezone="UTC",
                                 participants=[Participant(person_id=1, role=Role.RECRUITER)]) for i in (1, 2, 3)}
    f.messages = [Message(id=10 + o, kind=MessageKind.THANK_YOU, person_id=1, opportunity_id=o, subject=f"Thank you {o}",
                          to_address="sarah.klein@hays.example", state=MessageState.SENT, sent_at=T,
                          message_id=f"<{o}@me.example>") for o in (1, 2)]
    return f


def test_every_process_of_theirs_is_a_candidate():
    found = match(Incoming("sarah.k@gmail.example", subject="quick update",
                           body="Still waiting to hear back from the client."), facts())
    assert found.ambiguous and found.options == [1, 2, 3], found


def test_the_process_the_mail_names_is_chosen_though_nothing_went_to_it():
    found = match(Incoming("sarah.k@gmail.example", subject="ML Engineer", body="Initech will decide soon."), facts())
    assert (found.ambiguous, found.opportunity_id, found.person_id) == (False, 3, 1), found
