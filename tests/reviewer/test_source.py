"""Reading what the user gives: plain text, header files, .eml messages."""

from email.message import EmailMessage

from afterview.reviewer.source import display_name, parse_eml, parse_text


def test_plain_text_has_no_subject():
    source = parse_text("Hi Priya,\n\nThanks.\n")
    assert source.subject is None and source.body_offset == 0


def test_headers_then_body():
    text = "Subject: Thank you\nTo: Priya Raman <p@x.example>\n\nHi Priya,\n"
    source = parse_text(text)
    assert source.subject == "Thank you"
    assert text[source.subject_offset:].startswith("Thank you")
    assert source.body == "Hi Priya,\n" and text[source.body_offset:] == source.body
    assert display_name(source.to) == "Priya Raman"


def test_a_body_starting_with_a_colon_is_not_headers():
    source = parse_text("Note: I forgot.\n\nHi Priya,\n")
    assert source.subject is None and source.body_offset == 0


def test_crlf_headers():
    text = "Subject: Hello there\r\n\r\nHi Priya,\r\n"
    source = parse_text(text)
    assert source.subject == "Hello there" and source.body == "Hi Priya,\r\n"


def test_eml_offsets_map_into_the_file():
    message = EmailMessage()
    message["Subject"] = "Thank you - Designer interview"
    message["To"] = "Jonas Lindqvist <jonas@brightleaf.example>"
    message.set_content("Dear Jonas,\n\nThank you for the chat.\n")
    data = bytes(message)
    source = parse_eml(data)
    assert source.subject == "Thank you - Designer interview"
    assert display_name(source.to) == "Jonas Lindqvist"
    assert source.text[source.body_offset:].startswith("Dear Jonas,")
    assert source.file_span("body", 0, 4) == (source.body_offset, source.body_offset + 4)


def test_eml_quoted_printable_body_has_no_offsets():
    message = EmailMessage()
    message["Subject"] = "Danke"
    message.set_content("Grüße an das ganze Team, es war schön. " * 3, cte="quoted-printable")
    source = parse_eml(bytes(message))
    assert "Grüße" in source.body
    assert source.file_span("body", 0, 3) == (None, None)
