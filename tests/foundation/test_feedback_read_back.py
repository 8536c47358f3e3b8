"""Recorded feedback read back in full (found by a tester who lived a year with Afterview): the
timeline cut it at 140 characters in the middle of a word, also with --json, and `opportunity
show` did not show it at all."""

from __future__ import annotations

import json

from tests.helpers import afterview

LONG = ("Talk more about late and out-of-order events in system design; more depth on data quality checks in "
        "streaming jobs. Communication was excellent, and the panel liked the migration story a lot.")


def recorded(tmp_path) -> str:
    db = str(tmp_path / "a.db")
    for args in (("opportunity", "add", "--company", "Lumen Health", "--role", "Data Platform Engineer"),
                 ("person", "add", "Dana Whitfield", "--email", "dana@lumen.example", "--company", "Lumen Health"),
                 ("opportunity", "status", "1", "rejected"),
                 ("feedback", "1", LONG, "--person", "Dana Whitfield"),
                 ("feedback", "1", "Short and kind.")):
        result = afterview("--db", db, "--at", "2027-02-03 12:05", *args)
        assert result.code == 0, result.err
    return db


def test_opportunity_show_gives_the_feedback_whole_with_who_and_when(tmp_path):
    db = recorded(tmp_path)
    shown = afterview("--db", db, "opportunity", "show", "1").out
    lines = shown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("feedback"))
    assert lines[start].split(None, 1)[1] == f"Wed 2027-02-03 12:05, from Dana Whitfield: {LONG}", shown
    assert lines[start + 1].strip() == "Wed 2027-02-03 12:05: Short and kind.", shown
    data = json.loads(afterview("--db", db, "opportunity", "show", "1", "--json").out)
    assert [(f["person"], f["text"]) for f in data["feedback"]] == [("Dana Whitfield", LONG), ("", "Short and kind.")]


def test_the_timeline_gives_it_whole_in_json_and_shortens_it_at_a_word_on_the_terminal(tmp_path):
    db = recorded(tmp_path)
    entries = json.loads(afterview("--db", db, "timeline", "--opportunity", "1", "--json").out)
    assert f"feedback: {LONG}" in [e["text"] for e in entries]
    plain = afterview("--db", db, "timeline", "--opportunity", "1").out
    [line] = [x for x in plain.splitlines() if "feedback: Talk more" in x]
    said = line.split("  ", 1)[1]
    assert said.endswith("...") and len(said) <= 140, said
    kept = said[:-3]
    assert f"feedback: {LONG}".startswith(kept) and not f"feedback: {LONG}"[len(kept)].isalnum(), said  # at a word
    assert "feedback: Short and kind." in plain
