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


# A plugin adding an import format of its own: contacts as text, one a line, giving connections.
CONTACTS_PLUGIN = '''
from datetime import date

from afterview.importers import Connection, Problem
from afterview.plugins import hookimpl


def read_contacts(source, *, max_rows, **options):
    """'Name | email | company | position | connected on (YYYY-MM-DD)', one contact a line."""
    with source.open() as stream:
        count = 0
        for number, line in enumerate(stream, start=1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            count += 1
            if count > max_rows:
                raise ValueError("too many contacts")
            name, email, company, position, since = ([c.strip() for c in text.split("|")] + [""] * 5)[:5]
            if not name:
                yield Problem(number, "no name")
                continue
            try:
                connected_on = date.fromisoformat(since) if since else None
            except ValueError:
                yield Problem(number, f"{since!r} is not a date (YYYY-MM-DD)")
                continue
            first, _, last = name.partition(" ")
            yield Connection(number, first, last, email=email, company=company, position=position,
                             connected_on=connected_on)


@hookimpl
def register_importers(register):
    register("contacts-txt", read_contacts, produces="connections", what="a contacts text file",
             description="Contacts as text: <Name> | <email> | <company> | <position> | <since>, one a line.")
'''

CONTACTS = (
    "# my address book\n"
    "Quentin Okafor | quentin@globex.com | Globex | Staff Engineer | 2024-03-12\n"
    "\n"
    "Lena Brandt | | Initech | Recruiter |\n"
    "Ana de la Cruz | ana@hooli.example | Hooli | | 2025-01-05\n"
)


def install_contacts(root: Path, module: str = "afterview_contacts") -> Path:
    """The contacts plugin as an installed distribution (a real "afterview" entry point)."""
    return install(root, module, CONTACTS_PLUGIN)


def contacts_module(name: str = "afterview_contacts"):
    """The contacts plugin as a module object, to register on the manager directly."""
    import types

    module = types.ModuleType(name)
    exec(compile(textwrap.dedent(CONTACTS_PLUGIN), f"<{name}>", "exec"), module.__dict__)
    return module
