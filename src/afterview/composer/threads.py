"""Threading: a follow-up replies in the conversation it continues (Re:, In-Reply-To, References)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from afterview.composer.draft import TONES, DraftRequest
from afterview.domain.model import (
    Channel, Facts, InboundKind, MessageKind, MessageState, Person, ReplyClass,
)

THREADED_KINDS = frozenset(
    {MessageKind.STATUS_CHECK, MessageKind.CLOSING_THE_LOOP, MessageKind.FEEDBACK_REQUEST,
     MessageKind.REJECTION_REPLY, MessageKind.WITHDRAWAL}
)


@dataclass(slots=True)
class Thread:
    """The conversation a follow-up answers."""

    subject: str = ""
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    tone: str = ""  # the tone of our last message in it: a reply keeps it unless one is chosen


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# the states of a message that went out: sent by Afterview, or by you (`afterview done`)
_GONE_OUT = frozenset({MessageState.SENT, MessageState.DONE_ELSEWHERE})


def find_thread(facts: Facts, request: DraftRequest, person: Person) -> Thread | None:
    """The conversation a follow-up answers: a rejection email, else our last sent message."""
    last = _last_sent(facts, request, person)
    tone = last.tone if last is not None and last.tone in TONES else ""
    if request.kind is MessageKind.REJECTION_REPLY:
        rejections = [
            i for i in facts.inbound
            if i.kind is InboundKind.REPLY and i.classification is ReplyClass.REJECTION
            and i.opportunity_id == request.opportunity_id and i.header_message_id
            and i.person_id in (None, person.id)
        ]
        if rejections:
            rejection = max(rejections, key=lambda i: i.received_at)
            return Thread(reply_subject(rejection.subject), rejection.header_message_id,
                          [rejection.header_message_id], tone)
    if last is None:
        return None
    refs = [r for r in last.references if r != last.message_id] + [last.message_id]
    return Thread(reply_subject(last.subject), last.message_id, refs, tone)


def thread_tone(facts: Facts, request: DraftRequest) -> str:
    """The tone a follow-up keeps when it replies in a thread: that of our last message in it
    (a formal thank-you is not followed by a warm "Hi Sophie"); "" when it starts none."""
    person = facts.people.get(request.person_id)
    if request.kind not in THREADED_KINDS or person is None:
        return ""
    thread = find_thread(facts, request, person)
    return thread.tone if thread else ""


def _last_sent(facts: Facts, request: DraftRequest, person: Person):
    """Our last email sent to this person for this opportunity (with a Message-ID), or None.

    A message sent from your own mail program after exporting it (`afterview done`: state
    done_elsewhere) went out with the exported .eml's Message-ID: it is in the thread too.
    """
    sent = [
        m for m in facts.messages
        if m.person_id == person.id and m.state in _GONE_OUT and m.message_id
        and m.opportunity_id == request.opportunity_id and m.channel is Channel.EMAIL
    ]
    if not sent:
        return None
    return max(sent, key=lambda m: (m.sent_at or m.created_at or _EPOCH, m.id or 0))


_RE = re.compile(r"^\s*((re|aw|sv|fwd?)\s*:\s*)+", re.IGNORECASE)


def reply_subject(subject: str) -> str:
    """`Re: <subject>`, never `Re: Re: ...`."""
    stripped = _RE.sub("", subject or "").strip()
    return f"Re: {stripped}" if stripped else ""
