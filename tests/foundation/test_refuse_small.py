"""Small refusals a tester found wanting: a message done elsewhere said in words, an empty
AFTERVIEW_HOME refused as an empty AFTERVIEW_DB is, playbook.toml made a folder refused as
config.toml made one is, `templates list` with a template it cannot read, ids beyond what a
database holds answered as any unknown id, and a decision given again said to change nothing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from afterview.domain import model as m
from afterview.storage import open_store
from tests.helpers import afterview, assert_clean_error

T0 = datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc)


@pytest.fixture
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'afterview.db'}"
    store = open_store(url)
    with store.transaction() as tx:
        company = tx.add(m.Company(name="Acme"))
        rejected = tx.add(m.Opportunity(company_id=company.id, role="Analyst", status=m.OpportunityStatus.REJECTED,
                                        created_at=T0 - timedelta(days=10),
                                        history=[m.StatusChange(status=m.OpportunityStatus.REJECTED, at=T0)]))
        dana = tx.add(m.Person(name="Dana Reyes", emails=["dana@acme.example"], company_id=company.id))
        tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=dana.id, opportunity_id=rejected.id,
                         subject="Thank you", body="Thanks.", state=m.MessageState.DONE_ELSEWHERE, created_at=T0))
    store.close()
    return url


def test_a_message_done_elsewhere_is_said_so_in_words(db):
    for command in ("discard", "edit"):
        result = afterview("--db", db, command, "1")
        assert_clean_error(result, "message 1 is done elsewhere: only open drafts can be")
        assert "done_elsewhere" not in result.err


@pytest.mark.parametrize("home", ["", "  "])
def test_an_empty_afterview_home_is_refused_not_taken_for_the_default_folders(tmp_path, home):
    result = afterview("--db", str(tmp_path / "a.db"), "today", env={"AFTERVIEW_HOME": home})
    assert_clean_error(result, "AFTERVIEW_HOME is set but empty")
    assert not (tmp_path / "a.db").exists()


@pytest.mark.parametrize("name", ["playbook.toml", "config.toml"])
def test_a_settings_file_made_a_folder_is_refused_the_same_way(afterview_home, tmp_path, name):
    (afterview_home / name).mkdir()
    for args in (("playbook", "check"), ("--db", str(tmp_path / "a.db"), "today")):
        assert_clean_error(afterview(*args), f"{afterview_home / name}: cannot read: it is a folder, not a file")


def test_templates_list_says_a_template_it_cannot_read_as_an_error_and_fails(afterview_home):
    folder = afterview_home / "templates" / "warm"
    folder.mkdir(parents=True)
    (folder / "thank_you.txt.j2").write_bytes(b"\xff\xfe\x00binary\x81")
    result = afterview("templates", "list")
    assert result.code == 2
    assert f"afterview: error: {folder / 'thank_you.txt.j2'}: not UTF-8 text" in result.err.splitlines()
    assert "thank_you" in result.out  # the listing is given all the same
    listed = afterview("templates", "list", "--json")
    assert listed.code == 2 and '"problems": [' in listed.out
    (folder / "thank_you.txt.j2").unlink()
    assert afterview("templates", "list").code == 0


@pytest.mark.parametrize("number", ["9223372036854775808", "99999999999999999999999"])
def test_an_id_beyond_what_a_database_holds_is_an_unknown_id(db, afterview_home, number):
    assert_clean_error(afterview("--db", db, "replies", "confirm", number), f"no incoming message with id {number}")
    assert_clean_error(afterview("--db", db, "person", "delete", number, "--yes"), f"no person with id {number}")
    listed = afterview("--db", db, "interview", "list", "--opportunity", number)
    assert listed.code == 0 and listed.err == "", listed.err
    assert not (afterview_home / "afterview.log").exists()  # nothing to log: no error of Afterview's


def test_a_decision_given_again_changes_nothing_and_says_so(db):
    def history() -> list:
        store = open_store(db)
        with store.transaction() as tx:
            found = tx.get(m.Opportunity, 1).history
        store.close()
        return found

    before = history()
    result = afterview("--db", db, "outcome", "1", "rejected")
    assert (result.code, result.out) == (0, "opportunity 1 is rejected already: nothing changed\n")
    assert history() == before
    result = afterview("--db", db, "outcome", "1", "rejected", "--note", "they wrote again")
    assert result.out == "opportunity 1 is rejected already: your note is recorded with it\n"
    assert [c.note for c in history()] == ["", "they wrote again"]
