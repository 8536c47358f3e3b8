"""Building outgoing emails: ids, encoding, attachments, threading, no header injection."""

from datetime import datetime, timezone
from email import message_from_bytes
from email.policy import default

import pytest

from afterview.delivery.compose_email import as_bytes, build_email, mailto_link
from afterview.domain.model import Message, MessageKind
from afterview.errors import InvalidInput

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)


def make(**changes) -> Message:
    values = dict(id=1, kind=MessageKind.THANK_YOU, person_id=1, subject="Thank you for today",
                  body="Dear Jane,\nthank you.\n", to_address="jane@acme.example")
    values.update(changes)
    return Message(**values)


def roundtrip(message: Message, **kw):
    email = build_email(message, sender_name=kw.get("name", "Alex Candidate"), sender_address="alex@candidate.example",
                        recipient_name=kw.get("recipient", "Jane Doe"), now=NOW)
    return message_from_bytes(as_bytes(email), policy=default)


def test_message_id_is_on_sender_domain_and_stable():
    message = make()
    first = roundtrip(message)
    assert first["Message-ID"].endswith("@candidate.example>")
    assert message.message_id == first["Message-ID"]
    again = roundtrip(message)  # a retry reuses the stored id
    assert again["Message-ID"] == first["Message-ID"]


def test_headers_date_and_no_auto_submitted():
    parsed = roundtrip(make())
    assert parsed["Date"].datetime == NOW
    assert "Auto-Submitted" not in parsed
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content().replace("\r\n", "\n") == "Dear Jane,\nthank you.\n"


def test_non_ascii_names_and_subject_are_encoded():
    message = make(subject="Danke für das Gespräch – Müller", body="Grüße\n")
    raw = as_bytes(build_email(message, sender_name="Zoë Ñandú", sender_address="zoe@candidate.example",
                               recipient_name="Jürgen Groß", now=NOW))
    assert all(b < 128 for b in raw.split(b"\r\n\r\n", 1)[0])  # headers are 7-bit on the wire
    parsed = message_from_bytes(raw, policy=default)
    assert parsed["Subject"] == "Danke für das Gespräch – Müller"
    assert parsed["From"].addresses[0].display_name == "Zoë Ñandú"
    assert parsed["To"].addresses[0].display_name == "Jürgen Groß"


def test_threading_headers():
    parsed = roundtrip(make(in_reply_to="<abc@acme.example>", references=["<root@acme.example>"]))
    assert parsed["In-Reply-To"] == "<abc@acme.example>"
    assert parsed["References"] == "<root@acme.example> <abc@acme.example>"


def test_attachment_with_mime_type(tmp_path):
    pdf = tmp_path / "portfolio.pdf"
    pdf.write_bytes(b"%PDF-1.4 fake")
    parsed = roundtrip(make(attachments=[str(pdf)]))
    parts = list(parsed.iter_attachments())
    assert [(p.get_filename(), p.get_content_type()) for p in parts] == [("portfolio.pdf", "application/pdf")]
    assert parts[0].get_content() == b"%PDF-1.4 fake"


def test_missing_attachment_is_a_clear_error(tmp_path):
    with pytest.raises(InvalidInput, match="attachment not found"):
        roundtrip(make(attachments=[str(tmp_path / "nope.pdf")]))


@pytest.mark.parametrize(
    "field, value",
    [("subject", "Hi\r\nBcc: victim@evil.example"), ("subject", "Hi\nX: y"), ("to_address", "a@b.example\r\nBcc: c@d.example"),
     ("in_reply_to", "<a@b>\nBcc: x@y.example")],
)
def test_header_injection_is_refused(field, value):
    with pytest.raises(InvalidInput):
        roundtrip(make(**{field: value}))


def test_name_with_newline_is_refused():
    with pytest.raises(InvalidInput, match="line break"):
        roundtrip(make(), name="Alex\r\nBcc: x@y.example")


def test_bad_recipient_is_refused():
    with pytest.raises(InvalidInput, match="invalid email"):
        roundtrip(make(to_address="not-an-address"))


def test_mailto_link_encodes_everything():
    link = mailto_link(make(subject="Danke & bis bald", body="Zeile 1\nZeile 2"))
    assert link.startswith("mailto:jane@acme.example?subject=Danke%20%26%20bis%20bald&body=")
    assert "%0A" in link and " " not in link
