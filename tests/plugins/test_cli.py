"""Plugins seen from the command line: a rule `afterview lint` reports, a template the composer
uses, built-ins unchanged, broken plugins as one line, and a `--help` that loads no plugin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

from afterview import plugins
from afterview.composer import DraftRequest, TemplateSet, compose
from afterview.plugins.hookspecs import hookimpl
from afterview.reviewer import Rule, review
from tests.composer.helpers import K, panel_facts
from tests.helpers import afterview, assert_clean_error
from tests.plugins.conftest import TEMPLATE, install, install_example

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "reviewer" / "corpus"
NOTE = "Subject: Thank you - Data Engineer interview\n\nDear Priya,\n\nThank you for today.\n\nYours truly,\nAlex\n"


def run(*args: str, pythonpath: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """`afterview ARGS` in a new process, with extra folders on its path."""
    environ = {**os.environ, **(env or {})}
    if pythonpath is not None:
        environ["PYTHONPATH"] = os.pathsep.join([str(pythonpath), str(ROOT / "src")])
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=environ,
                          cwd=ROOT, timeout=120)


def sign_off_plugin() -> types.SimpleNamespace:
    rule = Rule(code="yours-truly", severity="error", family="style", title="old-fashioned sign-off",
                catches="x", why="x", source="x", fix="x")

    def check(data):
        start = data.body.find("Yours truly")
        if start >= 0:
            yield data.find("yours-truly", "old-fashioned sign-off", start, start + 11)

    @hookimpl
    def register_lint_rules(register):
        register((rule,), check)

    return types.SimpleNamespace(register_lint_rules=register_lint_rules)


def test_a_registered_plugin_rule_is_reported_by_afterview_lint(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    plugins.get_plugin_manager().register(sign_off_plugin(), name="sign-off")
    result = afterview("lint", str(note), "--json")
    codes = [f["code"] for f in json.loads(result.out)["findings"]]
    assert "yours-truly" in codes
    assert result.code == 1  # the plugin made it an error: lint fails like any error-level finding


def test_an_installed_plugin_rule_is_reported_by_afterview_lint(tmp_path):
    site = install_example(tmp_path / "site")
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    done = run("-m", "afterview", "lint", str(note), "--json", pythonpath=site)
    assert done.returncode == 0, done.stderr
    [finding] = [f for f in json.loads(done.stdout)["findings"] if f["code"] == "yours-truly"]
    assert (finding["severity"], finding["suggestion"]) == ("warning", "Best")
    assert NOTE[finding["start"]:finding["end"]] == "Yours truly"  # offsets into the file


def test_an_installed_template_set_is_used_by_the_composer(tmp_path, on_path):
    on_path(install_example(tmp_path), "afterview_example")
    request = DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1)
    draft = compose(panel_facts(), request, "warm", TemplateSet(None))
    assert draft.subject == "From the plugin set, Priya"
    assert draft.body.startswith("Dear Priya Raman,\n\nThank you for talking about moving the nightly")
    # only the plugin's own template changes: the other tones still come from the built-ins
    formal = compose(panel_facts(), request, "formal", TemplateSet(None))
    assert formal.subject == "Thank you - Senior Data Engineer interview"


def test_the_user_folder_comes_before_a_plugin_folder(tmp_path, on_path):
    on_path(install_example(tmp_path / "site"), "afterview_example")
    mine = tmp_path / "mine" / "warm"
    mine.mkdir(parents=True)
    (mine / "thank_you.txt.j2").write_text(TEMPLATE.replace("From the plugin set", "Mine"), encoding="utf-8")
    templates = TemplateSet(tmp_path / "mine")
    request = DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1)
    assert compose(panel_facts(), request, "warm", templates).subject == "Mine, Priya"
    assert templates.origin("thank_you", "warm") == "overridden"
    assert TemplateSet(None).origin("thank_you", "warm") == "plugin"
    assert templates.origin("thank_you", "formal") == "built-in"


def test_templates_show_prints_the_plugin_template(tmp_path):
    site = install_example(tmp_path / "site")
    done = run("-m", "afterview", "templates", "show", "thank_you", "--tone", "warm", pythonpath=site)
    assert done.returncode == 0, done.stderr
    assert done.stdout == TEMPLATE
    assert "afterview_example_templates" in done.stderr


def test_builtin_findings_and_drafts_are_the_same_with_a_plugin_installed(tmp_path, on_path):
    texts = sorted(CORPUS.glob("*.txt"))
    assert len(texts) > 10
    request = DraftRequest(kind=K.THANK_YOU, person_id=2, opportunity_id=1, interview_id=1)
    before = [_codes(p) for p in texts]
    drafts_before = [compose(panel_facts(), request, tone, TemplateSet(None)) for tone in ("formal", "concise")]
    on_path(install_example(tmp_path), "afterview_example")
    plugins.reset()
    after = [[c for c in _codes(p) if c[0] != "yours-truly"] for p in texts]
    assert after == before
    assert [compose(panel_facts(), request, tone, TemplateSet(None)) for tone in ("formal", "concise")] == drafts_before


def _codes(path: Path) -> list[tuple]:
    subject, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    return [(f.code, f.severity, f.field, f.start, f.end) for f in review(subject, body)]


def test_a_broken_plugin_is_one_line_and_spares_unrelated_commands(tmp_path):
    site = install(tmp_path / "site", "afterview_broken", "import no_such_module_here\n")
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    done = run("-m", "afterview", "lint", str(note), pythonpath=site)
    assert done.returncode == 2
    assert done.stderr.strip() == ("afterview: error: plugin 'afterview_broken' cannot be loaded: "
                                  "ModuleNotFoundError: No module named 'no_such_module_here'; "
                                  "leave it out of AFTERVIEW_PLUGINS or uninstall it")
    for args in (["company", "list"], ["config"], ["--help"]):
        other = run("-m", "afterview", *args, pythonpath=site)
        assert other.returncode == 0, (args, other.stderr)
        assert "afterview_broken" not in other.stderr


def test_a_failing_hook_breaks_only_what_uses_it(tmp_path):
    source = (
        "from afterview.plugins import hookimpl\n\n"
        "@hookimpl\ndef register_lint_rules(register):\n    raise KeyError('lexicon')\n"
    )
    site = install(tmp_path / "site", "afterview_failing", source)
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    done = run("-m", "afterview", "lint", str(note), pythonpath=site)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "afterview: error: plugin 'afterview_failing' failed in register_lint_rules: KeyError: 'lexicon'; "
        "leave it out of AFTERVIEW_PLUGINS or uninstall it")
    shown = run("-m", "afterview", "templates", "show", "thank_you", pythonpath=site)
    assert shown.returncode == 0, shown.stderr


def test_in_process_errors_from_plugins_are_clean(tmp_path):
    @hookimpl
    def register_lint_rules(register):
        raise ValueError("no")

    plugins.get_plugin_manager().register(types.SimpleNamespace(register_lint_rules=register_lint_rules), name="nope")
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    assert_clean_error(afterview("lint", str(note)), "plugin 'nope' failed in register_lint_rules: ValueError: no")


def test_help_loads_no_plugin_machinery(tmp_path):
    site = install(tmp_path / "site", "afterview_broken", "import no_such_module_here\n")
    done = run("-X", "importtime", "-m", "afterview", "--help", pythonpath=site)
    assert done.returncode == 0
    assert "Commands:" in done.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "click" in imported  # the measurement works
    assert not {"pluggy", "afterview.plugins", "importlib.metadata"} & imported
