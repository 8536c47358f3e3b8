"""config.toml's top-level values of the wrong kind (found by a tester running a career centre):
`database = 5` was an internal error (TypeError), `database = ""` quietly used the default
database, `database = "   "` made a file named three spaces, and `timezone = "Mars/Olympus"` was
taken without a word. Each is one line naming the file, the key and the problem, exit status 2,
and nothing is written anywhere."""

import pytest

from tests.helpers import afterview, assert_clean_error


@pytest.fixture
def home(afterview_home):
    return afterview_home


@pytest.mark.parametrize("line, problem", [
    ("database = 5", "database must be a database file or URL, in quotes, not a number (5)"),
    ("database = true", "database must be a database file or URL, in quotes, not true/false (true)"),
    ('database = ["a.db"]', "database must be a database file or URL, in quotes, not a list"),
    ('database = {url = "x"}', "database must be a database file or URL, in quotes, not a table"),
    ("database = 2026-01-01", "database must be a database file or URL, in quotes, not a date or time"),
    ('database = ""', "database is empty: give a database file or URL, or remove the line for the default database"),
    ('database = "   "', "database is empty"),
    ('database = "a\\u0000b.db"', "database contains a line break or a NUL character"),
    ('timezone = "Mars/Olympus"', "timezone: unknown time zone: 'Mars/Olympus' (use an IANA name like Europe/Berlin)"),
    ("timezone = 5", "timezone must be an IANA time zone name like 'Europe/Berlin', in quotes, not a number (5)"),
    ('timezone = ""', "timezone is empty"),
    ('timezone = "EST"', "timezone: time zone 'EST' is an abbreviation"),
    ("lint = 5", "lint must be a section of the file ([lint] and its settings below it), not a number (5)"),
    ('accounts = "work"', "accounts must be a section of the file ([accounts.NAME]"),
    ("composer = []", "composer must be a section of the file ([composer]"),
    ("import = 1", "import must be a section of the file ([import]"),
], ids=lambda v: v if isinstance(v, str) and "=" in v else None)
def test_a_top_level_value_of_the_wrong_kind_is_one_line(home, line, problem):
    config = home / "config.toml"
    config.write_text(line + "\n", encoding="utf-8")
    for args in (("company", "add", "Acme"), ("opportunity", "list"), ("config",)):
        result = afterview(*args)
        assert_clean_error(result, f"{config}: {problem}")
    assert sorted(p.name for p in home.iterdir()) == ["config.toml"]  # no database made, default or "   "


def test_a_good_zone_and_database_are_taken(home, tmp_path):
    (home / "config.toml").write_text(f'timezone = "America/Chicago"\ndatabase = "{tmp_path / "mine.db"}"\n',
                                      encoding="utf-8")
    assert afterview("company", "add", "Acme").code == 0
    assert (tmp_path / "mine.db").exists()
    shown = afterview("config")
    assert shown.code == 0 and "America/Chicago" in shown.out and str(tmp_path / "mine.db") in shown.out
    (home / "config.toml").write_text('timezone = "UTC"\n', encoding="utf-8")  # a name without "/" is a zone too
    assert afterview("config").code == 0
