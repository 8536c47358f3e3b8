"""Replies after a rejection, as a tester met them: a confirmation given twice, a tracking
system's rejection of a process already closed, and an answer to the rejection reply's request
for feedback. Real Dovecot INBOX, real SMTP for what we sent, the commands as a user runs them.
"""

from datetime import timedelta

import pytest

from afterview.domain.model import (
    Company, Inbound, Message, MessageKind, Opportunity, OpportunityStatus, ReplyClass,
)
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_message, own_address
from tests.delivery.test_crash import run_cli, write_config

pytestmark = pytest.mark.mail

LATER = NOW + timedelta(hours=2)


def send_for_real(store, seeded, accounts, **kw) -> Message:
    if kw.get("to_address"):  # to another address of theirs
        own_address(store, seeded["person"], kw["to_address"])
    message_id = add_message(store, seeded, **kw)
    sent_at = NOW - timedelta(days=1)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=sent_at, accounts=accounts, despite_errors=True)
    assert delivery.send_due(store, now=sent_at, accounts=accounts).sent == [message_id]
    with store.transaction() as tx:
        return tx.get(Message, message_id)


def from_bob(message: Message, text: str, n: int = 1) -> str:
    return (f"From: Bob Builder <bob@example.test>\nTo: alice@example.test\nSubject: Re: {message.subject}\n"
            f"Date: Thu, 26 Nov 2026 09:00:00 +0000\nMessage-ID: <qa-reply-{n}@example.test>\n"
            f"In-Reply-To: {message.message_id}\nReferences: {message.message_id}\n"
            f"Content-Type: text/plain; charset=utf-8\n\n{text}\n\nOn Wed, Alice wrote:\n> Thank you\n")


def from_ats(company: str, subject: str, n: int = 1) -> str:
    return (f"From: {company} Careers <no-reply@greenhouse.io>\nTo: alice@example.test\nSubject: {subject}\n"
            f"Date: Thu, 26 Nov 2026 09:30:00 +0000\nMessage-ID: <qa-ats-{n}@greenhouse.io>\n"
            "Auto-Submitted: auto-generated\nContent-Type: text/plain; charset=utf-8\n\n"
            "Dear Alice,\n\nThank you for your interest. We regret to inform you that we will not be moving "
            "forward with your application at this time.\n\nThe Talent Team\n")


def one_line_error(done) -> str:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr, done.stderr
    return done.stderr.strip()


def history(store, opportunity_id: int) -> list:
    with store.transaction() as tx:
        return tx.get(Opportunity, opportunity_id).history


def set_status(store, opportunity_id: int, status: OpportunityStatus) -> None:
    with store.transaction() as tx:
        record = tx.get(Opportunity, opportunity_id)
        record.status = status
        tx.update(record)


# --- confirming twice ---------------------------------------------------------------------------

def test_confirming_a_reply_twice_records_the_rejection_once(mail, store, seeded, accounts, afterview_home,
                                                              tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    thanks = send_for_real(store, seeded, accounts)
    mail.deliver_to_inbox("alice", from_bob(thanks, "Unfortunately we have decided to move forward with other "
                                                    "candidates."))
    assert run_cli(db, "sync", at=LATER).returncode == 0
    with store.transaction() as tx:
        [reply] = tx.list(Inbound)
    first = run_cli(db, "replies", "confirm", str(reply.id), at=LATER)
    assert first.returncode == 0, first.stderr
    rejected = [c for c in history(store, seeded["opportunity"]) if c.status == OpportunityStatus.REJECTED]
    again = one_line_error(run_cli(db, "replies", "confirm", str(reply.id), at=LATER + timedelta(minutes=1)))
    assert again == (f"afterview: error: reply {reply.id} is already confirmed: opportunity {seeded['opportunity']} "
                     f"is rejected; nothing changed (to change its status: afterview opportunity status "
                     f"{seeded['opportunity']} STATUS)")
    same = one_line_error(run_cli(db, "replies", "confirm", str(reply.id), "--status", "rejected", at=LATER))
    assert "already confirmed" in same
    assert [c for c in history(store, seeded["opportunity"]) if c.status == OpportunityStatus.REJECTED] == rejected
    # another status is a correction of what it means, said as such
    corrected = run_cli(db, "replies", "confirm", str(reply.id), "--status", "interviewing", at=LATER)
    assert corrected.returncode == 0, corrected.stderr
    assert history(store, seeded["opportunity"])[-1].status == OpportunityStatus.INTERVIEWING


# --- a tracking system's rejection of a process already closed ----------------------------------

def test_an_ats_rejection_of_a_closed_process_is_linked_to_it_by_company_and_role(mail, store, seeded,
                                                                                   afterview_home, tmp_path):
    """Acme's Engineer process is rejected already; another, open, is for an analyst role. The
    tracking system's mail names the Engineer role: it is that one, not the open one."""
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    set_status(store, seeded["opportunity"], OpportunityStatus.REJECTED)
    with store.transaction() as tx:
        analyst = tx.add(Opportunity(company_id=seeded["company"], role="Data Analyst", created_at=NOW))
    mail.deliver_to_inbox("alice", from_ats("Acme", "Your application to Acme - Engineer"))
    synced = run_cli(db, "sync", at=LATER)
    assert synced.returncode == 0, synced.stderr
    with store.transaction() as tx:
        [reply] = tx.list(Inbound)
    assert reply.opportunity_id == seeded["opportunity"] != analyst.id
    assert reply.classification == ReplyClass.REJECTION
    confirmed = run_cli(db, "replies", "confirm", str(reply.id), at=LATER)
    assert confirmed.returncode == 0, confirmed.stderr
    assert f"opportunity {seeded['opportunity']} is still rejected" in confirmed.stdout  # closed as rejected already


def test_an_ats_rejection_with_only_a_closed_process_there_is_linked_to_it(mail, store, seeded, afterview_home,
                                                                            tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    set_status(store, seeded["opportunity"], OpportunityStatus.REJECTED)
    mail.deliver_to_inbox("alice", from_ats("Acme", "An update on your application"))
    assert run_cli(db, "sync", at=LATER).returncode == 0
    with store.transaction() as tx:
        [reply] = tx.list(Inbound)
    assert reply.opportunity_id == seeded["opportunity"]
    assert run_cli(db, "replies", "confirm", str(reply.id), at=LATER).returncode == 0


def test_an_ats_rejection_that_fits_several_or_none_says_which_and_takes_the_users_choice(
        mail, store, seeded, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    set_status(store, seeded["opportunity"], OpportunityStatus.REJECTED)
    with store.transaction() as tx:
        other = tx.add(Opportunity(company_id=seeded["company"], role="Platform Engineer", created_at=NOW,
                                   status=OpportunityStatus.REJECTED))
        tx.add(Company(name="Globex"))
    mail.deliver_to_inbox("alice", from_ats("Acme", "An update on your application", n=1))
    mail.deliver_to_inbox("alice", from_ats("Globex", "Your application to Globex", n=2))
    assert run_cli(db, "sync", at=LATER).returncode == 0
    with store.transaction() as tx:
        several, none = sorted(tx.list(Inbound), key=lambda r: r.header_message_id)
    assert several.opportunity_id is None and none.opportunity_id is None
    refused = one_line_error(run_cli(db, "replies", "confirm", str(several.id), at=LATER))
    assert refused == (f"afterview: error: reply {several.id} is not linked to an opportunity: it may be about any of "
                       f"opportunities {seeded['opportunity']} (Engineer at Acme, rejected) or {other.id} (Platform "
                       f"Engineer at Acme, rejected); say which: afterview replies confirm {several.id} --opportunity N")
    nowhere = one_line_error(run_cli(db, "replies", "confirm", str(none.id), at=LATER))
    assert f"reply {none.id} is not linked to an opportunity: no opportunity at Globex is recorded" in nowhere
    chosen = run_cli(db, "replies", "confirm", str(several.id), "--opportunity", str(other.id), at=LATER)
    assert chosen.returncode == 0, chosen.stderr
    with store.transaction() as tx:
        assert tx.get(Inbound, several.id).opportunity_id == other.id
    unknown = run_cli(db, "replies", "confirm", str(none.id), "--opportunity", "99", at=LATER)
    assert unknown.returncode == 2 and "99" in unknown.stderr and "Traceback" not in unknown.stderr


# --- an answer to the rejection reply's request for feedback ------------------------------------

def test_an_answer_to_the_rejection_reply_suggests_recording_it_as_feedback(mail, store, seeded, accounts,
                                                                            afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    set_status(store, seeded["opportunity"], OpportunityStatus.REJECTED)
    asked = send_for_real(store, seeded, accounts, kind=MessageKind.REJECTION_REPLY, subject="Your decision",
                          body="Dear Bob,\nthank you for letting me know. Would you share what I could improve?\n"
                               "Alice\n")
    thanks = send_for_real(store, seeded, accounts)  # an answer to it is no answer to the request
    mail.deliver_to_inbox("alice", from_bob(thanks, "Thanks Alice, good to hear from you.", n=1))
    mail.deliver_to_inbox("alice", from_bob(asked, "Hi Alice,\n\nThanks for your gracious note. Happy to share: "
                                                   "the panel liked your SQL; the main gap was hands-on experience "
                                                   "with streaming pipelines at scale.\n\nBest,\nBob", n=2))
    synced = run_cli(db, "sync", at=LATER)
    assert synced.returncode == 0, synced.stderr
    with store.transaction() as tx:
        other, reply = sorted(tx.list(Inbound), key=lambda r: r.header_message_id)
    assert other.answers_message_id == thanks.id and reply.answers_message_id == asked.id
    assert reply.classification == ReplyClass.OTHER  # read conservatively: no status is suggested
    command = f'afterview feedback {seeded["opportunity"]} "WHAT THEY SAID" --person {seeded["person"]}'
    said = [line for line in synced.stdout.splitlines() if "feedback" in line]
    assert said == [f"  reply {reply.id} answers your rejection reply (message {asked.id}), which asked for "
                    f"feedback: if it gives some, record it: {command}"]
    listed = run_cli(db, "replies", at=LATER)
    assert [line for line in listed.stdout.splitlines() if "may give feedback" in line] == [
        f"reply {reply.id} may give feedback: {command}"]
    refused = one_line_error(run_cli(db, "replies", "confirm", str(reply.id), at=LATER))
    assert refused.endswith(f"if it gives feedback, record it instead: {command}")
    recorded = run_cli(db, "feedback", str(seeded["opportunity"]), "the main gap was streaming pipelines",
                       "--person", str(seeded["person"]), at=LATER)
    assert recorded.returncode == 0, recorded.stderr

    # Found by a tester: the reply stayed in `replies` with its hint for ever, and confirming it
    # was refused. Recording what it said handles it (no status change); the other reply stays.
    assert recorded.stdout.splitlines() == [
        f"recorded feedback 1 for opportunity {seeded['opportunity']}",
        f"reply {reply.id} (the answer to your request for feedback) is handled: no longer in afterview replies"]
    listed = run_cli(db, "replies", at=LATER)
    assert "may give feedback" not in listed.stdout
    import json
    assert [r["id"] for r in json.loads(run_cli(db, "replies", "--json", at=LATER).stdout)] == [other.id]
    with store.transaction() as tx:
        assert tx.get(Inbound, reply.id).confirmed and not tx.get(Inbound, other.id).confirmed
        assert tx.get(Opportunity, seeded["opportunity"]).status == OpportunityStatus.REJECTED
