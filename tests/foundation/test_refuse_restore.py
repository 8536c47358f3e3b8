"""A restore (`afterview import`) checks values as typing does, naming the record: an address
that is none (approve would send to it), a name far longer than typing allows, an action key
that is no key (a decision on it would change nothing). A key written another way (a leading
zero, full-width digits) is restored in its canonical form, and said."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone

import pytest

from afterview.domain import model as m
from afterview.errors import ImportFailed
from afterview.services.backup import KEYS_REWRITTEN, export_document, import_document
from afterview.services.demo import load_demo
from afterview.storage import open_store
from tests.helpers import afterview, assert_clean_error

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def document(tmp_path_factory) -> dict:
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('source') / 'a.db'}")
    with store.transaction() as tx:
        load_demo(tx, now=NOW, tz="Europe/Berlin")
        keyed = next(message for message in tx.list(m.Message) if message.action_key)
        tx.add(m.Decision(action_key=keyed.action_key, kind=m.DecisionKind.SKIP, at=NOW, note="not needed"))
        exported = export_document(tx)
    store.close()
    assert exported["messages"] and exported["decisions"] and exported["messages"][0]["action_key"]
    return exported


def _restore(tmp_path, document: dict):
    store = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    try:
        with store.transaction() as tx:
            counts = import_document(tx, json.loads(json.dumps(document)))
        with store.transaction() as tx:
            return counts, tx.facts()
    finally:
        store.close()


@pytest.mark.parametrize("change, said", [
    (lambda d: d["people"][0].update(emails=["not-an-address"]),
     "people[0].emails[0]: invalid email address: 'not-an-address'"),
    (lambda d: d["people"][1].update(emails=[d["people"][1]["emails"][0], "two@@example.com"]),
     "people[1].emails[1]: invalid email address: 'two@@example.com'"),
    (lambda d: d["messages"][0].update(to_address="nobody"), "messages[0].to_address: invalid email address: 'nobody'"),
    (lambda d: d["people"][0].update(name="x" * 5_000_000), "people[0].name is 5,000,000 characters long: at most 200"),
    (lambda d: d["companies"][0].update(name="y" * 201), "companies[0].name is 201 characters long: at most 200"),
    (lambda d: d["opportunities"][0].update(role="r" * 300), "opportunities[0].role is 300 characters long"),
    (lambda d: d["decisions"][0].update(action_key="garbage"),
     "decisions[0].action_key: 'garbage' is not the key of an action"),
    (lambda d: d["decisions"][0].update(action_key=""), "decisions[0].action_key: '' is not the key of an action"),
    (lambda d: d["messages"][0].update(action_key="thank_you:i1"),
     "messages[0].action_key: 'thank_you:i1' is not the key of an action"),
])
def test_a_value_typing_refuses_refuses_the_restore_naming_the_record(tmp_path, document, change, said):
    broken = copy.deepcopy(document)
    change(broken)
    with pytest.raises(ImportFailed, match="^broken export: " + said.replace("[", r"\[").replace("(", r"\(")):
        _restore(tmp_path, broken)
    store = open_store(f"sqlite:///{tmp_path / 'b.db'}")  # all or nothing
    with store.transaction() as tx:
        assert tx.list(m.Person) == [] and tx.list(m.Decision) == []
    store.close()


def test_the_command_names_the_file_and_the_record_in_one_line(tmp_path, document):
    broken = copy.deepcopy(document)
    broken["people"][0]["emails"] = ["not-an-address"]
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    result = afterview("--db", str(tmp_path / "new.db"), "import", str(path))
    assert_clean_error(result, "backup.json: broken export: people[0].emails[0]: invalid email address: 'not-an-address'")


def test_a_key_written_another_way_is_restored_canonical_and_said(tmp_path, document):
    changed = copy.deepcopy(document)
    message_key = changed["messages"][0]["action_key"]
    decision_key = changed["decisions"][0]["action_key"]
    changed["messages"][0]["action_key"] = message_key.replace(":p", ":p0", 1)
    changed["decisions"][0]["action_key"] = " " + decision_key.replace("1", "\uff11") + " "
    counts, facts = _restore(tmp_path, changed)
    assert counts[KEYS_REWRITTEN] == 2
    assert [m.action_key for m in facts.messages if m.id == document["messages"][0]["id"]] == [message_key]
    assert {d.action_key for d in facts.decisions + facts.undone} == {d["action_key"] for d in document["decisions"]}


def test_an_address_is_kept_in_the_form_a_typed_one_is(tmp_path, document):
    changed = copy.deepcopy(document)
    changed["people"][0]["emails"] = [" jose@b\u00fccher.example"]
    _, facts = _restore(tmp_path, changed)
    assert facts.people[changed["people"][0]["id"]].emails == ["jose@xn--bcher-kva.example"]


def test_an_export_restores_as_it_was(tmp_path, document):
    counts, _ = _restore(tmp_path, document)
    assert counts[KEYS_REWRITTEN] == 0
    store = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    with store.transaction() as tx:
        again = export_document(tx)
    store.close()
    assert again["people"] == document["people"] and again["decisions"] == document["decisions"]
