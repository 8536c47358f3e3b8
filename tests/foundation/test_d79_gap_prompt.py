"""`afterview draft` at a terminal asks for a gap with one colon: "Your phone number, for the
signature (empty to skip): ", not "...signature: (empty to skip): " (found by a tester)."""

from __future__ import annotations

import os

from tests.foundation.test_interactive import AFTERVIEW, on_terminal
from tests.helpers import afterview


def test_the_phone_number_is_asked_with_one_colon(tmp_path):
    at = ["--db", str(tmp_path / "a.db"), "--at", "2026-11-25T23:00:00-06:00"]
    for args in (("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--tz",
                  "America/Chicago", "--country", "US"),
                 ("opportunity", "add", "--company", "Northwind Analytics", "--role", "Senior Data Engineer"),
                 ("person", "add", "Priya Raman", "--email", "priya.raman@northwind.example", "--company",
                  "Northwind Analytics"),
                 ("interview", "add", "--opportunity", "1", "--start", "2026-11-25 13:30", "--with", "Priya Raman"),
                 ("debrief", "1", "--person", "Priya", "--topic", "moving nightly batch jobs to streaming")):
        done = afterview(*at, *args)
        assert done.code == 0, done.err
    env = {**os.environ, "TERM": "dumb", "COLUMNS": "200"}
    code, screen = on_terminal([AFTERVIEW, *at, "draft", "--interview", "1"], [""] * 4, env)
    assert code == 0, screen
    assert "Your phone number, for the signature (empty to skip): " in screen, screen
    assert ": (empty to skip)" not in screen
