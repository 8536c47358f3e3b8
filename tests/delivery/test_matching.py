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


def _recruiter_in_two_processes() -> Facts:
    """Sam (an agency recruiter) was thanked for Umbrella's ML Engineer interview, then, five
    minutes later, for Wayne's Security Engineer one."""
    f = facts()
    f.companies.update({3: Company(id=3, name="Umbrella"), 4: Company(id=4, name="Wayne")})
    f.opportunities.update({30: Opportunity(id=30, company_id=3, role="ML Engineer"),
                            40: Opportunity(id=40, company_id=4, role="Security Engineer")})
    f.people[4] = Person(id=4, name="Sam", emails=["sam@hays.example"])
    f.messages += [
        Message(id=300, kind=MessageKind.THANK_YOU, person_id=4, opportunity_id=30, subject="Thank you",
                to_address="sam@hays.example", state=MessageState.SENT, sent_at=T, message_id="<u@me.example>"),
        Message(id=400, kind=MessageKind.THANK_YOU, person_id=4, opportunity_id=40, subject="Thank you",
                to_address="sam@hays.example", state=MessageState.SENT, sent_at=T.replace(minute=5),
                message_id="<w@me.example>"),
    ]
    return f


def test_someone_in_two_processes_writing_without_a_thread_is_placed_by_what_they_name():
    # Found by a tester: "Update on the ML Engineer role" was filed under Wayne (the latest
    # note to Sam), so the rejection reply thanked Wayne and Umbrella's follow-ups went on.
    f = _recruiter_in_two_processes()
    found = match(Incoming("sam@hays.example", subject="Update on the ML Engineer role"), f)
    assert (found.opportunity_id, found.message.id, found.found) == (30, 300, True)
    found = match(Incoming("sam@hays.example", subject="News", body="Wayne came back to me today."), f)
    assert (found.opportunity_id, found.message.id) == (40, 400)
    # naming neither, or both: ambiguous, for the user to place; the person is known
    for subject in ("Quick question", "About Umbrella and Wayne"):
        found = match(Incoming("sam@hays.example", subject=subject), f)
        assert found.ambiguous and not found.found and found.opportunity_id is None
        assert (found.person_id, found.candidates) == (4, 2)
    # "Engineer" alone names no role: a role is matched whole
    assert match(Incoming("sam@hays.example", subject="The Engineer roles"), f).ambiguous


def test_a_sender_naming_another_companys_process_and_not_their_own_is_not_placed():
    # someone at Acme (or a mail forged in their name) rejecting "the B role at Globex": neither
    # process decided on its own; for the user to place (mail is not authenticated)
    found = match(Incoming("jane@acme.example", subject="Your application",
                           body="We have decided not to move forward with your application for the B role at Globex."),
                  facts())
    assert found.ambiguous and not found.found and found.opportunity_id is None
    assert found.options == [10, 20, 21] and found.person_id == 1


def test_a_sender_naming_their_own_company_too_or_no_other_is_placed_as_before():
    both = match(Incoming("jane@acme.example", body="Acme has decided; our friends at Globex were a close second."), facts())
    assert (both.found, both.opportunity_id) == (True, 10)
    none = match(Incoming("jane@acme.example", body="We have decided not to move forward."), facts())
    assert (none.found, none.opportunity_id) == (True, 10)
    # in a thread, the thread decides (as before)
    threaded = match(Incoming("jane@acme.example", in_reply_to=["<a@me.example>"], body="the B role at Globex"), facts())
    assert (threaded.method, threaded.opportunity_id) == ("thread", 10)
