"""Standard streams that a shell closed, filled or redirected, as scripts and cron jobs give them.

Found by a tester: with standard input closed (`<&-`), `lint -`, `debrief`, `feedback --file -`
and `person delete` ended with exit status 70 and a traceback in the log; with standard output
closed (`>&-`), `today` did too. `today 2>&- | head -1` ended with 120, `show 999 2>/dev/full`
with 1, and `lint note.txt` piped to a reader that went away with 0 although the note has an
error. A confirmation question went to standard output, into a redirected file; and `company
delete` asked before it found that it could not delete.

Each case is the real process, run by a shell with its streams as the tester had them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _shell(env: dict, redirections: str, *args: str, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    """`python -m afterview ARGS REDIRECTIONS` run by sh (`<&-`, `>&-`, `2>/dev/full` ...)."""
    command = f'exec "$@" {redirections}'
    return subprocess.run(["sh", "-c", command, "sh", sys.executable, "-m", "afterview", *args], env=env,
                          stdin=stdin, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("streams")
    env = dict(os.environ, AFTERVIEW_HOME=str(folder / "home"), AFTERVIEW_AT="2026-11-26T15:00:00+00:00",
               AFTERVIEW_DB=str(folder / "demo.db"))
    for args in (["demo"], ["person", "add", "Nobody Yet"]):  # person 7: nothing of theirs, deletable
        made = subprocess.run([sys.executable, "-m", "afterview", *args], env=env, capture_output=True,
                              text=True, timeout=120)
        assert made.returncode == 0, made.stderr
    return folder, env


# -- a closed standard input reads as an empty one ---------------------------------------------


@pytest.mark.parametrize("args, said", [
    (["lint", "-"], "the text is empty"),
    (["debrief", "1"], "nothing to record"),
    (["feedback", "3", "--file", "-"], "must not be empty"),
    (["import", "-"], "not an Afterview export"),
], ids=["lint -", "debrief 1", "feedback --file -", "import -"])
def test_a_closed_standard_input_is_an_empty_one(demo, args, said):
    _, env = demo
    closed = _shell(env, "<&-", *args)
    empty = _shell(env, "</dev/null", *args)
    assert closed.returncode == empty.returncode == 2, closed.stderr
    assert closed.stderr == empty.stderr
    assert said in closed.stderr and len(closed.stderr.splitlines()) == 1, closed.stderr


def test_a_question_with_a_closed_standard_input_is_aborted(demo):
    _, env = demo
    result = _shell(env, "<&-", "person", "delete", "7")
    assert result.returncode == 130, result.stderr
    assert result.stderr.strip().endswith("afterview: aborted")
    assert "internal error" not in result.stderr
    kept = _shell(env, "", "person", "show", "7")
    assert kept.returncode == 0 and "Nobody Yet" in kept.stdout  # nothing was deleted


# -- a closed standard output is an output that cannot be written: 74 --------------------------


@pytest.mark.parametrize("args", [["today"], ["person", "list"], ["plan", "--json"]], ids=" ".join)
def test_a_closed_standard_output_is_status_74(demo, args):
    _, env = demo
    result = _shell(env, ">&-", *args)
    assert result.returncode == 74, result.stderr
    assert result.stderr == "afterview: error: could not write the output: standard output is closed\n"


def test_nothing_is_done_when_the_output_is_closed(demo):
    _, env = demo
    result = _shell(env, ">&-", "company", "add", "Never Added")
    assert result.returncode == 74, result.stderr
    listed = _shell(env, "", "company", "list")
    assert "Never Added" not in listed.stdout


# -- standard error closed or full: the status is the command's --------------------------------


def test_a_closed_standard_error_changes_no_status(demo):
    _, env = demo
    result = _shell(env, "2>&-", "today")
    assert result.returncode == 0
    assert "Priya Raman" in result.stdout
    failed = _shell(env, "2>&-", "show", "999")
    assert failed.returncode == 2


def test_a_closed_standard_error_and_a_reader_gone(demo):
    _, env = demo
    process = subprocess.Popen(["sh", "-c", 'exec "$@" 2>&-', "sh", sys.executable, "-m", "afterview", "plan"],
                               env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()  # `| head -1`
    assert process.wait(timeout=120) == 0


def test_an_error_line_that_cannot_be_written_keeps_its_status(demo):
    _, env = demo
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    result = _shell(env, "2>/dev/full", "show", "999")
    assert result.returncode == 2
    usage = _shell(env, "2>/dev/full", "todya")
    assert usage.returncode == 2


# -- a result is kept when the reader goes away ------------------------------------------------


def test_lint_keeps_its_status_when_the_reader_goes_away(demo, tmp_path):
    _, env = demo
    note = tmp_path / "note.txt"
    note.write_text("Hi Dana,\n\nDid I get the job? Let me know by Friday.\n", "utf-8")
    plain = subprocess.run([sys.executable, "-m", "afterview", "lint", str(note)], env=env,
                           capture_output=True, text=True, timeout=120)
    assert plain.returncode == 1, plain.stdout  # an error-level finding
    for args in (["lint", str(note)], ["lint", str(note), "--json"]):
        process = subprocess.Popen([sys.executable, "-m", "afterview", *args], env=env,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        process.stdout.close()  # gone before the report is written
        err = process.stderr.read()
        assert process.wait(timeout=120) == 1, err
        assert err == b""


def test_a_clean_lint_is_still_0_when_the_reader_goes_away(demo, tmp_path):
    _, env = demo
    note = tmp_path / "fine.txt"
    note.write_text("Subject: Thank you\n\nHi Dana,\n\nThank you for the conversation about the data platform "
                    "migration today. I enjoyed hearing how the team runs its incident reviews, and I would be "
                    "glad to bring my experience with streaming pipelines to the role.\n\nBest regards,\nAlex\n",
                    "utf-8")
    process = subprocess.Popen([sys.executable, "-m", "afterview", "lint", str(note), "--kind", "thank_you"],
                               env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    assert process.wait(timeout=120) in (0, 1)  # whatever its findings say, never the pipe's doing
    assert process.stderr.read() == b""


# -- questions go to standard error; a delete that cannot be done is refused before asking ------


def test_a_question_goes_to_standard_error(demo, tmp_path):
    _, env = demo
    out = tmp_path / "out.txt"
    result = _shell(env, f"</dev/null >{out}", "person", "delete", "7")
    assert result.returncode == 130
    assert out.read_text() == ""  # the redirected output holds no question
    assert "Delete Nobody Yet (person 7)? [y/N]" in result.stderr
    answered = subprocess.run([sys.executable, "-m", "afterview", "news", "add", "Spoke at a meetup"], env=env,
                              capture_output=True, text=True, timeout=120)
    assert answered.returncode == 0, answered.stderr
    news = subprocess.run([sys.executable, "-m", "afterview", "news", "delete", "1"], env=env, input="n\n",
                          capture_output=True, text=True, timeout=120)
    assert news.returncode == 130 and news.stdout == ""
    assert "Delete news item 1" in news.stderr


def test_the_answer_yes_deletes(demo):
    _, env = demo
    result = subprocess.run([sys.executable, "-m", "afterview", "company", "add", "Gone Soon"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    number = result.stdout.split()[2].rstrip(":")
    deleted = subprocess.run([sys.executable, "-m", "afterview", "company", "delete", number], env=env, input="y\n",
                             capture_output=True, text=True, timeout=120)
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout == f"deleted company {number}: Gone Soon\n"
    assert "Delete company" in deleted.stderr


@pytest.mark.parametrize("args, said", [
    (["company", "delete", "1"], "has 1 opportunity: delete those first"),
    (["person", "delete", "1"], "merge the person into the one to keep"),
    # and the way to erase them at their request (person forget)
    (["person", "delete", "1"], "to erase them and all of it at their request: afterview person forget 1"),
], ids=["company", "person", "person-forget"])
def test_a_delete_that_cannot_be_done_is_refused_before_asking(demo, args, said):
    _, env = demo
    # "y" would be read by a question: none is asked, so nothing is read
    result = subprocess.run([sys.executable, "-m", "afterview", *args], env=env, input="y\n",
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert said in result.stderr
    assert "[y/N]" not in result.stderr + result.stdout
    assert len(result.stderr.splitlines()) == 1
