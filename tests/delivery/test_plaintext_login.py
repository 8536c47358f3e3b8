"""No login without TLS to another computer, unless the account says so (insecure_login = true).

A server on this computer (a local bridge such as Proton Mail Bridge or DavMail on 127.0.0.1)
is reached without TLS as before, silently.
"""

from __future__ import annotations

import socket

import pytest

from afterview.delivery.accounts import add_account, from_section
from afterview.delivery.imap import ImapConnection
from afterview.delivery.smtp import SmtpConnection
from afterview.errors import DeliveryError, InvalidInput
from tests.helpers import afterview, assert_clean_error

REMOTE = dict(smtp_host="mail.example.com", smtp_port=587, smtp_tls="none", imap_host="mail.example.com", imap_port=143,
              imap_tls="none")


@pytest.mark.parametrize("changes, key", [({}, "smtp_tls"), ({"smtp_tls": "starttls"}, "imap_tls"),
                                          ({"imap_tls": "implicit", "imap_port": 993}, "smtp_tls"),
                                          ({"smtp_host": "192.168.1.20", "imap_tls": "starttls"}, "smtp_tls")])
def test_no_tls_to_another_computer_is_refused_when_adding(tmp_path, changes, key):
    config = tmp_path / "config.toml"
    with pytest.raises(InvalidInput) as refused:
        add_account(config, "remote", email="me@example.com", password_env="X", **{**REMOTE, **changes})
    message = str(refused.value)
    assert key in message and "unencrypted" in message and "insecure_login" in message
    assert not config.exists()


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "LocalHost.", "::1",
                                  "::ffff:127.0.0.1", "bridge.localhost"])
def test_a_server_on_this_computer_needs_no_tls_and_no_note(tmp_path, monkeypatch, host):
    from afterview.delivery.accounts import account_notes

    monkeypatch.setenv("X_MAIL_PASSWORD", "pw")
    config = tmp_path / "config.toml"
    values = add_account(config, "bridge", email="me@proton.example", password_env="X_MAIL_PASSWORD",
                         **{**REMOTE, "smtp_host": host, "imap_host": host})
    assert "insecure_login" not in values
    assert account_notes("bridge", values) == []


def test_saying_so_explicitly_allows_it_and_is_noted(tmp_path, monkeypatch):
    from afterview.delivery.accounts import account_notes

    monkeypatch.setenv("X_MAIL_PASSWORD", "pw")
    config = tmp_path / "config.toml"
    values = add_account(config, "remote", email="me@example.com", password_env="X_MAIL_PASSWORD", insecure_login=True,
                         **REMOTE)
    assert values["insecure_login"] is True and "insecure_login = true" in config.read_text()
    [note] = account_notes("remote", values)
    assert "unencrypted" in note and "mail.example.com" in note


def test_the_command_refuses_it_in_one_line(afterview_home):
    done = afterview("account", "add", "remote", "--email", "me@example.com", "--smtp-host", "mail.example.com",
                     "--smtp-tls", "none", "--imap-tls", "none", "--password-env", "X")
    assert_clean_error(done, "smtp_tls", "unencrypted")
    assert not (afterview_home / "config.toml").exists()


def test_an_account_already_in_the_config_is_read_but_never_logs_in_unencrypted(monkeypatch):
    from afterview.services.delivery import test_account

    monkeypatch.setenv("X_MAIL_PASSWORD", "pw")
    # .invalid never resolves: a connection attempt would say "host name not found (DNS)"
    account = from_section("remote", {"email": "me@example.com", "smtp_host": "mail.invalid", "smtp_tls": "none",
                                      "imap_host": "mail.invalid", "imap_tls": "none", "password_env": "X_MAIL_PASSWORD"})
    for connection, key in ((SmtpConnection(account), "smtp_tls"), (ImapConnection(account), "imap_tls")):
        with pytest.raises(DeliveryError) as refused:
            connection.open()
        assert not refused.value.temporary  # the account's settings: its messages wait for it, not retried
        message = str(refused.value)
        assert key in message and "unencrypted" in message and "insecure_login = true" in message
        assert "DNS" not in message and connection.client is None
    checks = test_account(account)
    assert [check.ok for check in checks] == [False, False]
    assert all("insecure_login" in check.detail for check in checks)


def test_saying_so_in_the_config_lets_it_try(monkeypatch):
    monkeypatch.setenv("X_MAIL_PASSWORD", "pw")
    account = from_section("remote", {"email": "me@example.com", "smtp_host": "mail.invalid", "smtp_tls": "none",
                                      "imap_host": "mail.invalid", "imap_tls": "none", "insecure_login": True,
                                      "password_env": "X_MAIL_PASSWORD", "timeout": 5})
    for connection in (SmtpConnection(account), ImapConnection(account)):
        with pytest.raises(DeliveryError, match="host name not found"):
            connection.open()


def test_a_loopback_server_without_tls_is_reached_as_before(monkeypatch):
    monkeypatch.setenv("X_MAIL_PASSWORD", "pw")
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    account = from_section("bridge", {"email": "me@proton.example", "smtp_host": "127.0.0.1", "smtp_port": port,
                                      "smtp_tls": "none", "imap_host": "127.0.0.1", "imap_port": port,
                                      "imap_tls": "none", "password_env": "X_MAIL_PASSWORD", "timeout": 5})
    for connection in (SmtpConnection(account), ImapConnection(account)):
        with pytest.raises(DeliveryError, match="connection refused"):
            connection.open()
