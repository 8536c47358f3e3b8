"""`afterview outcome` and `afterview feedback`: how a process ended, and what they said."""

from __future__ import annotations

import click

from afterview.interfaces.cli.common import (
    Env, fmt_time, hold_back, in_tx, json_option, pass_env, plans_after, print_json, say_all,
)


@click.command()
@click.argument("opportunity_id")
@click.argument("result", type=click.Choice(["rejected", "offer", "accepted", "withdrawn", "no-response"], case_sensitive=False))
@click.option("--note", default="", help="What they said.")
@click.option("--from", "from_", metavar="PERSON",
              help="Who told you, for a rejection or an offer (id, email or name): the rejection reply "
                   "goes to them, and so does the note declining an offer once you accept another.")
@pass_env
@plans_after
def outcome(env: Env, opportunity_id: str, result: str, note: str, from_: str | None) -> None:
    """Record a decision; a rejection starts the rejection playbook (reply, feedback, keep warm).

    The decision it has already, given again with --from, corrects who told you: the reply goes
    to them instead, unless it was sent already (then nothing changes).
    """
    from afterview.interfaces.cli.opportunities import already, say_move
    from afterview.services import pipeline

    number = pipeline.parse_id(opportunity_id, "opportunity")
    record, move = in_tx(env, lambda tx: pipeline.change_outcome(tx, number, result, now=env.now, note=note,
                                                                 person=from_))
    # the work first, then what is said: e.g. a thank-you or a follow-up approved before they
    # said no is not sent, whether or not the output is read to its end (`... | head -1`)
    again = move.kind == "same" and move.teller is None
    held = hold_back(env) if not again or note.strip() else []
    if again:
        # the decision it has already, said again: nothing changed (a note is kept with it), and
        # what comes next was said when the decision was recorded
        if note.strip():
            click.echo(f"opportunity {record.id} {already(record)} already: your note is recorded with it")
            say_all(held)
        else:
            click.echo(f"opportunity {record.id} {already(record)} already: nothing changed")
        if result.lower() == "accepted":  # what becomes of the other processes, as of now
            _after_acceptance(env, record.id)
        return
    say_move(env, record, move)
    say_all(held)
    if move.teller is not None:
        return  # a correction: what comes next was said when the decision was recorded
    if result.lower() == "rejected":
        click.echo("Next: a gracious reply with a feedback request, from two hours after the news "
                   "(afterview agenda shows it now, afterview today once it is due)")
    if result.lower() == "accepted":
        _after_acceptance(env, record.id)


def _after_acceptance(env: Env, accepted_id: int) -> None:
    """Congratulations; then what becomes of the other processes still open: a withdrawal note
    planned to each contact known, and those with no one to write to, named."""
    from afterview.domain.model import OpportunityStatus as S
    from afterview.planner import plan
    from afterview.planner.engine import process_began

    with env.store().transaction() as tx:
        facts = tx.facts()
    playbook = env.playbook
    others = [o for o in facts.opportunities.values()
              if o.id != accepted_id and o.status in (S.APPLIED, S.INTERVIEWING, S.OFFER)]
    if not others:
        return
    if not playbook["withdraw_after_acceptance"]["enabled"]:
        click.echo(f"Withdrawal notes are off in your playbook (withdraw_after_acceptance): tell the other "
                   f"{'process' if len(others) == 1 else 'processes'} yourself, then: afterview outcome ID withdrawn")
        return
    notes = [a for a in plan(facts, playbook, env.now) if a.kind == "withdrawal"]  # only when it is needed
    planned = {a.opportunity_id for a in notes}
    where = ("afterview today" if any(a.state != "upcoming" for a in notes)
             else "afterview agenda shows them now, afterview today once they are due")
    if planned:
        click.echo(f"Next: a short note withdrawing from {len(planned)} other "
                   f"{'process' if len(planned) == 1 else 'processes'}, with thanks ({where})")
    accepted = facts.opportunities.get(accepted_id)
    # as the planner reads it: the first time it was marked accepted
    accepted_at = min((c.at for c in accepted.history if c.status == S.ACCEPTED), default=env.now) if accepted else env.now
    for o in sorted(others, key=lambda o: o.id):
        if o.id in planned:
            continue
        company = facts.companies.get(o.company_id)
        what = f"{o.role}{f' at {company.name}' if company else ''}"
        began = process_began(o)
        if began > accepted_at:
            # the planner withdraws only from processes open when you accepted
            click.echo(f"{what} began after you accepted ({fmt_time(began, env.user_tz)}): no withdrawal note "
                       f"is planned for it; if you are leaving it too: afterview outcome {o.id} withdrawn")
        else:
            click.echo(_not_planned(env, facts, o, what))


def _not_planned(env: Env, facts, opp, what: str) -> str:
    """Why no withdrawal note is planned for a process open when you accepted: nobody to write to
    (no one of it may be written to at an address), or the plan's own reason for its contact."""
    from afterview.planner.facts import chapter, in_force, safe_zone, withdrawal_key
    from afterview.services.planning import explain, reachable

    people = reachable(facts, opp)
    then = f"tell them yourself, then: afterview outcome {opp.id} withdrawn"
    if not people:
        return f"No one to write to for {what}: {then}"
    person = people[0]
    key = withdrawal_key(opp.id, person.id, chapter(in_force(opp.history, safe_zone(env.user_tz, "UTC")).changes))
    why = explain(facts, env.playbook, key, env.now, env.user_tz).detail
    return f"No withdrawal note is planned for {what} (to {person.name}: {why}): {then}"


@click.command()
@click.argument("opportunity_id")
@click.argument("text", required=False)
@click.option("--person", help="Who gave it (id, email or name).")
@click.option("--file", "file_", type=click.File("r", encoding="utf-8"), help="Read the feedback from a file ('-' for stdin).")
@json_option
@pass_env
def feedback(env: Env, opportunity_id: str, text: str | None, person: str | None, file_, as_json: bool) -> None:
    """Record feedback received after a decision.

    A reply waiting in `afterview replies` that answered your request for feedback (from that
    person, with --person) is handled with it: it leaves the list, with no change of status.
    Feedback is at most 100,000 characters.
    """
    from afterview.services import pipeline

    number = pipeline.parse_id(opportunity_id, "opportunity")
    body = file_.read() if file_ else (text or "")

    def apply(tx):
        who = pipeline.find_person(tx, person).id if person else None
        record = pipeline.record_feedback(tx, number, body, now=env.now, person_id=who)
        return record, pipeline.feedback_replies_handled(tx, record)

    record, handled = in_tx(env, apply)
    if as_json:
        return print_json(record)
    click.echo(f"recorded feedback {record.id} for opportunity {number}")
    for reply in handled:
        click.echo(f"reply {reply} (the answer to your request for feedback) is handled: no longer in afterview replies")
