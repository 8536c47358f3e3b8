"""The one-line summaries `afterview --help` gives of a command group ("People: add, list, show,
edit, merge, delete.") name every command the group has: a tester found `merge` (company,
person) and `account edit` missing from them, and so from docs/commands.md, which copies them."""

from __future__ import annotations

import importlib
import re

import click
import pytest

from afterview.interfaces.cli.main import COMMANDS


def _loaded(target: str) -> click.Command:
    module, name = target.split(":")
    return getattr(importlib.import_module(module), name)


LISTS = re.compile(r"[^:]*:\s*([a-z, -]+)\.$")  # "People: add, list, ..." (not "Show or check the ...")
GROUPS = {name: entry for name, entry in COMMANDS.items()
          if isinstance(entry[0], str) and isinstance(_loaded(entry[0]), click.Group) and LISTS.match(entry[1])}


def test_there_are_groups_to_check():
    assert {"account", "company", "person", "interview", "opportunity"} <= set(GROUPS)


@pytest.mark.parametrize("name", sorted(GROUPS))
def test_a_groups_summary_names_each_of_its_commands(name):
    target, summary = GROUPS[name]
    named = {word.strip() for word in LISTS.match(summary).group(1).split(",")}
    assert named == set(_loaded(target).commands), (name, summary)
