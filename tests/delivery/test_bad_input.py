"""Bad input and failing servers: a clear message, nothing lost, nothing sent twice."""

import socket

import pytest

from afterview.domain.model import Message, MessageState
from afterview.errors import DeliveryError
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for, add_message


def approved(store, seeded, accounts, **kw) -> int:
    message_id = add_message(store, seeded, **kw)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    return message_id


def stored(store, message_id) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


def test_wrong_password(mail, store, seeded, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", "wrong")
    accounts = {"test": account_for(mail)}
    checks = delivery.test_account(accounts["test"])
    assert [c.ok for c in checks] == [False, False]
    assert "SMTP" in checks[0].detail and "authentication failed for alice" in checks[0].detail
    assert "IMAP" in checks[1].detail and "authentication failed for alice" in checks[1].detail
    # the server's words, not Python's bytes, and what to do about it
    assert "b'" not in checks[1].detail and "check the password or app password" in checks[1].detail
    assert "wrong" not in checks[0].detail + checks[1].detail  # the secret is never echoed


def test_account_test_passes_and_names_folders(mail, account):
    checks = delivery.test_account(account)
    assert all(c.ok for c in checks), checks
    assert "Drafts folder: Drafts; Sent folder: Sent" in checks[1].detail


def test_wrong_port_is_refused(mail, store, seeded, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", "alice-secret")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    account = account_for(mail, smtp_port=closed_port, imap_port=closed_port)
    checks = delivery.test_account(account)
    assert all("connection refused" in c.detail for c in checks)


@pytest.mark.parametrize("which", ["smtp", "imap"])
def test_tls_mismatch_implicit_on_a_starttls_port(mail, monkeypatch, which):
    monkeypatch.setenv("AV_TEST_PASSWORD", "alice-secret")
    account = account_for(mail, **{f"{which}_tls": "implicit"})
    check = {c.what: c for c in delivery.test_account(account)}[which.upper()]
    assert not check.ok and "TLS mismatch" in check.detail


def test_tls_mismatch_starttls_on_an_implicit_port(mail, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", "alice-secret")
    account = account_for(mail, smtp_port=mail.smtps_port, timeout=2)
    check = delivery.test_account(account)[0]
    assert not check.ok and "implicit" in check.detail


def test_implicit_tls_ports_work(mail, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", "alice-secret")
    account = account_for(mail, smtp_port=mail.smtps_port, smtp_tls="implicit", imap_port=mail.imaps_port, imap_tls="implicit")
    assert all(c.ok for c in delivery.test_account(account))


def test_missing_password_source_is_a_config_error(mail, monkeypatch):
    monkeypatch.delenv("AV_TEST_PASSWORD", raising=False)
    check = delivery.test_account(account_for(mail))[0]
    assert "AV_TEST_PASSWORD is not set" in check.detail


def test_the_retry_time_is_said_in_utc_whatever_the_zone_of_now(mail, store, seeded, accounts):
    from zoneinfo import ZoneInfo

    approved(store, seeded, accounts)
    mail.smtp.fail_next(451, "Greylisted, try again", stage="RCPT")
    report = delivery.send_due(store, now=NOW.astimezone(ZoneInfo("America/Chicago")), accounts=accounts)
    assert report.retrying[0][1].endswith("next try 2026-11-26 10:01 UTC")  # NOW is 10:00 UTC (04:00 there)


def test_temporary_failure_retries_later_then_sends_once(mail, store, seeded, accounts):
    from datetime import timedelta

    message_id = approved(store, seeded, accounts)
    mail.smtp.fail_next(451, "Greylisted, try again", stage="RCPT")
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    assert report.retrying and "451" in report.retrying[0][1]
    message = stored(store, message_id)
    assert message.state == MessageState.SCHEDULED and message.scheduled_at == NOW + timedelta(minutes=1)
    assert message.attempts == 1 and "Greylisted" in message.last_error
    assert delivery.send_due(store, now=NOW, accounts=accounts).sent == []  # not before its time
    assert delivery.send_due(store, now=NOW + timedelta(minutes=2), accounts=accounts).sent == [message_id]
    assert len(mail.messages("bob")) == 1


def test_send_due_ends_with_status_3_when_a_message_failed_for_good(mail, store, seeded, accounts, afterview_home,
                                                                    tmp_path):
    # Found by a tester: `send-due` said "message 3 failed: ... 550" and ended with 0, so a
    # script run by cron could not tell. Said once: the next run has nothing new, 0.
    from tests.delivery.test_crash import run_cli, write_config

    write_config(afterview_home, mail)
    message_id = approved(store, seeded, accounts)
    mail.smtp.fail_next(550, "5.1.1 No such user here", stage="RCPT")
    first = run_cli(tmp_path / "afterview.db", "send-due")
    assert first.returncode == 3, (first.stdout, first.stderr)
    assert f"message {message_id}" in first.stdout and "550 5.1.1 No such user here" in first.stdout
    again = run_cli(tmp_path / "afterview.db", "send-due")
    assert again.returncode == 0 and "nothing due" in again.stdout


def test_permanent_failure_keeps_the_servers_reason(mail, store, seeded, accounts):
    message_id = approved(store, seeded, accounts)
    mail.smtp.fail_next(550, "5.1.1 No such user here", stage="RCPT")
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    assert report.failed and "550 5.1.1 No such user here" in report.failed[0][1]
    message = stored(store, message_id)
    assert message.state == MessageState.FAILED and "No such user" in message.last_error
    assert mail.messages("bob") == []


def test_drop_before_data_retries_and_delivers_once(mail, store, seeded, accounts):
    from datetime import timedelta

    message_id = approved(store, seeded, accounts)
    mail.smtp.drop_next(stage="MAIL")
    assert delivery.send_due(store, now=NOW, accounts=accounts).retrying
    assert delivery.send_due(store, now=NOW + timedelta(minutes=5), accounts=accounts).sent == [message_id]
    assert len(mail.messages("bob")) == 1


def test_drop_after_the_whole_message_is_an_unknown_outcome_never_resent(mail, store, seeded, accounts):
    from datetime import timedelta

    message_id = approved(store, seeded, accounts)
    mail.smtp.drop_next(stage="DATA")
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    assert report.unknown and report.unknown[0][0] == message_id
    message = stored(store, message_id)
    assert message.state == MessageState.FAILED and message.last_error.startswith("outcome unknown")
    later = NOW + timedelta(hours=1)
    assert delivery.send_due(store, now=later, accounts=accounts).sent == []  # only an explicit re-approval resends
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=later, accounts=accounts, resend=True)  # "it did not arrive"
    assert delivery.send_due(store, now=later, accounts=accounts).sent == [message_id]
    assert len(mail.messages("bob")) == 1


def test_mailbox_without_drafts_folder(bare_imap, store, seeded, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", "alice-secret")
    account = account_for(bare_imap, imap_port=bare_imap.imap_port)
    message_id = add_message(store, seeded)
    with pytest.raises(DeliveryError, match="no Drafts folder"):
        delivery.to_drafts(store, message_id, now=NOW, accounts={"test": account})
    assert stored(store, message_id).state == MessageState.DRAFTED


def test_missing_attachment_fails_the_message_without_sending(mail, store, seeded, accounts, tmp_path):
    message_id = approved(store, seeded, accounts, attachments=[str(tmp_path / "portfolio.pdf")])
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    assert report.failed and "attachment not found" in report.failed[0][1]
    assert stored(store, message_id).state == MessageState.FAILED
    assert mail.received == []


def test_rate_limit_holds_the_rest(mail, store, seeded, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", "alice-secret")
    accounts = {"test": account_for(mail, rate_per_minute=2, append_sent=False)}
    ids = [approved(store, seeded, accounts, subject=f"Note {i}") for i in range(3)]
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    assert report.sent == ids[:2] and report.held_by_rate == 1
    from datetime import timedelta

    assert delivery.send_due(store, now=NOW + timedelta(minutes=2), accounts=accounts).sent == ids[2:]
