"""Parsing a message from anyone: its headers read leniently, its MIME structure capped.

Incoming mail is written by strangers. Two things in the standard library's parser must not
reach the rest of Afterview:

- A header it cannot parse raises when it is read (`msg.get("From")`): an encoded word that
  decodes to a line break in a display name, "=?utf-8?q?Ann=0D=0ABcc:_z@evil.example?=",
  raises ValueError. Read through `LENIENT`, such a header is its raw text instead, with the
  characters that act instead of showing taken out (`domain.values.plain_text`).
- Parts nested in parts are parsed by recursion: a few thousand nested multipart parts (a
  130 KB message) raise RecursionError. `structure_problem` measures the nesting and counts
  the parts on the raw bytes first; a message beyond `MAX_DEPTH` or `MAX_PARTS` is not parsed
  part by part (`read` gives its headers alone, and why).
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import EmailPolicy

# Real mail nests a few levels (a forward of a forward with its attachments); Python's parser,
# and every walk over the parts, recurse a few frames per level
MAX_DEPTH = 50
MAX_PARTS = 1000  # an invitation with its attachments has a dozen


class Unreadable(ValueError):
    """A message Afterview does not read at all; `str(err)` says why, in one line."""


class _Lenient(EmailPolicy):
    """The standard policy (`email.policy.default`), but a header it cannot parse is read as its
    raw text, without control characters, instead of raising."""

    def header_fetch_parse(self, name, value):
        try:
            return super().header_fetch_parse(name, value)
        except Exception:  # the header parser raises ValueError, IndexError, TypeError ... on what strangers write
            from afterview.domain.values import plain_text

            return plain_text(str(value))[0]


LENIENT = _Lenient()


def read(raw: bytes) -> tuple[EmailMessage, str]:
    """(The message, "" or why only its headers were parsed: its parts nested too deep, too many).

    Never raises on what the bytes hold."""
    problem = structure_problem(raw)
    parsed = BytesParser(policy=LENIENT).parsebytes(raw, headersonly=bool(problem))
    return parsed, problem  # type: ignore[return-value]


def parse(raw: bytes) -> EmailMessage:
    """The message `read` gives (its headers alone when its structure is beyond the caps)."""
    return read(raw)[0]


_CONTENT_TYPE = re.compile(rb"(?i)^content-type[ \t]*:[ \t]*([!-~]+?)[ \t]*(?:;(.*))?$", re.S)
_BOUNDARY = re.compile(rb"""(?i)(?:^|;)[ \t]*boundary[ \t]*=[ \t]*(?:"([^"]*)"|([^ \t;]+))""")
_LEAF = object()  # what a part that holds no parts declares


def structure_problem(raw: bytes, *, max_depth: int = MAX_DEPTH, max_parts: int = MAX_PARTS) -> str:
    """Why a message's structure is beyond what is parsed part by part ("" when it is not):
    multipart (or attached message) parts nested more than `max_depth` deep, or more than
    `max_parts` parts. Read on the raw bytes, line by line, as the parser finds its boundaries:
    a boundary line of an outer multipart closes the parts inside it."""
    lowered = raw.lower()
    if lowered.count(b"\n--") <= max_parts and lowered.count(b"content-type") <= max_depth:
        return ""  # the usual case, at C speed: too few parts and declarations to pass either cap
    open_parts: list[bytes | None] = []  # the boundaries of the multiparts open; None: an attached message
    in_header, header, declared, parts = True, b"", _LEAF, 0
    for line in raw.split(b"\n"):
        line = line.rstrip(b"\r")
        if open_parts and line.startswith(b"--"):
            level = _boundary_level(open_parts, line[2:].rstrip(b" \t"))
            if level is not None:  # a part begins, or a multipart ends
                at, closing = level
                del open_parts[at + (0 if closing else 1):]
                in_header, header, declared = not closing, b"", _LEAF
                parts += not closing
                if parts > max_parts:
                    return f"it has more than {max_parts:,} MIME parts"
                continue
        if not in_header:
            continue
        if line[:1] in (b" ", b"\t") and line.strip():
            header += line  # a folded header line goes on
            continue
        declared = _declared(header, declared)
        header = line
        if line.strip():
            continue
        in_header = False  # the blank line that ends a header block
        if declared is not _LEAF:
            open_parts.append(declared)
            if len(open_parts) > max_depth:
                return f"its MIME parts are nested more than {max_depth} deep"
            in_header = declared is None  # an attached message's own header block follows at once
        declared = _LEAF
    return ""


def _declared(header: bytes, before):
    """What a header block declares once `header` (one whole header line) is read: a multipart's
    boundary, None for an attached message (message/rfc822), else what it declared `before`."""
    found = _CONTENT_TYPE.match(header)
    if found is None:
        return before
    kind = found.group(1).lower()
    if kind.startswith(b"multipart/"):
        boundary = _BOUNDARY.search(b";" + (found.group(2) or b""))
        value = (boundary.group(1) if boundary.group(1) is not None else boundary.group(2)) if boundary else b""
        return value or _LEAF  # no boundary: the parser reads its body as text
    if kind in (b"message/rfc822", b"message/global"):
        return None
    return _LEAF


def _boundary_level(open_parts: list[bytes | None], token: bytes) -> tuple[int, bool] | None:
    """Which open multipart a line "--TOKEN" belongs to, innermost first: (its place in
    `open_parts`, whether it ends that multipart); None when it is no boundary of theirs."""
    for at in range(len(open_parts) - 1, -1, -1):
        boundary = open_parts[at]
        if boundary is None:
            continue
        if token == boundary:
            return at, False
        if token == boundary + b"--":
            return at, True
    return None
