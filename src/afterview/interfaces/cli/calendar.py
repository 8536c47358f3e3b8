"""`afterview calendar export`: interviews and due actions as an .ics file."""

from __future__ import annotations

import click

from afterview.interfaces.cli.common import pass_env, reads_only
from afterview.interfaces.cli.common import warn as warning  # (`warn` below is the export's own)
from afterview.interfaces.cli.imports import EXISTS, force_option, refuse_existing


@click.command(name="export")
@click.option("-o", "--output", "output", metavar="FILE", type=click.Path(path_type=str),  # a folder or a bad name: afterview.files says so
              help="Write to FILE (default: print to standard output).")
@click.option("--days", type=int, default=14, show_default=True, help="How many days ahead.")
@force_option
@pass_env
@reads_only  # never creates a database; what it wrote it remembers all the same (see below)
def export(env, output: str | None, days: int, force: bool) -> None:
    """Interviews and due actions as an iCalendar file; import it again to update it.

    What is over since an earlier export (done, skipped, sent, a cancelled interview) is in it
    as a cancelled event for 30 days, and so is what an earlier export wrote and has left
    Afterview since (a deleted interview, an action no longer planned: the process closed, the
    person asked not to be contacted), so that a calendar that imported the earlier file takes
    its reminder off. An event's SEQUENCE rises only when the event changed. An interview
    recorded as whole days (00:00 to 23:59, as an all-day event is imported) is an all-day event.
    An existing FILE is not replaced unless --force (a calendar app that watches the file: export
    to it again with --force).

    The export keeps what it wrote in the database; when the database cannot be written (a full
    disk, a read-only file), the file is written all the same and a warning says what could not
    be recorded.
    """
    from afterview.errors import InvalidInput
    from afterview.services.calendar_export import export_calendar_file
    from afterview.services.planning import effective_playbook

    if days <= 0:
        raise InvalidInput(f"--days must be a positive number of days, got {days}")
    refuse_existing(output, force)  # before the plan is made (the slow part)
    now = env.now
    playbook = effective_playbook(env.config, env.paths)
    store = env.store()
    store.reads_only = False  # the events it wrote are remembered once written, in its transaction

    def warn(line: str) -> None:  # the file stands: a warning, not an error
        warning(line)

    if output is None:
        from afterview.interfaces.cli.main import write_document

        # bytes go out as they are (UTF-8, whatever the locale): RFC 5545 lines end in CRLF
        export_calendar_file(store, playbook, now, days, write_document, warn)
        return
    from afterview.files import write_whole

    written = []

    def write(data: bytes) -> None:
        # whole file or nothing: a calendar app may be watching it. An export that tries again
        # (another export changed what it remembers meanwhile) replaces the file it wrote itself.
        write_whole(output, data, replace=force or bool(written), exists=EXISTS)
        written.append(output)

    export_calendar_file(store, playbook, now, days, write, warn)
    click.echo(f"wrote {output}")
