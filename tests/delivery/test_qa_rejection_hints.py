"""Hints that lead somewhere (found by a tester): `send --now` on a draft that approval would
refuse says the way left at once, and a self-hosted server's own certificate is met with the
setting that trusts it, which `account add` now takes. Real servers, the commands as typed.
"""

import tomllib
from datetime import timedelta

import pytest

from tests.delivery.conftest import NOW, add_interview, add_message
from tests.delivery.test_crash import run_cli, write_config

pytestmark = pytest.mark.mail


def one_line_error(done) -> str:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr, done.stderr
    return done.stderr.strip()


def test_send_now_on_a_draft_no_longer_planned_gives_the_way_left_at_once(mail, store, seeded, afterview_home,
                                                                          tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    interview = add_interview(store, seeded, NOW - timedelta(days=1))
    message_id = add_message(store, interview, action_key=interview["key"], interview_id=interview["interview"])
    assert run_cli(db, "skip", interview["key"], "--reason", "wrote a card").returncode == 0
    for way in (["--now"], ["--at", (NOW + timedelta(hours=3)).isoformat()]):
        said = one_line_error(run_cli(db, "send", str(message_id), *way))
        assert said == (f"afterview: error: message {message_id} is a draft, and it cannot be approved: you skipped "
                        f"it (wrote a card) (to send it all the same: afterview send {message_id} --to-drafts)")
    # the way it names works as typed
    placed = run_cli(db, "send", str(message_id), "--to-drafts")
    assert placed.returncode == 0, placed.stderr
    assert len(mail.messages("alice", "Drafts")) == 1 and mail.received == []
    # a draft still planned is still told to be approved first
    other = add_message(store, seeded)
    assert "approve it first (afterview approve" in one_line_error(run_cli(db, "send", str(other), "--now"))


def add_self_hosted(db, mail, *extra) -> object:
    return run_cli(db, "account", "add", "home", "--email", "alice@example.test", "--smtp-host", mail.host,
                   "--smtp-port", str(mail.smtp_port), "--smtp-tls", "starttls", "--imap-host", mail.host,
                   "--imap-port", str(mail.imap_port), "--imap-tls", "starttls", "--user", "alice",
                   "--password-env", "AV_TEST_PASSWORD", *extra)


def test_a_self_signed_server_is_trusted_with_tls_ca_file_which_account_add_takes(mail, afterview_home, tmp_path):
    db = tmp_path / "afterview.db"
    assert add_self_hosted(db, mail).returncode == 0
    untrusted = run_cli(db, "account", "test", "home")
    assert untrusted.returncode == 2
    for what in ("SMTP", "IMAP"):
        [line] = [x for x in untrusted.stdout.splitlines() if x.startswith(f"{what}: FAILED")]
        assert "the server's certificate is not trusted: self-signed certificate" in line
        assert line.endswith('(a self-hosted server with its own certificate: trust it with tls_ca_file = '
                             '"/path/to/ca.pem" in the account\'s section of config.toml, or add the account with '
                             '--tls-ca-file FILE)')
    assert run_cli(db, "account", "remove", "home").returncode == 0
    missing = one_line_error(add_self_hosted(db, mail, "--tls-ca-file", str(tmp_path / "nope.pem")))
    assert "tls_ca_file: no such file" in missing
    added = add_self_hosted(db, mail, "--tls-ca-file", str(mail.cert_path))
    assert added.returncode == 0, added.stderr
    section = tomllib.loads((afterview_home / "config.toml").read_text())["accounts"]["home"]
    assert section["tls_ca_file"] == str(mail.cert_path)
    trusted = run_cli(db, "account", "test", "home")
    assert trusted.returncode == 0 and "SMTP: ok" in trusted.stdout and "IMAP: ok" in trusted.stdout, trusted.stdout
