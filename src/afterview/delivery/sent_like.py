"""A note found in a Sent folder under another Message-ID than its own.

A mail program may send a draft from the Drafts folder under a new Message-ID (Outlook and
Thunderbird can), then remove the draft: looked for by its Message-ID, it is nowhere. It is then
looked for by what stays: sent to its address, with its subject, dated after it was placed there,
under a Message-ID that is none of Afterview's own messages.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import getaddresses, parsedate_to_datetime

from afterview.domain.values import address_key

# A mail program's clock may be a little behind the one that placed the copy.
CLOCK_SLACK = timedelta(minutes=10)


def uids_like(imap, folder: str, *, to: str, subject: str, since: datetime) -> list[int]:
    """The uids in `folder` of messages to `to` with `subject` since `since` (the mailbox's
    `uids_like`); a mailbox adapter without one (a plugin's) finds none."""
    own = getattr(imap, "uids_like", None)
    return own(folder, to=to, subject=subject, since=since) if own is not None else []


def same_note(raw: bytes, *, to: str, subject: str, since: datetime, known: set[str]) -> str | None:
    """The Message-ID of `raw` when it is the note sent anew: to `to`, with exactly this subject
    (its spaces and case aside), dated from `since` on (with CLOCK_SLACK), under a Message-ID
    that is not in `known` (Afterview's own messages: another note of the same subject to the
    same person is not this one); else None."""
    from afterview.delivery import inbound

    try:
        parsed = inbound.parse(raw)
        header_to = str(parsed.get("To") or "") + "," + str(parsed.get("Cc") or "")
        found_subject = str(parsed.get("Subject") or "")
        message_id = str(parsed.get("Message-ID") or "").strip()
        date_text = str(parsed.get("Date") or "")
    except (ValueError, IndexError, TypeError, AttributeError):  # a malformed header: not this note
        return None
    from afterview.delivery.compose_email import message_id_problem

    if not message_id or message_id in known or message_id_problem(message_id) is not None:
        return None  # (one not well formed is never recorded as a note's own)
    if address_key(to) not in {address_key(a) for _, a in getaddresses([header_to]) if a}:
        return None
    if " ".join(found_subject.split()).casefold() != " ".join(subject.split()).casefold():
        return None
    try:
        sent = parsedate_to_datetime(date_text)
    except (TypeError, ValueError, IndexError):
        return None
    if sent.tzinfo is None:
        sent = sent.replace(tzinfo=timezone.utc)
    if sent < since - CLOCK_SLACK:
        return None
    return message_id


def find_sent_like(imap, folders, *, to: str, subject: str, since: datetime,
                   known: set[str]) -> tuple[str, bytes] | None:
    """(its Message-ID, the copy) of the note sent anew, found in one of `folders` (the Sent
    folders that qualify); the latest when several are; None when none is."""
    if not to or not subject.strip():
        return None
    found: list[tuple[str, bytes]] = []
    for folder in folders:
        uids = uids_like(imap, folder, to=to, subject=subject, since=since)
        if not uids:
            continue
        for uid, raw in sorted(imap.bodies(uids[-20:]).items()):
            message_id = same_note(raw, to=to, subject=subject, since=since, known=known)
            if message_id is not None:
                found.append((message_id, raw))
    return found[-1] if found else None
