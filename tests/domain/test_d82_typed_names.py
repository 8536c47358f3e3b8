"""A name of one word equal to the part of its address before the @ ("Priya" at
priya@sony.example) was taken for a name guessed from the address: the note greeted "Hello," and
said "'Priya' was guessed from the address". A person records no provenance of their name, so one
that reads as a given name is taken as typed; a guess that reads as none ("Jsmith") still is one."""

from __future__ import annotations

import pytest

from afterview.composer import DraftRequest, compose
from afterview.domain.model import MessageKind, Person
from afterview.domain.names import unsure_name
from tests.composer.helpers import TEMPLATES, panel_facts


@pytest.mark.parametrize("name, email", [
    ("Priya", "priya@sony.example"),
    ("Christine", "christine@acme.example"),
    ("Shreya", "shreya@acme.example"),
    ("Zhang", "zhang@acme.example"),
    ("Tom", "tom+jobs@acme.example"),
])
def test_a_given_name_equal_to_the_local_part_is_taken_as_typed(name, email):
    assert unsure_name(name, [email]) == ""


@pytest.mark.parametrize("name, email", [
    ("Jsmith", "jsmith@globex.example"),
    ("Tbecker", "tbecker@globex.example"),
    ("Jsmith2", "jsmith2@globex.example"),
    ("B. Nakamura", "b.nakamura@waynedata.io"),
    ("Smith J.", "smith.j@globex.example"),
])
def test_a_guess_that_reads_as_no_given_name_still_is_one(name, email):
    assert unsure_name(name, [email]) == email


def test_a_note_to_priya_at_priya_greets_her_by_name_and_asks_nothing():
    facts = panel_facts()
    facts.people[1] = Person(id=1, name="Priya", emails=["priya@sony.example"], company_id=1)
    request = DraftRequest(kind=MessageKind.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1,
                           key="thank_you:i1:p1")
    draft = compose(facts, request, "warm", TEMPLATES)
    assert draft.body.startswith("Hi Priya,")
    assert not [g for g in draft.asks if g.field == "person.name"]
