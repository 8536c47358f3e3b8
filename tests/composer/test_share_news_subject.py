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
def test_a_result_of_yours_is_news_of_yours_related_to_what_it_matched(tone):
    facts = panel_facts()
    facts.news = [NewsItem(id=1, title="Passed the Kafka certification", tags=["kafka", "streaming"],
                           happened_on=date(2026, 11, 20))]
    subject = _subject(facts, tone)
    assert "Something on" not in subject
    # it says the note brings a result of yours ("An update on <their topic>" read as news of
    # their project), naming what it matched only when that fits whole: never a cut fragment
    # what it matched, the topic Priya discussed ("moving the nightly batch jobs to streaming"),
    # does not fit whole: the subject says what the note brings without it
    assert subject in ("Some news of mine since we spoke", "A recent result of mine",
                       "My news since our Senior Data Engineer interview"), subject
    facts.debriefs[0].topics = ["streaming"]
    subject = _subject(facts, tone)
    assert subject in ("Some news of mine related to streaming", "A recent result of mine related to streaming",
                       "My news, related to streaming"), subject


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
