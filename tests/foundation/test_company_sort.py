"""`afterview company list` lists companies by name as people read a list: case and accents aside
("Ärzte ohne Grenzen" among the A's, not after "zeta labs" as a byte order puts it), then by the
name as written, so that the order is the same every time."""

from __future__ import annotations

import json

from afterview.domain.values import alphabetical
from tests.helpers import afterview

NAMES = ["zeta labs", "Ärzte ohne Grenzen", "acme", "Émile & Co", "Łódź Tech", "beta", "Zebra", "Øresund Data",
         "Ångström AB"]
ORDER = ["acme", "Ångström AB", "Ärzte ohne Grenzen", "beta", "Émile & Co", "Łódź Tech", "Øresund Data", "Zebra",
         "zeta labs"]


def test_company_list_sorts_case_and_accents_aside(tmp_path):
    db = str(tmp_path / "c.db")
    for name in NAMES:
        done = afterview("--db", db, "company", "add", name)
        assert done.code == 0, done.err
    done = afterview("--db", db, "company", "list")
    assert done.code == 0, done.err
    assert [line.split("\t")[1] for line in done.out.splitlines()[1:]] == ORDER
    done = afterview("--db", db, "company", "list", "--json")
    assert [c["name"] for c in json.loads(done.out)] == ORDER


def test_names_alike_but_for_case_or_accents_are_ordered_as_written():
    names = ["resume", "Résumé", "Resume", "résumé"]
    assert sorted(names, key=alphabetical) == ["Resume", "Résumé", "resume", "résumé"]
    assert sorted(reversed(names), key=alphabetical) == sorted(names, key=alphabetical)


def test_runs_of_spaces_do_not_move_a_name():
    assert sorted(["a  c", "a b"], key=alphabetical) == ["a b", "a  c"]
