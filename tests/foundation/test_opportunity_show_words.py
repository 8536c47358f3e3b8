"""`opportunity show` names each interview by its id ("interview 1: video ..."): "1: video" read
like a count (found by a tester who lived three months)."""

from __future__ import annotations

from tests.helpers import afterview


def test_each_interview_is_named_by_its_id(tmp_path):
    db = str(tmp_path / "a.db")
    for args in (("opportunity", "add", "--company", "Acme", "--role", "Data Engineer"),
                 ("person", "add", "Dana Reyes", "--email", "dana@acme.example", "--company", "Acme"),
                 ("interview", "add", "--opportunity", "1", "--start", "2027-01-12 09:00", "--tz", "America/Denver",
                  "--stage", "recruiter screen", "--with", "Dana Reyes:recruiter")):
        result = afterview("--db", db, *args)
        assert result.code == 0, result.err
    shown = afterview("--db", db, "opportunity", "show", "1").out
    line = next(line for line in shown.splitlines() if "recruiter screen" in line)
    assert "interview 1: recruiter screen Tue 2027-01-12 09:00 America/Denver" in line, line
