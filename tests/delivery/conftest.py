"""Shared setup for delivery tests: a store with one interview's worth of facts, and accounts."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from afterview.delivery.accounts import Account
from afterview.domain.model import Company, Message, MessageKind, MessageState, Opportunity, Person

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path, afterview_home, prebuilt, new_database):
    """The database tmp_path/afterview.db, new: a copy of one made once (see the `prebuilt`
    fixture), which saves making its tables for each test."""
    opened = prebuilt.opened(new_database, afterview_home, db=tmp_path / "afterview.db")
    yield opened
    opened.close()


@pytest.fixture
def seeded(store):
    """Acme, one open opportunity, bob as the interviewer (a real mailbox on the test server)."""
    with store.transaction() as tx:
        acme = tx.add(Company(name="Acme", website="https://acme.example"))
        opp = tx.add(Opportunity(company_id=acme.id, role="Engineer", created_at=NOW))
        bob = tx.add(Person(name="Bob Builder", emails=["bob@example.test"], company_id=acme.id))
        profile = tx.profile()
        profile.name = "Alice Seeker"
        tx.save_profile(profile)
    return {"company": acme.id, "opportunity": opp.id, "person": bob.id}


def add_interview(store, seeded, start, **participant) -> dict:
    """An hour's interview with Bob at `start`; the opportunity is then in process. Returns
    `seeded` with the interview's id and the key of Bob's thank-you note for it."""
    from datetime import timedelta

    from afterview.domain.model import Interview, OpportunityStatus, Participant

    with store.transaction() as tx:
        opp = tx.get(Opportunity, seeded["opportunity"])
        opp.status = OpportunityStatus.INTERVIEWING
        tx.update(opp)
        record = tx.add(Interview(opportunity_id=opp.id, start=start, end=start + timedelta(hours=1), timezone="UTC",
                                  participants=[Participant(person_id=seeded["person"], **participant)]))
    return {**seeded, "interview": record.id, "key": f"thank_you:i{record.id}:p{seeded['person']}"}


def add_message(store, seeded, *, state=MessageState.DRAFTED, subject="Thank you for today", **kw) -> int:
    values = dict(kind=MessageKind.THANK_YOU, person_id=seeded["person"], opportunity_id=seeded["opportunity"],
                  subject=subject, body="Dear Bob,\nthank you for the conversation today.\nAlice\n",
                  to_address="bob@example.test", state=state, created_at=NOW, action_key=None)  # no planned action: delivery alone (see test_hold_back)
    values.update(kw)
    with store.transaction() as tx:
        return tx.add(Message(**values)).id


def own_address(store, person_id: int, address: str) -> None:
    """Make `address` one of the person's (a note goes only to an address of its person's: one
    approved to any other is taken back before it is sent, see services.delivery.hold_back)."""
    from afterview.domain.model import Person

    with store.transaction() as tx:
        person = tx.get(Person, person_id)
        if address.casefold() not in {e.casefold() for e in person.emails}:
            person.emails = [*person.emails, address]
            tx.update(person)


def account_for(mail, user: str = "alice", **changes) -> Account:
    values = dict(name="test", email=f"{user}@example.test", display_name="Alice Seeker",
                  smtp_host=mail.host, smtp_port=mail.smtp_port, smtp_tls="starttls",
                  imap_host=mail.host, imap_port=mail.imap_port, imap_tls="starttls",
                  user=user, password_env="AV_TEST_PASSWORD", tls_ca_file=str(mail.cert_path),
                  append_sent=True, rate_per_minute=0, timeout=10)
    values.update(changes)
    return Account(**values)


@pytest.fixture
def account(mail, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    return account_for(mail)


@pytest.fixture
def accounts(account):
    return {account.name: account}


@pytest.fixture(scope="session")
def bare_imap(mail_server):
    """A second real Dovecot whose mailboxes have no Drafts or Sent folder at all."""
    from tests.fixtures.mail import start_imap_server

    server = start_imap_server(special_use=False)
    yield server
    server.stop()


@contextlib.contextmanager
def worker(db_path, password: str, interval: int):
    """`afterview worker` in a process of its own, the account's password in its environment;
    killed if the test leaves it running. `stop(proc)` ends it as a user would."""
    env = dict(os.environ, AV_TEST_PASSWORD=password, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "afterview", "--db", str(db_path), "worker",
                             "--interval", str(interval)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()


def stop(proc, timeout: float = 20) -> tuple[str, str]:
    """SIGTERM, then what the worker printed (stdout, stderr)."""
    proc.send_signal(signal.SIGTERM)
    return proc.communicate(timeout=timeout)
