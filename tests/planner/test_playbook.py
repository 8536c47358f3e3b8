"""The playbook: defaults with sources, TOML overrides, and precise errors."""

from datetime import time, timedelta

import pytest

from afterview.errors import ConfigError
from afterview.planner import DEFAULT_PLAYBOOK, load_playbook
from afterview.planner.playbook import format_value

TIMING_RULES = {
    "thank_you", "afternoon_thank_you", "friday_thank_you", "status_check", "second_status_check",
    "close_the_loop", "slow_pace", "send_window", "spacing", "stop_on_reply", "out_of_office",
    "rejection_reply", "linkedin_connection", "linkedin_limits", "keep_warm", "share_news",
}


def write(tmp_path, text):
    path = tmp_path / "playbook.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_timing_rule_has_a_title_a_source_and_defaults():
    assert TIMING_RULES <= set(DEFAULT_PLAYBOOK.rules)
    for rule in DEFAULT_PLAYBOOK:
        assert rule.title and rule.source and not rule.overridden
        assert set(rule.values) == {s.name for s in rule.settings}
    assert DEFAULT_PLAYBOOK["thank_you"]["due_within"] == timedelta(hours=24)
    assert DEFAULT_PLAYBOOK["send_window"]["start"] == time(9, 30)
    assert DEFAULT_PLAYBOOK["slow_pace"]["factor"] == 1.5
    assert DEFAULT_PLAYBOOK["linkedin_limits"]["free_note_chars"] == 200


def test_file_overrides_and_records_where(tmp_path):
    path = write(tmp_path, '[thank_you]\ndue_within = "20h"\n[send_window]\ndays = ["Wed"]\nstart = "10:00"\n')
    book = load_playbook(path)
    assert book["thank_you"]["due_within"] == timedelta(hours=20)
    assert book["thank_you"].origins == {"due_within": str(path)}
    assert book["send_window"]["days"] == ("wed",)
    assert not book["status_check"].overridden
    assert DEFAULT_PLAYBOOK["thank_you"]["due_within"] == timedelta(hours=24)  # defaults untouched


def test_file_wins_over_config_section(tmp_path):
    path = write(tmp_path, "[status_check]\nwithout_date = 9\n")
    book = load_playbook(path, config={"status_check": {"without_date": 6}, "spacing": {"business_days": 2}})
    assert book["status_check"]["without_date"] == 9
    assert book["spacing"]["business_days"] == 2
    assert book["spacing"].origins["business_days"] == "config.toml [planner]"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[thank_yuo]\nnot_before = '1h'\n", "unknown rule [thank_yuo]"),
        ("[thank_you]\ndue = '1h'\n", "[thank_you] unknown key 'due'"),
        ("[thank_you]\ndue_within = '-2h'\n", "[thank_you] due_within: must be a positive duration, got '-2h'"),
        ("[thank_you]\ndue_within = '0h'\n", "must be a positive duration"),
        ("[thank_you]\ndue_within = '99999999999h'\n", "[thank_you] due_within: at most 1095 days"),
        ("[thank_you]\ndue_within = '999999999999999d'\n", "at most 1095 days"),  # beyond what dates hold
        ("[status_check]\nafter_decision_date = 99999999999999999999\n", "after_decision_date: at most 750"),
        ("[thank_you]\ndue_within = 24\n", "a duration must be a string like '24h'"),
        ("[thank_you]\ndue_within = 'soon'\n", "not a duration: 'soon'"),
        ("[spacing]\nbusiness_days = 0\n", "[spacing] business_days: must be a positive number of business days, got 0"),
        ("[spacing]\nbusiness_days = -3\n", "must be a positive number of business days, got -3"),
        ("[status_check]\nwithout_date = 12\n", "must be between 5 and 10, got 12"),
        ("[calendar]\ncountry = 'XX'\n", "[calendar] country: unknown country: 'XX'"),
        ("[calendar]\ntimezone = 'Mars/Olympus'\n", "[calendar] timezone: unknown time zone: 'Mars/Olympus'"),
        ("[send_window]\nstart = '25:00'\n", "not a time of day: '25:00'"),
        ("[send_window]\nstart = '12:00'\n", '[send_window] start ("12:00") must be earlier than end ("11:30")'),
        ("[send_window]\ndays = ['sat', 'sun']\n", '[send_window] days ["sat", "sun"] has only weekend days'),
        ("[thank_you]\nroles = []\n", "[thank_you] roles is empty: no one would be thanked"),
        ("[keep_warm]\nfirst_after = '400d'\n", '[keep_warm] first_after ("400d") must be earlier than stop_after ("365d")'),
        ("[thank_you]\ndue_within = 1979-05-27T07:32:00Z\n", "got 1979-05-27T07:32:00+00:00"),
        ("[send_window]\ndays = ['tue', 'funday']\n", "unknown value 'funday'"),
        ("[second_status_check]\nenabled = 'yes'\n", "must be true or false"),
        ("[spacing]\nexempt = ['postcard']\n", "unknown value 'postcard'"),
        ("thank_you = 3\n", "[thank_you] must be a table"),
        ("[thank_you\n", "playbook.toml"),
    ],
)
def test_errors_name_file_key_and_problem(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_playbook(path)
    text = str(caught.value)
    assert message in text and str(path) in text
    assert "\n" not in text


def test_missing_named_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        load_playbook(tmp_path / "nope.toml")


def test_valid_country_and_zone(tmp_path):
    book = load_playbook(write(tmp_path, "[calendar]\ncountry = 'de'\ntimezone = 'Europe/Berlin'\n"))
    assert book["calendar"]["country"] == "DE" and book["calendar"]["timezone"] == "Europe/Berlin"


def test_format_value_round_trips(tmp_path):
    lines = []
    for rule in DEFAULT_PLAYBOOK:
        lines.append(f"[{rule.name}]")
        lines += [f"{name} = {format_value(value)}" for name, value in rule.values.items()]
    book = load_playbook(write(tmp_path, "\n".join(lines) + "\n"))
    assert book == DEFAULT_PLAYBOOK


def test_a_byte_order_mark_is_read_as_utf8(tmp_path):
    # Found: a playbook saved by an editor that writes a byte-order mark was "Invalid statement".
    path = tmp_path / "playbook.toml"
    path.write_bytes(b"\xef\xbb\xbf[thank_you]\ndue_within = \"20h\"\n")
    assert load_playbook(path)["thank_you"]["due_within"] == timedelta(hours=20)


def test_a_clash_between_config_and_playbook_names_both_files(tmp_path):
    # Found: not_before in config.toml against due_within in playbook.toml blamed the playbook
    # alone, where not_before does not appear.
    path = write(tmp_path, "[thank_you]\ndue_within = '20h'\n")
    with pytest.raises(ConfigError) as caught:
        load_playbook(path, config={"thank_you": {"not_before": "22h"}})
    assert str(caught.value) == (f"config.toml [planner] and {path}: [thank_you] not_before (\"22h\") "
                                 "must be earlier than due_within (\"20h\")")
