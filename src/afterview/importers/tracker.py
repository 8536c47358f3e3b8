"""Spreadsheet trackers saved as CSV: columns recognised by their header names, or mapped by hand.

Headers are matched loosely ("Company Name", "JOB TITLE", "Date Applied (MM/DD/YYYY)"); a
`--map 'Header=field,...'` names the columns that are not recognised. Statuses are read from
the words people use ("Phone screen", "Ghosted", "Rejected after onsite", and the common words
in German, French and Spanish: "Absage", "Vorstellungsgespräch", "refusé", "entrevista"); words
that are not known are kept in the notes, and the status left unsaid ("": a new application is
recorded applied).

A row with more cells than the header row has columns is a Problem: the cells beyond the last
column belong to no field (a cell holding the delimiter, not in quotes), and would be lost.
A Contacts column (as `afterview csv export opportunities` writes it) lists several people,
separated by semicolons, each a name, an address or both ("Ann Lee <ann@acme.com>").

Values are checked as typed ones are: a date must be within the years 1900-2200, and a link an
http(s) address ("www.acme.com/jobs/42" gets https://); a link of another kind (javascript:,
data:, file:, mailto:) makes the row a Problem, and a cell that is no address at all ("N/A") is
kept in the notes, like a status that is not understood. A contact's email address must be one,
as a typed --email must (`checks.email_address`: "Ann Lee <ann@acme.com>" gives the address, and
the name when the row has none); a cell without "@" ("N/A") is no address.

Text cells are made plain as they are read, before anything else reads them (`checks.one_line`,
`checks.text_lines`: control characters and bidirectional overrides taken out, counted by field
in the file's `TextFile.removed`); dates, links and addresses are checked as written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache

from afterview.errors import ImportFailed, InvalidInput
from afterview.importers.checks import email_address, one_line, quote, text_lines, web_address, year_problem
from afterview.importers.csvrows import check_csv_text, extra_cells, rows, separated_by
from afterview.importers.files import TextFile
from afterview.importers.linkedin import is_connections_header
from afterview.importers.names import fold
from afterview.importers.records import Problem, Skipped, TrackerRow

FIELDS = {
    "company": ("company", "company name", "employer", "organization", "organisation", "firm", "org",
                # German, French, Spanish, as sheets in those languages name the columns
                "firma", "unternehmen", "arbeitgeber", "entreprise", "societe", "employeur", "empresa",
                "compania", "empleador"),
    "role": ("role", "position", "job title", "title", "job", "position title", "job role", "opening",
             "stelle", "jobtitel", "stellenbezeichnung", "poste", "intitule du poste", "puesto", "cargo"),
    "status": ("status", "stage", "state", "application status", "result", "outcome", "progress",
               "stand", "statut", "etat", "estado",
               "list"),  # Huntr's export: the board's list a job is on (Wishlist, Applied, Interviewing ...)
    "applied_on": ("date applied", "applied on", "applied", "application date", "applied date", "date", "submitted",
                   "beworben am", "bewerbungsdatum", "datum", "date de candidature", "postule le", "fecha",
                   "fecha de solicitud", "fecha de postulacion", "fecha de aplicacion"),
    "link": ("link", "url", "job link", "job posting", "posting", "job url", "listing", "job ad",
             "stellenanzeige", "anzeige", "lien", "annonce", "enlace", "anuncio"),
    "source": ("source", "found via", "found on", "channel", "referral", "via", "quelle", "fuente"),
    "notes": ("notes", "note", "comments", "comment", "remarks", "notizen", "bemerkungen", "anmerkungen",
              "kommentar", "remarques", "commentaires", "notas", "comentarios"),
    "contact_name": ("contact", "contact name", "recruiter", "recruiter name", "hiring manager", "contact person",
                     "ansprechpartner", "ansprechperson", "kontakt", "interlocuteur", "contacto"),
    "contact_email": ("contact email", "email", "e mail", "recruiter email", "contact e mail",
                      "kontakt e mail", "courriel", "correo", "correo electronico"),
    # several people, as the export writes them: "Ann Lee <ann@acme.com>; Bob Roe"
    "contacts": ("contacts", "interviewers", "kontakte", "contactos"),
    "location": ("location", "city", "place", "office", "ort", "standort", "stadt", "lieu", "ville",
                 "ubicacion", "ciudad"),
}
# Words too general to find a column inside a longer header ("Fecha de entrevista" is not the
# day you applied): read only as the whole header.
_WHOLE_ONLY = frozenset({"date", "datum", "fecha", "stand", "ort", "etat", "estado", "kontakt", "stelle", "poste", "list"})

# Checked in this order: "rejected after onsite" is a rejection, "offer accepted" an acceptance.
# Each word is matched at the start of a word of the cell, case and accents aside ("refus"
# is "refusé", "refusée"); after the English words, the common German, French and Spanish ones.
_STATUS_WORDS = [
    ("accepted", ("accepted", "hired", "signed", "joined",
                  "angenommen", "eingestellt", "accepte", "embauche", "aceptad", "contratad")),
    ("withdrawn", ("withdrawn", "withdrew", "withdraw", "declined offer", "i declined", "not interested",
                   "zuruckgezogen", "retire", "retirad", "desisti")),
    ("rejected", ("reject", "declined", "no offer", "not selected", "turned down", "unsuccessful", "denied", "no go", "closed",
                  "absage", "abgesagt", "abgelehnt", "ablehnung", "refus", "non retenu", "pas retenu",
                  "rechaz", "descartad", "no seleccionad")),
    ("no-response", ("ghost", "no response", "no reply", "no answer", "never heard", "silence",
                     "keine antwort", "keine ruckmeldung", "pas de reponse", "sans reponse", "sin respuesta")),
    ("offer", ("offer", "angebot", "zusage", "offre", "oferta")),
    ("interviewing", ("interview", "screen", "phone", "onsite", "on site", "technical", "final", "round", "panel", "assessment", "take home", "challenge",
                      "vorstellungsgesprach", "bewerbungsgesprach", "gesprach", "erstgesprach", "zweitgesprach",
                      "eingeladen", "einladung", "telefon", "entretien", "entrevista")),
    ("applied", ("applied", "submitted", "sent", "application", "wishlist", "saved", "bookmarked", "to apply", "pending", "waiting",
                 "beworben", "bewerbung", "candidature", "postule", "solicitud", "postulad", "enviad", "aplicad")),
]


@dataclass(frozen=True)
class Mapping:
    """Which column (by index) holds which field, and the headers as found."""

    columns: dict[str, int]
    headers: list[str]
    header_line: int
    # how the sheet writes dates like 03/04/2026, from all its rows: "day" or "month" first when
    # one date says so (25/04, 04/25), "unsure" when none does, "mixed" when both do, "" if none
    date_order: str = ""
    date_example: str = ""  # a slash date of the sheet that could be read either way

    def date_warning(self, name: str, today: date | None = None) -> str:
        """What the import says of the sheet's slash dates ("" when nothing needs saying): read day
        first, as one of them says; read month first, as none says (its example, both ways, and
        how to write it day first); or written both ways. An example with a two-digit year says
        the year as the import reads it on `today` (`placed_year`; the clock's when not given):
        1/2/69 is of 1969."""
        example = self.date_example
        if self.date_order == "day" and example:
            return (f"{name}: dates are read day first, as the sheet writes them ({example} is "
                    f"{_long_date(_read_on(example, today, day_first=True))})")
        if self.date_order == "unsure":
            month_first = _read_on(example, today)
            return (f"{name}: dates such as {example} are read month first ({_long_date(month_first)}); if the "
                    f"sheet writes the day first, write them as {_read_on(example, today, day_first=True)} "
                    "and import again")
        if self.date_order == "mixed":
            return (f"{name}: some dates are written day first and some month first; each is read as it can "
                    "be, month first when both could be: check them in the preview")
        return ""

    @cached_property
    def header_keys(self) -> list[tuple[int, str]]:
        """(index, header as compared) of the named columns."""
        return [(index, key) for index, key in enumerate(map(_header_key, self.headers)) if key]

    def described(self) -> list[tuple[str, str]]:
        """(header, field) for every column, "" for the ones ignored."""
        by_index = {index: name for name, index in self.columns.items()}
        return [(header, by_index.get(index, "")) for index, header in enumerate(self.headers)]


def parse_map(text: str | None, label: str = "--map") -> dict[str, str]:
    """ "Company=company,Job Title=role" -> {"company": "Company", "role": "Job Title"};
    `label` names where it was typed, in an error."""
    result: dict[str, str] = {}
    if not text:
        return result
    for part in text.split(","):
        if not part.strip():
            continue
        header, sep, name = part.rpartition("=")
        name = name.strip().lower().replace("-", "_")
        if not sep or not header.strip():
            raise InvalidInput(f"{label}: {part.strip()!r} is not HEADER=field")
        if name not in FIELDS:
            raise InvalidInput(f"{label}: unknown field {name!r} (fields: {', '.join(FIELDS)})")
        if name in result:  # the first would be dropped, said by nothing
            raise InvalidInput(f"{label}: the field {name} is given twice ({result[name]!r} and {header.strip()!r}): "
                               "one column for each field")
        twice = next((field for field, other in result.items() if _header_key(other) == _header_key(header)), None)
        if twice is not None:  # one column for two fields: the column meant for one of them is left out
            raise InvalidInput(f"{label}: the column {header.strip()!r} is mapped twice ({twice} and {name}): "
                               "one field for each column")
        result[name] = header.strip()
    return result


def find_mapping(headers: list[str], line: int, overrides: dict[str, str], source_name: str) -> Mapping:
    """Map header cells to fields: the overrides first, then exact names, then names within headers."""
    folded = [_header_key(h) for h in headers]
    columns: dict[str, int] = {}
    for name, header in overrides.items():
        key = _header_key(header)
        if key not in folded:
            raise ImportFailed(
                f"column {header!r} is not in {source_name} (its columns: {', '.join(h for h in headers if h)})"
            )
        columns[name] = folded.index(key)
    taken = set(columns.values())
    for exact in (True, False):
        for name, synonyms in FIELDS.items():
            if name in columns:
                continue
            for index, key in enumerate(folded):
                if index not in taken and key and _matches(key, synonyms, exact):
                    columns[name] = index
                    taken.add(index)
                    break
    return Mapping(columns=columns, headers=headers, header_line=line)


def _header_key(header: str) -> str:
    return fold(re.sub(r"\(.*?\)", " ", header))


def _matches(key: str, synonyms: tuple[str, ...], exact: bool) -> bool:
    if exact:
        return key in synonyms
    # "date" alone would catch "Interview date" or "Follow-up date".
    return any(re.search(rf"(?<!\w){re.escape(s)}(?!\w)", key) for s in synonyms
               if len(s) > 3 and s not in _WHOLE_ONLY)


def read_tracker(
    source: TextFile, *, overrides: dict[str, str], max_rows: int
) -> tuple[Mapping, Iterator[TrackerRow | Problem]]:
    """The column mapping, and every row of the sheet as a TrackerRow or a Problem."""
    delimiter = check_csv_text(source, header=lambda cells: _is_header(cells, overrides, source.name))
    stream = rows(source, delimiter=delimiter, max_rows=max_rows, slack=10)
    mapping = None
    for line, cells in stream:
        if is_connections_header(cells):  # each connection would become an application
            raise ImportFailed(f"{source.name} is LinkedIn's Connections.csv (line {line}: First Name, Last Name, "
                               "..., Connected On), not a job tracker: nothing was imported; import it with "
                               f"afterview linkedin import {_shown_path(source)}")
        candidate = find_mapping(cells, line, overrides, source.name)
        if "company" in candidate.columns and len(candidate.columns) >= 2:
            mapping = candidate
            break
        if line > 10:
            break
    if mapping is None:
        raise ImportFailed(
            f"{source.name}: no header row with a company column in its first lines "
            f"({separated_by(delimiter) + '; ' if delimiter != ',' else ''}"
            "name it: Your Header=company, with --map or the desk's Columns field)"
        )

    # A sheet writes its dates one way: decided from all its rows (a tracker is small, and
    # max_rows bounds it), not row by row, so that 03/04 and 25/04 are both read day first.
    remaining = list(stream)
    index = mapping.columns.get("applied_on")
    order, example = _slash_order([cells[index] for _, cells in remaining if index is not None and index < len(cells)])
    mapping = replace(mapping, date_order=order, date_example=example)
    day_first = order == "day"

    def records() -> Iterator[TrackerRow | Problem]:
        for line, cells in remaining:
            yield _row(line, cells, mapping, day_first, source.removed, delimiter)

    return mapping, records()


def _shown_path(source: TextFile) -> str:
    """The file as a command names it: its name, quoted for a shell when it needs to be."""
    import shlex

    return shlex.quote(source.name)


def _is_header(cells: list[str], overrides: dict[str, str], source_name: str) -> bool:
    """Whether a row is the header read_tracker looks for (to tell how the file is separated)."""
    try:
        candidate = find_mapping(cells, 0, overrides, source_name)
    except ImportFailed:  # a --map column not in this row
        return False
    return "company" in candidate.columns and len(candidate.columns) >= 2


def _slash_order(cells: list[str]) -> tuple[str, str]:
    """How slash dates are written (see Mapping.date_order), and one that could go either way."""
    day = month = False
    example = ""
    for cell in cells:
        match = _SLASH.match(" ".join(cell.split()))
        if match:
            a, b = int(match.group(1)), int(match.group(2))
            if not (a and b) or min(a, b) > 12 or max(a, b) > 31:
                continue  # no date either way (31/31/2026): it says nothing of the order, and is a bad row
            day, month = day or a > 12, month or b > 12
            if a <= 12 and b <= 12 and a != b and not example:
                example = match.group()
    if day and month:
        return "mixed", example
    if day or month:
        return ("day" if day else "month"), example
    return ("unsure" if example else ""), example


# The kind of each text field, as the report counts what was taken out of it.
_KINDS = {"company": "companies", "role": "roles", "status": "statuses", "source": "sources",
          "contact_name": "names", "location": "locations"}


def _row(line: int, cells: list[str], mapping: Mapping, day_first: bool = False,
         removed: Counter | None = None, delimiter: str = ",") -> TrackerRow | Problem:
    def raw(name: str) -> str:
        index = mapping.columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    def cell(name: str) -> str:
        """A one-line cell: text made plain; a date, a link or an address with its spaces as one."""
        kind = _KINDS.get(name)
        return one_line(raw(name), removed, kind) if kind else " ".join(raw(name).split())

    company = cell("company")
    if _repeated_header(cells, mapping):
        return Skipped(line, "a repeated header row (sheets pasted together?): left out")
    if _total_row(company, cells, mapping):
        return Skipped(line, f"{company}: a total, not an application: left out")
    beyond = extra_cells(cells, mapping.headers, delimiter)
    if beyond:
        return Problem(line, f"{company}: {beyond}" if company else beyond)
    if not company:
        return Problem(line, "no company")
    raw_status = cell("status")
    status = parse_status(raw_status)
    notes = text_lines(raw("notes"), removed, "notes").strip()
    if raw_status and not status:
        notes = (notes + "\n" if notes else "") + f"Status in the spreadsheet: {raw_status}"
    applied = cell("applied_on")
    try:
        applied_on, guess = read_sheet_date(applied, day_first=day_first) if applied else (None, "")
    except ValueError:
        return Problem(line, f"{company}: unreadable date {applied!r}")
    wrong = None if guess == "no-year" else year_problem(applied_on, applied)
    if wrong:
        return Problem(line, f"{company}: {wrong}")
    try:
        link, notes = link_and_notes(cell("link"), notes, removed)
        contact = _RELATION.sub(" ", cell("contact_name")).strip()  # a Notion relation: the name
        if "@" in contact:  # "Ann Lee <ann@acme.com>" in the contact column: a name and an address
            contact, written = email_address(contact, removed)
        else:
            written = ""
        named, email = email_address(cell("contact_email"), None if contact else removed)  # a name only counts when used
        if written and email and written.lower() != email.lower():
            raise ValueError(f"the contact's address {quote(written)} is not the contact email {quote(email)}")
        email = email or written
        contacts = contact_list(raw("contacts"), removed)
    except ValueError as err:
        return Problem(line, f"{company}: {err}")
    return TrackerRow(
        line=line,
        company=company,
        role=cell("role"),
        status=status,
        applied_on=applied_on,
        link=link,
        source=cell("source"),
        notes=notes,
        contact_name=contact or named,
        contact_email=email,
        contacts=contacts,
        location=cell("location"),
        date_guess=guess,
    )


def _repeated_header(cells: list[str], mapping: Mapping) -> bool:
    """Whether a row says again the header row's names, column by column."""
    named = mapping.header_keys
    company = mapping.columns["company"]
    if company >= len(cells) or _header_key(cells[company]) != _header_key(mapping.headers[company]):
        return False  # (most rows: one cell looked at)
    return all(index < len(cells) and _header_key(cells[index]) == key for index, key in named)


_TOTALS = frozenset({"total", "totals", "grand total", "sum", "count", "summary", "gesamt", "insgesamt", "summe",
                     "total general", "suma"})


def _total_row(company: str, cells: list[str], mapping: Mapping) -> bool:
    """A sheet's total line ("Total,,,,2 applications"): a company cell that is a word for a total,
    no role, status, date, link or person, and only counts in its other cells."""
    if fold(company) not in _TOTALS:
        return False
    fields = ("role", "status", "applied_on", "link", "contact_name", "contact_email", "contacts")
    if any(mapping.columns.get(name) is not None and mapping.columns[name] < len(cells)
           and cells[mapping.columns[name]].strip() for name in fields):
        return False
    others = [c.strip() for i, c in enumerate(cells) if c.strip() and i != mapping.columns["company"]]
    return all(re.search(r"\d", c) and len(c) <= 40 for c in others)


# A Notion relation as its CSV export writes it: "Michael Scott (https://www.notion.so/Michael-Scott-abc123)",
# several separated by commas.
_RELATION = re.compile(r"\s*\(https?://[^()\s]*\)\s*(,\s*)?")


def contact_list(cell: str, removed: Counter | None = None) -> tuple[tuple[str, str], ...]:
    """A Contacts cell as (name, address) pairs: people separated by semicolons (or line breaks),
    each a name, an address, or both as `Ann Lee <ann@acme.com>` (the export's own form).

    ValueError when a part has an "@" but is no address, as for a contact email cell."""
    found: list[tuple[str, str]] = []
    for part in re.split(r"[;\r\n]+", _RELATION.sub(";", cell or "")):
        if not part.strip():
            continue
        pair = email_address(part, removed) if "@" in part else (one_line(part, removed), "")
        if any(pair) and pair not in found:
            found.append(pair)
    return tuple(found)


def link_and_notes(cell: str, notes: str, removed: Counter | None = None) -> tuple[str, str]:
    """A link cell as an http(s) address, and the notes (which keep a cell that is no address,
    made plain: counted in `removed` as notes).

    ValueError when the cell is a link of another kind (javascript:, data:, file:, mailto:).
    """
    link = web_address(cell)
    if cell.strip() and not link:
        notes = (notes + "\n" if notes else "") + f"Link in the spreadsheet: {one_line(cell, removed, 'notes')}"
    return link, notes


# One pattern per status, in the order above: each word at the start of a word of the cell.
_STATUS_PATTERNS = [(status, re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + ")"))
                    for status, words in _STATUS_WORDS]


@lru_cache(maxsize=1024)
def parse_status(text: str) -> str:
    """An OpportunityStatus value for what a sheet says, or "" when the words are not known."""
    key = fold(text).replace("-", " ")
    if not key:
        return ""
    for status, pattern in _STATUS_PATTERNS:
        if pattern.search(key):
            return status
    return ""


def _long_date(day: date) -> str:
    """12 March 2026: the month in words, which no one reads two ways."""
    return f"{day.day} {day:%B %Y}"


# 3/11/2026, and 11-03-2026 as some exports write it: month first unless the sheet says (above)
_SLASH = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{2,4})$")
_DOT = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2,4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")  # 2026/11/03, 2026.11.03
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # 20261103
# A time after the date ("October 12, 2026 2:00 PM", "... at 14:00"), which a day does not need.
_TIME = re.compile(r"(,?\s+(at\s+)?\d{1,2}(:\d{2}){1,2}(\.\d+)?\s*([ap]\.?\s?m\.?)?(\s*\(?(utc|gmt)?[+-]?[\d:]*\)?)?)$",
                   re.IGNORECASE)
_WEEKDAYS = {name: number for number, names in enumerate((
    ("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"), ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun"))) for name in names}
_WEEKDAY = re.compile(r"^([a-z]+)\.?,?\s+(?=\S)", re.IGNORECASE)
_WORDS = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y", "%d %b, %Y", "%d %B, %Y",
          "%d-%b-%Y", "%d-%B-%Y")
_NO_YEAR = ("%b %d", "%B %d", "%d %b", "%d %B")  # "Nov 3": the import takes the most recent such day
NO_YEAR = 2000  # the year a date written without one is given until the import places it (a leap year)


def placed_year(day: date, today: date) -> date:
    """A day read from a two-digit year (of the 2000s), placed: of the 1900s when the 2000s put it
    more than a year after `today` (1/2/69 is 2 January 1969). (A 29 February stays one: 2000, whose
    1900 had none, is never ahead.)"""
    if day <= today + timedelta(days=366):
        return day
    return day.replace(year=day.year - 100)


def _read_on(text: str, today: date | None, *, day_first: bool = False) -> date:
    """A sheet's date as the import reads it on `today` (the clock's when None): a two-digit year
    placed (`placed_year`)."""
    day, guess = read_sheet_date(text, day_first=day_first)
    return placed_year(day, today or date.today()) if guess == "two-digit-year" else day


def parse_sheet_date(text: str, *, day_first: bool = False) -> date:
    """A date as spreadsheets write it; ValueError when it cannot be read (see `read_sheet_date`)."""
    return read_sheet_date(text, day_first=day_first)[0]


def read_sheet_date(text: str, *, day_first: bool = False) -> tuple[date, str]:
    """A date as spreadsheets write it, and how sure it is (TrackerRow.date_guess: "", "no-year",
    "two-digit-year"); ValueError when it cannot be read.

    ISO (2026-03-12, with or without a time), 2026/03/12, 20260312, 12 Mar 2026, Mar 12, 2026,
    "Thursday, March 12, 2026" (the weekday must be that day's), "12. März 2026" (and other
    languages' month names, through dateparser), 3/12/2026 or 3-12-2026 (month first unless
    `day_first` or the first number is over 12), 12.03.2026 (day first), Excel serial numbers, and
    "Mar 12" without a year. A time after the date is left out.
    """
    value = " ".join(text.split())
    iso = value.replace("T", " ").split(" ")[0]
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", iso):
        return date(*map(int, iso.split("-"))), ""
    if re.fullmatch(r"\d{5}(\.\d+)?", value):  # Excel's day count from 1899-12-30
        return date.fromordinal(date(1899, 12, 30).toordinal() + int(float(value))), ""
    for pattern in (_YEAR_FIRST, _COMPACT):
        match = pattern.match(value)
        if match:
            return date(*(int(g) for g in match.groups())), ""
    for pattern, first_is_day in ((_SLASH, day_first), (_DOT, True)):
        match = pattern.match(value)
        if match:
            a, b, year = (int(g) for g in match.groups())
            short = len(match.group(3)) <= 2
            year += 2000 if short else 0
            month, day = (b, a) if first_is_day or a > 12 else (a, b)
            return date(year, month, day), "two-digit-year" if short else ""
    return _in_words(value, text)


def _in_words(value: str, text: str) -> tuple[date, str]:
    """A date whose month is written in words (see `read_sheet_date`)."""
    value = _TIME.sub("", value) if re.search(r"\d{4}|[a-z]", value, re.IGNORECASE) else value
    weekday = None
    match = _WEEKDAY.match(value)
    if match and match.group(1).lower() in _WEEKDAYS:
        weekday, value = _WEEKDAYS[match.group(1).lower()], value[match.end():]
    value = re.sub(r"^(\d{1,2})(\.|st|nd|rd|th)(?=\s)", r"\1", value, flags=re.IGNORECASE)  # "3." "3rd"
    value = re.sub(r"(?<=\d)(st|nd|rd|th)(?=[\s,])", "", value, flags=re.IGNORECASE)  # "November 3rd, 2026"
    found, guess = _strptime(value)
    if found is None and re.search(r"[^\W\d_]{3}", value) and re.search(r"\d", value):
        found = _other_language(value)
    if found is None or (weekday is not None and found.weekday() != weekday):
        raise ValueError(text)  # a weekday that is not the date's: which of the two is wrong?
    return found, guess


def _strptime(value: str) -> tuple[date | None, str]:
    for fmt in _WORDS:
        try:
            return datetime.strptime(value, fmt).date(), ""
        except ValueError:
            continue
    try:
        return datetime.strptime(value, "%d-%b-%y").date(), "two-digit-year"
    except ValueError:  # not that form either: the forms without a year are tried next
        pass
    for fmt in _NO_YEAR:
        try:
            return datetime.strptime(f"{value} {NO_YEAR}", f"{fmt} %Y").date(), "no-year"
        except ValueError:
            continue
    return None, ""


@lru_cache(maxsize=4096)
def _other_language(value: str) -> date | None:
    """A date with a German, French, Spanish, Italian, Dutch or Portuguese month name ("3. März
    2026", "3 de noviembre de 2026"), read by dateparser: day, month and year all written, so it
    guesses nothing (a number-only date never reaches it)."""
    import dateparser  # only for these; slow to import

    found = dateparser.parse(value, languages=["de", "fr", "es", "it", "nl", "pt", "en"],
                             settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]})
    return found.date() if found is not None else None
