"""`afterview news add`, `list` and `show` never count among the people a news item could go to
someone who asked not to be contacted, in a reply or marked so by hand: `show` lists them apart,
with why. Through the command line, on a real SQLite file."""

from __future__ import annotations

import json

from tests.helpers import afterview

AT = "2026-11-28 10:00 America/Chicago"


def _run(db, *args):
    result = afterview("--db", str(db), "--at", AT, *args)
    assert result.code == 0, result.err
    return result.out


def _northwind(tmp_path):
    db = tmp_path / "afterview.db"
    _run(db, "profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--tz", "America/Chicago",
         "--country", "US")
    _run(db, "opportunity", "add", "--company", "Northwind", "--role", "Data Engineer")
    for name, tag in (("Priya Raman", "streaming"), ("Tom Becker", "kafka"), ("Dana Reyes", "kafka")):
        _run(db, "person", "add", name, "--email", f"{name.split()[0].lower()}@northwind.example",
             "--company", "Northwind", "--tag", tag)
    _run(db, "interview", "add", "--opportunity", "1", "--start", "2026-11-25 13:30", "--duration", "1h",
         "--with", "Priya Raman", "--with", "Tom Becker", "--with", "Dana Reyes")
    _run(db, "replies", "add", "Tom Becker", "--on", "2026-11-27 09:00",
         "--says", "Please stop emailing me, I am not involved in hiring.")
    _run(db, "person", "edit", "Dana Reyes", "--do-not-contact")
    return db


def test_news_show_lists_who_asked_not_to_be_contacted_apart(tmp_path):
    # Found by a tester: Tom, whose reply asked not to be written to again, was listed among the
    # people a news item could go to.
    db = _northwind(tmp_path)
    added = _run(db, "news", "add", "Talk on Kafka streaming", "--tag", "kafka", "--tag", "streaming")
    assert "it matters to 1 person: Priya Raman (streaming)" in added, added
    shown = _run(db, "news", "show", "1")
    mine, _, apart = shown.partition("Not contacted (they asked not to be):")
    assert "It matters to 1 person:\n  Priya Raman (person 1): streaming\n" in mine, shown
    assert "Tom Becker" not in mine and "Dana Reyes" not in mine, shown
    assert apart.splitlines()[1:] == ["  Dana Reyes (person 3): kafka; marked do not contact",
                                      "  Tom Becker (person 2): kafka; asked in a reply on Fri 27 Nov 2026 (reply 1)"]
    listed = _run(db, "news", "list").splitlines()[1]
    assert listed.endswith("\t1"), listed
    data = json.loads(_run(db, "news", "show", "1", "--json"))
    assert [p["name"] for p in data["matters_to"]] == ["Priya Raman"]
    assert [(p["name"], p["why"]) for p in data["not_contacted"]] == [
        ("Dana Reyes", "marked do not contact"), ("Tom Becker", "asked in a reply on Fri 27 Nov 2026 (reply 1)")]
