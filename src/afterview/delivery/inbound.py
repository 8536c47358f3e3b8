"""Classify an incoming message: bounce first, then out-of-office, then automated, then a reply.

Pure: takes the raw bytes (or a parsed message) and today's date, returns an `Incoming`-ready
description. Malformed messages never raise: whatever can be read is read, the rest is empty; a
header that cannot be parsed is its raw text, without control characters (`mime.LENIENT`). Only a
message whose MIME structure is beyond what is parsed (parts nested too deep, too many parts:
`mime.structure_problem`) is not read at all: `classify` raises `mime.Unreadable`. The text read
(subject, sender's name, words) loses the characters that act instead of showing (terminal escape
codes, bidirectional overrides, NUL), as imported text does (`domain.values.plain_text`).
The order follows docs/delivery.md ("Reading replies"). The sender's address is read as
addresses are kept (`domain.values.address_key`): a UTF-8 header (RFC 6532) that writes
"jose@bücher.example" gives "jose@xn--bcher-kva.example", the address stored for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from afterview.delivery import autoreply, bounces, mime, replies
from afterview.delivery.matching import Incoming, domain_of, is_ats_domain
from afterview.delivery.spelling import nfc
from afterview.domain.model import InboundKind, ReplyClass
from afterview.domain.values import address_key, plain_text, remove_controls

MAX_TEXT = 200_000  # characters of body text read for classification
LEFT_SAID = "has left, says an automatic reply"  # how the summary of a "left" message says it
ONLY_SIGNATURE = "(only a signature and quoted text)"  # a reply with no words of its own ("-- ", a quote)


@dataclass(slots=True)
class Classified:
    """An incoming message as Afterview understands it."""

    # "bounce", "delay", "report" (also a delivery report whose status cannot be read, its
    # bounce.kind "unclear": said, never acted on), "auto_reply", "left" (an automatic reply
    # saying they have left),
    # "bulk" (mailing-list or bulk mail: see `classify`), "automated", "reply"
    category: str
    message_id: str = ""
    from_address: str = ""
    from_name: str = ""
    subject: str = ""
    date: datetime | None = None
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    text: str = ""  # the new text of a reply (quotes and signature stripped)
    classification: ReplyClass = ReplyClass.OTHER
    evidence: str = ""  # why: the header or sentence that decided
    said: str = ""  # of a reply: the sentence its class was read from (or why it needs review), for its summary
    return_date: date | None = None
    # of an out-of-office reply: the date in figures that reads two ways, when that is why it has
    # no return date ("until 12/7" from Britain: autoreply.return_reading)
    two_ways: autoreply.TwoWays | None = None
    bounce: bounces.Report | None = None
    opt_out: str = ""  # the sentence of a reply asking not to be contacted again (see replies.opt_out)
    unread: str = ""  # why no text was read: "(empty message)", "(no readable text)", "(text not read: ...)"
    points_to: list[str] = field(default_factory=list)  # of "left": the addresses it gives instead
    reply_to: str = ""  # its Reply-To address (a tracking system's mail may give the recruiter's)
    # of a reply that decides nothing yet: the day it says they will decide (or tell) by, and the
    # sentence that says so (see replies.decision_date); offered to the user, never recorded
    decision_date: date | None = None
    decision_said: str = ""
    # of one that gives no such day: the sentence that speaks of when they will tell all the same
    # ("we'll get back to you in a couple of weeks": replies.timing_said), read from its whole new
    # text; its summary keeps it, for the hint to give the date they named
    timing: str = ""

    @property
    def inbound_kind(self) -> InboundKind | None:
        """The kind recorded as a fact; None for what is not recorded (delays, reports)."""
        return {
            "bounce": InboundKind.BOUNCE,
            "auto_reply": InboundKind.AUTO_REPLY,
            "reply": InboundKind.REPLY,
            "automated": InboundKind.REPLY,  # read only when it comes from a known employer
            "bulk": InboundKind.REPLY,  # read only when it answers a message of ours
            # their address no longer reaches them: a reply to review, which stops what the
            # planner would otherwise only postpone (an out-of-office reply with no date)
            "left": InboundKind.REPLY,
        }.get(self.category)

    def incoming(self) -> Incoming:
        return Incoming(
            from_address=self.from_address,
            subject=self.subject,
            in_reply_to=self.in_reply_to,
            references=self.references,
            bounced_message_id=self.bounce.original_message_id if self.bounce else "",
            failed_recipients=self.bounce.failed_recipients if self.bounce else [],
            body=self.text,
            from_name=self.from_name,
        )


def parse(raw: bytes) -> EmailMessage:
    """Parse raw bytes leniently (the email package records defects instead of raising; a header
    it cannot parse is its raw text; a structure beyond the caps, its headers alone: `mime.read`)."""
    return mime.parse(raw)


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except (ValueError, IndexError, TypeError, AttributeError):  # a malformed header: its raw text
        value = next((v for k, v in msg.raw_items() if k.lower() == name.lower()), None)
    return " ".join(str(value).split()) if value is not None else ""


def _ids(value: str) -> list[str]:
    return re.findall(r"<[^<>\s]+>", value)


# The address in angle brackets that ends a From header ("... <bill@initech.example>").
_LAST_ANGLE = re.compile(r"<\s*([^<>\s]+@[^<>\s]+?)\s*>\s*$")


def sender_of(value: str) -> tuple[str, str]:
    """The name and address a From header's text gives. The address parser stops at a character
    a name may not hold unquoted (the "[" of a terminal's colour code in an encoded word,
    "=?utf-8?q?Bill=1B[0m_Lumbergh?=", or of "Bill [HR] Lumbergh") and gives a piece of the name
    as the address; so when the header ends with an address in angle brackets, that is the
    sender's, and the text before it their name (its encoded words as written)."""
    name, address = parseaddr(value)
    found = _LAST_ANGLE.search(value)
    if found is None or found.group(1) == address:
        return name, address
    return value[:found.start()].strip().strip('"').strip(), found.group(1)


def _sender(msg: EmailMessage) -> tuple[str, str]:
    """The sender's name and address. The parser stops at a character a name may not hold
    unquoted ("Bill [HR] Lumbergh <bill@...>", a colour code "Bill\x1b[0m Lumbergh") and gives a
    piece of the name as the address: then the address in angle brackets that ends the header
    as written is the sender's (`sender_of`, the rule reading's header check uses too)."""
    try:
        pairs = getaddresses([_header(msg, "From")])
    except (ValueError, IndexError):
        pairs = []
    name, address = pairs[0] if pairs else ("", "")
    written = " ".join(next((str(v) for k, v in msg.raw_items() if k.lower() == "from"), "").split())
    said_name, said = sender_of(written)
    if said and "@" in said and address_key(said) != address_key(address):
        name, address = said_name, said
    return name, address_key(address)


def _date(msg: EmailMessage) -> datetime | None:
    try:
        moment = parsedate_to_datetime(_header(msg, "Date"))
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment


# How far ahead of its arrival a message's Date may be and still be taken as when it came: the
# sender's clock and the server's rarely agree to the second.
CLOCK_SKEW = timedelta(minutes=5)


def received_at(written: datetime | None, arrived: datetime | None, now: datetime) -> datetime:
    """When an incoming message is recorded as received.

    Its Date header (`written`: when its sender sent it) as a rule: the server's INTERNALDATE
    (`arrived`) is when it was filed, which a copy moved between folders or restored from a
    backup has later. But a Date in the future, more than CLOCK_SKEW after the message was read
    (`now`) and after it arrived, comes from a clock set wrong, or was made up: taken as it is,
    the reply would sit in the future, ahead of everything written after it, and answer notes
    not yet sent. The earlier moment is taken then: when it arrived (its INTERNALDATE), else,
    with none, when it was read. No Date at all: when it arrived, else now. A moment without a
    zone (a server's local INTERNALDATE) is taken as UTC."""
    def aware(moment: datetime | None) -> datetime | None:
        return moment.replace(tzinfo=timezone.utc) if moment is not None and moment.tzinfo is None else moment

    written, arrived = aware(written), aware(arrived)
    came = min(arrived, now) if arrived is not None else now  # the latest it can have been sent
    if written is None:
        return arrived or now
    # "in the future": later than both when it was read and when it arrived (a server whose clock
    # is ahead files it later than now; a Date between the two is not in the future, and kept)
    ahead = written > max(arrived or now, now) + CLOCK_SKEW
    return came if ahead else written


def body_text(msg: EmailMessage) -> str:
    """The plain text of a message (HTML reduced to text when there is no plain part)."""
    return read_text(msg)[0]


def read_text(msg: EmailMessage, *, cut: bool = False) -> tuple[str, str]:
    """(The plain text of a message, why there is none: "" when there is text).

    HTML is reduced to text when there is no plain part. A multipart message whose boundary is
    not found (a broken structure) is read as the text it holds, its part headers and boundary
    lines left out. `cut`: only the message's beginning was read (a large one), so a text part
    after a large attachment is missing: said as such."""
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
    except (KeyError, AttributeError, TypeError):
        part = None
    if part is None:
        text = _broken_structure(msg)
    else:
        text = _part_text(part)
        if part.get_content_subtype() == "html":
            text = _html_to_text(text)
    if text.strip():
        return text, ""
    if part is None and cut:
        return "", "(text not read: a large message, its text after an attachment; only its beginning is read)"
    return "", "(empty message)" if _empty(msg) else "(no readable text)"


def _part_text(part) -> str:
    """A text part's text: by its charset; UTF-8 (declared, or none declared) that is not valid
    UTF-8, or a charset Python does not know, is read as _undeclared says."""
    try:
        raw = part.get_payload(decode=True) or b""
    except (LookupError, ValueError, AttributeError, AssertionError, TypeError):
        raw = b""
    try:
        charset = str(part.get_param("charset") or "").strip().lower()
        if charset in ("", "us-ascii", "ascii", "utf-8", "utf8") and not raw.isascii():
            text = _undeclared(raw)  # valid UTF-8 as it is, else Windows-1252 (Latin-1 bytes)
        else:
            text = part.get_content()
    except (LookupError, ValueError, AttributeError, AssertionError):
        text = _undeclared(raw)
    return text[:MAX_TEXT] if isinstance(text, str) else ""


_PART_LINE = re.compile(r"^(?:--[^\s]{1,200}|content-[\w-]+:.*|mime-version:.*)$", re.I)


def _broken_structure(msg: EmailMessage) -> str:
    """The text of a message declared multipart whose parts could not be found (its boundary
    is not in it): its body as written, without boundary lines and part headers."""
    if msg.get_content_maintype() != "multipart" or msg.is_multipart():
        return ""
    payload = msg.get_payload()
    if isinstance(payload, bytes):
        payload = _undeclared(payload)
    if not isinstance(payload, str):
        return ""
    if not payload.isascii():  # 8-bit text the parser kept as surrogates: its bytes read again
        payload = _undeclared(payload.encode("utf-8", "surrogateescape"))
    lines = [line for line in payload[:MAX_TEXT].replace("\r\n", "\n").split("\n") if not _PART_LINE.match(line.strip())]
    return "\n".join(lines).strip()


def _empty(msg: EmailMessage) -> bool:
    """Whether a message holds nothing at all: no parts, no bytes in its body."""
    if msg.is_multipart():
        return all(_empty(p) for p in msg.get_payload() if hasattr(p, "is_multipart"))
    try:
        payload = msg.get_payload(decode=True)
    except (LookupError, ValueError, AttributeError, AssertionError, TypeError):
        payload = None
    return not (payload or b"").strip()


def _undeclared(raw: bytes) -> str:
    """Text whose charset is not declared (or unknown): UTF-8 when it is valid UTF-8 (plain ASCII
    is), else Windows-1252, the usual 8-bit charset of such mail (Latin-1 for the few bytes it
    leaves undefined)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _html_to_text(html: str) -> str:
    import html as html_lib

    html = re.sub(r"(?is)<(script|style|blockquote)\b.*?</\1>", " ", html)
    html = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", html)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", html))


def classify(raw: bytes | EmailMessage, *, today: date, size: int = 0,
             sender_country: Callable[[str], str] | None = None,
             recorded: Callable[[str], bool] | None = None) -> Classified:
    """What an incoming message is, in the order bounce, auto-reply, automated, reply.
    `size`: the whole message's size in bytes, when `raw` is only its beginning (a large one).
    `sender_country(address)`: the country recorded for a sender (ISO code, "" when none), by
    which a return date such as "5/1" reads (`autoreply.day_first_in`: day first but in the
    United States and a few more); not given or "", by the words around it.

    Mailing-list and bulk mail (`List-Id`, `List-Unsubscribe`, `Precedence: bulk`: a newsletter,
    a marketing mail) is "bulk", whatever its words say ("Unfortunately our office will be
    closed" is no rejection), unless an applicant-tracking system sent it (its From, Sender or
    Return-Path at one): their rejections and invitations often carry such headers, and are
    read as automated mail is. A bulk message counts only when it answers one of our messages
    (see reading.record). An automatic reply saying its owner has left is "left", not an
    out-of-office reply: no return date will come.

    `recorded(address)`: whether an address is a recorded person's own. Their mail is read as any
    of theirs, list headers or not (a recruiting tool such as Gem or Outreach adds
    `List-Unsubscribe` to a recruiter's own mail): it is never "bulk".

    Automated mail (an out-of-office reply included) that states a decision is that decision: a
    rejection or an offer read in it outranks its out-of-office signals and any "has left"; a
    next round outranks an out-of-office reply known by its wording alone ("our recruiting team
    is out of the office from December 21"). Only out-of-office signals mean "postpone".

    A message whose MIME structure is beyond what is parsed (`mime.structure_problem`) raises
    `mime.Unreadable`, saying why: nothing of it is read."""
    if isinstance(raw, (bytes, bytearray)):
        msg, problem = mime.read(bytes(raw))
        if problem:
            raise mime.Unreadable(problem)
    else:
        msg = raw
    cut = isinstance(raw, (bytes, bytearray)) and size > len(raw)
    name, address = _sender(msg)
    base = Classified(
        category="reply",
        message_id=_header(msg, "Message-ID"),
        from_address=address,
        from_name=plain_text(name)[0],
        subject=plain_text(_header(msg, "Subject"))[0],
        date=_date(msg),
        in_reply_to=_ids(_header(msg, "In-Reply-To")),
        references=_ids(_header(msg, "References")),
        reply_to=_address(msg, "Reply-To"),
    )
    report = bounces.detect(msg)
    if report is not None:
        base.category = {"bounce": "bounce", "delay": "delay"}.get(report.kind, "report")
        base.bounce = report
        base.evidence = report.reason or report.kind
        return base
    full_text, base.unread = read_text(msg, cut=cut)
    full_text = nfc(remove_controls(full_text)[0])  # "u" and a combining diaeresis (as some mail programs write "ü") is "ü"
    invite = invitation(msg, base.subject, full_text)
    if invite is not None and not full_text.strip():  # only an invitation: its event's words are its text
        full_text, base.unread = invite.text, ""
    base.text = replies.strip_reply(full_text)
    if not base.text.strip() and full_text.strip() and not base.unread:
        base.unread = ONLY_SIGNATURE  # nothing of their own: said, never an empty summary
    person = recorded is not None and bool(address) and recorded(address)
    signals = autoreply.signals(msg, base.subject, base.text or full_text, person=person)
    tracking = _from_tracking_system(msg)
    reading = replies.classify_reply(base.text) if signals.automated else None
    decided = reading if _decides(signals, reading) else None
    back, two_ways = None, None
    if signals.out_of_office and decided is None:
        # counted from the note's own day (a note of 1 Dec read on 15 Dec still says "until 14 Dec")
        written = base.date.date() if base.date is not None and base.date.date() <= today else today
        day_first = autoreply.day_first_in(sender_country(address)) if sender_country is not None else None
        back = autoreply.apple_end_date(msg)
        if back is None:
            back, two_ways = autoreply.return_reading(base.text or full_text, written, day_first=day_first)
    if decided is None and (signals.out_of_office or (signals.automated and not signals.bulk and not tracking)):
        said, base.points_to = autoreply.left(base.text or full_text, address)
        if said and not (back is not None and autoreply.only_mailbox(said)):
            base.category = "left"
            base.classification, base.said = ReplyClass.NEEDS_REVIEW, said
            base.evidence = f"{signals.reason}; {said}"
            return base
        base.points_to = []
    if signals.out_of_office and decided is None:
        base.category = "auto_reply"
        base.evidence = signals.reason
        base.return_date, base.two_ways = back, two_ways
        return base
    base.classification, base.said = reading or replies.classify_reply(base.text)
    if invite is not None:
        base.classification, base.said = invited(invite, base.classification, base.said)
    base.evidence = base.said
    if base.classification in (ReplyClass.OTHER, ReplyClass.NEEDS_REVIEW) and not (signals.bulk and not tracking):
        day_first = autoreply.day_first_in(sender_country(address)) if sender_country is not None else None
        base.decision_date, base.decision_said = replies.decision_date(
            base.text, _written_day(base.date, today), day_first=day_first,
            country=sender_country(address) if sender_country is not None else "")
        if base.decision_date is None:
            base.timing = replies.timing_said(base.text)
    if signals.bulk and not tracking:
        base.category = "bulk"
        base.evidence = f"{signals.reason}; {base.evidence}".strip("; ")
    elif signals.automated:
        base.category = "automated"
        base.evidence = f"{signals.reason}; {base.evidence}".strip("; ")
    else:  # a person's own words (a tracking system's footer is no request of theirs)
        base.opt_out = replies.opt_out(base.text)
    return base


def _decides(signals: autoreply.AutoSignals, reading: tuple[ReplyClass, str] | None) -> bool:
    """Whether what automated mail's words state (`reading`) is a decision that outranks its
    out-of-office signals and any "has left" (see `classify`)."""
    if reading is None:
        return False
    if reading[0] in (ReplyClass.REJECTION, ReplyClass.OFFER):
        return True
    return reading[0] == ReplyClass.NEXT_ROUND and (signals.worded or not signals.out_of_office)


def _written_day(written: datetime | None, today: date) -> date:
    """The day a message was written, where its sender wrote it (its Date header's own offset:
    "by Friday" in a reply of Thursday evening in California is the next day's Friday for no one);
    `today` when it has no Date, or one later than today (a clock set wrong)."""
    if written is None or written.astimezone(timezone.utc).date() > today:
        return today
    return written.date()


def _address(msg: EmailMessage, name: str) -> str:
    """The first address of an address header ("" when there is none), as addresses are kept."""
    try:
        pairs = getaddresses([_header(msg, name)])
    except (ValueError, IndexError):
        return ""
    return address_key(pairs[0][1]) if pairs and "@" in pairs[0][1] else ""


def _from_tracking_system(msg: EmailMessage) -> bool:
    """Whether an applicant-tracking system (or a job board) sent the message: its From, Sender
    or Return-Path at one of their domains (Greenhouse sends in an employer's name from its own
    Return-Path)."""
    return any(is_ats_domain(domain_of(_address(msg, h))) for h in ("From", "Sender", "Return-Path"))


# --- calendar invitations ---------------------------------------------------------------------

@dataclass(slots=True)
class Invitation:
    """A calendar invitation a message carries (a text/calendar part, an .ics attachment, or
    Google Calendar's own words)."""

    method: str  # "REQUEST" (an invitation or an update), "CANCEL", "REPLY" ...; "" when not said
    title: str
    text: str  # its title and description: what it says, read as a message's words are


CALENDAR_IMPORT = "afterview calendar import FILE.ics"  # the .ics saved from the message
_GOOGLE_INVITED = re.compile(r"you have been invited to the following event|has invited you to", re.I)
_TITLE_LINE = re.compile(r"^\s*(?:Title|Event|Subject)\s*:\s*(.+)$", re.I | re.M)


def invitation(msg: EmailMessage, subject: str, text: str) -> Invitation | None:
    """The calendar invitation a message carries: its text/calendar part or .ics attachment (its
    METHOD, its first event's SUMMARY and DESCRIPTION), else Google Calendar's "You have been
    invited to the following event" text (its "Title:" line, else the subject's "Invitation:
    ... @"); None when there is none."""
    for part in msg.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        try:
            filename = (part.get_filename() or "").lower()
        except (ValueError, TypeError, AttributeError):
            filename = ""
        if kind in ("text/calendar", "application/ics") or filename.endswith(".ics"):
            found = _calendar(part)
            if found is not None:
                return found
    if _GOOGLE_INVITED.search(text[:3000]):
        line = _TITLE_LINE.search(text[:3000])
        title = (line.group(1).strip() if line
                 else re.sub(r"^\s*(?:updated )?invitation:\s*|\s+@\s.*$", "", subject, flags=re.I))
        return Invitation(method="REQUEST", title=title[:200], text=title[:200])
    return None


def _calendar(part) -> Invitation | None:
    try:
        raw = part.get_payload(decode=True) or b""
    except (LookupError, ValueError, AttributeError, AssertionError, TypeError):
        return None
    try:
        from icalendar import Calendar

        calendar = Calendar.from_ical(_undeclared(raw[:MAX_TEXT]))
        events = calendar.walk("VEVENT")
        method = str(calendar.get("METHOD") or part.get_param("method") or "").strip().upper()
    except Exception:  # a broken calendar (icalendar raises ValueError and others): not an invitation read
        return None
    if not events:
        return None
    title = plain_text(str(events[0].get("SUMMARY") or ""))[0]
    description = remove_controls(str(events[0].get("DESCRIPTION") or "").strip())[0]
    return Invitation(method=method, title=title[:200], text=f"{title}\n\n{description}".strip()[:MAX_TEXT])


def invited(invite: Invitation, classification: ReplyClass, said: str) -> tuple[ReplyClass, str]:
    """What a message carrying a calendar invitation says: a decision read in its words stands
    (a rejection, an offer); an invitation (or an update) to an interview (its title or
    description with one of the keywords `calendar import` takes interviews by) is a next
    round, any other one needs review, and a cancellation too; each says how to record it."""
    if classification in (ReplyClass.REJECTION, ReplyClass.OFFER) or invite.method not in ("REQUEST", "CANCEL", ""):
        return classification, said
    title = invite.title or "(no title)"
    if invite.method == "CANCEL":
        return (ReplyClass.NEEDS_REVIEW,
                f"a calendar invitation cancelled: {title}; to update the interview: {CALENDAR_IMPORT}")
    if _interview_words().search(invite.text):
        return ReplyClass.NEXT_ROUND, f"a calendar invitation: {title}; to add the interview: {CALENDAR_IMPORT}"
    return ReplyClass.NEEDS_REVIEW, f"a calendar invitation: {title}; if it is an interview, add it: {CALENDAR_IMPORT}"


def _interview_words() -> re.Pattern:
    """What makes an event an interview to `afterview calendar import` (its default keywords)."""
    from afterview.importers.recognition import DEFAULT_KEYWORDS

    words = "|".join(re.escape(k) for k in sorted(DEFAULT_KEYWORDS, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.I)


def summary(item: Classified) -> str:
    """One line for lists: what it is and why."""
    if item.category == "bounce" and item.bounce:
        reason = item.bounce.reason or "delivery failed"
        why = bounces.not_the_address(reason)
        if why:  # the address is right: said first, so that a cut reason never loses it
            return f"bounce: {why}, try again later; {reason}"[:300]
        return f"bounce: {reason}"[:300]
    if item.category == "auto_reply":
        if item.two_ways is not None:
            return f"out of office, {two_ways_words(item.two_ways)} ({item.evidence})"
        back = f", back {item.return_date.isoformat()}" if item.return_date else ""
        return f"out of office{back} ({item.evidence})"
    if item.category == "left":  # its words, and where it points (never written to on its own)
        to = f"; it points to {', '.join(item.points_to)}" if item.points_to else ""
        return f"{item.classification.value}: {LEFT_SAID}: {item.said}{to}"[:300]
    # its own words, never the header that showed it automated: the sentence that decided its
    # class, else its beginning; the sentence that says when they will decide instead, when it
    # says so (with a day read from it, or none read and its beginning silent on it: see `_when`)
    first = " ".join((item.decision_said if item.decision_date else _when(item) or item.text).split())[:160]
    if item.decision_date is not None:  # said where `replies.stated_decision` finds it again
        marker = f"; {replies.decision_marker(item.decision_date)}"
        said = f"{item.classification.value}: {item.said or first or item.unread}"[:300 - len(marker)]
        if item.opt_out:
            return f"{said}{marker}; {replies.ASKS_NO_CONTACT}: {item.opt_out}"[:420]
        return f"{said}{marker}"
    if item.opt_out:  # said in its words, which `replies` and `sync` find again (reading.asks_no_contact)
        said = f"{replies.ASKS_NO_CONTACT}: {item.opt_out}"
        if item.said and item.classification != ReplyClass.OTHER:
            return f"{item.classification.value}: {item.said[:160]}; {said}"[:420]
        return f"{item.classification.value}: {said}"[:300]
    said = item.said
    if said and item.timing and not replies.timing_said(said):
        # why it is to review, then the sentence that says when they will tell: in the summary's
        # 300 characters
        when = " ".join(item.timing.split())[:160]
        said = f"{said[:300 - len(item.classification.value) - 4 - len(when)]}; {when}"
    return f"{item.classification.value}: {said or first or item.unread}"[:300]


def two_ways_words(two: autoreply.TwoWays) -> str:
    """What is said of an out-of-office reply whose date reads two ways: both readings, and what
    waits meanwhile (no command records a return date: the playbook's default for a reply with
    none applies)."""
    one, other = sorted((two.theirs, two.other))
    return (f"no return date taken: its date {two.written} reads two ways, {one:%a} {one.day} {one:%b %Y} or "
            f"{other:%a} {other.day} {other:%b %Y}; the notes to them wait as for a reply with no return date "
            "(out_of_office.without_date business days after it, in the playbook)")


def _when(item: Classified) -> str:
    """Of a reply that speaks of when they will tell with no day to read, the sentence that says
    so, for its summary to keep when its first words do not say it (the hint to give the date
    they named is read from the summary again: see services.delivery); "" otherwise. Kept in
    place of its first words, not besides them: no more of the mail is kept."""
    if not item.timing or replies.timing_said(" ".join(item.text.split())[:160]):
        return ""
    return item.timing
