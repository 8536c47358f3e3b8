"""Three `afterview send ID --now` at once, on PostgreSQL and on SQLite, against an SMTP server
that takes its time: the message goes out once (one Message-ID, one copy), it ends sent, and
each program that did not send it says so in the one line that names the other program.

Found by a tester running a career centre on PostgreSQL: the two that lost printed only
"message 8 was not sent (see above)" with nothing above it. Each `send --now` stamped the
message's moment with its own clock, so the one that came last moved it a few milliseconds past
the others' clocks: for them it was not due yet, and they found it neither claimed nor sent.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import timedelta
from email import message_from_bytes

import pytest

from afterview.delivery import outbox
from afterview.domain.model import Company, Message, MessageKind, MessageState, Person
from afterview.services import delivery
from afterview.storage import open_store
from tests.delivery.conftest import NOW, add_message
from tests.fixtures.util import free_port
from tests.helpers import afterview, assert_clean_error

DELAY = 3.0  # seconds the server takes over each message (the tester's SMTP_DELAY=3)
RACERS = 3


class SlowServer:
    """aiosmtpd on 127.0.0.1 that accepts any login and takes DELAY seconds over each message;
    what it accepted is in `received` (the raw messages)."""

    def __init__(self):
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        self.received: list[bytes] = []
        self.port = free_port()
        server = self

        class Handler:
            async def handle_DATA(self, _smtp, _session, envelope):
                await asyncio.sleep(DELAY)
                server.received.append(envelope.content)
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port,
                                     authenticator=lambda *_: AuthResult(success=True), auth_require_tls=False)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


@pytest.fixture
def slow_smtp():
    server = SlowServer()
    yield server
    server.stop()


def approved_message(url: str, header: str) -> int:
    """One approved email to Bob, from the account `slow` (no planned action: delivery alone),
    its Message-ID `header` (fixed at approval; "": approved by a version that did not fix it)."""
    store = open_store(url)
    try:
        with store.transaction() as tx:
            company = tx.add(Company(name="Acme"))
            bob = tx.add(Person(name="Bob Builder", emails=["bob@example.test"], company_id=company.id))
            return tx.add(Message(kind=MessageKind.THANK_YOU, person_id=bob.id, subject="Thank you for today",
                                  body="Dear Bob,\nthank you for the conversation today.\nAlice\n",
                                  to_address="bob@example.test", state=MessageState.APPROVED, approved_at=NOW,
                                  account="slow", created_at=NOW, message_id=header)).id
    finally:
        store.close()


def write_config(home, port: int) -> None:
    (home / "config.toml").write_text(
        '[accounts.slow]\nemail = "alice@example.test"\ndisplay_name = "Alice Seeker"\n'
        f'smtp_host = "127.0.0.1"\nsmtp_port = {port}\nsmtp_tls = "none"\n'
        'password_env = "AV_TEST_PASSWORD"\nappend_sent = false\nrate_per_minute = 0\n')


def race(url: str, home, port: int, message_id: int) -> list[subprocess.CompletedProcess]:
    """RACERS `send ID --now` started together, each on the real clock (no --at: each reads
    its own), as `for i in 1 2 3; do afterview send 8 --now & done; wait`."""
    write_config(home, port)
    env = dict(os.environ, AV_TEST_PASSWORD="secret", AFTERVIEW_HOME=str(home), TZ="UTC")
    env.pop("AFTERVIEW_AT", None)
    env.pop("AFTERVIEW_DB", None)
    procs = [subprocess.Popen([sys.executable, "-m", "afterview", "--db", url, "send", str(message_id), "--now"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(RACERS)]
    done = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return done


def check(url: str, home, server: SlowServer, header: str = "<fixed.at.approval@example.test>") -> None:
    message_id = approved_message(url, header)
    done = race(url, home, server.port, message_id)
    said = [(d.returncode, d.stdout.strip(), d.stderr.strip()) for d in done]
    assert all("Traceback" not in d.stdout + d.stderr for d in done), said
    winners = [d for d in done if d.returncode == 0]
    losers = [d for d in done if d.returncode != 0]
    assert len(winners) == 1, said
    assert winners[0].stdout.strip() == f"sent message {message_id}", said
    assert all(x.startswith("warning: ") for x in winners[0].stderr.splitlines()), said
    for loser in losers:
        assert loser.returncode == 2, said
        assert loser.stdout == "", said
        # one line: the other program has it (being sent right now), or has sent it already (after the
        # review's warnings of the moment, said before a send: the real clock may be a weekend's night)
        [line] = [x for x in loser.stderr.strip().splitlines() if not x.startswith("warning: ")]
        assert (line == f"afterview: error: message {message_id} was sent already; nothing more to send"
                or line.startswith(f"afterview: error: message {message_id} was sent already (at ")
                or (line.startswith(f"afterview: error: message {message_id} is being sent by another Afterview "
                                    "program (since ")
                    and "): it is not sent twice. If no other Afterview program is running" in line)), said
    # exactly one copy went out, and the message is sent (no loser wrote over the winner's state)
    assert len(server.received) == 1, said
    [sent] = {message_from_bytes(raw)["Message-ID"] for raw in server.received}
    assert sent == (header or sent), said
    store = open_store(url)
    try:
        with store.transaction() as tx:
            message = tx.get(Message, message_id)
    finally:
        store.close()
    assert message.state == MessageState.SENT and message.sent_at is not None, said
    # its Message-ID, the one that went out (stored with the claim when it had none yet); claimed once
    assert message.message_id == (header or sent) and message.attempts == 1, (message, said)


@pytest.mark.slow
def test_three_send_now_at_once_on_postgresql(pg_url, slow_smtp, afterview_home):
    check(pg_url, afterview_home, slow_smtp)


@pytest.mark.slow
def test_three_send_now_at_once_of_a_message_approved_without_its_id_on_postgresql(pg_url, slow_smtp,
                                                                                    afterview_home):
    """Approved by a version that did not fix the Message-ID at approval: the one that sends it
    stores the id it sent (the others do not put back the state they read before)."""
    check(pg_url, afterview_home, slow_smtp, header="")


@pytest.mark.slow
def test_three_send_now_at_once_on_sqlite(tmp_path, slow_smtp, afterview_home):
    check(f"sqlite:///{tmp_path / 'race.db'}", afterview_home, slow_smtp)


# --- the rule under it, one step at a time (no servers) -----------------------------------------

def test_sending_now_keeps_the_moment_of_a_message_already_due(store, seeded):
    """Two programs send one message now, their clocks a second apart: the later one does not
    move it past the earlier one's clock (it stays due for both), and only one claims it."""
    message_id = add_message(store, seeded, state=MessageState.APPROVED, account="test", approved_at=NOW)
    earlier, later = NOW, NOW + timedelta(seconds=1)
    with store.transaction() as tx:
        delivery.schedule_checked(tx, message_id, when=earlier, now=earlier)
    with store.transaction() as tx:
        message, _ = delivery.schedule_checked(tx, message_id, when=later, now=later)
    assert message.scheduled_at == earlier  # already due: sent now, it keeps its moment
    with store.transaction() as tx:
        assert outbox.due_ids(tx, earlier, 10, [message_id]) == [message_id]  # due for the earlier clock too
        assert outbox.claim(tx, message_id, earlier)
        assert not outbox.claim(tx, message_id, later)
    # sent now after a clock behind it stamped it: moved back to this one's, due for both
    other = add_message(store, seeded, state=MessageState.APPROVED, account="test", approved_at=NOW)
    with store.transaction() as tx:
        delivery.schedule_checked(tx, other, when=later, now=later)
        message, _ = delivery.schedule_checked(tx, other, when=earlier, now=earlier)
    assert message.scheduled_at == earlier


def test_a_moment_to_come_is_still_moved_by_send_at_and_by_send_now(store, seeded):
    message_id = add_message(store, seeded, state=MessageState.APPROVED, account="test", approved_at=NOW)
    with store.transaction() as tx:
        delivery.schedule_checked(tx, message_id, when=NOW, now=NOW)  # due now
        later, _ = delivery.schedule_checked(tx, message_id, when=NOW + timedelta(hours=3), now=NOW)
        assert later.scheduled_at == NOW + timedelta(hours=3)  # --at a time to come: moved, as asked
        now, _ = delivery.schedule_checked(tx, message_id, when=NOW + timedelta(minutes=5),
                                           now=NOW + timedelta(minutes=5))
        assert now.scheduled_at == NOW + timedelta(minutes=5)  # not due yet: --now makes it due now


def test_the_claim_stores_the_message_id_only_when_it_has_none(store, seeded):
    """A message approved before ids were fixed at approval gets the id of the copy that goes
    out with its claim; one that has another id by now (a stale copy) is not claimed."""
    bare = add_message(store, seeded, state=MessageState.APPROVED, approved_at=NOW)
    fixed = add_message(store, seeded, state=MessageState.APPROVED, approved_at=NOW, message_id="<a@example.test>")
    with store.transaction() as tx:
        assert outbox.claim(tx, bare, NOW, header="<new@example.test>")
        assert not outbox.claim(tx, fixed, NOW, header="<stale@example.test>")  # another id by now
        assert outbox.claim(tx, fixed, NOW, header="<a@example.test>")
    with store.transaction() as tx:
        assert tx.get(Message, bare).message_id == "<new@example.test>"
        assert tx.get(Message, fixed).message_id == "<a@example.test>"
        assert {m.state for m in tx.list(Message)} == {MessageState.SENDING}


def test_send_now_that_lost_the_claim_to_a_send_already_over_says_so(tmp_path, slow_smtp, afterview_home,
                                                                       monkeypatch):
    """Another program claimed the message between this one's look and its claim, and its send
    is over already (it failed): said as that program's, never a bare "not sent (see above)"."""
    url = f"sqlite:///{tmp_path / 'lost.db'}"
    message_id = approved_message(url, "<fixed.at.approval@example.test>")
    write_config(afterview_home, slow_smtp.port)
    monkeypatch.setenv("AV_TEST_PASSWORD", "secret")
    real = outbox.claim

    def the_other_program_first(tx, mid, now, header=""):  # its claim, and its send's end, come first
        assert real(tx, mid, now) and outbox.finish(tx, mid, state=MessageState.FAILED, now=now,
                                                    error="550 mailbox unavailable")
        return real(tx, mid, now, header)

    monkeypatch.setattr(outbox, "claim", the_other_program_first)
    done = afterview("--db", url, "--at", NOW.isoformat(), "send", str(message_id), "--now")
    assert_clean_error(done, f"message {message_id} was being sent by another Afterview program meanwhile: it is not "
                             f"sent twice (afterview show {message_id} says how it went)")
    assert slow_smtp.received == []
