"""A follow-up that replies in a thread keeps the thread's tone unless a tone is chosen for it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from afterview.composer import DraftRequest, compose
from afterview.domain.model import (
    Company, Debrief, Interview, Message, MessageKind, MessageState, Opportunity, Participant, Person,
    Profile, Role,
)
from afterview.services import drafting
from afterview.storage import open_store
from tests.composer.helpers import K, TEMPLATES, UTC, panel_facts

SENT = datetime(2026, 11, 25, 9, tzinfo=UTC)


def sent_thank_you(tone: str, message_id: str = "<t1@mail.example>") -> Message:
    return Message(id=50, kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1, tone=tone,
                   subject="Thank you - Senior Data Engineer interview", body="Dear Priya Raman, ...",
                   state=MessageState.SENT, message_id=message_id, sent_at=SENT)


@pytest.mark.parametrize("kind", [K.STATUS_CHECK, K.CLOSING_THE_LOOP, K.FEEDBACK_REQUEST, K.WITHDRAWAL])
def test_a_reply_keeps_the_tone_of_the_message_it_replies_to(kind):
    facts = panel_facts()  # the profile's default tone is warm
    facts.messages.append(sent_thank_you("formal"))
    note = compose(facts, DraftRequest(kind=kind, person_id=1, opportunity_id=1))
    assert note.tone == "formal"
    assert note.body.startswith("Dear Priya Raman,")
    assert note.subject == "Re: Thank you - Senior Data Engineer interview"


def test_a_tone_chosen_for_the_reply_wins():
    facts = panel_facts()
    facts.messages.append(sent_thank_you("formal"))
    note = compose(facts, DraftRequest(kind=K.STATUS_CHECK, person_id=1, opportunity_id=1), "warm", TEMPLATES)
    assert note.tone == "warm" and note.body.startswith("Hi Priya,")


def test_without_a_thread_or_its_tone_the_profile_default_applies():
    facts = panel_facts()
    facts.profile.default_tone = "concise"
    assert compose(facts, DraftRequest(kind=K.STATUS_CHECK, person_id=1, opportunity_id=1)).tone == "concise"
    facts.messages.append(sent_thank_you(""))  # a message whose tone is not recorded
    assert compose(facts, DraftRequest(kind=K.STATUS_CHECK, person_id=1, opportunity_id=1)).tone == "concise"


def test_a_note_that_starts_a_conversation_uses_the_profile_default():
    facts = panel_facts()
    facts.messages.append(sent_thank_you("formal"))
    facts.profile.default_tone = "concise"
    note = compose(facts, DraftRequest(kind=K.KEEP_WARM, person_id=1, opportunity_id=1))
    assert note.tone == "concise"  # a keep-warm note is not a reply in the thread


# -- through the drafting service, as `afterview draft KEY` (no --tone) does ----------------------

@pytest.fixture
def store(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'afterview.db'}")
    start = datetime(2026, 11, 24, 18, 30, tzinfo=timezone.utc)
    with store.transaction() as tx:
        tx.save_profile(Profile(name="Alex Morgan", phone="+1 555 0100", email="alex@mail.example",
                                default_tone="warm"))
        company = tx.add(Company(name="Northwind Analytics"))
        opportunity = tx.add(Opportunity(company_id=company.id, role="Senior Data Engineer"))
        sophie = tx.add(Person(name="Sophie Tremblay", emails=["sophie@northwind.example"], company_id=company.id))
        interview = tx.add(Interview(opportunity_id=opportunity.id, start=start, end=start + timedelta(hours=1),
                                     timezone="America/New_York",
                                     participants=[Participant(person_id=sophie.id, role=Role.HIRING_MANAGER)]))
        tx.add(Debrief(interview_id=interview.id, person_id=sophie.id, topics=["the data platform roadmap"]))
        tx.add(Message(kind=MessageKind.THANK_YOU, person_id=sophie.id, opportunity_id=opportunity.id,
                       interview_id=interview.id, tone="formal", subject="Thank you - Senior Data Engineer interview",
                       body="Dear Sophie Tremblay, ...", state=MessageState.SENT, message_id="<t1@mail.example>",
                       sent_at=start + timedelta(hours=20)))
    yield store, sophie.id, opportunity.id
    store.close()


def status_check_action(person_id: int, opportunity_id: int):
    return SimpleNamespace(kind="status_check", person_id=person_id, opportunity_id=opportunity_id,
                           interview_id=None, channel="email", key=f"status_check.1:o{opportunity_id}:i1:p{person_id}",
                           sequence=1, note="", news_id=None, state="due", earliest=None)


@pytest.mark.parametrize("chosen, expected", [(None, "formal"), ("concise", "concise")])
def test_drafting_a_follow_up_keeps_the_threads_tone(store, chosen, expected):
    store, person_id, opportunity_id = store
    action = status_check_action(person_id, opportunity_id)
    with store.transaction() as tx:
        (result,) = drafting.draft_actions(tx, keys=[action.key], tone=chosen, now=SENT + timedelta(days=7),
                                           actions=[action])
    assert result.message.tone == expected
    greeting = "Dear Sophie Tremblay," if expected == "formal" else "Hi Sophie,"
    assert result.message.body.startswith(greeting)
    assert [f for f in result.findings if f.severity in ("error", "warning")] == []
