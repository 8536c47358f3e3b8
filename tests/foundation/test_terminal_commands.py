"""What a mistyped command line is told, and what a script reads from --json.

Found by a tester: `afterview todya` and `afterview calendar exprt` had no "Did you mean"
(the lazily loaded groups gave click no names to suggest from), `afterview today --at ...` said
"No such option '--at'" and `today --db x.db` suggested '--by', though both are options of
afterview itself; `config --json` had keys with spaces ("data folder"); `today --json` named
neither the person nor the opportunity; docs/commands.md did not show that -h is --help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import afterview

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("args, meant, where", [
    (["todya"], "today", "afterview"),
    (["agneda"], "agenda", "afterview"),
    (["calendar", "exprt"], "export", "afterview calendar"),
    (["csv", "imprt"], "import", "afterview csv"),
    (["vcard", "exprot"], "export", "afterview vcard"),
    (["linkedin", "improt"], "import", "afterview linkedin"),
], ids=lambda value: " ".join(value) if isinstance(value, list) else value)
def test_a_mistyped_command_is_told_the_nearest_one(args, meant, where):
    result = afterview(*args)
    assert result.code == 2
    assert result.err == (f"afterview: error: No such command {args[-1]!r}. Did you mean {meant!r}? "
                          f"(see '{where} --help')\n")


def test_a_name_near_nothing_is_told_no_more():
    result = afterview("zzzzzz")
    assert result.code == 2
    assert result.err == "afterview: error: No such command 'zzzzzz'. (see 'afterview --help')\n"


_PLUGIN = """
import click

from afterview.plugins import hookimpl


@click.command(name="hello-world")
def hello():
    click.echo("hello")


@hookimpl
def register_commands(cli):
    cli.add_command(hello)
"""


def test_a_plugins_command_is_suggested_too(tmp_path):
    site = tmp_path / "site"
    (site / "greeter-1.0.dist-info").mkdir(parents=True)
    (site / "greeter.py").write_text(_PLUGIN, encoding="utf-8")
    (site / "greeter-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: greeter\nVersion: 1.0\n")
    (site / "greeter-1.0.dist-info" / "entry_points.txt").write_text("[afterview]\ngreeter = greeter\n")
    env = {**os.environ, "AFTERVIEW_HOME": str(tmp_path / "home"),
           "PYTHONPATH": os.pathsep.join([str(site), *filter(None, [os.environ.get("PYTHONPATH")])])}
    env.pop("AFTERVIEW_PLUGINS", None)
    result = subprocess.run([sys.executable, "-m", "afterview", "hello-wrld"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr == ("afterview: error: No such command 'hello-wrld'. Did you mean 'hello-world'? "
                             "(see 'afterview --help')\n")


def test_the_suggestion_loads_no_command_module():
    """The names come from the table: no command's module is imported to suggest one."""
    code = ("import sys\n"
            "from afterview.interfaces.cli.main import main\n"
            "try:\n    main(['calendar', 'exprt'])\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('afterview.interfaces.cli.') "
            "and m.rsplit('.', 1)[1] not in ('main', 'common', '__init__')))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "Did you mean 'export'?" in result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("args, option, metavar, command", [
    (["today", "--at", "2026-12-01 09:00"], "--at", "WHEN", "today"),
    (["today", "--at=2026-12-01"], "--at", "WHEN", "today"),
    (["today", "--db", "x.db"], "--db", "PATH|URL", "today"),
    (["person", "show", "--db", "x.db", "1"], "--db", "PATH|URL", "person show"),
    (["agenda", "--days", "3", "--at", "tomorrow"], "--at", "WHEN", "agenda"),
], ids=lambda value: " ".join(value) if isinstance(value, list) else None)
def test_a_global_option_after_the_command_is_told_where_it_goes(args, option, metavar, command):
    result = afterview(*args)
    assert result.code == 2
    assert result.err == (f"afterview: error: {option} is an option of afterview itself: give it before the "
                          f"command, as in 'afterview {option} {metavar} {command} ...' (see 'afterview --help')\n")


def test_a_command_of_its_own_at_keeps_it():
    # `plan` has its own --at: no hint, it is taken
    result = afterview("--db", str(ROOT / "nonexistent-folder" / "x.db"), "plan", "--at", "not a time")
    assert result.code == 2
    assert "--at:" in result.err and "option of afterview itself" not in result.err


def test_another_unknown_option_is_still_told_the_nearest():
    result = afterview("today", "--bx")
    assert result.code == 2
    assert "No such option '--bx'. Did you mean '--by'?" in result.err


# -- --json for scripts ------------------------------------------------------------------------


def test_config_json_has_keys_a_script_can_use(tmp_path):
    env = {"AFTERVIEW_HOME": str(tmp_path / "home")}
    result = afterview("config", "--json", env=env)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert list(data) == ["database", "data_folder", "config_file", "config_file_exists", "playbook_file",
                          "playbook_file_exists", "templates_folder", "templates_folder_exists", "log_file",
                          "timezone"]
    assert data["data_folder"] == str(tmp_path / "home")
    assert data["config_file"] == str(tmp_path / "home" / "config.toml")  # the path alone
    assert data["config_file_exists"] is False
    (tmp_path / "home").mkdir(exist_ok=True)
    (tmp_path / "home" / "config.toml").write_text('timezone = "Europe/Lisbon"\n')
    again = json.loads(afterview("config", "--json", env=env).out)
    assert again["config_file_exists"] is True and again["timezone"] == "Europe/Lisbon"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("named")
    env = dict(os.environ, AFTERVIEW_HOME=str(folder / "home"), AFTERVIEW_AT="2026-11-26T15:00:00+00:00",
               AFTERVIEW_DB=str(folder / "demo.db"))
    made = subprocess.run([sys.executable, "-m", "afterview", "demo"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert made.returncode == 0, made.stderr
    return env


def _json(env, *args):
    result = subprocess.run([sys.executable, "-m", "afterview", *args], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("args", [["today", "--json"], ["agenda", "--days", "14", "--json"], ["plan", "--json"]],
                         ids=" ".join)
def test_a_listing_in_json_names_the_person_and_the_opportunity(demo, args):
    data = _json(demo, *args)
    actions = data["actions"] if args[0] == "plan" else data
    assert actions
    by_key = {a["key"]: a for a in actions}
    priya = by_key["thank_you:i1:p1"]
    assert priya["person_id"] == 1 and priya["person_name"] == "Priya Raman"
    assert priya["opportunity_title"] == "Senior Data Engineer at Northwind Analytics"
    for action in actions:
        assert action["person_name"]
        assert (action["opportunity_title"] is None) == (action["opportunity_id"] is None)


# -- the reference shows -h ----------------------------------------------------------------------


def test_the_reference_shows_the_short_help_option():
    text = (ROOT / "docs" / "commands.md").read_text("utf-8")
    blocks = text.count("\n## afterview")  # afterview itself, and every command
    assert blocks > 50
    assert text.count("  -h, --help ") == blocks
    result = afterview("today", "-h")
    assert result.code == 0 and "-h, --help" in result.out
