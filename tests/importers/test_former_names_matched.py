"""A company's former name (a rename, a merge: `Company.former_names`) still finds it on import: a
LinkedIn export or an invitation that says "Contso" after `company edit --name Contoso` (or
`company merge`) joins the company that was renamed, not a new "Contso". A company that has that
name now wins over one that had it before."""

from __future__ import annotations

import json

from tests.helpers import afterview

AT = "2026-11-28T12:00:00Z"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


def _run(db, *args):
    done = afterview("--db", db, "--at", AT, *args)
    assert done.code == 0, done.err
    return done


def test_a_connection_at_a_former_name_joins_the_renamed_company(tmp_path):
    db = str(tmp_path / "a.db")
    _run(db, "company", "add", "Contso")
    _run(db, "company", "edit", "1", "--name", "Contoso")
    path = tmp_path / "Connections.csv"
    path.write_text(HEADER + "Ana,Souza,https://www.linkedin.com/in/ana-souza,,Contso,Engineer,05 Nov 2026\r\n",
                    encoding="utf-8")
    _run(db, "linkedin", "import", str(path))
    companies = json.loads(_run(db, "company", "list", "--json").out)
    assert [c["name"] for c in companies] == ["Contoso"], companies
    people = _run(db, "person", "list").out
    assert "Ana Souza" in people and "Contoso" in people, people


def test_a_company_that_has_the_name_now_wins_over_one_that_had_it(tmp_path):
    db = str(tmp_path / "a.db")
    _run(db, "company", "add", "Northwind")
    _run(db, "company", "edit", "1", "--name", "Northwind Analytics")
    _run(db, "company", "add", "Northwind")  # another company of that name since
    path = tmp_path / "Connections.csv"
    path.write_text(HEADER + "Tom,Becker,https://www.linkedin.com/in/tom-becker,,Northwind,Staff Engineer,"
                    "05 Nov 2026\r\n", encoding="utf-8")
    _run(db, "linkedin", "import", str(path))
    shown = _run(db, "person", "show", "1", "--json").out
    assert '"company_id": 2' in shown, shown
