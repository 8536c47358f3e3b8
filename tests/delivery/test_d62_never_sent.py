"""Only messages that went out are answered (found by a tester: a reply with no In-Reply-To was
filed, by its sender, against a note that was approved or scheduled and later withdrawn, never
sent; and that note's Message-ID then went into the References of a later reply)."""

from __future__ import annotations

from datetime import timedelta

from afterview.composer.draft import DraftRequest
from afterview.composer.threads import find_thread
from afterview.delivery.matching import Incoming, match
from afterview.domain.model import Inbound, InboundKind, Message, MessageKind, MessageState, ReplyClass
from tests.delivery.test_matching import T, facts


def with_unsent(state: MessageState):
    f = facts()
    f.messages.append(Message(id=102, kind=MessageKind.STATUS_CHECK, person_id=1, opportunity_id=10,
                              subject="Any news?", to_address="jane@acme.example", state=state,
                              approved_at=T.replace(day=26), scheduled_at=T.replace(day=27),
                              created_at=T.replace(day=26), updated_at=T.replace(day=26),
                              message_id="<never@me.example>"))
    return f


def test_a_reply_by_sender_is_not_filed_against_a_note_approved_or_scheduled_but_not_sent():
    for state in (MessageState.APPROVED, MessageState.SCHEDULED, MessageState.DRAFTED):
        found = match(Incoming("jane@acme.example", subject="Re: Any news?"), with_unsent(state))
        assert found.method == "sender" and found.message.id == 101, state  # the latest that went
    sent = with_unsent(MessageState.SENT)
    sent.messages[-1].sent_at = T.replace(day=27)
    assert match(Incoming("jane@acme.example", subject="Re: Any news?"), sent).message.id == 102


def test_a_bounce_by_recipient_is_not_filed_against_a_note_not_sent():
    found = match(Incoming("mailer-daemon@mx.example", failed_recipients=["jane@acme.example"]),
                  with_unsent(MessageState.SCHEDULED))
    assert (found.method, found.message.id) == ("bounce-recipient", 101)


def test_references_cite_only_messages_that_went_out():
    f = with_unsent(MessageState.DRAFTED)  # approved, a reply filed against it, then withdrawn
    f.inbound = [Inbound(id=9, kind=InboundKind.REPLY, received_at=T + timedelta(days=8), person_id=1,
                         opportunity_id=10, answers_message_id=102, classification=ReplyClass.REJECTION,
                         subject="Re: Any news?", header_message_id="<no@acme.example>")]
    request = DraftRequest(kind=MessageKind.REJECTION_REPLY, person_id=1, opportunity_id=10)
    thread = find_thread(f, request, f.people[1])
    assert thread.in_reply_to == "<no@acme.example>"
    assert "<never@me.example>" not in thread.references and thread.references == ["<no@acme.example>"]
    f.inbound[0].answers_message_id = 101  # one that went: cited, as before
    assert find_thread(f, request, f.people[1]).references == ["<b@me.example>", "<no@acme.example>"]
