"""A deadline at midnight on your own clock (you and Yuki both in Tokyo): `today`, `why` and
the snooze/undo line say it as the end of the day before, as the desk does ("due end of Wed
2026-11-25"), never "Thu 2026-11-26 00:00", which reads as Thursday's. The moment is kept (the
JSON has it as it is). Real SQLite file, the commands as a user runs them."""

from __future__ import annotations

import json

from tests.helpers import afterview


def test_a_deadline_at_your_midnight_reads_as_the_end_of_the_day_before(tmp_path):
    db = str(tmp_path / "av.db")

    def run(*args):
        return afterview("--db", db, "--at", "2026-11-25 10:00 Asia/Tokyo", *args)

    for step in [("profile", "set", "--name", "Alex Morgan", "--tz", "Asia/Tokyo", "--country", "JP"),
                 ("person", "add", "Yuki Tanaka", "--email", "yuki@fabrikam.example", "--company", "Fabrikam",
                  "--tz", "Asia/Tokyo", "--country", "JP"),
                 ("opportunity", "add", "--company", "Fabrikam", "--role", "Platform Engineer"),
                 ("interview", "add", "--opportunity", "1", "--start", "2026-11-24 23:00", "--duration", "1h",
                  "--with", "Yuki Tanaka")]:
        assert run(*step).code == 0, step
    [action] = [a for a in json.loads(run("plan", "--json").out)["actions"] if a["key"] == "thank_you:i1:p1"]
    assert action["due"].startswith("2026-11-26T00:00:00+09:00"), action  # the moment as it is
    today = run("today").out
    assert "due end of Wed 2026-11-25" in today, today
    assert "2026-11-26 00:00" not in today
    why = run("why", "thank_you:i1:p1").out
    assert "due end of Wed 2026-11-25" in why and "Thu 2026-11-26 00:00" not in why, why
    assert run("snooze", "thank_you:i1:p1", "--until", "2026-11-25 12:00").code == 0
    undone = run("undo", "thank_you:i1:p1")
    assert undone.code == 0, undone.err
    assert "Thu 2026-11-26 00:00" not in undone.out, undone.out
