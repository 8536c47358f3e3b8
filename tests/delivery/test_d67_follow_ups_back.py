"""Where a reply stops a process's status follow-ups, the way to have them go on is said (a
decision date recorded in a debrief of its latest round: checked to work); and the lines that
say which follow-ups a reply stopped name the process when its person is in several."""

from datetime import datetime, timezone

from afterview.domain.model import Inbound
from afterview.planner import DEFAULT_PLAYBOOK
from afterview.services import delivery
from afterview.storage import open_store
from tests.helpers import completed

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def cli(db, *args):
    done = completed("--db", str(db), *args, env={"AFTERVIEW_AT": NOW.isoformat()})
    assert done.returncode == 0 and "Traceback" not in done.stderr, (done.stdout, done.stderr)
    return done.stdout


def test_an_fyi_that_stops_the_follow_ups_says_how_to_have_them_go_on(tmp_path):
    db = tmp_path / "afterview.db"
    cli(db, "opportunity", "add", "--company", "Umbrella", "--role", "Analytics Engineer")
    cli(db, "person", "add", "Hank Lee", "--company", "Umbrella", "--email", "hank@umbrella.test")
    cli(db, "interview", "add", "--opportunity", "1", "--start", "2026-11-27 10:00", "--with", "Hank Lee:hiring_manager")
    said = cli(db, "replies", "add", "Hank", "--says", "FYI I am leaving Umbrella; Dee Moss will take over the hiring.")
    hint = ("this process's pending status follow-ups stop (to have them go on, record when a decision is due: "
            "afterview debrief 1 --person 1 --decision-date DATE)")
    assert hint in said, said
    assert "status_check" not in cli(db, "plan")
    cli(db, "debrief", "1", "--person", "1", "--decision-date", "2026-12-10")  # as said: they come back
    assert "status_check.1:o1:i1:p1" in cli(db, "plan")


def test_the_stopped_lines_name_the_process_of_a_recruiter_of_two(tmp_path):
    db = tmp_path / "afterview.db"
    cli(db, "opportunity", "add", "--company", "Northwind", "--role", "Data Engineer")
    cli(db, "opportunity", "add", "--company", "Globex", "--role", "Platform Engineer")
    cli(db, "person", "add", "Sarah Klein", "--company", "Hays", "--email", "sarah@hays.test")
    for opportunity, day in (("1", "2026-11-26"), ("2", "2026-11-27")):
        cli(db, "interview", "add", "--opportunity", opportunity, "--start", f"{day} 10:00",
            "--with", "Sarah Klein:recruiter")
    cli(db, "replies", "add", "Sarah", "--opportunity", "1", "--says", "Still waiting on the client")
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            [reply] = tx.list(Inbound)
            lines = [line for _, line in delivery.stopped_by_replies(tx, [reply], now=NOW, playbook=DEFAULT_PLAYBOOK)]
    finally:
        store.close()
    assert len(lines) == 1, lines
    assert lines[0].startswith("status follow-up to Sarah Klein about Data Engineer at Northwind ("), lines
    assert lines[0].endswith("is no longer planned: Sarah Klein replied (to have them go on, record when a decision "
                             "is due: afterview debrief 1 --person 1 --decision-date DATE)"), lines


def test_placing_an_ambiguous_reply_says_the_follow_ups_it_brings_back(tmp_path, monkeypatch):
    """A reply that matched two processes paused the follow-ups of both; placed under one
    (`replies confirm 3 --opportunity 2 --status none`), those of the other come back: said."""
    from afterview.domain.model import InboundKind, ReplyClass

    db = tmp_path / "afterview.db"
    cli(db, "opportunity", "add", "--company", "Northwind", "--role", "Data Engineer")
    cli(db, "opportunity", "add", "--company", "Globex", "--role", "Platform Engineer")
    cli(db, "person", "add", "Sarah Klein", "--company", "Hays", "--email", "sarah@hays.test")
    for opportunity, day in (("1", "2026-11-19"), ("2", "2026-11-20")):
        cli(db, "interview", "add", "--opportunity", opportunity, "--start", f"{day} 10:00",
            "--with", "Sarah Klein:recruiter")
    monkeypatch.setenv("AFTERVIEW_HOME", str(tmp_path))
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            reply = tx.add(Inbound(kind=InboundKind.REPLY, received_at=NOW, person_id=1,
                                   classification=ReplyClass.NEEDS_REVIEW, from_address="sarah.k@gmail.example",
                                   summary="ambiguous: matches opportunities 1 or 2; other: still waiting"))
        with store.transaction() as tx:
            done = delivery.reply_confirmed(tx, reply.id, now=NOW, status="none", opportunity_id=2)
    finally:
        store.close()
    back = [(c.change, c.key) for c in done.plan]
    assert ("added", "status_check.1:o1:i1:p1") in back, back
    assert not any(key.startswith("status_check.1:o2") for _, key in back), back
