"""A note never asserts what nobody recorded (a hiring manager read the drafts):

- rapport "loves sailing" read "we share an interest in loves sailing", "ex-Google" "we share an
  interest in ex-Google": rapport is said as what it is, and never as a shared interest;
- "I appreciated how openly you talked about the work ahead.", "It fits the problems your team
  described.": gone;
- a concern answered with "Your question deserved a fuller answer ..." named no question: it is
  named when the concern note reads as its subject, and the user is told otherwise;
- "my interviews at Brisk Analytics GmbH": a note names the company without its legal form;
- a LinkedIn note to a coordinator with no debrief asked for a topic: it thanks them for
  arranging the interviews;
- a share-news subject "An update on the Kubernetes migration from ECS" for the user's own exam
  result read as news of their project;
- eight panel members with one topic: two notes opened with the same sentence word for word.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.context import TOPIC_WORDING, build_context
from afterview.domain.model import (
    Company, Debrief, Facts, Interview, NewsItem, Opportunity, Participant, Person, Profile, Role,
)
from tests.composer.helpers import K, TEMPLATES, TONES, UTC, compose_all, panel_facts, problems, review_drafts


def thank_you(facts, person=2, tone="warm"):
    return compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=person, opportunity_id=1, interview_id=1),
                   tone, TEMPLATES)


def hints(draft, start="") -> list[str]:
    return [g.placeholder for g in draft.asks
            if g.optional and g.field == TOPIC_WORDING and g.placeholder.startswith(start)]


# -- rapport -------------------------------------------------------------------------------------


@pytest.mark.parametrize("tone", ["warm", "formal"])
@pytest.mark.parametrize("rapport, said", [
    ("loves sailing", "that you love sailing."),
    ("grew up in Detroit", "that you grew up in Detroit."),
    ("also watches Formula 1", "that you also watch Formula 1."),
    ("sailing", "about sailing."),
    ("the Detroit Tigers", "about the Detroit Tigers."),
    ("both grew up in Detroit", ": we both grew up in Detroit."),
])
def test_rapport_reads_as_what_it_is_and_never_as_a_shared_interest(tone, rapport, said):
    facts = panel_facts()
    facts.debriefs[1].rapport = [rapport]
    note = thank_you(facts, 2, tone)
    assert said in note.body, note.body
    assert not re.search(r"share[ds]? (an )?interest|interest in (loves|sailing|grew|the Detroit|also)", note.body), \
        note.body
    assert hints(note, "the rapport") == []


@pytest.mark.parametrize("tone", ["warm", "formal"])
@pytest.mark.parametrize("rapport", ["ex-Google", "she's ex-Google", "former Googler", "Tigers fan", "from Kyiv"])
def test_rapport_no_sentence_can_carry_is_left_out_and_told(tone, rapport):
    facts = panel_facts()
    facts.debriefs[1].rapport = [rapport]
    note = thank_you(facts, 2, tone)
    assert rapport not in note.body and "common ground" not in note.body, note.body
    (hint,) = hints(note, "the rapport")
    assert hint.startswith(f"the rapport '{rapport}' is left out") and "Tom" in hint, hint
    assert note.gaps == []


# -- nothing nobody recorded -------------------------------------------------------------------

UNRECORDED = ("openly", "challenges", "problems your team", "needs you described", "team's priorities",
              "where it is heading", "honest look", "frankness", "priorities of the team", "team's ambitions",
              "goals and plans", "its plans", "its objectives")


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("kind", [K.THANK_YOU, K.CARD])
def test_no_wording_claims_what_was_not_recorded(tone, kind):
    facts = panel_facts()
    for with_result in (True, False):
        if not with_result:
            facts.news = []
        context = build_context(facts, DraftRequest(kind=kind, person_id=1, opportunity_id=1, interview_id=1),
                                tone)
        for variant in range(14):
            body = TEMPLATES.render(context.template, tone, {**context.variables, "variant": variant}).body
            assert not [w for w in UNRECORDED if w in body], (variant, body)


# -- a concern: naming their question ------------------------------------------------------------


@pytest.mark.parametrize("tone", TONES)
def test_a_concern_note_that_reads_as_the_subject_of_their_question_is_named(tone):
    facts = panel_facts()
    facts.debriefs[0].concerns = ["leading on-call -> I led the on-call rotation for our payments team for a year"]
    note = thank_you(facts, 1, tone)
    assert re.search(r"(question about|answer on|thought on) leading on-call", note.body), note.body
    assert "I led the on-call rotation for our payments team for a year." in note.body
    assert hints(note, "the note answers") == []
    assert problems(review_drafts(facts, [note])) == []


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("person, note_of_it", [(1, "no on-call lead exp"), (3, "not enough exp with dbt")])
def test_a_concern_note_that_names_no_question_is_not_quoted_and_the_user_is_told(tone, person, note_of_it):
    facts = panel_facts()
    facts.debriefs[person - 1].concerns = [f"{note_of_it} -> I led the on-call rotation for a year"]
    note = thank_you(facts, person, tone)
    assert "I led the on-call rotation for a year." in note.body and note_of_it not in note.body
    (hint,) = hints(note, "the note answers")
    assert f"your concern '{note_of_it}' without naming" in hint and "'my on-call experience -> ...'" in hint, hint


def test_a_concern_about_pay_is_never_named_nor_hinted():
    facts = panel_facts()
    facts.debriefs[2].concerns = ["salary expectations -> I am flexible on the package for the right role"]
    note = thank_you(facts, 3, "warm")
    assert "salary" not in note.body and hints(note, "the note answers") == []


# -- the company as people say it --------------------------------------------------------------


@pytest.mark.parametrize("stored, said", [
    ("Brisk Analytics GmbH", "Brisk Analytics"), ("Acme Robotics, Inc.", "Acme Robotics"), ("Tailspin Ltd", "Tailspin"),
    ("Globex LLC", "Globex"), ("Nestlé S.A.", "Nestlé"), ("Siemens AG", "Siemens"), ("Barclays plc", "Barclays"),
    ("Booking B.V.", "Booking"), ("Sony Group Co., Ltd.", "Sony Group"), ("Foo GmbH & Co. KG", "Foo"),
    ("Acme Pty Ltd", "Acme"), ("Fenwick & Co.", "Fenwick & Co."), ("Halvorsen Freight", "Halvorsen Freight"),
    ("The AG Company", "The AG Company"), ("Inc.", "Inc."),
])
def test_common_name(stored, said):
    from afterview.composer.context import common_name

    assert common_name(stored) == said


@pytest.mark.parametrize("tone", TONES)
def test_a_note_names_the_company_without_its_legal_form_and_passes_the_company_rule(tone):
    facts = panel_facts()
    facts.companies[1].name = "Brisk Analytics GmbH"
    facts.companies[3] = Company(id=3, name="Halvorsen Freight Ltd")  # another process in the pipeline
    facts.opportunities[2] = Opportunity(id=2, company_id=3, role="Platform Engineer")
    drafts = compose_all(facts, tone)
    assert any("Brisk Analytics" in d.body for d in drafts)
    for draft in drafts:
        assert "GmbH" not in draft.subject + draft.body, draft.body
    reviewed = review_drafts(facts, drafts)
    assert [f for _, fs in reviewed for f in fs if f.code == "wrong-company"] == []
    assert problems(reviewed) == []


# -- a LinkedIn note to who arranged the interviews -----------------------------------------------


@pytest.mark.parametrize("tone", TONES)
def test_a_linkedin_note_to_a_coordinator_with_no_debrief_thanks_them_for_arranging(tone):
    facts = panel_facts()
    facts.debriefs = [d for d in facts.debriefs if d.person_id != 3]  # Lena, the coordinator: nothing recorded
    note = compose(facts, DraftRequest(kind=K.LINKEDIN_NOTE, person_id=3, opportunity_id=1), tone, TEMPLATES)
    assert note.gaps == [] and "[topic" not in note.body, note.body
    assert "arranging my" in note.body and "Northwind Analytics" in note.body, note.body
    assert problems(review_drafts(facts, [note])) == []


def test_a_linkedin_note_to_a_recruiter_who_held_the_screen_thanks_them_for_the_conversation():
    facts = panel_facts()
    facts.interviews[1].participants = [Participant(person_id=3, role=Role.RECRUITER)]
    facts.debriefs = [d for d in facts.debriefs if d.person_id != 3]
    for tone in TONES:
        note = compose(facts, DraftRequest(kind=K.LINKEDIN_NOTE, person_id=3, opportunity_id=1), tone, TEMPLATES)
        assert note.gaps == [] and "conversation about the Senior Data Engineer" in note.body, note.body
        assert "arranging" not in note.body


# -- a share-news subject says what it brings ----------------------------------------------------


@pytest.mark.parametrize("tone", TONES)
def test_your_own_result_is_never_titled_an_update_on_their_topic(tone):
    facts = panel_facts()
    facts.debriefs[1].topics = ["the Kubernetes migration from ECS"]
    facts.people[2].tags = []
    facts.news = [NewsItem(id=1, title="Passed the CKA exam", tags=["kubernetes migration"],
                           happened_on=date(2026, 11, 20))]
    note = compose(facts, DraftRequest(kind=K.SHARE_NEWS, person_id=2, opportunity_id=1), tone, TEMPLATES)
    assert not note.subject.startswith(("An update on", "A recent result on")), note.subject
    assert re.match(r"(Some news of mine|A recent result of mine|My news)\b", note.subject), note.subject
    assert len(note.subject) <= 60


# -- a panel that shares one topic ---------------------------------------------------------------

NAMES = ["Fiona Blake", "George Hunt", "Hannah Moss", "Ian Shaw", "Julia Stone", "Karl Voss", "Liam Ford",
         "Mona Reid", "Nina Patel", "Owen Gray", "Pia Berg", "Quinn Roy", "Rosa Diaz", "Sven Holm"]


def oakridge(size: int) -> Facts:
    facts = Facts(profile=Profile(name="Riya Kapoor", phone="+44 7700 900222", email="riya@mail.example",
                                  country="GB"))
    facts.companies[1] = Company(id=1, name="Oakridge Bank")
    facts.opportunities[1] = Opportunity(id=1, company_id=1, role="Risk Analyst")
    for pid in range(1, size + 1):
        facts.people[pid] = Person(id=pid, name=NAMES[pid - 1], company_id=1)
    facts.interviews[1] = Interview(
        id=1, opportunity_id=1, timezone="Europe/London", stage="assessment centre",
        start=datetime(2026, 5, 5, 9, tzinfo=UTC), end=datetime(2026, 5, 5, 12, tzinfo=UTC),
        participants=[Participant(person_id=pid) for pid in range(1, size + 1)])
    facts.debriefs = [Debrief(id=pid, interview_id=1, person_id=pid, topics=["the Basel III capital model rebuild"])
                      for pid in range(1, size + 1)]
    return facts


def _opening(body: str) -> str:
    return re.split(r"(?<=[.!?])\s+", body.split("\n\n")[1])[0]


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("size", [8, 14])
def test_a_panel_of_up_to_fourteen_never_shares_an_opening_sentence(tone, size):
    facts = oakridge(size)
    notes = [thank_you(facts, pid, tone) for pid in range(1, size + 1)]
    openings = [_opening(n.body) for n in notes]
    assert len(set(openings)) == size, openings
    assert problems(review_drafts(facts, notes[:8])) == []


@pytest.mark.parametrize("tone", TONES)
def test_a_panel_that_shares_a_topic_is_told_they_will_read_the_same_point(tone):
    facts = oakridge(8)
    for pid in (1, 8):
        note = thank_you(facts, pid, tone)
        (hint,) = hints(note, "your notes to")
        others = [n.split()[0] for n in NAMES[:8] if n != NAMES[pid - 1]]
        assert f"your notes to {', '.join(others[:3])} and 4 others name the topic " \
               f"'the Basel III capital model rebuild' too" in hint, hint
        assert f"afterview debrief 1 --person {pid}" in hint
    card = compose(facts, DraftRequest(kind=K.CARD, person_id=2, opportunity_id=1, interview_id=1), tone, TEMPLATES)
    assert hints(card, "your notes to")
    facts.debriefs[1].topics = ["stress testing the loan book"]  # George now has a topic of his own
    assert hints(thank_you(facts, 2, tone), "your notes to") == []


def test_a_panel_with_topics_of_their_own_gets_no_such_hint():
    facts = panel_facts()
    for pid in (1, 2):
        for tone in TONES:
            assert hints(thank_you(facts, pid, tone), "your note") == []
