"""How a note names what news relates to, and what it calls an exam passed.

- A tag that matched is named as the news has it, a word written with a capital elsewhere (a
  title, a topic) keeping it: "Some news of mine related to Kubernetes", never "kubernetes".
- An exam or a certification passed is "something new" of yours in a thank-you, never "a
  result from my own work".
- A concern whose question cannot be named is answered without naming it, and the draft says
  how to have it named.
"""

from __future__ import annotations

from datetime import date

import pytest

from afterview.composer import DraftRequest, compose, context
from afterview.composer.draft import TONES
from afterview.domain.model import NewsItem
from tests.composer.helpers import K, TEMPLATES, panel_facts, problems, review_drafts


def _kubernetes_facts():
    facts = panel_facts()
    facts.people[1].tags = ["kubernetes"]  # typed in lower case
    facts.debriefs[0].topics = ["event sourcing for the ledger"]
    facts.news = [NewsItem(id=1, title="Passed the Certified Kubernetes Administrator exam", tags=["kubernetes"],
                           detail="Passed the CKA with 91%.", happened_on=date(2026, 11, 20))]
    return facts


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("kind", [K.SHARE_NEWS, K.KEEP_WARM])
def test_a_tag_keeps_the_capital_you_gave_its_name_elsewhere(tone, kind):
    facts = _kubernetes_facts()
    note = compose(facts, DraftRequest(kind=kind, person_id=1, opportunity_id=1), tone, TEMPLATES)
    assert "interest in Kubernetes" in note.body, note.body
    assert "kubernetes" not in (note.subject + note.body), (note.subject, note.body)
    if kind is K.SHARE_NEWS:
        assert note.subject.endswith("related to Kubernetes"), note.subject
    assert problems(review_drafts(facts, [note])) == []


def test_the_tag_is_said_as_the_news_has_it():
    facts = _kubernetes_facts()
    facts.news[0].tags = ["Kubernetes"]
    facts.news[0].title = "Passed the CKA exam"
    note = compose(facts, DraftRequest(kind=K.SHARE_NEWS, person_id=1, opportunity_id=1), "warm", TEMPLATES)
    assert "interest in Kubernetes" in note.body, note.body


def test_a_tag_written_in_lower_case_everywhere_stays_so():
    facts = panel_facts()  # Priya's tag "data contracts"; the article "Published an article on data contracts"
    facts.debriefs[0].topics = ["the hybrid schedule"]
    note = compose(facts, DraftRequest(kind=K.SHARE_NEWS, person_id=1, opportunity_id=1, news_id=2), "warm",
                   TEMPLATES)
    assert "data contracts" in note.body and "Data contracts" not in note.body, note.body


def test_a_title_in_title_case_says_nothing_of_names():
    facts = _kubernetes_facts()
    facts.people[1].tags = ["talks"]
    facts.news = [NewsItem(id=1, title="Kafka Summit Talks Accepted", tags=["talks"], happened_on=date(2026, 11, 20))]
    note = compose(facts, DraftRequest(kind=K.SHARE_NEWS, person_id=1, opportunity_id=1), "warm", TEMPLATES)
    assert "interest in talks" in note.body, note.body


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("wording", range(7))
def test_an_exam_passed_is_not_a_result_of_your_work(tone, wording, monkeypatch):
    monkeypatch.setattr(context, "variant", lambda *_: wording)  # each wording of each sentence
    facts = panel_facts()  # Priya's strength: "Passed the Confluent Certified Developer ... exam"
    note = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1),
                   tone, TEMPLATES)
    assert "Confluent Certified Developer" in note.body, note.body
    lowered = note.body.lower()
    for said in ("my own work", "work i have done", "related work", "result", "kind of work",
                 "that experience", "this experience"):
        assert said not in lowered, (said, note.body)


def test_work_of_yours_is_still_a_result():
    facts = panel_facts()
    facts.news[0].title = "Cut the nightly batch runtime by 60%"
    note = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1), "warm",
                   TEMPLATES)
    assert "result" in note.body.lower() or "work" in note.body.lower(), note.body


def test_a_concern_that_cannot_be_named_is_answered_with_a_hint():
    facts = panel_facts()
    facts.debriefs[0].concerns = ["little Go experience -> I shipped two Go services to production in 2025"]
    note = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1), "warm",
                   TEMPLATES)
    assert "I shipped two Go services to production in 2025." in note.body
    assert "little Go" not in note.body
    [hint] = [a for a in note.asks if a.optional and "little Go experience" in a.placeholder]
    assert "without naming Priya's question" in hint.placeholder
