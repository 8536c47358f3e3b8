"""Debrief shorthand never goes into a note unnoticed (a hiring manager read the drafts: "Our
discussion of talked re k8s migr., she's ex-Google stayed with me").

A leading "re:"/"talked about"/"discussed" is left out of the prose (it only says the topic was
discussed); anything else is kept as typed and pointed out in one `check:` line per topic:
shorthand, a leading verb, a word for someone else anywhere, more than 15 words. A long topic is
never pasted whole into a subject or a LinkedIn note, and a LinkedIn note keeps its ask.
"""

from __future__ import annotations

from datetime import date

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.context import TOPIC_WORDING
from afterview.domain.model import NewsItem
from afterview.reviewer.text import linkedin_length
from tests.composer.helpers import K, TEMPLATES, TONES, panel_facts, problems, review_drafts

RAMBLING = ("she went on for a while about the the observability stack, they use prometheus and grafana but "
            "are thinking of moving to datadog becuase the on call folks hate maintaing thanos, also asked me "
            "about SLOs and error budgets")
# the asks of the built-in LinkedIn notes (warm, formal, concise), one of which each note must keep
ASKS = ("stay in touch", "stay connected", "keep in touch", "glad to connect", "remain in contact",
        "remain connected", "stay in contact", "Happy to connect", "Let's stay in touch")


def _limited(limit: int):
    from afterview.planner.playbook import load_playbook

    return load_playbook(None, config={"linkedin_limits": {"free_note_chars": limit}})


def thank_you(facts, tone="warm", person=1):
    return compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=person, opportunity_id=1, interview_id=1),
                   tone, TEMPLATES)


def linkedin(facts, tone="warm", person=1):
    return compose(facts, DraftRequest(kind=K.LINKEDIN_NOTE, person_id=person, opportunity_id=1), tone,
                   TEMPLATES)


def topic_hints(draft) -> list[str]:
    return [g.placeholder for g in draft.asks
            if g.optional and g.field == TOPIC_WORDING and g.placeholder.startswith("the topic ")]


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("typed, used, wanted", [
    # a leading "talked re" goes; the cut word and the "she's" about someone are pointed out
    ("talked re k8s migr., she's ex-Google", "k8s migr., she's ex-Google", ["shorthand ('migr.')", "('she's')"]),
    ("re: data contracts w/ prod eng", "data contracts w/ prod eng", ["shorthand ('w/', 'eng')"]),
    ("CI/CD + flaky tests", "CI/CD + flaky tests", ["shorthand ('+')"]),
    ("hiring & team structure", "hiring & team structure", ["shorthand ('&')"]),
    ("the rollout plan, monitoring, etc.", "the rollout plan, monitoring, etc.", ["shorthand ('etc.')"]),  # keeps its stop
    ("asked about my Airflow experience", "asked about my Airflow experience", ["opens with a verb ('asked')"]),
    ("migration of data warehouse to Snowflake what he is leading",
     "migration of data warehouse to Snowflake what he is leading", ["written from your side ('he')"]),
    ("how they handle cluster upgrades", "how they handle cluster upgrades", ["written from your side ('they')"]),
])
def test_shorthand_in_a_topic_gets_one_hint_line_naming_what_to_change(tone, typed, used, wanted):
    facts = panel_facts()
    facts.debriefs[0].topics = [typed]
    draft = thank_you(facts, tone)
    assert used in draft.body, draft.body
    (hint,) = topic_hints(draft)  # one line for the topic, whatever is wrong with it
    assert f"'{used}'" in hint and all(w in hint for w in wanted), hint
    assert "\n" not in hint and draft.gaps == []


@pytest.mark.parametrize("typed", ["re: the roadmap for 2027", "Re: the roadmap for 2027", "talked about the roadmap for 2027",
                                   "discussed the roadmap for 2027", "We discussed the roadmap for 2027",
                                   "talked re the roadmap for 2027", "regarding the roadmap for 2027"])
def test_a_leading_re_or_talked_about_is_left_out_of_the_prose(typed):
    facts = panel_facts()
    facts.debriefs[0].topics = [typed]
    for tone in TONES:
        draft = thank_you(facts, tone)
        assert "the roadmap for 2027" in draft.body, draft.body
        assert not any(lead in draft.body for lead in ("re:", "Re:", "talked", "discussed the roadmap",
                                                       "regarding the roadmap")), draft.body
        assert topic_hints(draft) == []


@pytest.mark.parametrize("topic", ["Fenwick & Hale merger", "the U.S. market", "Kubernetes.", "the Q3 roadmap",
                                   "C++ performance", "re-architecture of billing"])
def test_names_and_whole_words_are_not_shorthand(topic):
    facts = panel_facts()
    facts.debriefs[0].topics = [topic]
    for tone in TONES:
        assert topic_hints(thank_you(facts, tone)) == [], topic


@pytest.mark.parametrize("tone", TONES)
def test_a_long_topic_is_pointed_out_and_named_by_its_first_words(tone):
    facts = panel_facts()
    facts.debriefs[0].topics = [RAMBLING]
    (hint,) = topic_hints(thank_you(facts, tone))
    assert f"long ({len(RAMBLING.split())} words)" in hint, hint
    assert "'she went on for a while about the ...'" in hint and "written from your side ('she')" in hint, hint


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("limit", [200, 300])
def test_a_linkedin_note_with_a_long_topic_keeps_its_ask_within_the_limit(tone, limit):
    facts = panel_facts()
    facts.debriefs[0].topics = [RAMBLING]
    facts.profile.linkedin_account = "premium" if limit == 300 else "free"
    note = linkedin(facts, tone)
    assert linkedin_length(note.body) <= limit, note.body
    assert any(ask in note.body for ask in ASKS), note.body  # the invitation keeps its ask
    assert "becuase" not in note.body, note.body  # never pasted whole (15 words at most)
    (hint,) = topic_hints(note)
    assert "is long: it names 'she went on for a while" in hint, hint
    named = hint.split("it names '", 1)[1].split("' instead", 1)[0]
    assert named in note.body and len(named.split()) <= 15 and RAMBLING.startswith(named), (named, note.body)
    # the note still names what you discussed (the user's typo "the the" aside); the review says
    # the topic reads as typed, a sentence of yours ("she went on ..."), not a phrase (topic-wording)
    found = [p for p in problems(review_drafts(facts, [note])) if "repeated word" not in p]
    assert found and all("topic-wording" in p for p in found), found


@pytest.mark.parametrize("tone", ["warm", "concise"])
def test_a_topic_too_long_for_the_note_is_shortened_not_the_ask(tone):
    """Eleven words, too many for a note of 120 characters: the note names a whole phrase of it
    (where you met left out first), and keeps its ask. (A formal note, with the full name in its
    greeting and its signature, holds none: see below.)"""
    facts = panel_facts()
    facts.debriefs[0].topics = ["moving the nightly batch jobs to streaming with exactly-once delivery guarantees"]
    note = compose(facts, DraftRequest(kind=K.LINKEDIN_NOTE, person_id=1, opportunity_id=1), tone, TEMPLATES,
                   playbook=_limited(120))
    assert linkedin_length(note.body) <= 120, note.body
    assert any(ask in note.body for ask in ASKS), note.body
    (hint,) = topic_hints(note)
    assert "too long for a LinkedIn note of 120 characters: it names 'moving the nightly batch jobs" in hint, hint
    named = hint.split("it names '", 1)[1].split("' instead", 1)[0]
    assert named in note.body and not named.endswith((" to", " with", " the")), (named, note.body)
    assert problems(review_drafts(facts, [note])) == []


@pytest.mark.parametrize("tone", ["warm", "concise"])
def test_a_note_leaves_out_where_you_met_before_it_shortens_the_topic(tone):
    facts = panel_facts()
    facts.debriefs[0].topics = ["schema evolution in Kafka"]
    note = compose(facts, DraftRequest(kind=K.LINKEDIN_NOTE, person_id=1, opportunity_id=1), tone, TEMPLATES,
                   playbook=_limited(120))
    assert linkedin_length(note.body) <= 120 and any(ask in note.body for ask in ASKS), note.body
    assert "schema evolution in Kafka" in note.body and topic_hints(note) == [], note.body


@pytest.mark.parametrize("tone, topic", [
    ("warm", "Kubernetes-operator-based multi-tenant cluster lifecycle automation tooling"),
    ("formal", "moving the nightly batch jobs to streaming with exactly-once delivery guarantees"),
])
def test_with_no_phrase_that_fits_the_note_thanks_without_a_topic_and_keeps_its_ask(tone, topic):
    facts = panel_facts()
    facts.debriefs[0].topics = [topic]
    note = compose(facts, DraftRequest(kind=K.LINKEDIN_NOTE, person_id=1, opportunity_id=1), tone, TEMPLATES,
                   playbook=_limited(120))
    assert linkedin_length(note.body) <= 120 and "stay connected" in note.body, note.body
    assert topic.split()[0] not in note.body and note.gaps == []
    (hint,) = topic_hints(note)
    assert hint.endswith("is too long for a LinkedIn note of 120 characters: the note leaves it out (edit the draft, "
                         "or the topic in the debrief)"), hint


@pytest.mark.parametrize("tone", TONES)
def test_a_share_news_subject_never_carries_a_long_topic_or_a_cut_one(tone):
    facts = panel_facts()
    facts.people[1].tags = []
    facts.debriefs[0].topics = [RAMBLING]
    facts.news = [NewsItem(id=1, title="Passed the Prometheus certification", tags=["observability stack"],
                           happened_on=date(2026, 11, 20))]
    note = compose(facts, DraftRequest(kind=K.SHARE_NEWS, person_id=1, opportunity_id=1), tone, TEMPLATES)
    assert "she went on" not in note.subject and len(note.subject) <= 60, note.subject
    assert note.subject in ("Some news of mine since we spoke", "A recent result of mine",
                            "My news since our Senior Data Engineer interview"), note.subject
