"""Replies as the mail carries them: an internationalised domain written in UTF-8 (RFC 6532), a
person of a panel with no company, offers in their usual words, a Date in the future; and the
headers and links of what is sent (References, mailto: line breaks)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email import message_from_bytes
from email.policy import default as default_policy

import pytest

from afterview.composer.draft import DraftRequest
from afterview.composer.threads import find_thread
from afterview.delivery import inbound
from afterview.delivery.compose_email import as_bytes, build_email, mailto_link
from afterview.delivery.matching import Incoming, match
from afterview.delivery.replies import classify_reply
from afterview.domain.model import (
    Company, Facts, Inbound, InboundKind, Interview, Message, MessageKind, MessageState, Opportunity,
    OpportunityStatus, Participant, Person, ReplyClass,
)
from afterview.services import delivery
from tests.delivery.conftest import NOW

IDN_STORED = "jose.nunez@xn--bcher-kva.example"


def _reply(sender: str, text: str, n: int, *, in_reply_to: str = "", date: str = "Thu, 26 Nov 2026 09:00:00 +0000",
           subject: str = "Hola otra vez") -> bytes:
    """A reply as a UTF-8 mail program writes it: raw UTF-8 in its headers (RFC 6532), 8bit body."""
    thread = f"In-Reply-To: {in_reply_to}\r\nReferences: {in_reply_to}\r\n" if in_reply_to else ""
    return (f"From: José Núñez <{sender}>\r\nTo: alice@example.test\r\nSubject: {subject}\r\nDate: {date}\r\n"
            f"Message-ID: <reply-{n}@xn--bcher-kva.example>\r\n{thread}MIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}\r\n").encode()


@pytest.fixture
def jose(store, seeded):
    """José, at Acme, his address typed with its Unicode domain (kept in its ASCII form), and a
    thank-you note of ours that went to him."""
    from afterview.services import pipeline

    with store.transaction() as tx:
        person = pipeline.add_person(tx, "José Núñez", emails=["jose.nunez@bücher.example"], company="Acme")
        sent = tx.add(Message(kind=MessageKind.THANK_YOU, person_id=person.id, opportunity_id=seeded["opportunity"],
                              subject="Gracias", body="Gracias, José.\n", to_address=person.email,
                              state=MessageState.SENT, sent_at=NOW - timedelta(days=3), created_at=NOW - timedelta(days=3),
                              message_id="<thanks-jose@example.test>"))
    assert person.emails == [IDN_STORED]
    return {**seeded, "jose": person.id, "sent": sent.id}


# --- internationalised domains --------------------------------------------------------------

def test_a_reply_written_with_the_unicode_domain_is_from_the_person_stored_with_its_ascii_form():
    raw = _reply("jose.nunez@bücher.example", "Unfortunately we have decided to move forward with another candidate.", 1)
    item = inbound.classify(raw, today=NOW.date())
    assert item.from_address == IDN_STORED
    facts = Facts()
    facts.companies = {1: Company(id=1, name="Bücherwurm GmbH")}
    facts.opportunities = {5: Opportunity(id=5, company_id=1, role="Datenanalyst")}
    facts.people = {3: Person(id=3, name="José Núñez", emails=[IDN_STORED], company_id=1)}
    found = match(item.incoming(), facts)
    assert (found.method, found.person_id, found.opportunity_id) == ("sender", 3, 5)
    # and the other way round: stored from an older file with its Unicode domain, written in ASCII
    facts.people[3].emails = ["Jose.Nunez@Bücher.example"]
    assert match(Incoming(IDN_STORED), facts).person_id == 3


def test_sync_files_a_reply_in_the_thread_from_the_unicode_domain_under_its_person(mail, store, jose, account):
    mail.deliver_to_inbox("alice", _reply("jose.nunez@bücher.example", "Thanks, talk soon.", 2,
                                          in_reply_to="<thanks-jose@example.test>", subject="Re: Gracias"))
    report = delivery.sync(store, now=NOW, account=account)
    assert len(report.recorded) == 1
    with store.transaction() as tx:
        [reply] = tx.list(Inbound)
    assert (reply.person_id, reply.answers_message_id, reply.from_address) == (jose["jose"], jose["sent"], IDN_STORED)
    # his own address: not "an address of no one recorded"
    assert "no one recorded" not in reply.summary, reply.summary


def test_sync_reads_a_reply_outside_a_thread_from_the_unicode_domain(mail, store, jose, account):
    mail.deliver_to_inbox("alice", _reply("jose.nunez@bücher.example",
                                          "Unfortunately we have decided to move forward with another candidate.", 3))
    delivery.sync(store, now=NOW, account=account)
    with store.transaction() as tx:
        [reply] = tx.list(Inbound)
    assert (reply.person_id, reply.opportunity_id, reply.classification) == (
        jose["jose"], jose["opportunity"], ReplyClass.REJECTION)


# --- the process of a panel's person ----------------------------------------------------------

def _panel_facts(*open_roles: str) -> Facts:
    facts = Facts()
    facts.companies = {1: Company(id=1, name="Acme"), 2: Company(id=2, name="Globex")}
    facts.opportunities = {10 + i: Opportunity(id=10 + i, company_id=1 + i % 2, role=role,
                                               status=OpportunityStatus.INTERVIEWING)
                           for i, role in enumerate(open_roles)}
    facts.people = {7: Person(id=7, name="Pat Panel", emails=["pat@freelance.example"])}  # no company
    facts.interviews = {i: Interview(id=i, opportunity_id=o, start=NOW, end=NOW + timedelta(hours=1), timezone="UTC",
                                     participants=[Participant(person_id=7)])
                        for i, o in enumerate(facts.opportunities, 1)}
    return facts


def test_a_reply_from_someone_of_one_panel_with_no_company_is_about_that_process():
    found = match(Incoming("pat@freelance.example", subject="Hello", body="Thanks again for your time."),
                  _panel_facts("Engineer"))
    assert (found.method, found.person_id, found.opportunity_id, found.ambiguous) == ("sender", 7, 10, False)


def test_someone_of_two_panels_is_placed_by_the_role_named_else_ambiguous():
    facts = _panel_facts("Engineer", "Data Scientist")
    found = match(Incoming("pat@freelance.example", body="About the Data Scientist role: good news soon."), facts)
    assert (found.opportunity_id, found.ambiguous) == (11, False)
    found = match(Incoming("pat@freelance.example", body="Thanks again."), facts)
    assert found.ambiguous and found.options == [10, 11] and found.person_id == 7
    # one of them closed: the open one, as `replies add` takes it
    facts.opportunities[11].status = OpportunityStatus.REJECTED
    assert match(Incoming("pat@freelance.example", body="Thanks again."), facts).opportunity_id == 10


def test_sync_files_a_reply_from_a_panel_member_with_no_company_under_the_process(mail, store, seeded, account):
    with store.transaction() as tx:
        pat = tx.add(Person(name="Pat Panel", emails=["pat@freelance.example"]))
        tx.add(Interview(opportunity_id=seeded["opportunity"], start=NOW - timedelta(days=2),
                         end=NOW - timedelta(days=2, hours=-1), timezone="UTC", participants=[Participant(person_id=pat.id)]))
    mail.deliver_to_inbox("alice", (
        "From: Pat Panel <pat@freelance.example>\r\nTo: alice@example.test\r\nSubject: Quick update\r\n"
        "Date: Thu, 26 Nov 2026 09:00:00 +0000\r\nMessage-ID: <pat-1@freelance.example>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nWe would like to invite you to a final round interview.\r\n"))
    delivery.sync(store, now=NOW, account=account)
    with store.transaction() as tx:
        [reply] = tx.list(Inbound)
    assert (reply.person_id, reply.opportunity_id, reply.classification) == (
        pat.id, seeded["opportunity"], ReplyClass.NEXT_ROUND)


# --- offers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("We’re happy to make you an offer – details to follow. Café on Monday?", ReplyClass.OFFER),
    ("We're happy to make you an offer.", ReplyClass.OFFER),
    ("We are pleased to offer you the position.", ReplyClass.OFFER),
    ("We would like to extend an offer to you.", ReplyClass.OFFER),
    ("I am thrilled to offer you the Staff Engineer role.", ReplyClass.OFFER),
    ("We would love to offer you a place on the team.", ReplyClass.OFFER),
    ("We are delighted to offer you employment as a Data Engineer.", ReplyClass.OFFER),
    ("We would like to present you with a formal offer.", ReplyClass.OFFER),
    # an offer made pending its paperwork is an offer (the user confirms it)
    ("An offer letter will follow after references.", ReplyClass.OFFER),
    # offering something else, or an offer to someone
    ("We offer a competitive salary and flexible hours.", ReplyClass.OTHER),
    ("I am happy to offer you some feedback on the interview.", ReplyClass.OTHER),
    ("Happy to offer you a call next week.", ReplyClass.OTHER),
    ("We can offer you the chance to meet the team.", ReplyClass.OTHER),
    ("We expect to make an offer to one candidate by Friday.", ReplyClass.OTHER),
    ("The role offers great benefits.", ReplyClass.OTHER),
    ("Thanks for the offer to meet!", ReplyClass.OTHER),
    # an offer not made is a rejection; one in the conditional is no decision
    ("We have decided not to extend an offer.", ReplyClass.REJECTION),
    ("We won’t be making you an offer at this time.", ReplyClass.REJECTION),
    ("We are not in a position to offer you the role.", ReplyClass.REJECTION),
    ("Should we decide to extend an offer, HR will reach out.", ReplyClass.NEEDS_REVIEW),
])
def test_offers_in_their_usual_words(text, expected):
    assert classify_reply(text)[0] == expected, classify_reply(text)


# --- a Date in the future --------------------------------------------------------------------

def test_a_date_ahead_of_the_arrival_is_taken_as_the_arrival():
    arrived = datetime(2026, 11, 28, 4, 0, tzinfo=timezone.utc)
    future = datetime(2030, 1, 1, tzinfo=timezone.utc)
    assert inbound.received_at(future, arrived, now=arrived + timedelta(days=1)) == arrived
    assert inbound.received_at(future, None, now=arrived) == arrived  # no INTERNALDATE: when it was read
    # clocks a little apart: the Date as written
    assert inbound.received_at(arrived + timedelta(minutes=3), arrived, now=arrived) == arrived + timedelta(minutes=3)
    # after it arrived but not after it was read: no future moment, the Date as written
    assert inbound.received_at(arrived + timedelta(hours=1), arrived, now=arrived + timedelta(days=1)) == (
        arrived + timedelta(hours=1))
    # written earlier than it arrived (a copy moved later): the Date
    assert inbound.received_at(arrived - timedelta(days=2), arrived, now=arrived) == arrived - timedelta(days=2)
    assert inbound.received_at(None, datetime(2026, 11, 1), now=arrived) == datetime(2026, 11, 1, tzinfo=timezone.utc)


def test_sync_records_a_reply_dated_in_the_future_when_it_arrived(mail, store, seeded, account):
    mail.deliver_to_inbox("alice", (
        "From: Bob Builder <bob@example.test>\r\nTo: alice@example.test\r\nSubject: Hello\r\n"
        "Date: Tue, 01 Jan 2030 09:00:00 +0000\r\nMessage-ID: <future-1@example.test>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nThanks, talk soon.\r\n"))
    read_at = datetime.now(timezone.utc)
    delivery.sync(store, now=read_at, account=account)
    with store.transaction() as tx:
        [reply] = tx.list(Inbound)
    received = reply.received_at if reply.received_at.tzinfo else reply.received_at.replace(tzinfo=timezone.utc)
    assert abs(received - read_at) < timedelta(minutes=5), received


# --- what is sent ----------------------------------------------------------------------------

def test_the_rejection_reply_references_the_whole_thread():
    facts = Facts()
    facts.people = {1: Person(id=1, name="John Smith", emails=["john@buecher.example"])}
    ours = Message(id=4, kind=MessageKind.THANK_YOU, person_id=1, opportunity_id=2, subject="Vielen Dank",
                   to_address="john@buecher.example", state=MessageState.SENT, sent_at=NOW,
                   message_id="<thanks@example.org>", references=["<earlier@example.org>"])
    facts.messages = [ours]
    facts.inbound = [Inbound(id=9, kind=InboundKind.REPLY, received_at=NOW + timedelta(days=1), person_id=1,
                             opportunity_id=2, answers_message_id=4, classification=ReplyClass.REJECTION,
                             subject="Re: Vielen Dank", header_message_id="<r4.smith@buecher.example>")]
    thread = find_thread(facts, DraftRequest(kind=MessageKind.REJECTION_REPLY, person_id=1, opportunity_id=2),
                         facts.people[1])
    assert thread.in_reply_to == "<r4.smith@buecher.example>"
    assert thread.references == ["<earlier@example.org>", "<thanks@example.org>", "<r4.smith@buecher.example>"]
    reply = Message(id=12, kind=MessageKind.REJECTION_REPLY, person_id=1, opportunity_id=2, subject=thread.subject,
                    body="Thank you for letting me know.\n", to_address="john@buecher.example",
                    in_reply_to=thread.in_reply_to, references=thread.references)
    sent = message_from_bytes(as_bytes(build_email(reply, sender_name="Zoë", sender_address="zoe@example.org",
                                                   now=NOW)), policy=default_policy)
    assert sent["In-Reply-To"] == "<r4.smith@buecher.example>"
    assert sent["References"].split() == thread.references
    # a rejection that answers none of ours: its own id alone, all that is known of its thread
    facts.inbound[0].answers_message_id = None
    assert find_thread(facts, DraftRequest(kind=MessageKind.REJECTION_REPLY, person_id=1, opportunity_id=2),
                       facts.people[1]).references == ["<r4.smith@buecher.example>"]


def test_a_mailto_link_breaks_lines_with_crlf():
    link = mailto_link(Message(kind=MessageKind.THANK_YOU, person_id=1, subject="Danke",
                               body="Hallo Jan,\nzwei Zeilen.\r\nUnd drei.", to_address="jan@bücher.example"))
    assert "body=Hallo%20Jan%2C%0D%0Azwei%20Zeilen.%0D%0AUnd%20drei." in link
    assert "%0A" not in link.replace("%0D%0A", "")
    assert link.startswith("mailto:jan@xn--bcher-kva.example?")
