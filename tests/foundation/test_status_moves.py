"""Status changes in any order, said when they reopen, go back or skip; and who told you.

`afterview opportunity status` accepts any status after any other (users correct mistakes), but
a move that reopens a closed process, goes back a step, or reaches an offer with no interview
is said in one note line. `--from PERSON` keeps who delivered the news on the status change.
"""

import json
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from afterview.domain import model as m
from afterview.services import pipeline
from afterview.storage import schema

from tests.helpers import afterview, assert_clean_error

S = m.OpportunityStatus
T0 = datetime(2026, 8, 5, 14, 0, tzinfo=timezone.utc)
LATER = datetime(2026, 11, 26, 15, 0, tzinfo=timezone.utc)


def _opp(status: S, since: datetime = T0) -> m.Opportunity:
    history = [m.StatusChange(status=S.APPLIED, at=since - timedelta(days=20), note="added")]
    if status != S.APPLIED:
        history.append(m.StatusChange(status=status, at=since))
    return m.Opportunity(id=7, company_id=1, role="Data Engineer", status=status, history=history)


# the kind of move, from the order of statuses -------------------------------------------------
@pytest.mark.parametrize("old, new, kind", [
    (S.APPLIED, S.INTERVIEWING, "on"),
    (S.INTERVIEWING, S.OFFER, "on"),
    (S.OFFER, S.ACCEPTED, "on"),
    (S.INTERVIEWING, S.ACCEPTED, "on"),  # an offer not recorded before its acceptance: usual
    (S.APPLIED, S.REJECTED, "on"),  # rejected, withdrawn, no response end a process from any step
    (S.OFFER, S.WITHDRAWN, "on"),
    (S.INTERVIEWING, S.NO_RESPONSE, "on"),
    (S.REJECTED, S.WITHDRAWN, "on"),  # one ending for another: still closed
    (S.REJECTED, S.APPLIED, "reopen"),
    (S.WITHDRAWN, S.INTERVIEWING, "reopen"),
    (S.NO_RESPONSE, S.INTERVIEWING, "reopen"),
    (S.ACCEPTED, S.OFFER, "reopen"),
    (S.REJECTED, S.OFFER, "reopen"),
    (S.OFFER, S.INTERVIEWING, "back"),
    (S.INTERVIEWING, S.APPLIED, "back"),
    (S.OFFER, S.APPLIED, "back"),
    (S.APPLIED, S.OFFER, "skip"),
    (S.APPLIED, S.ACCEPTED, "on"),  # an acceptance plans no thank-yous: nothing to add
    (S.REJECTED, S.REJECTED, "same"),
])
def test_every_move_has_a_kind(old, new, kind):
    move = pipeline.status_move(_opp(old), new, at=LATER, interviewed=False)
    assert move.kind == kind
    assert bool(move.note()) == (kind in ("reopen", "back", "skip"))


def test_every_pair_of_statuses_is_allowed_and_only_three_kinds_are_said():
    for old in S:
        for new in S:
            move = pipeline.status_move(_opp(old), new, at=LATER, interviewed=True)
            assert move.kind in ("same", "on", "reopen", "back")  # with an interview, no skip
            if old.is_closed and not new.is_closed:
                assert move.kind == "reopen"


def test_the_reopening_note_names_the_day_and_says_follow_ups_come_back():
    move = pipeline.status_move(_opp(S.REJECTED), S.INTERVIEWING, at=LATER)
    assert move.note("Europe/Berlin") == ("this reopens an opportunity that was rejected on 5 Aug; it is "
                                          "planned as an open process again (afterview today)")
    assert move.note("UTC", see="Today").endswith("(Today)")
    # an offer plans no status follow-up: nothing said of the plan
    assert pipeline.status_move(_opp(S.WITHDRAWN), S.OFFER, at=LATER).note() == \
        "this reopens an opportunity that was withdrawn on 5 Aug"
    # another year is named; the user's zone decides the day
    late = datetime(2025, 12, 31, 23, 30, tzinfo=timezone.utc)
    move = pipeline.status_move(_opp(S.NO_RESPONSE, late), S.APPLIED, at=LATER)
    assert "closed with no response on 1 Jan" in move.note("Europe/Berlin")
    assert "on 31 Dec 2025" in move.note("America/New_York")


def test_going_back_and_skipping_are_said():
    assert pipeline.status_move(_opp(S.OFFER), S.INTERVIEWING, at=LATER).note() == (
        "this moves the opportunity back from offer (since 5 Aug) to interviewing; it is planned as an "
        "open process again (afterview today)")
    assert "straight to offer with no interview" in pipeline.status_move(_opp(S.APPLIED), S.OFFER, at=LATER,
                                                                          interviewed=False).note()


# the command line -------------------------------------------------------------------------------
@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "afterview.db")

    def run(*args):
        return afterview("--db", path, "--at", "2026-11-26 10:00 America/New_York", *args)

    run.path = path
    return run


@pytest.fixture
def panel(db):
    """Initech: Dana Reyes (hiring manager) and Sam Ortiz (recruiter, no company recorded) on the
    panel; Zoe Kim at Globex, of another process."""
    for args in (["opportunity", "add", "--company", "Initech", "--role", "Data Engineer"],
                 ["person", "add", "Dana Reyes", "--email", "dana@initech.test", "--company", "Initech"],
                 ["person", "add", "Sam Ortiz", "--email", "sam@recruit.test"],
                 ["person", "add", "Zoe Kim", "--email", "zoe@globex.test", "--company", "Globex"],
                 ["person", "add", "Lee Park", "--email", "lee@initech.test", "--company", "Initech"],
                 ["interview", "add", "--opportunity", "1", "--start", "2026-11-20 14:00 America/New_York",
                  "--end", "15:00", "--with", "Dana Reyes:hiring-manager", "--with", "Sam Ortiz:recruiter"]):
        result = db(*args)
        assert result.code == 0, (args, result.err)
    return db


def _history(db):
    return json.loads(db("opportunity", "show", "1", "--json").out)["history"]


def test_reopening_prints_one_note_and_keeps_the_history(panel):
    assert panel("opportunity", "status", "1", "rejected").out == "opportunity 1 is now rejected\n"
    result = panel("opportunity", "status", "1", "interviewing")
    assert result.code == 0
    assert result.out.splitlines() == [
        "opportunity 1 is now interviewing",
        "note: this reopens an opportunity that was rejected on 26 Nov; it is planned as an open process "
        "again (afterview today)"]
    assert [h["status"] for h in _history(panel)] == ["applied", "interviewing", "rejected", "interviewing"]
    # and the follow-ups are there again
    assert "status_check" in panel("plan", "--json").out
    result = panel("opportunity", "status", "1", "applied")
    assert result.out.splitlines()[1] == ("note: this moves the opportunity back from interviewing (since 26 Nov) "
                                          "to applied")
    assert panel("opportunity", "status", "1", "interviewing").out == "opportunity 1 is now interviewing\n"


def test_who_told_you_is_kept_and_the_reply_goes_to_them(panel):
    result = panel("opportunity", "status", "1", "rejected", "--from", "Dana", "--note", "phoned")
    assert result.code == 0, result.err
    assert _history(panel)[-1] == {"status": "rejected", "at": "2026-11-26T15:00:00+00:00", "note": "phoned",
                                   "person_id": 1}
    assert "rejected (told by Dana Reyes) phoned" in panel("opportunity", "show", "1").out
    assert "Data Engineer: rejected (told by Dana Reyes) (phoned)" in panel("timeline", "--opportunity", "1").out
    keys = [a["key"] for a in json.loads(panel("plan", "--json").out)["actions"]]
    assert "rejection_reply:o1:p1" in keys and "rejection_reply:o1:p2" not in keys
    # said again with someone else: who told you is corrected, not a second rejection
    assert panel("opportunity", "status", "1", "rejected", "--from", "sam@recruit.test").code == 0
    history = _history(panel)
    assert [h["status"] for h in history].count("rejected") == 1 and history[-1]["person_id"] == 2
    # a colleague at the company counts, by id
    assert panel("opportunity", "status", "1", "rejected", "--from", "4").code == 0
    assert _history(panel)[-1]["person_id"] == 4


@pytest.mark.parametrize("args, fragments", [
    (["opportunity", "status", "1", "rejected", "--from", "Nobody Here"], ["no person 'Nobody Here'"]),
    (["opportunity", "status", "1", "rejected", "--from", "99"], ["no person with id 99"]),
    (["opportunity", "status", "1", "rejected", "--from", "Zoe Kim"], ["Zoe Kim is neither at Initech",
                                                                      "opportunity 1"]),
    (["opportunity", "status", "1", "rejected", "--from", ""], ["no person"]),
    (["opportunity", "status", "1", "withdrawn", "--from", "Dana"], ["not for withdrawn"]),
    (["opportunity", "status", "9", "rejected", "--from", "Dana"], ["no opportunity with id 9"]),
    (["opportunity", "status", "1", "fired", "--from", "Dana"], ["unknown status"]),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(panel, args, fragments):
    before = panel("export").out
    result = panel(*args)
    assert_clean_error(result, *fragments)
    assert result.out == ""
    assert panel("export").out == before


# storage: the person on a change, and rows from before it was kept ------------------------------
def test_old_history_rows_without_a_person_still_load(store):
    with store.transaction() as tx:
        company = tx.add(m.Company(name="Initech"))
        dana = tx.add(m.Person(name="Dana Reyes", company_id=company.id))
        opp = tx.add(m.Opportunity(company_id=company.id, role="Data Engineer", created_at=T0,
                                   history=[m.StatusChange(status=S.APPLIED, at=T0, note="added")]))
        # a row as written before the field existed
        tx.connection.execute(sa.update(schema.MAPPINGS[m.Opportunity].table)
                              .where(schema.MAPPINGS[m.Opportunity].table.c.id == opp.id)
                              .values(history=[{"status": "applied", "at": T0.isoformat(), "note": "added"},
                                               {"status": "rejected", "at": LATER.isoformat()}],
                                      status="rejected"))
    with store.transaction() as tx:
        loaded = tx.get(m.Opportunity, opp.id)
        assert [(c.status, c.note, c.person_id) for c in loaded.history] == [
            (S.APPLIED, "added", None), (S.REJECTED, "", None)]
        pipeline.set_status(tx, opp.id, S.REJECTED, now=LATER, person_id=dana.id)
    with store.transaction() as tx:
        loaded = tx.get(m.Opportunity, opp.id)
        assert [c.person_id for c in loaded.history] == [None, dana.id]  # the news corrected in place
        stored = tx.connection.execute(sa.select(schema.MAPPINGS[m.Opportunity].table.c.history)).scalar_one()
        assert "person_id" not in stored[0] and stored[1]["person_id"] == dana.id  # nobody named: as before


def test_outcome_takes_who_told_you_and_says_a_reopening(panel):
    result = panel("outcome", "1", "rejected", "--from", "Dana Reyes")
    assert result.code == 0, result.err
    assert _history(panel)[-1]["person_id"] == 1
    keys = [a["key"] for a in json.loads(panel("plan", "--json").out)["actions"]]
    assert "rejection_reply:o1:p1" in keys and "rejection_reply:o1:p2" not in keys
    bad = panel("outcome", "1", "offer", "--from", "Zoe Kim")
    assert bad.code == 2 and "Zoe Kim is neither at Initech" in bad.err
    assert _history(panel)[-1]["status"] == "rejected"
    # an offer after a rejection (they changed their mind) reopens the process, and says so
    offer = panel("outcome", "1", "offer")
    assert offer.code == 0 and offer.out.splitlines()[:2] == [
        "opportunity 1 is now offer", "note: this reopens an opportunity that was rejected on 26 Nov"]


def test_deleting_who_told_you_keeps_the_decision(panel):
    assert panel("opportunity", "status", "1", "rejected", "--from", "Lee Park").code == 0
    assert _history(panel)[-1]["person_id"] == 4  # Lee Park, at Initech, on no panel
    deleted = panel("person", "delete", "4", "--yes")
    assert deleted.code == 0, deleted.err
    last = _history(panel)[-1]
    assert last["status"] == "rejected" and last.get("person_id") is None
    export = panel("export", "-")
    assert export.code == 0 and '"person_id": 4' not in export.out


def test_a_second_rejection_with_a_note_keeps_who_told_you_the_first_time(panel):
    assert panel("opportunity", "status", "1", "rejected", "--from", "Sam Ortiz").code == 0
    assert panel("outcome", "1", "rejected", "--from", "Dana Reyes", "--note", "confirmed by email").code == 0
    rejected = [h for h in _history(panel) if h["status"] == "rejected"]
    assert [(h["person_id"], h["note"]) for h in rejected] == [(2, ""), (1, "confirmed by email")]


def test_feedback_is_from_someone_of_the_process(panel):
    refused = panel("feedback", "1", "More streaming please", "--person", "Zoe Kim")
    assert refused.code == 2 and "Zoe Kim is neither at Initech" in refused.err
    assert panel("feedback", "1", "More streaming please", "--person", "Dana Reyes").code == 0


@pytest.mark.parametrize("concern", ["the commute is long ->", "-> I am happy to travel", " → "])
def test_a_concern_with_one_side_of_the_arrow_empty_is_refused(panel, concern):
    assert panel("debrief", "1", "--person", "Dana Reyes", "--topic", "the data platform").code == 0
    refused = panel("debrief", "1", "--person", "Dana Reyes", "--concern", concern, "--topic", "hiring plans")
    assert refused.code == 2 and "write both sides of the arrow" in refused.err
    assert len(refused.err.strip().splitlines()) == 1
    [debrief] = json.loads(panel("interview", "show", "1", "--json").out)["debriefs"]
    assert (debrief["topics"], debrief["concerns"]) == (["the data platform"], [])  # nothing written


# correcting who told you --------------------------------------------------------------------------
def _keys(db):
    return [a["key"] for a in json.loads(db("plan", "--json").out)["actions"]]


def test_a_rejection_said_again_from_someone_else_corrects_who_told_you(panel):
    assert panel("outcome", "1", "rejected", "--from", "Sam Ortiz").code == 0
    assert "rejection_reply:o1:p2" in _keys(panel)
    result = panel("outcome", "1", "rejected", "--from", "Dana Reyes")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "opportunity 1 is rejected already: the rejection reply now goes to Dana Reyes, who told you (not Sam Ortiz)"]
    rejected = [h for h in _history(panel) if h["status"] == "rejected"]
    assert [(h["person_id"], h["note"]) for h in rejected] == [(1, "outcome: rejected")]  # corrected, not twice
    keys = _keys(panel)
    assert "rejection_reply:o1:p1" in keys and "rejection_reply:o1:p2" not in keys
    # said once more, the same: nothing changes, and no second rejection is recorded
    assert panel("outcome", "1", "rejected", "--from", "Dana Reyes").code == 0
    assert panel("outcome", "1", "rejected").code == 0
    assert [h["status"] for h in _history(panel)].count("rejected") == 1


def test_the_draft_to_whoever_was_named_first_is_said_to_be_no_longer_planned(panel):
    assert panel("outcome", "1", "rejected", "--from", "Sam Ortiz").code == 0
    drafted = panel("--at", "2026-11-26 13:00 America/New_York", "draft", "rejection_reply:o1:p2", "--no-ask")
    assert drafted.code == 0, drafted.err
    result = panel("outcome", "1", "rejected", "--from", "Dana Reyes")
    assert result.out.splitlines()[1] == "draft 1 to Sam Ortiz is no longer planned: discard it (afterview discard 1)"


@pytest.mark.parametrize("how", ["done", "sent"])
def test_once_the_reply_went_who_told_you_is_left_as_it_was(panel, store_of, how):
    assert panel("outcome", "1", "rejected", "--from", "Sam Ortiz").code == 0
    if how == "done":
        assert panel("done", "rejection_reply:o1:p2", "--note", "phoned back").code == 0
        words = "you marked the rejection reply to Sam Ortiz done"
    else:
        with store_of(panel).transaction() as tx:
            tx.add(m.Message(kind=m.MessageKind.REJECTION_REPLY, person_id=2, opportunity_id=1,
                             action_key="rejection_reply:o1:p2", state=m.MessageState.SENT, to_address="sam@recruit.test",
                             sent_at=LATER + timedelta(hours=1), created_at=LATER))
        words = "the rejection reply to Sam Ortiz was sent (message 1)"
    before = panel("export").out
    for command in (["outcome", "1", "rejected"], ["opportunity", "status", "1", "rejected"]):
        result = panel(*command, "--from", "Dana Reyes")
        assert_clean_error(result, words, "who told you is left as it was")
        assert result.out == ""
    assert panel("export").out == before


def test_an_offer_said_again_from_someone_else_corrects_who_made_it(panel):
    assert panel("outcome", "1", "offer", "--from", "Dana Reyes").code == 0
    result = panel("outcome", "1", "offer", "--from", "Lee Park")
    assert result.out.splitlines() == [
        "opportunity 1 has an offer already: the note declining the offer (once you accept another) now goes to "
        "Lee Park, who told you (not Dana Reyes)"]
    assert [h["person_id"] for h in _history(panel) if h["status"] == "offer"] == [4]


@pytest.fixture
def store_of():
    from afterview.storage import open_store

    opened = []

    def open_(db):
        store = open_store(f"sqlite:///{db.path}")
        opened.append(store)
        return store

    yield open_
    for store in opened:
        store.close()
