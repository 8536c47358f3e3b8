"""A restore refuses a backup in which one address belongs to two people, as `person add` and
`person edit` refuse it (an address finds a person, and replies are matched by it): one line
naming both people and the address, and nothing written. Addresses are compared as everywhere:
case aside, the domain in its ASCII form."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone

import pytest

from afterview.domain import model as m
from afterview.errors import ImportFailed
from afterview.services.backup import export_document, import_document
from afterview.services.demo import load_demo
from afterview.storage import open_store
from tests.helpers import afterview, assert_clean_error

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def document(tmp_path_factory) -> dict:
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('source') / 'a.db'}")
    with store.transaction() as tx:
        load_demo(tx, now=NOW, tz="Europe/Berlin")
        exported = export_document(tx)
    store.close()
    assert len(exported["people"]) >= 3 and all(p["emails"] for p in exported["people"][:3])
    return exported


def _people_in(path) -> list:
    store = open_store(f"sqlite:///{path}")
    try:
        with store.reading() as tx:
            return tx.list(m.Person)
    finally:
        store.close()


@pytest.mark.parametrize("written", [
    lambda address: address,
    lambda address: address.upper(),  # the same address, another case
    lambda address: f" {address} ",
])
def test_an_address_of_two_people_is_refused_naming_both(tmp_path, document, written):
    broken = copy.deepcopy(document)
    first, second = broken["people"][0], broken["people"][2]
    address = first["emails"][0]
    second["emails"] = [*second["emails"], written(address)]
    j = len(second["emails"]) - 1
    said = (f"broken export: people[2].emails[{j}]: {second['name']} (person {second['id']}) and {first['name']} "
            f"(person {first['id']}) both have the address {written(address).strip()}: an address belongs to "
            "one person")  # as the record named has it
    store = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    try:
        with pytest.raises(ImportFailed) as refused:
            with store.transaction() as tx:
                import_document(tx, json.loads(json.dumps(broken)))
    finally:
        store.close()
    assert str(refused.value) == said
    assert _people_in(tmp_path / "b.db") == []  # nothing written


def test_an_internationalised_domain_is_the_same_address_in_its_ascii_form(tmp_path, document):
    broken = copy.deepcopy(document)
    broken["people"][0]["emails"] = ["jose@b\u00fccher.example"]
    broken["people"][1]["emails"] = ["Jose@xn--bcher-kva.example"]
    with pytest.raises(ImportFailed, match=r"people\[1\]\.emails\[0\]: .* both have the address "
                                           r"Jose@xn--bcher-kva\.example"):
        store = open_store(f"sqlite:///{tmp_path / 'b.db'}")
        try:
            with store.transaction() as tx:
                import_document(tx, broken)
        finally:
            store.close()


def test_one_person_with_their_address_twice_is_no_conflict(tmp_path, document):
    changed = copy.deepcopy(document)
    changed["people"][0]["emails"] = changed["people"][0]["emails"] * 2
    store = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    try:
        with store.transaction() as tx:
            import_document(tx, changed)
    finally:
        store.close()
    assert len(_people_in(tmp_path / "b.db")) == len(document["people"])


def test_the_command_says_it_in_one_line_and_writes_nothing(tmp_path, document):
    broken = copy.deepcopy(document)
    first, second = broken["people"][0], broken["people"][1]
    second["emails"] = [first["emails"][0]]
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    db = tmp_path / "new.db"
    result = afterview("--db", str(db), "import", str(path))
    assert_clean_error(result, f"backup.json: broken export: people[1].emails[0]: {second['name']} "
                               f"(person {second['id']}) and {first['name']} (person {first['id']}) both have "
                               f"the address {first['emails'][0]}")
    assert not db.exists() or _people_in(db) == []
