"""`afterview profile ...`: who you are, as your messages sign it."""

from __future__ import annotations

import click

from afterview.interfaces.cli.common import Env, echo, in_tx, json_option, pass_env, print_json, reads_only, show_fields


@click.group()
def profile() -> None:
    """Your name, signature, phone, time zone, LinkedIn account."""


@profile.command("show")
@json_option
@pass_env
@reads_only
def show(env: Env, as_json: bool) -> None:
    """Show your profile."""
    record = in_tx(env, lambda tx: tx.profile())
    stored = env._profile_tz()
    if not stored:  # none recorded: the zone in use is config.toml's, else the machine's
        record.timezone = env.user_tz
    if as_json:
        return print_json(record)
    zone = record.timezone if stored else f"{record.timezone} (not recorded: {_zone_source(env)})"
    show_fields(
        [("name", record.name), ("email", record.email), ("phone", record.phone), ("time zone", zone),
         ("country", record.country), ("LinkedIn", f"{record.linkedin_account.value} account {record.linkedin_url}".strip()),
         ("tone", record.default_tone), ("early LinkedIn", "yes" if record.opt_in_early_linkedin else "no"),
         ("signature", record.signature.replace("\n", " / "))],
        title="Your profile",
    )


@profile.command("set")
@click.option("--name")
@click.option("--email")
@click.option("--phone")
@click.option("--signature", help="The lines a note ends with: your name and details; start them with a sign-off ('Best,') to close notes with yours (use \\n for new lines).")
@click.option("--tz", "timezone", help="Your time zone (IANA).")
@click.option("--country", help="Your country (ISO code: US, DE), or a region with its own holidays (GB-ENG, DE-BY).")
@click.option("--linkedin-account", type=click.Choice(["free", "premium"]))
@click.option("--linkedin", "linkedin_url")
@click.option("--tone", "default_tone", type=click.Choice(["warm", "formal", "concise"]))
@click.option("--early-linkedin/--no-early-linkedin", "opt_in_early_linkedin", default=None,
              help="Suggest LinkedIn connections 3+ days after an interview, before a decision.")
@pass_env
def set_(env: Env, **values) -> None:
    """Change your profile.

    A new time zone (--tz) is also the zone of each contact who has none of their own (unless
    the playbook's [calendar] timezone says another): the times of their follow-ups move with it,
    and a warning names them (afterview person edit PERSON --tz ZONE gives one theirs).

    A new name or signature reaches a note when it is written: an approved or scheduled note
    that gives the old one is a draft again, as after `person edit --name` (write it again, then
    approve it); one being sent or copied out is named; the drafts that give it are named, with
    the command that writes them again. Mail goes out under the new name, but from an account
    with a name of its own (its display_name): each such account is named, with the command that
    changes it (afterview account edit NAME --profile-name).
    """
    from afterview.domain.values import address_note
    from afterview.errors import InvalidInput
    from afterview.services import pipeline

    changes = {k: v for k, v in values.items() if v is not None}
    new_zone = "timezone" in changes  # typed: the zone changes (a first profile's is the one in use)
    if not changes:
        raise InvalidInput("nothing to change: give at least one option (see --help)")
    if "signature" in changes:
        changes["signature"] = changes["signature"].replace("\\n", "\n")
    if "timezone" not in changes and not env._profile_tz():
        # the first profile keeps the zone in use until now (config.toml's, else the machine's),
        # not UTC: times typed after it are read as before
        changes["timezone"] = env.user_tz
    named_before = ""

    def apply(tx):
        from afterview.domain.model import Person

        nonlocal named_before
        was = tx.profile()
        named_before = (was.name or "").strip()
        before = {"timezone": was.timezone or "", "country": (was.country or "").strip().upper()}
        gapped = _gapped(tx, env) if changes.keys() & _FILLS else {}
        done = pipeline.set_profile(tx, changes, now=env.now)
        filled.extend(_filled(tx, env, gapped))
        record = done.profile
        moved = new_zone and (record.timezone or "") != before["timezone"]
        recountried = "country" in changes and (record.country or "").strip().upper() != before["country"]
        people = tx.list(Person) if moved or recountried else []
        return ([p for p in people if not p.timezone] if moved else [],
                [p for p in people if not p.country] if recountried else [], done)

    filled: list[tuple[object, list[str]]] = []  # (draft, the gaps in it the change fills)
    zoneless, countryless, done = in_tx(env, apply)
    stored = address_note(changes.get("email") or [])
    click.echo("profile updated" + (f"; your address {stored}" if stored else ""))
    for message_id, why in done.held:
        echo(f"message {message_id}: {why}")
    for message, what in done.gone:
        echo(_gone_line(message, what, env))
    if changes.get("country"):
        from afterview.domain.values import country_note

        note = country_note(changes["country"], env.now.year)
        if note:
            echo(f"afterview: warning: {note}", err=True)
    if zoneless:
        _say_zoneless(env, zoneless, changes["timezone"])
    if countryless:
        _say_countryless(env, countryless, changes["country"].strip().upper())
    if done.drafts:
        _say_signed(done.drafts)
    if filled:
        _say_filled(filled)
    if "name" in changes:
        _say_own_names(env, (done.profile.name or "").strip(), named_before)


# what a draft may show for want of a profile's detail ("[your phone number]") and a signature fills
_FILLS = {"name", "phone", "signature"}


def _gapped(tx, env: Env) -> dict[int, tuple[object, list[str]]]:
    """The notes not yet sent whose text shows a gap ("[your phone number]"), with the gaps a draft
    made now would fill already (so that those the change fills are told apart)."""
    from afterview.domain.model import Message, MessageState
    from afterview.interfaces.cli.drafting import fillable_gaps

    notes = [m for m in tx.list(Message, state=[MessageState.DRAFTED, MessageState.APPROVED, MessageState.SCHEDULED])
             if "[" in m.body]
    if not notes:
        return {}
    facts = tx.facts()
    return {m.id: (m, fillable_gaps(tx, m, env, facts=facts)) for m in notes}


def _filled(tx, env: Env, gapped: dict) -> list[tuple[object, list[str]]]:
    """The notes of `_gapped` with a gap a draft made now would fill and one made before the
    change would not: the change fills it, once the note is written again."""
    from afterview.interfaces.cli.drafting import fillable_gaps

    if not gapped:
        return []
    facts = tx.facts()
    found = []
    for message, already in gapped.values():
        new = [gap for gap in fillable_gaps(tx, message, env, facts=facts) if gap not in already]
        if new:
            found.append((message, new))
    return found


def _say_filled(filled) -> None:
    """After a new name, phone or signature: the drafts that still show a gap it fills, and the
    command that writes them again (a draft keeps its text until then)."""
    listed = "; ".join(f"message {message.id} ({message.state.words}) shows {' and '.join(gaps)}"
                       for message, gaps in filled[:_NAMED])
    more = f"; and {len(filled) - _NAMED} more (afterview drafts)" if len(filled) > _NAMED else ""
    one = len(filled) == 1
    keys = " ".join(dict.fromkeys(message.action_key for message, _ in filled if message.action_key))
    again = (f"to fill {'it' if one else 'them'}, write {'it' if one else 'them'} again: afterview draft {keys} "
             "--force" if keys else f"to fill {'it' if one else 'them'}: afterview edit ID")
    if one:
        message, gaps = filled[0]
        said = (f"message {message.id} ({message.state.words}) still shows {' and '.join(gaps)}, which your profile "
                "now fills")
    else:
        said = f"{len(filled)} notes still show what your profile now fills: {listed}{more}"
    echo(f"afterview: note: {said}; {again}", err=True)


def _say_own_names(env: Env, name: str, before: str) -> None:
    """After a new name: each mail account that sends under a name of its own (its display_name
    in config.toml), which wins over the profile's in the From of every mail, named with the
    command that makes it send under the profile's (or gives it another)."""
    from afterview.delivery.accounts import load_accounts
    from afterview.errors import AfterviewError
    from afterview.services.delivery import own_names

    try:
        accounts = load_accounts(env.config)
    except AfterviewError:  # the commands that send say what is wrong with config.toml
        return
    for found in own_names(accounts, name, before):
        echo(f"afterview: warning: {found.line(name)}", err=True)


def _gone_line(message, what: str, env: Env) -> str:
    """A note with the old name or signature that is on its way already: named, not changed. One
    being sent, or whose send was cut off, is said in the words of `today` (outbox.sending_words)."""
    from afterview.domain.model import MessageState

    if message.state == MessageState.SENDING:
        from afterview.delivery.outbox import sending_words
        from afterview.interfaces.cli.common import fmt_time

        said = sending_words(message, env.now, lambda moment: fmt_time(moment, env.user_tz))
        return f"message {message.id} has {what}, too late to change it: {said}"
    return (f"message {message.id} was copied out with {what} (to Drafts, a file or a link): that copy reads as it "
            f"was; to write it again, take the copy back first (afterview approve {message.id} --withdraw)")


_NAMED = 10  # contacts named in the warning of a new zone; the others counted


def _say_zoneless(env: Env, people, zone: str) -> None:
    """After a new zone: the contacts planned in it for want of their own, named (the planner
    takes your zone for them: planner.playbook.fallback_place), unless [calendar] timezone of
    the playbook is theirs instead."""
    _say_yours(env, people, "timezone", "no time zone of their own",
               f"planned in yours: their times move with it to {zone}", "--tz ZONE")


def _say_countryless(env: Env, people, country: str) -> None:
    """After a new country: the contacts whose public holidays it now gives, for want of their
    own (planner.playbook.fallback_place), unless the playbook's [calendar] country is theirs."""
    _say_yours(env, people, "country", "no country of their own",
               f"planned with your public holidays, now {country}'s", "--country CODE")


def _say_yours(env: Env, people, setting: str, lacking: str, planned: str, option: str) -> None:
    """One warning line naming the contacts (the first _NAMED, the others counted) who take a
    value of yours for want of their own, unless the playbook's [calendar] `setting` is theirs."""
    from afterview.domain.model import Person
    from afterview.interfaces.cli.common import echo
    from afterview.services.planning import effective_playbook

    if effective_playbook(env.config, env.paths)["calendar"][setting]:
        return  # they follow the playbook's, not yours
    people = sorted(people, key=Person.name_order)
    named = ", ".join(f"{p.name} (person {p.id})" for p in people[:_NAMED])
    more = f" and {len(people) - _NAMED} more (afterview person list)" if len(people) > _NAMED else ""
    some = "1 contact has" if len(people) == 1 else f"{len(people)} contacts have"
    echo(f"afterview: warning: {some} {lacking} and {'is' if len(people) == 1 else 'are'} {planned}: "
         f"{named}{more}; to give a contact their own: afterview person edit PERSON {option}", err=True)


def _say_signed(signed) -> None:
    """After a new name or signature: the drafts written with the old one, each with its state, and
    how to write them again (an approved or scheduled one is a draft again, said on its own line)."""
    from afterview.interfaces.cli.common import echo

    listed = "; ".join(f"message {message.id} ({message.state.words}) has {what}" for message, what in signed[:_NAMED])
    more = f"; and {len(signed) - _NAMED} more (afterview drafts --all)" if len(signed) > _NAMED else ""
    some = "1 note not yet sent was" if len(signed) == 1 else f"{len(signed)} notes not yet sent were"
    keys = " ".join(dict.fromkeys(message.action_key for message, _ in signed if message.action_key))
    again = f"to write {'it' if len(signed) == 1 else 'them'} again: afterview draft {keys} --force, or " if keys else ""
    echo(f"afterview: warning: {some} written before this change: {listed}{more}; {again}"
         f"edit {'it' if len(signed) == 1 else 'one'}: afterview edit ID", err=True)


def _zone_source(env: Env) -> str:
    return "config.toml's" if env.config.data.get("timezone") else "this machine's"
