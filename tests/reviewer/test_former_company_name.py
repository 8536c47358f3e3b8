"""A note that names a former name of its own company is flagged (old-company-name).

After `company edit ID --name NEW` the notes on their way that named the old name were held back,
but a plain draft written later (an old note copied, a name typed from memory) passed the review.
The names a company went by are recorded (a rename, a merge), stored (migration 0005, SQLite and
PostgreSQL), carried by backups (version 7) and read by the review of a stored draft.
"""

import json
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from afterview.domain import model as m
from afterview.errors import ImportFailed
from afterview.reviewer import ReviewContext, review
from afterview.reviewer.context import context_for_message
from afterview.services import pipeline
from afterview.services.backup import export_document, import_document
from afterview.services.merge import merge_companies
from afterview.storage import migrations, open_store
from tests.helpers import afterview

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
BODY = ("Hi Dana,\n\nThank you for the conversation about the Kafka migration at {name} today. I enjoyed "
        "hearing how the team moved its batch jobs to streaming.\n\nBest regards,\nAlex Morgan\n")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'afterview.db'}"
    return request.getfixturevalue("pg_url")


def _codes(subject, body, **context) -> list:
    return [f for f in review(subject, body, ReviewContext(kind="thank_you", **context))
            if f.code == "old-company-name"]


def test_a_former_name_is_flagged_in_the_body_and_the_subject():
    found = _codes("Thank you - Contso", BODY.format(name="Contso"), company="Contoso", former_company_names=["Contso"])
    assert [(f.field, f.severity, f.message, f.suggestion) for f in found] == [
        ("subject", "warning", "the subject names 'Contso', a former name of Contoso", "Write Contoso, its name now."),
        ("body", "warning", "names 'Contso', a former name of Contoso", "Write Contoso, its name now.")]
    body = BODY.format(name="Contso")
    assert body[found[1].start:found[1].end] == "Contso"


def test_what_is_not_a_former_name_used_by_mistake():
    # the name now
    assert _codes(None, BODY.format(name="Contoso"), company="Contoso", former_company_names=["Contso"]) == []
    # a former name inside the name now: 'Contoso' in 'Contoso Bank'
    assert _codes(None, BODY.format(name="Contoso Bank"), company="Contoso Bank", former_company_names=["Contoso"]) == []
    # only the legal form differs: 'Contoso GmbH', now Contoso
    assert _codes(None, BODY.format(name="Contoso GmbH"), company="Contoso", former_company_names=["Contoso GmbH"]) == []
    # a former name that is another pipeline company's now: wrong-company's to say
    assert _codes(None, BODY.format(name="Fabrikam"), company="Contoso", former_company_names=["Fabrikam"],
                  other_companies=["Fabrikam"]) == []
    # no company known: nothing to compare with
    assert _codes(None, BODY.format(name="Contso"), former_company_names=["Contso"]) == []


def _renamed_store(url):
    """Contso renamed Contoso (a typo corrected), with a draft written afterwards that names Contso."""
    store = open_store(url)
    with store.transaction() as tx:
        company = tx.add(m.Company(name="Contso"))
        opp = tx.add(m.Opportunity(company_id=company.id, role="Data Engineer"))
        dana = tx.add(m.Person(name="Dana Reyes", emails=["dana@contoso.example"], company_id=company.id))
        pipeline.rename_company(tx, company.id, {"name": "Contoso"}, now=T0)
        draft = tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=dana.id, opportunity_id=opp.id,
                                 subject="Thank you", body=BODY.format(name="Contso"), to_address=dana.email))
    return store, company, draft


def test_a_draft_written_after_the_rename_is_flagged(db_url):
    store, company, draft = _renamed_store(db_url)
    with store.transaction() as tx:
        assert tx.get(m.Company, company.id).former_names == ["Contso"]
        facts = tx.facts()
    store.close()
    context = context_for_message(facts, next(x for x in facts.messages if x.id == draft.id))
    assert (context.company, context.former_company_names) == ("Contoso", ["Contso"])
    found = [f for f in review(draft.subject, draft.body, context) if f.code == "old-company-name"]
    assert [f.message for f in found] == ["names 'Contso', a former name of Contoso"]


def test_lint_draft_says_it(tmp_path):
    db = tmp_path / "a.db"
    store, _, draft = _renamed_store(f"sqlite:///{db}")
    store.close()
    result = afterview("--db", str(db), "lint", "--draft", str(draft.id))
    assert "warning: names 'Contso', a former name of Contoso [old-company-name]" in result.out, result.out
    assert "old-company-name" in afterview("lint", "--list").out
    explained = afterview("lint", "--explain", "old-company-name")
    assert explained.code == 0 and "company merge" in explained.out


def test_a_merge_records_the_duplicates_name_and_a_copied_note_is_flagged(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    with store.transaction() as tx:
        kept = tx.add(m.Company(name="Contoso", former_names=["Contoso Ltd"]))
        twin = tx.add(m.Company(name="Fabrikam Labs", former_names=["Fabrikam"]))
        dana = tx.add(m.Person(name="Dana Reyes", emails=["dana@contoso.example"], company_id=twin.id))
        merge_companies(tx, twin.id, kept.id, now=T0)
        assert tx.get(m.Company, kept.id).former_names == ["Contoso Ltd", "Fabrikam", "Fabrikam Labs"]
        draft = tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=dana.id, subject="Thank you",
                                 body=BODY.format(name="Fabrikam Labs"), to_address=dana.email))
        facts = tx.facts()
    store.close()
    context = context_for_message(facts, next(x for x in facts.messages if x.id == draft.id))
    found = [f.message for f in review(draft.subject, draft.body, context) if f.code == "old-company-name"]
    assert found == ["names 'Fabrikam Labs', a former name of Contoso"]


# -- storage ---------------------------------------------------------------------------------------


def test_the_newest_schema_is_0005(tmp_path):
    assert migrations.KNOWN[-1] == "0005_companies_former_names"
    assert "database schema 0005_companies_former_names, backups up to version 7" in afterview("--version").out


def test_a_database_from_before_0005_gains_the_column_with_its_companies_kept(db_url):
    store = open_store(db_url)
    with store.transaction() as tx:
        tx.add(m.Company(name="Contoso", website="https://contoso.example"))
    store.close()
    engine = sa.create_engine(db_url)  # as the release before 0005 left it: no column, not recorded
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE companies DROP COLUMN former_names")
        conn.exec_driver_sql("DELETE FROM afterview_migrations WHERE name = '0005_companies_former_names'")
    engine.dispose()

    store = open_store(db_url)
    with store.engine.connect() as conn:
        assert migrations.applied(conn) == migrations.KNOWN
        assert "former_names" in {c["name"] for c in sa.inspect(conn).get_columns("companies")}
    with store.transaction() as tx:
        (company,) = tx.list(m.Company)
        assert (company.name, company.website, company.former_names) == ("Contoso", "https://contoso.example", [])
        pipeline.rename_company(tx, company.id, {"name": "Contoso Bank"}, now=T0)
    with store.transaction() as tx:
        assert tx.list(m.Company)[0].former_names == ["Contoso"]
    store.close()


def test_a_backup_carries_the_former_names_and_says_version_7(db_url, tmp_path):
    store = open_store(db_url)
    with store.transaction() as tx:
        company = tx.add(m.Company(name="Contso"))
        tx.add(m.Company(name="Fabrikam"))
    with store.transaction() as tx:
        document = export_document(tx)
    assert document["version"] == 1 and all("former_names" not in c for c in document["companies"])  # as before
    with store.transaction() as tx:
        pipeline.rename_company(tx, company.id, {"name": "Contoso"}, now=T0)
        document = export_document(tx)
    store.close()
    assert document["version"] == 7
    assert [c.get("former_names") for c in document["companies"]] == [["Contso"], None]  # said only of it

    restored = open_store(f"sqlite:///{tmp_path / 'restored.db'}")
    with restored.transaction() as tx:
        import_document(tx, json.loads(json.dumps(document)))
    with restored.transaction() as tx:
        assert export_document(tx) == document
        assert [c.former_names for c in tx.list(m.Company)] == [["Contso"], []]
    restored.close()

    older = json.loads(json.dumps(document))  # a version 6 document cannot say it
    older["version"] = 6
    other = open_store(f"sqlite:///{tmp_path / 'other.db'}")
    with other.transaction() as tx, pytest.raises(
            ImportFailed, match=r"companies\[0\]\.former_names: version 6 has no such field"):
        import_document(tx, older)
    del older["companies"][0]["former_names"]  # an older backup, without it: restored as it was
    with other.transaction() as tx:
        import_document(tx, older)
    with other.transaction() as tx:
        assert [c.former_names for c in tx.list(m.Company)] == [[], []]
    other.close()


def test_a_former_name_in_a_backup_is_checked_as_a_typed_name(tmp_path):
    document = {"format": "afterview-export", "version": 7,
                "companies": [{"id": 1, "name": "Contoso", "former_names": ["Contso\nBcc: x@evil.example"]}]}
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(document))
    result = afterview("--db", str(tmp_path / "new.db"), "import", str(path))
    assert result.code == 2 and "companies[0].former_names[0]" in result.err and "Traceback" not in result.err
    assert not (tmp_path / "new.db").exists()  # nothing written
