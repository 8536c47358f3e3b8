"""A stranger's header that the mail parser cannot parse stops nothing: an encoded word in the
From display name that decodes to a line break ("=?utf-8?q?Ann=0D=0ABcc:_z@evil.example?=")
made the standard parser raise ValueError as the header was read, and `sync`, `send-due` and the
worker stopped at it, every run, since it stayed in the INBOX. Such a header is read as its raw
text, without control characters: the message is read as any other, the sends go on. Delivered
to the real Dovecot by dovecot-lda, read by `sync`, `send-due` and the worker as a user runs them."""

from pathlib import Path

import pytest

from afterview.delivery import bounces, inbound
from afterview.domain.model import Company, Inbound, Message, MessageState, Person
from afterview.services import delivery
from tests.delivery.conftest import NOW
from tests.delivery.test_crash import approved_note, run_cli
from tests.helpers import worker_rounds

SAMPLES = Path(__file__).parent / "samples"
CRLF_NAME = (SAMPLES / "hostile_crlf_display_name.eml").read_bytes()

BOB = """\
From: Bob Builder <bob@example.test>
To: alice@example.test
Subject: Re: Thank you for today
Date: Thu, 26 Nov 2026 08:45:00 +0000
Message-ID: <d47-bob-{n}@example.test>
Content-Type: text/plain; charset=utf-8

Thanks Alice, we are still deciding and will be in touch next week.
"""


def pat_five(store) -> int:
    """Pat Five at Corp (p5@corp.example), recorded: their mail is read."""
    with store.transaction() as tx:
        corp = tx.add(Company(name="Corp", website="https://corp.example"))
        return tx.add(Person(name="Pat Five", emails=["p5@corp.example"], company_id=corp.id)).id


def recorded(store) -> list[Inbound]:
    with store.transaction() as tx:
        return sorted(tx.list(Inbound), key=lambda i: i.id)


def test_a_header_the_parser_cannot_parse_is_read_as_its_raw_text():
    item = inbound.classify(CRLF_NAME, today=NOW.date())
    assert item.category == "reply" and item.from_address == "p5@corp.example"
    assert "\r" not in item.from_name and "\n" not in item.from_name
    assert item.subject == "Re: Thank you for today" and "in touch next week" in item.text
    assert bounces.detect(inbound.parse(CRLF_NAME)) is None  # the header read by the bounce check too


def test_the_lenient_policy_gives_raw_text_without_control_characters():
    from email.parser import BytesParser

    from afterview.delivery.mime import LENIENT

    parsed = BytesParser(policy=LENIENT).parsebytes(
        b'From: "=?utf-8?q?Ann=0D=0ABcc:_z@evil.example?=\x1b[0m" <p5@corp.example>\r\n\r\nx\r\n')
    value = parsed["From"]
    assert isinstance(value, str) and "p5@corp.example" in value
    assert not any(c in value for c in "\r\n\x1b")


@pytest.mark.mail
def test_sync_reads_it_and_the_mail_after_it(mail, store, seeded, account):
    pat = pat_five(store)
    mail.deliver_to_inbox("alice", CRLF_NAME)
    mail.deliver_to_inbox("alice", BOB.format(n=1))
    report = delivery.sync(store, now=NOW, account=account)
    assert report.fetched == 2
    assert [(r.from_address, r.person_id) for r in recorded(store)] == [
        ("p5@corp.example", pat), ("bob@example.test", seeded["person"])]
    again = delivery.sync(store, now=NOW, account=account)  # read once: nothing more
    assert again.recorded == [] and len(recorded(store)) == 2


@pytest.mark.mail
def test_send_due_sends_the_approved_note_with_it_in_the_inbox(mail, store, seeded, accounts, afterview_home,
                                                              tmp_path):
    pat_five(store)
    message_id, header, db = approved_note(store, seeded, accounts, mail, afterview_home, tmp_path)
    mail.deliver_to_inbox("alice", CRLF_NAME)
    done = run_cli(db, "send-due")
    assert done.returncode == 0, done.stderr
    assert "reply from p5@corp.example" in done.stdout
    assert f"sent message {message_id}" in done.stdout
    with store.transaction() as tx:
        assert tx.get(Message, message_id).state == MessageState.SENT
    assert sum(1 for m in mail.messages("bob") if m["Message-ID"] == header) == 1


@pytest.mark.mail
def test_the_worker_goes_on_with_it_in_the_inbox(mail, store, seeded, accounts, afterview_home, tmp_path):
    pat_five(store)
    message_id, header, db = approved_note(store, seeded, accounts, mail, afterview_home, tmp_path)
    mail.deliver_to_inbox("alice", CRLF_NAME)
    done = worker_rounds("--db", str(db), "worker", "--interval", "600", rounds=1,
                         env={"AV_TEST_PASSWORD": "alice-secret"})
    assert done.code == 0, done.err
    assert "Traceback" not in done.err
    assert f"sent message {message_id}" in done.out
    assert sum(1 for m in mail.messages("bob") if m["Message-ID"] == header) == 1
