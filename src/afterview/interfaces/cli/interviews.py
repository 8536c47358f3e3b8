"""`afterview interview ...`: interviews and their panels."""

from __future__ import annotations

import click

from afterview.interfaces.cli.common import (
    Env, confirm_and_delete, echo, echo_header, fmt_time, hold_back, in_tx, json_option, pass_env, plans_after,
    print_json, reads_only, say_all, show_fields, table, to_jsonable,
)

FORMATS = "phone | video | onsite"
ROLES = "interviewer, hiring_manager, recruiter, coordinator"


@click.group()
def interview() -> None:
    """Interviews and their panels: add, list, show, edit, delete."""


@interview.command("add")
@click.option("--opportunity", "opportunity_id", required=True, help="Opportunity id.")
@click.option("--start", required=True, help="When it starts: '2026-12-03 10:00', 'yesterday 14:00', '... Europe/Berlin'; a time alone ('2pm') is today's, past or to come.")
@click.option("--end", help="When it ends (a time like 11:00 means the same day).")
@click.option("--duration", help="Instead of --end: 45m, 1h, 1h30m (default 1h).")
@click.option("--tz", help="The zone of the times given (default: yours).")
@click.option("--format", "format_", default="video", show_default=True, help=FORMATS)
@click.option("--stage", default="", help="Phone screen, panel, round 2, ...")
@click.option("--location", default="")
@click.option("--link", "call_link", default="", help="The video call link.")
@click.option("--with", "with_", multiple=True, metavar="PERSON[:ROLE]", help=f"A participant: id, email or name; ROLE one of {ROLES} (repeatable).")
@click.option("--notes", default="")
@json_option
@pass_env
def add(env: Env, opportunity_id, start, end, duration, tz, format_, stage, location, call_link, with_, notes, as_json) -> None:
    """Add an interview with its panel.

    The same interview twice is refused: another of the opportunity that starts then, or
    someone of the panel on another opportunity's interview that starts then (each would be
    thanked twice; recorded under the wrong opportunity, move it with `interview edit ID
    --opportunity`).

    Without --format it is recorded as a video call, and the output says so, with the command
    that changes it (interview edit ID --format phone|onsite|video).
    """
    from afterview.services import pipeline
    from afterview.services.interviews import OPTION_NAMES, interview_times

    number = pipeline.parse_id(opportunity_id, "opportunity")
    begins, ends, zone = interview_times(start, end, duration, tz, now=env.now, default_tz=env.user_tz,
                                         names=OPTION_NAMES)

    def apply(tx):
        panel = pipeline.parse_participants(tx, with_)
        added = pipeline.add_interview(
            tx, number, begins, ends, timezone=zone, now=env.now, format=format_, stage=stage,
            location=location, call_link=call_link, participants=panel, notes=notes,
        )
        return added  # (add_interview refuses the same person at the same moment twice)

    record = in_tx(env, apply)
    if as_json:
        return print_json(record)
    click.echo(f"added interview {record.id}: {_today(start)}{fmt_time(record.start, zone)} {zone}, "
               f"{len(record.participants)} on the panel")
    if click.get_current_context().get_parameter_source("format_") is click.core.ParameterSource.DEFAULT:
        # the default is a guess: said, so that a phone screen is not planned as a video call
        click.echo(f"format: {format_}, assumed as --format was not given (if it was not a video call: "
                   f"afterview interview edit {record.id} --format phone|onsite|video)")
    if record.start > env.now:
        # an interview to come: the debrief waits for it, and a weekday typed alone was read as
        # the next one, which is a week late for an interview that has just happened
        later = (f" (a weekday alone is the next one; if it has happened, type its date: afterview interview "
                 f"edit {record.id} --start DATE)") if _weekday_alone(start) else ""
        click.echo(f"still to come{later}; after it: afterview debrief {record.id}")
        if not record.participants:  # its panel is often named later: its thank-yous wait for it
            click.echo(f"no one is on its panel yet: no thank-you can be planned until you add them "
                       f"(afterview interview edit {record.id} --with PERSON[:ROLE])")
    elif record.participants:
        click.echo(f"next: afterview debrief {record.id}")
    else:  # past, and no one on it: who took part is what its thank-yous are planned from
        click.echo(f"no one is on its panel: no thank-you can be planned until you add them (afterview interview "
                   f"edit {record.id} --with PERSON[:ROLE]); then: afterview debrief {record.id}")


def _weekday_alone(start: str) -> bool:
    """Whether `start` names a day by its weekday only ("Fri 10:00", "monday 9am")."""
    import re

    return re.search(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", start.lower()) is not None and not re.search(
        r"\d{1,4}[-./]\d{1,2}|\b\d{1,2}\s+[a-z]{3}", start.lower())


@interview.command("list")
@click.option("--opportunity", "opportunity_id", help="Only this opportunity's.")
@json_option
@pass_env
@reads_only
def list_(env: Env, opportunity_id: str | None, as_json: bool) -> None:
    """List interviews, newest first.

    Each in its own zone, and in yours too where the clocks differ (a last column).
    """
    from afterview.domain.model import Company, Interview, Opportunity
    from afterview.services import pipeline

    def load(tx):
        filters = {"opportunity_id": pipeline.parse_id(opportunity_id, "opportunity")} if opportunity_id else {}
        return tx.list(Interview, order_by="start", **filters), tx.list(Opportunity), {c.id: c.name for c in tx.list(Company)}

    interviews, opportunities, names = in_tx(env, load)
    if as_json:
        return print_json(interviews)
    roles = {o.id: f"{o.role} at {names.get(o.company_id, '')}" for o in opportunities}
    rows = [
        [i.id, fmt_time(i.start, i.timezone), i.timezone, roles.get(i.opportunity_id, ""),
         f"{i.stage} (cancelled)" if i.cancelled else i.stage, i.format.value, len(i.participants)]
        for i in reversed(interviews)
    ]
    columns = ["id", "when", "zone", "opportunity", "stage", "format", "panel"]
    # your own time beside the interview's, where the clocks differ (New York is 5 hours behind
    # Berlin, except for the weeks when only one of them has changed to summer time)
    yours = [_your_time(i.start, i.timezone, env.user_tz) for i in reversed(interviews)]
    if any(yours):  # last: the columns before it keep their places for scripts that read them
        columns.append(f"your time ({env.user_tz})")
        for row, mine in zip(rows, yours):
            row.append(mine)
    table(columns, rows)


def _today(start: str | None) -> str:
    """"today, " when the start was typed as a time alone ("2pm"), read as today's: said, so that
    an interview recorded late in the evening is seen to be on the day it was typed."""
    from afterview.domain.values import bare_clock

    return "today, " if start and bare_clock(start) else ""


def _your_time(moment, its_zone: str, user_zone: str) -> str:
    """The moment on the user's clock ('Tue 2027-03-16 19:00') when it differs from the
    interview's own clock; "" when both show the same."""
    from afterview.domain.values import clock_there

    if not clock_there(moment, user_zone, its_zone):
        return ""
    return fmt_time(moment, user_zone)


def _span(start, end, tz: str) -> str:
    """'Tue 2027-03-16 14:00 - 15:00', with the end's day when it ends on another one; in the
    hour the clocks go back, each time with the reading it is: 'Sun 2026-11-01 01:30 CDT -
    01:30 CST' (domain.values.wall_clock)."""
    from afterview.domain.values import wall_clock, zone

    first, last = start.astimezone(zone(tz)), end.astimezone(zone(tz))
    same_day = last.date() == first.date()
    return f"{wall_clock(first)} - {wall_clock(last, pattern='%H:%M' if same_day else '%a %Y-%m-%d %H:%M')}"


@interview.command("show")
@click.argument("interview_id")
@json_option
@pass_env
@reads_only
def show(env: Env, interview_id: str, as_json: bool) -> None:
    """Show an interview, its panel and the debriefs recorded.

    Its time in its own zone, and in yours too where the clocks differ.
    """
    from afterview.domain.model import Debrief, Interview, Person
    from afterview.services import pipeline

    def load(tx):
        record = tx.get(Interview, pipeline.parse_id(interview_id, "interview"))
        debriefs = tx.list(Debrief, interview_id=record.id)
        # a round with nobody on it (a take-home) keeps what someone of the process said of it
        ids = [p.person_id for p in record.participants] + [d.person_id for d in debriefs]
        return record, {i: tx.get(Person, i) for i in ids}, debriefs

    record, people, debriefs = in_tx(env, load)
    if as_json:
        return print_json({**to_jsonable(record), "debriefs": to_jsonable(debriefs)})
    by_person = {d.person_id: d for d in debriefs}
    show_fields(
        [
            ("when", f"{_span(record.start, record.end, record.timezone)} {record.timezone}"),
            # your own time too, where the clocks differ
            ("your time", f"{_span(record.start, record.end, env.user_tz)} {env.user_tz}"
             if _your_time(record.start, record.timezone, env.user_tz) else ""),
            ("opportunity", record.opportunity_id), ("format", record.format.value), ("location", record.location),
            ("link", record.call_link), ("notes", record.notes), ("cancelled", "yes" if record.cancelled else ""),
        ],
        title=[f"Interview {record.id}" + (":" if record.stage else ""), record.stage or ""],
    )
    for participant in record.participants:
        person = people[participant.person_id]
        click.echo()
        echo_header([person.name, f"({participant.role.value.replace('_', ' ')}, person {person.id})"], indent="  ")
        debrief = by_person.get(person.id)
        if debrief is None:
            if not record.cancelled:  # nothing to write up about an interview that did not take place
                click.echo(f"    no debrief yet: afterview debrief {record.id} --person {person.id}")
            continue
        for label, value in (("topics", debrief.topics), ("rapport", debrief.rapport), ("concerns", debrief.concerns),
                             ("promised", debrief.promises), ("next steps", debrief.next_steps),
                             ("decision by", debrief.decision_date)):
            if value:
                echo(f"    {label}: {'; '.join(value) if isinstance(value, list) else value}")
    if not record.participants:
        for debrief in debriefs:  # what the employer said of its timing (afterview debrief N --decision-date)
            if not (debrief.next_steps or debrief.decision_date):
                continue
            click.echo()
            echo_header([f"said by {people[debrief.person_id].name}", f"(person {debrief.person_id})"], indent="  ")
            for label, value in (("next steps", debrief.next_steps), ("decision by", debrief.decision_date)):
                if value:
                    echo(f"    {label}: {value}")


@interview.command("edit")
@click.argument("interview_id")
@click.option("--start", help="When it starts, as `interview add --start` reads it (a time alone, '2pm', is today's).")
@click.option("--end")
@click.option("--duration")
@click.option("--tz", help="The zone of the times given; alone, it corrects a zone typed wrong: the same clock times, "
                           "read in this zone (14:00 stays 14:00). To keep the moment and show it in the new zone, "
                           "give the start with its old zone too: --start '2026-12-03 14:00 Etc/UTC' --tz ZONE.")
@click.option("--format", "format_")
@click.option("--stage")
@click.option("--location")
@click.option("--link", "call_link")
@click.option("--with", "with_", multiple=True, metavar="PERSON[:ROLE]", help="Add a participant (repeatable).")
@click.option("--without", multiple=True, metavar="PERSON", help="Remove a participant, who must be on the panel (repeatable).")
@click.option("--opportunity", "opportunity_id", metavar="ID", help="Move it to this opportunity, with its notes and what you decided about them.")
@click.option("--cancelled/--not-cancelled", default=None)
@click.option("--notes")
@pass_env
@plans_after
def edit(env: Env, interview_id: str, start, end, duration, tz, format_, stage, location, call_link, with_, without,
         opportunity_id, cancelled, notes) -> None:
    """Change an interview: times, details, panel, opportunity.

    A note about it approved or scheduled that the change makes wrong is a draft again, and
    each is said: one set to go out before the interview now ends, and, moved to another day,
    one whose text names the old day or set for the moment planned from it (a time chosen with
    send --at stands); one to someone taken off the panel (or one naming them), those of a cancelled interview, and, moved to another
    opportunity, all of them (they name the old role and company). Drafts written before a
    change of time, panel or opportunity are named, with what to check in them; a thank-you
    marked done before the interview's new time is said, with how to undo it.

    --opportunity moves its thank-yous and follow-ups with it: their drafts, sent notes, the
    replies to them, and what you marked done, skipped or snoozed (the keys of follow-ups,
    status_check.1:o1:i3:p2, are rewritten to the new opportunity), so nothing is planned twice
    and nothing done is forgotten. Notes about the old opportunity as a whole (a rejection
    reply, a withdrawal) stay with it. An application moves on to interviewing, as when an
    interview is added; a closed one takes the interview, and nothing more is planned for it.

    The same interview twice is refused, as `interview add` refuses it: another of the
    opportunity starting then, or someone of the panel on another opportunity's interview at
    that time.
    """
    from afterview.services import pipeline
    from afterview.services.interviews import OPTION_NAMES, edit_interview

    number = pipeline.parse_id(interview_id, "interview")
    edited = in_tx(env, lambda tx: edit_interview(
        tx, number, now=env.now, start=start, end=end, duration=duration, tz=tz, format=format_, stage=stage,
        location=location, call_link=call_link, notes=notes, cancelled=cancelled, opportunity=opportunity_id,
        add=with_, remove=without, names=OPTION_NAMES, same_clock=True))
    # the work first, then what is said: e.g. the notes of an interview now cancelled are no
    # longer planned, whether or not the output is read to its end (`... | head -1`)
    unplanned = hold_back(env)
    record = edited.interview
    shown = (f": {_today(start)}{fmt_time(record.start, record.timezone)} {record.timezone}"
             if edited.moved or edited.rezoned else "")
    click.echo(f"updated interview {record.id}{shown}")
    if tz and edited.rezoned and not (start or end or duration):  # the same clock time, in the zone meant
        from afterview.domain.values import zone as zone_info

        clock = f"{record.start.astimezone(zone_info(record.timezone)):%H:%M}"
        echo(f"{clock} now read in {record.timezone} (was {clock} {edited.was_zone}); to keep the moment instead: "
             f"afterview interview edit {record.id} --start '{_old_reading(edited)}' --tz {record.timezone}")
    if edited.opportunity is not None:
        decisions, messages = edited.carried
        along = " and ".join(part for part in (_count(decisions, "decision"), _count(messages, "message")) if part)
        click.echo(f"moved from opportunity {edited.left.id} to opportunity {edited.opportunity.id}"
                   f"{f', with its {along}' if along else ''}")
    for message_id, why in edited.held:
        echo(f"message {message_id}: {why}")
    for line in edited.notes():
        echo(f"note: {line}")
    say_all(unplanned)


def _old_reading(edited) -> str:
    """The start as it was before a zone was corrected, with its old zone ("2026-12-01 14:00
    Etc/UTC"): typed back with --start, it keeps that moment."""
    from afterview.domain.values import zone as zone_info

    record = edited.interview
    clock = record.start.astimezone(zone_info(record.timezone)).replace(tzinfo=None)
    return f"{clock:%Y-%m-%d %H:%M} {edited.was_zone}"


def _count(n: int, noun: str) -> str:
    """"2 decisions", "1 message"; "" for none."""
    return f"{n} {noun}{'' if n == 1 else 's'}" if n else ""


@interview.command("delete")
@click.argument("interview_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--forget-sent", is_flag=True,
              help="Delete it although notes about it went out or are on their way (they are forgotten: an "
                   "interview added in its place plans them again).")
@pass_env
@plans_after
def delete(env: Env, interview_id: str, yes: bool, forget_sent: bool) -> None:
    """Delete an interview, its panel and debriefs (messages about it are kept).

    It says what is then no longer planned (its thank-yous not yet sent, the follow-ups planned
    from it). An interview with notes out (a thank-you or follow-up sent, marked done, being
    sent, approved, scheduled or copied out) is refused: their keys name the interview, so the
    same interview added again would plan them, and send them, again. To correct its date, time,
    zone or panel, `interview edit` keeps its notes; one that did not take place is `interview
    edit ID --cancelled`; --forget-sent deletes it all the same.
    """
    from dataclasses import replace

    from afterview.errors import Conflict
    from afterview.services import pipeline
    from afterview.services.interviews import delete_interview, deletion, planned_about

    number = pipeline.parse_id(interview_id, "interview")
    with env.store().reading() as tx:  # planned outside the write lock (planning is the slow part)
        asked = deletion(tx, number)
        if asked.out and not forget_sent:  # refused before planning, and before any question
            raise Conflict(asked.refusal())
        dropped = planned_about(tx, number, now=env.now, playbook=env.playbook)
    gone = []
    confirm_and_delete(
        env, yes=yes,
        find=lambda tx: deletion(tx, number),
        remove=lambda tx, found: gone.append(delete_interview(tx, found.interview.id, now=env.now,
                                                              forget_sent=forget_sent)),
        question=lambda found: replace(gone[-1], dropped=dropped).question(env.user_tz),
        done=lambda found: f"deleted interview {found.interview.id}",
        # its approved notes: drafts again; what it drops and forgets; then any other note it leaves unplanned
        then=lambda: ([f"message {message_id}: {why}" for message_id, why in gone[-1].held]
                      + replace(gone[-1], dropped=dropped).lines(env.user_tz) + hold_back(env)),
    )
