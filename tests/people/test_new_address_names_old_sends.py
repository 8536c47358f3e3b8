"""A corrected address names the notes that went wrong at the old one (found by a tester: after
`person edit ID --email NEW`, nothing said that a note had been refused (550) at the mistyped
address, nor that one had been sent there): a failed one with the command that sends it to the
new address, one sent there lately with what became of it."""

from datetime import datetime, timedelta, timezone

import pytest

from afterview.domain import model as m
from afterview.storage import open_store
from tests.helpers import afterview

AT = "2026-11-26 10:00 America/New_York"
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=timezone.utc)
REFUSED = "SMTP 127.0.0.1: RCPT TO sam.ortz@northwind.example refused: 550 5.1.1 No such user here"


@pytest.fixture
def panel(db_path):
    """A panel yesterday with Tom Becker and Sam Ortiz, both recorded with a mistyped address."""

    def run(*args, input=None):
        return afterview("--db", db_path, "--at", AT, *args, input=input)

    for args in (
        ["profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--phone", "+1 555 0100",
         "--tz", "America/New_York", "--country", "US"],
        ["account", "add", "personal", "--email", "alex@mail.example", "--smtp-host", "localhost",
         "--imap-host", "localhost", "--password-env", "AFTERVIEW_TEST_NO_PASSWORD"],
        ["opportunity", "add", "--company", "Northwind Analytics", "--role", "Data Engineer"],
        ["person", "add", "Tom Becker", "--email", "tom.beker@northwind.example", "--company", "Northwind Analytics"],
        ["person", "add", "Sam Ortiz", "--email", "sam.ortz@northwind.example", "--company", "Northwind Analytics"],
        ["interview", "add", "--opportunity", "1", "--start", "2026-11-25 13:30", "--duration", "90m",
         "--with", "Tom Becker", "--with", "Sam Ortiz"],
    ):
        result = run(*args)
        assert result.code == 0, (args, result.err)
    run.path = db_path
    return run


def _note(path, person_id, state, to, key="", **fields):
    store = open_store(f"sqlite:///{path}")
    try:
        with store.transaction() as tx:
            name = tx.get(m.Person, person_id).name.split()[0]
            return tx.add(m.Message(
                kind=m.MessageKind.THANK_YOU, person_id=person_id, opportunity_id=1, interview_id=1,
                action_key=key or f"thank_you:i1:p{person_id}", subject="Thank you - Data Engineer interview",
                body=(f"Hi {name},\n\nThank you for the interview at Northwind Analytics yesterday.\n\n"
                      "Best,\nAlex Morgan\n+1 555 0100"),
                to_address=to, state=state, created_at=NOW - timedelta(days=1), updated_at=NOW, **fields)).id
    finally:
        store.close()


def test_a_note_refused_at_the_old_address_is_named_with_the_command_that_sends_it_to_the_new(panel):
    failed = _note(panel.path, 2, m.MessageState.FAILED, "sam.ortz@northwind.example", last_error=REFUSED, attempts=1)
    edited = panel("person", "edit", "Sam", "--email", "sam.ortiz@northwind.example")
    assert edited.code == 0, edited.err
    assert edited.out.splitlines() == [
        "updated person 2: Sam Ortiz",
        f"message {failed} failed at sam.ortz@northwind.example, the old address ({REFUSED}): "
        f"afterview approve {failed} sends it to sam.ortiz@northwind.example"]
    # and so it does
    approved = panel("approve", str(failed))
    assert approved.code == 0, approved.err
    assert f"approved message {failed} to sam.ortiz@northwind.example" in approved.out


def test_a_bounce_and_an_unknown_outcome_are_named_too(panel):
    bounced = _note(panel.path, 2, m.MessageState.FAILED, "sam.ortz@northwind.example",
                    last_error="bounced: 5.1.1 user unknown")
    unknown = _note(panel.path, 2, m.MessageState.FAILED, "sam.ortz@northwind.example", key="linkedin_note:p2",
                    last_error="outcome unknown: the connection was cut after the message was handed over")
    lines = panel("person", "edit", "Sam", "--email", "sam.ortiz@northwind.example").out.splitlines()
    assert lines[1:] == [
        f"message {bounced} failed at sam.ortz@northwind.example, the old address (bounced: 5.1.1 user unknown): "
        f"afterview approve {bounced} sends it to sam.ortiz@northwind.example",
        f"message {unknown} may have arrived at sam.ortz@northwind.example, the old address (its send was cut off): "
        f"if it did not, afterview approve {unknown} --resend sends it to sam.ortiz@northwind.example"]


def test_a_note_sent_to_the_old_address_lately_is_named(panel):
    sent = _note(panel.path, 1, m.MessageState.SENT, "tom.beker@northwind.example", sent_at=NOW - timedelta(days=1))
    _note(panel.path, 1, m.MessageState.SENT, "tom.beker@northwind.example", key="linkedin_note:p1",
          sent_at=NOW - timedelta(weeks=6))  # long ago: history, not said
    edited = panel("person", "edit", "Tom", "--email", "tom.becker@northwind.example")
    assert edited.code == 0, edited.err
    assert edited.out.splitlines() == [
        "updated person 1: Tom Becker",
        f"message {sent} was sent to tom.beker@northwind.example on Wed 2026-11-25 10:00, the old address: "
        f"Afterview does not send a sent note again; if it did not reach them, copy its text (afterview show {sent}) "
        "into an email to tom.becker@northwind.example"]


def test_an_address_kept_names_nothing(panel):
    _note(panel.path, 2, m.MessageState.FAILED, "sam.ortz@northwind.example", last_error=REFUSED)
    _note(panel.path, 1, m.MessageState.SENT, "tom.beker@northwind.example", sent_at=NOW)
    # another address beside the one the notes went to: nothing went wrong there
    edited = panel("person", "edit", "Sam", "--email", "sam.ortz@northwind.example", "--email", "sam@home.example")
    assert edited.out == "updated person 2: Sam Ortiz\n"
    assert panel("person", "edit", "Tom", "--title", "Staff Engineer").out == "updated person 1: Tom Becker\n"
