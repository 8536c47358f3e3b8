"""The plugin manager: built-ins through the hooks, entry points loaded lazily, clean errors."""

from __future__ import annotations

import types

import pytest

from afterview import plugins
from afterview.composer.templates import BUILTIN_DIR
from afterview.errors import ConfigError
from afterview.plugins.hookspecs import hookimpl
from afterview.reviewer.catalogue import RULES
from afterview.reviewer.engine import CHECKS
from tests.plugins.conftest import install, install_example


def plugin(name: str, **hooks) -> types.SimpleNamespace:
    """A plugin object whose hooks call the given one-argument functions."""
    return types.SimpleNamespace(__name__=name, **{k: _impl(k, v) for k, v in hooks.items()})


def _impl(hook: str, func):
    # pluggy matches implementations to specs by argument name, so the wrapper spells it out.
    if hook == "register_commands":
        def implementation(cli):
            return func(cli)
    else:
        def implementation(register):
            return func(register)
    return hookimpl(implementation)


def test_manager_is_cached_and_holds_the_builtin_plugin():
    pm = plugins.get_plugin_manager()
    assert plugins.get_plugin_manager() is pm
    assert pm.get_plugin(plugins.BUILTIN) is not None
    assert plugins.plugins() == []


def test_builtin_registrations_come_through_the_hooks():
    assert plugins.template_dirs() == [BUILTIN_DIR]
    assert {name: i.produces for name, i in plugins.importers().items()} == {
        "ics": "calendar", "linkedin": "connections", "csv": "tracker"}
    assert set(plugins.senders()) == {"smtp"}
    assert set(plugins.mailboxes()) == {"imap"}
    assert plugins.commands() == {}


def test_builtin_sender_and_mailbox_build_the_delivery_adapters():
    from afterview.delivery.accounts import Account
    from afterview.delivery.imap import ImapConnection
    from afterview.delivery.smtp import SmtpConnection

    account = Account(name="work", email="me@example.org", smtp_host="127.0.0.1", imap_host="127.0.0.1")
    assert isinstance(plugins.sender("smtp")(account), SmtpConnection)
    assert isinstance(plugins.mailbox("imap")(account), ImapConnection)
    with pytest.raises(ConfigError, match=r"unknown sender 'pigeon' \(known: smtp\)"):
        plugins.sender("pigeon")


def test_builtin_adapters_have_every_method_of_the_documented_protocols():
    from afterview.delivery.imap import ImapConnection
    from afterview.delivery.smtp import SmtpConnection
    from afterview.plugins.hookspecs import Mailbox, Sender

    for protocol, adapter in ((Sender, SmtpConnection), (Mailbox, ImapConnection)):
        methods = {n for n, v in vars(protocol).items() if callable(v) and (not n.startswith("_") or n in ("__enter__", "__exit__"))}
        assert methods and all(callable(getattr(adapter, n, None)) for n in methods), (protocol, methods)


def test_builtin_linkedin_importer_reads_like_the_service(tmp_path):
    from afterview.importers.files import check_file
    from afterview.importers.linkedin import read_connections
    from tests.importers.conftest import DATA

    source = check_file(DATA / "linkedin_connections.csv", "a CSV file")
    read = plugins.importers()["linkedin"].read
    assert list(read(source, max_rows=1000)) == list(read_connections(source, max_rows=1000))


def test_a_plugin_adds_a_sender_mailbox_importer_and_command():
    import click

    @click.command(name="hello")
    def hello():
        click.echo("hello")

    def read(source, **options):
        return iter(())

    plugins.get_plugin_manager().register(plugin(
        "extra",
        register_senders=lambda register: register("outbox-folder", lambda account: object()),
        register_mailboxes=lambda register: register("maildir", lambda account: object()),
        register_importers=lambda register: register("jobs-json", read, produces="tracker", description="x"),
        register_commands=lambda cli: cli.add_command(hello),
    ))
    assert set(plugins.senders()) == {"smtp", "outbox-folder"}
    assert set(plugins.mailboxes()) == {"imap", "maildir"}
    assert plugins.importers()["jobs-json"].plugin == "extra"
    assert plugins.find_command("hello") is hello
    assert plugins.find_command("nope") is None


@pytest.mark.parametrize(
    "hook, call, message",
    [
        ("register_senders", lambda r: r("smtp", lambda a: None), "plugin 'dup': sender 'smtp' is already registered"),
        ("register_importers", lambda r: r("csv", lambda s: [], produces="tracker"), "importer 'csv' is already registered"),
        ("register_importers", lambda r: r("x", lambda s: [], produces="jobs"), "produces must be one of calendar"),
        ("register_mailboxes", lambda r: r("", lambda a: None), "mailbox name must be a non-empty string"),
        ("register_template_dirs", lambda r: r("/nonexistent/folder"), "'/nonexistent/folder' is not a folder"),
        ("register_lint_rules", lambda r: r(("no-such-code",), lambda d: []), "unknown lint code 'no-such-code'"),
        ("register_lint_rules", lambda r: r(("emoji",), "not a function"), "is not callable"),
    ],
)
def test_bad_registrations_are_one_line_config_errors(hook, call, message):
    plugins.get_plugin_manager().register(plugin("dup", **{hook: call}))
    getter = {
        "register_senders": plugins.senders, "register_importers": plugins.importers,
        "register_mailboxes": plugins.mailboxes, "register_template_dirs": plugins.template_dirs,
        "register_lint_rules": plugins.load_lint_rules,
    }[hook]
    with pytest.raises(ConfigError) as raised:
        getter()
    assert message in str(raised.value)
    assert str(raised.value).startswith("plugin 'dup'")
    assert "\n" not in str(raised.value)


def test_a_plugin_cannot_redefine_a_builtin_code():
    from dataclasses import replace

    other = replace(RULES["emoji"], title="something else")
    plugins.get_plugin_manager().register(plugin("thief", register_lint_rules=lambda r: r((other,), lambda d: [])))
    with pytest.raises(ConfigError, match="plugin 'thief': lint code 'emoji' is already defined by Afterview itself"):
        plugins.load_lint_rules()


def test_a_hook_raising_names_the_plugin_and_the_hook():
    def boom(register):
        raise RuntimeError("disk on fire\nsecond line")

    plugins.get_plugin_manager().register(plugin("flaky", register_template_dirs=boom))
    with pytest.raises(ConfigError) as raised:
        plugins.template_dirs()
    assert str(raised.value) == ("plugin 'flaky' failed in register_template_dirs: RuntimeError: disk on fire; "
                                 "leave it out of AFTERVIEW_PLUGINS or uninstall it")
    # other hooks are unaffected by one that fails
    assert "smtp" in plugins.senders()


def test_reset_removes_what_plugins_added(tmp_path, on_path):
    on_path(install_example(tmp_path), "afterview_example")
    before = len(CHECKS)
    plugins.load_lint_rules()
    assert "yours-truly" in RULES
    assert len(CHECKS) > before
    plugins.reset()
    assert "yours-truly" not in RULES
    plugins.load_lint_rules()  # the built-ins stay registered, without the plugin's rule
    assert "yours-truly" in RULES  # the entry point is still installed: it loads again


def test_entry_point_plugin_is_listed_with_its_distribution(tmp_path, on_path):
    on_path(install_example(tmp_path), "afterview_example")
    [info] = plugins.plugins()
    assert (info.name, info.distribution, info.version) == ("afterview_example", "afterview_example", "1.0")
    assert info.hooks == ("register_lint_rules", "register_template_dirs")
    assert plugins.template_dirs() == [tmp_path / "afterview_example_templates", BUILTIN_DIR]


def test_afterview_plugins_env_selects_installed_plugins(tmp_path, on_path, monkeypatch):
    on_path(install_example(tmp_path), "afterview_example")
    monkeypatch.setenv(plugins.ONLY_ENV, "")
    assert plugins.plugins() == []
    assert plugins.template_dirs() == [BUILTIN_DIR]
    plugins.reset()
    monkeypatch.setenv(plugins.ONLY_ENV, "afterview_example")
    assert [p.name for p in plugins.plugins()] == ["afterview_example"]


def test_plugin_that_cannot_be_imported(tmp_path, on_path):
    on_path(install(tmp_path, "afterview_broken", "import no_such_module_here\n"), "afterview_broken")
    with pytest.raises(ConfigError) as raised:
        plugins.get_plugin_manager()
    assert str(raised.value) == (
        "plugin 'afterview_broken' cannot be loaded: ModuleNotFoundError: No module named 'no_such_module_here'; "
        "leave it out of AFTERVIEW_PLUGINS or uninstall it"
    )


def test_plugin_with_a_misspelled_hook(tmp_path, on_path):
    source = "from afterview.plugins import hookimpl\n\n@hookimpl\ndef register_lint_rule(register):\n    pass\n"
    on_path(install(tmp_path, "afterview_typo", source), "afterview_typo")
    with pytest.raises(ConfigError, match=r"^plugin 'afterview_typo' is not a valid plugin: .*register_lint_rule"):
        plugins.get_plugin_manager()


def test_template_folders_come_in_the_order_of_plugin_names(tmp_path, on_path):
    for name in ("afterview_zeta", "afterview_alpha"):
        install_example(tmp_path / name, name)
        on_path(tmp_path / name, name)
    # both define the "yours-truly" code, so only their template folders are compared here
    assert plugins.template_dirs() == [
        tmp_path / "afterview_alpha" / "afterview_alpha_templates",
        tmp_path / "afterview_zeta" / "afterview_zeta_templates",
        BUILTIN_DIR,
    ]


def test_two_plugins_defining_the_same_code_is_an_error_naming_both(tmp_path, on_path):
    for name in ("afterview_zeta", "afterview_alpha"):
        install_example(tmp_path / name, name)
        on_path(tmp_path / name, name)
    from afterview.reviewer import rules  # noqa: F401  (the built-in checks, registered on import)

    before = len(CHECKS)
    with pytest.raises(ConfigError, match="^plugin 'afterview_zeta': lint code 'yours-truly' is already defined by "
                                          "plugin 'afterview_alpha'; leave it out of AFTERVIEW_PLUGINS or uninstall it$"):
        plugins.load_lint_rules()
    assert "yours-truly" not in RULES  # nothing of the failed load stays behind
    assert len(CHECKS) == before


def test_importing_the_library_loads_no_plugin():
    import subprocess
    import sys

    code = ("import sys, afterview.plugins, afterview.reviewer, afterview.composer; "
            "print(sorted(m for m in ('pluggy', 'importlib.metadata', 'afterview.plugins.builtin') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


def test_first_use_from_many_threads_registers_once(tmp_path, on_path):
    from concurrent.futures import ThreadPoolExecutor

    from afterview.reviewer import review

    on_path(install_example(tmp_path), "afterview_example")
    with ThreadPoolExecutor(8) as pool:
        managers = list(pool.map(lambda _: plugins.get_plugin_manager(), range(16)))
        found = list(pool.map(lambda _: review(None, "Dear Priya,\n\nThanks.\n\nYours truly,\nAlex"), range(16)))
    assert len({id(m) for m in managers}) == 1
    assert sum(1 for codes, _ in CHECKS if codes == ("yours-truly",)) == 1
    assert all([f.code for f in findings].count("yours-truly") == 1 for findings in found)


def test_plugin_with_a_wrong_hook_argument(tmp_path, on_path):
    source = "from afterview.plugins import hookimpl\n\n@hookimpl\ndef register_senders(add):\n    pass\n"
    on_path(install(tmp_path, "afterview_args", source), "afterview_args")
    with pytest.raises(ConfigError) as raised:
        plugins.senders()
    assert str(raised.value).startswith("plugin 'afterview_args' is not a valid plugin: PluginValidationError:")
    assert "register_senders" in str(raised.value)


def test_plugin_with_a_syntax_error(tmp_path, on_path):
    on_path(install(tmp_path, "afterview_syntax", "def broken(:\n"), "afterview_syntax")
    with pytest.raises(ConfigError, match=r"^plugin 'afterview_syntax' cannot be loaded: SyntaxError: "):
        plugins.template_dirs()
