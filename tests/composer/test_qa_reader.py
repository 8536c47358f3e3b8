"""What a reader of every generated draft found: a formal greeting with a title, and the
follow-up after a note sent from your own mail program (`afterview done`)."""

from __future__ import annotations

from datetime import datetime

import pytest

from afterview.composer import DraftRequest, compose
from afterview.domain.model import Message, MessageState
from tests.composer.helpers import K, TEMPLATES, UTC, panel_facts, problems, review_drafts


@pytest.mark.parametrize("name, greeting", [
    ("Dr. Amélie Durand-Lefèvre", "Dr. Durand-Lefèvre"),
    ("Dr Maria van der Berg", "Dr van der Berg"),
    ("Prof. Dr. Jan Novak", "Prof. Dr. Novak"),
    ("Priya Raman", "Priya Raman"),  # no title: the whole name, as before
    ("Dr. Cher", "Dr. Cher"),
    ("Becker, Tom", "Tom Becker"),  # "Last, First": the name as said
])
def test_formal_name(name, greeting):
    from afterview.composer.context import formal_name

    assert formal_name(name) == greeting


def test_a_formal_note_greets_a_titled_person_by_title_and_last_name():
    facts = panel_facts()
    facts.people[1].name = "Dr. Amélie Durand-Lefèvre"
    note = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1),
                   "formal", TEMPLATES)
    assert note.body.startswith("Dear Dr. Durand-Lefèvre,\n"), note.body
    assert problems(review_drafts(facts, [note])) == []
    warm = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1),
                   "warm", TEMPLATES)
    assert warm.body.startswith("Hi Amélie,\n")


@pytest.mark.parametrize("kind", [K.STATUS_CHECK, K.CLOSING_THE_LOOP, K.WITHDRAWAL])
def test_a_follow_up_replies_to_a_note_sent_from_your_own_mail_program(kind):
    """`afterview export` + `afterview done`: the message is done_elsewhere, with the exported
    .eml's Message-ID; the follow-up replies in that thread."""
    facts = panel_facts()
    facts.messages.append(Message(
        id=1, kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1,
        subject="Thank you - Senior Data Engineer interview", body="Hi Priya,\n\nThank you.",
        state=MessageState.DONE_ELSEWHERE, message_id="<abc@mail.example>", tone="warm",
        created_at=datetime(2026, 11, 25, 9, tzinfo=UTC)))
    draft = compose(facts, DraftRequest(kind=kind, person_id=1, opportunity_id=1, key=f"{kind.value}:1:p1"),
                    "warm", TEMPLATES)
    assert draft.subject == "Re: Thank you - Senior Data Engineer interview"
    assert draft.in_reply_to == "<abc@mail.example>"
    assert draft.references == ["<abc@mail.example>"]
    # one marked done without an exported email (a LinkedIn message, a call) starts no thread
    facts.messages[0].message_id = ""
    draft = compose(facts, DraftRequest(kind=kind, person_id=1, opportunity_id=1, key=f"{kind.value}:1:p1"),
                    "warm", TEMPLATES)
    assert draft.in_reply_to == "" and not draft.subject.startswith("Re: ")


# -- a LinkedIn note cut to the limit ends on a whole phrase -------------------------------------

LONG_TOPIC = ("migrating the monolith's billing module to Kubernetes, including the data backfill strategy, "
              "the canary rollout plan, and how the on-call team would be trained during the transition period")


@pytest.mark.parametrize("tone", ["warm", "formal", "concise"])
@pytest.mark.parametrize("limit", [200, 300])
def test_a_linkedin_note_cut_to_the_limit_ends_on_a_whole_phrase(tone, limit):
    from afterview.reviewer.text import linkedin_length

    facts = panel_facts()
    facts.debriefs[0].topics = [LONG_TOPIC]
    facts.profile.linkedin_account = "premium" if limit == 300 else "free"
    note = compose(facts, DraftRequest(kind=K.LINKEDIN_NOTE, person_id=1, opportunity_id=1), tone, TEMPLATES)
    assert linkedin_length(note.body) <= limit
    assert "how the on-call." not in note.body and "on-call team would." not in note.body, note.body
    first = note.body.split(". ")[0]
    # the sentence ends at a clause boundary of the topic, with its list joined by "and"
    assert first.endswith(("Kubernetes", "the data backfill strategy", "the data backfill strategy and the "
                           "canary rollout plan", "period", "interviews", "Northwind Analytics")), note.body


def test_fit_note_cuts_at_a_clause_and_joins_a_cut_list():
    from afterview.composer.linkedin import fit_note

    note = f"Hi Khai, thank you for our conversation about {LONG_TOPIC} during my Lumen Health interviews. Alex"
    assert fit_note(note, 180) == ("Hi Khai, thank you for our conversation about migrating the monolith's billing "
                                   "module to Kubernetes, including the data backfill strategy and the canary "
                                   "rollout plan. Alex")
    assert fit_note(note, 120) == ("Hi Khai, thank you for our conversation about migrating the monolith's billing "
                                   "module to Kubernetes. Alex")
