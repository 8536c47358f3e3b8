"""A message of thousands of nested multipart parts (130 KB) made the mail parser recurse until
RecursionError: `sync`, `send-due`, the worker and `afterview lint FILE.eml` stopped at it, every
run. The MIME structure is measured on the raw bytes before it is parsed: a message nested
deeper than `mime.MAX_DEPTH` (or with more than `mime.MAX_PARTS` parts) is not read. It is left
where it is, said once in one line (its folder, UID, sender and subject), recorded so that it is
never said again, and the other messages and the sends go on. Delivered to the real Dovecot by
dovecot-lda."""

import pytest

from afterview.domain.model import Message, MessageState
from afterview.services import delivery
from tests.delivery.conftest import NOW
from tests.delivery.test_crash import approved_note, run_cli
from tests.delivery.test_d47_stranger_headers import pat_five, recorded
from tests.helpers import afterview, assert_clean_error

BOB = """\
From: Bob Builder <bob@example.test>
To: alice@example.test
Subject: Re: Thank you for today
Date: Thu, 26 Nov 2026 08:45:00 +0000
Message-ID: <d47-nested-bob-{n}@example.test>
Content-Type: text/plain; charset=utf-8

Thanks Alice, we are still deciding and will be in touch next week.
"""


def nested(depth: int, *, subject: str = "=?utf-8?q?Deep=1B[2J_=E2=80=AEnesting?=") -> bytes:
    """A message from Pat Five of `depth` multipart/mixed parts, each inside the one before."""
    head = (f"From: Pat Five <p5@corp.example>\r\nTo: alice@example.test\r\nSubject: {subject}\r\n"
            f"Date: Thu, 26 Nov 2026 08:30:00 +0000\r\nMessage-ID: <d47-nested-{depth}@corp.example>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n").encode()
    body = b"".join(b"--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n" % (i - 1, i) for i in range(1, depth))
    body += b"--b%d\r\nContent-Type: text/plain\r\n\r\nWe would like to invite you to a second interview.\r\n--b%d--\r\n" % (
        depth - 1, depth - 1)
    return head + body + b"".join(b"--b%d--\r\n" % i for i in range(depth - 2, -1, -1))


@pytest.fixture
def deep() -> bytes:
    """The tester's message: 2,000 nested parts, about 130 KB."""
    raw = nested(2000)
    assert 120_000 < len(raw) < 140_000
    return raw


def uids(mail) -> list[int]:
    client = mail.imap("alice")
    try:
        client.select_folder("INBOX", readonly=True)
        return sorted(client.search("ALL"))
    finally:
        client.logout()


def test_the_structure_is_measured_before_parsing(deep):
    from afterview.delivery import mime

    assert mime.structure_problem(deep) == "its MIME parts are nested more than 50 deep"
    assert mime.structure_problem(nested(mime.MAX_DEPTH)) == ""
    flat = b"Content-Type: multipart/mixed; boundary=x\n\n" + b"--x\n\npart\n" * 1001 + b"--x--\n"
    assert mime.structure_problem(flat) == "it has more than 1,000 MIME parts"
    attached = b"From: a@b.example\n" + b"Content-Type: message/rfc822\n\nFrom: c@d.example\n" * 60 + b"\nhi\n"
    assert mime.structure_problem(attached) == "its MIME parts are nested more than 50 deep"
    # siblings are no nesting: a hundred alternatives side by side
    siblings = b"Content-Type: multipart/mixed; boundary=x\n\n" + b"".join(
        b"--x\nContent-Type: multipart/alternative; boundary=y%d\n\n--y%d\n\nhi\n--y%d--\n" % (i, i, i)
        for i in range(100)) + b"--x--\n"
    assert mime.structure_problem(siblings) == ""


def test_classify_refuses_it_in_one_line_and_parse_gives_its_headers(deep):
    from afterview.delivery import inbound, mime

    with pytest.raises(mime.Unreadable, match="nested more than 50 deep"):
        inbound.classify(deep, today=NOW.date())
    parsed = inbound.parse(deep)  # (a copy in Sent is compared by its text: never raises)
    assert parsed["Message-ID"] == "<d47-nested-2000@corp.example>" and not parsed.is_multipart()
    assert inbound.classify(nested(30), today=NOW.date()).text.startswith("We would like to invite you")


@pytest.mark.mail
def test_sync_leaves_it_says_it_once_and_reads_the_others(mail, store, seeded, account, deep):
    pat_five(store)
    mail.deliver_to_inbox("alice", deep)
    mail.deliver_to_inbox("alice", BOB.format(n=1))
    [uid, _] = uids(mail)
    report = delivery.sync(store, now=NOW, account=account)
    assert [r.from_address for r in recorded(store)] == ["bob@example.test"]
    assert report.unreadable == [
        f"message {uid} in INBOX (from p5@corp.example, subject \"Deep[2J nesting\") was left there unread: its "
        "MIME parts are nested more than 50 deep"]
    assert len(uids(mail)) == 2  # left where it is
    again = delivery.sync(store, now=NOW, account=account, since=NOW.date())  # read again: said no more
    assert again.fetched == 2 and again.unreadable == [] and again.recorded == []


@pytest.mark.mail
def test_the_sync_command_says_it_in_one_line_and_succeeds(mail, store, seeded, afterview_home, tmp_path, deep):
    from tests.delivery.test_crash import write_config

    pat_five(store)
    write_config(afterview_home, mail)
    mail.deliver_to_inbox("alice", deep)
    mail.deliver_to_inbox("alice", BOB.format(n=2))
    done = run_cli(tmp_path / "afterview.db", "sync")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("was left there unread: its MIME parts are nested more than 50 deep") == 1
    assert "reply from bob@example.test" in done.stdout
    assert "\x1b" not in done.stdout and "\\x1b" not in done.stdout  # its subject as it shows
    assert "was left there unread" not in run_cli(tmp_path / "afterview.db", "sync", "--since", "2026-11-26").stdout


@pytest.mark.mail
def test_send_due_sends_the_approved_note_with_it_in_the_inbox(mail, store, seeded, accounts, afterview_home,
                                                              tmp_path, deep):
    pat_five(store)
    message_id, header, db = approved_note(store, seeded, accounts, mail, afterview_home, tmp_path)
    mail.deliver_to_inbox("alice", deep)
    done = run_cli(db, "send-due")
    assert done.returncode == 0, done.stderr
    assert f"sent message {message_id}" in done.stdout
    assert done.stdout.count("was left there unread") == 1
    with store.transaction() as tx:
        assert tx.get(Message, message_id).state == MessageState.SENT
    assert sum(1 for m in mail.messages("bob") if m["Message-ID"] == header) == 1


def test_lint_refuses_it_in_one_line(tmp_path, deep):
    path = tmp_path / "deep.eml"
    path.write_bytes(deep)
    assert_clean_error(afterview("lint", str(path)), f"{path}: cannot read the message: its MIME parts are nested")
    note = tmp_path / "note.txt"
    note.write_text("Subject: Thank you\n\nHi Bob,\nthank you for the talk.\nAlice\n")
    assert_clean_error(afterview("lint", str(note), "--sibling", str(path)), "cannot read the message")
