"""Which calendar events are interviews: a rule the user can tune in config.toml or on the command line.

An event is an interview when its UID is listed, when its title or description has one of the
keywords (as whole words), when an organizer or attendee writes from one of the listed domains,
or when an applicant-tracking service (Greenhouse, Lever, Ashby...) sent it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from afterview.errors import ConfigError
from afterview.importers.names import ATS, domain_of, is_ats_domain
from afterview.importers.records import CalendarEvent

_ANY_ATS = re.compile("|".join(re.escape(domain) for domain in sorted(ATS)))  # one pass for all of them

DEFAULT_KEYWORDS = (
    "interview",
    "interviews",
    "interviewing",
    "screen",
    "phone screen",
    "screening",
    "screening call",
    "tech screen",
    "technical",
    "panel",
    "onsite",
    "on-site",
    "hiring manager",
    "recruiter call",
    "recruiter chat",
    "final round",
    "case study",
    "coding challenge",
    "pair programming",
    "system design",
    "meet the team",
    "vorstellungsgespräch",
    "entretien",
    "entrevista",
    "colloquio",
    "sollicitatiegesprek",
)


@dataclass(frozen=True)
class Rule:
    keywords: tuple[str, ...] = DEFAULT_KEYWORDS
    domains: tuple[str, ...] = ()
    uids: tuple[str, ...] = ()
    ats: bool = True  # invitations sent by an applicant-tracking service count
    everything: bool = False  # --all: every event is an interview
    _pattern: re.Pattern | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        words = [re.escape(k.strip().lower()) for k in self.keywords if k.strip()]
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE) if words else None
        object.__setattr__(self, "_pattern", pattern)

    def might_match(self, raw: str) -> bool:
        """A quick look at an event's unparsed text: False only when `reason` cannot find anything.

        The raw text holds every property, so a keyword, a domain or a UID that is in the parsed
        event is in it too; most events of a whole calendar are skipped without being parsed.
        """
        if self.everything or self.uids:
            return True
        if self._pattern is not None and self._pattern.search(raw.replace("\\,", ",").replace("\\n", "\n")):
            return True
        lowered = raw.lower()
        if any(domain.lower().lstrip("@") in lowered for domain in self.domains):
            return True
        return self.ats and _ANY_ATS.search(lowered) is not None

    def reason(self, event: CalendarEvent) -> str:
        """Why the event is an interview ("keyword 'panel'"), or "" when it is not one."""
        if self.everything:
            return "all events"
        base_uid = event.uid.split("/", 1)[0]
        if event.uid in self.uids or base_uid in self.uids:
            return "listed UID"
        if self._pattern is not None:
            match = self._pattern.search(event.summary) or self._pattern.search(event.description[:2000])
            if match:
                return f"keyword {match.group(0).lower()!r}"
        domains = {domain_of(p.email) for p in event.people()}
        for wanted in self.domains:
            wanted = wanted.lower().lstrip("@")
            if any(d == wanted or d.endswith("." + wanted) for d in domains):
                return f"domain {wanted}"
        if self.ats and any(is_ats_domain(d) for d in domains):
            return "sent by a recruiting service"
        return ""


def rule_from_config(section: dict, *, keywords=(), domains=(), uids=(), everything=False) -> Rule:
    """The rule from `[import.calendar]`, with command-line keywords/domains replacing the configured ones."""
    if not isinstance(section, dict):
        raise ConfigError("[import.calendar] must be a table")
    configured_keywords = _strings(section, "keywords", DEFAULT_KEYWORDS)
    extra = _strings(section, "extra_keywords", ())
    return Rule(
        keywords=tuple(keywords) or (configured_keywords + extra),
        domains=tuple(domains) or _strings(section, "domains", ()),
        uids=tuple(uids) + _strings(section, "uids", ()),
        ats=bool(section.get("recruiting_services", True)),
        everything=everything,
    )


def _strings(section: dict, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = section.get(key)
    if value is None:
        return tuple(default)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"[import.calendar] {key} must be a list of strings")
    return tuple(value)
