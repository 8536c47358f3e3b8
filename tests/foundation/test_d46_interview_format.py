"""`afterview interview add` without --format recorded a video call and said nothing: a phone
screen was then planned and drafted as a video call. The default stays (the reference gives it),
and the output says it was assumed, with the command that changes it."""

from __future__ import annotations

import json

from tests.helpers import afterview

AT = ["--at", "2026-11-26T15:00:00+00:00"]


def _opportunity(tmp_path) -> str:
    db = str(tmp_path / "a.db")
    assert afterview("--db", db, *AT, "opportunity", "add", "--company", "Globex", "--role", "Analyst").code == 0
    return db


def test_video_assumed_is_said_with_the_way_to_change_it(tmp_path):
    db = _opportunity(tmp_path)
    added = afterview("--db", db, *AT, "interview", "add", "--opportunity", "1", "--start", "2026-11-25 10:00")
    assert added.code == 0, added.err
    lines = added.out.splitlines()
    assert lines[0] == "added interview 1: Wed 2026-11-25 10:00 Etc/UTC, 0 on the panel"
    assert lines[1] == ("format: video, assumed as --format was not given (if it was not a video call: "
                        "afterview interview edit 1 --format phone|onsite|video)")
    shown = json.loads(afterview("--db", db, "interview", "show", "1", "--json").out)
    assert shown["format"] == "video"


def test_a_format_given_is_not_said_assumed(tmp_path):
    db = _opportunity(tmp_path)
    for number, format_ in enumerate(("phone", "video"), start=1):
        added = afterview("--db", db, *AT, "interview", "add", "--opportunity", "1", "--start", f"2026-11-2{number} 10:00",
                          "--format", format_)
        assert added.code == 0, added.err
        assert added.out.splitlines()[0] == f"added interview {number}: {('Sat', 'Sun')[number - 1]} 2026-11-2{number} 10:00 Etc/UTC, 0 on the panel"
        assert "assumed" not in added.out


def test_the_reference_says_video_is_the_default():
    from pathlib import Path

    reference = (Path(__file__).parents[2] / "docs" / "commands.md").read_text(encoding="utf-8")
    assert "phone | video | onsite  [default: video]" in reference
    assert "Without --format it is recorded as a video call" in reference
