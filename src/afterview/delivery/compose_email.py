"""Build the RFC 5322 email for an outgoing Message, with the standard email package.

The Message-ID is made once, on the sender's domain, and stored on the Message, so a retry or a
Drafts copy carries the same id (that is what lets a restart find a copy in the Sent folder).
Header injection is impossible: a CR or LF in any header value is refused before anything is
built, and a stored Message-ID that is not one (`message_id_problem`: a damaged or hand-edited
record) is refused too. `Auto-Submitted` is never set: our follow-ups must still draw
out-of-office replies.
"""

from __future__ import annotations

import mimetypes
import re
from datetime import datetime
from email.charset import QP, Charset
from email.encoders import encode_base64
from email.header import Header
from email.message import Message as EmailMessage
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path

from afterview.domain.model import Message
from afterview.domain.values import parse_email
from afterview.errors import InvalidInput

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024  # the lowest common provider limit is about 20-25 MB
MAX_LINE = 998  # RFC 5322 2.1.1: characters on a line; servers refuse more ("500 Line too long")
HEADER_LINE = 78  # RFC 5322 2.1.1: the line length a header is folded to
# The compat32 classes build a message about eight times faster than the modern API, which
# matters for the outbox's throughput; every value is checked and encoded here explicitly.
WIRE = compat32.clone(linesep="\r\n")


def check_header_value(what: str, value: str) -> str:
    """Refuse CR, LF and other control characters in a header value (header injection)."""
    if any(ch in value for ch in "\r\n\x00") or any(ord(ch) < 32 and ch != "\t" for ch in value):
        raise InvalidInput(f"{what} contains a line break or control character: {value[:60]!r}")
    return value


# A Message-ID as Afterview makes them (email.utils.make_msgid) and mail programs write them
# (RFC 5322 3.6.4 msg-id, without its obsolete forms): "<" left "@" right ">", printable ASCII
# without spaces, quotes, backslashes or angle brackets. Ours are written in headers and looked
# for in IMAP searches (delivery.imap), so anything else is a damaged or hand-edited record,
# refused wherever it is met (a restore, a copied database), never sent to a server.
_ID_PART = r"[\x21\x23-\x3b\x3d\x3f\x41-\x5b\x5d-\x7e]+"
_MESSAGE_ID = re.compile(f"<{_ID_PART}@{_ID_PART}>")
MAX_MESSAGE_ID = 250  # characters; make_msgid's are about 60
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def message_id_problem(value) -> str | None:
    """Why `value` is not a well-formed Message-ID (see _MESSAGE_ID), or None when it is one."""
    if not isinstance(value, str):
        return "is not text"
    if _CONTROL.search(value):
        return "contains a line break or control character"
    if len(value) > MAX_MESSAGE_ID:
        return f"is {len(value):,} characters long (a Message-ID has at most {MAX_MESSAGE_ID})"
    if not _MESSAGE_ID.fullmatch(value):
        return ("is not a Message-ID (<left@right>, printable ASCII without spaces, quotes, backslashes or angle "
                "brackets)")
    return None


def shown_id(value) -> str:
    """A value for a one-line message: quoted, its controls escaped, shortened."""
    text = value if isinstance(value, str) else str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def domain_of(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower()


def new_message_id(sender_address: str) -> str:
    """A fresh Message-ID on the sender's domain: <unique@domain>."""
    return make_msgid(domain=domain_of(parse_email(sender_address)))


def ensure_message_id(message: Message, sender_address: str) -> str:
    """Fix the Message-ID on the message the first time it is built; keep it after. One stored
    that is not a Message-ID (a damaged or hand-edited database) is refused, in one line."""
    if not message.message_id:
        message.message_id = new_message_id(sender_address)
    else:
        problem = message_id_problem(message.message_id)
        if problem:
            which = f"message {message.id}" if message.id is not None else "the message"
            way_out = f" (afterview discard {message.id} throws the draft away)" if message.id is not None else ""
            raise InvalidInput(f"{which}: its stored Message-ID {shown_id(message.message_id)} {problem}: a damaged "
                               f"or hand-edited record, not written into a mail{way_out}")
    return message.message_id


def format_address(name: str, address: str, what: str) -> str:
    """A From/To value from a display name and an addr-spec, both checked, RFC 2047 encoded."""
    check_header_value(f"{what} name", name)
    check_header_value(f"{what} address", address)
    return formataddr((" ".join(name.split()), parse_email(address)), charset="utf-8")


def _encoded(value: str, header: str) -> str | Header:
    """A header value as it is, or RFC 2047 encoded when it is not plain ASCII or has a word
    too long for a folded line (encoded words can be split across lines, a word cannot). A
    Header is folded by the generator to HEADER_LINE; the text is unchanged once decoded."""
    if value.isascii() and all(len(word) < HEADER_LINE for word in value.split()):
        return value
    return Header(value, "utf-8", header_name=header)


def _msgid_list(values: list[str], what: str) -> str:
    ids = []
    for value in values:
        check_header_value(what, value)
        value = value.strip()
        if value:
            ids.append(value if value.startswith("<") else f"<{value}>")
    return " ".join(ids)


def build_email(
    message: Message,
    *,
    sender_name: str,
    sender_address: str,
    recipient_name: str = "",
    now: datetime,
    base_dir: Path | None = None,
) -> EmailMessage:
    """The email for `message` (sets message.message_id if it had none)."""
    if not message.to_address:
        raise InvalidInput(f"message {message.id}: no recipient address")
    subject = check_header_value("subject", message.subject or "")
    if not subject.strip():
        raise InvalidInput(f"message {message.id}: empty subject")
    headers = [
        ("From", format_address(sender_name, sender_address, "sender")),
        ("To", format_address(recipient_name, message.to_address, "recipient")),
        ("Subject", _encoded(subject, "Subject")),
        ("Date", format_datetime(now)),
        ("Message-ID", ensure_message_id(message, sender_address)),
    ]
    refs = list(message.references)
    if message.in_reply_to:
        headers.append(("In-Reply-To", _msgid_list([message.in_reply_to], "In-Reply-To")))
        if message.in_reply_to not in refs:
            refs.append(message.in_reply_to)
    if refs:
        headers.append(("References", _msgid_list(refs, "References")))
    text = _text_part(message.body)
    files = [_attachment(Path(p).expanduser() if base_dir is None else base_dir / p) for p in message.attachments]
    email = text if not files else _mixed(text, files)
    for name, value in headers:
        email[name] = value
    return email


def _text_part(body: str) -> MIMEText:
    """The text as typed: 7bit when it is ASCII with no line over MAX_LINE characters, else
    quoted-printable (readable in any client and in the raw source, unlike base64), whose soft
    line breaks keep every line short on the wire and vanish when it is decoded."""
    text = _normalise_body(body)
    if text.isascii() and all(len(line) <= MAX_LINE for line in text.split("\n")):
        return MIMEText(text, "plain", "us-ascii")
    charset = Charset("us-ascii" if text.isascii() else "utf-8")
    charset.body_encoding = QP
    return MIMEText(text, "plain", charset)


def _mixed(text: MIMEText, files: list[MIMEBase]) -> MIMEMultipart:
    outer = MIMEMultipart("mixed")
    outer.attach(text)
    for part in files:
        outer.attach(part)
    return outer


def _normalise_body(body: str) -> str:
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.endswith("\n") else text + "\n"


def _attachment(path: Path) -> MIMEBase:
    """A promised file with its guessed MIME type; a missing file is the user's to fix."""
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise InvalidInput(f"attachment too large for most mail servers: {path} ({size // 1_000_000} MB)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"attachment not found: {path}") from None
    except IsADirectoryError:
        raise InvalidInput(f"attachment is a folder, not a file: {path}") from None
    except PermissionError:
        raise InvalidInput(f"attachment not readable: {path}") from None
    ctype, encoding = mimetypes.guess_type(path.name)
    if ctype is None or encoding is not None:
        ctype = "application/octet-stream"
    maintype, subtype = ctype.split("/", 1)
    part = MIMEBase(maintype, subtype)
    part.set_payload(data)
    encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", path.name) if not path.name.isascii() else path.name)
    return part


def as_bytes(email) -> bytes:
    """The wire form (CRLF line ends), as SMTP and IMAP APPEND want it."""
    return email.as_bytes(policy=WIRE)


# Marks an .eml file as a draft to send, not a message received: Outlook opens it with Send.
UNSENT_HEADER = b"X-Unsent: 1\r\n"


def as_unsent(data: bytes) -> bytes:
    """An email's wire form (`as_bytes`) as an .eml file to send from a mail program: with
    `X-Unsent: 1` first (other programs send it by "Edit as New", see docs/delivery.md)."""
    return UNSENT_HEADER + data


def mailto_link(message: Message) -> str:
    """A mailto: URI (RFC 6068) with subject and body, for the user's own mail program. A line
    break in the body is written %0D%0A, as RFC 6068 section 5 asks (a lone %0A is not one)."""
    from urllib.parse import quote

    check_header_value("subject", message.subject or "")
    to = parse_email(message.to_address) if message.to_address else ""
    body = (message.body or "").replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    query = f"subject={quote(message.subject or '', safe='')}&body={quote(body, safe='')}"
    if message.in_reply_to:
        query += f"&In-Reply-To={quote(message.in_reply_to, safe='')}"
    return f"mailto:{quote(to, safe='@')}?{query}"
