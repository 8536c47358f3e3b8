"""Time zone ids found in calendar files, as IANA names.

Outlook and Exchange write Windows names ("W. Europe Standard Time"), Thunderbird and
Evolution write vendor-prefixed ids ("/mozilla.org/20050126_1/Europe/Berlin"), the rest write
IANA names. icalendar ships CLDR's windowZones table, which is used here rather than a copy.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@lru_cache(maxsize=512)
def iana_name(tzid: str) -> str | None:
    """The IANA name for a TZID as calendars write it, or None when it names no known zone."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    text = (tzid or "").strip().strip('"')
    if not text:
        return None
    candidates = [text, WINDOWS_TO_OLSON.get(text, "")]
    if text.startswith("/"):
        parts = text.strip("/").split("/")
        candidates += ["/".join(parts[start:]) for start in range(1, len(parts))]
    for candidate in candidates:
        if candidate and _exists(candidate):
            return candidate
    return None


def _exists(name: str) -> bool:
    if name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def zone_of(moment: datetime, tzid: str | None, fallback: str) -> str:
    """The IANA name of the zone a moment was given in: its TZID, its tzinfo, else `fallback`."""
    for candidate in (tzid, _tzinfo_key(moment.tzinfo)):
        name = iana_name(candidate) if candidate else None
        if name:
            return name
    return fallback


def _tzinfo_key(tz: tzinfo | None) -> str | None:
    if tz is None:
        return None
    key = getattr(tz, "key", None) or getattr(tz, "zone", None)
    if key and key not in ("UTC",):
        return key
    return None


def equivalent_zone(tz: tzinfo, year: int, prefer: tuple[str, ...] = ()) -> str | None:
    """An IANA zone with the same offsets as a custom VTIMEZONE ("Customized Time Zone") in `year`.

    The preferred zones (the user's, the calendar's) are tried first, then the main zone of
    each Windows zone, so that London rules give Europe/London rather than Atlantic/Canary.
    """
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    samples = [datetime(year, month, day, 12) for month in range(1, 13) for day in (1, 15)]
    wanted = [_offset(tz, moment) for moment in samples]
    if None in wanted:
        return None
    seen: set[str] = set()
    for name in (*prefer, *WINDOWS_TO_OLSON.values()):
        if not name or name in seen or not _exists(name):
            continue
        seen.add(name)
        zone = ZoneInfo(name)
        if all(_offset(zone, moment) == offset for moment, offset in zip(samples, wanted)):
            return name
    return None


def _offset(tz: tzinfo, moment: datetime):
    try:
        return moment.replace(tzinfo=tz).utcoffset()
    except Exception:  # a broken VTIMEZONE: no guess rather than a crash
        return None
