"""`playbook show` says which zone and country an empty [calendar] setting stands for: your
profile's (found by a tester: it printed country = "" and timezone = "" with no value in effect)."""

from tests.helpers import afterview


def test_empty_calendar_settings_name_the_profiles_place(tmp_path):
    db = str(tmp_path / "a.db")
    assert afterview("--db", db, "profile", "set", "--name", "Alex", "--tz", "Europe/Berlin",
                     "--country", "DE-BE").code == 0
    shown = afterview("--db", db, "playbook", "show")
    assert shown.code == 0, shown.err
    lines = [line for line in shown.out.splitlines() if line.startswith(("country =", "timezone ="))]
    assert lines == ['country = ""  # default; fallback country (empty: your profile\'s) (in effect: DE-BE, from your profile)',
                     'timezone = ""  # default; fallback time zone (empty: your profile\'s) (in effect: Europe/Berlin, '
                     'from your profile)']


def test_without_a_database_it_creates_none(tmp_path):
    shown = afterview("--db", str(tmp_path / "none.db"), "playbook", "show")
    assert shown.code == 0, shown.err
    assert 'country = ""  # default; fallback country (empty: your profile\'s)\n' in shown.out
    assert not (tmp_path / "none.db").exists()
