"""The desk's Done and Skip on Today while the action's note is being sent (claimed by a mail
round): refused at the action as `afterview done`/`skip` refuse it, in the desk's words, and
nothing recorded; the note goes on as approved."""

from __future__ import annotations

import re

import pytest

from afterview.domain import model as m
from tests.web.conftest import NOW, draft, read

KEY = "thank_you:i1:p1"


def _being_sent(client, csrf, db_url) -> int:
    message_id = draft(client, csrf, KEY)

    def taken(tx):
        message = tx.get(m.Message, message_id)
        message.state, message.updated_at, message.approved_at, message.account = (
            m.MessageState.SENDING, NOW, NOW, "home")
        tx.update(message)

    read(db_url, taken)
    client.app.state.desk.changed()
    return message_id


def _error(page: str) -> str:
    found = re.findall(r'<p class="flash flash-error" role="\w+"[^>]*>(.*?)</p>', page, re.S)
    assert found, "no error shown"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found[0])).strip()


@pytest.mark.parametrize("what, data, says", [
    ("done", {"note": "sent from my phone"}, "so it needs no done"),
    ("skip", {"reason": "changed my mind"}, "so it can no longer be skipped"),
])
def test_done_and_skip_on_today_refuse_while_the_note_is_being_sent(client, csrf, db_url, what, data, says):
    import html

    message_id = _being_sent(client, csrf, db_url)
    page = client.post(f"/actions/{what}", data={"csrf": csrf, "key": KEY, "next": "/", **data},
                       follow_redirects=True)
    line = html.unescape(_error(page.text))
    assert line.startswith("Could not "), line
    assert says in line and "nothing was recorded" in line, line
    assert "afterview" not in line, line  # the desk's words, not a command to type
    assert "the note's page says how it went" in line, line
    decisions, state = read(db_url, lambda tx: (tx.list(m.Decision), tx.get(m.Message, message_id).state))
    assert decisions == [] and state == m.MessageState.SENDING
