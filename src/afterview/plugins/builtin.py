"""The built-in plugin: Afterview's own rules, templates, importers, sender and mailbox.

It uses the same hooks as installed plugins. Its implementations are marked `tryfirst`
(`trylast` for templates) so that built-ins come first where order matters: the built-in
review checks before plugins' ones, and the built-in template folder searched last.
Everything heavy is imported inside the functions, when a hook or a factory is used.
"""

from __future__ import annotations

from afterview.plugins.hookspecs import hookimpl


@hookimpl(tryfirst=True)
def register_lint_rules(register):
    # The rule modules register their checks with `afterview.reviewer.register` on import:
    # the same function, so importing them is all the built-in plugin has to do.
    from afterview.reviewer import rules  # noqa: F401


@hookimpl(trylast=True)
def register_template_dirs(register):
    from afterview.composer.templates import BUILTIN_DIR

    register(BUILTIN_DIR)


@hookimpl(tryfirst=True)
def register_importers(register):
    # `afterview calendar import`, `linkedin import` and `csv import` use these by default.
    register("ics", read_calendar, produces="calendar", what="an iCalendar file",
             description="Interviews from an iCalendar file (.ics): a calendar or one invitation.")
    register("linkedin", read_linkedin, produces="connections", what="a CSV file",
             description="LinkedIn's Connections.csv from a data export.")
    register("csv", read_spreadsheet, produces="tracker", what="a CSV file",
             description="A spreadsheet tracker saved as CSV: one opportunity per row.")


@hookimpl(tryfirst=True)
def register_senders(register):
    register("smtp", smtp_sender)


@hookimpl(tryfirst=True)
def register_mailboxes(register):
    register("imap", imap_mailbox)


# The readers check the whole file when called (before the import opens the database) and
# return the records lazily, to be applied one by one inside the import's transaction.


def read_calendar(source, *, max_rows: int, window, default_tz: str = "UTC", keep=None, **_):
    """Calendar events of an .ics file, or Problems; `window` (start, end) bounds repeating events.

    `keep(raw_text)` may skip an event before it is parsed (the import's quick interview test).
    """
    from afterview.importers import ical
    from afterview.importers.records import Records

    info = ical.scan(source, max_events=max_rows)
    events = ical.read_events(source, info, default_tz=default_tz, window=window, keep=keep)
    return Records(events, invitation=info.is_invitation, owner=info.owner)


def read_linkedin(source, *, max_rows: int, preview: bool = False, **_):
    """Connections of a LinkedIn Connections.csv, or Problems."""
    from afterview.importers.csvrows import precheck
    from afterview.importers.linkedin import read_connections

    if not preview:
        precheck(source, max_rows=max_rows, slack=30)  # the header may follow a short preamble
    return read_connections(source, max_rows=max_rows)


def read_spreadsheet(source, *, max_rows: int, overrides: dict | None = None, preview: bool = False, today=None, **_):
    """Rows of a spreadsheet tracker, or Problems; `overrides` maps fields to column names;
    `today` (the user's), what a two-digit year is placed from in what the import says."""
    from afterview.importers.csvrows import precheck
    from afterview.importers.records import Records
    from afterview.importers.tracker import read_tracker

    if not preview:
        precheck(source, max_rows=max_rows, slack=10)  # a title row may precede the header
    mapping, rows = read_tracker(source, overrides=overrides or {}, max_rows=max_rows)
    warnings = [] if "role" in mapping.columns else [
        f"{source.name}: no role column; roles are recorded as '(role unknown)'"]
    said = mapping.date_warning(source.name, today)
    if said:
        warnings.append(said)
    return Records(rows, warnings=tuple(warnings), columns=tuple(mapping.described()))


def smtp_sender(account):
    """An unopened SMTP connection for the account (open, send, close)."""
    from afterview.delivery.smtp import SmtpConnection

    return SmtpConnection(account)


def imap_mailbox(account):
    """An unopened IMAP connection for the account (Drafts, Sent, INBOX)."""
    from afterview.delivery.imap import ImapConnection

    return ImapConnection(account)
