"""An export keeps the lowest version that has its shape, so that an older Afterview reads it
(found by a tester who restored current backups with older versions): who told you of a status
change is written only when known, and what `calendar export` wrote makes a document version 3."""

import json

from tests.helpers import afterview


def _export(db, tmp_path, name="backup.json") -> dict:
    path = tmp_path / name
    result = afterview("--db", db, "export", str(path))
    assert result.code == 0, result.err
    return json.loads(path.read_text())


def test_who_told_you_is_written_only_when_known(tmp_path):
    db = str(tmp_path / "a.db")
    assert afterview("--db", db, "demo").code == 0
    document = _export(db, tmp_path)
    assert document["version"] == 1
    changes = [change for o in document["opportunities"] for change in o["history"]]
    assert changes and all("person_id" not in change for change in changes)
    result = afterview("--db", db, "outcome", "1", "rejected", "--from", "Priya Raman")
    assert result.code == 0, result.err
    document = _export(db, tmp_path, "second.json")
    told = [change for o in document["opportunities"] for change in o["history"] if "person_id" in change]
    assert len(told) == 1 and told[0]["person_id"] is not None and told[0]["status"] == "rejected"
    # and it comes back as it was
    again = str(tmp_path / "b.db")
    assert afterview("--db", again, "import", str(tmp_path / "second.json")).code == 0
    assert _export(again, tmp_path, "third.json")["opportunities"] == document["opportunities"]


def test_a_calendar_written_makes_the_document_version_3_and_version_2_ones_still_restore(tmp_path):
    db = str(tmp_path / "a.db")
    assert afterview("--db", db, "demo").code == 0
    assert afterview("--db", db, "calendar", "export", "-o", str(tmp_path / "cal.ics")).code == 0
    document = _export(db, tmp_path)
    assert "exports.calendar" in document["state"] and document["version"] == 3
    document["version"] = 2  # as Afterview wrote such documents before
    (tmp_path / "old.json").write_text(json.dumps(document))
    result = afterview("--db", str(tmp_path / "b.db"), "import", str(tmp_path / "old.json"))
    assert result.code == 0, result.err
