"""Commands to bring data in (calendar, LinkedIn, spreadsheet) and take it out (CSV, vCard)."""

from __future__ import annotations

import contextlib
import sys

import click

from afterview.interfaces.cli.common import echo, json_option, pass_env, print_json, reads_only, table, warn

_PATH = click.Path(dir_okay=True, path_type=str)  # existence is checked by the importer, in one line
# The import command of each kind of records, and the format it reads unless told otherwise.
_COMMANDS = {"calendar": "calendar import", "connections": "linkedin import", "tracker": "csv import"}
_DEFAULTS = {"calendar": "ics", "connections": "linkedin", "tracker": "csv"}  # = services.imports.DEFAULT_FORMATS
# An export to a file the user named is kept, as `send --eml FILE` keeps one, unless they say to
# replace it: an export run again by habit must not overwrite the first (calendar export too).
force_option = click.option("--force", is_flag=True, help="With -o FILE: replace the file if it exists.")
EXISTS = " (give another name, or add --force to replace it)"  # the end of the refusal, as `send --eml` says it


def refuse_existing(path: str | None, force: bool) -> None:
    """Before any work: an existing file at `path` is refused unless `force`, in the line the
    write itself gives (`afterview.files.whole`, which refuses it again at the write: a file
    that appears meanwhile is not replaced either); --force without a file is a mistake."""
    import os

    from afterview.errors import InvalidInput

    if path is None:
        if force:
            raise InvalidInput("--force goes with -o FILE: it replaces an existing file of that name")
        return
    # a regular file (a link is refused by the write; a pipe or a device, /dev/stdout, is written to)
    if not force and os.path.isfile(path) and not os.path.islink(path):
        raise InvalidInput(f"{path} already exists: it was not replaced{EXISTS}")


def _format_option(produces: str):
    """`--format NAME`: a format that gives `produces` records (checked by the import service,
    so that plugins load only when the command runs, never for --help)."""

    def complete(ctx, param, incomplete):
        from click.shell_completion import CompletionItem

        from afterview.services.imports import formats

        try:
            found = formats(produces)
        except Exception:  # a broken plugin: no completions, the command itself says why
            return []
        return [CompletionItem(i.name, help=i.description) for i in found if i.name.startswith(incomplete)]

    return click.option(
        "--format", "format_name", metavar="NAME", default=_DEFAULTS[produces], shell_complete=complete,
        help=f"The file's format (default: {_DEFAULTS[produces]}); `afterview formats` lists the "
        "ones plugins add.",
    )


def _import_settings(env):
    from afterview.services.imports import limits_from_config

    section = env.config.section("import")
    return section, limits_from_config(section)


def _report(report, as_json: bool, *, list_new: bool) -> None:
    """Print a report: each notable row, then the summary line (or everything as JSON)."""
    for warning in report.warnings:
        warn(warning)
    if as_json:
        print_json(
            {
                "file": report.file,
                "format": report.format,
                "dry_run": report.dry_run,
                "summary": report.summary(),
                "counts": {k: v for k, v in report.counts.items() if v},
                "created": dict(report.created),
                "warnings": report.warnings,
                "rows": report.notes,
                # calendars: the messages its changes made drafts again, and what to check in others
                **({"held": [{"message": i, "why": why} for i, why in report.held]} if report.held else {}),
                **({"to_check": [{"interview": e.interview.id, "note": line} for e in report.edited
                                 for line in e.notes()]} if any(e.notes() for e in report.edited) else {}),
            }
        )
        return
    shown = {"updated", "cancelled", "deleted", "skipped", "ambiguous"} | ({"new"} if list_new else set())
    for note in report.notes:
        if note.action == "skipped":
            # the reason names the row itself: "line 7: skipped: Initech: the link ... is not a web address"
            echo(f"line {note.line}: skipped: {note.detail or note.what}")
        elif note.action in shown:
            detail = f": {note.detail}" if note.detail else ""
            echo(f"line {note.line}: {note.action}: {note.what}{detail}")
    # what a calendar's changes did to messages, said as `afterview interview edit` says it
    for message_id, why in report.held:
        echo(f"message {message_id}: {why}")
    for edited in report.edited:
        for line in edited.notes():
            echo(f"note: interview {edited.interview.id}: {line}")
    echo(report.summary())


@click.command("import")
@click.argument("file", type=_PATH)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--all", "everything", is_flag=True, help="Import every event as an interview.")
@click.option("--keyword", "-k", "keywords", multiple=True, metavar="WORD", help="Interview keyword (repeat; replaces the configured list).")
@click.option("--domain", "domains", multiple=True, metavar="DOMAIN", help="Events with attendees at this domain are interviews (repeat).")
@click.option("--uid", "uids", multiple=True, metavar="UID", help="Import this event whatever its title, even one whose interview you deleted (repeat).")
@click.option("--skip-bad", is_flag=True, help="Skip unreadable events and import the rest.")
@_format_option("calendar")
@json_option
@pass_env
def calendar_import(env, file, dry_run, everything, keywords, domains, uids, skip_bad, format_name, as_json):
    """Import interviews from an .ics file: a calendar export or one invitation.

    From a whole calendar, only interviews are imported: events whose title has a keyword
    (interview, screen, panel, onsite, technical, hiring manager...), whose attendees write
    from a given domain, or that a recruiting service sent. Tune it in [import.calendar] of
    config.toml or with --keyword/--domain/--uid; --all takes every event. Importing the same
    file again changes nothing; a newer version of an event (a moved or cancelled invitation)
    updates its interview, and approved notes that would now go out too early become drafts.
    People new to Afterview take the event's time zone and its country (said on standard
    error; correct them with afterview person edit).
    """
    from afterview.importers.recognition import rule_from_config
    from afterview.services.imports import import_calendar
    from afterview.services.planning import effective_playbook

    section, limits = _import_settings(env)
    calendar = section.get("calendar", {})
    rule = rule_from_config(calendar, keywords=keywords, domains=domains, uids=uids, everything=everything)
    mine = tuple(a for a in calendar.get("my_addresses", []) if isinstance(a, str)) if isinstance(calendar, dict) else ()
    report = import_calendar(
        env.store, file, now=env.now, rule=rule, user_tz=env.user_tz, my_addresses=mine,
        dry_run=dry_run, skip_bad=skip_bad, limits=limits, importer=format_name,
        playbook=lambda: effective_playbook(env.config, env.paths), recreate=uids,
    )
    _report(report, as_json, list_new=True)


@click.command("import")
@click.argument("file", type=_PATH)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--skip-bad", is_flag=True, help="Skip unreadable rows and import the rest.")
@_format_option("connections")
@json_option
@pass_env
def linkedin_import(env, file, dry_run, skip_bad, format_name, as_json):
    """Import LinkedIn's Connections.csv: people, marked as connected since the given date.

    Get it from LinkedIn: Settings, Data privacy, Get a copy of your data, Connections. People
    already recorded are matched by email, profile URL, or name and company; rows that could
    be more than one person are reported as ambiguous and left alone. Connections exported by
    other services are imported the same way with --format, when a plugin reads them.
    """
    from afterview.services.imports import import_connections

    _, limits = _import_settings(env)
    report = import_connections(
        env.store, file, now=env.now, user_tz=env.user_tz, dry_run=dry_run, skip_bad=skip_bad, limits=limits,
        importer=format_name,
    )
    _report(report, as_json, list_new=dry_run)  # a dry run lists what would be new, row by row


@click.command("import")
@click.argument("file", type=_PATH)
@click.option("--map", "mapping", metavar="'Header=field,...'", help="Name the columns that are not recognised.")
@click.option("--preview", is_flag=True, help="Show how columns are mapped and the first rows; write nothing.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--skip-bad", is_flag=True, help="Skip unreadable rows and import the rest.")
@_format_option("tracker")
@json_option
@pass_env
def csv_import(env, file, mapping, preview, dry_run, skip_bad, format_name, as_json):
    """Import applications from a spreadsheet tracker saved as CSV.

    Columns are recognised by their headers (Company, Role/Job Title, Status, Date Applied,
    Link, Source, Notes, Contact, Contact Email, Contacts, Location); name others with --map,
    e.g. --map 'Employer=company,Where=source'. Fields: company, role, status, applied_on, link,
    source, notes, contact_name, contact_email, contacts ("Name <address>; Name", as
    `afterview csv export opportunities` writes them), location.
    """
    from afterview.importers.tracker import parse_map
    from afterview.services.imports import import_tracker, preview_tracker

    overrides = parse_map(mapping)
    _, limits = _import_settings(env)
    if preview:
        _preview(preview_tracker(file, overrides=overrides, limits=limits, importer=format_name,
                                 now=env.now, user_tz=env.user_tz), as_json)
        return
    report = import_tracker(
        env.store, file, now=env.now, overrides=overrides, user_tz=env.user_tz,
        dry_run=dry_run, skip_bad=skip_bad, limits=limits, importer=format_name,
    )
    _report(report, as_json, list_new=dry_run)  # a dry run lists what would be new, row by row


def _preview(preview, as_json: bool) -> None:
    from afterview.importers.records import Problem, Skipped

    for warning in preview.warnings:
        warn(warning)
    if as_json:
        print_json({"columns": [{"header": h, "field": f} for h, f in preview.mapping], "rows": preview.rows})
        return
    if preview.mapping:  # a format that has no columns to show (a plugin's) shows only its rows
        table(["column", "imported as"], [[h, f or "(ignored)"] for h, f in preview.mapping])
        click.echo("")
    rows = []
    for row in preview.rows:
        if isinstance(row, Skipped):
            rows.append([row.line, "", "", "", "", row.message])
        elif isinstance(row, Problem):
            rows.append([row.line, "", "", "", "", f"bad row: {row.message}"])
        else:
            people = [row.contact_name] if row.contact_name else []
            people += [f"{name} <{address}>" if name and address else name or address for name, address in row.contacts]
            rows.append([row.line, row.company, row.role, row.status, row.applied_on or "", "; ".join(people)])
    table(["line", "company", "role", "status", "applied", "contact"], rows)


@click.command("formats")
@json_option
def formats(as_json):
    """List the file formats the import commands read: Afterview's own and the plugins'.

    Each format gives one kind of records and is read by one command: calendar (interviews,
    `afterview calendar import`), connections (people, `afterview linkedin import`) or tracker
    (applications, `afterview csv import`). Choose one with --format NAME; by default each
    command reads Afterview's own format: ics, linkedin or csv.
    """
    from afterview.plugins import BUILTIN
    from afterview.services.imports import formats as registered

    found = sorted(registered(), key=lambda i: (list(_COMMANDS).index(i.produces), not i.builtin, i.name))
    rows = []
    for i in found:
        command = f"afterview {_COMMANDS[i.produces]}"
        rows.append({
            "name": i.name,
            "produces": i.produces,
            "command": command if i.name == _DEFAULTS[i.produces] else f"{command} --format {i.name}",
            "plugin": "built-in" if i.plugin == BUILTIN else i.plugin,
            "description": i.description,
        })
    if as_json:
        print_json({"formats": rows})
        return
    # a table's cells are text, never markup: a plugin's "[...]" shows as written
    table(["format", "produces", "command", "plugin", "description"], [list(r.values()) for r in rows])


@click.command("export")
@click.argument("what", type=click.Choice(["opportunities", "people"]))
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of the screen.")
@click.option("--bom", is_flag=True, help="Start with a byte-order mark, for Excel on Windows.")
@force_option
@pass_env
@reads_only
def csv_export(env, what, output, bom, force):
    """Export opportunities or people as CSV (the opportunities file can be imported again).

    An existing FILE is not replaced unless --force."""
    refuse_existing(output, force)
    from afterview.domain.model import Company, Opportunity, Person
    from afterview.exporters.csv_export import write_opportunities, write_people

    with env.store(create=False).transaction() as tx:
        companies = {c.id: c for c in tx.list(Company)}
        people = tx.list(Person)
        opportunities = tx.list(Opportunity) if what == "opportunities" else []
    with _output(output, bom, force) as out:
        if what == "opportunities":
            count = write_opportunities(out, opportunities, companies, people, tz=env.user_tz)
        else:
            count = write_people(out, people, companies, tz=env.user_tz)
    if output:
        click.echo(f"{count} {'row' if count == 1 else 'rows'} of {what} written to {output}", err=True)


@click.command("export")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of the screen.")
@force_option
@pass_env
@reads_only
def vcard_export(env, output, force):
    """Export your contacts as vCard 4.0, for any address book.

    An existing FILE is not replaced unless --force."""
    refuse_existing(output, force)
    from afterview.domain.model import Company, Person
    from afterview.exporters.vcard import cards

    with env.store(create=False).transaction() as tx:
        companies = {c.id: c for c in tx.list(Company)}
        people = tx.list(Person)
    with _output(output, False, force) as out:
        for text in cards(people, companies):
            out.write(text)
    if output:
        click.echo(f"{len(people)} contact{'s' if len(people) != 1 else ''} written to {output}", err=True)


@contextlib.contextmanager
def _output(path: str | None, bom: bool, force: bool = False):
    """A text stream to FILE (written whole or not at all: see afterview.files) or to standard
    output. An existing FILE is refused unless `force`."""
    import io

    if path is None:
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=True)
        if bom:
            stream.write("\ufeff")
        try:
            yield stream
        finally:
            stream.flush()
            stream.detach()  # standard output stays open
        return
    from afterview.errors import AfterviewError
    from afterview.files import whole

    with whole(path, error=AfterviewError, replace=force, exists=EXISTS) as binary:
        stream = io.TextIOWrapper(binary, encoding="utf-8-sig" if bom else "utf-8", newline="")
        try:
            yield stream
            stream.flush()  # a full disk fails here, and `whole` says so
        finally:
            with contextlib.suppress(OSError, ValueError):
                stream.detach()  # the file is closed by `whole`
