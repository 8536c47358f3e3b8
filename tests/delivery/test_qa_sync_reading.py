"""What sync reads and how it files it, against the real Dovecot: your own mail is no reply, an
answer in an old closed process's thread about an open one, messages hard to read, an
out-of-office note read late, and reading again with --since."""

from datetime import date, datetime, timedelta, timezone

import pytest

from afterview.delivery.inbound import classify, summary
from afterview.domain.model import (
    Inbound, InboundKind, Message, MessageKind, MessageState, Opportunity, OpportunityStatus, Person, ReplyClass,
)
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_message

TODAY = NOW.date()


def reply(sender: str, subject: str, text: str, n: str, *, answers: str = "", extra: str = "",
          ctype: str = "text/plain; charset=utf-8", body: bytes | None = None) -> bytes:
    head = [f"From: {sender}", "To: Alice Seeker <alice@example.test>", f"Subject: {subject}",
            "Date: Wed, 25 Nov 2026 09:00:00 +0000", f"Message-ID: <{n}@example.test>", "MIME-Version: 1.0",
            f"Content-Type: {ctype}"]
    if answers:
        head += [f"In-Reply-To: {answers}", f"References: {answers}"]
    if extra:
        head.append(extra)
    return ("\r\n".join(head) + "\r\n\r\n").encode() + (body if body is not None else text.replace("\n", "\r\n").encode())


def inbound(store) -> list[Inbound]:
    with store.transaction() as tx:
        return sorted(tx.list(Inbound), key=lambda i: i.id)


# --- 1. your own mail ----------------------------------------------------------------------------

def test_a_copy_of_your_own_message_or_mail_from_your_address_is_no_reply_and_no_proof(mail, store, seeded, account):
    """A copy of a message Afterview sent landing in the INBOX (a group including you, a server's
    copy), or mail from your own address in its thread (a note to yourself, a forward), is not
    "a reply from alice@..." and does not prove the message arrived."""
    unknown = delivery.UNKNOWN_OUTCOME
    message_id = add_message(store, seeded, state=MessageState.FAILED, last_error=unknown,
                             message_id="<thanks-77@example.test>", subject="Thank you for today")
    copy = reply("Alice Seeker <alice@example.test>", "Thank you for today", "Dear Bob,\nthank you.\n", "thanks-77")
    mail.deliver_to_inbox("alice", copy)
    mine = reply("Alice Seeker <ALICE@example.test>", "Fwd: Re: Thank you for today",
                 "Forwarding this to myself.\n\nWe'd like to invite you to a final round interview.\n", "fwd-1",
                 answers="<thanks-77@example.test>")
    mail.deliver_to_inbox("alice", mine)
    report = delivery.sync(store, now=NOW, account=account)
    assert report.scanned == 2 and report.fetched == 0  # never even read
    assert report.recorded == [] and report.delivered == []
    assert inbound(store) == []
    with store.transaction() as tx:
        message = tx.get(Message, message_id)
    assert message.state == MessageState.FAILED and message.last_error == unknown  # still unknown
    # Bob's own answer in the same thread still proves it
    mail.deliver_to_inbox("alice", reply("Bob Builder <bob@example.test>", "Re: Thank you for today",
                                         "Thanks, Alice.\n", "bob-1", answers="<thanks-77@example.test>"))
    report = delivery.sync(store, now=NOW, account=account)
    assert [r.from_address for r in report.recorded] == ["bob@example.test"]
    with store.transaction() as tx:
        assert tx.get(Message, message_id).state == MessageState.SENT


# --- 2. an old closed thread, an open process ----------------------------------------------------

@pytest.fixture
def two_processes(store, seeded):
    """Bob's first process (Data Engineer) rejected, with our March thank-you to him; his second
    (Senior Data Engineer) open, with a thank-you too."""
    with store.transaction() as tx:
        first = tx.get(Opportunity, seeded["opportunity"])
        first.role = "Data Engineer"
        first.status = OpportunityStatus.REJECTED
        tx.update(first)
        second = tx.add(Opportunity(company_id=seeded["company"], role="Senior Data Engineer", created_at=NOW,
                                    status=OpportunityStatus.INTERVIEWING))
    old = add_message(store, seeded, state=MessageState.SENT, message_id="<march-1@example.test>",
                      subject="Thank you - Data Engineer interview", sent_at=NOW - timedelta(days=250))
    add_message(store, seeded, state=MessageState.SENT, message_id="<nov-1@example.test>", opportunity_id=second.id,
                subject="Thank you - Senior Data Engineer interview", sent_at=NOW - timedelta(days=5))
    return {**seeded, "closed": seeded["opportunity"], "open": second.id, "old": old}


def test_an_answer_in_a_closed_process_thread_naming_the_open_role_is_filed_under_the_open_one(
        mail, store, two_processes, account):
    subject = "Re: Thank you - Data Engineer interview"
    mail.deliver_to_inbox("alice", reply(
        "Bob Builder <bob@example.test>", subject,
        "Hi Alice,\n\nNo decision on the Senior Data Engineer role yet, sorry for the wait.\n\nBob\n",
        "old-thread-1", answers="<march-1@example.test>"))
    mail.deliver_to_inbox("alice", reply(
        "Bob Builder <bob@example.test>", subject,
        "Hi Alice,\n\nUnfortunately we have decided not to move forward with your application for the "
        "Senior Data Engineer role.\n\nBob\n", "old-thread-2", answers="<march-1@example.test>"))
    delivery.sync(store, now=NOW, account=account)
    first, second = inbound(store)
    for record in (first, second):
        assert record.opportunity_id == two_processes["open"] and record.person_id == two_processes["person"]
        assert record.answers_message_id == two_processes["old"]  # it answers the old note all the same
        assert (f"in the thread of message {two_processes['old']} about opportunity {two_processes['closed']} "
                f"(Data Engineer, rejected), but naming opportunity {two_processes['open']} "
                "(Senior Data Engineer, interviewing)") in record.summary
    assert second.classification == ReplyClass.REJECTION


def test_an_answer_in_a_closed_process_thread_naming_no_role_is_ambiguous_and_names_both(
        mail, store, two_processes, account):
    mail.deliver_to_inbox("alice", reply(
        "Bob Builder <bob@example.test>", "Re: Thank you - Data Engineer interview",
        "Hi Alice,\n\nStill waiting for the team, we should know next week.\n\nBob\n",
        "old-thread-3", answers="<march-1@example.test>"))
    delivery.sync(store, now=NOW, account=account)
    [record] = inbound(store)
    assert record.classification == ReplyClass.NEEDS_REVIEW and record.opportunity_id is None
    assert record.person_id == two_processes["person"]  # kept with Bob: his follow-ups pause
    assert record.summary.startswith(
        f"ambiguous: matches opportunities {two_processes['closed']} (Data Engineer at Acme, rejected) or "
        f"{two_processes['open']} (Senior Data Engineer at Acme, interviewing); "), record.summary


def test_an_answer_naming_the_closed_role_or_with_no_open_process_stays_with_the_thread(
        mail, store, two_processes, account):
    mail.deliver_to_inbox("alice", reply(
        "Bob Builder <bob@example.test>", "Re: Thank you - Data Engineer interview",
        "Hi Alice,\n\nAbout the Data Engineer role: the feedback was about the system design round.\n",
        "old-thread-4", answers="<march-1@example.test>"))
    delivery.sync(store, now=NOW, account=account)
    [record] = inbound(store)
    assert record.opportunity_id == two_processes["closed"] and record.classification == ReplyClass.OTHER
    with store.transaction() as tx:  # the second process closes too: the thread decides again
        second = tx.get(Opportunity, two_processes["open"])
        second.status = OpportunityStatus.WITHDRAWN
        tx.update(second)
    mail.deliver_to_inbox("alice", reply(
        "Bob Builder <bob@example.test>", "Re: Thank you - Data Engineer interview", "Good luck, Alice!\n",
        "old-thread-5", answers="<march-1@example.test>"))
    delivery.sync(store, now=NOW, account=account)
    assert inbound(store)[-1].opportunity_id == two_processes["closed"]


# --- 3, 4. messages hard to read -----------------------------------------------------------------

def test_broken_structure_wrong_charset_and_empty_mail_are_read_or_said(store):
    broken = reply("Bob <bob@example.test>", "Re: x", "", "b1", ctype='multipart/alternative; boundary="XYZ"',
                   body=b"--ABC\r\nContent-Type: text/plain\r\n\r\nUnfortunately we have decided to move "
                        b"forward with another candidate.\r\n--ABC")
    assert summary(classify(broken, today=TODAY)) == (
        "rejection: Unfortunately we have decided to move forward with another candidate.")
    latin1 = reply("Bob <bob@example.test>", "Re: x", "", "c1", extra="Content-Transfer-Encoding: 8bit",
                   body="Hallo Alice,\r\n\r\nleider müssen wir Ihnen mitteilen, dass wir uns für eine andere "
                        "Kandidatin entschieden haben.\r\n".encode("latin-1"))
    said = summary(classify(latin1, today=TODAY))
    assert said.startswith("rejection: leider müssen wir") and "\ufffd" not in said
    assert summary(classify(reply("Bob <bob@example.test>", "Re: x", "", "e1", body=b""), today=TODAY)) == (
        "other: (empty message)")
    image_only = reply("Bob <bob@example.test>", "Re: x", "", "i1", ctype="image/png",
                       extra="Content-Transfer-Encoding: base64", body=b"iVBORw0KGgo=\r\n")
    assert summary(classify(image_only, today=TODAY)) == "other: (no readable text)"


def test_the_text_after_a_large_attachment_is_read_by_the_structure(mail, store, seeded, account):
    import base64

    attachment = base64.encodebytes(b"%PDF-1.4 " * 400_000)  # about 4.8 MB once encoded, before the text
    body = (b"--B1\r\nContent-Type: application/pdf; name=offer.pdf\r\nContent-Transfer-Encoding: base64\r\n"
            b"Content-Disposition: attachment; filename=offer.pdf\r\n\r\n"
            + attachment + b"\r\n--B1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
            b"quoted-printable\r\n\r\nHi Alice, we are delighted to offer you the position! M=C3=BCller sends =\r\n"
            b"the letter.\r\n--B1--\r\n")
    mail.deliver_to_inbox("alice", reply("Bob Builder <bob@example.test>", "Offer", "", "big-1",
                                         ctype='multipart/mixed; boundary="B1"', body=body))
    delivery.sync(store, now=NOW, account=account)
    [record] = inbound(store)
    assert record.classification.value == "offer", record.summary
    assert record.summary == "offer: Hi Alice, we are delighted to offer you the position!", record.summary
    assert record.from_address == "bob@example.test" and record.person_id == seeded["person"]


def test_a_large_message_with_no_text_part_is_said_not_read(mail, store, seeded, account):
    import base64

    attachment = base64.encodebytes(b"%PDF-1.4 " * 400_000)
    body = (b"--B1\r\nContent-Type: application/pdf; name=offer.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + attachment + b"\r\n--B1--\r\n")
    mail.deliver_to_inbox("alice", reply("Bob Builder <bob@example.test>", "Offer", "", "big-2",
                                         ctype='multipart/mixed; boundary="B1"', body=body))
    delivery.sync(store, now=NOW, account=account)
    [record] = inbound(store)
    assert record.summary.startswith("other: (text not read: a large message"), record.summary


# --- 6. an out-of-office note read late ------------------------------------------------------------

def test_an_out_of_office_return_date_is_counted_from_the_note_not_the_sync():
    note = reply("Bob <bob@example.test>", "Automatic reply: Thank you", "", "o1",
                 extra="Auto-Submitted: auto-replied\r\nX-Autoreply: yes",
                 body=b"I am out of the office until 14 December 2026 with limited access to email.\r\n")
    note = note.replace(b"Wed, 25 Nov 2026 09:00:00 +0000", b"Tue, 01 Dec 2026 14:00:00 -0600")
    item = classify(note, today=date(2026, 12, 15))
    assert item.category == "auto_reply" and item.return_date == date(2026, 12, 14)


# --- 7. reading again ------------------------------------------------------------------------------

def test_sync_since_reads_again_mail_from_an_address_recorded_later_never_twice(mail, store, seeded, account):
    dana = reply("Dana Reyes <dana@globex.example>", "Your application", "Unfortunately the role has been filled.\n",
                 "dana-1")
    old = reply("Dana Reyes <dana@globex.example>", "Coffee?", "Unfortunately I am away in October.\n", "dana-0")
    client = mail.imap("alice")
    try:  # one that came long ago
        client.append("INBOX", old, msg_time=datetime.now(timezone.utc) - timedelta(days=40))
    finally:
        client.logout()
    mail.deliver_to_inbox("alice", dana)
    assert delivery.sync(store, now=NOW, account=account).recorded == []  # no one knows her yet
    with store.transaction() as tx:
        tx.add(Person(name="Dana Reyes", emails=["dana@globex.example"], company_id=seeded["company"]))
    assert delivery.sync(store, now=NOW, account=account).recorded == []  # read past already
    today = datetime.now(timezone.utc).date()
    report = delivery.sync(store, now=NOW, account=account, since=today - timedelta(days=1))
    assert report.scanned == 1  # the one from 40 days ago is not read again
    assert [r.header_message_id for r in report.recorded] == ["<dana-1@example.test>"]
    again = delivery.sync(store, now=NOW, account=account, since=today - timedelta(days=1))
    assert again.scanned == 1 and again.recorded == []  # nothing twice
    assert len(inbound(store)) == 1
    mail.deliver_to_inbox("alice", reply("Dana Reyes <dana@globex.example>", "Re: Your application", "Thanks!\n",
                                         "dana-2"))
    assert [r.header_message_id for r in delivery.sync(store, now=NOW, account=account).recorded] == [
        "<dana-2@example.test>"]  # the position never moved back: new mail is read once


# --- 9. a send still in its lease ------------------------------------------------------------------

def test_a_send_in_its_lease_is_said_with_the_minute_rounded_up(store, seeded, accounts, capsys):
    from afterview.interfaces.cli.delivery import _print_report

    claimed = datetime(2026, 11, 28, 1, 10, 40, tzinfo=timezone.utc)
    assert delivery.checked_from(claimed) == datetime(2026, 11, 28, 1, 16, tzinfo=timezone.utc)  # the lease ends 01:15:40
    assert delivery.checked_from(claimed.replace(second=0)) == datetime(2026, 11, 28, 1, 15, tzinfo=timezone.utc)
    message_id = add_message(store, seeded, state=MessageState.SENDING, message_id="<flight-1@example.test>",
                             updated_at=claimed)
    report = delivery.reconcile(store, now=datetime(2026, 11, 28, 1, 15, 11, tzinfo=timezone.utc), accounts=accounts)
    assert report.unknown == [] and report.reconciled == []
    assert report.checking == [(message_id, "is being sent by another Afterview program (since 2026-11-28 01:10 UTC): "
                                            "it is not sent twice. If no other Afterview program is running, the send "
                                            "was cut off and it may have gone out: do not send it again; from "
                                            "2026-11-28 01:16 UTC on, afterview send-due (or the worker) looks for it "
                                            "in the Sent folder")]
    _print_report(report, "UTC")
    assert capsys.readouterr().out.startswith(f"message {message_id} is being sent by another Afterview program (since "
                                              "2026-11-28 01:10 UTC)")
    # send-due says it on your clock, as `today` does (found by a scripts tester: UTC in New York)
    yours = delivery.reconcile(store, now=datetime(2026, 11, 28, 1, 15, 11, tzinfo=timezone.utc), accounts=accounts,
                               tz="America/New_York")
    assert yours.checking == [(message_id, "is being sent by another Afterview program (since Fri 2026-11-27 20:10): "
                                           "it is not sent twice. If no other Afterview program is running, the send "
                                           "was cut off and it may have gone out: do not send it again; from Fri "
                                           "2026-11-27 20:16 on, afterview send-due (or the worker) looks for it in "
                                           "the Sent folder")]
    with store.transaction() as tx:
        assert tx.get(Message, message_id).state == MessageState.SENDING  # left to its sender until then


# --- 8. who wrote ------------------------------------------------------------------------------

def test_an_unknown_sender_in_a_persons_thread_is_named_in_the_summary(mail, store, seeded, account):
    message_id = add_message(store, seeded, state=MessageState.SENT, message_id="<thanks-8@example.test>")
    mail.deliver_to_inbox("alice", reply("Carol Jones <carol@acme.example>", "Re: Thank you for today",
                                         "Bob is away; we will get back to you next week.\n", "carol-1",
                                         answers="<thanks-8@example.test>"))
    delivery.sync(store, now=NOW, account=account)
    [record] = inbound(store)
    assert record.person_id == seeded["person"] and record.answers_message_id == message_id  # the thread's
    assert record.summary.startswith(f"in the thread of message {message_id} to Bob Builder, but from "
                                     "carol@acme.example, an address of no one recorded; other: "), record.summary
