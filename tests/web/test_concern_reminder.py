"""Drafting from the desk says what the note left out for want of your answer (a concern you
noted with no answer recorded), as `afterview draft` does."""

from __future__ import annotations

from afterview.domain import model as m
from tests.web.conftest import read


def _concerned(db_url) -> tuple[str, str]:
    """The key of a thank-you planned to someone the demo recorded a concern for, and the concern."""
    def find(tx):
        for debrief in tx.list(m.Debrief):
            if debrief.concerns:
                return f"thank_you:i{debrief.interview_id}:p{debrief.person_id}", debrief.concerns[0]
        raise AssertionError("the demo has no concern recorded")
    return read(db_url, find)


def test_a_concern_without_an_answer_is_said_when_drafting(client, csrf, db_url):
    key, concern = _concerned(db_url)
    page = client.post("/actions/draft", data={"csrf": csrf, "key": key}, follow_redirects=True)
    assert page.status_code == 200
    assert "To consider: your answer to the concern" in page.text and concern in page.text
    message = read(db_url, lambda tx: [x for x in tx.list(m.Message) if x.action_key == key][0])
    assert concern not in message.body  # the note itself leaves the shorthand out
