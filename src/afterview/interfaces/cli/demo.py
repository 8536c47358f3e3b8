"""`afterview demo`: load the demo pipeline and show what a user sees first."""

from __future__ import annotations

import click

from afterview.interfaces.cli.common import Env, in_tx, pass_env


@click.command()
@click.option("--no-agenda", is_flag=True, help="Only load the data.")
@pass_env
@click.pass_context
def demo(ctx: click.Context, env: Env, no_agenda: bool) -> None:
    """Load the demo pipeline into an empty database and show what is due.

    Use a throwaway database to keep your own data apart: afterview --db /tmp/demo.db demo
    """
    from afterview.services.demo import load_demo

    counts = in_tx(env, lambda tx: load_demo(tx, now=env.now, tz=env.user_tz))
    click.secho(f"Demo pipeline loaded into {env.store().where}", bold=True)
    click.echo("  " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    if no_agenda:
        return
    click.echo()
    from afterview.interfaces.cli.main import cli

    today = cli.get_command(ctx, "today")
    ctx.invoke(today)
    click.echo()
    click.echo("Next: 'afterview draft --interview 1' drafts the panel's thank-you notes; "
               "'afterview serve' opens the desk in your browser.")
