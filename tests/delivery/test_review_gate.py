"""Copying a note out (Drafts, an .eml file, a mailto: link) is sending it: the review's gate
that `approve` applies holds for those ways out too, with --despite-errors to go on."""

import pytest

from tests.helpers import afterview, assert_clean_error

AT = ("--at", "2026-12-01T09:00")


def av(*args):
    return afterview(*AT, *args)


@pytest.fixture
def flawed():
    """Jon's thank-you, drafted with a gap left to fill (no topic recorded): one review error."""
    for args in (("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--phone",
                  "+1 555 0100", "--tz", "America/Chicago", "--country", "US"),
                 ("opportunity", "add", "--company", "Globex", "--role", "Data Engineer"),
                 ("person", "add", "Jon Smith", "--email", "jon@globex.example", "--company", "Globex"),
                 ("interview", "add", "--opportunity", "1", "--start", "2026-11-30 10:00", "--with", "Jon Smith"),
                 ("draft", "--interview", "1", "--no-ask")):
        done = av(*args)
        assert done.code == 0, done.err
    assert "[topic you discussed with Jon]" in av("show", "1").out
    return "1"


@pytest.mark.parametrize("way", [["--eml", "out.eml"], ["--mailto"], ["--to-drafts"]])
def test_a_draft_with_review_errors_is_not_copied_out(flawed, way, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    refused = av("send", flawed, *way)
    assert_clean_error(refused, "message 1 has 1 error (placeholder)", "afterview show 1",
                       f"afterview send 1 {' '.join(way)} --despite-errors")
    assert refused.out == ""
    assert not (tmp_path / "out.eml").exists()
    assert "note:" not in av("show", flawed).out  # nothing recorded as copied out
    assert av("approve", flawed).code == 2  # the same gate as approve's


@pytest.mark.parametrize("way", [["--eml", "out.eml"], ["--mailto"]])
def test_despite_errors_copies_it_out(flawed, way, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    done = av("send", flawed, *way, "--despite-errors")
    assert done.code == 0, done.err
    assert (tmp_path / "out.eml").exists() or done.out.startswith("mailto:")


def test_despite_errors_is_not_for_smtp(flawed):
    assert_clean_error(av("send", flawed, "--now", "--despite-errors"), "--despite-errors goes with")
