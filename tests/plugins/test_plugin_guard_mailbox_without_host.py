"""A plugin's mailbox needs no imap_host: copies are filed in its Sent folder, its replies are
read, and `account test` / `account list` name the plugin's sender and mailbox instead of a
host:port nobody set. Found by a tester: a plugin mailbox was ignored unless the account had an
imap_host, and `account test` said 'plugin.invalid:587' for a plugin sender.
(Needs the change to services/delivery.py, interfaces/cli/delivery.py and delivery/accounts.py.)
"""

from __future__ import annotations

import sys
from dataclasses import replace

import pytest

from afterview import plugins
from afterview.delivery.accounts import Account
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_message, seeded, store  # noqa: F401 (fixtures)
from tests.plugins.conftest import install
from tests.plugins.test_plugin_guard_delivery import MODULE, SOURCE

ACCOUNT = Account(name="work", email="alex@example.org", sender="qafile", mailbox="qabox", append_sent=True)
ACCOUNTS = {ACCOUNT.name: ACCOUNT}


@pytest.fixture
def qa(tmp_path, on_path):
    on_path(install(tmp_path / "site", MODULE, SOURCE, entry_name="qa_mail"), MODULE)
    plugins.senders()
    module = sys.modules[MODULE]
    module.MODE = set()
    return module


def test_a_plugin_mailbox_without_imap_host_files_the_sent_copy(qa, store, seeded):
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=ACCOUNTS)
    report = delivery.send_due(store, now=NOW, accounts=ACCOUNTS)
    assert report.sent == [message_id] and report.uncopied == []
    assert [folder for folder, _ in qa.SENT_FOLDER] == ["Sent"]


def test_account_test_names_the_plugins_sender_and_mailbox(qa):
    checks = {c.what: c for c in delivery.test_account(ACCOUNT)}
    assert checks["SMTP"].ok and checks["SMTP"].detail == "sender 'qafile', opened"
    assert checks["IMAP"].ok and checks["IMAP"].detail.startswith("mailbox 'qabox', opened; ")
    assert checks["IMAP"].status == ""  # not "not set up"


def test_the_worker_waits_between_rounds_with_a_plugin_mailbox(qa, store):
    # IDLE is IMAP's: a plugin's mailbox is read each round, and the time between rounds is waited
    # (asking it for IDLE failed at once, and the worker went round and round at full speed)
    import time

    asked = []

    def clock():
        asked.append(1)
        return NOW

    started = time.monotonic()
    delivery.run_worker(store, accounts={"work": replace(ACCOUNT, imap_host="mail.invalid")}, clock=clock,
                        should_stop=lambda: time.monotonic() - started > 2.5, interval=1.0, say=lambda line: None)
    assert len(asked) < 40, len(asked)
