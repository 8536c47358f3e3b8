"""`afterview profile ...`: who you are, as your messages sign it."""

from __future__ import annotations

import click

from afterview.interfaces.cli.common import Env, in_tx, json_option, pass_env, print_json, reads_only, show_fields


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
@click.option("--signature", help="Your sign-off block (use \\n for new lines).")
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
    def apply(tx):
        from afterview.domain.model import Person

        before = tx.profile().timezone or ""
        record = pipeline.update_profile(tx, changes)
        moved = new_zone and (record.timezone or "") != before
        return [p for p in tx.list(Person) if not p.timezone] if moved else []

    zoneless = in_tx(env, apply)
    stored = address_note(changes.get("email") or [])
    click.echo("profile updated" + (f"; your address {stored}" if stored else ""))
    if changes.get("country"):
        from afterview.domain.values import country_note

        note = country_note(changes["country"], env.now.year)
        if note:
            click.echo(f"afterview: warning: {note}", err=True)
    if zoneless:
        _say_zoneless(env, zoneless, changes["timezone"])


_NAMED = 10  # contacts named in the warning of a new zone; the others counted


def _say_zoneless(env: Env, people, zone: str) -> None:
    """After a new zone: the contacts planned in it for want of their own, named (the planner
    takes your zone for them: planner.playbook.fallback_place), unless [calendar] timezone of
    the playbook is theirs instead."""
    from afterview.domain.model import Person
    from afterview.interfaces.cli.common import echo
    from afterview.services.planning import effective_playbook

    if effective_playbook(env.config, env.paths)["calendar"]["timezone"]:
        return  # they follow the playbook's zone, not yours
    people = sorted(people, key=Person.name_order)
    named = ", ".join(f"{p.name} (person {p.id})" for p in people[:_NAMED])
    more = f" and {len(people) - _NAMED} more (afterview person list)" if len(people) > _NAMED else ""
    some = "1 contact has" if len(people) == 1 else f"{len(people)} contacts have"
    echo(f"afterview: warning: {some} no time zone of their own and {'is' if len(people) == 1 else 'are'} "
         f"planned in yours: their times move with it to {zone}: {named}{more}; to give a contact "
         f"their own: afterview person edit PERSON --tz ZONE", err=True)


def _zone_source(env: Env) -> str:
    return "config.toml's" if env.config.data.get("timezone") else "this machine's"
