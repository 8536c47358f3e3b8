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


# The messages of the interview's thread, which a follow-up continues: the thank-you and the
# follow-ups after it. A news share or a keep-in-touch note starts a conversation of its own
# ("Some news of mine related to streaming"): a status check never replies to it.
THREAD_KINDS = THREADED_KINDS | {MessageKind.THANK_YOU}

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# the states of a message that went out: sent by Afterview, or by you (`afterview done`)
_GONE_OUT = frozenset({MessageState.SENT, MessageState.DONE_ELSEWHERE})


def find_thread(facts: Facts, request: DraftRequest, person: Person) -> Thread | None:
    """The conversation a follow-up answers: a rejection email, else the interview's thread (our
    last thank-you or follow-up sent to them; never a news share or a keep-in-touch note)."""
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
                          references(_answered(facts, rejection.answers_message_id), rejection.header_message_id), tone)
    if last is None:
        return None
    return Thread(reply_subject(last.subject), last.message_id, references(last.references, last.message_id), tone)


def references(parent_references: list[str], parent_id: str) -> list[str]:
    """The References of a reply (RFC 5322 3.6.4): the parent's References (for a parent known
    only by what it answers, those of the message it answers and that message's id), then the
    parent's Message-ID; each id once, the parent's last."""
    out: list[str] = []
    for ref in [*parent_references, parent_id]:
        if ref and ref not in out:
            out.append(ref)
    if parent_id in out:  # last, where it belongs, when it was in the parent's References too
        out.remove(parent_id)
        out.append(parent_id)
    return out


def _answered(facts: Facts, message_id: int | None) -> list[str]:
    """The thread a message we received answers, as its References would have it: the message
    of ours it answers (`Inbound.answers_message_id`, read from its In-Reply-To or References,
    or its sender and subject), that message's References and its Message-ID. A received
    message's own References are not kept, so this is what is known of them; [] when it
    answers none of ours."""
    answered = next((m for m in facts.messages if m.id == message_id and m.message_id), None) if message_id else None
    if answered is None or not went_out(answered):  # (filed against one never sent: no thread of it to cite)
        return []
    return [*answered.references, answered.message_id]


def went_out(message) -> bool:
    """Whether a message of ours went out, so that a References header may cite it: sent (by
    Afterview, or found sent in your Sent folder), done from your mail program, being sent, or
    failed after it was sent (a bounce: `sent_at` kept)."""
    return message.state in _GONE_OUT or message.state is MessageState.SENDING or message.sent_at is not None


def thread_tone(facts: Facts, request: DraftRequest) -> str:
    """The tone a follow-up keeps when it replies in a thread: that of our last message in it
    (a formal thank-you is not followed by a warm "Hi Sophie"); "" when it starts none."""
    person = facts.people.get(request.person_id)
    if request.kind not in THREADED_KINDS or person is None:
        return ""
    thread = find_thread(facts, request, person)
    return thread.tone if thread else ""


def _last_sent(facts: Facts, request: DraftRequest, person: Person):
    """Our last email of the interview's thread sent to this person for this opportunity (a
    thank-you or a follow-up, `THREAD_KINDS`, with a Message-ID), or None.

    A message sent from your own mail program after exporting it (`afterview done`: state
    done_elsewhere) went out with the exported .eml's Message-ID: it is in the thread too.
    """
    sent = [
        m for m in facts.messages
        if m.person_id == person.id and m.state in _GONE_OUT and m.message_id and m.kind in THREAD_KINDS
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
