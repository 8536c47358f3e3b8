"""`show` and `today` say a note's wait for its account against config.toml as it reads now
(services.delivery.account_wait_words), not the mistake stored when it last waited."""

from __future__ import annotations

from afterview.domain.model import MessageState
from tests.delivery.conftest import NOW, add_message
from tests.helpers import afterview

PORT_AS_TEXT = ('[accounts.me]\nemail = "me@example.test"\nsmtp_host = "127.0.0.1"\nsmtp_port = "abc"\n'
                'smtp_tls = "none"\npassword_env = "AV_D87"\n')
TLS_MISSPELT = ('[accounts.me]\nemail = "me@example.test"\nsmtp_host = "127.0.0.1"\nsmtp_port = 1\n'
                'smtp_tls = "nonee"\npassword_env = "AV_D87"\n')
RIGHT = ('[accounts.me]\nemail = "me@example.test"\nsmtp_host = "127.0.0.1"\nsmtp_port = 1\n'
         'smtp_tls = "none"\npassword_env = "AV_D87"\n')


def _waited(store, seeded, afterview_home, tmp_path) -> tuple[str, int]:
    db = str(tmp_path / "afterview.db")
    message_id = add_message(store, seeded, state=MessageState.APPROVED, account="me", approved_at=NOW)
    (afterview_home / "config.toml").write_text(PORT_AS_TEXT)
    assert "waits for account me" in afterview("--db", db, "--at", NOW.isoformat(), "send-due").out
    return db, message_id


def test_show_says_an_account_put_right_since_lets_the_note_go(store, seeded, afterview_home, tmp_path):
    db, message_id = _waited(store, seeded, afterview_home, tmp_path)
    (afterview_home / "config.toml").write_text(RIGHT)
    shown = afterview("--db", db, "--at", NOW.isoformat(), "show", str(message_id))
    assert shown.code == 0, shown.err
    assert ("approved, waited for its account me, which was written wrong in config.toml; it is put right now: it "
            "goes with the next send round") in shown.out, shown.out
    assert "smtp_port" not in shown.out


def test_show_says_the_mistake_the_account_has_now(store, seeded, afterview_home, tmp_path):
    db, message_id = _waited(store, seeded, afterview_home, tmp_path)
    (afterview_home / "config.toml").write_text(TLS_MISSPELT)
    shown = afterview("--db", db, "--at", NOW.isoformat(), "show", str(message_id))
    assert shown.code == 0, shown.err
    assert "smtp_tls" in shown.out and "smtp_port" not in shown.out, shown.out
