"""A guess at the message kind when none is given (a pasted text), from its wording."""

from __future__ import annotations

import re

from afterview.reviewer.text import Doc

_CUES: list[tuple[str, re.Pattern]] = [
    ("rejection_reply", re.compile(
        r"\b(?:thank(?:s| you) for (?:letting me know|(?:the|your) (?:update|decision)|informing me)"
        r"|(?:have )?received the (?:news|decision) (?:about|regarding|on) the\b"
        r"|not (?:be )?moving forward|(?:went|go|gone) with another candidate|(?:was|am) disappointed)",
        re.I)),
    ("status_check", re.compile(
        r"\b(?:(?:any )?update on (?:the|your) (?:timeline|process|decision|hiring)"
        r"|follow(?:ing)? up on (?:my|our|the) (?:interview|conversation|application)"
        r"|next steps in the process)", re.I)),
    ("thank_you", re.compile(
        r"\bthank(?:s| you)(?: so much| again)? for (?:taking the time|meeting|speaking|the "
        r"(?:interview|conversation|chat|call)|your time|talking|interviewing)", re.I)),
]


def guess_kind(subject: str, doc: Doc) -> str | None:
    """The kind whose wording appears first in the cue list, or None."""
    text = subject + "\n" + doc.core
    for kind, cue in _CUES:
        if cue.search(text):
            return kind
    return None
