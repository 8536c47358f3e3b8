"""config.toml's mistakes said in Afterview's words, the same for every section and every command
(found by a tester): a quote left open, a value TOML cannot read or a key written twice came out
in the parser's own words ("Invalid value (at line 2, column 11)"); `[lint] severity = 5` was
taken by every command but `lint`; a misspelt key in an account had no "did you mean". Each is
one line naming the file, the section and key, what is wrong, what to write, and the line."""

from __future__ import annotations

import re
from dataclasses import fields

import pytest

from tests.helpers import afterview, assert_clean_error

# what the parser says, which no message may repeat
PARSER_WORDS = re.compile(r"\(at (line \d+, column \d+|end of document)\)|Invalid value|Cannot overwrite|"
                          r"Cannot declare|Illegal character|Unclosed array|Expected |Unterminated|"
                          r"Invalid statement|key/value pair")


@pytest.fixture
def config(afterview_home):
    return afterview_home / "config.toml"


def _refused(config, text: str, *args: str):
    config.write_text(text, encoding="utf-8")
    return afterview(*(args or ("company", "list")))


@pytest.mark.parametrize("text, said", [
    ('timezone = "Europe/Berlin\n', 'timezone: the text in quotes is not closed: end it with " on the same line '
     "(line 1)"),
    ("[composer]\nmodel = 'gpt\n", "[composer] model: the text in quotes is not closed: end it with ' on the same "
     "line (line 2)"),
    ("[composer]\ntimeout = 1s\n", "[composer] timeout: '1s' is not a value: a number is written alone, without a "
     "unit (such as 30); where text is meant, put it in quotes (\"1s\") (line 2)"),
    ("[import]\nmax_rows = ten\n", "[import] max_rows: 'ten' is not a value: text goes in quotes"),
    ("[import]\nmax_file_mb = 1,5\n", "[import] max_file_mb: '1,5' is not a number: write a decimal number with a "
     "dot (1.5) (line 2)"),
    ("[import.calendar]\nrecruiting_services = True\n", "[import.calendar] recruiting_services: write true in small "
     "letters, not 'True' (line 2)"),
    ("[import.calendar]\nrecruiting_services = yes\n", "[import.calendar] recruiting_services: 'yes' is not a "
     "value: write true or false (line 2)"),
    ("# mine\n[lint]\ndisable = [\"hedging\"]\ndisable = [\"cliche\"]\n",
     "[lint] disable is written twice, on lines 3 and 4: keep one"),
    ('database = "a.db"\ndatabase = "b.db"\n', "database is written twice, on lines 1 and 2: keep one"),
    ("[lint]\nmax_exclamations = 2\n[lint]\n", "[lint] is written twice, on lines 1 and 3: put all its settings "
     "under one [lint]"),
    ('[lint]\ndisable = [\n  "hedging",\n  "cliche"\n', "[lint] disable: the list is not closed with ], or its "
     'items are not separated by commas: write it as ["a", "b"] (line 2)'),
    ('database = "C:\\Users\\alex\\afterview.db"\n', "database: a backslash in text in double quotes starts an "
     "escape"),
    ("[lint\nmax_exclamations = 2\n", "the section's name is not closed: write it as [name] on a line of its own "
     "(line 1)"),
    ('time zone = "UTC"\n', "'time zone = \"UTC\"' is not a setting: write name = value"),
    ("timezone =\n", "timezone: no value after '=': give one"),
])
def test_a_file_toml_cannot_read_is_said_in_words_with_its_line(config, text, said):
    for args in (("company", "list"), ("config",), ("today",)):
        result = _refused(config, text, *args)
        assert_clean_error(result, f"{config}: {said}")
        assert not PARSER_WORDS.search(result.error_line), result.error_line
    assert sorted(p.name for p in config.parent.iterdir()) == ["config.toml"]  # nothing made


@pytest.mark.parametrize("text, said", [
    ('timezone = "UTC"\n\n[import]\nmax_rows = "ten"\n',
     "[import] max_rows must be a positive whole number, not a string ('ten') (line 4)"),
    ("[import.calendar]\n# the words\nkeyword = []\n", "[import.calendar] unknown key 'keyword': did you mean "
     "'keywords'? (known: keywords, extra_keywords, domains, uids, recruiting_services, my_addresses) (line 3)"),
    ('databse = "x.db"\n', "unknown setting or table 'databse': did you mean 'database'? (known: database, "
     "timezone, accounts, composer, import, lint, planner) (line 1)"),
])
def test_a_value_of_the_wrong_kind_names_its_line_too(config, text, said):
    assert_clean_error(_refused(config, text), f"{config}: {said}")


@pytest.mark.parametrize("text, said", [
    ("[lint]\nseverity = 5\n", '[lint] severity must be a table of code = "error", "warning" or "info" (a '
     "[lint.severity] section), not a number (5) (line 2)"),
    ('[lint]\nseverity = { exclamation = "fatal" }\n', "[lint.severity] exclamation must be one of error, warning, "
     "info, not a string ('fatal') (line 2)"),
    ('[lint.severity]\nexclamation = "fatal"\n', "[lint.severity] exclamation must be one of error, warning, info"),
    ('[lint]\ndisable = 3\n', '[lint] disable must be a list of lint codes, such as ["hedging", "cliche"], not a '
     "number (3)"),
    ('[lint]\nmax_exclamations = "two"\n', "[lint] max_exclamations must be a whole number from 0 to 100, not a "
     "string ('two') (line 2)"),
    ("[lint]\nnear_duplicate = 3\n", "[lint] near_duplicate must be a number from 0.05 to 1, not a number (3)"),
    ("[lint]\nwaking_from = 21\n", "[lint] waking_from must be before waking_until, not 21 and 20 (line 2)"),
    ("[lint]\nlength = []\n", "[lint] length must be a table of kind = [min, max] in words"),
    ("[lint.length]\nthank_you = [200, 100]\n", "[lint.length] thank_you must be [min, max] in words, min <= max"),
    ("[lint.length]\nmemo = [1, 2]\n", "[lint.length] unknown message kind 'memo' (known: thank_you,"),
])
def test_a_lint_setting_of_the_wrong_kind_is_refused_by_every_command(config, text, said):
    for args in (("company", "list"), ("config",), ("today",), ("lint", "-")):
        config.write_text(text, encoding="utf-8")
        assert_clean_error(afterview(*args, input="Thank you for the conversation.\n"), f"{config}: {said}")
    assert sorted(p.name for p in config.parent.iterdir()) == ["config.toml"]


def test_a_misspelt_account_key_is_offered_the_right_one(config):
    """Said for that account; it stops no command but those that use the account (see
    tests/delivery/test_s30_account_written_wrong.py)."""
    text = '[accounts.work]\npreset = "fastmail"\nemial = "alex@fastmail.example"\n'
    for args in (("company", "list"), ("config",)):
        assert _refused(config, text, *args).code == 0
    assert_clean_error(_refused(config, text, "account", "list"),
                       f"account work cannot be used: {config}: [accounts.work] unknown key 'emial': did you "
                       "mean 'email'? (known: preset, email, ", "(line 3)")


@pytest.mark.parametrize("text, said", [
    ('smtp_port = "587"', "[accounts.work] smtp_port must be a port number, a whole number from 0 to 65535, not a "
     "string ('587')"),
    ("append_sent = 1", "[accounts.work] append_sent must be true or false, not a number (1)"),
    ('read_folders = "Jobs"', "[accounts.work] read_folders must be a list of strings"),
])
def test_an_account_setting_of_the_wrong_kind_is_that_accounts_problem(config, text, said):
    whole = f'[accounts.work]\nemail = "alex@fastmail.example"\n{text}\n'
    assert _refused(config, whole, "company", "list").code == 0
    assert_clean_error(_refused(config, whole, "account", "list"), f"{config}: {said}", "(line 3)")


@pytest.mark.parametrize("text", ["password_env = 123456789", "password_command = 123456789",
                                  "[accounts]\npassword = 123456789"])
def test_what_may_be_a_password_is_never_repeated(config, text):
    whole = text if text.startswith("[") else f'[accounts.work]\nemail = "a@example.test"\n{text}\n'
    result = _refused(config, whole + "\n", "account", "list")
    assert_clean_error(result, f"{config}: [accounts")
    assert "123456789" not in result.err


def test_every_section_says_an_unknown_key_one_way(config):
    """One sentence for a name no part reads, wherever it is: the name, the nearest known one, the
    known ones."""
    for text in ('[import]\nmax_row = 1\n', '[composer]\nmodle = "m"\n', '[lint]\nmax_exclamation = 1\n',
                 '[accounts.work]\nsmtp_prot = 1\n', 'timezon = "UTC"\n'):
        line = _refused(config, text, *(("account", "list") if text.startswith("[accounts") else ())).error_line
        assert re.search(r"unknown (key|setting or table) '\w+': did you mean '\w+'\? \(known: [a-z_, ]+\) "
                         r"\(line \d\)( \(correct that line in the file: afterview account edit work changes settings, "
                         r"not a name no setting has; .*\))?$", line), line  # a name `account edit` cannot rename


def test_a_good_account_and_lint_section_are_taken(config):
    config.write_text(
        '[lint]\ndisable = "hedging"\nmax_exclamations = 0\nnear_duplicate = 0.7\nwaking_from = 6.5\n'
        '[lint.severity]\nexclamation = "error"\n[lint.length]\nthank_you = [90, 200]\n'
        '[accounts.work]\npreset = "fastmail"\nemail = "alex@fastmail.example"\nsmtp_port = 465\n'
        'append_sent = true\ntimeout = 12.5\nrate_per_minute = 0\nread_folders = ["Jobs"]\n'
        'password_env = "MAIL_PASSWORD"\ndrafts_folder = ""\n', encoding="utf-8")
    assert afterview("company", "list").code == 0
    assert afterview("lint", "-", input="Thank you for the conversation.\n").code == 0


def test_the_kinds_checked_are_the_parts_own():
    """config.py checks the kinds without loading the reviewer or the mail part: what it knows of
    them is theirs."""
    from afterview.config import ACCOUNT_KEYS, LINT_NUMBERS, LINT_SEVERITIES, LINT_WAKING, MESSAGE_KINDS
    from afterview.delivery.accounts import Account
    from afterview.reviewer.config import _NUMBERS, ReviewConfig
    from afterview.reviewer.model import KINDS, SEVERITIES

    assert set(ACCOUNT_KEYS) == {f.name for f in fields(Account)} - {"name"} | {"preset"}
    assert LINT_NUMBERS == _NUMBERS and LINT_SEVERITIES == SEVERITIES and MESSAGE_KINDS == KINDS
    assert LINT_WAKING == (ReviewConfig().waking_from, ReviewConfig().waking_until)


def test_a_file_not_utf8_names_its_line(config):
    config.write_bytes(b'timezone = "UTC"\n[composer]\nmodel = "caf\xe9"\n')
    assert_clean_error(afterview("company", "list"), f"{config}: not UTF-8 text: save it as UTF-8 in your editor "
                                                     "(line 3)")


def test_an_account_setting_changed_in_a_broken_file_is_said_in_words(config):
    from afterview.config import set_account_setting
    from afterview.errors import ConfigError

    config.write_text('[accounts.work]\nemail = "a@example.test\n', encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        set_account_setting(config, "work", "sent_folder", "Sent")
    assert str(refused.value) == (f"{config}: [accounts.work] email: the text in quotes is not closed: end it with "
                                  '" on the same line (line 2)')


@pytest.mark.parametrize("text", [
    'timezone = "Europe/Berlin\n', "[composer]\ntimeout = 1s\n", '[lint]\ndisable = ["hedging"]\ndisable = ["cliche"]\n',
    'database = "C:\\Users\\alex\\afterview.db"\n', '[lint]\nseverity = "error"\n',
])
def test_the_lines_quoted_in_the_docs_are_the_real_ones(config, text):
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text("utf-8")
    said = _refused(config, text).error_line.replace(str(config), "/home/alex/.config/afterview/config.toml")
    assert said in doc, said


def test_a_part_can_name_the_line_of_its_setting(config):
    """What only a part checks (a lint code) can name its line too: Config.line_of."""
    from afterview.config import load_config, paths

    config.write_text('timezone = "UTC"\n\n[lint]\ndisable = ["hedging"]\nseverity = { emoji = "error" }\n'
                      '[lint.length]\nthank_you = [80, 200]\n', encoding="utf-8")
    read = load_config(paths())
    assert read.line_of("lint", "disable") == " (line 4)"
    assert read.line_of("lint", "severity", "emoji") == " (line 5)"  # inside braces: the line they are on
    assert read.line_of("lint", "length", "thank_you") == " (line 7)"
    assert read.line_of("lint", "subject_max") == " (line 3)"  # not written: its section's line
    assert read.line_of("composer", "model") == ""
