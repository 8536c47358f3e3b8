"""Adding and removing a mail account with its password kept in the OS keyring, never the file."""

from __future__ import annotations

import tomllib

import pytest

from afterview.delivery.accounts import add_account, from_section, remove_account, secret
from afterview.errors import ConfigError, InvalidInput
from tests.helpers import afterview, assert_clean_error

SERVERS = dict(smtp_host="127.0.0.1", smtp_port=2525, smtp_tls="none", imap_host="127.0.0.1", imap_port=1143,
               imap_tls="none")


def test_the_password_goes_to_the_keyring_and_the_file_says_only_where_it_is(tmp_path, memory_keyring):
    config = tmp_path / "config.toml"
    config.write_text('# mine\ntimezone = "Europe/Berlin"\n')
    add_account(config, "home", email="alice@example.test", password="s3cret pass", **SERVERS)
    text = config.read_text()
    assert "s3cret" not in text and "# mine" in text
    section = tomllib.loads(text)["accounts"]["home"]
    assert section["password_keyring"] is True
    assert memory_keyring == {("afterview", "home"): "s3cret pass"}
    assert secret(from_section("home", section)) == "s3cret pass"


def test_a_refused_account_leaves_neither_file_nor_keyring(tmp_path, memory_keyring):
    config = tmp_path / "config.toml"
    add_account(config, "home", email="alice@example.test", password="first", **SERVERS)
    before = config.read_text()
    with pytest.raises(InvalidInput, match="already exists"):
        add_account(config, "home", email="other@example.test", password="second", **SERVERS)
    with pytest.raises(InvalidInput, match="invalid email"):
        add_account(config, "work", email="not an address", password="x", **SERVERS)
    with pytest.raises(InvalidInput, match="line break"):
        add_account(config, "work", email="w@example.test", password="a\nb", **SERVERS)
    assert config.read_text() == before
    assert memory_keyring == {("afterview", "home"): "first"}


def test_a_config_that_cannot_be_written_takes_the_keyring_entry_back(tmp_path, memory_keyring, monkeypatch):
    from afterview.delivery import accounts

    def full_disk(path, name, values):  # the rename-into-place step failing, as on a full disk
        raise ConfigError(f"cannot write {path}: No space left on device")

    monkeypatch.setattr(accounts, "add_to_config", full_disk)
    config = tmp_path / "config.toml"
    with pytest.raises(ConfigError, match="No space left"):
        add_account(config, "home", email="alice@example.test", password="pw", **SERVERS)
    assert memory_keyring == {} and not config.exists()


def test_no_keyring_on_the_system_is_one_line_and_nothing_is_written(tmp_path):
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        config = tmp_path / "config.toml"
        with pytest.raises(ConfigError, match="no keyring"):
            add_account(config, "home", email="alice@example.test", password="pw", **SERVERS)
        assert not config.exists()
    finally:
        keyring.set_keyring(previous)


def test_removing_forgets_the_password_only_when_asked(tmp_path, memory_keyring):
    config = tmp_path / "config.toml"
    add_account(config, "home", email="alice@example.test", password="pw", **SERVERS)
    add_account(config, "work", email="work@example.test", password="pw2", **SERVERS)
    assert remove_account(config, "home").forgot is False
    assert ("afterview", "home") in memory_keyring
    assert remove_account(config, "work", forget=True).forgot is True
    assert ("afterview", "work") not in memory_keyring
    assert "accounts" not in tomllib.loads(config.read_text())


def test_cli_asks_for_the_password_without_echo_and_keeps_it_in_the_keyring(afterview_home, memory_keyring):
    done = afterview("account", "add", "home", "--email", "alice@example.test", "--smtp-host", "127.0.0.1",
                     "--ask-password", input="hunter-42\nhunter-42\n")
    assert done.code == 0, done.err
    assert "hunter-42" not in done.out + done.err  # the prompt does not echo what is typed
    assert memory_keyring == {("afterview", "home"): "hunter-42"}
    config = (afterview_home / "config.toml").read_text()
    assert "hunter-42" not in config and "password_keyring = true" in config
    assert "keyring" in afterview("account", "list").out
    removed = afterview("account", "remove", "home", "--forget-password")
    assert removed.code == 0 and "forgot its password" in removed.out
    assert memory_keyring == {}


def test_cli_ask_password_checks_the_rest_before_asking(afterview_home, memory_keyring):
    bad = afterview("account", "add", "home", "--email", "not-an-address", "--ask-password", input="")
    assert_clean_error(bad, "invalid email")
    both = afterview("account", "add", "home", "--email", "a@example.test", "--ask-password", "--password-env", "X")
    assert_clean_error(both, "--ask-password")
    assert not (afterview_home / "config.toml").exists() and memory_keyring == {}


def _no_keyring():
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    return lambda: keyring.set_keyring(previous)


def test_without_a_keyring_nothing_is_asked_and_removal_still_works(tmp_path):
    restore = _no_keyring()
    try:
        config = tmp_path / "config.toml"
        asked = []
        with pytest.raises(ConfigError, match="no keyring"):
            add_account(config, "home", email="alice@example.test", ask=lambda: asked.append(1) or "pw", **SERVERS)
        assert asked == [] and not config.exists()  # never asked for a password it cannot keep
        add_account(config, "fm", email="a@example.test", preset="fastmail", password_keyring=True)
        assert remove_account(config, "fm", forget=True).forgot is False  # nothing to forget: removed all the same
        assert "accounts" not in tomllib.loads(config.read_text())
    finally:
        restore()


def test_a_name_that_differs_only_in_capitals_is_refused(tmp_path, memory_keyring):
    config = tmp_path / "config.toml"
    add_account(config, "home", email="alice@example.test", password="pw", **SERVERS)
    with pytest.raises(InvalidInput, match="names differ only in capitals"):
        add_account(config, "Home", email="alice@example.test", password="pw2", **SERVERS)
    assert memory_keyring == {("afterview", "home"): "pw"}


def test_a_certificate_file_that_is_not_there_is_said_when_adding_and_when_connecting(tmp_path, memory_keyring):
    from afterview.delivery.accounts import Account
    from afterview.delivery.smtp import tls_context
    from afterview.errors import DeliveryError

    config = tmp_path / "config.toml"
    with pytest.raises(InvalidInput, match="tls_ca_file: no such file: /nope/ca.pem"):
        add_account(config, "home", email="alice@example.test", password="pw", tls_ca_file="/nope/ca.pem", **SERVERS)
    assert not config.exists() and memory_keyring == {}
    moved = Account(name="home", email="alice@example.test", tls_ca_file=str(tmp_path / "gone.pem"))
    with pytest.raises(DeliveryError, match=r"account home: tls_ca_file .*gone\.pem: No such file"):
        tls_context(moved)
    (tmp_path / "junk.pem").write_text("not a certificate")
    with pytest.raises(DeliveryError, match="not a certificate file"):
        tls_context(Account(name="home", email="alice@example.test", tls_ca_file=str(tmp_path / "junk.pem")))
