"""A second status follow-up adds only news that matters to the person it goes to, by the
planner's rule (`afterview.planner.facts`): news that matters to nobody leaves the same visible
gap as no news at all, rather than telling a recruiter about a half marathon."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.draft import TONES
from afterview.domain.model import Message, MessageState, NewsItem
from tests.composer.helpers import K, TEMPLATES, panel_facts
from tests.helpers import afterview

GAP = "[something new since your last note: a result, an article or a portfolio piece]"


def _after_first_check(news: list[NewsItem]):
    facts = panel_facts()  # Priya cares about streaming and data contracts (tags), and her topics
    facts.messages.append(Message(id=5, kind=K.STATUS_CHECK, person_id=1, opportunity_id=1, subject="x",
                                  body="Hi Priya, ...", state=MessageState.SENT, message_id="<s1@mail.example>",
                                  sent_at=datetime(2026, 11, 15, 10, tzinfo=timezone.utc)))
    facts.news = news
    return facts


def _second_check(facts, tone="warm", news_id=None):
    return compose(facts, DraftRequest(kind=K.STATUS_CHECK, person_id=1, opportunity_id=1, sequence=2,
                                       news_id=news_id), tone, TEMPLATES)


@pytest.mark.parametrize("tone", TONES)
def test_news_that_matters_to_nobody_leaves_the_gap(tone):
    facts = _after_first_check([NewsItem(id=1, title="Ran the Berlin half marathon", tags=["running"],
                                         happened_on=date(2026, 11, 20))])
    note = _second_check(facts, tone)
    assert "marathon" not in note.body, note.body
    assert note.gaps == [GAP], note.gaps


def test_of_two_items_only_the_one_that_matters_is_added():
    facts = _after_first_check([
        NewsItem(id=1, title="Ran the Berlin half marathon", tags=["running"], happened_on=date(2026, 11, 22)),
        NewsItem(id=2, title="Passed the Kafka certification", tags=["streaming"], happened_on=date(2026, 11, 20)),
    ])
    note = _second_check(facts)
    assert "I passed the Kafka certification" in note.body and "marathon" not in note.body, note.body
    assert not note.gaps


def test_news_about_their_company_matters_to_them():
    facts = _after_first_check([NewsItem(id=1, title="Northwind Analytics opens a Berlin office", tags=["offices"],
                                         happened_on=date(2026, 11, 20), company_id=1)])
    note = _second_check(facts)
    assert "Berlin office" in note.body and not note.gaps, note.body


def test_the_item_the_planner_chose_is_the_one_added():
    facts = _after_first_check([NewsItem(id=1, title="Passed the Kafka certification", tags=["streaming"],
                                         happened_on=date(2026, 11, 20))])
    assert "I passed the Kafka certification" in _second_check(facts, news_id=1).body


def test_the_recruiter_of_the_onboarding_plan_is_not_told_of_a_half_marathon(tmp_path):
    """What the tester found: `today` and `why` said the follow-up needs something new, yet
    `draft` filled it with the only recent item, tagged `running`, which matters to nobody."""
    db = str(tmp_path / "av.db")

    def run(when, *args):
        result = afterview("--db", db, "--at", when, *args)
        assert result.code == 0, (args, result.out, result.err)
        return result.out

    run("2026-10-01 08:00", "profile", "set", "--name", "Lena Hoffmann", "--tz", "Europe/Berlin",
        "--country", "DE-BE", "--phone", "+49 30 1")
    run("2026-10-01 08:00", "person", "add", "Aylin Demir", "--email", "aylin@acme.example", "--company", "Acme",
        "--tag", "onboarding")
    run("2026-10-01 08:00", "opportunity", "add", "--company", "Acme", "--role", "Backend Engineer")
    run("2026-10-01 12:00", "interview", "add", "--opportunity", "1", "--start", "2026-10-01 10:00",
        "--duration", "45m", "--stage", "recruiter screen", "--with", "Aylin Demir:recruiter")
    run("2026-10-01 12:00", "debrief", "1", "--person", "Aylin", "--topic", "the onboarding plan")
    run("2026-10-01 13:00", "done", "thank_you:i1:p1")
    run("2026-10-13 10:00", "done", "status_check.1:o1:i1:p1")
    assert "matters to nobody" in run("2026-10-15 10:00", "news", "add", "Ran the Berlin half marathon",
                                      "--tag", "running")
    assert "needs something new" in run("2026-10-22 10:00", "why", "status_check.2:o1:i1:p1")
    run("2026-10-22 10:00", "draft", "status_check.2:o1:i1:p1", "--no-ask")
    shown = run("2026-10-22 10:00", "show", "1")
    assert "marathon" not in shown, shown
    assert GAP in shown, shown
