"""`afterview config`: where Afterview keeps its data and settings."""

from __future__ import annotations

import re

import click

from afterview.interfaces.cli.common import Env, json_option, pass_env, print_json, show_fields


@click.command()
@json_option
@pass_env
def config(env: Env, as_json: bool) -> None:
    """Show where Afterview keeps its data, settings and templates."""
    from afterview.config import hide_password

    where = env.paths
    facts = {
        "database": hide_password(env.db_url),
        "data folder": str(where.data),
        "config file": str(where.config_file) + ("" if where.config_file.exists() else " (not created yet)"),
        "playbook overrides": str(where.playbook_file) + ("" if where.playbook_file.exists() else " (none)"),
        "templates folder": str(where.templates) + ("" if where.templates.exists() else " (built-in templates only)"),
        "log file": str(where.log_file),
        "your time zone": env.user_tz,
    }
    if as_json:
        return print_json(facts)
    show_fields(list(facts.items()), title="Afterview settings")
