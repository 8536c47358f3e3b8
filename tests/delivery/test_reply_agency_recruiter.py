"""`afterview replies add` of an agency's recruiter named on a tracker's rows for two companies:
the applications she was named for are hers, not every one of the company she is recorded at."""

from __future__ import annotations

from tests.helpers import afterview, assert_clean_error
from tests.importers.test_agency_recruiter import AT, TRACKER


def test_a_reply_of_a_recruiter_named_for_two_companies_names_those_two(tmp_path):
    db = str(tmp_path / "t.db")
    (tmp_path / "tracker.csv").write_text(TRACKER)
    assert afterview("--db", db, "--at", AT, "csv", "import", str(tmp_path / "tracker.csv")).code == 0
    # Rita was named for Acme's Data Engineer (1) and Initech's Platform Engineer (2), not for
    # Acme's Analytics Engineer (3), Hank Lee's
    assert_clean_error(afterview("--db", db, "--at", AT, "replies", "add", "Rita"),
                       "Rita Gomez is part of 2 open processes (opportunities 1, 2)")
    hank = afterview("--db", db, "--at", AT, "replies", "add", "Hank")
    assert hank.code == 0 and "about opportunity 3 (Analytics Engineer)" in hank.out, hank.err
    rita = afterview("--db", db, "--at", AT, "replies", "add", "Rita", "--opportunity", "2")
    assert rita.code == 0 and "about opportunity 2 (Platform Engineer)" in rita.out, rita.err
