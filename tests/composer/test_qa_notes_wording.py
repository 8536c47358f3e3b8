"""The drafted notes read as their recipients would read them (a tester's findings).

Two topics are "them"; a certificate is not followed by an offer to explain "the approach"; an
answer to a concern names that a question came up and opens its paragraph instead of following
"keen to work together"; a status check ties no interest to the relocation timeline; the
concise note is shorter than the warm one yet keeps the rapport; a company's headline is not
quoted as an apposition, nor a share-news note opened with "As we discussed"; and a greeting that
carries a title is never "Hi".
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from statistics import mean

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.context import about_logistics, build_context
from afterview.composer.draft import TONES
from afterview.domain.model import Company, NewsItem, NewsKind
from afterview.reviewer.text import Doc
from tests.composer.helpers import K, TEMPLATES, panel_facts, problems, review_drafts

THANKS = dict(kind=K.THANK_YOU, opportunity_id=1, interview_id=1)


def _variants(facts, person_id: int, tone: str, **overrides):
    """The thank-you to `person_id` in every wording a panel can reach."""
    context = build_context(facts, DraftRequest(person_id=person_id, **THANKS), tone)
    for variant in range(98):
        yield TEMPLATES.render(context.template, tone, {**context.variables, **overrides, "variant": variant}).body


def test_two_topics_are_them():
    bodies = list(_variants(panel_facts(), 1, "formal"))
    two = [b for b in bodies if "I particularly valued our discussion of" in b]
    assert two and all("care with which you explained them" in b for b in two), two[0]
    assert not any("explained it" in b for b in two)
    one = list(_variants(panel_facts(), 1, "formal", topic2=""))
    assert any("care with which you explained it." in b for b in one)
    assert not any("explained them" in b for b in one)


EARNED = {"title": "Earned the AWS Solutions Architect certification", "detail": "", "link": "", "kind": "achievement",
          "day": "", "earned": True}
METHOD = re.compile(r"\b(approach|step by step|how I got there|how it was (?:achieved|done)|how this was achieved|"
                    r"story|method)\b", re.I)


@pytest.mark.parametrize("tone", TONES)
def test_a_certificate_is_not_followed_by_a_method(tone):
    for body in _variants(panel_facts(), 2, tone, strength=EARNED):
        assert "AWS Solutions Architect certification" in body
        assert not METHOD.search(body), body


def _paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n\n") if p.strip()]


@pytest.mark.parametrize("tone", TONES)
def test_an_answer_names_the_question_and_opens_its_paragraph(tone):
    answer = "Since then I have run Kafka in production for a client's order events."
    for body in _variants(panel_facts(), 1, tone, concern_about="", strength=False):
        paragraph = next(p for p in _paragraphs(body) if answer in p)
        lead = paragraph.split(answer)[0]
        assert re.search(r"\bquestions?\b", lead), body  # "A question came up ...", never "Let me add a thought"
        assert lead.count(".") == 1, body  # nothing before the lead-in in its paragraph
        assert "Your question deserved" not in body and "on your question." not in body


@pytest.mark.parametrize("tone", TONES)
def test_the_recruiters_note_names_the_question_too(tone):
    answer = "I have since run Kafka in production."
    for body in _variants(panel_facts(), 3, tone, concern_answer="I have since run Kafka in production",
                          concern_about=""):
        paragraph = next(p for p in _paragraphs(body) if answer in p)
        lead = paragraph.split(answer)[0]
        assert re.search(r"\bquestions?\b", lead) and lead.count(".") == 1, body


def test_logistics_are_no_reason_for_interest():
    assert about_logistics("relocation timeline") and about_logistics("my notice period")
    assert about_logistics("the start date") and about_logistics("visa sponsorship")
    assert not about_logistics("relocating the data centre") and not about_logistics("data governance")
    facts = panel_facts()
    facts.debriefs[0] = dataclasses.replace(facts.debriefs[0], topics=["relocation timeline"])
    for tone in TONES:
        note = compose(facts, DraftRequest(kind=K.STATUS_CHECK, person_id=1, opportunity_id=1), tone, TEMPLATES)
        assert "relocation" not in note.body, note.body
        assert note.body.lower().count("timeline") == 1, note.body
    facts.debriefs[0] = dataclasses.replace(facts.debriefs[0], topics=["relocation timeline", "data quality"])
    note = compose(facts, DraftRequest(kind=K.STATUS_CHECK, person_id=1, opportunity_id=1), "warm", TEMPLATES)
    assert "especially after our conversation about data quality" in note.body, note.body


def _thin():
    """Mary-Jane's debrief: one topic, nothing else; no result of yours."""
    facts = panel_facts()
    facts.news = []
    facts.debriefs = [dataclasses.replace(d, topics=["data quality"], concerns=[], promises=[], rapport=[])
                      for d in facts.debriefs]
    return facts


def test_concise_is_shorter_than_warm_yet_long_enough():
    for facts, person in ((_thin(), 1), (panel_facts(), 1), (panel_facts(), 2)):
        words = {tone: [Doc(b).word_count() for b in _variants(facts, person, tone)] for tone in ("warm", "concise")}
        assert mean(words["concise"]) < 0.9 * mean(words["warm"]), {t: mean(w) for t, w in words.items()}
    thin = [len(re.findall(r"\b[\w'-]+\b", b)) for b in _variants(_thin(), 1, "concise")]
    assert mean(thin) >= 100, mean(thin)  # the playbook's 100-200, as the whole note counts
    reviewed = review_drafts(_thin(), [compose(_thin(), DraftRequest(person_id=1, **THANKS), "concise", TEMPLATES)])
    assert problems(reviewed) == []


@pytest.mark.parametrize("kind, line", [("theirs", "Nice to find out that you love sailing."),
                                         ("shared", "Nice to find common ground: we both ran the Chicago marathon."),
                                         ("topic", "Nice to chat about sailing too.")])
def test_concise_keeps_the_rapport(kind, line):
    rapport = {"theirs": "you love sailing", "shared": "we both ran the Chicago marathon", "topic": "sailing"}[kind]
    body = next(_variants(panel_facts(), 2, "concise", rapport=rapport, rapport_kind=kind))
    assert line in _paragraphs(body)[1], body


def _company_news(title: str):
    facts = panel_facts()
    facts.companies[1] = Company(id=1, name="Brisk Analytics")
    facts.news = [NewsItem(id=5, kind=NewsKind.NEWS, company_id=1, title=title, happened_on=date(2026, 11, 25))]
    return facts


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("kind", [K.KEEP_WARM, K.SHARE_NEWS])
def test_a_headline_is_not_quoted_as_an_apposition(tone, kind):
    facts = _company_news("Series B funding for the analytics platform")
    for variant in range(4):
        request = DraftRequest(kind=kind, person_id=1, opportunity_id=1, news_id=5)
        context = build_context(facts, request, tone)
        body = TEMPLATES.render(context.template, tone, {**context.variables, "variant": variant}).body
        assert "\u201c" not in body and "\u201d" not in body, body
        assert ": Series B funding for the analytics platform" in body, body


@pytest.mark.parametrize("tone", TONES)
def test_share_news_does_not_open_with_as_we_discussed(tone):
    facts = panel_facts()
    for variant in range(8):
        request = DraftRequest(kind=K.SHARE_NEWS, person_id=1, opportunity_id=1, news_id=1)
        context = build_context(facts, request, tone)
        body = TEMPLATES.render(context.template, tone, {**context.variables, "variant": variant}).body
        assert "As we discussed" not in body, body


def _greeting(name: str, tone: str, greet_as: str = "", country: str = "") -> str:
    facts = panel_facts()
    facts.people[1].name, facts.people[1].greet_as, facts.people[1].country = name, greet_as, country
    note = compose(facts, DraftRequest(person_id=1, **THANKS), tone, TEMPLATES)
    assert problems(review_drafts(facts, [note])) == []
    return note.body.splitlines()[0]


@pytest.mark.parametrize("tone", TONES)
def test_a_greeting_with_a_title_is_never_hi(tone):
    assert _greeting("Ravi Shankar", tone, greet_as="Dr. Shankar") == "Dear Dr. Shankar,"
    assert _greeting("Prof. Dr. Anna Schmidt", tone, country="DE-BE") == "Dear Prof. Dr. Schmidt,"
    assert _greeting("Dr. med. Anna Schmidt", tone, country="AT") == "Dear Dr. med. Schmidt,"


@pytest.mark.parametrize("tone", ["warm", "concise"])
def test_a_first_name_greeting_stays_where_titles_are_not_part_of_the_address(tone):
    assert _greeting("Prof. Dr. Anna Schmidt", tone, country="US") == "Hi Anna,"
    assert _greeting("Herr Klaus Müller", tone, country="DE") == "Hi Klaus,"  # a title of courtesy only
    assert _greeting("Ravi Shankar", tone, greet_as="Ravi") == "Hi Ravi,"
