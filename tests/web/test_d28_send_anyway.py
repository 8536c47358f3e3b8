"""Send now sent at once, its public-holiday warning below the button on screen. The warnings
about this moment are now above the buttons, and with warnings Send now asks once: nothing is
sent, the line says why, and the button becomes Send anyway, which sends.

Real SQLite file with the demo's records; the desk through Starlette's test client.
"""

from __future__ import annotations

import html
import re

from afterview.domain import model as m
from tests.web.conftest import draft, read
from tests.web.test_approve_timing import _capture_thanksgiving_interview

TEXT = "Hi Dana,\n\nThank you for the conversation about the data platform.\n\nBest,\nAlex\n"


def _send(client, csrf, message_id, query=""):
    return client.post(f"/drafts/{message_id}{query}", data={"csrf": csrf, "do": "send", "subject": "Thank you",
                                                             "body": TEXT, "despite": "yes"})


def test_the_warnings_come_before_the_buttons(client, csrf, db_url):
    key = _capture_thanksgiving_interview(client, csrf, db_url)  # Thanksgiving, 10:00 New York
    page = client.get(f"/drafts/{draft(client, csrf, key)}").text
    assert page.index('id="send-now-warnings"') < page.index('<div class="buttons">')
    assert "Send now asks you once more before it sends." in page


def test_send_now_with_warnings_asks_once_then_send_anyway_sends(client, csrf, db_url):
    key = _capture_thanksgiving_interview(client, csrf, db_url)
    message_id = draft(client, csrf, key)
    asked = _send(client, csrf, message_id)
    assert asked.status_code == 400
    page = html.unescape(asked.text)
    assert re.search(r'<p class="flash flash-error" role="alert" id="form-error">Not sent yet: check the time first',
                     page)
    assert re.search(r'<button type="submit" name="do" value="send" id="send-anyway" '
                     rf'formaction="/drafts/{message_id}\?anyway=yes"[^>]*>Send anyway</button>', page)
    assert TEXT.split("\n")[2] in page  # the text as typed stays
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.DRAFTED
    # Send anyway goes past the question (here to the account it needs: this desk has none)
    sent = html.unescape(_send(client, csrf, message_id, "?anyway=yes").text)
    assert "check the time first (the warnings above" not in sent
    assert "no mail account set up" in sent
