"""The store on SQLite and on a real PostgreSQL: records, transactions, versions, failures."""

from datetime import date, datetime, timedelta, timezone

from pathlib import Path

import pytest
import sqlalchemy as sa

from afterview.domain import model as m
from afterview.errors import Conflict, NotFound, StorageError
from afterview.storage import open_store
from afterview.storage import migrations

T0 = datetime(2026, 12, 1, 15, 0, tzinfo=timezone.utc)


def _pipeline(tx):
    company = tx.add(m.Company(name="Initech", sector="software"))
    opp = tx.add(m.Opportunity(company_id=company.id, role="Data Engineer", status=m.OpportunityStatus.INTERVIEWING,
                               pace=m.Pace.SLOW, created_at=T0,
                               history=[m.StatusChange(status=m.OpportunityStatus.APPLIED, at=T0, note="added")]))
    dana = tx.add(m.Person(name="Dana Reyes", emails=["dana@initech.test", "d.reyes@home.test"], company_id=company.id,
                           timezone="America/New_York", country="US", tags=["data quality"],
                           connection=m.ConnectionState.REQUESTED, connection_requested_at=T0))
    sam = tx.add(m.Person(name="Sam Ortiz", emails=["sam@initech.test"], company_id=company.id))
    interview = tx.add(m.Interview(opportunity_id=opp.id, start=T0, end=T0 + timedelta(hours=1), timezone="America/New_York",
                                   format=m.InterviewFormat.ONSITE, participants=[
                                       m.Participant(person_id=dana.id, role=m.Role.HIRING_MANAGER),
                                       m.Participant(person_id=sam.id)]))
    return company, opp, dana, sam, interview


def test_every_record_type_round_trips(store):
    with store.transaction() as tx:
        company, opp, dana, sam, interview = _pipeline(tx)
        records = [
            m.Debrief(interview_id=interview.id, person_id=dana.id, topics=["streaming", "naïve café ünïcode"],
                      decision_date=date(2026, 12, 10)),
            m.Message(kind=m.MessageKind.THANK_YOU, person_id=dana.id, opportunity_id=opp.id, interview_id=interview.id,
                      subject="Thank you", body="Dear Dana,", state=m.MessageState.SCHEDULED, scheduled_at=T0,
                      references=["<a@x>", "<b@x>"], attachments=["/tmp/portfolio.pdf"]),
            m.Inbound(kind=m.InboundKind.AUTO_REPLY, received_at=T0, person_id=dana.id, return_date=date(2026, 12, 7)),
            m.Feedback(opportunity_id=opp.id, person_id=dana.id, received_at=T0, text="More Kafka, please."),
            m.NewsItem(title="Certified", happened_on=date(2026, 11, 20), tags=["kafka"]),
            m.Decision(action_key="thank_you:i1:p1", kind=m.DecisionKind.SNOOZE, at=T0, until=T0 + timedelta(days=1)),
        ]
        for record in records:
            tx.add(record)
    with store.transaction() as tx:
        assert tx.get(m.Company, company.id) == company
        assert tx.get(m.Opportunity, opp.id) == opp
        assert tx.get(m.Person, dana.id) == dana
        got = tx.get(m.Interview, interview.id)
        assert got == interview and got.start.tzinfo is not None
        for record in records:
            assert tx.get(type(record), record.id) == record
        assert [p.name for p in tx.list(m.Person, company_id=company.id)] == ["Dana Reyes", "Sam Ortiz"]
        assert tx.list(m.Message, state=m.MessageState.SCHEDULED)[0].id == records[1].id


def test_times_come_back_in_utc_whatever_zone_went_in(store):
    from zoneinfo import ZoneInfo

    berlin = datetime(2026, 3, 29, 3, 30, tzinfo=ZoneInfo("Europe/Berlin"))  # just after the DST change
    with store.transaction() as tx:
        c = tx.add(m.Company(name="A"))
        o = tx.add(m.Opportunity(company_id=c.id, role="R", created_at=berlin))
    with store.transaction() as tx:
        assert tx.get(m.Opportunity, o.id).created_at == berlin
        assert tx.get(m.Opportunity, o.id).created_at.tzinfo == timezone.utc


def test_a_failed_use_case_leaves_the_database_as_it_was(store):
    with pytest.raises(NotFound):
        with store.transaction() as tx:
            tx.add(m.Company(name="Half"))
            tx.get(m.Company, 999)
    with store.transaction() as tx:
        assert tx.list(m.Company) == []


def test_foreign_keys_are_enforced(store):
    with store.transaction() as tx:
        company, opp, dana, sam, interview = _pipeline(tx)
    with pytest.raises(Conflict):
        with store.transaction() as tx:
            tx.delete(m.Company, company.id)  # still has an opportunity
    with pytest.raises(Conflict):
        with store.transaction() as tx:
            tx.delete(m.Person, sam.id)  # still on a panel
    with pytest.raises(Conflict):
        with store.transaction() as tx:
            tx.add(m.Opportunity(company_id=424242, role="Ghost"))
    with store.transaction() as tx:
        tx.delete(m.Interview, interview.id)  # participants go with it
        tx.delete(m.Person, sam.id)
        assert [p.id for p in tx.list(m.Person)] == [dana.id]


def test_update_and_delete_of_missing_records_say_so(store):
    with pytest.raises(NotFound, match="no company with id 7"):
        with store.transaction() as tx:
            tx.update(m.Company(id=7, name="X"))
    with pytest.raises(NotFound, match="no person with id 3"):
        with store.transaction() as tx:
            tx.delete(m.Person, 3)


def test_state_and_profile(store):
    with store.transaction() as tx:
        profile = tx.profile()
        profile.name, profile.linkedin_account = "Alex", m.LinkedInAccount.PREMIUM
        tx.save_profile(profile)
        tx.set_state("sync:work", {"uidvalidity": 7, "uid": 42})
        tx.set_state("sync:work", {"uidvalidity": 7, "uid": 43})
    with store.transaction() as tx:
        assert tx.profile().name == "Alex"
        assert tx.profile().linkedin_account is m.LinkedInAccount.PREMIUM
        assert tx.get_state("sync:work") == {"uidvalidity": 7, "uid": 43}
        assert tx.get_state("nothing", "default") == "default"


def test_reopening_is_idempotent_and_records_migrations(db_url):
    open_store(db_url).close()
    store = open_store(db_url)
    with store.engine.connect() as conn:
        assert migrations.applied(conn) == migrations.KNOWN
    store.close()


def test_a_database_from_a_newer_version_is_refused_untouched(db_url):
    open_store(db_url).close()
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO afterview_migrations (name, applied_at) VALUES ('9999_future', :t)"),
                     {"t": datetime(2030, 1, 1)})
    engine.dispose()
    with pytest.raises(StorageError, match="newer version of Afterview"):
        open_store(db_url)


def test_someone_elses_database_is_refused(db_url):
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE invoices (id integer primary key)"))
    engine.dispose()
    with pytest.raises(StorageError, match="not Afterview's"):
        open_store(db_url)


def test_sqlite_settings_wal_and_foreign_keys(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()


def test_a_file_that_is_not_a_database(tmp_path):
    fake = tmp_path / "notes.db"
    fake.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StorageError, match="not an Afterview database"):
        open_store(f"sqlite:///{fake}")
    assert fake.read_text().startswith("these are my notes")


@pytest.mark.parametrize("path", ["/proc/afterview.db", "/proc/afterview-data/afterview.db"])
def test_a_location_that_cannot_be_written(path):
    """/proc refuses new files even to root, like a read-only mount."""
    with pytest.raises(StorageError) as caught:
        open_store(f"sqlite:///{path}")
    assert "\n" not in str(caught.value)


def test_a_read_only_database(tmp_path):
    """Even as root: SQLite opened read-only (the way a read-only mount behaves) refuses writes."""
    path = tmp_path / "a.db"
    open_store(f"sqlite:///{path}").close()
    store = open_store(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert not (Path.cwd() / "file:").exists()  # the URI names the file: no folder "file:" made here
    with pytest.raises(StorageError, match="read-only"):
        with store.transaction() as tx:
            tx.add(m.Company(name="X"))


def test_unreachable_postgres_is_one_line(tmp_path):
    with pytest.raises(StorageError) as caught:
        open_store("postgresql+psycopg://postgres@127.0.0.1:9/none?connect_timeout=2")
    assert "\n" not in str(caught.value)
    assert "127.0.0.1" in str(caught.value)


def test_missing_database_without_create(tmp_path):
    with pytest.raises(StorageError, match="no database at"):
        open_store(f"sqlite:///{tmp_path / 'none.db'}", create=False)
    assert not (tmp_path / "none.db").exists()


def test_a_new_database_and_its_new_folder_are_private(tmp_path):
    import stat

    from afterview.storage import open_store

    folder = tmp_path / "new-home"
    store = open_store(f"sqlite:///{folder / 'afterview.db'}")
    try:
        with store.transaction() as tx:
            tx.profile()
    finally:
        store.close()
    assert stat.S_IMODE((folder / "afterview.db").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for extra in folder.glob("afterview.db-*"):  # the WAL files SQLite made, if still there
        assert stat.S_IMODE(extra.stat().st_mode) == 0o600
