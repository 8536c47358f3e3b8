"""Addresses with an internationalised domain are taken and kept in their ASCII (IDNA) form; a
non-ASCII local part is refused with its reason; a person is found by a nickname in quotes."""

from __future__ import annotations

import json

import pytest

from afterview.domain.model import Person
from afterview.domain.values import address_key, address_note, parse_email
from afterview.errors import InvalidInput
from afterview.services.pipeline import people_named
from tests.helpers import afterview, assert_clean_error

SMTPUTF8 = "addresses with non-ASCII characters before the @ are not supported (the mail would need SMTPUTF8"


@pytest.mark.parametrize("typed, stored", [
    ("jose.nunez@bücher.example", "jose.nunez@xn--bcher-kva.example"),
    ("  Jose.Nunez@BÜCHER.example ", "Jose.Nunez@xn--bcher-kva.example"),  # the local part kept as typed
    ("info@straße.de", "info@xn--strae-oqa.de"),  # IDNA 2008: ß is its own letter, not "ss"
    ("wang@北京.example", "wang@xn--1lq90i.example"),
    ("jose.nunez@xn--bcher-kva.example", "jose.nunez@xn--bcher-kva.example"),  # typed in ASCII: as it is
])
def test_an_internationalised_domain_is_kept_in_its_ascii_form(typed, stored):
    assert parse_email(typed) == stored
    assert address_note(typed) == ("" if typed.strip() == stored else
                                   f"stored as {stored}, the domain in its ASCII form, as mail carries it")


def test_a_non_ascii_local_part_is_refused_with_its_reason_not_as_a_typo():
    with pytest.raises(InvalidInput) as caught:
        parse_email("Δοκιμή@example.com")
    said = str(caught.value)
    assert SMTPUTF8 in said and "'Δοκιμή@example.com'" in said and "\n" not in said
    with pytest.raises(InvalidInput) as typo:  # a typo is still a typo
        parse_email("dokimi@@example.com")
    assert str(typo.value) == "invalid email address: 'dokimi@@example.com'"


@pytest.mark.parametrize("bad", ["a@☃.example", "a@bücher..example", "a@bücher", "a b@bücher.example",
                                 "a@bücher.example\u200b", "a@bü cher.example"])
def test_a_domain_that_is_no_domain_name_is_refused(bad):
    with pytest.raises(InvalidInput, match=r"^invalid email address: "):
        parse_email(bad)


def test_addresses_compare_with_the_domain_in_its_ascii_form_and_case_folded():
    stored = "jose.nunez@xn--bcher-kva.example"
    assert address_key("José.Nunez@Bücher.Example".replace("é", "e")) == stored
    assert address_key("JOSE.NUNEZ@XN--BCHER-KVA.EXAMPLE") == stored
    # 8-bit header text a parser kept as surrogates is read as UTF-8
    assert address_key("jose.nunez@b\udcc3\udcbccher.example") == stored
    assert address_key("") == "" and address_key("no address") == "no address"


def test_person_add_takes_an_internationalised_domain_and_says_how_it_is_stored():
    added = afterview("person", "add", "José Núñez", "--email", "jose.nunez@bücher.example")
    assert added.code == 0, added.err
    shown = afterview("person", "show", "José Núñez", "--json")
    assert json.loads(shown.out)["emails"] == ["jose.nunez@xn--bcher-kva.example"]
    # found by the address as typed, or as stored, in any case
    for ref in ("jose.nunez@bücher.example", "Jose.Nunez@XN--BCHER-KVA.example"):
        found = afterview("person", "show", ref, "--json")
        assert found.code == 0 and json.loads(found.out)["name"] == "José Núñez", (ref, found.err)
    # the same address again, in the other form, is the same address
    again = afterview("person", "add", "Someone Else", "--email", "JOSE.NUNEZ@bücher.example")
    assert_clean_error(again, "José Núñez already has the address")
    profile = afterview("profile", "set", "--email", "zoe@ångström.example")
    assert profile.code == 0, profile.err
    assert json.loads(afterview("profile", "show", "--json").out)["email"] == "zoe@xn--ngstrm-hua5l.example"


@pytest.mark.parametrize("args", [
    ("person", "add", "Δοκιμή Παπαδοπούλου", "--email", "Δοκιμή@example.com"),
    ("profile", "set", "--email", "zoë@example.org"),
])
def test_a_non_ascii_local_part_is_refused_in_one_line_by_the_commands(args):
    assert_clean_error(afterview(*args), SMTPUTF8)


def test_a_nickname_in_quotes_finds_the_person():
    names = ['Ana "Nana" Silva', "Bea (Bee) Costa", "John Smith, Jr.", "Patrick O'Brien-Smith", "Ana Lima"]
    people = [Person(id=i, name=n) for i, n in enumerate(names, 1)]
    assert [p.id for p in people_named(people, "Nana")] == [1]
    assert [p.id for p in people_named(people, '"Nana"')] == [1]
    assert [p.id for p in people_named(people, "Nana Silva")] == [1]
    assert [p.id for p in people_named(people, "Bee")] == [2]
    assert [p.id for p in people_named(people, "Smith Jr")] == [3]
    assert [p.id for p in people_named(people, "O'Brien-Smith")] == [4]
    assert people_named(people, "Brien") == []  # a word is still a whole word
    assert [p.id for p in people_named(people, "Ana")] == [1, 5]


def test_debrief_finds_a_person_by_their_nickname():
    assert afterview("demo").code == 0
    added = afterview("person", "add", 'Ana "Nana" Silva', "--email", "ana@oreilly.example")
    assert added.code == 0, added.err
    shown = afterview("person", "show", "Nana", "--json")
    assert shown.code == 0, shown.err
    assert json.loads(shown.out)["name"] == 'Ana "Nana" Silva'
    found = afterview("debrief", "1", "--person", "Nana", "--topic", "the migration plan")
    # she is found: she was on no panel of interview 1, which is said of her by name
    assert_clean_error(found, 'Ana "Nana" Silva is not on the panel of interview 1')
