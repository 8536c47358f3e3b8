"""Free text typed with a decision or a change (a skip's reason, a done note, a status change's or
an outcome's note, notes, a sector or a source) is checked as names and titles are: a sensible
length, and no control character or bidirectional override (U+202E turned Today's "Recently
decided" line around), each refused in one line naming it; nothing is recorded. A refusal quotes
a long value by its first words and its length, never whole. One rule for the terminal and the
desk: `domain.values.typed_note` / `typed_notes`, `shown`."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from afterview.domain import model as m
from afterview.domain.values import MAX_NOTE, parse_when, shown, typed_note, typed_notes, zone
from afterview.errors import InvalidInput
from afterview.storage import open_store
from tests.helpers import afterview, assert_clean_error

T0 = datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc)  # a Monday
NOW = T0 + timedelta(hours=3)
TESTERS = "a\x00b\r\nc\u202ed"  # as the tester typed it


@pytest.mark.parametrize("value, said", [
    (TESTERS, "reason must be a single line"),
    ("a\x00b", "reason contains the control character '\\x00'"),
    ("thanked \u202eby phone", "reason contains the control character '\\u202e'"),
    ("ok\u2066x", "reason contains the control character '\\u2066'"),
    ("z" * 300_000, "reason is 300,000 characters long: at most 1,000 are allowed"),
])
def test_a_short_note_is_refused_in_one_line(value, said):
    with pytest.raises(InvalidInput) as refused:
        typed_note(value, "reason")
    assert str(refused.value) == said or str(refused.value).startswith(said), str(refused.value)[:200]
    assert len(str(refused.value)) < 200


def test_a_short_note_keeps_ordinary_text():
    for text in ("already thanked by phone", "Ärger über die Absage 😅", "متشکرم از تماس", "x" * MAX_NOTE):
        assert typed_note(f"  {text} ", "reason") == text
    assert typed_note(None, "reason") == ""


def test_notes_of_several_lines_keep_their_lines_and_refuse_controls():
    assert typed_notes("first\r\nsecond\tthird\n", "the notes' text") == "first\nsecond\tthird"
    with pytest.raises(InvalidInput, match="contains the control character '\\\\u202e'"):
        typed_notes("line\n\u202eevil", "the notes' text")
    with pytest.raises(InvalidInput, match="is 100,001 characters long: at most 100,000 are allowed"):
        typed_notes("y" * 100_001, "the notes' text")


def test_a_long_value_is_quoted_by_its_first_words():
    assert shown("Europe/Berln") == "'Europe/Berln'"
    assert shown("z" * 300_000) == "“zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz …” (300,000 characters)"
    assert shown("Kafka migration " * 20).startswith("“Kafka migration Kafka migration Kafka …” (")
    assert "\x00" not in shown("\x00" * 100 + "a")
    for refuse in (lambda v: parse_when(v, now=NOW, tz="UTC"), zone):
        with pytest.raises(InvalidInput) as refused:
            refuse("z" * 300_000)
        assert "(300,000 characters)" in str(refused.value) and len(str(refused.value)) < 400


def test_a_day_no_month_has_is_not_suggested():
    with pytest.raises(InvalidInput) as refused:
        parse_when("the 45th of Smarch", now=NOW, tz="UTC")
    said = str(refused.value)
    assert "'45 Dec'" not in said and "no month has a day 45" in said
    example = said.split("e.g. ")[1].strip("'")
    parse_when(example, now=NOW, tz="UTC")  # the example offered is a date
    with pytest.raises(InvalidInput, match="give the month too, e.g. '5 Dec'"):
        parse_when("the 5th", now=NOW, tz="UTC")
    parse_when("5 Dec", now=NOW, tz="UTC")


@pytest.fixture
def seeded(tmp_path):
    """Dana was on the panel of interview 1: thank_you:i1:p1 is planned; opportunity 1 is open."""
    url = f"sqlite:///{tmp_path / 'afterview.db'}"
    store = open_store(url)
    with store.transaction() as tx:
        tx.save_profile(m.Profile(name="Alex Morgan", timezone="Europe/London", country="GB"))
        company = tx.add(m.Company(name="Acme"))
        opportunity = tx.add(m.Opportunity(company_id=company.id, role="Analyst",
                                           status=m.OpportunityStatus.INTERVIEWING, created_at=T0 - timedelta(days=10)))
        dana = tx.add(m.Person(name="Dana Reyes", emails=["dana@acme.example"], company_id=company.id,
                               timezone="Europe/London", country="GB"))
        tx.add(m.Interview(opportunity_id=opportunity.id, start=T0, end=T0 + timedelta(hours=1),
                           timezone="Europe/London",
                           participants=[m.Participant(person_id=dana.id, role=m.Role.HIRING_MANAGER)]))
    yield store, url
    store.close()


def _recorded(store):
    with store.transaction() as tx:
        return ([(d.kind.value, d.note) for d in tx.list(m.Decision)],
                [c.note for c in tx.get(m.Opportunity, 1).history], tx.get(m.Company, 1).notes)


def test_the_commands_refuse_bad_status_and_outcome_notes_and_notes(seeded):
    store, url = seeded
    at = ("--db", url, "--at", NOW.isoformat())
    before = _recorded(store)
    assert_clean_error(afterview(*at, "opportunity", "status", "1", "withdrawn", "--note", "moved \u202eon"),
                       "note contains the control character '\\u202e'")
    assert_clean_error(afterview(*at, "outcome", "1", "rejected", "--note", "n" * 5000),
                       "note is 5,000 characters long: at most 1,000 are allowed")
    assert_clean_error(afterview(*at, "company", "edit", "1", "--notes", "a\x1b[31mb"),
                       "contains the control character '\\x1b'")
    assert_clean_error(afterview(*at, "opportunity", "edit", "1", "--source", "s" * 500),
                       "source is 500 characters long: at most 200 are allowed")
    assert _recorded(store) == before
    assert afterview(*at, "opportunity", "status", "1", "withdrawn", "--note", "  took another offer ").code == 0
    assert _recorded(store)[1][-1] == "took another offer"


def test_a_skip_reason_and_a_done_note_are_checked(seeded):
    """(`planning._decide` checks the note with `typed_note`: skip, done and snooze alike.)"""
    store, url = seeded
    at = ("--db", url, "--at", NOW.isoformat())
    assert_clean_error(afterview(*at, "skip", "thank_you:i1:p1", "--reason", "a\u202ed"),
                       "contains the control character '\\u202e'")
    assert_clean_error(afterview(*at, "skip", "thank_you:i1:p1", "--reason", "r" * 5000),
                       "is 5,000 characters long: at most 1,000 are allowed")
    assert _recorded(store)[0] == []
    assert afterview(*at, "skip", "thank_you:i1:p1", "--reason", "thanked by phone").code == 0
    assert _recorded(store)[0] == [("skip", "thanked by phone")]


def test_a_long_variable_name_is_refused_in_one_line(afterview_home):
    servers = ("--smtp-host", "127.0.0.1", "--smtp-port", "2525", "--smtp-tls", "none", "--imap-host", "127.0.0.1",
               "--imap-port", "1143", "--imap-tls", "none")
    result = afterview("account", "add", "home", "--email", "alice@example.test", *servers,
                       "--password-env", "A" * 256)
    assert_clean_error(result, "password_env is 256 characters long: the name of an environment variable has at "
                               "most 255")
    assert "A" * 100 not in result.err
    assert not (afterview_home / "config.toml").exists() or "[accounts" not in (afterview_home / "config.toml").read_text()
    added = afterview("account", "add", "home", "--email", "alice@example.test", *servers, "--password-env", "A" * 255)
    assert added.code == 0, added.err
