"""`afterview company merge DUPLICATE --into KEEP`: one employer entered twice ("Contoso" and a
typo, "Contso", from two imports) becomes one company. Its opportunities, people and news move
over, the kept company's details stand (the duplicate's fill only its gaps), the duplicate is
deleted, all in one transaction; the notes on their way that name the duplicate's name are held
back or said, as `company edit --name` says them; the plan is the one a single company would
have had from the start. Real SQLite files and the real PostgreSQL for the service; SQLite for
the command line."""

import json
from datetime import datetime, timedelta, timezone

import pytest

from afterview.domain import model as m
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.services import pipeline
from afterview.services.delivery import hold_lapsed
from afterview.services.merge import merge_companies
from afterview.storage import open_store
from tests.helpers import afterview, assert_clean_error

T0 = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'afterview.db'}"
    return request.getfixturevalue("pg_url")


def _pipeline(tx, *, split: bool = True) -> dict:
    """Two processes for one Data Engineer role (one recorded at each company when `split`, both
    at Contoso otherwise), an interview each with its interviewer, a news item; ids as in each."""
    contoso = tx.add(m.Company(name="Contoso", website="https://contoso.example"))
    other = tx.add(m.Company(name="Contso", website="https://contso.example", sector="fintech",
                             notes="from the LinkedIn export"))
    second = other if split else contoso
    made = {"contoso": contoso, "twin": other}
    for n, company in ((1, contoso), (2, second)):
        opp = tx.add(m.Opportunity(company_id=company.id, role="Data Engineer", status=m.OpportunityStatus.INTERVIEWING,
                                   history=[m.StatusChange(status=m.OpportunityStatus.INTERVIEWING, at=T0)]))
        person = tx.add(m.Person(name=("Dana Reyes", "Jon Smith")[n - 1], emails=[f"p{n}@contoso.example"],
                                 company_id=company.id, tags=["kafka"]))
        tx.add(m.Interview(opportunity_id=opp.id, start=T0 + timedelta(days=n - 1),
                           end=T0 + timedelta(days=n - 1, hours=1), timezone="Europe/Berlin",
                           participants=[m.Participant(person_id=person.id)]))
        made[f"opp{n}"], made[f"person{n}"] = opp, person
    made["news"] = tx.add(m.NewsItem(kind=m.NewsKind.NEWS, title="Contoso opens a Berlin office", company_id=second.id,
                                     happened_on=NOW.date() - timedelta(days=1)))
    if not split:
        tx.delete(m.Company, other.id)
    return made


def _plan(store) -> list[tuple]:
    with store.transaction() as tx:
        facts = tx.facts()
    return sorted((a.key, a.kind, a.due, a.earliest, a.reason) for a in plan(facts, DEFAULT_PLAYBOOK, NOW))


def test_everything_moves_the_kept_details_stand_and_the_duplicate_goes(db_url):
    store = open_store(db_url)
    with store.transaction() as tx:
        made = _pipeline(tx)
    with store.transaction() as tx:
        merged = merge_companies(tx, made["twin"].id, made["contoso"].id, now=NOW)
    assert merged.summary() == "1 opportunity, 1 person and 1 news item"
    assert merged.taken == ["sector fintech"]
    assert merged.lost == [("website", "https://contso.example", "https://contoso.example")]
    # two processes of one role, one of each: both kept, and said
    assert merged.same_role == [(made["opp1"].id, made["opp2"].id, "Data Engineer")]
    assert (f"opportunity {made['opp1'].id} and opportunity {made['opp2'].id} (Data Engineer) are both at Contoso "
            "now, kept apart: if they are one application, delete one (afterview opportunity delete ID)"
            in merged.lines())
    with store.transaction() as tx:
        (company,) = tx.list(m.Company)
        assert (company.id, company.name, company.website, company.sector, company.notes, company.former_names) == (
            made["contoso"].id, "Contoso", "https://contoso.example", "fintech", "from the LinkedIn export", ["Contso"])
        assert {o.company_id for o in tx.list(m.Opportunity)} == {company.id} and tx.count(m.Opportunity) == 2
        assert {p.company_id for p in tx.list(m.Person)} == {company.id}
        assert tx.list(m.NewsItem)[0].company_id == company.id
        # the name it went by finds it
        assert pipeline.find_company(tx, "contso").id == company.id
    store.close()


def test_a_merge_that_fails_half_way_leaves_everything_as_it_was(db_url, monkeypatch):
    store = open_store(db_url)
    with store.transaction() as tx:
        made = _pipeline(tx)

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(pipeline, "company_renamed", broken)  # after every record was moved
    with pytest.raises(RuntimeError), store.transaction() as tx:
        merge_companies(tx, made["twin"].id, made["contoso"].id, now=NOW)
    with store.transaction() as tx:
        assert [(c.name, c.former_names, c.sector) for c in tx.list(m.Company)] == [
            ("Contoso", [], ""), ("Contso", [], "fintech")]
        assert tx.get(m.Opportunity, made["opp2"].id).company_id == made["twin"].id
        assert tx.get(m.Person, made["person2"].id).company_id == made["twin"].id
    store.close()


def test_the_plan_is_the_one_a_single_company_had_from_the_start(tmp_path):
    merged = open_store(f"sqlite:///{tmp_path / 'merged.db'}")
    with merged.transaction() as tx:
        made = _pipeline(tx)
    before = _plan(merged)
    with merged.transaction() as tx:
        merge_companies(tx, made["twin"].id, made["contoso"].id, now=NOW)
    one = open_store(f"sqlite:///{tmp_path / 'one.db'}")
    with one.transaction() as tx:
        _pipeline(tx, split=False)
    after, expected = _plan(merged), _plan(one)
    merged.close()
    one.close()
    assert after == expected
    # each process keeps its own actions: two thank-yous, to two people, for two interviews
    thanks = [key for key, kind, *_ in after if kind == m.MessageKind.THANK_YOU]
    assert len(thanks) == 2 and len({key.split(":")[1] for key in thanks}) == 2
    # the same actions as before, at the same moments (only the company's name in the words
    # changed), and the news about the company now goes to Dana too, who works there
    share = f"share_news:n{made['news'].id}:p{made['person1'].id}"
    assert share not in [k for k, *_ in before] and share in [k for k, *_ in after]
    assert [(k, kind, due) for k, kind, due, *_ in before] == [(k, kind, due) for k, kind, due, *_ in after
                                                               if k != share]
    assert any("Contso" in reason for *_, reason in before) and not any("Contso" in reason for *_, reason in after)


def test_the_notes_on_their_way_naming_the_duplicate_are_held_back_or_said(db_url):
    store = open_store(db_url)
    with store.transaction() as tx:
        made = _pipeline(tx)

        def note(person, body, state=m.MessageState.DRAFTED, key=""):
            return tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=person.id, subject="Thank you",
                                    body=body, state=state, action_key=key, to_address=person.email,
                                    approved_at=T0 if state == m.MessageState.APPROVED else None))

        approved = note(made["person2"], "Hi Jon,\n\nThank you for showing me around Contso.\n", m.MessageState.APPROVED)
        draft = note(made["person2"], "Hi Jon,\n\nI enjoyed the Contso office.\n", key="thank_you:i2:p2")
        clean = note(made["person1"], "Hi Dana,\n\nThank you for the talk about Contoso.\n", m.MessageState.APPROVED)
    with store.transaction() as tx:
        merged = merge_companies(tx, made["twin"].id, made["contoso"].id, now=NOW)
    why = ("not sent: it names the company Contso, now Contoso; a draft again (check the name it gives, then "
           "approve it again)")
    assert merged.renamed.held == [(approved.id, why)]
    assert merged.renamed.written_before == [(draft.id, "thank_you:i2:p2")]
    with store.transaction() as tx:
        held = tx.get(m.Message, approved.id)
        assert (held.state, held.last_error) == (m.MessageState.DRAFTED, why)
        assert tx.get(m.Message, clean.id).state == m.MessageState.APPROVED  # names Contoso only
        # the one mechanism of renames: once its text no longer names Contso, it may be approved again
        held.body = held.body.replace("Contso", "Contoso")
        assert hold_lapsed(held) == "its text no longer names Contso, so it can be approved"
    store.close()


def test_the_kept_name_holds_the_duplicates_name_without_naming_it(tmp_path):
    # "Contoso" merged into "Contoso Bank": a note naming Contoso Bank does not name Contoso
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    with store.transaction() as tx:
        bank = tx.add(m.Company(name="Contoso Bank"))
        twin = tx.add(m.Company(name="Contoso"))
        person = tx.add(m.Person(name="Dana Reyes", emails=["dana@contoso.example"], company_id=twin.id))
        ok = tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=person.id, subject="Contoso Bank",
                              body="Hi Dana,\n\nThanks for the tour of Contoso Bank.\n", state=m.MessageState.APPROVED,
                              to_address=person.email, approved_at=T0))
    with store.transaction() as tx:
        merged = merge_companies(tx, twin.id, bank.id, now=NOW)
        assert merged.renamed.held == [] and tx.get(m.Message, ok.id).state == m.MessageState.APPROVED
    store.close()


# -- the command line ------------------------------------------------------------------------------


def _db(tmp_path) -> tuple[str, dict]:
    db = str(tmp_path / "a.db")
    store = open_store(f"sqlite:///{db}")
    with store.transaction() as tx:
        made = _pipeline(tx)
    store.close()
    return db, made


def _companies(db: str) -> list[dict]:
    return json.loads(afterview("--db", db, "company", "list", "--json").out)


def test_refusals_are_one_line_and_change_nothing(tmp_path):
    db, made = _db(tmp_path)
    before = _companies(db)
    assert_clean_error(afterview("--db", db, "company", "merge", "2", "--into", "Contso", "--yes"),
                       "'2' and 'Contso' are the same company (2): name the duplicate, then the company to keep")
    assert_clean_error(afterview("--db", db, "company", "merge", "9", "--into", "1", "--yes"), "no company with id 9")
    assert_clean_error(afterview("--db", db, "company", "merge", "2", "--into", "Fabrikam", "--yes"),
                       "no company named 'Fabrikam'")
    assert_clean_error(afterview("--db", db, "company", "merge", "2", "--yes"), "--into")
    assert _companies(db) == before


def test_it_asks_saying_what_would_be_lost_and_a_no_changes_nothing(tmp_path):
    db, made = _db(tmp_path)
    before = _companies(db)
    result = afterview("--db", db, "company", "merge", "Contso", "--into", "Contoso", input="n\n")
    assert result.code != 0
    assert ("Merge Contso (company 2) into Contoso (company 1)? 1 opportunity, 1 person and 1 news item moved over, "
            "company 2 deleted, with no undo; lost with it: its website https://contso.example (Contoso keeps "
            "https://contoso.example); Contso stays a former name of Contoso. Merge? [y/N]") in result.err
    assert result.out == ""
    assert _companies(db) == before
    result = afterview("--db", db, "company", "merge", "Contso", "--into", "Contoso", input="y\n")
    assert result.code == 0, result.err
    assert result.out.splitlines()[:5] == [
        "merged company 2 (Contso) into company 1 (Contoso): 1 opportunity, 1 person and 1 news item moved over",
        "taken from Contso, as Contoso had none: sector fintech",
        "Contoso's own kept: website https://contoso.example (Contso had https://contso.example)",
        "notes: Contso's added after Contoso's",
        "Contso is kept as a former name of Contoso: a note that names it is flagged (lint: old-company-name)",
    ]
    shown = afterview("--db", db, "company", "show", "Contso").out  # found by the name it went by
    assert "Contoso (company 1)" in shown and "formerly       Contso" in shown


def test_yes_and_json(tmp_path):
    db, made = _db(tmp_path)
    result = afterview("--db", db, "company", "merge", "2", "--into", "1", "--yes", "--json")
    assert result.code == 0 and result.err == ""
    said = json.loads(result.out)
    assert said["kept"]["former_names"] == ["Contso"] and said["duplicate"]["name"] == "Contso"
    assert said["moved"] == {"opportunities": 1, "people": 1, "news": 1}
    assert said["lost"] == [{"field": "website", "duplicate": "https://contso.example",
                             "kept": "https://contoso.example"}]
    assert said["same_role"] == [{"kept": made["opp1"].id, "moved": made["opp2"].id, "role": "Data Engineer"}]
    assert said["held"] == [] and said["unplanned"] == []
    assert [c["name"] for c in _companies(db)] == ["Contoso"]


def test_a_rename_keeps_the_old_name_and_a_rename_back_drops_it(tmp_path):
    db, _ = _db(tmp_path)
    assert afterview("--db", db, "company", "edit", "2", "--name", "Fabrikam").code == 0
    assert afterview("--db", db, "company", "edit", "2", "--name", "Northwind").code == 0
    shown = json.loads(afterview("--db", db, "company", "show", "2", "--json").out)
    assert shown["former_names"] == ["Contso", "Fabrikam"]
    assert afterview("--db", db, "company", "edit", "2", "--name", "Fabrikam").code == 0
    assert json.loads(afterview("--db", db, "company", "show", "2", "--json").out)["former_names"] == [
        "Contso", "Northwind"]
    assert afterview("--db", db, "company", "edit", "2", "--name", "FABRIKAM").code == 0  # case alone: no new name
    assert json.loads(afterview("--db", db, "company", "show", "2", "--json").out)["former_names"] == [
        "Contso", "Northwind"]
