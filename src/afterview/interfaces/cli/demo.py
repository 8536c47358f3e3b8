"""`afterview demo`: load the demo pipeline and show what a user sees first; take it out again."""

from __future__ import annotations

import click

from afterview.interfaces.cli.common import Env, in_tx, pass_env


@click.command()
@click.option("--no-agenda", is_flag=True, help="Only load the data.")
@click.option("--serve", "then_serve", is_flag=True, help="Then open the desk in your browser on the demo data.")
@click.option("--no-browser", is_flag=True, help="With --serve: print the login link without opening a browser.")
@click.option("--remove", is_flag=True,
              help="Take the demo out of the database again (its companies, people, notes and news, and the profile "
                   "it set); your own records stay.")
@pass_env
@click.pass_context
def demo(ctx: click.Context, env: Env, no_agenda: bool, then_serve: bool, no_browser: bool, remove: bool) -> None:
    """Load the demo pipeline into an empty database and show what is due.

    Its companies and people are invented, and marked as the demo's: notes to them never go out
    through a real mail server. To keep it apart from your own data, give it a database of its
    own (afterview --db demo.db demo); loaded into your own, 'afterview demo --remove' takes it
    out again.
    """
    if remove:
        _remove(env, then_serve or no_agenda or no_browser)
        return
    from afterview.services.backup import is_empty
    from afterview.services.demo import has_demo, load_demo

    def load(tx):
        if is_empty(tx):
            return "loaded", load_demo(tx, now=env.now, tz=env.user_tz)
        return ("again" if has_demo(tx) else "theirs"), None

    state, counts = in_tx(env, load)
    where = env.store().where
    if state == "theirs":  # never mix the demo into real data, nor speak of its panel there
        click.secho(f"{where} already has data of its own: the demo was not loaded; showing what is there", bold=True)
    elif state == "again":
        click.secho(f"{where} has the demo already: it was not loaded again; showing what is there", bold=True)
    else:
        click.secho(f"Demo pipeline loaded into {where}", bold=True)
        click.echo("  " + ", ".join(_counted(n, name) for name, n in counts.items()))
    from afterview.interfaces.cli.main import cli

    if not no_agenda:
        click.echo()
        ctx.invoke(cli.get_command(ctx, "today"))
        click.echo()
    from afterview.config import hide_password

    database = f"--db {hide_password(env.db)} " if env.db else ""  # a server's password is never shown
    if state != "theirs" and not env.db:  # in the user's own database: say how to take it out
        click.echo("The demo is in your own database: 'afterview demo --remove' takes it all out again (the profile "
                   "it set too) before you record your own job search.")
    if then_serve:
        click.echo("Opening the desk on the demo data..." if state != "theirs" else "Opening the desk...")
        ctx.invoke(cli.get_command(ctx, "serve"), no_browser=no_browser)
        return
    if state == "theirs":
        click.echo("To try the demo, give it a database of its own: afterview --db demo.db demo")
        return
    click.echo(f"Next: 'afterview {database}draft --interview 1' drafts the panel's thank-you notes; "
               f"'afterview {database}serve' opens the desk in your browser.")


def _remove(env: Env, with_others: bool) -> None:
    """`afterview demo --remove`: the demo's records out, the user's own kept; said in one line."""
    from afterview.errors import InvalidInput
    from afterview.services.demo import remove_demo

    if with_others:
        raise InvalidInput("--remove takes the demo out and does nothing else: give it without --serve, "
                           "--no-agenda and --no-browser")
    counts = in_tx(env, remove_demo)
    where = env.store().where
    if not counts:
        click.echo(f"{where} has no demo data: nothing was removed")
        return
    click.echo(f"The demo was taken out of {where}: " + ", ".join(_counted(n, name) for name, n in counts.items())
               + "; your own records, if any, are kept.")


# What one of each kind of record is called (the counts are by the names of the export's sections).
_ONE = {"companies": "company", "opportunities": "opportunity", "people": "person", "interviews": "interview",
        "debriefs": "debrief", "messages": "message", "inbound": "reply received", "decisions": "decision",
        "news": "news item"}
_MANY = {"inbound": "replies received", "news": "news items"}


def _counted(n: int, name: str) -> str:
    """"1 message", "2 messages", "1 person", "2 news items"; "feedback" either way."""
    return f"{n} {_ONE.get(name, name) if n == 1 else _MANY.get(name, name)}"
