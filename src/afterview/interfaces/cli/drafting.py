"""`afterview draft`, `drafts`, `show`, `edit` and `templates`: drafting and reviewing messages."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from afterview.interfaces.cli.common import (
    Env, echo, in_tx, json_option, pass_env, plans_after, print_json, reads_only, table, terminal_text,
)

TONE_CHOICE = click.Choice(["warm", "formal", "concise"])


# -- draft -------------------------------------------------------------------------------------


@click.command()
@click.argument("actions", nargs=-1, metavar="[ACTION]...")
@click.option("--interview", "interview_id", type=int, metavar="ID", help="Draft the due actions of this interview (and its thank-yous).")
@click.option("--tone", type=TONE_CHOICE, help="warm, formal or concise (default: your profile's).")
@click.option("--force", is_flag=True, help="Replace the text of drafts that already exist for these actions.")
@click.option("--ask/--no-ask", default=None, help="Ask for missing facts (default: when run in a terminal); one that several drafts share (your phone number) is asked once.")
@json_option
@pass_env
def draft(env: Env, actions, interview_id, tone, force, ask, as_json) -> None:
    """Draft messages for planned actions (keys from `afterview today`) or a whole interview.

    \b
    afterview draft thank_you:i7:p3          one action
    afterview draft --interview 7 --tone formal
    \b
    Each draft is saved in state drafted and reviewed at once. Where a fact is missing (no
    topic recorded for an interviewer, no phone number) the draft shows a [gap]; in a terminal
    you are asked for it, and your answer is recorded in the debrief or your profile.
    """
    from afterview.services import drafting

    def use_case(tx):
        from afterview.domain.model import Message, MessageState, Person
        from afterview.planner import plan

        if force:  # a new text withdraws an approval: said as `edit` says it
            approved.update({m.id: m.state.value for m in tx.list(Message, state=[MessageState.APPROVED,
                                                                                   MessageState.SCHEDULED])})
        playbook = drafting.load_playbook_for(env.config)  # the plan draft_actions would make itself
        facts = tx.facts()  # loaded once, for the plan and the drafts
        planned = plan(facts, playbook, env.now)
        found = drafting.draft_actions(tx, keys=list(actions), interview_id=interview_id, tone=tone,
                                       now=env.now, config=env.config, force=force, actions=planned,
                                       playbook=playbook, facts=facts)
        names.update({r.message.person_id: tx.get(Person, r.message.person_id).name for r in found})
        # what `today` says of a note found late ("late: 59 days after ..."): said when it is drafted
        late.update({a.key: a.note for a in planned if a.note.startswith("late:")})
        fillable.update(kept_gaps(tx, [r for r in found if r.outcome == "kept"], env, playbook, facts))
        from afterview.services.pipeline import written_before

        # kept, but written before a change that makes its text wrong (an offer came since)
        stale.update({r.message.id: said for r in found if r.outcome == "kept"
                      and r.message.opportunity_id in facts.opportunities
                      and (said := written_before(facts.opportunities[r.message.opportunity_id], r.message))})
        return found

    names: dict[int, str] = {}
    approved: dict[int, str] = {}  # message id -> approved | scheduled, before the new text
    late: dict[str, str] = {}  # action key -> its plan's note, when it says the note is late
    fillable: dict[int, list[str]] = {}  # a kept draft's id -> the gaps in it that a new draft fills
    stale: dict[int, str] = {}  # a kept draft's id -> why it should be written again
    results = in_tx(env, use_case)
    if ask is None:
        ask = not as_json and sys.stdin.isatty()
    if ask:
        results = _ask_for_gaps(env, results)
    withdrawn = {r.message.id: approved[r.message.id] for r in results
                 if r.outcome == "replaced" and r.message.id in approved}
    copied = {r.message.id: str(drafting.CopyIsOut(r.message)) for r in results if r.outcome == "copied"}
    if as_json:
        print_json([_result_json(r) | {"approval_withdrawn": withdrawn.get(r.message.id, ""),
                                       "not_redrafted": copied.get(r.message.id, ""),
                                       "late": late.get(r.message.action_key, ""),
                                       "fillable": fillable.get(r.message.id, []),
                                       "written_before": stale.get(r.message.id, "")} for r in results])
    else:
        for result in results:
            _echo_result(result, names.get(result.message.person_id, ""), withdrawn.get(result.message.id, ""),
                         fillable.get(result.message.id, ()))
            if result.message.action_key in late:
                echo(f"    note: {late[result.message.action_key]}")
            if result.message.id in stale:
                echo(f"    {stale[result.message.id]}")
        for said in copied.values():  # a copy of it is on its way: why it kept its text, and the ways on
            echo(f"note: {said}", err=True)
    if copied and all(r.outcome == "copied" for r in results):  # nothing of what was asked was done
        raise SystemExit(2)


def kept_gaps(tx, results, env: Env, playbook=None, facts=None) -> dict[int, list[str]]:
    """For drafts kept as they were (`draft` without --force): the gaps ("[your phone number]")
    their text still shows that a draft made now would fill, by message id (none: left out)."""
    from afterview.services import drafting

    found = {}
    for result in results:
        message = result.message
        if message.state.value != "drafted" or "[" not in message.body or drafting.copy_is_out(message):
            continue
        gaps = fillable_gaps(tx, message, env, playbook, facts)
        if gaps:
            found[message.id] = gaps
    return found


def fillable_gaps(tx, message, env: Env, playbook=None, facts=None) -> list[str]:
    """The gaps of a draft's text ("[your phone number]") that a draft made from the facts as they
    are now would no longer have: composed again as `redraft_message` composes it, not saved."""
    from afterview.composer import DraftRequest
    from afterview.reviewer.rules.mechanics import PLACEHOLDER
    from afterview.services import drafting

    shown = [m.group() for m in PLACEHOLDER.finditer(message.body) if m.group().startswith("[")]
    if not shown:
        return []
    facts = facts if facts is not None else tx.facts()
    playbook = playbook if playbook is not None else drafting.review_playbook(env.config)
    request = DraftRequest(kind=message.kind, person_id=message.person_id, opportunity_id=message.opportunity_id,
                           interview_id=message.interview_id, channel=message.channel, key=message.action_key,
                           day=env.now.date(), sequence=drafting._follow_up_number(facts, message),
                           news_id=drafting._planned_news(facts, playbook, message, env.now))
    from afterview.errors import AfterviewError

    try:
        draft = drafting.compose_for(facts, request, message.tone or None, env.config, playbook)
    except AfterviewError:  # nothing to say of a draft that cannot be composed again now (`draft` says why)
        return []
    still = {g.placeholder for g in draft.asks} | {m.group() for m in PLACEHOLDER.finditer(draft.body)}
    return list(dict.fromkeys(p for p in shown if p not in still))


def _ask_for_gaps(env: Env, results):
    """Offer to fill each gap the CLI can record, then draft those messages again."""
    from afterview.services import drafting

    updated = []
    given: dict[tuple[str, str], str] = {}  # a gap several drafts share (your phone number): asked once
    for result in results:
        answers = []
        for gap in result.asks:
            if drafting.answerable(gap):
                same = (gap.question, gap.placeholder)
                if same not in given:
                    echo(f"#{result.message.id}: {gap.placeholder}")  # they name the person
                    # "(empty to skip)" goes before the prompt's own colon, not after the question's
                    question = gap.question.rstrip().removesuffix(":")
                    given[same] = click.prompt(terminal_text(f"  {question} (empty to skip)"), default="",
                                               show_default=False)
                if given[same].strip():
                    answers.append((gap, given[same]))
        if not answers:
            updated.append(result)
            continue

        def use_case(tx, result=result, answers=answers):
            for gap, answer in answers:
                drafting.record_answer(tx, gap, answer)
            message = tx.get(type(result.message), result.message.id)
            return drafting.redraft_message(tx, message, now=env.now, config=env.config)

        updated.append(in_tx(env, use_case))
    return updated


def _counts(findings) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return counts


def _result_json(result) -> dict:
    from afterview.interfaces.cli.common import to_jsonable

    return {
        "message": to_jsonable(result.message),
        "outcome": result.outcome,
        "findings": [f.to_dict() | {"field": f.field} for f in result.findings],
        "gaps": [g.placeholder for g in result.asks],
    }


def _echo_result(result, name: str = "", withdrawn: str = "", fillable=()) -> None:
    """One line for a drafted message; `withdrawn`: the approved or scheduled state a new text
    took it out of (said as `edit` says it); `fillable`: the gaps of a kept draft that a new
    draft would fill (`fillable_gaps`)."""
    from afterview.composer.context import PAY_STAYS_OUT, TOPIC_WORDING

    m = result.message
    counts = _counts(result.findings)
    verb = {"created": "drafted", "replaced": "redrafted", "kept": "kept (use --force to replace)",
            "copied": "not redrafted (a copy of it is out, on its way: see below)"}[result.outcome]
    from afterview.services.drafting import copy_is_out

    if result.outcome == "kept" and copy_is_out(m):  # --force would not replace it either: the way that does
        verb = (f"kept (a copy of it was {m.note.split(';')[0]}, on its way; to change it, take that copy back "
                f"first: afterview approve {m.id} --withdraw)")

    review = (f"{_count(counts['error'], 'error')}, {_count(counts['warning'], 'warning')}"
              if result.findings or result.outcome not in ("kept", "copied") else "")
    line = f"#{m.id} {m.kind.value}{f' to {name}' if name else ''} [{m.tone or '-'}] {verb}"
    if m.subject:
        line += f": {m.subject}"
    echo(line + (f" ({review})" if review else "") + (_withdrawn_said(m.id, withdrawn) if withdrawn else ""))
    if result.outcome == "kept" and fillable:  # written before the fact was known: a new draft fills it
        gaps, one = " and ".join(fillable), len(fillable) == 1
        how = (f"draft it again: afterview draft {m.action_key} --force" if m.action_key
               else f"fill {'it' if one else 'them'} in: afterview edit {m.id}")
        echo(f"    kept with {gaps}, which {'is' if one else 'are'} known now: {how}")
    for gap in result.asks:
        if gap.field == TOPIC_WORDING:  # nothing missing: a topic's wording to check
            echo(f"    check: {gap.placeholder}")
            continue
        hint = _RECORD_WITH.get(gap.field, "")
        if gap.field == "debrief.topics" and gap.interview_id is not None:
            hint = f"afterview debrief {gap.interview_id}" + (f" --person {gap.person_id}" if gap.person_id else "")
        if gap.field == "debrief.topics" and PAY_STAYS_OUT in gap.question:  # a topic is recorded, about pay
            hint = f"{PAY_STAYS_OUT.lower()}, and that is all you recorded: add another with `{hint}`"
        elif hint:
            hint = f"record it with `{hint}`"
        echo(f"    missing: {gap.placeholder}" + (f" ({hint})" if hint else ""))


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


_RECORD_WITH = {
    "debrief.topics": "afterview debrief INTERVIEW",
    "profile.phone": "afterview profile set --phone",
    "profile.name": "afterview profile set --name",
    "news": "afterview news add",
    "opportunity.role": "afterview opportunity edit OPPORTUNITY --role",
    "opportunity.company": "afterview company edit COMPANY --name",
    "interview": "afterview interview list",
}


# -- drafts ------------------------------------------------------------------------------------


@click.command()
@click.option("--all", "all_states", is_flag=True, help="Every message, not only open drafts.")
@json_option
@pass_env
@reads_only
def drafts(env: Env, all_states, as_json) -> None:
    """List drafts with their recipient, subject, state and review findings.

    Only open drafts are reviewed (errors, warnings): with --all, a message sent or closed shows
    its state and "-" for its findings (--json: "findings": null).
    """
    from afterview.domain.model import DecisionKind
    from afterview.perf import keep_for_exit
    from afterview.services import drafting
    from afterview.services.delivery import copied_out, outcome_unknown, retry_error, waits_for_account

    with env.store().transaction() as tx:  # one read of the facts: the drafts, their review and the plan
        facts = tx.facts()
    listed = drafting.list_drafts(None, env.config, all_states=all_states, facts=facts)
    # whether an open draft's action is still planned: only the part of the pipeline around
    # the open drafts is planned, and nothing when there is none
    planned = drafting.still_planned(facts, env.playbook, env.now, [m for m, _ in listed])
    keep_for_exit(facts, planned)
    people = facts.people
    marked_done = {d.action_key for d in facts.decisions if d.kind == DecisionKind.DONE}

    def dropped(m) -> bool:
        """An open draft whose action the plan no longer has (they replied, it was skipped...)."""
        return bool(m.action_key) and m.state in drafting.OPEN_STATES and m.action_key not in planned

    def sent_yourself(m) -> bool:
        """A copy went out another way (Drafts, .eml, mailto:) and its action was marked done:
        most likely the user sent it from their mail program (worked out each time: an undo of
        the done takes it back)."""
        return dropped(m) and m.action_key in marked_done and copied_out(m)

    def mark(m) -> str:
        if outcome_unknown(m):
            return " (may have arrived)"
        if waits_for_account(m):  # not tried: its account cannot send, none of its attempts spent
            return " (waiting for its account)"
        if retry_error(m):
            return " (retrying after an error)"
        if sent_yourself(m):
            return " (copied out; its action is done)"
        return " (no longer planned)" if dropped(m) else ""

    if as_json:
        print_json([
            {"id": m.id, "kind": m.kind.value, "recipient": _name(people, m.person_id),
             "subject": m.subject, "state": m.state.value, "action": m.action_key, "findings": _counts(f) if f is not None else None,
             "no_longer_planned": dropped(m), "retrying": bool(retry_error(m)),
             "waiting_for_account": waits_for_account(m),
             "outcome_unknown": outcome_unknown(m), "last_error": m.last_error,
             "attempts": m.attempts, "copied_out": copied_out(m), "note": m.note,
             "scheduled_at": m.scheduled_at.isoformat() if m.scheduled_at else None}
            for m, f in listed
        ])
        return
    if not listed:
        click.echo("no drafts: run `afterview draft ACTION` or `afterview draft --interview ID`")
        return
    table(
        ["id", "kind", "recipient", "subject", "state", "errors", "warnings"],
        [[m.id, m.kind.value, _name(people, m.person_id), m.subject, m.state.value + mark(m),
          *((_counts(f)["error"], _counts(f)["warning"]) if f is not None else ("-", "-"))] for m, f in listed],
    )
    marks = {mark(m) for m, _ in listed}
    if " (may have arrived)" in marks:
        click.echo("(may have arrived: its send was cut off after the server may have taken it, so it is never "
                   "sent again on its own; `afterview show N` gives the ways on)", err=True)
    if " (waiting for its account)" in marks:
        click.echo("(waiting for its account: its account cannot send now (its server cannot be reached, or its "
                   "login is refused); it goes once that is fixed, with no new approval; `afterview show N` says "
                   "why)", err=True)
    if " (retrying after an error)" in marks:
        click.echo("(retrying after an error: its send failed for now and is tried again; "
                   "`afterview show N` says what failed and when)", err=True)
    if " (copied out; its action is done)" in marks:
        click.echo("(copied out; its action is done: if you sent that copy yourself, nothing is left to do; "
                   "`afterview discard N` takes it off this list)", err=True)
    if " (no longer planned)" in marks:
        click.echo("(no longer planned: its action was dropped; `afterview discard N` throws it away)", err=True)


def _name(people, person_id) -> str:
    person = people.get(person_id)
    return person.name if person else f"#{person_id}"


# -- show --------------------------------------------------------------------------------------


@click.command()
@click.argument("draft_id", metavar="DRAFT")
@click.option("--card", "card_path", type=click.Path(dir_okay=False, path_type=Path), help="Write a card as a print-ready HTML page to this file.")
@json_option
@pass_env
@reads_only
def show(env: Env, draft_id, card_path, as_json) -> None:
    """Show a draft's text with its review findings marked."""
    from afterview.domain.model import Message, Person
    from afterview.services import delivery, drafting

    number = _id(draft_id)

    def use_case(tx):
        message = tx.get(Message, number)
        facts = tx.facts()
        person = facts.people.get(message.person_id) or Person(name=f"#{message.person_id}")
        # the playbook's note limit: the one the review checks, said with the note's length
        playbook = drafting.review_playbook(env.config) if message.channel.value == "linkedin" else None
        limit = drafting.note_limit(facts, env.config, playbook) if playbook is not None else None
        # a hold-back reason that no longer holds is said so (one rule with the desk's editor); the
        # playbook is read only for a hold the plan may have lifted (`needs_plan`)
        lapsed = delivery.lapsed_hold(tx, message, now=env.now, facts=facts,
                                      playbook=env.playbook if delivery.needs_plan(message) else None)
        return message, person, drafting.review_message(facts, message, env.config, playbook), limit, lapsed

    message, person, findings, limit, lapsed = in_tx(env, use_case)
    if card_path is not None:
        _write_card(message, person, card_path)
    if as_json:
        from afterview.interfaces.cli.common import to_jsonable

        print_json({"message": to_jsonable(message),
                    "findings": [f.to_dict() | {"field": f.field} for f in findings]})
        return
    _print_message(message, person, findings, _delivery_lines(message, env.user_tz, person.timezone, lapsed,
                                                               _accounts_now(env, [message])))
    if limit is not None:
        from afterview.reviewer.text import linkedin_length

        click.echo(f"{linkedin_length(message.body.strip())}/{limit} characters")


def _write_card(message, person, path: Path) -> None:
    from afterview.composer import card_html
    from afterview.errors import InvalidInput
    from afterview.files import write_whole

    if message.kind.value != "card":
        raise InvalidInput(f"message {message.id} is a {message.kind.value}, not a card")
    write_whole(path, card_html(message.body, f"Card for {person.name}"))
    click.echo(f"card written to {path} (open it in a browser and print)", err=True)


_STYLE = {"error": "bold red underline", "warning": "yellow underline", "info": "cyan"}


def _accounts_now(env: Env, messages) -> object | None:
    """config.toml's accounts as they read now, when a note waits for its account (its stored
    reason is said against them: services.delivery.account_wait_words); else None, unread."""
    from afterview.services.delivery import waits_for_account

    if not any(waits_for_account(m) for m in messages):
        return None
    from afterview.delivery.accounts import load_accounts

    return load_accounts(env.config)


def _delivery_lines(message, tz: str, theirs: str = "", lapsed: str = "", accounts=None) -> list[str]:
    """Where the message stands on its way out: its time (also in the recipient's own zone,
    `theirs`, when it is not yours), its last error and attempts, the next try, a copy that left
    another way."""
    from afterview.delivery.outbox import MAX_ATTEMPTS
    from afterview.interfaces.cli.delivery import your_time
    from afterview.services.delivery import account_wait_words, one_line, outcome_unknown, retry_error, waits_for_account

    state, lines = message.state.value, []
    if waits_for_account(message):  # not tried: its account cannot send (said as the account is now)
        lines.append(f"{state}, {one_line(account_wait_words(message, accounts), 500)}")
        lines.append("next try with the next `afterview send-due` (or the worker's next round)")
    elif retry_error(message):
        lines.append(f"retrying after an error: {retry_error(message)}")
        lines.append(f"attempts: {message.attempts} of {MAX_ATTEMPTS}"
                     + (f"; next try {your_time(message.scheduled_at, tz)}" if message.scheduled_at else
                        "; next try with the next `afterview send-due` (or the worker)"))
    elif state == "scheduled" and message.scheduled_at:
        lines.append(f"to be sent at {your_time(message.scheduled_at, tz, theirs=theirs)}")
    elif message.last_error:
        error = one_line(message.last_error, 500)
        tries = f" ({_count(message.attempts, 'attempt')})" if message.attempts else ""
        if state == "failed" and outcome_unknown(message):  # it may have arrived: the two ways on, as commands
            from afterview.interfaces.cli.delivery import _unknown_ways

            lines.append(f"its send may have arrived{tries}: {error}")
            lines.append(_unknown_ways(message))
        elif state == "failed":
            lines.append(f"its send failed{tries}: {error}")
        elif lapsed:  # held back for a reason that is gone since (services.delivery.hold_lapsed)
            from afterview.services.delivery import HELD_EARLIER

            lines.append(f"{HELD_EARLIER}: {lapsed}")
        elif error.startswith("not sent"):  # held back ("not sent: ...", "not sent to OLD: ..."): never tried
            lines.append(f"held back: {error.removeprefix('not sent:').strip()}")
        else:  # a draft again (edited, or its approval withdrawn) after a failed send
            lines.append(f"an earlier send failed{tries}: {error}")
    if message.note:
        lines.append(f"note: {one_line(message.note, 500)}")
    return lines


def _print_message(message, person, findings, status: list[str] = ()) -> None:
    from rich.text import Text

    from afterview.interfaces.cli.common import console, header_lines, terminal_width

    out = console()
    # on a narrow terminal: who it is for on the first line, the address and state on the next
    # (not a break left to the terminal or to rich, which split it after a "·")
    number = f"#{message.id}"
    state = f"{message.state.value} · {message.tone or '-'}"
    recipient = _recipient(message, person)
    first = f"{number} {message.kind.value} to {person.name}"
    header = header_lines([first, f"<{recipient}> · {state}"] if recipient else [f"{first} · {state}"],
                          terminal_width())
    for i, line in enumerate(header):
        text = Text(line)  # as text: a name or an address may hold [brackets]
        if i == 0:
            text.stylize("bold", 0, len(number))
        out.print(text, soft_wrap=True)
    for line in status:
        out.print(Text(line), soft_wrap=True)  # as text: a server's answer may hold [brackets]
    if message.in_reply_to:
        out.print(Text(f"In-Reply-To: {message.in_reply_to}", style="dim"), soft_wrap=True)  # a stranger's id
    if message.subject:
        subject = Text("Subject: ", style="bold")
        subject.append(_marked(message.subject, [f for f in findings if f.field == "subject"]))
        out.print(subject, soft_wrap=True)
    out.print()
    # not wrapped here: copied from the terminal, the text keeps its own lines (no breaks and
    # trailing spaces inside paragraphs)
    out.print(_marked(message.body, [f for f in findings if f.field == "body"]), soft_wrap=True)
    out.print()
    if not findings:
        out.print("review: no findings", style="green")
    width = terminal_width()
    for f in findings:
        where = f" ({f.field})" if f.field == "subject" else ""
        for line in _finding_lines(f"{f.severity:7} ", f"{f.code}{where}: {f.message}", f.suggestion, width):
            out.print(Text(line, style=_STYLE.get(f.severity, "")), soft_wrap=True)


def _recipient(message, person) -> str:
    """Where the message goes, as the header says it: the address of an email ("-" when there is
    none); for a LinkedIn note the person's profile URL when known (an email address is no use
    there), else "" (nothing is said)."""
    if message.channel.value == "linkedin":
        return getattr(person, "linkedin_url", "") or ""
    return message.to_address or "-"


_FINDING_INDENT = " " * 8  # under the code, past the severity ("warning ")


def _finding_lines(severity: str, text: str, suggestion: str, width: int | None) -> list[str]:
    """A finding and its suggestion ("error   linkedin-limit: ... by 89 - Cut it to ..."): one
    line in a pipe or a file; on a terminal, broken between words to fit, the next lines indented
    under the code, and never next to the dash that joins them (no line ends with " -", none
    starts with "- ")."""
    import textwrap

    glue = "\u00a0"  # textwrap breaks at spaces only: a no-break space keeps the dash with its words
    line = severity + " ".join(text.split())
    if suggestion and suggestion.strip():
        line += f"{glue}-{glue}" + " ".join(suggestion.split())
    if width is None or len(line) <= width:
        return [line.replace(glue, " ")]
    pieces = textwrap.wrap(line, max(width, 40), subsequent_indent=_FINDING_INDENT,
                           break_long_words=False, break_on_hyphens=False)
    return [piece.replace(glue, " ") for piece in pieces]


def _marked(text: str, findings):
    from rich.text import Text

    marked = Text(text)
    for f in findings:
        if f.start is not None and f.end is not None and f.end > f.start:
            marked.stylize(_STYLE.get(f.severity, ""), f.start, f.end)
    return marked


def _id(value: str) -> int:
    from afterview.services.pipeline import parse_id

    return parse_id(value, "draft")


# -- edit --------------------------------------------------------------------------------------


@click.command()
@click.argument("draft_id", metavar="DRAFT")
@click.option("--rewrite", "instructions", metavar="TEXT", help="Let the configured rewriter rephrase it (e.g. 'shorter, warmer'); fact-checked.")
@pass_env
def edit(env: Env, draft_id, instructions) -> None:
    """Edit a draft in $EDITOR; it is reviewed again on save.

    An email's file starts with its subject, on a first line "Subject: ...", then a blank line
    and the body; left without that line (or with an empty subject), the edit is refused and
    what you typed is kept in a file. So is a file saved in another character set than UTF-8
    (Latin-1, Windows-1252), kept as your editor wrote it, and a text over 100,000 characters
    (a paste gone wrong: a note is a few hundred words). An editor that exits with an error,
    an emptied or removed file, changes nothing. Changing the text of an approved or scheduled
    message withdraws its approval (afterview approve DRAFT --withdraw does so without a
    change). A draft copied out (to Drafts, an .eml file, a link) keeps its text while that copy
    is on its way: take the copy back first (afterview approve DRAFT --withdraw). When the draft was changed while your editor was open (in the desk, another
    terminal, or drafted again), your text is not saved over that change: it is kept in a
    file, named in the error; closed with nothing typed, the editor saves nothing and refuses
    nothing. An approval given while your editor was open is withdrawn by your new text, and
    said so, as for a note approved before.

    The editor is $VISUAL, else $EDITOR. With neither, in a terminal, it is the first installed
    of these: `sensible-editor` (the editor you chose for Debian), `editor`, `nano`, `vi`; a line
    says which, and how to leave it, before it opens. Without a terminal (in a script, a pipe),
    only one that $VISUAL or $EDITOR names is started.
    """
    from afterview.domain.model import Message
    from afterview.services import drafting

    number = _id(draft_id)
    message = in_tx(env, lambda tx: tx.get(Message, number))
    meanwhile = ""
    if instructions:
        from afterview.composer import rewriter_from_config
        from afterview.errors import ConfigError

        rewriter = rewriter_from_config(env.config.section("composer"), str(env.config.path))
        if rewriter is None:
            raise ConfigError(f"{env.config.path}: no rewriter configured ([composer] rewriter = ...)")
        before, (message, findings, changed) = _saved(env, number, lambda tx: drafting.rewrite_draft(
            tx, number, instructions, rewriter, now=env.now, config=env.config))
    else:
        if message.state not in drafting.OPEN_STATES:
            from afterview.errors import Conflict

            raise Conflict(f"message {number} is {message.state.words}: only open drafts can be edited")
        if drafting.copy_is_out(message):  # said before anything is typed, not after
            raise drafting.CopyIsOut(message)
        opened = drafting.text_version(message)
        try:
            edited = _edit_text(message)
        except _NotUtf8 as wrong:  # refused, and the file kept as the editor left it
            _refuse_not_utf8(env, message, wrong)
        if edited is None:  # nothing typed: nothing to save, whatever was changed meanwhile elsewhere
            before, (message, findings, changed) = _saved(env, number, lambda tx: drafting.unedited_draft(
                tx, number, config=env.config))
            meanwhile = _changed_meanwhile(message, opened)
        else:
            try:
                subject, body = parse_edited(edited, None if message.channel.value == "email" else message.subject)
                before, (message, findings, changed) = _saved(env, number, lambda tx: drafting.edit_draft(
                    tx, number, subject, body, now=env.now, config=env.config, opened=opened))
            except BaseException as err:  # not saved: what was typed is kept in a file, and said
                _keep_edit(env, message, edited, err)
                raise
    click.echo(f"#{message.id} {'saved' if changed else 'unchanged'}{meanwhile}{_approval_said(env, before, changed)}")
    for f in findings:
        echo(f"  {f.severity:7} {f.code}: {f.message}")
    if not findings:
        click.echo("  review: no findings")


def _saved(env: Env, number: int, save):
    """`save(tx)`'s result, and the message as the save found it, read in the same transaction:
    what its approval became is judged on the state at save time (an approval given while the
    editor was open, in the desk or another terminal, is withdrawn by a new text, and said so)."""
    from afterview.domain.model import Message

    return in_tx(env, lambda tx: (tx.get(Message, number), save(tx)))


def _changed_meanwhile(message, opened: str) -> str:
    """For an editor closed with nothing typed: what was done to the note elsewhere meanwhile."""
    from afterview.domain.model import MessageState
    from afterview.services.drafting import OPEN_STATES, text_version

    if message.state is MessageState.SENDING:
        return " (it is being sent right now)"
    if message.state not in OPEN_STATES:
        return f" (it was {message.state.words} while your editor was open)"
    if text_version(message) != opened:
        return (f" (its text was changed elsewhere while your editor was open: afterview show {message.id} "
                "shows it)")
    return ""


def _refuse_not_utf8(env: Env, message, wrong: _NotUtf8) -> None:
    """An edited file that is not UTF-8: refused in one line, the file kept as the editor left it
    (to convert it: iconv -f latin1 -t utf-8), nothing changed."""
    from afterview.errors import InvalidInput

    kept = _keep_file(env, message, wrong.data)
    said = f" (your edited text was not saved; it is kept, as your editor wrote it, in {kept})" if kept else ""
    raise InvalidInput(f"the edited file is not UTF-8 text ({wrong.where}; set your editor to save in UTF-8): "
                       f"nothing changed{said}")


def _keep_file(env: Env, message, data: bytes) -> str | None:
    """Write an edit that could not be saved to a file of its own, in the data folder (else the
    temporary folder); where it went, or None when it could be written nowhere."""
    import tempfile

    for folder in (env.paths.data, Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f"draft-{message.id}-edited-", suffix=".txt", dir=folder)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            return name
        except OSError:
            continue
    return None


def _keep_edit(env: Env, message, text: str | None, err: BaseException) -> None:
    """The edited text (the file as the editor left it) could not be saved: write it to a file and
    say where, in the error's own line (an Afterview error), or in a line of its own before it
    (anything else)."""
    from afterview.errors import AfterviewError, InvalidInput

    if text is None:
        return  # the file as written: nothing new was typed, nothing to lose
    try:
        if parse_edited(text, None if message.channel.value == "email" else message.subject) == (
                message.subject, message.body):
            return  # the same text, laid out otherwise
    except InvalidInput as refused:
        if "body is empty" in str(refused):
            return  # only an emptied body, refused as such: nothing to lose
    kept = _keep_file(env, message, text.encode("utf-8"))
    if kept is None:
        return
    said = f"your edited text was not saved; it is kept in {kept}"
    if isinstance(err, AfterviewError):
        err.message = f"{err.message} ({said})"
    else:
        click.echo(f"afterview: {said}", err=True)


def _approval_said(env: Env, before, changed: bool) -> str:
    """After editing an approved or scheduled message: what became of its approval (`before`: the
    message as it was when the text was saved, not when the editor opened)."""
    state = before.state.value
    if state not in ("approved", "scheduled"):
        return ""
    if changed:
        return _withdrawn_said(before.id, state)
    when = ""
    if state == "scheduled" and before.scheduled_at:
        from afterview.interfaces.cli.delivery import your_time

        when = f" for {your_time(before.scheduled_at, env.user_tz)}"
    return (f": still {state}{when} (to take the approval back: afterview approve {before.id} --withdraw)")


def _withdrawn_said(message_id: int, state: str) -> str:
    """After a new text for an approved or scheduled message (`edit`, `draft --force`)."""
    return (f"; the text changed, so its approval is withdrawn (it was {state}): approve it again to send it "
            f"by SMTP (afterview approve {message_id}), or choose another way out")


def _edit_text(message) -> str | None:
    """The draft's text as the editor left it; None when it is the file as written (unchanged,
    even where the stored text is not tidy)."""
    import tempfile

    from afterview.errors import InvalidInput

    has_subject = message.channel.value == "email"
    text = (f"Subject: {message.subject}\n\n" if has_subject else "") + message.body + "\n"
    # (an editor may remove the folder with the file: nothing is left to clean up then)
    with tempfile.TemporaryDirectory(prefix="afterview-", ignore_cleanup_errors=True) as folder:
        path = Path(folder) / f"draft-{message.id}.txt"
        path.write_text(text, encoding="utf-8")
        run_editor(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InvalidInput("the editor removed the file: nothing changed") from None
        except OSError as err:
            raise InvalidInput(f"cannot read the edited file: {err.strerror}: nothing changed") from None
    try:
        edited = data.decode("utf-8-sig")  # (a byte-order mark some editors write is no text)
    except UnicodeDecodeError as err:
        raise _NotUtf8(data, err) from None
    if edited == text:
        return None
    if not edited.strip():
        raise InvalidInput("the file was emptied: nothing changed")
    return edited


class _NotUtf8(Exception):
    """The editor saved the draft in another character set than UTF-8 (Latin-1, Windows-1252):
    its bytes, and where the first one that is not UTF-8 stands."""

    def __init__(self, data: bytes, err: UnicodeDecodeError) -> None:
        super().__init__()
        self.data = data
        line = data.count(b"\n", 0, err.start) + 1
        self.where = f"byte 0x{data[err.start]:02x} on line {line}"


def parse_edited(text: str, fixed_subject: str | None = None) -> tuple[str, str]:
    """Subject and body from an edited file. An email's (`fixed_subject` None): its first line
    `Subject: ...` (the label in any case), then the body; a first line without the label is
    not taken for the subject (it may be the greeting, its subject line deleted), nor is an
    empty subject kept: both are refused, as the help of `edit` says. A message of no subject
    (a LinkedIn note): the whole text is the body, `fixed_subject` kept."""
    from afterview.errors import InvalidInput

    text = text.replace("\r\n", "\n")
    subject = fixed_subject or ""
    if fixed_subject is None:
        first, _, rest = text.lstrip("\n").partition("\n")
        label, colon, typed = first.partition(":")
        if not colon or label.strip().lower() != "subject":
            raise InvalidInput(f"the first line is not the subject: an email's file starts with \"Subject: ...\" "
                               f"(it starts with {first.strip()[:60]!r}): nothing changed")
        subject, text = typed.strip(), rest
        if not subject:
            raise InvalidInput("the subject is empty (the first line, \"Subject: ...\"): nothing changed")
    from afterview.composer.templates import SIGNATURE_SEPARATOR

    # trailing blanks go, but for the signature's separator "-- " (RFC 3676)
    body = "\n".join(SIGNATURE_SEPARATOR if line.rstrip() == "--" else line.rstrip()
                     for line in text.strip("\n").split("\n")).strip()
    if not body:
        raise InvalidInput("the body is empty: nothing changed")
    return subject, body


def run_editor(path: Path) -> None:
    """Open $VISUAL or $EDITOR on a file; an editor failing is an error that changes nothing.

    A variable of only spaces is no editor (an unset one, as a shell leaves it). With neither,
    in a terminal, the first of FALLBACK_EDITORS that is installed is opened, after one line
    saying which and how to leave it; without a terminal (standard input or output a pipe, a
    file, a job with no terminal), nothing is started: it would wait for keys that never come,
    or draw its screen into the file."""
    import shlex
    import subprocess

    from afterview.errors import AfterviewError, ConfigError

    command = (os.environ.get("VISUAL") or "").strip() or (os.environ.get("EDITOR") or "").strip()
    if not command:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise ConfigError("no editor to open without a terminal: set $EDITOR (or $VISUAL) to a program that "
                              "edits the file it is given, or run this in a terminal; nothing changed")
        command, said = fallback_editor()
        echo(said, err=True)
    try:
        argv = shlex.split(command) + [str(path)]
        status = subprocess.call(argv)
    except (OSError, ValueError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise ConfigError(f"cannot run the editor {command!r} ($EDITOR): {reason}") from None
    if status != 0:
        raise AfterviewError(f"the editor {command!r} exited with status {status}: nothing changed")


# With neither $VISUAL nor $EDITOR set, the first of these on PATH: Debian's own choice of the
# user's editor (sensible-editor: the one picked with select-editor, which it asks for on first
# use; editor: the system's), then nano, which shows on screen how to leave it, and vi only last.
FALLBACK_EDITORS = ("sensible-editor", "editor", "nano", "vi")
_SET_YOURS = "to choose another, set $EDITOR (export EDITOR=nano, say, in ~/.profile)"
# How to save and leave the editors a fallback may open, by the program's name (vim.basic: vim).
_LEAVING = (
    (("nano", "nano-tiny", "rnano", "pico"), "save with Ctrl+O then Enter, leave with Ctrl+X"),
    (("vi", "vim", "nvim", "nvi", "elvis", "vim-tiny"),
     "press Esc, then type :wq and Enter to save and leave, or :q! and Enter to leave without saving"),
    (("emacs", "mg", "jove", "zile", "jmacs"), "save with Ctrl+X Ctrl+S, leave with Ctrl+X Ctrl+C"),
    (("mcedit",), "save with F2, leave with F10"),
)


def fallback_editor() -> tuple[str, str]:
    """The editor opened when no $VISUAL or $EDITOR is set (see FALLBACK_EDITORS), and the line
    said before it opens: which editor, how to leave it, how to choose another.

    ConfigError when none of them is installed."""
    import shutil

    from afterview.errors import ConfigError

    found = next((name for name in FALLBACK_EDITORS if shutil.which(name)), None)
    if found is None:
        raise ConfigError(f"no editor found (none of {', '.join(FALLBACK_EDITORS)} is installed): set $EDITOR to "
                          "the program to edit with; nothing changed")
    program = _program_of(found)
    if program is None:  # sensible-editor with no editor chosen yet: it asks for one first
        return found, (f"no $EDITOR set: opening your system's editor ({found}), which first asks which editor to "
                       f"use (nano is the easiest: {_leaving('nano')}); {_SET_YOURS}")
    how = _leaving(program)
    if not how:
        return found, f"no $EDITOR set: opening your system's editor, {program}; {_SET_YOURS}"
    return found, f"no $EDITOR set: opening {program} ({how}); {_SET_YOURS}"


def _program_of(command: str) -> str | None:
    """The name of the editor `command` (one of FALLBACK_EDITORS) opens: "vim" for an `editor`
    that links to vim.basic; for sensible-editor, the one chosen with select-editor, else
    `editor`'s; None when sensible-editor will ask which first."""
    import re
    import shutil

    if command == "sensible-editor":
        chosen = Path.home() / ".selected_editor" if os.environ.get("HOME") else None
        try:
            text = chosen.read_text(encoding="utf-8", errors="replace") if chosen is not None else None
        except OSError:
            text = None
        if text is not None:
            match = re.search(r"^\s*SELECTED_EDITOR=[\"']?([^\"'\s]+)", text, re.MULTILINE)
            if match:
                return _editor_name(match.group(1))
        elif sys.stdin.isatty() and shutil.which("select-editor"):
            return None
        command = next((name for name in FALLBACK_EDITORS[1:] if shutil.which(name)), command)
    found = shutil.which(command)
    return _editor_name(os.path.realpath(found) if found else command)


def _editor_name(program: str) -> str:
    """'/usr/bin/vim.basic' -> 'vim', '/bin/nano' -> 'nano'."""
    return Path(program).name.split(".")[0]


def _leaving(program: str) -> str:
    """How to save and leave the editor `program` ("" when it is not one of _LEAVING's)."""
    family = "emacs" if program.startswith("emacs") else program
    return next((how for names, how in _LEAVING if family in names), "")


# -- templates ---------------------------------------------------------------------------------


@click.group()
def templates() -> None:
    """The message templates: built-in ones, and your overrides in the config folder."""


def _template_set(env: Env):
    from afterview.composer import TemplateSet

    return TemplateSet(env.paths.templates)


@templates.command(name="list")
@json_option
@pass_env
def templates_list(env: Env, as_json) -> None:
    """Every template, and whether it is built-in or overridden by your file.

    A template of yours that cannot be used (not readable, not UTF-8 text, a syntax error, an
    unknown variable) is said on standard error, and the exit status is then 2: drafting with
    it fails. The listing is given all the same, to see which file is which.
    """
    from afterview.plugins import unused_template_files

    found = _template_set(env)
    infos = found.list()
    problems = found.check()
    unused_of_plugins = unused_template_files()  # plugins' folders, checked as yours is
    if as_json:
        print_json({"folder": str(env.paths.templates),
                    "templates": [{"name": i.name, "tone": i.tone, "source": found.origin(i.name, i.tone),
                                   "path": str(i.path)} for i in infos],
                    "unused_files": [str(p) for p in found.unknown_user_files()],
                    "plugin_unused_files": [{"plugin": plugin, "path": str(p)} for plugin, p in unused_of_plugins],
                    "problems": problems})
    else:
        table(["name", "tone", "source", "path"],
              [[i.name, i.tone, found.origin(i.name, i.tone),
                i.path if found.origin(i.name, i.tone) != "built-in" else ""]
               for i in infos])
        click.echo(f"your templates folder: {env.paths.templates}")
        for path in found.unknown_user_files():
            echo(f"afterview: warning: {path} is not used by any message (names: <tone>/<name>.txt.j2)", err=True)
        for plugin, path in unused_of_plugins:
            echo(f"afterview: warning: plugin {plugin!r}: {path} is not used by any message "
                 f"(names: <tone>/<name>.txt.j2)", err=True)
        for problem in problems:
            echo(f"afterview: error: {problem}", err=True)
    if problems:  # a template that cannot be used: drafting with it fails
        click.get_current_context().exit(2)


def _kind_argument(func):
    from afterview.composer.draft import TEMPLATE_NAMES

    return click.argument("name", metavar="KIND", type=click.Choice(TEMPLATE_NAMES))(func)


@templates.command(name="show")
@_kind_argument
@click.option("--tone", type=TONE_CHOICE, default="warm", show_default=True)
@pass_env
def templates_show(env: Env, name, tone) -> None:
    """Print the template in use for a kind and tone."""
    found = _template_set(env)
    click.echo(f"# {found.path(name, tone)} ({found.origin(name, tone)})", err=True)
    click.echo(found.source(name, tone), nl=False)


@templates.command(name="edit")
@_kind_argument
@click.option("--tone", type=TONE_CHOICE, default="warm", show_default=True)
@pass_env
def templates_edit(env: Env, name, tone) -> None:
    """Copy the built-in template to your folder (once) and open it in $EDITOR."""
    import shutil

    from afterview.composer.templates import relative_name
    from afterview.errors import AfterviewError, ConfigError

    found = _template_set(env)
    target = env.paths.templates / relative_name(name, tone)
    copied = ""
    if not target.exists():
        origin = found.origin(name, tone)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(found.path(name, tone), target)
        except OSError as err:
            raise ConfigError(f"{target}: cannot create: {err.strerror}") from None
        copied = f"copied the {origin} template to {target}"
    try:
        run_editor(target)
    except AfterviewError:
        if copied:  # the copy was never edited: leave the folder as it was
            target.unlink(missing_ok=True)
        raise
    found.compile(name, tone)  # a broken template is reported now (one line naming it), not at the next draft
    if copied:
        click.echo(copied, err=True)
    click.echo(f"{target}: ok")


# -- discard -----------------------------------------------------------------------------------


@click.command()
@click.argument("draft_id", metavar="DRAFT")
@pass_env
@plans_after
def discard(env: Env, draft_id) -> None:
    """Throw a draft away; an approved or scheduled one is then never sent."""
    from afterview.services import drafting

    number = _id(draft_id)
    message = in_tx(env, lambda tx: drafting.discard_draft(tx, number, now=env.now))
    planned = False  # whether its action is still planned: read before anything is said
    if message.action_key:
        from afterview.services.planning import current_plan

        with env.store().transaction() as tx:
            facts = tx.facts()
        planned = any(a.key == message.action_key for a in current_plan(None, env.playbook, env.now, facts))
    click.echo(f"#{message.id} discarded")
    if planned:
        click.echo(f"its action is still planned: `afterview draft {message.action_key}` drafts it again, "
                   f"or `afterview skip {message.action_key} --reason ...`")
