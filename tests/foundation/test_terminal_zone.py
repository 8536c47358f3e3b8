"""One zone for the user, whichever command shows a time: config.toml's `timezone`, else the
profile's, else the machine's (Env.user_tz). Found by a traveller tester: with `timezone` set in
config.toml, `interview show`, `send --at` and `--at` used it, but `today`, `agenda` and `why`
said "Times are yours (America/New_York)" from the profile. And `profile set --tz` moved the
times of every contact without a zone of their own, without a word.

The real process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "afterview", *args], env=env, capture_output=True, text=True,
                          timeout=120)


AT = "2026-11-26T15:00:00+00:00"


@pytest.fixture(scope="session")
def demo_built(prebuilt):
    """The demo, whose contacts have a zone (America/Chicago: the demo's people are on a US clock,
    services.demo.people_zone; it is built with TZ=UTC), two more with none,
    and the profile's zone New York (see the `prebuilt` fixture)."""
    return prebuilt.build(*(("--at", AT, *args) for args in (
        ["demo"], ["person", "add", "Kim Park"], ["person", "add", "Lee Chan"],
        ["profile", "set", "--tz", "America/New_York"])))


@pytest.fixture
def demo(tmp_path, prebuilt, demo_built):
    home = tmp_path / "home"
    home.mkdir()
    prebuilt.copy(demo_built, home, db=tmp_path / "demo.db")
    env = {k: v for k, v in os.environ.items() if k != "TZ"}
    env.update(AFTERVIEW_HOME=str(home), AFTERVIEW_AT=AT, AFTERVIEW_DB=str(tmp_path / "demo.db"))
    return env, home


def _travelling(home) -> None:
    (home / "config.toml").write_text('timezone = "Asia/Tokyo"\n', "utf-8")


@pytest.mark.parametrize("args", [["today"], ["agenda", "--days", "14"], ["plan"]], ids=" ".join)
def test_a_listing_gives_the_times_in_the_zone_of_config_toml(demo, args):
    env, home = demo
    at_home = _run(env, *args)
    assert at_home.returncode == 0, at_home.stderr
    assert at_home.stdout.startswith("Times are yours (America/New_York)")
    _travelling(home)
    away = _run(env, *args)
    assert away.returncode == 0, away.stderr
    assert away.stdout.startswith("Times are yours (Asia/Tokyo)")
    # Priya's thank-you, due Fri 27 Nov 09:00 in her zone (Chicago): 10:00 in New York, midnight in Tokyo
    assert "Priya Raman (email) due Fri 2026-11-27 10:00 (09:00 their time)" in at_home.stdout
    assert "Priya Raman (email) due end of Fri 2026-11-27 (Fri 09:00 their time)" in away.stdout


def test_why_gives_the_times_in_the_same_zone(demo):
    env, home = demo
    _travelling(home)
    result = _run(env, "why", "thank_you:i1:p1")
    assert result.returncode == 0, result.stderr
    assert "(your time, Asia/Tokyo)" in result.stdout
    assert "America/New_York" not in result.stdout.split("(your time")[0]
    config = _run(env, "config")
    assert "your time zone      Asia/Tokyo" in config.stdout


def test_a_time_typed_and_a_time_shown_agree(demo):
    env, home = demo
    _travelling(home)
    # the listing says the end of Friday (midnight) for Priya's note, and a moment typed is read in the same zone
    before = _run(env, "--at", "2026-11-27 23:59", "today")
    after = _run(env, "--at", "2026-11-28 00:01", "today")
    assert "  DUE      Priya Raman (email) due end of Fri 2026-11-27" in before.stdout
    assert "  OVERDUE  Priya Raman (email) due end of Fri 2026-11-27" in after.stdout


def test_a_new_profile_zone_names_the_contacts_it_moves(demo):
    env, _ = demo
    result = _run(env, "profile", "set", "--tz", "Europe/Berlin")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "profile updated\n"
    assert result.stderr == ("afterview: warning: 2 contacts have no time zone of their own and are planned in "
                             "yours: their times move with it to Europe/Berlin: Kim Park (person 7), Lee Chan "
                             "(person 8); to give a contact their own: afterview person edit PERSON --tz ZONE\n")
    assert _run(env, "person", "edit", "8", "--tz", "Asia/Seoul").returncode == 0
    one = _run(env, "profile", "set", "--tz", "Europe/Paris")
    assert one.stderr.startswith("afterview: warning: 1 contact has no time zone of their own and is planned in "
                                 "yours: their times move with it to Europe/Paris: Kim Park (person 7); ")


def test_the_same_zone_again_or_another_field_says_nothing(demo):
    env, _ = demo
    again = _run(env, "profile", "set", "--tz", "America/New_York")
    assert again.returncode == 0 and again.stderr == ""
    phone = _run(env, "profile", "set", "--phone", "+1 555 0100")
    assert phone.returncode == 0 and phone.stderr == ""


def test_no_warning_when_the_playbook_gives_their_zone(demo):
    env, home = demo
    (home / "playbook.toml").write_text('[calendar]\ntimezone = "America/Chicago"\n', "utf-8")
    result = _run(env, "profile", "set", "--tz", "Europe/Berlin")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
