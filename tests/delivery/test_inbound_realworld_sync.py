"""Real-world mail read by sync from the real Dovecot, and what it does to the follow-ups: a
company's newsletter is no reply and holds nothing back, a tracking system's mail is placed by
the company it names (its legal form aside, in its text when its sender names none) or by the
recruiter in its Reply-To, "I have left" stops what an out-of-office reply would only postpone,
an interviewer's personal address answering our subject is kept for the user to place, and a
German sender's "until 5/1" is 5 January."""

from datetime import date, timedelta

import pytest

from afterview.delivery import reading
from afterview.domain.model import (
    Company, Inbound, InboundKind, Interview, Message, MessageKind, MessageState, Opportunity, OpportunityStatus,
    Participant, Person, ReplyClass, Role,
)
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.services import delivery
from tests.delivery.conftest import NOW

THANKS = "Thank you - Backend Engineer interview"


def mail_from(sender: str, subject: str, text: str, n: str, *, headers: str = "",
              ctype: str = "text/plain; charset=utf-8") -> str:
    return (f"From: {sender}\nTo: Alice Seeker <alice@example.test>\nSubject: {subject}\n"
            f"Date: Wed, 25 Nov 2026 15:00:00 +0000\nMessage-ID: <{n}@example.test>\n{headers}"
            f"MIME-Version: 1.0\nContent-Type: {ctype}\n\n{text}\n")


@pytest.fixture
def pipeline(store):
    """Acme Corp (acme.example) with a Backend Engineer process: Jordan Lee, its recruiter, had our
    thank-you 11 days ago and has the first status follow-up approved; Soylent SA, Wayne
    Enterprises and Stark Industries with a process each, Hans Müller (Germany) at Umbrella
    Health, Tony Rhodes at Stark with our thank-you sent."""
    start = NOW - timedelta(days=12)
    ids: dict = {}
    with store.transaction() as tx:
        profile = tx.profile()
        profile.name, profile.country, profile.timezone = "Alice Seeker", "US", "America/Chicago"
        tx.save_profile(profile)
        for name, site, role, person, address, country in [
            ("Acme Corp", "https://acme.example", "Backend Engineer", "Jordan Lee", "jordan.lee@acme.example", "US"),
            ("Soylent SA", "", "Développeur Python", "Claire Dubois", "claire@soylent.example", "FR"),
            ("Wayne Enterprises", "", "Cloud Architect", "Lucius Fox", "lucius.fox@wayne.example", "US"),
            ("Stark Industries", "", "Security Engineer", "Tony Rhodes", "tony.rhodes@stark.example", "US"),
            ("Umbrella Health", "", "Site Reliability Engineer", "Hans Müller", "hans.mueller@umbrella.example", "DE"),
        ]:
            company = tx.add(Company(name=name, website=site))
            opp = tx.add(Opportunity(company_id=company.id, role=role, created_at=start - timedelta(days=20),
                                     status=OpportunityStatus.INTERVIEWING))
            who = tx.add(Person(name=person, emails=[address], company_id=company.id, country=country))
            interview = tx.add(Interview(opportunity_id=opp.id, start=start, end=start + timedelta(hours=1),
                                         timezone="UTC", participants=[Participant(person_id=who.id, role=Role.RECRUITER)]))
            thanks = tx.add(Message(kind=MessageKind.THANK_YOU, person_id=who.id, opportunity_id=opp.id,
                                    interview_id=interview.id, subject=f"Thank you - {role} interview",
                                    body="Thank you.\n", to_address=address, state=MessageState.SENT,
                                    created_at=start, sent_at=start + timedelta(hours=20),
                                    message_id=f"<ty-{who.id}@example.test>",
                                    action_key=f"thank_you:i{interview.id}:p{who.id}"))
            ids[name] = {"company": company.id, "opportunity": opp.id, "person": who.id, "thanks": thanks.id}
        facts = tx.facts()
    acme = ids["Acme Corp"]
    [action] = [a for a in plan(facts, DEFAULT_PLAYBOOK, NOW)
                if a.key.startswith("status_check.1") and a.person_id == acme["person"]]
    with store.transaction() as tx:
        follow_up = tx.add(Message(kind=MessageKind.STATUS_CHECK, person_id=acme["person"],
                                   opportunity_id=acme["opportunity"], subject="Backend Engineer interview - next steps",
                                   body="Any news?\n", to_address="jordan.lee@acme.example",
                                   state=MessageState.SCHEDULED, created_at=NOW - timedelta(hours=2),
                                   approved_at=NOW - timedelta(hours=1), scheduled_at=NOW + timedelta(days=2),
                                   action_key=action.key))
    ids["follow_up"] = follow_up.id
    return ids


def recorded(store) -> list[Inbound]:
    with store.transaction() as tx:
        return sorted(tx.list(Inbound), key=lambda i: i.id)


def follow_up_state(store, pipeline) -> tuple[MessageState, str]:
    with store.transaction() as tx:
        message = tx.get(Message, pipeline["follow_up"])
    return message.state, message.last_error


# --- 1. a newsletter is no reply ---------------------------------------------------------------------

NEWSLETTER = ("This month at Acme: our platform team shipped streaming ingestion, and we're hiring! We would "
              "love to invite you to our open house on December 10 - reserve your spot: https://acme.example/events"
              "\n\nUnfortunately our Berlin office will be closed for the holidays.\n\nUnsubscribe: "
              "https://acme.example/u/abc")


def test_a_companys_newsletter_is_not_recorded_and_holds_back_no_follow_up(mail, store, pipeline, account):
    mail.deliver_to_inbox("alice", mail_from(
        "Acme Corp <news@acme.example>", "Acme Engineering Digest - November", NEWSLETTER, "digest-1",
        headers="List-Id: Acme Engineering Digest <digest.acme.example>\nList-Unsubscribe: "
                "<https://acme.example/u/abc>\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\nPrecedence: bulk\n"))
    mail.deliver_to_inbox("alice", mail_from(
        "Acme Corp <events@acme.example>", "You're invited: Acme DevDay 2027",
        "Hi Alice,\n\nWe'd like to invite you to Acme DevDay on January 20. Pick a session that fits your "
        "availability: https://acme.example/devday", "devday-1",
        headers="Sender: bounce-123@bf.hubspotemail.net\nList-Unsubscribe: <https://acme.example/unsub>\n"))
    report = delivery.sync(store, now=NOW, account=account)
    assert report.fetched == 2 and report.recorded == []  # read (its domain is Acme's), never a reply
    assert delivery.hold_back_planned(store, now=NOW) == []
    assert follow_up_state(store, pipeline) == (MessageState.SCHEDULED, "")


def test_bulk_mail_answering_our_message_and_a_tracking_systems_bulk_rejection_still_count(
        mail, store, pipeline, account):
    acme = pipeline["Acme Corp"]
    mail.deliver_to_inbox("alice", mail_from(  # a recruiter's tool adds list headers to a real answer
        "Jordan Lee <jordan.lee@acme.example>", f"Re: {THANKS}", "Thanks Alice, we will be in touch next week.",
        "crm-1", headers=f"In-Reply-To: <ty-{acme['person']}@example.test>\nList-Unsubscribe: <https://crm.example/u>\n"))
    mail.deliver_to_inbox("alice", mail_from(
        "Acme Corp Careers <donotreply@icims.com>", "Acme Corp: Your application status",
        "Thank you for your interest in Acme Corp. After careful consideration, we have decided to move forward "
        "with other candidates for the Backend Engineer position.", "icims-1",
        headers="Precedence: bulk\nAuto-Submitted: auto-generated\nList-Unsubscribe: <https://icims.com/u>\n"))
    delivery.sync(store, now=NOW, account=account)
    answer, rejection = recorded(store)
    assert answer.answers_message_id == acme["thanks"] and answer.person_id == acme["person"]
    assert rejection.opportunity_id == acme["opportunity"] and rejection.classification == ReplyClass.REJECTION


# --- 2. a tracking system's mail placed by what it names -------------------------------------------------

REJECTED = ("Thank you for your interest in {c}. After careful consideration, we have decided to move forward "
            "with other candidates for the {r} position.")


def test_tracking_system_mail_naming_the_company_without_its_legal_form_is_placed(mail, store, pipeline, account):
    mail.deliver_to_inbox("alice", mail_from(
        "Soylent <no-reply@greenhouse.io>", "Your application to Soylent",
        REJECTED.format(c="Soylent", r="Développeur Python"), "gh-soylent", headers="Auto-Submitted: auto-generated\n"))
    mail.deliver_to_inbox("alice", mail_from(
        "Acme Corporation <no-reply@greenhouse.io>", "Your application to Acme Corporation",
        REJECTED.format(c="Acme Corporation", r="Backend Engineer"), "gh-acme", headers="Auto-Submitted: auto-generated\n"))
    delivery.sync(store, now=NOW, account=account)
    soylent, acme = recorded(store)
    assert soylent.opportunity_id == pipeline["Soylent SA"]["opportunity"]
    assert soylent.summary.startswith("from Soylent SA's tracking system; rejection: ")
    assert acme.opportunity_id == pipeline["Acme Corp"]["opportunity"]
    with store.transaction() as tx:  # a held-back note says whose system it is, not its no-reply address
        assert reading.sender_words(tx.facts(), acme) == "Acme Corp's tracking system"


def test_tracking_system_mail_placed_by_its_reply_to_recruiter_and_by_the_company_its_text_names(
        mail, store, pipeline, account):
    mail.deliver_to_inbox("alice", mail_from(
        "Recruiting <no-reply@greenhouse.io>", "Your application",
        "Hi Alice, thank you for interviewing with us. After careful consideration, we have decided to move "
        "forward with other candidates.", "gh-reply-to", headers="Reply-To: Jordan Lee <jordan.lee@acme.example>\n"))
    mail.deliver_to_inbox("alice", mail_from(  # Workday: its sender names no one, its text the company
        "Careers <wayneent@myworkday.com>", "Update on your application",
        "<html><body><div>Dear Alice,</div><div>Thank you for your interest in the Cloud Architect (R-20931) "
        "position at Wayne Enterprises.</div><div>We regret to inform you that we have decided to move forward "
        "with other candidates for this position.</div></body></html>", "workday-1", ctype="text/html; charset=utf-8"))
    mail.deliver_to_inbox("alice", mail_from(  # its Reply-To at a company's domain
        "Hiring Team <no-reply@hire.lever.co>", "Your application",
        "Thank you for your time. Your application was not selected to continue.", "lever-1",
        headers="Reply-To: talent@stark.example\n"))
    mail.deliver_to_inbox("alice", mail_from(  # a company not recorded, named in its sender: never read
        "Initrode <noreply@myworkday.com>", "Update on your application",
        "Thank you for your interest in Initrode. We have decided to move forward with other candidates.", "initrode-1"))
    report = delivery.sync(store, now=NOW, account=account)
    assert report.fetched == 3
    by_recruiter, workday, lever = recorded(store)
    acme, wayne = pipeline["Acme Corp"], pipeline["Wayne Enterprises"]
    assert lever.opportunity_id == pipeline["Stark Industries"]["opportunity"]
    assert lever.classification == ReplyClass.REJECTION
    assert (by_recruiter.person_id, by_recruiter.opportunity_id) == (acme["person"], acme["opportunity"])
    assert by_recruiter.classification == ReplyClass.REJECTION
    assert workday.opportunity_id == wayne["opportunity"] and workday.classification == ReplyClass.REJECTION
    assert workday.summary.startswith("from Wayne Enterprises's tracking system; rejection: We regret to inform")


def test_an_ambiguous_tracking_system_rejection_may_be_about_each_of_the_companys_processes(
        mail, store, pipeline, account):
    acme = pipeline["Acme Corp"]
    with store.transaction() as tx:
        staff = tx.add(Opportunity(company_id=acme["company"], role="Staff Engineer", created_at=NOW - timedelta(days=30),
                                   status=OpportunityStatus.INTERVIEWING))
    mail.deliver_to_inbox("alice", mail_from(
        "Acme Corp <no-reply@greenhouse.io>", "Your application to Acme Corp",
        "Thank you for your interest in Acme Corp. After careful consideration, we have decided to move forward "
        "with other candidates.", "gh-two"))
    delivery.sync(store, now=NOW, account=account)
    [reply] = recorded(store)
    assert reply.opportunity_id is None and reply.classification == ReplyClass.NEEDS_REVIEW
    with store.transaction() as tx:  # what the planner pauses until it is placed
        assert reading.may_be_about(tx.facts(), reply) == sorted([acme["opportunity"], staff.id])


# --- 4. "I have left the company" --------------------------------------------------------------------------

def test_an_automatic_reply_saying_they_left_stops_the_follow_up_instead_of_postponing_it(
        mail, store, pipeline, account):
    acme = pipeline["Acme Corp"]
    mail.deliver_to_inbox("alice", mail_from(
        "Jordan Lee <jordan.lee@acme.example>", f"Automatic reply: {THANKS}",
        "Thank you for your email. Please note that I have left Acme Corp and this mailbox is no longer monitored. "
        "For recruiting matters, please contact recruiting@acme.example.", "left-1",
        headers=(f"X-Auto-Response-Suppress: All\nX-MS-Exchange-Inbox-Rules-Loop: jordan.lee@acme.example\n"
                 f"Auto-Submitted: auto-replied\nIn-Reply-To: <ty-{acme['person']}@example.test>\n")))
    delivery.sync(store, now=NOW, account=account)
    [left] = recorded(store)
    assert left.kind == InboundKind.REPLY and left.classification == ReplyClass.NEEDS_REVIEW
    assert left.person_id == acme["person"] and left.return_date is None
    assert "I have left Acme Corp" in left.summary and left.summary.endswith("it points to recruiting@acme.example")
    with store.transaction() as tx:
        actions = plan(tx.facts(), DEFAULT_PLAYBOOK, NOW)
    assert not [a for a in actions if a.key.startswith("status_check") and a.person_id == acme["person"]]
    held = delivery.hold_back_planned(store, now=NOW)
    assert [i for i, _ in held] == [pipeline["follow_up"]]
    state, why = follow_up_state(store, pipeline)
    assert state == MessageState.DRAFTED and "out of office" not in why  # not merely postponed to a dead mailbox


# --- 5. an interviewer's personal address --------------------------------------------------------------------

def test_an_answer_from_a_personal_address_with_our_subject_is_kept_unplaced_naming_our_message(
        mail, store, pipeline, account):
    stark = pipeline["Stark Industries"]
    mail.deliver_to_inbox("alice", mail_from(
        "Tony Rhodes <tony.rhodes.home@gmail.com>", "Re: Thank you - Security Engineer interview",
        "Hi Alice, writing from my personal account since I'm traveling. We'd like to have you back for an onsite "
        "at Stark Industries next week. What's your availability?\n\nTony", "personal-1"))
    mail.deliver_to_inbox("alice", mail_from(  # our subject, but naming no one of it: not read as an answer
        "Someone <someone@gmail.com>", "Re: Thank you - Security Engineer interview", "Wrong address, sorry!",
        "personal-2"))
    delivery.sync(store, now=NOW, account=account)
    [reply] = recorded(store)
    assert reply.person_id is None and reply.opportunity_id is None and reply.answers_message_id is None  # not placed
    assert reply.classification == ReplyClass.NEEDS_REVIEW  # for the user to place; what it says is kept:
    assert reply.summary.startswith(f"unplaced: may answer message {stark['thanks']} to Tony Rhodes: its subject, "
                                    "from tony.rhodes.home@gmail.com, an address of no one recorded; next_round: ")
    with store.transaction() as tx:
        facts = tx.facts()
    assert reading.unplaced(facts, reply).startswith(f"it may be about opportunity {stark['opportunity']} "
                                                     "(Security Engineer at Stark Industries")
    assert reading.may_be_about(facts, reply) == [stark["opportunity"]]
    assert reading.read_as(reply) == ReplyClass.NEXT_ROUND


# --- 7. "until 5/1" from Germany -------------------------------------------------------------------------------

def test_a_german_senders_until_5_1_in_english_is_the_fifth_of_january(mail, store, pipeline, account):
    hans = pipeline["Umbrella Health"]
    mail.deliver_to_inbox("alice", mail_from(
        "Hans Müller <hans.mueller@umbrella.example>", "Automatic reply: Thank you",
        "I am out of the office until 5/1 on holiday.", "ooo-de", headers="Auto-Submitted: auto-replied\n"))
    delivery.sync(store, now=NOW, account=account)
    [away] = recorded(store)
    assert away.kind == InboundKind.AUTO_REPLY and away.person_id == hans["person"]
    assert away.return_date == date(2027, 1, 5)


# --- 6. an invitation that is only a calendar ----------------------------------------------------------------

def test_a_calendar_invitation_alone_is_read_as_a_next_round(mail, store, pipeline, account):
    ics = ("BEGIN:VCALENDAR\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\nVERSION:2.0\nMETHOD:REQUEST\n"
           "BEGIN:VEVENT\nDTSTART:20261208T160000Z\nDTEND:20261208T170000Z\nUID:final-acme@google.com\n"
           "SUMMARY:Final round interview - Backend Engineer (Acme Corp)\nEND:VEVENT\nEND:VCALENDAR")
    mail.deliver_to_inbox("alice", mail_from(
        "Jordan Lee <jordan.lee@acme.example>", "Invitation: Final round interview @ Tue Dec 8, 2026", ics,
        "invite-1", ctype='text/calendar; charset="UTF-8"; method=REQUEST'))
    delivery.sync(store, now=NOW, account=account)
    [invite] = recorded(store)
    assert invite.classification == ReplyClass.NEXT_ROUND
    assert invite.summary == ("next_round: a calendar invitation: Final round interview - Backend Engineer "
                              "(Acme Corp); to add the interview: afterview calendar import FILE.ics")
