"""A plugin's review check that fails (raises, or gives something other than findings) is one
`plugin` finding naming the plugin and the check: the review goes on, the user's edit is saved,
no command or page breaks. A plugin command that raises is one line naming the plugin, exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from afterview import plugins
from afterview.plugins.hookspecs import hookimpl
from afterview.reviewer import ReviewConfig, Rule, review
from afterview.reviewer.model import Finding
from tests.helpers import afterview, assert_clean_error
from tests.plugins.conftest import install

ROOT = Path(__file__).resolve().parents[2]
AT = ("--at", "2026-11-26T15:00:00Z")
SUBJECT = "Thank you - Data Engineer interview"
BODY = "Dear Priya,\n\nThank you for the conversation about the Kafka migration!!\n\nBest,\nAlex"
RULE = Rule(code="house-style", severity="error", family="style", title="t", catches="c", why="w",
            source="s", fix="f")


def broken(check, name: str = "broken", codes=(RULE,)) -> types.SimpleNamespace:
    """A plugin registering `check` for `codes`, registered on the manager as `name`."""
    @hookimpl
    def register_lint_rules(register):
        register(codes, check)

    plugin = types.SimpleNamespace(register_lint_rules=register_lint_rules)
    plugins.get_plugin_manager().register(plugin, name=name)
    return plugin


def raises(data):
    raise ZeroDivisionError("division in check")
    yield  # a generator, as the docs' example


def plugin_findings(findings):
    return [f for f in findings if f.code == "plugin"]


def test_a_check_that_raises_is_one_warning_naming_the_plugin_and_the_rest_of_the_review_stands():
    clean = review(SUBJECT, BODY)  # Afterview's own findings, without the plugin
    plugins.reset()
    broken(raises)
    findings = review(SUBJECT, BODY)
    [said] = plugin_findings(findings)
    assert said.severity == "warning"  # someone else's broken code does not block approval
    assert said.message == "plugin 'broken' check 'raises' failed: ZeroDivisionError: division in check"
    assert (said.start, said.end, said.field) == (None, None, "body")
    assert [f for f in findings if f.code != "plugin"] == clean
    assert "exclamation" in [f.code for f in clean]


def _returns(value):
    def check(data):
        return value(data) if callable(value) else value
    return check


@pytest.mark.parametrize("check, said", [
    (_returns(None), "it returned None, not findings"),
    (_returns("not findings"), "it returned a str, not findings"),
    (_returns({"code": "house-style"}), "it returned a dict, not findings"),
    (_returns(42), "it returned an int, not findings"),
    (_returns([{"code": "house-style", "message": "a dict"}]), "it gave a dict, not a Finding"),
    (_returns(lambda data: [data.find("no-such-code", "m", 0, 1)]),
     "ValueError: unknown lint code 'no-such-code'"),
    (_returns(lambda data: [data.find("cliche", "not its own code", 0, 1)]),
     "it gave a finding of code 'cliche', which it did not register (its codes: house-style)"),
    (_returns(lambda data: [data.find("house-style", "m", 0, 1, severity="fatal")]),
     "it gave a finding of severity 'fatal'"),
    (_returns(lambda data: [data.find("house-style", "m", 5, 10_000)]),
     "it gave a finding with the span 5-10000, not within the body"),
    (_returns(lambda data: [Finding("house-style", "error", "m", None, None, field="signature")]),
     "it gave a finding in field 'signature'"),
])
def test_a_check_that_gives_the_wrong_thing_is_one_finding(check, said):
    broken(check)
    findings = review(SUBJECT, BODY)
    [finding] = plugin_findings(findings)
    assert finding.message.startswith("plugin 'broken' check "), finding.message
    assert said in finding.message
    assert "house-style" not in [f.code for f in findings]


def test_what_a_failing_check_found_before_it_failed_is_dropped_and_said_once():
    def half(data):
        yield data.find("house-style", "first", 0, 4)
        yield data.find("house-style", "second", 5, 9)
        raise RuntimeError("then it broke\nsecond line of the error")

    broken(half)
    findings = review(SUBJECT, BODY)
    assert [f.message for f in plugin_findings(findings)] == [
        "plugin 'broken' check 'test_what_a_failing_check_found_before_it_failed_is_dropped_and_said_once.<locals>.half'"
        " failed: RuntimeError: then it broke"]
    assert "house-style" not in [f.code for f in findings]


def test_a_working_check_of_another_plugin_still_reports():
    def works(data):
        yield data.find("other-style", "other style", 0, 4)

    broken(raises, name="zz_broken")
    broken(works, name="aa_works", codes=(Rule(code="other-style", severity="warning", family="style",
                                              title="t", catches="c", why="w", source="s", fix="f"),))
    codes = [f.code for f in review(SUBJECT, BODY)]
    assert codes.count("other-style") == 1 and codes.count("plugin") == 1


def test_sys_exit_in_a_check_is_a_finding_and_ctrl_c_still_stops():
    def exits(data):
        sys.exit(3)

    broken(exits)
    [said] = plugin_findings(review(SUBJECT, BODY))
    assert said.message.endswith("failed: it tried to end the program (SystemExit: 3)")
    plugins.reset()

    def interrupted(data):
        raise KeyboardInterrupt

    broken(interrupted)
    with pytest.raises(KeyboardInterrupt):
        review(SUBJECT, BODY)


def test_the_user_can_make_it_an_error_or_turn_it_off():
    broken(raises)
    strict = ReviewConfig.from_mapping({"severity": {"plugin": "error"}})
    assert [f.severity for f in plugin_findings(review(SUBJECT, BODY, config=strict))] == ["error"]
    quiet = ReviewConfig.from_mapping({"disable": ["plugin"]})
    assert plugin_findings(review(SUBJECT, BODY, config=quiet)) == []


def test_the_code_is_explained_and_listed_with_plugins():
    explained = afterview("lint", "--explain", "plugin")
    assert explained.code == 0 and explained.out.startswith("plugin [warning]: a plugin's check failed")
    assert "plugin" not in [c["code"] for c in json.loads(afterview("lint", "--list", "--json").out)["codes"]]
    plugins.reset()
    broken(raises)
    assert "plugin" in [c["code"] for c in json.loads(afterview("lint", "--list", "--json").out)["codes"]]
    plugins.reset()
    from afterview.reviewer import RULES

    assert "plugin" not in RULES and "house-style" not in RULES


def test_afterview_lint_reports_it_and_keeps_its_exit_status(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(f"Subject: {SUBJECT}\n\n{BODY}\n", encoding="utf-8")
    broken(raises)
    result = afterview("lint", str(note))
    assert result.code == 1  # for the built-in exclamation error, as without the plugin
    assert "warning: plugin 'broken' check 'raises' failed: ZeroDivisionError: division in check [plugin]" in result.out
    assert "Traceback" not in result.out + result.err


# -- the stored drafts: edit, show, drafts, draft --force ---------------------------------------


def av(*args, **kwargs):
    return afterview(*AT, *args, **kwargs)


@pytest.fixture(scope="session")
def demo_drafted(prebuilt):
    return prebuilt.build((*AT, "demo", "--no-agenda"), (*AT, "draft", "thank_you:i1:p2"))


@pytest.fixture
def drafted(afterview_home, prebuilt, demo_drafted):
    prebuilt.copy(demo_drafted, afterview_home)  # as `av("demo", "--no-agenda")`, `av("draft", "thank_you:i1:p2")` leave it
    [draft] = json.loads(av("drafts", "--json").out)
    return draft["id"]


def editor(tmp_path, code: str) -> dict:
    script = tmp_path / "editor.py"
    script.write_text("import sys, pathlib\npath = pathlib.Path(sys.argv[1])\n" + code, encoding="utf-8")
    return {"EDITOR": f"{sys.executable} {script}", "VISUAL": ""}


# a paragraph of one's own after the greeting and the first paragraph, whatever the closing words are
HAND_EDIT = ("parts = path.read_text(encoding='utf-8').split('\\n\\n')\n"
             "parts.insert(3, 'My own hand edit stays.')\n"
             "path.write_text('\\n\\n'.join(parts), encoding='utf-8')\n")


def test_an_edit_is_saved_and_every_command_works(drafted, tmp_path):
    plugins.reset()  # drafting loaded the rules: the plugin comes with the next command's review
    broken(raises, name="checkraises")
    said = "plugin 'checkraises' check 'raises' failed: ZeroDivisionError: division in check"
    edited = av("edit", str(drafted), env=editor(tmp_path, HAND_EDIT))
    assert edited.code == 0, edited.err
    assert f"#{drafted} saved" in edited.out and f"warning plugin: {said}" in edited.out
    assert edited.out.count("plugin:") == 1  # once per review
    shown = av("show", str(drafted))
    assert shown.code == 0, shown.err
    assert "My own hand edit stays." in shown.out and said in shown.out
    data = json.loads(av("show", str(drafted), "--json").out)
    assert [f["message"] for f in data["findings"] if f["code"] == "plugin"] == [said]
    listed = av("drafts", "--json")
    assert listed.code == 0, listed.err
    assert all(d["findings"]["warning"] >= 1 for d in json.loads(listed.out))
    again = av("draft", "thank_you:i1:p2", "--force")
    assert again.code == 0, again.err
    assert "redrafted" in again.out and "1 warning" in again.out
    # a warning: copying the note out (sending it, as approving it) is not refused for it
    copied = av("send", str(drafted), "--eml", str(tmp_path / "note.eml"))
    assert copied.code == 0, copied.err
    assert "Subject: Thank you - " in (tmp_path / "note.eml").read_text(encoding="utf-8")


def test_an_edit_that_cannot_be_saved_is_kept_in_a_file(drafted, tmp_path, afterview_home):
    @hookimpl
    def register_lint_rules(register):
        raise RuntimeError("boom in hook")

    plugins.reset()
    plugins.get_plugin_manager().register(types.SimpleNamespace(register_lint_rules=register_lint_rules),
                                          name="raiser")
    result = av("edit", str(drafted), env=editor(tmp_path, HAND_EDIT))
    assert_clean_error(result, "plugin 'raiser' failed in register_lint_rules: RuntimeError: boom in hook",
                       "your edited text was not saved; it is kept in")
    kept = Path(result.error_line.rsplit("it is kept in ", 1)[1].rstrip(")"))
    assert kept.parent == afterview_home
    assert "My own hand edit stays." in kept.read_text(encoding="utf-8")
    assert kept.read_text(encoding="utf-8").startswith("Subject: ")


# -- the desk ---------------------------------------------------------------------------------


def test_the_desk_shows_the_finding_and_saves_the_edit(tmp_path):
    from tests.web.conftest import draft, logged_in, make_app, read
    from afterview.domain import model as m

    url = f"sqlite:///{tmp_path / 'desk.db'}"
    app = make_app(url)
    broken(raises, name="checkraises")
    client, csrf = logged_in(app)
    message_id = draft(client, csrf, "thank_you:i1:p2")
    listed = client.get("/drafts")
    assert listed.status_code == 200
    page = client.get(f"/drafts/{message_id}")
    assert page.status_code == 200
    assert "plugin &#39;checkraises&#39; check &#39;raises&#39; failed: ZeroDivisionError: division in check" in page.text
    body = read(url, lambda tx: tx.get(m.Message, message_id).body) + "\n\nMy own hand edit stays."
    saved = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "save", "subject": "Thanks",
                                                        "body": body}, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    assert read(url, lambda tx: tx.get(m.Message, message_id).body).endswith("My own hand edit stays.")
    typed = client.post("/api/review", json={"subject": "Thanks", "body": body, "message_id": message_id},
                        headers={"x-csrf-token": csrf})
    assert typed.status_code == 200, typed.text
    assert [f["code"] for f in typed.json()["findings"]].count("plugin") == 1


def test_the_desk_opens_a_note_when_a_plugin_cannot_register_its_checks_and_keeps_what_was_typed(tmp_path):
    """A plugin whose `register_lint_rules` raises leaves no review at all (its loading is all or
    nothing, Afterview's own checks included): every command says so in one line. The editor
    still opens (it was an error page), says why there is no review, and a Save it refuses keeps
    the typed text on the page."""
    from tests.web.conftest import draft, logged_in, make_app, read
    from afterview.domain import model as m

    url = f"sqlite:///{tmp_path / 'desk.db'}"
    client, csrf = logged_in(make_app(url))
    message_id = draft(client, csrf, "thank_you:i1:p2")
    stored = read(url, lambda tx: tx.get(m.Message, message_id).body)

    @hookimpl
    def register_lint_rules(register):
        raise RuntimeError("bad registration")

    plugins.reset()
    plugins.get_plugin_manager().register(types.SimpleNamespace(register_lint_rules=register_lint_rules),
                                          name="regboom")
    said = "plugin &#39;regboom&#39; failed in register_lint_rules: RuntimeError: bad registration"
    page = client.get(f"/drafts/{message_id}")
    assert page.status_code == 200
    assert f"The review could not run: {said}" in page.text and "it reads well" not in page.text
    saved = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "save", "subject": "Thanks",
                                                        "body": "Dear Lena, my own typed text"})
    assert saved.status_code == 400 and "Dear Lena, my own typed text" in saved.text and said in saved.text
    assert read(url, lambda tx: tx.get(m.Message, message_id).body) == stored  # refused whole


# -- a plugin command that raises -------------------------------------------------------------

COMMANDS = '''
import click
from afterview.errors import InvalidInput
from afterview.plugins import hookimpl


@click.command()
def boom():
    raise KeyError("oops")


@click.group()
def tools():
    """Tools."""


@tools.command()
def crash():
    raise ValueError("bad value\\nsecond line")


@click.command(name="nice-err")
def nice_err():
    raise InvalidInput("that was wrong, here is why")


@click.command()
def hello():
    click.echo("hello from plugin")


@hookimpl
def register_commands(cli):
    cli.add_command(boom)
    cli.add_command(tools)
    cli.add_command(nice_err)
    cli.add_command(hello)
'''


def run(site: Path, *args: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT / "src")])}
    return subprocess.run([sys.executable, "-m", "afterview", *args], capture_output=True, text=True,
                          env=environ, cwd=ROOT, timeout=120)


def test_a_plugin_command_that_raises_is_one_line_naming_the_plugin(tmp_path):
    site = install(tmp_path / "site", "cmdplug", COMMANDS)
    for args, line in ((["boom"], "afterview: error: plugin 'cmdplug': command 'boom' failed: KeyError: 'oops'"),
                       (["tools", "crash"],
                        "afterview: error: plugin 'cmdplug': command 'tools crash' failed: ValueError: bad value"),
                       (["nice-err"], "afterview: error: that was wrong, here is why")):
        done = run(site, *args)
        assert (done.returncode, done.stderr.strip()) == (2, line), done.stderr
    hello = run(site, "hello")
    assert (hello.returncode, hello.stdout) == (0, "hello from plugin\n")
