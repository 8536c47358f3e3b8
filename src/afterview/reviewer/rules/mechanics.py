"""Mechanical rules: placeholder, subject, linkedin-limit, doubled-closing."""

from __future__ import annotations

import re

from afterview.reviewer.engine import Input, register
from afterview.reviewer.model import on_linkedin
from afterview.reviewer.text import closing_line, leads_to_name, linkedin_difference, linkedin_length, linkedin_prefix

PLACEHOLDER = re.compile(
    r"\{\{[^{}\n]{0,60}\}\}"  # {{name}}
    r"|\$\{[^{}\n]{1,40}\}"  # ${name}
    r"|\{[A-Za-z_][A-Za-z0-9_ .-]{0,40}\}"  # {first_name}
    # [Name], [topic you discussed with Zoë], [something new: a result, an article]: brackets
    # around words (any script, any punctuation), not a link's text "[talk](https://...)"
    r"|\[(?:[^\W\d_][^\[\]\n]{0,80}|x+)\](?!\()"
    r"|<(?!https?:|mailto:)(?:[A-Z][A-Za-z _-]{1,30}|insert[^<>\n@]{0,30}|your [^<>\n@]{1,30})>"  # <Company>
    r"|\b(?:TODO|TBD|TKTK|FIXME|XXX+|X{2,})\b|\bx{3,}\b|\blorem ipsum\b|__[A-Z_]{2,}__"
    r"|%\(?[a-z_]*\)?s\b(?=\W)",
    re.IGNORECASE,
)
# [Name] is a placeholder but "[1]" or "[sic]" is not: bracket contents must look like a field.
_NOT_FIELD = re.compile(r"^\[(?:sic|\d+|ps|p\.s\.|edit|update)\]$", re.IGNORECASE)
# An arrow is note-taking, not prose: "ran it in production -> for a client" (a debrief's
# 'concern -> answer' with a second arrow, pasted as the answer), "Kafka → production".
ARROW = re.compile(r"(?<![<!-])-{1,3}>(?!>)|\u2192")

_GENERIC_SUBJECTS = {
    "hey", "hi", "hello", "hey there", "hi there", "following up", "follow up", "follow-up",
    "followup", "checking in", "just checking in", "quick question", "question", "update",
    "thanks", "thank you", "thank you!", "thanks!", "interview", "the interview", "hello again",
    "touching base", "reaching out", "hi again", "no subject", "(no subject)", "important",
    "urgent", "re", "fwd", "message", "note", "a note", "quick note", "status", "any update",
    "any updates", "just following up", "job", "application", "my application",
    # stock thanks that say nothing about which role or conversation
    "thank you for your time", "thanks for your time", "thank you for your consideration",
    "thank you for the interview", "thanks for the interview", "thank you for meeting with me",
    "thank you for meeting me", "thanks for meeting", "thank you for today", "thanks for today",
    "thank you so much", "thanks so much", "thanks again", "thank you again", "many thanks",
}
# Shorthand a subject is typed in ("thx for today", "Ty!", "f/u"), read as the words it stands
# for, so that a generic subject is one however it is spelled ("thanks for today").
_SHORTHAND = {
    "thx": "thanks", "thanx": "thanks", "tnx": "thanks", "thnx": "thanks", "thnks": "thanks", "thks": "thanks",
    "tks": "thanks", "tx": "thanks", "ty": "thank you", "tysm": "thank you so much", "u": "you", "ur": "your",
    "4": "for", "2day": "today", "f/u": "follow up", "q": "question", "qq": "quick question",
    "pls": "please", "plz": "please", "tmrw": "tomorrow", "intvw": "interview", "int": "interview",
}
_SHORT_WORD = re.compile(r"(?<![\w/])(?:" + "|".join(sorted(map(re.escape, _SHORTHAND), key=len, reverse=True))
                         + r")(?![\w/])")


def _spelled_out(plain: str) -> str:
    """A lower-case subject with its shorthand written out ("thx 4 today": "thanks for today")."""
    return _SHORT_WORD.sub(lambda m: _SHORTHAND[m.group()], plain)


# Reply and forward prefixes, in the languages mail clients write them: Re, Fwd, AW and WG
# (German), Sv and Vs (Nordic), Antw (Dutch), Odp (Polish), Rif (Italian); "Re[2]:" too.
_PREFIX = re.compile(r"^\s*(?:(?:re(?:\[\d+\])?|fwd?|aw|wg|sv|vs|antw|odp|rif)\s*:\s*)+", re.IGNORECASE)
REPLY_PREFIX = _PREFIX  # the spelling rule's too: their subject after it is theirs


def check_placeholders(data: Input):
    for field, text in data.fields():
        for match in PLACEHOLDER.finditer(text):
            token = match.group()
            if _NOT_FIELD.match(token) or _is_address(text, match.start(), match.end()):
                continue
            yield data.find("placeholder", f"unfilled template field {token!r}", match.start(),
                            match.end(), "Replace it with the real value.", field=field)
        for match in ARROW.finditer(text):
            yield data.find("placeholder", f"note-taking arrow {match.group()!r} left in the text",
                            match.start(), match.end(), "Write it out as a sentence; in a debrief, "
                            "'concern -> answer' takes one arrow.", field=field)


def _is_address(text: str, start: int, end: int) -> bool:
    """<Name> directly after a display name is part of an address, not a placeholder."""
    return text[start] == "<" and "@" in text[max(0, start - 60):end + 60].split("\n")[0]


def check_subject(data: Input):
    if data.subject is None or data.context.channel != "email":
        return
    subject = data.subject
    prefix = _PREFIX.match(subject)
    if prefix:
        # A reply's subject is the thread's: shortening what they wrote breaks the thread (mail
        # programs group by it). Only what the user added to it is theirs to judge.
        quoted = subject[prefix.end():]
        thread = _PREFIX.sub("", data.context.thread_subject).strip()
        if thread and _folded(quoted).startswith(_folded(thread)):
            yield from _added_to_thread(data, subject, quoted, thread)
            return
    plain = _PREFIX.sub("", subject).strip().strip(".!?:-").strip().lower()
    if not plain:
        yield data.find("subject", "the subject is empty", 0, len(subject),
                        "Name the message and the role: 'Thank you - Data Engineer interview'.",
                        field="subject")
    elif plain in _GENERIC_SUBJECTS or _spelled_out(plain) in _GENERIC_SUBJECTS:
        meant = _spelled_out(plain)
        said = f" ({meant!r}, in shorthand)" if meant != plain else ""
        yield data.find("subject", f"generic subject {subject.strip()!r}{said}", 0, len(subject),
                        "Say what it is about: the role and the interview.", field="subject")
    if prefix and not data.context.thread_subject.strip():
        return  # "Re: ..." of a thread not known here (a pasted text): its length may be theirs
    if len(subject) > data.config.subject_max:
        yield data.find("subject", f"subject is {len(subject)} characters (over "
                        f"{data.config.subject_max}; mail clients cut it)",
                        data.config.subject_max, len(subject), "Shorten it to the role and the "
                        "purpose.", field="subject")


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _added_to_thread(data: Input, subject: str, quoted: str, thread: str):
    """The part of a reply's subject after the thread's own: reported only when it makes the
    subject too long to read (their part is left as it is)."""
    # where their subject ends in ours (spaces may differ): as many words as theirs has
    words = len(thread.split())
    rest = quoted.lstrip()
    for _ in range(words):
        match = re.match(r"\S+\s*", rest)
        if match is None:
            break
        rest = rest[match.end():]
    added = rest.strip()
    if not added or len(subject) <= data.config.subject_max:
        return
    begin = len(subject) - len(rest.lstrip())
    yield data.find("subject", f"what you added to their subject ({added!r}) makes it {len(subject)} "
                    f"characters (over {data.config.subject_max}; mail clients cut it)",
                    begin, len(subject), "Keep their subject as it is, so the reply stays in its "
                    "thread, and say the rest in the message.", field="subject")


def check_linkedin(data: Input):
    ctx = data.context
    if not on_linkedin(ctx.channel, data.kind):
        return
    limit = ctx.linkedin_limit
    # the note as pasted into LinkedIn's form: as written, not as the rules read it (an accent
    # written as a separate mark counts 1 more there)
    body = data.written_body
    note = body.strip()
    size = linkedin_length(note)
    if size > limit:
        lead = len(body) - len(body.lstrip())
        shown, reasons = linkedin_difference(note) if not note.isascii() or "\r" in note else (size, [])
        counted = f"{size} characters"
        if reasons:  # the note looks shorter than LinkedIn counts it: say why
            counted += f" as LinkedIn counts them ({shown} as you see them: {'; '.join(reasons)})"
        yield data.find("linkedin-limit", f"{counted}, over the LinkedIn limit of {limit} by {size - limit}",
                        lead + linkedin_prefix(note, limit), lead + len(note),
                        "Cut it to one line of thanks and one shared detail.", as_written=True)


def check_closings(data: Input):
    """Two closings in a row at the end of the note ("Warm regards," then "Best,"), as a signature
    that carries its own sign-off leaves them under a note that has one."""
    doc = data.doc
    previous = None  # the closing line just before, when it leads to a name
    for line in doc.lines:
        if line.start < doc.core_end or not line.text.strip():
            continue
        if previous is not None and closing_line(line.text):
            start = line.start + len(line.text) - len(line.text.lstrip())
            first, second = previous.text.strip(), line.text.strip()
            yield data.find("doubled-closing", f"two closings in a row: {first!r}, then {second!r}",
                            start, line.start + len(line.text.rstrip()),
                            f"Keep one of them: delete {first!r} (a signature that opens with a "
                            "sign-off of its own needs no other above it).")
        previous = line if leads_to_name(line.text) else None


register(("placeholder",), check_placeholders)
register(("doubled-closing",), check_closings)
register(("subject",), check_subject)
register(("linkedin-limit",), check_linkedin)
