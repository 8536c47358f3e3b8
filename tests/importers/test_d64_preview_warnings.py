"""`csv import --preview` says every warning the import would give, by the same checks: a row
dated after today among them ("applied on 2026-12-03, after today; check the date"), on a row
shown and on one past those the preview shows."""

from __future__ import annotations

from tests.helpers import afterview

AT = "2026-11-29T12:00:00+00:00"


def _warnings(result) -> list[str]:
    return [line for line in result.err.splitlines() if line.startswith("afterview: warning: ")]


def test_preview_says_the_warnings_of_the_import(tmp_path):
    sheet = tmp_path / "tracker.csv"
    rows = [f"Company {n},Engineer,Applied,11/0{n % 9 + 1}/2026" for n in range(12)]
    rows.append("Initech,Backend Dev,Applied,12/03/2026")  # line 14, past the ten rows shown
    sheet.write_text("Company,Role,Status,Date Applied\nAcme,Data Engineer,Applied,12/03/2026\n" + "\n".join(rows) + "\n")
    db = f"sqlite:///{tmp_path / 'a.db'}"
    preview = afterview("--db", db, "--at", AT, "csv", "import", str(sheet), "--preview")
    assert preview.code == 0, preview.err
    said = _warnings(preview)
    assert "afterview: warning: tracker.csv line 2: Acme: applied on 2026-12-03, after today (2026-11-29); check the date" in said, said
    assert "afterview: warning: tracker.csv line 15: Initech: applied on 2026-12-03, after today (2026-11-29); check the date" in said, said
    imported = afterview("--db", db, "--at", AT, "csv", "import", str(sheet))
    assert imported.code == 0, imported.err
    assert _warnings(imported) == said
