"""A text to lint as the user gives it: plain, with RFC 822 style headers, or an .eml file.

Offsets of the subject and body in the original text are kept, so findings can point at the
file the user wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from afterview.errors import InvalidInput

_HEADER = re.compile(r"^([A-Za-z][A-Za-z0-9-]*):[ \t]?(.*)$")
_KNOWN = {"subject", "to", "from", "cc", "bcc", "date", "reply-to", "in-reply-to", "references",
          "message-id", "kind", "x-kind"}


@dataclass
class Source:
    """The parts of a text to lint and where they sit in it."""

    text: str
    body: str
    body_offset: int | None
    subject: str | None = None
    subject_offset: int | None = None
    to: str = ""
    # the names of the files the message carries: none for a text file; None: unknown
    attachments: list[str] | None = None

    def file_span(self, field: str, start: int | None, end: int | None) -> tuple[int | None, int | None]:
        """Offsets of a finding in the whole text (None when it cannot be placed)."""
        base = self.subject_offset if field == "subject" else self.body_offset
        if start is None or end is None or base is None:
            return None, None
        return base + start, base + end


def parse_text(text: str) -> Source:
    """Headers (Subject:, To: ...) then a blank line, or just a body."""
    headers, offset = _headers(text)
    if headers is None:
        return Source(text=text, body=text, body_offset=0)
    subject = headers.get("subject")
    return Source(
        text=text,
        body=text[offset:],
        body_offset=offset,
        subject=subject[0] if subject else None,
        subject_offset=subject[1] if subject else None,
        to=headers.get("to", ("", 0))[0],
    )


def _headers(text: str) -> tuple[dict[str, tuple[str, int]] | None, int]:
    """name -> (value, offset of the value) when the text opens with a header block."""
    headers: dict[str, tuple[str, int]] = {}
    position = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        if not content.strip():
            if headers:
                return headers, position + len(line)
            return None, 0
        match = _HEADER.match(content)
        if match and match.group(1).lower() in _KNOWN:
            value_start = position + match.start(2)
            headers[match.group(1).lower()] = (match.group(2).strip(), value_start)
        elif not (headers and content[:1] in " \t"):  # a folded header line continues
            return None, 0
        position += len(line)
    return (headers, position) if headers else (None, 0)


def parse_eml(data: bytes) -> Source:
    """An .eml message: its Subject, To and plain-text body (decoded)."""
    from email import policy
    from email.parser import BytesParser

    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
        part = message.get_body(preferencelist=("plain", "html"))
        body = part.get_content() if part is not None else ""
        subject = str(message.get("Subject", "")) if "Subject" in message else None
        to = str(message.get("To", ""))
        attachments = [part.get_filename() or part.get_content_type() for part in message.iter_attachments()]
    except (LookupError, ValueError, TypeError, AttributeError) as err:
        raise InvalidInput(f"cannot read the message: {err}") from None
    if part is not None and part.get_content_type() == "text/html":
        body = _html_text(body)
    text = data.decode("utf-8", errors="replace")
    body_at = text.find(body) if body else -1
    subject_at = text.find(subject) if subject else -1
    return Source(
        text=text,
        body=body,
        body_offset=body_at if body_at >= 0 else None,
        subject=subject,
        subject_offset=subject_at if subject_at >= 0 else None,
        to=to,
        attachments=attachments,
    )


def _html_text(html: str) -> str:
    text = re.sub(r"(?is)<(script|style).*?</\1>", "", html)
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    import html as html_module

    return html_module.unescape(text)


def display_name(address: str) -> str:
    """'Priya Raman <priya@x.com>' -> 'Priya Raman'; a bare address gives ''."""
    from email.utils import parseaddr

    name, _ = parseaddr(address)
    return name.strip().strip('"')
