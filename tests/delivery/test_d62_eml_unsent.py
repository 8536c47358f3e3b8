"""An .eml file is written as a draft to send, not a message received (found by a tester: most
mail programs opened it as received mail): it carries `X-Unsent: 1` (Outlook opens it with Send).
Sent from Thunderbird or Apple Mail by "Edit as New", it goes under a new Message-ID: `sync` finds
it in Sent all the same (by its address and subject), marks it sent, and keeps the Message-ID
that went, which the replies answer. Real Dovecot, the commands as a user runs them.
"""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta
from email.utils import format_datetime, make_msgid

import pytest

from afterview.domain.model import MessageState
from tests.delivery.conftest import NOW
from tests.delivery.test_crash import run_cli
from tests.delivery.test_d16_copy_out_held import _ok, _stored, panel  # noqa: F401 (a fixture)

pytestmark = pytest.mark.mail


def saved(db, message_id, tmp_path) -> email.message.EmailMessage:
    folder = tmp_path / "out"
    folder.mkdir()
    _ok(db, "send", str(message_id), "--eml", str(folder))
    [path] = folder.glob("*.eml")
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def test_an_eml_file_is_marked_as_a_draft_to_send(mail, panel, tmp_path):
    db, message_id = panel
    written = saved(db, message_id, tmp_path)
    assert written["X-Unsent"] == "1"
    assert "thank you" in written.get_content().lower()


def test_sync_finds_an_eml_file_sent_under_a_new_message_id(mail, panel, tmp_path):
    db, message_id = panel
    written = saved(db, message_id, tmp_path)
    ours = _stored(db, message_id).message_id
    assert written["Message-ID"] == ours
    # "Edit as New", then Send: a new message with the same words, a new Message-ID and Date
    went = make_msgid(domain="example.test")
    del written["X-Unsent"], written["Message-ID"], written["Date"]
    written["Message-ID"] = went
    written["Date"] = format_datetime(NOW + timedelta(minutes=30))
    client = mail.imap("alice")
    try:
        client.append("Sent", written.as_bytes(policy=email.policy.SMTP), flags=[b"\\Seen"])
    finally:
        client.logout()
    synced = run_cli(db, "sync", at=NOW + timedelta(hours=1))
    assert synced.returncode == 0, (synced.stdout, synced.stderr)
    assert f"message {message_id} was sent from your mail program (found in Sent): marked sent" in synced.stdout
    note = _stored(db, message_id)
    assert note.state == MessageState.SENT and note.message_id == went  # the replies answer the one that went
