"""The desk reads a decision date as `afterview debrief --decision-date` does: words a reply is
read by ("Friday", "the 15th"), said back as a date; a span ("next week"), words that read two
ways ("next Friday") and a date more than a year ahead refused at the field, nothing recorded
(the desk took "next Friday" as this week's Friday, and 2029 for a mistyped 2026)."""

from __future__ import annotations

import html

from afterview.domain import model as m

from tests.web.conftest import read


def _decided(tx):
    return next((d.decision_date for d in tx.list(m.Debrief, interview_id=1) if d.person_id == 1), None)


def test_the_debrief_card_refuses_a_span_and_words_that_read_two_ways(client, csrf, db_url):
    before = read(db_url, _decided)
    for typed, words in [("next Friday", "reads two ways"), ("next week", "next week"),
                         ("2029-01-01", "more than a year ahead"), ("soonish", "not a date: 'soonish'")]:
        page = client.post("/interviews/1/debrief", follow_redirects=True,
                           data={"csrf": csrf, "topics_1": "streaming", "decision_date_1": typed})
        assert words in html.unescape(page.text), (typed, words)
        assert read(db_url, _decided) == before, typed  # nothing recorded
    client.post("/interviews/1/debrief", data={"csrf": csrf, "topics_1": "streaming", "decision_date_1": "2026-12-07"})
    assert read(db_url, _decided).isoformat() == "2026-12-07"


def test_they_replied_refuses_words_that_read_two_ways(client, csrf, db_url):
    person = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))
    answer = client.post("/opportunities/1/replied", follow_redirects=True,
                         data={"csrf": csrf, "person_id": str(person.id), "day": "2026-11-25", "time": "09:15",
                               "says": "we decide next Friday", "decision_date": "next Friday"})
    assert "reads two ways" in html.unescape(answer.text)
    assert read(db_url, lambda tx: tx.list(m.Inbound)) == []
