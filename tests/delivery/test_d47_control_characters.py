"""What acts instead of showing (terminal escape codes, the U+202E direction override, NUL) in
an incoming reply's subject and words is taken out as the mail is read, as the imports take it
out of what they read (domain.values.plain_text): the recorded subject and summary, and so
`afterview replies`, the desk and an export, hold none. Delivered to the real Dovecot."""

from pathlib import Path

import pytest

from afterview.domain.model import Company, Inbound, Person, ReplyClass
from afterview.services import delivery
from tests.delivery.conftest import NOW
from tests.helpers import afterview

SAMPLE = (Path(__file__).parent / "samples" / "hostile_control_characters.eml").read_bytes()
ACTING = ("\x1b", "\u202e", "\x00")


@pytest.mark.mail
def test_a_replys_subject_and_summary_hold_no_control_character(mail, store, seeded, account, tmp_path):
    with store.transaction() as tx:
        corp = tx.add(Company(name="Corp", website="https://corp.example"))
        tx.add(Person(name="Pat Five", emails=["p5@corp.example"], company_id=corp.id))
    mail.deliver_to_inbox("alice", SAMPLE)
    delivery.sync(store, now=NOW, account=account)
    with store.transaction() as tx:
        [reply] = tx.list(Inbound)
    assert reply.subject == "Re: Thank you [31mURGENT[0m fdp.exe done"
    assert reply.classification == ReplyClass.NEXT_ROUND
    assert "We would like to invite you to a second interview next week." in reply.summary
    for text in (reply.subject, reply.summary, reply.from_address):
        assert not any(c in text for c in ACTING), text
    shown = afterview("--db", str(tmp_path / "afterview.db"), "replies")
    assert shown.code == 0, shown.err
    assert "second interview" in shown.out and "\\x1b" not in shown.out and "\\u202e" not in shown.out


def test_the_text_read_loses_them_and_keeps_its_lines():
    from afterview.delivery import inbound

    item = inbound.classify(SAMPLE, today=NOW.date())
    assert item.text == "Hi Alice,\n\n[2J[31mWe would like to invite you to a second interview next week.[0m\n\nPat"
    assert not any(c in inbound.summary(item) + item.subject + item.from_name for c in ACTING)
