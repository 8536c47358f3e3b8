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
    """Change your profile."""
    from afterview.domain.values import address_note
    from afterview.errors import InvalidInput
    from afterview.services import pipeline

    changes = {k: v for k, v in values.items() if v is not None}
    if not changes:
        raise InvalidInput("nothing to change: give at least one option (see --help)")
    if "signature" in changes:
        changes["signature"] = changes["signature"].replace("\\n", "\n")
    if "timezone" not in changes and not env._profile_tz():
        # the first profile keeps the zone in use until now (config.toml's, else the machine's),
        # not UTC: times typed after it are read as before
        changes["timezone"] = env.user_tz
    in_tx(env, lambda tx: pipeline.update_profile(tx, changes))
    stored = address_note(changes.get("email") or [])
    click.echo("profile updated" + (f"; your address {stored}" if stored else ""))
    if changes.get("country"):
        from afterview.domain.values import country_note

        note = country_note(changes["country"], env.now.year)
        if note:
            click.echo(f"afterview: warning: {note}", err=True)


def _zone_source(env: Env) -> str:
    return "config.toml's" if env.config.data.get("timezone") else "this machine's"
