"""A reply whose sender's name holds a control character is read like any other (found by a
security tester: `From: =?utf-8?q?Bill=1B[0m_Lumbergh?= <bill@initech.example>`, Bill recorded,
was left unread by `sync`, "1 new, 0 read, 0 recorded", and by `sync --since` too: the address
parser stopped at the "[" of the colour code and took "=?utf-8?q?Bill=1B" for the address).
Real Dovecot (the test fixtures)."""

from __future__ import annotations

import json

import pytest

from afterview.delivery.inbound import sender_of
from afterview.domain.model import MessageState
from tests.helpers import afterview
from tests.security.test_sec_message_ids import NOW, add_message, seeded, store  # noqa: F401 (fixtures)


@pytest.mark.parametrize("header, name", [
    ("=?utf-8?q?Bill=1B[0m_Lumbergh?= <bill@initech.example>", "=?utf-8?q?Bill=1B[0m_Lumbergh?="),
    ("Bill [HR] Lumbergh <bill@initech.example>", "Bill [HR] Lumbergh"),
    ("Bill\x1b[0m Lumbergh <bill@initech.example>", "Bill\x1b[0m Lumbergh"),
    ('"Lumbergh, Bill" <bill@initech.example>', "Lumbergh, Bill"),
    ("Bill Lumbergh <bill@initech.example>", "Bill Lumbergh"),
    ("<bill@initech.example>", ""),
    ("bill@initech.example (Bill)", "Bill"),
])
def test_the_sender_is_the_address_in_angle_brackets_whatever_the_name_holds(header, name):
    assert sender_of(header) == (name, "bill@initech.example")


def _reply(n: int, name: str) -> str:
    return (f"From: {name} <bob@example.test>\nTo: alice@example.test\nSubject: Next steps {n}\n"
            f"Message-ID: <reply-{n}@example.test>\nDate: Thu, 26 Nov 2026 09:00:00 +0000\n\n"
            "Thanks Alice, we will be in touch next week with a decision.\n")


@pytest.mark.mail
@pytest.mark.parametrize("since", [(), ("--since", "2026-11-01")])
def test_a_reply_whose_senders_name_has_a_control_character_is_recorded(mail, store, seeded, afterview_home,
                                                                         tmp_path, monkeypatch, since):
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    (afterview_home / "config.toml").write_text(mail.account_toml("test"))
    add_message(store, seeded, state=MessageState.SENT, sent_at=NOW, message_id="<sent-1@example.test>")
    store.close()
    db = str(tmp_path / "afterview.db")
    mail.deliver_to_inbox("alice", _reply(1, "=?utf-8?q?Bob=1B[0m_Builder?="))
    done = afterview("--db", db, "sync", *since, env={"AFTERVIEW_AT": NOW.isoformat()})
    assert done.code == 0, done.err
    assert "1 read, 1 recorded" in done.out, done.out
    replies = json.loads(afterview("--db", db, "replies", "--json").out)
    assert [(r["from_address"], r["person_id"], r["subject"]) for r in replies] == [
        ("bob@example.test", seeded["person"], "Next steps 1")]
    listed = afterview("--db", db, "replies")
    assert listed.code == 0 and "\x1b" not in listed.out
