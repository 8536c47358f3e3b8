"""Forgetting a person lists your own text that names them by their first name or surname alone
where the text is about their company's processes ("Tom led the design part" in the notes of an
interview at Northwind names Tom Becker of Northwind); elsewhere only their full name or an
address counts, so that a Tom at another company's interview is not listed."""

from __future__ import annotations

import pytest

from tests.helpers import afterview

AT = "2026-03-02T09:00"


@pytest.fixture(scope="module")
def _demo(prebuilt):
    return prebuilt.build(("--at", AT, "demo", "--no-agenda"))


def _run(db, *args):
    return afterview("--db", str(db), "--at", AT, *args)


def test_a_first_name_in_their_companys_interview_notes_is_listed(prebuilt, _demo, afterview_home):
    db = prebuilt.copy(_demo, afterview_home)
    # interview 1 is at Northwind (Tom Becker, person 2, is of Northwind); interview 3 at Contoso
    assert _run(db, "interview", "edit", "1", "--notes", "Tom led the design part").code == 0
    assert _run(db, "interview", "edit", "3", "--notes", "Tom from facilities showed me in").code == 0
    done = _run(db, "person", "forget", "2", "--yes")
    assert done.code == 0, done.err
    line = next(line for line in done.out.splitlines() if "not rewritten" in line)
    assert "interview 1" in line and "interview 3" not in line


def test_a_lower_case_word_is_no_name(prebuilt, _demo, afterview_home):
    db = prebuilt.copy(_demo, afterview_home)
    assert _run(db, "interview", "edit", "1", "--notes", "the tom-tom drums of the design part").code == 0
    done = _run(db, "person", "forget", "2", "--yes")
    assert done.code == 0, done.err
    assert "interview 1" not in done.out
