"""One complete, versioned JSON document of all data: backup, restore, moving machines.

The document (format "afterview-export", version 1):

    {"format": "afterview-export", "version": 1,
     "profile": {...},
     "companies": [...], "opportunities": [...], "people": [...], "interviews": [...],
     "debriefs": [...], "messages": [...], "inbound": [...], "feedback": [...],
     "news": [...], "decisions": [...]}

Records keep their ids, so references between them survive. Lists are ordered by id, keys as
in `domain/model.py`, times in ISO 8601 with their offset (UTC). Exporting, importing into an
empty database and exporting again gives the same document.
"""

from __future__ import annotations

from typing import Any

from afterview.domain import model as m
from afterview.domain.serialize import from_plain, to_plain
from afterview.errors import Conflict, ImportFailed, InvalidInput

FORMAT = "afterview-export"
VERSION = 1

# In dependency order: a record comes after those it refers to.
SECTIONS: list[tuple[str, type]] = [
    ("companies", m.Company),
    ("opportunities", m.Opportunity),
    ("people", m.Person),
    ("interviews", m.Interview),
    ("debriefs", m.Debrief),
    ("messages", m.Message),
    ("inbound", m.Inbound),
    ("feedback", m.Feedback),
    ("news", m.NewsItem),
    ("decisions", m.Decision),
]


def export_document(tx) -> dict[str, Any]:
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION, "profile": to_plain(tx.profile())}
    for name, cls in SECTIONS:
        document[name] = [to_plain(record) for record in tx.list(cls)]
    return document


def is_empty(tx) -> bool:
    return all(tx.count(cls) == 0 for _, cls in SECTIONS)


def parse_document(data: Any) -> tuple[m.Profile, dict[str, list]]:
    """Check a document and build its records; ImportFailed names the first problem."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFailed("not an Afterview export (no \"format\": \"afterview-export\")")
    version = data.get("version")
    if not isinstance(version, int):
        raise ImportFailed("the export has no version number")
    if version > VERSION:
        raise ImportFailed(f"the export is version {version}, from a newer Afterview; this one reads up to {VERSION}")
    allowed = {"format", "version", "profile", *(name for name, _ in SECTIONS)}
    unknown = set(data) - allowed
    if unknown:
        raise ImportFailed(f"the export has an unknown section {sorted(unknown)[0]!r}")
    try:
        profile = from_plain(m.Profile, data.get("profile", {}), "profile")
        records = {}
        for name, cls in SECTIONS:
            items = data.get(name, [])
            if not isinstance(items, list):
                raise InvalidInput(f"{name}: expected a list")
            records[name] = [from_plain(cls, item, f"{name}[{i}]") for i, item in enumerate(items)]
            for i, record in enumerate(records[name]):
                if not isinstance(record.id, int):
                    raise InvalidInput(f"{name}[{i}]: missing id")
        _check_ids(records)
        _check_references(records)
        _check_zones(profile, records)
        _check_countries(profile, records)
        _check_years(records)
        _check_interviews(records)
    except InvalidInput as err:
        raise ImportFailed(f"broken export: {err}") from None
    return profile, records


def _check_ids(records: dict[str, list]) -> None:
    """Every id is a positive whole number, used once in its section."""
    for name, items in records.items():
        seen: dict[int, int] = {}
        for i, record in enumerate(items):
            if record.id < 1:
                raise InvalidInput(f"{name}[{i}].id: {record.id} is not a positive number")
            if record.id in seen:
                raise InvalidInput(f"{name}[{i}].id: {record.id} is used twice (also {name}[{seen[record.id]}])")
            seen[record.id] = i


# What one record of each section is called in an error ("no person 7 in this export").
LABELS = {"companies": "company", "opportunities": "opportunity", "people": "person",
          "interviews": "interview", "debriefs": "debrief", "messages": "message",
          "inbound": "incoming message", "feedback": "feedback", "news": "news item",
          "decisions": "decision"}


def _check_references(records: dict[str, list]) -> None:
    """Each reference points to a record of the export, as the database requires; the error
    names the field and the missing record (the database alone would only say "a reference")."""
    from afterview.storage.schema import RECORDS

    sections = {cls: name for name, cls in SECTIONS}
    ids = {name: {record.id for record in items} for name, items in records.items()}
    for cls, (_, references) in RECORDS.items():
        name = sections[cls]
        for i, record in enumerate(records[name]):
            for field_name, (target, _) in references.items():
                value = getattr(record, field_name)
                section = target.split(".")[0]
                if value is not None and value not in ids[section]:
                    raise InvalidInput(f"{name}[{i}].{field_name}: no {LABELS[section]} {value} in this export")
    for i, opportunity in enumerate(records["opportunities"]):
        for j, change in enumerate(opportunity.history):
            if change.person_id is not None and change.person_id not in ids["people"]:
                raise InvalidInput(f"opportunities[{i}].history[{j}].person_id: no person {change.person_id} in this export")
    for i, interview in enumerate(records["interviews"]):
        panel: set[int] = set()
        for j, participant in enumerate(interview.participants):
            where = f"interviews[{i}].participants[{j}]"
            if participant.person_id not in ids["people"]:
                raise InvalidInput(f"{where}.person_id: no person {participant.person_id} in this export")
            if participant.person_id in panel:
                raise InvalidInput(f"{where}: person {participant.person_id} is on the panel twice")
            panel.add(participant.person_id)


def _check_countries(profile: m.Profile, records: dict[str, list]) -> None:
    """Countries are checked as typed ones are (`--country`): holidays come from them."""
    from afterview.domain.values import check_country

    named = [("profile.country", profile.country)]
    named += [(f"people[{i}].country", p.country) for i, p in enumerate(records["people"])]
    _check_each([(where, code) for where, code in named if code], check_country)  # empty: the user's own


def _check_interviews(records: dict[str, list]) -> None:
    """No interview ends before it starts (refused when typed and when read from a calendar)."""
    for i, interview in enumerate(records["interviews"]):
        if interview.end < interview.start:
            raise InvalidInput(f"interviews[{i}]: it ends ({interview.end.isoformat()}) before it starts "
                               f"({interview.start.isoformat()})")


def _check_zones(profile: m.Profile, records: dict[str, list]) -> None:
    """Time zones are checked as typed ones are (`--tz`): a zone that does not exist is refused."""
    from afterview.domain.values import zone

    named = [("profile.timezone", profile.timezone)]
    named += [(f"people[{i}].timezone", p.timezone) for i, p in enumerate(records["people"])]
    named = [(where, name) for where, name in named if name]  # an empty zone is the user's own
    named += [(f"interviews[{i}].timezone", v.timezone) for i, v in enumerate(records["interviews"])]
    _check_each(named, zone)


def _check_each(named: list[tuple[str, str]], check) -> None:
    """Check each value as a typed one is; a refusal names its place in the document."""
    for where, value in named:
        try:
            check(value)
        except InvalidInput as err:
            raise InvalidInput(f"{where}: {err}") from None


def _check_years(records: dict[str, list]) -> None:
    """Dates and times lie within the years 1900-2200, as typed and imported ones must.

    One snooze until 9999-12-31 would make every plan fail: no agenda at all until it is gone.
    """
    import dataclasses
    from datetime import date

    from afterview.domain.values import check_year

    def visit(value: Any, where: str) -> None:
        if isinstance(value, date):
            try:
                check_year(value.year, value.isoformat())
            except InvalidInput as err:
                raise InvalidInput(f"{where}: {err}") from None
        elif dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                visit(getattr(value, f.name), f"{where}.{f.name}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                visit(item, f"{where}[{i}]")

    for name, items in records.items():
        for i, record in enumerate(items):
            visit(record, f"{name}[{i}]")


def import_document(tx, data: Any) -> dict[str, int]:
    """Restore a document into an empty database (all or nothing); returns counts per section."""
    profile, records = parse_document(data)
    if not is_empty(tx):
        raise Conflict("the database is not empty: import into a new one (--db new.db) to avoid mixing data")
    tx.save_profile(profile)
    for name, _ in SECTIONS:
        for record in records[name]:
            tx.add(record)
    tx.fix_sequences()
    return {name: len(records[name]) for name, _ in SECTIONS}
