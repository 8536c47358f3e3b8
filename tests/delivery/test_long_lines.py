"""Long lines: a paragraph typed without line breaks, a subject with one very long word.

RFC 5322 allows at most 998 characters on a line, and servers refuse more ("500 Line too long").
The text must reach the recipient as typed: the encoding (quoted-printable for the body, RFC 2047
encoded words for a header) carries it, never a reflow of the user's words.
"""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default

from afterview.delivery.compose_email import as_bytes, build_email
from afterview.delivery.smtp import SmtpConnection
from afterview.domain.model import Message, MessageKind
from tests.delivery.conftest import NOW

PARAGRAPH = ("Thank you for taking the time to walk me through the data platform today; " * 25).strip()  # ~1850 chars
LONG_SUBJECT = "Thank you " + "x" * 1200


def make(**changes) -> Message:
    values = dict(id=1, kind=MessageKind.THANK_YOU, person_id=1, subject="Thank you for today",
                  body=f"Dear Bob,\n\n{PARAGRAPH}\n\nAlice\n", to_address="bob@example.test")
    values.update(changes)
    return Message(**values)


def wire(message: Message, **kw) -> bytes:
    return as_bytes(build_email(message, sender_name=kw.get("name", "Alice Seeker"), sender_address="alice@example.test",
                                recipient_name=kw.get("recipient", "Bob Builder"), now=NOW))


def longest_line(raw: bytes) -> int:
    return max(len(line) for line in raw.split(b"\r\n"))


def test_a_paragraph_longer_than_998_characters_is_encoded_not_reflowed():
    assert len(PARAGRAPH) > 998
    message = make()
    raw = wire(message)
    assert longest_line(raw) <= 998
    parsed = message_from_bytes(raw, policy=default)
    assert parsed["Content-Transfer-Encoding"] == "quoted-printable"
    assert parsed.get_content_charset() == "us-ascii"
    assert parsed.get_content().replace("\r\n", "\n") == message.body  # every character, every line break


def test_a_body_with_lines_of_at_most_998_characters_stays_plain_7bit():
    line = "y" * 998
    message = make(body=f"Dear Bob,\n{line}\n")
    raw = wire(message)
    parsed = message_from_bytes(raw, policy=default)
    assert parsed["Content-Transfer-Encoding"] == "7bit"
    assert line.encode() in raw.split(b"\r\n")
    assert parsed.get_content().replace("\r\n", "\n") == message.body


def test_a_long_non_ascii_paragraph_and_trailing_spaces_survive():
    body = "Liebe Grüße, " + "ä" * 1500 + "  \nzweite Zeile mit Leerzeichen am Ende \n"
    raw = wire(make(body=body))
    assert longest_line(raw) <= 998
    assert message_from_bytes(raw, policy=default).get_content().replace("\r\n", "\n") == body


def test_a_subject_with_one_very_long_word_is_folded_as_encoded_words():
    raw = wire(make(subject=LONG_SUBJECT))
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert longest_line(head) <= 78
    assert message_from_bytes(raw, policy=default)["Subject"] == LONG_SUBJECT


def test_an_ordinary_subject_stays_readable_and_a_non_ascii_one_decodes_exactly():
    raw = wire(make(subject="Thank you for today, Bob"))
    assert b"\r\nSubject: Thank you for today, Bob\r\n" in raw
    subject = "Vielen Dank für das Gespräch über die Datenplattform und die nächsten Schritte im Prozess"
    raw = wire(make(subject=subject))
    assert longest_line(raw.split(b"\r\n\r\n", 1)[0]) <= 78
    assert message_from_bytes(raw, policy=default)["Subject"] == subject


def test_the_real_server_accepts_them_and_the_mailbox_holds_the_text_as_typed(mail, account):
    body = f"Dear Bob,\n\n{PARAGRAPH}\n\n.{'w' * 1100}\nAlice\n"  # also a long line starting with a dot
    message = make(subject=LONG_SUBJECT, body=body)
    data = wire(message)
    session = SmtpConnection(account).open()
    try:
        reply = session.send(account.email, ["bob@example.test"], data)
    finally:
        session.close()
    assert reply.startswith("250")
    assert mail.received and mail.received[-1].delivered_to == ["bob"]
    [stored] = mail.messages("bob")  # read back from Dovecot
    assert stored["Message-ID"] == message.message_id
    assert stored["Subject"] == LONG_SUBJECT
    assert stored.get_content().replace("\r\n", "\n") == body
