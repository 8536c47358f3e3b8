"""`send-due --quiet` for cron (found by a scripts tester): cron mails whatever a job prints, and
`send-due` said "nothing due" on every run. With --quiet a run with nothing to do prints nothing;
what it sends is said as ever. Real SQLite file, real SMTP (aiosmtpd)."""

from __future__ import annotations

import pytest

from tests.delivery.test_crash import run_cli

pytestmark = pytest.mark.mail


def test_quiet_says_nothing_when_nothing_is_due(tmp_path):
    db = str(tmp_path / "av.db")
    assert run_cli(db, "person", "add", "Dana Reyes").returncode == 0
    loud = run_cli(db, "send-due")
    assert loud.returncode == 0 and loud.stdout.strip() == "nothing due", loud.stderr
    quiet = run_cli(db, "send-due", "--quiet")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout == "" and quiet.stderr == ""


def test_quiet_still_says_what_it_sent(mail, store, seeded, accounts, afterview_home, tmp_path):
    from tests.delivery.test_crash import approved_note, delivered_copies

    message_id, header, db = approved_note(store, seeded, accounts, mail, afterview_home, tmp_path)
    sent = run_cli(db, "send-due", "--quiet")
    assert sent.returncode == 0, sent.stderr
    assert f"sent message {message_id}" in sent.stdout
    assert delivered_copies(mail, header) == 1
    again = run_cli(db, "send-due", "--quiet")
    assert again.returncode == 0 and again.stdout == "", again.stdout
