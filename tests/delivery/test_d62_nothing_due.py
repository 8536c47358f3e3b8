"""`send-due` that finds nothing due while a retry waits says when it is tried again (found by a
tester: "nothing due", a minute before the outbox tried a message again)."""

from __future__ import annotations

from datetime import timedelta, timezone

from tests.delivery.conftest import NOW, add_message
from tests.delivery.test_retry_shown import CHICAGO, cli, stored, unreachable_account


def test_nothing_due_names_the_retry_waiting(mail, store, seeded, afterview_home, tmp_path):
    (afterview_home / "config.toml").write_text(CHICAGO + mail.account_toml("test", extra="rate_per_minute = 0\n"))
    db = tmp_path / "afterview.db"
    message_id = add_message(store, seeded)
    assert cli(db, "approve", str(message_id)).returncode == 0
    mail.smtp.fail_next(451)  # a temporary refusal of the message: retried after a minute
    assert "will retry" in cli(db, "send-due").stdout
    retry = stored(store, message_id).scheduled_at
    assert retry > NOW
    between = cli(db, "send-due", at=NOW + timedelta(seconds=10))
    assert between.returncode == 0, (between.stdout, between.stderr)
    local = retry.astimezone(timezone(timedelta(hours=-6)))  # Chicago in November
    assert between.stdout.strip() == (f"nothing due now; message {message_id} is tried again at "
                                      f"{local:%a %Y-%m-%d %H:%M} your time (America/Chicago)")
    assert cli(db, "send-due", "--quiet", at=NOW + timedelta(seconds=10)).stdout == ""


def test_nothing_due_with_nothing_waiting_says_so_as_before(mail, afterview_home, tmp_path):
    unreachable_account(afterview_home, mail)
    done = cli(tmp_path / "afterview.db", "send-due")
    assert done.returncode == 0 and done.stdout.strip() == "nothing due"
