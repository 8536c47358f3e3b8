"""A name or a title that ends with a full stop ("Fabrikam Inc.", "Acme Co.", "Data Engineer,
Sr.", a news title) meets the template's own full stop in one place, when the sentences are put
together (`templates.tidy`): one is kept. The reviewer reports two full stops as a typo."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.draft import TONES
from afterview.composer.context import common_name
from afterview.composer.templates import tidy
from afterview.domain.model import Company, Message, MessageState, NewsItem
from afterview.reviewer import ReviewContext, review
from tests.composer.helpers import K, TEMPLATES, UTC, compose_all, panel_facts, problems, review_drafts

DOUBLE = re.compile(r"(?<!\.)\.\.(?!\.)|\.[\u201d\"]\.")


def recruiter_note(facts, tone):
    return compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=3, opportunity_id=1, interview_id=1), tone,
                   TEMPLATES)


@pytest.mark.parametrize("tone", TONES)
def test_the_recruiters_thank_you_to_fabrikam_inc_has_one_full_stop(tone):
    facts = panel_facts()
    facts.companies[1] = Company(id=1, name="Fabrikam Inc.")  # as the CSV import creates it
    note = recruiter_note(facts, tone)
    assert "Fabrikam Inc.." not in note.body, note.body
    # the prose names the company as people say it, without its legal form (templates.md)
    assert "Fabrikam " in note.body or "Fabrikam." in note.body, note.body
    assert "Inc." not in note.body, note.body
    assert not DOUBLE.search(note.body), note.body


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("company", ["Fabrikam Inc.", "Acme Co.", "Tailspin Ltd."])
def test_no_note_of_any_kind_has_two_full_stops(tone, company):
    facts = panel_facts()
    facts.companies[1] = Company(id=1, name=company)
    facts.opportunities[1].role = "Data Engineer, Sr."
    facts.news[0].title = "Joined the Kafka guild at Contoso Ltd."  # a title that ends with one
    facts.messages.append(Message(id=5, kind=K.STATUS_CHECK, person_id=1, opportunity_id=1, subject="x",
                                  body="Hi Priya, ...", state=MessageState.SENT, message_id="<s1@mail.example>",
                                  sent_at=datetime(2026, 11, 15, 10, tzinfo=UTC)))
    drafts = compose_all(facts, tone)
    for draft in drafts:
        assert not DOUBLE.search(draft.subject + "\n" + draft.body), draft.body
    assert any(common_name(company) in d.body for d in drafts)
    assert [p for p in problems(review_drafts(facts, drafts)) if "spelling" in p and "full stops" in p] == []


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("kind", [K.KEEP_WARM, K.SHARE_NEWS])
def test_a_news_title_that_ends_with_a_full_stop_ends_the_sentence_once(tone, kind):
    facts = panel_facts()
    facts.news = [NewsItem(id=1, title="Joined the Kafka guild at Contoso Ltd.", tags=["kafka", "streaming"],
                           happened_on=date(2026, 11, 20))]
    note = compose(facts, DraftRequest(kind=kind, person_id=1, opportunity_id=1), tone, TEMPLATES)
    assert "Contoso Ltd." in note.body and not DOUBLE.search(note.body), note.body


@pytest.mark.parametrize("text, tidied", [
    ("to Fabrikam Inc.. If anything", "to Fabrikam Inc. If anything"),
    ("at Acme Co..\n\nBest,", "at Acme Co.\n\nBest,"),
    ("my news: \u201cJoined Acme Inc.\u201d. It", "my news: \u201cJoined Acme Inc.\u201d It"),
    ("Wait... and see", "Wait... and see"),  # an ellipsis stays
    ("at Fabrikam Inc., and", "at Fabrikam Inc., and"),
    ("(see Fabrikam Inc.).", "(see Fabrikam Inc.)."),
    ("versions v1..v2", "versions v1..v2"),
])
def test_tidy_keeps_one_full_stop(text, tidied):
    assert tidy(text) == tidied


def _codes(body):
    context = ReviewContext(kind="thank_you", recipient_name="Priya Raman", company="Fabrikam Inc.",
                            role="Senior Data Engineer")
    return [(f.code, body[f.start:f.end]) for f in review("Thank you - Senior Data Engineer interview", body,
                                                         context)]


BODY = ("Hi Priya,\n\nThank you for our conversation about the Senior Data Engineer role. It confirmed "
        "how much I would like to contribute to Fabrikam Inc.{stop} If anything else would help{more}, please "
        "let me know.\n\nBest regards,\nAlex Morgan")


def test_the_reviewer_reports_two_full_stops_as_a_typo():
    assert ("spelling", "..") in _codes(BODY.format(stop=".", more=""))


def test_the_reviewer_accepts_one_full_stop_and_an_ellipsis():
    assert ("spelling", "..") not in _codes(BODY.format(stop="", more=""))
    codes = _codes(BODY.format(stop="", more="... anything at all"))
    assert not [c for c in codes if c[0] == "spelling" and "." in c[1]], codes
