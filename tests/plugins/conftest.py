"""Plugin tests: every test starts and ends with a fresh plugin manager and no leftovers."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from afterview import plugins


@pytest.fixture(autouse=True)
def fresh_plugins(monkeypatch):
    monkeypatch.delenv(plugins.ONLY_ENV, raising=False)
    plugins.reset()
    yield
    plugins.reset()


# A third-party plugin as it would be published: a module with hook implementations.
EXAMPLE_PLUGIN = '''
from pathlib import Path

from afterview.plugins import hookimpl
from afterview.reviewer import Rule

RULE = Rule(
    code="yours-truly",
    severity="warning",
    family="style",
    title="old-fashioned sign-off",
    catches="'Yours truly' as a sign-off.",
    why="It reads as a form letter in a short email.",
    source="House style of the example plugin",
    fix="Sign off with 'Best' or 'Thank you'.",
)


def check_sign_off(data):
    for field, text in data.fields():
        start = text.find("Yours truly")
        if start >= 0:
            yield data.find("yours-truly", "old-fashioned sign-off", start, start + 11, "Best", field=field)


@hookimpl
def register_lint_rules(register):
    register((RULE,), check_sign_off)


@hookimpl
def register_template_dirs(register):
    register(Path(__file__).parent / "{module}_templates")
'''

TEMPLATE = (
    "Subject: From the plugin set, {{ recipient.first_name }}\n\n"
    "Dear {{ recipient.name }},\n\nThank you for talking about {{ topic }}.\n\n{{ me.signature }}\n"
)


def install(root: Path, module: str, source: str, entry_name: str | None = None) -> Path:
    """Write `module` and a dist-info declaring it as an "afterview" entry point under root."""
    root.mkdir(parents=True, exist_ok=True)
    (root / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    dist = root / f"{module}-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(f"[afterview]\n{entry_name or module} = {module}\n", encoding="utf-8")
    return root


def install_example(root: Path, module: str = "afterview_example") -> Path:
    install(root, module, EXAMPLE_PLUGIN.replace("{module}", module))
    templates = root / f"{module}_templates" / "warm"
    templates.mkdir(parents=True)
    (templates / "thank_you.txt.j2").write_text(TEMPLATE, encoding="utf-8")
    return root


@pytest.fixture
def on_path(monkeypatch):
    """Put a folder on sys.path for this test and forget the modules imported from it after."""
    added: list[str] = []

    def put(root: Path, *modules: str) -> Path:
        monkeypatch.syspath_prepend(str(root))
        added.extend(modules)
        return root

    yield put
    for module in added:
        sys.modules.pop(module, None)
