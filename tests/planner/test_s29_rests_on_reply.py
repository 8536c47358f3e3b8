"""The terminal's `today` says, as the desk's card does, that a rejection reply planned from a
reply read as a rejection but not confirmed yet rests on that reply: it is due only if the reply
is a rejection, with the commands that settle it. A rejection recorded by the user says nothing
of the kind.

Real SQLite file with the demo's records; the commands in-process as `afterview` runs them.
"""

from __future__ import annotations

import pytest

from tests.helpers import afterview

AT = "2026-11-30T09:00:00Z"
LATER = "2026-11-30T12:00:00Z"


@pytest.fixture(scope="module")
def _demo(prebuilt):
    return prebuilt.build(("--at", AT, "demo", "--no-agenda"))


def _block(listing: str, key: str) -> str:
    """The lines of one action in a listing, up to its key line."""
    lines = listing.splitlines()
    end = next(i for i, line in enumerate(lines) if line.strip() == f"key: {key}")
    start = max(i for i in range(end) if lines[i].startswith("  ") and not lines[i].startswith("   "))
    return "\n".join(lines[start:end + 1])


def test_today_says_a_rejection_reply_rests_on_a_reply_not_confirmed(prebuilt, _demo, tmp_path):
    (tmp_path / "h").mkdir()
    db = prebuilt.copy(_demo, tmp_path / "h")
    told = afterview("--db", str(db), "--at", AT, "replies", "add", "Priya Raman", "--says",
                     "Thank you for your time; we have decided to move forward with other candidates.")
    assert told.code == 0, told.err
    listing = afterview("--db", str(db), "--at", LATER, "today")
    assert listing.code == 0, listing.err
    block = " ".join(_block(listing.out, "rejection_reply:o1:p1").split())
    assert ("this rests on a reply not confirmed yet: it is due only if the reply from Priya Raman is a rejection "
            "(afterview replies confirm 1; if it is not one: afterview replies confirm 1 --status none)") in block
    # the demo's rejection at Fabrikam, recorded by the user, rests on nothing to confirm
    assert "rests on" not in _block(listing.out, "rejection_reply:o3:p5")


def test_once_confirmed_it_is_said_no_more(prebuilt, _demo, tmp_path):
    (tmp_path / "h").mkdir()
    db = prebuilt.copy(_demo, tmp_path / "h")
    assert afterview("--db", str(db), "--at", AT, "replies", "add", "Priya Raman", "--says",
                     "We have decided to move forward with other candidates.").code == 0
    assert afterview("--db", str(db), "--at", AT, "replies", "confirm", "1").code == 0
    listing = afterview("--db", str(db), "--at", LATER, "today")
    assert listing.code == 0, listing.err
    assert "rejection_reply:o1:p1" in listing.out
    assert "rests on a reply not confirmed" not in listing.out
