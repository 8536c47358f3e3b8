"""Titles before a name, in the languages of interviewers abroad: a note greets the person, not
their title ("Hi Klaus", not "Hi Dr.-Ing."), and a formal note greets them by all their titles
and their family name only when which words are the family name can be told."""

from __future__ import annotations

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.context import formal_name
from afterview.domain.names import first_name, given_name, is_organisation
from tests.composer.helpers import K, TEMPLATES, panel_facts, problems, review_drafts


@pytest.mark.parametrize("name, first", [
    ("Dr.-Ing. Klaus Müller", "Klaus"), ("Herr Klaus Müller", "Klaus"), ("Hr. Klaus Müller", "Klaus"),
    ("Frau Anna Schmidt", "Anna"), ("Sra. María José García Márquez", "María"),
    ("Dipl.-Ing. Anna Schmidt", "Anna"), ("Dipl.-Ing. (FH) Anna Schmidt", "Anna"),
    ("Dr. med. Anna Schmidt", "Anna"), ("Dr. rer. nat. Anna Schmidt", "Anna"), ("Dr.rer.nat. Anna Schmidt", "Anna"),
    ("Prof. Dr.-Ing. Anna Schmidt", "Anna"), ("Univ.-Prof. Dr. Eva Bauer", "Eva"), ("Mag. Eva Bauer", "Eva"),
    ("Ing. Jan Novák", "Jan"), ("Sr. Juan Pérez", "Juan"), ("Srta. Lucía Gómez", "Lucía"),
    ("Dña. Carmen Ruiz", "Carmen"), ("Mme Claire Martin", "Claire"), ("Mlle Claire Martin", "Claire"),
    ("Me Claire Martin", "Claire"), ("Sig.ra Giulia Rossi", "Giulia"), ("Dott.ssa Giulia Rossi", "Giulia"),
    ("Dott. Marco Bianchi", "Marco"), ("Avv. Marco Bianchi", "Marco"), ("Sig. Marco Bianchi", "Marco"),
    ("Shri Rahul Verma", "Rahul"), ("Smt. Priya Sharma", "Priya"),
    # not titles: names
    ("Don Norman", "Don"), ("Dr. Phil Collins", "Phil"), ("Ing Wang", "Ing"), ("Kumari Selja", "Kumari"),
    ("Herr", "Herr"),
])
def test_a_title_is_not_taken_for_the_first_name(name, first):
    assert first_name(name) == first
    assert given_name(name) == first


def test_an_initial_that_may_be_a_title_is_skipped_as_an_initial():
    assert given_name("M. Jean Dupont") == "Jean"  # Monsieur, or an initial: Jean either way


def test_a_title_with_a_stop_is_not_a_department():
    from afterview.domain.names import without_titles

    assert not is_organisation("Hr. Klaus Müller") and is_organisation("HR Team")
    assert without_titles("Prof. Dr.-Ing. Anna Schmidt") == "Anna Schmidt"


@pytest.mark.parametrize("name, greeting", [
    ("Dr. Anna Schmidt", "Dr. Schmidt"),
    ("Prof. Dr.-Ing. Anna Schmidt", "Prof. Dr.-Ing. Schmidt"),
    ("Dr. med. Anna Schmidt", "Dr. med. Schmidt"),
    ("Dr.-Ing. Klaus Müller", "Dr.-Ing. Müller"),
    ("Herr Klaus Müller", "Herr Müller"),
    ("Dr. Ana de la Fuente", "Dr. de la Fuente"),
    # two given names or two family names: which is which cannot be told
    ("Dr. María José García Márquez", "Dr. María José García Márquez"),
    ("Sra. María José García Márquez", "Sra. María José García Márquez"),
    ("Dr. Anna Maria Schmidt", "Dr. Anna Maria Schmidt"),
])
def test_a_formal_greeting_keeps_every_title_and_the_whole_name_when_unsure(name, greeting):
    assert formal_name(name) == greeting


def _note(name: str, tone: str, greet_as: str = ""):
    facts = panel_facts()
    facts.people[1].name = name
    facts.people[1].greet_as = greet_as
    note = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1),
                   tone, TEMPLATES)
    return facts, note


@pytest.mark.parametrize("name, formal, warm", [
    ("Dr. María José García Márquez", "Dear Dr. María José García Márquez,", "Hi María,"),
    ("Prof. Dr.-Ing. Anna Schmidt", "Dear Prof. Dr.-Ing. Schmidt,", "Hi Anna,"),
    ("Dr. med. Anna Schmidt", "Dear Dr. med. Schmidt,", "Hi Anna,"),
    ("Sra. María José García Márquez", "Dear Sra. María José García Márquez,", "Hi María,"),
])
def test_notes_greet_titled_people(name, formal, warm):
    facts, note = _note(name, "formal")
    assert note.body.startswith(formal + "\n"), note.body
    assert problems(review_drafts(facts, [note])) == []
    facts, note = _note(name, "warm")
    assert note.body.startswith(warm + "\n"), note.body
    found = problems(review_drafts(facts, [note]))
    if "María José" in name:  # half of a compound given name: the review asks for the name to greet
        assert [p.split(" the greeting")[0] for p in found] == ["thank_you/warm/p1: guessed-name (warning)"], found
    else:
        assert found == []


def test_a_greet_as_name_wins_over_titles():
    _, note = _note("Dr. María José García Márquez", "formal", greet_as="María José")
    assert note.body.startswith("Dear María José,\n"), note.body
