"""The `afterview` command: a lazy table of command groups, and the one error boundary.

Each command lives in its own module and is imported only when it runs, so that
`afterview --help` and quick commands start fast (see docs/architecture.md).
"""

from __future__ import annotations

import sys

import click

from afterview import __version__

_CLI = "afterview.interfaces.cli."

# name -> (module:attribute, one-line help). Nested dicts are groups of lazy commands.
COMMANDS: dict[str, tuple[str, str] | tuple[dict, str]] = {
    # the daily loop
    "today": (_CLI + "planning:today", "What is due and overdue now, each with its reason."),
    "agenda": (_CLI + "planning:agenda", "What is due over the next days."),
    "plan": (_CLI + "planning:plan", "The whole plan as of any moment (--at, --json)."),
    "why": (_CLI + "planning:why", "Why an action is due: its rule and source."),
    "done": (_CLI + "planning:done", "Mark an action done (e.g. sent from your phone)."),
    "snooze": (_CLI + "planning:snooze", "Put an action off until a given time."),
    "skip": (_CLI + "planning:skip", "Skip an action, with a reason."),
    "undo": (_CLI + "planning:undo", "Take back the last done, snooze or skip of an action."),
    "playbook": (_CLI + "planning:playbook", "Show or check the follow-up playbook."),
    # drafting and review
    "draft": (_CLI + "drafting:draft", "Draft messages for due actions or an interview."),
    "drafts": (_CLI + "drafting:drafts", "List drafts and their review status."),
    "show": (_CLI + "drafting:show", "Show a draft with its review findings."),
    "edit": (_CLI + "drafting:edit", "Edit a draft in $EDITOR; it is reviewed again on save."),
    "discard": (_CLI + "drafting:discard", "Throw a draft away; an approved or scheduled one is never sent."),
    "templates": (_CLI + "drafting:templates", "List, show or edit the message templates."),
    "lint": (_CLI + "lint:lint", "Review any text with the etiquette linter."),
    # delivery
    "account": (_CLI + "delivery:account", "Mail accounts: add, edit, list, test, remove."),
    "approve": (_CLI + "delivery:approve", "Approve a draft for sending."),
    "send": (_CLI + "delivery:send", "Deliver a draft: to Drafts, by SMTP now or later, or as .eml."),
    "send-due": (_CLI + "delivery:send_due", "Send approved messages that are due, once."),
    "worker": (_CLI + "delivery:worker", "Keep sending due messages and syncing replies."),
    "sync": (_CLI + "delivery:sync", "Read new replies from the mailbox."),
    "replies": (_CLI + "delivery:replies", "Replies received, and confirming status changes."),
    # the pipeline
    "company": (_CLI + "companies:company", "Companies: add, list, show, edit, merge, delete."),
    "opportunity": (_CLI + "opportunities:opportunity", "Opportunities (roles): add, list, show, edit, delete, status."),
    "person": (_CLI + "people:person", "People: add, list, show, edit, merge, delete, export, forget."),
    "interview": (_CLI + "interviews:interview", "Interviews and their panels: add, list, show, edit, delete."),
    "debrief": (_CLI + "debriefs:debrief", "Record what each interviewer discussed."),
    "outcome": (_CLI + "outcomes:outcome", "Record a decision: rejected, offer, accepted, withdrawn."),
    "feedback": (_CLI + "outcomes:feedback", "Record feedback received after a decision."),
    "news": (_CLI + "news:news", "Your achievements and news worth sharing."),
    "profile": (_CLI + "profile:profile", "Your name, signature, phone, time zone, LinkedIn account."),
    "timeline": (_CLI + "timeline:timeline", "Everything that happened and is planned, per opportunity or person."),
    # data in and out
    "export": (_CLI + "backup:export", "Export all data as one versioned JSON document."),
    "import": (_CLI + "backup:import_", "Restore a JSON export into an empty database."),
    "calendar": (
        {
            "export": (_CLI + "calendar:export", "Interviews and due actions as an .ics file."),
            "import": (_CLI + "imports:calendar_import", "Import interviews from an .ics file."),
        },
        "Calendar files: import interviews, export what is due.",
    ),
    "linkedin": (
        {"import": (_CLI + "imports:linkedin_import", "Import LinkedIn Connections.csv.")},
        "LinkedIn data export.",
    ),
    "csv": (
        {
            "import": (_CLI + "imports:csv_import", "Import a spreadsheet tracker (CSV)."),
            "export": (_CLI + "imports:csv_export", "Export opportunities or people as CSV."),
        },
        "Spreadsheets.",
    ),
    "vcard": (
        {"export": (_CLI + "imports:vcard_export", "Export contacts as vCard 4.")},
        "Contacts as vCard.",
    ),
    "formats": (_CLI + "imports:formats", "The file formats the import commands read, plugins' included."),
    # setting up
    "demo": (_CLI + "demo:demo", "Load the demo pipeline and show what is due."),
    "serve": (_CLI + "web:serve", "Open the follow-up desk in your browser."),
    "config": (_CLI + "settings:config", "Show where Afterview keeps its data and settings."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use, from a name -> target table."""

    def __init__(self, *args, table: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if self.table is COMMANDS:  # before `afterview` itself runs, which checks --at unless help is asked
            ctx.meta[_ASKS_HELP] = _asks_help(args, ctx.help_option_names)
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.table) | set(self.commands))

    def resolve_command(self, ctx: click.Context, args: list[str]):
        """As click's, with "Did you mean ...?" drawn from every name of the table, loaded or not
        (click offers only the commands already imported: none, in a lazy group), and at the top
        from the plugins' commands, which looking the name up has just loaded."""
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as err:
            names = set(self.table) | set(self.commands)
            if self.table is COMMANDS:
                from afterview.errors import AfterviewError
                from afterview.plugins import commands

                try:
                    names |= set(commands())  # loaded by get_command already: no second load
                except AfterviewError:
                    pass
            raise click.exceptions.NoSuchCommand(err.command_name, possibilities=sorted(names),
                                                 ctx=err.ctx) from None

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands:
            return self.commands[name]
        entry = self.table.get(name)
        if entry is None:
            if self.table is not COMMANDS:
                return None
            # Not one of ours: perhaps a plugin's (plugins load only now, never for --help).
            from afterview.plugins import find_command

            command = find_command(name)
            if command is not None:
                self.commands[name] = command
            return command
        target, help_text = entry
        if isinstance(target, dict):
            command: click.Command = LazyGroup(name=name, help=help_text, table=target)
        else:
            command = _load(target, name, help_text)
        self.commands[name] = command
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Help for the table comes from the table itself: nothing is imported to list it.
        rows = []
        for name in self.list_commands(ctx):
            if name in self.commands:
                rows.append((name, self.commands[name].get_short_help_str(limit=70)))
            else:
                rows.append((name, self.table[name][1]))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


_ASKS_HELP = "afterview.asks_help"  # (a key of the context's meta)


def _asks_help(args: list[str], names: list[str]) -> bool:
    """Whether the command line asks for a command's help (`afterview --at WHEN account list
    --help`). Click shows the help once it has read the command's own options, after `afterview`
    itself has run: --at is then not checked, since nothing uses it (its check reads the
    database for the user's zone). Should a help option be another option's value instead, the
    command checks --at when it first uses the moment (Env.now)."""
    return any(arg in names for arg in args)


def _load(target: str, name: str, help_text: str) -> click.Command:
    import importlib

    module_name, attribute = target.split(":")
    return getattr(importlib.import_module(module_name), attribute)


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def version_line() -> str:
    """What `afterview --version` says: the release, the newest database schema this Afterview
    knows (an error about a database "written by a newer version (schema ...)" names one to
    compare with) and the newest export document it writes and reads."""
    from afterview.services.backup import VERSION
    from afterview.storage.migrations import KNOWN

    return f"afterview {__version__} (database schema {KNOWN[-1]}, backups up to version {VERSION})"


def _say_version(ctx: click.Context, _param, given: bool) -> None:
    if not given or ctx.resilient_parsing:
        return
    click.echo(version_line())  # the storage modules are loaded only when it is asked for
    ctx.exit()


@click.group(cls=LazyGroup, table=COMMANDS, context_settings=CONTEXT)
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_say_version,
              help="Show the version, the database schema and the backup version it knows, and exit.")
@click.option(
    "--db",
    "db",
    metavar="PATH|URL",
    envvar="AFTERVIEW_DB",
    help="Database file or URL (default: afterview.db in your data folder; env AFTERVIEW_DB).",
)
@click.option(
    "--at",
    "at",
    metavar="WHEN",
    envvar="AFTERVIEW_AT",
    help="Act as if it were this moment (ISO or '2026-12-03 10:00 Europe/Berlin'; env AFTERVIEW_AT, which --at "
         "overrides).",
)
@click.pass_context
def cli(ctx: click.Context, db: str | None, at: str | None) -> None:
    """Afterview: everything a job seeker should do after an interview.

    Record an interview and what each interviewer discussed; Afterview plans the thank-you
    notes and follow-ups, drafts them from your notes, reviews them, and delivers them through
    your own mailbox.

    Try it first on an invented job search, kept apart from your own data:
    `afterview --db demo.db demo`, then `afterview --db demo.db today` (delete demo.db when done).
    Then record your own, starting with `afterview profile set`.
    """
    from afterview.config import home_folder
    from afterview.interfaces.cli.common import Env

    if not ctx.resilient_parsing:
        home_folder()  # an empty AFTERVIEW_HOME is refused before any command runs (never the default folders)
    import os

    source = ctx.get_parameter_source("at")
    from_env = at is not None and source == click.core.ParameterSource.ENVIRONMENT
    # AFTERVIEW_AT as well as --at: --at is used, and the first use of the moment says so (Env.now)
    in_env = os.environ.get("AFTERVIEW_AT")
    set_aside = in_env if at is not None and not from_env and in_env and in_env.strip() else None
    ctx.obj = Env(db=db, at=at, at_from_env=from_env, at_set_aside=set_aside)
    if at and not ctx.resilient_parsing and not ctx.meta.get(_ASKS_HELP):
        ctx.obj.check_at()  # a malformed --at is refused before any command runs (it asks for help: not used)


class Finished:
    """What a command that only reads returns (today, agenda, plan, why): its output is written.

    main() then closes the store; and when main() is the `afterview` process itself (it read its
    arguments from the command line), the process ends at once, without freeing one by one what
    the command built (its facts and plan, kept with `env.keep`) and every module, for memory the
    system takes back anyway: a tenth of a second after a large listing (afterview.perf.
    finish_process). The atexit handlers still run and the output is flushed first; a write that
    fails (a full disk) is one line and exit status 74, as for any command (see main).
    """

    def __init__(self, env) -> None:
        self.env = env


# Click 8.2+ raises this for a group called without a command; older versions print the help.
_NO_ARGS = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _reader_gone() -> bool:
    """Whether click found standard output's reader gone (`afterview ... | head -1`): it then
    wraps the streams so that nothing more is reported, and exits with status 1."""
    pacified = getattr(click.core, "_PacifyFlushWrapper", None)
    return pacified is not None and isinstance(sys.stdout, pacified)


def _cannot_write(err: Exception) -> bool:
    """An output the system could not take: no space left, over quota, too large, a device error,
    a standard output that is closed (`afterview today >&-`)."""
    import errno

    return isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO,
                                                      errno.EBADF)


def _drop_unwritten_output(stream=None) -> None:
    """Point standard output (or `stream`) at the null device: the exit would try to flush what
    the disk refused once more, and report it again as a warning of several lines (and end with
    status 120)."""
    import os

    try:
        nowhere = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nowhere, (sys.stdout if stream is None else stream).fileno())
        os.close(nowhere)
    except (OSError, ValueError, AttributeError):  # no file behind it: nothing will be flushed
        pass


def _say(line: str) -> None:
    """One line on standard error, for the user; when it cannot be written (`2>/dev/full`), the
    line is dropped and the exit status stays the one the line goes with."""
    try:
        click.echo(line, err=True)
    except (OSError, ValueError):
        _drop_unwritten_output(sys.stderr)


def settle_streams() -> None:
    """Make the standard streams of the `afterview` process safe to use, whatever it was given.

    - Text that the terminal's character set cannot show (a Chinese name on a Latin-1 or ASCII
      terminal, LC_ALL=en_US.ISO-8859-1 or PYTHONIOENCODING=ascii) is shown as its escape
      (`\\u674e`) instead of failing the command. Documents (JSON, an export, a calendar, CSV,
      vCard) are UTF-8 whatever the locale (write_document).
    - A closed standard input (`<&-`) reads as an empty one, like /dev/null; a closed standard
      error drops what is said there. Each is given the null device, so that no file opened later
      (the database) takes its place and receives what was meant for it.
    - A closed standard output is an output that cannot be written: OSError EBADF, which main()
      reports in one line with status 74 before anything is done.
    """
    import errno
    import os

    for fd, name, mode in ((0, "stdin", os.O_RDONLY), (2, "stderr", os.O_WRONLY)):
        if getattr(sys, name) is None:
            try:
                nowhere = os.open(os.devnull, mode)
                if nowhere != fd:
                    os.dup2(nowhere, fd)
                    os.close(nowhere)
                setattr(sys, name, open(fd, "r" if fd == 0 else "w", closefd=False,  # noqa: SIM115
                                        errors="backslashreplace" if fd else None))
            except OSError:
                pass
    if sys.stdout is None:
        raise OSError(errno.EBADF, "standard output is closed")
    import codecs

    for stream in (sys.stdout, sys.stderr):
        try:
            utf8 = codecs.lookup(stream.encoding).name == "utf-8"
            # a character set short of Unicode, even with surrogateescape (the C locale's)
            if stream.errors == "strict" or (not utf8 and stream.errors not in ("backslashreplace", "replace")):
                stream.reconfigure(errors="backslashreplace")
        except (AttributeError, LookupError, ValueError):  # not a text file of the usual kind
            pass


def write_document(text: str | bytes) -> None:
    """A document to standard output as UTF-8 bytes, whatever the locale: JSON (`--json`, print_json),
    an export, a calendar, CSV and vCard (which stream theirs the same way). The locale's
    character set is for what people read on a terminal (see settle_streams); a document's is
    UTF-8 by definition, and a program reading it expects nothing else."""
    # (a lone surrogate, from an argument the locale could not decode, as its JSON escape "\\udce5")
    click.echo(text.encode("utf-8", "backslashreplace") if isinstance(text, str) else text, nl=False)


_status_kept = 0  # the status to end with even when the output's reader goes away (keep_status)


def keep_status(status: int) -> None:
    """Say the status a command ends with before it writes its output: when the output's reader
    goes away early (`afterview lint note.txt | head -1`, a reader that closes its input), the
    command ends with it, not with 0. A result a script tests (lint's 1) stays the result."""
    global _status_kept
    _status_kept = status


# The options of `afterview` itself that take a value, given after a command's name
_GLOBAL_OPTIONS = {"--db": "PATH|URL", "--at": "WHEN"}


def _global_option_hint(err: click.UsageError) -> str | None:
    """`afterview today --at ...`: a global option given after the command, said as such, with
    where it goes ("--at is an option of afterview itself: afterview --at WHEN today ...")."""
    if not isinstance(err, click.exceptions.NoSuchOption) or err.ctx is None:
        return None
    option = err.option_name.split("=", 1)[0]
    metavar = _GLOBAL_OPTIONS.get(option)
    if metavar is None or err.ctx.parent is None:
        return None
    command = err.ctx.command_path.split(" ", 1)[1] if " " in err.ctx.command_path else ""
    return (f"{option} is an option of afterview itself: give it before the command, as in "
            f"'afterview {option} {metavar} {command} ...'")


def _interrupted(said: str, argv: list[str] | None) -> None:
    """Ctrl-C: say so, and end with status 130.

    By then the command is over: what it did is undone (its transaction rolled back), only the
    exit is left. The `afterview` process itself then ends at once, its exit handlers run and its
    output flushed, without the interpreter's teardown (freeing what a large import built, waiting
    for threads), during which a second Ctrl-C met Python's own handlers: a traceback from
    threading._shutdown, or death by the signal. A second Ctrl-C meanwhile ends it the same way,
    quietly. A caller in Python (argv given) gets SystemExit, as for any error."""
    if argv is not None:
        click.echo(said, err=True)
        sys.exit(130)
    import atexit
    import os
    import signal

    try:
        signal.signal(signal.SIGINT, lambda *_: os._exit(130))
    except (ValueError, OSError):  # not the main thread
        pass
    try:
        click.echo(said, err=True)
        atexit._run_exitfuncs()  # noqa: SLF001 - CPython's own exit step, as perf.finish_process runs it
        atexit._clear()  # noqa: SLF001
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a reader gone, a full disk: nothing more to say
        pass
    os._exit(130)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; every user-facing error becomes one line and an exit status."""
    try:
        if argv is None:  # the process itself, not a caller in Python (tests pass their arguments)
            settle_streams()
        _main(argv)
    except OSError as err:  # from a command, or from writing the help or an error's line
        if not _cannot_write(err):
            raise
        if argv is None:
            _drop_unwritten_output()
        _say(f"afterview: error: could not write the output: {err.strerror}")
        sys.exit(74)


def _main(argv: list[str] | None) -> None:
    from afterview.errors import AfterviewError

    keep_status(0)  # (a caller in Python runs one command after another)
    if argv is None:  # the process itself, not a caller in Python (tests pass their arguments)
        from afterview.perf import one_shot_process

        one_shot_process()
    try:
        try:
            status = cli.main(args=argv, prog_name="afterview", standalone_mode=False)
        except SystemExit:
            if _reader_gone():  # click ends a command whose reader went away (EPIPE) with status 1
                raise BrokenPipeError from None
            raise
        if isinstance(status, Finished):
            status.env.close()
        if argv is None:  # the process itself, not a caller in Python (tests pass their arguments)
            sys.stdout.flush()  # what is still buffered: a full disk is reported (see main), like any write
            if isinstance(status, Finished):
                from afterview.perf import finish_process

                finish_process()  # returns only when flushing stderr failed: the usual exit follows
    except AfterviewError as err:
        _say(f"afterview: error: {err}")
        sys.exit(err.exit_code)
    except click.exceptions.Abort:
        _interrupted("afterview: aborted", argv)
    except _NO_ARGS as err:  # `afterview` or `afterview person` alone: the help, as asked
        click.echo(err.ctx.get_help() if err.ctx is not None else str(err))
        sys.exit(0)
    except click.UsageError as err:  # bad options or arguments: one line, like every other error
        where = err.ctx.command_path if err.ctx is not None else "afterview"
        message = _global_option_hint(err)
        if message:
            where = "afterview"  # whose help says it
        else:
            message = " ".join(err.format_message().split())
        _say(f"afterview: error: {message} (see '{where} --help')")
        sys.exit(2)
    except click.ClickException as err:
        _say(f"afterview: error: {' '.join(err.format_message().split())}")
        sys.exit(2 if err.exit_code == 1 else err.exit_code)
    except click.exceptions.Exit as err:
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        _interrupted("afterview: interrupted", argv)
    except BrokenPipeError:  # the reader is gone (`| head -1`): what is left unwritten goes nowhere, quietly
        if argv is None:
            _drop_unwritten_output()
        sys.exit(_status_kept)  # 0, or the result the command said it ends with (keep_status)
    except UnicodeDecodeError:  # a file or input given as text that is not UTF-8 (a binary file ...)
        _say("afterview: error: the input is not UTF-8 text (is it the right file?)")
        sys.exit(2)
    except OverflowError:  # a number or date the user gave beyond what can be stored or computed
        from afterview.interfaces.cli.common import log_crash

        where = log_crash(sys.exc_info()[1])
        _say(f"afterview: error: a number or date is out of range: check what you typed, "
             f"config.toml and playbook.toml (details in {where})")
        sys.exit(2)
    except Exception as err:  # a bug: say so in one line, keep the details in the log
        if _cannot_write(err):  # not a bug: a full disk, a failing device (see main)
            raise
        from afterview.interfaces.cli.common import log_crash

        where = log_crash(err)
        _say(f"afterview: internal error: {type(err).__name__}: {err} (details in {where})")
        sys.exit(70)
    sys.exit(status if isinstance(status, int) else 0)
