"""Mail providers' findings (a tester's Gmail-like and Courier-like Dovecot set-ups).

1. A note placed in Drafts that the user's mail program sent under a NEW Message-ID (Outlook and
   Thunderbird can), removing it from Drafts, was sent a second time: `approve --smtp-instead`
   found it neither in Sent (by its Message-ID) nor in Drafts, and approved it. Now it is looked
   for in Sent by its address and subject too (found: marked sent, nothing approved); gone from
   both, the approval is refused in one line unless `--not-sent`; `sync` finds such a copy too.
2. Rejections in Dutch, German and British English, and "decided to close your candidacy", were
   read as needing review; positive mails in the same words are no rejection.
3. An Exchange non-delivery report with no empty Return-Path (X-MS-Exchange-Message-Is-Ndr, from
   MicrosoftExchange...) was read as a reply, not a bounce.
4. "421 4.7.0 Try again later" at EHLO was said as "the server does not offer STARTTLS".

Real Dovecot and aiosmtpd, the commands as a user runs them.
"""

from __future__ import annotations

import socket
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest

from afterview.delivery import bounces, inbound
from afterview.delivery.replies import classify_reply
from afterview.domain.model import InboundKind, MessageState, ReplyClass
from afterview.errors import Conflict, DeliveryError
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for, add_interview, add_message
from tests.delivery.test_crash import run_cli, write_config
from tests.delivery.test_inbound_realworld_sync import mail_from, pipeline  # noqa: F401 - a fixture
from tests.delivery.test_one_way_out import one_line_error, stored

SUBJECT = "Thank you for today"


def empty_drafts(mail) -> None:
    """Alice's Drafts folder emptied (a copy sent from there, or deleted)."""
    client = mail.imap("alice")
    try:
        client.select_folder("Drafts")
        client.delete_messages(client.search(["ALL"]))
        client.expunge()
    finally:
        client.logout()


@pytest.fixture
def note(store, seeded, mail, afterview_home, tmp_path):
    """Bob's thank-you for yesterday's interview, placed in Drafts: (db, message id, action key)."""
    write_config(afterview_home, mail)
    found = add_interview(store, seeded, NOW - timedelta(days=1))
    message_id = add_message(store, seeded, action_key=found["key"], subject=SUBJECT)
    db = tmp_path / "afterview.db"
    placed = run_cli(db, "send", str(message_id), "--to-drafts")
    assert placed.returncode == 0, placed.stderr
    assert len(mail.messages("alice", "Drafts")) == 1
    return db, message_id, found["key"]


def sent_anew(mail, *, subject: str = SUBJECT, to: str = "Bob Builder <bob@example.test>",
              remove_draft: bool = True, message_id: str | None = None) -> str:
    """The user's mail program sends the draft under a new Message-ID, files it in Sent and
    removes the draft (as Outlook and Thunderbird can). Returns the new Message-ID."""
    new_id = message_id or make_msgid(domain="thunderbird.example")
    copy = EmailMessage()
    copy["From"], copy["To"], copy["Subject"] = "Alice Seeker <alice@example.test>", to, subject
    copy["Date"], copy["Message-ID"] = format_datetime(NOW + timedelta(minutes=5)), new_id
    copy.set_content("Dear Bob,\nthank you for the conversation today.\nAlice\n")
    client = mail.imap("alice")
    try:
        client.append("Sent", copy.as_bytes(), flags=[b"\\Seen"])
    finally:
        client.logout()
    if remove_draft:
        empty_drafts(mail)
    return new_id


# --- 1. never sent twice: a draft sent from the mail program under a new Message-ID -------------

@pytest.mark.mail
def test_smtp_instead_finds_a_draft_sent_anew_by_address_and_subject_and_approves_nothing(mail, store, note):
    db, message_id, _ = note
    new_id = sent_anew(mail)
    refused = run_cli(db, "approve", str(message_id), "--smtp-instead")
    one_line_error(refused, f"message {message_id} was already sent from your mail program", "marked sent",
                   "not approved")
    message = stored(store, message_id)
    assert message.state == MessageState.SENT and message.message_id == new_id  # what their replies answer
    assert run_cli(db, "send-due").returncode == 0
    assert mail.received == []  # never a second copy


@pytest.mark.mail
def test_a_copy_gone_from_drafts_and_sent_is_not_approved_without_not_sent(mail, store, note):
    db, message_id, key = note
    empty_drafts(mail)  # gone from Drafts, and in no Sent folder (filed elsewhere, or deleted)
    before = stored(store, message_id)
    refused = run_cli(db, "approve", str(message_id), "--smtp-instead")
    one_line_error(refused, "its copy is no longer in Drafts and may have been sent from your mail program",
                   "check your Sent folder", f"afterview done {key}",
                   f"afterview approve {message_id} --smtp-instead --not-sent")
    assert stored(store, message_id) == before  # nothing changed
    taken = run_cli(db, "approve", str(message_id), "--withdraw")  # nor taken back, to approve it after
    one_line_error(taken, "its copy is no longer in Drafts", f"afterview approve {message_id} --withdraw --not-sent")
    assert stored(store, message_id) == before
    assert run_cli(db, "send-due").returncode == 0 and mail.received == []
    approved = run_cli(db, "approve", str(message_id), "--smtp-instead", "--not-sent")  # at the user's word
    assert approved.returncode == 0, approved.stderr
    assert f"approved message {message_id}" in approved.stdout and "you said it was not sent" in approved.stderr
    assert stored(store, message_id).state in (MessageState.APPROVED, MessageState.SCHEDULED)
    wrong = run_cli(db, "approve", str(message_id), "--not-sent")
    one_line_error(wrong, "--not-sent goes with --smtp-instead")


@pytest.mark.mail
def test_another_note_of_the_same_subject_in_sent_is_not_taken_for_this_one(mail, store, note, seeded):
    db, message_id, _ = note
    earlier = make_msgid(domain="example.test")  # an earlier note of ours, same subject, same person
    add_message(store, seeded, state=MessageState.SENT, subject=SUBJECT, message_id=earlier, sent_at=NOW)
    sent_anew(mail, message_id=earlier)
    refused = run_cli(db, "approve", str(message_id), "--smtp-instead")
    one_line_error(refused, "its copy is no longer in Drafts")
    assert stored(store, message_id).state == MessageState.DRAFTED


@pytest.mark.mail
def test_sync_marks_a_draft_sent_anew_as_sent(mail, store, note, account):
    _, message_id, _ = note
    new_id = sent_anew(mail)
    report = delivery.sync(store, now=NOW + timedelta(minutes=10), account=account)
    assert message_id in report.sent_by_you
    message = stored(store, message_id)
    assert message.state == MessageState.SENT and message.message_id == new_id


@pytest.mark.mail
def test_sync_leaves_a_draft_still_in_drafts_and_one_sent_to_someone_else(mail, store, note, account):
    _, message_id, _ = note
    sent_anew(mail, to="Carol <carol@example.test>", remove_draft=False)
    report = delivery.sync(store, now=NOW + timedelta(minutes=10), account=account)
    assert report.sent_by_you == [] and stored(store, message_id).state == MessageState.DRAFTED


@pytest.mark.mail
def test_a_mailbox_that_cannot_be_reached_changes_nothing(mail, store, note, monkeypatch):
    _, message_id, _ = note
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = account_for(mail, imap_port=port)
    before = stored(store, message_id)
    with pytest.raises(DeliveryError, match="could not be removed"):
        delivery.withdraw_copy(store, message_id, now=NOW, accounts={down.name: down})
    assert stored(store, message_id) == before


@pytest.mark.mail
def test_the_service_refuses_with_copy_vanished(mail, store, note, accounts):
    _, message_id, _ = note
    sent_anew(mail, subject="Something else")
    with pytest.raises(delivery.CopyVanished):
        delivery.withdraw_copy(store, message_id, now=NOW, accounts=accounts)
    with pytest.raises(Conflict, match="already sent"):  # sent anew later, with its subject: found
        sent_anew(mail)
        delivery.withdraw_copy(store, message_id, now=NOW, accounts=accounts)


# --- 2. rejections in other words ------------------------------------------------------------------

REJECTIONS = [
    "Helaas hebben we besloten om met een andere kandidaat verder te gaan.",
    "We hebben besloten om met andere kandidaten verder te gaan.",
    "Wir haben uns leider gegen Sie entschieden.",
    "Leider haben wir uns gegen Ihre Bewerbung entschieden.",
    "Wir haben uns gegen eine weitere Zusammenarbeit entschieden.",
    "Thank you for your time; we will not be progressing your application.",
    "Unfortunately we won't be progressing your application at this stage.",
    "The team has decided to close your candidacy.",
    "Your application has been closed.",
]
NOT_REJECTIONS = [
    "Wir haben uns für Sie entschieden und freuen uns auf Sie!",
    "We hebben besloten om met jou verder te gaan.",
    "We will be progressing your application to the next stage.",
    "The team has decided to move forward with your candidacy.",
    "Before closing your application, please upload your CV.",
    "Wir haben uns gegen einen Termin am Freitag entschieden, passt Ihnen Montag?",
    "We have not progressed your application yet, sorry for the delay.",
]


@pytest.mark.parametrize("text", REJECTIONS)
def test_rejections_in_other_words_are_read(text):
    assert classify_reply(f"Hi Alex,\n\n{text}\n\nBest,\nSam")[0] == ReplyClass.REJECTION


@pytest.mark.parametrize("text", NOT_REJECTIONS)
def test_positive_mails_in_the_same_words_are_no_rejection(text):
    assert classify_reply(f"Hi Alex,\n\n{text}\n\nBest,\nSam")[0] != ReplyClass.REJECTION


@pytest.mark.mail
def test_sync_records_a_dutch_rejection_as_one(mail, store, pipeline, account):  # noqa: F811
    acme = pipeline["Acme Corp"]
    mail.deliver_to_inbox("alice", mail_from(
        "Jordan Lee <jordan.lee@acme.example>", "Re: Thank you - Backend Engineer interview",
        "Beste Alice,\n\nHelaas hebben we besloten om met een andere kandidaat verder te gaan.\n\nJordan",
        "nl-1", headers=f"In-Reply-To: <ty-{acme['person']}@example.test>\n"))
    report = delivery.sync(store, now=NOW, account=account)
    [reply] = report.recorded
    assert reply.classification == ReplyClass.REJECTION


# --- 3. an Exchange non-delivery report ---------------------------------------------------------

EXCHANGE_NDR = """From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@acme.example>
To: alice@example.test
Subject: Unzustellbar: Thank you - Backend Engineer interview
Date: Wed, 25 Nov 2026 15:00:00 +0000
Message-ID: <ndr-1@acme.example>
{extra}MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Die Nachricht konnte nicht an folgende Empfänger zugestellt werden:

jordan.lee@acme.example
Das Postfach des Empfängers ist voll und kann zurzeit keine Nachrichten annehmen.

Diagnoseinformationen für Administratoren:
Generierender Server: EX01.acme.example
jordan.lee@acme.example
Remote Server returned '554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException'
"""


@pytest.mark.parametrize("extra", ["", "X-MS-Exchange-Message-Is-Ndr: \n"])
def test_an_exchange_ndr_without_an_empty_return_path_is_a_bounce(extra):
    report = bounces.detect(inbound.parse(EXCHANGE_NDR.format(extra=extra).encode()))
    assert report is not None and report.kind == "bounce"
    assert report.failed_recipients == ["jordan.lee@acme.example"] and "5.2.2" in report.reason


def test_the_exchange_ndr_header_alone_marks_a_bounce_and_a_colleague_is_no_bounce():
    marked = EXCHANGE_NDR.replace("MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@", "postbox@").replace(
        "Unzustellbar: ", "")
    assert bounces.detect(inbound.parse(marked.format(extra="X-MS-Exchange-Message-Is-Ndr: \n").encode())).kind == "bounce"
    assert bounces.detect(inbound.parse(marked.format(extra="").encode())) is None


@pytest.mark.mail
def test_sync_records_an_exchange_ndr_as_a_bounce(mail, store, pipeline, account):  # noqa: F811
    acme = pipeline["Acme Corp"]
    mail.deliver_to_inbox("alice", EXCHANGE_NDR.format(extra=""))
    report = delivery.sync(store, now=NOW, account=account)
    [recorded] = report.recorded  # a bounce about Jordan's mail, not a reply of Jordan's
    assert recorded.kind == InboundKind.BOUNCE and recorded.person_id == acme["person"]
    assert recorded.classification != ReplyClass.NEEDS_REVIEW


# --- 4. a 421 at EHLO -------------------------------------------------------------------------

@pytest.fixture
def busy_smtp(mail):
    """A real aiosmtpd that answers EHLO with "421 4.7.0 Try again later" (a provider's rate limit)."""
    from aiosmtpd.controller import Controller

    class Busy:
        async def handle_EHLO(self, server, session, envelope, hostname, responses):
            return ["421 4.7.0 Try again later, closing connection."]

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Busy(), hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    yield port
    controller.stop()


@pytest.mark.mail
@pytest.mark.parametrize("tls", ["starttls", "none"])
def test_a_421_at_ehlo_says_try_again_later_not_starttls(mail, busy_smtp, monkeypatch, tls):
    from afterview.delivery.smtp import SmtpConnection

    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    account = account_for(mail, smtp_host="127.0.0.1", smtp_port=busy_smtp, smtp_tls=tls)
    with pytest.raises(DeliveryError) as raised:
        SmtpConnection(account).open()
    said = str(raised.value)
    assert "421 4.7.0 Try again later" in said and "asks to try again later" in said
    assert "STARTTLS" not in said and "TLS mismatch" not in said
    assert raised.value.temporary


@pytest.mark.mail
def test_send_due_keeps_the_note_approved_after_a_421_at_ehlo(mail, store, seeded, busy_smtp, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    account = account_for(mail, smtp_host="127.0.0.1", smtp_port=busy_smtp)
    message_id = add_message(store, seeded, state=MessageState.APPROVED, approved_at=NOW, account=account.name)
    delivery.send_due(store, now=NOW, accounts={account.name: account})
    message = stored(store, message_id)
    assert message.state in (MessageState.APPROVED, MessageState.SCHEDULED)  # tried again later
    assert "try again later" in message.last_error and "STARTTLS" not in message.last_error
