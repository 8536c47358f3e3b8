"""Days and times a user reads are theirs: a news item's default day, a decision's time in `why`."""

from __future__ import annotations

import json

from tests.helpers import afterview


def test_a_news_item_is_dated_today_where_the_user_is(tmp_path):
    db = str(tmp_path / "a.db")
    evening = "2026-11-27T01:46:00+00:00"  # 19:46 on the 26th in Chicago
    assert afterview("--db", db, "profile", "set", "--tz", "America/Chicago").code == 0
    added = afterview("--db", db, "--at", evening, "news", "add", "Passed the Kafka certification", "--json")
    assert added.code == 0, added.err
    assert json.loads(added.out)["happened_on"] == "2026-11-26"


def test_why_says_when_a_decision_was_made_in_the_users_time(tmp_path):
    db = str(tmp_path / "demo.db")
    at = "2026-11-27T15:00:00+00:00"
    assert afterview("--db", db, "--at", at, "demo", "--no-agenda").code == 0
    assert afterview("--db", db, "profile", "set", "--tz", "America/New_York").code == 0
    assert afterview("--db", db, "--at", at, "done", "thank_you:i1:p1", "--note", "by hand").code == 0
    said = afterview("--db", db, "--at", at, "why", "thank_you:i1:p1")
    assert "done on Fri 27 Nov 2026 10:00 (America/New_York) (by hand)" in said.out, said.out


def test_a_note_of_several_lines_is_shown_indented(tmp_path):
    db = str(tmp_path / "a.db")
    assert afterview("--db", db, "opportunity", "add", "--company", "Initech", "--role", "Data Engineer",
                     "--notes", "Found on the board.\nLink in the spreadsheet: N/A").code == 0
    shown = afterview("--db", db, "opportunity", "show", "1").out.splitlines()
    at = next(n for n, line in enumerate(shown) if "Found on the board." in line)
    column = shown[at].index("Found")
    assert shown[at + 1] == " " * column + "Link in the spreadsheet: N/A", shown  # under the first line


def test_opportunity_list_says_the_day_it_was_updated_where_the_user_is(tmp_path):
    db = str(tmp_path / "a.db")
    evening = "2026-11-26T01:00:00+00:00"  # 19:00 on the 25th in Chicago
    assert afterview("--db", db, "profile", "set", "--tz", "America/Chicago").code == 0
    assert afterview("--db", db, "--at", evening, "opportunity", "add", "--company", "Globex",
                     "--role", "Data Engineer").code == 0
    listed = afterview("--db", db, "opportunity", "list")
    assert listed.code == 0, listed.err
    row = listed.out.strip().splitlines()[-1]
    assert row.split()[-1] == "2026-11-25", listed.out
    assert "Wed 2026-11-25 19:00" in afterview("--db", db, "opportunity", "show", "1").out  # as show says it
