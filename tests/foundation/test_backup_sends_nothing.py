"""A restored database sends nothing on its own (found by a tester: a backup taken with a note
scheduled, restored after the old machine had sent it, sent it a second time, same Message-ID).
Approved and scheduled messages come back drafts, one being sent comes back with its outcome
unknown, and files an unsent message would attach are left out (a hand-edited backup attached
~/.config/afterview/config.toml and /etc/passwd to a scheduled note). On real SQLite files,
through the command line."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from afterview.domain import model as m
from afterview.services.backup import export_document
from afterview.services.demo import load_demo
from afterview.storage import open_store

from tests.helpers import afterview, assert_clean_error

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=timezone.utc)


def _backup(tmp_path, states: dict[str, tuple[m.MessageState, dict]]) -> tuple[dict, dict[str, int]]:
    """The demo with one message per entry of `states` put in that state; the backup document."""
    store = open_store(f"sqlite:///{tmp_path / 'old.db'}")
    ids: dict[str, int] = {}
    try:
        with store.transaction() as tx:
            load_demo(tx, now=NOW, tz="America/Chicago")
            person = tx.list(m.Person)[0]
            for name, (state, extra) in states.items():
                added = tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=person.id, subject=f"Thanks ({name})",
                                         body="Thank you for your time.", state=state, to_address="ann@example.com",
                                         approved_at=NOW, scheduled_at=NOW, message_id=f"<{name}@example.com>",
                                         **extra))
                ids[name] = added.id
            document = export_document(tx)
    finally:
        store.close()
    return json.loads(json.dumps(document)), ids


def _restore(tmp_path, document: dict):
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(document))
    return afterview("--db", str(tmp_path / "new.db"), "import", str(path))


def _messages(tmp_path) -> dict[int, m.Message]:
    store = open_store(f"sqlite:///{tmp_path / 'new.db'}")
    try:
        with store.reading() as tx:
            return {message.id: message for message in tx.list(m.Message)}
    finally:
        store.close()


def test_a_restore_brings_back_approved_and_scheduled_notes_as_drafts(tmp_path):
    document, ids = _backup(tmp_path, {"approved": (m.MessageState.APPROVED, {}),
                                       "scheduled": (m.MessageState.SCHEDULED, {}),
                                       "sent": (m.MessageState.SENT, {"sent_at": NOW})})
    result = _restore(tmp_path, document)
    assert result.code == 0, result.err
    assert "2 approved or scheduled messages came back as drafts" in result.out
    assert "approve them again once it cannot (afterview drafts)" in result.out
    restored = _messages(tmp_path)
    for name in ("approved", "scheduled"):
        message = restored[ids[name]]
        assert message.state == m.MessageState.DRAFTED and message.approved_at is None and message.scheduled_at is None
        assert message.body == "Thank you for your time." and message.message_id == f"<{name}@example.com>"
    sent = restored[ids["sent"]]
    assert sent.state == m.MessageState.SENT and sent.sent_at == NOW  # the record of what went, as it was
    # nothing in the restored database is set to go
    assert not [x for x in restored.values() if x.state in (m.MessageState.APPROVED, m.MessageState.SCHEDULED)]


def test_a_note_being_sent_as_the_backup_was_made_may_have_arrived(tmp_path):
    document, ids = _backup(tmp_path, {"sending": (m.MessageState.SENDING, {"attempts": 1})})
    result = _restore(tmp_path, document)
    assert result.code == 0, result.err
    assert "1 message being sent when the backup was made may have arrived" in result.out
    message = _messages(tmp_path)[ids["sending"]]
    assert message.state == m.MessageState.FAILED
    assert message.last_error.startswith("outcome unknown: it was being sent when the backup was made")
    shown = afterview("--db", str(tmp_path / "new.db"), "show", str(ids["sending"]))
    assert shown.code == 0, shown.err
    assert "may have arrived" in shown.out


def test_files_an_unsent_note_would_attach_are_left_out(tmp_path):
    document, ids = _backup(tmp_path, {"drafted": (m.MessageState.DRAFTED, {}),
                                       "sent": (m.MessageState.SENT, {"sent_at": NOW})})
    for message in document["messages"]:
        if message["id"] in ids.values():
            message["attachments"] = ["~/.config/afterview/config.toml", "/etc/passwd"]
    result = _restore(tmp_path, document)
    assert result.code == 0, result.err
    assert "2 attached files of messages not yet sent were left out" in result.out
    restored = _messages(tmp_path)
    assert restored[ids["drafted"]].attachments == []
    assert restored[ids["sent"]].attachments == ["~/.config/afterview/config.toml", "/etc/passwd"]


def test_a_backup_with_nothing_on_its_way_says_nothing_more(tmp_path):
    document, _ = _backup(tmp_path, {})
    result = _restore(tmp_path, document)
    assert result.code == 0, result.err
    assert result.out.startswith("imported ") and len(result.out.strip().splitlines()) == 1, result.out


def test_a_device_or_deeply_nested_json_is_refused_in_one_line(tmp_path):
    assert_clean_error(afterview("--db", str(tmp_path / "new.db"), "import", "/dev/zero"), "not a file")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000)
    assert_clean_error(afterview("--db", str(tmp_path / "new.db"), "import", str(deep)), "nested far deeper")
    assert not (tmp_path / "new.db").exists()
