"""The real servers the test run starts actually work: PostgreSQL, Dovecot, aiosmtpd, Chromium."""

from __future__ import annotations

import functools
import http.server
import smtplib
import ssl
import threading
from email.message import EmailMessage

import pytest

from tests.helpers import afterview


def _mail(sender: str, to: str, subject: str, body: str = "Thank you for your time today.") -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg["Message-ID"] = f"<{subject.replace(' ', '-')}@example.test>"
    msg.set_content(body)
    return msg


def _smtp(mail, user: str = "alice") -> smtplib.SMTP:
    client = smtplib.SMTP(mail.smtp_host, mail.smtp_port, timeout=10)
    client.starttls(context=mail.ssl_context())
    account = mail.users[user]
    client.login(account.login, account.password)
    return client


# PostgreSQL


def test_postgres_url_runs_queries(postgres_url):
    import psycopg

    assert postgres_url.startswith("postgresql+psycopg://postgres@127.0.0.1:")
    with psycopg.connect(postgres_url.replace("+psycopg", "")) as conn:
        assert conn.execute("select current_setting('server_version_num')::int").fetchone()[0] >= 150000
        assert conn.execute("select current_setting('fsync')").fetchone()[0] == "off"


def test_pg_url_gives_each_test_a_fresh_database(pg_url, postgres):
    import psycopg

    name = pg_url.rsplit("/", 1)[1]
    with psycopg.connect(pg_url.replace("+psycopg", ""), autocommit=True) as conn:
        assert conn.execute("select current_database()").fetchone()[0] == name
        tables = conn.execute("select count(*) from pg_tables where schemaname = 'public'").fetchone()[0]
        assert tables == 0
        conn.execute("create table leftover (id int)")
    # The next test's database is another one, without this table.
    other = postgres.new_database_name()
    assert other != name


def test_pg_url_database_is_dropped_after_the_test(postgres):
    name = postgres.new_database_name()
    postgres.create_database(name)
    with postgres.connect(name) as held_open:
        held_open.execute("select 1")
        postgres.drop_database(name)
    with postgres.connect() as conn:
        assert conn.execute("select count(*) from pg_database where datname = %s", (name,)).fetchone()[0] == 0


def test_sqlalchemy_reaches_postgres(pg_url):
    from sqlalchemy import create_engine, text

    engine = create_engine(pg_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("create table t (x int)"))
            conn.execute(text("insert into t values (1), (2)"))
            assert conn.execute(text("select sum(x) from t")).scalar_one() == 3
    finally:
        engine.dispose()


# IMAP (Dovecot)


def test_imap_starttls_login_finds_special_use_drafts(mail):
    import imapclient

    client = imapclient.IMAPClient(mail.imap_host, port=mail.imap_port, ssl=False, timeout=10)
    try:
        assert b"STARTTLS" in client.capabilities()
        client.starttls(mail.ssl_context())
        client.login("alice", mail.users["alice"].password)
        assert client.find_special_folder(b"\\Drafts") == "Drafts"
        assert client.find_special_folder(b"\\Sent") == "Sent"
    finally:
        client.logout()


def test_imap_implicit_tls_port(mail):
    import imapclient

    client = imapclient.IMAPClient(mail.imap_host, port=mail.imaps_port, ssl=True,
                                   ssl_context=mail.ssl_context(), timeout=10)
    try:
        client.login("bob", mail.users["bob"].password)
        assert client.select_folder("INBOX")[b"EXISTS"] == 0
    finally:
        client.logout()


def test_imap_wrong_password_is_refused(mail):
    import imapclient

    client = imapclient.IMAPClient(mail.imap_host, port=mail.imap_port, ssl=False, timeout=10)
    client.starttls(mail.ssl_context())
    with pytest.raises(imapclient.exceptions.LoginError):
        client.login("alice", "not-the-password")
    client.shutdown()


def test_imap_append_draft_and_search(mail):
    client = mail.imap("alice")
    try:
        msg = _mail("alice@example.test", "bob@example.test", "Draft note")
        client.append("Drafts", msg.as_bytes(), flags=[b"\\Draft"])
        client.select_folder("Drafts")
        assert len(client.search(["HEADER", "Message-ID", "<Draft-note@example.test>"])) == 1
    finally:
        client.logout()


def test_deliver_to_inbox_and_reset(mail):
    mail.deliver_to_inbox("alice", _mail("bob@example.test", "alice@example.test", "Next steps").as_bytes(),
                          sender="bob@example.test")
    [got] = mail.messages("alice")
    assert got["Subject"] == "Next steps"
    mail.reset()
    assert mail.messages("alice") == []
    client = mail.imap("alice")
    try:
        assert client.find_special_folder(b"\\Drafts") == "Drafts"
    finally:
        client.logout()


def test_imap_server_without_special_use_folders():
    from tests.fixtures.mail import start_imap_server

    server = start_imap_server(special_use=False)
    try:
        client = server.imap("alice")
        try:
            assert [name for _, _, name in client.list_folders()] == ["INBOX"]
            assert client.find_special_folder(b"\\Drafts") is None
        finally:
            client.logout()
    finally:
        server.stop()
    assert not server.folder.exists()


# SMTP (aiosmtpd delivering into Dovecot)


def test_smtp_starttls_auth_delivers_to_bobs_inbox(mail):
    with _smtp(mail) as client:
        refused = client.send_message(_mail("alice@example.test", "bob@example.test", "Thank you"))
    assert refused == {}
    [record] = mail.received
    assert record.login == "alice" and record.rcpt_tos == ["bob@example.test"] and record.delivered_to == ["bob"]
    [inbox] = mail.messages("bob")
    assert inbox["Subject"] == "Thank you" and inbox["Message-ID"] == "<Thank-you@example.test>"
    client = mail.imap("bob")
    try:
        client.select_folder("INBOX")
        assert client.search(["FROM", "alice@example.test"])
    finally:
        client.logout()


def test_smtp_records_but_does_not_deliver_other_domains(mail):
    with _smtp(mail) as client:
        client.send_message(_mail("alice@example.test", "recruiter@acme.example", "Hello"))
    [record] = mail.received
    assert record.rcpt_tos == ["recruiter@acme.example"] and record.delivered_to == []
    assert record.message["Subject"] == "Hello"


def test_smtp_implicit_tls_port(mail):
    with smtplib.SMTP_SSL(mail.smtp_host, mail.smtps_port, context=mail.ssl_context(), timeout=10) as client:
        client.login("carol", mail.users["carol"].password)
        client.send_message(_mail("carol@example.test", "alice@example.test", "Offer call"))
    assert [m["Subject"] for m in mail.messages("alice")] == ["Offer call"]


def test_smtp_wrong_password_is_refused(mail):
    with smtplib.SMTP(mail.smtp_host, mail.smtp_port, timeout=10) as client:
        client.starttls(context=mail.ssl_context())
        with pytest.raises(smtplib.SMTPAuthenticationError) as refused:
            client.login("alice", "wrong")
    assert refused.value.smtp_code == 535
    assert mail.received == []


def test_smtp_requires_starttls_and_auth(mail):
    with smtplib.SMTP(mail.smtp_host, mail.smtp_port, timeout=10) as client:
        code, _ = client.mail("alice@example.test")
        assert code == 530  # STARTTLS first
    with smtplib.SMTP(mail.smtp_host, mail.smtp_port, timeout=10) as client:
        client.starttls(context=mail.ssl_context())
        client.ehlo()
        code, _ = client.mail("alice@example.test")
        assert code == 530  # then AUTH


def test_smtp_accepts_utf8_addresses(mail):
    with _smtp(mail) as client:
        assert client.has_extn("smtputf8")
        msg = _mail("alice@example.test", "jürgen@firma.example", "Grüße")
        client.send_message(msg)
    [record] = mail.received
    assert record.rcpt_tos == ["jürgen@firma.example"] and record.message["Subject"] == "Grüße"


def test_smtp_certificate_is_verified_against_the_test_cert(mail):
    with smtplib.SMTP(mail.smtp_host, mail.smtp_port, timeout=10) as client:
        with pytest.raises(ssl.SSLCertVerificationError):
            client.starttls(context=ssl.create_default_context())


@pytest.mark.parametrize(("code", "error"), [(451, smtplib.SMTPDataError), (554, smtplib.SMTPDataError)])
def test_smtp_fail_next_on_data(mail, code, error):
    mail.smtp.fail_next(code, "Planned failure")
    with _smtp(mail) as client:
        with pytest.raises(error) as failed:
            client.send_message(_mail("alice@example.test", "bob@example.test", "Retry me"))
        assert failed.value.smtp_code == code
        client.send_message(_mail("alice@example.test", "bob@example.test", "Second try"))
    assert [r.message["Subject"] for r in mail.received] == ["Second try"]
    assert len(mail.smtp.attempts) == 2
    assert [m["Subject"] for m in mail.messages("bob")] == ["Second try"]


def test_smtp_fail_next_on_rcpt(mail):
    mail.smtp.fail_next(550, "No such user", stage="RCPT")
    with _smtp(mail) as client:
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            client.send_message(_mail("alice@example.test", "bob@example.test", "Refused"))
    assert mail.received == [] and mail.smtp.pending_failures() == 0


def test_smtp_drop_next_closes_mid_data(mail):
    mail.smtp.drop_next()
    with pytest.raises(smtplib.SMTPServerDisconnected):
        with _smtp(mail) as client:
            client.send_message(_mail("alice@example.test", "bob@example.test", "Lost"))
    assert mail.received == [] and mail.messages("bob") == []


def test_mail_fixture_starts_empty(mail):
    assert mail.received == [] and mail.smtp.pending_failures() == 0
    assert mail.messages("bob") == []


# Browser (Debian's Chromium through Playwright)


def test_chromium_options_point_at_debians_chromium(chromium):
    assert chromium["executable_path"] == "/usr/bin/chromium"
    assert "--headless" in chromium["args"] and "--no-sandbox" in chromium["args"]


def test_chromium_reads_a_local_page(page, tmp_path):
    (tmp_path / "index.html").write_text("<html><head><title>Afterview test</title></head><body><h1>Hi</h1></body></html>")
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/index.html")
        assert page.title() == "Afterview test"
        assert page.locator("h1").inner_text() == "Hi"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


# Benchmark tooling (bench/common.py, bench/run.py) and the setup script


def test_report_line_with_baseline_and_ratio_goal(capsys):
    from bench.common import report

    assert report("afterview --help", 84.2, "ms", goal="6x", baseline=("python -c pass", 19.0)) is True
    assert capsys.readouterr().out == "afterview --help: 84.2 ms (python -c pass: 19 ms, 4.4x; goal <= 6x) OK\n"


@pytest.mark.parametrize(
    ("value", "goal", "ok", "shown"),
    [(310, "< 1000", True, "< 1000"), (1000, "< 1000", False, "< 1000"), (1000, 1000, True, "<= 1000"),
     (50, ">= 100", False, ">= 100"), (2.0, "2x", True, "<= 2x"), (None, None, None, None)],
)
def test_goals(value, goal, ok, shown):
    from bench.common import evaluate_goal

    assert evaluate_goal(value or 0, goal, ("base", 1.0)) == (ok, shown)


def test_ratio_goal_needs_a_baseline():
    from bench.common import evaluate_goal

    with pytest.raises(ValueError, match="baseline"):
        evaluate_goal(3, "2x", None)


def test_timeit_and_peak_rss_measure_real_processes():
    import sys

    from bench.common import BenchError, peak_rss_of_cmd, timeit_cmd

    timing = timeit_cmd([sys.executable, "-c", "pass"], runs=2, warmup=0)
    assert len(timing.samples) == 2 and 0 < timing.min <= timing.median
    big = peak_rss_of_cmd([sys.executable, "-c", "x = bytearray(60_000_000)"])
    small = peak_rss_of_cmd([sys.executable, "-c", "pass"])
    assert big - small > 50_000_000
    with pytest.raises(BenchError, match="exit 3"):
        timeit_cmd([sys.executable, "-c", "import sys; sys.exit(3)"], runs=1, warmup=0)


def test_bench_runner_goes_on_after_a_failing_bench(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / "bench_a_fails.py").write_text("def main():\n    raise RuntimeError('no database here')\n")
    (tmp_path / "bench_b_works.py").write_text(
        "from common import report\n\ndef main():\n    report('speed', 5, 'ms', goal='< 10')\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    runner = Path(__file__).resolve().parent.parent / "bench" / "run.py"
    done = subprocess.run([sys.executable, str(runner), "--dir", str(tmp_path)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1
    assert "bench_a_fails FAILED: exit 1: RuntimeError: no database here" in done.stdout
    assert "speed: 5 ms (goal < 10 ms) OK" in done.stdout  # printed once: main() ran once
    assert done.stdout.count("speed: 5 ms") == 1
    assert "2 benches (1 failed), 1 figures, 1 of 1 goals met" in done.stdout


def test_setup_script_is_valid_and_rejects_unknown_options(tmp_path):
    import os
    import subprocess
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "setup.sh"
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0
    logs = tmp_path / "tmp"
    logs.mkdir()
    done = subprocess.run([str(script), "--bogus"], capture_output=True, text=True, check=False,
                          env={**os.environ, "TMPDIR": str(logs)})
    assert done.returncode == 2 and done.stderr.strip() == "setup: unknown option --bogus (use --test or nothing)"
    assert list(logs.iterdir()) == []  # no empty log left behind


# Data folders built once and copied (the `prebuilt` fixture, tests/helpers.Prebuilt)

_AT = "2026-11-26T15:00:00Z"
_DEMO_DRAFTED = (("--at", _AT, "demo", "--no-agenda"), ("--at", _AT, "draft", "--interview", "1"))


def _contents(db) -> list[str]:
    """The database's schema and rows, in a stable order, with what differs between two
    databases built alike set apart: when each migration ran, and the identity (checked to be
    the file's own, as a database made there records it)."""
    import json
    import sqlite3

    from afterview.storage.store import _whereabouts

    connection = sqlite3.connect(db)
    try:
        [[identity]] = connection.execute("SELECT value FROM afterview_state WHERE key = 'identity'").fetchall()
        migrations = connection.execute("SELECT name FROM afterview_migrations ORDER BY name").fetchall()
        lines = [line for line in connection.iterdump()
                 if not line.replace('"', "").startswith(("INSERT INTO afterview_migrations ",
                                                         "INSERT INTO afterview_state VALUES('identity'"))]
    finally:
        connection.close()
    recorded = json.loads(identity)
    assert {k: v for k, v in recorded.items() if k != "id"} == _whereabouts(db), recorded
    assert len(recorded["id"]) == 32
    return sorted(lines) + [f"migration {version}" for [version] in migrations]


@pytest.fixture(scope="session")
def _demo_drafted(prebuilt):
    return prebuilt.build(*_DEMO_DRAFTED)


@pytest.fixture(scope="session")
def _new_database(prebuilt):
    return prebuilt.build()


def test_a_prebuilt_copy_is_what_the_commands_build_in_place(prebuilt, _demo_drafted, afterview_home, tmp_path):
    from afterview.storage import open_store

    in_place = afterview_home / "afterview.db"
    for args in _DEMO_DRAFTED:
        assert afterview(*args).code == 0
    (tmp_path / "other-home").mkdir()
    copies = [prebuilt.copy(_demo_drafted, tmp_path / "other-home", db=tmp_path / "elsewhere" / "copy.db")]
    (tmp_path / "third-home").mkdir()
    copies.append(prebuilt.copy(_demo_drafted, tmp_path / "third-home"))  # the same build, copied again
    assert copies[1] == tmp_path / "third-home" / "afterview.db"
    for copy in copies:
        assert _contents(copy) == _contents(in_place)
        assert copy.stat().st_mode & 0o777 == in_place.stat().st_mode & 0o777 == 0o600
        opened = open_store(f"sqlite:///{copy}")  # not taken for a copy: nothing held back, nothing said
        opened.close()
        assert opened.notices == []
        for args in (("today",), ("drafts",), ("show", "2"), ("agenda",), ("why", "1")):
            here, there = (afterview("--db", str(db), "--at", _AT, *args) for db in (in_place, copy))
            assert (there.code, there.out, there.err) == (here.code, here.out, here.err), args
    # each copy is a database of its own
    assert len({_identity_id(db) for db in (in_place, *copies)}) == 3


def test_a_prebuilt_new_database_is_what_opening_a_new_file_makes(prebuilt, _new_database, afterview_home, tmp_path):
    from afterview.storage import open_store

    in_place = tmp_path / "new.db"
    open_store(f"sqlite:///{in_place}").close()
    copy = prebuilt.copy(_new_database, afterview_home, db=tmp_path / "copy" / "afterview.db")
    first = prebuilt.opened(_new_database, afterview_home, db=tmp_path / "first" / "afterview.db")  # its first open: the caller's
    first.close()
    assert first.notices == []
    assert list(afterview_home.iterdir()) == []  # nothing else: opening a new file writes nothing there
    for db in (copy, tmp_path / "first" / "afterview.db"):
        assert _contents(db) == _contents(in_place)
        assert db.stat().st_mode & 0o777 == in_place.stat().st_mode & 0o777 == 0o600
        opened = open_store(f"sqlite:///{db}")
        opened.close()
        assert opened.notices == []
    assert len({_identity_id(db) for db in (in_place, copy, tmp_path / "first" / "afterview.db")}) == 3


def _identity_id(db) -> str:
    import json
    import sqlite3

    connection = sqlite3.connect(db)
    try:
        return json.loads(connection.execute("SELECT value FROM afterview_state WHERE key = 'identity'").fetchone()[0])["id"]
    finally:
        connection.close()
