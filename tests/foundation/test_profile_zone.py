"""Your zone is config.toml's, else your profile's, else the machine's. A first `profile set`
without --tz recorded UTC (the profile's default), so every time typed afterwards was read in
UTC: nine hours off for someone in Tokyo (found by a tester). It now records the zone in use."""

from tests.helpers import afterview

TOKYO = {"TZ": "Asia/Tokyo"}


def test_a_first_profile_keeps_the_machines_zone(tmp_path):
    db = f"sqlite:///{tmp_path / 'a.db'}"
    assert afterview("--db", db, "opportunity", "add", "--company", "Acme", "--role", "Engineer", env=TOKYO).code == 0
    shown = afterview("--db", db, "profile", "show", env=TOKYO)
    assert "Asia/Tokyo (not recorded: this machine's)" in shown.out, shown.out
    assert afterview("--db", db, "profile", "set", "--name", "Alex Morgan", env=TOKYO).code == 0
    shown = afterview("--db", db, "profile", "show", env=TOKYO)
    assert "Asia/Tokyo" in shown.out and "not recorded" not in shown.out, shown.out
    added = afterview("--db", db, "interview", "add", "--opportunity", "1", "--start", "2026-12-01 10:00", env=TOKYO)
    assert added.code == 0 and "10:00 Asia/Tokyo" in added.out, added.out
    # a zone given is the one recorded
    assert afterview("--db", db, "profile", "set", "--tz", "Europe/Berlin", env=TOKYO).code == 0
    assert "Europe/Berlin" in afterview("--db", db, "profile", "show", env=TOKYO).out
