"""An agency's recruiter named on a tracker's rows for two companies: a person is at one company,
so she is recorded at the first; the import says so for the second, with the command for a reply
of hers about it, and remembers which applications each contact was named for
(`services.imports.named_on_rows`)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import afterview

AT = "2026-11-28 10:00"
TRACKER = """Company,Role,Status,Date Applied,Recruiter,Recruiter Email,Interviewers
Acme,Data Engineer,Phone screen,2026-11-10,Rita Gomez,rita@talentbridge.example,Sam; jsmith@acme.example
Initech,Platform Engineer,Applied,2026-11-12,Rita Gomez,rita@talentbridge.example,
Acme,Analytics Engineer,Applied,2026-11-15,Hank Lee,hank@acme.example,Hank Lee <hank@acme.example>
"""


@pytest.fixture
def imported(tmp_path):
    db = str(tmp_path / "t.db")
    (tmp_path / "tracker.csv").write_text(TRACKER)
    done = afterview("--db", db, "--at", AT, "csv", "import", str(tmp_path / "tracker.csv"))
    assert done.code == 0, done.err
    return db, done


def test_the_second_company_of_a_contact_is_said_with_the_command_for_a_reply(imported, tmp_path):
    db, done = imported
    people = {p["name"]: p for p in json.loads(afterview("--db", db, "person", "list", "--json").out)}
    rita = people["Rita Gomez"]
    said = [line for line in done.err.splitlines() if "Rita Gomez" in line]
    assert said == [
        f"afterview: warning: tracker.csv line 3: Initech: Rita Gomez (person {rita['id']}) is recorded at Acme and "
        "stays there (a person is at one company), so Initech's application 2 does not list them among its "
        f"people; a reply from them about it: afterview replies add {rita['id']} --opportunity 2"]
    # said once: the same file again changes nothing and says nothing of her
    again = afterview("--db", db, "--at", AT, "csv", "import", str(tmp_path / "tracker.csv"))
    assert "Rita Gomez" not in again.err
    # the command it gives records the reply under Initech's application
    reply = afterview("--db", db, "--at", AT, "replies", "add", str(rita["id"]), "--opportunity", "2")
    assert reply.code == 0 and "about opportunity 2 (Platform Engineer)" in reply.out, reply.err


def test_the_applications_each_contact_was_named_for(imported):
    from afterview.domain.model import Opportunity, Person
    from afterview.services.imports import named_on_rows
    from afterview.storage import open_store

    db, _ = imported
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            opportunities = tx.list(Opportunity)
            named = {p.name: named_on_rows(tx, p, opportunities) for p in tx.list(Person)}
    finally:
        store.close()
    assert named == {"Rita Gomez": {1, 2}, "Sam": {1}, "Jsmith": {1}, "Hank Lee": {3}}
