"""The checks every imported value passes, the same as typed values: zones, years, links,
addresses, names, and the characters of its text.

Each check returns what is wrong as the text of a Problem (or None when all is well), or raises
ValueError with it, in the words the typed checks of `afterview.domain.values` use, so that an
imported "Mars/Olympus", year 2500 or "ann@@acme.com" is refused the same way as a typed one.

Text is made plain as it is read (`one_line`, `text_lines`: `domain.values.plain_text`, the rule
typed text follows too): control characters and bidirectional overrides are taken out of names,
titles, companies and notes before anything else reads them, and counted by the kind of field
(`removed`, kept on the file's TextFile), so that the import's report says what it took out
(`removed_warning`). A typed value with one is refused instead (`domain.values.single_line`).
Links and addresses are not made plain: they are checked, and refused with such a character
(but a calendar's call link, found in text, is taken from the text made plain).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date, datetime
from urllib.parse import urlsplit

from afterview.domain.values import check_year, parse_email, plain_text, zone
from afterview.errors import InvalidInput
from afterview.importers.records import Attendee, CalendarEvent, Connection, TrackerRow

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+-]*):")  # no dot: "acme.com:8080/jobs" has no scheme
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")  # never inside a web address that is kept
_DROPPED = re.compile(r"^[\x00-\x20]+|[\t\r\n]")  # what browsers drop before reading a link's scheme
# A web address written without its scheme, as spreadsheets keep them: "www.acme.com/jobs/42".
_BARE = re.compile(r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?::\d{1,5})?(?:[/?#]\S*)?$")
_LINKEDIN_HOST = re.compile(r"(?:^|\.)linkedin\.[a-z]{2,}(?:\.[a-z]{2})?$")
# An address as mail programs copy it, with its display name: Ann Lee <ann@acme.com>.
_NAME_ADDR = re.compile(r"^(?P<name>[^<>]*?)\s*<(?P<address>[^<>]*)>$")


def one_line(text: str, removed: Counter | None = None, kind: str = "names") -> str:
    """A name, a title or a company as one line: line breaks and runs of spaces become one space,
    control characters and bidirectional overrides are taken out (counted in `removed[kind]`).

    A line break inside a name is an export glitch ("Jane\\nDoe" is Jane Doe), not a second line.
    """
    value, count = plain_text(text or "")
    if kind in ("names", "companies"):  # and what shows as nothing, as typing takes out (values.name_text)
        from afterview.domain.values import name_text

        value, invisible = name_text(value)
        count += invisible
    if count and removed is not None:
        removed[kind] += count
    return value


def text_lines(text: str, removed: Counter | None = None, kind: str = "notes") -> str:
    """Notes or a description: line breaks as "\\n", control characters and bidirectional
    overrides taken out (counted in `removed[kind]`), tabs and everything else kept."""
    value, count = plain_text(text or "", lines=True)
    if count and removed is not None:
        removed[kind] += count
    return value


# The kinds of field, in the order the report names them.
KINDS = ("names", "companies", "titles", "positions", "roles", "statuses", "sources", "locations", "notes",
         "descriptions", "call links")


def removed_warning(source_name: str, removed: Counter) -> str | None:
    """What the import took out of the file's text, for its report; None when nothing.

    "tracker.csv: 3 control characters taken out (2 from names, 1 from notes): ..."
    """
    total = sum(removed.values())
    if not total:
        return None
    order = {kind: index for index, kind in enumerate(KINDS)}
    parts = ", ".join(f"{count:,} from {kind}" for kind, count in sorted(removed.items(), key=lambda kv: (
        order.get(kv[0], len(order)), kv[0])) if count)
    return (f"{source_name}: {total:,} control character{'' if total == 1 else 's'} taken out ({parts}): escape "
            "codes and direction overrides would act on screens and in mail instead of showing")


# A record's text fields, by the kind the report counts them under, one line or several; the
# rest of a record (links, addresses, dates, ids) is checked, never changed.
_TEXT = {
    CalendarEvent: {"summary": ("titles", False), "location": ("locations", True), "description": ("descriptions", True)},
    Connection: {"first_name": ("names", False), "last_name": ("names", False), "company": ("companies", False),
                 "position": ("positions", False)},
    TrackerRow: {"company": ("companies", False), "role": ("roles", False), "source": ("sources", False),
                 "contact_name": ("names", False), "location": ("locations", False), "notes": ("notes", True)},
    Attendee: {"name": ("names", False)},
}


def plain_record(record, removed: Counter | None = None):
    """A record with its text made plain, as the built-in readers make it while they read a file:
    for the records of a plugin's format. The same record when nothing changes, else a copy (an
    event's organizer and attendees included); a Problem as it is."""
    kind = next((k for k in _TEXT if isinstance(record, k)), None)
    if kind is None:
        return record
    changes = {}
    for name, (what, lines) in _TEXT[kind].items():
        value = getattr(record, name)
        if isinstance(value, str):
            clean = text_lines(value, removed, what) if lines else one_line(value, removed, what)
            if clean != value:
                changes[name] = clean
    if kind is CalendarEvent:
        if record.organizer is not None and (organizer := plain_record(record.organizer, removed)) is not record.organizer:
            changes["organizer"] = organizer
        attendees = [plain_record(a, removed) for a in record.attendees]
        if any(a is not b for a, b in zip(attendees, record.attendees)):
            changes["attendees"] = attendees
    return replace(record, **changes) if changes else record


def zone_problem(name: str) -> str | None:
    """Why `name` is not a time zone (as for a typed --tz), or None when it is one."""
    try:
        zone(name)
    except InvalidInput as err:
        return str(err)
    return None


def year_problem(value: date | datetime | None, shown: str = "") -> str | None:
    """Why a date is refused (outside the years 1900-2200, as typed dates are), or None.

    `shown` is the date as the file wrote it ("12 Mar 2500"); by default its ISO form.
    """
    if value is None:
        return None
    text = shown.strip() or (value.date() if isinstance(value, datetime) else value).isoformat()
    try:
        check_year(value.year, text)
    except InvalidInput as err:
        return str(err)
    return None


def email_address(text: str, removed: Counter | None = None) -> tuple[str, str]:
    """An address cell (or a calendar attendee) as (display name, address).

    The address is checked by the rule a typed `--email` passes (`domain.values.parse_email`),
    and returned as written, trimmed: upper case is kept (addresses are compared ignoring case).
    The forms files write an address in are read: `Ann Lee <ann@acme.com>` (as mail programs
    copy it; the name is returned), `<ann@acme.com>`, and `mailto:ann@acme.com` (calendars).
    ("", "") when the cell holds no address at all: empty, or without an "@" ("N/A", "hidden",
    a calendar's "invalid:nomail"). One with an "@" that is no address ("ann@@acme.com",
    "ann@acme", two addresses in one cell) raises ValueError in the typed check's words. The name
    is made plain (`one_line`, counted in `removed`); the address is not: one with a control
    character is no address.
    """
    value = _without_mailto((text or "").strip())
    if "@" not in value:
        return "", ""
    name = ""
    found = _NAME_ADDR.match(value)
    if found:
        name = one_line(found["name"], removed).strip('"').strip()
        value = _without_mailto(found["address"].strip())
    try:
        address = parse_email(value)
    except InvalidInput as err:
        raise ValueError(str(err).replace(repr(value), quote(value))) from None
    return ("" if name.lower() == address.lower() else name), address


def _without_mailto(value: str) -> str:
    return value[7:].strip() if value[:7].lower() == "mailto:" else value


def web_address(text: str) -> str:
    """A link cell as an http(s) address.

    An http:// or https:// address is kept; one written without its scheme ("www.acme.com/jobs/42")
    gets https://; "" when the cell is not an address at all ("N/A", "see email"). A link of
    another kind (javascript:, data:, file:, mailto:...) or a broken one raises ValueError with
    the reason.
    """
    value = (text or "").strip()
    if not value:
        return ""
    scheme = _SCHEME.match(_DROPPED.sub("", value))
    if scheme is None:
        if not _BARE.match(value):
            return ""
        if not _is_web_url("https://" + value):  # a control character in it ("www.acme.com/jobs\x1b")
            raise ValueError(f"the link {quote(value)} is not a web address (only http:// and https:// links are imported)")
        return "https://" + value
    if scheme.group(1).lower() not in ("http", "https") or not _is_web_url(value):
        raise ValueError(f"the link {quote(value)} is not a web address (only http:// and https:// links are imported)")
    return value


def _is_web_url(value: str) -> bool:
    if _INVISIBLE.search(value) or not value.lower().startswith(("http://", "https://")):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - reading it checks it
    except ValueError:  # a bad port or a broken IPv6 address
        return False
    return bool(parts.hostname)


def linkedin_url_problem(url: str) -> str | None:
    """Why `url` is not a LinkedIn profile URL (as for a typed `person add --linkedin`), or None ("" is fine)."""
    value = (url or "").strip()
    if not value:
        return None
    if _is_web_url(value):
        try:
            host = urlsplit(value).hostname or ""
        except ValueError:
            host = ""
        if _LINKEDIN_HOST.search(host):
            return None
    return f"not a LinkedIn profile URL: {quote(value)}"


def quote(value: str, limit: int = 80) -> str:
    """A value quoted for a one-line message, shortened when long (a cell may hold a megabyte)."""
    return repr(value if len(value) <= limit else value[:limit] + "...")
