"""End to end: with your own mail account set up, the demo's notes are refused before anything
goes out (approve, send --to-drafts; send --now and send-due of a note approved earlier), an .eml copy still
works, and a mail server on this computer (the tests' own) takes them.

Needs the hook of services.demo.refuse_demo_mail in services/delivery.py (approval, Drafts, the
outbox's rounds)."""

from __future__ import annotations

import pytest

from afterview.domain.model import Message, MessageState
from afterview.storage import open_store
from tests.helpers import afterview, assert_clean_error

AT = "2026-11-30T23:30:00Z"
KEY = "thank_you:i1:p2"  # the demo's thank-you to Tom Becker
REAL = ('[accounts.personal]\nemail = "me@mail.example"\nsmtp_host = "smtp.mail.invalid"\nsmtp_port = 587\n'
        'imap_host = "imap.mail.invalid"\nimap_port = 993\npassword_env = "AV_TEST_PASSWORD"\ntimeout = 2\n')
REFUSED = "Tom Becker is one of the demo's invented people, and their notes never go through a real mail server"


def av(*args: str):
    done = afterview("--at", AT, *args)
    assert done.code == 0, (args, done.out, done.err)
    return done


def state(home, message_id: int) -> MessageState:
    store = open_store(f"sqlite:///{home / 'afterview.db'}")
    try:
        with store.reading() as tx:
            return tx.get(Message, message_id).state
    finally:
        store.close()


@pytest.fixture
def drafted(afterview_home, monkeypatch) -> int:
    monkeypatch.setenv("AV_TEST_PASSWORD", "not-used")
    (afterview_home / "config.toml").write_text(REAL)
    av("demo", "--no-agenda")
    return int(av("draft", KEY, "--no-ask").out.split()[0].lstrip("#"))


def test_approving_or_copying_to_drafts_is_refused_before_anything(afterview_home, drafted, tmp_path):
    done = afterview("--at", AT, "approve", str(drafted))
    assert_clean_error(done, REFUSED, "(smtp.mail.invalid of account personal)",
                       f"afterview send {drafted} --eml FILE", code=done.code)
    assert done.code != 0 and state(afterview_home, drafted) == MessageState.DRAFTED
    done = afterview("--at", AT, "send", str(drafted), "--to-drafts")
    assert_clean_error(done, "not placed in your Drafts folder: " + REFUSED, code=done.code)
    assert done.code != 0 and state(afterview_home, drafted) == MessageState.DRAFTED
    av("send", str(drafted), "--eml", str(tmp_path / "tom.eml"))  # a file is fine
    assert (tmp_path / "tom.eml").exists()


def approved_earlier(home, message_id: int) -> None:
    """Approved as with a server on this computer, the account changed to a real one since."""
    store = open_store(f"sqlite:///{home / 'afterview.db'}")
    try:
        with store.transaction() as tx:
            message = tx.get(Message, message_id)
            message.state, message.account, message.approved_at = MessageState.APPROVED, "personal", message.created_at
            tx.update(message)
    finally:
        store.close()


@pytest.mark.parametrize("command", [["send", "{id}", "--now"], ["send-due"]])
def test_the_outbox_refuses_an_approved_demo_note_without_trying(afterview_home, drafted, command):
    approved_earlier(afterview_home, drafted)
    done = afterview("--at", AT, *(part.format(id=drafted) for part in command))
    said = done.out + done.err
    assert REFUSED in said and "Traceback" not in said
    assert "smtp.mail.invalid:" not in said  # never connected
    assert state(afterview_home, drafted) == MessageState.FAILED


def test_a_mail_server_on_this_computer_takes_the_demo(afterview_home, mail, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    (afterview_home / "config.toml").write_text(mail.account_toml())
    av("demo", "--no-agenda")
    drafted = int(av("draft", KEY, "--no-ask").out.split()[0].lstrip("#"))
    av("approve", str(drafted))
    av("send", str(drafted), "--now")
    assert [r.rcpt_tos for r in mail.received] == [["tom.becker@northwind.example"]]
