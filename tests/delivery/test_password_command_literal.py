"""A password command that only prints its own words (`echo S3cret`) is the password written in
config.toml in plain text: refused, by `account add` and the desk's Settings form alike (one
check: accounts.command_problem), saying what to use instead. Listings (`account list`, the desk's
Settings page) show a command's program, never its arguments."""

from __future__ import annotations

import shutil

import pytest

from afterview.delivery.accounts import Account, command_problem
from tests.helpers import afterview, assert_clean_error

SECRET = "S3cretPassw0rd!"
SERVERS = ["--smtp-host", "127.0.0.1", "--smtp-tls", "none", "--imap-host", "127.0.0.1", "--imap-tls", "none"]


@pytest.mark.parametrize("command", [
    f"echo {SECRET}", f"/bin/echo -n {SECRET}", f"printf %s {SECRET}", f"cat <<< {SECRET}",
    f"sh -c 'echo {SECRET}'", f"bash -c 'cat <<< {SECRET}'", f"env LANG=C echo {SECRET}",
])
def test_a_command_that_prints_its_own_words_is_refused_without_repeating_them(command, afterview_home):
    problem = command_problem("password_command", command)
    assert problem and "only prints text written in it" in problem and SECRET not in problem
    assert "keyring" in problem and "password_env" in problem and "pass show" in problem
    result = afterview("account", "add", "home", "--email", "alex@example.test", *SERVERS,
                       "--password-command", command)
    assert_clean_error(result, "only prints text written in it")
    assert SECRET not in result.err + result.out
    config = afterview_home / "config.toml"
    assert not config.exists() or SECRET not in config.read_text()


def test_a_command_that_reads_the_password_is_taken():
    assert shutil.which("cat")
    assert command_problem("password_command", "cat /run/secrets/mail") is None


def test_listings_show_the_program_and_never_its_arguments():
    from afterview.delivery.accounts import command_shown

    account = Account(name="home", email="alex@example.test", password_command=f"cat /home/alex/{SECRET}")
    assert account.secret_source() == "command: cat ... (its arguments are not shown)"
    assert command_shown(f"{SECRET} --now") == "(not shown: its program is not found here; see config.toml)"
    assert command_shown("cat") == "cat"
    oauth = Account(name="work", email="alex@example.test", auth="xoauth2", token_command=f"cat {SECRET}")
    assert SECRET not in oauth.secret_source() and oauth.secret_source().startswith("token command: cat")
