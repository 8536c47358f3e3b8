"""What the drafts say, as testers read them: keep-in-touch notes over a year that do not repeat
their anchor or their "no need to reply", and tie news to a topic only when it is about it; a
rejection after an offer; a recruiter who sat on the panel; shorthand and text speak in topics,
answers and promises; a blank line before the closing; a detail pasted with its capital."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime, timezone

import pytest

from afterview.composer import DraftRequest, compose
from afterview.domain.model import MessageState, NewsItem, NewsKind, OpportunityStatus, StatusChange
from tests.composer.helpers import K, TEMPLATES, TONES, as_message, panel_facts, review_drafts

UTC = timezone.utc
TOPIC = "demand forecasting for warehouse staffing"
REPLY = re.compile(r"\b(?:need to (?:reply|respond|answer)|reply (?:is )?needed|reply is not necessary|"
                   r"no need to|need to reply)\b", re.IGNORECASE)


def _closed_facts():
    facts = panel_facts()
    facts.debriefs[0] = dataclasses.replace(facts.debriefs[0], topics=[TOPIC])
    facts.opportunities[1].status = OpportunityStatus.REJECTED
    facts.news = [
        NewsItem(id=5, kind=NewsKind.NEWS, title="Northwind Analytics named a top workplace",
                 happened_on=date(2027, 3, 1), company_id=1),
        NewsItem(id=6, title="Spoke at the Data Summit", happened_on=date(2027, 7, 1), tags=["public speaking"]),
        NewsItem(id=7, kind=NewsKind.NEWS, title="A new study on demand forecasting", happened_on=date(2027, 10, 1),
                 tags=["demand forecasting"]),
    ]
    return facts


def _touches(tone, keyed=True):
    facts, drafts = _closed_facts(), []
    for touch, (news_id, day) in enumerate([(5, date(2027, 3, 2)), (6, date(2027, 7, 2)), (7, date(2027, 10, 2))], 1):
        draft = compose(facts, DraftRequest(kind=K.KEEP_WARM, person_id=1, opportunity_id=1, news_id=news_id, day=day,
                                            key=f"keep_warm.{touch}:o1:p1" if keyed else ""), tone, TEMPLATES)
        drafts.append(draft)
        message = as_message(draft, 100 + touch)
        message.state = MessageState.SENT
        facts.messages.append(message)
    return facts, drafts


def _closing_sentence(body):
    core = body.split("\n\n")[1]
    return re.split(r"(?<=\.) ", core)[-1]


@pytest.mark.parametrize("keyed", [True, False])
@pytest.mark.parametrize("tone", TONES)
def test_keep_in_touch_notes_over_a_year_vary_their_anchor_and_close(tone, keyed):
    facts, drafts = _touches(tone, keyed)
    bodies = [d.body for d in drafts]
    # the anchor "in November about ..." is said once, on the first touch
    assert sum("in November" in b for b in bodies) == 1, bodies
    assert "in November" in bodies[0]
    # "no need to reply" is said once at most, on the first touch
    assert [bool(REPLY.search(b)) for b in bodies] == [True, False, False], bodies
    assert len({_closing_sentence(b) for b in bodies}) == 3, bodies
    for draft, findings in review_drafts(facts, drafts):
        assert not [f for f in findings if f.severity == "error"], (draft.body, findings)


@pytest.mark.parametrize("tone", TONES)
def test_company_news_unrelated_to_the_topic_is_not_tied_to_it(tone):
    _, drafts = _touches(tone)
    first = drafts[0].body
    assert "top workplace" in first
    tied = re.compile(r"(?:came straight to mind|reminded me|brought (?:back|to mind)|took me back|"
                      r"made me think)[^.]*" + re.escape(TOPIC) + "|" + re.escape(TOPIC) + r"[^.]*came straight to mind",
                      re.IGNORECASE)
    assert not tied.search(first), first
    # news that is about the topic (its tags say so) is tied to it
    assert re.search(r"(?:made me think|brought|thought of|reminded|relevant|called to mind|close to)[^.]*"
                     + re.escape(TOPIC), drafts[2].body), drafts[2].body


def _rejected_after_offer():
    facts = panel_facts()
    opportunity = facts.opportunities[1]
    opportunity.history = [
        StatusChange(status=OpportunityStatus.INTERVIEWING, at=datetime(2026, 11, 20, tzinfo=UTC)),
        StatusChange(status=OpportunityStatus.OFFER, at=datetime(2026, 12, 1, tzinfo=UTC)),
        StatusChange(status=OpportunityStatus.REJECTED, at=datetime(2026, 12, 5, tzinfo=UTC),
                     note="offer withdrawn after salary counter"),
    ]
    opportunity.status = OpportunityStatus.REJECTED
    return facts


@pytest.mark.parametrize("tone", TONES)
def test_a_rejection_after_an_offer_thanks_for_the_offer_and_asks_no_feedback(tone):
    facts = _rejected_after_offer()
    draft = compose(facts, DraftRequest(kind=K.REJECTION_REPLY, person_id=1, opportunity_id=1), tone, TEMPLATES)
    assert "the offer" in draft.body, draft.body
    assert "interviews to come" not in draft.body and "points" not in draft.body, draft.body
    assert re.search(r"paths (?:will )?cross again", draft.body), draft.body
    findings = review_drafts(facts, [draft])[0][1]
    assert not [f for f in findings if f.severity == "error"], findings


@pytest.mark.parametrize("tone", TONES)
def test_an_ordinary_rejection_still_asks_for_feedback(tone):
    facts = panel_facts()
    facts.opportunities[1].history = [StatusChange(status=OpportunityStatus.REJECTED,
                                                   at=datetime(2026, 12, 5, tzinfo=UTC))]
    facts.opportunities[1].status = OpportunityStatus.REJECTED
    draft = compose(facts, DraftRequest(kind=K.REJECTION_REPLY, person_id=1, opportunity_id=1), tone, TEMPLATES)
    assert "interviews to come" in draft.body and "the offer" not in draft.body


def _recruiter_on_panel(topics):
    facts = panel_facts()
    facts.debriefs[2] = dataclasses.replace(facts.debriefs[2], topics=topics)
    return facts


@pytest.mark.parametrize("tone", TONES)
def test_a_coordinator_who_sat_on_the_panel_is_thanked_as_one_of_it(tone):
    facts = _recruiter_on_panel(["the hybrid schedule with two office days"])
    draft = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=3, opportunity_id=1, interview_id=1), tone,
                    TEMPLATES)
    body = draft.body
    assert "you, Priya Raman and Tom Becker" in body, body
    assert "hybrid schedule" in body, body  # what you discussed with them, as with one of the panel
    findings = review_drafts(facts, [draft])[0][1]
    assert not [f for f in findings if f.severity == "error"], findings


@pytest.mark.parametrize("tone", TONES)
def test_a_coordinator_with_no_topics_is_thanked_for_arranging_only(tone):
    facts = _recruiter_on_panel([])
    body = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=3, opportunity_id=1, interview_id=1), tone,
                   TEMPLATES).body
    assert "you, Priya" not in body and "Priya Raman and Tom Becker" in body, body


def _thank_priya(tone, **debrief):
    facts = panel_facts()
    facts.debriefs[0] = dataclasses.replace(facts.debriefs[0], **debrief)
    draft = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1), tone,
                    TEMPLATES)
    return facts, draft


@pytest.mark.parametrize("tone", TONES)
def test_a_promise_typed_without_its_article_gets_one(tone):
    _, draft = _thank_priya(tone, promises=["link to my talk"])
    assert "the link to my talk" in draft.body, draft.body
    assert "get link" not in draft.body


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("typed, said", [
    ("Mentored 3 juniors at my last job, two got promoted", "I mentored 3 juniors at my last job, and two got promoted."),
    ("Have since run Kafka in production for a client", "I have since run Kafka in production for a client."),
    ("I have run Kafka in production since", "I have run Kafka in production since."),
])
def test_a_concern_answer_typed_without_its_subject_reads_as_a_sentence_of_yours(tone, typed, said):
    _, draft = _thank_priya(tone, concerns=[f"mentoring juniors -> {typed}"])
    assert said in draft.body, draft.body


@pytest.mark.parametrize("tone", TONES)
def test_shorthand_in_a_topic_is_told_with_the_draft_and_found_by_the_review(tone):
    facts, draft = _thank_priya(tone, topics=["eng hiring plans for H2", "team of 6, 2 in Poland"])
    told = " ".join(g.placeholder for g in draft.asks)
    assert "'eng'" in told and "'H2'" in told and "'2 in Poland'" in told, told
    found = [f.message for f in review_drafts(facts, [draft])[0][1] if f.code == "spelling"]
    assert "'eng' reads as shorthand" in found and "'H2' reads as shorthand" in found, found


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("field, typed, gone, kept", [
    ("topics", ["scaling the data team lol", "data contracts tbh"], ("lol", "tbh"), "scaling the data team"),
    ("concerns", ["mentoring -> Mentored 3 juniors at my last job lol"], ("lol",), "I mentored 3 juniors at my last job"),
    ("promises", ["send the deck tbh"], ("tbh",), "the deck"),
    ("concerns", ["mentoring -> I mentored 3 juniors cuz my lead left"], ("cuz",), "because my lead left"),
])
def test_text_speak_in_topics_answers_and_promises_is_cleaned(tone, field, typed, gone, kept):
    facts, draft = _thank_priya(tone, **{field: typed})
    for word in gone:
        assert not re.search(rf"\b{word}\b", draft.body, re.IGNORECASE), draft.body
    assert kept in draft.body, draft.body
    assert not [f for f in review_drafts(facts, [draft])[0][1] if f.code == "slang"]


def test_a_name_in_capitals_in_a_topic_is_no_text_speak():
    _, draft = _thank_priya("warm", topics=["RN staffing ratios on night shifts"])
    assert "RN staffing ratios" in draft.body, draft.body


def _share_facts():
    facts = panel_facts()
    facts.news.append(NewsItem(id=3, title="Won the Kafka hackathon", detail="First place out of 240 teams",
                               happened_on=date(2026, 12, 1), tags=["streaming"]))
    return facts


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("kind", [K.SHARE_NEWS, K.CLOSING_THE_LOOP])
def test_share_and_closing_drafts_have_a_blank_line_before_the_closing(tone, kind):
    facts = _share_facts()
    draft = compose(facts, DraftRequest(kind=kind, person_id=1, opportunity_id=1,
                                        news_id=3 if kind is K.SHARE_NEWS else None), tone, TEMPLATES)
    lines = draft.body.split("\n")
    closing = next(i for i, line in enumerate(lines) if line.startswith("Alex Morgan")) - 1
    assert lines[closing - 1] == "" and lines[closing - 2].strip(), draft.body


@pytest.mark.parametrize("tone", TONES)
def test_a_detail_after_a_dash_is_not_pasted_with_its_capital(tone):
    facts = _share_facts()
    for person in (1, 2, 3):
        body = compose(facts, DraftRequest(kind=K.SHARE_NEWS, person_id=person, opportunity_id=1, news_id=3), tone,
                       TEMPLATES).body
        assert "— First place" not in body, body
