"""The follow-up playbook: every timing rule as data, with its default, its source and overrides.

The defaults below are the Timing table of the project's playbook (docs/playbook.md). A user
playbook file (TOML, one table per rule) and the `[planner]` section of config.toml override
any setting; `load_playbook` validates them and names the file, the key and the problem.

    [thank_you]
    due_within = "20h"

    [status_check]
    without_date = 5          # business days after the interview
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from afterview.errors import ConfigError, InvalidInput

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ROLES = ("interviewer", "hiring_manager", "recruiter", "coordinator")
KINDS = (
    "thank_you", "status_check", "closing_the_loop", "rejection_reply", "feedback_request",
    "keep_warm", "share_news", "linkedin_note", "card", "withdrawal",
)


class Duration(timedelta):
    """A playbook duration that keeps its calendar days ("30d") apart from its hours ("24h")."""

    def __new__(cls, days: int = 0, hours: int = 0, minutes: int = 0):
        self = super().__new__(cls, days=days, hours=hours, minutes=minutes)
        self.calendar_days = days
        return self


@dataclass(frozen=True)
class Setting:
    """One tunable value of a rule: its type, default and a short description."""

    name: str
    type: str  # duration | business_days | days | factor | clock | weekdays | bool | count | roles | kinds | country | timezone
    default: Any
    help: str
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Rule:
    """A playbook rule: what it decides, its settings, its source, and what was overridden."""

    name: str
    title: str
    source: str
    settings: tuple[Setting, ...]
    values: Mapping[str, Any] = field(default_factory=dict)
    origins: Mapping[str, str] = field(default_factory=dict)  # setting -> file that set it

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def overridden(self) -> bool:
        return bool(self.origins)


def _s(name, type_, default, help_, low=None, high=None) -> Setting:
    return Setting(name, type_, default, help_, low, high)


_RULES: tuple[tuple[str, str, str, tuple[Setting, ...]], ...] = (
    ("thank_you", "A thank-you to each interviewer and to the recruiter or coordinator",
     "TopResume 2017, Indeed, Robert Half 2017 (24 h); CareerBuilder 2005: hiring managers "
     "expect up to 2-5 days, so after 48 h a note is late but still worth sending",
     (_s("not_before", "duration", "1h", "never earlier than this after the interview's end"),
      _s("due_within", "duration", "24h", "due this long after the interview's end"),
      _s("late_after", "duration", "48h", "after this the note is late: no 'yesterday'"),
      _s("fold_after", "duration", "14d", "after this a note on its own reads oddly: thank them in your next one"),
      _s("roles", "roles", list(ROLES), "which participants get a note"))),
    ("afternoon_thank_you", "Afternoon interview: schedule for the next business morning",
     "Afterview default playbook (common adviser practice; no survey behind it)",
     (_s("afternoon_from", "clock", "12:00", "an interview ending after this is 'afternoon'"),
      _s("window_start", "clock", "08:00", "next business morning, from"),
      _s("window_end", "clock", "10:00", "next business morning, until (the due time)"))),
    ("friday_thank_you", "Friday or pre-holiday interview: same day, or next business morning",
     "Afterview default playbook (common adviser practice; no survey behind it)",
     (_s("same_day_until", "clock", "17:00", "a note ready before this may go out the same day"),
      _s("window_start", "clock", "08:00", "next business morning, from"),
      _s("window_end", "clock", "09:00", "next business morning, until (the due time)"))),
    ("status_check", "First status follow-up",
     "Indeed and most career advisers; an informal recruiter poll split 48% '5 days' / 39% "
     "'7 days'",
     (_s("after_decision_date", "business_days", 2, "after the employer's stated decision date"),
      _s("without_date", "business_days", 7, "after the interview when no date was stated", 5, 10))),
    ("second_status_check", "Second status follow-up, only without a reply, with something new",
     "Career advisers agree on 'at most two' follow-ups; some recruiters prefer fewer",
     (_s("enabled", "bool", True, "plan a second follow-up at all"),
      _s("after_first", "business_days", 7, "after the first follow-up was sent"))),
    ("close_the_loop", "Close the loop, then count the process as no response",
     "Career advisers: end politely instead of going silent or chasing",
     (_s("enabled", "bool", True, "plan a closing message at all"),
      _s("after_second", "business_days", 10, "after the second follow-up was sent"))),
    ("slow_pace", "Slow sectors (government, academia, large enterprises) stretch status timings",
     "Glassdoor time-to-hire research: about 24 days on average in the US, about 54 in government",
     (_s("factor", "factor", 1.5, "multiplies the business days of status follow-ups", 1.0, 5.0),)),
    ("send_window", "Send window for status follow-ups (recipient's time)",
     "A heuristic, not data: mid-week mornings are when inboxes are being worked through",
     (_s("days", "weekdays", ["tue", "wed", "thu"], "weekdays for status follow-ups; left at the "
         "default: mid-week of the recipient's working week (Mon-Wed where it runs Sunday-Thursday)"),
      _s("start", "clock", "09:30", "window start, recipient's time"),
      _s("end", "clock", "11:30", "window end, recipient's time (the due time)"))),
    ("spacing", "Never two outgoing messages to one person within a few business days",
     "Afterview default playbook: follow-ups in bursts read as pressure",
     (_s("business_days", "business_days", 3, "minimum gap between messages to one person"),
      _s("exempt", "kinds", ["thank_you", "rejection_reply", "linkedin_note", "withdrawal"],
         "kinds that answer an event (the interview, their email, your acceptance) and are not moved"))),
    ("stop_on_reply", "A real reply cancels pending status follow-ups of the opportunity",
     "What sequence tools call stop-on-reply: a follow-up sent after a reply is the worst failure",
     (_s("enabled", "bool", True, "stop status follow-ups on a reply (not on auto-replies)"),)),
    ("out_of_office", "Out-of-office reply: postpone pending messages",
     "Afterview default playbook",
     (_s("after_return", "business_days", 1, "after the stated return date"),
      _s("without_date", "business_days", 5, "after the auto-reply when it states no date"))),
    ("rejection_reply", "Rejection reply, with a feedback request inside it by default (once)",
     "Afterview default playbook; Talent Board candidate-experience research: most candidates "
     "want feedback, a minority receive it, so no reply is normal",
     (_s("not_before", "duration", "2h", "not earlier than this after the rejection"),
      _s("due_within", "duration", "24h", "due this long after the rejection (business day)"),
      _s("latest", "duration", "48h", "no later than this (business day)"),
      _s("feedback_request", "bool", True, "ask for one or two forward-looking points, once"))),
    ("linkedin_connection", "LinkedIn connection request",
     "The Muse and others: most recruiters prefer a request after the decision",
     (_s("after_decision", "bool", True, "suggest after a decision (right after a rejection)"),
      _s("early_after", "duration", "3d", "with the early opt-in: this long after the interview"),
      _s("due_business_days", "business_days", 2, "due this many business days after earliest"),
      _s("expires_after", "duration", "60d", "not suggested any more this long after it became possible"))),
    ("linkedin_limits", "LinkedIn note length and monthly personalised invitations",
     "LinkedIn help pages; the free note limit was cut from 300 to 200 characters",
     (_s("free_note_chars", "count", 200, "note limit on a free account"),
      _s("premium_note_chars", "count", 300, "note limit with Premium"),
      _s("free_monthly_invitations", "count", 5, "personalised invitations a month (free)"))),
    ("keep_warm", "Keep warm after a rejection or a closed process, only with a reason",
     "Career advisers: a rejection can become a relationship; touch rarely and with a reason",
     (_s("first_after", "duration", "30d", "first touch at least this long after the close"),
      _s("every", "duration", "91d", "then about this often"),
      _s("stop_after", "duration", "365d", "no touches later than this after the close"),
      _s("due_business_days", "business_days", 5, "due this many business days after earliest"))),
    ("share_news", "Share news or an achievement that relates to what the person cares about",
     "Afterview default playbook: it counts as a follow-up for spacing",
     (_s("interval", "business_days", 7, "at most one shared item per person in this interval"),
      _s("max_age", "duration", "30d", "news older than this is not news"),
      _s("due_business_days", "business_days", 5, "due this many business days after earliest"))),
    ("withdraw_after_acceptance", "After you accept an offer, withdraw from the other open processes, with thanks",
     "Career advisers: tell the other employers promptly once you have accepted, so they can move "
     "on, and thank them; the relationship outlives the process (a courtesy, not data)",
     (_s("enabled", "bool", True, "plan withdrawal notes (off: the other processes are followed up as before)"),
      _s("due_business_days", "business_days", 2, "due this many business days after the acceptance"))),
    ("calendar", "Whose business days and zone apply when a person has none recorded",
     "Public holidays: the holidays package; zones: the IANA database (zoneinfo)",
     (_s("country", "country", "", "fallback country (empty: your profile's)"),
      _s("timezone", "timezone", "", "fallback time zone (empty: your profile's)"))),
)


# Rules with no survey or data behind them, only practice: an explanation says so ("a heuristic,
# not data", as PLAYBOOK.md asks of the send window). The others cite research or advisers.
HEURISTIC_RULES = frozenset({
    "afternoon_thank_you", "friday_thank_you", "send_window", "spacing", "out_of_office",
    "share_news", "withdraw_after_acceptance",
})


class Playbook:
    """The effective rules: defaults plus overrides, looked up as `playbook["thank_you"]["due_within"]`."""

    def __init__(self, rules: Mapping[str, Rule], reader_tz: str = ""):
        self.rules = MappingProxyType(dict(rules))
        # The zone the user reads the reasons' times in when it is not the one recipients without
        # a zone are planned in: config.toml's `timezone` (a trip), "" for that one. Only how a
        # reason says "yours"; never when anything is due.
        self.reader_tz = reader_tz

    def __getitem__(self, name: str) -> Rule:
        return self.rules[name]

    def __iter__(self):
        return iter(self.rules.values())

    def __eq__(self, other) -> bool:
        return isinstance(other, Playbook) and all(
            dict(self.rules[n].values) == dict(other.rules[n].values) for n in self.rules
        )

    __hash__ = None  # mutable-looking value semantics; not used as a key

    def override(self, data: Mapping[str, Any], origin: str) -> "Playbook":
        """A new playbook with `data` ({rule: {setting: value}}) applied; ConfigError if invalid."""
        rules = dict(self.rules)
        for rule_name, table in data.items():
            if rule_name not in rules:
                from afterview.config import did_you_mean

                known = ", ".join(rules)
                raise ConfigError(f"{origin}: unknown rule [{rule_name}]{did_you_mean(rule_name, rules)} "
                                  f"(known rules: {known})")
            if not isinstance(table, dict):
                raise ConfigError(f"{origin}: [{rule_name}] must be a table of settings")
            rules[rule_name] = _apply(rules[rule_name], table, origin)
        result = Playbook(rules, self.reader_tz)
        _cross_check(result, origin)
        return result


def _apply(rule: Rule, table: Mapping[str, Any], origin: str) -> Rule:
    by_name = {s.name: s for s in rule.settings}
    values, origins = dict(rule.values), dict(rule.origins)
    for key, raw in table.items():
        setting = by_name.get(key)
        if setting is None:
            from afterview.config import unknown_name

            raise ConfigError(f"{origin}: [{rule.name}] {unknown_name('key', key, by_name)}")
        where = f"{origin}: [{rule.name}] {key}"
        values[setting.name] = convert(setting, raw, where)
        origins[setting.name] = origin
    return replace(rule, values=MappingProxyType(values), origins=MappingProxyType(origins))


_DURATION = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


def convert(setting: Setting, raw: Any, where: str) -> Any:
    """Check one setting value from a file and turn it into its typed form."""
    kind = setting.type
    if kind == "duration":
        return _duration(raw, where)
    if kind in ("business_days", "days", "count"):
        return _number(setting, raw, where, integer=True)
    if kind == "factor":
        return _number(setting, raw, where, integer=False)
    if kind == "bool":
        if not isinstance(raw, bool):
            raise ConfigError(f"{where}: must be true or false, got {_shown(raw)}")
        return raw
    if kind == "clock":
        return _clock(raw, where)
    if kind in ("weekdays", "roles", "kinds"):
        allowed = {"weekdays": WEEKDAYS, "roles": ROLES, "kinds": KINDS}[kind]
        return _names(raw, allowed, where)
    if kind == "country":
        return _country(raw, where)
    if kind == "timezone":
        return _timezone(raw, where)
    raise AssertionError(kind)  # a setting declared with an unknown type: a programming error


def _duration(raw: Any, where: str) -> timedelta:
    if isinstance(raw, timedelta):
        value = raw if isinstance(raw, Duration) else Duration(hours=raw // timedelta(hours=1))
    elif isinstance(raw, str):
        text = raw.strip().lower().replace(" ", "")
        if text.startswith("-"):
            raise ConfigError(f"{where}: must be a positive duration, got {_shown(raw)}")
        match = _DURATION.match(text)
        if not text or not match or not any(match.groups()):
            raise ConfigError(f"{where}: not a duration: {raw!r} (use '24h', '30d', '1h30m')")
        d, h, m = (int(g or 0) for g in match.groups())
        try:
            value = Duration(days=d, hours=h, minutes=m)
        except OverflowError:
            raise ConfigError(f"{where}: at most {LONGEST.days} days, got {_shown(raw)}") from None
    else:
        raise ConfigError(f"{where}: a duration must be a string like '24h' or '30d', got {_shown(raw)}")
    if value <= timedelta(0):
        raise ConfigError(f"{where}: must be a positive duration, got {_shown(raw)}")
    if value > LONGEST:
        raise ConfigError(f"{where}: at most {LONGEST.days} days, got {_shown(raw)}")
    return value


LONGEST = timedelta(days=3 * 365)  # no follow-up rule waits longer; far beyond, dates overflow
LARGEST = {"business_days": 750, "days": 3 * 365, "count": 10_000}  # when a setting names no bound


def _number(setting: Setting, raw: Any, where: str, *, integer: bool) -> int | float:
    ok = isinstance(raw, int) and not isinstance(raw, bool)
    if not integer:
        ok = ok or isinstance(raw, float)
    if not ok:
        what = "a whole number" if integer else "a number"
        raise ConfigError(f"{where}: must be {what}, got {_shown(raw)}")
    if not math.isfinite(raw):
        # TOML has nan and inf: nan passes every comparison below (all are false), and would
        # stop every plan later; say it here, with the range the setting allows
        bounds = (f" between {setting.low:g} and {setting.high:g}"
                  if setting.low is not None and setting.high is not None else "")
        raise ConfigError(f"{where}: must be a finite number{bounds}, got {_shown(raw)}")
    if raw <= 0:
        unit = " of business days" if setting.type == "business_days" else ""
        raise ConfigError(f"{where}: must be a positive number{unit}, got {_shown(raw)}")
    if setting.low is not None and raw < setting.low or setting.high is not None and raw > setting.high:
        raise ConfigError(f"{where}: must be between {setting.low:g} and {setting.high:g}, got {_shown(raw)}")
    largest = LARGEST.get(setting.type)
    if setting.high is None and largest is not None and raw > largest:
        raise ConfigError(f"{where}: at most {largest:g}, got {_shown(raw)}")
    return raw


def _clock(raw: Any, where: str) -> time:
    if isinstance(raw, time):
        return raw
    match = _CLOCK.match(raw.strip()) if isinstance(raw, str) else None
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ConfigError(f"{where}: not a time of day: {raw!r} (use HH:MM, e.g. '09:30')")
    return time(int(match.group(1)), int(match.group(2)))


def _names(raw: Any, allowed: tuple[str, ...], where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise ConfigError(f"{where}: must be a list of names, got {_shown(raw)}")
    values = [v.strip().lower() for v in raw]
    for value in values:
        if value not in allowed:
            raise ConfigError(f"{where}: unknown value {value!r} (use: {', '.join(allowed)})")
    return tuple(dict.fromkeys(values))


def _country(raw: Any, where: str) -> str:
    if not isinstance(raw, str):
        raise ConfigError(f"{where}: must be a country code like 'DE', got {_shown(raw)}")
    from afterview.domain.values import check_country

    try:
        return check_country(raw)
    except InvalidInput as err:
        raise ConfigError(f"{where}: {err}") from None


def _timezone(raw: Any, where: str) -> str:
    if not isinstance(raw, str):
        raise ConfigError(f"{where}: must be a time zone name like 'Europe/Berlin', got {_shown(raw)}")
    if not raw.strip():
        return ""
    from afterview.domain.values import check_typed_timezone

    try:
        return check_typed_timezone(raw)
    except InvalidInput as err:
        raise ConfigError(f"{where}: {err}") from None


def _shown(raw: Any) -> str:
    """A value from a file as it was written there (a TOML date as a date, not as Python)."""
    if isinstance(raw, (date, time)):  # datetime is a date
        return raw.isoformat()
    return repr(raw)


def _cross_check(playbook: Playbook, origin: str) -> None:
    """Settings that only make sense together (a window must end after it starts ...)."""
    pairs = (
        ("thank_you", "not_before", "due_within"), ("thank_you", "due_within", "late_after"),
        ("thank_you", "late_after", "fold_after"),
        ("afternoon_thank_you", "window_start", "window_end"),
        ("friday_thank_you", "window_start", "window_end"), ("send_window", "start", "end"),
        ("rejection_reply", "not_before", "due_within"), ("rejection_reply", "due_within", "latest"),
        ("keep_warm", "first_after", "stop_after"),
    )
    for rule, low, high in pairs:
        if playbook[rule][low] >= playbook[rule][high]:
            raise ConfigError(f"{_origin_of(playbook, rule, (low, high), origin)}: [{rule}] {low} "
                              f"({format_value(playbook[rule][low])}) must be earlier than {high} "
                              f"({format_value(playbook[rule][high])})")
    days = playbook["send_window"]["days"]
    if not days:
        raise ConfigError(f"{_origin_of(playbook, 'send_window', ('days',), origin)}: "
                          "[send_window] days must name at least one weekday")
    if set(days) <= {"sat", "sun"}:
        raise ConfigError(f"{_origin_of(playbook, 'send_window', ('days',), origin)}: [send_window] days "
                          f"{format_value(days)} has only weekend days, and follow-ups go out on business "
                          "days: name at least one day from Monday to Friday")
    if not playbook["thank_you"]["roles"]:
        raise ConfigError(f"{_origin_of(playbook, 'thank_you', ('roles',), origin)}: [thank_you] roles is "
                          "empty: no one would be thanked; name at least one role "
                          f"(default {format_value(list(ROLES))})")


def _origin_of(playbook: Playbook, rule: str, keys: tuple[str, ...], origin: str) -> str:
    """Where the settings in question were set: the file being read, and any other (a value
    from config.toml can clash with one from the playbook file)."""
    origins = playbook[rule].origins
    found = list(dict.fromkeys(origins[key] for key in keys if key in origins))
    if origin not in found:
        found.insert(0, origin)
    return " and ".join(found) if len(found) > 1 else found[0]


def _defaults() -> Playbook:
    rules = {}
    for name, title, source, settings in _RULES:
        values = {s.name: convert(s, s.default, f"default [{name}] {s.name}") for s in settings}
        rules[name] = Rule(name, title, source, settings, MappingProxyType(values), MappingProxyType({}))
    return Playbook(rules)


DEFAULT_PLAYBOOK = _defaults()


def note_limit(playbook: Playbook, account: Any) -> int:
    """The longest LinkedIn note, in characters, on this account (a `LinkedInAccount` or its
    value): `[linkedin_limits]` free_note_chars, or premium_note_chars on Premium. The planner
    notes it, the composer fits a note to it and the review checks against it."""
    limits = playbook["linkedin_limits"]
    return limits["premium_note_chars" if is_premium(account) else "free_note_chars"]


def is_premium(account: Any) -> bool:
    return str(getattr(account, "value", account)) == "premium"


def window_days(playbook: Playbook) -> frozenset[int] | None:
    """The send window's weekdays (Monday 0) as `[send_window] days` names them, or None when it
    is left at its default: then mid-week of each recipient's own working week, their working
    days without the first and the last (`BusinessDays.midweek`: Tue-Thu for a Monday-Friday
    week, the default's days; Mon-Wed for Sunday-Thursday, as in Israel or Saudi Arabia). The
    rule is "mid-week mornings" (PLAYBOOK.md): a list you give is taken as it is."""
    rule = playbook["send_window"]
    if "days" not in rule.origins:
        return None
    return frozenset(WEEKDAYS.index(day) for day in rule["days"])


def paced(playbook: Playbook, opportunity: Any, days: int) -> int:
    """A wait of `days` business days for an opportunity, stretched by `[slow_pace] factor` in a
    slow sector (rounded up): one rule for the planner and the review's timing checks."""
    from afterview.domain.model import Pace

    slow = opportunity is not None and opportunity.pace == Pace.SLOW
    return math.ceil(days * (playbook["slow_pace"]["factor"] if slow else 1) - 1e-9)


def fallback_place(playbook: Playbook, profile: Any) -> tuple[str, str]:
    """The zone and country of a recipient who has none recorded: `[calendar]`'s, else your
    profile's ("" when neither is recorded: the planner then plans in UTC). One rule for the
    planner's days, the draft's dates and closing, and the review's timing checks."""
    zone = playbook["calendar"]["timezone"] or profile.timezone or ""
    country = playbook["calendar"]["country"] or (profile.country or "").strip().upper()
    return zone, country


def read_toml(path: Path) -> dict:
    """A TOML file as a dict; ConfigError naming the file when it cannot be read or parsed."""
    import tomllib

    from afterview.config import read_settings

    raw = read_settings(path)  # a folder or a device refused, as config.toml's
    if raw is None:
        raise ConfigError(f"{path}: no such file")
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark, as some editors write
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:  # said in words, with its line, as config.toml's
        from afterview.config import toml_problem

        raise ConfigError(f"{path}: {toml_problem(text, err)}") from None


def load_playbook(path: Path | str | None = None, *, config: Mapping[str, Any] | None = None,
                  config_origin: str = "config.toml [planner]", reader_tz: str = "") -> Playbook:
    """Defaults, then config.toml's `[planner]` section, then the playbook file (if it exists).

    An explicitly named `path` must exist; the default location may be absent. `reader_tz`:
    config.toml's `timezone`, the zone a reason's times are said in as yours (see Playbook).
    """
    playbook = Playbook(DEFAULT_PLAYBOOK.rules, reader_tz) if reader_tz else DEFAULT_PLAYBOOK
    if config:
        playbook = playbook.override(config, config_origin)
    if path is not None:
        playbook = playbook.override(read_toml(Path(path)), str(path))
    return playbook


def format_value(value: Any) -> str:
    """A setting value as it would be written in the TOML file."""
    if isinstance(value, timedelta):
        total = int(value.total_seconds()) // 60
        days = getattr(value, "calendar_days", 0)
        rest = total - days * 1440
        hours, minutes = divmod(rest, 60)
        parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{minutes}m" if minutes else ""]
        return '"' + "".join(parts) + '"'
    if isinstance(value, time):
        return f'"{value:%H:%M}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return f"{value:g}" if isinstance(value, float) else str(value)


def json_value(value: Any) -> Any:
    """A setting value as `playbook show --json` gives it: a number, true/false or a list as
    such; a duration as the playbook file takes it ("20h", "1d12h") and a time of day as
    "HH:MM" (strings, as in the file); a country or zone as its name."""
    if isinstance(value, (timedelta, time)):
        return format_value(value)[1:-1]  # the file's form, without its quotes
    if isinstance(value, (list, tuple)):
        return list(value)
    return value
