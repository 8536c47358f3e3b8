"""One mail account written wrong in config.toml (a server's name with its port in it, say) does
not stop the others: it is listed with what is wrong, `sync`, `send-due` and the worker say it in
one line and go on, its approved notes wait with why, and `account edit` puts it right. A value
typed for `account add`/`account edit` is refused naming the option, not config.toml; a server's
name is kept trimmed and in its usual form, and an IPv6 address is shown with its port as
[::1]:587."""

from __future__ import annotations

import tomllib

import pytest

from afterview.config import Config
from afterview.delivery import accounts as acc
from afterview.delivery.accounts import get_account, host_problem, load_accounts, section_for
from afterview.errors import ConfigError, InvalidInput
from tests.helpers import afterview, assert_clean_error

BAD_ME = ('[accounts.me]\nemail = "me@example.test"\nsmtp_host = "127.0.0.1:30002"\nsmtp_tls = "none"\n'
          'password_env = "AV_S29"\n\n[accounts.other]\nemail = "other@example.test"\nsmtp_host = "127.0.0.1"\n'
          'smtp_tls = "none"\npassword_env = "AV_S29"\n')
BAD_OTHER = BAD_ME.replace('"127.0.0.1:30002"', '"127.0.0.2"').replace(
    'smtp_host = "127.0.0.1"\nsmtp_tls', 'smtp_host = "127.0.0.1:30002"\nsmtp_tls')


def test_a_broken_account_is_kept_apart_and_the_others_load():
    config = Config(path="/home/me/config.toml", data=tomllib.loads(BAD_ME))
    accounts = load_accounts(config)
    assert set(accounts) == {"other"} and set(accounts.broken) == {"me"}
    assert accounts.broken["me"].startswith("/home/me/config.toml: [accounts.me] smtp_host: give the server's name")
    assert set(accounts) | set(accounts.broken) == {"me", "other"}
    assert accounts.names() == ["me", "other"]
    assert get_account(config, "other").smtp_host == "127.0.0.1"
    with pytest.raises(ConfigError, match=r"account me cannot be used: .*afterview account edit me"):
        get_account(config, "me")
    with pytest.raises(InvalidInput, match=r"several accounts \(me, other\)"):
        get_account(config, None)


def test_account_list_shows_the_broken_one_with_its_problem(afterview_home):
    (afterview_home / "config.toml").write_text(BAD_ME)
    listed = afterview("account", "list")
    assert listed.code == 2 and "Traceback" not in listed.err, listed.err
    assert "other" in listed.out and "127.0.0.1:587" in listed.out and "me\t-\tcannot be used" in listed.out
    assert "account me cannot be used:" in listed.err and "smtp_host" in listed.err
    as_json = afterview("account", "list", "--json")
    assert as_json.code == 2 and '"problem"' in as_json.out


def test_account_test_names_the_problem_and_edit_repairs_it(afterview_home):
    config = afterview_home / "config.toml"
    config.write_text(BAD_ME)
    tested = afterview("account", "test", "me")
    assert tested.code != 0
    assert_clean_error(tested, "account me cannot be used", "smtp_host", "afterview account edit me", code=tested.code)
    fixed = afterview("account", "edit", "me", "--smtp-host", "127.0.0.1")
    assert fixed.code == 0, (fixed.out, fixed.err)
    assert tomllib.loads(config.read_text())["accounts"]["me"]["smtp_host"] == "127.0.0.1"
    assert not load_accounts(Config(path=str(config), data=tomllib.loads(config.read_text()))).broken


def test_an_edit_that_leaves_the_wrong_value_says_it_is_the_files(afterview_home):
    config = afterview_home / "config.toml"
    config.write_text(BAD_ME)
    before = config.read_text()
    refused = afterview("account", "edit", "me", "--user", "someone")
    assert_clean_error(refused, "[accounts.me] smtp_host", "change it too")
    assert config.read_text() == before


def test_sync_goes_on_with_the_others_and_says_the_broken_one(afterview_home):
    (afterview_home / "config.toml").write_text(BAD_OTHER)
    alone = afterview("sync", "--account", "me")  # me has no mailbox: nothing to read, nothing wrong
    assert alone.code == 0, alone.err
    every = afterview("sync")
    assert "Traceback" not in every.err and every.code != 0
    assert "account other cannot be used" in every.err and "smtp_host" in every.err


def test_send_due_says_the_broken_one_and_its_note_waits(store, seeded, afterview_home):
    from afterview.domain.model import Message, MessageState
    from afterview.services import delivery
    from tests.delivery.conftest import NOW, add_message

    message_id = add_message(store, seeded, state=MessageState.APPROVED, account="me")
    accounts = acc.Accounts({}, {"me": "config.toml: [accounts.me] smtp_host: give the server's name alone"})
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    [problem] = report.account_problems
    assert problem.account == "me" and problem.messages == [message_id] and "smtp_host" in problem.line()
    assert not report.failed
    with store.transaction() as tx:
        stored = tx.get(Message, message_id)
    assert stored.state is MessageState.APPROVED
    assert stored.last_error.startswith(delivery.ACCOUNT_WAIT) and "afterview account edit me" in stored.last_error


def test_send_due_on_the_command_line_says_it_in_one_line(store, afterview_home):
    (afterview_home / "config.toml").write_text(BAD_OTHER)
    done = afterview("send-due")
    assert "Traceback" not in done.err
    lines = [line for line in done.err.splitlines() if "account other cannot be used" in line]
    assert len(lines) == 1 and "smtp_host" in lines[0], done.err


def test_brackets_around_a_name_are_not_called_an_ipv6_address():
    said = host_problem("[smtp.example.com]", "smtp")
    assert "give the IPv6 address" not in said and "brackets are not part of a server's name" in said
    assert host_problem("[::1]", "smtp") == "give the IPv6 address without its brackets: ::1"


def test_a_typed_option_is_named_not_config_toml(afterview_home):
    added = afterview("account", "add", "t123", "--email", "t@example.test", "--smtp-host", "[smtp.example.com]",
                      "--password-env", "AV_S29")
    assert_clean_error(added, "--smtp-host: brackets are not part")
    assert "config.toml" not in added.err and "[accounts." not in added.err
    (afterview_home / "config.toml").write_text(BAD_ME.split("\n\n")[1])
    edited = afterview("account", "edit", "other", "--smtp-host", "smtp.example.com:587")
    assert_clean_error(edited, "--smtp-host: give the server's name alone")
    assert "config.toml" not in edited.err


def test_hosts_are_trimmed_normalised_and_partial_addresses_refused(afterview_home):
    values = section_for("a", email="a@example.test", smtp_host=" smtp.example.com ", password_env="X")
    assert values["smtp_host"] == "smtp.example.com"
    wide = section_for("b", email="b@example.test", smtp_host="ｓｍｔｐ.example.com", password_env="X")
    assert wide["smtp_host"] == "smtp.example.com"
    assert "not a full IPv4 address" in host_problem("1.2.3", "smtp")
    with pytest.raises(InvalidInput, match="not a full IPv4 address"):
        section_for("c", email="c@example.test", smtp_host="1.2.3", password_env="X")
    config = Config(path="config.toml", data={"accounts": {"d": {"email": "d@example.test", "smtp_host": " x.example "}}})
    assert load_accounts(config)["d"].smtp_host == "x.example"


def test_an_ipv6_server_is_shown_in_brackets_with_its_port(afterview_home):
    assert acc.host_port("::1", 587) == "[::1]:587" and acc.host_port("smtp.example.com", 587) == "smtp.example.com:587"
    (afterview_home / "config.toml").write_text('[accounts.six]\nemail = "s@example.test"\nsmtp_host = "::1"\n'
                                                'smtp_tls = "none"\npassword_env = "AV_S29"\n')
    listed = afterview("account", "list")
    assert "[::1]:587" in listed.out, listed.out
