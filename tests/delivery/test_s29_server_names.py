"""A server's name is checked when the account is added, edited or read: a port written into
the name, a URL, a name with spaces or a bracketed IPv6 address is said at once, not at the
first send (the connection would fail with a resolver's error much later)."""

from __future__ import annotations

import pytest

from afterview.delivery.accounts import from_section, host_problem
from afterview.errors import ConfigError
from tests.helpers import afterview, assert_clean_error


@pytest.mark.parametrize("host", ["smtp.example.com", "smtp.example.com.", "localhost", "127.0.0.1", "::1",
                                  "192.168.1.20", "mail.bücher.de", "xn--bcher-kva.de", "a-b.c1.example", ""])
def test_a_server_name_or_address_is_taken(host):
    assert host_problem(host, "smtp") is None


@pytest.mark.parametrize("host, words", [
    ("smtp.gmail.com:587", "give the server's name alone (smtp.gmail.com) and the port (587) as the port"),
    ("smtps://smtp.gmail.com", "give the server's name alone, such as smtp.example.com"),
    ("mail.example.com/inbox", "give the server's name alone"),
    ("[::1]", "give the IPv6 address without its brackets: ::1"),
    ("bad host", "is not a server's name"),
    ("-bad.example", "is not a server's name"),
    ("a..b", "is not a server's name"),
    ("x" * 64 + ".example", "is not a server's name"),
    ("under_score.example", "is not a server's name"),
])
def test_what_is_not_a_server_name_is_said(host, words):
    assert words in host_problem(host, "smtp")


def test_account_add_refuses_a_port_in_the_server_name_and_writes_nothing(afterview_home):
    result = afterview("account", "add", "work", "--email", "me@example.com", "--smtp-host", "smtp.gmail.com:587",
                       "--password-env", "PW")
    assert_clean_error(result, "--smtp-host", "give the server's name alone (smtp.gmail.com) and the port (587)")
    config = afterview_home / "config.toml"
    assert not config.exists() or "accounts.work" not in config.read_text()


def test_account_add_refuses_a_bad_imap_server_too(afterview_home):
    result = afterview("account", "add", "work", "--email", "me@example.com", "--smtp-host", "smtp.example.com",
                       "--imap-host", "imap example com", "--password-env", "PW")
    assert_clean_error(result, "--imap-host", "'imap example com' is not a server's name")


def test_config_toml_with_a_bad_server_name_is_named_by_file_and_key():
    with pytest.raises(ConfigError, match=r"cfg\.toml: \[accounts\.work\] smtp_host: give the server's name alone"):
        from_section("work", {"email": "me@example.com", "smtp_host": "https://smtp.example.com"}, "cfg.toml")


def test_account_edit_refuses_a_bad_server_name_and_keeps_the_account(afterview_home):
    assert afterview("account", "add", "work", "--email", "me@example.com", "--smtp-host", "smtp.example.com",
                     "--password-env", "PW").code == 0
    before = (afterview_home / "config.toml").read_text()
    result = afterview("account", "edit", "work", "--smtp-host", "smtp.example.com:465")
    assert_clean_error(result, "--smtp-host", "the port (465) as the port")
    assert (afterview_home / "config.toml").read_text() == before
