"""The rules `afterview account add` (and the desk's form, and config.toml when it is read) follow:
the sign-in follows the secret given, a port follows its TLS mode, an account needs an SMTP
server, and the presets (Outlook.com and Microsoft 365 told apart, Proton Mail Bridge)."""

from __future__ import annotations

import tomllib

import pytest

from afterview.delivery import accounts
from afterview.delivery.accounts import PRESETS, add_account, from_section, section_for
from afterview.errors import ConfigError, InvalidInput
from tests.helpers import afterview, assert_clean_error


# --- the sign-in follows the secret -----------------------------------------------------------

@pytest.mark.parametrize("settings, preset, auth", [
    ({"password_env": "X"}, "outlook", "password"),        # the preset's xoauth2 gives way to the password
    ({"password_env": "X"}, "microsoft365", "password"),
    ({"password_keyring": True}, "microsoft365", "password"),
    ({"password_command": "pass x"}, None, "password"),
    ({"token_command": "cat t"}, "gmail", "xoauth2"),       # gmail's password gives way to the token
    ({"token_command": "cat t"}, None, "xoauth2"),
    ({}, "outlook", "xoauth2"),                              # no secret yet: the preset's
    ({}, "gmail", "password"),
    ({}, None, "password"),
    ({"auth": "xoauth2"}, None, "xoauth2"),                  # no secret yet: as said
    ({"auth": "password", "password_env": "X"}, "outlook", "password"),
    ({"auth": "xoauth2", "token_command": "cat t"}, "gmail", "xoauth2"),
    ({"password_keyring": False, "token_command": "cat t"}, None, "xoauth2"),  # false is no source
])
def test_the_sign_in_follows_the_secret(settings, preset, auth):
    assert accounts.choose_auth(settings, preset) == auth


@pytest.mark.parametrize("settings, words", [
    ({"password_env": "X", "token_command": "cat t"}, "give one secret, not both: a password (password_env)"),
    ({"password_keyring": True, "token_command": "cat t"}, "a password (password_keyring)"),
    ({"auth": "xoauth2", "password_env": "X"}, 'auth = "xoauth2" signs in with an access token from token_command'),
    ({"auth": "password", "token_command": "cat t"}, 'token_command is for auth = "xoauth2"'),
])
def test_two_secrets_or_a_contradicted_auth_is_one_refusal(settings, words):
    with pytest.raises(InvalidInput) as refused:
        accounts.choose_auth(settings, "gmail")
    assert words in str(refused.value) and "\n" not in str(refused.value)


def test_config_toml_is_read_by_the_same_rule():
    read = from_section("w", {"preset": "microsoft365", "email": "me@corp.example", "password_env": "X"})
    assert read.auth == "password" and read.secret_source() == "environment variable X"
    read = from_section("g", {"preset": "gmail", "email": "me@gmail.com", "token_command": "cat t"})
    assert read.auth == "xoauth2" and read.secret_source() == "token command: cat ... (its arguments are not shown)"
    with pytest.raises(ConfigError, match=r"^config.toml: \[accounts.b\] give one secret, not both"):
        from_section("b", {"email": "me@x.example", "smtp_host": "h", "password_env": "X", "token_command": "c"})


# --- ports follow the TLS mode ------------------------------------------------------------------

@pytest.mark.parametrize("section, preset, ports", [
    ({}, None, {"smtp_port": 587, "imap_port": 993}),
    ({"smtp_tls": "implicit"}, None, {"smtp_port": 465, "imap_port": 993}),
    ({"smtp_tls": "starttls"}, None, {"smtp_port": 587, "imap_port": 993}),
    ({"smtp_tls": "none", "imap_tls": "none"}, None, {"smtp_port": 587, "imap_port": 143}),
    ({"imap_tls": "starttls"}, None, {"smtp_port": 587, "imap_port": 143}),
    ({"imap_tls": "implicit"}, None, {"smtp_port": 587, "imap_port": 993}),
    ({"smtp_tls": "implicit", "smtp_port": 2465}, None, {"imap_port": 993}),   # a port given stays
    ({}, "gmail", {"smtp_port": 465, "imap_port": 993}),                      # the preset's own
    ({"smtp_tls": "starttls"}, "gmail", {"smtp_port": 587, "imap_port": 993}),  # its mode changed: that mode's
    ({"imap_tls": "implicit"}, "proton-bridge", {"smtp_port": 1025, "imap_port": 993}),
    ({"smtp_tls": "starttls"}, "proton-bridge", {"smtp_port": 1025, "imap_port": 1143}),  # its own mode, said again
])
def test_a_port_follows_its_tls_mode(section, preset, ports):
    assert accounts.default_ports(section, preset) == ports


def test_read_back_the_ports_follow_the_mode():
    read = from_section("h", {"email": "me@x.example", "smtp_host": "mail.x.example", "smtp_tls": "implicit",
                              "imap_host": "mail.x.example", "imap_tls": "starttls"})
    assert (read.smtp_port, read.imap_port) == (465, 143)
    with pytest.raises(ConfigError, match="smtp_tls must be one of"):  # an unknown mode is named, not guessed
        from_section("h", {"email": "me@x.example", "smtp_tls": "ssl"})


# --- presets ------------------------------------------------------------------------------------

def test_outlook_com_and_microsoft_365_are_two_presets():
    personal = from_section("p", {"preset": "outlook", "email": "me@outlook.com"})
    work = from_section("w", {"preset": "microsoft365", "email": "me@corp.example"})
    assert (personal.smtp_host, personal.smtp_port, personal.smtp_tls) == ("smtp-mail.outlook.com", 587, "starttls")
    assert (work.smtp_host, work.smtp_port, work.smtp_tls) == ("smtp.office365.com", 587, "starttls")
    for account in (personal, work):
        assert (account.imap_host, account.imap_port, account.imap_tls) == ("outlook.office365.com", 993, "implicit")
        assert account.auth == "xoauth2" and account.append_sent is False


def test_outlook_com_takes_no_password(tmp_path, memory_keyring):
    config = tmp_path / "config.toml"
    for settings in ({"password_env": "X"}, {"password_command": "pass x"}, {"auth": "password"}):
        with pytest.raises(InvalidInput, match="Outlook.com no longer accepts a password.*microsoft365"):
            section_for("p", email="me@outlook.com", preset="outlook", **settings)
    with pytest.raises(InvalidInput, match="Outlook.com no longer accepts a password"):
        add_account(config, "p", email="me@outlook.com", preset="outlook", password="typed")
    assert not config.exists() and memory_keyring == {}  # refused before the keyring got it
    assert section_for("p", email="me@outlook.com", preset="outlook", token_command="oauth2-token me") == {
        "email": "me@outlook.com", "preset": "outlook", "token_command": "oauth2-token me"}


def test_the_section_says_the_sign_in_when_it_is_not_the_presets():
    assert section_for("w", email="me@corp.example", preset="microsoft365", password_env="M365_PASSWORD") == {
        "email": "me@corp.example", "preset": "microsoft365", "password_env": "M365_PASSWORD", "auth": "password"}
    assert section_for("g", email="me@gmail.com", preset="gmail", token_command="cat t") == {
        "email": "me@gmail.com", "preset": "gmail", "token_command": "cat t", "auth": "xoauth2"}
    assert section_for("g", email="me@gmail.com", preset="gmail", password_env="GMAIL_PASSWORD") == {
        "email": "me@gmail.com", "preset": "gmail", "password_env": "GMAIL_PASSWORD"}  # the preset's own: unsaid


def test_the_keyring_password_of_a_work_account_signs_in_with_it(tmp_path, memory_keyring):
    config = tmp_path / "config.toml"
    add_account(config, "w", email="me@corp.example", preset="microsoft365", password="app pass")
    section = tomllib.loads(config.read_text())["accounts"]["w"]
    assert section == {"email": "me@corp.example", "preset": "microsoft365", "password_keyring": True,
                       "auth": "password"}
    assert from_section("w", section).auth == "password"


def test_proton_mail_bridge_preset():
    assert PRESETS["proton-bridge"] == dict(smtp_host="127.0.0.1", smtp_port=1025, smtp_tls="starttls",
                                            imap_host="127.0.0.1", imap_port=1143, imap_tls="starttls",
                                            append_sent=False)


def test_the_command_line_offers_every_preset():
    from afterview.interfaces.cli import delivery

    assert delivery.PRESETS == list(PRESETS)


# --- the command, as a user types it ------------------------------------------------------------

@pytest.mark.parametrize("args, words", [
    (["--email", "me@example.com", "--password-env", "X"], "give the SMTP server (--smtp-host HOST)"),
    (["--preset", "outlook", "--email", "me@outlook.com", "--password-env", "X"], "no longer accepts a password"),
    (["--preset", "gmail", "--email", "me@gmail.com", "--password-env", "X", "--token-command", "cat t"],
     "give one secret, not both"),
    (["--preset", "gmail", "--email", "me@gmail.com", "--auth", "xoauth2", "--password-env", "X"],
     'auth = "xoauth2" signs in with an access token'),
    (["--preset", "gmail", "--email", "me@gmail.com", "--auth", "password", "--token-command", "cat t"],
     'token_command is for auth = "xoauth2"'),
    (["--preset", "gmail", "--email", "me@gmail.com", "--password-keyring", "--token-command", "cat t"],
     "give one secret, not both"),
])
def test_account_add_refuses_an_account_that_cannot_sign_in_in_one_line(afterview_home, args, words):
    assert_clean_error(afterview("account", "add", "w", *args), words)
    assert not (afterview_home / "config.toml").exists()


def test_account_add_ports_follow_the_tls_mode(afterview_home):
    done = afterview("account", "add", "own", "--email", "me@example.com", "--smtp-host", "mail.example.com",
                     "--smtp-tls", "implicit", "--imap-host", "mail.example.com", "--imap-tls", "starttls",
                     "--password-env", "X")
    assert done.code == 0, done.err
    listed = afterview("account", "list")
    assert "mail.example.com:465 implicit" in listed.out and "mail.example.com:143 starttls" in listed.out


def test_account_add_help_gives_the_defaults():
    shown = " ".join(afterview("account", "add", "--help").out.split())
    assert "465 implicit, 587 starttls or none" in shown and "993 implicit, 143 starttls or none" in shown
    assert "proton-bridge" in shown and "microsoft365" in shown


def test_an_outlook_account_with_no_secret_yet_is_told_to_give_a_token_command(afterview_home):
    done = afterview("account", "add", "p", "--preset", "outlook", "--email", "me@outlook.com")
    assert done.code == 0, done.err
    assert 'next: say how to get an access token: token_command = "..."' in done.out


def test_a_proton_bridge_account_without_its_certificate_is_noted(afterview_home, monkeypatch):
    monkeypatch.setenv("BRIDGE_PASSWORD", "x")
    done = afterview("account", "add", "proton", "--preset", "proton-bridge", "--email", "me@proton.me",
                     "--password-env", "BRIDGE_PASSWORD")
    assert done.code == 0, done.err
    assert "note: Proton Mail Bridge uses its own certificate" in done.err and "tls_ca_file" in done.err
    section = tomllib.loads((afterview_home / "config.toml").read_text())["accounts"]["proton"]
    assert section == {"email": "me@proton.me", "preset": "proton-bridge", "password_env": "BRIDGE_PASSWORD"}
