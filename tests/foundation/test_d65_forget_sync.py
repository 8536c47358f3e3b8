"""After a person is forgotten, a reply from their address (answering a note of ours that was
erased with them) is read by sync as mail from no one recorded: no error, nothing put back."""

from __future__ import annotations

from datetime import timedelta

from afterview.domain import model as m
from afterview.services import delivery
from afterview.services.privacy import forget_person
from tests.delivery.conftest import NOW, account, seeded, store  # noqa: F401 - fixtures

NOTE_ID = "<thanks-bob@example.test>"


def _reply(n: int) -> bytes:
    return (f"From: Bob Builder <bob@example.test>\r\nTo: alice@example.test\r\nSubject: Re: Thank you\r\n"
            f"Date: Thu, 26 Nov 2026 09:00:00 +0000\r\nMessage-ID: <reply-{n}@example.test>\r\n"
            f"In-Reply-To: {NOTE_ID}\r\nReferences: {NOTE_ID}\r\n\r\n"
            "Thanks Alice, we will be in touch next week.\r\n").encode()


def test_a_reply_from_a_forgotten_address_is_unmatched_and_sync_goes_on(mail, store, seeded, account):  # noqa: F811
    with store.transaction() as tx:
        tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=seeded["person"], opportunity_id=seeded["opportunity"],
                         subject="Thank you", body="Dear Bob,\nthank you.\nAlice\n", to_address="bob@example.test",
                         state=m.MessageState.SENT, sent_at=NOW - timedelta(days=2), created_at=NOW - timedelta(days=2),
                         message_id=NOTE_ID))
        forget_person(tx, seeded["person"])
    mail.deliver_to_inbox("alice", _reply(1))
    delivery.sync(store, now=NOW, account=account)
    with store.transaction() as tx:
        assert tx.list(m.Person) == []
        assert all(x.person_id is None and x.answers_message_id is None for x in tx.list(m.Inbound))
