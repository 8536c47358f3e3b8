"""A reply told of on the desk's *They replied* form whose words read as a decision (a rejection,
an offer, a next round) is said so, as `afterview replies add --says` says it
(`delivery.reading_line`), in the desk's words: to confirm under *Replies to confirm* on Today,
where it waits; its status changes only when confirmed."""

from __future__ import annotations

import html
import re

from afterview.domain import model as m
from tests.web.conftest import read

NO = "Unfortunately we have decided to move forward with another candidate."


def _flash(page: str) -> str:
    found = re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', page, re.S)
    return " ".join(" ".join(html.unescape(re.sub(r"<[^>]+>", "", f)).split()) for f in found)


def _told(client, csrf, db_url, says: str):
    person = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))
    return client.post("/opportunities/1/replied", follow_redirects=True,
                       data={"csrf": csrf, "person_id": str(person.id), "says": says})


def test_words_that_read_as_a_rejection_are_offered_to_confirm(client, csrf, db_url):
    answer = _told(client, csrf, db_url, NO)
    said = _flash(answer.text)
    assert (f'It reads as a rejection ("{NO}"): confirm it under Replies to confirm, on Today (or use Just note it '
            "there, if it is not).") in said, said
    assert "afterview" not in said.replace("Afterview", "")
    assert '<a href="/#rep-h">Replies to confirm</a>' in answer.text
    assert read(db_url, lambda tx: tx.get(m.Opportunity, 1)).status != m.OpportunityStatus.REJECTED
    today = html.unescape(client.get("/").text)
    assert "Replies to confirm" in today and NO in today


def test_words_with_no_decision_say_nothing_more(client, csrf, db_url):
    said = _flash(_told(client, csrf, db_url, "Thanks, we are still talking to candidates.").text)
    assert "reads as" not in said and "Reply from Priya Raman recorded" in said
