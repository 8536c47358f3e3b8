"""`afterview person ...`: interviewers, hiring managers, recruiters and other contacts."""

from __future__ import annotations

import click

from afterview.interfaces.cli.common import (
    Env, confirm_and_delete, echo, fmt_time, hold_back, in_tx, json_option, pass_env, plans_after, print_json, reads_only,
    say_all, show_fields, split_list, table, terminal_text,
)


@click.group()
def person() -> None:
    """People: add, list, show, edit, merge, delete, export, forget."""


def person_options(func):
    for option in reversed(
        [
            click.option("--email", "emails", multiple=True, help="Email address (repeatable)."),
            click.option("--company", help="Company id or name (created if new)."),
            click.option("--title", help="Their job title."),
            click.option("--linkedin", "linkedin_url", help="LinkedIn profile URL."),
            click.option("--tz", "timezone", help="Their time zone (IANA, e.g. America/New_York; not an abbreviation like EST)."),
            click.option("--country", help="Their country for public holidays (ISO code: US, DE), or a region with its own (GB-ENG, DE-BY)."),
            click.option("--tag", "tags", multiple=True, help="An interest or topic they care about (repeatable)."),
            click.option("--greet-as", "greet_as", metavar="NAME",
                         help="The name a note greets them by, when not their first name: a given name written "
                              "last (\"Khai\" for Nguyễn Thị Minh Khai), a title and family name (\"Ms. Nguyen\"), "
                              "a name they go by. \"\" (with edit): their first name again."),
            click.option("--notes"),
        ]
    ):
        func = option(func)
    return func


def _given(values: dict) -> dict:
    out = {}
    for name, value in values.items():
        if value is None or value == ():
            continue
        out[name] = split_list(value) if name in ("emails", "tags") else value
    return out


@person.command("add")
@click.argument("name")
@person_options
@json_option
@pass_env
def add(env: Env, name: str, as_json: bool, **values) -> None:
    """Add a person."""
    from afterview.domain.values import address_note
    from afterview.services import pipeline

    def apply(tx):
        added = pipeline.add_person(tx, name, **_given(values))
        return added, pipeline.namesakes(tx, added)

    record, namesakes = in_tx(env, apply)
    given = _given(values)
    place = (pipeline.from_zone(record) if record.country and "country" not in given
             else pipeline.from_country(record) if record.timezone and "timezone" not in given else "")
    if namesakes:  # most likely the same person twice: added as asked, and said
        first = namesakes[0]
        where = " at the same company" if record.company_id is not None else ""
        alike = (f"is also called {first.name}" if pipeline.same_name(first.name, record.name)
                 else f"has a name one letter away, {first.name},")
        echo(f"afterview: warning: person {first.id} {alike}{where}: if they are the same "
             f"person, merge them (afterview person merge {record.id} --into {first.id})", err=True)
    stored = address_note(given.get("emails", []))  # "stored as jose@xn--bcher-kva.example, ..."
    print_json(record) if as_json else echo(f"added person {record.id}: {record.name}" + (f" ({place})" if place else "")
                                            + (f"; {stored}" if stored else ""))
    _country_note(env, values.get("country"))
    _zone_note(record)


def _zone_note(record) -> None:
    """A country of several time zones and no zone: said once, naming --tz (pipeline.zone_unknown)."""
    from afterview.services import pipeline

    note = pipeline.zone_unknown(record)
    if note:
        echo(f"afterview: warning: {note}", err=True)


def _country_note(env: Env, typed: str | None) -> None:
    """What a country typed means for the public holidays, when it is worth saying (values.country_note:
    "UK is kept as GB; GB alone has only the public holidays all of its regions share, ...")."""
    from afterview.domain.values import country_note

    note = country_note(typed, env.now.year) if typed else ""
    if note:
        echo(f"afterview: warning: {note}", err=True)


@person.command("list")
@click.option("--company", help="Only people at this company (id or name).")
@json_option
@pass_env
@reads_only
def list_(env: Env, company: str | None, as_json: bool) -> None:
    """List people."""
    from afterview.domain.model import Company, Person
    from afterview.services import pipeline

    def load(tx):
        filters = {"company_id": pipeline.find_company(tx, company).id} if company else {}
        return tx.list(Person, **filters), {c.id: c.name for c in tx.list(Company)}

    people, names = in_tx(env, load)
    people.sort(key=Person.name_order)  # case and accents aside, as the desk lists them
    if as_json:
        return print_json(people)
    table(
        ["id", "name", "title", "company", "email", "linkedin"],
        [[p.id, p.name, p.title, names.get(p.company_id, ""), p.email, _linkedin_words(p)] for p in people],
    )


def _linkedin_words(person) -> str:
    """The LinkedIn column: the connection, and whether their profile is known when there is none
    ("not connected (profile known)"), as the desk's person page says it."""
    if person.connection.value != "none":
        return person.connection.value
    return "not connected (profile known)" if person.linkedin_url else "not connected"


@person.command("show")
@click.argument("ref")
@json_option
@pass_env
@reads_only
def show(env: Env, ref: str, as_json: bool) -> None:
    """Show a person (by id, email or name)."""
    from afterview.domain.model import Company
    from afterview.services import pipeline

    def load(tx):
        record = pipeline.find_person(tx, ref)
        company = tx.get(Company, record.company_id) if record.company_id else None
        return record, company

    record, company = in_tx(env, load)
    if as_json:
        return print_json(record)
    show_fields(
        [
            ("title", record.title), ("company", company.name if company else ""), ("email", record.emails),
            ("linkedin", f"{record.linkedin_url} ({record.connection.value})" if record.linkedin_url else record.connection.value),
            ("connected", fmt_time(record.connected_at, env.user_tz)), ("time zone", record.timezone),
            ("country", record.country), ("greet as", record.greet_as), ("cares about", record.tags),
            ("notes", record.notes),
            ("do not contact", "yes" if record.do_not_contact else ""),
        ],
        title=[record.name, f"(person {record.id})"],
    )


@person.command("edit")
@click.argument("ref")
@click.option("--name")
@person_options
@click.option("--no-email", "no_email", is_flag=True,
              help="Remove every address (unsent emails to them wait for a new one).")
@click.option("--connection", help="none | requested | connected")
@click.option("--do-not-contact/--may-contact", "do_not_contact", default=None, help="They asked not to be contacted.")
@pass_env
@plans_after
def edit(env: Env, ref: str, no_email: bool, **values) -> None:
    """Change a person's fields (--email and --tag replace the lists).

    Unsent emails to them follow a changed address: a draft is readdressed, an approved or
    scheduled one is readdressed and becomes a draft to approve again. Nothing goes to an
    address that is no longer theirs. A note that failed at the old address (refused, bounced)
    is named: approved again, it goes to the new one; so is a note sent to the old address in
    the last four weeks, which is not sent again.
    """
    from afterview.domain.values import address_note
    from afterview.errors import InvalidInput
    from afterview.services import pipeline

    given = _given(values)
    if no_email:
        if "emails" in given:
            raise InvalidInput("give --email or --no-email, not both")
        given["emails"] = []
    elif "emails" in given and not given["emails"]:
        # an empty --email (an unset variable) would silently take every address away
        raise InvalidInput("--email is empty: give an address (to remove every address: --no-email)")

    def apply(tx):
        record = pipeline.find_person(tx, ref)
        return pipeline.edit_person(tx, record.id, pipeline.clean_person_fields(tx, given), now=env.now)

    edited = in_tx(env, apply)
    # the work first, then what is said: e.g. do-not-contact: their approved notes are drafts
    # again, whether or not the output is read to its end (`... | head -1`)
    unplanned = hold_back(env)
    record = edited.person
    stored = address_note(given.get("emails", []))
    echo(f"updated person {record.id}: {record.name}" + (f" ({edited.place})" if edited.place else "")
         + (f"; {stored}" if stored else ""))
    _country_note(env, values.get("country"))
    if "country" in given or "timezone" in given:
        _zone_note(record)
    for moved in edited.readdressed:
        echo(_readdressed(moved, env))
    for sent in edited.old_sends:
        echo(_old_send(sent, record.email, env.user_tz))
    for message_id, why in edited.renamed:
        echo(f"message {message_id}: {why}")
    for message_id, key in edited.old_greeting:
        again = f"afterview draft {key} --force" if key else f"afterview edit {message_id}"
        echo(f"note: draft {message_id} names {edited.was}, now {edited.now}: correct it, or draft it again ({again})")
    say_all(unplanned)


def _readdressed(moved, env: Env) -> str:
    """One line per unsent email that followed a change of address. One being sent, or whose send
    was cut off, is said in the words of `today` (outbox.sending_words)."""
    if moved.busy:
        return f"message {moved.message_id} goes to {moved.old}, too late to change it: {_sending(env, moved.message_id)}"
    if moved.held:
        text = f"message {moved.message_id}: {moved.held}"
    else:
        what = f"message {moved.message_id} (failed)" if moved.failed else f"draft {moved.message_id}"
        if moved.new:
            text = f"{what}: now to {moved.new}" + (f" (was {moved.old})" if moved.old else "")
        else:
            text = f"{what}: no address now (was {moved.old}); add one before sending it"
    if moved.copied:
        text += f"; the copy you made earlier still goes to {moved.old}: delete it"
    return text


def _sending(env: Env, message_id: int) -> str:
    """What `today` says of a message being sent (or whose send was cut off), as it is now."""
    from afterview.delivery.outbox import sending_words
    from afterview.domain.model import Message, MessageState

    with env.store().reading() as tx:
        message = next(iter(tx.list(Message, id=[message_id])), None)
    if message is None or message.state != MessageState.SENDING:  # its send ended meanwhile
        return f"its send ended meanwhile (afterview show {message_id} says how it went)"
    return sending_words(message, env.now, lambda moment: fmt_time(moment, env.user_tz))


def _old_send(sent, new: str, tz: str) -> str:
    """One line per note that failed at, or was sent lately to, an address no longer theirs."""
    if sent.sent:
        when = fmt_time(sent.at, tz)
        again = (f"if it did not reach them, copy its text (afterview show {sent.message_id}) into an email to {new}"
                 if new else "if it did not reach them, give them an address and write to it")
        return (f"message {sent.message_id} was sent to {sent.address} on {when}, the old address: Afterview does "
                f"not send a sent note again; {again}")
    if sent.unknown:
        return (f"message {sent.message_id} may have arrived at {sent.address}, the old address (its send was cut "
                f"off): if it did not, afterview approve {sent.message_id} --resend sends it to "
                f"{new or 'their address, once they have one'}")
    why = f" ({sent.error})" if sent.error else ""
    to = f"sends it to {new}" if new else "sends it to their address, once they have one"
    return (f"message {sent.message_id} failed at {sent.address}, the old address{why}: "
            f"afterview approve {sent.message_id} {to}")


@person.command("merge")
@click.argument("duplicate")
@click.option("--into", "keep", required=True, metavar="PERSON", help="The person to keep (id, email or name).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_env
@plans_after
def merge(env: Env, duplicate: str, keep: str, yes: bool) -> None:
    """Merge a person entered twice into the one to keep, then delete the duplicate.

    Their places on panels, debriefs, messages, replies, feedback and the decisions on their
    actions move over (a thank-you marked done stays done); their addresses, interests and
    notes join the kept person's. Two people of one name: give ids (afterview person list).

    The kept person's own details stand: their first address stays first, and the duplicate's
    title, time zone, country, LinkedIn and greet-as name only fill what they lack; the output
    says what was taken and what differed. Each unsent email moved over says where it goes: the
    kept person's first address (a failed one, where it went). A moved draft that names the
    duplicate's name is said, to correct or draft again, as `person edit --name` says it.

    There is no undo: the question says so, and warns when their names or companies differ
    (most likely the wrong pair; with --yes, a warning says it after).

    Of two notes for one action, the one furthest along stands (sent > approved or scheduled >
    edited draft > plain draft; the kept person's own on a tie), and the output says which and
    why. A moved approved note stays approved only when its address and the name it greets stay
    as approved; a note naming one of them as someone else on a panel both were on is held back
    (approved) or said (a draft). A time zone or country taken from the duplicate: the notes on
    their way are said with their times on the kept person's clock.
    """
    from afterview.services import pipeline
    from afterview.services.merge import merge_doubts, merge_people

    def find(tx):
        twin, kept = pipeline.find_person(tx, duplicate), pipeline.find_person(tx, keep)
        return twin, kept, merge_doubts(tx, twin, kept) if twin.id != kept.id else ""

    twin, kept, doubts = in_tx(env, find)
    if twin.id == kept.id:
        raise click.UsageError(f"{duplicate!r} and {keep!r} are the same person ({twin.id}): name the duplicate, "
                               "then the person to keep")
    if not yes:  # the wrong pair is merged for good: said before, when the two look like two people
        warning = f" Warning: {doubts}: check that they are one person." if doubts else ""
        click.confirm(terminal_text(f"Merge {twin.name} (person {twin.id}) into {kept.name} (person {kept.id})? "
                                    f"Person {twin.id} is then deleted, with no undo.{warning} Merge?"),
                      abort=True, err=True)
    merged = in_tx(env, lambda tx: merge_people(tx, twin.id, kept.id, now=env.now))
    # the work first, then what is said: e.g. the duplicate asked not to be contacted, so the kept
    # person's approved notes are drafts again, whether or not the output is read to its end
    unplanned = hold_back(env)
    due = _due_by(env, merged.on_the_way) if merged.place_was is not None else {}
    echo(f"merged person {twin.id} into person {kept.id} ({kept.name}): {merged.summary()} moved over")
    for line in merged.details + merged.notes(env.user_tz, due):
        echo(line)
    say_all(unplanned)
    if yes and doubts:  # asked nothing: said after, for whoever reads what a script did
        echo(f"afterview: warning: person {twin.id} was merged although {doubts}; a merge has no undo", err=True)


def _due_by(env: Env, on_the_way) -> dict:
    """message id -> the moment its action is due by, as the plan has it now (their new place)."""
    if not on_the_way:
        return {}
    from afterview.services.planning import current_plan

    with env.store().transaction() as tx:
        facts = tx.facts()
    due = {a.key: a.due for a in current_plan(None, env.playbook, env.now, facts)}
    return {message_id: due[key] for message_id, key, _ in on_the_way if key in due}


@person.command("delete")
@click.argument("ref")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_env
def delete(env: Env, ref: str, yes: bool) -> None:
    """Delete a person who has no messages, debriefs or interviews."""
    from afterview.services import pipeline

    confirm_and_delete(
        env, yes=yes,
        find=lambda tx: pipeline.find_person(tx, ref),
        remove=lambda tx, record: pipeline.delete_person(tx, record.id),
        question=lambda record: f"Delete {record.name} (person {record.id})?",
        done=lambda record: f"deleted person {record.id}: {record.name}",
    )


@person.command("export")
@click.argument("ref")
@click.option("--out", "out", metavar="FILE", help="Write to FILE (readable by you alone) instead of standard output.")
@pass_env
@reads_only
def export(env: Env, ref: str, out: str | None) -> None:
    """Everything held about one person, as JSON (a request to see their data).

    The person, the interviews they were on and their part in each, debriefs about them, notes
    to them, their replies and feedback, the status changes they told you of, the news shared
    with them, your decisions on actions for them, what imports and calendar exports remember of
    them, and which of your own notes name them.
    """
    from afterview.services import pipeline
    from afterview.services.privacy import person_document

    document = in_tx(env, lambda tx: person_document(tx, pipeline.find_person(tx, ref).id, now=env.now))
    if out is None or out == "-":
        return print_json(document, plain=True)
    from afterview.files import write_whole
    from afterview.interfaces.cli.common import json_text

    write_whole(out, json_text(document) + "\n")
    echo(f"exported what is held about {document['person']['name']} (person {document['person']['id']}) to {out}",
         err=True)


@person.command("forget")
@click.argument("ref")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_env
@plans_after
def forget(env: Env, ref: str, yes: bool) -> None:
    """Erase a person and everything about them, at their request (no undo).

    Gone in one step, all or nothing: the person, their places on interview panels (the
    interview stays), debriefs about them, notes to them (drafts, approved or scheduled ones
    are cancelled and erased too), their replies and feedback, your decisions on actions for
    them, and what imports and calendar exports remember of them. A status change they told you
    of stays, without their name. Your own text that names them (an interview's notes) is not
    rewritten: the output lists it. Refused while a note to them is being sent, or waits in your
    Drafts folder (take it back first: afterview approve ID --withdraw). Not erased: mail in
    your own mailbox, backups and files exported before.
    """
    from afterview.services import pipeline
    from afterview.services.privacy import check_forgettable, forget_person, held_about, kept_elsewhere, wipe_freed

    def look(tx):
        held = held_about(tx, pipeline.find_person(tx, ref).id)
        check_forgettable(held)
        return held

    held = in_tx(env, look)
    who = f"{held.person.name} (person {held.person.id})"
    if not yes:
        click.confirm(terminal_text(f"Forget {who}? This erases {held.summary()}. It cannot be undone."),
                      abort=True, err=True)
    erased = in_tx(env, lambda tx: forget_person(tx, held.person.id))
    store = env.store()
    tidy = wipe_freed(store)
    unplanned = hold_back(env)
    echo(f"forgot {who}: erased {erased.summary()}")
    echo(f"not erased: {kept_elsewhere(store)}")
    if erased.not_rewritten():
        echo(f"note: {erased.not_rewritten()}")
    if not tidy:
        echo("afterview: warning: another Afterview program is reading the database: the old copies of their "
             "rows leave its write-ahead log at its next write", err=True)
    say_all(unplanned)
