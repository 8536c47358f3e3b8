"""Loading plugins, as a plugin's author and its user meet it: a clash of lint codes names both
plugins, every failure to load or register ends with the way out, a Rule without code or title
is refused, AFTERVIEW_PLUGINS naming a plugin not installed is a warning, a typo'd command is
said as such although a plugin is broken, a plugin's misnamed template files are found, and
docs/plugins.md's way of testing a plugin works once the plugin is installed.

Found by a tester writing plugins from docs/plugins.md.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from afterview import plugins
from afterview.errors import ConfigError
from afterview.reviewer.catalogue import RULES
from tests.helpers import afterview, assert_clean_error
from tests.plugins.conftest import TEMPLATE, install, install_example
from tests.plugins.test_cli import NOTE, run

ROOT = Path(__file__).resolve().parents[2]
WAY_OUT = "; leave it out of AFTERVIEW_PLUGINS or uninstall it"


def test_a_lint_code_clash_names_both_plugins(tmp_path, on_path):
    for name in ("afterview_zeta", "afterview_alpha"):
        install_example(tmp_path / name, name)
        on_path(tmp_path / name, name)
    with pytest.raises(ConfigError) as raised:
        plugins.load_lint_rules()
    # alpha registered it first (plugins' hooks run in the order of their names): either may be at fault
    assert str(raised.value) == ("plugin 'afterview_zeta': lint code 'yours-truly' is already defined by plugin "
                                 f"'afterview_alpha'{WAY_OUT}")
    assert "yours-truly" not in RULES


def test_a_code_of_afterview_is_said_to_be_its_own(tmp_path, on_path):
    source = textwrap.dedent('''
        from afterview.plugins import hookimpl
        from afterview.reviewer import Rule

        @hookimpl
        def register_lint_rules(register):
            register((Rule(code="hedging", severity="info", family="style", title="t", catches="c", why="w",
                           source="s", fix="f"),), lambda data: [])
    ''')
    on_path(install(tmp_path, "afterview_thief", source), "afterview_thief")
    with pytest.raises(ConfigError) as raised:
        plugins.load_lint_rules()
    assert str(raised.value) == ("plugin 'afterview_thief': lint code 'hedging' is already defined by Afterview "
                                 f"itself{WAY_OUT}")


@pytest.mark.parametrize("code, title", [("", "a title"), ("house-style", ""), (" ", "t"), ("x", " ")])
def test_a_rule_without_a_code_or_a_title_is_refused(tmp_path, on_path, code, title):
    source = textwrap.dedent(f'''
        from afterview.plugins import hookimpl
        from afterview.reviewer import Rule

        @hookimpl
        def register_lint_rules(register):
            register((Rule(code={code!r}, severity="warning", family="style", title={title!r}, catches="",
                           why="", source="", fix=""),), lambda data: [])
    ''')
    on_path(install(tmp_path, "afterview_blank", source), "afterview_blank")
    with pytest.raises(ConfigError) as raised:
        plugins.load_lint_rules()
    assert str(raised.value) == (f"plugin 'afterview_blank': a lint Rule needs a code and a title (code {code!r}, "
                                 f"title {title!r}){WAY_OUT}")
    assert code not in RULES


@pytest.mark.parametrize("source, said", [
    ("import no_such_module_here\n", "cannot be loaded: ModuleNotFoundError: No module named 'no_such_module_here'"),
    ("import sys\nsys.exit(4)\n", "cannot be loaded: it tried to end the program (SystemExit: 4)"),
    ("from afterview.plugins import hookimpl\n\n@hookimpl\ndef register_lint_rules(register):\n"
     "    raise KeyError('lexicon')\n", "failed in register_lint_rules: KeyError: 'lexicon'"),
    ("from afterview.plugins import hookimpl\n\n@hookimpl\ndef register_lint_rules(register):\n"
     "    register(('no-such-code',), lambda data: [])\n",
     ": unknown lint code 'no-such-code' (define it with a Rule record)"),
])
def test_load_and_register_errors_end_with_the_way_out(tmp_path, source, said):
    site = install(tmp_path / "site", "afterview_broken", source)
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    done = run("-m", "afterview", "lint", str(note), pythonpath=site)
    assert done.returncode == 2
    space = "" if said.startswith(":") else " "
    assert done.stderr == f"afterview: error: plugin 'afterview_broken'{space}{said}{WAY_OUT}\n"


def test_a_misspelled_hook_ends_with_the_way_out(tmp_path, on_path):
    source = "from afterview.plugins import hookimpl\n\n@hookimpl\ndef register_lint_rule(register):\n    pass\n"
    on_path(install(tmp_path, "afterview_typo", source), "afterview_typo")
    with pytest.raises(ConfigError) as raised:
        plugins.get_plugin_manager()
    assert re.fullmatch(r"plugin 'afterview_typo' is not a valid plugin: .*register_lint_rule.*" + re.escape(WAY_OUT),
                        str(raised.value))


def test_afterview_plugins_naming_one_not_installed_is_a_warning(tmp_path, on_path, monkeypatch, capsys):
    on_path(install_example(tmp_path), "afterview_example")
    monkeypatch.setenv(plugins.ONLY_ENV, "afterview_exampel, afterview_example")
    assert [p.name for p in plugins.plugins()] == ["afterview_example"]  # the one named right loads
    err = capsys.readouterr().err
    assert err == ("afterview: warning: AFTERVIEW_PLUGINS names 'afterview_exampel', which is not installed "
                   "(installed plugins: afterview_example)\n")
    plugins.plugins()
    assert capsys.readouterr().err == ""  # once, when the plugins load


def test_afterview_plugins_empty_or_all_installed_says_nothing(tmp_path, on_path, monkeypatch, capsys):
    on_path(install_example(tmp_path), "afterview_example")
    for value in ("", "afterview_example", plugins.BUILTIN):
        plugins.reset()
        monkeypatch.setenv(plugins.ONLY_ENV, value)
        plugins.plugins()
        assert capsys.readouterr().err == "", value


def test_a_typo_with_a_broken_plugin_is_no_such_command(tmp_path, on_path):
    on_path(install(tmp_path, "afterview_broken", "import no_such_module_here\n"), "afterview_broken")
    done = afterview("tday")
    assert_clean_error(done)
    assert done.err.startswith("afterview: error: No such command 'tday'. ")
    assert ("The plugins' commands could not be searched: plugin 'afterview_broken' cannot be loaded: "
            f"ModuleNotFoundError: No module named 'no_such_module_here'{WAY_OUT}") in done.err


def test_a_typo_without_plugins_is_as_before(tmp_path, on_path):
    on_path(install_example(tmp_path), "afterview_example")
    done = afterview("tday")
    assert_clean_error(done)
    assert done.err == "afterview: error: No such command 'tday'. Did you mean 'today'? (see 'afterview --help')\n"


def test_a_plugins_unused_template_files_are_found(tmp_path, on_path):
    on_path(install_example(tmp_path), "afterview_example")
    folder = tmp_path / "afterview_example_templates"
    (folder / "warm" / "thank_you_note.txt.j2").write_text(TEMPLATE, encoding="utf-8")  # no such message
    (folder / "angry").mkdir()
    (folder / "angry" / "card.txt.j2").write_text(TEMPLATE, encoding="utf-8")  # no such tone
    (folder / "warm" / "card.txt").write_text(TEMPLATE, encoding="utf-8")  # no .j2
    assert plugins.unused_template_files() == [
        ("afterview_example", folder / "angry" / "card.txt.j2"),
        ("afterview_example", folder / "warm" / "card.txt"),
        ("afterview_example", folder / "warm" / "thank_you_note.txt.j2"),
    ]
    assert plugins.template_dirs()[0] == folder  # and the folder itself is used as before


def test_no_unused_template_files_in_a_plugin_folder_that_is_right(tmp_path, on_path):
    on_path(install_example(tmp_path), "afterview_example")
    assert plugins.unused_template_files() == []


def _docs_test() -> str:
    """The test file that docs/plugins.md shows under "Testing a plugin"."""
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    section = text.split("## Testing a plugin", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_documented_way_of_testing_a_plugin_works_once_it_is_installed(tmp_path):
    site = tmp_path / "site"
    package = site / "afterview_yours_truly"
    package.mkdir(parents=True)
    example = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    source = example.split("`afterview_yours_truly/__init__.py`:\n\n```python\n", 1)[1].split("```", 1)[0]
    (package / "__init__.py").write_text(source, encoding="utf-8")
    (package / "templates" / "warm").mkdir(parents=True)
    (package / "templates" / "warm" / "thank_you.txt.j2").write_text(TEMPLATE, encoding="utf-8")
    dist = site / "afterview_yours_truly-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: afterview-yours-truly\nVersion: 1.0\n",
                                   encoding="utf-8")
    (dist / "entry_points.txt").write_text("[afterview]\nyours_truly = afterview_yours_truly\n", encoding="utf-8")
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_yours_truly.py").write_text(
        _docs_test() + "    assert \"plugin\" not in [f.code for f in findings]\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT / "src")])}
    env.pop(plugins.ONLY_ENV, None)
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tests)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


def test_python_m_afterview_imports_nothing_from_the_current_folder(tmp_path):
    # a module and its dist-info in the folder a command is run from, as a download folder may hold
    marker = tmp_path / "imported"
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "cwdplug.py").write_text(f"open({str(marker)!r}, 'a').write('imported')\n", encoding="utf-8")
    dist = folder / "cwdplug-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: cwdplug\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[afterview]\ncwdplug = cwdplug\n", encoding="utf-8")
    (folder / "note.txt").write_text(NOTE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("PYTHONSAFEPATH", None)
    env.pop(plugins.ONLY_ENV, None)
    done = subprocess.run([sys.executable, "-m", "afterview", "lint", "note.txt"], capture_output=True, text=True,
                          cwd=folder, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()  # the note was linted
    assert not marker.exists()
    # the same folder named on purpose (PYTHONPATH) is still a place plugins come from
    env["PYTHONPATH"] = os.pathsep.join([str(folder), str(ROOT / "src")])
    done = subprocess.run([sys.executable, "-m", "afterview", "lint", "note.txt"], capture_output=True, text=True,
                          cwd=folder, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert marker.exists()
