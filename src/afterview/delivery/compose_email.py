"""Build the RFC 5322 email for an outgoing Message, with the standard email package.

The Message-ID is made once, on the sender's domain, and stored on the Message, so a retry or a
Drafts copy carries the same id (that is what lets a restart find a copy in the Sent folder).
Header injection is impossible: a CR or LF in any header value is refused before anything is
built. `Auto-Submitted` is never set: our follow-ups must still draw out-of-office replies.
"""

from __future__ import annotations

import mimetypes
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path

from afterview.domain.model import Message
from afterview.domain.values import parse_email
from afterview.errors import InvalidInput

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024  # the lowest common provider limit is about 20-25 MB


def check_header_value(what: str, value: str) -> str:
    """Refuse CR, LF and other control characters in a header value (header injection)."""
    if any(ch in value for ch in "\r\n\x00") or any(ord(ch) < 32 and ch != "\t" for ch in value):
        raise InvalidInput(f"{what} contains a line break or control character: {value[:60]!r}")
    return value


def domain_of(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower()


def new_message_id(sender_address: str) -> str:
    """A fresh Message-ID on the sender's domain: <unique@domain>."""
    return make_msgid(domain=domain_of(parse_email(sender_address)))


def ensure_message_id(message: Message, sender_address: str) -> str:
    """Fix the Message-ID on the message the first time it is built; keep it after."""
    if not message.message_id:
        message.message_id = new_message_id(sender_address)
    return message.message_id


def make_address(name: str, address: str, what: str) -> Address:
    """An Address header value from a display name and an addr-spec, both checked."""
    check_header_value(f"{what} name", name)
    check_header_value(f"{what} address", address)
    addr = parse_email(address)
    local, _, host = addr.rpartition("@")
    return Address(display_name=name.strip(), username=local, domain=host)


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
    """The EmailMessage for `message` (sets message.message_id if it had none)."""
    if not message.to_address:
        raise InvalidInput(f"message {message.id}: no recipient address")
    subject = check_header_value("subject", message.subject or "")
    if not subject.strip():
        raise InvalidInput(f"message {message.id}: empty subject")
    email = EmailMessage(policy=SMTP)
    email["From"] = make_address(sender_name, sender_address, "sender")
    email["To"] = make_address(recipient_name, message.to_address, "recipient")
    email["Subject"] = subject
    email["Date"] = format_datetime(now)
    email["Message-ID"] = ensure_message_id(message, sender_address)
    if message.in_reply_to:
        email["In-Reply-To"] = _msgid_list([message.in_reply_to], "In-Reply-To")
    refs = list(message.references)
    if message.in_reply_to and message.in_reply_to not in refs:
        refs.append(message.in_reply_to)
    if refs:
        email["References"] = _msgid_list(refs, "References")
    email["MIME-Version"] = "1.0"
    email.set_content(_normalise_body(message.body), subtype="plain", charset="utf-8")
    for path in message.attachments:
        _attach(email, Path(path).expanduser() if base_dir is None else base_dir / path)
    return email


def _normalise_body(body: str) -> str:
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.endswith("\n") else text + "\n"


def _attach(email: EmailMessage, path: Path) -> None:
    """Attach a promised file with its guessed MIME type; a missing file is the user's to fix."""
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
    email.add_attachment(data, maintype=maintype, subtype=subtype, filename=path.name)


def as_bytes(email: EmailMessage) -> bytes:
    """The wire form (CRLF line ends), as SMTP and IMAP APPEND want it."""
    return email.as_bytes(policy=SMTP)


def mailto_link(message: Message) -> str:
    """A mailto: URI (RFC 6068) with subject and body, for the user's own mail program."""
    from urllib.parse import quote

    check_header_value("subject", message.subject or "")
    to = parse_email(message.to_address) if message.to_address else ""
    query = f"subject={quote(message.subject or '', safe='')}&body={quote(message.body or '', safe='')}"
    if message.in_reply_to:
        query += f"&In-Reply-To={quote(message.in_reply_to, safe='')}"
    return f"mailto:{quote(to, safe='@')}?{query}"
