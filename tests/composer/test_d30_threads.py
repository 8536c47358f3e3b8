"""Follow-ups continue the interview's thread, never a news share or a keep-in-touch note; a
second follow-up calls news "new since my last note" only when it is."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from afterview.composer import DraftRequest, compose
from afterview.domain.model import Message, MessageState
from tests.composer.helpers import K, TEMPLATES, TONES, UTC, panel_facts

THANKS = "Thank you - Senior Data Engineer interview"


def sent(message_id: int, kind, subject: str, when: datetime, header: str, references=()) -> Message:
    return Message(id=message_id, kind=kind, person_id=1, opportunity_id=1, interview_id=1, tone="warm",
                   subject=subject, body="Hi Priya, ...", state=MessageState.SENT, message_id=header,
                   references=list(references), sent_at=when, created_at=when)


def with_news_shared_last():
    """Priya got the thank-you, then a first follow-up in its thread, then a news share, then a
    keep-in-touch note: the last two start conversations of their own."""
    facts = panel_facts()
    facts.messages += [
        sent(50, K.THANK_YOU, THANKS, datetime(2026, 11, 25, 9, tzinfo=UTC), "<t1@mail.example>"),
        sent(51, K.STATUS_CHECK, "Re: " + THANKS, datetime(2026, 12, 8, 9, tzinfo=UTC), "<s1@mail.example>",
             ["<t1@mail.example>"]),
        sent(52, K.SHARE_NEWS, "Some news of mine related to streaming", datetime(2026, 12, 10, 9, tzinfo=UTC),
             "<n1@mail.example>"),
        sent(53, K.KEEP_WARM, "An update since our Senior Data Engineer conversation",
             datetime(2026, 12, 12, 9, tzinfo=UTC), "<k1@mail.example>"),
    ]
    return facts


@pytest.mark.parametrize("kind, sequence", [(K.STATUS_CHECK, 2), (K.CLOSING_THE_LOOP, 1), (K.FEEDBACK_REQUEST, 1),
                                            (K.WITHDRAWAL, 1), (K.REJECTION_REPLY, 1)])
def test_a_follow_up_replies_in_the_interviews_thread_not_to_a_news_share(kind, sequence):
    note = compose(with_news_shared_last(), DraftRequest(kind=kind, person_id=1, opportunity_id=1, sequence=sequence),
                   "warm", TEMPLATES)
    assert note.subject == "Re: " + THANKS
    assert note.in_reply_to == "<s1@mail.example>"  # the last message of the interview's thread
    assert note.references == ["<t1@mail.example>", "<s1@mail.example>"]


def test_with_only_a_news_share_sent_a_follow_up_starts_its_own_thread():
    facts = panel_facts()
    facts.messages.append(sent(52, K.SHARE_NEWS, "Some news of mine related to streaming",
                               datetime(2026, 12, 10, 9, tzinfo=UTC), "<n1@mail.example>"))
    note = compose(facts, DraftRequest(kind=K.STATUS_CHECK, person_id=1, opportunity_id=1), "warm", TEMPLATES)
    assert not note.subject.startswith("Re:") and note.in_reply_to == ""


def second_follow_up(news_day: date, tone: str):
    """Priya's second status follow-up naming news 1 (the plan's choice), the first one sent on 8 December."""
    facts = panel_facts()
    facts.news[0].happened_on = news_day
    facts.messages += [
        sent(50, K.THANK_YOU, THANKS, datetime(2026, 11, 25, 9, tzinfo=UTC), "<t1@mail.example>"),
        sent(51, K.STATUS_CHECK, "Re: " + THANKS, datetime(2026, 12, 8, 15, tzinfo=UTC), "<s1@mail.example>"),
    ]
    request = DraftRequest(kind=K.STATUS_CHECK, person_id=1, opportunity_id=1, interview_id=1, sequence=2, news_id=1)
    return compose(facts, request, tone, TEMPLATES).body


NEW = {"warm": "Since my last note", "formal": "Since my previous message", "concise": "since my last note"}


@pytest.mark.parametrize("tone", TONES)
def test_news_from_before_the_last_note_is_not_called_new_since_it(tone):
    before = second_follow_up(date(2026, 12, 7), tone)
    assert NEW[tone] not in before
    assert re.search(r"not (yet )?mentioned", before) and "Confluent" in before
    same_day = second_follow_up(date(2026, 12, 8), tone)  # sent that afternoon: no telling which came first
    assert NEW[tone] not in same_day
    after = second_follow_up(date(2026, 12, 9), tone)
    assert NEW[tone] in after and not re.search(r"not (yet )?mentioned", after)
