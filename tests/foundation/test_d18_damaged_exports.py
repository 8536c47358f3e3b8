"""A damaged backup is called one, with the whole reason (found by a tester of backups): two
bytes changed mid-file (no longer UTF-8) were "not an Afterview export (not UTF-8 text)"; a copy
cut short inside a string ended its reason at "(unterminated string starting at)"; an empty file
was "not JSON: line 1: Expecting value"."""

from __future__ import annotations

import pytest

from tests.helpers import afterview, assert_clean_error


@pytest.fixture
def whole(tmp_path):
    """A backup of the demo, as `afterview export` writes it."""
    path = tmp_path / "backup.json"
    assert afterview("--db", str(tmp_path / "demo.db"), "--at", "2026-11-26T15:00:00Z", "demo", "--no-agenda").code == 0
    assert afterview("--db", str(tmp_path / "demo.db"), "export", str(path)).code == 0
    return path


def _restore(tmp_path, backup):
    result = afterview("--db", str(tmp_path / "restore.db"), "import", str(backup))
    assert not (tmp_path / "restore.db").exists()  # nothing made
    return result


def test_an_export_with_bytes_changed_is_a_damaged_export_with_where(tmp_path, whole):
    data = whole.read_bytes()
    middle = len(data) // 2
    damaged = tmp_path / "damaged.json"
    damaged.write_bytes(data[:middle] + b"\xff\xfe" + data[middle + 2:])
    line = data.count(b"\n", 0, middle) + 1
    column = middle - (data.rfind(b"\n", 0, middle) + 1) + 1
    assert_clean_error(_restore(tmp_path, damaged),
                       f"{damaged} is a damaged Afterview export: it is not UTF-8 text at line {line}, column {column} "
                       f"(byte {middle + 1}: 0xff); nothing was imported")


def test_an_export_cut_short_in_a_string_gives_its_whole_reason(tmp_path, whole):
    data = whole.read_bytes()
    at = data.index(b'"Northwind Analytics') + 5  # inside a string
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[:at])
    result = _restore(tmp_path, cut)
    assert_clean_error(result, f"{cut} is a damaged Afterview export: it is not valid JSON at line",
                       "(unterminated string starting there) and it ends before its last '}' (a copy cut short?); "
                       "nothing was imported")
    assert "starting at)" not in result.err


@pytest.mark.parametrize("content, said", [(b"", "the file is empty"), (b"\n  \n", "the file holds only blank space"),
                                           (b"\xef\xbb\xbf", "the file is empty")])
def test_an_empty_file_is_said_to_be_empty(tmp_path, content, said):
    empty = tmp_path / "empty.json"
    empty.write_bytes(content)
    result = _restore(tmp_path, empty)
    assert_clean_error(result, f"{empty} is not an Afterview export: {said}")
    empty_input = afterview("--db", str(tmp_path / "restore.db"), "import", "-", input="")
    assert_clean_error(empty_input, "standard input is not an Afterview export: the file is empty")


def test_a_file_that_is_no_export_is_still_said_so(tmp_path):
    other = tmp_path / "photo.json"
    other.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xd8")
    assert_clean_error(_restore(tmp_path, other), f"{other} is not an Afterview export (not UTF-8 text)")
