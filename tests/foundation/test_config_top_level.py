"""config.toml: a top-level setting written under a table is said, not missed (a tester put
`database = ...` after [accounts.personal], and the data went to the default database)."""

from tests.helpers import afterview, assert_clean_error


def _home(tmp_path, text: str, monkeypatch):
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("AFTERVIEW_HOME", str(home))
    (home / "config.toml").write_text(text)
    return home


def test_a_database_line_inside_an_account_is_refused(tmp_path, monkeypatch):
    _home(tmp_path, '[accounts.personal]\npreset = "gmail"\nemail = "a@gmail.com"\n'
                    'database = "postgresql+psycopg://u@db.example/centre"\n', monkeypatch)
    (tmp_path / "x.json").write_text('{"format": "afterview-export", "version": 1}')
    for args in (("opportunity", "list"), ("config",), ("import", str(tmp_path / "x.json"))):
        result = afterview(*args)
        assert_clean_error(result, "database is inside [accounts.personal]: top-level settings go above the first "
                                   "[table] of the file")
    assert not list((tmp_path / "home").rglob("*.db"))  # nothing written to a default database


def test_an_unknown_top_level_name_is_refused_and_the_playbooks_zone_is_not(tmp_path, monkeypatch):
    _home(tmp_path, 'databse = "x.db"\n', monkeypatch)
    assert_clean_error(afterview("opportunity", "list"), "unknown setting or table 'databse'")
    _home(tmp_path, 'timezone = "Europe/Berlin"\n[planner.calendar]\ntimezone = "America/Chicago"\n', monkeypatch)
    result = afterview("opportunity", "list")
    assert result.code == 0, result.err
