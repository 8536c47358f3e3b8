"""Accounts from config.toml, presets, and the three password sources (never stored, never shown)."""

import sys

import pytest

from afterview.config import Config
from afterview.delivery.accounts import (
    Account, add_to_config, from_section, get_account, load_accounts, remove_from_config, secret, section_for,
)
from afterview.errors import ConfigError, InvalidInput, NotFound


def test_preset_fills_servers_and_keys_override():
    account = from_section("work", {"preset": "gmail", "email": "me@gmail.com", "smtp_port": 587, "smtp_tls": "starttls"})
    assert (account.smtp_host, account.smtp_port, account.smtp_tls) == ("smtp.gmail.com", 587, "starttls")
    assert account.imap_host == "imap.gmail.com" and account.append_sent is False and account.login == "me@gmail.com"


@pytest.mark.parametrize(
    "section, words",
    [
        ({"email": "me@x.example", "smtp_tls": "ssl"}, "smtp_tls must be one of"),
        ({"email": "me@x.example", "preset": "aol"}, "unknown 'aol'"),
        ({"email": "me@x.example", "password": "hunter2"}, "unknown key 'password'"),
        ({"smtp_host": "x"}, "needs email"),
        ({"email": "me@x.example", "smtp_port": "587"}, "whole number"),
        ({"email": "me@x.example", "password_env": "A", "password_command": "b"}, "give one of"),
        ({"email": "me@x.example", "display_name": "A\nBcc: x"}, "line break"),
    ],
)
def test_bad_sections_name_file_and_key(section, words):
    with pytest.raises(ConfigError, match=words):
        from_section("work", section, "/home/me/config.toml")


def test_choosing_an_account():
    config = Config(path="config.toml", data={"accounts": {"a": {"email": "a@x.example"}, "b": {"email": "b@x.example"}}})
    assert set(load_accounts(config)) == {"a", "b"}
    assert get_account(config, "b").email == "b@x.example"
    with pytest.raises(InvalidInput, match="several accounts"):
        get_account(config, None)
    with pytest.raises(NotFound, match="no account named 'c'"):
        get_account(config, "c")


def test_password_from_environment(monkeypatch):
    account = Account(name="w", email="w@x.example", password_env="W_PASSWORD")
    monkeypatch.setenv("W_PASSWORD", "s3cret")
    assert secret(account) == "s3cret"
    monkeypatch.delenv("W_PASSWORD")
    with pytest.raises(ConfigError, match="W_PASSWORD is not set"):
        secret(account)


def test_password_command_runs_without_a_shell(tmp_path):
    script = tmp_path / "pw.py"
    script.write_text("import sys\nprint(' '.join(sys.argv[1:]))\nprint('second line')\n")
    account = Account(name="w", email="w@x.example", password_command=f"{sys.executable} {script} 'a b' ; $(rm -rf /) `x`")
    assert secret(account) == "a b ; $(rm -rf /) `x`"  # passed as plain arguments, nothing expanded


def test_password_command_failure_never_shows_its_output(tmp_path):
    script = tmp_path / "pw.py"
    script.write_text("import sys\nprint('the-secret')\nsys.stderr.write('gpg: decryption failed\\n')\nsys.exit(3)\n")
    account = Account(name="w", email="w@x.example", password_command=f"{sys.executable} {script}")
    with pytest.raises(ConfigError) as caught:
        secret(account)
    assert "exit 3" in str(caught.value) and "decryption failed" not in str(caught.value)
    assert "the-secret" not in str(caught.value)


def test_password_command_missing_program():
    account = Account(name="w", email="w@x.example", password_command="/no/such/program --flag")
    with pytest.raises(ConfigError, match="program not found"):
        secret(account)


def test_password_from_keyring(monkeypatch):
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1
        store = {("afterview", "w"): "from-keyring"}

        def get_password(self, service, username):
            return self.store.get((service, username))

        def set_password(self, service, username, password):
            self.store[(service, username)] = password

        def delete_password(self, service, username):
            self.store.pop((service, username), None)

    previous = keyring.get_keyring()
    keyring.set_keyring(Memory())
    try:
        assert secret(Account(name="w", email="w@x.example", password_keyring=True)) == "from-keyring"
        with pytest.raises(ConfigError, match="keyring set afterview other"):
            secret(Account(name="other", email="o@x.example", password_keyring=True))
    finally:
        keyring.set_keyring(previous)


def test_xoauth2_needs_a_token_command():
    with pytest.raises(ConfigError, match="needs token_command"):
        secret(Account(name="o", email="o@outlook.com", auth="xoauth2"))


def test_no_source_at_all():
    with pytest.raises(ConfigError, match="no password source"):
        secret(Account(name="o", email="o@x.example"))


def test_config_writer_never_writes_secrets_and_round_trips(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[lint]\nlevel = \"strict\"\n\n[accounts.old]\nemail = \"old@x.example\"\n\n[web]\nport = 8765\n")
    add_to_config(path, "new", section_for("new", email="n@x.example", preset="icloud", display_name="Zoë \"Z\" Ä"))
    remove_from_config(path, "old")
    import tomllib

    data = tomllib.loads(path.read_text())
    assert data == {"lint": {"level": "strict"}, "web": {"port": 8765},
                    "accounts": {"new": {"email": "n@x.example", "preset": "icloud", "display_name": "Zoë \"Z\" Ä"}}}
    with pytest.raises(InvalidInput, match="unknown account setting"):
        section_for("x", email="x@x.example", password="hunter2")
