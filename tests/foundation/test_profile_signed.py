"""A new name, signature or country in the profile reaches the notes already written only when
they are written again: `profile set` names them (found by a tester: a note approved before a
new signature went out signed the old way, and nothing said so), and a new country names the
contacts planned with your public holidays for want of their own, as a new zone names those
planned in your zone."""

from __future__ import annotations

import pytest

from tests.helpers import afterview

AT = "2026-11-28T18:30:00Z"


@pytest.fixture(scope="session")
def _demo_drafted(prebuilt):
    return prebuilt.build(("--at", AT, "demo", "--no-agenda"),
                          ("--at", AT, "draft", "thank_you:i4:p6", "thank_you:i1:p1", "--no-ask"))


def _db(prebuilt, built, home):
    return str(prebuilt.copy(built, home))


def test_a_new_signature_names_the_notes_written_with_the_old_one(prebuilt, _demo_drafted, afterview_home):
    db = _db(prebuilt, _demo_drafted, afterview_home)
    done = afterview("--db", db, "--at", AT, "profile", "set", "--signature", "Alex Morgan\\nBerlin")
    assert done.code == 0, done.err
    assert done.out == "profile updated\n"
    assert done.err.startswith("afterview: warning: 2 notes not yet sent were written before this change: "), done.err
    assert "message 2 (drafted) has your old signature; message 3 (drafted) has your old signature" in done.err
    assert "afterview draft thank_you:i4:p6 thank_you:i1:p1 --force" in done.err
    assert done.err.count("\n") == 1  # one line
    # written again, the note gives the new one, and a second change names nothing already right
    assert afterview("--db", db, "--at", AT, "draft", "thank_you:i4:p6", "thank_you:i1:p1", "--force",
                     "--no-ask").code == 0
    assert "Alex Morgan\nBerlin" in afterview("--db", db, "--at", AT, "show", "2").out
    same = afterview("--db", db, "--at", AT, "profile", "set", "--signature", "Alex Morgan\\nBerlin")
    assert same.code == 0 and same.err == "", same.err


def test_a_new_name_names_the_notes_signed_with_the_old_one_and_their_states(prebuilt, _demo_drafted, afterview_home):
    db = _db(prebuilt, _demo_drafted, afterview_home)
    done = afterview("--db", db, "--at", AT, "profile", "set", "--name", "Alex Morgan-Reyes")
    assert done.code == 0, done.err
    assert "message 2 (drafted) has your name as Alex Morgan" in done.err, done.err
    # a change of case alone, or no change, names nothing
    assert afterview("--db", db, "--at", AT, "profile", "set", "--name", "alex morgan-reyes").err == ""
    assert afterview("--db", db, "--at", AT, "profile", "set", "--phone", "+1 555 0199").err == ""


def test_a_new_country_names_the_contacts_planned_with_your_holidays(prebuilt, _demo_drafted, afterview_home):
    db = _db(prebuilt, _demo_drafted, afterview_home)
    assert afterview("--db", db, "--at", AT, "person", "edit", "6", "--country", "").code == 0
    done = afterview("--db", db, "--at", AT, "profile", "set", "--country", "US-NY")
    assert done.code == 0, done.err
    assert ("afterview: warning: 1 contact has no country of their own and is planned with your public "
            "holidays, now US-NY's: Ana Souza (person 6); to give a contact their own: "
            "afterview person edit PERSON --country CODE") in done.err, done.err
    # the same country again moves nobody
    assert "no country of their own" not in afterview("--db", db, "--at", AT, "profile", "set",
                                                      "--country", "us-ny").err
    # the playbook's [calendar] country is theirs instead: nothing to say
    (afterview_home / "playbook.toml").write_text('[calendar]\ncountry = "CA"\n', encoding="utf-8")
    follows = afterview("--db", db, "--at", AT, "profile", "set", "--country", "GB-ENG")
    assert follows.code == 0, follows.err
    assert "no country of their own" not in follows.err, follows.err
