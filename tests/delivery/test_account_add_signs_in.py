"""`afterview account add` then `afterview account test`, as a user runs them, against the real
servers the tests start: aiosmtpd and Dovecot (password logins), and their OAuth2 pair (SASL
XOAUTH2, tokens checked by a local introspection endpoint). An account added with a preset and a
secret of the other kind than the preset's signs in with that secret; a preset's TLS mode with
ports of its own reaches a STARTTLS server on 127.0.0.1 (Proton Mail Bridge's way)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

import pytest

from tests.fixtures.oauth2 import start_oauth2_mail_server

pytestmark = pytest.mark.mail


def run(*args: str, password: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, AV_TEST_PASSWORD=password)
    return subprocess.run([sys.executable, "-m", "afterview", *args], env=env, capture_output=True, text=True,
                          timeout=90)


def servers(server, *, imap_tls: str = "starttls") -> list[str]:
    """The options that point a preset at the test servers instead of the provider's."""
    return ["--smtp-host", server.host, "--smtp-port", str(server.smtp_port), "--imap-host", server.host,
            "--imap-port", str(server.imap_port), "--imap-tls", imap_tls, "--user", "alice",
            "--tls-ca-file", str(server.cert_path)]


def section(home, name: str) -> dict:
    return tomllib.loads((home / "config.toml").read_text())["accounts"][name]


def assert_signs_in(done: subprocess.CompletedProcess) -> None:
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("SMTP: ok:") and "logged in as alice" in line for line in lines), done.stdout
    assert any(line.startswith("IMAP: ok:") and "logged in" in line for line in lines), done.stdout


def test_a_work_account_with_a_password_signs_in_with_it(mail, afterview_home):
    """microsoft365's own sign-in is OAuth2; given a password source, the account uses the password."""
    password = mail.users["alice"].password
    added = run("account", "add", "work", "--preset", "microsoft365", "--email", "alice@example.test",
                *servers(mail), "--password-env", "AV_TEST_PASSWORD", password=password)
    assert added.returncode == 0, added.stderr
    assert_signs_in(run("account", "test", "work", password=password))
    assert section(afterview_home, "work")["auth"] == "password"


@pytest.fixture(scope="module")
def oauth2_server():
    server = start_oauth2_mail_server()
    yield server
    server.stop()


def test_a_gmail_account_with_a_token_command_signs_in_with_oauth2(oauth2_server, afterview_home, tmp_path):
    """gmail's own sign-in is a password; given --token-command alone, the account uses XOAUTH2."""
    oauth2_server.reset()
    token_file = tmp_path / "access-token"
    token = oauth2_server.tokens.issue("alice")
    token_file.write_text(token + "\n")
    added = run("account", "add", "g", "--preset", "gmail", "--email", "alice@example.test",
                *servers(oauth2_server), "--smtp-tls", "starttls", "--token-command", f"cat {token_file}")
    assert added.returncode == 0, added.stderr
    assert_signs_in(run("account", "test", "g"))
    assert section(afterview_home, "g")["auth"] == "xoauth2"
    assert [attempt.accepted for attempt in oauth2_server.sasl] == [True]  # SMTP took the token, first time
    assert token not in (afterview_home / "config.toml").read_text()


def test_the_proton_bridge_preset_reaches_a_starttls_server_on_this_computer(mail, afterview_home):
    """Bridge's way: 127.0.0.1, STARTTLS on both, its own certificate trusted with --tls-ca-file,
    no copy appended to Sent. The preset's ports are Bridge's; the test servers' are given."""
    password = mail.users["alice"].password
    added = run("account", "add", "proton", "--preset", "proton-bridge", "--email", "alice@example.test",
                "--smtp-port", str(mail.smtp_port), "--imap-port", str(mail.imap_port), "--user", "alice",
                "--tls-ca-file", str(mail.cert_path), "--password-env", "AV_TEST_PASSWORD", password=password)
    assert added.returncode == 0, added.stderr
    assert "Proton Mail Bridge" not in added.stderr  # its certificate is given: nothing to note
    listed = run("account", "list")
    assert f"127.0.0.1:{mail.smtp_port} starttls" in listed.stdout
    assert f"127.0.0.1:{mail.imap_port} starttls" in listed.stdout
    assert_signs_in(run("account", "test", "proton", password=password))


def test_an_account_without_an_smtp_server_is_refused_and_nothing_written(afterview_home):
    done = run("account", "add", "nowhere", "--email", "alice@example.test", "--imap-host", "127.0.0.1",
               "--password-env", "AV_TEST_PASSWORD")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        "afterview: error: give the SMTP server (--smtp-host HOST) or choose your provider (--preset NAME)"]
    assert not (afterview_home / "config.toml").exists()


def test_the_desk_form_follows_the_same_rule(tmp_path, memory_keyring):
    """The desk's add-account form reads the form, then adds through accounts.add_account: the
    sign-in follows the secret chosen there too, and Outlook.com with a password is refused."""
    from afterview.delivery.accounts import add_account
    from afterview.errors import InvalidInput
    from afterview.interfaces.web.settings import _new_account

    form = {"account_name": "w", "account_email": "me@corp.example", "display_name": "", "preset": "microsoft365",
            "secret": "env", "password_env": "M365_PASSWORD"}
    config = tmp_path / "config.toml"

    def add(**changes):
        name, settings, password = _new_account({**form, **changes})
        return add_account(config, name, password=password, **settings)

    assert add()["auth"] == "password"
    assert add(account_name="g", preset="gmail", secret="token", password_env="", token_command="cat t")["auth"] == "xoauth2"
    assert "auth" not in add(account_name="o", preset="outlook", secret="token", password_env="", token_command="cat t")
    with pytest.raises(InvalidInput, match="Outlook.com no longer accepts a password"):
        add(account_name="p", preset="outlook")
    with pytest.raises(InvalidInput, match="Outlook.com no longer accepts a password"):
        add(account_name="k", preset="outlook", secret="keyring", password="typed")
    assert set(tomllib.loads(config.read_text())["accounts"]) == {"w", "g", "o"} and memory_keyring == {}
