"""LinkedIn's Connections.csv (from "Get a copy of your data").

The file may start with a BOM, use CRLF, and open with a preamble (a "Notes:" line, a quoted
paragraph about missing email addresses, a blank line) before the header
`First Name,Last Name,URL,Email Address,Company,Position,Connected On`. Some exports have a
shorter preamble or no URL column, so the header is found by its names; it also tells how the
cells are separated (semicolons or tabs when a spreadsheet saved the file again in a European
locale). Dates look like "12 Mar 2024"; most email cells are empty; some rows are entirely empty.

Values are checked as typed ones are: a line break or a run of spaces in a name, a company or
a position is one space (an export glitch); a URL must be an http(s) LinkedIn profile URL, an
email address an address (`checks.email_address`) and a date within the years 1900-2200, else
the row is a Problem (a bad row, like one without a name). Control characters and
bidirectional overrides are taken out of names, companies and positions (`checks.one_line`,
counted in the file's `TextFile.removed`). A row with more cells than the header row has columns
(a company "Acme, Inc." not in quotes) is a Problem too: its cells beyond would be lost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime

from afterview.errors import ImportFailed
from afterview.importers.checks import email_address, linkedin_url_problem, one_line, year_problem
from afterview.importers.csvrows import check_csv_text, extra_cells, rows, separated_by
from afterview.importers.files import TextFile
from afterview.importers.records import Connection, Problem

_COLUMNS = {
    "first name": "first_name",
    "last name": "last_name",
    "url": "url",
    "profile url": "url",
    "email address": "email",
    "email": "email",
    "company": "company",
    "position": "position",
    "connected on": "connected_on",
}
_HEADER_SEARCH = 30  # rows: the preamble is a few lines


def read_connections(source: TextFile, *, max_rows: int) -> Iterator[Connection | Problem]:
    """Every connection in the file, or a Problem saying why a row cannot be read."""
    # The header says how the cells are separated: commas, or semicolons or tabs when a
    # spreadsheet saved the file again in a European locale.
    delimiter = check_csv_text(source, header=lambda cells: _header(cells) is not None)
    columns: dict[str, int] | None = None
    headers: list[str] = []
    seen = 0
    for line, cells in rows(source, delimiter=delimiter, max_rows=max_rows, slack=_HEADER_SEARCH):
        if columns is None:
            seen += 1
            columns, headers = _header(cells), cells
            if columns is None and seen >= _HEADER_SEARCH:
                break
            continue
        beyond = extra_cells(cells, headers, delimiter)
        yield _connection(line, cells, columns, source.removed, beyond)
    if columns is None:
        raise ImportFailed(
            f"{source.name} is not LinkedIn's Connections.csv: no header row with "
            "'First Name' and 'Last Name' in its first lines"
            + (f" ({separated_by(delimiter)})" if delimiter != "," else "")
        )


def is_connections_header(cells: list[str]) -> bool:
    """Whether a row is the header of LinkedIn's Connections.csv (First Name, Last Name and
    Connected On among its cells): `csv import` refuses such a file, which would make an
    application of every connection."""
    found = _header(cells)
    return found is not None and "connected_on" in found


def _header(cells: list[str]) -> dict[str, int] | None:
    found = {}
    for index, cell in enumerate(cells):
        key = _COLUMNS.get(cell.strip().lstrip("\ufeff").lower())
        if key and key not in found:
            found[key] = index
    if "first_name" in found and "last_name" in found:
        return found
    return None


def _connection(line: int, cells: list[str], columns: dict[str, int], removed: Counter | None = None,
                beyond: str = "") -> Connection | Problem:
    """The row's connection, or a Problem: `beyond` says why its cells beyond the header's
    columns make it a bad row (csvrows.extra_cells)."""
    def cell(key: str) -> str:
        index = columns.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    first, last = one_line(cell("first_name"), removed), one_line(cell("last_name"), removed)
    who = " ".join(part for part in (first, last) if part)
    if beyond:
        return Problem(line, f"{who}: {beyond}" if who else beyond)
    if not first and not last:
        return Problem(line, "no name")
    connected = cell("connected_on")
    try:
        connected_on = parse_linkedin_date(connected) if connected else None
    except ValueError:
        return Problem(line, f"{who}: unreadable date {connected!r} (expected like 12 Mar 2024)")
    wrong = year_problem(connected_on, connected) or linkedin_url_problem(cell("url"))
    if wrong:
        return Problem(line, f"{who}: {wrong}")
    try:
        # A cell without "@" is no address (LinkedIn leaves the cell empty, or odd, when the
        # member hides theirs); one with "@" must be an address, as a typed --email must.
        _, email = email_address(cell("email"))
    except ValueError as err:
        return Problem(line, f"{who}: {err}")
    return Connection(
        line=line,
        first_name=first,
        last_name=last,
        url=cell("url"),
        email=email,
        company=one_line(cell("company"), removed, "companies"),
        position=one_line(cell("position"), removed, "positions"),
        connected_on=connected_on,
    )


def parse_linkedin_date(text: str) -> date:
    """ "12 Mar 2024" (LinkedIn's form), also ISO and "Mar 12, 2024"; ValueError otherwise."""
    value = " ".join(text.split())
    for pattern in ("%d %b %Y", "%Y-%m-%d", "%b %d, %Y", "%d %B %Y", "%B %d, %Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)
