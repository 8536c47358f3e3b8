"""The Drafts and Sent folders' names in Swedish, Danish, Norwegian and Polish (as Outlook,
Thunderbird and Apple Mail name them), found on a server that marks neither; and a
drafts_folder / sent_folder written as IMAP sends it, in modified UTF-7, read decoded.

Real Dovecot without special-use folders.
"""

from __future__ import annotations

import pytest

from afterview.delivery.imap import ImapConnection
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for, add_message
from tests.fixtures.folders import namespace, start_layout


@pytest.fixture(scope="module")
def unmarked():
    server = start_layout(namespace(), prefix="nrd")
    yield server
    server.stop()


@pytest.fixture
def box(unmarked, monkeypatch):
    unmarked.reset()
    monkeypatch.setenv("AV_TEST_PASSWORD", unmarked.users["alice"].password)
    return unmarked


def make(server, *names: str) -> None:
    client = server.imap("alice")
    try:
        for name in names:
            client.create_folder(name)
    finally:
        client.logout()


def found(account) -> tuple[str, str | None]:
    with ImapConnection(account) as imap:
        return imap.drafts_folder(), imap.sent_folder()


@pytest.mark.parametrize("drafts, sent", [
    ("Utkast", "Skickat"),                      # Swedish: Thunderbird, Apple Mail, Outlook.com
    ("Utkast", "Skickade objekt"),              # Swedish Outlook
    ("Kladder", "Sendt"),                       # Danish: Thunderbird, Apple Mail
    ("Kladder", "Sendt post"),                  # Danish Outlook
    ("Kladd", "Sendte elementer"),              # Norwegian Outlook
    ("INBOX/Kopie robocze", "Elementy wysłane"),  # Polish Outlook, under INBOX
    ("Wersje robocze", "Wysłane"),              # Polish: Gmail's label, Thunderbird
])
def test_scandinavian_and_polish_names_are_found(box, drafts, sent):
    make(box, "Arkiv", drafts, sent)
    assert found(account_for(box)) == (drafts, sent)
    checks = {c.what: c for c in delivery.test_account(account_for(box))}
    assert checks["IMAP"].detail.endswith(f"; Drafts folder: {drafts} (by its name); Sent folder: {sent} (by its name)")


def test_a_setting_written_in_modified_utf7_names_the_folder(box, store, seeded):
    make(box, "Bewerbungen/Entwürfe", "Wysłane", "Drafts", "Sent")
    account = account_for(box, drafts_folder="Bewerbungen/Entw&APw-rfe", sent_folder="Wys&AUI-ane")
    assert found(account) == ("Bewerbungen/Entwürfe", "Wysłane")
    checks = {c.what: c for c in delivery.test_account(account)}
    assert checks["IMAP"].ok
    assert checks["IMAP"].detail.endswith("; Drafts folder: Bewerbungen/Entwürfe (set by drafts_folder); Sent folder: Wysłane (set by "
                                          "sent_folder)")
    assert delivery.to_drafts(store, add_message(store, seeded), now=NOW, accounts={"test": account}) == \
        "Bewerbungen/Entwürfe"
    assert [m["Subject"] for m in box.messages("alice", "Bewerbungen/Entwürfe")] == ["Thank you for today"]
    assert box.messages("alice", "Drafts") == []


def test_a_name_with_an_ampersand_is_taken_as_written(box):
    make(box, "Jobs & Drafts", "Drafts")
    assert found(account_for(box, drafts_folder="Jobs & Drafts"))[0] == "Jobs & Drafts"
    assert found(account_for(box, drafts_folder="Jobs &- Drafts"))[0] == "Jobs & Drafts"  # its modified UTF-7
