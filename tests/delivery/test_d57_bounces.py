"""Mail that comes back, read by `afterview sync` from the real Dovecot: a bounce of a mail the
user wrote by hand is not one of ours (whoever it went to), a full mailbox is no wrong address,
a bounce warning ends once an answer proves the mail arrived, and a reply says which follow-up
it stopped. Found by a tester with real mail in a real INBOX.

Real SQLite file, real SMTP and IMAP servers, the commands as a user runs them.
"""

import json
from datetime import timedelta

import pytest

from afterview.delivery import inbound
from afterview.delivery.matching import Incoming, match
from afterview.domain.model import Inbound, Message, MessageState, Person
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.services import delivery
from tests.delivery.conftest import NOW
from tests.delivery.test_bounce_keeps_its_address import sent_to_bob
from tests.delivery.test_crash import run_cli

pytestmark = pytest.mark.mail

# the tester's c1_lars_other_bounce.eml, to Bob: a proper DSN of a mail written by hand
MANUAL_BOUNCE = """\
From: Mail Delivery System <MAILER-DAEMON@mx.qa.example>
To: alice@example.test
Subject: Undelivered Mail Returned to Sender
Date: Thu, 26 Nov 2026 10:30:00 +0000
Message-ID: <bounce4@mx.qa.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="BB"

--BB
Content-Type: text/plain

Your message could not be delivered.

--BB
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.qa.example

Final-Recipient: rfc822; bob@example.test
Action: failed
Status: {status}
Diagnostic-Code: smtp; {diagnostic}

--BB
Content-Type: message/rfc822

From: Alice Seeker <alice@example.test>
To: bob@example.test
Subject: Quick question about parking
Date: Thu, 26 Nov 2026 08:00:00 +0000
Message-ID: <CAmanual999@mail.gmail.com>

Where do I park?

--BB--
"""

# the tester's h3_mbfull.eml, about our own message: Action failed, Status 4.2.2
MAILBOX_FULL = """\
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: alice@example.test
Subject: Delivery Status Notification (Failure)
Date: Thu, 26 Nov 2026 10:30:00 +0000
Message-ID: <gm-ndr@mx.google.com>
X-Failed-Recipients: bob@example.test
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="ZZ"

--ZZ
Content-Type: text/plain

The recipient's inbox is out of storage space. Please try again later.

--ZZ
Content-Type: message/delivery-status

Reporting-MTA: dns; googlemail.com

Final-Recipient: rfc822; bob@example.test
Action: failed
Status: 4.2.2
Diagnostic-Code: smtp; 452 4.2.2 The recipient's inbox is out of storage space.

--ZZ
Content-Type: text/rfc822-headers

Message-ID: {header}
Subject: Thank you for today

--ZZ--
"""

UNKNOWN_USER = MAILBOX_FULL.replace("4.2.2 The recipient's inbox is out of storage space.", "5.1.1 User unknown") \
    .replace("Status: 4.2.2", "Status: 5.1.1").replace("out of storage space. Please try again later.", "unknown.")

REPLY = """\
From: {sender}
To: alice@example.test
Subject: Re: Thank you for today
Date: {date}
Message-ID: <{n}@example.test>
{thread}Content-Type: text/plain; charset=utf-8

{text}
"""

# the tester's e1_kim_sigonly.eml
SIGNATURE_ONLY = """\
From: Kim Ortega <kim.ortega@contoso.example>
To: alex@qa.example
Subject: AW: Thank you - ML Engineer interview
Date: Wed, 02 Dec 2026 10:00:00 +0100
Message-ID: <kim-sig@contoso.example>
In-Reply-To: <179593334866.26651.8788552477862851920@qa.example>

-- 
Kim Ortega
Head of ML | Contoso Cloud
Sent from my iPhone

Am 30.11.2026 um 16:06 schrieb Alex Morgan <alex@qa.example>:
> Hi Kim,
> Thank you for our conversation.
"""


def stored(store, message_id) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


def bounce_notes(store, person_id: int, at=NOW + timedelta(hours=3)) -> list[str]:
    with store.transaction() as tx:
        actions = plan(tx.facts(), DEFAULT_PLAYBOOK, at)
    return sorted({n for a in actions if a.person_id == person_id for n in a.note.split("; ") if "bounced" in n})


@pytest.fixture
def sent(mail, store, seeded, accounts, afterview_home, tmp_path):
    """Bob's thank-you went out by SMTP at NOW: (db, message id, its Message-ID, ids)."""
    message_id, found = sent_to_bob(mail, store, seeded, accounts, afterview_home)
    return tmp_path / "afterview.db", message_id, stored(store, message_id).message_id, found


@pytest.mark.parametrize("status, diagnostic", [("5.1.1", "550 5.1.1 User unknown"), ("5.2.2", "552 5.2.2 Mailbox full")])
def test_a_bounce_of_a_mail_written_by_hand_fails_nothing_of_ours(mail, store, sent, status, diagnostic):
    db, message_id, _header, found = sent
    mail.deliver_to_inbox("alice", MANUAL_BOUNCE.format(status=status, diagnostic=diagnostic))
    synced = run_cli(db, "sync", at=NOW + timedelta(hours=1))
    assert synced.returncode == 0, synced.stderr
    assert "bounce" not in synced.stdout and "failed" not in synced.stdout, synced.stdout
    assert stored(store, message_id).state == MessageState.SENT
    with store.transaction() as tx:
        assert tx.list(Inbound) == []
    assert bounce_notes(store, found["person"]) == []


def test_a_bounce_returning_no_message_is_still_matched_by_its_failed_recipient(store, sent):
    _db, message_id, _header, _found = sent
    with store.transaction() as tx:
        facts = tx.facts()
    bare = Incoming(from_address="mailer-daemon@mx.example", failed_recipients=["bob@example.test"])
    assert match(bare, facts).message.id == message_id
    foreign = Incoming(from_address="mailer-daemon@mx.example", failed_recipients=["bob@example.test"],
                       bounced_message_id="<CAmanual999@mail.gmail.com>")
    assert match(foreign, facts).message is None


def test_a_full_mailbox_is_no_wrong_address(mail, store, sent):
    db, message_id, header, found = sent
    mail.deliver_to_inbox("alice", MAILBOX_FULL.format(header=header))
    synced = run_cli(db, "sync", at=NOW + timedelta(hours=1))
    assert synced.returncode == 0, synced.stderr
    assert ("bounce from mailer-daemon@googlemail.com: bounce: their mailbox was full, try again later; "
            "bob@example.test: 4.2.2 452 4.2.2 The recipient's inbox is out of storage space.") in synced.stdout
    assert stored(store, message_id).state == MessageState.FAILED  # to approve again, later
    assert bounce_notes(store, found["person"]) == [
        "an email to Bob Builder bounced on Thu 26 Nov: their mailbox was full: try again later"]
    with store.transaction() as tx:
        [bounce] = tx.list(Inbound)
        assert "check the address" not in delivery.seen_words(tx, bounce)
        assert delivery.bounce_cause(tx.get(Message, message_id)).endswith("their mailbox was full: try again later")


def test_the_bounce_warning_ends_once_an_answer_proves_it_arrived(mail, store, sent, accounts):
    _db, message_id, header, found = sent
    mail.deliver_to_inbox("alice", UNKNOWN_USER.format(header=header))
    assert delivery.sync(store, now=NOW + timedelta(hours=1), account=accounts["test"]).bounced == [message_id]
    assert bounce_notes(store, found["person"]) == [
        "an email to Bob Builder bounced on Thu 26 Nov: check the address first"]
    # his out-of-office reply answers it (it postpones his follow-ups, which still carry notes)
    mail.deliver_to_inbox("alice", REPLY.format(
        sender="Bob Builder <bob@example.test>", date="Thu, 26 Nov 2026 12:00:00 +0000", n="bob-1",
        thread=f"In-Reply-To: {header}\nReferences: {header}\nAuto-Submitted: auto-replied\n",
        text="I am out of the office until 30 November."))
    report = delivery.sync(store, now=NOW + timedelta(hours=2), account=accounts["test"])
    assert [m for m, _why in report.delivered] == [message_id]
    assert stored(store, message_id).state == MessageState.SENT
    with store.transaction() as tx:
        actions = [a for a in plan(tx.facts(), DEFAULT_PLAYBOOK, NOW + timedelta(hours=3))
                   if a.person_id == found["person"]]
    assert actions, "his follow-ups are still planned (postponed)"
    assert bounce_notes(store, found["person"]) == []


def test_a_reply_says_which_follow_up_it_stopped(mail, store, sent):
    db, _message_id, header, found = sent
    with store.transaction() as tx:
        tom = tx.add(Person(name="Tom Becker", emails=["tom@example.test"], company_id=found["company"]))
    at = NOW + timedelta(hours=3)
    with store.transaction() as tx:
        [follow_up] = [a for a in plan(tx.facts(), DEFAULT_PLAYBOOK, at) if a.key.startswith("status_check.1")]
    assert follow_up.person_id == found["person"]
    mail.deliver_to_inbox("alice", REPLY.format(
        # Bob's colleague answering in the thread of our note to Bob: the employer's answer (one only at
        # the company, outside a thread of ours, stops nothing: test_s29_company_only_sync)
        sender="Tom Becker <tom@example.test>", date="Thu, 26 Nov 2026 12:00:00 +0000", n="tom-1",
        thread=f"In-Reply-To: {header}\nReferences: {header}\n", text="Thanks for the note! Good luck"))
    synced = run_cli(db, "sync", "--json", at=at)
    assert synced.returncode == 0, synced.stderr
    [report] = json.loads(synced.stdout)
    [[reply_id, line]] = report["stopped"]
    day = f"{follow_up.earliest:%a} {follow_up.earliest.day} {follow_up.earliest:%b}"
    assert line.startswith(f"status follow-up to Bob Builder ({day}) is no longer planned: Tom Becker replied "
                           "(to have them go on, record when a decision is due: afterview debrief "), line
    with store.transaction() as tx:
        assert tx.get(Inbound, reply_id).person_id == tom.id


def test_a_reply_of_only_a_signature_and_a_quote_says_so():
    item = inbound.classify(SIGNATURE_ONLY.encode(), today=NOW.date())
    assert inbound.summary(item) == "other: (only a signature and quoted text)"
