"""`afterview lint`: the etiquette linter on any text, a stored draft, or a rule's explanation."""

from __future__ import annotations

import sys
from functools import cached_property
from pathlib import Path

import click

from afterview.interfaces.cli.common import Env, pass_env

_KINDS = ("thank_you", "status_check", "closing_the_loop", "rejection_reply", "feedback_request",
          "keep_warm", "share_news", "linkedin_note", "card", "withdrawal")


@click.command(name="lint")
@click.argument("file", required=False, metavar="[FILE|-]")
@click.option("--json", "as_json", is_flag=True, help="Print findings as JSON.")
@click.option("--kind", metavar="KIND", help="Message kind: " + ", ".join(_KINDS) + ".")
@click.option("--channel", metavar="email|linkedin", help="Where it is sent (default: email).")
@click.option("--to", "to", metavar="NAME", help="The recipient's name (default: the To: header).")
@click.option("--company", metavar="NAME", help="The company the message is for.")
@click.option("--role", metavar="TITLE", help="The role applied for.")
@click.option("--detail", "details", multiple=True, metavar="TEXT", help="A debrief detail (repeatable).")
@click.option("--sibling", "siblings", multiple=True, metavar="FILE", help="Another note of the same loop (repeatable).")
@click.option("--other-company", "other_companies", multiple=True, metavar="NAME", help="Another company in your pipeline (repeatable; with --company, those of your database too).")
@click.option("--other-person", "other_people", multiple=True, metavar="NAME", help="Another person of the process, such as a panel member (repeatable; with --company, those of your database too).")
@click.option("--other-role", "other_roles", multiple=True, metavar="TITLE", help="The role of another opportunity (repeatable; with --company, those of your database too).")
@click.option("--linkedin-limit", metavar="N", help="LinkedIn note limit (default: the playbook's, for your profile's account: 200 free, 300 Premium).")
@click.option("--send-at", metavar="ISO", help="Planned send time.")
@click.option("--interview-end", metavar="ISO", help="When the interview ended.")
@click.option("--rejection-at", metavar="ISO", help="A rejection reply: when the rejection arrived.")
@click.option("--draft", "draft_id", metavar="ID", help="Lint a stored draft with its whole context.")
@click.option("--explain", "explain_code", metavar="CODE", help="What a code catches, why, and how to fix it.")
@click.option("--list", "list_codes", is_flag=True, help="List every code with its default severity.")
@pass_env
def lint(env: Env, file, as_json, kind, channel, to, company, role, details, siblings,
         other_companies, other_people, other_roles, linkedin_limit, send_at, interview_end, rejection_at, draft_id,
         explain_code, list_codes):
    """Review a follow-up with the etiquette linter (exit 1 on any error-level finding).

    FILE may start with Subject:/To: headers and a blank line, or be an .eml file;
    - reads standard input. Codes and settings: docs/lint-codes.md.

    \b
    afterview lint note.txt --kind thank_you --to "Priya Raman"
    afterview lint - --json < note.eml
    afterview lint --draft 12
    afterview lint --explain near-duplicate
    """
    from afterview.errors import InvalidInput

    if list_codes or explain_code:
        if file or draft_id:
            raise InvalidInput("--list and --explain take no FILE or --draft")
        return _catalogue(explain_code, as_json)
    config = _config(env)
    if draft_id is not None:
        if file:
            raise InvalidInput("give a FILE or --draft ID, not both")
        given = [name for name, value in (
            ("--kind", kind), ("--channel", channel), ("--to", to), ("--company", company), ("--role", role),
            ("--detail", details), ("--sibling", siblings), ("--other-company", other_companies),
            ("--other-person", other_people), ("--other-role", other_roles),
            ("--linkedin-limit", linkedin_limit), ("--send-at", send_at), ("--interview-end", interview_end),
            ("--rejection-at", rejection_at)) if value]
        if given:  # the draft's own context is read: a value given here would be silently left out
            raise InvalidInput(f"--draft reviews the draft with its own context, so {', '.join(given)} "
                               f"{'is' if len(given) == 1 else 'are'} not taken with it (a moment to send it: "
                               f"afterview send {draft_id} --at WHEN, which reviews that moment)")
        source, context = _draft(env, draft_id)
    else:
        from afterview.reviewer.source import display_name

        source = _read_source(file)
        if not source.body.strip():
            raise InvalidInput("the text is empty: nothing to review" if not (source.subject or "").strip()
                               else "the body is empty: nothing to review")
        context = _context(env, kind, channel, to or display_name(source.to), company, role,
                           details, siblings, other_companies, linkedin_limit, send_at,
                           interview_end, rejection_at, other_roles, other_people)
        context.attachments = source.attachments  # an .eml's own; a text file's: not known
    from afterview.reviewer.personal import personal_words

    context.known_words = context.known_words + personal_words(env.paths.config)
    from afterview.reviewer import review

    findings = review(source.subject, source.body, context, config)
    failed = any(f.severity == "error" for f in findings)
    if failed:  # the result stands even if the reader of the report goes away (`| head -1`)
        from afterview.interfaces.cli.main import keep_status

        keep_status(1)
    _report(findings, source, file or ("draft " + str(draft_id) if draft_id else "-"), as_json)
    if failed:
        # exit status 1, like a linter; the summary line (or the JSON) has already said how many,
        # so no "afterview: error: N error-level findings" line says it again
        raise click.exceptions.Exit(1)


def _catalogue(code: str | None, as_json: bool) -> None:
    from afterview.plugins import load_lint_rules
    from afterview.reviewer import RULES, explain, get_rule

    load_lint_rules()

    if code:
        rule = get_rule(code)
        if as_json:
            from afterview.interfaces.cli.common import print_json

            return print_json(rule)
        return click.echo(explain(code))
    if as_json:
        from afterview.interfaces.cli.common import print_json

        return print_json({"codes": list(RULES.values())})
    from afterview.interfaces.cli.common import table

    table(["code", "severity", "catches"], [[r.code, r.severity, r.title] for r in RULES.values()])


def _config(env: Env):
    from afterview.reviewer import ReviewConfig

    return ReviewConfig.from_mapping(env.config.section("lint"), source=str(env.config.path))


def _read_bytes(name: str) -> bytes:
    """The bytes of FILE, or of standard input for "-": at most the size an import takes
    (`importers.files`, the check imports make). A device or a pipe (/dev/zero, a FIFO) and a
    larger file are refused in one line before a byte is read; standard input, once more than
    that has come."""
    from afterview.errors import InvalidInput
    from afterview.importers.files import DEFAULT_MAX_MB

    limit = int(DEFAULT_MAX_MB * 1024 * 1024)
    smaller = "(a note, or an .eml message, is far smaller)"
    if name == "-":
        stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
        data = stream.read(limit + 1) if stream is not None else sys.stdin.read(limit + 1).encode()
        if len(data) > limit:
            raise InvalidInput(f"standard input holds over {DEFAULT_MAX_MB:g} MB: more is refused {smaller}")
        return data
    from afterview.files import is_folder

    if is_folder(name):
        raise InvalidInput(f"{name}: is a folder, not a file")
    size = _file_size(name)
    if size > limit:
        raise InvalidInput(f"{name} is {size / 1024 / 1024:.1f} MB; files over {DEFAULT_MAX_MB:g} MB are refused {smaller}")
    return _read_regular(name, limit)


def _file_size(name: str) -> int:
    """The size of a regular file, checked as imports check theirs (a device, a pipe: "not a file")."""
    from afterview.errors import ImportFailed, InvalidInput
    from afterview.importers.files import _size

    try:
        return _size(Path(name))
    except ImportFailed as err:  # the same words, as bad input to lint
        raise InvalidInput(str(err)) from None


def _read_regular(name: str, limit: int) -> bytes:
    """At most `limit` bytes of a regular file; opened without waiting (a pipe put in its place
    since it was checked would wait for a writer), and checked again once open."""
    import os
    import stat

    from afterview.errors import InvalidInput

    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InvalidInput(f"{name}: no such file") from None
    except OSError as err:
        raise InvalidInput(f"{name}: cannot read: {err.strerror}") from None
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InvalidInput(f"{name}: not a file")
        try:
            data = stream.read(limit + 1)
        except OSError as err:
            raise InvalidInput(f"{name}: cannot read: {err.strerror}") from None
    if len(data) > limit:  # it grew since it was checked
        raise InvalidInput(f"{name} grew over {limit // (1024 * 1024)} MB while it was read: files so large are refused")
    return data


def _read_source(file: str | None):
    from afterview.errors import InvalidInput
    from afterview.reviewer.source import parse_text

    name = file or "-"
    if name == "-" and file is None and sys.stdin.isatty():
        raise InvalidInput("give a FILE, - for standard input, or --draft ID")
    data = _read_bytes(name)
    label = "standard input" if name == "-" else name
    if name.lower().endswith(".eml"):
        source = _parse_eml(data, label)
        if "\x00" in source.text:
            raise InvalidInput(f"{label}: not UTF-8 text: it holds NUL bytes (is it the right file?)")
        return source
    return parse_text(_decode(data, label))


def _parse_eml(data: bytes, label: str):
    """An .eml message, read as `reviewer.source.parse_eml` reads it, once its MIME structure is
    known to be within what is parsed (`delivery.mime.structure_problem`: parts nested too deep,
    or too many, are refused in one line, as a message the mail round leaves unread)."""
    from afterview.delivery.mime import structure_problem
    from afterview.errors import InvalidInput
    from afterview.reviewer.source import parse_eml

    problem = structure_problem(data)
    if problem:
        raise InvalidInput(f"{label}: cannot read the message: {problem}")
    try:
        return parse_eml(data)
    except RecursionError:  # within the caps, but the parser found it deeper all the same
        raise InvalidInput(f"{label}: cannot read the message: its MIME parts are nested too deep") from None


def _decode(data: bytes, label: str) -> str:
    """A text file's text: UTF-8 (with or without a BOM), or UTF-16 with a BOM or clearly
    without one (Windows' "Unicode"); anything else with NUL bytes is not text."""
    import codecs

    from afterview.errors import InvalidInput

    wrong = f"{label}: not UTF-8 text"
    encoding = "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif b"\x00" in data:
        from afterview.importers.files import utf16_without_bom

        encoding = utf16_without_bom(data[:1 << 16]) or ""
        if not encoding:
            raise InvalidInput(f"{wrong}: it holds NUL bytes (is it the right file?)")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise InvalidInput(f"{wrong} (is it the right file?)") from None
    if encoding != "utf-8-sig" and not any("a" <= c <= "z" or "A" <= c <= "Z" for c in text):
        # two bytes that look like a byte-order mark, then no letter of a note: binary data
        raise InvalidInput(f"{wrong} (is it the right file?)")
    if "\x00" in text:
        raise InvalidInput(f"{wrong}: it holds NUL characters (is it the right file?)")
    return text


def _context(env: Env, kind, channel, to, company, role, details, siblings, other_companies,
             linkedin_limit, send_at, interview_end, rejection_at=None, other_roles=(), other_people=()):
    from afterview.errors import InvalidInput
    from afterview.reviewer import CHANNELS, ReviewContext
    from afterview.reviewer.model import on_linkedin

    if kind is not None and kind not in _KINDS:
        raise InvalidInput(f"unknown --kind {kind!r} (one of: {', '.join(_KINDS)})")
    channel = channel or ("linkedin" if kind == "linkedin_note" else "card" if kind == "card" else "email")
    if channel not in CHANNELS:
        raise InvalidInput(f"unknown --channel {channel!r} (email or linkedin)")
    limit = _limit(linkedin_limit)
    if limit is None:  # read only for a LinkedIn note: most texts are checked without the playbook
        limit = _playbook_limit(env) if on_linkedin(channel, kind) else ReviewContext.linkedin_limit
    moment = _moment(env, send_at, "--send-at")
    stored = _Stored(env, to)
    company, pipeline = _pipeline(env, company, role, to or "") if company else (company, ([], [], [], []))
    return ReviewContext(
        **(_place(stored, moment) if moment is not None else {}),
        kind=kind,
        channel=channel,
        recipient_name=to or "",
        # the stored person's greet-as name, looked up only when the greeting is not plainly theirs
        recipient_greet_as=stored.greet_as if to else "",
        company=company or "",
        role=role or "",
        details=list(details),
        siblings=[_sibling_body(path) for path in siblings],
        other_companies=_merged(other_companies, pipeline[0]),
        other_roles=_merged(other_roles, pipeline[1]),
        company_roles=pipeline[3],
        other_people=_merged(other_people, pipeline[2]),
        linkedin_limit=limit,
        send_at=moment,
        interview_end=_moment(env, interview_end, "--interview-end"),
        rejection_at=_moment(env, rejection_at, "--rejection-at"),
        # the playbook's wait, read only when a rejection reply's moment is checked
        rejection_wait=lambda: _playbook(env)["rejection_reply"]["not_before"],
    )


def _merged(given, stored: list[str]) -> list[str]:
    return list(dict.fromkeys([*given, *stored]))


def _pipeline(env: Env, company: str, role: str | None, to: str) -> tuple[str, tuple[list[str], ...]]:
    """The company a text said to be for `company` is for (`_this_company`), and the other
    companies, roles and people of your pipeline: the companies of the opportunities at other
    companies, their roles, the people at this company but the one `to` names, and your other
    roles at this company; read from your database when there is one, with the standard
    library's sqlite3 (no SQLAlchemy on lint's path; a PostgreSQL database is read through the
    store); empty when there is none."""
    rows, staff = _pipeline_rows(env)
    company, here = _this_company(company, {name for name, _ in rows} | {at for _, _, at in staff})
    role = " ".join((role or "").split()).casefold()
    wanted = set(to.casefold().split())
    people = [f"{name}|{greet_as or ''}" for name, greet_as, at in staff if at in here
              and not (wanted and wanted <= set(name.casefold().split()) | {(greet_as or "").casefold()})]
    companies, roles, here_roles = [], [], []
    for name, title in rows:
        if name not in here:
            companies.append(name)
        title = " ".join((title or "").split())
        if title and not title.startswith("(") and title.casefold() != role:
            (here_roles if name in here else roles).append(title)
    return company, (sorted(set(companies)), sorted(set(roles)), sorted(set(people)), sorted(set(here_roles)))


def _this_company(company: str, names: set[str]) -> tuple[str, set[str]]:
    """The company --company names among your pipeline's (`names`), and the names taken as it:
    the same name, case, accents and legal form aside ("northwind analytics, inc."), as given;
    else the one name it is the first words of ("Northwind" for Northwind Analytics), which the
    note is then checked as being for. One that could be several is said in one line on standard
    error, and none of them is checked as another company; one that is none of them is said too,
    and they all are."""
    words = _name_key(company)
    same = {name for name in names if words and _name_key(name) == words}
    if same:
        return company, same
    starting = sorted(name for name in names if words and _name_key(name)[:len(words)] == words)
    if len(starting) == 1:
        return starting[0], set(starting)
    if starting:
        two = len(starting) == 2
        _note(f"--company {company!r} could be {_either(starting)}: {'neither' if two else 'none of them'} is "
              f"checked as another company (give the full name to check the {'other' if two else 'others'})")
        return company, set(starting)
    if names:
        _note(f"--company {company!r} names no company in your pipeline (afterview company list): each of "
              f"them is checked as another company")
    return company, set()


def _name_key(name: str) -> list[str]:
    """A company's name as words to match by: without its legal form (`core_words`), in one case,
    accents aside ("Müller" is "muller"), as imports match names (without importing them)."""
    import unicodedata

    from afterview.domain.companies import core_words

    return ["".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
            for word in core_words(name)]


def _either(names: list[str]) -> str:
    return " or ".join(names) if len(names) == 2 else ", ".join(names[:-1]) + " or " + names[-1]


def _note(text: str) -> None:
    from afterview.interfaces.cli.common import echo

    echo(f"note: {text}", err=True)


def _pipeline_rows(env: Env) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """(company name, role) of every opportunity in your database, and (name, greet-as, company
    name) of every person at a company; empty when there is no database."""
    import os

    from afterview.errors import AfterviewError
    from afterview.interfaces.cli.common import read_sqlite, sqlite_file

    try:
        url = env.db_url
    except AfterviewError:
        return [], []
    path = sqlite_file(url)
    if path is not None:
        import sqlite3

        if not os.path.isfile(path):
            return [], []
        try:
            return read_sqlite(path, lambda connection: (list(connection.execute(
                "SELECT companies.name, opportunities.role FROM opportunities "
                "JOIN companies ON companies.id = opportunities.company_id")), list(connection.execute(
                    "SELECT people.name, people.greet_as, companies.name FROM people "
                    "JOIN companies ON companies.id = people.company_id"))))
        except sqlite3.Error:  # not a database of ours yet (an empty or older file): no pipeline
            return [], []
    try:  # a server: read through the store
        from afterview.domain.model import Company, Opportunity, Person

        with env.store(create=False).reading() as tx:
            names = {c.id: c.name for c in tx.list(Company)}
            return ([(names.get(o.company_id, ""), o.role) for o in tx.list(Opportunity)],
                    [(p.name, p.greet_as, names[p.company_id]) for p in tx.list(Person) if p.company_id in names])
    except AfterviewError:
        return [], []


def _place(stored: _Stored, moment) -> dict[str, str]:
    """For a moment checked (--send-at): the zone and country of the one stored person --to
    names, as a draft of theirs is checked (theirs, else the planner's fallback); else the zone
    the moment is written in (yours when none is written) and the country or region of that
    zone, as `person add --tz` gives it (`services.pipeline.country_of_zone`): its weekend
    (Friday-Saturday in Asia/Jerusalem) and public holidays."""
    if stored.found is not None:
        from afterview.errors import AfterviewError
        from afterview.reviewer.context import recipient_place
        from afterview.services.planning import effective_playbook

        person, profile = stored.found
        try:
            return recipient_place(person, profile, effective_playbook(stored.env.config, stored.env.paths))
        except AfterviewError:  # a playbook that cannot be read (every planning command says so)
            pass
    zone = getattr(moment.tzinfo, "key", "")
    if not zone:  # a bare offset ("+02:00"): no place
        return {}
    from afterview.services.pipeline import country_of_zone

    country = country_of_zone(zone)  # "" for a zone of no one country (UTC): the place stays unknown
    return {"recipient_timezone": zone, "recipient_country": country} if country else {}


class _Stored:
    """The one stored person --to names and your profile, read once, when first asked; None when
    no one or several are named, or there is no database."""

    def __init__(self, env: Env, to: str | None) -> None:
        self.env, self.to = env, to

    @cached_property
    def found(self):
        if not self.to:
            return None
        from afterview.errors import AfterviewError

        try:
            from afterview.services.pipeline import find_person

            with self.env.store(create=False).reading() as tx:
                return find_person(tx, self.to), tx.profile()
        except AfterviewError:
            return None

    def greet_as(self) -> str:
        """Their greet-as name ("" when none)."""
        return self.found[0].greet_as if self.found is not None else ""


def _sibling_body(path: str) -> str:
    from afterview.reviewer.source import parse_text

    data = _read_bytes(path)
    if path.lower().endswith(".eml"):
        return _parse_eml(data, path).body
    return parse_text(_decode(data, path)).body


def _playbook(env: Env):
    """The effective playbook (config.toml's [planner], then playbook.toml); one that cannot be
    read is said in one line (what a check against a wrong limit would hide)."""
    from afterview.services.planning import effective_playbook

    return effective_playbook(env.config, env.paths)


def _playbook_limit(env: Env) -> int:
    """A LinkedIn note's limit for a pasted text: the playbook's, for the account your profile
    says (free or Premium), as the planner and the review of a stored draft take it; the free one
    when there is no database yet (--linkedin-limit N says another). Only a LinkedIn note opens
    the database for it."""
    from afterview.errors import StorageError
    from afterview.interfaces.cli.common import in_tx
    from afterview.reviewer.context import linkedin_limit

    try:
        env.store(create=False)
        account = in_tx(env, lambda tx: tx.profile().linkedin_account)
    except StorageError:
        account = "free"
    return linkedin_limit(account, _playbook(env))


def _limit(value: str | None) -> int | None:
    from afterview.errors import InvalidInput

    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise InvalidInput(f"--linkedin-limit must be a whole number, not {value!r}") from None
    if not 1 <= number <= 10000:
        raise InvalidInput(f"--linkedin-limit must be between 1 and 10000, not {number}")
    return number


def _moment(env: Env, value: str | None, option: str):
    from afterview.errors import InvalidInput

    if value is None:
        return None
    try:
        return env.parse_when(value)
    except InvalidInput as err:
        raise InvalidInput(f"{option}: {err}") from None


def _draft(env: Env, draft_id: str):
    from afterview.domain.model import Message
    from afterview.errors import InvalidInput
    from afterview.reviewer import context_for_message
    from afterview.reviewer.source import Source, parse_text

    try:
        number = int(draft_id)
    except ValueError:
        raise InvalidInput(f"--draft must be a draft id (a number), not {draft_id!r}") from None
    with env.store().transaction() as tx:
        message = tx.get(Message, number)
        facts = tx.facts()
    on_linkedin = message.channel.value == "linkedin" or message.kind.value == "linkedin_note"
    context = context_for_message(facts, message, _playbook(env) if on_linkedin else None)
    if context.channel != "email":  # a LinkedIn note or a card: the body alone
        return Source(text=message.body, body=message.body, body_offset=0), context
    # An email draft is shown as a header file would be, so offsets mean what they do for a FILE.
    return parse_text(f"Subject: {message.subject}\n\n{message.body}"), context


def _report(findings, source, name: str, as_json: bool) -> None:
    if as_json:
        import json

        items = []
        for f in findings:
            item = f.to_dict()
            item["start"], item["end"] = source.file_span(f.field, f.start, f.end)
            items.append(item)
        from afterview.interfaces.cli.main import write_document

        write_document(json.dumps({"findings": items}, indent=2, ensure_ascii=False) + "\n")
        return
    starts = _line_starts(source.text) if findings else []
    for f in findings:
        start, _ = source.file_span(f.field, f.start, f.end)
        where = f"{name}:{_line_col(source.text, start, starts)}" if start is not None else name
        line = f"{where}: {f.severity}: {f.message} [{f.code}]"
        if f.suggestion:
            line += f"\n    {f.suggestion}"
        click.echo(line)
    if findings:
        counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
        click.echo(", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n))
    else:
        click.echo("no problems found")


def _line_starts(text: str) -> list[int]:
    """Where each line of `text` starts: worked out once, so that placing many findings stays
    linear (counting the line breaks before each one took seconds for 25,000 findings)."""
    import re

    return [0, *(found.end() for found in re.finditer("\n", text))]


def _line_col(text: str, offset: int, starts: list[int] | None = None) -> str:
    from bisect import bisect_right

    starts = _line_starts(text) if starts is None else starts
    line = bisect_right(starts, offset)
    return f"{line}:{offset - starts[line - 1] + 1}"
