"""`afterview demo`: load the demo pipeline and show what a user sees first."""

from __future__ import annotations

import click

from afterview.interfaces.cli.common import Env, in_tx, pass_env


@click.command()
@click.option("--no-agenda", is_flag=True, help="Only load the data.")
@click.option("--serve", "then_serve", is_flag=True, help="Then open the desk in your browser on the demo data.")
@click.option("--no-browser", is_flag=True, help="With --serve: print the login link without opening a browser.")
@pass_env
@click.pass_context
def demo(ctx: click.Context, env: Env, no_agenda: bool, then_serve: bool, no_browser: bool) -> None:
    """Load the demo pipeline into an empty database and show what is due.

    Use a throwaway database to keep your own data apart: afterview --db /tmp/demo.db demo
    """
    from afterview.services.demo import load_demo

    from afterview.services.backup import is_empty

    def load(tx):
        return load_demo(tx, now=env.now, tz=env.user_tz) if is_empty(tx) else None

    counts = in_tx(env, load)
    if counts is None:  # never mix the demo into real data
        click.secho(f"{env.store().where} already has data: the demo was not loaded; showing what is there", bold=True)
    else:
        click.secho(f"Demo pipeline loaded into {env.store().where}", bold=True)
        click.echo("  " + ", ".join(_counted(n, name) for name, n in counts.items()))
    from afterview.interfaces.cli.main import cli

    if not no_agenda:
        click.echo()
        ctx.invoke(cli.get_command(ctx, "today"))
        click.echo()
    from afterview.config import hide_password

    database = f"--db {hide_password(env.db)} " if env.db else ""  # a server's password is never shown
    if then_serve:
        click.echo("Opening the desk on the demo data...")
        ctx.invoke(cli.get_command(ctx, "serve"), no_browser=no_browser)
        return
    click.echo(f"Next: 'afterview {database}draft --interview 1' drafts the panel's thank-you notes; "
               f"'afterview {database}serve' opens the desk in your browser.")


# What one of each kind of record is called (the counts are by the names of the export's sections).
_ONE = {"companies": "company", "opportunities": "opportunity", "people": "person", "interviews": "interview",
        "debriefs": "debrief", "messages": "message", "inbound": "reply received", "decisions": "decision",
        "news": "news item"}
_MANY = {"inbound": "replies received", "news": "news items"}


def _counted(n: int, name: str) -> str:
    """"1 message", "2 messages", "1 person", "2 news items"; "feedback" either way."""
    return f"{n} {_ONE.get(name, name) if n == 1 else _MANY.get(name, name)}"
