"""A merge keeps the note furthest along for each action, says which and why, keeps an approval
only when the note goes out as approved, holds back a note that names the merged person as
someone else, and says what a zone taken from the duplicate does to the notes on their way."""

from datetime import datetime, timedelta, timezone

from afterview.domain import model as m
from afterview.services.merge import merge_people

from tests.helpers import afterview

T0 = datetime(2026, 11, 28, 18, 37, tzinfo=timezone.utc)
PANEL = "Hi Dana,\n\nThank you for the panel interview. Speaking with Dana Reyes showed me how the team works.\n"


def _dana(tx, kept_emails=("dana.reyes@contoso.example",)):
    """Dana Reyes entered twice, both on the panel of one interview."""
    company = tx.add(m.Company(name="Contoso Health"))
    opp = tx.add(m.Opportunity(company_id=company.id, role="Analytics Engineer",
                               status=m.OpportunityStatus.INTERVIEWING,
                               history=[m.StatusChange(status=m.OpportunityStatus.INTERVIEWING, at=T0)]))
    kept = tx.add(m.Person(name="Dana Reyes", emails=list(kept_emails), company_id=company.id))
    twin = tx.add(m.Person(name="Dana Reyes", emails=["dana@reyes.example"], company_id=company.id))
    interview = tx.add(m.Interview(opportunity_id=opp.id, start=T0 - timedelta(days=1),
                                   end=T0 - timedelta(days=1, hours=-1), timezone="UTC",
                                   participants=[m.Participant(person_id=kept.id), m.Participant(person_id=twin.id)]))
    return opp, kept, twin, interview


def _note(tx, person, interview, state=m.MessageState.DRAFTED, body="Hi Dana,\n\nThank you.\n", edited=False, **kw):
    made = T0 - timedelta(hours=5)
    return tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=person.id, opportunity_id=interview.opportunity_id,
                            interview_id=interview.id, action_key=f"thank_you:i{interview.id}:p{person.id}",
                            subject="Thank you", body=body, to_address=person.email, state=state, created_at=made,
                            updated_at=made + timedelta(hours=1) if edited else made, **kw))


def _states(store):
    with store.transaction() as tx:
        return {x.id: x.state for x in tx.list(m.Message)}


def test_the_approved_note_of_the_duplicate_stands_over_the_kept_persons_plain_draft(store):
    # Found by a tester: the user's approved (edited) note was cancelled, the plain draft kept.
    with store.transaction() as tx:
        _, kept, twin, interview = _dana(tx)
        plain = _note(tx, kept, interview, body=PANEL)
        approved = _note(tx, twin, interview, m.MessageState.APPROVED, edited=True, approved_at=T0)
    with store.transaction() as tx:
        merged = merge_people(tx, twin.id, kept.id, now=T0)
    notes = merged.notes()
    assert notes[0] == (f"message {plain.id} discarded: message {approved.id} for the same action, to Dana Reyes "
                        f"(person {twin.id}), is kept: it was approved, this one was a plain draft")
    # approved for the duplicate's address; it goes to Dana's first address now: the approval is withdrawn
    assert notes[1].startswith(f"message {approved.id}: not sent: it was written to Dana Reyes (person {twin.id}), "
                               "merged into Dana Reyes: it goes to dana.reyes@contoso.example now, not "
                               "dana@reyes.example as approved; a draft again")
    assert _states(store) == {plain.id: m.MessageState.CANCELLED, approved.id: m.MessageState.DRAFTED}
    with store.transaction() as tx:
        assert tx.get(m.Message, approved.id).action_key == f"thank_you:i{interview.id}:p{kept.id}"


def test_an_approval_stands_when_the_note_goes_out_as_approved(store):
    with store.transaction() as tx:
        _, kept, twin, interview = _dana(tx, kept_emails=())
        approved = _note(tx, twin, interview, m.MessageState.SCHEDULED, approved_at=T0,
                         scheduled_at=T0 + timedelta(days=1))
    with store.transaction() as tx:
        merged = merge_people(tx, twin.id, kept.id, now=T0)
    assert merged.held == [] and merged.approval_kept == [approved.id]
    assert (f"message {approved.id} stays approved: it goes to the address and greets the name it was approved with"
            in merged.notes())
    assert _states(store) == {approved.id: m.MessageState.SCHEDULED}


def test_an_edited_draft_stands_over_a_plain_one_and_the_kept_persons_own_on_a_tie(store):
    with store.transaction() as tx:
        _, kept, twin, interview = _dana(tx)
        plain = _note(tx, kept, interview)
        edited = _note(tx, twin, interview, edited=True)
    with store.transaction() as tx:
        merged = merge_people(tx, twin.id, kept.id, now=T0)
    assert merged.superseded == [(plain.id, f"message {edited.id} for the same action, to Dana Reyes (person "
                                            f"{twin.id}), is kept: it is an edited draft, this one was a plain draft")]
    assert _states(store) == {plain.id: m.MessageState.CANCELLED, edited.id: m.MessageState.DRAFTED}
    with store.transaction() as tx:
        _, kept, twin, interview = _dana(tx)
        own = _note(tx, kept, interview)
        other = _note(tx, twin, interview)
    with store.transaction() as tx:
        merged = merge_people(tx, twin.id, kept.id, now=T0)
    assert merged.discarded == [(other.id, f"message {own.id} for the same action, Dana Reyes's own, is kept: "
                                           "both were a plain draft")]


def test_a_kept_note_that_names_the_merged_person_as_someone_else_is_held_or_said(store):
    # Found by a tester: the kept draft still said "Speaking with Dana Reyes showed me ...", to Dana Reyes.
    with store.transaction() as tx:
        _, kept, twin, interview = _dana(tx)
        draft = _note(tx, kept, interview, body=PANEL)
    with store.transaction() as tx:
        merged = merge_people(tx, twin.id, kept.id, now=T0)
    assert merged.notes() == [
        f"note: draft {draft.id} names Dana Reyes as someone else on the panel of interview {interview.id}, now the "
        f"person it goes to: correct it, or draft it again (afterview draft thank_you:i{interview.id}:p{kept.id} --force)"]
    with store.transaction() as tx:
        _, kept, twin, interview = _dana(tx)
        approved = _note(tx, kept, interview, m.MessageState.APPROVED, body=PANEL, approved_at=T0)
        clean = _note(tx, twin, interview, m.MessageState.DRAFTED, body="Hi Dana,\n\nThanks.\n")
        clean.action_key = f"thank_you:i{interview.id + 100}:p{twin.id}"  # another action: both stand
        tx.update(clean)
    with store.transaction() as tx:
        merged = merge_people(tx, twin.id, kept.id, now=T0)
    [(held, why)] = merged.held
    assert held == approved.id
    assert why.startswith(f"not sent: it names Dana Reyes as someone else on the panel of interview {interview.id}, "
                          "now the person it is written to; a draft again")
    assert _states(store)[approved.id] == m.MessageState.DRAFTED


def test_a_zone_taken_from_the_duplicate_says_the_notes_on_their_way(store, db_path):
    # Found by a tester: Tom took the duplicate's Europe/Berlin zone; his note scheduled for Mon
    # 08:00 Chicago (15:00 in Berlin) became late, and nothing said so.
    with store.transaction() as tx:
        tx.set_state("profile", {"name": "Alex Morgan", "timezone": "America/Chicago", "country": "US"})
        company = tx.add(m.Company(name="Northwind"))
        opp = tx.add(m.Opportunity(company_id=company.id, role="Data Engineer",
                                   status=m.OpportunityStatus.INTERVIEWING,
                                   history=[m.StatusChange(status=m.OpportunityStatus.INTERVIEWING, at=T0)]))
        tom = tx.add(m.Person(name="Tom Becker", emails=["tom@northwind.example"], company_id=company.id))
        twin = tx.add(m.Person(name="Thomas Becker", emails=["thomas@becker.example"], timezone="Europe/Berlin"))
        friday = datetime(2026, 11, 27, 19, 30, tzinfo=timezone.utc)  # Fri 13:30 in Chicago
        interview = tx.add(m.Interview(opportunity_id=opp.id, start=friday, end=friday + timedelta(hours=1),
                                       timezone="America/Chicago", participants=[m.Participant(person_id=tom.id)]))
        monday = datetime(2026, 11, 30, 14, 0, tzinfo=timezone.utc)  # Mon 08:00 in Chicago
        note = tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=tom.id, opportunity_id=opp.id,
                                interview_id=interview.id, action_key=f"thank_you:i{interview.id}:p{tom.id}",
                                subject="Thank you", body="Hi Tom,\n\nThank you.\n", to_address="tom@northwind.example",
                                state=m.MessageState.SCHEDULED, approved_at=T0, scheduled_at=monday))
    result = afterview("--db", db_path, "--at", "2026-11-28T18:37:00Z", "person", "merge", str(twin.id),
                       "--into", str(tom.id), "--yes")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert "taken from Thomas Becker, as Tom Becker had none: time zone Europe/Berlin" in lines
    assert (f"Tom Becker has time zone Europe/Berlin now, from person {twin.id}: the notes on their way to them "
            "were timed without it; check each") in lines
    [said] = [line for line in lines if line.startswith(f"message {note.id} is scheduled")]
    assert said.startswith(f"message {note.id} is scheduled for Mon 2026-11-30 08:00 (America/Chicago): "
                           "Mon 2026-11-30 15:00 their time (Europe/Berlin), after Mon 2026-11-30 ")
    assert f"their time, when it is due by now (afterview why thank_you:i{interview.id}:p{tom.id})" in said
    assert said.endswith(f"afterview send {note.id} --at WHEN")
