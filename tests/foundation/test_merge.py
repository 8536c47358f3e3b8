"""Merging a person entered twice: everything moves to the one kept, on SQLite and PostgreSQL."""

from datetime import date, datetime, timedelta, timezone

import pytest

from afterview.domain import model as m
from afterview.errors import InvalidInput, NotFound
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.services.merge import merge_people, rekey

T0 = datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc)


def _world(tx):
    """Priya entered twice at Northwind: the duplicate (with her home address) is on the panel of
    the second interview, debriefed, thanked (marked done) and was the one who said no."""
    company = tx.add(m.Company(name="Northwind"))
    opp = tx.add(m.Opportunity(company_id=company.id, role="Data Engineer", status=m.OpportunityStatus.INTERVIEWING,
                               history=[m.StatusChange(status=m.OpportunityStatus.APPLIED, at=T0)]))
    priya = tx.add(m.Person(name="Priya Raman", emails=["priya@northwind.example"], company_id=company.id,
                            tags=["dbt"], title="Head of Data"))
    tom = tx.add(m.Person(name="Tom Becker", emails=["tom@northwind.example"], company_id=company.id))
    twin = tx.add(m.Person(name="Priya Raman", emails=["p.raman@home.example"], tags=["DBT", "cycling"],
                           linkedin_url="https://www.linkedin.com/in/priyaraman", notes="met at PyData",
                           greet_as="Priya", connection=m.ConnectionState.REQUESTED, connection_requested_at=T0))
    first = tx.add(m.Interview(opportunity_id=opp.id, start=T0 - timedelta(days=7), end=T0 - timedelta(days=7, hours=-1),
                               timezone="UTC", participants=[m.Participant(person_id=priya.id, role=m.Role.HIRING_MANAGER)]))
    second = tx.add(m.Interview(opportunity_id=opp.id, start=T0, end=T0 + timedelta(hours=1), timezone="UTC",
                                participants=[m.Participant(person_id=twin.id, role=m.Role.HIRING_MANAGER),
                                              m.Participant(person_id=tom.id)]))
    tx.add(m.Debrief(interview_id=second.id, person_id=twin.id, topics=["streaming"], decision_date=date(2026, 12, 4)))
    tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=twin.id, opportunity_id=opp.id, interview_id=second.id,
                     action_key=f"thank_you:i{second.id}:p{twin.id}", subject="Thank you", body="Dear Priya,",
                     to_address="p.raman@home.example"))
    tx.add(m.Decision(action_key=f"thank_you:i{second.id}:p{twin.id}", kind=m.DecisionKind.DONE, at=T0 + timedelta(hours=3)))
    tx.add(m.Decision(action_key=f"linkedin_note:p{twin.id}", kind=m.DecisionKind.SKIP, at=T0 + timedelta(hours=3)))
    tx.add(m.Feedback(opportunity_id=opp.id, person_id=twin.id, received_at=T0, text="More Kafka."))
    opp.history.append(m.StatusChange(status=m.OpportunityStatus.INTERVIEWING, at=T0, person_id=twin.id))
    tx.update(opp)
    return opp, priya, tom, twin, first, second


def test_everything_of_the_duplicate_moves_to_the_person_kept(store):
    with store.transaction() as tx:
        opp, priya, tom, twin, first, second = _world(tx)
    with store.transaction() as tx:
        merged = merge_people(tx, twin.id, priya.id, now=T0)
    assert merged.summary() == ("1 interview panel, 1 debrief, 1 message, 2 decisions, 1 piece of feedback, "
                                "1 status change")
    with store.transaction() as tx:
        with pytest.raises(NotFound):
            tx.get(m.Person, twin.id)
        kept = tx.get(m.Person, priya.id)
        assert kept.emails == ["priya@northwind.example", "p.raman@home.example"]
        assert kept.tags == ["dbt", "cycling"] and kept.title == "Head of Data"
        assert kept.linkedin_url.endswith("/priyaraman") and kept.notes == "met at PyData"
        assert kept.greet_as == "Priya"  # how to greet them, recorded on the duplicate only
        assert kept.connection == m.ConnectionState.REQUESTED
        assert [p.person_id for p in tx.get(m.Interview, second.id).participants] == [priya.id, tom.id]
        assert [d.person_id for d in tx.list(m.Debrief, interview_id=second.id)] == [priya.id]
        [message] = tx.list(m.Message)
        assert (message.person_id, message.action_key) == (priya.id, f"thank_you:i{second.id}:p{priya.id}")
        assert sorted(d.action_key for d in tx.list(m.Decision)) == [
            f"linkedin_note:p{priya.id}", f"thank_you:i{second.id}:p{priya.id}"]
        assert tx.list(m.Feedback)[0].person_id == priya.id
        assert tx.get(m.Opportunity, opp.id).history[-1].person_id == priya.id
        facts = tx.facts()
    # the thank-you marked done for the duplicate stays done: nothing is planned twice
    keys = {a.key for a in plan(facts, DEFAULT_PLAYBOOK, T0 + timedelta(hours=4))}
    assert not [k for k in keys if k.startswith(f"thank_you:i{second.id}:p{priya.id}")]
    assert f"thank_you:i{second.id}:p{tom.id}" in keys
    assert not [k for k in keys if k.endswith(f":p{twin.id}")]


def test_both_on_one_panel_and_both_debriefed_become_one(store):
    with store.transaction() as tx:
        opp, priya, tom, twin, first, second = _world(tx)
        second.participants.append(m.Participant(person_id=priya.id, role=m.Role.INTERVIEWER))
        tx.update(second)
        tx.add(m.Debrief(interview_id=second.id, person_id=priya.id, topics=["Streaming", "data contracts"],
                         decision_date=date(2026, 12, 1), notes="asked about on-call"))
    with store.transaction() as tx:
        merge_people(tx, twin.id, priya.id, now=T0)
    with store.transaction() as tx:
        panel = tx.get(m.Interview, second.id).participants
        assert [(p.person_id, p.role) for p in panel] == [(tom.id, m.Role.INTERVIEWER), (priya.id, m.Role.HIRING_MANAGER)]
        [debrief] = tx.list(m.Debrief, interview_id=second.id)
        assert debrief.person_id == priya.id and debrief.topics == ["Streaming", "data contracts"]
        assert debrief.decision_date == date(2026, 12, 4) and debrief.notes == "asked about on-call"


def test_a_merge_that_cannot_be_done_changes_nothing(store):
    with store.transaction() as tx:
        opp, priya, tom, twin, first, second = _world(tx)
    with pytest.raises(InvalidInput, match="same person"):
        with store.transaction() as tx:
            merge_people(tx, priya.id, priya.id, now=T0)
    with pytest.raises(NotFound):
        with store.transaction() as tx:
            merge_people(tx, twin.id, 999, now=T0)
    with store.transaction() as tx:
        assert tx.get(m.Person, twin.id).emails == ["p.raman@home.example"]
        assert tx.list(m.Message)[0].person_id == twin.id


def test_keys_are_rewritten_only_for_the_duplicate():
    assert rekey("thank_you:i12:p7", 7, 3) == "thank_you:i12:p3"
    assert rekey("status_check.2:o4:i12:p7", 7, 3) == "status_check.2:o4:i12:p3"
    assert rekey("linkedin_note:p7", 7, 3) == "linkedin_note:p3"
    assert rekey("thank_you:i7:p17", 7, 3) == "thank_you:i7:p17"  # interview 7, person 17: not theirs
    assert rekey("share_news:n7:p5", 7, 3) == "share_news:n7:p5"
    assert rekey("something else", 7, 3) == "something else"


def test_the_duplicates_approved_note_is_a_draft_again_and_a_second_note_for_one_action_is_discarded(store):
    # Found by a tester: after a merge, Tom had two thank-yous for one interview, and the
    # duplicate's approved one ("Hi Thomas") was still on its way.
    with store.transaction() as tx:
        opp, priya, tom, twin, first, second = _world(tx)
        [note] = tx.list(m.Message)
        note.state, note.approved_at = m.MessageState.APPROVED, T0
        tx.update(note)
        tx.delete(m.Decision, next(d.id for d in tx.list(m.Decision) if d.action_key.startswith("thank_you")))
        second.participants.append(m.Participant(person_id=priya.id))
        tx.update(second)
        own = tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=priya.id, opportunity_id=opp.id,
                               interview_id=second.id, action_key=f"thank_you:i{second.id}:p{priya.id}",
                               subject="Thank you", body="Dear Priya,", to_address="priya@northwind.example"))
    with store.transaction() as tx:
        merged = merge_people(tx, twin.id, priya.id, now=T0 + timedelta(hours=1))
    assert merged.superseded == [(own.id, f"message {note.id} for the same action, to Priya Raman (person {twin.id}), "
                                          "is kept: it was approved, this one was a plain draft")]
    [(held, why)] = merged.held
    assert held == note.id and why.startswith(
        f"not sent: it was written to Priya Raman (person {twin.id}), merged into Priya Raman: it goes to "
        "priya@northwind.example now, not p.raman@home.example as approved; a draft again")
    with store.transaction() as tx:
        assert tx.get(m.Message, note.id).state == m.MessageState.DRAFTED
        assert tx.get(m.Message, own.id).state == m.MessageState.CANCELLED
    # alone, the duplicate's approved note is kept, but as a draft to read again
    with store.transaction() as tx:
        tx.delete(m.Message, own.id)
        tx.delete(m.Message, note.id)
        again = tx.add(m.Person(name="Priya Raman", emails=["priya.r@home.example"]))
        moved = tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=again.id, opportunity_id=opp.id,
                                 action_key=f"thank_you:i{first.id}:p{again.id}", subject="Thank you", body="Hi P,",
                                 to_address="priya.r@home.example", state=m.MessageState.SCHEDULED,
                                 approved_at=T0, scheduled_at=T0 + timedelta(days=1)))
    with store.transaction() as tx:
        merged = merge_people(tx, again.id, priya.id, now=T0 + timedelta(hours=2))
    [(held, why)] = merged.held
    assert held == moved.id and "it was written to Priya Raman (person" in why
    with store.transaction() as tx:
        assert tx.get(m.Message, moved.id).state == m.MessageState.DRAFTED
