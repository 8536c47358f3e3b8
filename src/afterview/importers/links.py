"""Video-call links in invitations: Zoom, Google Meet, Microsoft Teams, Webex and the like."""

from __future__ import annotations

import re

# Ordered by how often invitations carry them; the first link found wins.
_CALL = re.compile(
    r"https://(?:"
    r"(?:[\w-]+\.)?zoom\.us/(?:j|my|w|s)/[^\s<>\"'\\]+"
    r"|meet\.google\.com/[a-z]{3}-[a-z]{4}-[a-z]{3}[^\s<>\"'\\]*"
    r"|teams\.microsoft\.com/l/meetup-join/[^\s<>\"'\\]+"
    r"|teams\.live\.com/meet/[^\s<>\"'\\]+"
    r"|(?:[\w-]+\.)?webex\.com/(?:meet|join|[\w-]+/j\.php)[^\s<>\"'\\]*"
    r"|(?:[\w-]+\.)?whereby\.com/[^\s<>\"'\\]+"
    r"|meet\.jit\.si/[^\s<>\"'\\]+"
    r"|(?:[\w-]+\.)?chime\.aws/[^\s<>\"'\\]+"
    r"|(?:[\w-]+\.)?bluejeans\.com/[^\s<>\"'\\]+"
    r")",
    re.IGNORECASE,
)
_TRAILING = ".,;:)]>"


def find_call_link(*texts: str | None) -> str:
    """The first video-call link in the given texts, in order; "" when there is none."""
    for text in texts:
        if not text:
            continue
        match = _CALL.search(text)
        if match:
            return match.group(0).rstrip(_TRAILING)
    return ""

