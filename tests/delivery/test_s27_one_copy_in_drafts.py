"""A note whose copy waits in the Drafts folder has no second way out that would lose track of it
(found by a tester): `discard` cancelled it and said its action is planned again, while the copy
stayed in Drafts, still sendable (two notes to one person); `send --eml` after `--to-drafts`
replaced the record of the Drafts copy with the file's, so `approve --withdraw` and `interview
delete --forget-sent` then left the copy in Drafts. Both are refused in one line, nothing
changed, naming the way: take the copy back first. Real Dovecot, the commands as a user runs them."""

from __future__ import annotations

import pytest

from afterview.domain.model import MessageState
from tests.delivery.test_crash import run_cli
from tests.delivery.test_d16_copy_out_held import _ok, _stored, _to_drafts, panel  # noqa: F401 (a fixture)

pytestmark = pytest.mark.mail


def _refused(db, *args: str) -> str:
    done = run_cli(db, *args)
    assert done.returncode != 0 and "Traceback" not in done.stderr, (done.stdout, done.stderr)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_a_note_in_drafts_is_not_discarded_behind_its_copys_back(mail, panel):
    db, message_id = panel
    _to_drafts(mail, db, message_id)
    said = _refused(db, "discard", str(message_id))
    assert f"take it back: afterview approve {message_id} --withdraw" in said and "then discard it" in said
    assert _stored(db, message_id).state != MessageState.CANCELLED
    assert len(mail.messages("alice", "Drafts")) == 1
    # taken back first, it is discarded
    _ok(db, "approve", str(message_id), "--withdraw")
    _ok(db, "discard", str(message_id))
    assert _stored(db, message_id).state == MessageState.CANCELLED and mail.messages("alice", "Drafts") == []


def test_a_note_in_drafts_is_not_saved_as_a_file_too(mail, panel, tmp_path):
    db, message_id = panel
    _to_drafts(mail, db, message_id)
    before = _stored(db, message_id).note
    said = _refused(db, "send", str(message_id), "--eml", str(tmp_path))
    assert "one way out per message" in said and f"afterview approve {message_id} --withdraw" in said
    assert list(tmp_path.glob("*.eml")) == [] and _stored(db, message_id).note == before
    # the copy in Drafts is still the one taken back
    _ok(db, "approve", str(message_id), "--withdraw")
    assert mail.messages("alice", "Drafts") == []
