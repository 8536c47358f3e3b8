"""TOML has nan and inf: no number setting of the playbook takes them.

nan passes every comparison a range check makes (all are false), so `factor = nan` was accepted
by `playbook check` and then stopped every planning command with an internal error.
"""

from __future__ import annotations

import pytest

from afterview.errors import ConfigError
from afterview.planner import DEFAULT_PLAYBOOK, load_playbook

from tests.helpers import afterview, assert_clean_error

NOT_FINITE = ["nan", "-nan", "+nan", "inf", "-inf", "+inf"]
NUMBER_TYPES = ("factor", "business_days", "days", "count", "duration")


@pytest.mark.parametrize("value", NOT_FINITE)
def test_a_factor_that_is_not_a_finite_number_is_refused_naming_file_rule_and_key(tmp_path, value):
    path = tmp_path / "playbook.toml"
    path.write_text(f"[slow_pace]\nfactor = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_playbook(path)
    message = str(err.value)
    assert message.startswith(f"{path}: [slow_pace] factor: must be a finite number between 1 and 5, got ")
    assert "\n" not in message


def test_config_toml_planner_section_is_checked_the_same_way():
    with pytest.raises(ConfigError, match=r"^config.toml \[planner\]: \[slow_pace\] factor: must be a finite number"):
        load_playbook(config={"slow_pace": {"factor": float("nan")}})


@pytest.mark.parametrize("value", NOT_FINITE)
def test_every_number_and_duration_setting_refuses_nan_and_inf(tmp_path, value):
    """Every setting that takes a number or a duration, whatever its type."""
    settings = [(rule.name, s.name) for rule in DEFAULT_PLAYBOOK for s in rule.settings if s.type in NUMBER_TYPES]
    assert len(settings) > 15  # the table above names them all
    path = tmp_path / "playbook.toml"
    for rule, key in settings:
        path.write_text(f"[{rule}]\n{key} = {value}\n", encoding="utf-8")
        with pytest.raises(ConfigError) as err:
            load_playbook(path)
        assert str(err.value).startswith(f"{path}: [{rule}] {key}: "), str(err.value)


@pytest.mark.parametrize("value", ["nan", "-nan", "inf"])
def test_check_and_every_planning_command_say_it_in_one_line_with_exit_2(afterview_home, tmp_path, value):
    (afterview_home / "playbook.toml").write_text(f"[slow_pace]\nfactor = {value}\n", encoding="utf-8")
    db = str(tmp_path / "av.db")
    assert afterview("--db", db, "profile", "set", "--name", "Sam Lee", "--tz", "Europe/Berlin").code == 0
    fragments = ("playbook.toml", "[slow_pace] factor", "must be a finite number between 1 and 5")
    assert_clean_error(afterview("--db", db, "playbook", "check"), *fragments)
    for command in (["today"], ["agenda"], ["plan"], ["why", "thank_you:i1:p1"]):
        assert_clean_error(afterview("--db", db, "--at", "2026-12-01 10:00 Europe/Berlin", *command), *fragments)


def test_a_finite_factor_still_works(tmp_path):
    path = tmp_path / "playbook.toml"
    path.write_text("[slow_pace]\nfactor = 2.5\n", encoding="utf-8")
    assert load_playbook(path)["slow_pace"]["factor"] == 2.5
