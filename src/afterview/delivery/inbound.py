"""Classify an incoming message: bounce first, then out-of-office, then automated, then a reply.

Pure: takes the raw bytes (or a parsed message) and today's date, returns an `Incoming`-ready
description. Malformed messages never raise: whatever can be read is read, the rest is empty.
The order follows docs/delivery.md ("Reading replies").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import getaddresses, parsedate_to_datetime

from afterview.delivery import autoreply, bounces, replies
from afterview.delivery.matching import Incoming
from afterview.domain.model import InboundKind, ReplyClass

MAX_TEXT = 200_000  # characters of body text read for classification


@dataclass(slots=True)
class Classified:
    """An incoming message as Afterview understands it."""

    category: str  # "bounce", "delay", "report", "auto_reply", "automated", "reply"
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
    bounce: bounces.Report | None = None
    opt_out: str = ""  # the sentence of a reply asking not to be contacted again (see replies.opt_out)

    @property
    def inbound_kind(self) -> InboundKind | None:
        """The kind recorded as a fact; None for what is not recorded (delays, reports)."""
        return {
            "bounce": InboundKind.BOUNCE,
            "auto_reply": InboundKind.AUTO_REPLY,
            "reply": InboundKind.REPLY,
            "automated": InboundKind.REPLY,  # read only when it comes from a known employer
        }.get(self.category)

    def incoming(self) -> Incoming:
        return Incoming(
            from_address=self.from_address,
            subject=self.subject,
            in_reply_to=self.in_reply_to,
            references=self.references,
            bounced_message_id=self.bounce.original_message_id if self.bounce else "",
            failed_recipients=self.bounce.failed_recipients if self.bounce else [],
        )


def parse(raw: bytes) -> EmailMessage:
    """Parse raw bytes leniently (the email package records defects instead of raising)."""
    return message_from_bytes(raw, policy=default_policy)  # type: ignore[return-value]


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except (ValueError, IndexError, TypeError, AttributeError):  # a malformed header: its raw text
        value = next((v for k, v in msg.raw_items() if k.lower() == name.lower()), None)
    return " ".join(str(value).split()) if value is not None else ""


def _ids(value: str) -> list[str]:
    return re.findall(r"<[^<>\s]+>", value)


def _sender(msg: EmailMessage) -> tuple[str, str]:
    try:
        pairs = getaddresses([_header(msg, "From")])
    except (ValueError, IndexError):
        pairs = []
    name, address = pairs[0] if pairs else ("", "")
    return name, address.strip().lower()


def _date(msg: EmailMessage) -> datetime | None:
    try:
        moment = parsedate_to_datetime(_header(msg, "Date"))
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment


def body_text(msg: EmailMessage) -> str:
    """The plain text of a message (HTML reduced to text when there is no plain part)."""
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
    except (KeyError, AttributeError, TypeError):
        part = None
    if part is None:
        return ""
    try:
        charset = str(part.get_param("charset") or "").strip().lower()
        if charset in ("", "us-ascii", "ascii") and not (part.get_payload(decode=True) or b"").isascii():
            raise LookupError("8-bit text with no charset declared")  # its bytes read as _undeclared says
        text = part.get_content()
    except (LookupError, ValueError, AttributeError, AssertionError):
        text = _undeclared(part.get_payload(decode=True) or b"")
    if not isinstance(text, str):
        return ""
    text = text[:MAX_TEXT]
    if part.get_content_subtype() == "html":
        text = _html_to_text(text)
    return text


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


def classify(raw: bytes | EmailMessage, *, today: date) -> Classified:
    """What an incoming message is, in the order bounce, auto-reply, automated, reply."""
    msg = parse(raw) if isinstance(raw, (bytes, bytearray)) else raw
    name, address = _sender(msg)
    base = Classified(
        category="reply",
        message_id=_header(msg, "Message-ID"),
        from_address=address,
        from_name=name,
        subject=_header(msg, "Subject"),
        date=_date(msg),
        in_reply_to=_ids(_header(msg, "In-Reply-To")),
        references=_ids(_header(msg, "References")),
    )
    report = bounces.detect(msg)
    if report is not None:
        base.category = {"bounce": "bounce", "delay": "delay"}.get(report.kind, "report")
        base.bounce = report
        base.evidence = report.reason or report.kind
        return base
    full_text = body_text(msg)
    base.text = replies.strip_reply(full_text)
    signals = autoreply.signals(msg, base.subject, base.text or full_text)
    if signals.out_of_office:
        base.category = "auto_reply"
        base.evidence = signals.reason
        base.return_date = autoreply.apple_end_date(msg) or autoreply.return_date(base.text or full_text, today)
        return base
    base.classification, base.said = replies.classify_reply(base.text)
    base.evidence = base.said
    if signals.automated:
        base.category = "automated"
        base.evidence = f"{signals.reason}; {base.evidence}".strip("; ")
    else:  # a person's own words (a tracking system's footer is no request of theirs)
        base.opt_out = replies.opt_out(base.text)
    return base


def summary(item: Classified) -> str:
    """One line for lists: what it is and why."""
    if item.category == "bounce" and item.bounce:
        return f"bounce: {item.bounce.reason or 'delivery failed'}"[:300]
    if item.category == "auto_reply":
        back = f", back {item.return_date.isoformat()}" if item.return_date else ""
        return f"out of office{back} ({item.evidence})"
    # its own words, never the header that showed it automated: the sentence that decided its
    # class, else its beginning
    first = " ".join(item.text.split())[:160]
    if item.opt_out:  # said in its words, which `replies` and `sync` find again (reading.asks_no_contact)
        said = f"{replies.ASKS_NO_CONTACT}: {item.opt_out}"
        if item.said and item.classification != ReplyClass.OTHER:
            return f"{item.classification.value}: {item.said[:160]}; {said}"[:420]
        return f"{item.classification.value}: {said}"[:300]
    return f"{item.classification.value}: {item.said or first}"[:300]
