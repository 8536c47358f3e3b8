"""`account edit --rate N` changes an account's sending rate as `account add --rate` sets it
(before, only config.toml edited by hand could): a whole number, 0 for no limit, checked before
anything is written."""

from __future__ import annotations

import tomllib

from tests.helpers import afterview, assert_clean_error

ACCOUNT = '[accounts.work]\nemail = "me@example.test"\nsmtp_host = "127.0.0.1"\nsmtp_tls = "none"\npassword_env = "AV_S30"\n'


def test_edit_sets_and_changes_the_rate(afterview_home):
    config = afterview_home / "config.toml"
    config.write_text(ACCOUNT)
    done = afterview("account", "edit", "work", "--rate", "3")
    assert done.code == 0, done.err
    assert "rate per minute changed" in done.out and "account test" not in done.out
    assert tomllib.loads(config.read_text())["accounts"]["work"]["rate_per_minute"] == 3
    assert afterview("account", "edit", "work", "--rate", "0").code == 0
    assert tomllib.loads(config.read_text())["accounts"]["work"]["rate_per_minute"] == 0


def test_a_rate_that_is_not_a_whole_number_is_refused_and_nothing_written(afterview_home):
    config = afterview_home / "config.toml"
    config.write_text(ACCOUNT)
    for typed in ("x", "-1", "2.5", "٣"):
        assert_clean_error(afterview("account", "edit", "work", "--rate", typed), "--rate must be a whole number")
    assert config.read_text() == ACCOUNT
