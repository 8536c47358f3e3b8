"""The plain records the parsers produce: no storage, no ids, each with its line number."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(slots=True, frozen=True)
class Problem:
    """A row or event that cannot be imported, and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(slots=True, frozen=True)
class Skipped(Problem):
    """A row that is no record and is left out with a note, never refusing the import: a header
    row repeated mid-file (sheets pasted together), a sheet's "Total" row."""


@dataclass(slots=True, frozen=True)
class Attendee:
    email: str
    name: str = ""
    organizer: bool = False
    resource: bool = False  # a room or a piece of equipment, not a person
    # what the invitation wrote after the name in parentheses ("Dana Reyes (Recruiting)": "Recruiting"),
    # kept out of the name (`names.split_remark`) and read for their role on the panel
    remark: str = ""


@dataclass(slots=True)
class CalendarEvent:
    """One occurrence of a calendar event, as found in the file."""

    line: int
    uid: str  # unique per occurrence: "UID" or "UID/RECURRENCE-ID" for a series
    start: datetime
    end: datetime
    timezone: str  # IANA name of the zone the event was given in
    summary: str = ""
    description: str = ""
    location: str = ""
    call_link: str = ""
    organizer: Attendee | None = None
    attendees: list[Attendee] = field(default_factory=list)
    sequence: int = 0
    cancelled: bool = False
    all_day: bool = False
    # what `afterview calendar export` says it wrote into its own interview events
    # (X-AFTERVIEW-EXPORTED), as found; "" for other events. Read by exporters.calendar_ics.read_exported.
    exported: str = ""

    def people(self) -> list[Attendee]:
        """Organizer first, then attendees, each address once, rooms left out."""
        seen: set[str] = set()
        out: list[Attendee] = []
        for person in ([self.organizer] if self.organizer else []) + self.attendees:
            key = person.email.lower()
            if person.resource or not key or key in seen:
                continue
            seen.add(key)
            out.append(person)
        return out


@dataclass(slots=True, frozen=True)
class Connection:
    """One row of LinkedIn's Connections.csv."""

    line: int
    first_name: str
    last_name: str
    url: str = ""
    email: str = ""
    company: str = ""
    position: str = ""
    connected_on: date | None = None

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


@dataclass(slots=True, frozen=True)
class TrackerRow:
    """One application from a spreadsheet tracker."""

    line: int
    company: str
    role: str = ""
    status: str = ""  # an OpportunityStatus value, or "" when the sheet says nothing
    applied_on: date | None = None
    link: str = ""
    source: str = ""
    notes: str = ""
    contact_name: str = ""
    contact_email: str = ""
    # more people, as (name, address) pairs (either may be ""): a Contacts column's
    contacts: tuple[tuple[str, str], ...] = ()
    location: str = ""
    # how sure `applied_on` is: "" as written; "no-year" when the sheet gives no year ("Nov 3":
    # applied_on is in 2000, the import takes the most recent such day); "two-digit-year" ("1/2/69":
    # read 20xx, the import takes 19xx when 20xx lies more than a year ahead: tracker.placed_year)
    date_guess: str = ""


@dataclass
class Records:
    """What a reader may return instead of a bare iterable: its records, and what it found about
    the file as a whole. Every field but `items` is optional; the import service uses them."""

    items: Iterable  # the records and Problems, in the order of the file
    warnings: tuple[str, ...] = ()  # shown with the import's report, e.g. a column that is missing
    invitation: bool = False  # calendars: one invitation saved from email, so every event is imported
    owner: str = ""  # calendars: the address whose calendar it is (never taken as a participant)
    columns: tuple[tuple[str, str], ...] = ()  # spreadsheets: (header, field or "") for a preview

    def __iter__(self) -> Iterator:
        return iter(self.items)
