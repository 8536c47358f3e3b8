"""Someone invited who will not be there is named in the interview's notes ("Also invited: NAME
<ADDRESS> (declined the invitation; not on the panel)"), so that you know why they are not
thanked: at the first import of an invitation they had declined already, and when a newer copy
says they declined after a version imported before put them on the panel (once, however often
a copy says it again; a dry run writes nothing). Real ICS files through `afterview calendar
import`, on a real SQLite file."""

from __future__ import annotations

import pytest

from afterview.domain.model import Interview

from tests.importers.conftest import cli_at, stored
from tests.importers.test_d44_declined_later import AT, invitation

NOTE = "Also invited: Marcus Webb <marcus.webb@globex.com> (declined the invitation; not on the panel)"


def notes() -> list[str]:
    return stored(lambda tx: tx.list(Interview)[0].notes.splitlines())


def imported(capsys, path, *options):
    code, out, err = cli_at(capsys, AT, "calendar", "import", *options, str(path))
    assert code == 0, err


@pytest.fixture
def profile(capsys):
    code, _, err = cli_at(capsys, AT, "profile", "set", "--name", "Sam Seeker", "--email", "sam.seeker@gmail.com",
                          "--tz", "America/New_York", "--country", "US")
    assert code == 0, err


def test_declined_in_a_newer_copy_is_noted_on_the_interview(capsys, tmp_path, profile):
    first, later = tmp_path / "invite.ics", tmp_path / "invite_updated.ics"
    first.write_text(invitation("ACCEPTED", "20261125T160000Z"), encoding="utf-8")
    later.write_text(invitation("DECLINED", "20261126T080000Z"), encoding="utf-8")
    imported(capsys, first)
    assert NOTE not in notes()
    imported(capsys, later, "--dry-run")
    assert NOTE not in notes()  # a dry run writes nothing
    imported(capsys, later)
    assert notes().count(NOTE) == 1, notes()
    imported(capsys, later)  # the same copy again
    again = tmp_path / "invite_again.ics"  # a newer version that still says it
    again.write_text(invitation("DECLINED", "20261127T080000Z").replace("SEQUENCE:0", "SEQUENCE:1"),
                     encoding="utf-8")
    imported(capsys, again)
    assert notes().count(NOTE) == 1, notes()


def test_declined_already_at_the_first_import_is_noted_the_same_way(capsys, tmp_path, profile):
    path = tmp_path / "invite.ics"
    path.write_text(invitation("DECLINED", "20261126T080000Z"), encoding="utf-8")
    imported(capsys, path)
    assert notes().count(NOTE) == 1, notes()
