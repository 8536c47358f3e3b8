"""What a hostile or careless input must not do: a file written through a planted link or over an
existing one, a subject or a name that forges a line, invisible characters that make two names
look alike, a control character in a signature, a restore that lets in what typing refuses."""

from __future__ import annotations

import json
import os
import stat

import pytest

from afterview.domain.values import single_line
from afterview.errors import InvalidInput
from afterview.files import write_whole
from tests.helpers import afterview, assert_clean_error

AT = ("--at", "2026-11-26T15:00:00Z")


# -- files: never through a link, an .eml never over a file named -------------------------------------

def test_a_link_to_a_file_or_to_nothing_is_never_written_through(tmp_path):
    tmp_path = tmp_path / "files"
    tmp_path.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    victim.chmod(0o644)
    link = tmp_path / "link.eml"
    link.symlink_to(victim)
    with pytest.raises(InvalidInput, match="link.eml is a symbolic link: Afterview never writes through a link"):
        write_whole(link, b"overwritten")
    assert victim.read_text() == "keep me" and stat.S_IMODE(victim.stat().st_mode) == 0o644 and link.is_symlink()
    dangling = tmp_path / "new.eml"
    dangling.symlink_to(tmp_path / "elsewhere.txt")
    with pytest.raises(InvalidInput, match="symbolic link"):
        write_whole(dangling, b"x")
    assert not (tmp_path / "elsewhere.txt").exists()
    assert sorted(os.listdir(tmp_path)) == ["link.eml", "new.eml", "victim.txt"]  # no temporary file left


def test_replace_false_refuses_an_existing_file_and_writes_nothing(tmp_path):
    tmp_path = tmp_path / "files"
    tmp_path.mkdir()
    kept = tmp_path / "precious.txt"
    kept.write_text("precious")
    with pytest.raises(InvalidInput, match=r"precious.txt already exists: it was not replaced \(add --force\)"):
        write_whole(kept, b"eml", replace=False, exists=" (add --force)")
    assert kept.read_text() == "precious" and sorted(os.listdir(tmp_path)) == ["precious.txt"]
    fresh = tmp_path / "fresh.eml"
    write_whole(fresh, b"eml", replace=False)
    assert fresh.read_bytes() == b"eml" and stat.S_IMODE(fresh.stat().st_mode) == 0o600
    assert sorted(os.listdir(tmp_path)) == ["fresh.eml", "precious.txt"]


@pytest.fixture(scope="session")
def demo_drafted(prebuilt):
    return prebuilt.build((*AT, "demo", "--no-agenda"), (*AT, "draft", "--interview", "1"))


@pytest.fixture
def drafted(tmp_path, afterview_home, prebuilt, demo_drafted):
    prebuilt.copy(demo_drafted, afterview_home)  # as `afterview AT demo --no-agenda`, `... draft --interview 1` leave it
    return str(json.loads(afterview(*AT, "drafts", "--json").out)[0]["id"])


def test_send_eml_refuses_an_existing_file_and_a_link_and_force_replaces_a_file(tmp_path, drafted):
    precious = tmp_path / "precious.txt"
    precious.write_text("precious")
    result = afterview(*AT, "send", drafted, "--eml", str(precious))
    assert_clean_error(result, "precious.txt already exists: it was not replaced", "--force")
    assert precious.read_text() == "precious"
    victim = tmp_path / "victim.txt"
    victim.write_text("victim")
    link = tmp_path / "link.eml"
    link.symlink_to(victim)
    for argv in (("send", drafted, "--eml", str(link)), ("send", drafted, "--eml", str(link), "--force"),
                 ("export", str(link)), ("csv", "export", "people", "-o", str(link))):
        assert_clean_error(afterview(*AT, *argv), "is a symbolic link")
        assert victim.read_text() == "victim" and link.is_symlink(), argv
    assert_clean_error(afterview(*AT, "send", drafted, "--mailto", "--force"), "--force goes with --eml")
    result = afterview(*AT, "send", drafted, "--eml", str(precious), "--force")
    assert result.code == 0, result.err
    assert "Subject:" in precious.read_text() and "precious" not in precious.read_text()


def test_an_eml_written_into_a_folder_replaces_the_same_messages_earlier_copy(tmp_path, drafted):
    from afterview.config import paths
    from afterview.services import delivery
    from afterview.storage import open_store
    from datetime import datetime, timezone

    folder = tmp_path / "out"
    folder.mkdir()
    store = open_store("sqlite:///" + str(paths().default_db))
    now = datetime(2026, 11, 26, 15, tzinfo=timezone.utc)
    try:
        first = delivery.to_eml(store, int(drafted), folder, now=now, accounts={}, despite_errors=True)
        first.write_text("an older copy")
        second = delivery.to_eml(store, int(drafted), folder, now=now, accounts={}, despite_errors=True)
    finally:
        store.close()
    assert first == second == folder / f"message-{drafted}.eml"
    assert "an older copy" not in second.read_text() and os.listdir(folder) == [f"message-{drafted}.eml"]


# -- one line, no invisible characters, no control characters ----------------------------------------

def test_line_and_paragraph_separators_are_line_breaks():
    for text in ("Priya\u2028Bcc: x@evil.example", "Priya\u2029Raman"):
        with pytest.raises(InvalidInput, match="must be a single line"):
            single_line(text, "name")


@pytest.mark.parametrize(("typed", "kept"), [
    ("Priya\u200b Raman", "Priya Raman"),
    ("Pri\u200cya\u200d Raman", "Priya Raman"),  # joiners between Latin letters only hide
    ("\ufeffPriya Ra\u00adman\u2060", "Priya Raman"),
    ("\u200ePriya\u200f Raman\u061c", "Priya Raman"),
    ("Priya\u180e\u034f Raman\U000e0041\U000e007f", "Priya Raman"),
    ("\u3164Priya \u115fRaman", "Priya Raman"),
    ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"),  # Persian
    ("\u0d15\u0d4d\u200d\u0d37", "\u0d15\u0d4d\u200d\u0d37"),  # Malayalam: the ZWJ shapes it
    ("Zoë O'Brien-Núñez", "Zoë O'Brien-Núñez"),
])
def test_names_lose_the_characters_that_show_as_nothing(typed, kept):
    from afterview.domain.values import name_text

    assert name_text(typed)[0] == kept


def test_a_typed_name_with_invisible_characters_is_the_name_without_them(tmp_path):
    assert afterview("person", "add", "Priya Raman").code == 0
    result = afterview("person", "add", "Priya\u200b Raman\u200e")
    assert result.code == 0 and "\u200b" not in result.out + result.err
    listed = json.loads(afterview("person", "list", "--json").out)
    assert [p["name"] for p in listed] == ["Priya Raman", "Priya Raman"]  # the same name: said as such
    assert afterview("company", "add", "North\u200bwind\u2060").code == 0
    assert [c["name"] for c in json.loads(afterview("company", "list", "--json").out)] == ["Northwind"]
    assert afterview("profile", "set", "--name", "\u200eAlex\u200b Morgan").code == 0
    assert json.loads(afterview("profile", "show", "--json").out)["name"] == "Alex Morgan"


def test_a_signature_with_a_control_character_is_refused(tmp_path):
    assert afterview("profile", "set", "--signature", "Alex\\nAfterview fan").code == 0
    for signature in ("Alex\x1b[2J", "Alex\x07", "Alex\u202eevil"):
        assert_clean_error(afterview("profile", "set", "--signature", signature), "your signature",
                           "control character")
    shown = json.loads(afterview("profile", "show", "--json").out)
    assert shown["signature"] == "Alex\nAfterview fan"
    assert afterview("profile", "set", "--signature", "Alex\tMorgan\\nBerlin").code == 0  # tab and new line kept


# -- a restore checks text as typing does ----------------------------------------------------------

def _restore(tmp_path, **sections) -> object:
    document = {"format": "afterview-export", "version": 1, **sections}
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(document))
    return afterview("--db", str(tmp_path / "restored.db"), "import", str(path))


@pytest.mark.parametrize(("sections", "where"), [
    ({"people": [{"id": 1, "name": "Priya\x1b[2J\r\nBcc: x@evil.example"}]}, "people[0].name"),
    ({"companies": [{"id": 1, "name": "North\u202ewind"}]}, "companies[0].name"),
    ({"profile": {"name": "Alex\r\nMorgan"}}, "profile.name"),
    ({"profile": {"signature": "Alex\x1b[2J"}}, "profile.signature"),
    ({"companies": [{"id": 1, "name": "Northwind"}],
      "opportunities": [{"id": 1, "company_id": 1, "role": "Data\nEngineer", "created_at": "2026-11-01T09:00:00+00:00"}]},
     "opportunities[0].role"),
])
def test_a_restore_refuses_what_typing_refuses_naming_the_record(tmp_path, sections, where):
    result = _restore(tmp_path, **sections)
    assert_clean_error(result, where)
    assert "single line" in result.err or "control character" in result.err
    assert not (tmp_path / "restored.db").exists()  # all or nothing


def test_a_restore_takes_invisible_characters_out_of_names_and_says_so(tmp_path):
    result = _restore(tmp_path, people=[{"id": 1, "name": "Priya\u200b Raman"}, {"id": 2, "name": "Tom Becker"}],
                      companies=[{"id": 1, "name": "North\u2060wind"}], profile={"name": "Alex Morgan\ufeff"})
    assert result.code == 0, result.err
    assert "3 names had characters that show as nothing" in result.out
    db = ("--db", str(tmp_path / "restored.db"))
    assert [p["name"] for p in json.loads(afterview(*db, "person", "list", "--json").out)] == ["Priya Raman",
                                                                                                "Tom Becker"]
    assert json.loads(afterview(*db, "profile", "show", "--json").out)["name"] == "Alex Morgan"
