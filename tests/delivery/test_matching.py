"""Matching incoming mail to our messages, people and opportunities, most certain first."""

from datetime import datetime, timezone

from afterview.delivery.matching import Incoming, match
from afterview.domain.model import Company, Facts, Message, MessageKind, MessageState, Opportunity, Person

T = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)


def facts() -> Facts:
    f = Facts()
    f.companies = {1: Company(id=1, name="Acme", website="https://www.acme.example"), 2: Company(id=2, name="Globex")}
    f.opportunities = {10: Opportunity(id=10, company_id=1, role="Engineer"), 20: Opportunity(id=20, company_id=2, role="A"),
                       21: Opportunity(id=21, company_id=2, role="B")}
    f.people = {1: Person(id=1, name="Jane", emails=["jane@acme.example"], company_id=1),
                2: Person(id=2, name="Gina", emails=["gina@globex.example"], company_id=2),
                3: Person(id=3, name="Pat", emails=["pat@gmail.com"], company_id=1)}
    f.messages = [
        Message(id=100, kind=MessageKind.THANK_YOU, person_id=1, opportunity_id=10, subject="Thank you for today",
                to_address="jane@acme.example", state=MessageState.SENT, sent_at=T, message_id="<a@me.example>"),
        Message(id=101, kind=MessageKind.STATUS_CHECK, person_id=1, opportunity_id=10, subject="Following up",
                to_address="jane@acme.example", state=MessageState.SENT, sent_at=T.replace(day=25), message_id="<b@me.example>"),
    ]
    return f


def test_thread_headers_win():
    found = match(Incoming("someone@else.example", in_reply_to=["<A@me.example>"]), facts())
    assert (found.method, found.message.id, found.opportunity_id) == ("thread", 100, 10)


def test_references_take_the_latest_of_ours():
    found = match(Incoming("x@y.example", references=["<a@me.example>", "<b@me.example>", "<theirs@y.example>"]), facts())
    assert found.message.id == 101


def test_bounce_by_returned_id_then_by_failed_recipient():
    assert match(Incoming("mailer-daemon@mx.example", bounced_message_id="<b@me.example>"), facts()).method == "bounce-id"
    found = match(Incoming("mailer-daemon@mx.example", failed_recipients=["JANE@acme.example"]), facts())
    assert (found.method, found.message.id) == ("bounce-recipient", 101)
    assert not match(Incoming("mailer-daemon@mx.example", failed_recipients=["who@nowhere.example"]), facts()).found


def test_sender_and_normalised_subject_pick_the_message():
    found = match(Incoming("jane@acme.example", subject="AW: Re: Thank you for today"), facts())
    assert (found.method, found.message.id) == ("sender", 100)
    assert match(Incoming("jane@acme.example", subject="Something else"), facts()).message.id == 101


def test_domain_match_and_shared_domains_ignored():
    found = match(Incoming("hr@acme.example"), facts())
    assert (found.method, found.opportunity_id) == ("domain", 10)
    assert match(Incoming("someone@gmail.com"), facts()).method == ""
    assert match(Incoming("noreply@us.greenhouse-mail.io"), facts()).method == ""


def test_several_open_opportunities_are_ambiguous():
    found = match(Incoming("hr@globex.example"), facts())
    assert found.ambiguous and found.candidates == 2 and found.opportunity_id is None and not found.found
