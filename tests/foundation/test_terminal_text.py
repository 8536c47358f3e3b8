"""Someone's words reach the terminal as text, never as commands to it.

A subject, a name or a note from an imported file can hold an escape sequence (ESC [2J clears
the screen, ESC [8m hides what follows) or a bidirectional override (U+202E turns the rest of
the line around). The listings show each such character as its escape (`\\x1b`, `\\u202e`), in a
pipe and on a real terminal (a pseudo-terminal here), while accents, CJK, emoji, Arabic and
Hebrew print as they are and `--json` keeps the exact values.
"""

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from afterview.interfaces.cli.common import terminal_text
from tests.helpers import afterview

AFTERVIEW = str(Path(sys.executable).parent / "afterview")
AT = "2026-11-26 10:00 America/New_York"

# what would act on the terminal: C0 controls but tab and newline, DEL, C1, bidi overrides/isolates
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
RLO, CLEAR, HIDE = "\u202e", "\x1b[2J", "\x1b[8m"
COMPANY = f"Acme{RLO} Corp"
ROLE = f"Data {CLEAR}Engineer [/b] Lead"  # also rich markup that would end a style nobody opened
NOTES = f"first line{HIDE} hidden"
NAME = f"Dana {RLO}Reyes"
WORLD = "Zoë Ōkubo 王芳 😀 مرحبا שלום"  # prints unchanged


@pytest.mark.parametrize("text, shown", [
    (f"a{CLEAR}b", "a\\x1b[2Jb"),
    (f"{RLO}evil", "\\u202eevil"),
    ("x\u2066y\u2069z\u202a", "x\\u2066y\\u2069z\\u202a"),
    ("bell\x07 del\x7f csi\x9b nul\x00", "bell\\x07 del\\x7f csi\\x9b nul\\x00"),
    ("over\rwrite", "over\\rwrite"),
    ("two\nlines\tand a tab", "two\nlines\tand a tab"),  # a note of several lines stays so
    ("windows\r\nline ends", "windows\nline ends"),
    (WORLD, WORLD),
    ("no\u00a0break, soft\u00adhyphen, zero\u200bwidth", "no\u00a0break, soft\u00adhyphen, zero\u200bwidth"),
    ("", ""),
])
def test_terminal_text_escapes_only_what_acts_on_a_terminal(text, shown):
    assert terminal_text(text) == shown


def test_one_line_escapes_tabs_and_line_breaks_too():
    assert terminal_text("a\tb\nc\r\nd", one_line=True) == "a\\tb\\nc\\r\\nd"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A pipeline whose company, role, notes, names and topics hold escape sequences and
    overrides, with a draft. Imports and typed input no longer keep such characters
    (importers.checks, values.plain_text), but a database of an older version, or a backup
    restored from one, may hold them: they are written here as such a database holds them."""
    from afterview.domain import model as m
    from afterview.storage import open_store

    folder = tmp_path_factory.mktemp("terminal")
    path = str(folder / "a.db")

    def run(*args):
        result = afterview("--db", path, "--at", AT, *args)
        assert result.code == 0, result.err
        return result.out

    run("profile", "set", "--name", "Sam Seeker", "--email", "sam@seeker.test", "--tz", "America/New_York")
    store = open_store(f"sqlite:///{path}")
    try:
        with store.transaction() as tx:
            acme = tx.add(m.Company(name=COMPANY))
            world = tx.add(m.Company(name=WORLD))
            tx.add(m.Opportunity(company_id=acme.id, role=ROLE, status=m.OpportunityStatus.INTERVIEWING,
                                 notes=NOTES))
            tx.add(m.Opportunity(company_id=world.id, role="Analyst", status=m.OpportunityStatus.APPLIED))
            tx.add(m.Person(name=NAME, emails=["dana@acme.test"], company_id=acme.id, timezone="America/New_York"))
            tx.add(m.Person(name=WORLD, emails=["zoe@world.test"], company_id=world.id))
    finally:
        store.close()
    run("interview", "add", "--opportunity", "1", "--start", "2026-11-25 14:00 America/New_York", "--end", "15:00",
        "--with", "dana@acme.test")
    store = open_store(f"sqlite:///{path}")
    try:
        with store.transaction() as tx:
            tx.add(m.Debrief(interview_id=1, person_id=1, topics=[f"streaming {HIDE}secret"]))
    finally:
        store.close()
    run("draft", "--interview", "1")
    run.path = path
    return run


LISTINGS = [
    ["drafts"], ["show", "1"], ["person", "list"], ["person", "show", "1"],
    ["opportunity", "list"], ["opportunity", "show", "1"], ["company", "list"],
]


@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_listings_in_a_pipe_show_escapes(db, command):
    out = db(*command)
    assert not UNSAFE.search(out), repr(out)
    assert "\\u202e" in out or "\\x1b" in out, out


def test_the_escapes_are_where_the_words_were(db):
    assert "Dana \\u202eReyes" in db("drafts")
    assert "Data \\x1b[2JEngineer [/b] Lead" in db("show", "1")
    assert "first line\\x1b[8m hidden" in db("opportunity", "show", "1")
    assert WORLD in db("person", "show", "2") and WORLD in db("company", "list")


def test_json_keeps_the_exact_values(db):
    text = db("drafts", "--json")
    assert not UNSAFE.search(text), repr(text)  # as JSON escapes
    (draft,) = json.loads(text)
    assert draft["recipient"] == NAME and CLEAR in draft["subject"]
    person = json.loads(db("person", "show", "1", "--json"))
    assert person["name"] == NAME
    assert json.loads(db("person", "show", "2", "--json"))["name"] == WORLD
    assert WORLD in db("person", "show", "2", "--json")  # other text stays as it is, not \u escapes


def _on_a_terminal(db, *args: str) -> str:
    """What the command writes on a real (pseudo-)terminal: rich's tables and styles."""
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "200", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([AFTERVIEW, "--db", db.path, "--at", AT, *args], stdin=subprocess.DEVNULL,
                               stdout=slave, stderr=subprocess.PIPE, env=env)
    os.close(slave)
    screen = b""
    try:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the command ended and closed the terminal
                break
            if not chunk:
                break
            screen += chunk
        err = process.communicate(timeout=60)[1].decode()
    finally:
        os.close(master)
    assert process.returncode == 0, err
    return screen.decode()


@pytest.mark.parametrize("command", [["drafts"], ["show", "1"], ["person", "list"], ["opportunity", "show", "1"],
                                     ["today"]], ids=" ".join)
def test_listings_on_a_terminal_show_escapes(db, command):
    screen = _on_a_terminal(db, *command)
    assert RLO not in screen and CLEAR not in screen and HIDE not in screen, repr(screen)
    styles = re.sub(r"\x1b\[[0-9;]*m", "", screen)  # rich's own styling: bold, dim, colours
    assert not UNSAFE.search(styles.replace("\r", "")), repr(screen)
    assert "\\u202e" in screen


def test_a_table_on_a_terminal_shows_markup_as_typed(db):
    screen = _on_a_terminal(db, "drafts")
    assert "Data \\x1b[2JEngineer [/b] Lead" in re.sub(r"\x1b\[[0-9;]*m", "", screen)
