"""Two moments given (found by a tester): `afterview --at X plan --at Y`, or AFTERVIEW_AT and --at,
were taken without a word, one of them quietly set aside. The more specific one is used (a
command's own --at, then afterview --at, then AFTERVIEW_AT), and one warning says which was set
aside (docs/configuration.md, "Two moments")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import afterview

ROOT = Path(__file__).resolve().parents[2]
RULE = "(the more specific wins: a command's own --at, then afterview --at, then AFTERVIEW_AT)"


def _plan(*args: str, env: dict | None = None):
    done = afterview(*args, env=env)
    assert done.code == 0, done.err
    return json.loads(done.out)["now"], [line for line in done.err.splitlines() if line.strip()]


def test_afterview_at_wins_over_the_variable_and_says_so():
    now, said = _plan("--at", "2026-12-05", "plan", "--json", env={"AFTERVIEW_AT": "2026-12-01"})
    assert now == "2026-12-05T00:00:00+00:00"
    assert said == [f"afterview: warning: two moments given: afterview --at '2026-12-05' is used, not AFTERVIEW_AT "
                    f"'2026-12-01' {RULE}"]


def test_a_commands_own_at_wins_over_afterview_at_and_says_so():
    now, said = _plan("--at", "2026-12-01", "plan", "--at", "2026-12-05", "--json")
    assert now == "2026-12-05T00:00:00+00:00"
    assert said == [f"afterview: warning: two moments given: plan's own --at '2026-12-05' is used, not afterview "
                    f"--at '2026-12-01' {RULE}"]


def test_three_moments_are_said_in_one_line():
    now, said = _plan("--at", "2026-12-01", "plan", "--at", "2026-12-05", "--json",
                      env={"AFTERVIEW_AT": "2026-11-30 09:00"})
    assert now == "2026-12-05T00:00:00+00:00"
    assert said == [f"afterview: warning: two moments given: plan's own --at '2026-12-05' is used, not afterview "
                    f"--at '2026-12-01' nor AFTERVIEW_AT '2026-11-30 09:00' {RULE}"]


def test_a_commands_own_at_wins_over_the_variable():
    now, said = _plan("plan", "--at", "2026-12-05", "--json", env={"AFTERVIEW_AT": "2026-11-30"})
    assert now == "2026-12-05T00:00:00+00:00"
    assert said == [f"afterview: warning: two moments given: plan's own --at '2026-12-05' is used, not AFTERVIEW_AT "
                    f"'2026-11-30' {RULE}"]


@pytest.mark.parametrize("args, env", [
    (("--at", "2026-12-05", "plan", "--json"), {"AFTERVIEW_AT": "2026-12-05 00:00"}),
    (("--at", "2026-12-05T00:00:00Z", "plan", "--at", "2026-12-05", "--json"), None),
    (("--at", "2026-12-05", "plan", "--json"), None),
    (("plan", "--json"), {"AFTERVIEW_AT": "2026-12-05"}),
])
def test_the_same_moment_twice_or_one_moment_says_nothing(args, env):
    now, said = _plan(*args, env=env)
    assert now == "2026-12-05T00:00:00+00:00" and said == []


def test_a_malformed_moment_set_aside_is_named_not_used():
    now, said = _plan("--at", "2026-12-05", "plan", "--json", env={"AFTERVIEW_AT": "someday"})
    assert now == "2026-12-05T00:00:00+00:00"
    assert said == [f"afterview: warning: two moments given: afterview --at '2026-12-05' is used, not AFTERVIEW_AT "
                    f"'someday' {RULE}"]


def test_the_warning_comes_once_and_before_the_listing():
    done = afterview("--at", "2026-12-05", "today", env={"AFTERVIEW_AT": "2026-12-01"})
    assert done.code == 0
    assert done.err.count("two moments given") == 1


def test_the_rule_is_documented_as_it_is_said():
    doc = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    for args, env in ((("--at", "2026-12-05", "today"), {"AFTERVIEW_AT": "2026-12-01"}),
                      (("--at", "2026-12-01", "plan", "--at", "2026-12-05"), None)):
        said = afterview(*args, env=env).err.strip()
        assert said in doc, said
    assert "which --at overrides" in afterview("--help").out
