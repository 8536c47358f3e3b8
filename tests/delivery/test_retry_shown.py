"""A scheduled send that keeps failing is said as such, and delivery times are in the user's zone.

The user is in America/Chicago; the account's SMTP server answers 451 (greylisting), so every try
is a temporary failure the outbox retries. (A server that cannot be reached is a problem of the
account, not of the message: its messages wait without spending their attempts, see
tests/delivery/test_d80_outbox_findings.py.)
"""

import json
import subprocess
from datetime import datetime, timedelta, timezone

from afterview.domain.model import Message, MessageState
from tests.delivery.conftest import NOW, add_interview, add_message
from tests.helpers import completed

CHICAGO = 'timezone = "America/Chicago"\n'
SEND_AT = datetime(2026, 12, 1, 7, 30, tzinfo=timezone.utc)  # 08:30 in Berlin, 01:30 in Chicago


def cli(db, *args, at=NOW) -> subprocess.CompletedProcess:
    """`afterview --db DB ARGS...` at `at` (in this process: what is read is the answer)."""
    return completed("--db", str(db), *args, env={"AV_TEST_PASSWORD": "alice-secret", "AFTERVIEW_AT": at.isoformat()})


def unreachable_account(home, mail) -> None:
    """config.toml: the user's zone, and an account whose SMTP port nobody listens on."""
    from tests.fixtures.util import free_port

    section = mail.account_toml("test", extra="rate_per_minute = 0\n")
    section = section.replace(f"smtp_port = {mail.smtp_port}", f"smtp_port = {free_port()}")
    (home / "config.toml").write_text(CHICAGO + section)


def chicago_account(home, mail) -> None:
    """config.toml: the user's zone, and the test server's account."""
    (home / "config.toml").write_text(CHICAGO + mail.account_toml("test", extra="rate_per_minute = 0\n"))


def stored(store, message_id) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


def a_planned_note(store, seeded) -> tuple[int, str]:
    """Bob's thank-you for yesterday's interview, drafted: (message id, action key)."""
    found = add_interview(store, seeded, NOW - timedelta(days=1))
    return add_message(store, seeded, action_key=found["key"]), found["key"]


def test_a_failing_scheduled_send_is_said_everywhere(mail, store, seeded, afterview_home, tmp_path):
    chicago_account(afterview_home, mail)
    db = tmp_path / "afterview.db"
    message_id, key = a_planned_note(store, seeded)
    assert cli(db, "approve", str(message_id)).returncode == 0

    scheduled = cli(db, "send", str(message_id), "--at", "2026-12-01 08:30 Europe/Berlin")
    assert scheduled.returncode == 0, scheduled.stderr
    assert (f"message {message_id} will be sent at Tue 2026-12-01 01:30 your time (America/Chicago), "
            "08:30 in Europe/Berlin") in scheduled.stdout
    assert stored(store, message_id).scheduled_at == SEND_AT
    before = cli(db, "today", at=SEND_AT - timedelta(hours=1))
    # no try yet: on its way, at its time in the user's zone
    assert f"scheduled (message {message_id}): goes Tue 2026-12-01 01:30" in before.stdout

    moment = SEND_AT
    for attempt in range(1, 4):  # each run finds it due again and fails again
        mail.smtp.fail_next(451, "Greylisted, try again", stage="RCPT")
        ran = cli(db, "send-due", at=moment)
        assert "Traceback" not in ran.stderr and "cannot send" not in ran.stderr, ran.stderr  # not the account's
        message = stored(store, message_id)
        assert message.state == MessageState.SCHEDULED and message.attempts == attempt
        assert "Greylisted, try again" in message.last_error
        local = message.scheduled_at.astimezone(timezone(timedelta(hours=-6)))  # Chicago in December
        assert (f"message {message_id} will retry: " in ran.stdout
                and f"; next try {local:%a %Y-%m-%d %H:%M} your time (America/Chicago)" in ran.stdout)
        assert "UTC" not in ran.stdout
        moment = message.scheduled_at

    later = moment - timedelta(seconds=30)  # between two tries
    today = cli(db, "today", at=later)
    assert today.returncode == 0, today.stderr
    line = next(x.strip() for x in today.stdout.splitlines() if f"(message {message_id})" in x)
    assert line.startswith(f"scheduled (message {message_id}): retrying after an error: SMTP ")
    assert "Greylisted, try again" in line and line.endswith(f"(afterview show {message_id})")
    assert "nothing to do" not in today.stdout
    assert line in cli(db, "plan", at=later).stdout

    shown = cli(db, "show", str(message_id), at=later)
    assert shown.returncode == 0, shown.stderr
    assert "retrying after an error: SMTP " in shown.stdout and "Greylisted, try again" in shown.stdout
    assert (f"attempts: 3 of 8; next try {moment.astimezone(timezone(timedelta(hours=-6))):%a %Y-%m-%d %H:%M} "
            "your time (America/Chicago)") in shown.stdout

    drafts = cli(db, "drafts", at=later)
    row = next(x for x in drafts.stdout.splitlines() if x.startswith(f"{message_id}\t"))
    assert "\tscheduled (retrying after an error)\t" in row
    assert f"afterview show N" in drafts.stderr
    listed = json.loads(cli(db, "drafts", "--json", at=later).stdout)
    assert [(m["id"], m["retrying"], m["attempts"]) for m in listed] == [(message_id, True, 3)]
    assert "Greylisted, try again" in listed[0]["last_error"]
    assert mail.received == []


def test_a_retry_approved_again_is_on_its_way_again(mail, store, seeded, afterview_home, tmp_path):
    """Withdrawn and approved again, it starts afresh: no error left to say."""
    chicago_account(afterview_home, mail)
    db = tmp_path / "afterview.db"
    message_id, _ = a_planned_note(store, seeded)
    cli(db, "approve", str(message_id))
    mail.smtp.fail_next(451, "Greylisted, try again", stage="RCPT")
    assert "will retry" in cli(db, "send", str(message_id), "--now").stdout
    assert "retrying after an error" in cli(db, "today").stdout
    assert cli(db, "approve", str(message_id), "--withdraw").returncode == 0
    assert f"a draft exists (message {message_id})" in cli(db, "today").stdout
    assert cli(db, "approve", str(message_id)).returncode == 0
    assert (stored(store, message_id).attempts, stored(store, message_id).last_error) == (0, "")
    assert f"approved (message {message_id}): goes with the next send round" in cli(db, "today").stdout
    assert "retrying" not in cli(db, "show", str(message_id)).stdout


def test_send_now_says_the_next_try_in_your_zone(mail, store, seeded, afterview_home, tmp_path):
    (afterview_home / "config.toml").write_text(CHICAGO + mail.account_toml("test", extra="rate_per_minute = 0\n"))
    db = tmp_path / "afterview.db"
    message_id = add_message(store, seeded)
    cli(db, "approve", str(message_id))
    mail.smtp.fail_next(451, "Greylisted, try again", stage="RCPT")
    done = cli(db, "send", str(message_id), "--now")
    assert done.returncode == 2 and "was not sent" in done.stderr
    # NOW is 10:00 UTC, 04:00 in Chicago: the first retry is a minute later
    assert (f"message {message_id} will retry: SMTP " in done.stdout
            and "Greylisted, try again; next try Thu 2026-11-26 04:01 your time (America/Chicago)" in done.stdout)
    assert stored(store, message_id).scheduled_at == NOW + timedelta(minutes=1)
    report = json.loads(cli(db, "send-due", "--json", at=NOW + timedelta(minutes=5)).stdout)
    assert report["sent"] == [message_id] and len(mail.messages("bob")) == 1


def test_the_worker_says_its_retries_in_your_zone(mail, store, seeded, accounts, capsys):
    from afterview.interfaces.cli.delivery import _print_report
    from afterview.services import delivery

    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    mail.smtp.fail_next(451, "Greylisted, try again", stage="RCPT")
    rounds = iter([False, True])  # one round, then stop (asked again while waiting: stop)
    delivery.run_worker(store, accounts=accounts, clock=lambda: NOW, should_stop=lambda: next(rounds, True),
                        interval=5, say=print, say_send=lambda report: _print_report(report, "Asia/Tokyo"))
    said = capsys.readouterr().out
    assert (f"message {message_id} will retry: " in said
            and "next try Thu 2026-11-26 19:01 your time (Asia/Tokyo)" in said), said
    assert "UTC" not in said


def test_scheduling_says_both_zones_only_when_they_differ(mail, store, seeded, afterview_home, tmp_path):
    (afterview_home / "config.toml").write_text(CHICAGO + mail.account_toml("test", extra="rate_per_minute = 0\n"))
    db = tmp_path / "afterview.db"
    message_id = add_message(store, seeded)
    cli(db, "approve", str(message_id))
    cases = {
        "2026-12-01 08:30": "at Tue 2026-12-01 08:30 your time (America/Chicago) by",
        "2026-12-01 23:30 Europe/Berlin": "at Tue 2026-12-01 16:30 your time (America/Chicago), 23:30 in Europe/Berlin by",
        "2026-12-02T03:00:00Z": "at Tue 2026-12-01 21:00 your time (America/Chicago), Wed 2026-12-02 03:00 in UTC by",
        "2026-12-01T08:30:00-06:00": "at Tue 2026-12-01 08:30 your time (America/Chicago) by",
    }
    for typed, words in cases.items():
        done = cli(db, "send", str(message_id), "--at", typed)
        assert done.returncode == 0 and words in done.stdout, (typed, done.stdout, done.stderr)
    assert stored(store, message_id).scheduled_at == datetime(2026, 12, 1, 14, 30, tzinfo=timezone.utc)


def test_replies_name_the_zone_of_their_times(store, seeded, afterview_home, tmp_path):
    from afterview.domain.model import Inbound, InboundKind, ReplyClass

    (afterview_home / "config.toml").write_text(CHICAGO)
    with store.transaction() as tx:
        tx.add(Inbound(kind=InboundKind.REPLY, received_at=NOW, person_id=seeded["person"],
                       opportunity_id=seeded["opportunity"], classification=ReplyClass.OFFER,
                       from_address="bob@example.test", summary="offer: we are pleased"))
    listed = cli(tmp_path / "afterview.db", "replies")
    assert listed.returncode == 0, listed.stderr
    header, row = listed.stdout.splitlines()[:2]
    assert "\treceived (America/Chicago)\t" in header and "\tThu 2026-11-26 04:00\t" in row


def test_a_message_held_back_is_not_said_to_have_failed(afterview_home):
    """Held back (nothing was sent or tried): `show` says so, not "an earlier send failed"."""
    from tests.helpers import afterview

    def av(*args):
        done = afterview("--at", "2026-11-30T23:30:00Z", *args)
        assert done.code == 0, done.err
        return done

    av("demo")
    # a server on this computer: the demo's people are never approved for a real one (services.demo)
    av("account", "add", "me", "--email", "me@mail.example", "--smtp-host", "127.0.0.1", "--password-env", "NOPE")
    message_id = av("draft", "thank_you:i1:p1").out.split()[0].lstrip("#")
    av("approve", message_id)
    av("skip", "thank_you:i1:p1", "--reason", "wrote a card")  # held back: "not sent: you skipped it ..."
    shown = av("show", message_id).out
    assert "held back: you skipped it (wrote a card); a draft again" in shown and "send failed" not in shown
    av("undo", "thank_you:i1:p1")
    av("approve", message_id)
    av("person", "edit", "1", "--email", "priya@new.example")  # held back: "not sent to OLD: ..."
    shown = av("show", message_id).out
    assert "held back: not sent to priya.raman@northwind.example:" in shown and "send failed" not in shown
