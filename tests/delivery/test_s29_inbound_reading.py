"""How incoming mail is classified: six readings a review proved wrong with a real Dovecot.

1. An out-of-office "will return on 12/7" from the United States is 7 December, not 12 July: the
   sender's country decides the order of day and month after every English cue ("return",
   "from ... to", "between"), and a date that is none in that order is not taken.
2. "I have left for a short vacation" is no "has left the company": "left" needs what was left.
3. An automated rejection that mentions "our recruiting team is out of the office" is a rejection.
4. A delay report whose status fields are in a text/plain part is a delay, never a failure; a
   report with no status to read is said, not acted on.
5. A footer's holiday closure ("closed from December 24 to January 4") or "before Dec 10" is no
   return date when "until Friday, December 4" says one.
6. A recorded person's own mail carrying List-Unsubscribe (Gem, Outreach) is read as theirs.

The tester's mails are in tests/delivery/data/s29/; the sync tests use the real Dovecot.
"""

from datetime import date, timedelta
from pathlib import Path

import pytest

from afterview.delivery import autoreply, bounces, inbound
from afterview.delivery.inbound import LEFT_SAID, classify
from afterview.domain.model import Inbound, InboundKind, Message, MessageState, Person, ReplyClass
from tests.delivery.conftest import NOW
from tests.delivery.test_bounce_keeps_its_address import sent_to_bob
from tests.delivery.test_crash import run_cli

DATA = Path(__file__).parent / "data" / "s29"
WRITTEN = date(2026, 12, 1)  # the tester's mails are of 1 December 2026


def read(name: str, country: str = "US", recorded=None) -> inbound.Classified:
    extra = {"recorded": recorded} if recorded is not None else {}
    return classify((DATA / name).read_bytes(), today=WRITTEN, sender_country=lambda address: country, **extra)


# --- 1. the return date by the sender's country ---------------------------------------------------

@pytest.mark.parametrize("name", ["a_ooo_return.eml", "a2_lena.eml"])
def test_will_return_on_12_7_from_the_united_states_is_7_december(name):
    item = read(name, "US")
    assert item.category == "auto_reply" and item.return_date == date(2026, 12, 7)


@pytest.mark.parametrize("text, country, back", [
    ("I am out of the office and will return on 12/7.", "US", date(2026, 12, 7)),
    ("I am out of the office and will return on 12/7.", "", date(2026, 12, 7)),  # no country: month first
    ("I am out of the office and will return on 7/12.", "DE", date(2026, 12, 7)),
    ("She returns 12/7.", "US", date(2026, 12, 7)),
    ("I am away from 11/30 to 12/4.", "US", date(2026, 12, 4)),
    ("I am away between 12/2 and 12/4.", "US", date(2026, 12, 4)),
    ("I am away from 30/11 to 4/12.", "GB", date(2026, 12, 4)),
    ("Estoy fuera de la oficina hasta el 5/1/2027.", "US", date(2027, 1, 5)),  # Spanish: day first
])
def test_the_senders_country_decides_the_order_for_every_english_cue(text, country, back):
    assert autoreply.return_date(text, WRITTEN, day_first=autoreply.day_first_in(country)) == back


@pytest.mark.parametrize("text, country", [
    ("I am away from 11/30 to 12/14.", "DE"),  # 11/30 and 12/14 are no dates day first
    ("I will return on 9/8.", "DE"),  # 9 August: more than 8 months on, misread
    ("I will return on 8/30.", "US"),  # 30 August: as far
])
def test_a_date_in_figures_that_is_none_in_that_order_or_too_far_is_not_taken(text, country):
    assert autoreply.return_date(text, WRITTEN, day_first=autoreply.day_first_in(country)) is None


# --- 2. "left" needs what was left ------------------------------------------------------------------

def test_left_for_a_short_vacation_is_an_out_of_office_reply():
    item = read("d_left_holiday.eml")
    assert item.category == "auto_reply" and item.return_date == date(2026, 12, 7)
    assert item.inbound_kind == InboundKind.AUTO_REPLY


@pytest.mark.parametrize("text", [
    "I have left Acme Corp and this mailbox is no longer monitored.",
    "Please note that I have left the company.",
    "Jordan Lee is no longer with Acme.",
])
def test_left_with_what_was_left_is_still_left(text):
    assert autoreply.left(text)[0] == text


@pytest.mark.parametrize("text", [
    "I have left for a short vacation and will be back in the office on Monday, December 7.",
    "I have left Monday for a conference.",
    "Your application is no longer part of our active selection.",
])
def test_no_one_has_left_in_these(text):
    assert autoreply.left(text) == ("", [])


def test_an_ats_rejection_saying_the_application_is_no_longer_part_of_the_selection_is_a_rejection():
    raw = (DATA / "c0_control.eml").read_bytes().replace(
        b"Unfortunately, we have decided to move forward with other candidates.",
        b"Unfortunately, your application is no longer part of our active selection.")
    item = classify(raw, today=WRITTEN)
    assert item.category == "automated" and LEFT_SAID not in inbound.summary(item)


def test_a_return_date_outranks_a_mailbox_not_read_meanwhile():
    raw = (DATA / "d_left_holiday.eml").read_bytes().replace(
        b"I have left for a short vacation and will be back in the office on Monday, December 7.",
        b"This mailbox is no longer monitored while I am away. I will be back in the office on Monday, December 7.")
    item = classify(raw, today=WRITTEN)
    assert item.category == "auto_reply" and item.return_date == date(2026, 12, 7)


# --- 3. a decision outranks out-of-office wording -------------------------------------------------

def test_an_automated_rejection_mentioning_the_office_closed_is_a_rejection():
    item = read("c_ats_reject.eml")
    assert item.category == "automated" and item.classification == ReplyClass.REJECTION
    assert item.return_date is None and item.inbound_kind == InboundKind.REPLY
    assert (read("c0_control.eml").category, read("c0_control.eml").classification) == (
        "automated", ReplyClass.REJECTION)


def test_a_person_out_of_office_reply_is_still_one():
    raw = (DATA / "a_ooo_return.eml").read_bytes().replace(
        b"For urgent matters please contact Lena Fischer.",
        b"If you need to schedule an interview, please share your availability with Lena Fischer.")
    item = classify(raw, today=WRITTEN, sender_country=lambda address: "US")
    assert item.category == "auto_reply" and item.return_date == date(2026, 12, 7)


# --- 4. delivery reports --------------------------------------------------------------------------

def test_a_delay_report_with_its_status_in_a_text_part_is_a_delay():
    for name in ("f_delay_mislabeled.eml", "f0_control.eml"):
        item = read(name)
        assert item.category == "delay" and item.inbound_kind is None, name
        assert item.bounce.failed_recipients == [] and item.bounce.recipients[0].status == "4.4.1"


def test_a_report_with_no_status_to_read_is_no_bounce():
    raw = (DATA / "f_delay_mislabeled.eml").read_text().replace("Delayed Mail (still being retried)", "Mail report")
    raw = raw.replace("Final-Recipient: rfc822; tom.becker@northwind.example\nAction: delayed\nStatus: 4.4.1\n", "")
    report = bounces.detect(inbound.parse(raw.encode()))
    assert report.kind == "unclear" and report.failed_recipients == []
    item = classify(raw.encode(), today=WRITTEN)
    assert item.category == "report" and item.inbound_kind is None


# --- 5. a cue about the sender outranks a range elsewhere -----------------------------------------

def test_a_footer_closure_is_no_return_date():
    item = read("b_ooo_closure.eml")
    assert item.category == "auto_reply" and item.return_date == date(2026, 12, 4)


@pytest.mark.parametrize("text, back", [
    ("I am out until Dec 4; before Dec 10 contact Lena.", date(2026, 12, 4)),
    ("I am out of the office until Friday, December 4. Our offices will be closed for the holidays from "
     "December 24 to January 4.", date(2026, 12, 4)),
    ("I am away from December 2 to December 9.", date(2026, 12, 9)),  # a range, no other cue: its later end
    ("Our offices are closed between December 24 and January 4.", date(2027, 1, 4)),
])
def test_a_strong_cue_is_preferred_to_a_range(text, back):
    assert autoreply.return_date(text, WRITTEN, day_first=False) == back


# --- 6. a recorded person's own mail with list headers --------------------------------------------

def test_a_recorded_persons_mail_with_list_headers_is_theirs():
    lena = "lena.fischer@northwind.example"
    item = read("e_list_invite.eml", recorded=lambda address: address == lena)
    assert item.category == "reply" and item.classification == ReplyClass.NEXT_ROUND
    assert read("e_list_invite.eml").category == "bulk"  # from no one recorded: list mail, as before


# --- through `afterview sync`, the real Dovecot ----------------------------------------------------

def _stored(store, message_id) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


@pytest.fixture
def sent(mail, store, seeded, accounts, afterview_home, tmp_path):
    """Bob's (United States) thank-you went out by SMTP at NOW: (db, message id, its Message-ID)."""
    with store.transaction() as tx:
        bob = tx.get(Person, seeded["person"])
        bob.country = "US"
        tx.update(bob)
    message_id, _found = sent_to_bob(mail, store, seeded, accounts, afterview_home)
    return tmp_path / "afterview.db", message_id, _stored(store, message_id).message_id


def _as_bob(name: str, header: str = "") -> str:
    text = (DATA / name).read_text()
    for tester in ("priya.raman@northwind.example", "lena.fischer@northwind.example", "careers@northwind.example",
                   "tom.becker@northwind.example"):
        text = text.replace(tester, "bob@example.test")
    for tester_id in ("<179595598855.12884.12109879103720085396@localhost.example>",
                      "<179595599413.13105.3358066565343239892@localhost.example>",
                      "<179595599063.13010.15766411973917179698@localhost.example>"):
        text = text.replace(tester_id, header)
    return text.replace("Tue, 01 Dec 2026 09:00:00", "Thu, 26 Nov 2026 11:00:00")


@pytest.mark.mail
def test_sync_reads_a_us_return_date_month_first(mail, store, sent):
    db, message_id, header = sent
    mail.deliver_to_inbox("alice", _as_bob("a_ooo_return.eml", header))
    synced = run_cli(db, "sync", at=NOW + timedelta(hours=2))
    assert synced.returncode == 0, synced.stderr
    assert "back 2026-12-07" in synced.stdout, synced.stdout
    with store.transaction() as tx:
        [reply] = tx.list(Inbound)
    assert (reply.kind, reply.return_date) == (InboundKind.AUTO_REPLY, date(2026, 12, 7))


@pytest.mark.mail
def test_sync_reads_an_automated_rejection_mentioning_the_office_closed(mail, store, sent):
    db, _message_id, header = sent
    mail.deliver_to_inbox("alice", _as_bob("c_ats_reject.eml", header).replace(
        "Message-ID: <ats-c-1@northwind.example>", f"Message-ID: <ats-c-1@northwind.example>\nIn-Reply-To: {header}"))
    synced = run_cli(db, "sync", at=NOW + timedelta(hours=2))
    assert synced.returncode == 0, synced.stderr
    with store.transaction() as tx:
        [reply] = tx.list(Inbound)
    assert (reply.kind, reply.classification, reply.return_date) == (InboundKind.REPLY, ReplyClass.REJECTION, None)
    assert "out of office" not in synced.stdout, synced.stdout


@pytest.mark.mail
def test_sync_leaves_a_message_sent_on_a_mislabelled_delay_report(mail, store, sent):
    db, message_id, header = sent
    mail.deliver_to_inbox("alice", _as_bob("f_delay_mislabeled.eml", header))
    synced = run_cli(db, "sync", at=NOW + timedelta(hours=2))
    assert synced.returncode == 0, synced.stderr
    assert "bounced" not in synced.stdout and "failed" not in synced.stdout, synced.stdout
    assert _stored(store, message_id).state == MessageState.SENT
    with store.transaction() as tx:
        assert tx.list(Inbound) == []


@pytest.mark.mail
def test_sync_says_a_report_with_no_status_and_changes_nothing(mail, store, sent):
    db, message_id, header = sent
    raw = _as_bob("f_delay_mislabeled.eml", header).replace("Delayed Mail (still being retried)", "Mail report")
    raw = raw.replace("Final-Recipient: rfc822; bob@example.test\nAction: delayed\nStatus: 4.4.1\n", "")
    mail.deliver_to_inbox("alice", raw)
    synced = run_cli(db, "sync", at=NOW + timedelta(hours=2))
    assert synced.returncode == 0, synced.stderr
    assert (f"needs review: a delivery report whose status cannot be read, about message {message_id}: it is left "
            "as it is") in synced.stdout, synced.stdout
    assert "marked failed" not in synced.stdout
    assert _stored(store, message_id).state == MessageState.SENT
    with store.transaction() as tx:
        assert tx.list(Inbound) == []
    again = run_cli(db, "sync", "--since", "2026-11-26", at=NOW + timedelta(hours=3))
    assert again.returncode == 0 and "needs review" not in again.stdout, again.stdout  # said once


@pytest.mark.mail
def test_sync_reads_a_recorded_persons_mail_with_list_headers(mail, store, sent):
    db, _message_id, _header = sent
    mail.deliver_to_inbox("alice", _as_bob("e_list_invite.eml"))
    synced = run_cli(db, "sync", at=NOW + timedelta(hours=2))
    assert synced.returncode == 0, synced.stderr
    assert "1 recorded" in synced.stdout, synced.stdout
    with store.transaction() as tx:
        [reply] = tx.list(Inbound)
    assert (reply.kind, reply.classification) == (InboundKind.REPLY, ReplyClass.NEXT_ROUND)
