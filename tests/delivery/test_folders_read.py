"""Replies a server rule files out of the INBOX (a Gmail filter that skips the inbox into a label,
an Outlook rule into INBOX/Recruiters): read from the folders the account names (read_folders),
each from where it was last read, never one message twice.

Real Dovecot with a Gmail-like layout ([Gmail]/... marked with special use, a user's label
Jobs/Recruiters) and an Outlook-like rule folder under the INBOX, folders kept as directories.
"""

from __future__ import annotations

import subprocess
import tomllib
from datetime import timedelta

import pytest

from afterview.delivery.accounts import from_section
from afterview.domain.model import Inbound, InboundKind, MessageState, ReplyClass
from afterview.errors import ConfigError
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for, add_interview, add_message
from tests.fixtures.folders import mailbox, namespace, start_layout
from tests.helpers import completed

LABEL = "Jobs/Recruiters"
RULE = "INBOX/Recruiters"


@pytest.fixture(scope="module")
def gmail():
    server = start_layout(namespace(
        mailbox("[Gmail]/Drafts", "\\Drafts"), mailbox("[Gmail]/Sent Mail", "\\Sent"),
        mailbox("[Gmail]/All Mail", "\\All"), mailbox("[Gmail]/Trash", "\\Trash"),
        mailbox(LABEL), mailbox(RULE), mailbox("Jobs/Rückmeldungen")), fs_layout=True, prefix="gml")
    yield server
    server.stop()


@pytest.fixture
def box(gmail, monkeypatch):
    gmail.reset()
    monkeypatch.setenv("AV_TEST_PASSWORD", gmail.users["alice"].password)
    return gmail


@pytest.fixture
def thanked(store, seeded):
    """An interview 12 days ago with Bob, our thank-you sent 11 days ago: a status follow-up is planned."""
    interviewed = add_interview(store, seeded, NOW - timedelta(days=12))
    message_id = add_message(store, interviewed, state=MessageState.SENT, sent_at=NOW - timedelta(days=11),
                             message_id="<thanks-1@example.test>", action_key=interviewed["key"])
    return {**interviewed, "message": message_id}


def reply(n: int = 1, text: str = "Thanks Alice! We would like to invite you to a final round interview.") -> bytes:
    return (f"From: Bob Builder <bob@example.test>\r\nTo: alice@example.test\r\nSubject: Re: Thank you for today\r\n"
            f"Date: Thu, 26 Nov 2026 09:00:00 +0000\r\nMessage-ID: <reply-{n}@example.test>\r\n"
            f"In-Reply-To: <thanks-1@example.test>\r\nReferences: <thanks-1@example.test>\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n").encode()


def put(server, folder: str, raw: bytes) -> None:
    """File a message in a folder as a server rule does."""
    client = server.imap("alice")
    try:
        client.append(folder, raw)
    finally:
        client.logout()


def planned(store) -> set[str]:
    with store.transaction() as tx:
        facts = tx.facts()
    return {a.key.split(":")[0] for a in plan(facts, DEFAULT_PLAYBOOK, NOW)}


def inbound(store) -> list[Inbound]:
    with store.transaction() as tx:
        return tx.list(Inbound)


def test_a_reply_a_filter_filed_out_of_the_inbox_is_read_from_read_folders(box, store, thanked):
    put(box, LABEL, reply())
    assert "status_check.1" in planned(store)
    # not named: left unread, and the follow-up would go to someone who answered
    assert delivery.sync(store, now=NOW, account=account_for(box)).recorded == []
    assert "status_check.1" in planned(store)

    account = account_for(box, read_folders=(LABEL,))
    report = delivery.sync(store, now=NOW, account=account)
    [record] = report.recorded
    assert report.folders == [LABEL] and report.unread == []
    assert record.kind == InboundKind.REPLY and record.answers_message_id == thanked["message"]
    assert record.classification == ReplyClass.NEXT_ROUND
    assert "status_check.1" not in planned(store)
    with store.transaction() as tx:  # each folder where it was read up to, with its own UIDVALIDITY
        label, inbox = tx.get_state(f"sync:test:{LABEL}"), tx.get_state("sync:test:INBOX")
    assert label["last_uid"] == 1 and inbox["last_uid"] == 0
    assert label["uidvalidity"] and inbox["uidvalidity"]
    again = delivery.sync(store, now=NOW, account=account)
    assert again.scanned == 0 and again.recorded == []


def test_one_message_in_two_folders_is_one_reply(box, store, thanked):
    # Gmail: a labelled message that stays in the inbox is in the INBOX, the label and All Mail
    for folder in ("INBOX", LABEL, "[Gmail]/All Mail"):
        put(box, folder, reply())
    account = account_for(box, read_folders=(LABEL, "[Gmail]/All Mail", "inbox"))
    report = delivery.sync(store, now=NOW, account=account)
    assert report.folders == [LABEL, "[Gmail]/All Mail"]  # the INBOX is read anyway, once
    assert report.scanned == 3 and len(report.recorded) == 1
    assert len(inbound(store)) == 1


def test_each_folder_is_read_from_its_own_position(box, store, thanked):
    account = account_for(box, read_folders=(LABEL,))
    put(box, "INBOX", reply(1, "Thank you, Alice."))
    put(box, LABEL, reply(2))
    assert len(delivery.sync(store, now=NOW, account=account).recorded) == 2
    with store.transaction() as tx:
        inbox_before = tx.get_state("sync:test:INBOX")
    # the label rebuilt (a new UIDVALIDITY): read all again there, nothing recorded twice; the INBOX as it was
    client = box.imap("alice")
    try:
        client.delete_folder(LABEL)
        client.create_folder(LABEL)
        client.append(LABEL, reply(2))
        client.append(LABEL, reply(3, "One more question about your notice period."))
    finally:
        client.logout()
    report = delivery.sync(store, now=NOW, account=account)
    assert report.rescanned and report.scanned == 2
    assert [r.header_message_id for r in report.recorded] == ["<reply-3@example.test>"]
    with store.transaction() as tx:
        assert tx.get_state("sync:test:INBOX") == inbox_before
        assert tx.get_state(f"sync:test:{LABEL}")["last_uid"] == 2


def test_a_rule_folder_under_the_inbox_and_a_name_in_modified_utf7(box, store, thanked):
    put(box, RULE, reply(1))
    put(box, "Jobs/Rückmeldungen", reply(2, "Thank you, Alice."))
    account = account_for(box, read_folders=(RULE, "Jobs/R&APw-ckmeldungen"))
    report = delivery.sync(store, now=NOW, account=account)
    assert report.folders == [RULE, "Jobs/Rückmeldungen"] and report.unread == []
    assert len(report.recorded) == 2


def test_a_read_folder_that_is_not_there_is_said_and_the_rest_is_read(box, store, thanked):
    put(box, "INBOX", reply())
    account = account_for(box, read_folders=("Jobs/Recruiter", LABEL))
    report = delivery.sync(store, now=NOW, account=account)
    assert len(report.recorded) == 1 and report.folders == [LABEL]
    [said] = report.unread
    assert said == (f'IMAP {box.host}: the folder "Jobs/Recruiter" set in read_folders in [accounts.test] of '
                    "config.toml does not exist; the server has: [Gmail]/All Mail, [Gmail]/Drafts, [Gmail]/Sent Mail, "
                    "[Gmail]/Trash, INBOX, INBOX/Recruiters, Jobs/Recruiters, Jobs/Rückmeldungen")
    # its replies unread: a follow-up from it waits, as for an account that could not be read
    _, _, unread, _ = delivery.read_first(store, now=NOW, accounts={"test": account}, say=lambda line: None)
    assert unread == {"test": said}
    checks = {c.what: c for c in delivery.test_account(account)}
    assert not checks["IMAP"].ok and checks["IMAP"].detail == said


def test_a_folder_of_folders_is_no_read_folder(box, store):
    client = box.imap("alice")
    try:
        client.create_folder("Bewerbungen/2026")  # Bewerbungen: a folder of folders only (\Noselect)
        assert b"\\Noselect" in next(f[0] for f in client.list_folders() if f[2] == "Bewerbungen")
    finally:
        client.logout()
    account = account_for(box, read_folders=("Bewerbungen",))
    [said] = delivery.sync(store, now=NOW, account=account).unread
    assert said.startswith(f'IMAP {box.host}: the folder "Bewerbungen" set in read_folders in [accounts.test] of '
                           "config.toml cannot hold messages: the server lists it as a folder of folders only "
                           "(\\Noselect); the folders that can: [Gmail]/All Mail, ")
    assert "Bewerbungen/2026" in said and "Bewerbungen," not in said


def test_account_test_names_the_folders_replies_are_read_from(box):
    checks = {c.what: c for c in delivery.test_account(account_for(box, read_folders=(LABEL, RULE)))}
    assert checks["IMAP"].ok
    assert checks["IMAP"].detail.endswith(f"; replies are read from INBOX, {LABEL}, {RULE} (read_folders)")
    plain = {c.what: c for c in delivery.test_account(account_for(box))}
    assert "replies are read" not in plain["IMAP"].detail


# --- the setting -------------------------------------------------------------------------------------

def cli(*args, **env) -> subprocess.CompletedProcess:
    """`afterview ARGS...` (in this process: what is read is the answer)."""
    return completed(*args, env={"AFTERVIEW_AT": NOW.isoformat(), **env})


def test_account_add_writes_read_folders(afterview_home):
    done = cli("account", "add", "home", "--email", "a@example.test", "--smtp-host", "smtp.example.test",
               "--imap-host", "imap.example.test", "--password-env", "MAIL_PW",
               "--read-folder", LABEL, "--read-folder", "INBOX/Recruiters")
    assert done.returncode == 0, done.stderr
    section = tomllib.loads((afterview_home / "config.toml").read_text())["accounts"]["home"]
    assert section["read_folders"] == [LABEL, "INBOX/Recruiters"]
    assert from_section("home", section).read_folders == (LABEL, "INBOX/Recruiters")
    listed = cli("account", "list", "--json")
    assert '"read_folders": [\n      "Jobs/Recruiters",\n      "INBOX/Recruiters"\n    ]' in listed.stdout


@pytest.mark.parametrize("value", ['"Jobs/Recruiters"', "[5]", '["Jobs\\nRecruiters"]', '[""]'])
def test_a_read_folders_value_that_is_no_list_of_names_is_refused(value):
    section = tomllib.loads(f'email = "a@example.test"\nsmtp_host = "s"\nread_folders = {value}\n')
    with pytest.raises(ConfigError) as refused:
        from_section("home", section)
    said = str(refused.value)
    assert said.startswith("config.toml: [accounts.home] read_folders must be a list of folder names as your mail "
                           "server lists them")
    assert said.endswith('such as read_folders = ["Jobs/Recruiters"]') and "\n" not in said


def test_sync_says_a_read_folder_it_could_not_read_and_exits_2(box, store, thanked, afterview_home, tmp_path):
    put(box, LABEL, reply())
    section = box.account_toml("test", extra=f'read_folders = ["{LABEL}", "Jobs/Absagen"]\n')
    (afterview_home / "config.toml").write_text(section)
    done = cli("--db", str(tmp_path / "afterview.db"), "sync", AV_TEST_PASSWORD=box.users["alice"].password)
    assert done.returncode == 2, done.stderr
    assert done.stdout.splitlines()[0] == f"test: 1 new in INBOX, {LABEL}, 1 read, 1 recorded"
    assert done.stderr.startswith(f'afterview: could not read test: IMAP {box.host}: the folder "Jobs/Absagen" set in '
                                  "read_folders in [accounts.test] of config.toml does not exist; the server has: ")
    assert len(done.stderr.splitlines()) == 1
    assert len(inbound(store)) == 1
