"""A team's shared mailbox (talent@, "Fenwick & Hale Talent") that sends an invitation did not
interview you: it is no person and no one on the panel, so nothing is planned for it."""

import json

import pytest

from afterview.interfaces.cli.main import main
from tests.importers.test_recognition_recorded import CALENDAR, CONNECTIONS, TRACKER


def run(*argv, at="2026-11-26 09:00 UTC"):
    with pytest.raises(SystemExit) as done:
        main(["--at", at, *argv])
    return done.value.code


def test_a_coordinator_mailbox_is_no_person_and_is_never_thanked(tmp_path, capsys):
    for name, text in (("tracker.csv", TRACKER), ("Connections.csv", CONNECTIONS), ("cal.ics", CALENDAR)):
        (tmp_path / name).write_text(text)
    assert run("profile", "set", "--name", "Sam Seeker", "--email", "sam.seeker@gmail.com") == 0
    assert run("csv", "import", str(tmp_path / "tracker.csv")) == 0
    assert run("linkedin", "import", str(tmp_path / "Connections.csv")) == 0
    assert run("calendar", "import", str(tmp_path / "cal.ics")) == 0
    capsys.readouterr()
    assert run("person", "list", "--json") == 0
    people = json.loads(capsys.readouterr().out)
    names = {p["name"] for p in people}
    assert "Fenwick & Hale Talent" not in names and "Olivia Hart" in names
    assert not any("talent@fenwickhale.co.uk" in json.dumps(p) for p in people)
    assert run("interview", "show", "1") == 0
    shown = capsys.readouterr().out
    assert "Organised: Fenwick & Hale Talent <talent@fenwickhale.co.uk> (a team mailbox, not on the panel)" in shown
    # After the interview: nothing planned for the mailbox, no note greets it.
    after = "2026-12-01 17:00 UTC"
    assert run("plan", "--json", at=after) == 0
    actions = json.loads(capsys.readouterr().out)["actions"]
    olivia = next(p["id"] for p in people if p["name"] == "Olivia Hart")
    assert {a["person_id"] for a in actions if a["interview_id"] == 1} == {olivia}
    assert run("draft", "--interview", "1", "--no-ask", at=after) == 0
    capsys.readouterr()
    assert run("show", "1", at=after) == 0
    draft = capsys.readouterr().out
    assert "Hi Olivia," in draft and "Hi Fenwick" not in draft


@pytest.mark.parametrize("email, name, mailbox", [
    ("talent@fenwickhale.co.uk", "Fenwick & Hale Talent", True),
    ("careers-uk@acme.com", "", True),
    ("no-reply@acme.com", "", True),
    ("hrteam@acme.com", "", True),
    ("jobs@acme.com", "Acme", True),
    ("scheduling@acme.com", "Acme Recruiting Team", True),
    ("ops7@acme.com", "Fenwick and Hale Careers", True),  # the company's name, "&" or "and"
    ("someone@fenwickhale.co.uk", "Fenwick & Hale", True),  # the company's name alone
    ("x@acme.com", "Recruiting", True),
    ("olivia.hart@fenwickhale.co.uk", "Olivia Hart", False),
    ("dana.talent@acme.com", "Dana Talent", False),
    ("amer@acme.com", "Amer Haddad", False),
    ("jane.recruiter@acme.com", "Jane Doe (Recruiting)", False),  # a person who recruits: a coordinator
])
def test_which_addresses_are_team_mailboxes(email, name, mailbox):
    from afterview.importers.names import is_role_mailbox

    assert is_role_mailbox(email, name, ["Fenwick & Hale"]) is mailbox
