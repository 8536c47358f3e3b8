"""Every place a topic goes reads with a topic that opens with how/what/why/whether (templates.md
says those read fine bare). Found: "Hearing how your team approaches how they handle cluster
upgrades", "... of where how the team handles upgrades fits in", "Your explanation of how
Northwind approaches how ...".

Each built-in template is rendered in every tone, for many panel places, with such topics as the
first and the second topic (and as what a news item matched); the word before the topic in each
sentence must be one that a clause can follow ("about", "of", "on", "is" ...), never a verb that
wants a thing ("approaches", "framed") or "where".
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from afterview.composer import DraftRequest
from afterview.composer.context import build_context
from afterview.domain.model import NewsItem, NewsKind
from tests.composer.helpers import K, TEMPLATES, TONES, panel_facts

FIRST, SECOND = "how the team handles cluster upgrades", "whether to move the batch jobs to Kafka"
RECRUITERS = "what a good onboarding week looks like"
# what may come right before a topic that is a clause
BEFORE = {"about", "of", "on", "into", "is", "especially", "around", "regarding", "discuss", "discussed",
          "discussing", "in", "and", "covered", "framed", "concerns", ":", "along with", "followed by", "related to"}
NEWS = {
    "result": NewsItem(id=1, title="Passed the CKA exam", tags=["cluster upgrades"], happened_on=date(2026, 12, 1)),
    "article": NewsItem(id=1, kind=NewsKind.NEWS, title="A guide to cluster upgrades", tags=["cluster upgrades"],
                        happened_on=date(2026, 12, 1)),
}
REQUESTS = [
    (K.THANK_YOU, 1, 1, None), (K.THANK_YOU, 3, 1, None), (K.CARD, 1, 1, None), (K.LINKEDIN_NOTE, 1, None, None),
    (K.STATUS_CHECK, 1, None, None), (K.CLOSING_THE_LOOP, 1, None, None), (K.REJECTION_REPLY, 1, None, None),
    (K.FEEDBACK_REQUEST, 1, None, None), (K.KEEP_WARM, 1, None, "result"), (K.KEEP_WARM, 1, None, "article"),
    (K.SHARE_NEWS, 1, None, "result"), (K.SHARE_NEWS, 1, None, "article"),
]


def _before(sentence: str, topic: str) -> str:
    head = sentence.split(topic, 1)[0].rstrip()
    if head.endswith(":"):
        return ":"
    words = [w.lower() for w in re.findall(r"[\w'-]+", head)]
    if len(words) > 1 and words[-1] in ("with", "by", "to"):
        return " ".join(words[-2:])  # "along with", "followed by", "related to"
    return words[-1] if words else ""


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("kind, person, interview, news", REQUESTS)
def test_every_place_a_topic_goes_reads_with_a_question_word(tone, kind, person, interview, news):
    facts = panel_facts()
    facts.debriefs[0].topics = [FIRST, SECOND]
    facts.debriefs[2].topics = [RECRUITERS]
    facts.people[1].tags = []
    facts.news = [NEWS[news]] if news else []
    request = DraftRequest(kind=kind, person_id=person, opportunity_id=1, interview_id=interview)
    context = build_context(facts, request, tone)
    wrong = set()
    for variant in range(28):  # every wording of every place, in both forms of the opening
        rendered = TEMPLATES.render(context.template, tone, {**context.variables, "variant": variant})
        for text in (rendered.subject, rendered.body):
            for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
                for topic in (FIRST, SECOND, RECRUITERS):
                    if topic in sentence and _before(sentence, topic) not in BEFORE:
                        wrong.add(sentence)
    assert not wrong, sorted(wrong)


def test_the_reported_sentence_reads_now():
    facts = panel_facts()
    facts.debriefs[1].topics = ["the Kubernetes migration from ECS", "how they handle cluster upgrades"]
    for tone in TONES:
        context = build_context(facts, DraftRequest(kind=K.THANK_YOU, person_id=2, opportunity_id=1,
                                                    interview_id=1), tone)
        for variant in range(14):
            body = TEMPLATES.render(context.template, tone, {**context.variables, "variant": variant}).body
            assert "approaches how" not in body and "where how" not in body and "place of how" not in body, body
