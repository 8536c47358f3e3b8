"""An interview whose notes went out is not deleted without a word (found by a tester: deleted
by mistake and added again, the same interview planned its thank-yous afresh, and they were
sent a second time). A deletion refuses while notes about it are out, names them and the ways
out (`interview edit` keeps them), and, insisted on with --forget-sent or with nothing out,
says what it drops from the plan."""

from datetime import datetime, timedelta, timezone

import pytest

from afterview.domain import model as m
from afterview.errors import Conflict
from afterview.services.interviews import delete_interview
from afterview.storage import open_store
from tests.helpers import afterview, assert_clean_error

AT = "2026-11-26 10:00 America/New_York"
SENT = datetime(2026, 11, 26, 14, 0, tzinfo=timezone.utc)  # Thu 26 Nov, 09:00 in New York


@pytest.fixture
def panel(db_path):
    """Northwind: a panel yesterday with Priya Raman (hiring manager, who decides by 7 Dec) and
    Tom Becker."""

    def run(*args, input=None, at=AT):
        return afterview("--db", db_path, "--at", at, *args, input=input)

    for args in (
        ["profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--tz", "America/New_York",
         "--country", "US"],
        ["opportunity", "add", "--company", "Northwind Analytics", "--role", "Data Engineer"],
        ["person", "add", "Priya Raman", "--email", "priya@northwind.example", "--company", "Northwind Analytics"],
        ["person", "add", "Tom Becker", "--email", "tom@northwind.example", "--company", "Northwind Analytics"],
        ["interview", "add", "--opportunity", "1", "--start", "2026-11-25 13:30", "--duration", "90m",
         "--with", "Priya Raman:hiring_manager", "--with", "Tom Becker"],
        ["debrief", "1", "--person", "Priya", "--topic", "streaming", "--decision-date", "2026-12-07"],
        ["debrief", "1", "--person", "Tom", "--topic", "incident reviews"],
    ):
        result = run(*args)
        assert result.code == 0, (args, result.err)
    run.path = db_path
    return run


def _note(path, person_id, state, **fields):
    """A thank-you of interview 1 in `state`, written to the store as the outbox leaves it."""
    store = open_store(f"sqlite:///{path}")
    try:
        with store.transaction() as tx:
            person = tx.get(m.Person, person_id)
            return tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=person_id, opportunity_id=1,
                                    interview_id=1, action_key=f"thank_you:i1:p{person_id}", subject="Thank you",
                                    body=f"Hi {person.name.split()[0]},\n\nThank you.\n\nBest,\nAlex Morgan",
                                    to_address=person.email, state=state, created_at=SENT - timedelta(hours=2),
                                    **fields)).id
    finally:
        store.close()


def _plan_keys(panel) -> list[str]:
    return [line.split("key: ")[1] for line in panel("plan").out.splitlines() if "key: " in line]


def test_an_interview_whose_thank_you_was_sent_is_not_deleted_and_says_how_to_correct_it(panel):
    _note(panel.path, 1, m.MessageState.SENT, sent_at=SENT)
    assert panel("done", "thank_you:i1:p2", "--note", "sent from my phone").code == 0
    before = panel("export").out
    refused = panel("interview", "delete", "1", "--yes")
    assert_clean_error(refused, "interview 1 has notes out: the thank-you to Priya Raman (sent Thu 26 Nov) and the "
                                "thank-you to Tom Becker (marked done)",
                       "an interview added again in its place would plan them again",
                       "afterview interview edit 1 (--start, --end, --tz, --with, --without)",
                       "afterview interview edit 1 --cancelled", "afterview interview delete 1 --forget-sent")
    assert panel("export").out == before  # nothing deleted
    # asked (no --yes): refused the same way, before any question
    asked = panel("interview", "delete", "1", input="y\n")
    assert_clean_error(asked, "--forget-sent")
    assert "Delete interview" not in asked.err
    # the way out it names corrects the interview and keeps its notes: nothing is planned twice
    assert panel("interview", "edit", "1", "--start", "2026-11-25 14:00").code == 0
    assert [key for key in _plan_keys(panel) if key.startswith("thank_you:")] == []


def test_forget_sent_deletes_it_and_says_what_it_forgets_and_drops(panel):
    _note(panel.path, 1, m.MessageState.SENT, sent_at=SENT)
    deleted = panel("interview", "delete", "1", "--yes", "--forget-sent")
    assert deleted.code == 0, deleted.err
    assert deleted.out.splitlines() == [
        "deleted interview 1",
        "no longer planned: the thank-you to Tom Becker (due Fri 27 Nov) and the status follow-up to Priya Raman "
        "(due Wed 09 Dec)",
        "forgotten: the thank-you to Priya Raman (sent Thu 26 Nov); an interview added again in its place plans it "
        "again (mark it done then: afterview done KEY)"]
    # what it said: the same interview added again thanks Priya again (the sent note is kept, unlinked)
    assert panel("interview", "add", "--opportunity", "1", "--start", "2026-11-25 13:30", "--duration", "90m",
                 "--with", "Priya Raman").code == 0
    assert "thank_you:i2:p1" in _plan_keys(panel)


def test_a_deletion_with_nothing_out_says_what_the_plan_no_longer_has(panel):
    asked = panel("interview", "delete", "1", input="n\n")
    assert asked.code == 130
    assert ("Delete interview 1 and its 2 debriefs? No longer planned: the thank-you to Priya Raman (due Fri 27 Nov), "
            "the thank-you to Tom Becker (due Fri 27 Nov) and the status follow-up to Priya Raman (due Wed 09 Dec). "
            "[y/N]") in asked.err
    deleted = panel("interview", "delete", "1", "--yes")
    assert deleted.code == 0, deleted.err
    assert deleted.out.splitlines() == [
        "deleted interview 1",
        "no longer planned: the thank-you to Priya Raman (due Fri 27 Nov), the thank-you to Tom Becker (due Fri 27 "
        "Nov) and the status follow-up to Priya Raman (due Wed 09 Dec)"]


@pytest.mark.parametrize("state, fields, how", [
    (m.MessageState.SENT, {"sent_at": SENT}, "sent Thu 26 Nov"),
    (m.MessageState.DONE_ELSEWHERE, {}, "marked sent"),
    (m.MessageState.SENDING, {"approved_at": SENT}, "being sent right now"),
    (m.MessageState.SCHEDULED, {"approved_at": SENT, "scheduled_at": SENT + timedelta(days=1)},
     "scheduled for Fri 27 Nov"),
    (m.MessageState.APPROVED, {"approved_at": SENT}, "approved"),
    (m.MessageState.DRAFTED, {"note": "placed in Drafts of personal on 2026-11-26 09:00"}, "copied out"),
    (m.MessageState.FAILED, {"last_error": "outcome unknown: the connection was cut after the message was handed "
                                           "over"}, "may have arrived"),
])
def test_each_way_a_note_is_out_refuses_the_deletion(panel, state, fields, how):
    message_id = _note(panel.path, 2, state, **fields)
    store = open_store(f"sqlite:///{panel.path}")
    try:
        with pytest.raises(Conflict, match=rf"the thank-you to Tom Becker \({how}\)"):
            with store.transaction() as tx:
                delete_interview(tx, 1, now=SENT)
        with store.transaction() as tx:
            assert tx.count(m.Interview, id=1) == 1
            gone = delete_interview(tx, 1, now=SENT, forget_sent=True)
        with store.transaction() as tx:
            assert tx.count(m.Interview, id=1) == 0 and tx.count(m.Message, id=message_id) == 1
    finally:
        store.close()
    held = [message_id for message_id, _ in gone.held]
    if state in (m.MessageState.APPROVED, m.MessageState.SCHEDULED):
        assert held == [message_id] and gone.lines() == []  # taken back: said on its own line
    else:
        assert held == [] and gone.lines() == [
            f"forgotten: the thank-you to Tom Becker ({how}); an interview added again in its place plans it again "
            "(mark it done then: afterview done KEY)"]


@pytest.mark.parametrize("state, fields", [
    (m.MessageState.DRAFTED, {}),
    (m.MessageState.FAILED, {"last_error": "SMTP 127.0.0.1: RCPT TO tom@northwind.example refused: 550 5.1.1 "
                                           "No such user here"}),
    (m.MessageState.CANCELLED, {}),
])
def test_a_note_not_out_lets_it_go_as_before(panel, state, fields):
    _note(panel.path, 2, state, **fields)
    deleted = panel("interview", "delete", "1", "--yes")
    assert deleted.code == 0, deleted.err
    assert "forgotten" not in deleted.out
