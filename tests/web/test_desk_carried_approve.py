"""Approving on the desk a note that came from another copy of the data (a copied database, a
restore) with the Message-ID it had there says that it may have gone from there already, as
`afterview approve` does (found by a data tester: a restored note approved again went out a
second time, with no word)."""

from __future__ import annotations

import html

from afterview.delivery import outbox
from afterview.domain import model as m
from tests.web.conftest import draft, read
from tests.web.test_approve_timing import TEXT, _capture_thanksgiving_interview, desk_for, quiet  # noqa: F401 (fixtures)


def _approve(client, csrf, message_id):
    data = {"csrf": csrf, "do": "approve", "subject": "Thank you", "body": TEXT.format(first="Dana"), "despite": "yes"}
    return html.unescape(client.post(f"/drafts/{message_id}", data=data, follow_redirects=True).text)


def _carry(app, message_id: int) -> None:
    """Mark the message as one that came from another copy with its Message-ID (as a restore or
    a copied database records it)."""
    def write(tx):
        message = tx.get(m.Message, message_id)
        if not message.message_id:
            message.message_id = "<carried-1@example.test>"
            tx.update(message)
        outbox.remember_carried(tx, [tx.get(m.Message, message_id)], "a copy of /old/afterview.db")
    app.state.desk.write(write)


def test_approving_a_carried_note_says_it_may_have_gone_already(quiet, db_url):
    app, client, csrf = quiet
    key = _capture_thanksgiving_interview(client, csrf, db_url)
    message_id = draft(client, csrf, key)
    _carry(app, message_id)
    page = _approve(client, csrf, message_id)
    assert "Approved:" in page
    assert (f"Check first: message {message_id} came from a copy of /old/afterview.db with the Message-ID it had "
            "there, so it may have gone from there already") in page, page


def test_approving_any_other_note_says_nothing_of_copies(quiet, db_url):
    app, client, csrf = quiet
    key = _capture_thanksgiving_interview(client, csrf, db_url)
    message_id = draft(client, csrf, key)
    page = _approve(client, csrf, message_id)
    assert "Approved:" in page and "Check first" not in page
    assert read(db_url, lambda tx: tx.get(m.Message, message_id)).state in (m.MessageState.APPROVED,
                                                                           m.MessageState.SCHEDULED)
