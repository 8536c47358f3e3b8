"""What a tester met in fourteen months with a real mailbox: an out-of-office reply filed under
the wrong person (a thread names the message answered, not who answers), a reply asking not to be
contacted again, feedback offered for recording after it was recorded, and the worker run with
--at held back by the rate limit. Real Dovecot INBOX and real SMTP, the commands as a user runs
them.
"""

import json
from datetime import datetime, timedelta, timezone

import pytest

from afterview.domain.model import (
    Company, Inbound, InboundKind, Message, MessageKind, MessageState, Opportunity, OpportunityStatus, Person,
    ReplyClass,
)
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.planner.engine import POSTPONED_OUT_OF_OFFICE
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for, add_interview, add_message
from tests.delivery.test_crash import run_cli, write_config
from tests.delivery.test_qa_rejection_replies import from_bob, send_for_real, set_status
from tests.helpers import worker_rounds

pytestmark = pytest.mark.mail

SENT = NOW - timedelta(days=3)


def sent(store, seeded, message_id: str, **kw) -> Message:
    number = add_message(store, seeded, state=MessageState.SENT, message_id=message_id, sent_at=SENT, **kw)
    with store.transaction() as tx:
        return tx.get(Message, number)


def with_owen(store, seeded) -> dict:
    """Owen Brooks at Tessellate, in a process of his own, and a note sent to each of Bob and Owen."""
    with store.transaction() as tx:
        tessellate = tx.add(Company(name="Tessellate", website="https://tessellate.example"))
        opp = tx.add(Opportunity(company_id=tessellate.id, role="Data Engineer", created_at=NOW))
        owen = tx.add(Person(name="Owen Brooks", emails=["owen@tessellate.example"], company_id=tessellate.id))
    to_bob = sent(store, seeded, "<to-bob-1@example.test>", subject="Congratulations on the Series C")
    to_owen = sent(store, {**seeded, "person": owen.id, "opportunity": opp.id}, "<to-owen-1@example.test>",
                   to_address="owen@tessellate.example", subject="An update since our Data Engineer conversation")
    return {"owen": owen.id, "owen_opportunity": opp.id, "to_bob": to_bob, "to_owen": to_owen}


def owen_away(in_reply_to: str = "", quoted: str = "") -> str:
    """Owen's vacation responder, as the tester's mailbox received it."""
    thread = f"In-Reply-To: {in_reply_to}\n" if in_reply_to else ""
    body = "Hello, thanks for your email. I am on parental leave until 1 March 2027\nand am not checking email.\n"
    if quoted:  # the original's headers, as some responders include them
        body += f"\n-----Original Message-----\nMessage-ID: {quoted}\nSubject: Congratulations on the Series C\n"
    return ("From: Owen Brooks <owen@tessellate.example>\nTo: alice@example.test\n"
            "Subject: Out of Office: An update since our Data Engineer conversation\n"
            "Date: Thu, 26 Nov 2026 09:00:05 +0000\nMessage-ID: <ooo-owen-1@tessellate.example>\n"
            f"{thread}Auto-Submitted: auto-replied (vacation)\nX-Autoreply: yes\nPrecedence: auto_reply\n"
            "Content-Type: text/plain; charset=utf-8\n\n" + body)


def postponed(store, person_id: int) -> list[str]:
    """The keys of the person's planned actions that an out-of-office reply postponed."""
    with store.transaction() as tx:
        facts = tx.facts()
    return [a.key for a in plan(facts, DEFAULT_PLAYBOOK, NOW)
            if a.person_id == person_id and POSTPONED_OUT_OF_OFFICE in a.note]


# --- 1. the sender wins over the thread ---------------------------------------------------------

@pytest.mark.parametrize("how", ["in-reply-to", "quoted"])
def test_an_out_of_office_reply_from_another_known_person_in_a_thread_is_theirs(mail, store, seeded, account, how):
    interviewed = add_interview(store, seeded, NOW - timedelta(days=12))  # Bob has a follow-up planned
    known = with_owen(store, interviewed)
    bob_id = known["to_bob"].message_id
    mail.deliver_to_inbox("alice", owen_away(in_reply_to=bob_id) if how == "in-reply-to" else owen_away(quoted=bob_id))
    report = delivery.sync(store, now=NOW, account=account)
    [record] = report.recorded
    # Found by the tester: "automatic answer from Dana Whitfield (back ...)", and Dana's notes
    # postponed by Owen's leave. It is Owen's, in his process, answering his own note.
    assert record.kind == InboundKind.AUTO_REPLY and record.person_id == known["owen"]
    assert record.opportunity_id == known["owen_opportunity"] and record.answers_message_id == known["to_owen"].id
    assert record.summary.startswith(f"in the thread of message {known['to_bob'].id} to Bob Builder, "
                                     "but from Owen Brooks; out of office, back 2027-03-01"), record.summary
    assert postponed(store, interviewed["person"]) == []
    assert report.delivered == []  # Bob's note is not shown to have reached Bob by Owen's mail


def test_a_colleague_answering_in_the_thread_is_the_sender_and_keeps_the_threads_process(mail, store, seeded,
                                                                                        account):
    known = with_owen(store, seeded)
    with store.transaction() as tx:  # a second opening at Acme: Carol's own records name neither
        tx.add(Opportunity(company_id=seeded["company"], role="Staff Engineer", created_at=NOW))
        carol = tx.add(Person(name="Carol Diaz", emails=["carol@acme.example"], company_id=seeded["company"]))
    to_bob = known["to_bob"]
    for n, sender in enumerate(["Carol Diaz <carol@acme.example>", "Assistant <assistant@acme.example>"]):
        mail.deliver_to_inbox("alice", (
            f"From: {sender}\nTo: alice@example.test\nSubject: Re: {to_bob.subject}\n"
            f"Date: Thu, 26 Nov 2026 10:0{n}:00 +0000\nMessage-ID: <colleague-{n}@acme.example>\n"
            f"In-Reply-To: {to_bob.message_id}\nContent-Type: text/plain; charset=utf-8\n\n"
            "Unfortunately we have decided to move forward with other candidates.\n"))
    delivery.sync(store, now=NOW, account=account)
    with store.transaction() as tx:
        from_carol, from_assistant = sorted(tx.list(Inbound), key=lambda r: r.header_message_id)
    assert from_carol.person_id == carol.id and from_carol.opportunity_id == seeded["opportunity"]
    assert from_carol.classification == ReplyClass.REJECTION and from_carol.answers_message_id is None
    # an address no person has: the thread decides, as before
    assert from_assistant.person_id == seeded["person"] and from_assistant.answers_message_id == to_bob.id


# --- 5. a reply asking not to be contacted again ------------------------------------------------

def test_a_reply_asking_not_to_be_contacted_suggests_do_not_contact_and_sets_nothing(mail, store, seeded, accounts,
                                                                                   afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    note = send_for_real(store, seeded, accounts, subject="Congratulations on the Chicago hub")
    mail.deliver_to_inbox("alice", from_bob(note, "Hi Alice,\n\nThanks for the note. I'm actually wrapping up at Acme "
                                                  "this month, so please take me off any updates - no need to keep "
                                                  "me in the loop. Best of luck with everything!\n\nBob"))
    synced = run_cli(db, "sync")
    assert synced.returncode == 0, synced.stderr
    with store.transaction() as tx:
        [reply] = tx.list(Inbound)
    assert reply.classification == ReplyClass.OTHER
    asked = "I'm actually wrapping up at Acme this month, so please take me off any updates"
    assert reply.summary == f"other: asks not to be contacted: {asked}"
    command = f"afterview person edit {seeded['person']} --do-not-contact"
    line = (f'reply {reply.id}: Bob Builder asks not to be contacted again ("{asked}"): nothing more is planned '
            f'for them; to keep it on their record: {command}')
    assert f"  {line}" in synced.stdout.splitlines(), synced.stdout
    listed = run_cli(db, "replies")
    assert line in listed.stdout.splitlines() and "do-not-contact" in listed.stdout.splitlines()[1]
    [shown] = json.loads(run_cli(db, "replies", "--json").stdout)
    assert shown["suggested_do_not_contact"] == command
    with store.transaction() as tx:
        assert not tx.get(Person, seeded["person"]).do_not_contact  # said, never done for them
    assert run_cli(db, "person", "edit", str(seeded["person"]), "--do-not-contact").returncode == 0
    assert not [x for x in run_cli(db, "replies").stdout.splitlines() if x.startswith(f"reply {reply.id}:")]
    assert json.loads(run_cli(db, "replies", "--json").stdout)[0]["suggested_do_not_contact"] == ""


def test_kind_words_and_conditionals_are_no_request_to_stop(mail, store, seeded, accounts, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    note = send_for_real(store, seeded, accounts)
    mail.deliver_to_inbox("alice", from_bob(note, "Don't hesitate to contact me if you need anything. If you would "
                                                  "rather not hear from us, just say so.", n=3))
    synced = run_cli(tmp_path / "afterview.db", "sync")
    assert synced.returncode == 0 and "asks not to be contacted" not in synced.stdout, synced.stdout


# --- 4. feedback recorded is not offered again ---------------------------------------------------

def test_replies_all_does_not_offer_to_record_feedback_already_recorded(mail, store, seeded, accounts,
                                                                       afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    set_status(store, seeded["opportunity"], OpportunityStatus.REJECTED)
    asked = send_for_real(store, seeded, accounts, kind=MessageKind.REJECTION_REPLY, subject="Your decision",
                          body="Dear Bob,\nthank you for letting me know. Would you share what I could improve?\nAlice\n")
    mail.deliver_to_inbox("alice", from_bob(asked, "Happy to: the main gap was streaming pipelines at scale.", n=4))
    assert run_cli(db, "sync").returncode == 0
    command = f'afterview feedback {seeded["opportunity"]} "WHAT THEY SAID" --person {seeded["person"]}'
    assert command in run_cli(db, "replies", "--all").stdout
    later = NOW + timedelta(hours=1)
    assert run_cli(db, "feedback", str(seeded["opportunity"]), "the main gap was streaming pipelines",
                   "--person", str(seeded["person"]), at=later).returncode == 0
    listed = run_cli(db, "replies", "--all", at=later)
    assert listed.returncode == 0 and "may give feedback" not in listed.stdout, listed.stdout
    assert "\tfeedback\t" not in listed.stdout
    [shown] = json.loads(run_cli(db, "replies", "--all", "--json", at=later).stdout)
    assert shown["confirmed"] and shown["suggested_feedback"] == ""


# --- 2. the worker with --at: one clock --------------------------------------------------------

def test_the_worker_at_a_given_moment_sends_by_that_clock_rate_limit_included(mail, store, seeded, afterview_home,
                                                                             tmp_path, monkeypatch):
    at = datetime(2030, 1, 7, 10, 5, tzinfo=timezone.utc)  # later than the real clock: as the tester's --at
    (afterview_home / "config.toml").write_text(mail.account_toml("test", extra="rate_per_minute = 1\n"))
    limited = {"test": account_for(mail, rate_per_minute=1)}
    add_message(store, seeded, state=MessageState.SENT, account="test", sent_at=at - timedelta(days=5),
                message_id="<earlier@example.test>")
    due = add_message(store, seeded, subject="Following up")
    with store.transaction() as tx:
        delivery.approve(tx, due, now=at - timedelta(minutes=5), accounts=limited)
    monkeypatch.setenv("AFTERVIEW_AT", at.isoformat())
    # until it is in Bob's mailbox (a few rounds at most)
    done = worker_rounds("--db", str(tmp_path / "afterview.db"), "worker", "--interval", "5",
                         between=lambda round_: bool(mail.messages("bob")) or round_ == 5,
                         env={"AV_TEST_PASSWORD": mail.users["alice"].password})
    out, err = done.out, done.err
    assert done.code == 0, err
    # Found by the tester: "1 message(s) held back by the rate limit" every round, the earlier
    # send counted as within the last minute of the real clock
    assert f"sent message {due}" in out and "held back by the rate limit" not in out, (out, err)
    with store.transaction() as tx:
        went = tx.get(Message, due)
    assert went.state == MessageState.SENT and at <= went.sent_at <= at + timedelta(minutes=1), went.sent_at


# --- 7. a bounced note, then discarded, keeps that it went out ----------------------------------

def test_a_bounced_note_then_discarded_is_sent_and_bounced_in_the_timeline(mail, store, seeded, accounts,
                                                                           afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    note = send_for_real(store, seeded, accounts, to_address="raj@elsewhere.example")
    dsn = (open(__file__.replace("test_qa_year_replies.py", "samples/postfix_dsn.eml")).read()
           .replace("<thanks-1@candidate.example>", note.message_id)
           .replace("nobody@acme.example", "raj@elsewhere.example"))
    mail.deliver_to_inbox("alice", dsn)
    synced = run_cli(db, "sync")
    assert synced.returncode == 0 and f"message {note.id} bounced" in synced.stdout, synced.stdout
    with store.transaction() as tx:
        [bounce] = tx.list(Inbound)
    later = NOW + timedelta(days=2)
    assert run_cli(db, "discard", str(note.id), at=later).returncode == 0
    day = f"{bounce.received_at:%a %d %b %Y}"
    said = f"thank you to Bob Builder: sent, bounced {day}, then discarded {later:%a %d %b %Y} ({note.subject})"
    lines = run_cli(db, "timeline", "--opportunity", str(seeded["opportunity"]), at=later).stdout.splitlines()
    # Found by the tester: "keep warm to Raj Patel: cancelled", as if it had never gone out
    assert [line.split("  ", 1)[1] for line in lines if "thank you to" in line] == [said], lines
