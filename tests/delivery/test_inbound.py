"""Classification of realistic incoming messages: bounces, out-of-office, automated, replies."""

from datetime import date
from pathlib import Path

import pytest

from afterview.delivery.inbound import classify, summary
from afterview.domain.model import InboundKind, ReplyClass

SAMPLES = Path(__file__).parent / "samples"
TODAY = date(2026, 11, 26)

# sample, category, return date, bounced Message-ID, failed recipients, reply class
CASES = [
    ("gmail_vacation", "auto_reply", date(2026, 12, 7), "", [], None),
    ("exchange_ooo", "auto_reply", date(2026, 12, 7), "", [], None),
    ("icloud_vacation", "auto_reply", date(2026, 12, 11), "", [], None),
    ("french_ooo", "auto_reply", date(2026, 12, 14), "", [], None),
    ("postfix_dsn", "bounce", None, "<thanks-1@candidate.example>", ["nobody@acme.example"], None),
    ("postfix_delayed", "delay", None, "<thanks-1@candidate.example>", [], None),
    ("exchange_ndr", "bounce", None, "<status-7@candidate.example>", ["recruiter@bigcorp.example"], None),
    ("gmail_bounce_plain", "bounce", None, "<thanks-9@candidate.example>", ["hr@tinyco.example"], None),
    ("ats_rejection", "automated", None, "", [], ReplyClass.REJECTION),
    ("read_receipt", "report", None, "", [], None),
    ("abuse_report", "report", None, "", [], None),
    ("real_reply_next_round", "reply", None, "", [], ReplyClass.NEXT_ROUND),
    # X-MS-Exchange-Inbox-Rules-Loop alone is not an out-of-office signal
    ("exchange_rules_loop_only", "reply", None, "", [], ReplyClass.NEXT_ROUND),
]


@pytest.mark.parametrize("name, category, back, bounced_id, failed, reply_class", CASES, ids=[c[0] for c in CASES])
def test_classify_samples(name, category, back, bounced_id, failed, reply_class):
    item = classify((SAMPLES / f"{name}.eml").read_bytes(), today=TODAY)
    assert item.category == category, item.evidence
    assert item.return_date == back
    if item.bounce is not None:
        assert item.bounce.original_message_id == bounced_id
        assert item.bounce.failed_recipients == failed
    else:
        assert not bounced_id and not failed
    if reply_class is not None:
        assert item.classification == reply_class
    assert summary(item)


def test_bounce_reason_carries_server_words():
    item = classify((SAMPLES / "exchange_ndr.eml").read_bytes(), today=TODAY)
    assert "5.1.10" in item.bounce.reason and "Recipient not found" in item.bounce.reason
    assert item.inbound_kind == InboundKind.BOUNCE


def test_reply_quotes_are_stripped_before_classifying():
    # the quoted part says "Unfortunately": it must not turn the invitation into a rejection
    item = classify((SAMPLES / "real_reply_next_round.eml").read_bytes(), today=TODAY)
    assert "Unfortunately" not in item.text
    assert item.in_reply_to == ["<thanks-1@candidate.example>"]
    assert item.inbound_kind == InboundKind.REPLY


def test_non_ascii_sender_and_subject_are_decoded():
    item = classify((SAMPLES / "french_ooo.eml").read_bytes(), today=TODAY)
    assert item.from_name == "Françoise Dupont"
    assert item.subject.startswith("Réponse automatique")


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"not an email at all \x00\xff\xfe",
        b"From: <<<>>>\r\nSubject: =?utf-8?q?broken\r\nContent-Type: multipart/mixed\r\n\r\nno boundary",
        b"Content-Type: multipart/report; report-type=delivery-status; boundary=x\r\n\r\n--x\r\n"
        b"Content-Type: message/delivery-status\r\n\r\ngarbage\r\n--x--",
        b"From: a@b.example\r\nDate: not a date\r\nContent-Type: text/plain; charset=klingon\r\n\r\n\xff\xfe body",
    ],
)
def test_malformed_messages_never_raise(raw):
    item = classify(raw, today=TODAY)
    assert item.category in {"reply", "bounce", "delay", "report", "automated", "auto_reply"}


def test_huge_message_is_classified_from_a_bounded_text():
    body = ("We regret to inform you that the position has been filled. " * 50_000).encode()
    raw = b"From: hr@acme.example\r\nSubject: Update\r\nContent-Type: text/plain\r\n\r\n" + body
    item = classify(raw, today=TODAY)
    assert item.classification == ReplyClass.REJECTION
