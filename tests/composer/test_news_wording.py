"""Keep-in-touch and share-news notes: a recorded title reads right where it stands, company news
does not name the company twice, and the note cites what the news matched."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.draft import TONES
from afterview.composer.templates import make_environment
from afterview.domain.model import Company, Debrief, Message, MessageState, NewsItem, NewsKind
from tests.composer.helpers import K, TEMPLATES, panel_facts, problems, review_drafts

inline = make_environment().filters["inline"]


@pytest.mark.parametrize("title, told", [
    # a verb in the past tense with no subject: "I", and only its capital lowered
    ("Passed the Kafka certification", "I passed the Kafka certification"),
    ("Completed a course on stream processing", "I completed a course on stream processing"),
    ("Joined Globex as Staff Data Engineer", "I joined Globex as Staff Data Engineer"),
    ("Earned the CKA Kubernetes certification", "I earned the CKA Kubernetes certification"),
    ("earned the CKA certification", "I earned the CKA certification"),
    ("Recently earned the CKA certification", "I recently earned the CKA certification"),
    ("Promoted to Staff Engineer", "I was promoted to Staff Engineer"),
    ("Accepted to speak at PyCon", "I was accepted to speak at PyCon"),
    ("Accepted an offer at Globex", "I accepted an offer at Globex"),
    # the first person already: as written
    ("I passed the CKA exam", "I passed the CKA exam"),
    ("I’ve joined the Kafka PMC", "I’ve joined the Kafka PMC"),
    # an article or a possessive: that first letter lowered
    ("A talk accepted at PyCon", "a talk accepted at PyCon"),
    ("My talk was accepted at PyCon", "my talk was accepted at PyCon"),
    ("The AWS certification", "the AWS certification"),
    # a noun phrase, a name, an acronym: quoted as written, no letter changed
    ("Kafka Summit talk accepted", "“Kafka Summit talk accepted”"),
    ("Kafka certification", "“Kafka certification”"),
    ("New role at Acme", "“New role at Acme”"),
    ("AWS Solutions Architect certification", "“AWS Solutions Architect certification”"),
    ("Certified Kubernetes Administrator", "“Certified Kubernetes Administrator”"),
    ("iOS app shipped", "“iOS app shipped”"),
    ("PASSED the exam", "“PASSED the exam”"),  # written in capitals: as written
    ("Promotion to Staff Engineer", "“Promotion to Staff Engineer”"),
    ("“Kafka in practice”", "“Kafka in practice”"),  # already quoted
    ("[news or a result of yours]", "[news or a result of yours]"),
    ("", ""),
])
def test_a_title_inside_a_sentence_reads_as_a_sentence_of_yours(title, told):
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
    assert ": I passed the Kafka certification." in note.body, note.body
    assert "Passed the Kafka" not in note.body
    assert problems(review_drafts(facts, [note])) == []


@pytest.mark.parametrize("tone", TONES)
def test_a_title_that_starts_with_a_name_keeps_it(tone):
    facts = kafka_facts()
    facts.news[0].title = "Kafka Summit talk accepted"
    note = compose(facts, DraftRequest(kind=K.KEEP_WARM, person_id=1, opportunity_id=1), tone, TEMPLATES)
    assert ": “Kafka Summit talk accepted”." in note.body


# What the tester found: a title spliced in as a fragment with no subject. The note must tell it
# as a sentence: "I earned ...", "I was promoted ...", or the noun phrase quoted.
TOLD = [
    ("Earned the CKA Kubernetes certification", ": I earned the CKA Kubernetes certification."),
    ("Wrote a blog post on exactly-once streaming with Kafka",
     ": I wrote a blog post on exactly-once streaming with Kafka."),
    ("Published a talk on warehouse cost dashboards for Kafka", ": I published a talk on warehouse cost "
     "dashboards for Kafka."),
    ("I passed the CKA Kubernetes exam", ": I passed the CKA Kubernetes exam."),  # first person already
    ("Kafka certification", ": “Kafka certification”."),  # a noun phrase starting with a name
    ("New role at Acme, streaming Kafka events", ": “New role at Acme, streaming Kafka events”."),
    ("Promoted to lead the Kafka platform team", ": I was promoted to lead the Kafka platform team."),
]


def _fragment(body: str) -> bool:
    """A colon followed by a verb in the past tense with no subject (": earned the ...")."""
    import re
    return re.search(r": (?:earned|wrote|published|passed|promoted|joined)\b", body, re.I) is not None


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("kind", [K.KEEP_WARM, K.SHARE_NEWS])
@pytest.mark.parametrize("title, told", TOLD)
def test_keep_warm_and_share_news_tell_your_news_as_a_sentence(tone, kind, title, told):
    facts = kafka_facts()
    facts.news[0].title = title
    note = compose(facts, DraftRequest(kind=kind, person_id=1, opportunity_id=1), tone, TEMPLATES)
    assert told in note.body, note.body
    assert not _fragment(note.body), note.body
    assert problems(review_drafts(facts, [note])) == []


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("title, told", TOLD)
def test_the_second_status_check_tells_your_news_as_a_sentence(tone, title, told):
    facts = kafka_facts()
    facts.messages.append(Message(id=5, kind=K.STATUS_CHECK, person_id=1, opportunity_id=1, subject="x",
                                  body="Hi Priya, ...", state=MessageState.SENT, message_id="<s1@mail.example>",
                                  sent_at=datetime(2026, 11, 15, 10, tzinfo=timezone.utc)))
    facts.news[0].title = title
    note = compose(facts, DraftRequest(kind=K.STATUS_CHECK, person_id=1, opportunity_id=1, sequence=2), tone,
                   TEMPLATES)
    assert told in note.body, note.body
    assert not _fragment(note.body), note.body


@pytest.mark.parametrize("tone", TONES)
def test_the_result_a_thank_you_cites_is_told_as_a_sentence(tone):
    facts = panel_facts()  # Priya's note cites "Passed the Confluent Certified Developer ..."
    note = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1), tone,
                   TEMPLATES)
    assert ": I passed the Confluent Certified Developer for Apache Kafka exam." in note.body, note.body
    assert not _fragment(note.body)


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
