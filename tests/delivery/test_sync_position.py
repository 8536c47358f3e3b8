"""Where `sync` stopped reading a folder never moves back, with two syncs of one account at once
(a worker beside `afterview sync`, the desk's mail round).

Found in review: the position was read in a transaction of its own before the messages were
fetched and written from that reading afterwards, so a sync that started first and read less
could write its shorter position over the one another sync had just stored: the next sync then
read those messages again. It cannot be read in the writing transaction (the messages are
fetched from the server in between); each write now takes the stored position again.
"""

from __future__ import annotations

from afterview.delivery.accounts import Account
from afterview.services import delivery
from tests.delivery.conftest import NOW

ACCOUNT = Account(name="test", email="alice@example.test", imap_host="imap.example.test")
KEY = delivery.sync_key("test", "INBOX")
NOT_OURS = (b"From: Newsletter <news@elsewhere.example>\r\nSubject: This week\r\n\r\n", 100, NOW)


class Mailbox:
    """An INBOX of messages no one of ours wrote (nothing is recorded), up to `newest`;
    `fetching()` is called when the headers are fetched (another program's turn)."""

    def __init__(self, newest: int, fetching=None):
        self.newest, self.fetching = newest, fetching

    def select(self, folder: str = "INBOX") -> int:
        return 7

    def uids_after(self, last: int) -> list[int]:
        return list(range(last + 1, self.newest + 1))

    def headers(self, uids: list[int]) -> dict:
        if self.fetching is not None:
            self.fetching, run = None, self.fetching
            run()
        return {uid: NOT_OURS for uid in uids}

    def bodies(self, uids: list[int]) -> dict:
        return {}

    def read_folders(self):
        return [], []


def sync(store, mailbox: Mailbox) -> delivery.SyncReport:
    return delivery.sync_with(store, mailbox, now=NOW, account=ACCOUNT, report=delivery.SyncReport("test"))


def position(store) -> dict:
    with store.reading() as tx:
        return tx.get_state(KEY)


def test_a_sync_that_read_less_keeps_the_position_another_stored_meanwhile(store):
    sync(store, Mailbox(10))
    assert position(store) == {"uidvalidity": 7, "last_uid": 10}
    # this sync sees mail up to 15; while it fetches, a newer one reads up to 20 and stores it
    sync(store, Mailbox(15, fetching=lambda: sync(store, Mailbox(20))))
    assert position(store) == {"uidvalidity": 7, "last_uid": 20}


def test_a_new_mailbox_identity_is_stored_as_read(store):
    with store.transaction() as tx:
        tx.set_state(KEY, {"uidvalidity": 3, "last_uid": 500})  # the mailbox was rebuilt since
    report = sync(store, Mailbox(4))
    assert report.rescanned and position(store) == {"uidvalidity": 7, "last_uid": 4}
