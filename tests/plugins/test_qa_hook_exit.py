"""A plugin that calls sys.exit() in a hook is a failing plugin (one line, exit status 2), and
Ctrl-C in a hook still stops the command."""

from __future__ import annotations

import types

import pytest

from afterview import plugins
from afterview.errors import ConfigError
from afterview.plugins.hookspecs import hookimpl
from tests.helpers import afterview, assert_clean_error
from tests.plugins.conftest import install
from tests.plugins.test_cli import NOTE, run


def register(name: str, **hooks) -> None:
    plugins.get_plugin_manager().register(types.SimpleNamespace(**hooks), name=name)


def test_system_exit_in_a_hook_is_a_config_error():
    @hookimpl
    def register_template_dirs(register):
        raise SystemExit(3)

    register("quitter", register_template_dirs=register_template_dirs)
    with pytest.raises(ConfigError) as raised:
        plugins.template_dirs()
    assert str(raised.value) == (
        "plugin 'quitter' failed in register_template_dirs: it tried to end the program (SystemExit: 3); "
        "leave it out of AFTERVIEW_PLUGINS or uninstall it")


def test_sys_exit_without_a_status_or_with_a_message():
    @hookimpl
    def register_senders(register):
        raise SystemExit()

    @hookimpl
    def register_mailboxes(register):
        raise SystemExit("no mailbox for you\nsecond line")

    register("silent", register_senders=register_senders, register_mailboxes=register_mailboxes)
    with pytest.raises(ConfigError, match=r"^plugin 'silent' failed in register_senders: "
                                          r"it tried to end the program \(SystemExit\); leave it out"):
        plugins.senders()
    with pytest.raises(ConfigError, match=r"^plugin 'silent' failed in register_mailboxes: "
                                          r"it tried to end the program \(SystemExit: no mailbox for you\); leave "):
        plugins.mailboxes()


def test_keyboard_interrupt_in_a_hook_is_not_swallowed():
    @hookimpl
    def register_template_dirs(register):
        raise KeyboardInterrupt

    register("impatient", register_template_dirs=register_template_dirs)
    with pytest.raises(KeyboardInterrupt):
        plugins.template_dirs()


def test_keyboard_interrupt_in_a_lint_hook_is_not_swallowed_and_leaves_no_rules():
    from afterview.reviewer.catalogue import RULES
    from afterview.reviewer.model import Rule

    rule = Rule(code="qa-half-done", severity="warning", family="style", title="x", catches="x", why="x",
                source="x", fix="x")

    @hookimpl
    def register_lint_rules(register):
        register((rule,), lambda data: iter(()))
        raise KeyboardInterrupt

    register("impatient", register_lint_rules=register_lint_rules)
    with pytest.raises(KeyboardInterrupt):
        plugins.load_lint_rules()
    assert "qa-half-done" not in RULES


def test_in_process_cli_says_which_plugin_exited(tmp_path):
    @hookimpl
    def register_lint_rules(register):
        raise SystemExit(3)

    register("quitter", register_lint_rules=register_lint_rules)
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    assert_clean_error(afterview("lint", str(note)),
                       "plugin 'quitter' failed in register_lint_rules: it tried to end the program (SystemExit: 3)")


def test_installed_plugin_exiting_in_a_hook(tmp_path):
    source = (
        "from afterview.plugins import hookimpl\n\n"
        "@hookimpl\ndef register_lint_rules(register):\n    raise SystemExit(3)\n"
    )
    site = install(tmp_path / "site", "afterview_quitter", source)
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    done = run("-m", "afterview", "lint", str(note), pythonpath=site)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "afterview: error: plugin 'afterview_quitter' failed in register_lint_rules: "
        "it tried to end the program (SystemExit: 3); leave it out of AFTERVIEW_PLUGINS or uninstall it")


def test_installed_plugin_exiting_on_import(tmp_path):
    site = install(tmp_path / "site", "afterview_leaver", "import sys\nsys.exit(4)\n")
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    done = run("-m", "afterview", "lint", str(note), pythonpath=site)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "afterview: error: plugin 'afterview_leaver' cannot be loaded: it tried to end the program (SystemExit: 4); "
        "leave it out of AFTERVIEW_PLUGINS or uninstall it")
