"""Initials written together ("A.J. Patel") are the name someone goes by; an initial alone is not."""

from __future__ import annotations

import pytest

from afterview.domain.model import Person
from afterview.domain.names import given_name, initials_of, joined_initials


@pytest.mark.parametrize("name, given", [
    ("A.J. Patel", "A.J."), ("J.R. Smith", "J.R."), ("Patel, A.J.", "A.J."),
    ("J. Robert Oppenheimer", "Robert"), ("B. Nakamura", "B. Nakamura"), ("J. R. Smith", "J. R. Smith"),
])
def test_given_name_of_initials(name, given):
    assert given_name(name) == given
    assert Person(name=name).greeting_name() == given


def test_joined_initials_and_initials_of():
    assert joined_initials("A.J.") and not joined_initials("J.") and not joined_initials("AJ")
    assert initials_of("A.J.") == "AJ" and initials_of("Jean-Pierre") == "JP"
    assert initials_of("Priya") == "" and initials_of("B. Nakamura") == ""
