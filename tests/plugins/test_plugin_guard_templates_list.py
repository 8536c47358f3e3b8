"""`afterview templates list` says a plugin's template files that no message uses, as it says
the user's own (docs/plugins.md: plugin templates are checked like user templates). Found by a
tester: a plugin's misnamed templates were silently never used.
(Needs the change to interfaces/cli/drafting.py.)
"""

from __future__ import annotations

import json

from tests.helpers import afterview
from tests.plugins.conftest import TEMPLATE, install_example


def test_templates_list_warns_of_a_plugins_unused_files(tmp_path, on_path, monkeypatch):
    monkeypatch.setenv("AFTERVIEW_HOME", str(tmp_path / "home"))
    on_path(install_example(tmp_path / "site"), "afterview_example")
    folder = tmp_path / "site" / "afterview_example_templates"
    (folder / "warm" / "thank_you_note.txt.j2").write_text(TEMPLATE, encoding="utf-8")
    done = afterview("templates", "list")
    assert done.code == 0, done.err
    assert done.err == (f"afterview: warning: plugin 'afterview_example': {folder / 'warm' / 'thank_you_note.txt.j2'} "
                        "is not used by any message (names: <tone>/<name>.txt.j2)\n")
    listed = json.loads(afterview("templates", "list", "--json").out)
    assert listed["plugin_unused_files"] == [
        {"plugin": "afterview_example", "path": str(folder / "warm" / "thank_you_note.txt.j2")}]
