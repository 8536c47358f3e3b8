"""Use cases: import interviews from calendars, contacts from LinkedIn, applications from spreadsheets.

Each import reads its file through an import format of the plugin registry
(`afterview.plugins.importers()`): the built-in `ics`, `linkedin` and `csv` by default, or any
format a plugin registered that gives the same kind of records. The format's `read` checks the
file before the database is opened; its records are then applied in ONE transaction: either everything is written, or, when a row is bad, nothing is (unless
`skip_bad`, which skips bad rows and says which and why). A dry run does all the work and rolls
back. Running the same import twice changes nothing the second time: interviews are matched by
their calendar UID (and change only in a newer version of their event: see `_CalendarApplier`),
people by email, LinkedIn URL or name and company, applications by company and role.

Every record is checked as a typed value is, whichever format read it: its time zone must
exist, its dates lie within the years 1900-2200, its links be http(s) (LinkedIn profile URLs for
connections), its email addresses be addresses, its names be one line and no longer than typed
ones may be (`_within_limits`). A record that fails is a bad row, like an unreadable one. An
address is kept as written and compared ignoring case: one that someone already has finds that
person (the matching comes first), so no import ever gives an address to a second person.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from afterview.domain.model import (
    CLOSED_STATUSES,
    Company,
    ConnectionState,
    Interview,
    Opportunity,
    OpportunityStatus,
    Participant,
    Person,
    Role,
    StatusChange,
    UNKNOWN_COMPANY,
)
from afterview.errors import AfterviewError, ConfigError, ImportFailed, InvalidInput
from afterview.importers.files import DEFAULT_MAX_MB, TextFile, check_file
from afterview.importers.records import CalendarEvent, Connection, Problem, Records, TrackerRow

NOTABLE_LIMIT = 2000  # row notes kept for the report; counts are always complete
# The format each import uses unless told otherwise, by the kind of records it applies.
DEFAULT_FORMATS = {"calendar": "ics", "connections": "linkedin", "tracker": "csv"}
_RECORD_TYPES = {"calendar": CalendarEvent, "connections": Connection, "tracker": TrackerRow}


@dataclass(frozen=True)
class Limits:
    max_file_mb: float = DEFAULT_MAX_MB
    max_rows: int = 50_000
    max_events: int = 100_000


def limits_from_config(section: dict) -> Limits:
    """Limits from `[import]` of config.toml."""
    values = {}
    for name, kind in (("max_file_mb", (int, float)), ("max_rows", int), ("max_events", int)):
        if name in section:
            value = section[name]
            if not isinstance(value, kind) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"[import] {name} must be a positive number")
            values[name] = value
    return Limits(**values)


@dataclass
class Note:
    """What happened to one row or event."""

    line: int
    action: str  # new, updated, unchanged, cancelled, deleted, skipped, ambiguous, ignored, reminder
    what: str
    detail: str = ""


@dataclass
class ImportReport:
    kind: str  # "calendar", "linkedin", "csv": which import (calendar events, connections, tracker rows)
    file: str
    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)
    notes: list[Note] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    created: Counter = field(default_factory=Counter)  # companies, opportunities, people created
    format: str = ""  # the import format that read the file: "ics", "linkedin", "csv" or a plugin's
    # calendars: approved or scheduled messages that the changes made drafts again, (id, why), as
    # `afterview interview edit` does; and for each interview moved, what it did to notes about it
    held: list[tuple[int, str]] = field(default_factory=list)
    edited: list = field(default_factory=list)  # services.interviews.Edited, one per interview changed

    def note(self, line: int, action: str, what: str, detail: str = "") -> None:
        self.counts[action] += 1
        if action != "unchanged" and len(self.notes) < NOTABLE_LIMIT:
            self.notes.append(Note(line, action, what, detail))

    @property
    def skipped(self) -> list[Note]:
        return [n for n in self.notes if n.action == "skipped"]

    def summary(self) -> str:
        """One line: "12 interviews (3 new, 9 unchanged), 2 cancelled, 1 skipped (line 48: no start time)"."""
        c = self.counts
        noun = {"calendar": "interview", "linkedin": "connection", "csv": "application"}[self.kind]
        total = c["new"] + c["updated"] + c["unchanged"] + c["ambiguous"]
        inner = ", ".join(f"{c[k]:,} {k}" for k in ("new", "updated", "unchanged") if c[k])
        if self.kind == "linkedin" and (c["updated"] or c["unchanged"]):
            # Connections are matched to people already recorded: say how many were.
            matched = ", ".join(f"{c[k]:,} {k}" for k in ("updated", "unchanged") if c[k])
            inner = ", ".join(
                ([f"{c['new']:,} new"] if c["new"] else []) + [f"{c['updated'] + c['unchanged']:,} matched: {matched}"]
            )
        parts = []
        if total or not (c["cancelled"] or c["deleted"]):
            parts.append(f"{total:,} {noun}{'' if total == 1 else 's'}" + (f" ({inner})" if inner else ""))
        if c["cancelled"]:
            parts.append(f"{c['cancelled']:,} cancelled")
        if c["deleted"]:
            n = c["deleted"]
            what = {"calendar": "interview", "linkedin": "person", "csv": "application"}[self.kind]
            if what == "person":
                whose = "the person" if n == 1 else "the people"
            else:
                whose = f"its {what}" if n == 1 else f"their {what}s"
            parts.append(f"{n:,} not re-created (you deleted {whose})")
        if self.held:
            n = len(self.held)
            parts.append(f"{n:,} approved message{'' if n == 1 else 's'} back to drafts")
        if c["ambiguous"]:
            parts.append(f"{c['ambiguous']:,} ambiguous (not changed: check them by hand)")
        if c["reminder"]:
            parts.append(f"{c['reminder']:,} Afterview reminder{'' if c['reminder'] == 1 else 's'} skipped (not interviews)")
        if c["ignored"]:
            parts.append(f"{c['ignored']:,} other event{'' if c['ignored'] == 1 else 's'} ignored" if self.kind == "calendar" else f"{c['ignored']:,} ignored")
        if c["skipped"]:
            first = self.skipped[:3]
            shown = "; ".join(f"line {n.line}: {n.detail}" for n in first)
            more = f"; {c['skipped'] - len(first)} more" if c["skipped"] > len(first) else ""
            parts.append(f"{c['skipped']:,} skipped ({shown}{more})")
        text = ", ".join(parts)
        return ("dry run, nothing written: " + text) if self.dry_run else text


BATCH = 1000  # people inserted per statement by the LinkedIn import


def _add_many(tx, records: list) -> None:
    """Insert new records of one type in batches (one INSERT per record costs ~0.3 ms)."""
    tx.add_many(records)


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def _finish(report: ImportReport, problems: list[Problem], skip_bad: bool, source_name: str) -> None:
    """Refuse the whole import when a row was bad (unless skip_bad); raises inside the transaction."""
    if problems and not skip_bad:
        first = problems[0]
        others = len(problems) - 1
        more = f" (and {others:,} more bad row{'' if others == 1 else 's'})" if others else ""
        raise ImportFailed(
            f"{source_name} line {first.line}: {first.message}{more}; nothing was imported "
            "(use --skip-bad to import the rest)"
        )
    if report.dry_run:
        raise _DryRun()


def _removed(report: ImportReport, source: TextFile) -> None:
    """Say what the reader took out of the file's text (control characters), once it is read."""
    from afterview.importers.checks import removed_warning

    said = removed_warning(source.name, source.removed)
    if said:
        report.warnings.append(said)


def _run(store, report: ImportReport, body) -> ImportReport:
    """Run `body(tx)` in one transaction; `store` may be a function that opens it (after the file checks)."""
    if callable(store):
        store = store()
    try:
        with store.transaction() as tx:
            body(tx)
    except _DryRun:
        pass
    return report


# ---------------------------------------------------------------------------------------
# reading through the registry


def formats(produces: str | None = None) -> list:
    """The registered import formats (`Importer`s, built-in ones first), of one kind if given."""
    from afterview.plugins import importers

    return [i for i in importers().values() if produces is None or i.produces == produces]


def _open(name: str, produces: str, path: str | Path, limits: Limits, **options):
    """The format called `name`, the checked file and what the format's reader returned.

    A format that is unknown, or gives another kind of records than `produces`, is refused
    (InvalidInput) before the file is read. Then the file's size, type and encoding are checked,
    and the reader called: it checks what it needs of the whole file now, before the database
    is opened, and gives its records lazily.
    """
    from afterview.plugins import importer

    chosen = importer(name, produces=produces)
    source = check_file(path, chosen.what or f"a {chosen.name} file", max_mb=limits.max_file_mb)
    max_rows = limits.max_events if produces == "calendar" else limits.max_rows
    try:
        found = chosen.read(source, max_rows=max_rows, **options)
    except AfterviewError:
        raise
    except (Exception, SystemExit) as err:  # a plugin's reader is third-party code: its failure
        if chosen.builtin:  # (sys.exit included) is one line, never the end of Afterview
            raise
        raise _failed(chosen, source, err) from None
    return chosen, source, found if isinstance(found, Records) else Records(found)


def _records(chosen, source: TextFile, found: Records):
    """The records to apply; a plugin's are checked as they come (type, failures); every one's
    names are held to the lengths typed ones are (`_within_limits`)."""
    from afterview.services.pipeline import MAX_LINE, check_length

    items = iter(found.items) if chosen.builtin else _checked(chosen, source, found.items)
    return (_within_limits(item, MAX_LINE, check_length) for item in items)


# The fields an import writes that typed input holds to a length (services.pipeline: MAX_LINE,
# `check_length`: a person's name, a company's, a role, a title), by record: what the report
# calls each, and the field that names the row (unless it is the one too long). Notes, sources,
# a tracker's location (kept in the notes), an event's title (kept in the interview's notes)
# and its description are free text, as typed ones are: kept whole.
_LIMITED = {
    TrackerRow: ("company", (("company", "company name"), ("role", "role"), ("contact_name", "contact name"))),
    Connection: ("name", (("name", "name"), ("company", "company name"), ("position", "position"))),
}


def _within_limits(item, most: int, check_length):
    """The record, or a Problem when a name of it is longer than `most` (MAX_LINE), checked by
    typed input's own `check_length`: a bad row, in the typed check's words, like a bad address
    ("Initech: role is 5,000 characters long: at most 200 are allowed"). Never cut short: a name of
    thousands of characters is a column pasted into the wrong one, and half of it is no name
    either. Of a calendar event, the names of its people (rooms left out): each may be recorded."""
    if isinstance(item, CalendarEvent):
        for person in item.people():
            if isinstance(person.name, str) and len(person.name) > most:
                who = f"the name of {'organizer' if person.organizer else 'attendee'} {person.email}"
                try:
                    check_length(person.name, who, most)
                except InvalidInput as err:
                    from afterview.importers.checks import quote

                    return Problem(item.line, f"event {quote(item.summary or '(no title)')}: {err}")
        return item
    limited = next((v for k, v in _LIMITED.items() if isinstance(item, k)), None)
    if limited is None:  # a Problem
        return item
    label, fields = limited
    values = [(getattr(item, name), what) for name, what in fields]
    if isinstance(item, TrackerRow):  # the people of a Contacts column, each a contact name
        values += [(contact[0], "contact name") for contact in item.contacts]
    for value, what in values:
        try:
            check_length(value if isinstance(value, str) else "", what, most)
        except InvalidInput as err:
            named = getattr(item, label)
            named = named if isinstance(named, str) and len(named) <= most else ""
            return Problem(item.line, f"{named}: {err}" if named else str(err))
    return item


def _checked(chosen, source: TextFile, items):
    wanted = _RECORD_TYPES[chosen.produces]
    where = f"plugin {chosen.plugin!r}: import format {chosen.name!r}"
    try:
        iterator = iter(items)
    except TypeError:
        raise ConfigError(f"{where} returned {type(items).__name__}, not records; nothing was imported") from None
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except AfterviewError:
            raise
        except (Exception, SystemExit) as err:  # (sys.exit in a plugin's reader included)
            raise _failed(chosen, source, err) from None
        if not isinstance(item, (wanted, Problem)):
            raise ConfigError(
                f"{where} gave a {type(item).__name__}, not a {wanted.__name__} or a Problem; nothing was imported"
            )
        yield _vetted(item, source)


def _vetted(item, source: TextFile):
    """A plugin's record checked as the built-in readers check theirs: the record (its text made
    plain and its names one line, a bare web address given https://, its email addresses taken out
    of the forms files write them in, "Ann Lee <ann@acme.com>" or "mailto:"), or a Problem saying
    what is wrong with it."""
    from afterview.importers.checks import (
        email_address, linkedin_url_problem, one_line, plain_record, web_address, year_problem, zone_problem,
    )

    item = plain_record(item, source.removed)

    if isinstance(item, CalendarEvent):
        from afterview.importers.ical import sequence_number

        item.sequence = sequence_number(item.sequence)  # a version, never a database error
        what = f"event {item.summary!r}"
        wrong = zone_problem(item.timezone)
        for label, moment in (("the start", item.start), ("the end", item.end)):
            problem = year_problem(moment)
            wrong = wrong or (f"{label} {problem}" if problem else None)
        if not wrong and item.call_link:
            try:
                link = web_address(item.call_link)
            except ValueError as err:
                link, wrong = "", str(err)
            if link:
                item.call_link = link
            else:
                wrong = wrong or f"the call link {item.call_link!r} is not a web address"
        if not wrong:
            try:
                item.organizer = _vetted_attendee(item.organizer, "organizer") if item.organizer else None
                item.attendees = [a for a in (_vetted_attendee(a, "attendee") for a in item.attendees) if a]
            except ValueError as err:
                wrong = str(err)
    elif isinstance(item, Connection):
        item = replace(item, first_name=one_line(item.first_name), last_name=one_line(item.last_name),
                       company=one_line(item.company), position=one_line(item.position))
        what = item.name or "(no name)"
        wrong = year_problem(item.connected_on) or linkedin_url_problem(item.url)
        if not wrong:
            try:
                item = replace(item, email=email_address(item.email)[1])
            except ValueError as err:
                wrong = str(err)
    elif isinstance(item, TrackerRow):
        from afterview.importers.tracker import link_and_notes

        what = item.company
        wrong = year_problem(item.applied_on)
        if not wrong:
            try:
                link, notes = link_and_notes(item.link, item.notes)
                named, email = email_address(item.contact_email)
                contact = one_line(item.contact_name)
                if "@" in contact:  # "Ann Lee <ann@acme.com>" as the contact: a name and an address
                    contact, written = email_address(contact)
                    if written and email and written.lower() != email.lower():
                        raise ValueError(f"the contact's address {written!r} is not the contact email {email!r}")
                    email = email or written
                item = replace(item, link=link, notes=notes, contact_email=email,
                               contact_name=contact or named,
                               contacts=_vetted_contacts(item.contacts, source))
            except ValueError as err:
                wrong = str(err)
    else:
        return item
    return Problem(item.line, f"{what}: {wrong}") if wrong else item


def _vetted_contacts(contacts, source: TextFile) -> tuple[tuple[str, str], ...]:
    """A plugin's TrackerRow.contacts as the built-in reader makes them: (name, address) pairs,
    the name one line, the address checked (ValueError saying what is wrong)."""
    from afterview.importers.checks import email_address, one_line, quote

    if isinstance(contacts, (str, bytes)) or not hasattr(contacts, "__iter__"):
        raise ValueError(f"its contacts are a {type(contacts).__name__}, not (name, address) pairs")
    found = []
    for pair in contacts:
        if not (isinstance(pair, (tuple, list)) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            what = quote(pair) if isinstance(pair, str) else f"a {type(pair).__name__}"
            raise ValueError(f"a contact is {what}, not a (name, address) pair")
        named, email = email_address(pair[1])
        name = one_line(pair[0], source.removed) or named
        if name or email:
            found.append((name, email))
    return tuple(found)


def _vetted_attendee(attendee, what: str):
    """A plugin's organizer or attendee with its address checked (as ical reads one): None when
    it gives no address; ValueError when it gives one that is no address (a room's is left out)."""
    from afterview.importers.checks import email_address, one_line

    try:
        named, email = email_address(attendee.email)
    except ValueError as err:
        if attendee.resource:
            return None
        name = one_line(attendee.name)
        raise ValueError(f"{what} {name!r}: {err}" if name else f"{what}: {err}") from None
    if not email:
        return None
    from afterview.importers.names import attendee_name

    name, remark = attendee_name(one_line(attendee.name) or named, email)
    return replace(attendee, email=email, name=name, remark=attendee.remark or remark)


def _failed(chosen, source: TextFile, err: Exception) -> ConfigError:
    text = str(err).splitlines()[0] if str(err) else ""
    why = f"{type(err).__name__}: {text}" if text else type(err).__name__
    return ConfigError(
        f"plugin {chosen.plugin!r}: import format {chosen.name!r} failed on {source.name}: {why}; nothing was imported"
    )


def _check_user_zone(name: str) -> None:
    """Refuse a calendar import when the user's zone does not exist: the events without a zone
    of their own are read in it, and it would be stored as theirs."""
    from afterview.importers.checks import zone_problem

    wrong = zone_problem(name)
    if wrong:
        raise ImportFailed(
            f"your time zone: {wrong}; set yours with `afterview profile set --tz` (or timezone in "
            "config.toml); nothing was imported"
        )


def _on_day(day: date, tz: str) -> datetime:
    """A day given without a time, as a moment: noon in the user's zone, so that it stays the
    same day when shown later in a zone up to 11 hours away (a profile's zone set after an
    import, say)."""
    return datetime.combine(day, time(12, 0), tzinfo=_zone(tz))


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except Exception:  # an odd profile zone must not stop an import
        return ZoneInfo("UTC")


# ---------------------------------------------------------------------------------------
# calendars


def import_calendar(
    store,
    path: str | Path,
    *,
    now: datetime,
    rule,
    user_tz: str = "UTC",
    my_addresses: tuple[str, ...] = (),
    dry_run: bool = False,
    skip_bad: bool = False,
    limits: Limits = Limits(),
    window: tuple[datetime, datetime] | None = None,
    importer: str = DEFAULT_FORMATS["calendar"],
    playbook=None,
    recreate: tuple[str, ...] = (),
) -> ImportReport:
    """Import the interviews of a calendar file (.ics by default: a whole calendar, or one invitation).

    An event already imported changes its interview only in a newer version (see
    `_CalendarApplier`); when that moves, cancels or adds to an interview, the messages about it
    approved or scheduled to go out are checked as `afterview interview edit` checks them: one
    set to go out before the interview now ends, or one the plan no longer has, is a draft again
    (`report.held`, `report.edited`). `playbook` is the effective playbook for that check, or a
    function that gives it (called only when there is something to check; the configured one
    when None). An event whose interview the user deleted is not created again from the same
    version, unless its UID is in `recreate` (`--uid` on the command line).
    """
    from afterview.exporters.calendar_ics import might_be_own, own_event
    from afterview.importers.recognition import Rule

    window = window or (now - timedelta(days=365), now + timedelta(days=365))
    skipped_unread = Counter()

    def keep(raw: str) -> bool:
        # Offered to the reader: events that cannot be interviews are skipped before they are
        # parsed. Our own exported events are always read: they are recognised by their UID.
        if rule.might_match(raw) or might_be_own(raw):
            return True
        skipped_unread["events"] += 1
        return False

    chosen, source, found = _open(importer, "calendar", path, limits, default_tz=user_tz, window=window, keep=keep)
    _check_user_zone(user_tz)
    named = frozenset(recreate)
    if found.invitation:
        rule = Rule(everything=True)  # the user picked this one invitation: it is an interview
    report = ImportReport(kind="calendar", file=source.name, dry_run=dry_run,
                          warnings=[*source.warnings, *found.warnings], format=chosen.name)

    def body(tx) -> None:
        mine = (*my_addresses, found.owner)
        applier = _CalendarApplier(tx, report, now=now, user_tz=user_tz, source_name=source.name, mine=mine,
                                   named=named, invitation=found.invitation)
        problems: list[Problem] = []
        for item in _records(chosen, source, found):
            if isinstance(item, Problem):
                problems.append(item)
                report.note(item.line, "skipped", "event", item.message)
            elif own_event(item.uid) is not None:
                applier.apply_own(item, own_event(item.uid))
            elif rule.reason(item):
                applier.apply(item)
            else:
                report.counts["ignored"] += 1
        if skipped_unread["events"]:
            report.counts["ignored"] += skipped_unread["events"]
        _removed(report, source)
        if skip_bad or not problems:  # else nothing is imported: nothing to check
            applier.finish(playbook)
        _finish(report, problems, skip_bad, source.name)

    return _run(store, report, body)


class _Pipeline:
    """The stored companies, people and opportunities, indexed once per import."""

    def __init__(self, tx, report: ImportReport, *, now: datetime, user_tz: str):
        from afterview.importers.matching import Companies, People

        self.tx, self.report, self.now, self.user_tz = tx, report, now, user_tz
        self.pending: list[Person] = []
        self.companies = Companies(tx.list(Company))
        self.people = People(tx.list(Person), self.companies)
        self.opportunities: dict[int, list[Opportunity]] = {}
        self.opportunity_ids: dict[int, Opportunity] = {}
        for opportunity in tx.list(Opportunity):
            self.opportunities.setdefault(opportunity.company_id, []).append(opportunity)
            self.opportunity_ids[opportunity.id] = opportunity

    def company(self, name: str, domain: str = "") -> Company:
        found = self.companies.find(name=name, domain=domain)
        if found is None:
            found = self.tx.add(Company(name=name, website=domain))
            self.companies.add(found)
            self.report.created["companies"] += 1
        elif domain and not found.website:
            found.website = domain
            self.tx.update(found)
            self.companies.add(found)
        return found

    def add_person(self, person: Person, *, later: bool = False) -> Person:
        """Add a person now, or `later` in one batch (its id is then None until `flush`)."""
        if later:
            self.pending.append(person)
            if len(self.pending) >= BATCH:
                self.flush()
        else:
            person = self.tx.add(person)
        self.people.add(person)
        self.report.created["people"] += 1
        return person

    def flush(self) -> None:
        """Insert the people waiting for a batch."""
        if self.pending:
            _add_many(self.tx, self.pending)
            self.pending = []

    def add_opportunity(self, opportunity: Opportunity) -> Opportunity:
        opportunity = self.tx.add(opportunity)
        self.opportunities.setdefault(opportunity.company_id, []).append(opportunity)
        self.opportunity_ids[opportunity.id] = opportunity
        self.report.created["opportunities"] += 1
        return opportunity


# What each calendar import took from each event, kept between imports (in the state table,
# not in the interviews: it must outlive an interview the user deletes): by UID, the SEQUENCE and
# a digest of the version applied, the interview made from it, and the addresses it invited.
# Our own exported interviews (`interview-7@afterview.local`) are remembered the same way. The
# export document carries it (services.backup), checked by `check_memory`.
MEMORY = "imports.calendar"


@dataclass
class _Seen:
    """The version of an event that an import last applied (or found already applied)."""

    sequence: int
    interview: int | None
    version: str
    people: list[str]
    start: str = ""  # its times (ISO, UTC): where to look for the interview when the user re-added it
    end: str = ""
    stamp: str = ""  # when that copy was last changed (ISO, UTC: ical.IcsEvent.stamp), "" when it did not say

    def changed_before(self, event: CalendarEvent) -> bool:
        """Whether the event is a copy changed before the one imported (by LAST-MODIFIED or an
        invitation's DTSTAMP); False when either does not say, or they say the same time."""
        stamp = getattr(event, "stamp", None)
        if stamp is None or not self.stamp:
            return False
        try:
            return stamp < datetime.fromisoformat(self.stamp)
        except (TypeError, ValueError):
            return False

    @classmethod
    def load(cls, value) -> "_Seen | None":
        try:
            return cls(int(value["sequence"]), value.get("interview"), str(value["version"]),
                       [str(e) for e in value.get("people", [])], str(value.get("start", "")),
                       str(value.get("end", "")), str(value.get("stamp", "")))
        except (TypeError, KeyError, ValueError):  # written by something else: as if never seen
            return None

    def plain(self) -> dict:
        plain = {"sequence": self.sequence, "interview": self.interview, "version": self.version,
                 "people": self.people, "start": self.start, "end": self.end}
        if self.stamp:  # only when the copy imported said when it was last changed
            plain["stamp"] = self.stamp
        return plain

    def times(self) -> tuple[datetime, datetime] | None:
        try:
            return datetime.fromisoformat(self.start), datetime.fromisoformat(self.end)
        except (TypeError, ValueError):
            return None


def _version(event: CalendarEvent) -> str:
    """A digest of what an import takes from an event (its times, place, call link, whether it is
    cancelled, who is invited): two copies of one version give the same, whatever their DTSTAMP
    (a calendar export stamps every event with the time of the export)."""
    import hashlib

    parts = [event.start.astimezone(ZoneInfo("UTC")).isoformat(), event.end.astimezone(ZoneInfo("UTC")).isoformat(),
             "cancelled" if event.cancelled else "", event.location[:500], event.call_link,
             *_addresses(event)]
    return hashlib.sha256("\n".join(parts).encode("utf-8", "replace")).hexdigest()[:20]


def _own_version(event: CalendarEvent) -> str:
    """The same for an event of our own export: only what its import takes (times, place, call
    link), so that a calendar that adds its owner as organizer, say, does not make a new version."""
    import hashlib

    parts = [event.start.astimezone(ZoneInfo("UTC")).isoformat(), event.end.astimezone(ZoneInfo("UTC")).isoformat(),
             event.location[:500], event.call_link]
    return hashlib.sha256("\n".join(parts).encode("utf-8", "replace")).hexdigest()[:20]


_MEMORY_FIELDS = ("sequence", "interview", "version", "people", "start", "end")
_OPTIONAL_MEMORY_FIELDS = ("stamp",)  # written only when the event said it
_DIGEST = re.compile(r"[0-9a-f]{1,64}")


def check_memory(value, where: str = MEMORY) -> dict:
    """The calendar memory (the value of MEMORY) checked as a restore needs it: {UID: entry},
    each entry complete and well formed (a restored entry is trusted by every later import).
    Returns its plain form; InvalidInput names the first problem by its place under `where`."""
    from afterview.errors import InvalidInput

    if not isinstance(value, dict):
        raise InvalidInput(f"{where}: expected an object (event UID -> what was imported)")
    checked = {}
    for uid, entry in value.items():
        if not isinstance(uid, str) or not uid.strip():
            raise InvalidInput(f"{where}: an event UID is empty")
        checked[uid] = _memory_entry(entry, f"{where}[{uid!r}]")
    return checked


def _memory_entry(entry, where: str) -> dict:
    from afterview.domain.values import check_year
    from afterview.errors import InvalidInput
    from afterview.importers.ical import MAX_SEQUENCE

    if not isinstance(entry, dict):
        raise InvalidInput(f"{where}: expected an object")
    unknown = sorted(set(entry) - set(_MEMORY_FIELDS) - set(_OPTIONAL_MEMORY_FIELDS))
    if unknown:
        raise InvalidInput(f"{where}: unknown field {unknown[0]!r}")
    missing = [name for name in _MEMORY_FIELDS if name not in entry]
    if missing:
        raise InvalidInput(f"{where}: missing field {missing[0]!r}")

    def whole(value) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    sequence, interview, version = entry["sequence"], entry["interview"], entry["version"]
    if not whole(sequence) or not 0 <= sequence <= MAX_SEQUENCE:
        raise InvalidInput(f"{where}.sequence: expected a whole number from 0 to {MAX_SEQUENCE}, not {sequence!r}")
    if interview is not None and (not whole(interview) or interview < 1):
        raise InvalidInput(f"{where}.interview: expected an interview id or null, not {interview!r}")
    if not isinstance(version, str) or not _DIGEST.fullmatch(version):
        raise InvalidInput(f"{where}.version: expected the digest of an event's version (hexadecimal), not {version!r}")
    people = entry["people"]
    if not isinstance(people, list) or not all(isinstance(e, str) and e for e in people):
        raise InvalidInput(f"{where}.people: expected a list of email addresses")
    for name in ("start", "end", *(n for n in _OPTIONAL_MEMORY_FIELDS if n in entry)):
        text = entry[name]
        if text == "":
            continue
        try:
            moment = datetime.fromisoformat(text) if isinstance(text, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise InvalidInput(f"{where}.{name}: expected a date-time with its UTC offset, or \"\", not {text!r}")
        try:
            check_year(moment.year, text)
        except InvalidInput as err:
            raise InvalidInput(f"{where}.{name}: {err}") from None
    return {name: entry[name] for name in (*_MEMORY_FIELDS, *_OPTIONAL_MEMORY_FIELDS) if name in entry}


def memory_of(tx) -> dict:
    """The calendar memory as stored, in its plain form, for an export: the entries an import
    would read (one written by something else counts as never seen, so it is left out)."""
    from afterview.errors import InvalidInput

    stored = tx.get_state(MEMORY)
    if not isinstance(stored, dict):
        return {}
    kept = {}
    for uid, entry in sorted(stored.items()):
        try:
            kept.update(check_memory({uid: entry}))
        except InvalidInput:
            continue
    return kept


_ALSO_INVITED = "Also invited: "


def _also_invited(attendee, why: str) -> str:
    """The note an interview keeps of an invitee who will not be there (`why`: "declined the
    invitation", "sent kim@globex.com in their place")."""
    who = f"{attendee.name} <{attendee.email}>" if attendee.name else attendee.email
    return f"{_ALSO_INVITED}{who} ({why}; not on the panel)"


def _invited_address(line: str) -> str:
    """The address an "Also invited: NAME <ADDRESS> (...)" note names, in lower case."""
    who = line[len(_ALSO_INVITED):].split(" (", 1)[0]
    if who.endswith(">") and "<" in who:
        who = who.rsplit("<", 1)[1][:-1]
    return who.strip().lower()


def _addresses(event: CalendarEvent) -> list[str]:
    return sorted({p.email.lower() for p in event.people() if p.email})


class _CalendarApplier(_Pipeline):
    """Applies calendar events to interviews, by the iCalendar rules for versions of an event.

    An event already imported (found by its UID) changes its interview only in a newer version:
    a higher SEQUENCE (the organizer changed it), or the same SEQUENCE with other times, place,
    call link, invitees or status than the version imported last (a calendar that changes an
    event without counting: SEQUENCE is 0 when it has none). The version already imported, or an
    older one, changes nothing, so what the user corrected by hand since stands; a newer one adds
    only the attendees that version added. An event whose interview the user deleted is not
    created again from the same version; a newer one creates it again, and says so. An event that
    starts when an interview recorded by hand starts, with some of the same people, is that
    interview: it is not created a second time (a warning says so), and later versions update it.
    """

    def __init__(self, tx, report, *, now, user_tz, source_name, mine=(), named=frozenset(), invitation=False):
        super().__init__(tx, report, now=now, user_tz=user_tz)
        from afterview.importers.names import domain_of, fold, is_employer_domain, registrable

        self.source_name = source_name
        self.named = named  # UIDs given with --uid
        self.invitation = invitation  # one invitation saved from email, rather than a whole calendar
        self.profile = tx.profile()
        self.my_zones = {z for z in (user_tz, self.profile.timezone) if z}
        self.places: dict[tuple[str, str], tuple[str, str, str]] = {}  # (zone, how given) -> _place_of
        self.countries_said: set[str] = set()  # the countries people were given whose holidays were explained
        self.my_addresses = {a.lower() for a in (self.profile.email, *mine) if a}
        self.my_name = fold(self.profile.name)
        self.my_domains = {
            registrable(domain_of(a)) for a in self.my_addresses if is_employer_domain(domain_of(a))
        }
        interviews = tx.list(Interview)
        self.by_uid = {i.external_uid: i for i in interviews if i.external_uid}
        self.by_id = {i.id: i for i in interviews}
        self.by_day: dict[date, list[Interview]] = {}  # by the UTC day they start, to find twins
        for interview in interviews:
            self._index_day(interview)
        stored = tx.get_state(MEMORY)
        self.memory: dict = dict(stored) if isinstance(stored, dict) else {}
        self.remembered = False  # whether memory changed
        self.touched: set[int] = set()  # opportunities of interviews moved, cancelled or given new people
        self.people_by_id: dict[int, Person] | None = None  # built when first needed
        self.panels: dict[int, tuple] = {}  # interview id -> (its panel, their addresses, their name keys)
        self.filed_closed: dict[str, tuple] = {}  # event UID -> (closed application, closed by): `_closed_for`

    def is_me(self, attendee) -> bool:
        """The user's own addresses, or the user's name on an address not yet known (a second account)."""
        from afterview.importers.names import fold

        if attendee.email.lower() in self.my_addresses:
            return True
        return bool(self.my_name) and fold(attendee.name) == self.my_name

    def apply(self, event: CalendarEvent) -> None:
        event = _moments(event)
        existing = self.by_uid.get(event.uid)
        label = _label(event)
        seen = _Seen.load(self.memory.get(event.uid))
        if existing is not None:
            self._update(existing, event, label, seen)
        elif getattr(event, "removed", False):
            return  # an occurrence taken out of its series, never imported: nothing to say
        elif event.cancelled:
            why = "cancelled, and never imported" if seen is None else "cancelled; you had deleted its interview"
            self.report.note(event.line, "ignored", label, why)
        elif seen is not None and not self._newer(event, seen) and not self._named(event):
            self._deleted(event, label, seen)
        else:
            self._create(event, label, seen)

    def _newer(self, event: CalendarEvent, seen: _Seen) -> bool:
        """Whether the event is a newer version than the one imported before: a higher SEQUENCE,
        or the same with other contents, unless the copy says it was changed before the one
        imported (`_older_copy`)."""
        return event.sequence > seen.sequence or (event.sequence == seen.sequence and _version(event) != seen.version
                                                  and not self._older_copy(event, seen))

    @staticmethod
    def _older_copy(event: CalendarEvent, seen: _Seen | None) -> str:
        """Why the event is an older copy of the version imported (the same SEQUENCE, other
        contents, last changed before it: an invitation saved earlier), "" when it is not."""
        if seen is None or event.sequence != seen.sequence or not seen.changed_before(event):
            return ""
        if _version(event) == seen.version:
            return ""
        utc = _zone("UTC")
        this, imported = _when(event.stamp, utc), _when(datetime.fromisoformat(seen.stamp), utc)
        return (f"an older copy of the invitation than the one imported (changed {this} UTC, the one imported "
                f"{imported} UTC, with the same SEQUENCE)")

    def _named(self, event: CalendarEvent) -> bool:
        return event.uid in self.named or event.uid.split("/", 1)[0] in self.named

    def remember(self, event: CalendarEvent, interview: Interview, version: str = "") -> None:
        utc = ZoneInfo("UTC")
        stamp = getattr(event, "stamp", None)
        entry = _Seen(event.sequence, interview.id, version or _version(event), _addresses(event),
                      event.start.astimezone(utc).isoformat(), event.end.astimezone(utc).isoformat(),
                      stamp.astimezone(utc).isoformat() if stamp is not None else "").plain()
        if self.memory.get(event.uid) != entry:
            self.memory[event.uid] = entry
            self.remembered = True

    def finish(self, playbook) -> None:
        """After the last event: keep what was imported, and check the notes about what changed."""
        if self.remembered:
            self.tx.set_state(MEMORY, self.memory)
        self._hold(playbook)

    # -- our own exported events (`afterview calendar export`), recognised by their UID
    def apply_own(self, event: CalendarEvent, own: tuple[str, int | str]) -> None:
        """An interview we exported comes back to that interview (its times and place follow the
        event, nothing else); an action we exported is a reminder, never an interview.

        Each copy is remembered by its UID, as other events are: a copy already imported, or one
        older than it (a lower SEQUENCE: our export raises it each time the event changes),
        changes nothing, so that what the user changed in Afterview since stands; only a change
        made in the calendar since (other times, place or call link) is applied. A copy that says
        what the export wrote (X-AFTERVIEW-EXPORTED) tells that change itself: the times, or the
        place and call link, that still are the exported ones were not changed in the calendar,
        and are never applied (a copy exported before a hand edit changes nothing, imported first
        or not). A copy without it (an older export, a calendar app that drops it) never imported
        before that still shows the times of the invitation version imported, when the interview
        has moved since, is one from before that move: it changes nothing either."""
        from afterview.exporters.calendar_ics import read_exported, whole_days_in

        as_read, event = event, _moments(event)
        label = _label(event)
        kind, ref = own
        if kind == "action":
            self.report.note(event.line, "reminder", label, "a reminder from `afterview calendar export`, not an interview")
            return
        interview = self.by_id.get(ref)
        if interview is None:
            self.report.note(event.line, "ignored", label,
                             f"exported by Afterview for interview {ref}, which is not recorded here")
            return
        if as_read.all_day:  # an export writes a whole-day interview as dates: its days in the interview's zone
            start, end = whole_days_in(as_read.start, as_read.end, interview.timezone)
            event = _moments(replace(as_read, start=start, end=end, timezone=interview.timezone))
        seen = _Seen.load(self.memory.get(event.uid))
        if seen is not None and seen.interview != interview.id:
            seen = None  # remembered for another interview (a database restored over?): as never seen
        version = _own_version(event)
        exported = read_exported(event.exported)
        stale = self._stale_copy(event, interview, seen, version, exported)
        if stale:
            if seen is None or event.sequence > seen.sequence:
                self.remember(event, interview, version)  # never lower: an older copy stays older
            if self._would_move(interview, event):
                self.report.warnings.append(
                    f"{self.source_name} line {event.line}: event {event.summary or '(no title)'!r} is {stale}, so "
                    f"interview {interview.id} was left as it is (`afterview calendar export` writes it as it is now)")
            self.report.note(event.line, "unchanged", label, stale)
            return
        # A copy whose times are those of the copy imported before (only its place or call link
        # changed, or a field the calendar left out) does not move the interview back.
        moved = seen is None or seen.times() != (event.start, event.end)
        placed = True
        if exported is not None:  # what is still as exported was not changed in the calendar
            moved = moved and not exported.same_times(event.start, event.end)
            placed = not exported.same_place(event.location, event.call_link)
        changes = self._edit(interview, event, label, times=moved, place=placed)
        if changes is None:
            return
        self.remember(event, self.by_id.get(interview.id, interview), version)
        if changes:
            self.report.note(event.line, "updated", label, ", ".join(changes))
        else:
            self.report.note(event.line, "unchanged", label)

    def _stale_copy(self, event: CalendarEvent, interview: Interview, seen: _Seen | None, version: str,
                    exported=None) -> str:
        """Why a copy of our exported interview carries no change made in the calendar ("" when it
        may: then it is applied). `exported` is what the export says it wrote into the copy
        (calendar_ics.Exported), None when the copy does not say."""
        if seen is not None:
            if event.sequence < seen.sequence:
                return f"a copy of interview {interview.id} older than one imported before"
            if version == seen.version:
                return f"the copy of interview {interview.id} imported before, not changed in the calendar since"
            if exported is None:
                return ""
        if exported is not None:
            # The copy says what was exported: what still is was not changed in the calendar. When
            # nothing was, the copy brings no news, and one that differs from the interview was
            # exported before the interview changed in Afterview.
            if not exported.same_times(event.start, event.end) or \
                    not exported.same_place(event.location, event.call_link) or \
                    not self._would_move(interview, event):
                return ""
            before = self._before_invitation_move(event, interview)
            if before:
                return before
            zone = _zone(interview.timezone)
            if interview.start != event.start:
                return (f"a copy of interview {interview.id} from before it moved: it shows the time exported, "
                        f"{_when(event.start, zone)}, not changed in the calendar, and the "
                        f"interview is now at {_when(interview.start, zone)} {interview.timezone}")
            if interview.end != event.end:
                return (f"a copy of interview {interview.id} from before it changed: it shows the end exported, "
                        f"{_when(event.end, zone)}, not changed in the calendar, and the "
                        f"interview now ends at {_when(interview.end, zone)} {interview.timezone}")
            return (f"a copy of interview {interview.id} from before it changed: it shows the place and call link "
                    "exported, not changed in the calendar, and the interview has others now")
        # Never imported (or imported before these copies were remembered), and the copy does not
        # say what was exported: compare with the invitation the interview was imported from.
        return self._before_invitation_move(event, interview)

    def _before_invitation_move(self, event: CalendarEvent, interview: Interview) -> str:
        """Why the copy is one from before the interview moved, when it still shows the times of
        the invitation version imported (remembered) and the interview has left them ("" else)."""
        invitation = _Seen.load(self.memory.get(interview.external_uid)) if interview.external_uid else None
        times = invitation.times() if invitation is not None and invitation.interview == interview.id else None
        if times is not None and (event.start, event.end) == times and (interview.start, interview.end) != times:
            zone = _zone(interview.timezone)
            return (f"a copy of interview {interview.id} from before it moved: it shows the time of the invitation "
                    f"imported, {_when(event.start, zone)}, and the interview is now at "
                    f"{_when(interview.start, zone)} {interview.timezone}")
        return ""

    @staticmethod
    def _would_move(interview: Interview, event: CalendarEvent) -> bool:
        """Whether applying the copy would change the interview (as `_edit` would)."""
        return ((interview.start, interview.end) != (event.start, event.end)
                or bool(event.location) and event.location[:500] != interview.location
                or bool(event.call_link) and event.call_link != interview.call_link)

    # -- existing interviews
    def _update(self, interview: Interview, event: CalendarEvent, label: str, seen: _Seen | None) -> None:
        if event.sequence < interview.external_sequence:
            self.report.note(event.line, "unchanged", label, "an older version of an invitation already imported")
            return
        older = self._older_copy(event, seen) if event.sequence == interview.external_sequence else ""
        if older:  # the interview stays as the newer copy left it; that copy stays the one remembered
            self.report.warnings.append(f"{self.source_name} line {event.line}: event {event.summary or '(no title)'!r}"
                                        f" is {older}, so interview {interview.id} was left as it is")
            self.report.note(event.line, "unchanged", label, f"{older}: ignored")
            return
        if event.sequence == interview.external_sequence and (seen is None or not self._newer(event, seen)):
            # The version already imported (before this one was remembered, the same SEQUENCE is
            # taken as the same version): what the user changed since stands.
            self.remember(event, interview)
            self.report.note(event.line, "unchanged", label)
            return
        known = set(seen.people) if seen is not None else set()  # attendees of the version imported before
        if event.cancelled:
            changes = self._edit(interview, event, label, cancelled=True, times=False)
            if changes is None:
                return
            interview = self._sequence(interview, event)
            if changes:
                why = ("taken out of its recurring series in the calendar (EXDATE)" if getattr(event, "removed", False)
                       else "cancelled in the calendar")
                self.report.note(event.line, "cancelled", label, why)
            else:
                self.report.note(event.line, "unchanged", label)
            return
        # the people this version adds, not yet on the panel (found or recorded now)
        draft = Interview(opportunity_id=interview.opportunity_id, start=interview.start, end=interview.end,
                          timezone=interview.timezone, participants=list(interview.participants))
        company_id = self._company_of(interview)
        _, _, left = self._merge_participants(draft, event, company_id, known=known)
        joined = draft.participants[len(interview.participants):]
        leaving, staying = self._declined_since(interview, event, known)
        changes = self._edit(interview, event, label, cancelled=False, add=joined,
                             remove=[person for person, *_ in leaving])
        if changes is None:
            return
        if left:
            self._say_left_off(event, interview, self.companies.by_id.get(company_id), left)
        absent = [(a, why) for a, why in self._absent(event) if a.email.lower() not in known]
        if absent:
            self._say_absent(event, interview, self.companies.by_id.get(company_id), absent)
        self._say_declined(event, interview, leaving, staying)
        self._note_absent(interview, [(attendee, why) for _, attendee, why, _ in leaving] + absent)
        self._sequence(interview, event)
        self.report.note(event.line, "updated" if changes else "unchanged", label, ", ".join(changes))

    def _note_absent(self, interview: Interview, absent: list) -> None:
        """The interview's notes keep who was invited and will not be there, as a first import's
        do ("Also invited: Marcus Webb <marcus.webb@globex.com> (declined the invitation; not on
        the panel)"): one taken off the panel by a newer version, or invited in it and absent.
        A person the notes name so already is not named again."""
        interview = self.by_id.get(interview.id, interview)
        lines = (interview.notes or "").splitlines()
        said = {_invited_address(line) for line in lines if line.startswith(_ALSO_INVITED)}
        new = [_also_invited(attendee, why) for attendee, why in absent if attendee.email.lower() not in said]
        if not new:
            return
        interview.notes = "\n".join([*lines, *dict.fromkeys(new)])
        interview = self.tx.update(interview)
        self._cache(interview)

    def _declined_since(self, interview: Interview, event: CalendarEvent, known: set[str]) -> tuple[list, list]:
        """The people on the interview's panel whom the version imported before invited (`known`:
        an import put them there, not the user after they declined) and this version says will
        not be there (they declined, or sent someone else), each as (person, attendee, why, note):
        to take off when no note to them about the interview is committed (`_committed_note`,
        "" then), else to keep on the panel, with that note."""
        panel = {p.person_id for p in interview.participants}
        leaving, staying = [], []
        for attendee, why in self._absent(event):
            person = self.people.by_email.get(attendee.email.lower())
            if attendee.email.lower() not in known or person is None or person.id not in panel:
                continue
            note = self._committed_note(interview, person)
            (staying if note else leaving).append((person, attendee, why, note))
        return leaving, staying

    def _committed_note(self, interview: Interview, person: Person) -> str:
        """What says a note to `person` about the interview is on its way or out ("message 4 is
        approved", "you marked it done"), "" when none is: approved, scheduled, being sent, sent
        or done elsewhere, or its action marked done."""
        from afterview.domain.model import Decision, DecisionKind, Message, MessageState
        from afterview.services.interviews import about_interview

        committed = [MessageState.APPROVED, MessageState.SCHEDULED, MessageState.SENDING, MessageState.SENT,
                     MessageState.DONE_ELSEWHERE]
        for message in self.tx.list(Message, person_id=person.id, state=committed):
            if message.interview_id == interview.id or about_interview(message.action_key, interview.id):
                return f"message {message.id} to them is {message.state.words}"
        for decision in self.tx.list(Decision, kind=DecisionKind.DONE):
            found = about_interview(decision.action_key, interview.id)
            if found is not None and found[1].get("p") == person.id and decision.undone_at is None:
                return f"you marked {decision.action_key} done"
        return ""

    def _say_declined(self, event: CalendarEvent, interview: Interview, leaving: list, staying: list) -> None:
        """One warning for each person `_declined_since` found: taken off the panel, or kept on it,
        with the command that undoes it or does it."""
        for person, attendee, why, _ in leaving:
            self.report.warnings.append(
                f"{self.source_name} line {event.line}: {person.name} <{attendee.email}>: taken off the panel of "
                f"interview {interview.id}: {why} in this version of the invitation, so no note to them about it "
                f"is planned now (if they interviewed you after all: afterview interview edit {interview.id} "
                f"--with {attendee.email})")
        for person, attendee, why, note in staying:
            self.report.warnings.append(
                f"{self.source_name} line {event.line}: {person.name} <{attendee.email}>: {why} in this version of "
                f"the invitation, but stays on the panel of interview {interview.id}: {note}; if they were not "
                f"there: afterview interview edit {interview.id} --without {attendee.email}")

    def _sequence(self, interview: Interview, event: CalendarEvent) -> Interview:
        """The interview (as stored now) takes the event's SEQUENCE, and the version is remembered."""
        interview = self.by_id.get(interview.id, interview)
        interview.external_sequence = event.sequence
        interview = self.tx.update(interview)
        self._cache(interview)
        self.remember(event, interview)
        return interview

    def _edit(self, interview: Interview, event: CalendarEvent, label: str, *, cancelled: bool | None = None,
              add: list[Participant] = (), times: bool = True, place: bool | None = None,
              remove: list[Person] = ()) -> list[str] | None:
        """Bring the interview to the event: its times and zone (unless not `times`), place and
        call link (as `times` unless `place` says), `cancelled`, `add` on its panel and `remove`
        from it. It goes
        through `afterview interview edit`'s own use case
        (services.interviews.edit_interview), so that what a change does to the notes about the
        interview is done, and said (`report.edited`, `report.held`), as there: a note approved
        to go out before the interview now ends is a draft again, a cancelled interview's notes
        are held, the drafts written before are named. Returns what changed ([] nothing), or None
        when the change would record the same interview twice (then not made, and said)."""
        from afterview.errors import Conflict, InvalidInput
        from afterview.services.interviews import edit_interview

        changes, options = [], {}
        if cancelled is not None and cancelled != interview.cancelled:
            options["cancelled"] = cancelled
            changes.append("cancelled in the calendar" if cancelled else "no longer cancelled")
        if times and (interview.start != event.start or interview.end != event.end):
            changes.append(f"moved from {_when(interview.start, _zone(event.timezone))} "
                           f"to {_when(event.start, _zone(event.timezone))} {event.timezone}")
            options.update(start=event.start.isoformat(), end=event.end.isoformat(), tz=event.timezone)
        for name in ("location", "call_link") if (times if place is None else place) else ():
            new = getattr(event, name)
            new = new[:500] if name == "location" else new
            if new and new != getattr(interview, name):
                options[name] = new
                changes.append(f"new {name.replace('_', ' ')}")
        if add:
            options["add"] = [f"{p.person_id}:{p.role.value}" for p in add]
            changes.append(f"{len(add)} new participant{'s' if len(add) > 1 else ''}")
        if remove:
            options["remove"] = [str(person.id) for person in remove]
            changes.append(f"{len(remove)} taken off the panel (not coming)")
        if not options:
            return changes
        try:
            edited = edit_interview(self.tx, interview.id, now=self.now, **options)
        except Conflict as err:  # the same interview twice: the user keeps one
            self.report.note(event.line, "ambiguous", label, f"not applied to interview {interview.id}: {err}")
            return None
        except InvalidInput:
            # Times that `interview edit` refuses to be typed but a calendar has (an all-day
            # event, a day long): applied as they are; notes set to go out before the interview
            # now ends are held all the same.
            edited = self._edit_as_is(interview, event, options, add)
        else:
            self.report.edited.append(edited)
            self.report.held.extend(edited.held)
            edited = edited.interview
        self._cache(edited, was=interview)
        if "start" in options or options.get("cancelled") is not None or add or remove:
            self.touched.add(edited.opportunity_id)
        return changes

    def _edit_as_is(self, interview: Interview, event: CalendarEvent, options: dict, add) -> Interview:
        from dataclasses import replace

        from afterview.services.interviews import hold_early, hold_old_day

        record = self.tx.get(Interview, interview.id)
        earlier = replace(record)
        if "start" in options:
            record.start, record.end, record.timezone = event.start, event.end, event.timezone
        for name in ("location", "call_link", "cancelled"):
            if name in options:
                setattr(record, name, options[name])
        gone = {int(ref) for ref in options.get("remove", ())}
        known = {p.person_id for p in record.participants}
        record.participants = [p for p in record.participants if p.person_id not in gone]
        record.participants += [p for p in add if p.person_id not in known]
        record = self.tx.update(record)
        if "start" in options:
            self.report.held.extend(hold_early(self.tx, record, now=self.now))
            self.report.held.extend(hold_old_day(self.tx, record, was=earlier, now=self.now))
        return record

    def _cache(self, interview: Interview, was: Interview | None = None) -> None:
        """The interview as stored now, in the indexes (by UID, by id, by day)."""
        self._unindex_day(was or self.by_id.get(interview.id) or interview)
        self.by_id[interview.id] = interview
        if interview.external_uid:
            self.by_uid[interview.external_uid] = interview
        self._index_day(interview)

    # -- interviews deleted, or recorded by hand
    def _deleted(self, event: CalendarEvent, label: str, seen: _Seen) -> None:
        """The same version of an event whose interview the user deleted: not created again."""
        twin = self._twin(event)
        if twin is not None:
            self._same_as(twin, event, label, seen)
            return
        which = f" (interview {seen.interview})" if seen.interview is not None else ""
        self.report.note(
            event.line, "deleted", label,
            f"not re-created: you deleted the interview imported from this event{which}, and the event has not "
            f"changed since (to import it all the same: --uid {event.uid.split('/', 1)[0]})")

    def _twin(self, event: CalendarEvent, start: datetime | None = None) -> Interview | None:
        """An interview that starts when the event does (or at `start`), not cancelled, with one
        of the event's people on its panel (by address or by name): the same interview, as
        `afterview interview add` sees it (services.interviews.check_not_twice)."""
        from afterview.importers.names import person_key

        others = [p for p in event.people() if not self.is_me(p)]
        emails = {p.email.lower() for p in others if p.email}
        names = {person_key(p.name) for p in others if p.name} - {""}
        if not emails and not names:
            return None
        start = start or event.start
        found = []
        for interview in self.by_day.get(start.astimezone(ZoneInfo("UTC")).date(), []):
            if interview.cancelled or interview.start != start:
                continue
            panel_emails, panel_names = self._panel_keys(interview)
            if not emails.isdisjoint(panel_emails) or not names.isdisjoint(panel_names):
                found.append(interview)
        if not found:
            return None
        return sorted(found, key=lambda i: (bool(i.external_uid), i.id or 0))[0]  # one recorded by hand first

    def _panel_keys(self, interview: Interview) -> tuple[set[str], set[str]]:
        """The addresses and name keys of the interview's panel (kept while its panel is the same)."""
        from afterview.importers.names import person_key

        panel = tuple(p.person_id for p in interview.participants)
        cached = self.panels.get(interview.id)
        if cached is None or cached[0] != panel:
            people = [p for p in map(self._person, panel) if p is not None]
            cached = (panel, {e.lower() for p in people for e in p.emails}, {person_key(p.name) for p in people} - {""})
            self.panels[interview.id] = cached
        return cached[1], cached[2]

    def _person(self, person_id: int) -> Person | None:
        if self.people_by_id is None:
            self.people_by_id = {p.id: p for group in self.people.by_name.values() for p in group if p.id is not None}
        return self.people_by_id.get(person_id)

    def add_person(self, person: Person, *, later: bool = False) -> Person:
        person = super().add_person(person, later=later)
        if self.people_by_id is not None and person.id is not None:
            self.people_by_id[person.id] = person
        return person

    def _same_as(self, twin: Interview, event: CalendarEvent, label: str, seen: _Seen | None = None) -> None:
        """The event is an interview already recorded (by hand, or from another event): not created
        twice. One recorded by hand takes the event's UID, so that later versions update it."""
        where = self._where(twin)
        if seen is not None and seen.interview is not None and seen.interview != twin.id:
            where += f"; you had deleted interview {seen.interview}, imported from this event"
        self.report.warnings.append(
            f"{self.source_name} line {event.line}: event {event.summary or '(no title)'!r} is at the same time, "
            f"with the same people, as interview {twin.id} ({where}): not imported a second time")
        if twin.external_uid:  # two events for one interview (a placeholder and the invitation?)
            self.report.note(event.line, "ambiguous", label,
                             f"the same time and people as interview {twin.id} ({where}), imported from another "
                             "event: not imported a second time")
            return
        twin.external_uid, twin.external_sequence = event.uid, event.sequence
        self.tx.update(twin)
        self.by_uid[event.uid] = twin
        self.remember(event, twin)
        self.report.note(event.line, "updated", label,
                         f"the same time and people as interview {twin.id} ({where}), recorded by hand: not imported "
                         f"a second time; newer versions of this event will update interview {twin.id}")

    def _where(self, interview: Interview) -> str:
        """"Data Engineer at Globex": the opportunity of an interview."""
        for company_id, opportunities in self.opportunities.items():
            for opportunity in opportunities:
                if opportunity.id == interview.opportunity_id:
                    company = self.companies.by_id.get(company_id)
                    return f"{opportunity.role} at {company.name}" if company is not None else opportunity.role
        return f"opportunity {interview.opportunity_id}"

    def _index_day(self, interview: Interview) -> None:
        self.by_day.setdefault(interview.start.astimezone(ZoneInfo("UTC")).date(), []).append(interview)

    def _unindex_day(self, interview: Interview) -> None:
        group = self.by_day.get(interview.start.astimezone(ZoneInfo("UTC")).date(), [])
        if interview in group:
            group.remove(interview)

    # -- what the changes do to messages about the interviews
    def _hold(self, playbook) -> None:
        """After the changes (each made through `edit_interview`, which held what it holds):
        the approved or scheduled messages about the opportunities of the interviews moved,
        cancelled or given new people that the plan no longer has are drafts again, as
        `afterview interview edit` then does for all of them (services.delivery.hold_back)."""
        from afterview.domain.model import Message, MessageState
        from afterview.services.delivery import hold_back

        if not self.touched:
            return
        sendable = [m for m in self.tx.list(Message, state=[MessageState.APPROVED, MessageState.SCHEDULED])
                    if m.opportunity_id in self.touched]
        if not sendable:
            return
        if playbook is None or callable(playbook):
            from afterview.services.planning import effective_playbook

            try:
                playbook = (playbook or effective_playbook)()
            except AfterviewError as err:
                self.report.warnings.append(
                    f"the approved messages about the interviews changed were not checked against the plan ({err}); "
                    "`afterview send-due` checks them again before sending")
                return
        self.report.held.extend(hold_back(self.tx, now=self.now, playbook=playbook, messages=sendable))

    def _company_of(self, interview: Interview) -> int | None:
        opportunity = self.opportunity_ids.get(interview.opportunity_id)
        return opportunity.company_id if opportunity is not None else None

    # -- new interviews
    def _create(self, event: CalendarEvent, label: str, seen: _Seen | None = None) -> None:
        from afterview.importers.interviews import format_guess, stage_of

        twin = self._twin(event)
        if twin is not None:
            self._same_as(twin, event, label, seen)
            return
        before = seen.times() if seen is not None else None
        readded = self._twin(event, before[0]) if before is not None else None
        if readded is not None and not readded.external_uid:
            # The user deleted the interview imported from this event and recorded it again by
            # hand, at the time of that version: this newer one updates the interview recorded.
            self.report.warnings.append(
                f"{self.source_name} line {event.line}: event {event.summary or '(no title)'!r} is interview "
                f"{readded.id} ({self._where(readded)}), which you recorded by hand after deleting interview "
                f"{seen.interview}, imported from it: the event's newer version updates interview {readded.id}")
            readded.external_uid, readded.external_sequence = event.uid, seen.sequence
            self._cache(self.tx.update(readded), was=readded)
            self._update(self.by_id[readded.id], event, label, seen)
            return
        company = self._company_for(event)
        opportunity = self._opportunity_for(company, event)
        notes = [f"From the calendar: {event.summary}"] if event.summary else []
        interview = Interview(
            opportunity_id=opportunity.id,
            start=event.start,  # in UTC (`_moments`), as storage gives them back
            end=event.end,
            timezone=event.timezone,
            format=format_guess(event)[0],
            stage=stage_of(event.summary),
            location=event.location[:500],
            call_link=event.call_link,
            external_uid=event.uid,
            external_sequence=event.sequence,
        )
        _, mailboxes, left = self._merge_participants(interview, event, company.id)
        for attendee in mailboxes:
            who = f"{attendee.name} <{attendee.email}>" if attendee.name else attendee.email
            notes.append(f"{'Organised' if attendee.organizer else 'Also invited'}: {who} (a team mailbox, not on the panel)")
        for attendee in left:
            who = f"{attendee.name} <{attendee.email}>" if attendee.name else attendee.email
            notes.append(f"Also invited: {who} (a personal address: most likely another candidate, not on the panel)")
        absent = self._absent(event)
        notes += [_also_invited(attendee, why) for attendee, why in absent]
        interview.notes = "\n".join(notes)
        interview = self.tx.add(interview)
        if left:
            self._say_left_off(event, interview, company, left)
        if absent:
            self._say_absent(event, interview, company, absent)
        self.by_uid[event.uid] = interview
        self.by_id[interview.id] = interview
        self._index_day(interview)
        self.remember(event, interview)
        self.report.created["interviews"] += 1
        where = f"{company.name}, {opportunity.role}"
        assumed = format_guess(event)[1]
        if assumed:
            where += f"; {assumed}"
        closed = self.filed_closed.pop(event.uid, None)
        if closed is not None:
            where += (f" (application {opportunity.id}, {opportunity.status.value}: the interview is part of that "
                      f"process, which closed after it; filed there, and no new follow-up is planned)")
        if seen is not None:  # its interview was deleted: a newer version of the event, or --uid
            which = f" (interview {seen.interview})" if seen.interview is not None else ""
            why = ("it has changed since" if self._newer(event, seen) else "you named it with --uid")
            where += f"; created again: you had deleted the interview imported from this event{which}, and {why}"
        self.report.note(event.line, "new", label, where)

    def _company_for(self, event: CalendarEvent) -> Company:
        """The company of a new interview, the first of (docs/imports.md, "the company and the role"):
        the company of recorded people among the attendees (matched by address); a recorded
        company named in the title; the attendees' email domain (not a public-sector one); a
        company the title names ("Interview at Globex"); the company of the one open opportunity
        whose role the title names; a public-sector domain; else "(unknown company)"."""
        from afterview.importers.interviews import company_from_summary
        from afterview.importers.names import domain_of, is_employer_domain, is_public_sector, registrable

        others = [p for p in event.people() if not self.is_me(p)]
        recorded = Counter()
        for attendee in others:
            person = self.people.by_email.get(attendee.email.lower())
            company = self.companies.by_id.get(person.company_id) if person and person.company_id is not None else None
            if company is not None and company.name != UNKNOWN_COMPANY:
                recorded[company.id] += 1
        if recorded:
            return self.companies.by_id[recorded.most_common(1)[0][0]]  # a tie: the organizer's, the first
        known = self._known_company_in(event.summary)
        if known is not None:
            return known
        strong, weak = [], []
        for attendee in others:
            domain = domain_of(attendee.email)
            if not is_employer_domain(domain) or registrable(domain) in self.my_domains:
                continue
            (weak if is_public_sector(domain) else strong).append(registrable(domain))
        if strong:
            return self._company_of_domain(event, strong)
        named = company_from_summary(event.summary, event.location)
        if named:
            return self.company(named)
        by_role = self._company_by_role(event.summary)
        if by_role is not None:
            return by_role
        if weak:
            return self._company_of_domain(event, weak)
        return self.company(UNKNOWN_COMPANY)

    def _company_of_domain(self, event: CalendarEvent, domains: list[str]) -> Company:
        """The company of the domain: the one recorded with it as its website, else one named as
        the title or the place writes the name the domain spells ("Wayne Data: Analytics Engineer"
        for waynedata.io, "Müller & Söhne GmbH" for mueller-soehne.de: `names.name_for_domain`),
        else after the domain itself ("Globex")."""
        from afterview.importers.names import company_from_domain, domain_of, name_for_domain, registrable

        # The organizer comes first in people(); otherwise the domain most attendees share.
        organizer = registrable(domain_of(event.organizer.email)) if event.organizer else ""
        domain = domains[0] if organizer == domains[0] else Counter(domains).most_common(1)[0][0]
        named = name_for_domain((event.summary, event.location), domain) if domain not in self.companies.by_domain else ""
        return self.company(named or company_from_domain(domain), domain)

    def _known_company_in(self, summary: str) -> Company | None:
        """A recorded company whose name appears in the title (`matching.Companies.named_in`)."""
        return self.companies.named_in(summary)

    def _company_by_role(self, summary: str) -> Company | None:
        """The company of the one open opportunity whose role the title names, if only one has it."""
        from afterview.importers.interviews import UNKNOWN_ROLE, role_from_summary
        from afterview.importers.names import fold

        role = role_from_summary(summary)
        if role == UNKNOWN_ROLE:
            return None
        companies = {
            company_id
            for company_id, opportunities in self.opportunities.items()
            for o in opportunities
            if o.status not in CLOSED_STATUSES and fold(o.role) == fold(role)
        }
        if len(companies) == 1:
            return self.companies.by_id.get(next(iter(companies)))
        return None

    def _opportunity_for(self, company: Company, event: CalendarEvent) -> Opportunity:
        from afterview.importers.interviews import UNKNOWN_ROLE, role_from_summary
        from afterview.importers.names import fold

        role = role_from_summary(event.summary, company.name)
        open_ones = [o for o in self.opportunities.get(company.id, []) if o.status not in CLOSED_STATUSES]
        chosen = None
        if role != UNKNOWN_ROLE:
            chosen = next((o for o in open_ones if fold(o.role) == fold(role)), None)
        if chosen is None and open_ones:
            named = [o for o in open_ones if fold(o.role) and fold(o.role) in fold(event.summary)]
            chosen = (named or sorted(open_ones, key=lambda o: o.id or 0))[-1]
        if chosen is None:
            chosen = self._closed_for(company, role, event)
            if chosen is not None:
                return chosen
        # In process since the interview when it is past (a status dated today would make news of
        # an old interview, and come after what a sheet imported later dates on its rows).
        since = min(self.now, event.start)
        if chosen is None:
            return self.add_opportunity(
                Opportunity(
                    company_id=company.id,
                    role=role,
                    source="calendar",
                    status=OpportunityStatus.INTERVIEWING,
                    created_at=since,
                    history=[StatusChange(status=OpportunityStatus.INTERVIEWING, at=since, note=f"interview imported from {self.source_name}")],
                )
            )
        if chosen.status == OpportunityStatus.APPLIED:
            chosen.status = OpportunityStatus.INTERVIEWING
            since = max(since, chosen.history[-1].at if chosen.history else since)
            chosen.history.append(StatusChange(status=OpportunityStatus.INTERVIEWING, at=since, note=f"interview imported from {self.source_name}"))
            self.tx.update(chosen)
        return chosen

    def _closed_for(self, company: Company, role: str, event: CalendarEvent) -> Opportunity | None:
        """The closed application (rejected, ghosted, withdrawn ...) an event of its process belongs
        to: of that role (or, for a title that names none, the one whose role it names, else the
        only one), when the event starts before the application closed. A sheet that gives no date
        for its closing status dates it on the application (`_TrackerApplier._new`): it closed some
        time after, so an event already past belongs to it. Its status is left as it is, so the
        plan counts the interview in that closed process and plans no new follow-up."""
        from afterview.importers.interviews import UNKNOWN_ROLE
        from afterview.importers.names import fold

        closed = [o for o in self.opportunities.get(company.id, []) if o.status in CLOSED_STATUSES]
        if role != UNKNOWN_ROLE:
            closed = [o for o in closed if fold(o.role) == fold(role)]
        else:
            named = [o for o in closed if fold(o.role) and fold(o.role) in fold(event.summary)]
            closed = named or (closed if len(closed) == 1 else [])
        fitting = [(until, o) for o in closed for until in [_closed_until(o, self.now, self.user_tz)] if until and event.start <= until]
        if not fitting:
            return None
        until, chosen = min(fitting, key=lambda pair: (pair[0], pair[1].id or 0))
        self.filed_closed[event.uid] = (chosen, until)
        return chosen

    def _merge_participants(self, interview: Interview, event: CalendarEvent, company_id: int | None,
                            known: set[str] = frozenset()) -> tuple[int, list, list]:
        """Add the event's people (not the user, not rooms, robots or team mailboxes, not the
        `known` addresses: those a version imported before invited, whom the user may have taken
        off the panel since, not the guests at personal addresses: `_personal_guests`); return
        how many were added, the team mailboxes left out and the guests left out."""
        from afterview.importers.names import (
            domain_of, is_ats_domain, is_employer_domain, is_recruiting_address, is_role_mailbox, registrable,
        )

        company = self.companies.by_id.get(company_id) if company_id is not None else None
        company_names = [company.name] if company is not None and company.name != UNKNOWN_COMPANY else []
        present = {p.person_id for p in interview.participants}
        people = [a for a in event.people() if not self.is_me(a)]
        domains = {registrable(domain_of(a.email)) for a in people if is_employer_domain(domain_of(a.email))}
        single = next(iter(domains)) if len(domains) == 1 else ""
        guests = {a.email.lower() for a in self._personal_guests(people, company)}
        added, mailboxes, left = 0, [], []
        for attendee in people:
            email = attendee.email.lower()
            if email in known or is_ats_domain(domain_of(email)) or _robot(email):
                continue
            if email in guests:
                left.append(attendee)
                continue
            recorded = self.people.by_email.get(email)
            # A team's shared mailbox (talent@, "Acme Recruiting") organised the invitation; it did
            # not interview you: no person, no thank-you, no LinkedIn request. Someone recorded
            # under a person's name at that address is that person.
            if is_role_mailbox("", recorded.name, company_names) if recorded else is_role_mailbox(attendee.email, attendee.name, company_names):
                mailboxes.append(attendee)
                continue
            person = self._person_for(attendee, company, single, event)
            if person.id in present:
                continue
            # what the name or the remark after it says ("Dana Reyes (Recruiting)") tells a coordinator
            said = f"{attendee.name} {getattr(attendee, 'remark', '')}".strip()
            role = Role.COORDINATOR if is_recruiting_address(attendee.email, said) else Role.INTERVIEWER
            interview.participants.append(Participant(person_id=person.id, role=role))
            present.add(person.id)
            added += 1
        return added, mailboxes, left

    def _personal_guests(self, people: list, company: Company | None) -> list:
        """The attendees at a personal address (gmail.com, outlook.com ...) of an event whose
        other people write from an employer's domain (`interviews.personal_guests`): at a group
        interview or an assessment day, the other candidates. They are not put on the panel, so
        that no thank-you greets them; someone recorded at the interview's company is, as the
        user recorded them."""
        from afterview.importers.interviews import personal_guests

        found = []
        for attendee in personal_guests(people, self.my_domains):
            recorded = self.people.by_email.get(attendee.email.lower())
            if recorded is None or company is None or recorded.company_id != company.id:
                found.append(attendee)
        return found

    def _say_left_off(self, event: CalendarEvent, interview: Interview, company: Company | None, left: list) -> None:
        """One warning for each guest at a personal address left off the panel, with the commands
        that put them on it when they did interview the user."""
        from afterview.importers.names import domain_of, is_employer_domain, registrable

        domains = sorted({registrable(domain_of(a.email)) for a in event.people()
                          if not self.is_me(a) and is_employer_domain(domain_of(a.email))} - self.my_domains)
        among = f"people at {', '.join(domains[:3])}" if domains else "the company's people"
        for attendee in left:
            self._not_on_panel(event, interview, company, attendee,
                               f"a personal address among {among}, most likely another candidate", "if they interviewed you")

    def _not_on_panel(self, event: CalendarEvent, interview: Interview, company: Company | None, attendee,
                      why: str, if_so: str) -> None:
        """One warning for an invitee left off the panel, with why, and the commands that put them on
        it `if_so` (they interviewed you all the same)."""
        import shlex

        from afterview.importers.names import name_from_email

        at = (f" --company {shlex.quote(company.name)}"
              if company is not None and company.name != UNKNOWN_COMPANY else "")
        who = f"{attendee.name} <{attendee.email}>" if attendee.name else attendee.email
        name = attendee.name or name_from_email(attendee.email)
        ref = self._interview_ref(interview)
        self.report.warnings.append(
            f"{self.source_name} line {event.line}: {who}: not put on the panel of interview {ref}: {why}; "
            f"{if_so}: afterview person add {shlex.quote(name)} --email {attendee.email}{at}, then afterview "
            f"interview edit {ref} --with {attendee.email}")

    def _absent(self, event: CalendarEvent) -> list:
        """The invitees who will not be there (ical.IcsEvent.absent: they declined, or sent someone
        else), with why; the user left out."""
        return [(a, why) for a, why in getattr(event, "absent", ()) if not self.is_me(a)]

    def _say_absent(self, event: CalendarEvent, interview: Interview, company: Company | None, absent: list) -> None:
        """One warning for each invitee left off the panel because they will not be there, with the
        commands that put them on it when they were there after all."""
        for attendee, why in absent:
            self._not_on_panel(event, interview, company, attendee, why, "if they interviewed you after all")

    def _person_ref(self, person: Person) -> str:
        """How a command names the person: its id, or in a dry run (whose ids are never written)
        its name."""
        import shlex

        return shlex.quote(person.name) if self.report.dry_run else str(person.id)

    def _interview_ref(self, interview: Interview) -> str:
        """How a command names the interview: its id; in a dry run ID, which the import gives."""
        return "ID" if self.report.dry_run else str(interview.id)

    def _person_for(self, attendee, company: Company | None, single_domain: str = "",
                    event: CalendarEvent | None = None) -> Person:
        """The person recorded at the attendee's address or name, else a new one (see `_place_of`
        for the zone and country a new one takes from the event). Someone recorded keeps what is
        recorded: only what is blank is filled, an address, and a zone and a country from the
        event (`_fill_place`), as a new person takes them. A name made from the address alone
        (the invitation gave none, or gave the address as the name) is said to be a guess, with
        the command that records the real one."""
        from afterview.importers.matching import website_domain
        from afterview.importers.names import (
            company_from_domain, compact_name, domain_of, name_from_email, registrable, spells_domain,
        )

        company_name = company.name if company is not None else ""
        name = attendee.name or name_from_email(attendee.email)
        found = self.people.find(email=attendee.email, name=name if attendee.name else "", company=company_name)
        if found.person is not None:
            person = found.person
            changed = False
            if attendee.email.lower() not in (e.lower() for e in person.emails):
                person.emails.append(attendee.email)
                changed = True
            if event is not None and self._fill_place(person, event):
                changed = True
            if changed and person.id is not None:
                self.tx.update(person)
                self.people.reindex(person, old_company_id=person.company_id)
            return person
        domain = registrable(domain_of(attendee.email))
        belongs = company is not None and company.name != UNKNOWN_COMPANY and (
            (website_domain(company.website) == domain if company.website else self._unclaimed(domain, company, single_domain))
            or company_from_domain(domain) == company.name
            or compact_name(domain.split(".")[0]) == compact_name(company.name)
            or spells_domain(company.name, domain)
            or self._colleague_at(company, domain)
        )
        zone, country, note = self._place_of(event) if event is not None else ("", "", "")
        person = self.add_person(Person(name=name, emails=[attendee.email], company_id=company.id if belongs else None,
                                        timezone=zone, country=country))
        if not attendee.name:
            where = f"{self.source_name} line {event.line}" if event is not None else self.source_name
            self.report.warnings.append(
                f"{where}: {person.name}: name guessed from the address {attendee.email} (the invitation gives "
                f"none); notes greet them {_greeted_by(person)} until you give theirs: afterview person edit "
                f"{self._person_ref(person)} --name NAME")
        if zone:
            self._say_place(person, event, zone, country, note)
        return person

    def _fill_place(self, person: Person, event: CalendarEvent) -> bool:
        """Give someone recorded without a zone (a LinkedIn connection, a tracker's contact, an
        attendee of an event without one) the zone and country the event gives a new person
        (`_place_of`), and say so: a blank is no choice. A zone or a country recorded is kept, and
        a country is only taken with the zone it goes with (the zone taken now, or the same one
        recorded). True when something was filled."""
        zone, country, note = self._place_of(event)
        if not zone or (person.timezone and person.timezone != zone):
            return False
        if person.timezone and (person.country or not country):
            return False
        took_zone = not person.timezone
        person.timezone = zone
        took_country = bool(country) and not person.country
        if took_country:
            person.country = country
        kept = "" if took_country or not person.country else f"; country {person.country} kept as recorded"
        self._say_place(person, event, zone if took_zone else "", country if took_country else "",
                        note if took_country or not country else "", filled=True, kept=kept)
        return True

    def _say_place(self, person: Person, event: CalendarEvent, zone: str, country: str, note: str,
                   filled: bool = False, kept: str = "") -> None:
        """The report's line on the zone and country a person took from the event, and, once per
        country, which of its public holidays apply."""
        where = "the invitation" if self.invitation else "the event"
        parts = ([f"time zone {zone}"] if zone else []) + ([f"country {country}"] if country else [])
        blank = " (blank before)" if filled else ""
        place = f"{', '.join(parts)}, from {where}{blank}" + (f" ({note})" if note else "") + kept
        self.report.warnings.append(f"{self.source_name} line {event.line}: {person.name}: {place}; correct with "
                                    f"afterview person edit {self._person_ref(person)}")
        if country and country not in self.countries_said:  # once per country: which holidays apply
            from afterview.domain.values import country_note

            self.countries_said.add(country)
            said = country_note(country, self.now.year)
            if said:
                self.report.warnings.append(f"{self.source_name}: country {said}")

    def _place_of(self, event: CalendarEvent) -> tuple[str, str, str]:
        """The time zone and country a person the event brings in for the first time takes from
        it, and what the report says of them (why there is no country, or that the country is a
        guess): ("", "", "") when the event has no zone of its own (UTC or floating times, an
        all-day event, a custom VTIMEZONE only matched to a zone by its offsets), when its zone is
        the user's (the planner uses the user's zone and country for a person without any), or is
        no place (Etc/GMT+5). The country is the one the zone database names the zone for
        ("America/New_York": US), or its region (`pipeline.country_of_zone`), when the holidays
        package knows it. A Windows zone name is its main zone ("Eastern Standard Time":
        America/New_York) and gives that zone's country, not a region (its places may lie in
        several); when other countries use the name too (Canada, the Bahamas) the report says the
        country is the main zone's. A plugin's event gives its zone as its own."""
        given = getattr(event, "zone_given", None)
        given = "iana" if given is None else given  # a plugin's CalendarEvent: the zone it was given in
        key = (event.timezone, given)
        found = self.places.get(key)
        if found is None:
            found = self.places[key] = self._place(event.timezone, given)
        return found

    def _place(self, zone: str, given: str) -> tuple[str, str, str]:
        from afterview.domain.values import check_country
        from afterview.errors import AfterviewError
        from afterview.importers.checks import zone_problem
        from afterview.importers.zones import zone_countries

        if not given or not zone or zone in self.my_zones or zone_problem(zone):
            return "", "", ""
        countries = zone_countries(zone)
        if not countries:
            return "", "", ""
        if len(countries) > 1:
            return zone, "", "no country: several countries share the zone"
        if given == "iana":  # a zone of one region gives the region, as `person add --tz` does
            from afterview.services.pipeline import country_of_zone

            return zone, country_of_zone(zone), ""
        try:
            country = check_country(next(iter(countries)))
        except AfterviewError:  # a country with no public holidays table: the user's days then
            return zone, "", ""
        if given == "windows":
            return zone, country, ("the country of its main zone: the invitation names a Windows zone, "
                                   "which other countries share")
        return zone, country, ""

    def _unclaimed(self, domain: str, company: Company, single_domain: str) -> bool:
        """Whether everyone else at the event writes from this one domain, which no other recorded
        company goes by: then they work for the interview's company."""
        from afterview.importers.names import company_from_domain

        if domain != single_domain:
            return False
        other = self.companies.find(name=company_from_domain(domain), domain=domain)
        return other is None or other.id == company.id

    def _colleague_at(self, company: Company, domain: str) -> bool:
        """Whether someone recorded at the company writes from that domain."""
        from afterview.importers.names import company_key, domain_of, registrable

        colleagues = self.people.by_company.get(company_key(company.name), [])
        return any(registrable(domain_of(e)) == domain for p in colleagues for e in p.emails)


def _closed_until(opportunity: Opportunity, now: datetime, tz: str) -> datetime | None:
    """Until when a closed application's process ran: the end of the day of the change that
    closed it; or `now` when that change is dated on the application itself (a sheet that gives
    no date for its status: it closed some time after). None when it has no such change."""
    closing = next((c for c in reversed(opportunity.history) if c.status == opportunity.status), None)
    if closing is None:
        return None
    applied = opportunity.history[0].at if opportunity.history else None
    if applied is not None and closing is not opportunity.history[0] and closing.at == applied:
        return now
    day = closing.at.astimezone(_zone(tz)).date() + timedelta(days=1)
    return datetime.combine(day, time(0, 0), tzinfo=_zone(tz))


def _label(event: CalendarEvent) -> str:
    """"Globex | Data Engineer - Technical Interview on 2026-12-03 10:00 America/New_York": the
    event's title and its start on the clock of the zone it was given in, named (as `moved from
    ... to ...` names it)."""
    zone = _zone(event.timezone)
    return f"{event.summary or '(no title)'} on {_when(event.start, zone)} {zone.key}"


def _when(moment: datetime, tz) -> str:
    """'2026-12-03 10:00' on the clock of `tz`; '2026-11-01 01:30 CDT' in the hour the clocks
    go back (domain.values.wall_clock)."""
    from afterview.domain.values import wall_clock

    return wall_clock(moment, tz, "%Y-%m-%d %H:%M")


def _moments(event: CalendarEvent) -> CalendarEvent:
    """The event with its times in UTC, as storage gives an interview's back (and as the memory
    of imports and the export's X-AFTERVIEW-EXPORTED write them), so that every comparison of an
    import is one of moments. Python compares two times of one zone by their clocks (01:29 CST
    "before" 01:59 CDT, half an hour earlier), and never finds a time the clocks show twice
    equal to one of another zone (PEP 495): an event in the hour the clocks go back would never
    find its interview, nor be seen unchanged. Its own clock is its zone's (`event.timezone`)."""
    from afterview.domain.values import as_utc

    start, end = as_utc(event.start), as_utc(event.end)
    if start.tzinfo is event.start.tzinfo and end.tzinfo is event.end.tzinfo:
        return event
    return replace(event, start=start, end=end)


def _robot(email: str) -> bool:
    local = email.split("@", 1)[0]
    return any(word in local for word in ("noreply", "no-reply", "donotreply", "do-not-reply", "notification", "mailer-daemon"))


# ---------------------------------------------------------------------------------------
# what the CSV imports (connections, trackers) took from each row, kept between imports as the
# calendar's is (MEMORY): by the row's key (what names the record in the file: a connection's
# profile URL, a tracker's company and role as written), the record made from it, a digest of the
# row as applied, and the contacts it gave. A row read again as it was applied changes nothing,
# so what the user corrected by hand since (an address, a role renamed) stands; a changed row
# applies to the record it made before, whatever it is called now.
TRACKER_MEMORY = "imports.tracker"
CONNECTIONS_MEMORY = "imports.connections"


def _row_version(row) -> str:
    """A digest of everything an import takes from a row (its line number left out)."""
    import hashlib
    from dataclasses import fields

    # (a field added since, at its default, is left out: rows imported before keep their digest)
    parts = [repr(getattr(row, f.name)) for f in fields(row)
             if f.name != "line" and not (f.name in _LATER_FIELDS and getattr(row, f.name) == f.default)]
    return hashlib.sha256("\n".join(parts).encode("utf-8", "replace")).hexdigest()[:20]


_LATER_FIELDS = frozenset({"date_guess"})


@dataclass
class _RowSeen:
    record: int  # the id of the opportunity or person the row made or was applied to
    version: str
    contacts: list[str] = field(default_factory=list)  # tracker rows: the contacts it gave (address or name)

    def plain(self) -> dict:
        return {"record": self.record, "version": self.version, "contacts": self.contacts}


class _RowMemory:
    def __init__(self, tx, key: str):
        self.tx, self.key = tx, key
        stored = tx.get_state(key)
        self.entries: dict = dict(stored) if isinstance(stored, dict) else {}
        self.changed = False

    def get(self, key: str) -> _RowSeen | None:
        value = self.entries.get(key)
        try:
            record, version = value["record"], value["version"]
            contacts = value.get("contacts", [])
            if not isinstance(record, int) or isinstance(record, bool) or not isinstance(version, str) \
                    or not isinstance(contacts, list) or not all(isinstance(c, str) for c in contacts):
                return None
            return _RowSeen(record, version, list(contacts))
        except (TypeError, KeyError, AttributeError):  # written by something else: as if never seen
            return None

    def put(self, key: str, seen: _RowSeen) -> None:
        entry = seen.plain()
        if self.entries.get(key) != entry:
            self.entries[key] = entry
            self.changed = True

    def save(self) -> None:
        if self.changed:
            self.tx.set_state(self.key, self.entries)


ROW_MEMORIES = {TRACKER_MEMORY: "opportunities", CONNECTIONS_MEMORY: "people"}  # and the table each names


def check_row_memory(value, where: str) -> dict:
    """A CSV import's memory (TRACKER_MEMORY, CONNECTIONS_MEMORY) as an export carries it, checked:
    {row key: {"record": id, "version": digest, "contacts": [text]}}; InvalidInput naming the entry."""
    if not isinstance(value, dict):
        raise InvalidInput(f"{where}: expected an object")
    checked = {}
    for key, entry in value.items():
        at = f"{where}[{key!r}]"
        if not isinstance(entry, dict) or set(entry) - {"record", "version", "contacts"}:
            raise InvalidInput(f"{at}: expected an object with record, version and contacts")
        record, version, contacts = entry.get("record"), entry.get("version"), entry.get("contacts", [])
        if not isinstance(record, int) or isinstance(record, bool) or record < 1:
            raise InvalidInput(f"{at}.record: expected a record id, not {record!r}")
        if not isinstance(version, str) or not re.fullmatch(r"[0-9a-f]{1,64}", version):
            raise InvalidInput(f"{at}.version: expected a hexadecimal digest")
        if not isinstance(contacts, list) or not all(isinstance(c, str) for c in contacts):
            raise InvalidInput(f"{at}.contacts: expected a list of text")
        checked[key] = {"record": record, "version": version, "contacts": list(contacts)}
    return checked


def _greeted_by(person: Person) -> str:
    """How notes greet someone whose name was guessed from their address: by it ("Jane Doe", from
    jane.doe@: "Hi Jane"), or without a name when it has no first name in it ("Jsmith", "B.
    Nakamura": `domain.names.unsure_name`)."""
    from afterview.domain.names import unsure_name

    return "without a name" if unsure_name(person.name, person.emails) else "by it"


def _contact_key(name: str, email: str) -> str:
    from afterview.importers.names import fold

    return email.lower() if email else fold(name)


def named_on_rows(tx, person: Person, opportunities) -> set[int]:
    """The ids of the applications (of `opportunities`) whose tracker rows named the person as
    a contact, as the tracker import remembers its rows (TRACKER_MEMORY): by an address of theirs,
    or, for a contact named without one, by their name at the application's company. A person
    is at one company; an agency's recruiter named for Acme and for Initech is named on both."""
    from afterview.importers.names import fold

    stored = tx.get_state(TRACKER_MEMORY)
    if not isinstance(stored, dict) or person.id is None:
        return set()
    companies = {o.id: o.company_id for o in opportunities}
    addresses = {e.lower() for e in person.emails}
    name = fold(person.name)
    found = set()
    for entry in stored.values():
        try:
            record, contacts = entry["record"], entry.get("contacts", [])
        except (TypeError, KeyError, AttributeError):  # written by something else: as if never seen
            continue
        if record not in companies or not isinstance(contacts, list):
            continue
        for key in contacts:
            if not isinstance(key, str):
                continue
            if key in addresses if "@" in key else (key == name and companies[record] == person.company_id):
                found.add(record)
                break
    return found


# ---------------------------------------------------------------------------------------
# LinkedIn


def import_connections(
    store,
    path: str | Path,
    *,
    now: datetime,
    user_tz: str = "UTC",
    dry_run: bool = False,
    skip_bad: bool = False,
    limits: Limits = Limits(),
    importer: str = DEFAULT_FORMATS["connections"],
) -> ImportReport:
    """Import connections (LinkedIn's Connections.csv by default): people, marked connected with the date."""
    chosen, source, found = _open(importer, "connections", path, limits)
    report = ImportReport(kind="linkedin", file=source.name, dry_run=dry_run,
                          warnings=[*source.warnings, *found.warnings], format=chosen.name)

    def body(tx) -> None:
        applier = _ConnectionApplier(tx, report, now=now, user_tz=user_tz)
        applier.memory = _RowMemory(tx, CONNECTIONS_MEMORY)
        problems: list[Problem] = []
        for item in _records(chosen, source, found):
            if isinstance(item, Problem):
                problems.append(item)
                report.note(item.line, "skipped", "row", item.message)
            else:
                applier.apply(item)
        applier.flush()
        applier.remember_batch()
        applier.memory.save()
        _removed(report, source)
        _finish(report, problems, skip_bad, source.name)

    return _run(store, report, body)


class _ConnectionApplier(_Pipeline):
    memory: _RowMemory
    batch: list  # (key, version, Person) of the people added in the batch: remembered once they have ids

    @staticmethod
    def row_key(row: Connection) -> str:
        from afterview.importers.names import fold

        if row.url:
            return "url:" + row.url.strip().rstrip("/").lower()
        if row.email:
            return "email:" + row.email.lower()
        return f"name:{fold(row.name)}|{fold(row.company)}"

    def remember_batch(self) -> None:
        for key, version, person in getattr(self, "batch", []):
            if person.id is not None:
                self.memory.put(key, _RowSeen(person.id, version))
        self.batch = []

    def apply(self, row: Connection) -> None:
        key, version = self.row_key(row), _row_version(row)
        seen = self.memory.get(key)
        if seen is not None:
            person = self._recorded().get(seen.record)
            if person is None:
                if seen.version == version:  # the user deleted the person imported from this row
                    self.report.note(row.line, "deleted", row.name, f"you deleted person {seen.record}, "
                                     "imported from this row; not created again")
                    return
            elif seen.version == version:  # the row as imported before: what was corrected since stands
                self.report.note(row.line, "unchanged", row.name)
                return
            else:
                self._apply_to(person, row, "its row imported before", before=seen.version)
                self.memory.put(key, _RowSeen(person.id, version))
                return
        self._apply(row, key, version)

    def _recorded(self) -> dict[int, Person]:
        """The people recorded before the import, by id (the objects the matching holds)."""
        if getattr(self, "by_id", None) is None:
            self.by_id = {p.id: p for group in self.people.by_name.values() for p in group if p.id is not None}
        return self.by_id

    def _apply(self, row: Connection, key: str, version: str) -> None:
        found = self.people.find(email=row.email, url=row.url, name=row.name, company=row.company)
        if any(p.id is None for p in found.candidates):
            self.flush()  # the report names candidates by id
        if found.ambiguous:
            ids = ", ".join(f"#{p.id} {p.name}" for p in found.candidates[:5])
            self.report.note(row.line, "ambiguous", row.name, f"could be {ids}")
            return
        company = self.company(row.company) if row.company else None
        connected_at = _on_day(row.connected_on, self.user_tz) if row.connected_on else None
        if found.person is None:
            person = self.add_person(
                Person(
                    name=row.name,
                    emails=[row.email] if row.email else [],
                    company_id=company.id if company else None,
                    title=row.position,
                    linkedin_url=row.url,
                    connection=ConnectionState.CONNECTED,
                    connected_at=connected_at,
                ),
                later=True,
            )
            self.batch = getattr(self, "batch", [])
            self.batch.append((key, version, person))
            self.report.note(row.line, "new", row.name)
            return
        self._apply_to(found.person, row, found.how)
        if found.person.id is not None:
            self.memory.put(key, _RowSeen(found.person.id, version))
        else:  # still in the batch
            self.batch = getattr(self, "batch", [])
            self.batch.append((key, version, found.person))

    def _apply_to(self, person: Person, row: Connection, how: str, before: str = "") -> None:
        """Complete the person from the row (`_merge_connection`). A new position follows the
        newer export when the title recorded is the one the row gave before (`before`: the version
        of the row imported last; the row then differs from it by its position alone): nobody
        changed it by hand since. Otherwise a title recorded is kept, and the report says what the
        export gives, with the command that takes it."""
        from afterview.importers.names import fold

        company = self.company(row.company) if row.company else None
        connected_at = _on_day(row.connected_on, self.user_tz) if row.connected_on else None
        old_company = person.company_id
        changes = _merge_connection(person, row, company, connected_at)
        if row.position and person.title and "title" not in changes and fold(row.position) != fold(person.title):
            if before and _row_version(replace(row, position=person.title)) == before:
                changes.append(f"title {person.title} -> {row.position}")
                person.title = row.position
            else:
                from afterview.importers.checks import quote
                import shlex

                ref = f" {person.id}" if person.id is not None else f" {shlex.quote(person.name)}"
                self.report.warnings.append(
                    f"{self.report.file} line {row.line}: {row.name}: the export gives the position "
                    f"{quote(row.position)}, the title recorded is {quote(person.title)}, kept (typed, or "
                    f"changed since the last import); to take the export's: afterview person edit{ref} "
                    f"--title {shlex.quote(row.position)}")
        if changes:
            if person.id is not None:  # else it is still in the batch, changed in place
                self.tx.update(person)
            self.people.reindex(person, old_company_id=old_company)
            self.report.note(row.line, "updated", row.name, f"matched by {how}: {', '.join(changes)}")
        else:
            self.report.note(row.line, "unchanged", row.name)


def _merge_connection(person: Person, row: Connection, company: Company | None, connected_at) -> list[str]:
    """Fill what the person lacks from the row; return what changed."""
    changes = []
    if row.url and not person.linkedin_url:
        person.linkedin_url = row.url
        changes.append("LinkedIn URL")
    if row.email and row.email.lower() not in (e.lower() for e in person.emails):
        person.emails.append(row.email)
        changes.append("email")
    if company is not None and person.company_id is None:
        person.company_id = company.id
        changes.append("company")
    if row.position and not person.title:
        person.title = row.position
        changes.append("title")
    if person.connection != ConnectionState.CONNECTED:
        person.connection = ConnectionState.CONNECTED
        person.connected_at = connected_at
        changes.append("connected")
    elif person.connected_at is None and connected_at is not None:
        person.connected_at = connected_at
        changes.append("connection date")
    return changes


# ---------------------------------------------------------------------------------------
# spreadsheets

_RANK = {OpportunityStatus.APPLIED: 0, OpportunityStatus.INTERVIEWING: 1, OpportunityStatus.OFFER: 2}


@dataclass
class TrackerPreview:
    mapping: list[tuple[str, str]]  # (header, field or "")
    rows: list[TrackerRow | Problem]
    warnings: list[str]


def preview_tracker(
    path: str | Path,
    *,
    overrides: dict[str, str],
    limits: Limits = Limits(),
    count: int = 10,
    importer: str = DEFAULT_FORMATS["tracker"],
    now: datetime | None = None,
    user_tz: str = "UTC",
) -> TrackerPreview:
    """How the columns are mapped (when the format says) and what the first rows become; reads nothing from the database.

    A row whose status the sheet does not say, or says in words that are not known, shows the
    status a new application is recorded with: applied (what the sheet said is in its notes)."""
    from afterview.importers.records import Skipped

    today = (now or datetime.now(ZoneInfo("UTC"))).astimezone(_zone(user_tz)).date()
    chosen, source, found = _open(importer, "tracker", path, limits, overrides=overrides, preview=True, today=today)
    rows = []
    said: list[str] = []
    bad: list[int] = []
    # every row is read and checked as the import checks it (`_row_checked`), so that the preview
    # says every warning the import would give; the first `count` are shown
    for record in _records(chosen, source, found):
        if isinstance(record, TrackerRow):
            record, warnings = _row_checked(record, today, source.name)
            said += warnings
            if not record.status:
                record = replace(record, status=OpportunityStatus.APPLIED.value)
        elif isinstance(record, Skipped) and len(rows) >= count:  # (a row shown says it in its place)
            said.append(f"{source.name} line {record.line}: {record.message}")
        elif isinstance(record, Problem) and not isinstance(record, Skipped):
            bad.append(record.line)
        if len(rows) < count:
            rows.append(record)
    from afterview.importers.checks import removed_warning

    removed = removed_warning(source.name, source.removed)  # (as `_removed` says it in the import's report)
    if removed:
        said.append(removed)
    if bad:  # the preview shows them; the import itself would write nothing
        lines = ", ".join(str(n) for n in bad)
        said.append(f"{source.name}: line{'s' if len(bad) > 1 else ''} {lines}: bad row{'s' if len(bad) > 1 else ''}: "
                    "the import would refuse the whole file (use --skip-bad to leave them out)")
    return TrackerPreview(mapping=list(found.columns), rows=rows, warnings=[*source.warnings, *found.warnings, *said])


def _row_checked(row: TrackerRow, today: date, source_name: str) -> tuple[TrackerRow, list[str]]:
    """The row with its applied date placed (`_dated`), and the warnings the import gives of it,
    which its preview gives too: the date's reading, and a date after today, imported as written
    (a typo, or a day-first date read month first)."""
    row, said = _dated(row, today, source_name)
    warnings = [said] if said else []
    if row.applied_on is not None and row.applied_on > today:
        warnings.append(f"{source_name} line {row.line}: {row.company}: applied on {row.applied_on.isoformat()}, "
                        f"after today ({today.isoformat()}); check the date")
    return row, warnings


def _dated(row: TrackerRow, today: date, source_name: str) -> tuple[TrackerRow, str]:
    """The row with its applied date placed when the sheet wrote it unsure (TrackerRow.date_guess),
    and what the import says of it ("" when nothing): a day without a year is the most recent such
    day up to today; a two-digit year that puts the day more than a year ahead is of the 1900s."""
    day = row.applied_on
    if not row.date_guess or day is None:
        return row, ""
    where = f"{source_name} line {row.line}: {row.company}"
    if row.date_guess == "no-year":
        placed = None
        for year in range(today.year, today.year - 9, -1):
            try:
                candidate = day.replace(year=year)
            except ValueError:  # 29 February
                continue
            if candidate <= today:
                placed = candidate
                break
        return replace(row, applied_on=placed), (
            f"{where}: the applied date gives no year ({day:%b} {day.day}): read as {placed.isoformat()}, the most "
            "recent such day; check the date")
    from afterview.importers.tracker import placed_year

    placed = placed_year(day, today)
    if placed != day:
        return replace(row, applied_on=placed), (
            f"{where}: the applied date has a two-digit year: read as {placed.isoformat()}, since {day.year} lies "
            "more than a year ahead; check the date")
    return row, ""


def import_tracker(
    store,
    path: str | Path,
    *,
    now: datetime,
    overrides: dict[str, str] | None = None,
    user_tz: str = "UTC",
    dry_run: bool = False,
    skip_bad: bool = False,
    limits: Limits = Limits(),
    importer: str = DEFAULT_FORMATS["tracker"],
) -> ImportReport:
    """Import the applications of a spreadsheet tracker (saved as CSV by default)."""
    from afterview.importers.records import Skipped

    today = now.astimezone(_zone(user_tz)).date()  # a two-digit year is placed from it (tracker.placed_year)
    chosen, source, found = _open(importer, "tracker", path, limits, overrides=overrides or {}, today=today)
    report = ImportReport(kind="csv", file=source.name, dry_run=dry_run,
                          warnings=[*source.warnings, *found.warnings], format=chosen.name)

    def body(tx) -> None:
        applier = _TrackerApplier(tx, report, now=now, user_tz=user_tz)
        applier.source_name = source.name
        applier.memory = _RowMemory(tx, TRACKER_MEMORY)
        problems: list[Problem] = []
        for item in _records(chosen, source, found):
            if isinstance(item, Skipped):  # no application, and no bad row: said, and left out
                report.counts["ignored"] += 1
                report.warnings.append(f"{source.name} line {item.line}: {item.message}")
            elif isinstance(item, Problem):
                problems.append(item)
                report.note(item.line, "skipped", "row", item.message)
            else:
                applier.apply(item)
        applier.memory.save()
        _removed(report, source)
        _finish(report, problems, skip_bad, source.name)

    return _run(store, report, body)


class _TrackerApplier(_Pipeline):
    source_name = ""

    def __init__(self, tx, report: ImportReport, *, now: datetime, user_tz: str):
        super().__init__(tx, report, now=now, user_tz=user_tz)
        self._claims: dict[int, list] = {}  # application id -> the applied dates of this file's rows applied to it
        self._renamed: dict[int, list[str]] = {}  # application id -> what `_role_unknown` changed

    def apply(self, row: TrackerRow) -> None:
        from afterview.importers.interviews import UNKNOWN_ROLE
        from afterview.importers.names import fold

        company = self.company(row.company)
        role = row.role or UNKNOWN_ROLE
        label = f"{company.name}, {role}"
        today = self.now.astimezone(_zone(self.user_tz)).date()
        version = _row_version(row)  # of the row as written: a day placed today is not a change
        row, said = _row_checked(row, today, self.source_name)
        self.report.warnings += said
        key = f"{fold(row.company)}|{fold(role)}"
        seen = self.memory.get(key)
        existing = None
        if seen is not None:
            existing = self.opportunity_ids.get(seen.record)
            if existing is None and seen.version == version:  # the user deleted the application made from it
                self.report.note(row.line, "deleted", label, f"you deleted application {seen.record}, imported "
                                 "from this row; not created again")
                return
            if existing is not None and seen.version == version:
                # The row as imported before: what was corrected by hand since (a role renamed, an
                # address) stands.
                self._claim(existing, row)
                self.report.note(row.line, "unchanged", label)
                return
            if existing is not None:  # a changed row: to the application it made, whatever it is called now
                company = self.companies.by_id.get(existing.company_id, company)
                label = f"{company.name}, {existing.role}"
        if existing is None:
            existing = self._by_role(company, role, row)
        if existing is not None and self._another(existing, row):
            # A row of this file already applied to that application with another date: you applied
            # again (a re-application months later, as an export lists it), not the same one twice.
            key = f"{key}|{row.applied_on.isoformat()}"
            seen = self.memory.get(key)
            existing = self.opportunity_ids.get(seen.record) if seen is not None else None
            if existing is not None and seen.version == version:
                self._claim(existing, row)
                self.report.note(row.line, "unchanged", label)
                return
            if existing is None:
                existing = self._by_role(company, role, row, dated=True)
        if existing is None and role != UNKNOWN_ROLE:
            existing = self._role_unknown(company, role, row)
            if existing is not None:
                label = f"{company.name}, {role}"
        known = set(seen.contacts) if seen is not None else set()
        given = sorted({_contact_key(n, e) for n, e in ((row.contact_name, row.contact_email), *row.contacts)
                        if n or e} | known)
        if existing is None:
            opportunity = self.add_opportunity(self._new(company, role, row))
            self._claim(opportunity, row)
            self._contact(row, company, opportunity)
            self.memory.put(key, _RowSeen(opportunity.id, version, given))
            again = key.count("|") > 1
            self.report.note(row.line, "new", label, "another application to the same role, applied on "
                             f"{row.applied_on.isoformat()}" if again else "")
            return
        self._claim(existing, row)
        changes = self._renamed.pop(existing.id, [])
        changes += self._merge(existing, row)
        if self._contact(row, company, existing, known=known):
            changes.append("contact")
        self.memory.put(key, _RowSeen(existing.id, version, given))
        if changes:
            self.tx.update(existing)
            self.report.note(row.line, "updated", label, ", ".join(changes))
        else:
            self.report.note(row.line, "unchanged", label)

    # Two rows of one file for the same company and role whose applied dates lie further apart
    # than this are two applications (you applied again); closer, one application written twice.
    SAME_APPLICATION_DAYS = 14

    def _claim(self, opportunity: Opportunity, row: TrackerRow) -> None:
        self._claims.setdefault(opportunity.id, []).append(row.applied_on)

    def _another(self, opportunity: Opportunity, row: TrackerRow) -> bool:
        """Whether a row of this file already applied to `opportunity` with an applied date more
        than SAME_APPLICATION_DAYS from this row's: then this row is another application."""
        if row.applied_on is None:
            return False
        return any(day is not None and abs((day - row.applied_on).days) > self.SAME_APPLICATION_DAYS
                   for day in self._claims.get(opportunity.id, []))

    def _applied_day(self, opportunity: Opportunity) -> date | None:
        moment = opportunity.created_at or (opportunity.history[0].at if opportunity.history else None)
        return moment.astimezone(_zone(self.user_tz)).date() if moment is not None else None

    def _by_role(self, company: Company, role: str, row: TrackerRow, *, dated: bool = False) -> Opportunity | None:
        """The application at `company` with that role: the one applied on the row's date first,
        then one no row of this file took with another date (unless `dated`: that date only)."""
        from afterview.importers.names import fold

        same = [o for o in self.opportunities.get(company.id, []) if fold(o.role) == fold(role)]
        on_day = [o for o in same if row.applied_on is not None and self._applied_day(o) == row.applied_on
                  and not self._another(o, row)]
        if on_day or dated:
            return on_day[0] if on_day else None
        return next((o for o in same if not self._another(o, row)), same[0] if same else None)

    def _role_unknown(self, company: Company, role: str, row: TrackerRow) -> Opportunity | None:
        """The application a calendar import made at `company` without a role ("(role unknown)"),
        when it made just one there: the row's application, which takes the row's role."""
        from afterview.importers.interviews import UNKNOWN_ROLE

        unknown = [o for o in self.opportunities.get(company.id, [])
                   if o.role == UNKNOWN_ROLE and o.source == "calendar" and o.id not in self._claims]
        if len(unknown) != 1:
            return None
        opportunity = unknown[0]
        opportunity.role = role
        self._renamed[opportunity.id] = [f"role {UNKNOWN_ROLE} -> {role} (the application a calendar import "
                                         "made without a role)"]
        return opportunity

    def _new(self, company: Company, role: str, row: TrackerRow) -> Opportunity:
        status = OpportunityStatus(row.status) if row.status else OpportunityStatus.APPLIED
        # The sheet rarely says when a status changed; the application date is the best known
        # moment, so old rejections do not look like news of today.
        applied_at = _on_day(row.applied_on, self.user_tz) if row.applied_on else self.now
        note = f"from {self.source_name}"
        history = [StatusChange(status=OpportunityStatus.APPLIED, at=applied_at, note=note)]
        if status != OpportunityStatus.APPLIED:
            history.append(StatusChange(status=status, at=applied_at, note=note))
        notes = "\n".join(part for part in (row.notes, f"Location: {row.location}" if row.location else "") if part)
        return Opportunity(
            company_id=company.id,
            role=role,
            source=row.source,
            link=row.link,
            status=status,
            notes=notes,
            created_at=applied_at,
            history=history,
        )

    def _merge(self, opportunity: Opportunity, row: TrackerRow) -> list[str]:
        changes = []
        if row.status:
            new = OpportunityStatus(row.status)
            old = opportunity.status
            # Only forward: an old copy of the sheet must not undo progress recorded since.
            if new != old and old not in CLOSED_STATUSES and _RANK.get(new, 3) > _RANK.get(old, 3):
                opportunity.status = new
                # Dated on the row, as a new application's is (`_new`): an old rejection is old news.
                at = _on_day(row.applied_on, self.user_tz) if row.applied_on else self.now
                opportunity.history.append(StatusChange(status=new, at=at, note=f"from {self.source_name}"))
                changes.append(f"status {old.value} -> {new.value}")
        for name in ("link", "source", "notes"):
            value = getattr(row, name)
            if value and not getattr(opportunity, name):
                setattr(opportunity, name, value)
                changes.append(name)
            elif name == "notes" and value and value not in opportunity.notes:
                # A second row for the application (a duplicate, a later update) keeps what it says.
                opportunity.notes = f"{opportunity.notes}\n{value}"
                changes.append("notes added")
        return changes

    def _contact(self, row: TrackerRow, company: Company, opportunity: Opportunity, known=frozenset()) -> bool:
        """Record the row's contact people (its contact, and those of its Contacts column), but
        the `known` ones (that a version of the row imported before gave: the user may have
        corrected them since); True when someone was added or completed."""
        changed = False
        for name, email in ((row.contact_name, row.contact_email), *row.contacts):
            if (name or email) and _contact_key(name, email) in known:
                continue
            changed = self._one_contact(name, email, company, row.line, opportunity) or changed
        return changed

    def _one_contact(self, name: str, email: str, company: Company, line: int = 0,
                     opportunity: Opportunity | None = None) -> bool:
        from afterview.importers.names import name_from_email

        if not name and not email:
            return False
        guessed = not name
        name = name or name_from_email(email)
        found = self.people.find(email=email, name=name, company=company.name)
        if found.ambiguous:
            return False
        if found.person is None:
            person = self.add_person(Person(name=name, emails=[email] if email else [], company_id=company.id))
            if guessed:  # as a calendar's guest listed by address alone (`_person_for`)
                self.report.warnings.append(
                    f"{self.report.file} line {line}: {person.name}: name guessed from the address {email} (the "
                    f"sheet gives none); notes greet them {_greeted_by(person)} until you give theirs: afterview "
                    f"person edit {person.id} --name NAME")
            return True
        person = found.person
        if opportunity is not None and person.company_id is not None and person.company_id != company.id:
            self._elsewhere(person, company, opportunity, line)
        if email and email.lower() not in (e.lower() for e in person.emails):
            person.emails.append(email)
            self.tx.update(person)
            self.people.reindex(person, old_company_id=person.company_id)
            return True
        return False

    def _elsewhere(self, person: Person, company: Company, opportunity: Opportunity, line: int) -> None:
        """Say that a contact the row names (an agency's recruiter, say, named for two companies)
        is recorded at another company, and stays there: a person is at one company, and the
        people of an application are those at its company (and on its panels). The row keeps
        them for it (`named_on_rows`), and the line gives the command for a reply of theirs
        about it."""
        at = self.companies.by_id.get(person.company_id)
        where = f"at {at.name}" if at is not None else "at another company"
        self.report.warnings.append(
            f"{self.report.file} line {line}: {company.name}: {person.name} (person {person.id}) is recorded {where} "
            f"and stays there (a person is at one company), so {company.name}'s application "
            f"{opportunity.id} does not list them among its people; a reply from them about it: afterview replies "
            f"add {person.id} --opportunity {opportunity.id}")
