"""Account settings written into config.toml by hand, checked when the file is read as `account
add` checks them: a password_command that only prints its secret, a negative rate, a timeout of
0; and an account with no IMAP server, which is allowed (replies are then not read) and said so.
"""

from __future__ import annotations

import subprocess

import pytest

from afterview.delivery.accounts import from_section
from afterview.errors import ConfigError
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for, add_message
from tests.helpers import completed

SECRET = "S3cretPass"


def cli(*args, **env) -> subprocess.CompletedProcess:
    """`afterview ARGS...` (in this process: what is read is the answer)."""
    return completed(*args, env={"AFTERVIEW_AT": NOW.isoformat(), **env})


def one_error(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, (done.stdout, done.stderr)
    [line] = done.stderr.splitlines()
    return line


@pytest.mark.parametrize("key, command", [
    ("password_command", f"echo {SECRET}"),
    ("password_command", f"sh -c 'printf %s {SECRET}'"),
    ("token_command", f"cat <<< {SECRET}"),
])
def test_a_command_that_only_prints_its_secret_is_refused_when_the_file_is_read(afterview_home, key, command):
    (afterview_home / "config.toml").write_text(
        f'[accounts.home]\nemail = "a@example.test"\nsmtp_host = "smtp.example.test"\n{key} = "{command}"\n')
    for args in (("account", "list"), ("account", "test", "home")):
        said = one_error(cli(*args))
        assert said.startswith("afterview: ") and (  # the account is named as one that cannot be used
            f"{afterview_home / 'config.toml'}: [accounts.home] {key} only prints text written in it (echo, printf, "
            "<<<): the ") in said
        assert "is written in config.toml in plain text; remove the account (afterview account remove home) and add " \
               "it again with " in said
        assert SECRET not in said
    # the way out it names works, and takes the line with the secret out of the file
    assert cli("account", "remove", "home").returncode == 0
    assert SECRET not in (afterview_home / "config.toml").read_text()
    # a command that reads a password manager is taken
    account = from_section("home", {"email": "a@example.test", "smtp_host": "s", key: "pass show mail"})
    assert getattr(account, key) == "pass show mail"


@pytest.mark.parametrize("key, value, said", [
    ("rate_per_minute", "-1", "rate_per_minute must be a whole number, 0 or more (0: no limit), not -1"),
    ("rate_per_minute", "2.5", "rate_per_minute must be a whole number, 0 or more (0: no limit), not 2.5"),
    ("timeout", "0", "timeout must be a number of seconds greater than 0, such as 30, not 0"),
    ("timeout", "-5.5", "timeout must be a number of seconds greater than 0, such as 30, not -5.5"),
    ("timeout", '"30"', "timeout must be a number of seconds greater than 0, such as 30, not '30'"),
    ("imap_port", "-1", "imap_port must be a port number, a whole number from 0 to 65535, not -1"),
])
def test_numbers_out_of_range_are_said_with_what_is_allowed(key, value, said):
    import tomllib

    with pytest.raises(ConfigError) as refused:
        from_section("home", tomllib.loads(f'email = "a@example.test"\nsmtp_host = "s"\n{key} = {value}\n'))
    assert str(refused.value) == f"config.toml: [accounts.home] {said}"


def test_a_timeout_is_more_than_zero_and_a_rate_zero_or_more():
    taken = from_section("home", {"email": "a@example.test", "smtp_host": "s", "rate_per_minute": 0, "timeout": 2.5})
    assert taken.rate_per_minute == 0 and taken.timeout == 2.5
    for key, value in (("timeout", 0), ("timeout", -1), ("rate_per_minute", -20)):
        with pytest.raises(ConfigError, match=f"{key} must be "):
            from_section("home", {"email": "a@example.test", "smtp_host": "s", key: value})


# --- no IMAP server ---------------------------------------------------------------------------------

def without_imap(mail) -> str:
    section = mail.account_toml("home")
    return "".join(line + "\n" for line in section.splitlines() if not line.startswith("imap_"))


def test_an_account_without_imap_is_listed_and_tested_as_such(mail, afterview_home):
    (afterview_home / "config.toml").write_text(without_imap(mail))
    listed = cli("account", "list")
    assert listed.returncode == 0, listed.stderr
    [row] = [line for line in listed.stdout.splitlines() if line.startswith("home")]
    assert "no IMAP (replies are not read)" in row and ":993" not in row
    tested = cli("account", "test", "home", AV_TEST_PASSWORD=mail.users["alice"].password)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert tested.stdout.splitlines() == [
        f"SMTP: ok: {mail.host}:{mail.smtp_port} (starttls), logged in as alice",
        "IMAP: not set up: no imap_host in [accounts.home] of config.toml: replies to it are not read (a reply does "
        "not stop its follow-ups), --to-drafts does not work and no copy of sent mail is filed in Sent"]
    refused = cli("account", "test", "home", AV_TEST_PASSWORD="wrong")  # SMTP failing: the test fails, as ever
    assert refused.returncode == 2 and refused.stdout.startswith("SMTP: FAILED: ")
    assert "IMAP: not set up: " in refused.stdout


def test_a_send_without_imap_notes_that_no_copy_was_filed(mail, store, seeded, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    accounts = {"test": account_for(mail, imap_host="")}
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    assert report.sent == [message_id]
    assert report.uncopied == [(message_id, "sent; no copy filed in Sent: the account has no IMAP server (imap_host "
                                            "in [accounts.test] of config.toml; append_sent = false says to file none)")]
