"""`afterview config`: where Afterview keeps its data and settings."""

from __future__ import annotations

import re

import click

from afterview.interfaces.cli.common import Env, json_option, pass_env, print_json, show_fields


@click.command()
@json_option
@pass_env
def config(env: Env, as_json: bool) -> None:
    """Show where Afterview keeps its data, settings and templates.

    \b
    --json gives them under names a script can use, each path as it is, and whether each
    file or folder exists:
      database, data_folder, config_file, config_file_exists, playbook_file,
      playbook_file_exists, templates_folder, templates_folder_exists, log_file, timezone
    """
    from afterview.config import hide_password

    where = env.paths
    if as_json:
        return print_json({
            "database": hide_password(env.db_url),
            "data_folder": str(where.data),
            "config_file": str(where.config_file),
            "config_file_exists": where.config_file.exists(),
            "playbook_file": str(where.playbook_file),
            "playbook_file_exists": where.playbook_file.exists(),
            "templates_folder": str(where.templates),
            "templates_folder_exists": where.templates.exists(),
            "log_file": str(where.log_file),
            "timezone": env.user_tz,
        })
    facts = {
        "database": hide_password(env.db_url),
        "data folder": str(where.data),
        "config file": str(where.config_file) + ("" if where.config_file.exists() else " (not created yet)"),
        "playbook overrides": str(where.playbook_file) + ("" if where.playbook_file.exists() else " (none)"),
        "templates folder": str(where.templates) + ("" if where.templates.exists() else " (built-in templates only)"),
        "log file": str(where.log_file),
        "your time zone": env.user_tz,
    }
    show_fields(list(facts.items()), title="Afterview settings")
