"""Tables for the domain records, derived from the dataclasses in domain/model.py.

One mechanism maps every record: each dataclass field is a column (lists as JSON, enums as
their string value, datetimes as UTC), except `Interview.participants`, which lives in its own
table so that people cannot be deleted from under an interview. Foreign keys say what a record
depends on; the services turn their violations into clear `Conflict` messages.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime, timezone
from enum import Enum

import sqlalchemy as sa

from afterview.domain import model as m

metadata = sa.MetaData()


class UTCDateTime(sa.types.TypeDecorator):
    """An aware datetime stored as naive UTC (the same on SQLite and PostgreSQL)."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to storage")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, str):  # defensive: rows written by other tools
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=timezone.utc)


# record type -> (table name, {field: "table.column" it refers to, and on delete})
RECORDS: dict[type, tuple[str, dict[str, tuple[str, str]]]] = {
    m.Company: ("companies", {}),
    m.Opportunity: ("opportunities", {"company_id": ("companies.id", "RESTRICT")}),
    m.Person: ("people", {"company_id": ("companies.id", "SET NULL")}),
    m.Interview: ("interviews", {"opportunity_id": ("opportunities.id", "RESTRICT")}),
    m.Debrief: (
        "debriefs",
        {"interview_id": ("interviews.id", "CASCADE"), "person_id": ("people.id", "RESTRICT")},
    ),
    m.Message: (
        "messages",
        {
            "person_id": ("people.id", "RESTRICT"),
            "opportunity_id": ("opportunities.id", "SET NULL"),
            "interview_id": ("interviews.id", "SET NULL"),
        },
    ),
    m.Inbound: (
        "inbound",
        {
            "person_id": ("people.id", "SET NULL"),
            "opportunity_id": ("opportunities.id", "SET NULL"),
            "answers_message_id": ("messages.id", "SET NULL"),
        },
    ),
    m.Feedback: (
        "feedback",
        {"opportunity_id": ("opportunities.id", "CASCADE"), "person_id": ("people.id", "SET NULL")},
    ),
    m.NewsItem: ("news", {"company_id": ("companies.id", "SET NULL")}),
    m.Decision: ("decisions", {}),
}

# Fields kept out of the record's own table.
CHILD_FIELDS = {m.Interview: {"participants"}}

INDEXES = {
    "opportunities": ["company_id", "status"],
    "people": ["company_id"],
    "interviews": ["opportunity_id", "external_uid"],
    "debriefs": ["interview_id", "person_id"],
    "messages": ["person_id", "opportunity_id", "state", "action_key", "message_id"],
    "inbound": ["opportunity_id", "header_message_id"],
    "feedback": ["opportunity_id"],
    "decisions": ["action_key"],
}


def _column_type(hint) -> tuple[sa.types.TypeEngine, str]:
    """SQL type for a field's annotation, and how to convert it ("json", "enum:<cls>", ...)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _column_type(inner[0])
    if origin in (list, dict):
        return sa.JSON(), "json"
    if isinstance(hint, type) and issubclass(hint, Enum):
        return sa.String(32), "enum"
    if hint is bool:
        return sa.Boolean(), "plain"
    if hint is int:
        return sa.Integer(), "plain"
    if hint is datetime:
        return UTCDateTime(), "plain"
    if hint is date:
        return sa.Date(), "plain"
    return sa.Text(), "plain"


class Mapping:
    """How one record type maps to its table."""

    def __init__(self, cls: type, table_name: str, refs: dict[str, tuple[str, str]]):
        self.cls = cls
        self.hints = typing.get_type_hints(cls)
        self.fields = [
            f for f in dataclasses.fields(cls) if f.name not in CHILD_FIELDS.get(cls, set())
        ]
        self.kinds: dict[str, str] = {}
        self.enums: dict[str, type] = {}
        columns = []
        for f in self.fields:
            sql_type, kind = _column_type(self.hints[f.name])
            self.kinds[f.name] = kind
            if kind == "enum":
                hint = self.hints[f.name]
                self.enums[f.name] = next(
                    (a for a in typing.get_args(hint) if isinstance(a, type) and issubclass(a, Enum)),
                    hint,
                )
            if f.name == "id":
                columns.append(sa.Column("id", sa.Integer, primary_key=True, autoincrement=True))
            elif f.name in refs:
                target, on_delete = refs[f.name]
                columns.append(
                    sa.Column(f.name, sql_type, sa.ForeignKey(target, ondelete=on_delete), nullable=True)
                )
            else:
                columns.append(sa.Column(f.name, sql_type, nullable=True))
        # AUTOINCREMENT on SQLite: an id is never handed out twice, even after the newest record
        # is deleted (plain SQLite reuses it, and the keys of actions, decisions and links that
        # named the deleted record would name the new one). PostgreSQL's sequences never reuse.
        self.table = sa.Table(table_name, metadata, *columns, sqlite_autoincrement=True)
        for column in INDEXES.get(table_name, []):
            sa.Index(f"ix_{table_name}_{column}", self.table.c[column])

    def to_row(self, record) -> dict:
        row = {}
        for f in self.fields:
            value = getattr(record, f.name)
            kind = self.kinds[f.name]
            if kind == "enum" and value is not None:
                value = value.value if isinstance(value, Enum) else str(value)
            elif kind == "json":
                value = _jsonable(value)
            row[f.name] = value
        if row.get("id") is None:
            row.pop("id", None)
        return row

    def from_row(self, row) -> object:
        values = {}
        for f in self.fields:
            value = row[f.name]
            kind = self.kinds[f.name]
            if value is None:
                if kind == "json":
                    value = [] if typing.get_origin(self.hints[f.name]) is list else {}
                elif f.default is not dataclasses.MISSING and f.name != "id":
                    value = f.default
                elif f.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
                    value = f.default_factory()  # type: ignore[misc]
            elif kind == "enum":
                value = self.enums[f.name](value)
            elif kind == "json":
                value = _from_json(self.cls, f.name, value)
            values[f.name] = value
        return self.cls(**values)


def _jsonable(value):
    if isinstance(value, m.StatusChange) and value.person_id is None:
        # a change nobody is named on is stored as before the field existed: older rows and
        # newer ones read alike, on SQLite and PostgreSQL
        return {"status": value.status.value, "at": _jsonable(value.at), "note": value.note}
    if dataclasses.is_dataclass(value):
        return {k: _jsonable(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    return value


def _from_json(cls: type, name: str, value):
    if cls is m.Opportunity and name == "history":
        return [
            m.StatusChange(
                status=m.OpportunityStatus(item["status"]),
                at=datetime.fromisoformat(item["at"]),
                note=item.get("note", ""),
                person_id=item.get("person_id"),  # rows written before it was kept have none
            )
            for item in value
        ]
    return list(value) if isinstance(value, list) else value


MAPPINGS: dict[type, Mapping] = {cls: Mapping(cls, name, refs) for cls, (name, refs) in RECORDS.items()}

participants = sa.Table(
    "participants",
    metadata,
    sa.Column("interview_id", sa.Integer, sa.ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id", ondelete="RESTRICT"), primary_key=True),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("position", sa.Integer, nullable=False, default=0),
)
sa.Index("ix_participants_person_id", participants.c.person_id)

# Small named values: the user's profile, mailbox sync positions, secrets-free settings.
state = sa.Table(
    "afterview_state",
    metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("value", sa.JSON, nullable=True),
)

migrations_table = sa.Table(
    "afterview_migrations",
    metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("applied_at", UTCDateTime, nullable=False),
)
