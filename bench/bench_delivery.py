"""Delivery: sending through the outbox, and syncing a large INBOX, against bare library loops.

Starts its own servers (the test fixtures' Dovecot and aiosmtpd, on 127.0.0.1, free ports).
Figures (one run, one machine):
- 1,000 messages sent through the outbox (`send_due`: claim, send, commit per message, one SMTP
  session) against a bare smtplib loop sending the same bytes over one connection;
  goal: at least 0.5x its throughput. Recipients are on a non-local domain, so the server
  only records them (no local delivery dominating both sides).
- syncing a 10,000-message INBOX the first time (`sync`, on a fresh copy of the store each time),
  against a bare imapclient fetch of the same header fields, interleaved three times, medians
  compared; goal: within 2x. Then an incremental sync of 200 new messages against
  the bare fetch of those 200; goal: within 2x. 2% of the messages are replies to our messages.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from common import ROOT, report

SEND = 1_000
MAILBOX = 10_000
INCREMENT = 200
FIRST_SYNC_ROUNDS = 3
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)


# The SMTP server for the sending figures runs in its own process, as a real one would: in this
# process its threads would compete with the client under test for the interpreter lock.
SERVER_PROCESS = """
import json, sys
sys.path[:0] = {paths!r}
from tests.fixtures.mail import start_mail_server
server = start_mail_server()
print(json.dumps({{"host": server.host, "smtp_port": server.smtp_port, "imap_port": server.imap_port,
                  "cert": str(server.cert_path), "password": server.users["alice"].password}}), flush=True)
sys.stdin.read()
print(len(server.received), flush=True)
server.stop()
"""


def main() -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "src"))
    from tests.fixtures.mail import start_mail_server

    with tempfile.TemporaryDirectory() as folder:
        bench_send(Path(folder))
        server = start_mail_server()
        os.environ["AV_BENCH_PASSWORD"] = server.users["alice"].password
        try:
            bench_sync(server, Path(folder))
        finally:
            server.stop()


class ServerProcess:
    """The test fixtures' mail servers, started in a child process."""

    def __init__(self):
        import json
        import subprocess
        from types import SimpleNamespace

        code = SERVER_PROCESS.format(paths=[str(ROOT), str(ROOT / "src")])
        self.proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        info = json.loads(self.proc.stdout.readline())
        self.server = SimpleNamespace(host=info["host"], smtp_port=info["smtp_port"], imap_port=info["imap_port"],
                                      cert_path=info["cert"], password=info["password"])

    def stop(self) -> int:
        """Stop the servers; how many messages they accepted."""
        self.proc.stdin.close()
        received = int(self.proc.stdout.readline() or 0)
        self.proc.wait(timeout=30)
        return received


def account(server, **changes):
    from afterview.delivery.accounts import Account

    values = dict(name="bench", email="alice@example.test", display_name="Alice Seeker", smtp_host=server.host,
                  smtp_port=server.smtp_port, smtp_tls="starttls", imap_host=server.host, imap_port=server.imap_port,
                  imap_tls="starttls", user="alice", password_env="AV_BENCH_PASSWORD",
                  tls_ca_file=str(server.cert_path), append_sent=False, rate_per_minute=0)
    values.update(changes)
    return Account(**values)


def new_store(folder: Path, name: str):
    from afterview.domain.model import Company, Opportunity, Person
    from afterview.storage import open_store

    store = open_store(f"sqlite:///{folder / name}")
    with store.transaction() as tx:
        company = tx.add(Company(name="Acme", website="acme.example"))
        opp = tx.add(Opportunity(company_id=company.id, role="Engineer", created_at=NOW))
        people = [tx.add(Person(name=f"Person {i}", emails=[f"p{i}@acme.example"], company_id=company.id)).id
                  for i in range(20)]
    return store, opp.id, people


def seed_messages(store, opp: int, people: list[int], count: int, state, *, acct: str) -> list:
    from afterview.domain.model import Message, MessageKind
    from afterview.delivery.compose_email import new_message_id

    with store.transaction() as tx:
        return [tx.add(Message(kind=MessageKind.STATUS_CHECK, person_id=people[i % len(people)], opportunity_id=opp,
                               subject=f"Following up {i}", body="Hello,\njust checking in.\nAlice\n",
                               to_address=f"p{i % len(people)}@acme.example", state=state, account=acct,
                               approved_at=NOW, sent_at=NOW if state.value == "sent" else None,
                               message_id=new_message_id("alice@example.test"), created_at=NOW))
                for i in range(count)]


# --- sending ----------------------------------------------------------------------------------

def bench_send(folder: Path) -> None:
    child = ServerProcess()
    try:
        _send_both(child.server, folder)
    finally:
        received = child.stop()
    if received != 2 * SEND:
        raise RuntimeError(f"the server accepted {received} messages, expected {2 * SEND}")


def _send_both(server, folder: Path) -> None:
    import smtplib
    import ssl

    from afterview.domain.model import MessageState
    from afterview.services import delivery

    os.environ["AV_BENCH_PASSWORD"] = server.password
    acct = account(server)
    store, opp, people = new_store(folder, "send.db")
    messages = seed_messages(store, opp, people, SEND, MessageState.APPROVED, acct=acct.name)
    with store.transaction() as tx:
        payloads = [delivery.build(tx, m, acct, NOW).data for m in messages]

    started = time.perf_counter()
    client = smtplib.SMTP(server.host, server.smtp_port)
    client.starttls(context=ssl.create_default_context(cafile=server.cert_path))
    client.login("alice", server.password)
    for message, data in zip(messages, payloads):
        client.sendmail(acct.email, [message.to_address], data)
    client.quit()
    bare = time.perf_counter() - started

    started = time.perf_counter()
    result = delivery.send_due(store, now=NOW, accounts={acct.name: acct})
    ours = time.perf_counter() - started
    if len(result.sent) != SEND:
        raise RuntimeError(f"outbox sent {len(result.sent)} of {SEND}: {result.failed[:1] or result.retrying[:1]}")
    report(f"outbox send of {SEND} messages, throughput", SEND / ours, "msg/s",
           baseline=("bare smtplib loop", SEND / bare), goal=f">= {0.5 * SEND / bare:.1f}")
    report("outbox throughput relative to bare smtplib", bare / ours, "x", goal=">= 0.5")
    store.close()


# --- syncing ----------------------------------------------------------------------------------

def fill_mailbox(server, ids: list[str], count: int, start: int) -> None:
    """Append `count` messages to alice's INBOX in bulk: mostly unrelated, 2% replies to us."""
    client = server.imap("alice")
    try:
        batch = []
        for n in range(start, start + count):
            batch.append(_mail(n, ids))
            if len(batch) == 500:
                client.multiappend("INBOX", batch)
                batch = []
        if batch:
            client.multiappend("INBOX", batch)
    finally:
        client.logout()


def _mail(n: int, ids: list[str]) -> bytes:
    if n % 50 == 0:
        ref = ids[(n // 50) % len(ids)]
        who = f"p{(n // 50) % 20}@acme.example"
        return (f"From: Person <{who}>\r\nTo: alice@example.test\r\nSubject: Re: Following up\r\n"
                f"Message-ID: <r{n}@acme.example>\r\nIn-Reply-To: {ref}\r\nReferences: {ref}\r\n"
                f"Date: Thu, 26 Nov 2026 09:00:00 +0000\r\n\r\nThanks, we will be in touch next week.\r\n").encode()
    return (f"From: Newsletter <news{n % 7}@shop{n % 13}.example>\r\nTo: alice@example.test\r\n"
            f"Subject: Offer number {n}\r\nMessage-ID: <n{n}@shop.example>\r\n"
            f"Date: Thu, 26 Nov 2026 09:00:00 +0000\r\n\r\n" + "Lorem ipsum dolor sit amet. " * 20 + "\r\n").encode()


def bare_fetch(server, after_uid: int = 0) -> int:
    """What a bare client does: select, search, fetch the same header fields in batches."""
    from afterview.delivery.imap import HEADER_ITEM

    client = server.imap("alice")
    try:
        client.select_folder("INBOX", readonly=True)
        uids = [u for u in client.search(["UID", f"{after_uid + 1}:*"]) if u > after_uid]
        fetched = 0
        for start in range(0, len(uids), 500):
            fetched += len(client.fetch(uids[start:start + 500], [HEADER_ITEM, "RFC822.SIZE", "INTERNALDATE"]))
        return fetched
    finally:
        client.logout()


def bench_sync(server, folder: Path) -> None:
    from afterview.domain.model import MessageState
    from afterview.services import delivery
    from afterview.storage import open_store

    server.reset()
    acct = account(server)
    seeded, opp, people = new_store(folder, "sync.db")
    messages = seed_messages(seeded, opp, people, 200, MessageState.SENT, acct=acct.name)
    ids = [m.message_id for m in messages]
    seeded.close()  # a closed SQLite file: copies of it are fresh stores with the same messages
    fill_mailbox(server, ids, MAILBOX, 0)
    bare_fetch(server)  # warm Dovecot's index and cache for both sides alike

    # A first sync, on a fresh copy of the store each time, and the bare fetch, interleaved three
    # times; the medians are compared (one sample of each moved the ratio between 1.3x and 2.1x:
    # the bare fetch alone varies by half from one run to the next on a shared machine).
    bares, ours = [], []
    for round_ in range(FIRST_SYNC_ROUNDS):
        started = time.perf_counter()
        assert bare_fetch(server) == MAILBOX
        bares.append(time.perf_counter() - started)
        copy = folder / f"sync-{round_}.db"
        shutil.copyfile(folder / "sync.db", copy)
        store = open_store(f"sqlite:///{copy}", create=False)
        started = time.perf_counter()
        first = delivery.sync(store, now=NOW, account=acct)
        ours.append(time.perf_counter() - started)
        if len(first.recorded) != len(ids):
            raise RuntimeError(f"first sync recorded {len(first.recorded)}, expected {len(ids)}")
        if round_ < FIRST_SYNC_ROUNDS - 1:
            store.close()  # the last one goes on to the incremental sync
    report(f"first sync of {MAILBOX:,} messages ({len(first.recorded)} recorded, median of "
           f"{FIRST_SYNC_ROUNDS})", statistics.median(ours) * 1000, "ms",
           baseline=("bare imapclient header fetch", statistics.median(bares) * 1000), goal="2x")

    last_uid = MAILBOX
    fill_mailbox(server, ids, INCREMENT, MAILBOX)
    bare_fetch(server, last_uid)
    started = time.perf_counter()
    assert bare_fetch(server, last_uid) == INCREMENT
    bare = time.perf_counter() - started
    started = time.perf_counter()
    again = delivery.sync(store, now=NOW, account=acct)
    ours = time.perf_counter() - started
    if again.scanned != INCREMENT:
        raise RuntimeError(f"incremental sync scanned {again.scanned}, expected {INCREMENT}")
    report(f"incremental sync of {INCREMENT} new messages", ours * 1000, "ms",
           baseline=("bare imapclient header fetch", bare * 1000), goal="2x")
    store.close()


if __name__ == "__main__":
    main()
