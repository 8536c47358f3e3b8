"""On a trip (config.toml's `timezone` is not the profile's), a reason's times say whose they
are: "their time" is judged against the zone you read in, not your home zone, so the listing's
"Times are yours (Asia/Tokyo)" and the reasons under it never disagree."""

from tests.helpers import afterview

AT = ("--at", "2026-11-26T15:00:00Z")


def _today(home) -> str:
    result = afterview(*AT, "today")
    assert result.code == 0, result.err
    return result.out


def test_reasons_say_their_time_against_the_zone_you_read_in(afterview_home):
    assert afterview(*AT, "demo", "--no-agenda").code == 0
    at_home = _today(afterview_home)
    assert "Times are yours (Etc/UTC)" in at_home
    assert "their time (Etc/UTC)" not in at_home  # the demo's people are on Chicago's clock (services.demo)
    (afterview_home / "config.toml").write_text('timezone = "Asia/Tokyo"\n', encoding="utf-8")
    away = _today(afterview_home)
    assert "Times are yours (Asia/Tokyo)" in away
    # a recipient planned in the home zone: their times are named theirs, in the listing and the reason
    assert "due end of Mon 2026-11-23 (Mon 09:00 their time)" in away  # (midnight in Tokyo)
    assert "it was due by Mon 23 Nov 09:00 their time (America/Chicago)." in away
    # a wait said in their time also gives yours
    assert "Tue 1 Dec 09:30 their time (Wed 2 Dec 00:30 yours)" in away


def test_the_zone_you_read_in_changes_no_due_time(afterview_home):
    assert afterview(*AT, "demo", "--no-agenda").code == 0
    before = afterview(*AT, "plan", "--json")
    (afterview_home / "config.toml").write_text('timezone = "Asia/Tokyo"\n', encoding="utf-8")
    after = afterview(*AT, "plan", "--json")
    import json

    def times(out):
        return [(a["key"], a["earliest"], a["due"], a["latest"]) for a in json.loads(out)["actions"]]

    assert times(before.out) and times(before.out) == times(after.out)
