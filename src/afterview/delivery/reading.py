"""From INBOX messages to recorded facts: which messages to read, and what to record.

Only messages that may concern the pipeline have their body fetched: replies to our
Message-IDs, mail from known people or their companies' domains, mail from an applicant-tracking
system naming a known company, and anything that looks like a bounce. Everything else in the
user's mailbox is left unread (and unknown) to Afterview.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.parser import BytesHeaderParser
from email.utils import parseaddr

from afterview.delivery import inbound as inbound_mod
from afterview.delivery.matching import Match, domain_of, is_ats_domain, is_shared_domain, match
from afterview.domain.model import Facts, Inbound, InboundKind, Message, MessageState, ReplyClass

_BOUNCE_FROM = re.compile(r"^(mailer-daemon|postmaster|mail-daemon)@", re.I)


@dataclass
class Index:
    """What is known, arranged for fast relevance checks on thousands of headers."""

    facts: Facts
    our_ids: set[str] = field(default_factory=set)
    by_id: dict[str, Message] = field(default_factory=dict)  # our Message-IDs (normalised) -> message
    addresses: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)
    company_names: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, facts: Facts) -> "Index":
        index = cls(facts=facts)
        index.by_id = {m.message_id.strip("<> ").lower(): m for m in facts.messages if m.message_id}
        index.our_ids = set(index.by_id)
        for person in facts.people.values():
            for address in person.emails:
                index.addresses.add(address.lower())
                domain = domain_of(address)
                if domain and not is_shared_domain(domain):
                    index.domains.add(domain)
        for company in facts.companies.values():
            name = company.name.strip().casefold()
            if len(name) >= 3:
                index.company_names[name] = company.id
        return index

    def ats_company(self, text: str) -> int | None:
        """The one known company named in an applicant-tracking system's From name or subject."""
        folded = text.casefold()
        hits = {cid for name, cid in self.company_names.items() if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded)}
        return hits.pop() if len(hits) == 1 else None


@dataclass
class Candidate:
    uid: int
    internal_date: datetime | None
    size: int
    ats_company: int | None = None


def select_relevant(headers: dict[int, tuple[bytes, int, datetime | None]], index: Index) -> dict[int, Candidate]:
    """The uids worth reading in full, from their header fields alone."""
    parser = BytesHeaderParser()  # compat32: several times faster, and enough to decide
    wanted: dict[int, Candidate] = {}
    for uid, (raw, size, internal) in headers.items():
        try:
            head = parser.parsebytes(raw)
            relevant, company = _relevant(head, index)
        except (ValueError, IndexError, TypeError, AttributeError):  # a malformed header: read it in full
            relevant, company = True, None
        if relevant:
            wanted[uid] = Candidate(uid, internal, size, company)
    return wanted


def _relevant(head, index: Index) -> tuple[bool, int | None]:
    refs = f"{head.get('In-Reply-To', '')} {head.get('References', '')}"
    if index.our_ids and any(r.lower() in index.our_ids for r in re.findall(r"<([^<>\s]+)>", refs)):
        return True, None
    name, sender = parseaddr(str(head.get("From", "")))
    sender = sender.lower()
    if sender in index.addresses or domain_of(sender) in index.domains:
        return True, None
    if _BOUNCE_FROM.match(sender) or "X-Failed-Recipients" in head or "report" in str(head.get("Content-Type", "")).lower():
        return bool(index.our_ids), None
    if is_ats_domain(domain_of(sender)):
        company = index.ats_company(f"{name} {head.get('Subject', '')}")
        return company is not None, company
    return False, None


def header_id(item: inbound_mod.Classified, raw: bytes) -> str:
    """The message's own Message-ID, or a stable stand-in made from its headers."""
    if item.message_id:
        return item.message_id[:500]
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    return f"<{hashlib.sha256(head).hexdigest()[:32]}@no-message-id.invalid>"


def record(tx, raw: bytes, candidate: Candidate, *, facts: Facts, now: datetime, report,
           index: Index | None = None) -> Inbound | None:
    """Classify one message and record it as a fact when it concerns us (never twice).

    A reply or an automatic reply that answers one of our messages (its In-Reply-To or
    References, or our Message-ID quoted in it) shows that message arrived: one whose send
    ended with an unknown outcome, or that waits to be sent again, is marked sent (see
    `_mark_delivered`). A bounce about it marks it failed.
    """
    item = inbound_mod.classify(raw, today=now.date())
    if item.inbound_kind is None:  # delay warnings, read receipts, abuse reports
        return None
    own_id = header_id(item, raw)
    if tx.list(Inbound, header_message_id=own_id):
        return None
    found = match(item.incoming(), facts)
    proof = item.category != "bounce" and found.method == "thread" and found.message is not None
    if item.category != "bounce" and not proof:
        quoted = _quoted_message(raw, index or Index.build(facts))
        if quoted is not None:  # our Message-ID in the text: it answers that message
            found, proof = Match(message=quoted, person_id=quoted.person_id, opportunity_id=quoted.opportunity_id,
                                 method="quoted", candidates=1), True
    if not found.found and candidate.ats_company is not None:
        found = _ats_match(candidate.ats_company, facts)
    if not _worth_recording(item, found):
        return None
    record = _inbound(item, found, own_id, candidate, now)
    tx.add(record)
    report.recorded.append(record)
    if item.category == "bounce" and found.message is not None:
        _mark_bounced(tx, found.message.id, item, now, report)
    elif proof:
        _mark_delivered(tx, found.message.id, record, now, report)
    return record


_MESSAGE_ID = re.compile(rb"<([^<>\s@]{1,250}@[^<>\s]{1,250})>")


def _quoted_message(raw: bytes, index: Index) -> Message | None:
    """The one message of ours whose Message-ID the incoming message quotes (an automatic reply
    that includes the original's headers), else None."""
    if not index.by_id:
        return None
    quoted = {m.decode("ascii", "replace").lower() for m in _MESSAGE_ID.findall(raw)}
    hits = {index.by_id[k].id: index.by_id[k] for k in quoted if k in index.by_id}
    open_ones = [m for m in hits.values() if not m.state.is_final]  # a thread's earlier, sent ones aside
    for pool in (open_ones, list(hits.values())):
        if len(pool) == 1:
            return pool[0]
    return None


# A message that may have arrived although Afterview does not know it: its send's outcome is
# unknown (or it failed in a way that may hide a delivery), it waits to be sent again, it is
# being sent, or a copy of it left by Drafts or a file.
_MAY_HAVE_ARRIVED = (MessageState.FAILED, MessageState.APPROVED, MessageState.SCHEDULED, MessageState.SENDING,
                     MessageState.DRAFTED)
UNKNOWN_PREFIX = "outcome unknown"


def _mark_delivered(tx, message_id: int, record: Inbound, now: datetime, report) -> None:
    """Their reply (or automatic reply) answers the message: it arrived. Unless a bounce said it
    did not, a message not yet known as sent becomes sent, from when its send was attempted
    (else the reply's time); approved again, it is not sent a second time."""
    from afterview.delivery import outbox

    message = tx.get(Message, message_id)
    if message.state not in _MAY_HAVE_ARRIVED:
        return
    if message.state == MessageState.FAILED and (
            message.last_error.startswith("bounced:")
            or tx.list(Inbound, answers_message_id=message_id, kind=InboundKind.BOUNCE)):
        return  # a delivery report said it did not arrive
    received = min(record.received_at, now)
    attempted = message.updated_at if (message.state == MessageState.SENDING or (
        message.state == MessageState.FAILED and message.last_error.startswith(UNKNOWN_PREFIX))) else None
    sent_at = min(attempted, received) if attempted is not None else received
    what = "automatic reply" if record.kind == InboundKind.AUTO_REPLY else "reply"
    note = (f"sent: the {what} of {record.from_address} on {received:%a %d %b %Y} answers it, "
            "so it arrived (recorded by sync)")
    if not outbox.delivered(tx, message_id, states=_MAY_HAVE_ARRIVED, now=now, sent_at=sent_at, note=note):
        return
    was = {
        MessageState.FAILED: ("its send's outcome was unknown" if attempted is not None else "it was marked failed"),
        MessageState.APPROVED: "it was approved again: it is not sent a second time",
        MessageState.SCHEDULED: "it was scheduled again: it is not sent a second time",
        MessageState.SENDING: "it was being sent",
        MessageState.DRAFTED: "it was a draft, copied out",
    }[message.state]
    report.delivered.append((message_id, f"the {what} from {record.from_address} answers it, so it arrived: "
                                         f"marked sent ({was})"))


def _worth_recording(item: inbound_mod.Classified, found) -> bool:
    if item.category == "bounce":
        return found.message is not None
    if item.category == "automated" and item.classification == ReplyClass.OTHER:
        return False  # a newsletter or a receipt from the employer's domain is not an answer
    return found.method != ""  # ambiguous ones too: the user places them


def _ats_match(company_id: int, facts: Facts) -> Match:
    open_ids = sorted(o.id for o in facts.opportunities.values() if o.company_id == company_id and not o.status.is_closed)
    if len(open_ids) > 1:
        return Match(method="ats", ambiguous=True, candidates=len(open_ids))
    return Match(opportunity_id=open_ids[0] if open_ids else None, method="ats", candidates=1)


def _inbound(item: inbound_mod.Classified, found, own_id: str, candidate: Candidate, now: datetime) -> Inbound:
    received = item.date or candidate.internal_date or now
    if received.tzinfo is None:
        received = received.replace(tzinfo=timezone.utc)
    classification = item.classification if item.inbound_kind == InboundKind.REPLY else ReplyClass.OTHER
    summary = inbound_mod.summary(item)
    if found.ambiguous:
        classification = ReplyClass.NEEDS_REVIEW
        summary = f"ambiguous: matches {found.candidates} candidates; {summary}"
    return Inbound(
        kind=item.inbound_kind,
        received_at=received,
        person_id=found.person_id,
        opportunity_id=found.opportunity_id,
        answers_message_id=found.message.id if found.message is not None else None,
        classification=classification,
        return_date=item.return_date,
        from_address=item.from_address[:300],
        subject=item.subject[:500],
        summary=summary[:500],
        header_message_id=own_id,
    )


def _mark_bounced(tx, message_id: int, item: inbound_mod.Classified, now: datetime, report) -> None:
    """A sent message bounced: failed, with the server's reason. One whose send's outcome was
    unknown is known now: it did not arrive."""
    message = tx.get(Message, message_id)
    unknown = message.state == MessageState.FAILED and message.last_error.startswith(UNKNOWN_PREFIX)
    if message.state != MessageState.SENT and not unknown:
        return
    message.state = MessageState.FAILED
    message.last_error = f"bounced: {item.bounce.reason or 'delivery failed'}"[:500]
    message.updated_at = now
    tx.update(message)
    report.bounced.append(message_id)
