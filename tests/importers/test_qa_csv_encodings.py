"""CSV exports as spreadsheets save them again: UTF-16 without a byte-order mark, semicolons, tabs."""

import pytest

from afterview.errors import ImportFailed
from afterview.importers.csvrows import precheck
from afterview.importers import files
from afterview.importers.files import check_file
from afterview.importers.linkedin import read_connections
from afterview.importers.records import Connection
from afterview.importers.tracker import read_tracker
from tests.importers.conftest import run

PREAMBLE = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their connections "
    'to see or download it. You can learn more here: https://www.linkedin.com/help/linkedin/answer/261"\r\n'
    "\r\n"
)
HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
ROW = ["Zoë", "Müller", "https://www.linkedin.com/in/zoe-mueller", "", "Café GmbH", "Head of Data", "12 Mar 2024"]


def connections_file(tmp_path, text: str, encoding: str = "utf-8", name: str = "Connections.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def read(path):
    source = check_file(path, "a CSV file")
    precheck(source, max_rows=100, slack=30)
    return list(read_connections(source, max_rows=100))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_read(tmp_path, encoding):
    text = PREAMBLE + ",".join(HEADER) + "\r\n" + ",".join(ROW) + "\r\n"
    path = connections_file(tmp_path, text, encoding)
    source = check_file(path, "a CSV file")
    assert source.encoding == encoding
    [row] = read(path)
    assert isinstance(row, Connection)
    assert (row.name, row.company, row.line) == ("Zoë Müller", "Café GmbH", 5)


def test_utf16_without_bom_via_the_command(tmp_path, capsys):
    path = connections_file(tmp_path, ",".join(HEADER) + "\n" + ",".join(ROW) + "\n", "utf-16-le")
    code, out, err = run(capsys, "linkedin", "import", str(path), "--dry-run")
    assert code == 0, err
    assert "1 connection (1 new)" in out and "binary" not in err


def test_binary_data_is_still_binary(tmp_path):
    for content in (bytes(range(256)) * 4, b"First Name,Last Name\nNu\x00l,Byte\n", "First Name,Last Name\n".encode("utf-32-le")):
        path = tmp_path / "x.csv"
        path.write_bytes(content)
        with pytest.raises(ImportFailed, match="x.csv is not a CSV file: it is binary data, not text"):
            check_file(path, "a CSV file")


def test_utf16_detection_needs_clear_evidence():
    detect = files.utf16_without_bom
    assert detect("First Name,Last Name".encode("utf-16-le")) == "utf-16-le"
    assert detect("First Name,Last Name".encode("utf-16-be")) == "utf-16-be"
    assert detect(b"First Name\x00,Last Name") is None
    assert detect(bytes(range(256))) is None
    assert detect(b"F\x00") is None


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_or_tab_separated_connections_are_read(tmp_path, delimiter):
    text = PREAMBLE + delimiter.join(HEADER) + "\r\n" + delimiter.join(ROW) + "\r\n"
    [row] = read(connections_file(tmp_path, text, "cp1252"))
    assert (row.name, row.url, row.position) == ("Zoë Müller", "https://www.linkedin.com/in/zoe-mueller", "Head of Data")


def test_semicolons_found_by_the_header_when_cells_hold_more_commas(tmp_path):
    # A position with many commas must not make the file "comma-separated".
    row = ROW[:5] + ['"Engineer, Data, Platform, Infra, Tools, Search, Ads, Growth"', ROW[6]]
    text = PREAMBLE + ";".join(HEADER) + "\n" + ";".join(row) + "\n"
    [connection] = read(connections_file(tmp_path, text))
    assert connection.position == "Engineer, Data, Platform, Infra, Tools, Search, Ads, Growth"
    assert connection.company == "Café GmbH"


def test_semicolon_file_without_the_header_says_how_it_is_separated(tmp_path, capsys):
    path = connections_file(tmp_path, "Vorname;Nachname;Firma\nZoë;Müller;Café GmbH\n")
    code, _, err = run(capsys, "linkedin", "import", str(path), "--dry-run")
    assert code == 2
    assert err.strip().splitlines() == [
        "afterview: error: Connections.csv is not LinkedIn's Connections.csv: no header row with "
        "'First Name' and 'Last Name' in its first lines (the file is separated by semicolons)"
    ]


def test_semicolon_tracker_with_commas_in_notes(tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Company;Role;Status;Notes\n"
        'Acme;Engineer;Applied;"Met Ana, Bo, Cy, Di, Ed, Flo, Gus, Hal, Ivy at the fair, all nice"\n',
        encoding="utf-8",
    )
    mapping, records = read_tracker(check_file(path, "a CSV file"), overrides={}, max_rows=100)
    [row] = list(records)
    assert (row.company, row.role, row.status) == ("Acme", "Engineer", "applied")
    assert row.notes.startswith("Met Ana, Bo")


def test_utf16_without_bom_tracker_via_the_command(tmp_path, capsys):
    path = tmp_path / "tracker.csv"
    path.write_bytes("Company;Role;Status\r\nGlobex;Analyst;Phone screen\r\n".encode("utf-16-le"))
    code, out, err = run(capsys, "csv", "import", str(path), "--dry-run")
    assert code == 0, err
    assert "1 application (1 new)" in out


def test_semicolon_tracker_without_company_says_how_it_is_separated(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("What;When\nSomething;2026-01-01\n")
    with pytest.raises(ImportFailed, match=r"no header row with a company column in its first lines "
                                           r"\(the file is separated by semicolons; name it: "):
        read_tracker(check_file(path, "a CSV file"), overrides={}, max_rows=100)
