"""Reading one message can never stop the round: whatever reading a message raises (a failure no
mail should cause, in a rule of the reading itself) leaves that message where it is, said once,
while the others are read; and should reading an account's mail fail all the same, `send-due`
and the worker send the approved notes regardless (that account's follow-ups wait, as for an
account not read). Real Dovecot and SMTP servers."""

import pytest

from afterview.domain.model import Company, Inbound, Message, MessageState, Person
from afterview.services import delivery
from tests.delivery.conftest import NOW
from tests.delivery.test_crash import approved_note, run_cli

pytestmark = pytest.mark.mail

MAIL = """\
From: {sender}
To: alice@example.test
Subject: Re: Thank you for today
Date: Thu, 26 Nov 2026 08:45:00 +0000
Message-ID: <d47-fails-{n}@example.test>
Content-Type: text/plain; charset=utf-8

Thanks Alice, we are still deciding and will be in touch next week.
"""


def test_a_message_whose_reading_raises_is_left_and_the_others_are_read(mail, store, seeded, account, monkeypatch):
    from afterview.delivery import inbound

    with store.transaction() as tx:
        corp = tx.add(Company(name="Corp", website="https://corp.example"))
        tx.add(Person(name="Pat Five", emails=["p5@corp.example"], company_id=corp.id))
    real = inbound.classify

    def classify(raw, **kw):
        if b"p5@corp.example" in raw:
            raise KeyError("a rule that fails on this message")
        return real(raw, **kw)

    monkeypatch.setattr(inbound, "classify", classify)
    mail.deliver_to_inbox("alice", MAIL.format(sender="Pat Five <p5@corp.example>", n=1))
    mail.deliver_to_inbox("alice", MAIL.format(sender="Bob Builder <bob@example.test>", n=2))
    report = delivery.sync(store, now=NOW, account=account)
    with store.transaction() as tx:
        assert [r.from_address for r in tx.list(Inbound)] == ["bob@example.test"]
    [line] = report.unreadable
    assert line.startswith("message 1 in INBOX (from p5@corp.example, subject \"Re: Thank you for today\")")
    assert line.endswith("was left there unread: reading it failed (KeyError: 'a rule that fails on this message')")


def test_send_due_sends_when_reading_the_mail_fails(mail, store, seeded, accounts, afterview_home, tmp_path,
                                                    monkeypatch):
    from afterview.delivery import reading

    message_id, header, db = approved_note(store, seeded, accounts, mail, afterview_home, tmp_path)
    mail.deliver_to_inbox("alice", MAIL.format(sender="Bob Builder <bob@example.test>", n=3))

    def fails(*args, **kw):
        raise RuntimeError("something no mail should cause")

    monkeypatch.setattr(reading.Index, "build", fails)
    done = run_cli(db, "send-due")
    assert f"sent message {message_id}" in done.stdout, done.stderr
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert ("afterview: replies to test could not be read: reading its mail failed (RuntimeError: something no "
            "mail should cause)") in done.stderr.splitlines()
    with store.transaction() as tx:
        assert tx.get(Message, message_id).state == MessageState.SENT
    assert sum(1 for m in mail.messages("bob") if m["Message-ID"] == header) == 1
