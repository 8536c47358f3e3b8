"""The export document: round trips (a Hypothesis property) and refusals that write nothing."""

import json
from datetime import date, datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.domain import model as m
from afterview.domain.serialize import to_plain
from afterview.errors import Conflict, ImportFailed
from afterview.services.backup import SECTIONS, export_document, import_document
from afterview.services.demo import load_demo
from afterview.storage import open_store

from tests.helpers import afterview, assert_clean_error

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=timezone.utc)

# text as typing lets it in (and a restore checks as typing does): no control characters, line
# breaks or characters that show as nothing (see domain.values.name_text)
text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp"),
                             blacklist_characters="\x00\u3164\u115f\u1160\uffa0\u034f"), max_size=30)
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc))
words = st.lists(text, max_size=3)
addresses = st.lists(st.from_regex(r"[a-z0-9]{1,8}(\.[a-z0-9_-]{1,8})?@[a-z]{1,8}\.example", fullmatch=True), max_size=3)
keys = st.builds("thank_you:i{}:p{}".format, st.integers(1, 99), st.integers(1, 99))


@st.composite
def pipelines(draw):
    """A consistent set of records, as an export document."""
    companies = [m.Company(id=i + 1, name=draw(text), sector=draw(text),
                           former_names=draw(st.sampled_from([[], ["Contso"], ["Contso", "Contoso GmbH"]])))
                 for i in range(draw(st.integers(1, 3)))]
    opps = [
        m.Opportunity(id=i + 1, company_id=draw(st.sampled_from(companies)).id, role=draw(text),
                      status=draw(st.sampled_from(list(m.OpportunityStatus))), pace=draw(st.sampled_from(list(m.Pace))),
                      created_at=draw(moments),
                      history=[m.StatusChange(status=draw(st.sampled_from(list(m.OpportunityStatus))), at=draw(moments),
                                              note=draw(text), person_id=draw(st.none() | st.just(1)))])
        for i in range(draw(st.integers(1, 3)))
    ]
    people = [
        m.Person(id=i + 1, name=draw(text), greet_as=draw(st.sampled_from(["", "Khai", "Ms. Nguyen"])), emails=draw(addresses), company_id=draw(st.sampled_from([None, *[c.id for c in companies]])),
                 tags=draw(words), connection=draw(st.sampled_from(list(m.ConnectionState))),
                 connected_at=draw(st.none() | moments), do_not_contact=draw(st.booleans()))
        for i in range(draw(st.integers(1, 4)))
    ]
    owned: set[str] = set()
    for person in people:  # an address is one person's: a restore refuses one two people have
        person.emails = [e for e in person.emails if e.casefold() not in owned]
        owned.update(e.casefold() for e in person.emails)
    interviews = []
    for i in range(draw(st.integers(0, 3))):
        start = draw(moments)
        panel = draw(st.lists(st.sampled_from(people), unique_by=lambda p: p.id, max_size=3))
        interviews.append(m.Interview(id=i + 1, opportunity_id=draw(st.sampled_from(opps)).id, start=start, end=start,
                                      timezone="Europe/Berlin", stage=draw(text),
                                      participants=[m.Participant(person_id=p.id, role=draw(st.sampled_from(list(m.Role))))
                                                    for p in panel]))
    debriefs = [
        m.Debrief(id=n + 1, interview_id=i.id, person_id=p.person_id, topics=draw(words), concerns=draw(words),
                  decision_date=draw(st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))))
        for n, (i, p) in enumerate((i, p) for i in interviews for p in i.participants)
    ]
    messages = [
        m.Message(id=i + 1, kind=draw(st.sampled_from(list(m.MessageKind))), person_id=draw(st.sampled_from(people)).id,
                  opportunity_id=draw(st.sampled_from(opps)).id, subject=draw(text), body=draw(text),
                  state=draw(st.sampled_from(list(m.MessageState))), created_at=draw(moments), sent_at=draw(st.none() | moments),
                  references=draw(words))
        for i in range(draw(st.integers(0, 3)))
    ]
    decisions = [m.Decision(id=1, action_key=draw(keys), kind=m.DecisionKind.SKIP, at=draw(moments), note=draw(text),
                            undone_at=draw(st.none() | moments))]
    document = {"format": "afterview-export", "version": 1, "profile": to_plain(m.Profile(name=draw(text), phone=draw(text)))}
    records = {"companies": companies, "opportunities": opps, "people": people, "interviews": interviews,
               "debriefs": debriefs, "messages": messages, "decisions": decisions}
    for name, _ in SECTIONS:
        document[name] = [to_plain(r) for r in records.get(name, [])]
    for decision in document["decisions"]:  # said only of one taken back, which makes the document version 3
        if decision["undone_at"] is None:
            del decision["undone_at"]
        else:
            document["version"] = 3
    for opportunity in document["opportunities"]:  # who told you: said only when known
        for change in opportunity["history"]:
            if change["person_id"] is None:
                del change["person_id"]
    for person in document["people"]:  # a greet-as name: said only when set, which makes it version 4
        if person["greet_as"]:
            document["version"] = 4
        else:
            del person["greet_as"]
    for company in document["companies"]:  # the names it went by: said only when some, which makes it version 7
        if company["former_names"]:
            document["version"] = 7
        else:
            del company["former_names"]
    return document


def as_restored(document: dict, restored: dict) -> dict:
    """The document as a restore brings it back (docs/storage.md): approved and scheduled messages
    are drafts again, one being sent is failed with its outcome unknown (the words are the
    restore's, taken from `restored` once checked), nothing is scheduled or approved any more."""
    expected = json.loads(json.dumps(document))
    words = {m["id"]: m["last_error"] for m in restored["messages"]}
    for message in expected["messages"]:
        if message["state"] in ("approved", "scheduled"):
            message.update(state="drafted", approved_at=None, scheduled_at=None)
        elif message["state"] == "sending":
            assert words[message["id"]].startswith("outcome unknown: it was being sent when the backup was made")
            message.update(state="failed", approved_at=None, scheduled_at=None, last_error=words[message["id"]])
    return expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=pipelines())
def test_export_import_export_gives_the_same_document(tmp_path_factory, prebuilt, new_database, document):
    folder = tmp_path_factory.mktemp("roundtrip")
    # two new databases for each example: copies of one made once (see the `prebuilt` fixture)
    first = prebuilt.opened(new_database, folder, db=folder / "a.db")
    with first.transaction() as tx:
        import_document(tx, json.loads(json.dumps(document)))
    with first.transaction() as tx:
        exported = export_document(tx)
    first.close()
    assert exported == as_restored(document, exported)
    assert as_restored(exported, exported) == exported  # what a restore holds back stays held back
    document = exported
    second = prebuilt.opened(new_database, folder, db=folder / "b.db")
    with second.transaction() as tx:
        import_document(tx, exported)
    with second.transaction() as tx:
        assert export_document(tx) == document
    second.close()


def test_demo_moves_from_sqlite_to_postgresql_and_back_unchanged(tmp_path, pg_url):
    source = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    with source.transaction() as tx:
        load_demo(tx, now=NOW, tz="America/Chicago")
        document = export_document(tx)
    target = open_store(pg_url)
    with target.transaction() as tx:
        import_document(tx, json.loads(json.dumps(document)))
    with target.transaction() as tx:
        assert export_document(tx) == document
        # ids continue after the imported ones
        assert tx.add(m.Company(name="After restore")).id == len(document["companies"]) + 1
    target.close()
    source.close()


def test_import_refuses_a_non_empty_database_and_writes_nothing(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    with store.transaction() as tx:
        load_demo(tx, now=NOW, tz="UTC")
        document = export_document(tx)
    with pytest.raises(Conflict, match="not empty"):
        with store.transaction() as tx:
            import_document(tx, document)
    with store.transaction() as tx:
        assert export_document(tx) == document


@pytest.mark.parametrize(
    "document, fragment",
    [
        ({"hello": 1}, "not an Afterview export"),
        ([1, 2, 3], "not an Afterview export"),
        ({"format": "afterview-export", "version": 99}, "newer Afterview"),
        ({"format": "afterview-export"}, "no version"),
        ({"format": "afterview-export", "version": 1, "companies": [{"id": 1}]}, "companies[0]: missing field 'name'"),
        ({"format": "afterview-export", "version": 1, "companies": [{"id": 1, "name": "A"}],
          "opportunities": [{"id": 1, "company_id": 1, "role": "R", "created_at": "2026-01-01T10:00"}]}, "without a time zone"),
        ({"format": "afterview-export", "version": 1, "people": [{"id": 1, "name": "A", "connection": "besties"}]}, "unknown value"),
        ({"format": "afterview-export", "version": 1, "extras": []}, "unknown section"),
        ({"format": "afterview-export", "version": 1, "decisions": [{"id": 1, "action_key": "thank_you:i1:p1",
          "kind": "snooze", "at": "2026-11-26T10:00:00+00:00", "until": "9999-12-31T12:00:00+00:00"}]},
         "decisions[0].until: '9999-12-31T12:00:00.00:00' is too far away .years 1900-2200."),
        ({"format": "afterview-export", "version": 1, "companies": [{"id": 1, "name": "A"}],
          "opportunities": [{"id": 1, "company_id": 1, "role": "R", "created_at": "2026-01-01T10:00:00+00:00",
                             "history": [{"status": "applied", "at": "1066-10-14T10:00:00+00:00"}]}]},
         "opportunities[0].history[0].at: '1066-10-14T10:00:00.00:00' is too far away"),
    ],
)
def test_broken_documents_are_refused_whole(tmp_path, document, fragment):
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    with pytest.raises(ImportFailed, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        with store.transaction() as tx:
            import_document(tx, document)
    with store.transaction() as tx:
        assert all(tx.count(cls) == 0 for _, cls in SECTIONS)


def test_import_with_a_dangling_reference_writes_nothing(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    document = {"format": "afterview-export", "version": 1, "companies": [{"id": 1, "name": "A"}],
                "opportunities": [{"id": 1, "company_id": 5, "role": "R"}]}
    with pytest.raises(ImportFailed, match=r"opportunities\[0\]\.company_id: no company 5 in this export"):
        with store.transaction() as tx:
            import_document(tx, document)
    with store.transaction() as tx:
        assert tx.count(m.Company) == 0


def _demo_document(tmp_path) -> dict:
    store = open_store(f"sqlite:///{tmp_path / 'demo.db'}")
    with store.transaction() as tx:
        load_demo(tx, now=NOW, tz="UTC")
        document = export_document(tx)
    store.close()
    return document


def _edit(document: dict, change) -> dict:
    copy = json.loads(json.dumps(document))
    change(copy)
    return copy


# A hand-edited or damaged backup: each problem is named by its place in the document, as the
# typed commands would name it, before anything is written (the database alone would only say
# "a record refers to one that does not exist", or store what no command accepts).
DAMAGE = [
    (lambda d: d["people"].append(dict(d["people"][0])), r"people\[6\]\.id: 1 is used twice \(also people\[0\]\)"),
    (lambda d: d["companies"][0].update(id=0), r"companies\[0\]\.id: 0 is not a positive number"),
    # a record without its id, in any section (found by a tester: a crash, when not the last section)
    (lambda d: d["people"][0].pop("id"), r"people\[0\]: missing id"),
    (lambda d: d["companies"][0].update(id=None), r"companies\[0\]: missing id"),
    (lambda d: d["decisions"].append({"action_key": "x", "kind": "skip", "at": "2026-11-25T10:00:00+00:00"}),
     r"decisions\[\d+\]: missing id"),
    (lambda d: d["interviews"][0].update(opportunity_id=99), r"interviews\[0\]\.opportunity_id: no opportunity 99 in this export"),
    (lambda d: d["interviews"][0]["participants"][0].update(person_id=99),
     r"interviews\[0\]\.participants\[0\]\.person_id: no person 99 in this export"),
    (lambda d: d["interviews"][0]["participants"].append(dict(d["interviews"][0]["participants"][0])),
     r"interviews\[0\]\.participants\[\d\]: person \d+ is on the panel twice"),
    (lambda d: d["debriefs"][0].update(interview_id=99), r"debriefs\[0\]\.interview_id: no interview 99 in this export"),
    (lambda d: d["opportunities"][0]["history"][0].update(person_id=99),
     r"opportunities\[0\]\.history\[0\]\.person_id: no person 99 in this export"),
    (lambda d: d["messages"][0].update(person_id=99), r"messages\[0\]\.person_id: no person 99 in this export"),
    (lambda d: d["people"][0].update(country="ZZ"), r"people\[0\]\.country: unknown country: 'ZZ'"),
    (lambda d: d["profile"].update(country="XX"), r"profile\.country: unknown country: 'XX'"),
    (lambda d: d["interviews"][0].update(start="2026-11-25T10:00:00+00:00", end="2026-11-25T09:00:00+00:00"),
     r"interviews\[0\]: it ends \(2026-11-25T09:00:00\+00:00\) before it starts \(2026-11-25T10:00:00\+00:00\)"),
]


@pytest.mark.parametrize("change, message", DAMAGE)
def test_a_damaged_backup_is_refused_with_the_place_of_the_problem(tmp_path, change, message):
    document = _edit(_demo_document(tmp_path), change)
    store = open_store(f"sqlite:///{tmp_path / 'restore.db'}")
    with pytest.raises(ImportFailed, match=r"broken export: " + message):
        with store.transaction() as tx:
            import_document(tx, document)
    with store.transaction() as tx:
        assert all(tx.count(cls) == 0 for _, cls in SECTIONS)


def test_cli_names_a_dangling_reference_in_one_line(tmp_path):
    document = _demo_document(tmp_path)
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(_edit(document, lambda d: d["interviews"][0]["participants"][0].update(person_id=99))))
    restore = tmp_path / "restore.db"
    result = afterview("--db", str(restore), "import", str(backup))
    assert_clean_error(result, "interviews[0].participants[0].person_id: no person 99 in this export", code=2)
    assert not restore.exists()  # the database this failed command made is not left behind
    # nothing was written: the sound document restores into the same database (empty ones only)
    backup.write_text(json.dumps(document))
    assert afterview("--db", str(restore), "import", str(backup)).code == 0


def test_a_backup_cut_short_is_called_a_damaged_export_not_something_else(tmp_path):
    # Found by a tester: a truncated backup was "not an Afterview export (not JSON: line 335:
    # Unterminated string starting at)", a damaged one of ours called something else.
    whole = tmp_path / "whole.json"
    assert afterview("--db", str(tmp_path / "demo.db"), "demo").code == 0
    assert afterview("--db", str(tmp_path / "demo.db"), "export", str(whole)).code == 0
    cut = tmp_path / "cut.json"
    cut.write_bytes(whole.read_bytes()[:3000])  # its "format" key, sorted late, is cut off too
    restore = tmp_path / "restore.db"
    result = afterview("--db", str(restore), "import", str(cut))
    assert_clean_error(result, f"{cut} is a damaged Afterview export: it is not valid JSON at line",
                       "and it ends before its last '}' (a copy cut short?); nothing was imported")
    assert not restore.exists()
    other = tmp_path / "other.json"
    other.write_text('{"a": ')
    assert_clean_error(afterview("--db", str(restore), "import", str(other)),
                       f"{other} is not an Afterview export (not JSON: line 1")
