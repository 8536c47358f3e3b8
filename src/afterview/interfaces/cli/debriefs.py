"""`afterview debrief INTERVIEW`: what each interviewer discussed, from prompts, flags or a file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from afterview.interfaces.cli.common import Env, echo, in_tx, pass_env, split_list, terminal_text

FIELDS = {
    "topics": "Topics you discussed with {name}",
    "rapport": "Rapport: things you connected on",
    "concerns": "Their concerns or doubts about you (add ' -> ' and what you would say about it)",
    "promises": "What you promised to send them",
}


@click.command()
@click.argument("interview_id")
@click.option("--person", help="The participant (id, email or name); needed when the panel has several.")
@click.option("--topic", "topics", multiple=True, help="A topic discussed (repeatable, or separated by ';').")
@click.option("--rapport", multiple=True, help="Something you connected on (repeatable).")
@click.option("--concern", "concerns", multiple=True,
              help="A doubt they raised (repeatable); add ' -> what you would say' for the thank-you to answer it.")
@click.option("--promise", "promises", multiple=True, help="Something you promised to send (repeatable).")
@click.option("--next-steps", help="Next steps as the employer stated them.")
@click.option("--decision-date",
              help="The decision date they gave (YYYY-MM-DD, '10 Dec', 'Friday', 'in 10 days'), said back; 'none' "
                   "clears one recorded by mistake.")
@click.option("--notes")
@click.option("--file", "file_", type=click.Path(dir_okay=False, path_type=Path), help="A TOML or JSON file with a [[debrief]] per participant.")
@click.option("--replace", is_flag=True, help="Replace the lists instead of adding to them.")
@pass_env
def debrief(env: Env, interview_id, person, topics, rapport, concerns, promises, next_steps, decision_date, notes, file_, replace) -> None:
    """Record what each interviewer discussed, for notes that are personal to each.

    \b
    Interactive:  afterview debrief 3            (asks, participant by participant)
    From flags:   afterview debrief 3 --person "Dana Reyes" --topic "data pipeline migration" \\
                    --concern "no Kubernetes experience" --decision-date 2026-12-10
    From a file:  afterview debrief 3 --file debrief.toml
    Corrections:  afterview debrief 3 --person Dana --decision-date none   (they gave no date)

    A decision date of 'none' (in a file also "") clears the one recorded; --replace replaces
    the lists, and leaves what is not given as it was. The decision date is said back
    ("decision date: Mon 7 Dec 2026"); a span ("next week"), words that read two ways ("next
    Friday") and a date more than a year ahead are refused. Next steps that name the date
    ("they'll decide by 10 Dec") offer it with the command that records it, never recorded on
    their own.

    A round with nobody on it (a take-home) takes only what the employer said of its timing:
    --decision-date, --next-steps and --notes, kept as said by --person (someone of the process),
    else by the contact its status follow-ups go to; the follow-ups go by that date.

    \b
    A debrief file (TOML; or JSON: a list of the same tables), one [[debrief]] per participant:
      [[debrief]]
      person = "Dana Reyes"
      topics = ["data pipeline migration", "on-call rotation"]
      rapport = ["marathons"]
      concerns = ["no Kubernetes experience -> I ran our batch jobs on k8s"]
      promises = ["the dbt talk slides"]
      next_steps = "a system design round"
      decision_date = "2026-12-10"
      notes = "friendly, ran long"
    Keys may also be named as the flags are: topic, concern, promise, next-steps, decision-date.
    """
    from afterview.errors import InvalidInput
    from afterview.services import pipeline

    number = pipeline.parse_id(interview_id, "interview")
    if decision_date is not None and not decision_date.strip():
        raise InvalidInput("--decision-date is empty: give a date, or 'none' to clear the one recorded")
    given = {"topics": topics, "rapport": rapport, "concerns": concerns, "promises": promises}
    # an empty --next-steps or --notes clears it, as it does next to other options
    flagged = any(given.values()) or next_steps is not None or decision_date or notes is not None
    if file_:
        entries = _read_file(file_)
    elif flagged:
        lists = {k: split_list(v) for k, v in given.items() if v}
        for name, items in lists.items():
            if not items and not replace:  # `--topic ""`: nothing to record
                flag = {"topics": "--topic", "concerns": "--concern", "promises": "--promise"}.get(name, f"--{name}")
                raise InvalidInput(f"{flag} is empty: write what was said, or leave it out (nothing was recorded)")
        entries = [{"person": person, **lists, "next_steps": next_steps, "decision_date": decision_date,
                    "notes": notes}]
    elif sys.stdin.isatty():
        entries = _ask(env, number, person)
    else:
        raise InvalidInput("nothing to record: give --topic/--concern/... or --file, or run it in a terminal to be asked")
    results = in_tx(env, lambda tx: [_record(env, tx, number, entry, replace) for entry in entries])
    for name, created, said in results:
        echo(f"{'recorded' if created else 'updated'} debrief for {name}")
        for line in said:  # the date read back, and one their next steps give: offered, never recorded
            echo(f"  {line}")


def _record(env: Env, tx, interview_id: int, entry: dict, replace: bool):
    from afterview.domain.model import Interview, Person
    from afterview.errors import InvalidInput
    from afterview.services import pipeline

    ref = entry.get("person")
    panel = tx.get(Interview, interview_id).participants
    if not panel:  # a take-home: only what the employer said of its timing
        return _record_round(env, tx, interview_id, entry)
    if ref in (None, ""):
        if len(panel) != 1:
            raise InvalidInput(f"interview {interview_id} has {len(panel)} participants: say which with --person")
        person = tx.get(Person, panel[0].person_id)
    else:
        person = pipeline.find_person(tx, str(ref))
    country = _employer_country(env, tx, person, entry)
    decided, clear = _decision(env, entry, country)
    record, created = pipeline.record_debrief(
        tx, interview_id, person.id,
        **{k: _as_list(entry.get(k), k) for k in FIELDS if entry.get(k) is not None},
        next_steps=entry.get("next_steps"), decision_date=decided, notes=entry.get("notes"), replace=replace,
        clear_decision_date=clear,
    )
    said = [f"decision date: {_day(decided, year=True)}"] if decided is not None else []
    said += ["decision date: none"] if clear else []
    steps = entry.get("next_steps")
    if isinstance(steps, str) and steps.strip():
        said += _next_steps_date(tx, tx.get(Interview, interview_id), person, record, steps, country)
    return person.name, created, said


def _employer_country(env: Env, tx, person, entry: dict) -> str:
    """The country on whose calendar a date `person` gave is read (their own, else the
    planner's fallback: `services.delivery.employer_country`); "" when `entry` gives no date
    nor next steps to read (the playbook is then not read)."""
    if entry.get("decision_date") is None and not entry.get("next_steps"):
        return ""
    from afterview.services.delivery import employer_country

    return employer_country(tx, person, None if person is not None and person.country else env.playbook)


def _decision(env: Env, entry: dict, country: str = ""):
    """The decision date an entry gives (None: none given), and whether it clears the one
    recorded: 'none' (or "" in a file, as next_steps = "" clears those) takes back a date
    recorded by mistake. Words ("in 5 business days", "before Christmas") are read on the
    calendar of `country`, the employer's (`_employer_country`)."""
    from afterview.delivery.replies import typed_decision_date

    when = entry.get("decision_date")
    clear = when is not None and str(when).strip().casefold() in ("", "none")
    decided = (typed_decision_date(str(when), env.now, env.user_tz, country)
               if when is not None and not clear else None)
    return decided, clear


def _record_round(env: Env, tx, interview_id: int, entry: dict):
    """A round with nobody on it (a take-home): what the employer said of its timing, kept for
    whoever said it (`--person`, else the process's contact: `interviews.record_round_timing`)."""
    from afterview.domain.model import Interview
    from afterview.services import interviews, pipeline

    # who gave the date, as record_round_timing takes them (it says what is wrong with them)
    ref = entry.get("person")
    round_ = tx.get(Interview, interview_id)
    giver = pipeline.find_person(tx, str(ref)) if ref not in (None, "") else interviews.round_contact(tx, round_)
    country = _employer_country(env, tx, giver, entry)
    decided, clear = _decision(env, entry, country)
    kept = interviews.record_round_timing(
        tx, interview_id, entry.get("person"), decision_date=decided, clear_decision_date=clear,
        next_steps=entry.get("next_steps"), notes=entry.get("notes"), lists={k: entry.get(k) for k in FIELDS})
    interview = tx.get(Interview, interview_id)
    said = [kept.line(interview)]
    said += [f"decision date: {_day(decided, year=True)}"] if decided is not None else []
    said += ["decision date: none"] if clear else []
    steps = entry.get("next_steps")
    if isinstance(steps, str) and steps.strip():
        said += _next_steps_date(tx, interview, kept.person, kept.debrief, steps, country)
    return kept.person.name, kept.created, said


def _day(day, *, year: bool = False) -> str:
    """"Thu 10 Dec 2026" (the year only when asked)."""
    return f"{day:%a} {day.day} {day:%b}" + (f" {day.year}" if year else "")


def _next_steps_date(tx, interview, person, record, steps: str, country: str = "") -> list[str]:
    """What next steps just recorded say of the decision's date, read as a reply's words are
    (`replies.decision_date`, from the interview's day, where they said it; "12/10" as you write
    it, business days and Christmas on the employer's calendar, `country`): the date, offered
    with the command that records it when it is not the one recorded; when they speak of timing
    but give no date that can be read, the command to give it. Never recorded on its own."""
    from afterview.delivery import replies
    from afterview.delivery.autoreply import day_first_in
    from afterview.planner.facts import safe_zone

    said_on = interview.start.astimezone(safe_zone(interview.timezone, "UTC")).date()
    day, _ = replies.decision_date(steps, said_on, day_first=day_first_in(tx.profile().country or ""), notes=True,
                                   country=country)
    command = f"afterview debrief {interview.id} --person {person.id} --decision-date"
    if day is not None and day != record.decision_date:
        shown = _day(day, year=day.year != said_on.year)
        return [f"their next steps say a decision by {shown}: {command} {day.isoformat()}"]
    if day is None and record.decision_date is None and replies.timing_said(steps, notes=True):
        return [f"no date could be read from their words; if they gave one: {command} DATE"]
    return []


def _as_list(value, name: str) -> list[str]:
    from afterview.errors import InvalidInput

    if isinstance(value, str):
        return split_list([value])
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise InvalidInput(f"'{name}' must be a list of texts")


def _read_file(path: Path) -> list[dict]:
    import json
    import tomllib

    from afterview.errors import InvalidInput

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InvalidInput(f"cannot read {path}: {getattr(err, 'strerror', None) or 'not UTF-8 text'}") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as err:
        raise InvalidInput(f"{path}: not valid {'JSON' if path.suffix.lower() == '.json' else 'TOML'}: {err}") from None
    entries = data.get("debrief", data.get("debriefs")) if isinstance(data, dict) else data
    if isinstance(entries, dict):
        entries = [entries]
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise InvalidInput(f"{path}: expected one [[debrief]] table per participant")
    allowed = {"person", *FIELDS, "next_steps", "decision_date", "notes"}
    for index, entry in enumerate(entries, 1):
        for alias, key in FILE_ALIASES.items():  # a key named as its flag is: topic = "..." is topics
            if alias in entry:
                if key in entry:
                    raise InvalidInput(f"{path}: debrief {index}: {alias!r} and {key!r} are the same key: give one")
                entry[key] = entry.pop(alias)
        unknown = set(entry) - allowed
        if unknown:
            raise InvalidInput(f"{path}: debrief {index}: unknown key {sorted(unknown)[0]!r} (allowed: {', '.join(sorted(allowed))})")
    return entries


# The flags' names of a debrief file's keys (--topic, --next-steps ...), accepted as those keys
FILE_ALIASES = {"topic": "topics", "concern": "concerns", "promise": "promises",
                "next-steps": "next_steps", "decision-date": "decision_date"}


def _ask(env: Env, interview_id: int, only: str | None) -> list[dict]:
    from afterview.domain.model import Interview, Person
    from afterview.services import pipeline

    def panel(tx):
        interview = tx.get(Interview, interview_id)
        people = [tx.get(Person, p.person_id) for p in interview.participants]
        if only:
            chosen = pipeline.find_person(tx, only)
            people = [p for p in people if p.id == chosen.id] or [chosen]
        return people

    people = in_tx(env, panel)
    if not people:
        from afterview.errors import InvalidInput

        raise InvalidInput(f"interview {interview_id} has nobody on its panel: give the decision date they gave for it "
                           f"(afterview debrief {interview_id} --decision-date DATE), or add people with "
                           f"'afterview interview edit {interview_id} --with ...'")
    from afterview.domain.names import call_name

    echo("Separate several items with ';'. Leave empty to skip.")
    entries = []
    for person in people:
        click.secho(f"\n{terminal_text(person.name)}", bold=True)
        entry: dict = {"person": str(person.id)}
        for name, question in FIELDS.items():
            answer = click.prompt(terminal_text(question.format(name=call_name(person.name))), default="", show_default=False)
            if answer.strip():
                entry[name] = split_list([answer])
        entry["next_steps"] = click.prompt("Next steps they stated", default="", show_default=False) or None
        entry["decision_date"] = click.prompt("Decision date they gave (e.g. 2026-12-10; 'none' clears one)",
                                              default="", show_default=False) or None
        entries.append(entry)
    return entries
