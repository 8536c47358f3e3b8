"""auth = "xoauth2" against real servers: an access token from token_command, sent as SASL XOAUTH2.

The servers (tests/fixtures/oauth2.py) run on 127.0.0.1 for this module: aiosmtpd offering only
AUTH XOAUTH2 (and answering a bad token as Gmail and Outlook do: a 334 error challenge, then 535)
and Dovecot whose oauth2 passdb asks a local RFC 7662 introspection endpoint about each token.
The token lives where a user's OAuth helper keeps it (a file outside Afterview's home), and
token_command (`cat FILE`) prints it: Afterview itself must never store, log or print it.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from datetime import timedelta

import pytest

from afterview.delivery.smtp import TOKEN_REFUSED
from afterview.domain.model import Message, MessageState
from afterview.interfaces.cli.main import main
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for, add_message
from tests.fixtures.oauth2 import SMTP_REFUSED, start_oauth2_mail_server

pytestmark = pytest.mark.mail

MICROSOFT_SIZED = 2500  # characters: Microsoft access tokens are JWTs of one to a few kilobytes


@pytest.fixture(scope="module")
def oauth2_server():
    server = start_oauth2_mail_server()
    yield server
    server.stop()


@pytest.fixture
def oauth2(oauth2_server):
    """The OAuth2 mail servers, emptied, with no token valid yet."""
    oauth2_server.reset()
    return oauth2_server


@pytest.fixture
def token_file(tmp_path):
    """Where the user's OAuth helper keeps the current access token (not in Afterview's home)."""
    folder = tmp_path / "oauth-helper"
    folder.mkdir()
    return folder / "access-token"


def give_token(token_file, token: str) -> str:
    token_file.write_text(token + "\n")
    return token


def write_config(home, server, token_command: str) -> None:
    (home / "config.toml").write_text(
        "[accounts.work]\n"
        'email = "alice@example.test"\n'
        'display_name = "Alice Seeker"\n'
        f'smtp_host = "{server.host}"\nsmtp_port = {server.smtp_port}\nsmtp_tls = "starttls"\n'
        f'imap_host = "{server.host}"\nimap_port = {server.imap_port}\nimap_tls = "starttls"\n'
        'user = "alice"\n'
        'auth = "xoauth2"\n'
        f'token_command = "{token_command}"\n'
        f'tls_ca_file = "{server.cert_path}"\n'
        "append_sent = false\n"
        "rate_per_minute = 0\n"
    )


def xoauth2_account(server, token_file, **changes):
    values = dict(name="work", auth="xoauth2", token_command=f"cat {token_file}", password_env="")
    values.update(changes)
    return account_for(server, **values)


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run `afterview --db DB ARGS` with no password anywhere, only the token command.

    In-process by default (fast; main() turns every error into one line and an exit status, as
    in a real process); `process=True` runs it as users do, in a new Python process.
    """
    monkeypatch.delenv("AV_TEST_PASSWORD", raising=False)

    def run(db, *args, at=NOW, process=False) -> subprocess.CompletedProcess:
        argv = ["--db", str(db), *args]
        if process:
            env = dict(os.environ, AFTERVIEW_AT=at.isoformat())
            return subprocess.run([sys.executable, "-m", "afterview", *argv], env=env, capture_output=True,
                                  text=True, timeout=60)
        monkeypatch.setenv("AFTERVIEW_AT", at.isoformat())
        capsys.readouterr()
        with pytest.raises(SystemExit) as done:
            main(argv)
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(argv, done.value.code, out, err)

    return run


def sasl_string(login: str, token: str) -> bytes:
    return f"user={login}\x01auth=Bearer {token}\x01\x01".encode()


def one_line_error(done: subprocess.CompletedProcess) -> str:
    """The CLI failed the way users should see it: exit 2, one line on stderr, no traceback."""
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def assert_token_nowhere(token: str, home, db, *outputs: str) -> None:
    """Neither the token, a piece of it, nor its SASL form is in an output, the home or the database."""
    login = "alice"
    needles = [token, token[10:30], base64.b64encode(sasl_string(login, token)).decode()]
    for text in outputs:
        for needle in needles:
            assert needle not in text
    files = [p for p in home.rglob("*") if p.is_file()] + [p for p in db.parent.glob(db.name + "*") if p.is_file()]
    assert any(p.name == "config.toml" for p in files) and db.exists()
    for path in files:
        data = path.read_bytes()
        for needle in needles:
            assert needle.encode() not in data, f"the access token is in {path}"


def state_of(store, message_id: int) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


# --- SMTP ------------------------------------------------------------------------------------

def test_send_now_authenticates_with_the_token_from_token_command(cli, oauth2, store, seeded, afterview_home,
                                                                  token_file, tmp_path):
    token = give_token(token_file, oauth2.tokens.issue("alice"))
    write_config(afterview_home, oauth2, f"cat {token_file}")
    db = tmp_path / "afterview.db"
    message_id = add_message(store, seeded)
    assert cli(db, "approve", str(message_id)).returncode == 0
    sent = cli(db, "send", str(message_id), "--now")
    assert sent.returncode == 0 and f"sent message {message_id}" in sent.stdout, sent.stdout + sent.stderr
    # exactly one AUTH XOAUTH2, in the exact form the servers require
    assert [(a.payload, a.accepted) for a in oauth2.sasl] == [(sasl_string("alice", token), True)]
    assert [(r.login, r.rcpt_tos, r.delivered_to) for r in oauth2.received] == [("alice", ["bob@example.test"], ["bob"])]
    message = state_of(store, message_id)
    assert message.state == MessageState.SENT
    arrived = oauth2.messages("bob")
    assert [m["Message-ID"] for m in arrived] == [message.message_id]
    assert arrived[0]["Subject"] == "Thank you for today"
    listed = cli(db, "account", "list", "--json")
    assert "token command: cat ... (its arguments are not shown)" in listed.stdout
    assert_token_nowhere(token, afterview_home, db, sent.stdout, sent.stderr, listed.stdout,
                         message.last_error, message.note, oauth2.received[0].data.decode())


def refused_send(cli, oauth2, store, seeded, afterview_home, tmp_path, token_command: str):
    """A message approved, then `send --now` in a real process that fails in one line; (db, id, result)."""
    write_config(afterview_home, oauth2, token_command)
    db = tmp_path / "afterview.db"
    message_id = add_message(store, seeded)
    assert cli(db, "approve", str(message_id)).returncode == 0
    refused = cli(db, "send", str(message_id), "--now", process=True)
    # a problem of the account, not of the message: said as such, the message kept for when it is fixed
    said = one_line_error(refused)
    assert said.startswith(f"afterview: error: message {message_id} was not sent: account work cannot send: ")
    assert said.endswith("1 due message stays approved or scheduled and goes out once it is fixed "
                         "(check it: afterview account test work)")
    # send --now on an account that cannot send leaves the note as it was: approved, not scheduled
    assert refused.stdout == f"message {message_id} waits for account work, which cannot send: it stays approved\n"
    return db, message_id, refused


def test_an_expired_token_is_one_line_and_nothing_is_sent(cli, oauth2, store, seeded, afterview_home, token_file, tmp_path):
    expired = give_token(token_file, oauth2.tokens.issue("alice"))
    oauth2.tokens.revoke(expired)
    db, message_id, refused = refused_send(cli, oauth2, store, seeded, afterview_home, tmp_path, f"cat {token_file}")
    assert f"cannot send: SMTP 127.0.0.1: authentication failed for alice: {SMTP_REFUSED}" in refused.stderr
    assert f"{SMTP_REFUSED} ({TOKEN_REFUSED})" in refused.stderr  # says what to renew, not "password"
    # one attempt with the token; the error challenge was answered empty, not with the token again
    assert [(a.payload, a.accepted, a.reply_to_error) for a in oauth2.sasl] == [(sasl_string("alice", expired), False, b"")]
    assert oauth2.received == [] and oauth2.smtp.attempts == [] and oauth2.messages("bob") == []
    waiting = state_of(store, message_id)  # not failed: the account's token, not the message, is wrong
    assert waiting.state == MessageState.APPROVED and waiting.sent_at is None
    assert "authentication failed" in waiting.last_error
    assert_token_nowhere(expired, afterview_home, db, refused.stdout, refused.stderr, waiting.last_error)

    # the helper renews the token: the next connection runs token_command again and sends (no new approval)
    fresh = give_token(token_file, oauth2.tokens.issue("alice"))
    again = cli(db, "send", str(message_id), "--now")
    assert again.returncode == 0 and f"sent message {message_id}" in again.stdout, again.stdout + again.stderr
    assert [a.accepted for a in oauth2.sasl] == [False, True] and oauth2.sasl[1].payload == sasl_string("alice", fresh)
    assert len(oauth2.messages("bob")) == 1 and state_of(store, message_id).state == MessageState.SENT


def test_a_failing_token_command_is_one_line_and_nothing_is_sent(cli, oauth2, store, seeded, afterview_home, tmp_path):
    helper = tmp_path / "oauth-helper.py"
    helper.write_text("import sys\nprint('ya29.half-written-token-that-must-not-be-used')\n"
                      "sys.exit('the refresh token has expired: sign in again')\n")
    db, message_id, refused = refused_send(cli, oauth2, store, seeded, afterview_home, tmp_path,
                                           f"{sys.executable} {helper}")
    assert "cannot send: account work: token_command failed (exit 1): run it yourself in a terminal to see why" \
        in refused.stderr and "refresh token" not in refused.stderr
    assert "half-written" not in refused.stdout + refused.stderr  # its output may hold a secret: never shown
    assert oauth2.sasl == [] and oauth2.received == []
    # never claimed, so never left "sending" (to be reported later as an unknown outcome), and
    # not failed: it waits for the account, with why
    message = state_of(store, message_id)
    assert message.state == MessageState.APPROVED and "token_command failed (exit 1)" in message.last_error
    later = cli(db, "send-due", at=NOW + timedelta(hours=1))
    assert later.returncode == 2 and "token_command failed (exit 1)" in later.stderr, later.stdout
    assert state_of(store, message_id).state == MessageState.APPROVED and oauth2.received == []


@pytest.mark.parametrize("printed", ["Jeton expiré – reconnectez-vous", "Please sign in again"])
def test_a_token_command_printing_no_token_is_one_line(cli, printed, oauth2, store, seeded, afterview_home, token_file,
                                                       tmp_path):
    """A helper that prints a message with exit status 0: a clear error, nothing sent to a server.

    (Before the check in accounts.secret, a non-ASCII line crashed SMTP with an internal error
    and left the message claimed as "sending".)
    """
    give_token(token_file, printed)
    write_config(afterview_home, oauth2, f"cat {token_file}")
    db = tmp_path / "afterview.db"
    message_id = add_message(store, seeded)
    assert cli(db, "approve", str(message_id)).returncode == 0
    refused = cli(db, "send", str(message_id), "--now", process=True)
    expected = "account work: token_command printed something that is not an access token"
    assert f"cannot send: {expected}" in one_line_error(refused)
    assert state_of(store, message_id).state == MessageState.APPROVED  # waits for the account, as it was
    drafts = cli(db, "send", str(add_message(store, seeded, subject="Another")), "--to-drafts")
    assert one_line_error(drafts) == f"afterview: error: {expected} (one line of letters, digits and -._~+/= expected)"
    assert oauth2.sasl == [] and oauth2.introspection.asked == [] and oauth2.received == []
    assert printed not in refused.stdout + refused.stderr + drafts.stderr


def test_no_connection_is_left_open_when_the_token_cannot_be_had(oauth2, token_file):
    """The token is read after connecting: when it cannot be, both connections are closed again."""
    from afterview.delivery.imap import ImapConnection
    from afterview.delivery.smtp import SmtpConnection
    from afterview.errors import ConfigError, DeliveryError

    account = xoauth2_account(oauth2, token_file)  # the file does not exist: cat fails
    smtp, imap = SmtpConnection(account), ImapConnection(account)
    with pytest.raises(DeliveryError, match=r"^account work: token_command failed \(exit 1\): run it yourself"):
        smtp.open()
    with pytest.raises(ConfigError, match=r"^account work: token_command failed \(exit 1\): run it yourself"):
        imap.open()
    assert smtp.client is None and imap.client is None
    assert oauth2.sasl == [] and oauth2.introspection.asked == []


def test_a_microsoft_sized_token_sends_and_files_the_sent_copy(oauth2, store, seeded, token_file):
    token = give_token(token_file, oauth2.tokens.issue("alice", length=MICROSOFT_SIZED))
    assert len(token) == MICROSOFT_SIZED
    account = xoauth2_account(oauth2, token_file, append_sent=True)
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts={"work": account})
    report = delivery.send_due(store, now=NOW, accounts={"work": account})
    assert report.sent == [message_id], report
    assert [(a.payload, a.accepted) for a in oauth2.sasl] == [(sasl_string("alice", token), True)]
    header = state_of(store, message_id).message_id
    assert [m["Message-ID"] for m in oauth2.messages("bob")] == [header]
    assert [m["Message-ID"] for m in oauth2.messages("alice", "Sent")] == [header]  # IMAP APPEND via XOAUTH2
    assert oauth2.introspection.asked == [(token, True)]


# --- IMAP ------------------------------------------------------------------------------------

def test_to_drafts_logs_in_to_dovecot_with_xoauth2(cli, oauth2, store, seeded, afterview_home, token_file, tmp_path):
    token = give_token(token_file, oauth2.tokens.issue("alice"))
    write_config(afterview_home, oauth2, f"cat {token_file}")
    db = tmp_path / "afterview.db"
    message_id = add_message(store, seeded)
    done = cli(db, "send", str(message_id), "--to-drafts")
    assert done.returncode == 0 and f"message {message_id} is in Drafts" in done.stdout, done.stdout + done.stderr
    drafts = oauth2.messages("alice", "Drafts")
    assert [m["Subject"] for m in drafts] == ["Thank you for today"]
    # Dovecot's oauth2 passdb asked the introspection endpoint about this very token
    assert oauth2.introspection.asked == [(token, True)]
    assert "user=<alice>, method=XOAUTH2" in oauth2.log_path.read_text()
    assert oauth2.sasl == []  # IMAP only
    assert_token_nowhere(token, afterview_home, db, done.stdout, done.stderr, state_of(store, message_id).note)


def test_sync_reads_replies_with_xoauth2(cli, oauth2, store, seeded, afterview_home, token_file, tmp_path):
    token = give_token(token_file, oauth2.tokens.issue("alice"))
    write_config(afterview_home, oauth2, f"cat {token_file}")
    db = tmp_path / "afterview.db"
    oauth2.deliver_to_inbox("alice", "From: Bob Builder <bob@example.test>\nTo: alice@example.test\n"
                                     "Subject: Next steps\nMessage-ID: <next@example.test>\n\n"
                                     "We would like to invite you to a second interview next week.\n")
    synced = cli(db, "sync")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "work: 1 new, 1 read, 1 recorded" in synced.stdout
    assert "from bob@example.test" in synced.stdout
    assert oauth2.introspection.asked == [(token, True)]
    assert_token_nowhere(token, afterview_home, db, synced.stdout, synced.stderr)


@pytest.mark.parametrize("command", [["send", "{id}", "--to-drafts"], ["sync"]])
def test_a_refused_token_on_imap_is_one_line(cli, command, oauth2, store, seeded, afterview_home, token_file, tmp_path):
    expired = give_token(token_file, oauth2.tokens.issue("alice"))
    oauth2.tokens.revoke(expired)
    write_config(afterview_home, oauth2, f"cat {token_file}")
    db = tmp_path / "afterview.db"
    message_id = add_message(store, seeded)
    refused = cli(db, *[part.format(id=message_id) for part in command])
    line = one_line_error(refused)
    assert line == "afterview: error: IMAP 127.0.0.1: authentication failed for alice: " \
                   f"[AUTHENTICATIONFAILED] Authentication failed. ({TOKEN_REFUSED})"
    assert oauth2.introspection.asked == [(expired, False)]  # Dovecot asked, the endpoint said inactive
    assert oauth2.messages("alice", "Drafts") == []
    assert state_of(store, message_id).note == ""
    assert_token_nowhere(expired, afterview_home, db, refused.stdout, refused.stderr)


# --- both, as `afterview account test` checks them --------------------------------------------

def test_account_test_logs_in_to_both_servers_with_the_token(cli, oauth2, afterview_home, token_file, tmp_path):
    token = give_token(token_file, oauth2.tokens.issue("alice"))
    write_config(afterview_home, oauth2, f"cat {token_file}")
    done = cli(tmp_path / "afterview.db", "account", "test")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SMTP: ok: 127.0.0.1" in done.stdout and "logged in as alice" in done.stdout
    assert "IMAP: ok" in done.stdout and "Drafts folder: Drafts; Sent folder: Sent" in done.stdout
    assert [a.accepted for a in oauth2.sasl] == [True] and oauth2.introspection.asked == [(token, True)]
    assert token not in done.stdout + done.stderr


@pytest.mark.parametrize("why", ["expired", "issued to another user"])
def test_account_test_says_both_servers_refused_the_token(cli, why, oauth2, afterview_home, token_file, tmp_path):
    token = give_token(token_file, oauth2.tokens.issue("alice" if why == "expired" else "bob"))
    if why == "expired":
        oauth2.tokens.revoke(token)
    write_config(afterview_home, oauth2, f"cat {token_file}")
    done = cli(tmp_path / "afterview.db", "account", "test")
    one_line_error(done)
    assert done.stdout.splitlines() == [
        f"SMTP: FAILED: SMTP 127.0.0.1: authentication failed for alice: {SMTP_REFUSED} ({TOKEN_REFUSED})",
        f"IMAP: FAILED: IMAP 127.0.0.1: authentication failed for alice: [AUTHENTICATIONFAILED] Authentication failed. "
        f"({TOKEN_REFUSED})",
    ]
    assert [(a.accepted, a.reply_to_error) for a in oauth2.sasl] == [(False, b"")]
    assert oauth2.introspection.asked == [(token, why != "expired")]  # bob's token is valid, for bob only
    assert token not in done.stdout + done.stderr
