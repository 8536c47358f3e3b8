"""Someone's words reach the terminal as text in every command that prints them, not only in
the shared tables and fields (see test_terminal_text.py).

`today`, `agenda` and `plan` in a pipe, `why`, `timeline`, `interview show` and `edit`, `news`,
`draft` (and its questions), `edit` of a message, an import's report: a name, a role, a note, a
subject or a server's answer that holds an escape sequence (ESC [2J clears the screen, ESC [8m
hides what follows) or a bidirectional override (U+202E) shows it as its escape, while accents
and CJK print as they are and "[/b]" (rich markup nobody opened) shows as typed. An In-Reply-To
from a stranger's mail is text too: `show` prints it, markup or not. A plugin's "[x]" in
`formats` is shown as written on a terminal, with no backslash before it.
"""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
import textwrap
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from afterview.domain.model import Message, MessageState
from afterview.storage import open_store
from afterview.domain import model as m
from tests.helpers import afterview

ROOT = Path(__file__).resolve().parents[2]
AT = "2026-11-26 10:00 America/New_York"

# what would act on the terminal: C0 controls but tab and newline, DEL, C1, bidi overrides/isolates
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
RLO, CLEAR, HIDE = "\u202e", "\x1b[2J", "\x1b[8m"
COMPANY, COMPANY_SHOWN = f"Acme{RLO} [/b]Corp", "Acme\\u202e [/b]Corp"
ROLE, ROLE_SHOWN = f"Data {CLEAR}Engineer", "Data \\x1b[2JEngineer"
NAME, NAME_SHOWN = f"Dana {RLO}Reyes [/b]", "Dana \\u202eReyes [/b]"
WORLD = "Zoë Ōkubo 王芳"  # prints unchanged
WORLD_TOPIC = "café naïve 数据流"


def seed(path: str, *records) -> None:
    """Write records straight into the database, as an older Afterview stored them."""
    from afterview.storage import open_store

    store = open_store(f"sqlite:///{path}")
    try:
        with store.transaction() as tx:
            for record in records:
                tx.add(record)
    finally:
        store.close()


def build(folder: Path):
    """A pipeline whose company, role, people and notes hold escapes (and a name that holds
    none), with an interview, debriefs, a news item and the thank-you drafts; `run(...)` runs a
    command on it (exit 0 asserted) and gives its output, `run.said` what the set-up printed."""
    path = str(folder / "a.db")

    def run(*args: str, at: str = AT, env: dict | None = None) -> str:
        result = afterview("--db", path, "--at", at, *args, env=env)
        assert result.code == 0, (args, result.out, result.err)
        assert "Traceback" not in result.err
        return result.out

    run.path = path
    run.said = {}
    run("profile", "set", "--name", "Sam Seeker", "--email", "sam@seeker.test", "--tz", "America/New_York")
    # Typed names refuse such characters now, and imports take them out (values.plain_text); a
    # database of an older version, or a backup restored from one, may still hold them: the
    # records are written as it holds them.
    seed(path, m.Company(name=COMPANY), m.Opportunity(company_id=1, role=ROLE),
         m.Person(name=NAME, emails=["dana@acme.test"], company_id=1, timezone="America/New_York"),
         m.Person(name=WORLD, emails=["zoe@acme.test"], company_id=1, timezone="America/New_York"))
    run("interview", "add", "--opportunity", "1", "--start", "2026-11-25 14:00 America/New_York", "--end", "15:00",
        "--with", "dana@acme.test", "--with", "zoe@acme.test")
    run("debrief", "1", "--person", "1", "--topic", f"streaming {HIDE}secret")
    run("debrief", "1", "--person", "2", "--topic", WORLD_TOPIC)
    seed(path, m.NewsItem(title=f"Talk on {CLEAR}streaming", tags=["streaming"], detail=f"a talk {RLO}at a meetup",
                          happened_on=date(2026, 11, 26)))
    run.said["draft"] = run("draft", "--interview", "1")
    return run


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """One pipeline for the tests that only read it."""
    return build(tmp_path_factory.mktemp("terminal-more"))


def shows(out: str, *escaped: str) -> None:
    """Nothing in `out` acts on a terminal, and each of `escaped` is there as it should read."""
    assert not UNSAFE.search(out), repr(out)
    for text in escaped:
        assert text in out, (text, out)


def change_message(path: str, number: int, **values) -> None:
    """Set fields of a stored message, as mail from elsewhere or a failed send would."""
    store = open_store(f"sqlite:///{path}")
    try:
        with store.transaction() as tx:
            message = tx.get(Message, number)
            for name, value in values.items():
                setattr(message, name, value)
            tx.update(message)
    finally:
        store.close()


# --- the plan ------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["today"], ["agenda", "--days", "14"], ["plan"]], ids=" ".join)
def test_a_listing_in_a_pipe_shows_escapes(db, command):
    out = db(*command)
    shows(out, f"{ROLE_SHOWN} at {COMPANY_SHOWN}\n", f"{NAME_SHOWN} (email)", f"Thank {NAME_SHOWN} for the interview")
    assert f"{WORLD} (email)" in out and f"Thank {WORLD} for" in out  # the world's letters, unchanged
    assert "\\[" not in out  # "[/b]" shows as typed, not escaped for rich


def test_a_note_of_the_plan_and_of_a_decision_show_escapes(tmp_path):
    run = build(tmp_path)
    run("done", "thank_you:i1:p1")
    later = "2026-12-08 12:00 America/New_York"
    # typed, such a note is refused now (domain.values.typed_note); one from an older database is shown escaped
    refused = afterview("--db", run.path, "--at", later, "done", "status_check.1:o1:i1:p1", "--note",
                        f"sent from my {CLEAR}phone")
    assert refused.code == 2 and "control character" in refused.err, refused.err
    seed(run.path, m.Decision(action_key="status_check.1:o1:i1:p1", kind=m.DecisionKind.DONE,
                              at=datetime(2026, 12, 8, 17, 0, tzinfo=timezone.utc), note=f"sent from my {CLEAR}phone"))
    shows(run("why", "status_check.1:o1:i1:p1", at=later), "(sent from my \\x1b[2Jphone)")
    # a second status check names news since the first one worth adding, in its note
    at = "2026-12-09 12:00 America/New_York"
    seed(run.path, m.NewsItem(title=f"Won the {RLO}hackathon", tags=["streaming"], happened_on=date(2026, 12, 9)))
    out = run("agenda", "--days", "30", at=at)
    shows(out, f"ask {NAME_SHOWN} once more about {ROLE_SHOWN}",
          "note: add something new: e.g. your news 'Won the \\u202ehackathon' (news 2)")


def test_a_server_answer_in_the_listing_and_in_why_shows_escapes(tmp_path):
    run = build(tmp_path)
    change_message(run.path, 1, state=MessageState.APPROVED, attempts=1,
                   last_error=f"451 {CLEAR}try later [/x] {RLO}")
    shows(run("today"), "approved (message 1): retrying after an error: 451 \\x1b[2Jtry later [/x] \\u202e")
    shows(run("why", "thank_you:i1:p1"), "; retrying after an error: 451 \\x1b[2Jtry later [/x] \\u202e")


def test_why_shows_escapes(db):
    out = db("why", "thank_you:i1:p1")
    shows(out, f"Thank {NAME_SHOWN} for the interview",
          f'message: drafted as message 1 ("Thank you - {ROLE_SHOWN} interview")')
    assert f"Thank {WORLD} for" in db("why", "thank_you:i1:p2")


# --- records -------------------------------------------------------------------------------------


def test_the_timeline_shows_escapes(db):
    out = db("timeline", "--opportunity", "1")
    shows(out, f"video interview with {NAME_SHOWN}, {WORLD}", f"{ROLE_SHOWN}: interviewing",
          f"planned thank you to {NAME_SHOWN} (due)")
    shows(db("timeline", "--person", "1"), f"video interview with {NAME_SHOWN}")
    assert f"planned thank you to {WORLD}" in db("timeline", "--person", "2")


def test_interview_show_shows_the_debriefs_as_escapes(db):
    out = db("interview", "show", "1")
    shows(out, "    topics: streaming \\x1b[8msecret", NAME_SHOWN)
    assert f"    topics: {WORLD_TOPIC}\n" in out and WORLD in out


def test_interview_edit_names_the_person_as_escapes(tmp_path):
    run = build(tmp_path)
    out = run("interview", "edit", "1", "--without", "1")
    shows(out, f"note: draft 1 is to {NAME_SHOWN}, who is no longer on the panel")


def test_news_shows_escapes(db):
    out = db("news", "show", "1")
    shows(out, "Talk on \\x1b[2Jstreaming", "  detail: a talk \\u202eat a meetup",
          f"  {NAME_SHOWN} (person 1): streaming")
    typed = afterview("--db", db.path, "--at", AT, "news", "add", f"Talk on {CLEAR}streaming", "--tag", "streaming")
    assert typed.code == 2 and "title contains the control character '\\x1b'" in typed.err  # typed: refused


# --- messages ------------------------------------------------------------------------------------


def test_draft_says_the_subject_as_escapes(db):
    shows(db.said["draft"], f"#1 thank_you to {NAME_SHOWN} [warm] drafted: Thank you - {ROLE_SHOWN} interview",
          f"thank_you to {WORLD} [warm] drafted: Thank you - {ROLE_SHOWN} interview")


def test_draft_asks_and_names_what_is_missing_as_escapes(tmp_path):
    """The questions of `draft --ask` and its "missing:" lines name the person."""
    run = build(tmp_path)
    seed(run.path, m.Person(name=f"Lee{RLO} {CLEAR}Park", emails=["lee@acme.test"], company_id=1))
    run("interview", "add", "--opportunity", "1", "--start", "2026-11-26 08:00 America/New_York", "--end", "09:00",
        "--with", "lee@acme.test")  # no debrief with Lee: what was discussed is asked
    done = afterview("--db", run.path, "--at", AT, "draft", "--interview", "2", "--ask", input="\n\n")
    assert done.code == 0, done.err
    shows(done.out, "#3: [topic you discussed with Lee\\u202e]",
          "  What did you discuss with Lee\\u202e \\x1b[2JPark? (one topic per line) (empty to skip): ",
          "#3 thank_you to Lee\\u202e \\x1b[2JPark [warm] drafted",
          "    missing: [topic you discussed with Lee\\u202e] (record it with `afterview debrief 2 --person 3`)")


def test_edit_says_its_findings_as_escapes(tmp_path):
    run = build(tmp_path)
    script = tmp_path / "editor.py"
    script.write_text("import sys, pathlib\npath = pathlib.Path(sys.argv[1])\n"
                      "text = path.read_text(encoding='utf-8').replace('Hi Dana,', 'Hi Tom,')\n"
                      "path.write_text(text, encoding='utf-8')\n", encoding="utf-8")
    out = run("edit", "1", env={"EDITOR": f"{sys.executable} {script}", "VISUAL": ""})
    shows(out, "#1 saved", f"wrong-name: the greeting names 'Tom', but this note is to {NAME_SHOWN}")


def test_show_prints_a_strangers_in_reply_to_as_text(tmp_path):
    run = build(tmp_path)
    change_message(run.path, 1, in_reply_to=f"<ab[/x]{CLEAR}c@mail.example>")
    out = run("show", "1")
    shows(out, "In-Reply-To: <ab[/x]\\x1b[2Jc@mail.example>", f"Subject: Thank you - {ROLE_SHOWN} interview")


# --- imports -------------------------------------------------------------------------------------


def test_an_import_takes_the_escapes_out_and_says_so(tmp_path):
    """An import keeps no control character (importers.checks): the report names the cleaned
    text and says what was taken out; nothing reaches the terminal as a command."""
    sheet = tmp_path / "tracker.csv"
    sheet.write_text("Company,Role,Contact,Contact Email\n"
                     f"{WORLD},Analyst,Bill Lumbergh,bill@initech.example\n"
                     f"Umb{CLEAR}rella,Chemist,Albert Wesker,albert@@umbrella.example\n", encoding="utf-8")
    done = afterview("--db", str(tmp_path / "a.db"), "--at", AT, "csv", "import", "--skip-bad", str(sheet))
    assert done.code == 0, done.err
    shows(done.out, "line 3: skipped: Umb[2Jrella: invalid email address",
          "1 application (1 new), 1 skipped (line 3: Umb[2Jrella: invalid email address")
    assert "1 control character taken out (1 from companies)" in done.err


LINES_PLUGIN = '''
from afterview.importers import Records, TrackerRow
from afterview.plugins import hookimpl


def read(source, **options):
    return Records(iter(()))


@hookimpl
def register_importers(register):
    register("checklist", read, produces="tracker", description="Lines like [x] Acme: Analyst")
'''


def test_formats_on_a_terminal_shows_a_plugins_brackets_as_written(tmp_path):
    """On a terminal the table is drawn by rich; its cells are text, so "[x]" needs no escape."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "afterview_checklist.py").write_text(textwrap.dedent(LINES_PLUGIN), encoding="utf-8")
    dist = site / "afterview_checklist-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: afterview_checklist\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[afterview]\nafterview_checklist = afterview_checklist\n", encoding="utf-8")
    env = {**os.environ, "COLUMNS": "200", "TERM": "xterm-256color",
           "PYTHONPATH": os.pathsep.join([str(site), str(ROOT / "src")])}
    env.pop("NO_COLOR", None)
    env.pop("AFTERVIEW_PLUGINS", None)
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "afterview", "formats"], stdin=subprocess.DEVNULL,
                               stdout=slave, stderr=subprocess.PIPE, env=env, cwd=ROOT)
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
    text = re.sub(r"\x1b\[[0-9;]*m", "", screen.decode())  # rich's own styling
    assert "│" in text or "┃" in text, text  # drawn by rich, as on a terminal
    assert "Lines like [x] Acme: Analyst" in text, text
    assert "\\[x]" not in text
