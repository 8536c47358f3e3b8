"""`afterview calendar export`: interviews and due actions as an .ics file."""

from __future__ import annotations

import click

from afterview.interfaces.cli.common import pass_env, reads_only


@click.command(name="export")
@click.option("-o", "--output", "output", metavar="FILE", type=click.Path(path_type=str),  # a folder or a bad name: afterview.files says so
              help="Write to FILE (default: print to standard output).")
@click.option("--days", type=int, default=14, show_default=True, help="How many days ahead.")
@pass_env
@reads_only
def export(env, output: str | None, days: int) -> None:
    """Interviews and due actions as an iCalendar file; import it again to update it.

    What is over since an earlier export (done, skipped, sent, a cancelled interview) is in it
    as a cancelled event for 30 days, so that a calendar that imported the earlier file takes
    its reminder off.
    """
    from afterview.errors import InvalidInput
    from afterview.exporters.calendar_ics import export_calendar
    from afterview.services.planning import current_plan, effective_playbook

    if days <= 0:
        raise InvalidInput(f"--days must be a positive number of days, got {days}")
    now = env.now
    playbook = effective_playbook(env.config, env.paths)
    with env.store().transaction() as tx:
        facts = tx.facts()
    data = export_calendar(facts, current_plan(None, playbook, now, facts), now, days)
    if output is None:
        click.echo(data, nl=False)  # bytes go out as they are: RFC 5545 lines end in CRLF
        return
    from afterview.files import write_whole

    write_whole(output, data)  # whole file or nothing: a calendar app may be watching it
    click.echo(f"wrote {output}")
