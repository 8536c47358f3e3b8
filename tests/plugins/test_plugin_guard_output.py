"""What plugin code prints to standard output (when imported, in a hook, in a review check, in an
importer) goes to standard error: `--json` output stays valid JSON, and Afterview's own output
in between stays on standard output. Found by a tester: a plugin's print() corrupted
`afterview lint --json`.
"""

from __future__ import annotations

import json
import sys
import threading

from afterview import plugins
from tests.plugins.conftest import install
from tests.plugins.test_cli import NOTE, run

CHATTY = '''
print("IMPORTED")

from afterview.plugins import hookimpl
from afterview.reviewer import Rule

RULE = Rule(code="chatty", severity="warning", family="style", title="a chatty check", catches="c", why="w",
            source="s", fix="f")


def check(data):
    print("CHECKING")
    yield data.find("chatty", "found by a chatty check", 0, 1, "")
    print("AFTER ITS FINDING")


def read(source, **options):
    print("READING")
    for number in (1, 2):
        print("RECORD", number)
        yield number


@hookimpl
def register_lint_rules(register):
    print("REGISTERING")
    register((RULE,), check)


@hookimpl
def register_importers(register):
    register("chatty", read, produces="connections")
'''


def test_lint_json_stays_json_when_a_plugin_prints(tmp_path):
    site = install(tmp_path / "site", "afterview_chatty", CHATTY)
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    done = run("-m", "afterview", "lint", str(note), "--json", pythonpath=site)
    assert done.returncode == 0, done.stderr
    codes = [f["code"] for f in json.loads(done.stdout)["findings"]]  # the whole output is the JSON
    assert "chatty" in codes
    for said in ("IMPORTED", "REGISTERING", "CHECKING", "AFTER ITS FINDING"):
        assert said in done.stderr


def test_an_importers_prints_go_to_stderr_and_its_readers_own_output_stays(tmp_path, on_path, capsys):
    on_path(install(tmp_path, "afterview_chatty", CHATTY), "afterview_chatty")
    read = plugins.importers()["chatty"].read
    capsys.readouterr()
    records = read(object())
    for record in records:
        print("APPLIED", record)  # the import's own output, between the reader's steps
    out, err = capsys.readouterr()
    assert out == "APPLIED 1\nAPPLIED 2\n"
    assert err == "READING\nRECORD 1\nRECORD 2\n"


def test_records_given_in_a_records_object_are_stepped_quietly_too(tmp_path, on_path, capsys):
    source = CHATTY.replace('register("chatty", read, produces="connections")',
                            'register("chatty", lambda source, **o: Records(read(source)), produces="connections")')
    source = "from afterview.importers.records import Records\n" + source
    on_path(install(tmp_path, "afterview_chatty", source), "afterview_chatty")
    found = plugins.importers()["chatty"].read(object())
    capsys.readouterr()
    assert list(found) == [1, 2]
    out, err = capsys.readouterr()
    assert out == "" and err == "READING\nRECORD 1\nRECORD 2\n"


def test_standard_output_comes_back_when_threads_end_in_any_order():
    from afterview.plugins.guard import to_stderr

    before = sys.stdout
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def first():
        with to_stderr():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second():
        first_in.wait(5)
        with to_stderr():
            second_in.set()
            first_out.wait(5)
            seen["during"] = sys.stdout  # the first ended: still redirected for this one

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen["during"] is sys.stderr
    assert sys.stdout is before
