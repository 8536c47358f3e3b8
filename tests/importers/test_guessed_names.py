"""A guest an invitation lists by address alone, from the import to the note.

The import guesses a name from the address and says so; a letter alone in it is an initial
("B. Nakamura", never greeted "Dear B,"). The thank-you greets them without a name and says the
command that records theirs; a draft edited to greet them by the guess is reported; once their
name is recorded, the note greets them by it.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from afterview.importers.names import name_from_email
from tests.helpers import afterview

FILES = Path(__file__).parent / "data" / "first_week"
AFTER = "2026-12-08 18:00 UTC"  # the technical interview of g_cn.ics ended at 16:00 UTC


@pytest.mark.parametrize("address, name", [
    ("b.nakamura@waynedata.io", "B. Nakamura"),  # a letter alone is an initial
    ("j.r.smith@globex.example", "J. R. Smith"),
    ("jsmith@globex.example", "Jsmith"),
    ("jane.doe+jobs@acme.example", "Jane Doe"),
    ("b.jane.doe@acme.example", "B. Jane Doe"),
    ("1234@acme.example", "1234@acme.example"),  # nothing to make a name of
])
def test_a_name_guessed_from_an_address_writes_an_initial_with_its_stop(address, name):
    assert name_from_email(address) == name


@pytest.fixture
def cli(tmp_path):
    shutil.copy(FILES / "g_cn.ics", tmp_path / "g_cn.ics")
    db = str(tmp_path / "g.db")

    def run(*args: str, at: str = AFTER, code: int = 0, env: dict | None = None):
        result = afterview("--db", db, "--at", at, *args, env=env)
        assert result.code == code, (result.out, result.err)
        assert "Traceback" not in result.out + result.err
        return result

    run("profile", "set", "--name", "Lena Vogel", "--email", "lena.vogel@gmail.example", "--tz", "Europe/Berlin",
        "--country", "DE-BE", at="2026-11-28 12:00")
    run("calendar", "import", str(tmp_path / "g_cn.ics"), at="2026-11-28 12:00")
    run("profile", "set", "--phone", "+49 30 1234567")
    run("debrief", "1", "--person", "1", "--topic", "testing dbt models before deploys")
    run.dir = tmp_path
    return run


def _thank_you(cli, *options: str) -> tuple[str, list[str]]:
    """`afterview draft` of the thank-you to person 1: what it says, and the draft's lines."""
    said = cli("draft", "thank_you:i1:p1", "--no-ask", *options).out
    number = said.split()[0].removeprefix("#")
    return said, cli("show", number).out.splitlines()


def test_the_guest_is_thanked_without_a_name_until_theirs_is_recorded(cli):
    assert "B. Nakamura" in cli("person", "list").out
    said, lines = _thank_you(cli)
    assert "Hello," in lines and not [line for line in lines if line.startswith(("Hi ", "Dear "))], lines
    assert said.splitlines()[0].endswith("(0 errors, 0 warnings)"), said
    assert said.splitlines()[1:] == [
        "    missing: the name of B. Nakamura <b.nakamura@waynedata.io>: 'B. Nakamura' was guessed from the "
        "address and gives no first name, so the note greets them without a name; record theirs: afterview "
        "person edit 1 --name NAME (or the name to greet them by: afterview person edit 1 --greet-as NAME)"]

    cli("person", "edit", "1", "--name", "Bunta Nakamura")
    said, lines = _thank_you(cli, "--force")
    assert "Hi Bunta," in lines, lines
    assert "missing" not in said


def test_a_draft_edited_to_greet_them_by_the_guess_is_reported(cli):
    said, _ = _thank_you(cli)
    number = said.split()[0].removeprefix("#")
    script = cli.dir / "editor.py"
    script.write_text("import sys, pathlib\npath = pathlib.Path(sys.argv[1])\n"
                      "path.write_text(path.read_text().replace('Hello,', 'Dear B,', 1))\n")
    cli("edit", number, env={"EDITOR": f"{sys.executable} {script}", "VISUAL": ""})
    result = cli("lint", "--draft", number, code=1)
    assert "the greeting names 'B', but B. Nakamura is only a name guessed from their address " \
           "b.nakamura@waynedata.io, with no first name in it [guessed-name]" in result.out, result.out
    assert "afterview person edit ID --name NAME" in result.out
