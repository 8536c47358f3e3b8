"""A Message-ID never carries commands to the IMAP server nor headers into a mail (found by a
security tester: a restored backup whose message's Message-ID held CR LF made `afterview sync`
send raw IMAP commands; '<x@y>\\r\\nz1 DELETE Victim6\\r\\nz2 NOOP "' deleted a folder).

A restore refuses such a document whole; a database that holds one anyway (a copied or
hand-edited file) is refused where the value would be used, in one line: the IMAP search is
never sent, no mail is built. Real SQLite files, real Dovecot (the test fixtures)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

import pytest

from afterview.delivery.accounts import Account
from afterview.delivery.compose_email import message_id_problem
from afterview.delivery.imap import ImapConnection
from afterview.domain.model import (Company, Inbound, InboundKind, Message, MessageKind, MessageState, Opportunity,
                                    Person)
from afterview.errors import DeliveryError
from afterview.storage import open_store
from tests.helpers import afterview, assert_clean_error

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path):
    """A new database at tmp_path/afterview.db."""
    opened = open_store(f"sqlite:///{tmp_path / 'afterview.db'}")
    yield opened
    opened.close()


@pytest.fixture
def seeded(store):
    """Acme, one open opportunity, Bob (a mailbox of the test server) and the user's name."""
    with store.transaction() as tx:
        acme = tx.add(Company(name="Acme"))
        opportunity = tx.add(Opportunity(company_id=acme.id, role="Engineer", created_at=NOW))
        bob = tx.add(Person(name="Bob Builder", emails=["bob@example.test"], company_id=acme.id))
        profile = tx.profile()
        profile.name = "Alice Seeker"
        tx.save_profile(profile)
    return {"opportunity": opportunity.id, "person": bob.id}


def add_message(store, seeded, *, state=MessageState.DRAFTED, **values) -> int:
    with store.transaction() as tx:
        return tx.add(Message(**{**dict(kind=MessageKind.THANK_YOU, person_id=seeded["person"],
                                        opportunity_id=seeded["opportunity"], subject="Thank you for today",
                                        body="Dear Bob,\nthank you for the conversation today.\nAlice\n",
                                        to_address="bob@example.test", state=state, created_at=NOW),
                                 **values})).id


@pytest.fixture
def account(mail, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    return Account(name="test", email="alice@example.test", display_name="Alice Seeker", smtp_host=mail.host,
                   smtp_port=mail.smtp_port, smtp_tls="starttls", imap_host=mail.host, imap_port=mail.imap_port,
                   imap_tls="starttls", user="alice", password_env="AV_TEST_PASSWORD",
                   tls_ca_file=str(mail.cert_path), timeout=10)


INJECTION = '<x@y>\r\nz1 DELETE Victim\r\nz2 NOOP "'


def _exported(store, seeded, tmp_path):
    """The seeded database with a placed draft, a sent note and a reply, exported: (its document, the
    file)."""
    placed = add_message(store, seeded, message_id="<111.22.333@example.test>", note="placed in Drafts")
    add_message(store, seeded, state=MessageState.SENT, sent_at=NOW, message_id="<444.55.666@example.test>",
                in_reply_to="<r0@example.test>", references=["<r0@example.test>"])
    with store.transaction() as tx:
        tx.add(Inbound(kind=InboundKind.REPLY, received_at=NOW, person_id=seeded["person"],
                       from_address="bob@example.test", subject="Re: Thank you", header_message_id="<r1@example.test>"))
    store.close()
    path = tmp_path / "backup.json"
    done = afterview("--db", str(tmp_path / "afterview.db"), "export", str(path))
    assert done.code == 0, done.err
    document = json.loads(path.read_text())
    assert [m["id"] for m in document["messages"]][0] == placed
    return document, path


def _records(db) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as con:
        return sum(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("messages", "people", "inbound"))


@pytest.mark.parametrize("section, index, field, value, said", [
    ("messages", 0, "message_id", INJECTION, "line break or control character"),
    ("messages", 0, "message_id", "<x@y>\x00", "line break or control character"),
    ("messages", 0, "message_id", "x@y", "is not a message-id"),
    ("messages", 0, "message_id", '<x"y@z>', "is not a message-id"),
    ("messages", 0, "message_id", "<x y@z>", "is not a message-id"),
    ("messages", 0, "message_id", "<x\\y@z>", "is not a message-id"),
    ("messages", 0, "message_id", "<xy>", "is not a message-id"),
    ("messages", 0, "message_id", f"<{'a' * 300}@z>", "characters long"),
    ("messages", 1, "in_reply_to", "<x@y>\r\nBcc: leak@evil.example", "line break or control character"),
    ("messages", 1, "references", ["<a@b>\r\nz3 DELETE Victim\r\n"], "line break or control character"),
    ("messages", 1, "references", ["<a@b>", "<c@d>\x1b[0m"], "line break or control character"),
    ("inbound", 0, "header_message_id", "<r1@x>\nz1 DELETE Victim", "line break or control character"),
])
def test_a_backup_with_an_id_that_is_not_one_is_refused_whole(store, seeded, tmp_path, section, index, field, value,
                                                              said):
    document, path = _exported(store, seeded, tmp_path)
    document[section][index][field] = value
    path.write_text(json.dumps(document))
    target = tmp_path / "restored.db"
    done = afterview("--db", str(target), "import", str(path))
    where = f"{section}[{index}].{field}" + ("[1]" if value == ["<a@b>", "<c@d>\x1b[0m"] else
                                            "[0]" if isinstance(value, list) else "")
    assert_clean_error(done, "broken export", where, said)
    assert _records(target) == 0  # nothing imported


def test_a_backup_with_ordinary_ids_restores_and_keeps_strangers_ids_as_they_came(store, seeded, tmp_path):
    document, path = _exported(store, seeded, tmp_path)
    document["messages"][1]["in_reply_to"] = "<CAF+x=y_z@mail.example.com> (sent by a phone)"  # as mail wrote it
    document["inbound"][0]["header_message_id"] = "no-brackets.1234"
    path.write_text(json.dumps(document))
    target = tmp_path / "restored.db"
    done = afterview("--db", str(target), "import", str(path))
    assert done.code == 0, done.err
    with sqlite3.connect(target) as con:
        assert con.execute("SELECT message_id FROM messages ORDER BY id").fetchall() == [
            ("<111.22.333@example.test>",), ("<444.55.666@example.test>",)]
        assert con.execute("SELECT header_message_id FROM inbound").fetchall() == [("no-brackets.1234",)]


def test_what_a_message_id_is():
    for good in ("<179586114062.32742.12394952750334710092@mail.example>", "<a.b-c_d+e=f@[127.0.0.1]>",
                 "<CAF+x=y/z~!#$%&'*?^`{|}@mail.gmail.com>"):
        assert message_id_problem(good) is None, good
    for bad in ("", "<>", "<@>", "<x@>", "<@y>", "x@y", "<x@y", "<x@y>z", "<x@@y>", "<x@y> ", "<x<y@z>",
                "<x@y>\r\n", "<\x7f@y>", "<x\u00e9@y>", '<"x"@y>', "<x\\@y>", "<x\ty@z>", None):
        assert message_id_problem(bad) is not None, bad


def _place_broken(db, message_id: int, value: str, note: str = "placed in Drafts") -> None:
    """What a hand-edited or copied database may hold: a placed draft's Message-ID with commands in it
    (`note`: "" for a draft whose copy is no longer anywhere, one way out being open again)."""
    with sqlite3.connect(db) as con:
        con.execute("UPDATE messages SET message_id = ?, note = ? WHERE id = ?", (value, note, message_id))


@pytest.mark.mail
def test_a_database_holding_one_never_sends_it_to_the_imap_server(mail, store, seeded, afterview_home, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    (afterview_home / "config.toml").write_text(mail.account_toml("test", extra="rate_per_minute = 0\n"))
    client = mail.imap("alice")
    try:
        if not client.folder_exists("Victim"):
            client.create_folder("Victim")
    finally:
        client.logout()
    message_id = add_message(store, seeded)
    store.close()
    db = tmp_path / "afterview.db"
    _place_broken(db, message_id, INJECTION)
    for command in (("sync",), ("send-due",)):
        done = afterview("--db", str(db), *command, env={"AFTERVIEW_AT": NOW.isoformat()})
        assert_clean_error(done, "not searched for the Message-ID", "'<x@y>\\r\\nz1 DELETE Victim", "control character")
    client = mail.imap("alice")
    try:
        assert client.folder_exists("Victim")  # the DELETE never reached the server
    finally:
        client.logout()


@pytest.mark.mail
@pytest.mark.parametrize("value", [INJECTION, "<x@y>\x00", "<x@y>\rz1 NOOP", '<x"@y>', "<x@y>\x1b", "x y"])
def test_the_imap_search_refuses_what_is_not_a_message_id_before_sending_it(mail, account, value):
    with ImapConnection(account) as imap:
        with pytest.raises(DeliveryError) as refused:
            imap.contains_message_id("INBOX", value)
        assert "not searched for the Message-ID" in str(refused.value) and "\n" not in str(refused.value)
        assert not refused.value.temporary
        assert imap.contains_message_id("INBOX", " <nothing.here@example.test> ") is False  # a good one still works
        assert imap.uids_with_message_id("INBOX", "<nothing.here@example.test>") == []


def test_no_mail_is_built_from_a_broken_stored_message_id(store, seeded, afterview_home, tmp_path):
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        profile = tx.profile()
        profile.email = "alice@example.test"
        tx.save_profile(profile)
    store.close()
    db = tmp_path / "afterview.db"
    for value in (INJECTION, "<x@y>\r\nBcc: leak@evil.example", "not-an-id"):
        _place_broken(db, message_id, value, note="")  # (placed in Drafts, a file is one way out too many)
        target = tmp_path / "out.eml"
        done = afterview("--db", str(db), "send", str(message_id), "--eml", str(target), "--force")
        assert_clean_error(done, f"message {message_id}: its stored Message-ID", "damaged or hand-edited",
                           f"afterview discard {message_id}")
        assert not target.exists()
