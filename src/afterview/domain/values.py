"""Parsing and checking of the values users type: dates and times, zones, addresses, countries.

Pure functions: the current moment is always passed in (`now`), never read. Each raises
`InvalidInput` with a one-line message naming the value and what is wrong with it.

>>> from datetime import datetime, timezone
>>> now = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
>>> parse_when("2026-12-03 10:00 Europe/Berlin", now=now, tz="UTC").isoformat()
'2026-12-03T10:00:00+01:00'
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from afterview.errors import InvalidInput


def plain_digits(text: str) -> bool:
    """Only the ASCII digits 0-9: '12', not '+12', '1_2', '１２' or '²'.

    `str.isdigit()` accepts superscripts that `int()` refuses (an internal error), and `int()`
    accepts signs, underscores and other scripts' digits: ids and numbers typed or received are
    checked with this first.
    """
    return text.isascii() and text.isdigit()

_EMAIL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")


def parse_email(value: str) -> str:
    """Check an email address (addr-spec, no display name) and return it trimmed."""
    text = value.strip()
    if not text or len(text) > 254 or not _EMAIL.match(text) or ".." in text:
        raise InvalidInput(f"invalid email address: {value!r}")
    local = text.rsplit("@", 1)[0]
    if local.startswith(".") or local.endswith(".") or len(local) > 64:
        raise InvalidInput(f"invalid email address: {value!r}")
    return text


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    """The IANA time zone called `name` ("Europe/Berlin"); InvalidInput when unknown."""
    text = (name or "").strip()
    if not text or text.startswith(("/", ".")) or ".." in text:
        raise InvalidInput(f"unknown time zone: {name!r} (use an IANA name like Europe/Berlin)")
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidInput(
            f"unknown time zone: {name!r} (use an IANA name like Europe/Berlin)"
        ) from None


def check_timezone(name: str) -> str:
    zone(name)
    return name.strip()


def check_country(code: str) -> str:
    """An ISO 3166 alpha-2 country code the holidays package knows ("DE", "US"), or one of its
    regions with public holidays of their own, as ISO 3166-2 ("GB-ENG", "US-CA", "DE-BY")."""
    text = (code or "").strip().upper()
    if not text:
        return ""
    import holidays  # ~80 ms: only when a country is actually given

    supported = holidays.list_supported_countries()
    country, dash, region = text.partition("-")
    if country == "UK":  # what many people write for the United Kingdom; its ISO code is GB
        country = "GB"
        text = country + dash + region
    if country not in supported:
        raise InvalidInput(f"unknown country: {code!r} (use an ISO code like US, GB, DE)")
    if dash and region not in supported[country]:
        regions = ", ".join(f"{country}-{r}" for r in supported[country][:12])
        more = " ..." if len(supported[country]) > 12 else ""
        raise InvalidInput(f"unknown region of {country}: {code!r}"
                           + (f" (one of {regions}{more})" if regions else f" ({country} has no regions)"))
    return text


def as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime")  # a programming error, not user input
    return moment.astimezone(timezone.utc)


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_DT = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)
_ZONE_SUFFIX = re.compile(r"^(.*?)\s+([A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+|UTC|GMT)$")
_RELATIVE = re.compile(
    r"^(today|tomorrow|yesterday|now)(?:\s+(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)?)?$",
    re.IGNORECASE,
)
_TIME_ONLY = re.compile(r"^(\d{1,2}):(\d{2})$")
# 05.01.2027 [14:30]: a date with dots is day first wherever it is written so (Germany,
# Switzerland, Russia, Finland ...), never month first
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$")
_IN = re.compile(r"^in\s+(\d+)\s+(minute|hour|day|week)s?$", re.IGNORECASE)


def _date(y: int, m: int, d: int, original: str) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise InvalidInput(f"impossible date: {original!r}") from None


def _offset(text: str) -> tzinfo:
    if text == "Z":
        return timezone.utc
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise InvalidInput(f"invalid UTC offset: {text!r}")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _localize(naive: datetime, tz: tzinfo) -> datetime:
    """Attach a zone, refusing wall times that do not exist (a daylight-saving gap)."""
    aware = naive.replace(tzinfo=tz)
    if isinstance(tz, ZoneInfo):
        roundtrip = aware.astimezone(timezone.utc).astimezone(tz)
        if roundtrip.replace(tzinfo=None) != naive:
            raise InvalidInput(
                f"{naive:%Y-%m-%d %H:%M} does not exist in {tz.key} (daylight-saving change)"
            )
    return aware


def parse_date(value: str, *, now: datetime | None = None, tz: str = "UTC") -> date:
    """A calendar date: ISO ("2026-12-03"), or today/tomorrow/in N days relative to `now`."""
    text = value.strip()
    match = _ISO_DATE.match(text)
    if match:
        day = _date(*map(int, match.groups()), text)
        check_year(day.year, text)
        return day
    if now is not None:
        return parse_when(text, now=now, tz=tz).date()
    raise InvalidInput(f"not a date: {value!r} (use YYYY-MM-DD)")


WHEN_YEARS = (1900, 2200)  # a moment outside these years is a typing mistake (and near year
# 9999 date arithmetic overflows: a stored far-future snooze would break every plan)


def check_year(year: int | None, shown: str) -> None:
    """InvalidInput when a date or time, shown as given, lies outside WHEN_YEARS (None: beyond
    what can be computed). Typed, imported and restored dates are all checked by this."""
    if year is None or not WHEN_YEARS[0] <= year <= WHEN_YEARS[1]:
        raise InvalidInput(f"{shown!r} is too far away (years {WHEN_YEARS[0]}-{WHEN_YEARS[1]})")


def parse_when(value: str, *, now: datetime, tz: str) -> datetime:
    """A moment the user typed, as an aware datetime.

    Accepts ISO 8601 ("2026-12-03T10:00", with an offset or Z), a date and time followed by an
    IANA zone ("2026-12-03 10:00 Europe/Berlin"), "today/tomorrow [at] 14:00", "in 3 days",
    and, through dateparser, common English forms ("next monday 9am", "3 Dec 2026 10:00").
    A time with no zone is in `tz` (the user's zone). Years 1900-2200 only.
    """
    try:
        moment = _parse_when(value, now=now, tz=tz)
        year = moment.astimezone(timezone.utc).year
    except OverflowError:
        year = None
    check_year(year, value.strip())
    return moment


def _parse_when(value: str, *, now: datetime, tz: str) -> datetime:
    text = " ".join(value.strip().split())
    if not text:
        raise InvalidInput("empty date/time")
    home = zone(tz)
    suffix = _ZONE_SUFFIX.match(text)
    if suffix and suffix.group(2).upper() not in ("AM", "PM"):
        head, zone_name = suffix.groups()
        if "/" in zone_name or zone_name.upper() in ("UTC", "GMT"):
            return _parse_when(head, now=now, tz="UTC" if zone_name.upper() == "GMT" else zone_name)
    match = _ISO_DT.match(text)
    if match:
        y, mo, d, h, mi, s, off = match.groups()
        day = _date(int(y), int(mo), int(d), value)
        if int(h) > 23 or int(mi) > 59 or (s and int(s) > 59):
            raise InvalidInput(f"impossible time: {value!r}")
        naive = datetime.combine(day, time(int(h), int(mi), int(s or 0)))
        return naive.replace(tzinfo=_offset(off)) if off else _localize(naive, home)
    match = _ISO_DATE.match(text)
    if match:
        day = _date(*map(int, match.groups()), value)
        return _localize(datetime.combine(day, time(0, 0)), home)
    match = _DOTTED.match(text)
    if match:
        d, mo, y, h, mi = match.groups()
        day = _date(int(y), int(mo), int(d), value)
        if h is not None and (int(h) > 23 or int(mi) > 59):
            raise InvalidInput(f"impossible time: {value!r}")
        return _localize(datetime.combine(day, time(int(h or 0), int(mi or 0))), home)
    local_now = now.astimezone(home)
    match = _TIME_ONLY.match(text)
    if match:
        text = f"today {text}"
    match = _RELATIVE.match(text)
    if match:
        word, hour, minute, meridiem = match.groups()
        word = word.lower()
        if word == "now" and hour is None:
            return local_now
        day = local_now.date() + timedelta(days={"today": 0, "now": 0, "tomorrow": 1, "yesterday": -1}[word])
        if hour is None:
            return _localize(datetime.combine(day, time(9, 0)), home)
        h = int(hour)
        if meridiem:
            if not 1 <= h <= 12:
                raise InvalidInput(f"impossible time: {value!r}")
            h = h % 12 + (12 if meridiem.lower() == "pm" else 0)
        if h > 23 or int(minute or 0) > 59:
            raise InvalidInput(f"impossible time: {value!r}")
        return _localize(datetime.combine(day, time(h, int(minute or 0))), home)
    match = _IN.match(text)
    if match:
        amount, unit = int(match.group(1)), match.group(2).lower()
        return local_now + timedelta(**{unit + "s": amount})
    return _dateparser(text, value, local_now, home)


def _dateparser(text: str, original: str, local_now: datetime, home: ZoneInfo) -> datetime:
    import dateparser  # only for the less common forms; ~90 ms

    settings = {
        "RELATIVE_BASE": local_now.replace(tzinfo=None),
        "PREFER_DATES_FROM": "future",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    }
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        parsed = None
    if parsed is None:
        raise InvalidInput(
            f"not a date/time: {original!r} (try 2026-12-03 10:00, 'tomorrow 14:00', "
            "or add a zone: 2026-12-03 10:00 Europe/Berlin)"
        )
    return _localize(parsed.replace(tzinfo=None, microsecond=0), home)


def parse_duration(value: str) -> timedelta:
    """A positive duration: "45m", "1h", "1h30m", "2d"."""
    text = value.strip().lower().replace(" ", "")
    match = re.fullmatch(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?:in)?)?", text)
    if not text or not match or not any(match.groups()):
        raise InvalidInput(f"not a duration: {value!r} (use 45m, 1h, 1h30m)")
    days, hours, minutes = (int(g or 0) for g in match.groups())
    result = timedelta(days=days, hours=hours, minutes=minutes)
    if result <= timedelta(0):
        raise InvalidInput(f"duration must be positive: {value!r}")
    return result
