"""Plugins: one pluggy manager for lint rules, template folders, importers, senders and mailboxes.

Nothing here runs when the CLI starts: pluggy is imported, the built-in plugin registered and
the installed plugins (setuptools entry points of group "afterview") imported only the first
time a hook is needed. Each hook is then called once per manager and its registrations kept.
A plugin that cannot be imported or whose hook fails (an exception, or sys.exit()) is a one-line
`ConfigError` naming it and the way out (`WAY_OUT`), and so is a plugin command that raises;
Ctrl-C (KeyboardInterrupt) is never caught here. A plugin's review check that fails is a finding
of the review instead (reviewer/engine.py): the review goes on without it. A plugin's sender or
mailbox that fails is a `DeliveryError` (guard.py). What plugin code prints to standard output
goes to standard error (guard.to_stderr), except in a plugin's own command.
`AFTERVIEW_PLUGINS="a,b"` loads only the installed plugins named (empty: none); a name that is
not installed is a warning.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from afterview.errors import AfterviewError, ConfigError, InvalidInput

GROUP = "afterview"
BUILTIN = "afterview.builtin"
ONLY_ENV = "AFTERVIEW_PLUGINS"
# How every failure to load a plugin, or to take what it registers, ends: what the user can do.
WAY_OUT = f"leave it out of {ONLY_ENV} or uninstall it"
IMPORT_KINDS = ("calendar", "connections", "tracker")
# What each kind of importer yields, in words for messages.
RECORDS = {"calendar": "calendar events", "connections": "connections", "tracker": "tracker rows"}

_lock = threading.RLock()
_manager = None
_DISTS: dict[str, tuple[str, str]] = {}  # plugin name -> (distribution, version)
_done: dict[str, Any] = {}  # hook name -> what its registrations produced, for this manager
# What plugins added to the reviewer's global tables, so that reset() can take it back.
_added_rules: dict[str, str] = {}  # lint code -> plugin
_added_checks: list[tuple] = []


def __getattr__(name: str):
    # `from afterview.plugins import hookimpl` in a plugin; pluggy is imported only then.
    if name in ("hookimpl", "hookspec"):
        from afterview.plugins import hookspecs

        return getattr(hookspecs, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class PluginInfo:
    """An installed plugin as `plugins()` lists it."""

    name: str
    distribution: str
    version: str
    hooks: tuple[str, ...]


@dataclass(frozen=True)
class Importer:
    """A file format: `read(source, **options)` yields records of the `produces` kind or Problems."""

    name: str
    read: Callable
    produces: str  # "calendar" (CalendarEvent) | "connections" (Connection) | "tracker" (TrackerRow)
    description: str
    plugin: str
    what: str = ""  # what the file is, for messages: "an iCalendar file" ("a NAME file" when not given)

    @property
    def builtin(self) -> bool:
        return self.plugin == BUILTIN


def get_plugin_manager():
    """The plugin manager, with the built-in plugin and the installed ones registered (cached)."""
    global _manager
    with _lock:  # the web desk serves from several threads: build it once
        if _manager is None:
            _manager = _new_manager()
        return _manager


def _new_manager():
    import pluggy

    from afterview.plugins import builtin, hookspecs

    pm = pluggy.PluginManager(GROUP)
    pm.add_hookspecs(hookspecs)
    pm.register(builtin, name=BUILTIN)
    _DISTS.clear()
    # pluggy calls the last registered first: registering in reverse name order makes the
    # plugins' hooks run, and their template folders come, in the order of their names.
    for entry_point in sorted(_entry_points(), key=lambda e: e.name, reverse=True):
        _load(pm, entry_point)
    return pm


def _entry_points() -> list:
    from importlib.metadata import entry_points

    only = os.environ.get(ONLY_ENV)
    wanted = None if only is None else {n.strip() for n in only.split(",") if n.strip()}
    seen: set[str] = set()
    installed: set[str] = set()
    found = []
    for entry_point in entry_points(group=GROUP):
        installed.add(entry_point.name)
        # The same distribution can be on sys.path twice (an editable install, say): load once.
        if entry_point.name in seen or (wanted is not None and entry_point.name not in wanted):
            continue
        seen.add(entry_point.name)
        found.append(entry_point)
    missing = sorted((wanted or set()) - installed - {BUILTIN})
    if missing:  # a typo there would otherwise rule the plugin out without a word
        from afterview.plugins.guard import warn

        names = ", ".join(repr(n) for n in missing)
        warn(f"{ONLY_ENV} names {names}, which {'is' if len(missing) == 1 else 'are'} not installed "
             f"(installed plugins: {', '.join(sorted(installed)) or 'none'})")
    return found


def _load(pm, entry_point) -> None:
    from afterview.plugins.guard import to_stderr

    name = entry_point.name
    if name == BUILTIN:
        raise _refused(name, ": this name is reserved for the built-in plugin")
    try:
        with to_stderr():  # what a plugin prints when imported is not the command's output
            module = entry_point.load()
    except (Exception, SystemExit) as err:  # an installed plugin is third-party code: any failure is its own
        raise _refused(name, f" cannot be loaded: {_why(err)}") from None
    try:
        pm.register(module, name=name)
        pm.check_pending()
    except Exception as err:
        pm.unregister(name=name)
        raise _refused(name, f" is not a valid plugin: {_why(err)}") from None
    dist = entry_point.dist
    _DISTS[name] = (dist.name, dist.version) if dist is not None else (name, "")


def _refused(plugin: str, what: str) -> ConfigError:
    """Plugin `plugin` cannot be used, and why (`what` follows its name), with the way out."""
    return ConfigError(f"plugin {plugin!r}{what}; {WAY_OUT}")


def _why(err: BaseException) -> str:
    text = str(err).splitlines()[0] if str(err) else ""
    what = f"{type(err).__name__}: {text}" if text else type(err).__name__
    if isinstance(err, SystemExit):  # sys.exit() in a plugin: the plugin's failure, not the program's end
        return f"it tried to end the program ({what})"
    return what


def call(hook: str, make_register: Callable[[str], Callable]) -> None:
    """Call every implementation of `hook`, each with its own `register` (which knows the plugin)."""
    from afterview.plugins.guard import to_stderr

    caller = getattr(get_plugin_manager().hook, hook)
    # pluggy calls the last registered first; built-ins are marked to come first (see builtin.py).
    for impl in reversed(caller.get_hookimpls()):
        argument = make_register(impl.plugin_name)
        try:
            with to_stderr():
                impl.function(*([argument] if impl.argnames else []))
        except AfterviewError as err:  # a registration refused (register() says why)
            raise _refused(impl.plugin_name, f": {err}") from None
        # SystemExit too (sys.exit() in a hook): one line and exit status 2 like any failure, not
        # an exit with the plugin's status and no word. KeyboardInterrupt still stops the command.
        except (Exception, SystemExit) as err:
            raise _refused(impl.plugin_name, f" failed in {hook}: {_why(err)}") from None


def _once(hook: str, build: Callable[[], Any]) -> Any:
    with _lock:
        if hook not in _done:
            _done[hook] = build()
        return _done[hook]


# -- lint rules --------------------------------------------------------------------------


def load_lint_rules() -> None:
    """Make every plugin's review checks (the built-in families among them) active, once."""
    _once("register_lint_rules", _call_lint_hook)


def _call_lint_hook() -> None:
    try:
        call("register_lint_rules", _lint_register)
    except BaseException:
        _undo_lint()  # all or nothing: a failed load leaves no plugin's rules half-registered
        raise


def _undo_lint() -> None:
    from afterview.reviewer.catalogue import RULES
    from afterview.reviewer.engine import unregister

    for entry in _added_checks:
        unregister(*entry)
    for code in _added_rules:
        RULES.pop(code, None)
    _added_checks.clear()
    _added_rules.clear()


def _lint_register(plugin: str) -> Callable:
    def register(codes, check) -> None:
        from afterview.plugins.guard import quiet
        from afterview.reviewer.catalogue import PLUGIN_RULE, RULES
        from afterview.reviewer.engine import register as engine_register
        from afterview.reviewer.model import SEVERITIES, Rule

        if isinstance(codes, (str, Rule)):
            codes = (codes,)
        if not callable(check):
            raise ConfigError(f"lint check {check!r} is not callable")
        if plugin != BUILTIN:
            check = quiet(check)  # what it prints is not the review's output (`lint --json`)
        names = []
        for code in codes:
            if isinstance(code, Rule):
                if not (_text(code.code) and _text(code.title)):  # a finding says both
                    raise ConfigError(f"a lint Rule needs a code and a title (code {code.code!r}, "
                                      f"title {code.title!r})")
                if code.severity not in SEVERITIES:
                    raise ConfigError(f"lint code {code.code!r}: unknown severity {code.severity!r}")
                _add_rule(code, plugin, RULES)
                names.append(code.code)
            elif isinstance(code, str) and code in RULES:
                names.append(code)
            else:
                raise ConfigError(f"unknown lint code {code!r} (define it with a Rule record)")
        entry = (tuple(names), check)
        engine_register(*entry, plugin=plugin)  # a failing check is then said with its plugin's name
        _added_checks.append(entry)
        if plugin != BUILTIN and PLUGIN_RULE.code not in RULES:  # the code that says one failed
            RULES[PLUGIN_RULE.code] = PLUGIN_RULE
            _added_rules[PLUGIN_RULE.code] = plugin

    return register


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _add_rule(rule, plugin: str, rules: dict) -> None:
    from afterview.reviewer.catalogue import PLUGIN_RULE

    # A plugin may give its own code to several checks; any other existing code is taken, and so
    # is the code that says a plugin's check failed. Who has it is said: the plugin refused is
    # not always the one at fault, and either may be left out.
    owner = BUILTIN if rule.code == PLUGIN_RULE.code else _added_rules.get(rule.code, BUILTIN)
    if rule.code == PLUGIN_RULE.code or rule.code in rules and (owner != plugin or rules[rule.code] != rule):
        if owner == plugin:
            raise ConfigError(f"lint code {rule.code!r} is defined twice, with different Rules")
        by = "Afterview itself" if owner == BUILTIN else f"plugin {owner!r}"
        raise ConfigError(f"lint code {rule.code!r} is already defined by {by}")
    if rule.code not in rules:
        rules[rule.code] = rule
        _added_rules[rule.code] = plugin


# -- template folders --------------------------------------------------------------------


def template_dirs() -> list[Path]:
    """Folders of templates from plugins, in search order; the built-in folder comes last."""
    return [folder for _, folder in _template_folders()]


def _template_folders() -> tuple[tuple[str, Path], ...]:
    """(plugin, folder) of every template folder, in search order."""
    return _once("register_template_dirs", _collect_template_dirs)


def _collect_template_dirs() -> tuple[tuple[str, Path], ...]:
    found: list[tuple[str, Path]] = []

    def make(plugin: str) -> Callable:
        def register(path) -> None:
            if not isinstance(path, (str, os.PathLike)):
                raise ConfigError(f"template folder {path!r} is not a path")
            folder = Path(path)
            if not folder.is_dir():
                raise ConfigError(f"template folder {str(folder)!r} is not a folder")
            if all(folder != f for _, f in found):
                found.append((plugin, folder))

        return register

    call("register_template_dirs", make)
    return tuple(found)


def unused_template_files() -> list[tuple[str, Path]]:
    """(plugin, file) of the files in plugins' template folders that no message uses (a name or
    tone misspelled, a stray file): checked as the user's own folder is
    (`TemplateSet.unknown_user_files`), for `afterview templates list` to say."""
    from afterview.composer.draft import TEMPLATE_NAMES, TONES
    from afterview.composer.templates import relative_name

    known = {relative_name(n, t) for n in TEMPLATE_NAMES for t in TONES}
    return [(plugin, path) for plugin, folder in _template_folders() if plugin != BUILTIN
            for path in sorted(folder.rglob("*"))
            if path.is_file() and path.relative_to(folder).as_posix() not in known]


# -- importers, senders, mailboxes, commands ---------------------------------------------


def importers() -> dict[str, Importer]:
    """Every file format that can be imported, by name."""
    return dict(_once("register_importers", _collect_importers))


def _collect_importers() -> dict[str, Importer]:
    found: dict[str, Importer] = {}

    def make(plugin: str) -> Callable:
        def register(name: str, read: Callable, *, produces: str, description: str = "", what: str = "") -> None:
            if produces not in IMPORT_KINDS:
                raise ConfigError(
                    f"importer {name!r}: produces must be one of {', '.join(IMPORT_KINDS)}, not {produces!r}"
                )
            _new_name(found, name, "importer", read)
            if not isinstance(description, str) or not isinstance(what, str):
                raise ConfigError(f"importer {name!r}: description and what must be strings")
            found[name] = Importer(name, read if plugin == BUILTIN else _quiet_reader(read), produces,
                                   " ".join(description.split()), plugin, " ".join(what.split()) or f"a {name} file")

        return register

    call("register_importers", make)
    return found


def _quiet_reader(read: Callable) -> Callable:
    """A plugin's reader, with what it prints on standard error while it reads (guard.quiet),
    its records too when it returns them in `Records`."""
    import functools
    from dataclasses import replace

    from afterview.plugins.guard import quiet, quiet_result

    run = quiet(read)

    @functools.wraps(read)
    def reader(source, **options):
        from afterview.importers.records import Records

        found = run(source, **options)
        if isinstance(found, Records):
            return replace(found, items=quiet_result(found.items))
        return found

    return reader


def importer(name: str, *, produces: str | None = None) -> Importer:
    """The format called `name`, which must give `produces` records when that is given.

    An unknown name, or a format of another kind, is a one-line `InvalidInput` naming the
    formats that would do.
    """
    found = importers()
    fitting = [n for n, i in found.items() if produces is None or i.produces == produces]
    known = ", ".join(fitting) or "none"
    chosen = found.get(name) if isinstance(name, str) else None
    if chosen is None:
        scope = f" for {RECORDS[produces]}" if produces else ""
        raise InvalidInput(f"unknown import format {name!r} (known{scope}: {known})")
    if produces is not None and chosen.produces != produces:
        raise InvalidInput(
            f"import format {name!r} gives {RECORDS[chosen.produces]}, not {RECORDS[produces]} "
            f"(formats for {RECORDS[produces]}: {known})"
        )
    return chosen


def senders() -> dict[str, Callable]:
    """Every way to send mail, by name: `factory(account)` gives an object with open/send/close
    (a plugin's wrapped so that its failures are `DeliveryError`s: guard.guarded_factory)."""
    return dict(_once("register_senders", lambda: _collect_factories("register_senders", "sender")))


def mailboxes() -> dict[str, Callable]:
    """Every mailbox adapter, by name: `factory(account)` gives an object like `ImapConnection`
    (a plugin's wrapped as its senders are)."""
    return dict(_once("register_mailboxes", lambda: _collect_factories("register_mailboxes", "mailbox")))


def _collect_factories(hook: str, what: str) -> dict[str, Callable]:
    found: dict[str, Callable] = {}

    def make(plugin: str) -> Callable:
        def register(name: str, factory: Callable) -> None:
            from afterview.plugins.guard import guarded_factory

            _new_name(found, name, what, factory)
            # A plugin's is held to the protocol's errors (guard.py); smtp and imap are Afterview's.
            found[name] = factory if plugin == BUILTIN else guarded_factory(what, plugin, name, factory)

        return register

    call(hook, make)
    return found


def _new_name(found: dict, name: Any, what: str, target: Any) -> None:
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{what} name must be a non-empty string, not {name!r}")
    if name in found:
        raise ConfigError(f"{what} {name!r} is already registered")
    if not callable(target):
        raise ConfigError(f"{what} {name!r}: {target!r} is not callable")


def sender(name: str) -> Callable:
    """The factory of the sender called `name`; ConfigError listing the known ones."""
    return _pick(senders(), name, "sender")


def mailbox(name: str) -> Callable:
    """The factory of the mailbox adapter called `name`; ConfigError listing the known ones."""
    return _pick(mailboxes(), name, "mailbox")


def _pick(found: dict, name: str, what: str) -> Any:
    if name not in found:
        raise ConfigError(f"unknown {what} {name!r} (known: {', '.join(sorted(found)) or 'none'})")
    return found[name]


def commands() -> dict:
    """Extra `afterview` commands from plugins, by name."""
    return dict(_once("register_commands", _collect_commands))


def _collect_commands() -> dict:
    import click

    groups: list = []

    def collect(plugin: str):
        groups.append(click.Group(name=plugin))
        return groups[-1]

    call("register_commands", collect)
    found = {}
    for group in groups:
        for name, command in group.commands.items():
            _guard_command(command, group.name, name)
            found[name] = command
    return found


def _guard_command(command, plugin: str, path: str) -> None:
    """Make a plugin command's failure one line naming the plugin (`ConfigError`, exit status 2),
    not an internal error of Afterview's: in its callback, and in those of its subcommands."""
    callback = getattr(command, "callback", None)
    if callback is not None and not getattr(callback, "_afterview_guarded", False):
        command.callback = _guarded_callback(callback, plugin, path)
    for name, sub in (getattr(command, "commands", None) or {}).items():
        _guard_command(sub, plugin, f"{path} {name}")


def _guarded_callback(callback: Callable, plugin: str, path: str) -> Callable:
    import functools

    import click

    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        # what a command may end with, said as for Afterview's own commands: a user error (one
        # line), click's usage errors, aborts and exits, sys.exit() with a status, Ctrl-C, and
        # an output the system could not take (a full disk, a closed pipe)
        except (AfterviewError, click.exceptions.ClickException, click.exceptions.Abort,
                click.exceptions.Exit, BrokenPipeError):
            raise
        except Exception as err:
            if _cannot_write(err):
                raise
            raise ConfigError(f"plugin {plugin!r}: command {path!r} failed: {_why(err)}") from None

    run._afterview_guarded = True
    return run


def _cannot_write(err: Exception) -> bool:
    import errno

    return isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)


def find_command(name: str):
    """The plugin command called `name`, or None; plugins load only when a name is not built in.

    When the plugins' commands cannot be looked up (a plugin that cannot be loaded), the name is
    no command all the same (a typo, most often): a usage error saying so first, then why the
    plugins' commands were not searched."""
    try:
        found = commands()
    except ConfigError as err:
        import click

        raise click.UsageError(f"No such command {name!r}. The plugins' commands could not be searched: {err}",
                               ctx=click.get_current_context(silent=True)) from None
    return found.get(name)


# -- listing and resetting ---------------------------------------------------------------


def plugins() -> list[PluginInfo]:
    """The installed plugins (not the built-in one), with the hooks each implements."""
    pm = get_plugin_manager()
    result = []
    for name, plugin in pm.list_name_plugin():
        if name == BUILTIN or plugin is None:
            continue
        dist, version = _DISTS.get(name, (name, ""))
        hooks = tuple(sorted(h.name for h in pm.get_hookcallers(plugin) or []))
        result.append(PluginInfo(name, dist, version, hooks))
    return sorted(result, key=lambda p: p.name)


def reset() -> None:
    """Forget the manager and what plugins registered; the next hook use loads them again."""
    global _manager
    with _lock:
        _manager = None
        _done.clear()
        _undo_lint()
        _DISTS.clear()


__all__ = [
    "GROUP",
    "Importer",
    "PluginInfo",
    "commands",
    "find_command",
    "get_plugin_manager",
    "importer",
    "importers",
    "load_lint_rules",
    "mailbox",
    "mailboxes",
    "plugins",
    "reset",
    "sender",
    "senders",
    "template_dirs",
    "unused_template_files",
]
