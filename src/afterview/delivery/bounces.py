"""Bounces and other delivery reports (RFC 3464, 6522, 6533), and the many bounces that are not.

Checked first on every incoming message: many bounces also carry `Auto-Submitted`, so they
would otherwise pass for auto-replies. `Action: delayed` is a warning, not a failure; abuse
reports (`feedback-report`) and read receipts (`disposition-notification`) are neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import EmailMessage, Message as RawMessage
from email.parser import BytesHeaderParser, HeaderParser
from email.utils import getaddresses

from afterview.delivery.mime import LENIENT

DSN_TYPES = ("delivery-status", "global-delivery-status")
NOT_BOUNCE_TYPES = ("feedback-report", "disposition-notification", "global-disposition-notification")

_BOUNCE_SENDERS = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@", re.I)
# Exchange sends its non-delivery reports from "MicrosoftExchange" and a hex id, often with no
# empty Return-Path that a mailbox keeps, and marks them with this header (its value may be empty).
_EXCHANGE_SENDER = re.compile(r"^microsoftexchange[0-9a-f]*@", re.I)
EXCHANGE_NDR_HEADER = "X-MS-Exchange-Message-Is-Ndr"
_BOUNCE_SUBJECTS = re.compile(
    r"undeliverable|undelivered mail|delivery status notification \((failure|delay)\)"
    r"|delivery (has )?failed|mail delivery failed|returned mail|failure notice"
    r"|delivery failure|non[- ]?delivery|could not be delivered|unzustellbar"
    r"|nicht zustellbar|non remis|non distribuable|no se puede entregar|no entregado"
    r"|mancato recapito|niet bezorgd|onbestelbaar|kan inte levereras|ikke levert",
    re.I,
)
_DELAY_SUBJECTS = re.compile(r"delayed mail|delivery delayed|\(delay\)|warning: message .* delayed", re.I)
_MSGID_IN_TEXT = re.compile(r"^\s*Message-ID:\s*(<[^>\s]+>)", re.I | re.M)
_ADDR_IN_TEXT = re.compile(r"<?([A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>?")
_STATUS_IN_TEXT = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
# A full mailbox (RFC 3463 X.2.2, and the words servers say it in): the address is right.
_MAILBOX_FULL = re.compile(
    r"\b[45]\.2\.2\b|mailbox (?:is )?full|out of storage|over (?:its |the )?quota|quota exceeded|exceeded (?:its |the )?"
    r"(?:storage )?quota|insufficient (?:system )?storage|mailbox (?:size limit|has exceeded)",
    re.I,
)
# How a bounce's reason starts ("lars@x.example: 4.2.2 ...", see Report.reason): its status.
_REASON_STATUS = re.compile(r"^[^\s:]*:\s*([245])\.\d{1,3}\.\d{1,3}\b")
MAILBOX_FULL = "their mailbox was full"
TEMPORARY = "the failure was temporary (a 4.x.x status)"


@dataclass(slots=True)
class RecipientStatus:
    address: str
    action: str  # failed, delayed, delivered, relayed, expanded
    status: str = ""  # "5.1.1"
    diagnostic: str = ""

    @property
    def failed(self) -> bool:
        if self.action == "failed":
            return True
        return not self.action and self.status.startswith("5")


@dataclass(slots=True)
class Report:
    """What a delivery report says: failed or only delayed, for whom, about which message."""

    # "bounce", "delay", "other-report" (abuse report, read receipt), "unclear" (a delivery
    # report whose status cannot be read: said, not acted on)
    kind: str
    recipients: list[RecipientStatus] = field(default_factory=list)
    original_message_id: str = ""
    dsn: bool = True  # a proper RFC 3464 report (False: recognised by heuristics)

    @property
    def failed_recipients(self) -> list[str]:
        return [r.address for r in self.recipients if r.failed]

    @property
    def reason(self) -> str:
        for r in self.recipients:
            if r.failed:
                detail = r.diagnostic or "no diagnostic given"
                return f"{r.address}: {r.status or 'failed'} {detail}".strip()
        return ""


def not_the_address(reason: str) -> str:
    """Why a bounce's reason (`Report.reason`, as a failed message keeps it after "bounced:") says
    nothing against the address: "their mailbox was full" (RFC 3463 X.2.2, 4.2.2 or 5.2.2, or a
    server's words for it: "inbox is out of storage space", "over quota"), "the failure was
    temporary (...)" for another 4.x.x status a server gave up on all the same; "" when the
    address itself may be wrong (5.1.1 user unknown, and any other permanent failure).

    >>> not_the_address("carla@globex.example: 4.2.2 The recipient's inbox is out of storage space.")
    'their mailbox was full'
    """
    if _MAILBOX_FULL.search(reason or ""):
        return MAILBOX_FULL
    status = _REASON_STATUS.match((reason or "").strip())
    return TEMPORARY if status is not None and status.group(1) == "4" else ""


def bounced_address(summary: str) -> str:
    """The address a recorded bounce failed at, read from its summary (`inbound.summary`:
    "bounce: ADDRESS: STATUS ...", or "bounce: WHY, try again later; ADDRESS: ..."); "" when it
    names none. The message it returned may since have been re-addressed (`approve` after
    `person edit --email`), so its own address is not the one that bounced.

    >>> bounced_address("bounce: priya@old.example: 5.1.1 550 5.1.1 User unknown")
    'priya@old.example'
    """
    text = (summary or "").removeprefix("bounce:").strip()
    if ", try again later; " in text:
        text = text.partition(", try again later; ")[2]
    address = text.partition(": ")[0].strip()
    return address if "@" in address and not any(c.isspace() for c in address) else ""


def detect(msg: EmailMessage) -> Report | None:
    """A Report when `msg` is a bounce, a delay warning or another report; None otherwise."""
    if msg.get_content_type() == "multipart/report":
        report_type = (msg.get_param("report-type") or "").lower()
        if report_type in DSN_TYPES:
            return _parse_dsn(msg)
        if report_type in NOT_BOUNCE_TYPES:
            return Report(kind="other-report")
    if _part_of_type(msg, "message/feedback-report") or _part_of_type(msg, "message/disposition-notification"):
        return Report(kind="other-report")
    return _heuristic(msg)


def _part_of_type(msg: EmailMessage, ctype: str) -> RawMessage | None:
    for part in msg.walk():
        if part.get_content_type() == ctype:
            return part
    return None


def _parse_dsn(msg: EmailMessage) -> Report:
    """A delivery report's per-recipient status: failed ("bounce"), only delayed ("delay"), or
    none to read at all ("unclear": the message it returns is left as it is, and the report
    said for the user to check; a failure is never guessed from a report that says none)."""
    recipients: list[RecipientStatus] = []
    status_part = _status_part(msg)
    if status_part is not None:
        for block in _status_blocks(status_part):
            rcpt = _recipient(block)
            if rcpt is not None:
                recipients.append(rcpt)
    report = Report(kind="bounce", recipients=recipients, original_message_id=_returned_message_id(msg))
    if recipients and not any(r.failed for r in recipients):
        report.kind = "delay" if any(r.action == "delayed" for r in recipients) else "other-report"
    if not recipients:
        said = _heuristic(msg)  # X-Failed-Recipients, or a delay said in its subject
        if said is not None and (said.kind == "delay" or str(msg.get("X-Failed-Recipients", "")).strip()):
            said.dsn = True
            return said
        report.kind = "unclear"
    return report


# The fields of a delivery-status part, found in a part labelled otherwise (text/plain)
_STATUS_FIELDS = re.compile(r"^(?:Final-Recipient|Original-Recipient)[ \t]*:", re.I | re.M)
_HEADERS_TYPES = ("text/rfc822-headers", "message/rfc822-headers", "text/global-headers")


def _status_part(msg: EmailMessage) -> RawMessage | None:
    """The part of a report that holds its status fields: its message/delivery-status part, else
    a part some senders label otherwise (text/plain) whose text holds them."""
    found = _part_of_type(msg, "message/delivery-status") or _part_of_type(msg, "message/global-delivery-status")
    if found is not None:
        return found
    for part in msg.walk():
        if (part.get_content_maintype() == "text" and part.get_content_type() not in _HEADERS_TYPES
                and _STATUS_FIELDS.search(_part_text(part))):
            return part
    return None


def _part_text(part: RawMessage) -> str:
    """A leaf part's text, its transfer encoding undone ("" when there is none)."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return ""
    try:
        raw = part.get_payload(decode=True)
    except (LookupError, ValueError, AttributeError, AssertionError, TypeError):
        raw = None
    if isinstance(raw, bytes):
        try:
            return raw.decode(str(part.get_content_charset() or "utf-8"), "replace")
        except LookupError:  # a charset Python does not know: the fields are ASCII all the same
            return raw.decode("utf-8", "replace")
    return payload if isinstance(payload, str) else ""


def _status_blocks(part: RawMessage) -> list[RawMessage]:
    """The field blocks of a delivery-status part (per message, then per recipient)."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return payload
    # Some senders mislabel the part; parse its text as blank-line separated header blocks.
    text = _part_text(part).replace("\r\n", "\n")
    return [HeaderParser(policy=LENIENT).parsestr(chunk.strip() + "\n") for chunk in re.split(r"\n\s*\n", text) if chunk.strip()]


def _field_value(block: RawMessage, name: str) -> str:
    value = block.get(name)
    return " ".join(str(value).split()) if value is not None else ""


def _recipient(block: RawMessage) -> RecipientStatus | None:
    final = _field_value(block, "Final-Recipient") or _field_value(block, "Original-Recipient")
    if not final:
        return None
    address = final.split(";", 1)[-1].strip().strip("<>")
    action = _field_value(block, "Action").lower().split(" ")[0]
    status = _field_value(block, "Status").split(" ")[0]
    diagnostic = _field_value(block, "Diagnostic-Code")
    if ";" in diagnostic:
        diagnostic = diagnostic.split(";", 1)[1].strip()
    return RecipientStatus(address=address, action=action, status=status, diagnostic=diagnostic[:300])


def _returned_message_id(msg: EmailMessage) -> str:
    """The Message-ID of the message that bounced, from the returned part or the text."""
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype in ("message/rfc822", "message/global"):
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            if hasattr(inner, "get"):
                value = inner.get("Message-ID")
                if value:
                    return str(value).strip()
        if ctype in ("text/rfc822-headers", "message/rfc822-headers", "text/global-headers"):
            raw = part.get_payload(decode=True) or b""
            headers = BytesHeaderParser(policy=LENIENT).parsebytes(raw)
            if headers.get("Message-ID"):
                return str(headers["Message-ID"]).strip()
    match = _MSGID_IN_TEXT.search(_all_text(msg))
    return match.group(1) if match else ""


def _all_text(msg: EmailMessage) -> str:
    chunks = []
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            try:
                chunks.append(part.get_content())
            except (LookupError, ValueError, AttributeError):
                raw = part.get_payload(decode=True) or b""
                chunks.append(raw.decode("utf-8", "replace"))
    return "\n".join(chunks)[:200_000]


def _heuristic(msg: EmailMessage) -> Report | None:
    """Bounces that are not proper DSNs: recognised by sender, envelope and subject."""
    sender = _first_address(msg.get("From", ""))
    subject = str(msg.get("Subject", ""))
    null_path = "Return-Path" in msg and str(msg.get("Return-Path", "")).strip() in ("<>", "")
    failed_header = str(msg.get("X-Failed-Recipients", "")).strip()
    from_daemon = bool(_BOUNCE_SENDERS.match(sender))
    bounce_subject = bool(_BOUNCE_SUBJECTS.search(subject))
    exchange_ndr = EXCHANGE_NDR_HEADER in msg  # Exchange's own mark of its reports, whoever it is from
    from_exchange = bool(_EXCHANGE_SENDER.match(sender))
    if not (failed_header or exchange_ndr or (bounce_subject and (from_daemon or null_path or from_exchange))
            or ((from_daemon or from_exchange) and _DELAY_SUBJECTS.search(subject))):
        return None
    text = _all_text(msg)
    if _DELAY_SUBJECTS.search(subject) and not failed_header:
        return Report(kind="delay", original_message_id=_returned_message_id(msg), dsn=False)
    failed = [a.strip().strip("<>") for a in failed_header.split(",") if a.strip()] or _addresses_in(text, sender)
    status = _STATUS_IN_TEXT.search(text)
    diagnostic = _diagnostic_line(text)
    recipients = [
        RecipientStatus(address=a, action="failed", status=status.group(0) if status else "5.0.0", diagnostic=diagnostic)
        for a in failed
    ]
    return Report(kind="bounce", recipients=recipients, original_message_id=_returned_message_id(msg), dsn=False)


def _first_address(value: str) -> str:
    pairs = getaddresses([str(value)])
    return pairs[0][1].lower() if pairs and pairs[0][1] else ""


def _addresses_in(text: str, sender: str) -> list[str]:
    """Addresses named in the human-readable part before any returned headers."""
    head = re.split(r"^\s*(?:-{2,}|Received:|Return-Path:|From:)", text, maxsplit=1, flags=re.M)[0]
    seen: list[str] = []
    for match in _ADDR_IN_TEXT.finditer(head[:5000]):
        addr = match.group(1).lower()
        if addr != sender and not _BOUNCE_SENDERS.match(addr) and addr not in seen:
            seen.append(addr)
    return seen[:5]


# A line of a bounce's text that gives the server's reason: an SMTP reply code, an enhanced
# status code (qmail's "Sorry, no mailbox here by that name. (#5.1.1)"), or the usual words.
_DIAGNOSTIC = re.compile(
    r"\b5\d\d\b|\(?#?\b[45]\.\d{1,3}\.\d{1,3}\b|does not exist|user unknown|unknown user|no such user"
    r"|no mailbox|mailbox (?:is )?(?:full|unavailable|not found)|rejected",
    re.I,
)


def _diagnostic_line(text: str) -> str:
    """The first line of a bounce's own words (before the returned copy) that gives the reason."""
    head = re.split(r"^\s*-{2,}.*(?:copy|original|below)|^\s*(?:Received|Return-Path):", text, maxsplit=1,
                    flags=re.M | re.I)[0]
    for line in head.splitlines():
        stripped = line.strip()
        if _DIAGNOSTIC.search(stripped):
            return stripped[:300]
    return ""
