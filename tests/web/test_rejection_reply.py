"""The rejection page's "Reply graciously" shows the reply that counts: the one planned, or the one
sent or marked done (to whom, when); a draft to someone else, whom the reply no longer goes to, is
shown only as such. Once the reply is done, recording the rejection again with someone else as
*Told by* is refused, a note or not (found by a tester in Chromium).

The demo's opportunity 1 is Northwind (Priya Raman 1, Tom Becker 2, Lena Fischer 3 on its panel).
"""

from __future__ import annotations

import html
import re

from afterview.domain import model as m
from tests.web.conftest import draft, read


def outcome(client, csrf, person, note=""):
    return client.post("/opportunities/1/outcome", data={"csrf": csrf, "outcome": "rejected", "person_id": str(person),
                                                         "note": note}, follow_redirects=True)


def reply_step(page: str) -> str:
    """The text of step 2, "Reply graciously"."""
    step = re.split(r"<h2>Reply graciously.*?</h2>", page)[1].split("</li>")[0]
    step = re.sub(r"</?(a|time|strong|span)\b[^>]*>", "", step)  # inline: part of the sentence
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", step)).split())


def rejected_told_by_tom_then_lena(client, csrf) -> int:
    """Rejected, told by Tom; his reply drafted; then corrected: Lena told you. The draft's id."""
    assert outcome(client, csrf, 2, "phoned").status_code == 200
    tom = draft(client, csrf, "rejection_reply:o1:p2")
    corrected = outcome(client, csrf, 3).text
    assert f'Your <a href="/drafts/{tom}">draft of it to Tom Becker</a> is no longer planned: discard it' in corrected
    return tom


def test_the_reply_marked_done_is_shown_and_the_stale_draft_only_as_such(client, csrf, db_url):
    tom = rejected_told_by_tom_then_lena(client, csrf)
    step = reply_step(client.get("/opportunities/1/rejection").text)
    assert "Rejection reply to Lena Fischer" in step  # planned: its card
    assert "a draft to Tom Becker, no longer planned: discard it" in step
    assert "Your reply to Tom Becker: drafted" not in step
    done = client.post("/actions/done", data={"csrf": csrf, "key": "rejection_reply:o1:p3",
                                              "next": "/opportunities/1/rejection"}, follow_redirects=True)
    step = reply_step(done.text)
    assert "Your reply to Lena Fischer: marked done Thu 26 Nov 2026, 10:00" in step
    assert "a draft to Tom Becker, no longer planned: discard it" in step
    assert f'href="/drafts/{tom}"' in re.split(r"<h2>Reply graciously.*?</h2>", done.text)[1].split("</li>")[0]
    assert "Your reply to Tom Becker" not in step and "No reply planned" not in step


def test_a_reply_sent_is_shown_with_whom_and_when(client, csrf, db_url):
    outcome(client, csrf, 3, "phoned")
    lena = draft(client, csrf, "rejection_reply:o1:p3")

    def sent(tx):
        message = tx.get(m.Message, lena)
        message.state, message.sent_at = m.MessageState.SENT, message.created_at
        tx.update(message)

    read(db_url, sent)
    step = reply_step(client.get("/opportunities/1/rejection").text)
    assert "Your reply to Lena Fischer: sent Thu 26 Nov 2026, 10:00" in step
    assert "Rejection reply to Lena Fischer" not in step  # no longer planned: no card


def test_told_by_someone_else_with_a_note_is_refused_once_the_reply_is_done(client, csrf, db_url):
    rejected_told_by_tom_then_lena(client, csrf)
    client.post("/actions/done", data={"csrf": csrf, "key": "rejection_reply:o1:p3", "next": "/"})
    before = read(db_url, lambda tx: tx.get(m.Opportunity, 1))
    refused = client.post("/opportunities/1/outcome", data={"csrf": csrf, "outcome": "rejected", "person_id": "2",
                                                            "note": "Tom called again"})
    assert refused.status_code == 400
    line = html.unescape(re.search(r'id="form-error">([^<]*)<', refused.text).group(1))
    assert line == "you marked the rejection reply to Lena Fischer done: who told you is left as it was"
    assert 'value="Tom called again"' in refused.text  # the form kept
    assert read(db_url, lambda tx: tx.get(m.Opportunity, 1)) == before
    page = client.get("/opportunities/1/rejection").text
    assert "told by Lena Fischer" in page and "told by Tom Becker" not in page
    # without a note, as before
    again = client.post("/opportunities/1/outcome", data={"csrf": csrf, "outcome": "rejected", "person_id": "2"})
    assert again.status_code == 400 and "who told you is left as it was" in again.text
    # a note alone (nobody else named) is still a note
    noted = outcome(client, csrf, "", "asked for feedback")
    assert noted.status_code == 200
    assert read(db_url, lambda tx: tx.get(m.Opportunity, 1).history[-1].note) == "asked for feedback"


def test_told_by_names_whom_the_reply_goes_to(client, csrf, db_url):
    outcome(client, csrf, 3, "phoned")
    outcome(client, csrf, 2, "Tom wrote too")  # a change of its own: the reply still goes to Lena
    page = client.get("/opportunities/1/rejection").text
    assert "told by Lena Fischer" in page
    assert "Rejection reply to Lena Fischer" in reply_step(page)
