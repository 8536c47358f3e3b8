"""The claim: exactly one of several racing senders gets a message, on SQLite and PostgreSQL."""

import threading
from datetime import timedelta

import pytest

from afterview.delivery import outbox
from afterview.domain.model import Company, Message, MessageKind, MessageState, Person
from afterview.storage import open_store
from tests.delivery.conftest import NOW


def seed(url: str, count: int) -> list[int]:
    store = open_store(url)
    with store.transaction() as tx:
        company = tx.add(Company(name="Acme"))
        person = tx.add(Person(name="Bob", emails=["bob@acme.example"], company_id=company.id))
        ids = [tx.add(Message(kind=MessageKind.THANK_YOU, person_id=person.id, subject="Hi", body="Hello",
                              to_address="bob@acme.example", state=MessageState.APPROVED, approved_at=NOW)).id
               for _ in range(count)]
    store.close()
    return ids


def race(url: str, ids: list[int], workers: int = 4) -> list[list[int]]:
    """Each worker, with its own connection, tries to claim every message."""
    won: list[list[int]] = [[] for _ in range(workers)]
    start = threading.Barrier(workers)

    def work(index: int) -> None:
        store = open_store(url)
        start.wait()
        for message_id in ids:
            for _attempt in range(50):  # SQLite may say "busy" under contention: try again
                try:
                    with store.transaction() as tx:
                        if outbox.claim(tx, message_id, NOW):
                            won[index].append(message_id)
                    break
                except Exception as err:  # noqa: BLE001 - only a locked database is expected here
                    assert "locked" in str(err) or "busy" in str(err), err
        store.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return won


def check(url: str) -> None:
    ids = seed(url, 30)
    won = race(url, ids)
    claimed = sorted(i for per_worker in won for i in per_worker)
    assert claimed == ids  # every message claimed exactly once
    store = open_store(url)
    with store.transaction() as tx:
        assert {m.state for m in tx.list(Message)} == {MessageState.SENDING}
        assert {m.attempts for m in tx.list(Message)} == {1}
        assert not outbox.claim(tx, ids[0], NOW)  # already sending
        assert outbox.finish(tx, ids[0], state=MessageState.SENT, now=NOW)
        assert not outbox.finish(tx, ids[0], state=MessageState.FAILED, now=NOW)  # only from sending
    store.close()


def test_claim_on_sqlite(tmp_path):
    check(f"sqlite:///{tmp_path / 'race.db'}")


def test_claim_on_postgresql(pg_url):
    check(pg_url)


def test_a_message_scheduled_later_cannot_be_claimed_yet(tmp_path):
    url = f"sqlite:///{tmp_path / 'later.db'}"
    [message_id] = seed(url, 1)
    store = open_store(url)
    with store.transaction() as tx:
        message = tx.get(Message, message_id)
        message.state, message.scheduled_at = MessageState.SCHEDULED, NOW + timedelta(hours=1)
        tx.update(message)
    with store.transaction() as tx:
        assert outbox.due_ids(tx, NOW, 10) == []
        assert not outbox.claim(tx, message_id, NOW)
        assert outbox.due_ids(tx, NOW + timedelta(hours=1), 10) == [message_id]
    store.close()


@pytest.mark.parametrize("attempts, wait", [(1, timedelta(minutes=1)), (2, timedelta(minutes=5)), (5, timedelta(hours=3)), (7, timedelta(hours=3))])
def test_backoff(attempts, wait):
    assert outbox.next_try(attempts, NOW) == NOW + wait


def test_backoff_gives_up():
    assert outbox.next_try(outbox.MAX_ATTEMPTS, NOW) is None
