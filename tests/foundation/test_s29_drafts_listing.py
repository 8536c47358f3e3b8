"""`drafts` reviews only open drafts and plans only around them: `drafts --all` reviewed every
message ever sent (it never finished on 10,000 opportunities), and `drafts` planned the whole
pipeline to say "no drafts"."""

from __future__ import annotations

import json
from unittest import mock

from afterview.planner import engine
from afterview.services import drafting

from tests.helpers import afterview

AT = "2027-01-12T12:00:00-06:00"


def run(db, *args):
    result = afterview("--db", db, "--at", AT, *args)
    assert result.code == 0, (args, result.err)
    return result


def _pipeline(db):
    run(db, "profile", "set", "--name", "Jordan Lee", "--email", "j@mail.example", "--tz", "America/Chicago",
        "--country", "US")
    run(db, "opportunity", "add", "--company", "Acme", "--role", "Data Engineer")
    run(db, "opportunity", "add", "--company", "Initech", "--role", "Analyst")
    run(db, "person", "add", "Dana Reyes", "--email", "dana@acme.example", "--company", "Acme")
    run(db, "person", "add", "Sam Ortiz", "--email", "sam@initech.example", "--company", "Initech")
    run(db, "interview", "add", "--opportunity", "1", "--start", "2027-01-12 09:00", "--with", "Dana Reyes:hiring_manager")
    run(db, "interview", "add", "--opportunity", "2", "--start", "2027-01-12 10:00", "--with", "Sam Ortiz:hiring_manager")


def test_a_closed_message_is_listed_with_its_state_and_no_review(tmp_path):
    db = str(tmp_path / "a.db")
    _pipeline(db)
    run(db, "draft", "thank_you:i1:p1", "--no-ask")
    run(db, "draft", "thank_you:i2:p2", "--no-ask")
    run(db, "done", "thank_you:i1:p1", "--note", "sent from my phone")  # message 1: done elsewhere
    reviewed = []
    with mock.patch.object(drafting, "review_message", side_effect=lambda f, m, *a: reviewed.append(m.id) or []):
        listed = run(db, "drafts", "--all").out.splitlines()
        records = json.loads(run(db, "drafts", "--all", "--json").out)
    assert set(reviewed) == {2}  # the open draft only
    closed = next(line for line in listed if line.startswith("1"))
    assert "done_elsewhere" in closed and closed.split()[-2:] == ["-", "-"]
    assert next(line for line in listed if line.startswith("2")).split()[-2:] == ["0", "0"]
    by_id = {r["id"]: r for r in records}
    assert by_id[1]["findings"] is None and by_id[1]["state"] == "done_elsewhere"
    assert by_id[2]["findings"] == {"error": 0, "warning": 0, "info": 0}
    assert set(by_id[1]) == set(by_id[2])  # one shape for every row


def test_no_open_draft_plans_nothing(tmp_path):
    db = str(tmp_path / "a.db")
    _pipeline(db)
    with mock.patch.object(engine, "_run", side_effect=AssertionError("planned")):
        assert run(db, "drafts").out.startswith("no drafts")
        assert run(db, "drafts", "--json").out.strip() == "[]"


def test_the_plan_is_made_only_around_the_open_drafts(tmp_path):
    db = str(tmp_path / "a.db")
    _pipeline(db)
    run(db, "draft", "thank_you:i2:p2", "--no-ask")
    run(db, "skip", "thank_you:i2:p2", "--reason", "met them since")
    seen = []
    real = engine._run

    def spy(facts, *args, **kwargs):
        seen.append(set(facts.opportunities))
        return real(facts, *args, **kwargs)

    with mock.patch.object(engine, "_run", side_effect=spy):
        listed = run(db, "drafts")
    assert "no longer planned" in listed.out
    assert seen == [{2}]  # Initech's process only, not Acme's
