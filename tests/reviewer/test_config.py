"""The [lint] section: every setting read, every mistake named with file and key."""

import pytest

from afterview.errors import ConfigError
from afterview.reviewer import DEFAULT_LENGTHS, ReviewConfig


def test_defaults():
    config = ReviewConfig.from_mapping({})
    assert config.near_duplicate == 0.8
    assert config.lengths == DEFAULT_LENGTHS
    assert config.enabled("hedging")


def test_every_setting():
    config = ReviewConfig.from_mapping(
        {
            "disable": ["hedging", "cliche"],
            "severity": {"salary": "error"},
            "length": {"thank_you": [90, 200]},
            "near_duplicate": 0.7,
            "max_exclamations": 0,
            "hedging_warn_at": 2,
            "negative_tone": -0.5,
            "negative_sentence": -0.8,
            "subject_max": 70,
            "min_gap_hours": 2,
            "thank_you_late_hours": 72,
        }
    )
    assert not config.enabled("hedging") and not config.enabled("cliche")
    assert config.severity("salary", "warning") == "error"
    assert config.lengths["thank_you"] == (90, 200)
    assert config.lengths["card"] == DEFAULT_LENGTHS["card"]
    assert (config.near_duplicate, config.max_exclamations, config.hedging_warn_at) == (0.7, 0, 2)
    assert (config.subject_max, config.min_gap_hours, config.thank_you_late_hours) == (70, 2.0, 72.0)


@pytest.mark.parametrize(
    "data, words",
    [
        ({"disable": ["nope"]}, ["disable", "nope"]),
        ({"disabel": ["emoji"]}, ["unknown key", "disabel"]),
        ({"severity": {"emoji": "fatal"}}, ["emoji", "fatal"]),
        ({"severity": {"emojis": "error"}}, ["emojis"]),
        ({"near_duplicate": "high"}, ["near_duplicate", "number"]),
        ({"near_duplicate": 3}, ["near_duplicate", "between"]),
        ({"max_exclamations": 1.5}, ["max_exclamations", "whole number"]),
        ({"length": {"thank_you": [200, 100]}}, ["thank_you", "min <= max"]),
        ({"length": {"memo": [1, 2]}}, ["memo"]),
        ({"length": []}, ["[lint.length]"]),
        ({"disable": 3}, ["disable"]),
    ],
)
def test_errors_name_the_file_and_key(data, words):
    with pytest.raises(ConfigError) as err:
        ReviewConfig.from_mapping(data, source="/home/u/.config/afterview/config.toml")
    message = str(err.value)
    assert message.startswith("/home/u/.config/afterview/config.toml: ")
    for word in words:
        assert word in message
    assert "\n" not in message
