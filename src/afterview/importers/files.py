"""Checking a file before it is parsed: that it exists, its size, what it really is, its encoding.

Each check reads the file in chunks, so memory stays bounded whatever the file's size, and
each failure is an `ImportFailed` with one line naming the file and the problem.
"""

from __future__ import annotations

import codecs
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from afterview.errors import ImportFailed

DEFAULT_MAX_MB = 50  # a year of a busy calendar is a few MB; LinkedIn caps connections at 30,000
CHUNK = 1 << 20

# Leading bytes of formats people save under the wrong name.
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (an .xlsx workbook or a data download: unpack or save as CSV first)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.xls/.doc: save it as CSV first)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program"),
]


@dataclass(frozen=True)
class TextFile:
    """A checked file: where it is, how to decode it, and what was noticed on the way."""

    path: Path
    encoding: str
    warnings: tuple[str, ...] = field(default=())
    # control characters the reader took out of the file's text, by kind of field ("names": 2),
    # filled as the records are read (`checks.one_line`); the import's report says so
    # (`checks.removed_warning`)
    removed: Counter = field(default_factory=Counter, compare=False, repr=False)

    @property
    def name(self) -> str:
        return self.path.name

    def open(self):
        """The decoded text; newline='' keeps CRLF for the csv module and the iCalendar reader."""
        return self.path.open("r", encoding=self.encoding, newline="")


def check_file(path: str | Path, what: str, *, max_mb: float = DEFAULT_MAX_MB) -> TextFile:
    """Check that `path` is a readable text file of a sane size; `what` is "an iCalendar file"."""
    path = Path(path)
    size = _size(path)
    if size > max_mb * 1024 * 1024:
        raise ImportFailed(
            f"{path.name} is {size / 1024 / 1024:.1f} MB; files over {max_mb:g} MB are refused "
            "(export a shorter period, or raise max_file_mb in [import] of config.toml)"
        )
    if size == 0:
        raise ImportFailed(f"{path.name} is not {what}: the file is empty")
    head = _head(path)
    kind = sniff_binary(head)
    if kind:
        raise ImportFailed(f"{path.name} is not {what}: it is {kind}")
    encoding, warnings = detect_encoding(path, head)
    return TextFile(path=path, encoding=encoding, warnings=tuple(warnings))


def _size(path: Path) -> int:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ImportFailed(f"{path}: no such file") from None
    except OSError as err:
        raise ImportFailed(f"{path}: cannot read: {err.strerror}") from None
    if not path.is_file():
        raise ImportFailed(f"{path}: not a file")
    return info.st_size


def _head(path: Path, size: int = 8192) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(size)
    except OSError as err:
        raise ImportFailed(f"{path}: cannot read: {err.strerror}") from None


def sniff_binary(head: bytes) -> str | None:
    """What a binary file is ("a PNG image"), or None when it may be text."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in head and not utf16_without_bom(head):
        return "binary data, not text"
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when the bytes clearly are UTF-16 without a byte-order mark.

    Text saved as "Unicode" without a BOM is mostly characters below U+0100 (the headers,
    dates, URLs and most names), each two bytes of which one is NUL, always on the same side:
    at least a third of the characters must be so, with hardly any the other way round and
    hardly any NUL characters. Binary data has its NULs anywhere; UTF-32 has pairs of them.
    """
    pairs = len(head) // 2
    if pairs < 2:
        return None
    first, second = head[0 : 2 * pairs : 2], head[1 : 2 * pairs : 2]
    low_first = high_first = both = 0
    for a, b in zip(first, second):
        if a and not b:
            low_first += 1
        elif b and not a:
            high_first += 1
        elif not a and not b:
            both += 1
    stray = max(1, pairs // 50)  # the odd character like U+0100 or U+2000
    for count, other, encoding in ((low_first, high_first, "utf-16-le"), (high_first, low_first, "utf-16-be")):
        if count * 3 >= pairs and other <= stray and both <= stray:
            return encoding
    return None


def detect_encoding(path: Path, head: bytes) -> tuple[str, list[str]]:
    """The file's encoding: a BOM's, else UTF-16 when it clearly is, else UTF-8, else
    Windows-1252 (with a warning)."""
    if head.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif b"\x00" in head and (utf16 := utf16_without_bom(head)):
        candidates = [utf16]
    else:
        # Spreadsheets on Windows still save "CSV" as Windows-1252.
        candidates = ["utf-8", "cp1252"]
    failure = ""
    for encoding in candidates:
        failure = _decode_all(path, encoding)
        if not failure:
            warnings = []
            if encoding == "cp1252":
                warnings.append(f"{path.name} is not UTF-8; read it as Windows-1252")
            return encoding, warnings
    names = " or ".join(_NAMES[c] for c in candidates)
    raise ImportFailed(f"{path.name} is not text in {names}: {failure}; save it as UTF-8")


_NAMES = {
    "utf-8-sig": "UTF-8", "utf-8": "UTF-8", "cp1252": "Windows-1252", "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 (little-endian, without a byte-order mark)",
    "utf-16-be": "UTF-16 (big-endian, without a byte-order mark)",
}


def _decode_all(path: Path, encoding: str) -> str:
    """Decode the whole file chunk by chunk; return what failed, or "" when all is well."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    line = 1
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK):
                try:
                    text = decoder.decode(chunk)
                except UnicodeDecodeError as err:
                    line += chunk[: err.start].count(b"\n")
                    return f"byte 0x{chunk[err.start]:02x} on line {line} (offset {offset + err.start})"
                line += text.count("\n")
                offset += len(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "the file ends in the middle of a character"
    except OSError as err:
        raise ImportFailed(f"{path}: cannot read: {err.strerror}") from None
    return ""


def looks_like_markup(first_line: str) -> str | None:
    """What a text file really is when its first line gives it away (HTML, XML, JSON)."""
    text = first_line.lstrip("\ufeff \t").lower()
    if text.startswith(("<!doctype html", "<html", "<head", "<body")):
        return "an HTML page (saved from a browser?)"
    if text.startswith("<?xml"):
        return "an XML document"
    if text.startswith(("{", "[{")):
        return "a JSON document"
    if text.startswith("begin:vcard"):
        return "a vCard file"
    if text.startswith("begin:vcalendar"):
        return "an iCalendar file"
    return None
