"""Rows of a CSV file, streamed with the csv module, each with the line it starts on.

Also how a cell is kept from running as a spreadsheet formula, both ways: `protect` puts an
apostrophe before a value that starts with = + - @ (or a tab or carriage return), as
`afterview csv export` writes it (OWASP's advice on CSV injection), and `unprotect` takes that
one apostrophe off again as every CSV import reads its rows, so that an export comes back as it
was. A value that starts with apostrophes before such a character (`'=x`) gets one more on the
way out, so it too comes back unchanged; one that starts with an apostrophe before anything else
(`'Olelo`, `'90s`) is never touched either way.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator

from afterview.errors import ImportFailed
from afterview.importers.checks import quote
from afterview.importers.files import TextFile, looks_like_markup

FIELD_LIMIT = 1 << 20  # one cell of a megabyte is already not a spreadsheet cell
MAX_COLUMNS = 1000  # cells in one row: a tracker has a dozen columns, LinkedIn's export seven
DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}
_ONE = {",": "a comma", ";": "a semicolon", "\t": "a tab"}
_JOINED = {",": ", ", ";": "; ", "\t": " "}  # cells beyond the header, shown as they were written
HEADER_SEARCH = 30  # lines: a preamble or a title row is a few lines
# A formula's start, behind the apostrophes that protect it and the characters a spreadsheet
# passes over before a formula (a byte-order mark, a zero-width space or joiner, spaces and line
# breaks): "\ufeff=1+1" and " =1+1" run as "=1+1" does.
_FORMULA = re.compile("'*[\ufeff\u200b-\u200d\u2060\u00a0\u3000 \n]*[=+\\-@\t\r]")


def protect(value: object) -> str:
    """A cell value that a spreadsheet shows as text, never runs: "=1+1" -> "'=1+1"."""
    text = "" if value is None else str(value)
    return "'" + text if _FORMULA.match(text) else text


def unprotect(cell: str) -> str:
    """The value `protect` was given: "'=1+1" -> "=1+1"; any other cell as it is."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell, 1) else cell


def check_csv_text(source: TextFile, header: Callable[[list[str]], bool] | None = None) -> str:
    """Refuse markup saved as .csv; return the delimiter: comma, semicolon (European Excel) or tab.

    With `header` (does this row of cells look like the header the importer needs?), the
    delimiter is the one that splits one of the first lines into such a header; else, or when
    none does, the one found most often on a line.
    """
    with source.open() as stream:
        sample = stream.read(64 * 1024)
    # a line of thousands of cells is no header (and would be split again and again): `rows` refuses it
    lines = [line for line in sample.splitlines()[:HEADER_SEARCH]
             if line.strip() and max(line.count(d) for d in DELIMITERS) < MAX_COLUMNS]
    if not lines:
        return ","
    kind = looks_like_markup(lines[0])
    if kind == "a vCard file":
        raise ImportFailed(f"{source.name} is not a CSV file: it is a vCard file (contacts), which Afterview "
                           "exports (afterview vcard export) but does not import; add people with afterview person "
                           "add, or import LinkedIn's Connections.csv with afterview linkedin import")
    if kind == "an iCalendar file":
        import shlex

        raise ImportFailed(f"{source.name} is not a CSV file: it is an iCalendar file (a calendar); import its "
                           f"interviews with afterview calendar import {shlex.quote(source.name)}")
    if kind:
        raise ImportFailed(f"{source.name} is not a CSV file: it is {kind}")
    counts = {d: max(line.count(d) for line in lines[:20]) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    guess = best if counts[best] else ","
    if header is not None:
        found = header_delimiter(lines, header, first=guess)
        if found:
            return found
    return guess


def header_delimiter(lines: list[str], header: Callable[[list[str]], bool], *, first: str = ",") -> str | None:
    """The delimiter (`first` tried first) that makes one of `lines` a row `header` accepts."""
    order = [first, *(d for d in DELIMITERS if d != first)]
    for line in lines:
        for delimiter in order:
            if delimiter not in line:
                continue
            try:
                cells = next(csv.reader([line], delimiter=delimiter))
            except (csv.Error, StopIteration):
                continue
            if cells:
                cells[0] = cells[0].lstrip("\ufeff")
            if header(cells):
                return delimiter
    return None


def separated_by(delimiter: str) -> str:
    """ "the file is separated by semicolons" when it is not by commas, else ""."""
    return "" if delimiter == "," else f"the file is separated by {DELIMITERS[delimiter]}"


def rows(
    source: TextFile, *, delimiter: str = ",", max_rows: int, slack: int = 0
) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for every row, entirely empty rows left out.

    More than `max_rows` rows (plus `slack` for a preamble and a header) is refused.
    """
    csv.field_size_limit(FIELD_LIMIT)
    with source.open() as stream:
        reader = csv.reader(_narrow(stream, delimiter, source), delimiter=delimiter, strict=True)
        count = 0
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                raise ImportFailed(_csv_error(source, start, err)) from None
            if len(cells) > MAX_COLUMNS:  # (one `_narrow` could not see: a row of many lines)
                raise ImportFailed(_too_wide(source, start))
            if not any(cell.strip() for cell in cells):
                continue
            count += 1
            if count > max_rows + slack:
                raise ImportFailed(
                    f"{source.name} has more than {max_rows:,} row{'' if max_rows == 1 else 's'}; that is not a tracker or a "
                    "connections list (raise max_rows in [import] of config.toml if it really is)"
                )
            if start == 1 and cells:
                cells[0] = cells[0].lstrip("\ufeff")
            yield start, [unprotect(cell) for cell in cells]


def _narrow(stream, delimiter: str, source: TextFile) -> Iterator[str]:
    """The lines of `stream`, a line with more than MAX_COLUMNS cells refused before the csv
    module splits it: a row of twenty million commas, split, took half a gigabyte and a minute
    before anything could say it was no spreadsheet. Cells are counted by the delimiters outside
    quotes, which the quotes before tell (a quoted cell may hold the delimiter, and line breaks);
    only on a line with that many delimiters at all, so other lines cost one count."""
    inside = False  # within a quoted cell begun on an earlier line
    for number, line in enumerate(stream, 1):
        if line.count(delimiter) >= MAX_COLUMNS:
            outside = line.split('"')[1 if inside else 0::2]
            if sum(part.count(delimiter) for part in outside) >= MAX_COLUMNS:
                raise ImportFailed(_too_wide(source, number))
        if line.count('"') % 2:
            inside = not inside
        yield line


def _too_wide(source: TextFile, line: int) -> str:
    return (f"{source.name} line {line}: more than {MAX_COLUMNS:,} cells in one row; that is not a tracker or a "
            "connections list (a file with another delimiter, or no spreadsheet at all?)")


def extra_cells(cells: list[str], headers: list[str], delimiter: str) -> str:
    """Why a row with a value under no header is a bad row ("" when it has none): a cell beyond
    the header row's last named column, or under a column whose header is empty. Such a cell
    belongs to no field, and would be lost; most often a cell holds the delimiter and is not in
    quotes. Empty cells there, as a spreadsheet leaves them, are no problem."""
    named = [bool(header.strip().lstrip("\ufeff")) for header in headers]
    columns = max((index + 1 for index, is_named in enumerate(named) if is_named), default=0)
    if not any(cell.strip() for cell in cells[columns:]):
        unnamed = [cell.strip() for index, cell in enumerate(cells[:columns]) if not named[index] and cell.strip()]
        if not unnamed:
            return ""
        shown = quote(_JOINED[delimiter].join(unnamed), 60)
        return (f"{shown} is under a column with no header and would be lost (name the column in the "
                f"header row, or put a cell that holds {_ONE[delimiter]} in double quotes)")
    used = max(index + 1 for index, cell in enumerate(cells) if cell.strip())
    beyond = [cell.strip() for cell in cells[columns:used]]
    shown = quote(_JOINED[delimiter].join(beyond).strip(), 60)
    return (f"{used} cells, but the header row has {columns} column{'' if columns == 1 else 's'}: "
            f"{shown} is under none and would be lost (a cell that holds {_ONE[delimiter]} "
            "must be in double quotes)")


def _csv_error(source: TextFile, line: int, err: csv.Error) -> str:
    text = str(err)
    if "unexpected end of data" in text or "EOF" in text:
        return (
            f"{source.name} is truncated or has an unterminated quote: the row starting on "
            f"line {line} never ends"
        )
    if "field larger" in text:
        return f"{source.name} line {line}: a cell is larger than 1 MB; this is not a spreadsheet export"
    return f"{source.name} line {line}: malformed CSV ({text})"


def precheck(
    source: TextFile, *, max_rows: int, slack: int = 0, header: Callable[[list[str]], bool] | None = None
) -> None:
    """Read the whole file once before anything is written: refuse malformed or oversized CSV early.

    `header` is check_csv_text's: pass the reader's, so that both split the cells alike."""
    delimiter = check_csv_text(source, header)
    for _ in rows(source, delimiter=delimiter, max_rows=max_rows, slack=slack):
        pass
