"""An account whose section of config.toml has a value of the wrong kind (a port written as
text) or a key misspelt is that account's problem alone: every command reads the rest of the
file, the other accounts send, and `today` says first what is wrong and which approved notes
wait on it, as it says an account the outbox stopped. A mistake outside the accounts still
stops the command in one line."""

from __future__ import annotations

import json

from afterview.config import load_config, paths
from afterview.delivery.accounts import load_accounts
from afterview.domain.model import MessageState
from tests.helpers import afterview, assert_clean_error

GOOD = '[accounts.good]\nemail = "good@example.test"\nsmtp_host = "127.0.0.1"\nsmtp_tls = "none"\npassword_env = "AV_S30"\n'
PORT_AS_TEXT = ('[accounts.me]\nemail = "me@example.test"\nsmtp_host = "127.0.0.1"\nsmtp_port = "abc"\n'
                'smtp_tls = "none"\npassword_env = "AV_S30"\n')
MISSPELT = '[accounts.typo]\nemail = "typo@example.test"\nsmpt_host = "127.0.0.1"\npassword_env = "AV_S30"\n'


def test_each_account_written_wrong_is_its_own_problem(afterview_home):
    (afterview_home / "config.toml").write_text(f"{GOOD}\n{PORT_AS_TEXT}\n{MISSPELT}")
    config = load_config(paths())
    assert set(config.broken_accounts) == {"me", "typo"}
    assert "[accounts.me] smtp_port must be a port number" in config.broken_accounts["me"]
    assert config.broken_accounts["me"].endswith("(line 10)")
    assert "unknown key 'smpt_host': did you mean 'smtp_host'?" in config.broken_accounts["typo"]
    accounts = load_accounts(config)
    assert set(accounts) == {"good"} and set(accounts.broken) == {"me", "typo"}
    listed = afterview("account", "list")
    assert "good" in listed.out and "account me cannot be used" in listed.err and "account typo" in listed.err


def test_a_mistake_outside_the_accounts_still_stops_the_command(afterview_home):
    (afterview_home / "config.toml").write_text(f"{GOOD}\n[lint]\nmax_exclamations = \"two\"\n")
    assert_clean_error(afterview("today"), "[lint] max_exclamations")


def test_today_says_the_account_first_and_its_note_waits_for_it(store, seeded, afterview_home, tmp_path):
    from tests.delivery.conftest import add_message

    scheduled = add_message(store, seeded, state=MessageState.APPROVED, account="me")
    (afterview_home / "config.toml").write_text(f"{GOOD}\n{PORT_AS_TEXT}")
    shown = afterview("--db", str(tmp_path / "afterview.db"), "today")
    assert shown.code == 0 and "Traceback" not in shown.err, shown.err
    lines = shown.out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("account me cannot be used"))
    assert "smtp_port must be a port number" in lines[first]
    assert f"1 approved note waits on it (message {scheduled})" in lines[first]
    assert "afterview account edit me" in lines[first]
    assert not any(line.startswith("ON ITS WAY") for line in lines[:first])
    assert "waits for its account me, which cannot be used (see above)" in shown.out
    as_json = afterview("--db", str(tmp_path / "afterview.db"), "today", "--json")
    assert as_json.code == 0, as_json.err
    [record] = [r for r in json.loads(as_json.out) if r["kind"] == "account_broken"]
    assert record["account"] == "me" and record["waiting"] == [scheduled]
    assert "smtp_port" in record["problem"] and record["reason"].startswith("account me cannot be used")


def test_today_says_nothing_of_a_broken_account_no_note_waits_on(store, seeded, afterview_home, tmp_path):
    from tests.delivery.conftest import add_message

    add_message(store, seeded, state=MessageState.APPROVED, account="good")
    (afterview_home / "config.toml").write_text(f"{GOOD}\n{PORT_AS_TEXT}")
    shown = afterview("--db", str(tmp_path / "afterview.db"), "today")
    assert shown.code == 0, shown.err
    assert "ON ITS WAY" in shown.out and "cannot be used" not in shown.out


def test_a_misspelt_key_is_said_to_be_corrected_in_the_file(store, seeded, afterview_home, tmp_path):
    """`account edit` cannot rename a key: the way to put it right is the file's line, said so by
    account list, today and account edit alike (before, each advised `account edit`)."""
    from tests.delivery.conftest import add_message

    add_message(store, seeded, state=MessageState.APPROVED, account="typo")
    (afterview_home / "config.toml").write_text(f"{GOOD}\n{MISSPELT}")
    listed = afterview("account", "list")
    assert "correct that line in the file" in listed.err and "account edit typo changes settings" in listed.err
    shown = afterview("--db", str(tmp_path / "afterview.db"), "today")
    top = next(line for line in shown.out.splitlines() if line.startswith("account typo cannot be used"))
    assert "What to do: correct that line in the file" in top and "afterview account test typo" in top
    edited = afterview("account", "edit", "typo", "--user", "someone")
    assert_clean_error(edited, "unknown key 'smpt_host'", "correct that line in the file")
