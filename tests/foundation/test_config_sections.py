"""Every key of config.toml's sections is checked, in one line naming the file, the section, the
key and the problem (docs/configuration.md). A tester found `[import.calendar] keyword = [...]`
(for keywords), `all = true`, `recruiting_services = "yes"`, `[import] foo = 1` and `[composer]
timout = 60` taken without a word, and `[import]` errors that did not name the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import afterview, assert_clean_error

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def home(afterview_home):
    return afterview_home


@pytest.mark.parametrize("text, problem", [
    ('[import.calendar]\nkeyword = ["panel"]', "[import.calendar] unknown key 'keyword': did you mean 'keywords'? "
     "(known: keywords, extra_keywords, domains, uids, recruiting_services, my_addresses)"),
    ("[import.calendar]\nall = true", "[import.calendar] unknown key 'all' (known: keywords,"),
    ('[import.calendar]\nrecruiting_services = "yes"',
     "[import.calendar] recruiting_services must be true or false, not a string ('yes')"),
    ('[import.calendar]\nkeywords = "panel"',
     "[import.calendar] keywords must be a list of strings, such as [\"a\", \"b\"], not a string ('panel')"),
    ("[import.calendar]\nmy_addresses = [1]", "[import.calendar] my_addresses must be a list of strings"),
    ("[import]\nfoo = 1", "[import] unknown key 'foo' (known: max_file_mb, max_rows, max_events, calendar)"),
    ("[import]\nmax_events = 0", "[import] max_events must be a positive whole number, not a number (0)"),
    ("[import]\nmax_rows = 2.5", "[import] max_rows must be a positive whole number, not a number (2.5)"),
    ("[import]\nmax_file_mb = true", "[import] max_file_mb must be a positive number, not true/false (true)"),
    ("[import]\ncalendar = 5", "[import] calendar must be a table, not a number (5)"),
    ("[composer]\ntimout = 60", "[composer] unknown key 'timout': did you mean 'timeout'? (known: rewriter,"),
    ('[composer]\nrewriter = "openai"\ntimeout = "soon"',
     "[composer] timeout must be a positive number, not a string ('soon')"),
    ('[composer]\nrewriter = ""', "[composer] rewriter is empty: give a value, or remove the line"),
    ("[lint]\ndisabel = []", "[lint] unknown key 'disabel': did you mean 'disable'? (known: disable,"),
], ids=lambda v: v.split("\n")[-1] if "\n" in v else None)
def test_a_bad_key_is_one_line_naming_the_file_by_every_command(home, text, problem):
    config = home / "config.toml"
    config.write_text(text + "\n", encoding="utf-8")
    for args in (("company", "list"), ("config",), ("calendar", "import", str(home / "none.ics"))):
        assert_clean_error(afterview(*args), f"{config}: {problem}")
    assert sorted(p.name for p in home.iterdir()) == ["config.toml"]  # nothing written


def test_the_documented_settings_are_taken(home, tmp_path):
    (home / "config.toml").write_text(
        '[lint]\ndisable = ["hedging"]\nhedging_warn_at = 2\n[lint.severity]\nexclamation = "error"\n'
        '[import]\nmax_file_mb = 2.5\nmax_rows = 10\nmax_events = 10\n'
        '[import.calendar]\nkeywords = ["panel"]\nextra_keywords = []\ndomains = ["globex.com"]\nuids = []\n'
        'recruiting_services = false\nmy_addresses = ["me@work.example"]\n'
        '[composer]\nrewriter = "openai"\nbase_url = "http://127.0.0.1:9/v1"\nmodel = "m"\n'
        'api_key_env = "KEY"\ntimeout = 60\n', encoding="utf-8")
    assert afterview("company", "list").code == 0


def test_a_rewriter_of_a_plugin_reads_its_own_keys(home):
    (home / "config.toml").write_text('[composer]\nrewriter = "mine"\ntemperature = 0.2\n', encoding="utf-8")
    assert afterview("company", "list").code == 0


def test_a_planner_rule_is_checked_by_the_planner_naming_the_file(home):
    config = home / "config.toml"
    config.write_text("[planner]\nfoo = 1\n", encoding="utf-8")
    assert_clean_error(afterview("today"), f"{config} [planner]: unknown rule [foo] (known rules: thank_you,")


def test_the_lint_keys_are_the_reviewers():
    from afterview.config import SECTION_KEYS
    from afterview.reviewer.config import _NUMBERS, ReviewConfig

    assert set(SECTION_KEYS["lint"]) == {"disable", "severity", "length", *_NUMBERS}
    assert set(_NUMBERS) <= set(ReviewConfig.__dataclass_fields__)


def test_the_errors_quoted_in_the_docs_are_the_real_ones(home):
    doc = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    config = home / "config.toml"
    config.write_text('[lint]\ndisable = ["shouting"]\n', encoding="utf-8")
    said = afterview("lint", "-", input="Thank you for the conversation.\n")
    assert_clean_error(said, f"{config}: [lint] disable: unknown lint code 'shouting' (see afterview lint --list)")
    assert said.error_line.replace(str(config), "/home/alex/.config/afterview/config.toml") in doc
    for text in ('[import.calendar]\nkeyword = ["panel"]\n', '[import.calendar]\nrecruiting_services = "yes"\n'):
        config.write_text(text, encoding="utf-8")
        said = afterview("company", "list")
        assert_clean_error(said, f"{config}: [import.calendar] ")
        assert said.error_line.replace(str(config), "/home/alex/.config/afterview/config.toml") in doc
    assert re.search(r"\| `AFTERVIEW_PLUGINS` \|", doc)
