"""What the daily loop says of a thank-you postponed by an out-of-office reply, of a note due on
the recipient's day off at night, and of a snooze and its undo.

- A thank-you that an out-of-office reply postponed is said to be postponed (to when, by whose
  reply), not "late" counted from the interview: its lateness counts from the postponed moment.
- On the recipient's public holiday (or weekend) at night, `today` says both, as `approve` warns
  of both; a thank-you, which has its own slots for days off, is told it too.
- `snooze` into another year says the year in the plan's note; past the action's latest moment it
  warns (recorded all the same) and says what that means; `undo` says what is in force after it
  and what it does not give back (an approval a decision took away).

The commands as a user types them, on a real SQLite file; the planner itself for the pure parts.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from afterview.domain import model as m
from afterview.planner import DEFAULT_PLAYBOOK, plan, plan_due
from afterview.storage import open_store

from tests.helpers import afterview, assert_clean_error
from tests.planner.builders import World, at

CHICAGO = "America/Chicago"
PRIYA_TY, TOM_TY = "thank_you:i1:p1", "thank_you:i1:p2"


def chicago(text: str) -> str:
    return f"{text} {CHICAGO}"


@pytest.fixture
def db(tmp_path):
    """The README's walk-through, on a Tuesday morning: Priya Raman and Tom Becker interviewed you
    on Tue 24 Nov 2026, 10:00-11:00 (Chicago; Thanksgiving is Thu 26 Nov)."""
    path = str(tmp_path / "av.db")
    when = ("--at", chicago("2026-11-24 08:00"))
    for command in (
        ("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--tz", CHICAGO, "--country", "US"),
        ("opportunity", "add", "--company", "Northwind Analytics", "--role", "Senior Data Engineer"),
        ("person", "add", "Priya Raman", "--email", "priya.raman@northwind.example", "--company", "Northwind Analytics"),
        ("person", "add", "Tom Becker", "--email", "tom.becker@northwind.example", "--company", "Northwind Analytics"),
        ("interview", "add", "--opportunity", "1", "--start", "2026-11-24 10:00", "--duration", "60m",
         "--stage", "panel interview", "--with", "Priya Raman:hiring_manager", "--with", "Tom Becker"),
    ):
        done = afterview("--db", path, *when, *command)
        assert done.code == 0, (command, done.out, done.err)
    return path


def run(db: str, now: str, *args: str):
    return afterview("--db", db, "--at", chicago(now), *args)


def write(db: str, record):
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            return tx.add(record)
    finally:
        store.close()


def read(db: str, func):
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            return func(tx)
    finally:
        store.close()


def away(db: str, person_id: int = 1, back: date | None = date(2026, 11, 30)) -> None:
    """Their out-of-office reply, as `afterview sync` records it: away until `back`."""
    write(db, m.Inbound(kind=m.InboundKind.AUTO_REPLY, received_at=datetime(2026, 11, 23, 12, tzinfo=ZoneInfo(CHICAGO)),
                        person_id=person_id, opportunity_id=1, return_date=back, subject="Out of office",
                        from_address="priya.raman@northwind.example", header_message_id="<ooo-1@northwind.example>"))


def entry(listing: str, key: str) -> str:
    """The lines of one action in a listing of `today` (from its head to its key)."""
    lines = listing.splitlines()
    end = next(i for i, line in enumerate(lines) if line.strip() == f"key: {key}")
    start = max(i for i in range(end) if lines[i].startswith("  ") and not lines[i].startswith("   "))
    return "\n".join(lines[start:end + 1])


def planned(db: str, now: str, key: str) -> dict:
    actions = json.loads(run(db, now, "plan", "--json").out)["actions"]
    return next(a for a in actions if a["key"] == key)


# --- 1. a thank-you postponed by their out-of-office reply --------------------------------------

def test_a_thank_you_postponed_by_their_out_of_office_reply_is_said_postponed_not_late(db):
    away(db)
    listing = run(db, "2026-12-01 10:00", "today").out
    priya = entry(listing, PRIYA_TY)
    assert priya.startswith("  DUE      Priya Raman (email) due Wed 2026-12-02 11:00"), priya
    assert ("Thank Priya Raman for the panel interview of Tue 24 Nov; postponed to Tue 1 Dec 09:00 by Priya Raman's "
            "out-of-office reply, so due by Wed 2 Dec 11:00.") in priya, priya
    assert "late" not in priya and "due within 24 h" not in priya, priya
    # what to write stays: the interview was a week ago
    assert "note: say 'thank you for our conversation on November 24', not 'yesterday'; postponed: out of office, back " \
           "Mon 30 Nov or the business day after" in priya, priya
    # Tom had no auto-reply: his note is late, counted from the interview
    assert "late: say 'thank you for our conversation on November 24'" in entry(listing, TOM_TY)


def test_its_lateness_counts_from_the_postponed_moment(db):
    away(db)
    why = run(db, "2026-12-04 10:00", "why", PRIYA_TY).out
    assert ("Thank Priya Raman for the panel interview of Tue 24 Nov; postponed to Tue 1 Dec 09:00 by Priya Raman's "
            "out-of-office reply, so it was due by Wed 2 Dec 11:00.") in why, why
    assert ("note: late: 3 days after Tue 1 Dec 09:00, the moment it was postponed to; say 'thank you for our "
            "conversation on November 24', not 'yesterday'; postponed: out of office, back Mon 30 Nov or the business day after") in why, why
    assert "send it from then, not at the time the reason suggests" not in why
    # 16 days after the interview, 9 after the postponed moment: not yet past fold_after (14 days) for
    # Priya, as it is for Tom
    priya, tom = planned(db, "2026-12-10 10:00", PRIYA_TY), planned(db, "2026-12-10 10:00", TOM_TY)
    assert priya["note"].startswith("late: 9 days after Tue 1 Dec 09:00, the moment it was postponed to; say "), priya
    assert "read oddly" not in priya["note"] and "read oddly" in tom["note"], (priya, tom)
    later = planned(db, "2026-12-16 10:00", PRIYA_TY)["note"]
    assert later.startswith("late: 15 days after Tue 1 Dec 09:00, the moment it was postponed to, a thank-you on "
                            "its own would read oddly now"), later


def test_why_counts_the_postponed_thank_yous_holidays_from_its_new_start(db):
    away(db)
    why = run(db, "2026-12-01 10:00", "why", PRIYA_TY).out
    assert "out_of_office: postponed after their out-of-office reply" in why
    assert "Thanksgiving" not in why, why  # left behind by the postponement: nothing of its timing


def test_plan_due_words_a_postponed_thank_you_as_plan_does():
    w = World(tz=CHICAGO, country="US")
    acme = w.company()
    priya = w.person("Priya Raman", acme, timezone="Europe/Berlin", country="DE")
    opp = w.opportunity(acme)
    w.interview(opp, at("2026-11-24 10:00", CHICAGO), at("2026-11-24 11:00", CHICAGO), priya)
    w.reply(priya, at("2026-11-23 12:00", CHICAGO), opp, kind=m.InboundKind.AUTO_REPLY, return_date=date(2026, 11, 30))
    for now in ("2026-12-01 10:00", "2026-12-03 10:00", "2026-12-16 10:00"):
        actions = plan(w.facts, DEFAULT_PLAYBOOK, at(now, CHICAGO))
        due, _ = plan_due(w.facts, DEFAULT_PLAYBOOK, at(now, CHICAGO))
        assert due == [a for a in actions if a.state != "upcoming"]
        (note,) = [a for a in due if a.kind == m.MessageKind.THANK_YOU]
        # their zone is not yours: the reason says so
        assert "postponed to Tue 1 Dec 09:00 their time (Europe/Berlin) by Priya Raman's out-of-office reply" \
            in note.reason, note.reason


# --- 2. their day off, at night ----------------------------------------------------------------

def test_an_overdue_thank_you_on_their_holiday_at_night_says_both(db):
    listing = run(db, "2026-11-26 23:00", "today").out
    said = ("it is a public holiday for them (Thu 26 Nov, Thanksgiving Day) and 23:00 for them: schedule it for "
            "their next business morning, Fri 27 Nov 09:00")
    assert said in entry(listing, PRIYA_TY) and said in entry(listing, TOM_TY), listing
    due = json.loads(run(db, "2026-11-26 23:00", "today", "--json").out)
    assert {a["send_at"] for a in due} == {"2026-11-27T09:00:00-06:00"}  # approve schedules it then
    # in the day, a thank-you keeps its own slots: nothing said
    assert "public holiday" not in run(db, "2026-11-26 14:00", "today").out


def test_a_follow_up_on_their_weekend_at_night_says_both():
    w = World(tz=CHICAGO, country="US")
    acme = w.company()
    lena = w.person("Lena Fischer", acme, timezone="Europe/Berlin", country="DE")
    opp = w.opportunity(acme)
    interview = w.interview(opp, at("2027-02-01 16:00", "Europe/Berlin"), at("2027-02-01 17:00", "Europe/Berlin"), lena)
    w.sent(f"thank_you:i{interview.id}:p{lena.id}", m.MessageKind.THANK_YOU, lena, at("2027-02-02 09:00", "Europe/Berlin"),
           opp)
    now = at("2027-02-13 16:30", CHICAGO)  # Sat 23:30 in Berlin
    actions = plan(w.facts, DEFAULT_PLAYBOOK, now)
    (follow_up,) = [a for a in actions if a.kind == m.MessageKind.STATUS_CHECK]
    assert follow_up.state == "overdue"
    assert follow_up.note.startswith("it is the weekend for them (Sat 13 Feb) and 23:30 for them: schedule it for "
                                     "their next send window"), follow_up.note
    assert plan_due(w.facts, DEFAULT_PLAYBOOK, now)[0] == [a for a in actions if a.state != "upcoming"]


# --- 3. snooze and undo ------------------------------------------------------------------------

def test_a_snooze_into_another_year_says_the_year(db):
    assert run(db, "2026-12-01 10:00", "snooze", TOM_TY, "--until", "2027-01-05 10:00").code == 0
    assert "snoozed until Tue 5 Jan 2027 10:00" in planned(db, "2026-12-01 10:00", TOM_TY)["note"]
    assert run(db, "2026-12-01 10:00", "snooze", PRIYA_TY, "--until", "2026-12-02").code == 0
    assert "snoozed until Wed 2 Dec 09:00" in planned(db, "2026-12-01 10:00", PRIYA_TY)["note"]


def test_a_snooze_past_the_thank_yous_latest_moment_is_warned_about_and_recorded(db):
    within = run(db, "2026-11-24 15:00", "snooze", TOM_TY, "--until", "2026-11-25 09:00")
    assert within.code == 0 and within.err == "", within.err
    late = run(db, "2026-11-24 15:00", "snooze", TOM_TY, "--until", "2026-11-27 10:00")
    assert late.code == 0
    assert late.out.splitlines() == [  # the snooze before it is replaced, and said to be
        f"snoozed: {TOM_TY} until Fri 2026-11-27 10:00",
        "was snoozed until Wed 2026-11-25 09:00; now until Fri 2026-11-27 10:00 (the earlier snooze is replaced: "
        "afterview timeline shows it, undone)"], late.out
    assert late.err.strip() == (
        "warning: until Fri 2026-11-27 10:00 your time is past the thank-you's latest moment, Thu 2026-11-26 "
        "11:00 your time: by then it would be late, more than 48 h after the interview ended "
        "(thank_you.late_after); still worth sending then, without 'yesterday'"), late.err
    assert "snoozed until Fri 27 Nov 10:00" in planned(db, "2026-11-24 15:00", TOM_TY)["note"]
    # with --json the output stays one document; the warning goes to standard error
    folded = run(db, "2026-11-24 15:00", "snooze", PRIYA_TY, "--until", "2026-12-10", "--json")
    assert folded.code == 0 and json.loads(folded.out)["action_key"] == PRIYA_TY
    assert folded.err.startswith("warning: until Thu 2026-12-10 09:00 your time is past the thank-you's latest "
                                 "moment, Tue 2026-12-08 11:00 your time: by then it would be more than 14 days "
                                 "after the interview ended, when a thank-you on its own reads oddly"), folded.err


def test_a_snooze_past_the_latest_moment_of_a_rejection_reply_says_what_it_means(db):
    assert run(db, "2026-11-30 10:00", "outcome", "1", "rejected", "--from", "Priya Raman").code == 0
    key = "rejection_reply:o1:p1"
    snoozed = run(db, "2026-11-30 13:00", "snooze", key, "--until", "2026-12-04 10:00")
    assert snoozed.code == 0, snoozed.err
    assert snoozed.err.startswith("warning: until Fri 2026-12-04 10:00 your time is past its latest moment, "), snoozed.err
    assert "the reply would come more than 48 h after the rejection (rejection_reply.latest)" in snoozed.err


def test_undo_of_a_snooze_says_the_plans_own_moment_is_in_force_again(db):
    assert run(db, "2026-11-27 10:00", "snooze", TOM_TY, "--until", "2026-11-30 10:00").code == 0
    # a second snooze replaces the first (one snooze holds an action at a time): its undo leaves none
    assert run(db, "2026-11-27 10:00", "snooze", TOM_TY, "--until", "2026-12-01 10:00").code == 0
    first = run(db, "2026-11-27 11:00", "undo", TOM_TY)
    assert first.code == 0 and first.out.splitlines() == [
        f"undone: snooze of {TOM_TY}",
        f"now: planned again at the plan's own moment: overdue, due Wed 2026-11-25 11:00 (afterview why {TOM_TY})"]
    assert "nothing to undo" in run(db, "2026-11-27 11:00", "undo", TOM_TY).err


def approved(db: str, key: str, person_id: int) -> int:
    """A note for `key`, approved to go with the next send round."""
    now = datetime(2026, 11, 27, 9, tzinfo=ZoneInfo(CHICAGO))
    return write(db, m.Message(kind=m.MessageKind.THANK_YOU, person_id=person_id, opportunity_id=1, interview_id=1,
                               action_key=key, subject="Thank you", body="Hi,\n\nThank you.\n\nAlex",
                               state=m.MessageState.APPROVED, to_address="tom.becker@northwind.example",
                               account="personal", created_at=now, updated_at=now, approved_at=now)).id


def test_undo_of_a_snooze_says_the_approval_it_withdrew_is_not_given_back(db):
    message = approved(db, TOM_TY, 2)
    snoozed = run(db, "2026-11-27 10:00", "snooze", TOM_TY, "--until", "2026-11-30 10:00")
    assert f"message {message}: not sent: you snoozed it until" in snoozed.out, snoozed.out
    undone = run(db, "2026-11-27 11:00", "undo", TOM_TY)
    assert undone.out.splitlines() == [
        f"undone: snooze of {TOM_TY}",
        f"message {message} stays a draft: its approval went with the snooze, and undo does not give it back "
        f"(afterview approve {message} approves it again)",
        f"now: planned again at the plan's own moment: overdue, due Wed 2026-11-25 11:00; message {message} is a "
        f"draft (afterview why {TOM_TY})"], undone.out
    assert read(db, lambda tx: tx.get(m.Message, message).state) == m.MessageState.DRAFTED


def test_undo_of_a_done_says_the_note_is_a_draft_and_no_approval_comes_back(db):
    message = approved(db, TOM_TY, 2)
    done = run(db, "2026-11-27 10:00", "done", TOM_TY)
    assert f"message {message}: not sent: you marked it done" in done.out, done.out
    undone = run(db, "2026-11-27 11:00", "undo", TOM_TY)
    assert undone.out.splitlines() == [
        f"undone: done of {TOM_TY}",
        f"message {message} is a draft again: marking it done had counted it as sent by hand and withdrawn any "
        f"approval it had; undo gives none back (afterview approve {message} approves it again)",
        f"now: planned again at the plan's own moment: overdue, due Wed 2026-11-25 11:00; message {message} is a "
        f"draft (afterview why {TOM_TY})"], undone.out


def test_undo_of_a_done_that_closed_the_loop_says_the_status_is_back(db):
    key = "closing_the_loop:o1:i1:p1"
    assert run(db, "2026-12-20 10:00", "done", key).code == 0
    undone = run(db, "2026-12-20 11:00", "undo", key)
    assert undone.code == 0, undone.err
    lines = undone.out.splitlines()
    assert lines[:2] == [f"undone: done of {key}",
                         "the opportunity is interviewing again (marking it done had made it no-response)"], lines
    assert lines[2].startswith("now: "), lines


def test_undo_reads_the_playbook_first_and_an_invalid_one_changes_nothing(db, afterview_home):
    assert run(db, "2026-11-27 10:00", "skip", TOM_TY, "--reason", "met at the door").code == 0
    (afterview_home / "playbook.toml").write_text("[slow_pace]\nfactor = nan\n", encoding="utf-8")
    refused = run(db, "2026-11-27 11:00", "undo", TOM_TY)
    assert_clean_error(refused, "playbook.toml", "[slow_pace] factor")
    in_force = read(db, lambda tx: [d for d in tx.list(m.Decision, action_key=TOM_TY) if d.undone_at is None])
    assert [d.kind for d in in_force] == [m.DecisionKind.SKIP]  # nothing taken back
