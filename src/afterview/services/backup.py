"""One complete, versioned JSON document of all data: backup, restore, moving machines.

The document (format "afterview-export", version 4):

    {"format": "afterview-export", "version": 4,
     "profile": {...},
     "companies": [...], "opportunities": [...], "people": [...], "interviews": [...],
     "debriefs": [...], "messages": [...], "inbound": [...], "feedback": [...],
     "news": [...], "decisions": [...],
     "state": {"imports.calendar": {...}, "sync:personal:INBOX": {...}}}

Records keep their ids, so references between them survive. Lists are ordered by id, keys as
in `domain/model.py`, times in ISO 8601 with their offset (UTC). `state` carries what a restore
needs of the state table besides the profile (see CARRIED): what calendar imports remember of each
event, and where `afterview sync` stopped reading each mailbox. A document without it has the
shape of version 1 and says so, so that an older Afterview still reads it; version 1 documents
(which never have it) are read as ever. Version 3 adds `undone_at` to a decision taken back
(`afterview undo`), and what `calendar export` wrote to the state; a document has that number
only when it has one of them, and a decision in force has no such key. Version 4 adds how a
person is greeted (`greet_as`), said only of a person who has one, and the document has that
number only when someone has. Version 7 adds the names a company went by before
(`former_names`), said only of a company that has some, and the document has that number only
when one has. A status change says who told you (`person_id`) only when it is
known. Exporting, importing into an empty database and exporting again gives the same document.
"""

from __future__ import annotations

import re
from typing import Any

from afterview.domain import model as m
from afterview.domain.serialize import from_plain, to_plain
from afterview.errors import Conflict, ImportFailed, InvalidInput

FORMAT = "afterview-export"
VERSION = 7  # the newest this Afterview writes and reads
STATE_SINCE = 2  # the first version with a "state" section
UNDONE_SINCE = 3  # the first version whose decisions may say when they were taken back ("undone_at")
CALENDAR_SINCE = 3  # the first version whose state may carry what calendar export wrote
GREET_AS_SINCE = 4  # the first version whose people may say how they are greeted ("greet_as")
ROWS_SINCE = 5  # the first version whose state may carry what CSV imports took from each row
FOLDERS_SINCE = 6  # the first version whose state may say where sync stopped in a folder besides the INBOX
FORMER_NAMES_SINCE = 7  # the first version whose companies may say the names they went by ("former_names")
CALENDAR_WRITTEN = "exports.calendar"  # (afterview.exporters.calendar_ics.MEMORY)

# The entries of the state table that an export carries, and why (docs/storage.md):
# - "imports.calendar" (services.imports.MEMORY): what each calendar import took from each event.
#   Without it, a restored database re-creates from the same .ics an interview the user deleted,
#   and a newer version of an invitation puts back on a panel the people the user took off it.
# - "exports.calendar" (exporters.calendar_ics.MEMORY): the events the last `calendar export`
#   wrote. Without it, a restored database's first export cannot cancel the events of records
#   deleted since (an interview, a closed process), and they stay in the user's calendar.
# - "sync:ACCOUNT:INBOX", "sync:ACCOUNT:FOLDER": where `afterview sync` stopped reading that mailbox's
#   INBOX, and each folder the account also reads replies from (`read_folders`): its UIDVALIDITY
#   and last UID. Without it, a restored database reads them whole again (nothing is recorded
#   twice; it takes longer).
# - "imports.tracker", "imports.connections" (services.imports.ROW_MEMORIES): what each CSV import
#   took from each row of a tracker or a LinkedIn export. Without them, importing the same file
#   into a restored database puts back what the user corrected by hand (an address, a role).
# Not carried: "profile" (its own section); "web.calendar_feed", the digest of the desk's calendar
# feed secret (no secret goes into an export: a restored desk makes a new feed address); anything
# else (a plugin's), which Afterview cannot tell is no secret.
_SYNC_KEY = re.compile(r"sync:[A-Za-z0-9_-]{1,40}:[^\x00-\x1f\x7f]{1,300}")
CARRIED = "imports.calendar, imports.tracker, imports.connections, exports.calendar, sync:ACCOUNT:FOLDER"

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
    """The whole database as a document, with the lowest version number that has its shape: 5
    when it carries what CSV imports took from each row, 4 when someone has a greet-as name, 3 when a decision was taken back, 2 when it carries state,
    else 1 (an older Afterview reads what it can).

    A backup that would not restore is no backup: a damaged database (SQLite's check of the
    file, a row referring to a missing record) is refused with the ways out, and so is one whose
    records refer to one it does not have, as a restore would refuse it (`_check_references`)."""
    from afterview.errors import StorageError

    try:
        tx.check_intact()
    except StorageError as err:
        raise StorageError(f"cannot export: {err}") from None
    records = {name: tx.list(cls) for name, cls in SECTIONS}
    try:
        _check_references(records, within="the database")
    except InvalidInput as err:
        raise StorageError(f"cannot export: {err}, so a backup of it would not restore; mend that record first, or "
                           "restore your last export into a new database (afterview --db NEW.db import BACKUP.json)"
                           ) from None
    document: dict[str, Any] = {"format": FORMAT, "version": 1, "profile": to_plain(tx.profile())}
    for name, _ in SECTIONS:
        document[name] = [to_plain(record) for record in records[name]]
    state = export_state(tx)
    if state:
        document["version"], document["state"] = STATE_SINCE, state
        if CALENDAR_WRITTEN in state:  # came with version 3: a version 2 reader refuses it
            document["version"] = CALENDAR_SINCE
    for decision in document["decisions"]:  # said only of a decision taken back (see UNDONE_SINCE)
        if decision["undone_at"] is None:
            del decision["undone_at"]
        else:
            document["version"] = UNDONE_SINCE
    for opportunity in document["opportunities"]:
        for change in opportunity.get("history", ()):
            if change.get("person_id", 0) is None:  # who told you, said only when known: an
                del change["person_id"]  # Afterview older than it reads the document too
    for company in document["companies"]:  # said only of a company renamed or merged (FORMER_NAMES_SINCE)
        if company["former_names"]:
            document["version"] = max(document["version"], FORMER_NAMES_SINCE)
        else:
            del company["former_names"]
    for person in document["people"]:  # said only of a person greeted so (see GREET_AS_SINCE)
        if person["greet_as"]:
            document["version"] = max(document["version"], GREET_AS_SINCE)
        else:
            del person["greet_as"]
    from afterview.services.imports import ROW_MEMORIES

    if any(key in state for key in ROW_MEMORIES):  # came with version 5: an older reader refuses them
        document["version"] = max(document["version"], ROWS_SINCE)
    if any(_SYNC_KEY.fullmatch(key) and not key.endswith(":INBOX") for key in state):  # came with version 6
        document["version"] = max(document["version"], FOLDERS_SINCE)
    return document


def export_state(tx) -> dict[str, Any]:
    """The entries of the state table an export carries (see above), in their checked form; one
    that an import or a sync would not read (written by something else) is left out."""
    from afterview.services.imports import MEMORY, memory_of

    from afterview.exporters.calendar_ics import MEMORY as WRITTEN, remembered_events

    state: dict[str, Any] = {}
    memory = memory_of(tx)
    if memory:
        state[MEMORY] = memory
    written = remembered_events(tx.get_state(WRITTEN))
    if written:
        state[WRITTEN] = written
    from afterview.services.imports import ROW_MEMORIES, check_row_memory

    for key, value in _stored(tx):
        try:
            if _SYNC_KEY.fullmatch(key):
                state[key] = _position(value, key)
            elif key in ROW_MEMORIES and value:
                state[key] = check_row_memory(value, key)
        except InvalidInput:
            continue
    return state


def _stored(tx) -> list[tuple[str, Any]]:
    """Every entry of the state table, by key."""
    import sqlalchemy as sa

    from afterview.storage.schema import state

    rows = tx.connection.execute(sa.select(state.c.key, state.c.value).order_by(state.c.key))
    return [(row.key, row.value) for row in rows]


def _position(value: Any, where: str) -> dict[str, int]:
    """A mailbox position of `afterview sync`: {"uidvalidity": N, "last_uid": N}."""
    if not isinstance(value, dict):
        raise InvalidInput(f"{where}: expected an object with uidvalidity and last_uid")
    unknown = sorted(set(value) - {"uidvalidity", "last_uid"})
    if unknown:
        raise InvalidInput(f"{where}: unknown field {unknown[0]!r}")
    for name in ("uidvalidity", "last_uid"):
        number = value.get(name)
        if number is None:
            raise InvalidInput(f"{where}: missing field {name!r}")
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise InvalidInput(f"{where}.{name}: expected a whole number, 0 or more, not {number!r}")
    return {"uidvalidity": value["uidvalidity"], "last_uid": value["last_uid"]}


def parse_state(data: Any) -> dict[str, Any]:
    """The "state" section checked: only the entries an export carries, each well formed."""
    from afterview.exporters.calendar_ics import MEMORY as WRITTEN, check_written
    from afterview.services.imports import MEMORY, ROW_MEMORIES, check_memory, check_row_memory

    if not isinstance(data, dict):
        raise InvalidInput("state: expected an object")
    checked: dict[str, Any] = {}
    for key, value in data.items():
        where = f"state[{key!r}]"
        if key == MEMORY:
            checked[key] = check_memory(value, where)
        elif key in ROW_MEMORIES:
            checked[key] = check_row_memory(value, where)
        elif key == WRITTEN:
            checked[key] = check_written(value, where)
        elif isinstance(key, str) and _SYNC_KEY.fullmatch(key):
            checked[key] = _position(value, where)
        else:
            raise InvalidInput(f"{where}: not an entry an export carries (only {CARRIED})")
    return checked


def is_empty(tx) -> bool:
    return all(tx.count(cls) == 0 for _, cls in SECTIONS)


def parse_document(data: Any) -> tuple[m.Profile, dict[str, list], dict[str, Any]]:
    """Check a document and build its profile, records and state; ImportFailed names the first problem."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFailed("not an Afterview export (no \"format\": \"afterview-export\")")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ImportFailed("the export has no version number")
    if version > VERSION:
        raise ImportFailed(f"the export is version {version}, from a newer Afterview; this one reads up to {VERSION}")
    if version < 1:
        raise ImportFailed(f"the export says version {version}; versions start at 1")
    allowed = {"format", "version", "profile", *(name for name, _ in SECTIONS)}
    if version >= STATE_SINCE:
        allowed.add("state")
    unknown = set(data) - allowed
    if "state" in unknown:
        raise ImportFailed(f"the export is version {version}, which has no \"state\" section "
                           f"(it came with version {STATE_SINCE}): a damaged or hand-edited document")
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
        if version < UNDONE_SINCE:
            for i, decision in enumerate(records["decisions"]):
                if decision.undone_at is not None:
                    raise InvalidInput(f"decisions[{i}].undone_at: version {version} has no such field (it came "
                                       f"with version {UNDONE_SINCE}): a damaged or hand-edited document")
        if version < GREET_AS_SINCE:
            for i, person in enumerate(records["people"]):
                if person.greet_as:
                    raise InvalidInput(f"people[{i}].greet_as: version {version} has no such field (it came "
                                       f"with version {GREET_AS_SINCE}): a damaged or hand-edited document")
        if version < FORMER_NAMES_SINCE:
            for i, company in enumerate(records["companies"]):
                if company.former_names:
                    raise InvalidInput(f"companies[{i}].former_names: version {version} has no such field (it "
                                       f"came with version {FORMER_NAMES_SINCE}): a damaged or hand-edited document")
        _check_text(profile, records)
        _check_lengths(profile, records)
        _check_greetings(records["people"])
        _check_addresses(records)
        _check_message_ids(records)
        _check_keys(records)
        _check_ids(records)
        _check_shared_addresses(records["people"])
        _check_references(records)
        _check_zones(profile, records)
        _check_countries(profile, records)
        _check_years(records)
        _check_interviews(records)
        state = parse_state(data.get("state", {}))
    except InvalidInput as err:
        raise ImportFailed(f"broken export: {err}") from None
    return profile, records, state


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
          "decisions": "decision", "remembered calendar events": "remembered calendar event",
          "mailbox positions": "mailbox position"}


def _check_references(records: dict[str, list], within: str = "this export") -> None:
    """Each reference points to a record of the export, as the database requires; the error
    names the field and the missing record (the database alone would only say "a reference").
    `within`: where the records are, as the error says it (an export checks its own too)."""
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
                    raise InvalidInput(f"{name}[{i}].{field_name}: no {LABELS[section]} {value} in {within}")
    for i, opportunity in enumerate(records["opportunities"]):
        for j, change in enumerate(opportunity.history):
            if change.person_id is not None and change.person_id not in ids["people"]:
                raise InvalidInput(f"opportunities[{i}].history[{j}].person_id: no person {change.person_id} in {within}")
    for i, interview in enumerate(records["interviews"]):
        panel: set[int] = set()
        for j, participant in enumerate(interview.participants):
            where = f"interviews[{i}].participants[{j}]"
            if participant.person_id not in ids["people"]:
                raise InvalidInput(f"{where}.person_id: no person {participant.person_id} in {within}")
            if participant.person_id in panel:
                raise InvalidInput(f"{where}: person {participant.person_id} is on the panel twice")
            panel.add(participant.person_id)


def _check_countries(profile: m.Profile, records: dict[str, list]) -> None:
    """Countries are checked as typed ones are (`--country`): holidays come from them."""
    from afterview.domain.values import check_country

    named = [("profile.country", profile.country)]
    named += [(f"people[{i}].country", p.country) for i, p in enumerate(records["people"])]
    _check_each([(where, code) for where, code in named if code], check_country)  # empty: the user's own


# The fields a restore checks as typed ones are checked: one line without a control character
# (names, titles, subjects: said in listings, greetings and mail headers, where a line break forges
# a line or a header), and notes without a control character (their line breaks kept). Refused,
# naming the record, never taken out behind the user's back: a restore brings back what was
# exported, or nothing (all or nothing, as the other checks here). Text that came from outside
# (an incoming message's subject and summary, a sent message's body) is kept as it came.
ONE_LINE = {"companies": ("name", "sector", "former_names"), "opportunities": ("role",),
            "people": ("name", "title", "tags"), "interviews": ("stage", "location"),
            "messages": ("subject",), "news": ("title", "tags")}
SEVERAL_LINES = {"companies": ("notes",), "opportunities": ("notes",), "people": ("notes",),
                 "interviews": ("notes",), "debriefs": ("notes", "next_steps"), "news": ("detail",)}
PROFILE_ONE_LINE = ("name", "phone")
# Names lose the characters that show as nothing (a zero-width space, a bidi mark), as typed names
# do (domain.values.name_text): counted, and said after the restore (HELD).
NAMES = {"companies": "name", "people": "name"}


def _check_text(profile: m.Profile, records: dict[str, list]) -> None:
    from afterview.domain.values import multi_line, single_line

    checks: list[tuple[str, str, Any]] = []
    for section, names in ONE_LINE.items():
        for i, record in enumerate(records[section]):
            for name in names:
                value = getattr(record, name)
                for j, item in enumerate(value) if isinstance(value, list) else [(None, value)]:
                    where = f"{section}[{i}].{name}" + ("" if j is None else f"[{j}]")
                    checks.append((where, item, lambda v, w=where: single_line(v, w)))
    for section, names in SEVERAL_LINES.items():
        for i, record in enumerate(records[section]):
            for name in names:
                where = f"{section}[{i}].{name}"
                checks.append((where, getattr(record, name), lambda v, w=where: multi_line(v, w)))
    for name in PROFILE_ONE_LINE:
        checks.append((f"profile.{name}", getattr(profile, name), lambda v, w=f"profile.{name}": single_line(v, w)))
    checks.append(("profile.signature", profile.signature, lambda v: multi_line(v, "profile.signature")))
    for where, value, check in checks:
        if value and isinstance(value, str) and not value.isprintable():  # the usual case at C speed
            try:
                check(value)
            except InvalidInput as err:
                raise InvalidInput(f"{err} (the export was changed by hand, or comes from an older Afterview: "
                                   "correct it there, in the file)") from None


# The one-line fields that typing keeps to at most pipeline.MAX_LINE characters (a name, a role, a
# title, a tag, a stage): longer is a paste gone wrong, refused as a typed one is.
LIMITED = {"companies": ("name", "former_names"), "opportunities": ("role",), "people": ("name", "title", "tags"),
           "interviews": ("stage",), "news": ("title",)}
PROFILE_LIMITED = ("name", "phone")


def _check_lengths(profile: m.Profile, records: dict[str, list]) -> None:
    from afterview.services.pipeline import MAX_LINE, check_length

    named = [(f"profile.{name}", getattr(profile, name)) for name in PROFILE_LIMITED]
    for section, names in LIMITED.items():
        for i, record in enumerate(records[section]):
            for name in names:
                value = getattr(record, name)
                if isinstance(value, list):
                    named += [(f"{section}[{i}].{name}[{j}]", item) for j, item in enumerate(value)]
                else:
                    named.append((f"{section}[{i}].{name}", value))
    for where, value in named:
        if isinstance(value, str) and len(value) > MAX_LINE:
            check_length(value, where, MAX_LINE)


def _check_addresses(records: dict[str, list]) -> None:
    """People's addresses, and those of messages, are checked as typed ones are
    (`values.parse_email`), and kept in the form a typed one is stored in (trimmed, an
    internationalised domain in its ASCII form): a note is sent to them."""
    from afterview.domain.values import parse_email

    def check(where: str, value: str) -> str:
        try:
            return parse_email(value)
        except InvalidInput as err:
            raise InvalidInput(f"{where}: {err}") from None

    for i, person in enumerate(records["people"]):
        person.emails = [check(f"people[{i}].emails[{j}]", email) for j, email in enumerate(person.emails)]
    for i, message in enumerate(records["messages"]):
        if message.to_address:
            message.to_address = check(f"messages[{i}].to_address", message.to_address)


# Ids a restore checks: a message's own Message-ID is Afterview's (made by make_msgid), written
# in its header and searched for in the Sent and Drafts folders, so it must be a well-formed one
# (compose_email.message_id_problem); those of other people's mail (what a message answers, its
# thread, an incoming message's own id) are kept as their mail wrote them, so they are only held
# to what a header line can carry: no line break or other control character, at most a header
# line's limit (compose_email.MAX_LINE, RFC 5322 2.1.1).
_HEADER_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _check_message_ids(records: dict[str, list]) -> None:
    """Message-IDs and the ids of threads, checked before anything is restored (see above):
    one with a line break would add a header to a mail, or a command to an IMAP search."""
    from afterview.delivery.compose_email import MAX_LINE as MAX_HEADER_ID, message_id_problem, shown_id

    def header_id(value: str, where: str) -> None:
        if not isinstance(value, str):
            raise InvalidInput(f"{where}: expected text")
        if _HEADER_CONTROL.search(value):
            raise InvalidInput(f"{where}: {shown_id(value)} contains a line break or control character, which "
                               "would add a line to a mail's header")
        if len(value) > MAX_HEADER_ID:
            raise InvalidInput(f"{where}: {len(value):,} characters, more than a mail header line holds "
                               f"({MAX_HEADER_ID})")

    for i, message in enumerate(records["messages"]):
        where = f"messages[{i}]"
        problem = message_id_problem(message.message_id) if message.message_id else None
        if problem:
            raise InvalidInput(f"{where}.message_id: {shown_id(message.message_id)} {problem}")
        if message.in_reply_to:
            header_id(message.in_reply_to, f"{where}.in_reply_to")
        for j, ref in enumerate(message.references):
            header_id(ref, f"{where}.references[{j}]")
    for i, inbound in enumerate(records["inbound"]):
        if inbound.header_message_id:
            header_id(inbound.header_message_id, f"inbound[{i}].header_message_id")


def _check_shared_addresses(people: list[m.Person]) -> None:
    """No address on two people, as typing refuses it (`pipeline.check_emails`): an address
    finds a person, and replies are matched by it. Addresses are compared as everywhere
    (`values.address_key`: case aside, the domain in its ASCII form)."""
    from afterview.domain.values import address_key

    def who(person: m.Person) -> str:
        return f"{person.name} (person {person.id})" if person.name.strip() else f"person {person.id}"

    owners: dict[str, m.Person] = {}
    for i, person in enumerate(people):
        for j, email in enumerate(person.emails):
            first = owners.setdefault(address_key(email), person)
            if first is not person:
                raise InvalidInput(f"people[{i}].emails[{j}]: {who(person)} and {who(first)} both have the "
                                   f"address {email}: an address belongs to one person")


def _check_keys(records: dict[str, list]) -> None:
    """The action keys of messages and decisions have a key's form, read as a typed one is
    (`keys.canonical_key`); a message made for no planned action has none ("")."""
    from afterview.domain.keys import canonical_key

    for section in ("messages", "decisions"):
        for i, record in enumerate(records[section]):
            key = record.action_key
            if (key or section == "decisions") and canonical_key(key) is None:
                shown = key if len(key) <= 80 else f"{key[:77]}..."
                raise InvalidInput(f"{section}[{i}].action_key: {shown!r} is not the key of an action "
                                   "(keys look like thank_you:i12:p5)")


def _canonical_keys(records: dict[str, list]) -> int:
    """Action keys written another way ("thank_you:i01:p1", as an older Afterview stored a key
    typed so) in the form the planner makes and everything else reads (thank_you:i1:p1): a
    decision on it then takes its action off, as it said it did. How many changed."""
    from afterview.domain.keys import canonical_key

    changed = 0
    for section in ("messages", "decisions"):
        for record in records[section]:
            if record.action_key:
                key = canonical_key(record.action_key)
                if key != record.action_key:
                    record.action_key, changed = key, changed + 1
    return changed


def _clean_names(profile: m.Profile, records: dict[str, list]) -> int:
    """Take the characters that show as nothing out of names (see NAMES); how many names changed."""
    from afterview.domain.values import name_text

    changed = 0
    for section, name in NAMES.items():
        for record in records[section]:
            text, removed = name_text(getattr(record, name))
            if removed:
                setattr(record, name, text)
                changed += 1
    for record in records["companies"]:  # the names it went by are names too
        cleaned = [name_text(name) for name in record.former_names]
        if any(removed for _, removed in cleaned):
            record.former_names = [text for text, _ in cleaned]
            changed += sum(1 for _, removed in cleaned if removed)
    for record in records["people"]:
        if record.greet_as:
            text, removed = name_text(record.greet_as)
            if removed:
                record.greet_as, changed = text, changed + 1
    text, removed = name_text(profile.name)
    if removed:
        profile.name, changed = text, changed + 1
    return changed


def _check_greetings(people: list[m.Person]) -> None:
    """A greet-as name is checked as a typed one is (`person edit --greet-as`): it opens a note,
    so it is one line, without a control character, and no longer than a name."""
    from afterview.services.pipeline import single_line

    _check_each([(f"people[{i}].greet_as", p.greet_as) for i, p in enumerate(people) if p.greet_as],
                lambda value: single_line(value, "the greet-as name"))


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
    """Restore a document into an empty database (all or nothing); returns counts per section,
    and of the calendar events and mailbox positions its state holds."""
    from afterview.services.imports import MEMORY

    profile, records, state = parse_document(data)
    if not is_empty(tx):
        raise Conflict("the database is not empty: import into a new one (--db new.db) to avoid mixing data")
    held = hold_unsent(records["messages"])
    held[INVISIBLE_TAKEN_OUT] = _clean_names(profile, records)
    held[KEYS_REWRITTEN] = _canonical_keys(records)
    tx.save_profile(profile)
    for name, _ in SECTIONS:
        tx.add_many(records[name])  # in batches: one round trip per row made a PostgreSQL restore twice as slow
    tx.fix_sequences()
    _restore_state(tx, state)
    # the Message-IDs it brings: one approved again is looked for in the Sent folder before it
    # goes (the machine the backup came from may have sent it since)
    from afterview.delivery.outbox import remember_carried

    remember_carried(tx, records["messages"], "the backup this database was restored from")
    counts = {name: len(records[name]) for name, _ in SECTIONS}
    counts["remembered calendar events"] = len(state.get(MEMORY, {}))
    counts["mailbox positions"] = sum(1 for key in state if _SYNC_KEY.fullmatch(key))
    counts.update(held)
    return counts


# What a restore did not bring back as it was (`hold_unsent`), and what it says of each.
BACK_TO_DRAFTS = "back to drafts"
MAY_HAVE_ARRIVED = "may have arrived"
FILES_LEFT_OUT = "attachments left out"
INVISIBLE_TAKEN_OUT = "names with invisible characters"
KEYS_REWRITTEN = "action keys written another way"
HELD = {
    BACK_TO_DRAFTS: ("{n} approved or scheduled message{s} came back as draft{s}: the backup may come from a "
                     "machine that still sends {them}, so approve {them} again once it cannot (afterview drafts)"),
    MAY_HAVE_ARRIVED: ("{n} message{s} being sent when the backup was made may have arrived: afterview show ID "
                       "says how to go on (afterview today lists {them})"),
    FILES_LEFT_OUT: ("{n} attached file{s} of messages not yet sent {were} left out: they are paths on the machine "
                     "the backup came from"),
    INVISIBLE_TAKEN_OUT: ("{n} name{s} had characters that show as nothing (a zero-width space, a direction mark) "
                          "taken out, as typed names have: two names that look the same are the same name"),
    KEYS_REWRITTEN: ("{n} action key{s} written another way (a leading zero, other digits, spaces: "
                     "thank_you:i01:p1) {were} restored in the form Afterview uses (thank_you:i1:p1)"),
}
_WHILE_EXPORTED = ("it was being sent when the backup was made, and this copy of your data cannot tell whether it "
                   "went")


def hold_unsent(messages: list[m.Message]) -> dict[str, int]:
    """A restored database sends nothing on its own: the backup may come from a machine whose
    worker still runs, or be last week's, whose approved notes went out since. So a message
    approved or scheduled comes back a draft (approve it again, `afterview drafts`), one being
    sent when the backup was made comes back failed with its outcome unknown (it may have
    arrived: `afterview show ID` gives the two ways on), as does one approved again after an
    unknown outcome; and the files a message not yet sent would attach, paths on the machine the
    backup came from, are left out (a hand-edited backup must not send files of this machine).
    Sent messages keep everything: they are the record of what went. Returns what it changed."""
    from afterview.delivery.outbox import DRAFTED_BACK, MAY_HAVE_ARRIVED as ARRIVED, carried_back

    drafts = unknown = files = 0
    for message in messages:
        # as a copy of the database file is (storage.store._becomes_own): one mechanism
        what = carried_back(message, while_sent=_WHILE_EXPORTED)
        drafts += what == DRAFTED_BACK
        unknown += what == ARRIVED
        if message.attachments and message.state not in (m.MessageState.SENT, m.MessageState.DONE_ELSEWHERE):
            files += len(message.attachments)
            message.attachments = []
    return {BACK_TO_DRAFTS: drafts, MAY_HAVE_ARRIVED: unknown, FILES_LEFT_OUT: files}


def _restore_state(tx, state: dict[str, Any]) -> None:
    """The carried entries of the state table become the document's: those the database had
    (one emptied of its records still remembers what it imported) are replaced or dropped."""
    import sqlalchemy as sa

    from afterview.services.imports import MEMORY, ROW_MEMORIES
    from afterview.storage.schema import state as table

    from afterview.exporters.calendar_ics import MEMORY as WRITTEN, own_event

    for key, _ in _stored(tx):
        if (key in (MEMORY, WRITTEN, *ROW_MEMORIES) or _SYNC_KEY.fullmatch(key)) and key not in state:
            tx.connection.execute(sa.delete(table).where(table.c.key == key))
    for key, value in state.items():
        tx.set_state(key, value)
    named = [entry["interview"] for entry in state.get(MEMORY, {}).values() if entry["interview"] is not None]
    named += [event[1] for event in map(own_event, state.get(WRITTEN, {})) if event[0] == "interview"]
    if named:
        _ids_past(tx, "interviews", max(named))
    # a record deleted before the backup, which a row's memory still names ("not re-created: you
    # deleted its application"), never has its id handed to a new one
    for key, records in ROW_MEMORIES.items():
        ids = [entry["record"] for entry in state.get(key, {}).values()]
        if ids:
            _ids_past(tx, records, max(ids))


def _ids_past(tx, table: str, top: int) -> None:
    """The next id of `table` is past `top`: an interview deleted before the backup, which the
    calendar memory still names ("you deleted interview 4"), never has its id handed out again,
    as `fix_sequences` does for the ids that action keys name."""
    if tx.dialect == "sqlite":
        from afterview.storage.migrations import set_counter

        set_counter(tx.connection, table, int(top))
    elif tx.dialect == "postgresql":
        sequence = tx.connection.exec_driver_sql(f"SELECT pg_get_serial_sequence('{table}', 'id')").scalar()
        last, called = tx.connection.exec_driver_sql(f"SELECT last_value, is_called FROM {sequence}").one()
        if (last if called else last - 1) < top:
            tx.connection.exec_driver_sql(f"SELECT setval('{sequence}', {int(top)}, true)")
