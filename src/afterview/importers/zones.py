"""Time zone ids found in calendar files, as IANA names.

Outlook and Exchange write Windows names ("W. Europe Standard Time"), Thunderbird and
Evolution write vendor-prefixed ids ("/mozilla.org/20050126_1/Europe/Berlin"), the rest write
IANA names. icalendar ships CLDR's windowZones table, which is used here rather than a copy.

The zone database's own files are read where zoneinfo reads them: a zone's rule for the years
after its last listed change (the POSIX TZ string at the end of its TZif file, which the calendar
export writes as RRULEs), the country a zone is named for (zone.tab), which a calendar import
gives the people it creates, and the zone an old name links to (tzdata.zi: "Asia/Calcutta" is
Asia/Kolkata), which is recorded rather than the old name (`canonical_zone`). A Windows name is
its main zone, and gives that zone's country; `windows_country` says when every place that uses
it is in that one country (else the country is a guess the import says is one).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
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
            return canonical_zone(candidate)
    return None


def canonical_zone(name: str) -> str:
    """The zone an old name of the zone database links to ("Asia/Calcutta": Asia/Kolkata,
    "US/Eastern": America/New_York, as its tzdata.zi writes the link), so that a calendar's old
    name, or the one a Windows name maps to in CLDR's table ("India Standard Time":
    Asia/Calcutta), is recorded by its current one. A zone of zone.tab stays itself (Europe/Amsterdam
    is the Netherlands' even where its data is Brussels'), as does a name that is no place's
    (UTC, EST5EDT) or one the database does not list as a link."""
    if not name or "/" not in name or name.startswith(_NOT_PLACES) or name in zone_table():
        return name
    target = _links().get(name, "")
    return target if target and _exists(target) else name


@lru_cache(maxsize=1)
def _links() -> dict[str, str]:
    """The links of the zone database's tzdata.zi ("L Asia/Kolkata Asia/Calcutta"): old name -> zone."""
    data = tz_file("tzdata.zi") or b""
    links: dict[str, str] = {}
    for line in data.decode("utf-8", "replace").splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[0] == "L":
            links[fields[2]] = fields[1]
    return links


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
    Zones whose offsets agree at noon twice a month are then told apart by the hour they change
    their clocks, checked hour by hour around each change: US Eastern rules (2:00) give
    America/New_York, not America/Havana, which changes at midnight on the same days. When none
    changes at the same hour, the first that agrees at noon is taken.
    """
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    samples = [datetime(year, month, day, 12) for month in range(1, 13) for day in (1, 15)]
    wanted = [_offset(tz, moment) for moment in samples]
    if None in wanted:
        return None
    # every hour between two samples whose offsets differ: where the clocks change
    # (in UTC: local times in the hour the clocks skip are read differently by each library)
    changes = [(samples[index] + timedelta(hours=hour)).replace(tzinfo=timezone.utc)
               for index in range(len(samples) - 1) if wanted[index] != wanted[index + 1]
               for hour in range(1, int((samples[index + 1] - samples[index]).total_seconds() // 3600))]
    exact = [_utc_offset(tz, moment) for moment in changes]
    if None in exact:
        changes, exact = [], []
    seen: set[str] = set()
    first = None
    for name in (*prefer, *WINDOWS_TO_OLSON.values()):
        if not name or name in seen or not _exists(name):
            continue
        seen.add(name)
        zone = ZoneInfo(name)
        if all(_offset(zone, moment) == offset for moment, offset in zip(samples, wanted)):
            if all(_utc_offset(zone, moment) == offset for moment, offset in zip(changes, exact)):
                return name
            first = first or name
    return first


def _utc_offset(tz: tzinfo, moment: datetime):
    """The zone's offset at a moment given in UTC (None when the zone cannot say)."""
    try:
        return moment.astimezone(tz).utcoffset()
    except Exception:  # a broken VTIMEZONE: no guess rather than a crash
        return None


def _offset(tz: tzinfo, moment: datetime):
    try:
        return moment.replace(tzinfo=tz).utcoffset()
    except Exception:  # a broken VTIMEZONE: no guess rather than a crash
        return None


# -- the zone database's own files: a zone's data (TZif, RFC 8536) and its tables --------------


def tz_file(name: str) -> bytes | None:
    """The bytes of a zone's TZif file, or of one of the database's tables ("zone.tab"), found
    where `zoneinfo` looks for zones (TZPATH first, then the tzdata package); None when there is
    none (a zone zoneinfo could not load either, or a name that is no file name)."""
    import os
    import zoneinfo

    if not name or name.startswith(("/", ".", "\\")) or ".." in name or "\\" in name or "\0" in name:
        return None
    for base in zoneinfo.TZPATH:
        path = os.path.join(base, *name.split("/"))
        if os.path.isfile(path):
            try:
                with open(path, "rb") as stream:
                    return stream.read()
            except OSError:
                return None
    try:
        from importlib import resources

        found = resources.files("tzdata").joinpath("zoneinfo", *name.split("/"))
        return found.read_bytes() if found.is_file() else None
    except (ImportError, OSError, ValueError):
        return None


@lru_cache(maxsize=512)
def posix_rule(name: str) -> str | None:
    """The zone's rule for the times after its last listed transition, as the footer of its TZif
    file writes it (a POSIX TZ string: "EST5EDT,M3.2.0,M11.1.0", "<+0530>-5:30"); "" when the
    file has none (a version 1 file), None when the file cannot be read."""
    data = tz_file(name)
    if not data or not data.startswith(b"TZif"):
        return None
    if data[4:5] in (b"\0", b"") or not data.endswith(b"\n"):
        return ""
    footer = data[:-1].rsplit(b"\n", 1)
    if len(footer) != 2:
        return ""
    try:
        return footer[1].decode("ascii")
    except UnicodeDecodeError:
        return ""


_NOT_PLACES = ("Etc/", "SystemV/", "posix/", "right/", "posixrules")


@lru_cache(maxsize=1)
def zone_table() -> dict[str, str]:
    """zone.tab: each zone a place's clocks follow, and the country (ISO 3166) it is named for."""
    data = tz_file("zone.tab") or b""
    table: dict[str, str] = {}
    for line in data.decode("utf-8", "replace").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) >= 3 and len(fields[0]) == 2:
            table[fields[2].strip()] = fields[0].strip().upper()
    return table


@lru_cache(maxsize=1)
def _countries_by_data() -> dict[bytes, frozenset[str]]:
    """The countries of the zones of zone.tab by the data of their file, to find the zone an
    old name is a link to ("US/Eastern", "Asia/Calcutta": the same file as a zone of the table)."""
    found: dict[bytes, set[str]] = {}
    for zone, country in zone_table().items():
        data = tz_file(zone)
        if data:
            found.setdefault(data, set()).add(country)
    return {data: frozenset(countries) for data, countries in found.items()}


def zone_countries(name: str) -> frozenset[str]:
    """The countries whose clocks follow the zone: the one zone.tab names it for ("America/New_York":
    US), else, for an old name that is a link to zones of the table ("US/Eastern",
    "Asia/Calcutta"), their countries (several when the link's data is shared: ambiguous). Empty
    for a zone that is no place (UTC, Etc/GMT+5, EST5EDT, CET) or that the table does not know."""
    if not name or "/" not in name or name.startswith(_NOT_PLACES):
        return frozenset()
    country = zone_table().get(name)
    if country:
        return frozenset({country})
    data = tz_file(name)
    return _countries_by_data().get(data, frozenset()) if data else frozenset()


def zone_country(name: str) -> str:
    """The ISO 3166 country of a zone when it names exactly one ("Europe/Berlin": DE), else ""."""
    countries = zone_countries(name)
    return next(iter(countries)) if len(countries) == 1 else ""


def tzid_origin(tzid: str) -> str:
    """How a calendar's TZID names its zone: "iana" (an IANA name, or a vendor-prefixed one:
    "/mozilla.org/20050126_1/Europe/Berlin"), "windows-one" (a Windows name whose places are all
    in one country, "India Standard Time": it names that country as an IANA name does, see
    `windows_country`), "windows" (a Windows name several countries share, "Eastern Standard
    Time": the United States, Canada, the Bahamas), or "" (no known zone). A calendar import
    gives the people it creates the country of the zone in each case: for the third, the country of
    its main zone (the one the name maps to), which the import says is a guess."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    text = (tzid or "").strip().strip('"')
    name = iana_name(text)
    if not name:
        return ""
    if name != text and text in WINDOWS_TO_OLSON and canonical_zone(WINDOWS_TO_OLSON[text]) == name:
        return "windows-one" if windows_country(text) else "windows"
    return "iana"


# -- Windows zone names and countries ----------------------------------------------------------
#
# A Windows name stands for the clocks of several places, often in several countries: CLDR's
# windowsZones table lists, for each, the IANA zones of each territory that uses it ("Eastern
# Standard Time": New York and Detroit, Toronto, Nassau). icalendar ships only its main zone
# (territory 001), which gives the zone; the whole table comes with tzlocal (`tz_win`: each
# IANA zone's Windows name), installed with dateparser. A Windows name gives a country only when
# every zone of it is in that one country ("India Standard Time": Kolkata; "AUS Eastern Standard
# Time": Sydney, Melbourne, Canberra) and it is the country of the main zone. A name newer than
# icalendar's table ("British Columbia Standard Time", split from "Pacific Standard Time") took
# its places from an older name with the same clock, which older Windows still write for them:
# its countries count for each name of icalendar's table whose main zone keeps the same offsets.
# Without tzlocal, or for a name it does not know, a Windows name gives no country.


def windows_country(tzid: str) -> str:
    """The ISO 3166 country of a Windows zone name when every place that uses it is in that one
    country ("India Standard Time": IN, "AUS Eastern Standard Time": AU), else "" ("Eastern
    Standard Time", "W. Europe Standard Time": several countries; a name that is not a Windows
    one, or whose main zone is no place)."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    text = (tzid or "").strip().strip('"')
    main = WINDOWS_TO_OLSON.get(text)
    countries = _windows_countries().get(text, frozenset())
    if not main or len(countries) != 1:
        return ""
    country = next(iter(countries))
    return country if zone_countries(main) == countries else ""


@lru_cache(maxsize=1)
def _windows_countries() -> dict[str, frozenset[str]]:
    """Each Windows name's countries: those of the zone.tab zones CLDR gives it (through tzlocal's
    copy of the table), and those of names newer than icalendar's table with the same clock."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    try:
        from tzlocal.windows_tz import tz_win, win_tz
    except ImportError:  # no whole table: no Windows name gives a country
        return {}
    found: dict[str, set[str]] = {}
    for zone, windows in tz_win.items():
        if zone and windows:
            found.setdefault(windows, set()).update(zone_countries(zone))
    for newer in sorted(set(found) - set(WINDOWS_TO_OLSON)):
        main = win_tz.get(newer, "")
        if not _exists(main):
            continue
        for older, zone in WINDOWS_TO_OLSON.items():
            if _exists(zone) and _same_clock(main, zone):
                found.setdefault(older, set()).update(found[newer])
    return {name: frozenset(countries) for name, countries in found.items()}


_CLOCK_SAMPLES = tuple(datetime(year, month, day, 12, tzinfo=timezone.utc)
                       for year in range(2024, 2028) for month in range(1, 13) for day in (1, 15))


def _same_clock(one: str, other: str) -> bool:
    """Whether two zones give the same offsets these years (twice a month, 2024 to 2027)."""
    first, second = ZoneInfo(one), ZoneInfo(other)
    return all(moment.astimezone(first).utcoffset() == moment.astimezone(second).utcoffset()
               for moment in _CLOCK_SAMPLES)
