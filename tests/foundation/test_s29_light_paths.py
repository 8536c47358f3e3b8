"""Everyday commands stay light: --at is not checked for a help page, and the profile's zone (of
--at, `config`, `playbook show`) is read from a SQLite file without SQLAlchemy; the reviewer's
phrases are compiled when first matched, not when the rules are loaded."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.helpers import afterview, assert_clean_error

AT = "2026-11-30T09:00"


def _modules_after(*args: str) -> dict:
    """`afterview ARGS...` run in a process of its own: its exit status and output, and whether
    SQLAlchemy was imported."""
    code = ("import sys, json\n"
            "from afterview.interfaces.cli.main import main\n"
            "status = 0\n"
            "try:\n    main(sys.argv[1:])\n"
            "except SystemExit as end:\n    status = end.code\n"
            "print(json.dumps({'status': status, 'sqlalchemy': 'sqlalchemy' in sys.modules}), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
    said = json.loads(done.stderr.strip().splitlines()[-1])
    return {**said, "out": done.stdout, "err": done.stderr}


@pytest.fixture
def tokyo(tmp_path):
    """A database whose profile's zone is Asia/Tokyo."""
    db = str(tmp_path / "mine.db")
    assert _modules_after("--db", db, "profile", "set", "--tz", "Asia/Tokyo")["status"] == 0
    return db


@pytest.mark.parametrize("args", [
    ["account", "list", "--help"], ["today", "--help"], ["edit", "-h"], ["calendar", "export", "--help"],
], ids=" ".join)
def test_a_help_page_with_at_given_opens_no_database(tokyo, args):
    done = _modules_after("--db", tokyo, "--at", AT, *args)
    assert done["status"] == 0 and done["out"].startswith("Usage: afterview "), done
    assert not done["sqlalchemy"]


def test_a_help_page_with_a_bad_at_is_still_the_help(tokyo):
    result = afterview("--db", tokyo, "--at", "the day after", "company", "list", "--help")
    assert result.code == 0 and result.out.startswith("Usage: afterview company list")


def test_a_bad_at_is_still_refused_by_a_command_that_does_not_use_it(tokyo):
    assert_clean_error(afterview("--db", tokyo, "--at", "the day after", "account", "list"), "--at: not a date/time")
    assert_clean_error(afterview("--db", tokyo, "company", "list", env={"AFTERVIEW_AT": "garbage"}),
                       "AFTERVIEW_AT: not a date/time")


def test_at_is_read_in_the_profiles_zone_without_sqlalchemy(tokyo):
    done = _modules_after("--db", tokyo, "--at", "2026-12-03 10:00", "config", "--json")
    assert done["status"] == 0, done
    assert json.loads(done["out"])["timezone"] == "Asia/Tokyo"
    assert not done["sqlalchemy"]
    # the moment typed is Tokyo's 10:00, as when the store was opened to read the zone
    plan = afterview("--db", tokyo, "--at", "2026-12-03 10:00", "plan", "--json")
    assert plan.code == 0, plan.err
    assert json.loads(plan.out)["now"] == "2026-12-03T10:00:00+09:00"


def test_reading_the_zone_leaves_no_wal_files_behind(tokyo, tmp_path):
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("mine.db")) == ["mine.db"]
    assert _modules_after("--db", tokyo, "config")["status"] == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("mine.db")) == ["mine.db"]


def test_no_database_and_a_broken_one_give_no_zone_and_the_commands_own_error(tmp_path):
    missing = str(tmp_path / "none.db")
    result = afterview("--db", missing, "config", "--json")
    assert result.code == 0 and json.loads(result.out)["timezone"] != "Asia/Tokyo"
    assert not (tmp_path / "none.db").exists()
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"%PDF-1.7 not a database" * 200)
    assert_clean_error(afterview("--db", str(broken), "--at", AT, "company", "list"), "not an Afterview database")


def test_the_reviewers_phrases_are_compiled_when_first_matched():
    from afterview.plugins import load_lint_rules
    from afterview.reviewer.rules import phrases

    load_lint_rules()
    fresh = [phrases.Phrase(p.code, p.regex, p.message, p.suggestion, p.kinds, p.needs, p.unless_regex, p.cased,
                            p.words, p.spelled_out, p.flags) for p in phrases.PHRASES]
    assert all("lower" not in p.__dict__ for p in fresh)
    text = "Thank you for your time today. I enjoyed our talk about the data platform."
    lowered = text.lower()
    words = phrases._words_of(lowered)
    found = [m for p in fresh for m in p.finditer(text, lowered, words)]
    compiled = [p for p in fresh if "lower" in p.__dict__]
    assert not found
    assert len(compiled) < len(fresh) // 4, len(compiled)
    # each pattern compiles, and matches as before
    assert all(p.lower.pattern == p.regex and (p.unless is None) == (not p.unless_regex) for p in fresh)


# -- calendar export: each event is turned into its lines once --------------------------------

@pytest.fixture(scope="module")
def demo_built(prebuilt):
    return prebuilt.build(("--at", "2026-11-26T15:00:00Z", "demo", "--no-agenda"))


def test_a_calendar_export_makes_each_line_once(prebuilt, demo_built, afterview_home, monkeypatch):
    from icalendar.parser.content_line import Contentline

    db = str(prebuilt.copy(demo_built, afterview_home))
    made = []
    real = Contentline.from_parts.__func__

    def counting(cls, *args, **kwargs):
        made.append(args[0])
        return real(cls, *args, **kwargs)

    monkeypatch.setattr(Contentline, "from_parts", classmethod(counting))
    out = str(afterview_home / "cal.ics")
    for _ in range(2):  # the first export, then one with what it remembers
        made.clear()
        result = afterview("--db", db, "--at", "2026-12-02T15:00Z", "calendar", "export", "--days", "30", "--force",
                           "-o", out)
        assert result.code == 0, result.err
        text = open(out, encoding="utf-8", newline="").read()
        lines = text.replace("\r\n ", "").split("\r\n")
        events = text.count("BEGIN:VEVENT")
        assert events > 5
        # each line once, but each event's SEQUENCE (made again with its number) and the
        # calendar's own lines (made apart from its events): not each line twice, as before
        assert len(made) <= len(lines) + events + 10, (len(made), len(lines), events)
