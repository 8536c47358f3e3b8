"""Mail secrets, from a privacy tester's audit: where a password (or token) could end up outside
its keyring, variable or command, and what the machine's name could tell a recipient.

- a keyring backend keyring does not recommend (a plain-text file) is no keyring: --ask-password
  refuses, reading refuses, and neither relays keyring's advice to install one;
- a failing password_command keeps none of its words (last_error, the database file), its
  messages go to the terminal only where one is watching; a server echoing the secret (as it
  is, IMAP-quoted, or in base64 as SASL carries it) has it hidden as "***";
- a keyring that fails in any way on writing is one line, nothing added;
- a secret pasted as a password or token command is refused when the account is added, never
  repeated;
- EHLO says an address literal, never the machine's name;
- the database file (and its -wal and -shm) is made yours alone when it is opened;
- `account remove` forgets the keyring password by default and says what became of it; an
  empty variable is said as empty.
"""

from __future__ import annotations

import base64
import os
import pty
import select
import stat
import subprocess
import sys
import threading
import tomllib
from pathlib import Path

import pytest

from afterview.delivery.accounts import Account, secret
from afterview.domain.model import Message, MessageState
from afterview.errors import ConfigError
from tests.delivery.conftest import NOW, add_message
from tests.fixtures.util import free_port
from tests.helpers import afterview, assert_clean_error

CANARY = "S3cr3t-Canary-9137"
# a password with what IMAP quotes (a quote, a backslash) and a space: hidden however it is echoed
ECHOED = 'S3cr3t "Canary" \\ 9137'


def _run(argv: list[str], home: Path, *, env: dict | None = None, input: str = "", timeout: float = 60):
    """`python -m afterview ARGV` in a process of its own, with no terminal (a new session: a
    password prompt reads what `input` gives)."""
    full = dict(os.environ, AFTERVIEW_HOME=str(home), **(env or {}))
    return subprocess.run([sys.executable, "-m", "afterview", *argv], env=full, input=input, capture_output=True,
                          text=True, timeout=timeout, start_new_session=True)


def _on_a_terminal(argv: list[str], home: Path, *, env: dict | None = None, timeout: float = 60) -> tuple[int, str]:
    """`python -m afterview ARGV` with a terminal (a pty) as its stdin, stdout and stderr: what a
    person running it would see, and its exit status."""
    master, slave = pty.openpty()
    full = dict(os.environ, AFTERVIEW_HOME=str(home), **(env or {}))
    proc = subprocess.Popen([sys.executable, "-m", "afterview", *argv], stdin=slave, stdout=slave, stderr=slave,
                            env=full, start_new_session=True)
    os.close(slave)
    seen = b""
    try:
        while True:
            ready, _, _ = select.select([master], [], [], timeout)
            if not ready:
                break
            try:
                data = os.read(master, 4096)
            except OSError:  # EIO: the other side is closed
                break
            if not data:
                break
            seen += data
        return proc.wait(timeout=timeout), seen.decode(errors="replace").replace("\r\n", "\n")
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()


def _section(name: str, mail, **keys) -> str:
    """config.toml's [accounts.NAME] on the test servers (STARTTLS, their own CA)."""
    values = {"email": "alice@example.test", "user": "alice", "smtp_host": mail.host, "smtp_port": mail.smtp_port,
              "smtp_tls": "starttls", "imap_host": mail.host, "imap_port": mail.imap_port, "imap_tls": "starttls",
              "tls_ca_file": str(mail.cert_path), **keys}
    import tomli_w

    return tomli_w.dumps({"accounts": {name: values}})


def _keyring_module(folder: Path, name: str, body: str) -> dict:
    """A keyring backend module in `folder`, chosen by PYTHON_KEYRING_BACKEND: the environment."""
    (folder / f"{name}.py").write_text("from keyring.backend import KeyringBackend\n" + body)
    return {"PYTHONPATH": os.pathsep.join([str(folder), *filter(None, [os.environ.get("PYTHONPATH")])]),
            "PYTHON_KEYRING_BACKEND": f"{name}.Backend"}


# a backend as keyrings.alt's PlaintextKeyring is: priority 0.5, the passwords in a plain file
PLAIN_FILE_BACKEND = '''
from pathlib import Path
FILE = Path(__file__).with_name("plain-keyring.txt")

class Backend(KeyringBackend):
    priority = 0.5

    def get_password(self, service, username):
        lines = FILE.read_text().splitlines() if FILE.exists() else []
        return next((p for s, u, p in (line.split("\\t") for line in lines) if (s, u) == (service, username)), None)

    def set_password(self, service, username, password):
        with FILE.open("a") as kept:
            kept.write(f"{service}\\t{username}\\t{password}\\n")

    def delete_password(self, service, username):
        pass
'''

# a recommended backend (priority 10) that is broken: every call raises RuntimeError, the
# password it was given in the words (as a careless backend might)
BROKEN_BACKEND = '''
class Backend(KeyringBackend):
    priority = 10

    def get_password(self, service, username):
        raise RuntimeError("backend exploded while reading " + username)

    def set_password(self, service, username, password):
        raise RuntimeError("backend exploded while storing " + password)

    def delete_password(self, service, username):
        raise RuntimeError("boom delete")
'''

SERVERS = ["--smtp-host", "127.0.0.1", "--smtp-tls", "none", "--imap-host", "127.0.0.1", "--imap-tls", "none"]


# 1. a keyring that keeps passwords in a plain file is no keyring ---------------------------

def test_ask_password_refuses_a_plain_text_keyring_and_writes_nothing(tmp_path, afterview_home):
    env = _keyring_module(tmp_path, "plainkr", PLAIN_FILE_BACKEND)
    done = _run(["account", "add", "kr2", "--email", "alice@example.test", *SERVERS, "--ask-password"],
                afterview_home, env=env, input=f"{CANARY}\n{CANARY}\n")
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert "has no keyring" in lines[0] and "--password-env VAR or --password-command CMD" in lines[0]
    assert "password manager" in lines[0] and "keyrings.alt" not in lines[0]
    assert "Password" not in done.stderr  # refused before asking
    assert not (tmp_path / "plain-keyring.txt").exists()
    config = afterview_home / "config.toml"
    assert not config.exists() or "kr2" not in config.read_text()


@pytest.mark.parametrize("backend", ["plain", "fail"])
def test_reading_refuses_a_plain_text_keyring_and_relays_no_advice(backend, mail, tmp_path, afterview_home):
    """An account saying password_keyring = true, on a system whose only keyring is a plain file
    (its password there, right) or none: the connection test says in one line what to do instead."""
    if backend == "plain":
        env = _keyring_module(tmp_path, "plainkr", PLAIN_FILE_BACKEND)
        (tmp_path / "plain-keyring.txt").write_text(f"afterview\tkr\t{mail.users['alice'].password}\n")
    else:
        env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    (afterview_home / "config.toml").write_text(_section("kr", mail, password_keyring=True))
    done = _run(["account", "test", "kr"], afterview_home, env=env)
    assert done.returncode == 2
    said = done.stdout + done.stderr
    assert "SMTP: FAILED: account kr: password_keyring = true, but this system has no keyring" in said, said
    assert "IMAP: FAILED: account kr: password_keyring = true, but this system has no keyring" in said
    assert 'password_env = "VAR" or password_command = "pass show mail/work"' in said
    assert "keyrings.alt" not in said and "logged in" not in said


# 2. a failing command's words are not kept; a server's echo of the secret is hidden ---------

FAILING_COMMAND = f"""import sys
print({CANARY!r})
sys.stderr.write("stderr line with {CANARY} in it\\n")
sys.exit(3)
"""


def test_a_failing_password_command_keeps_none_of_its_words(mail, store, seeded, tmp_path):
    from afterview.services import delivery

    script = tmp_path / "pw.py"
    script.write_text(FAILING_COMMAND)
    account = Account(name="failcmd", email="alice@example.test", user="alice", smtp_host=mail.host,
                      smtp_port=mail.smtp_port, smtp_tls="starttls", imap_host=mail.host, imap_port=mail.imap_port,
                      imap_tls="starttls", tls_ca_file=str(mail.cert_path), rate_per_minute=0, timeout=10,
                      password_command=f"{sys.executable} {script}")
    waiting = add_message(store, seeded, state=MessageState.APPROVED, account="failcmd", approved_at=NOW)
    report = delivery.send_due(store, now=NOW, accounts={"failcmd": account})
    assert report.sent == [] and mail.received == []
    with store.transaction() as tx:
        message = tx.get(Message, waiting)
    assert "account failcmd: password_command failed (exit 3): run it yourself in a terminal to see why" \
        in message.last_error
    assert CANARY not in message.last_error and "stderr line" not in message.last_error
    round_ = delivery.mail_round(store, now=NOW, accounts={"failcmd": account})  # the desk's words, too
    assert round_.problems and not any(CANARY in problem for problem in round_.problems)
    store.close()
    database = tmp_path / "afterview.db"
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        if path.exists():
            assert CANARY.encode() not in path.read_bytes(), path


def test_on_a_terminal_the_commands_own_message_is_shown_there_and_not_in_the_line(mail, tmp_path, afterview_home):
    script = tmp_path / "pw.py"
    script.write_text(FAILING_COMMAND)
    (afterview_home / "config.toml").write_text(
        _section("failcmd", mail, password_command=f"{sys.executable} {script}"))
    status, seen = _on_a_terminal(["account", "test", "failcmd"], afterview_home)
    assert status == 2, seen
    # the program's own line reached the terminal, as if the user had run it (once per server)
    assert seen.count(f"stderr line with {CANARY} in it") == 2, seen
    [smtp] = [line for line in seen.splitlines() if line.startswith("SMTP: FAILED")]
    assert smtp == ("SMTP: FAILED: account failcmd: password_command failed (exit 3): run it yourself in a "
                    "terminal to see why (its messages are not kept, in case they hold the secret)")
    # without a terminal (a worker's log, a pipe) it goes nowhere
    piped = _run(["account", "test", "failcmd"], afterview_home)
    assert piped.returncode == 2 and CANARY not in piped.stdout + piped.stderr
    assert "password_command failed (exit 3)" in piped.stdout


def test_a_missing_program_is_not_repeated():
    account = Account(name="w", email="w@x.example", password_command=f"/nonexistent/{CANARY} --flag")
    with pytest.raises(ConfigError, match="password_command: program not found") as caught:
        secret(account)
    assert CANARY not in str(caught.value)


class _EchoingSmtp:
    """aiosmtpd on 127.0.0.1 whose refusal of a login repeats what it was sent: the password as
    it is, the whole AUTH PLAIN line, or the password in base64 as AUTH LOGIN carries it."""

    def __init__(self, how: str) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        self.port, self.ehlo = free_port(), []
        owner = self

        class Handler:
            async def handle_EHLO(self, server, session, envelope, hostname, responses):
                owner.ehlo.append(hostname)
                session.host_name = hostname
                return responses

            if how == "plain-line":
                async def handle_AUTH(self, server, session, envelope, args):
                    return "535 5.7.8 authentication failed: AUTH " + " ".join(args)

        def authenticator(server, session, envelope, mechanism, auth_data):
            password = auth_data.password.decode()
            words = password if how == "raw" else base64.b64encode(password.encode()).decode()
            return AuthResult(success=False, handled=False, message=f"535 5.7.8 no such login: alice {words}")

        excluded = {"plain-line": ["LOGIN"], "login-base64": ["PLAIN"]}.get(how, [])
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, authenticator=authenticator,
                                     auth_require_tls=False, auth_exclude_mechanism=excluded, ready_timeout=10)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


class _EchoingImap:
    """An IMAP server that answers LOGIN with NO and the line it was sent. No real server does
    that (Dovecot says "Authentication failed."), so this one is scripted: the greeting,
    CAPABILITY, LOGIN and LOGOUT, on 127.0.0.1."""

    def __init__(self) -> None:
        import socketserver

        class Session(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n")
                for line in self.rfile:
                    tag, _, rest = line.rstrip(b"\r\n").partition(b" ")
                    command, _, args = rest.partition(b" ")
                    if command.upper() == b"CAPABILITY":
                        self.wfile.write(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + tag + b" OK done\r\n")
                    elif command.upper() == b"LOGIN":
                        self.wfile.write(tag + b" NO [AUTHENTICATIONFAILED] failed: " + args + b"\r\n")
                    else:
                        self.wfile.write(b"* BYE\r\n" + tag + b" OK bye\r\n")
                        return

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Session)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("how", ["raw", "plain-line", "login-base64"])
def test_a_server_echoing_the_password_has_it_hidden(how, store, seeded, afterview_home, monkeypatch):
    import tomli_w

    from afterview.services import delivery

    smtp, imap = _EchoingSmtp(how), _EchoingImap()
    try:
        monkeypatch.setenv("AV_ECHO_PASSWORD", ECHOED)
        account = Account(name="echo", email="alice@example.test", user="alice", smtp_host="127.0.0.1",
                          smtp_port=smtp.port, smtp_tls="none", imap_host="127.0.0.1", imap_port=imap.port,
                          imap_tls="none", password_env="AV_ECHO_PASSWORD", rate_per_minute=0, timeout=10)
        (afterview_home / "config.toml").write_text(tomli_w.dumps({"accounts": {"echo": {
            "email": account.email, "user": "alice", "smtp_host": "127.0.0.1", "smtp_port": smtp.port,
            "smtp_tls": "none", "imap_host": "127.0.0.1", "imap_port": imap.port, "imap_tls": "none",
            "password_env": "AV_ECHO_PASSWORD"}}}))
        tested = afterview("account", "test", "echo")
        waiting = add_message(store, seeded, state=MessageState.APPROVED, account="echo", approved_at=NOW)
        delivery.send_due(store, now=NOW, accounts={"echo": account})
        with store.transaction() as tx:
            stored = tx.get(Message, waiting).last_error
    finally:
        smtp.stop()
        imap.stop()
    smtp_line = next(line for line in tested.out.splitlines() if line.startswith("SMTP: FAILED"))
    imap_line = next(line for line in tested.out.splitlines() if line.startswith("IMAP: FAILED"))
    assert "authentication failed for alice: 535 5.7.8" in smtp_line and "***" in smtp_line, smtp_line
    assert imap_line == ("IMAP: FAILED: IMAP 127.0.0.1: authentication failed for alice: [AUTHENTICATIONFAILED] "
                         "failed: alice \"***\" (check the password or app password)"), imap_line
    assert "authentication failed for alice" in stored and "***" in stored
    forms = [ECHOED, "S3cr3t", "Canary", base64.b64encode(ECHOED.encode()).decode(),
             base64.b64encode(f"\0alice\0{ECHOED}".encode()).decode()]
    for text in (tested.out, tested.err, stored):
        assert not any(form in text for form in forms), text


def test_redact_hides_each_form_a_secret_travels_in():
    from afterview.delivery.accounts import redact

    token = "ya29.a0AfB_token"
    bearer = base64.b64encode(f"user=alice\x01auth=Bearer {token}\x01\x01".encode()).decode()
    assert redact(f"334 {bearer}", token, "alice") == "334 ***"
    assert redact('NO failed: alice "pa\\\\ss \\"w\\""', 'pa\\ss "w"', "alice") == "NO failed: alice \"***\""
    assert redact("nothing of it here", "", "alice") == "nothing of it here"


# 4. a keyring that fails on writing ---------------------------------------------------------

def test_a_keyring_that_fails_on_writing_is_one_line_and_nothing_is_added(tmp_path, afterview_home):
    env = _keyring_module(tmp_path, "brokenkr", BROKEN_BACKEND)
    done = _run(["account", "add", "kb", "--email", "alice@example.test", *SERVERS, "--ask-password"],
                afterview_home, env=env, input=f"{CANARY}\n{CANARY}\n")
    assert done.returncode == 2, done.stdout + done.stderr
    # (before it, with no terminal, the prompts and getpass's warning that they may be echoed)
    [line] = [line for line in done.stderr.splitlines() if line.startswith("afterview")]
    assert line == "afterview: error: account kb: the keyring refused the password: backend exploded while storing ***"
    assert done.stderr.rstrip().endswith(line) and "Traceback" not in done.stderr
    assert CANARY not in done.stdout + done.stderr and "internal error" not in done.stderr
    config = afterview_home / "config.toml"
    assert not config.exists() or "kb" not in config.read_text()


# 5. a secret pasted as a command ------------------------------------------------------------

@pytest.mark.parametrize(("option", "value", "said"), [
    ("--token-command", "ya29.CanaryTok-7781-QwErTy", "token_command names a program that is not found here"),
    ("--password-command", f"/nonexistent/{CANARY} --flag", "password_command names a program that is not found"),
    ("--password-command", f'"{CANARY}', "password_command cannot be split into words"),
])
def test_a_command_whose_program_is_not_found_is_refused_unrepeated(option, value, said, afterview_home):
    done = afterview("account", "add", "oops3", "--email", "alice@example.test", *SERVERS, option, value)
    assert_clean_error(done, said, "what was given is not shown here")
    assert value not in done.err and "Canary" not in done.err and "Canary" not in done.out
    assert not (afterview_home / "config.toml").exists()
    assert "oops3" not in afterview("account", "list").out


def test_a_command_found_here_is_added(afterview_home, tmp_path):
    script = tmp_path / "pw.py"
    script.write_text("print('x')\n")
    done = afterview("account", "add", "ok", "--email", "alice@example.test", *SERVERS,
                     "--password-command", f"{sys.executable} {script}")
    assert done.code == 0, done.err
    section = tomllib.loads((afterview_home / "config.toml").read_text())["accounts"]["ok"]
    assert section["password_command"] == f"{sys.executable} {script}"


# 6. EHLO names no machine --------------------------------------------------------------------

def test_ehlo_says_an_address_literal_not_the_machines_name(monkeypatch):
    import socket

    from afterview.delivery.smtp import SmtpConnection
    from afterview.errors import DeliveryError

    # a laptop's name, as smtplib would say it (a name without a dot gives its address already)
    monkeypatch.setattr(socket, "getfqdn", lambda name="": "alex-morgans-macbook.fritz.box")
    server = _EchoingSmtp("raw")
    try:
        monkeypatch.setenv("AV_ECHO_PASSWORD", "x")
        account = Account(name="e", email="alice@example.test", smtp_host="127.0.0.1", smtp_port=server.port,
                          smtp_tls="none", password_env="AV_ECHO_PASSWORD", timeout=10)
        with pytest.raises(DeliveryError, match="authentication failed"):  # after EHLO: its login is refused
            SmtpConnection(account).open()
    finally:
        server.stop()
    assert server.ehlo == ["[127.0.0.1]"]


# 7. the database file is yours alone ---------------------------------------------------------

def test_opening_the_store_makes_the_database_and_its_wal_yours_alone(tmp_path):
    from afterview.storage import open_store

    database = tmp_path / "afterview.db"
    first = open_store(f"sqlite:///{database}")
    try:
        with first.transaction() as tx:  # a write: the -wal and -shm files are there while it is open
            profile = tx.profile()
            profile.name = "Alice"
            tx.save_profile(profile)
        files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
        assert all(path.exists() for path in files)
        for path in files:
            path.chmod(0o644)  # copied, or made by a program with the umask's mode
        open_store(f"sqlite:///{database}").close()
        assert [stat.S_IMODE(path.stat().st_mode) for path in files] == [0o600, 0o600, 0o600]
    finally:
        first.close()
    if os.geteuid() == 0:  # a file of another user's is left as it is
        os.chown(database, 65534, 65534)
        database.chmod(0o644)
        open_store(f"sqlite:///{database}").close()
        assert stat.S_IMODE(database.stat().st_mode) == 0o644


def test_a_command_that_writes_leaves_the_database_yours_alone(tmp_path):
    database = tmp_path / "afterview.db"
    assert afterview("--db", str(database), "profile", "set", "--name", "Alice").code == 0
    database.chmod(0o644)
    done = afterview("--db", str(database), "profile", "set", "--name", "Alice Seeker")
    assert done.code == 0, done.err
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


# 8. removing an account forgets its password; an empty variable ------------------------------

def test_remove_forgets_the_keyring_password_by_default_and_says_so(afterview_home, memory_keyring):
    for name in ("home", "work"):
        added = afterview("account", "add", name, "--email", f"{name}@example.test", *SERVERS, "--ask-password",
                          input="pw-1\npw-1\n")
        assert added.code == 0, added.err
    removed = afterview("account", "remove", "home")
    assert removed.code == 0 and removed.out.strip() == "removed account home and forgot its password (deleted from the keyring)"
    assert ("afterview", "home") not in memory_keyring
    kept = afterview("account", "remove", "work", "--keep-password")
    assert kept.code == 0 and kept.out.strip() == ("removed account work; its password stays in the keyring (to "
                                                   "delete it: keyring del afterview work)")
    assert memory_keyring == {("afterview", "work"): "pw-1"}


def test_remove_says_where_another_password_came_from(afterview_home, monkeypatch):
    monkeypatch.setenv("MAIL_PASSWORD", "x")
    assert afterview("account", "add", "env", "--email", "a@example.test", *SERVERS, "--password-env",
                     "MAIL_PASSWORD").code == 0
    removed = afterview("account", "remove", "env")
    assert removed.out.strip() == ("removed account env; its password came from the environment variable "
                                   "MAIL_PASSWORD, which is left as it is")


def test_remove_says_when_the_keyring_could_not_delete_the_password(tmp_path, afterview_home):
    (afterview_home / "config.toml").write_text(
        '[accounts.kb]\nemail = "a@example.test"\nsmtp_host = "127.0.0.1"\nsmtp_tls = "none"\n'
        'password_keyring = true\n')
    done = _run(["account", "remove", "kb"], afterview_home, env=_keyring_module(tmp_path, "brokenkr", BROKEN_BACKEND))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ("removed account kb; its password could not be deleted from the keyring (boom "
                                   "delete): delete it with: keyring del afterview kb")
    assert "accounts" not in tomllib.loads((afterview_home / "config.toml").read_text())


def test_an_empty_variable_is_said_to_be_empty(afterview_home, monkeypatch):
    monkeypatch.setenv("MAIL_PASSWORD", "")
    with pytest.raises(ConfigError, match="environment variable MAIL_PASSWORD is empty$"):
        secret(Account(name="w", email="w@x.example", password_env="MAIL_PASSWORD"))
    added = afterview("account", "add", "w", "--email", "a@example.test", *SERVERS, "--password-env", "MAIL_PASSWORD")
    assert added.code == 0 and "note: the environment variable MAIL_PASSWORD is empty here" in added.err
    monkeypatch.delenv("MAIL_PASSWORD")
    with pytest.raises(ConfigError, match="environment variable MAIL_PASSWORD is not set$"):
        secret(Account(name="w", email="w@x.example", password_env="MAIL_PASSWORD"))
