"""A person's greet-as name is stored, upgraded into older databases, carried by backups and set
from the command line; a person given a time zone and no country gets the zone's; people are
listed by name, case and accents aside.

Found by an international tester: "Hi Nguyễn," to Nguyễn Thị Minh Khai had no way out;
`person add "Ravi Kumar" --tz Asia/Kolkata` planned around German public holidays; `person list`
put "Ángel Ruiz" after "Zed Shaw". Real SQLite files and the real PostgreSQL (`db_url`).
"""

import json
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from afterview.domain import model as m
from afterview.errors import ImportFailed
from afterview.planner.facts import where
from afterview.services import pipeline
from afterview.services.backup import export_document, import_document
from afterview.storage import migrations, open_store
from tests.helpers import afterview, assert_clean_error

KHAI = "Nguyễn Thị Minh Khai"
T0 = datetime(2026, 2, 26, 9, 0, tzinfo=timezone.utc)
OLD = Path(__file__).parent / "data" / "afterview-0001.db"  # schema 0001 (see test_ids)


def test_0004_is_known(tmp_path):
    assert "0004_people_greet_as" in migrations.KNOWN  # the newest: tests/reviewer/test_former_company_name.py


def test_a_greet_as_name_is_kept_and_cleared(db_url):
    store = open_store(db_url)
    with store.transaction() as tx:
        khai = tx.add(m.Person(name=KHAI, greet_as="Khai"))
        other = tx.add(m.Person(name="Priya Raman"))
    with store.transaction() as tx:
        assert tx.get(m.Person, khai.id).greet_as == "Khai" and tx.get(m.Person, other.id).greet_as == ""
        pipeline.edit_person(tx, khai.id, pipeline.clean_person_fields(tx, {"greet_as": "  Ms.   Nguyen "}), now=T0)
    with store.transaction() as tx:
        assert tx.get(m.Person, khai.id).greet_as == "Ms. Nguyen"
        pipeline.edit_person(tx, khai.id, pipeline.clean_person_fields(tx, {"greet_as": ""}), now=T0)
    with store.transaction() as tx:
        assert tx.get(m.Person, khai.id).greet_as == ""
    store.close()


def test_a_database_from_before_0004_gains_the_column_with_its_people_kept(db_url):
    store = open_store(db_url)
    with store.transaction() as tx:
        tx.add(m.Person(name=KHAI, emails=["khai@acme.example"], timezone="Asia/Ho_Chi_Minh", country="VN"))
    store.close()
    engine = sa.create_engine(db_url)  # as the release before 0004 left it: no column, not recorded
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE people DROP COLUMN greet_as")
        conn.exec_driver_sql("DELETE FROM afterview_migrations WHERE name = '0004_people_greet_as'")
    engine.dispose()

    store = open_store(db_url)
    with store.engine.connect() as conn:
        assert migrations.applied(conn) == migrations.KNOWN
        assert "greet_as" in {c["name"] for c in sa.inspect(conn).get_columns("people")}
    with store.transaction() as tx:
        (khai,) = tx.list(m.Person)
        assert (khai.name, khai.emails, khai.country, khai.greet_as) == (KHAI, ["khai@acme.example"], "VN", "")
        khai.greet_as = "Khai"
        tx.update(khai)
    with store.transaction() as tx:
        assert tx.list(m.Person)[0].greet_as == "Khai"
    store.close()


def test_the_oldest_database_upgrades_with_everyone_greeted_as_before(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(OLD, path)
    store = open_store(f"sqlite:///{path}")
    with store.transaction() as tx:
        people = tx.list(m.Person)
        assert people and all(p.greet_as == "" for p in people)
        people[0].greet_as = "Dee"
        tx.update(people[0])
    with store.transaction() as tx:
        assert tx.get(m.Person, people[0].id).greet_as == "Dee"
    store.close()


def _backup(store) -> dict:
    with store.transaction() as tx:
        return export_document(tx)


def test_a_backup_carries_the_greet_as_name_and_says_version_4(db_url, tmp_path):
    store = open_store(db_url)
    with store.transaction() as tx:
        khai = tx.add(m.Person(name=KHAI))
        tx.add(m.Person(name="Priya Raman"))
    document = _backup(store)
    assert document["version"] == 1 and all("greet_as" not in p for p in document["people"])  # as before
    with store.transaction() as tx:
        pipeline.edit_person(tx, khai.id, {"greet_as": "Khai"}, now=T0)
    document = _backup(store)
    store.close()
    assert document["version"] == 4
    assert [p.get("greet_as") for p in document["people"]] == ["Khai", None]  # said only of her

    restored = open_store(f"sqlite:///{tmp_path / 'restored.db'}")
    with restored.transaction() as tx:
        import_document(tx, json.loads(json.dumps(document)))
    assert _backup(restored) == document
    with restored.transaction() as tx:
        assert [p.greet_as for p in tx.list(m.Person)] == ["Khai", ""]
    restored.close()

    older = json.loads(json.dumps(document))  # a version 3 document cannot say it
    older["version"] = 3
    other = open_store(f"sqlite:///{tmp_path / 'other.db'}")
    with other.transaction() as tx, pytest.raises(ImportFailed, match=r"people\[0\]\.greet_as: version 3 has no such field"):
        import_document(tx, older)
    del older["people"][0]["greet_as"]  # an older backup, without it: restored, greeted as before
    with other.transaction() as tx:
        import_document(tx, older)
    with other.transaction() as tx:
        assert [p.greet_as for p in tx.list(m.Person)] == ["", ""]
    other.close()


def test_a_greet_as_name_in_a_backup_is_checked_as_a_typed_one(tmp_path):
    document = {"format": "afterview-export", "version": 4,
                "people": [{"id": 1, "name": KHAI, "greet_as": "Khai\nBcc: x@evil.example"}]}
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(document))
    result = afterview("--db", str(tmp_path / "new.db"), "import", str(path))
    assert_clean_error(result, "people[0].greet_as: the greet-as name must be a single line")
    assert not (tmp_path / "new.db").exists()  # nothing written


# -- the command line ------------------------------------------------------------------------------


def _db(tmp_path) -> str:
    db = str(tmp_path / "a.db")
    assert afterview("--db", db, "profile", "set", "--name", "Lena Schäfer", "--tz", "Europe/Berlin",
                     "--country", "DE").code == 0
    return db


def _person(db: str, ref: str) -> dict:
    result = afterview("--db", db, "person", "show", ref, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_greet_as_is_set_shown_changed_and_cleared_from_the_command_line(tmp_path):
    db = _db(tmp_path)
    result = afterview("--db", db, "person", "add", KHAI, "--greet-as", " Khai ")
    assert result.code == 0, result.err
    assert _person(db, "1")["greet_as"] == "Khai"
    shown = afterview("--db", db, "person", "show", "1").out
    assert "greet as" in shown and "Khai" in shown
    assert afterview("--db", db, "person", "edit", "1", "--greet-as", "Ms. Nguyen").code == 0
    assert _person(db, "1")["greet_as"] == "Ms. Nguyen"
    assert json.loads(afterview("--db", db, "person", "list", "--json").out)[0]["greet_as"] == "Ms. Nguyen"
    assert afterview("--db", db, "person", "edit", "1", "--greet-as", "").code == 0
    assert _person(db, "1")["greet_as"] == ""
    assert "greet as" not in afterview("--db", db, "person", "show", "1").out
    assert_clean_error(afterview("--db", db, "person", "edit", "1", "--greet-as", "Khai\nBcc: x"),
                       "the greet-as name must be a single line")
    assert_clean_error(afterview("--db", db, "person", "edit", "1", "--greet-as", "K" * 201),
                       "the greet-as name is 201 characters long: at most 200 are allowed")


def test_a_new_greeting_takes_back_an_approved_note_and_names_the_drafts_greeting_the_old_way(tmp_path):
    db = _db(tmp_path)
    store = open_store(f"sqlite:///{db}")
    with store.transaction() as tx:
        khai = tx.add(m.Person(name=KHAI, emails=["khai@acme.example"]))
        kim = tx.add(m.Person(name="Kim Min-jun", emails=["kim@acme.example"]))
        approved = tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=khai.id, body="Hi Nguyễn,\n\nThanks.",
                                    state=m.MessageState.APPROVED, to_address="khai@acme.example", approved_at=T0))
        draft = tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=kim.id, body="Hi Kim,\n\nThanks.",
                                 action_key="thank_you:i1:p2", to_address="kim@acme.example"))
    store.close()
    result = afterview("--db", db, "person", "edit", str(khai.id), "--greet-as", "Khai")
    assert result.code == 0, result.err
    assert (f"message {approved.id}: not sent: it greets {KHAI} as Nguyễn, now as Khai; a draft again "
            "(read the greeting, then approve it again)") in result.out
    result = afterview("--db", db, "person", "edit", str(kim.id), "--greet-as", "Min-jun")
    assert result.code == 0, result.err
    assert (f"note: draft {draft.id} names Kim, now Min-jun: correct it, or draft it again "
            "(afterview draft thank_you:i1:p2 --force)") in result.out
    store = open_store(f"sqlite:///{db}")
    with store.transaction() as tx:
        assert tx.get(m.Message, approved.id).state == m.MessageState.DRAFTED
    store.close()
    # the same greeting again: nothing to say
    result = afterview("--db", db, "person", "edit", str(kim.id), "--greet-as", "Min-jun")
    assert result.out == f"updated person {kim.id}: Kim Min-jun\n"


def test_a_zone_without_a_country_gives_the_zones_country(tmp_path):
    db = _db(tmp_path)
    result = afterview("--db", db, "person", "add", "Ravi Kumar", "--tz", "Asia/Kolkata")
    assert result.out == "added person 1: Ravi Kumar (country IN, from the time zone Asia/Kolkata)\n"
    ravi = _person(db, "1")
    assert ravi["country"] == "IN"
    # Whit Monday is a German public holiday, not an Indian one: his business day
    _, days = where(m.Person(name="Ravi Kumar", timezone=ravi["timezone"], country=ravi["country"]),
                    "Europe/Berlin", "DE")
    assert days.is_business_day(date(2026, 5, 25))

    result = afterview("--db", db, "person", "add", "Anna Roy", "--tz", "Asia/Kolkata", "--country", "DE-BY")
    assert result.out == "added person 2: Anna Roy\n" and _person(db, "2")["country"] == "DE-BY"  # said: wins
    result = afterview("--db", db, "person", "add", "Uma Tal", "--tz", "UTC")  # no country: the user's days
    assert result.out == "added person 3: Uma Tal\n" and _person(db, "3")["country"] == ""
    assert afterview("--db", db, "person", "add", "Noor Haddad").out == "added person 4: Noor Haddad\n"

    result = afterview("--db", db, "person", "edit", "4", "--tz", "Asia/Dubai")
    assert result.out == "updated person 4: Noor Haddad (country AE, from the time zone Asia/Dubai)\n"
    result = afterview("--db", db, "person", "edit", "2", "--tz", "America/New_York")
    assert result.out == "updated person 2: Anna Roy\n" and _person(db, "2")["country"] == "DE-BY"  # kept
    result = afterview("--db", db, "person", "edit", "3", "--tz", "Europe/Warsaw", "--country", "CZ")
    assert result.out == "updated person 3: Uma Tal\n" and _person(db, "3")["country"] == "CZ"


def test_people_are_listed_by_name_case_and_accents_aside(tmp_path):
    db = _db(tmp_path)
    names = ["Zed Shaw", "ada lovelace", "bell hooks", "Ángel Ruiz", "Åsa Lind", "Émile Zola", "Łukasz Nowak",
             "Ada Lovelace"]
    for name in names:
        assert afterview("--db", db, "person", "add", name).code == 0
    listed = [p["name"] for p in json.loads(afterview("--db", db, "person", "list", "--json").out)]
    assert listed == ["Ada Lovelace", "ada lovelace", "Ángel Ruiz", "Åsa Lind", "bell hooks", "Émile Zola",
                      "Łukasz Nowak", "Zed Shaw"]
    table = afterview("--db", db, "person", "list").out.splitlines()[1:]
    assert [line.split("\t")[1] for line in table] == listed
