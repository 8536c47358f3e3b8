"""A share-news note's subject says what it brings (found by a tester: "Something on Data Platform
Engineer" and "Something on Kafka ingestion" read as vague, and the review let them through):
their company's news is congratulated, an article is called one, and a result of yours is an
update on what it matched (or since the interview, when nothing is known to match)."""

from __future__ import annotations

from datetime import date

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.draft import TONES
from afterview.domain.model import Company, NewsItem, NewsKind

from tests.composer.helpers import K, TEMPLATES, panel_facts, problems, review_drafts


def _subject(facts, tone: str) -> str:
    note = compose(facts, DraftRequest(kind=K.SHARE_NEWS, person_id=1, opportunity_id=1), tone, TEMPLATES)
    assert problems(review_drafts(facts, [note])) == []
    return note.subject


@pytest.mark.parametrize("tone", TONES)
def test_a_result_of_yours_is_an_update_naming_what_it_matched(tone):
    facts = panel_facts()
    facts.news = [NewsItem(id=1, title="Passed the Kafka certification", tags=["kafka", "streaming"],
                           happened_on=date(2026, 11, 20))]
    subject = _subject(facts, tone)
    assert "Something on" not in subject
    assert subject.startswith(("An update on ", "A recent result on "))
    # what it matched: the topic Priya discussed ("moving the nightly batch jobs to streaming ..."),
    # cut on a word to fit the subject line
    assert subject.split(" on ", 1)[1].startswith("moving the nightly batch jobs"), subject
    assert len(subject) <= 60


@pytest.mark.parametrize("tone", TONES)
def test_an_article_is_called_one(tone):
    facts = panel_facts()
    facts.news = [NewsItem(id=1, kind=NewsKind.NEWS, title="Exactly-once delivery in practice", tags=["streaming"],
                           happened_on=date(2026, 11, 20))]
    subject = _subject(facts, tone)
    assert subject.startswith("An article on ") and len(subject) <= 60, subject


@pytest.mark.parametrize("tone", TONES)
def test_their_company_news_is_congratulated(tone):
    facts = panel_facts()
    company = facts.opportunities[1].company_id
    facts.companies[company] = Company(id=company, name="Fenwick & Hale")
    facts.news = [NewsItem(id=5, kind=NewsKind.NEWS, company_id=company, title="Fenwick & Hale opens a Berlin office",
                           happened_on=date(2026, 11, 25))]
    assert _subject(facts, tone) == "Congratulations on the news at Fenwick & Hale"
