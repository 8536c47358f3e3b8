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


def test_the_list_says_since_when_the_status_holds(tmp_path):
    """The list's date is the last status change: it is called so ("status since"), not "updated",
    which read as the last thing that happened (an interview, a reply)."""
    db = str(tmp_path / "a.db")
    assert afterview("--db", db, "--at", "2027-01-04 10:00", "opportunity", "add", "--company", "Acme",
                     "--role", "Data Engineer").code == 0
    assert afterview("--db", db, "--at", "2027-01-20 10:00", "opportunity", "status", "1", "interviewing").code == 0
    shown = afterview("--db", db, "opportunity", "list").out
    assert "status since" in shown and "updated" not in shown
    row = next(line for line in shown.splitlines() if "Data Engineer" in line)
    assert "interviewing" in row and "2027-01-20" in row
