"""`afterview replies` empties once everything in it was looked at, and a reply told of by
mistake is taken back (found by testers): an out-of-office reply, a bounce or a "has left"
notice could not be confirmed, so the list never emptied; and a `replies add` recorded under
the wrong person (or that never happened) silently stopped the follow-ups, or ended the process
with --status rejected, with no way back. Checked with the real plan before and after, on a real
SQLite file, through the command line."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

from afterview.delivery.inbound import LEFT_SAID
from afterview.domain import model as m
from afterview.storage import open_store

from tests.helpers import afterview, assert_clean_error

DENVER = "America/Denver"


def run(db, at, *args):
    result = afterview("--db", db, "--at", f"{at} {DENVER}", *args)
    assert result.code == 0, (args, result.err)
    return result


def refused(db, at, *args, fragments=()):
    assert_clean_error(afterview("--db", db, "--at", f"{at} {DENVER}", *args), *fragments)


def plan(db, at) -> list[tuple[str, str, str]]:
    """The plan as the user sees it: each action's key, earliest moment and state."""
    return sorted((a["key"], a["earliest"], a["state"])
                  for a in json.loads(run(db, at, "plan", "--json").out)["actions"])


def follow_ups(db, at) -> set[str]:
    return {key for key, _, _ in plan(db, at) if key.startswith(("status_check", "closing_the_loop"))}


def add(db, *records):
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            return [tx.add(record).id for record in records]
    finally:
        store.close()


def read(db, fn):
    store = open_store(f"sqlite:///{db}")
    try:
        with store.reading() as tx:
            return fn(tx)
    finally:
        store.close()


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def pipeline(tmp_path, name="a.db") -> str:
    """Priya Nair (1), recruiter of opportunity 1 at Meridian Health, interviewed Wed 20 Jan 2027;
    thank-you and first status follow-up done: the second follow-up is planned; Greg Hall (2), at
    the same company, on no panel."""
    db = str(tmp_path / name)
    run(db, "2027-01-20 09:00", "profile", "set", "--name", "Jordan Lee", "--email", "j@mail.example", "--tz",
        "America/Chicago", "--country", "US")
    run(db, "2027-01-20 09:00", "opportunity", "add", "--company", "Meridian Health", "--role", "Analytics Engineer")
    run(db, "2027-01-20 09:00", "person", "add", "Priya Nair", "--email", "priya@meridian.example", "--company",
        "Meridian Health", "--tz", DENVER, "--country", "US")
    run(db, "2027-01-20 09:00", "person", "add", "Greg Hall", "--email", "greg@meridian.example", "--company",
        "Meridian Health", "--tz", DENVER, "--country", "US")
    run(db, "2027-01-20 09:00", "interview", "add", "--opportunity", "1", "--start", "2027-01-20 10:00", "--tz", DENVER,
        "--with", "Priya Nair:recruiter")
    run(db, "2027-01-20 13:05", "done", "thank_you:i1:p1", "--note", "sent from my phone")
    run(db, "2027-02-02 09:45", "done", "status_check.1:o1:i1:p1", "--note", "sent from Gmail")
    return db


def opportunity(db) -> m.Opportunity:
    return read(db, lambda tx: tx.get(m.Opportunity, 1))


# --- taking back a reply told of by mistake -------------------------------------------------------

def test_a_reply_told_by_mistake_is_removed_and_the_follow_ups_come_back(tmp_path):
    db = pipeline(tmp_path)
    without = plan(db, "2027-02-11 10:00")
    assert "status_check.2:o1:i1:p1" in follow_ups(db, "2027-02-11 10:00")
    said = run(db, "2027-02-02 14:00", "replies", "add", "Priya", "--says", "call me next week").out
    assert "pending status follow-ups stop" in said
    assert not follow_ups(db, "2027-02-11 10:00")

    said = run(db, "2027-02-03 09:00", "replies", "remove", "1").out
    assert ("reply 1 removed: the reply from Priya Nair on Tue 2027-02-02 15:00, about opportunity 1 (Analytics "
            "Engineer) is no longer recorded") in said, said
    assert "plan: now planned: status_check.2:o1:i1:p1 (Priya Nair)" in said, said
    assert plan(db, "2027-02-11 10:00") == without  # as if it had never been recorded
    assert read(db, lambda tx: tx.list(m.Inbound)) == []
    assert "no replies yet" in run(db, "2027-02-11 10:00", "replies", "--all").out
    refused(db, "2027-02-03 09:00", "replies", "remove", "1", fragments=("1",))  # gone: unknown now


def test_a_rejection_told_by_mistake_is_taken_back_with_its_status(tmp_path):
    """Recorded one day, taken back the next (so not a same-day slip the history forgives by
    itself): the status is the one before, the rejection reply it planned is gone (one approved
    is held back), and the plan is the one before the mistake."""
    db = pipeline(tmp_path)
    without = plan(db, "2027-02-16 10:00")
    status_before = opportunity(db).status
    history_before = opportunity(db).history
    said = run(db, "2027-02-11 10:00", "replies", "add", "Priya", "--status", "rejected").out
    assert "opportunity 1 is now rejected" in said
    assert "rejection_reply:o1:p1" in {k for k, _, _ in plan(db, "2027-02-12 10:00")}
    [approved] = add(db, m.Message(kind=m.MessageKind.REJECTION_REPLY, person_id=1, opportunity_id=1,
                                   action_key="rejection_reply:o1:p1", subject="Thank you", body="Dear Priya.",
                                   state=m.MessageState.APPROVED, to_address="priya@meridian.example",
                                   approved_at=utc(2027, 2, 11, 18)))

    said = run(db, "2027-02-12 09:00", "replies", "remove", "1").out
    assert f"opportunity 1 is {status_before.value} again: the status it set (rejected) is taken back" in said, said
    assert "plan: no longer planned: rejection_reply:o1:p1 (Priya Nair)" in said, said
    assert f"message {approved}: not sent" in said, said
    now = opportunity(db)
    assert now.status == status_before and now.history == history_before
    assert read(db, lambda tx: tx.get(m.Message, approved).state) == m.MessageState.DRAFTED
    # the draft held back is the only trace: the plan has the follow-ups again, as before
    assert follow_ups(db, "2027-02-16 10:00") == {k for k, _, _ in without if k.startswith(("status_check",
                                                                                             "closing_the_loop"))}
    assert [p for p in plan(db, "2027-02-16 10:00") if not p[0].startswith("rejection_reply")] == without


def test_decided_since_the_later_status_stands_and_the_mistake_leaves_the_history(tmp_path):
    """A rejection told by mistake, then a real offer: taking the reply back leaves the offer, and
    the plan is the one of a process that only had the offer."""
    db, twin = pipeline(tmp_path, "a.db"), pipeline(tmp_path, "b.db")
    run(db, "2027-02-11 10:00", "replies", "add", "Greg Hall", "--status", "rejected")
    for base in (db, twin):
        run(base, "2027-02-12 10:00", "opportunity", "status", "1", "offer")
    said = run(db, "2027-02-13 10:00", "replies", "remove", "1").out
    assert "opportunity 1 stays offer, as decided since; the status it set (rejected) leaves its history" in said, said
    assert opportunity(db).status == m.OpportunityStatus.OFFER
    assert m.OpportunityStatus.REJECTED not in [c.status for c in opportunity(db).history]
    assert [c.status for c in opportunity(db).history] == [c.status for c in opportunity(twin).history]
    assert plan(db, "2027-02-14 10:00") == plan(twin, "2027-02-14 10:00")


def test_what_cannot_be_removed_is_refused_in_one_line_and_nothing_changes(tmp_path):
    db = pipeline(tmp_path)
    mail, ooo = add(db,
                    m.Inbound(kind=m.InboundKind.REPLY, received_at=utc(2027, 2, 3, 16), person_id=1, opportunity_id=1,
                              from_address="priya@meridian.example", subject="Re: Following up",
                              summary="thanks, still deciding", header_message_id="<r-1@meridian.example>"),
                    m.Inbound(kind=m.InboundKind.AUTO_REPLY, received_at=utc(2027, 2, 3, 17), person_id=1,
                              opportunity_id=1, return_date=date(2027, 2, 20), from_address="priya@meridian.example",
                              subject="Automatic reply", summary="out of office, back 2027-02-20",
                              header_message_id="<ooo-1@meridian.example>"))
    before = plan(db, "2027-02-11 10:00")
    at = "2027-02-04 09:00"
    refused(db, at, "replies", "remove", str(mail), fragments=(
        f"reply {mail} from priya@meridian.example was read from your mailbox",
        f"afterview replies move {mail} --person P"))
    refused(db, at, "replies", "remove", str(ooo), fragments=(
        f"automatic reply {ooo} was read from your mailbox", f"afterview replies confirm {ooo}"))
    refused(db, at, "replies", "remove", "99", fragments=("99",))
    refused(db, at, "replies", "remove", "abc", fragments=("abc",))
    assert len(read(db, lambda tx: tx.list(m.Inbound))) == 2
    assert plan(db, "2027-02-11 10:00") == before


# --- everything listed can be cleared -------------------------------------------------------------

def test_automatic_replies_and_bounces_are_noted_as_seen_and_the_list_empties(tmp_path):
    db = pipeline(tmp_path)
    ooo, bounce, left = add(
        db,
        m.Inbound(kind=m.InboundKind.AUTO_REPLY, received_at=utc(2027, 2, 3, 17), person_id=1, opportunity_id=1,
                  return_date=date(2027, 2, 20), from_address="priya@meridian.example", subject="Automatic reply",
                  summary="out of office, back 2027-02-20", header_message_id="<ooo-1@meridian.example>"),
        m.Inbound(kind=m.InboundKind.BOUNCE, received_at=utc(2027, 2, 3, 18), person_id=2, opportunity_id=1,
                  from_address="mailer-daemon@meridian.example", subject="Undelivered",
                  summary="bounced: greg@meridian.example: user unknown", header_message_id="<b-1@meridian.example>"),
        m.Inbound(kind=m.InboundKind.REPLY, received_at=utc(2027, 2, 3, 19), person_id=2, opportunity_id=1,
                  from_address="greg@meridian.example", subject="Automatic reply",
                  summary=f"auto_reply: {LEFT_SAID}: I have left Meridian Health.",
                  header_message_id="<left-1@meridian.example>"))
    at = "2027-02-04 09:00"
    before, history = plan(db, "2027-02-11 10:00"), opportunity(db).history
    listed = run(db, at, "replies").out
    for number, what in ((ooo, "automatic reply"), (bounce, "bounce"), (left, "reply")):
        assert (f"{what} {number}: nothing to decide; seen, it leaves this list: afterview replies confirm "
                f"{number}") in listed, listed

    said = run(db, at, "replies", "confirm", str(ooo)).out
    assert (f"automatic reply {ooo} noted about opportunity 1 (Analytics Engineer): no status changed; Priya Nair "
            "is away until Sat 20 Feb 2027: what is planned for them still waits until then") in said, said
    said = run(db, at, "replies", "confirm", str(bounce)).out
    assert f"bounce {bounce} noted" in said and "afterview person edit 2 --email NEW" in said, said
    said = run(db, at, "replies", "confirm", str(left)).out
    assert f"reply {left} noted" in said and "stay stopped" in said, said

    assert "no replies to confirm" in run(db, at, "replies").out
    assert len(json.loads(run(db, at, "replies", "--all", "--json").out)) == 3  # still listed with --all
    assert plan(db, "2027-02-11 10:00") == before  # noting them changes nothing planned (still postponed)
    assert opportunity(db).history == history  # no status change written

    refused(db, at, "replies", "confirm", str(ooo), fragments=(f"automatic reply {ooo} is noted as seen already",))
    refused(db, at, "replies", "confirm", str(bounce), "--status", "rejected",
            fragments=(f"bounce {bounce} is a bounce", "sets no status"))
    refused(db, at, "replies", "confirm", str(bounce), "--opportunity", "1",
            fragments=(f"afterview replies move {bounce}",))
