"""Use cases: import interviews from calendars, contacts from LinkedIn, applications from spreadsheets.

Each import reads its file through an import format of the plugin registry
(`afterview.plugins.importers()`): the built-in `ics`, `linkedin` and `csv` by default, or any
format a plugin registered that gives the same kind of records. The format's `read` checks the
file before the database is opened; its records are then applied in ONE transaction: either everything is written, or, when a row is bad, nothing is (unless
`skip_bad`, which skips bad rows and says which and why). A dry run does all the work and rolls
back. Running the same import twice changes nothing the second time: interviews are matched by
their calendar UID, people by email, LinkedIn URL or name and company, applications by company
and role.

Every record is checked as a typed value is, whichever format read it: its time zone must
exist, its dates lie within the years 1900-2200, its links be http(s) (LinkedIn profile URLs for
connections), its names be one line. A record that fails is a bad row, like an unreadable one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
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
from afterview.errors import AfterviewError, ConfigError, ImportFailed
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
    action: str  # new, updated, unchanged, cancelled, skipped, ambiguous, ignored, reminder
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
        if total or not c["cancelled"]:
            parts.append(f"{total:,} {noun}{'' if total == 1 else 's'}" + (f" ({inner})" if inner else ""))
        if c["cancelled"]:
            parts.append(f"{c['cancelled']:,} cancelled")
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
    except Exception as err:  # a plugin's reader is third-party code: its failure is one line
        if chosen.builtin:
            raise
        raise _failed(chosen, source, err) from None
    return chosen, source, found if isinstance(found, Records) else Records(found)


def _records(chosen, source: TextFile, found: Records):
    """The records to apply; a plugin's are checked as they come (type, failures)."""
    if chosen.builtin:
        return iter(found.items)
    return _checked(chosen, source, found.items)


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
        except Exception as err:
            raise _failed(chosen, source, err) from None
        if not isinstance(item, (wanted, Problem)):
            raise ConfigError(
                f"{where} gave a {type(item).__name__}, not a {wanted.__name__} or a Problem; nothing was imported"
            )
        yield _vetted(item)


def _vetted(item):
    """A plugin's record checked as the built-in readers check theirs: the record (its names made
    one line, a bare web address given https://), or a Problem saying what is wrong with it."""
    from dataclasses import replace

    from afterview.importers.checks import linkedin_url_problem, one_line, web_address, year_problem, zone_problem

    if isinstance(item, CalendarEvent):
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
    elif isinstance(item, Connection):
        item = replace(item, first_name=one_line(item.first_name), last_name=one_line(item.last_name),
                       company=one_line(item.company), position=one_line(item.position))
        what = item.name or "(no name)"
        wrong = year_problem(item.connected_on) or linkedin_url_problem(item.url)
    elif isinstance(item, TrackerRow):
        from afterview.importers.tracker import link_and_notes

        what = item.company
        wrong = year_problem(item.applied_on)
        if not wrong:
            try:
                link, notes = link_and_notes(item.link, item.notes)
                item = replace(item, link=link, notes=notes)
            except ValueError as err:
                wrong = str(err)
    else:
        return item
    return Problem(item.line, f"{what}: {wrong}") if wrong else item


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
) -> ImportReport:
    """Import the interviews of a calendar file (.ics by default: a whole calendar, or one invitation)."""
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
    if found.invitation:
        rule = Rule(everything=True)  # the user picked this one invitation: it is an interview
    report = ImportReport(kind="calendar", file=source.name, dry_run=dry_run,
                          warnings=[*source.warnings, *found.warnings], format=chosen.name)

    def body(tx) -> None:
        mine = (*my_addresses, found.owner)
        applier = _CalendarApplier(tx, report, now=now, user_tz=user_tz, source_name=source.name, mine=mine)
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
        for opportunity in tx.list(Opportunity):
            self.opportunities.setdefault(opportunity.company_id, []).append(opportunity)

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
        self.report.created["opportunities"] += 1
        return opportunity


class _CalendarApplier(_Pipeline):
    def __init__(self, tx, report, *, now, user_tz, source_name, mine=()):
        super().__init__(tx, report, now=now, user_tz=user_tz)
        from afterview.importers.names import domain_of, fold, is_employer_domain, registrable

        self.source_name = source_name
        self.profile = tx.profile()
        self.my_addresses = {a.lower() for a in (self.profile.email, *mine) if a}
        self.my_name = fold(self.profile.name)
        self.my_domains = {
            registrable(domain_of(a)) for a in self.my_addresses if is_employer_domain(domain_of(a))
        }
        interviews = tx.list(Interview)
        self.by_uid = {i.external_uid: i for i in interviews if i.external_uid}
        self.by_id = {i.id: i for i in interviews}
        self._titles: dict[tuple[str, ...], Company] = {}  # recorded companies by the words of their name
        self._titles_of = -1  # how many companies the index was built from

    def is_me(self, attendee) -> bool:
        """The user's own addresses, or the user's name on an address not yet known (a second account)."""
        from afterview.importers.names import fold

        if attendee.email.lower() in self.my_addresses:
            return True
        return bool(self.my_name) and fold(attendee.name) == self.my_name

    def apply(self, event: CalendarEvent) -> None:
        existing = self.by_uid.get(event.uid)
        label = _label(event)
        if existing is not None:
            self._update(existing, event, label)
        elif event.cancelled:
            self.report.note(event.line, "ignored", label, "cancelled, and never imported")
        else:
            self._create(event, label)

    # -- our own exported events (`afterview calendar export`), recognised by their UID
    def apply_own(self, event: CalendarEvent, own: tuple[str, int | str]) -> None:
        """An interview we exported comes back to that interview (its times and place follow the
        event, nothing else); an action we exported is a reminder, never an interview."""
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
        changes = self._times_and_place(interview, event)
        if changes:
            self.tx.update(interview)
            self.report.note(event.line, "updated", label, ", ".join(changes))
        else:
            self.report.note(event.line, "unchanged", label)

    # -- existing interviews
    def _update(self, interview: Interview, event: CalendarEvent, label: str) -> None:
        if event.sequence < interview.external_sequence:
            self.report.note(event.line, "unchanged", label, "an older version of an invitation already imported")
            return
        changes = []
        newer = event.sequence > interview.external_sequence
        interview.external_sequence = max(event.sequence, interview.external_sequence)
        if event.cancelled and not interview.cancelled:
            interview.cancelled = True
            self.tx.update(interview)
            self.report.note(event.line, "cancelled", label, "cancelled in the calendar")
            return
        if not event.cancelled and interview.cancelled:
            interview.cancelled = False
            changes.append("no longer cancelled")
        changes += self._times_and_place(interview, event)
        company_id = self._company_of(interview)
        added, _ = self._merge_participants(interview, event, company_id)
        if added:
            changes.append(f"{added} new participant{'s' if added > 1 else ''}")
        if changes:
            self.tx.update(interview)
            self.report.note(event.line, "updated", label, ", ".join(changes))
        else:
            if newer:
                self.tx.update(interview)  # only the sequence number moved on
            self.report.note(event.line, "unchanged", label)

    def _times_and_place(self, interview: Interview, event: CalendarEvent) -> list[str]:
        """Move the interview to the event's times, zone, place and call link; return what changed."""
        changes = []
        if interview.start != event.start or interview.end != event.end:
            changes.append(f"moved from {interview.start.astimezone(_zone(event.timezone)):%Y-%m-%d %H:%M} to {event.start:%Y-%m-%d %H:%M} {event.timezone}")
            interview.start, interview.end = event.start, event.end
            interview.timezone = event.timezone
        for name in ("location", "call_link"):
            new = getattr(event, name)
            new = new[:500] if name == "location" else new
            if new and new != getattr(interview, name):
                setattr(interview, name, new)
                changes.append(f"new {name.replace('_', ' ')}")
        return changes

    def _company_of(self, interview: Interview) -> int | None:
        for company_id, opportunities in self.opportunities.items():
            if any(o.id == interview.opportunity_id for o in opportunities):
                return company_id
        return None

    # -- new interviews
    def _create(self, event: CalendarEvent, label: str) -> None:
        from afterview.importers.interviews import format_of, stage_of

        company = self._company_for(event)
        opportunity = self._opportunity_for(company, event)
        notes = [f"From the calendar: {event.summary}"] if event.summary else []
        interview = Interview(
            opportunity_id=opportunity.id,
            start=event.start,
            end=event.end,
            timezone=event.timezone,
            format=format_of(event),
            stage=stage_of(event.summary),
            location=event.location[:500],
            call_link=event.call_link,
            external_uid=event.uid,
            external_sequence=event.sequence,
        )
        _, mailboxes = self._merge_participants(interview, event, company.id)
        for attendee in mailboxes:
            who = f"{attendee.name} <{attendee.email}>" if attendee.name else attendee.email
            notes.append(f"{'Organised' if attendee.organizer else 'Also invited'}: {who} (a team mailbox, not on the panel)")
        interview.notes = "\n".join(notes)
        interview = self.tx.add(interview)
        self.by_uid[event.uid] = interview
        self.by_id[interview.id] = interview
        self.report.created["interviews"] += 1
        where = f"{company.name}, {opportunity.role}"
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
        named = company_from_summary(event.summary)
        if named:
            return self.company(named)
        by_role = self._company_by_role(event.summary)
        if by_role is not None:
            return by_role
        if weak:
            return self._company_of_domain(event, weak)
        return self.company(UNKNOWN_COMPANY)

    def _company_of_domain(self, event: CalendarEvent, domains: list[str]) -> Company:
        from afterview.importers.names import company_from_domain, domain_of, registrable

        # The organizer comes first in people(); otherwise the domain most attendees share.
        organizer = registrable(domain_of(event.organizer.email)) if event.organizer else ""
        domain = domains[0] if organizer == domains[0] else Counter(domains).most_common(1)[0][0]
        return self.company(company_from_domain(domain), domain)

    def _known_company_in(self, summary: str) -> Company | None:
        """A recorded company whose name appears in the title, as whole words, case, accents,
        punctuation, legal suffixes and "&"/"and" aside ("Fenwick and Hale - Panel" names
        "Fenwick & Hale Ltd"); the longest name found wins."""
        from afterview.importers.names import company_key, title_words

        if self._titles_of != len(self.companies.by_id):
            self._titles = {}
            for company in sorted(self.companies.by_id.values(), key=lambda c: c.id or 0):
                words = tuple(title_words(company_key(company.name)))
                if words and company.name != UNKNOWN_COMPANY and not set(words) <= _TITLE_NOISE:
                    self._titles.setdefault(words, company)
            self._titles_of = len(self.companies.by_id)
        if not self._titles:
            return None
        words = title_words(_CALL_SERVICES.sub(" ", summary))
        longest = max(len(k) for k in self._titles)
        for size in range(min(longest, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                found = self._titles.get(tuple(words[start:start + size]))
                if found is not None:
                    return found
        return None

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
            return self.add_opportunity(
                Opportunity(
                    company_id=company.id,
                    role=role,
                    source="calendar",
                    status=OpportunityStatus.INTERVIEWING,
                    created_at=self.now,
                    history=[StatusChange(status=OpportunityStatus.INTERVIEWING, at=self.now, note=f"interview imported from {self.source_name}")],
                )
            )
        if chosen.status == OpportunityStatus.APPLIED:
            chosen.status = OpportunityStatus.INTERVIEWING
            chosen.history.append(StatusChange(status=OpportunityStatus.INTERVIEWING, at=self.now, note=f"interview imported from {self.source_name}"))
            self.tx.update(chosen)
        return chosen

    def _merge_participants(self, interview: Interview, event: CalendarEvent, company_id: int | None) -> tuple[int, list]:
        """Add the event's people (not the user, not rooms, robots or team mailboxes); return how
        many were added, and the team mailboxes left out."""
        from afterview.importers.names import (
            domain_of, is_ats_domain, is_employer_domain, is_recruiting_address, is_role_mailbox, registrable,
        )

        company = self.companies.by_id.get(company_id) if company_id is not None else None
        company_names = [company.name] if company is not None and company.name != UNKNOWN_COMPANY else []
        present = {p.person_id for p in interview.participants}
        people = [a for a in event.people() if not self.is_me(a)]
        domains = {registrable(domain_of(a.email)) for a in people if is_employer_domain(domain_of(a.email))}
        single = next(iter(domains)) if len(domains) == 1 else ""
        added, mailboxes = 0, []
        for attendee in people:
            email = attendee.email.lower()
            if is_ats_domain(domain_of(email)) or _robot(email):
                continue
            recorded = self.people.by_email.get(email)
            # A team's shared mailbox (talent@, "Acme Recruiting") organised the invitation; it did
            # not interview you: no person, no thank-you, no LinkedIn request. Someone recorded
            # under a person's name at that address is that person.
            if is_role_mailbox("", recorded.name, company_names) if recorded else is_role_mailbox(attendee.email, attendee.name, company_names):
                mailboxes.append(attendee)
                continue
            person = self._person_for(attendee, company, single)
            if person.id in present:
                continue
            role = Role.COORDINATOR if is_recruiting_address(attendee.email, attendee.name) else Role.INTERVIEWER
            interview.participants.append(Participant(person_id=person.id, role=role))
            present.add(person.id)
            added += 1
        return added, mailboxes

    def _person_for(self, attendee, company: Company | None, single_domain: str = "") -> Person:
        from afterview.importers.matching import website_domain
        from afterview.importers.names import company_from_domain, compact_name, domain_of, name_from_email, registrable

        company_name = company.name if company is not None else ""
        name = attendee.name or name_from_email(attendee.email)
        found = self.people.find(email=attendee.email, name=name if attendee.name else "", company=company_name)
        if found.person is not None:
            person = found.person
            if attendee.email.lower() not in (e.lower() for e in person.emails):
                person.emails.append(attendee.email)
                self.tx.update(person)
                self.people.reindex(person, old_company_id=person.company_id)
            return person
        domain = registrable(domain_of(attendee.email))
        belongs = company is not None and company.name != UNKNOWN_COMPANY and (
            (website_domain(company.website) == domain if company.website else self._unclaimed(domain, company, single_domain))
            or company_from_domain(domain) == company.name
            or compact_name(domain.split(".")[0]) == compact_name(company.name)
            or self._colleague_at(company, domain)
        )
        return self.add_person(
            Person(name=name, emails=[attendee.email], company_id=company.id if belongs else None)
        )

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


# Words that alone name no company in a title ("Panel", "Technical interview").
_TITLE_NOISE = frozenset(
    "interview interviews panel technical onsite screen call chat final round team meeting data the with at for "
    "phone video hiring manager recruiter intro".split()
)


# How a call is made names no employer: "Technical interview (Google Meet)" is not at Google.
_CALL_SERVICES = re.compile(
    r"\b(?:google\s+(?:meet|hangouts?|calendar)|microsoft\s+teams|ms\s+teams|amazon\s+chime|zoom(?:\s+meeting)?|"
    r"webex|whereby|jitsi|bluejeans|skype)\b", re.IGNORECASE)


def _label(event: CalendarEvent) -> str:
    return f"{event.summary or '(no title)'} on {event.start:%Y-%m-%d %H:%M}"


def _robot(email: str) -> bool:
    local = email.split("@", 1)[0]
    return any(word in local for word in ("noreply", "no-reply", "donotreply", "do-not-reply", "notification", "mailer-daemon"))


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
        problems: list[Problem] = []
        for item in _records(chosen, source, found):
            if isinstance(item, Problem):
                problems.append(item)
                report.note(item.line, "skipped", "row", item.message)
            else:
                applier.apply(item)
        applier.flush()
        _finish(report, problems, skip_bad, source.name)

    return _run(store, report, body)


class _ConnectionApplier(_Pipeline):
    def apply(self, row: Connection) -> None:
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
            self.add_person(
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
            self.report.note(row.line, "new", row.name)
            return
        old_company = found.person.company_id
        changes = _merge_connection(found.person, row, company, connected_at)
        if changes:
            if found.person.id is not None:  # else it is still in the batch, changed in place
                self.tx.update(found.person)
            self.people.reindex(found.person, old_company_id=old_company)
            self.report.note(row.line, "updated", row.name, f"matched by {found.how}: {', '.join(changes)}")
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
) -> TrackerPreview:
    """How the columns are mapped (when the format says) and what the first rows become; reads nothing from the database."""
    chosen, source, found = _open(importer, "tracker", path, limits, overrides=overrides, preview=True)
    rows = []
    for record in _records(chosen, source, found):
        rows.append(record)
        if len(rows) >= count:
            break
    return TrackerPreview(mapping=list(found.columns), rows=rows, warnings=[*source.warnings, *found.warnings])


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
    chosen, source, found = _open(importer, "tracker", path, limits, overrides=overrides or {})
    report = ImportReport(kind="csv", file=source.name, dry_run=dry_run,
                          warnings=[*source.warnings, *found.warnings], format=chosen.name)

    def body(tx) -> None:
        applier = _TrackerApplier(tx, report, now=now, user_tz=user_tz)
        applier.source_name = source.name
        problems: list[Problem] = []
        for item in _records(chosen, source, found):
            if isinstance(item, Problem):
                problems.append(item)
                report.note(item.line, "skipped", "row", item.message)
            else:
                applier.apply(item)
        _finish(report, problems, skip_bad, source.name)

    return _run(store, report, body)


class _TrackerApplier(_Pipeline):
    source_name = ""

    def apply(self, row: TrackerRow) -> None:
        from afterview.importers.interviews import UNKNOWN_ROLE
        from afterview.importers.names import fold

        company = self.company(row.company)
        role = row.role or UNKNOWN_ROLE
        label = f"{company.name}, {role}"
        today = self.now.astimezone(_zone(self.user_tz)).date()
        if row.applied_on is not None and row.applied_on > today:
            # Imported as written, but said: a typo, or a day-first date read month first.
            self.report.warnings.append(
                f"{self.source_name} line {row.line}: {row.company}: applied on {row.applied_on.isoformat()}, "
                f"after today ({today.isoformat()}); check the date"
            )
        existing = next((o for o in self.opportunities.get(company.id, []) if fold(o.role) == fold(role)), None)
        if existing is None:
            opportunity = self.add_opportunity(self._new(company, role, row))
            self._contact(row, company, opportunity)
            self.report.note(row.line, "new", label)
            return
        changes = self._merge(existing, row)
        if self._contact(row, company, existing):
            changes.append("contact")
        if changes:
            self.tx.update(existing)
            self.report.note(row.line, "updated", label, ", ".join(changes))
        else:
            self.report.note(row.line, "unchanged", label)

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
                opportunity.history.append(StatusChange(status=new, at=self.now, note=f"from {self.source_name}"))
                changes.append(f"status {old.value} -> {new.value}")
        for name in ("link", "source", "notes"):
            value = getattr(row, name)
            if value and not getattr(opportunity, name):
                setattr(opportunity, name, value)
                changes.append(name)
        return changes

    def _contact(self, row: TrackerRow, company: Company, opportunity: Opportunity) -> bool:
        """Record the row's contact person; True when someone was added or completed."""
        from afterview.importers.names import name_from_email

        if not row.contact_name and not row.contact_email:
            return False
        name = row.contact_name or name_from_email(row.contact_email)
        found = self.people.find(email=row.contact_email, name=name, company=company.name)
        if found.ambiguous:
            return False
        if found.person is None:
            self.add_person(
                Person(name=name, emails=[row.contact_email] if row.contact_email else [], company_id=company.id)
            )
            return True
        person = found.person
        if row.contact_email and row.contact_email.lower() not in (e.lower() for e in person.emails):
            person.emails.append(row.contact_email)
            self.tx.update(person)
            self.people.reindex(person, old_company_id=person.company_id)
            return True
        return False
