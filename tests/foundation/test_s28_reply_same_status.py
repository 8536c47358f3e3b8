"""A reply that reads as the status the process has already (a revised offer while it is at an
offer) is not said to change it: REPLIES TO CONFIRM says it stays so. Found by a tester: "the
opportunity becomes offer" for a process at an offer already."""

from __future__ import annotations

from tests.helpers import afterview


def test_a_revised_offer_at_an_offer_is_not_said_to_make_it_an_offer(tmp_path):
    db = str(tmp_path / "t.db")

    def run(at, *args):
        done = afterview("--db", db, "--at", at, *args)
        assert done.code == 0, done.err
        return done.out

    run("2026-11-20 10:00", "opportunity", "add", "--company", "Acme", "--role", "Data Engineer")
    run("2026-11-20 10:00", "person", "add", "Rita Cole", "--company", "Acme", "--email", "rita@acme.example")
    run("2026-11-20 10:00", "interview", "add", "--opportunity", "1", "--start", "2026-11-19 10:00", "--with",
        "Rita Cole:hiring_manager", "--format", "video")
    run("2026-11-25 10:00", "outcome", "1", "offer", "--from", "Rita")
    run("2026-11-27 10:00", "replies", "add", "Rita", "--says", "Please find attached your revised offer letter")
    out = run("2026-11-27 11:00", "today")
    assert "the opportunity is offer already: it stays so" in out, out
    assert "the opportunity becomes offer" not in out
