"""A note's text and a piece of feedback are at most 100,000 characters (found by a tester: an
editor's 20,000,000-character body was saved, and 3 MB of feedback taken): refused in one line,
what was typed kept in a file for an edit, nothing changed."""

from __future__ import annotations

import os
import stat

from afterview.domain import model as m
from afterview.storage import open_store
from tests.helpers import afterview


def _draft(tmp_path) -> tuple[str, int]:
    db = tmp_path / "a.db"
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            person = tx.add(m.Person(name="Ann Lee", emails=["ann@example.com"]))
            message = tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=person.id, subject="Thanks",
                                       body="Thank you.", state=m.MessageState.DRAFTED, to_address="ann@example.com"))
            opp = tx.add(m.Opportunity(company_id=tx.add(m.Company(name="Acme")).id, role="Engineer"))
    finally:
        store.close()
    return str(db), message.id, opp.id


def test_an_edit_past_the_limit_is_refused_and_kept(tmp_path):
    db, message_id, _ = _draft(tmp_path)
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\npython3 -c \"import sys; open(sys.argv[1], 'w').write('Subject: Thanks\\n\\n' + "
                      "'word ' * 30000)\" \"$1\"\n", encoding="utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    done = afterview("--db", db, "edit", str(message_id), env={"EDITOR": str(editor), "VISUAL": ""})
    assert done.code == 2, (done.out, done.err)
    assert "the draft's text is 149,999 characters long: at most 100,000 are allowed" in done.err
    assert "kept" in done.err
    shown = afterview("--db", db, "show", str(message_id))
    assert "Thank you." in shown.out


def test_feedback_past_the_limit_is_refused(tmp_path):
    db, _, opp_id = _draft(tmp_path)
    done = afterview("--db", db, "feedback", str(opp_id), "--file", "-", input="x" * 100_001)
    assert done.code == 2, (done.out, done.err)
    assert "the feedback is 100,001 characters long: at most 100,000 are allowed" in done.err
