"""A team, a mailbox or a company recorded as a person is never greeted by a made-up first name.

"Fenwick & Hale Talent" (a coordinator mailbox from a calendar) got "Hi Fenwick," in every note,
and the reviewer found nothing; now the note opens "Hello," (warm, concise) or "Dear Hiring
Team," (formal, cards), and the reviewer accepts that but reports "Hi Fenwick,".
"""

from __future__ import annotations

from datetime import date

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.draft import TONES
from afterview.domain.model import Company, Debrief, NewsItem, NewsKind, Participant, Person, Role
from afterview.domain.names import call_name, first_name, is_organisation
from afterview.reviewer import ReviewContext, review
from tests.composer.helpers import K, TEMPLATES, panel_facts, problems, review_drafts

MAILBOX = "Fenwick & Hale Talent"
NEUTRAL = {"warm": "Hello,", "concise": "Hello,", "formal": "Dear Hiring Team,"}


@pytest.mark.parametrize("name", [
    MAILBOX, "Contoso Careers", "Globex Recruiting", "Initech Recruitment", "Acme Jobs", "Acme HR",
    "Data Platform Team", "Hiring Manager", "People Operations", "Talent Acquisition", "Globex Inc.",
    "Umbrella Ltd", "Tailspin LLC", "Fabrikam GmbH", "Globex, Inc.", "hr@", "AT&T",
])
def test_names_that_are_not_a_persons_have_no_first_name(name):
    assert is_organisation(name)
    assert first_name(name) == ""
    assert call_name(name) == " ".join(name.split())  # how a prompt refers to it


@pytest.mark.parametrize("name, first", [
    ("Tom Becker", "Tom"), ("Becker, Tom", "Tom"), ("Dr. Maria van der Berg", "Maria"),
    ("Tom Becker, PhD", "Tom"), ("Priya Raman", "Priya"), ("Teamaker Smith", "Teamaker"),
    ("Hale Peopleson", "Hale"),
])
def test_people_keep_their_first_name(name, first):
    assert first_name(name) == first
    assert first_name(name, ["Northwind Analytics", "Fenwick & Hale"]) == first


def test_a_name_equal_to_a_recorded_company_is_not_a_persons():
    assert first_name("Northwind Analytics") == "Northwind"  # no company known: a name
    assert first_name("Northwind Analytics", ["Northwind Analytics"]) == ""
    assert first_name("northwind  analytics", ["Northwind Analytics, Inc."]) == ""
    assert first_name("Northwind Lee", ["Northwind Analytics"]) == "Northwind"


def _facts():
    facts = panel_facts()
    facts.companies[3] = Company(id=3, name="Fenwick & Hale")
    facts.opportunities[1].company_id = 3
    facts.people[4] = Person(id=4, name=MAILBOX, emails=["talent@fenwickhale.example"], company_id=3)
    facts.interviews[1].participants.append(Participant(person_id=4, role=Role.COORDINATOR))
    facts.debriefs.append(Debrief(id=4, interview_id=1, person_id=4, topics=["the schedule for the final round"]))
    facts.news.append(NewsItem(id=7, kind=NewsKind.NEWS, company_id=3, happened_on=date(2026, 11, 22),
                               title="Fenwick & Hale wins Data Team of the Year"))
    for pid in (1, 2, 3):  # the panel works for Fenwick & Hale too
        facts.people[pid].company_id = 3
    return facts


@pytest.mark.parametrize("tone", TONES)
def test_notes_to_a_mailbox_greet_neutrally_and_review_clean(tone):
    facts = _facts()
    requests = [DraftRequest(kind=K.THANK_YOU, person_id=4, opportunity_id=1, interview_id=1),
                DraftRequest(kind=K.STATUS_CHECK, person_id=4, opportunity_id=1),
                DraftRequest(kind=K.KEEP_WARM, person_id=4, opportunity_id=1),
                DraftRequest(kind=K.CLOSING_THE_LOOP, person_id=4, opportunity_id=1),
                DraftRequest(kind=K.CARD, person_id=4, opportunity_id=1, interview_id=1)]
    drafts = [compose(facts, r, tone, TEMPLATES) for r in requests]
    for d in drafts:
        first_line = d.body.splitlines()[0]
        expected = "Dear Hiring Team," if d.kind is K.CARD else NEUTRAL[tone]
        assert first_line == expected, d.body
        assert "Fenwick," not in d.body and "Hi Fenwick" not in d.body
    assert problems(review_drafts(facts, drafts)) == []


@pytest.mark.parametrize("tone", TONES)
def test_people_are_still_greeted_by_name(tone):
    facts = _facts()
    note = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1),
                   tone, TEMPLATES)
    assert note.body.splitlines()[0] == ("Dear Priya Raman," if tone == "formal" else "Hi Priya,")


def test_a_linkedin_note_to_a_mailbox_greets_neutrally():
    facts = _facts()
    for tone in TONES:
        note = compose(facts, DraftRequest(kind=K.LINKEDIN_NOTE, person_id=4, opportunity_id=1), tone, TEMPLATES)
        assert note.body.startswith(NEUTRAL[tone][:-1] + ", "), note.body


def test_a_gap_names_the_mailbox_whole():
    facts = _facts()
    facts.news = []
    note = compose(facts, DraftRequest(kind=K.KEEP_WARM, person_id=4, opportunity_id=1), "warm", TEMPLATES)
    assert note.gaps == [f"[news or a result of yours that {MAILBOX} cares about]"]


# -- the reviewer ---------------------------------------------------------------------------------

BODY = ("{greeting}\n\nThank you for organising my interview for the Senior Data Engineer role at "
        "Fenwick & Hale. Everything ran smoothly.\n\nBest,\nAlex Morgan")


def wrong_names(greeting: str, recipient: str = MAILBOX, company: str = "Fenwick & Hale"):
    context = ReviewContext(kind="thank_you", recipient_name=recipient, company=company,
                            other_companies=["Northwind Analytics"])
    return [f for f in review(None, BODY.format(greeting=greeting), context) if f.code == "wrong-name"]


@pytest.mark.parametrize("greeting", ["Hello,", "Dear Hiring Team,", "Hi team,", "Dear Fenwick & Hale Talent,",
                                      "Dear Fenwick & Hale team,", "Dear Sir or Madam,"])
def test_the_reviewer_accepts_a_neutral_greeting_to_a_mailbox(greeting):
    assert wrong_names(greeting) == []


@pytest.mark.parametrize("greeting", ["Hi Fenwick,", "Dear Hale,", "Hi Priya,"])
def test_the_reviewer_reports_a_first_name_given_to_a_mailbox(greeting):
    (found,) = wrong_names(greeting)
    assert "team or company address" in found.message
    assert "Hello," in found.suggestion and "Dear Hiring Team," in found.suggestion


def test_the_reviewer_reports_a_company_greeted_as_a_person():
    (found,) = wrong_names("Hi Northwind,", recipient="Northwind Analytics", company="Northwind Analytics")
    assert "team or company address" in found.message
    assert wrong_names("Hi Priya,", recipient="Priya Raman") == []  # a person: as before
