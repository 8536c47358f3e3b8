"""From INBOX messages to recorded facts: which messages to read, and what to record.

Only messages that may concern the pipeline have their body fetched: replies to our
Message-IDs, mail from known people or their companies' domains, mail from an applicant-tracking
system naming a known company (or whose Reply-To is a known person, or whose sender names no
employer: its text may name one), mail answering one of our subjects, and anything that looks
like a bounce. Everything else in the user's mailbox is left unread (and unknown) to Afterview.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.header import Header, decode_header
from email.parser import BytesHeaderParser

from afterview.delivery import inbound as inbound_mod
from afterview.delivery.matching import (
    ANSWERS_BY_SUBJECT, Incoming, Match, answered_subject, by_sender, by_subject, companies_named, company_core,
    domain_of, fold, in_thread, is_ats_domain, is_shared_domain, is_tracking_system, match, names, sent_subjects,
    takes_part_in,
)
from afterview.delivery.mime import Unreadable
from afterview.delivery.outbox import outcome_unknown
from afterview.domain.model import Facts, Inbound, InboundKind, Message, MessageKind, MessageState, ReplyClass
from afterview.domain.values import address_key, plain_text, remove_controls
from afterview.errors import AfterviewError

_BOUNCE_FROM = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|microsoftexchange[0-9a-f]*)@", re.I)


@dataclass
class Index:
    """What is known, arranged for fast relevance checks on thousands of headers."""

    facts: Facts
    our_ids: set[str] = field(default_factory=set)
    by_id: dict[str, Message] = field(default_factory=dict)  # our Message-IDs (normalised) -> message
    addresses: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)
    company_cores: dict[int, str] = field(default_factory=dict)  # id -> name without its legal form
    all_cores: dict[int, str] = field(default_factory=dict)  # the same, short ones too (matching.match's)
    own: set[str] = field(default_factory=set)  # the user's own addresses (see `own_mail`)
    subjects: set[str] = field(default_factory=set)  # of our messages sent, normalised (see matching.by_subject)

    @classmethod
    def build(cls, facts: Facts, own=()) -> "Index":
        """`own`: the user's own addresses (the account's, the profile's): mail from them is theirs."""
        index = cls(facts=facts)
        index.own = {address_key(a) for a in own if a and "@" in a}
        index.by_id = {m.message_id.strip("<> ").lower(): m for m in facts.messages if m.message_id}
        index.our_ids = set(index.by_id)
        index.subjects = sent_subjects(facts)
        for person in facts.people.values():
            for address in person.emails:
                index.addresses.add(address_key(address))
                domain = domain_of(address)
                if domain and not is_shared_domain(domain):
                    index.domains.add(domain)
        for company in facts.companies.values():
            core = index.all_cores[company.id] = company_core(company.name)
            if len(core) >= 3:
                index.company_cores[company.id] = core
        return index

    def own_mail(self, message_id: str, sender: str) -> str:
        """Why a message is the user's own, not mail to them ("" when it is not): a copy of one
        Afterview sent (its Message-ID is one of ours: a note to a group that includes them, a
        server's copy), or mail from their own address (a note to themselves, a forward)."""
        if message_id.strip().strip("<>").strip().lower() in self.our_ids:
            return "a copy of a message Afterview sent"
        if address_key(sender) in self.own:
            return "from your own address"
        return ""

    def ats_company(self, text: str) -> int | None:
        """The one known company named in an applicant-tracking system's From name or subject,
        or its text (decoded text: "Müller Logistik GmbH", not its =?utf-8?q?...?= form), its
        legal form aside either way: "Acme" and "Acme Corporation" name "Acme Corp", "Soylent"
        names "Soylent SA" (see matching.companies_named)."""
        hits = companies_named(self.company_cores, text)
        return hits.pop() if len(hits) == 1 else None

    def known_sender(self, address: str) -> bool:
        """Whether mail from `address` is from a recorded person or their company's domain."""
        address = address_key(address)
        return bool(address) and (address in self.addresses or domain_of(address) in self.domains)


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
    # the From header as received: 8-bit (RFC 6532) UTF-8 kept as surrogates, which address_key
    # reads ("jose@bücher.example" is "jose@xn--bcher-kva.example")
    name, sender = inbound_mod.sender_of(next((v for k, v in head.raw_items() if k.lower() == "from"), ""))
    if index.own_mail(str(head.get("Message-ID", "")), sender):
        return False, None
    refs = f"{head.get('In-Reply-To', '')} {head.get('References', '')}"
    if index.our_ids and any(r.lower() in index.our_ids for r in re.findall(r"<([^<>\s]+)>", refs)):
        return True, None
    sender = address_key(sender)
    if sender in index.addresses or domain_of(sender) in index.domains:
        return True, None
    if (_BOUNCE_FROM.match(sender) or "X-Failed-Recipients" in head or "X-MS-Exchange-Message-Is-Ndr" in head
            or "report" in str(head.get("Content-Type", "")).lower()):
        return bool(index.our_ids), None
    if answered_subject(decoded(head.get("Subject"))) in index.subjects:  # "Re: " and one of our subjects
        return True, None
    if is_ats_domain(domain_of(sender)):
        # named in its From name or subject; else its Reply-To a recorded person (or their
        # company's domain); else, from a tracking system (not a job board's alerts), its text
        # may name one: read
        company = index.ats_company(f"{decoded(name)} {decoded(head.get('Subject'))}")
        reply_to = inbound_mod.sender_of(str(head.get("Reply-To", "")))[1]
        wanted = (company is not None or index.known_sender(reply_to)
                  or (bool(index.company_cores) and names_no_one(sender, decoded(name))))
        return wanted, company
    return False, None


# The words of a tracking system's sender name that name no employer ("Careers", "Recruiting
# Team", "Workday", "no-reply").
_NO_ONE = frozenset(
    """careers career jobs job recruiting recruitment recruiter recruiters talent acquisition team hiring hr
    human resources people no reply noreply donotreply do not notification notifications mail email the
    application applications candidate candidates experience support via at and of your us
    workday myworkday greenhouse lever icims taleo ashby smartrecruiters successfactors jobvite bamboohr
    recruitee personio teamtailor workable breezy jazzhr""".split()
)


def names_no_one(address: str, name: str) -> bool:
    """Whether mail from an applicant-tracking system (not a job board) names no employer in its
    sender: no name, or only words such as "Careers", "Recruiting Team" (Workday's tenants write
    "Careers <wayneent@myworkday.com>"). Only then is its text read for the company it is about
    (one named elsewhere, "Müller Bau AG <noreply@personio.de>", is that company's mail)."""
    words = re.findall(r"\w+", fold(name))
    return is_tracking_system(domain_of(address_key(address))) and all(w in _NO_ONE for w in words)


def decoded(value) -> str:
    """A header's text with its RFC 2047 encoded words decoded ("=?utf-8?q?M=C3=BCller?=" is
    "Müller"); raw 8-bit bytes are read as UTF-8, else Latin-1. Never raises: what cannot be
    decoded stays as it was."""
    if value is None:
        return ""
    try:
        chunks = decode_header(value if isinstance(value, Header) else str(value))
    except (ValueError, IndexError, TypeError, AttributeError, LookupError):
        return str(value)
    pieces = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            pieces.append(chunk)
            continue
        for codec in (charset, "utf-8", "latin-1"):
            try:
                pieces.append(chunk.decode(codec or "ascii"))
                break
            except (LookupError, UnicodeDecodeError):
                continue
    return " ".join("".join(pieces).split())  # adjacent encoded words join without the space between


def header_id(item: inbound_mod.Classified, raw: bytes) -> str:
    """The message's own Message-ID, or a stable stand-in made from its headers."""
    if item.message_id:
        return item.message_id[:500]
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    return f"<{hashlib.sha256(head).hexdigest()[:32]}@no-message-id.invalid>"


def record(tx, raw: bytes, candidate: Candidate, *, facts: Facts, now: datetime, report,
           index: Index | None = None, folder: str = "INBOX", by_company=None) -> Inbound | None:
    """Classify one message and record it as a fact when it concerns us (never twice).

    A reply or an automatic reply that answers one of our messages (its In-Reply-To or
    References, or our Message-ID quoted in it) shows that message arrived: one whose send
    ended with an unknown outcome, or that waits to be sent again, is marked sent (see
    `_mark_delivered`). A bounce about it marks it failed.

    A message that cannot be read (its MIME parts nested too deep, or anything else in it that
    reading does not take) never stops the round: it is left where it is (in `folder`), said
    once in one line in the report's `unreadable` (see `unreadable_line`), and recorded as such
    (`UNREADABLE` state entries), so that reading it again (`sync --since`, another folder)
    says nothing more. Nothing of it is recorded as a fact.

    `by_company(tx, record, match)`: called for a record placed by its sender's company alone
    (`matching.by_company_only`), once it is added, to file it by the rule for such replies.
    """
    index = index or Index.build(facts)
    try:
        read = _read(tx, raw, candidate, facts=facts, now=now, index=index)
    except AfterviewError:  # the database: the round's own problem, not this message's
        raise
    except Exception as err:  # whatever a stranger's mail makes the reading raise: this message only
        _left_unread(tx, raw, candidate, folder, err, now, report)
        return None
    if read is None:
        return None
    item, found, proof, record = read
    if record is None:  # a delivery report about one of ours whose status cannot be read: said only
        _said_unclear(tx, raw, candidate, folder, found.message, now, report)
        return None
    tx.add(record)
    report.recorded.append(record)
    if found.by_company and by_company is not None:
        by_company(tx, record, found)
    if item.category == "bounce" and found.message is not None:
        _mark_bounced(tx, found.message.id, item, now, report)
    elif proof:
        _mark_delivered(tx, found.message.id, record, now, report)
    if found.message is not None and answers_feedback_request(record, found.message):
        getattr(report, "feedback", []).append(record.id)
    return record


def _read(tx, raw: bytes, candidate: Candidate, *, facts: Facts, now: datetime, index: Index):
    """(What a message is, where it belongs, whether it proves its message arrived, the record to
    add), or None when it is not recorded; writes nothing."""
    item = inbound_mod.classify(raw, today=now.date(), size=candidate.size, sender_country=_country_of(facts),
                                recorded=lambda address: address_key(address) in index.addresses)
    if item.bounce is not None and item.bounce.kind == "unclear":  # a report with no status to read: about ours?
        found = match(item.incoming(), facts, index.all_cores)
        return (item, found, False, None) if found.message is not None and found.method else None
    if item.inbound_kind is None:  # delay warnings, read receipts, abuse reports
        return None
    if index.own_mail(item.message_id, item.from_address):  # never a reply, nor proof of delivery
        return None
    own_id = header_id(item, raw)
    if tx.list(Inbound, header_message_id=own_id):
        return None
    found = match(item.incoming(), facts, index.all_cores)
    proof = item.category != "bounce" and found.method == "thread" and found.message is not None
    if item.category != "bounce" and not proof:
        quoted = _quoted_message(raw, index)
        if quoted is not None:  # our Message-ID in the text: it answers that message
            found = in_thread(quoted, item.incoming(), facts, "quoted")
            proof = found.method == "quoted"  # not when it is another person's (see in_thread)
    company = ""  # the company an applicant-tracking system writes for, said in the summary
    if not found.found and item.category != "bounce" and is_ats_domain(domain_of(item.from_address)):
        found, company = _ats_place(item, candidate, facts, index, found)
    if not found.method and item.category == "reply":
        found = by_subject(item.incoming(), facts)  # a personal address answering ours: unplaced
    if not _worth_recording(item, found):
        return None
    return item, found, proof, _inbound(item, found, own_id, candidate, now, company, facts)


# --- a message that cannot be read ------------------------------------------------------------

UNREADABLE = "unreadable:"  # the state entries of messages found unreadable: "unreadable:" and a digest


def unreadable_key(raw: bytes) -> str:
    """The state entry of a message found unreadable: by a digest of its header as stored (the
    same message read again, or in another folder, has the same)."""
    return UNREADABLE + hashlib.sha256(_head(raw)).hexdigest()[:40]


def _head(raw: bytes) -> bytes:
    """A message's header block (at most its first 64 KB)."""
    return re.split(rb"\r?\n\r?\n", raw[:65536], maxsplit=1)[0]


def _left_unread(tx, raw: bytes, candidate: Candidate, folder: str, err: Exception, now: datetime, report) -> None:
    """Record a message that could not be read, and say it in the report once (never again for
    the same message)."""
    key = unreadable_key(raw)
    if tx.get_state(key) is not None:
        return
    why = str(err) if isinstance(err, Unreadable) else f"reading it failed ({type(err).__name__}: {err})"
    why = plain_text(why)[0][:200]
    tx.set_state(key, {"folder": plain_text(folder)[0][:200], "uid": candidate.uid, "why": why,
                       "at": now.isoformat()})
    said = getattr(report, "unreadable", None)
    if said is not None:
        said.append(unreadable_line(raw, folder, candidate.uid, why))


UNCLEAR_REPORT = "a delivery report whose status cannot be read"


def _said_unclear(tx, raw: bytes, candidate: Candidate, folder: str, message: Message, now: datetime,
                  report) -> None:
    """A delivery report about one of our messages that says no status (no Action, no Status to
    read): nothing is changed (the message stays as it is: marked failed, it might be sent a
    second time), and it is said once, for the user to look at (`unreadable_line`)."""
    key = unreadable_key(raw)
    if tx.get_state(key) is not None:
        return
    why = (f"{UNCLEAR_REPORT}, about message {message.id}: it is left as it is "
           "(check in your mailbox whether it bounced)")
    tx.set_state(key, {"folder": plain_text(folder)[0][:200], "uid": candidate.uid, "why": why, "at": now.isoformat()})
    said = getattr(report, "unreadable", None)
    if said is not None:
        said.append(unreadable_line(raw, folder, candidate.uid, why, read=True))


def unreadable_line(raw: bytes, folder: str, uid: int, why: str, *, read: bool = False) -> str:
    """One line naming a message left unread and why: its folder, UID, sender and subject, as
    text that shows as it is (no escape code, no direction override, no line break).

    >>> unreadable_line(b"From: Ann <a@corp.example>\\nSubject: Hi\\n\\nx", "INBOX", 7, "why")
    'message 7 in INBOX (from a@corp.example, subject "Hi") was left there unread: why'
    """
    sender, subject = "", ""
    try:
        head = BytesHeaderParser().parsebytes(_head(raw) + b"\n\n")  # compat32: raw text, never raises on reading
        sender = inbound_mod.sender_of(" ".join(str(head.get("From", "")).split()))[1]
        subject = decoded(head.get("Subject"))
    except Exception:  # noqa: BLE001 (what cannot be read of it is left out of the line)
        pass
    sender = plain_text(address_key(sender))[0][:100] or "an unknown sender"
    subject = plain_text(subject)[0]
    subject = f"{subject[:80]}..." if len(subject) > 80 else subject
    if read:  # read, and nothing done: said for the user to look at
        return f"message {uid} in {plain_text(folder)[0]} (from {sender}, subject \"{subject}\") needs review: {why}"
    return (f"message {uid} in {plain_text(folder)[0]} (from {sender}, subject \"{subject}\") was left there unread: "
            f"{why}")


# Our messages that ask for feedback: the rejection reply (a gracious answer with a short request)
# and the feedback request itself. An answer to one of them may carry that feedback.
ASKS_FOR_FEEDBACK = {MessageKind.REJECTION_REPLY: "rejection reply", MessageKind.FEEDBACK_REQUEST: "feedback request"}


def answers_feedback_request(inbound: Inbound, message: Message | None) -> bool:
    """Whether a recorded reply answers one of our messages that asked for feedback (in its
    thread, or quoting it), so that it may carry feedback to record. Conservative: a real reply
    (not an automatic one), and not news of its own (an offer or a next round, said as such)."""
    return (message is not None and inbound.kind == InboundKind.REPLY
            and inbound.answers_message_id == message.id and message.kind in ASKS_FOR_FEEDBACK
            and inbound.classification not in (ReplyClass.OFFER, ReplyClass.NEXT_ROUND) and not has_left(inbound))


def has_left(inbound: Inbound) -> bool:
    """Whether a recorded reply is an automatic reply saying its sender has left (their address
    no longer reaches them: see inbound.classify, "left"), as its summary says it."""
    return inbound.kind == InboundKind.REPLY and f": {inbound_mod.LEFT_SAID}: " in inbound.summary


def feedback_recorded(inbound: Inbound, feedback, opportunity_id: int | None = None) -> bool:
    """Whether feedback was recorded for a reply's process (`opportunity_id`, else the reply's)
    once it had come, from its sender or from no one named: what it said is recorded (as
    `afterview feedback` handles such a reply), so it no longer asks to be recorded.
    `feedback`: the recorded feedback (that of other processes is left aside)."""
    process = opportunity_id if opportunity_id is not None else inbound.opportunity_id
    return any(f.opportunity_id == process and f.received_at >= inbound.received_at
               and f.person_id in (None, inbound.person_id) for f in feedback)


def asks_no_contact(inbound: Inbound) -> str:
    """The sentence in which the sender of a recorded reply asks not to be contacted again ("please
    take me off any updates"), "" when there is none or you said it asks no such thing: read as the
    planner reads it (planner.facts.stop_request), from its summary."""
    from afterview.planner.facts import stop_request

    return stop_request(inbound)


def no_contact_hint(inbound: Inbound, person) -> str:
    """For a reply whose sender asks not to be contacted again: the command that records it, while
    their person (`person`, None when the reply matched none) is not marked so; "" otherwise.
    Never done for them: the request may be about one thread, or a mailing they got by mistake."""
    if person is None or person.do_not_contact or not asks_no_contact(inbound):
        return ""
    return f"afterview person edit {person.id} --do-not-contact"


def no_contact_line(inbound: Inbound, person) -> str:
    """One line saying that a reply asks not to be contacted again, that nothing more is planned for
    them (planner.facts.stop_request stops it at once), and how to keep it on their record; "" for
    any other reply (see `no_contact_hint`)."""
    command = no_contact_hint(inbound, person)
    if not command:
        return ""
    return (f"reply {inbound.id}: {person.name} asks not to be contacted again (\"{asks_no_contact(inbound)}\"): "
            f"nothing more is planned for them; to keep it on their record: {command}")


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

def _mark_delivered(tx, message_id: int, record: Inbound, now: datetime, report) -> None:
    """Their reply (or automatic reply) answers the message: it arrived. Unless a bounce said it
    did not, a message not yet known as sent becomes sent, from when its send was attempted
    (else the reply's time); approved again, it is not sent a second time."""
    from afterview.delivery import outbox

    message = tx.get(Message, message_id)
    if message.state not in _MAY_HAVE_ARRIVED:
        return
    # a delivery report said it did not arrive, and they answered it all the same: the answer
    # wins (a report can be about another copy, or late and wrong; an answer cannot come
    # without the message)
    bounced = message.state == MessageState.FAILED and (
        message.last_error.startswith("bounced:")
        or bool(tx.list(Inbound, answers_message_id=message_id, kind=InboundKind.BOUNCE)))
    received = min(record.received_at, now)
    attempted = message.updated_at if (message.state == MessageState.SENDING or (
        message.state == MessageState.FAILED and outcome_unknown(message))) else None
    sent_at = min(attempted, received) if attempted is not None else received
    if bounced and message.sent_at is not None:
        sent_at = message.sent_at  # it was sent then; the report alone had failed it
    what = "automatic reply" if record.kind == InboundKind.AUTO_REPLY else "reply"
    note = (f"sent: the {what} of {record.from_address} on {received:%a %d %b %Y} answers it, "
            "so it arrived (recorded by sync)")
    if not outbox.delivered(tx, message_id, states=_MAY_HAVE_ARRIVED, now=now, sent_at=sent_at, note=note):
        return
    was = {
        MessageState.FAILED: ("a delivery report had said it bounced" if bounced else
                              "its send's outcome was unknown" if attempted is not None else "it was marked failed"),
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
    if item.category == "bulk":  # a newsletter, a marketing mail: only an answer in a thread of ours counts
        return found.method in ("thread", "quoted") and found.message is not None
    if item.category == "automated" and item.classification == ReplyClass.OTHER and item.decision_date is None:
        # a receipt or a survey from the employer's domain is not an answer; one that says when
        # they will decide ("We will let you know by 10 December") is, for its date to be offered
        return False
    return found.method != ""  # ambiguous ones too: the user places them


def _country_of(facts: Facts):
    """The country an address's sender writes dates by: the one recorded for the one person with
    that address, else yours (a person's country, when not recorded, is yours); "" when neither
    is known. For the return date of their automatic reply ("until 5/1": day first in Germany)."""
    def country(address: str) -> str:
        address = address_key(address)
        people = [p for p in facts.people.values() if address and address in {address_key(e) for e in p.emails}]
        own = people[0].country if len(people) == 1 else ""
        return own or facts.profile.country

    return country


def _ats_place(item: inbound_mod.Classified, candidate: Candidate, facts: Facts, index: Index,
               found: Match) -> tuple[Match, str]:
    """Where an applicant-tracking system's message (a job board's too) belongs, and the company
    it writes for ("" when none is known). The company it names, its legal form aside: in its
    From name or subject, else, from a tracking system, in its text alone (exactly one recorded
    company named there: Workday's "the Cloud Architect position at Wayne Enterprises"); then
    that company's opportunity its role names (`_ats_match`). Its Reply-To a recorded person (a
    recruiter) places it by that person when the company does not tell one opportunity (or none
    is named), as mail from them would be placed; placed by the company, it is that person's
    when they take part in its opportunity. `found`: what matching found (ambiguous ones)."""
    text = f"{item.from_name}\n{item.subject}\n{item.text}"
    company_id = candidate.ats_company
    if company_id is None:
        company_id = index.ats_company(f"{item.from_name} {item.subject}")
    if company_id is None and names_no_one(item.from_address, item.from_name):
        company_id = index.ats_company(item.text)
    placed = _ats_match(company_id, facts, text) if company_id is not None else found
    if item.reply_to and index.known_sender(item.reply_to):
        by_reply = by_sender(Incoming(from_address=item.reply_to, subject=item.subject, body=item.text,
                                       from_name=item.from_name), facts)
        if not placed.found and (by_reply.found or not placed.method):
            placed = by_reply
        elif placed.found and by_reply.person_id is not None and placed.person_id is None:
            person = facts.people.get(by_reply.person_id)
            if person is not None and placed.opportunity_id in {
                    o.id for o in takes_part_in(person, facts.opportunities.values(), facts.interviews.values())}:
                placed.person_id = person.id
    if company_id is None and placed.opportunity_id in facts.opportunities:
        company_id = facts.opportunities[placed.opportunity_id].company_id
    known = facts.companies.get(company_id) if company_id is not None else None
    return placed, known.name if known is not None else ""


def _ats_match(company_id: int, facts: Facts, text: str = "") -> Match:
    """An applicant-tracking system's message about a company: the one opportunity there it is
    about (see `ats_opportunities`), or ambiguous among several, or none (none recorded there)."""
    found = ats_opportunities(company_id, facts, text)
    if len(found) > 1:
        return Match(method="ats", ambiguous=True, candidates=len(found), options=found)
    return Match(opportunity_id=found[0] if found else None, method="ats", candidates=1)


def ats_opportunities(company_id: int, facts: Facts, text: str) -> list[int]:
    """The opportunities at a company that a message naming it (`text`: its sender's name,
    subject and body) may be about, closed ones too (a rejection often comes for a process
    already closed): those whose role it names, else all of them; of those, the open ones when
    there are any. One: that one. A role named inside a longer one named too ("Data Engineer"
    in "Senior Data Engineer") is the longer one's."""
    at_company = [o for o in facts.opportunities.values() if o.company_id == company_id]
    named = {o.id: fold(o.role) for o in at_company if o.role.strip() and names(o.role, text)}
    named = {i: role for i, role in named.items() if not any(role != other and role in other for other in named.values())}
    pool = [o for o in at_company if o.id in named] if named else at_company
    open_ones = [o for o in pool if not o.status.is_closed]
    return sorted(o.id for o in (open_ones or pool))


def unplaced(facts: Facts, inbound: Inbound) -> str:
    """Why a recorded reply is linked to no opportunity, precisely: the opportunities it may be
    about (when several are), or where none is recorded. For the line that asks the user to say
    which (`--opportunity`)."""
    found, where = places(facts, inbound)
    if len(found) > 1:
        return f"it may be about any of {_listed(facts, found)}"
    if found:
        return f"it may be about {_listed(facts, found)}"
    if where:
        return f"no opportunity at {where} is recorded"
    return "no recorded person, company or opportunity matches its sender or subject"


def places(facts: Facts, inbound: Inbound) -> tuple[list[int], str]:
    """(The opportunities a reply may be about, the company or person that says so) from what is
    recorded now: its sender's processes, the company an applicant-tracking system names, or
    the companies of the sender's domain."""
    from afterview.delivery.matching import _companies_with_domain

    said = f"{inbound.subject}\n{their_words(inbound.summary)}"  # the roles it names: its own words
    text = f"{inbound.subject}\n{inbound.summary}"  # the company: those of the summary too ("... at Acme")
    person = facts.people.get(inbound.person_id) if inbound.person_id is not None else None
    if person is not None:
        ids = {m.opportunity_id for m in facts.messages if m.person_id == person.id and m.opportunity_id is not None}
        ids |= {o.id for o in takes_part_in(person, facts.opportunities.values(), facts.interviews.values())}
        company = facts.companies.get(person.company_id) if person.company_id is not None else None
        return sorted(i for i in ids if i in facts.opportunities), company.name if company else person.name
    by_subject = _answered_by_subject(facts, inbound)
    if by_subject:  # a personal address answering ours: the processes of the messages it may answer
        return by_subject, ""
    domain = domain_of(inbound.from_address)
    if is_ats_domain(domain):
        company_id = Index.build(facts).ats_company(text)
        companies = [company_id] if company_id is not None else []
    elif domain and not is_shared_domain(domain):
        companies = _companies_with_domain(domain, facts)
    else:
        companies = []
    if len(companies) == 1:
        return ats_opportunities(companies[0], facts, said) if is_ats_domain(domain) else sorted(
            o.id for o in facts.opportunities.values() if o.company_id == companies[0]), facts.companies[companies[0]].name
    found = sorted(o.id for o in facts.opportunities.values() if o.company_id in companies)
    return found, ""


_OUR_WORDS = ("ambiguous: ", "in the thread of message ", "from ", ANSWERS_BY_SUBJECT)


def _answered_by_subject(facts: Facts, inbound: Inbound) -> list[int]:
    """Of a reply from an address no one recorded kept unplaced for its subject (its summary says
    "unplaced: may answer message 16 to ..." as matching.by_subject has it), the opportunities of
    those messages, as recorded now."""
    head = next((p for p in inbound.summary.split("; ") if p.startswith(ANSWERS_BY_SUBJECT)), "")
    ids = {int(i) for i in re.findall(r"\d+", head[len(ANSWERS_BY_SUBJECT):].split(" to ", 1)[0].split(":", 1)[0])}
    return sorted({m.opportunity_id for m in facts.messages
                   if m.id in ids and m.opportunity_id is not None and m.opportunity_id in facts.opportunities})


def may_be_about(facts: Facts, inbound: Inbound) -> list[int]:
    """The opportunities an incoming reply linked to no opportunity may be about, until the user
    places it (`replies confirm --opportunity`, `replies move`): those `places` finds, for a
    reply to review (ambiguous among several, or kept unplaced for its subject) that is neither
    confirmed nor kept with a person (whose own follow-ups it pauses). The planner pauses the
    status follow-ups of each; [] for any other message."""
    if (inbound.kind != InboundKind.REPLY or inbound.opportunity_id is not None or inbound.person_id is not None
            or inbound.confirmed):
        return []
    if inbound.classification != ReplyClass.NEEDS_REVIEW:
        return []
    return [o for o in places(facts, inbound)[0] if o in facts.opportunities]


def sender_words(facts: Facts, inbound: Inbound) -> str:
    """Who an incoming message is from, as a line names them: the person recorded for it, else,
    for an applicant-tracking system's no-reply address, "Acme Corp's tracking system"
    (no-reply@us.greenhouse-mail.io says nothing to the user), else its address ("they" with
    none)."""
    person = facts.people.get(inbound.person_id) if inbound.person_id is not None else None
    if person is not None:
        return person.name
    if is_ats_domain(domain_of(inbound.from_address)):
        opportunity = facts.opportunities.get(inbound.opportunity_id) if inbound.opportunity_id is not None else None
        company = facts.companies.get(opportunity.company_id) if opportunity is not None else None
        name = company.name if company is not None else places(facts, inbound)[1]  # unplaced: the one it names
        if name:
            return f"{name}'s tracking system"
    return inbound.from_address or "they"


def their_words(summary: str) -> str:
    """A recorded summary without what Afterview said before the message's own words (the
    opportunities an ambiguous one may be about, whose thread it came in): what it names is
    then only what it said."""
    parts = summary.split("; ")
    while len(parts) > 1 and parts[0].startswith(_OUR_WORDS):
        parts = parts[1:]
    return "; ".join(parts)


def read_as(inbound: Inbound) -> ReplyClass:
    """What a reply's text says, before it was marked "needs review" for matching several
    opportunities, or for being kept unplaced (its summary keeps that reading: "ambiguous: ...;
    rejection: ...", "unplaced: may answer message 16 ...; next_round: ...")."""
    if (inbound.classification != ReplyClass.NEEDS_REVIEW
            or not inbound.summary.startswith(("ambiguous: ", ANSWERS_BY_SUBJECT))):
        return inbound.classification
    for part in inbound.summary.split("; ")[1:]:
        word = part.partition(":")[0].strip()
        if word in {c.value for c in ReplyClass}:
            return ReplyClass(word)
    return inbound.classification


def _listed(facts: Facts, ids: list[int]) -> str:
    """"opportunity 3 (Senior Data Engineer at Northwind Analytics, rejected) or 5 (...)"."""
    def one(i: int) -> str:
        o = facts.opportunities[i]
        company = facts.companies.get(o.company_id)
        return f"{i} ({o.role}{f' at {company.name}' if company else ''}, {o.status.value.replace('_', ' ')})"

    items = [one(i) for i in ids]
    words = items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"
    return f"opportunit{'y' if len(ids) == 1 else 'ies'} {words}"


def _inbound(item: inbound_mod.Classified, found, own_id: str, candidate: Candidate, now: datetime,
             company: str = "", facts: Facts | None = None) -> Inbound:
    received = inbound_mod.received_at(item.date, candidate.internal_date, now)
    classification = item.classification if item.inbound_kind == InboundKind.REPLY else ReplyClass.OTHER
    summary = inbound_mod.summary(item)
    if found.note:  # another person's mail in the thread of ours: said, for the user to check
        summary = f"{found.note}; {summary}"
    if found.method == "subject":  # kept unplaced for the user (see matching.by_subject): to review
        classification = ReplyClass.NEEDS_REVIEW
    if found.ambiguous:
        classification = ReplyClass.NEEDS_REVIEW
        summary = f"ambiguous: {_choices(found, item.from_address, facts, company)}; {summary}"
    elif company:  # its sender (no-reply@...) does not say whose it is
        summary = f"from {company}'s tracking system; {summary}"
    return Inbound(
        kind=item.inbound_kind,
        received_at=received,
        person_id=found.person_id,
        opportunity_id=found.opportunity_id,
        answers_message_id=found.message.id if found.message is not None else None,
        classification=classification,
        return_date=item.return_date,
        # what acts instead of showing (an escape code, a direction override) taken out, as from
        # the text read (inbound.classify), of what a delivery report or a header gave too
        from_address=remove_controls(item.from_address)[0][:300],
        subject=remove_controls(item.subject)[0][:500],
        summary=remove_controls(summary)[0][:500],
        header_message_id=own_id,
    )


def _choices(found, sender: str, facts: Facts | None, company: str = "") -> str:
    """What an ambiguous message may be about, named: "matches opportunities 1 (Data Engineer at
    Northwind, rejected) or 3 (...)", or the people whose address it came from."""
    at = f" at {company}" if company else ""
    if facts is not None:
        options = [o for o in found.options if o in facts.opportunities]
        if options:
            return f"matches {_listed(facts, options)}"
        people = [p.name for p in facts.people.values() if address_key(sender) in {address_key(e) for e in p.emails}]
        if len(people) > 1:
            return f"matches {len(people)} people with its sender's address ({', '.join(sorted(people))}){at}"
    return f"matches {found.candidates} candidates{at}"


def _mark_bounced(tx, message_id: int, item: inbound_mod.Classified, now: datetime, report) -> None:
    """A sent message bounced: failed, with the server's reason. One whose send's outcome was
    unknown is known now: it did not arrive."""
    message = tx.get(Message, message_id)
    unknown = message.state == MessageState.FAILED and outcome_unknown(message)
    if message.state != MessageState.SENT and not unknown:
        return
    answered = [i for i in tx.list(Inbound, answers_message_id=message_id)
                if i.kind in (InboundKind.REPLY, InboundKind.AUTO_REPLY)]
    if answered:  # they answered it: it arrived, whatever the report says (see _mark_delivered)
        first = min(answered, key=lambda i: i.received_at)
        report.delivered.append((message_id, f"a delivery report says it bounced ({item.bounce.reason or 'delivery failed'}), "
                                             f"but {first.from_address} answered it on {first.received_at:%a %d %b %Y}: "
                                             "it arrived, and stays sent"))
        return
    message.state = MessageState.FAILED
    message.last_error = f"bounced: {item.bounce.reason or 'delivery failed'}"[:500]
    message.updated_at = now
    tx.update(message)
    report.bounced.append(message_id)
