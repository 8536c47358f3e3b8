"""The checks every imported value passes, the same as typed values: zones, years, links,
addresses, names.

Each check returns what is wrong as the text of a Problem (or None when all is well), or raises
ValueError with it, in the words the typed checks of `afterview.domain.values` use, so that an
imported "Mars/Olympus", year 2500 or "ann@@acme.com" is refused the same way as a typed one.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlsplit

from afterview.domain.values import check_year, parse_email, zone
from afterview.errors import InvalidInput

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+-]*):")  # no dot: "acme.com:8080/jobs" has no scheme
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")  # never inside a web address that is kept
_DROPPED = re.compile(r"^[\x00-\x20]+|[\t\r\n]")  # what browsers drop before reading a link's scheme
# A web address written without its scheme, as spreadsheets keep them: "www.acme.com/jobs/42".
_BARE = re.compile(r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?::\d{1,5})?(?:[/?#]\S*)?$")
_LINKEDIN_HOST = re.compile(r"(?:^|\.)linkedin\.[a-z]{2,}(?:\.[a-z]{2})?$")
# An address as mail programs copy it, with its display name: Ann Lee <ann@acme.com>.
_NAME_ADDR = re.compile(r"^(?P<name>[^<>]*?)\s*<(?P<address>[^<>]*)>$")


def one_line(text: str) -> str:
    """A name or a company as one line: line breaks and runs of spaces become one space.

    A line break inside a name is an export glitch ("Jane\\nDoe" is Jane Doe), not a second line.
    """
    return " ".join((text or "").split())


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


def email_address(text: str) -> tuple[str, str]:
    """An address cell (or a calendar attendee) as (display name, address).

    The address is checked by the rule a typed `--email` passes (`domain.values.parse_email`),
    and returned as written, trimmed: upper case is kept (addresses are compared ignoring case).
    The forms files write an address in are read: `Ann Lee <ann@acme.com>` (as mail programs
    copy it; the name is returned), `<ann@acme.com>`, and `mailto:ann@acme.com` (calendars).
    ("", "") when the cell holds no address at all: empty, or without an "@" ("N/A", "hidden",
    a calendar's "invalid:nomail"). One with an "@" that is no address ("ann@@acme.com",
    "ann@acme", two addresses in one cell) raises ValueError in the typed check's words.
    """
    value = _without_mailto((text or "").strip())
    if "@" not in value:
        return "", ""
    name = ""
    found = _NAME_ADDR.match(value)
    if found:
        name = one_line(found["name"]).strip('"').strip()
        value = _without_mailto(found["address"].strip())
    try:
        address = parse_email(value)
    except InvalidInput as err:
        raise ValueError(str(err).replace(repr(value), _shown(value))) from None
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
        return "https://" + value if _BARE.match(value) else ""
    if scheme.group(1).lower() not in ("http", "https") or not _is_web_url(value):
        raise ValueError(f"the link {_shown(value)} is not a web address (only http:// and https:// links are imported)")
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
    return f"not a LinkedIn profile URL: {_shown(value)}"


def _shown(value: str, limit: int = 80) -> str:
    """A value quoted for a one-line message, shortened when long (a cell may hold a megabyte)."""
    return repr(value if len(value) <= limit else value[:limit] + "...")
