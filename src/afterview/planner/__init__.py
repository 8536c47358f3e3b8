"""The planner: what is due, when, for whom and why, from the recorded facts and the playbook.

>>> from afterview.planner import plan, DEFAULT_PLAYBOOK
>>> actions = plan(facts, DEFAULT_PLAYBOOK, now)          # doctest: +SKIP

Pure: no I/O, no clock reads. See docs/playbook.md for every rule, its default and source.
"""

from afterview.planner.engine import Action, plan, plan_due
from afterview.planner.playbook import DEFAULT_PLAYBOOK, Playbook, Rule, Setting, load_playbook

__all__ = ["Action", "DEFAULT_PLAYBOOK", "Playbook", "Rule", "Setting", "load_playbook", "plan", "plan_due"]
