"""A note that may have arrived is not discarded from the desk (found by a crash tester).

Discarded, its action was offered again on Today (Draft), and Send now sent a second copy. Its
editor now offers no *Discard this draft* (Did it arrive? settles it, or Skip on Today), and a
Discard from a page loaded before is refused in the desk's words: nothing changed, nothing sent.
The send is made unknown for real, as tests/web/test_desk_unknown_outcome.py does (the desk's
Send now, the connection dropped at DATA). Real SQLite file, real SMTP and IMAP.
"""

from __future__ import annotations

import re

import pytest

from afterview.domain import model as m
from afterview.services import delivery
from tests.web.conftest import read
from tests.web.test_desk_unknown_outcome import LATE, desk_with_mail, stored, text_of, unknown_send  # noqa: F401

pytestmark = pytest.mark.mail


def test_a_note_that_may_have_arrived_cannot_be_discarded_on_the_desk(desk_with_mail, mail, db_url):
    app, client, csrf = desk_with_mail
    message_id, _ = unknown_send(client, csrf, mail, db_url)
    editor = client.get(f"/drafts/{message_id}").text
    assert "Did it arrive?" in text_of(editor)
    assert "Discard this draft" not in editor and f'action="/drafts/{message_id}/discard"' not in editor
    # a Discard from a page opened before the send (another tab): refused, back to the editor
    page = client.post(f"/drafts/{message_id}/discard", data={"csrf": csrf, "confirm": "yes"},
                       follow_redirects=True)
    assert page.status_code == 200 and page.url.path == f"/drafts/{message_id}"
    line = text_of(re.search(r'<p class="flash flash-error"[^>]*>(.*?)</p>', page.text, re.S).group(1))
    assert line.startswith("Not discarded: the thank-you note to Ana Souza may have arrived already"), line
    assert "Nothing was changed." in line and "It arrived" in line and "It did not arrive" in line
    assert "Skip on Today" in line and "afterview" not in line
    message = stored(db_url, message_id)
    assert message.state == m.MessageState.FAILED and delivery.outcome_unknown(message)
    # its action is not offered as a new draft: Today still asks whether it arrived
    assert f'href="/drafts/{message_id}">Did it arrive? Open the draft' in client.get("/").text
    assert read(db_url, lambda tx: [x.id for x in tx.list(m.Message) if x.action_key == LATE
                                    and x.state != m.MessageState.CANCELLED]) == [message_id]
    app.state.mail.run_round()
    assert mail.received == []
