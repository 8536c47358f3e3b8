"""A person recorded with joined initials ("A.J. Patel") was greeted by the whole name ("Hi A.J.
Patel,"); a topic with "our" (the interviewer's words: "our team's parental leave policy") was
drafted as typed with no `check:` line; and someone who goes by "danah" is greeted so, in a
draft the review leaves clean of greeting-form."""

from __future__ import annotations

import dataclasses

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.context import TOPIC_WORDING, topic_advice
from afterview.domain.model import Person
from tests.composer.helpers import K, TEMPLATES, panel_facts, review_drafts

TONES = ("warm", "formal", "concise")


def thank_you(facts, person: int = 1, tone: str = "warm"):
    return compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=person, opportunity_id=1, interview_id=1),
                   tone, TEMPLATES)


def _renamed(name: str, greet_as: str = ""):
    facts = panel_facts()
    facts.people[1] = dataclasses.replace(facts.people[1], name=name, greet_as=greet_as)
    return facts


@pytest.mark.parametrize("tone, greeting", [("warm", "Hi A.J.,"), ("concise", "Hi A.J.,"),
                                            ("formal", "Dear A.J. Patel,")])
def test_joined_initials_are_the_name_greeted(tone, greeting):
    facts = _renamed("A.J. Patel")
    draft = thank_you(facts, tone=tone)
    assert draft.body.splitlines()[0] == greeting
    [(_, findings)] = review_drafts(facts, [draft])
    assert not [f for f in findings if f.code in ("wrong-name", "guessed-name", "greeting-form")], findings


def test_a_lower_case_greet_as_name_is_greeted_as_written_and_reviewed_clean():
    facts = _renamed("danah boyd", greet_as="danah")
    for tone in ("warm", "concise"):
        draft = thank_you(facts, tone=tone)
        assert draft.body.splitlines()[0] == "Hi danah,"
        [(_, findings)] = review_drafts(facts, [draft])
        assert not [f for f in findings if f.code in ("greeting-form", "wrong-name")], findings


def test_a_lower_case_name_without_greet_as_is_recased():
    assert thank_you(_renamed("danah boyd")).body.splitlines()[0] == "Hi Danah,"


OUR = "our team's parental leave policy"


def test_topic_advice_says_our_is_the_interviewers():
    assert topic_advice(OUR) == ["written from the interviewer's side ('our'); say it as you would to them "
                                 "('your team's parental leave policy')"]
    assert topic_advice("expanding into the US market") == []


@pytest.mark.parametrize("tone", TONES)
def test_a_draft_quoting_our_says_so_and_the_review_agrees(tone):
    facts = panel_facts()
    facts.debriefs = [dataclasses.replace(d, topics=[OUR]) if d.person_id == 1 else d for d in facts.debriefs]
    draft = thank_you(facts, tone=tone)
    checks = [g.placeholder for g in draft.asks if g.optional and g.field == TOPIC_WORDING]
    if OUR in draft.body:
        assert any("written from the interviewer's side ('our')" in c for c in checks), checks
        [(_, findings)] = review_drafts(facts, [draft])
        assert [f for f in findings if f.code == "topic-wording"
                and "written from the interviewer's side ('our')" in f.message], findings
