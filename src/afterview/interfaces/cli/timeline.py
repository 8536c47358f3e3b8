"""`afterview timeline`: everything that happened and is planned, per opportunity or person."""

from __future__ import annotations

import click

from afterview.interfaces.cli.common import Env, echo, fmt_time, in_tx, json_option, pass_env, print_json, reads_only


@click.command()
@click.option("--opportunity", "opportunity_id", help="An opportunity id.")
@click.option("--person", help="A person (id, email or name).")
@json_option
@pass_env
@reads_only
def timeline(env: Env, opportunity_id: str | None, person: str | None, as_json: bool) -> None:
    """Show the timeline of an opportunity or a person, past and planned.

    In time order (what is planned, by when it is due). Things of one same moment come in the
    order they happen: the interview, a reply, the status it changed, what you sent, feedback,
    your own decisions (each kind in the order recorded), then what is planned. A timeline of
    more than one opportunity (a person's) names the opportunity of each line ("· Data Engineer
    at Contoso"; --json: "about").

    A note written for a planned action is one line: a draft as the planned action, at the
    moment it is due ("planned thank you to Priya Raman (due): drafted (SUBJECT) [KEY]"); a note
    on its way as the message, at the moment it goes, or was approved to go with the next mail
    round ("thank you to Priya Raman: scheduled (SUBJECT) [KEY]").

    Long feedback is shortened here at a word ("..."); --json and `afterview opportunity show`
    give all of it.
    """
    from afterview.domain.model import Opportunity
    from afterview.errors import InvalidInput
    from afterview.services import pipeline
    from afterview.services.planning import effective_playbook, timeline_entries

    if bool(opportunity_id) == bool(person):
        raise InvalidInput("give --opportunity ID or --person REF")

    def load(tx):
        who = pipeline.find_person(tx, person).id if person else None
        number = pipeline.parse_id(opportunity_id, "opportunity") if opportunity_id else None
        if number is not None:
            tx.get(Opportunity, number)  # NotFound: one line
        # only the part of the pipeline around them is planned (planner.around)
        return timeline_entries(tx.facts(), effective_playbook(), env.now, opportunity_id=number, person_id=who)

    entries = in_tx(env, load)
    if as_json:
        return print_json(entries)
    for entry in entries:
        mark = "planned " if entry.planned else ""
        key = f" [{entry.key}]" if entry.key else ""  # what `afterview why`, done, snooze and skip take
        text = shorten(entry.text) if entry.kind == "feedback" else entry.text
        about = f" · {entry.about}" if entry.about else ""  # which opportunity, in a person's timeline of several
        echo(f"{fmt_time(entry.at, env.user_tz)}  {mark}{text}{about}{key}")


FEEDBACK_ROOM = 140  # characters of feedback on one line of the timeline


def shorten(text: str, room: int = FEEDBACK_ROOM) -> str:
    """`text` as it is when it fits in `room` characters, else cut at the last word that fits,
    with "..." (a single word longer than the room is cut where the room ends)."""
    if len(text) <= room:
        return text
    cut = text[:room - 3]
    if not text[room - 3].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "..."
