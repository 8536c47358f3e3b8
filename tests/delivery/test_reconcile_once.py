"""Two programs reconciling the same interrupted send at once (two workers, a worker and
`send-due`, the desk's mail round): each change is said once, by the program that made it.

Found in review: both found the send interrupted, both searched the Sent folder, and both said
"found in the Sent folder after an interruption: sent" (or "outcome unknown"), although only
the first one's write changed the record. A program that reconciled a send late (its search of
the Sent folder slow) could also fail a send that had been approved again and claimed anew
since. The change is now a check-and-set in the transaction that writes it: still sending, still
the claim that was found.
"""

from __future__ import annotations

from datetime import timedelta

from afterview.domain.model import Message, MessageState
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_message
from tests.helpers import afterview

CLAIMED = NOW - timedelta(minutes=20)  # long past its lease: the program that claimed it died


def interrupted(store, seeded) -> int:
    return add_message(store, seeded, state=MessageState.SENDING, message_id="<cut-off@example.test>",
                       account="test", attempts=1, updated_at=CLAIMED)


def meanwhile(monkeypatch, other, found: bool = False) -> list:
    """This program's search of the Sent folder is slow: `other()` runs while it searches (once).
    The search finds the message there when `found`. Returns what `other` returned."""
    results: list = []

    def slow_search(account, messages):
        if not results:
            results.append(None)  # (the other program's own search runs through here too)
            results[0] = other()
        return ({m.id for m in messages}, "") if found else (set(), "the Sent folder could not be searched: test")

    monkeypatch.setattr(delivery, "_search_sent", slow_search)
    return results


def state_of(store, message_id: int) -> Message:
    with store.reading() as tx:
        return tx.get(Message, message_id)


def test_found_in_sent_by_two_programs_is_said_by_the_one_that_marked_it(store, seeded, monkeypatch):
    message_id = interrupted(store, seeded)
    other = meanwhile(monkeypatch, lambda: delivery.reconcile(store, now=NOW, accounts={}), found=True)
    mine = delivery.reconcile(store, now=NOW, accounts={})
    assert other[0].reconciled == [(message_id, "sent")]
    assert mine.reconciled == [] and mine.unknown == []  # settled by the other program: not said again
    message = state_of(store, message_id)
    assert message.state == MessageState.SENT and message.sent_at == CLAIMED


def test_an_unknown_outcome_found_by_two_programs_is_said_once(store, seeded, monkeypatch):
    message_id = interrupted(store, seeded)
    other = meanwhile(monkeypatch, lambda: delivery.reconcile(store, now=NOW, accounts={}))
    mine = delivery.reconcile(store, now=NOW, accounts={})
    assert [i for i, _ in other[0].unknown] == [message_id]
    assert mine.unknown == [] and mine.reconciled == []
    assert delivery.outcome_unknown(state_of(store, message_id))


def test_a_late_reconcile_leaves_a_send_claimed_again_since_alone(store, seeded, monkeypatch):
    message_id = interrupted(store, seeded)

    def settled_and_sent_again():
        # another program settled it (outcome unknown), the user approved it again (--resend),
        # and a worker claimed it anew: a send of its own, under way now
        with store.transaction() as tx:
            message = tx.get(Message, message_id)
            message.state, message.updated_at, message.attempts = MessageState.SENDING, NOW, 1
            tx.update(message)

    meanwhile(monkeypatch, settled_and_sent_again)
    mine = delivery.reconcile(store, now=NOW, accounts={})
    assert mine.unknown == [] and mine.reconciled == []
    message = state_of(store, message_id)
    assert (message.state, message.updated_at, message.last_error) == (MessageState.SENDING, NOW, "")


def test_send_due_that_lost_the_race_says_nothing_of_it(store, seeded, monkeypatch, tmp_path):
    message_id = interrupted(store, seeded)
    meanwhile(monkeypatch, lambda: delivery.reconcile(store, now=NOW, accounts={}))
    done = afterview("--db", str(tmp_path / "afterview.db"), "--at", NOW.isoformat(), "send-due")
    assert (done.code, done.out) == (0, "nothing due\n"), (done.out, done.err)  # the other program said it
    assert f"message {message_id}" not in done.err


def settles_once(url: str) -> None:
    """outbox.settle on its own: the claim found (its moment to the microsecond, as stored) is
    settled once; a second settle, or one of a claim made again since, changes nothing."""
    from afterview.delivery import outbox
    from afterview.domain.model import Company, MessageKind, Person
    from afterview.storage import open_store

    claimed = CLAIMED.replace(microsecond=123456)
    store = open_store(url)
    try:
        with store.transaction() as tx:
            company = tx.add(Company(name="Acme"))
            person = tx.add(Person(name="Bob", emails=["bob@acme.example"], company_id=company.id))
            first, second = (tx.add(Message(kind=MessageKind.THANK_YOU, person_id=person.id, subject="Hi", body="Hello",
                                            to_address="bob@acme.example", state=MessageState.SENDING, attempts=1,
                                            updated_at=claimed)) for _ in range(2))
        with store.reading() as tx:
            found = {m.id: m for m in outbox.interrupted(tx, NOW)}
        assert set(found) == {first.id, second.id}
        with store.transaction() as tx:
            assert outbox.settle(tx, found[first.id], state=MessageState.SENT, at=claimed)
            assert not outbox.settle(tx, found[first.id], state=MessageState.FAILED, at=claimed, error="x")
            again = tx.get(Message, second.id)
            again.updated_at = NOW  # claimed anew since it was found
            tx.update(again)
            assert not outbox.settle(tx, found[second.id], state=MessageState.FAILED, at=claimed, error="x")
        with store.reading() as tx:
            assert tx.get(Message, first.id).state == MessageState.SENT
            assert tx.get(Message, second.id).state == MessageState.SENDING
    finally:
        store.close()


def test_settle_on_sqlite(tmp_path):
    settles_once(f"sqlite:///{tmp_path / 'settle.db'}")


def test_settle_on_postgresql(pg_url):
    settles_once(pg_url)
