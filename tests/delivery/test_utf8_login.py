"""A password (or login) that is not ASCII logs in with SASL PLAIN in UTF-8 (RFC 4616), on the
real aiosmtpd and a real Dovecot; a server without PLAIN is said in one line, never a traceback."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import sys

import pytest

from afterview.delivery.imap import ImapConnection
from afterview.delivery.smtp import SmtpConnection
from afterview.errors import DeliveryError
from tests.delivery.conftest import account_for
from tests.fixtures import mail as mail_fixture
from tests.fixtures.mail import MailServer, MailUser, new_server
from tests.fixtures.util import free_port

PASSWORD = "pässwörd-ß€"
DORA = MailUser("dora", PASSWORD)


@pytest.fixture(scope="module")
def utf8_dovecot(mail_server):
    """A Dovecot of its own whose user dora has a non-ASCII password, with the shared servers'
    certificate (an account trusts one CA file for both its servers)."""
    server = new_server(MailServer, "utf8", smtp=False, users={"dora": DORA})
    try:
        shutil.copyfile(mail_server.cert_path, server.cert_path)
        shutil.copyfile(mail_server.key_path, server.key_path)
        mail_fixture._start_dovecot(server)
    except BaseException:
        server.stop()
        raise
    yield server
    server.stop()


@pytest.fixture
def dora(mail, utf8_dovecot, monkeypatch):
    """dora's account: SMTP on the shared test server (which learns her password), IMAP on her Dovecot."""
    monkeypatch.setitem(mail_fixture.USERS, "dora", DORA)
    monkeypatch.setenv("AV_TEST_PASSWORD", PASSWORD)
    return account_for(mail, user="dora", imap_port=utf8_dovecot.imap_port)


def test_smtp_logs_in_with_a_non_ascii_password_and_sends(mail, dora):
    session = SmtpConnection(dora).open()
    try:
        session.send("dora@example.test", ["bob@example.test"], b"Subject: hi\r\n\r\nhello\r\n")
    finally:
        session.close()
    assert mail.received[-1].login == "dora"


def test_smtp_says_a_wrong_non_ascii_password_as_any_refused_login(mail, dora, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", "pässwörd-falsch")
    with pytest.raises(DeliveryError, match="authentication failed for dora") as refused:
        SmtpConnection(dora).open()
    assert not refused.value.temporary


def test_imap_logs_in_with_a_non_ascii_password(dora):
    with ImapConnection(dora) as imap:
        assert imap.drafts_folder() == "Drafts"


def test_imap_says_a_wrong_non_ascii_password_as_any_refused_login(dora, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", "pässwörd-falsch")
    with pytest.raises(DeliveryError, match="authentication failed for dora"):
        ImapConnection(dora).open()


def test_an_ascii_password_still_logs_in_as_before(mail, account):
    SmtpConnection(account).open().close()
    with ImapConnection(account) as imap:
        assert imap.sent_folder() == "Sent"


def test_account_test_says_ok_for_both(dora):
    from afterview.services.delivery import test_account

    checks = test_account(dora)
    assert [(check.what, check.ok) for check in checks] == [("SMTP", True), ("IMAP", True)], checks


def test_the_command_says_ok_not_internal_error(mail, dora, afterview_home):
    config = afterview_home / "config.toml"
    config.write_text(mail.account_toml("home", user="dora").replace(f"imap_port = {mail.imap_port}",
                                                                     f"imap_port = {dora.imap_port}"))
    env = dict(os.environ, AV_TEST_PASSWORD=PASSWORD)
    done = subprocess.run([sys.executable, "-m", "afterview", "account", "test", "home"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "SMTP: ok" in done.stdout and "IMAP: ok" in done.stdout
    assert "internal error" not in done.stderr


@pytest.fixture
def login_only_smtp(mail):
    """An implicit-TLS SMTP server offering AUTH LOGIN only (no PLAIN), like some providers."""
    from aiosmtpd.controller import Controller

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(mail.cert_path), str(mail.key_path))
    port = free_port()
    controller = Controller(mail_fixture._Handler(mail), hostname="127.0.0.1", port=port, ssl_context=context,
                            server_hostname="mail.example.test", authenticator=mail_fixture._Authenticator(),
                            auth_required=True, auth_require_tls=False, auth_exclude_mechanism=["PLAIN"],
                            ready_timeout=10)
    controller.start()
    yield port
    controller.stop()


def test_a_server_without_plain_login_is_one_line(dora, login_only_smtp):
    from dataclasses import replace

    account = replace(dora, smtp_port=login_only_smtp, smtp_tls="implicit")
    with pytest.raises(DeliveryError) as refused:
        SmtpConnection(account).open()
    message = str(refused.value)
    assert "ASCII" in message and "PLAIN" in message and PASSWORD not in message
    assert not refused.value.temporary
