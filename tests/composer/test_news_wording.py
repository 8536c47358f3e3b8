"""Keep-in-touch and share-news notes: a recorded title reads right where it stands, company news
does not name the company twice, and the note cites what the news matched."""

from __future__ import annotations

from datetime import date

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.draft import TONES
from afterview.composer.templates import make_environment
from afterview.domain.model import Company, Debrief, NewsItem, NewsKind
from tests.composer.helpers import K, TEMPLATES, panel_facts, problems, review_drafts

inline = make_environment().filters["inline"]


@pytest.mark.parametrize("title, told", [
    ("Passed the Kafka certification", "passed the Kafka certification"),
    ("Completed a course on stream processing", "completed a course on stream processing"),
    ("Joined Globex as Staff Data Engineer", "joined Globex as Staff Data Engineer"),
    ("A talk accepted at PyCon", "a talk accepted at PyCon"),
    ("Kafka Summit talk accepted", "Kafka Summit talk accepted"),  # a name keeps its capital
    ("AWS Solutions Architect certification", "AWS Solutions Architect certification"),
    ("iOS app shipped", "iOS app shipped"),
    ("PASSED the exam", "PASSED the exam"),  # written in capitals: as written
    ("Promotion to Staff Engineer", "Promotion to Staff Engineer"),  # not sure: as written
    ("[news or a result of yours]", "[news or a result of yours]"),
    ("", ""),
])
def test_a_title_inside_a_sentence_changes_at_most_its_first_letter(title, told):
    assert inline(title) == told


def kafka_facts():
    facts = panel_facts()
    facts.news = [NewsItem(id=1, title="Passed the Kafka certification", tags=["kafka", "streaming"],
                           happened_on=date(2026, 11, 20))]
    return facts


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("kind", [K.KEEP_WARM, K.SHARE_NEWS])
def test_your_news_is_not_pasted_with_its_capital_mid_sentence(tone, kind):
    facts = kafka_facts()
    note = compose(facts, DraftRequest(kind=kind, person_id=1, opportunity_id=1), tone, TEMPLATES)
    assert ": passed the Kafka certification." in note.body, note.body
    assert "Passed the Kafka" not in note.body
    assert problems(review_drafts(facts, [note])) == []


@pytest.mark.parametrize("tone", TONES)
def test_a_title_that_starts_with_a_name_keeps_it(tone):
    facts = kafka_facts()
    facts.news[0].title = "Kafka Summit talk accepted"
    note = compose(facts, DraftRequest(kind=K.KEEP_WARM, person_id=1, opportunity_id=1), tone, TEMPLATES)
    assert ": Kafka Summit talk accepted." in note.body


def company_news(title: str):
    facts = panel_facts()
    facts.companies[1] = Company(id=1, name="Fenwick & Hale")
    facts.news = [NewsItem(id=5, kind=NewsKind.NEWS, company_id=1, title=title, happened_on=date(2026, 11, 25))]
    return facts


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("kind", [K.KEEP_WARM, K.SHARE_NEWS])
def test_company_news_that_names_the_company_does_not_name_it_again(tone, kind):
    facts = company_news("Fenwick & Hale wins Data Team of the Year")
    note = compose(facts, DraftRequest(kind=kind, person_id=1, opportunity_id=1, news_id=5), tone, TEMPLATES)
    opening = note.body.split("\n\n")[1].split("Year")[0]
    assert opening.count("Fenwick & Hale") == 1, note.body
    assert "news at Fenwick & Hale" not in note.body
    assert "Fenwick & Hale wins Data Team of the Year" in note.body
    assert problems(review_drafts(facts, [note])) == []


@pytest.mark.parametrize("tone", TONES)
def test_company_news_that_does_not_name_it_says_whose_it_is(tone):
    facts = company_news("Data Team of the Year award for the platform group")
    note = compose(facts, DraftRequest(kind=K.KEEP_WARM, person_id=1, opportunity_id=1, news_id=5), tone, TEMPLATES)
    assert "news at Fenwick & Hale" in note.body


def databricks_facts():
    """Priya discussed Databricks first and data contracts second; the article is on data contracts."""
    facts = panel_facts()
    facts.people[1].tags = []
    facts.debriefs[0] = Debrief(id=1, interview_id=1, person_id=1,
                                topics=["the Databricks migration", "data contracts between product teams"])
    facts.news = [NewsItem(id=2, kind=NewsKind.NEWS, title="A practical guide to data contracts",
                           link="https://blog.example/data-contracts", happened_on=date(2026, 11, 10),
                           tags=["data contracts"])]
    return facts


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("kind", [K.KEEP_WARM, K.SHARE_NEWS])
def test_the_note_cites_the_topic_the_news_matched(tone, kind):
    facts = databricks_facts()
    note = compose(facts, DraftRequest(kind=kind, person_id=1, opportunity_id=1), tone, TEMPLATES)
    assert "data contracts between product teams" in note.body, note.body
    assert "Databricks" not in note.body
    assert problems(review_drafts(facts, [note])) == []


@pytest.mark.parametrize("tone", TONES)
def test_an_interest_that_matched_is_cited_as_an_interest(tone):
    facts = databricks_facts()
    facts.debriefs[0].topics = ["the Databricks migration"]
    facts.people[1].tags = ["data contracts"]
    note = compose(facts, DraftRequest(kind=K.KEEP_WARM, person_id=1, opportunity_id=1), tone, TEMPLATES)
    assert "interest in data contracts" in note.body, note.body
    assert "conversation about data contracts" not in note.body and "discussion of data contracts" not in note.body
    assert problems(review_drafts(facts, [note])) == []
