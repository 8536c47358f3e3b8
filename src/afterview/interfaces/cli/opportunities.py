"""`afterview opportunity ...`: roles at companies, and their status."""

from __future__ import annotations

import click

from afterview.interfaces.cli.common import (
    Env, confirm_and_delete, echo, fmt_time, hold_back, in_tx, json_option, pass_env, plans_after, print_json,
    reads_only, say_all, show_fields, table, to_jsonable,
)

STATUSES = ["applied", "interviewing", "offer", "accepted", "rejected", "withdrawn", "no-response"]


@click.group()
def opportunity() -> None:
    """Opportunities (roles): add, list, show, edit, status, delete."""


@opportunity.command("add")
@click.option("--company", "company", required=True, help="Company id or name (created if new).")
@click.option("--role", required=True, help="The role's title.")
@click.option("--source", default="", help="Where you found it: referral, job board, ...")
@click.option("--link", default="", help="The job ad.")
@click.option("--status", default="applied", show_default=True, help="|".join(STATUSES))
@click.option("--pace", default="normal", show_default=True, help="normal | slow (government, academia, large firms).")
@click.option("--notes", default="")
@click.option("--another", is_flag=True,
              help="Add it even when an open opportunity has this role at this company (a second opening).")
@json_option
@pass_env
def add(env: Env, company: str, role: str, source: str, link: str, status: str, pace: str, notes: str,
        another: bool, as_json: bool) -> None:
    """Add an opportunity: a role at a company.

    The company is found by its name in any case, without its legal suffix ("Initech Inc." is
    Initech, as `csv import` reads it), or by the first words of its name. The same role at the
    same company while it is open is refused, naming the one recorded (--another adds a second).
    """
    from afterview.domain.model import Company
    from afterview.services import pipeline

    def apply(tx):
        added, created = pipeline.add_opportunity(tx, company, role, now=env.now, source=source, link=link,
                                                  status=status, pace=pace, notes=notes, another=another)
        return added, created, tx.get(Company, added.company_id).name

    record, created, name = in_tx(env, apply)
    if as_json:
        return print_json(record)
    if created:
        echo(f"added company {record.company_id}: {name}")
    echo(f"added opportunity {record.id}: {record.role} at {name}")


@opportunity.command("list")
@click.option("--status", help="Only this status.")
@click.option("--company", help="Only this company (id or name).")
@json_option
@pass_env
@reads_only
def list_(env: Env, status: str | None, company: str | None, as_json: bool) -> None:
    """List opportunities."""
    from afterview.domain.model import Company, Opportunity
    from afterview.services import pipeline

    def load(tx):
        filters = {}
        if status:
            filters["status"] = pipeline.parse_status(status)
        if company:
            filters["company_id"] = pipeline.find_company(tx, company).id
        return tx.list(Opportunity, **filters), {c.id: c.name for c in tx.list(Company)}

    records, names = in_tx(env, load)
    if as_json:
        return print_json(records)
    from afterview.domain.values import zone

    here = zone(env.user_tz)  # the day in the user's zone, as `opportunity show` says its times
    table(
        ["id", "company", "role", "status", "pace", "status since"],
        [
            [o.id, names.get(o.company_id, ""), o.role, o.status.value, o.pace.value,
             o.history[-1].at.astimezone(here).date().isoformat() if o.history else ""]
            for o in records
        ],
    )


@opportunity.command("show")
@click.argument("opportunity_id")
@json_option
@pass_env
@reads_only
def show(env: Env, opportunity_id: str, as_json: bool) -> None:
    """Show an opportunity with its interviews, status history and the feedback recorded (all of
    it: who gave it, when, and what they said)."""
    from afterview.domain.model import Company, Feedback, Interview, Opportunity, Person
    from afterview.services import pipeline

    def load(tx):
        record = tx.get(Opportunity, pipeline.parse_id(opportunity_id, "opportunity"))
        feedback = sorted(tx.list(Feedback, opportunity_id=record.id), key=lambda f: (f.received_at, f.id or 0))
        named = {h.person_id for h in record.history} | {f.person_id for f in feedback}
        told = {p.id: p.name for p in tx.list(Person) if p.id in named}
        return (record, tx.get(Company, record.company_id), tx.list(Interview, opportunity_id=record.id), told,
                feedback)

    record, company, interviews, told, feedback = in_tx(env, load)
    if as_json:
        return print_json({**to_jsonable(record), "company": company.name, "interviews": to_jsonable(interviews),
                           "feedback": [{**to_jsonable(f), "person": told.get(f.person_id, "")} for f in feedback]})
    show_fields(
        [
            ("status", record.status.value), ("pace", record.pace.value), ("source", record.source),
            ("link", record.link), ("notes", record.notes),
            ("interviews", [f"interview {i.id}: {i.stage or i.format.value} {fmt_time(i.start, i.timezone)} {i.timezone}"
                            + (" (cancelled)" if i.cancelled else "") for i in interviews]),
            ("history", [" ".join(filter(None, (fmt_time(h.at, env.user_tz), h.status.value,
                                                 f"(told by {told[h.person_id]})" if h.person_id in told else "",
                                                 h.note))) for h in record.history]),
            # whole, one item a paragraph: what they said is worth reading again before the next interview
            ("feedback", "\n".join(f"{fmt_time(f.received_at, env.user_tz)}"
                                    f"{f', from {told[f.person_id]}' if f.person_id in told else ''}: {f.text.strip()}"
                                    for f in feedback)),
        ],
        title=[record.role, f"at {company.name}", f"(opportunity {record.id})"],
    )


@opportunity.command("edit")
@click.argument("opportunity_id")
@click.option("--role")
@click.option("--source")
@click.option("--link")
@click.option("--pace")
@click.option("--notes")
@pass_env
def edit(env: Env, opportunity_id: str, **changes) -> None:
    """Change an opportunity's fields (use `status` for its status).

    A new role is said of the drafts that give the old one; an approved or scheduled note that
    gives it is a draft again, to check and approve again.
    """
    from afterview.interfaces.cli.companies import say_renamed
    from afterview.services import pipeline

    given = {k: v for k, v in changes.items() if v is not None}
    number = pipeline.parse_id(opportunity_id, "opportunity")
    renamed = in_tx(env, lambda tx: pipeline.edit_opportunity(tx, number, given, now=env.now))
    record = renamed.record
    echo(f"updated opportunity {record.id}: {record.role}")
    say_renamed(renamed, "role")


@opportunity.command("status")
@click.argument("opportunity_id")
@click.argument("status")
@click.option("--note", default="", help="Why, or what was said.")
@click.option("--from", "from_", metavar="PERSON",
              help="Who told you of a rejection or an offer (id, email or name), e.g. the hiring manager "
                   "who phoned: the rejection reply (or the note declining the offer) goes to them.")
@pass_env
@plans_after
def status(env: Env, opportunity_id: str, status: str, note: str, from_: str | None) -> None:
    """Set an opportunity's status (kept in its history).

    Any status may follow any other, to correct a mistake; a move that reopens a closed
    process, goes back a step or skips the interviews is said in a note.
    """
    from afterview.domain.model import Opportunity
    from afterview.services import pipeline

    number = pipeline.parse_id(opportunity_id, "opportunity")

    def change(tx):
        before = tx.get(Opportunity, number).history
        record, move = pipeline.change_status(tx, number, status, now=env.now, note=note, person=from_)
        return record, move, record.history != before

    record, move, changed = in_tx(env, change)
    if move.kind == "same" and move.teller is None and not changed:
        # the status it has already, said again (as `outcome` says it): nothing is recorded, and
        # the plan is as it was
        echo(f"opportunity {record.id} {already(record)} already: nothing changed")
        return
    # the work first, then what is said: a note approved for the process as it was is not sent
    # now, whether or not the output is read to its end (`... | head -1`)
    held = hold_back(env)
    if move.kind == "same" and move.teller is None and note:
        # with a note, the note is kept as a change of its own
        echo(f"opportunity {record.id} {already(record)} already: your note is recorded with it")
    else:
        say_move(env, record, move)
    say_all(held)


def already(record) -> str:
    """The status an opportunity has, for "opportunity 3 ... already": "is rejected", "has an offer"."""
    return "has an offer" if record.status.value == "offer" else f"is {record.status.value}"


def say_move(env: Env, record, move) -> None:
    """What a status change did: the status, the note a reopening (or a step back, or a skip)
    needs, or who told you, corrected, and the drafts to someone else that this leaves."""
    if move.teller is None:
        echo(f"opportunity {record.id} is now {record.status.value}")
        sentence = move.note(env.user_tz)
        if sentence:
            echo(f"note: {sentence}")
        if rescinded(move):
            say_rescinded(env, record, move)
        else:
            for note in move.sent:  # went because of the decision this changes: the user tells them
                echo(note.sentence(env.user_tz))
        for line in move.rewrite:
            echo(line)
        return
    echo(f"opportunity {record.id} {already(record)} already: {move.teller.sentence()}")
    for message_id, name in move.teller.drafts:
        echo(f"draft {message_id}{f' to {name}' if name else ''} is no longer planned: discard it "
             f"(afterview discard {message_id})")


def rescinded(move) -> bool:
    """An acceptance ended from their side or yours (an offer rescinded, turned down after all)."""
    return move.before.value == "accepted" and move.after.value in ("rejected", "withdrawn", "no-response")


def say_rescinded(env: Env, record, move) -> None:
    """After an accepted offer ends: in one line, the withdrawals it caused that stand (sent) and
    how to take up one of those processes again; then each draft of one, no longer planned."""
    from afterview.domain.model import MessageKind, MessageState
    from afterview.planner import plan

    with env.store().transaction() as tx:
        facts = tx.facts()
    if move.sent:
        stand = "; ".join(f"{n.what} (message {n.message_id} to {n.person}, opportunity {n.opportunity_id})"
                          for n in move.sent)
        first = move.sent[0].opportunity_id
        echo(f"The notes your acceptance caused stand: {stand}; to take up one of those processes again: "
             f"afterview opportunity status {first} interviewing (or offer, when their offer still stands)")
    planned = {a.key for a in plan(facts, env.playbook, env.now)}
    for message in sorted(facts.messages, key=lambda x: x.id or 0):
        if (message.kind is MessageKind.WITHDRAWAL and message.state in (MessageState.DRAFTED, MessageState.FAILED)
                and message.opportunity_id != record.id and message.action_key not in planned):
            person = facts.people.get(message.person_id)
            echo(f"draft {message.id} (withdrawal{f' to {person.name}' if person else ''}) is no longer planned: "
                 f"discard it (afterview discard {message.id})")


@opportunity.command("delete")
@click.argument("opportunity_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--forget-sent", is_flag=True,
              help="Delete it although notes about it went out or are on their way (they are forgotten: an "
                   "opportunity added in its place plans them again).")
@pass_env
@plans_after
def delete(env: Env, opportunity_id: str, yes: bool, forget_sent: bool) -> None:
    """Delete an opportunity and its interviews and debriefs.

    Its messages are kept; one approved or scheduled becomes a draft again at once, and is said.
    An opportunity with notes out (a thank-you, follow-up or other note about it sent, marked
    done, being sent, approved, scheduled or copied out) is refused, as `interview delete`
    refuses: their keys name it, so the same opportunity added again would plan them, and send
    them, again. `opportunity edit` and `opportunity status` correct it and keep its notes;
    --forget-sent deletes it all the same.
    """
    from afterview.domain.model import Opportunity
    from afterview.services import pipeline
    from afterview.services.interviews import forgotten

    number = pipeline.parse_id(opportunity_id, "opportunity")
    gone: list = []

    def remove(tx, record):
        gone[:] = [pipeline.remove_opportunity(tx, record.id, now=env.now, forget_sent=forget_sent, tz=env.user_tz)]

    def then() -> list[str]:
        lines = [f"message {message_id}: {why}" for message_id, why in gone[0].held]
        if gone[0].forgotten:  # insisted on: what it forgets
            lines.append(forgotten("opportunity", gone[0].forgotten))
        return lines + hold_back(env)

    confirm_and_delete(
        env, yes=yes,
        find=lambda tx: tx.get(Opportunity, number),
        remove=remove,  # refused (notes out) before any question: the trial deletion raises it
        question=lambda record: f"Delete opportunity {record.id} ({record.role}) with its interviews?",
        done=lambda record: f"deleted opportunity {record.id}: {record.role}",
        # its approved or scheduled notes: drafts again, at once; then any other it leaves unplanned
        then=then,
    )
