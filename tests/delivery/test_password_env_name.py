"""password_env names an environment variable: a password typed there is refused, never saved
or repeated; a name that is not set here is only a note (the worker may have it)."""

from __future__ import annotations

import pytest

from afterview.delivery.accounts import add_account, from_section
from afterview.errors import ConfigError, InvalidInput
from tests.helpers import afterview, assert_clean_error

SECRET = "Hunter2!secret pw"
SERVERS = dict(smtp_host="127.0.0.1", smtp_port=2525, smtp_tls="none", imap_host="127.0.0.1", imap_port=1143,
               imap_tls="none")


@pytest.mark.parametrize("value", [SECRET, "correct-horse", "9LIVES", "MY PASSWORD", "pässwört", "A=B", "$HOME"])
def test_a_value_that_is_not_a_variable_name_is_refused_without_repeating_it(tmp_path, value):
    config = tmp_path / "config.toml"
    config.write_text('timezone = "UTC"\n')
    with pytest.raises(InvalidInput) as refused:
        add_account(config, "home", email="alice@example.test", password_env=value, **SERVERS)
    message = str(refused.value)
    assert "password_env" in message and "environment variable" in message
    assert value not in message and "Hunter2" not in message
    assert "\n" not in message
    assert config.read_text() == 'timezone = "UTC"\n'


@pytest.mark.parametrize("value", ["MAIL_PASSWORD", "_x", "a1", "GMAIL_APP_PASSWORD"])
def test_variable_names_are_taken(tmp_path, value):
    config = tmp_path / "config.toml"
    values = add_account(config, "home", email="alice@example.test", password_env=value, **SERVERS)
    assert values["password_env"] == value


def test_a_config_that_holds_a_password_there_is_refused_when_read_without_showing_it():
    with pytest.raises(ConfigError) as refused:
        from_section("home", {"email": "alice@example.test", "password_env": SECRET})
    message = str(refused.value)
    assert "[accounts.home] password_env" in message and "Hunter2" not in message


def test_a_variable_not_set_here_is_a_note_not_a_refusal(tmp_path, monkeypatch):
    from afterview.delivery.accounts import account_notes

    monkeypatch.delenv("AV_MAIL_PASSWORD_NOT_HERE", raising=False)
    monkeypatch.setenv("AV_MAIL_PASSWORD_HERE", "s3cret")
    config = tmp_path / "config.toml"
    missing = add_account(config, "home", email="alice@example.test", password_env="AV_MAIL_PASSWORD_NOT_HERE",
                          **SERVERS)
    [note] = account_notes("home", missing)
    assert "AV_MAIL_PASSWORD_NOT_HERE" in note and "not set" in note
    present = add_account(config, "work", email="alice@example.test", password_env="AV_MAIL_PASSWORD_HERE", **SERVERS)
    assert account_notes("work", present) == []
    assert "s3cret" not in config.read_text()


def test_the_command_refuses_it_in_one_line_and_writes_nothing(afterview_home):
    config = afterview_home / "config.toml"
    config.write_text('timezone = "UTC"\n')
    done = afterview("account", "add", "home", "--email", "alice@example.test", "--smtp-host", "127.0.0.1",
                     "--password-env", SECRET)
    assert_clean_error(done)
    assert "password_env" in done.err and "Hunter2" not in done.err + done.out
    assert config.read_text() == 'timezone = "UTC"\n'
