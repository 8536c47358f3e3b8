"""Two things a recipient noticed in a note as it arrived:

- a signature typed with its "-- " separator (RFC 3676) lost the space, so mail programs no longer
  knew the signature (to grey it, or to leave it out of a quote): the draft, a draft edited and
  the .eml file sent keep "-- ";
- a detail of news that starts with a count ("Two years of evening classes") was joined to its
  headline with its capital: "... exam — Two years of evening classes". A count is no name."""

from __future__ import annotations

import email
import json
from email import policy

from afterview.composer.templates import _detail, tidy
from tests.helpers import afterview

AT = "2026-11-26T15:00:00+00:00"


def test_tidy_keeps_the_separator_and_drops_other_trailing_blanks():
    assert tidy("Best,   \nAlex\n--  \nAlex Example\n+1 555 0100 ") == "Best,\nAlex\n-- \nAlex Example\n+1 555 0100"


def test_a_signature_with_its_separator_keeps_it_in_the_draft_and_in_the_mail(tmp_path):
    assert afterview("--at", AT, "demo", "--no-agenda").code == 0
    assert afterview("profile", "set", "--signature", "-- \nAlex Example\n+1 555 0100").code == 0
    made = afterview("--at", AT, "draft", "thank_you:i1:p2")
    assert made.code == 0, made.err
    number = made.out.split()[0].lstrip("#")
    shown = afterview("--at", AT, "show", number, "--json")
    assert shown.code == 0
    body = json.loads(shown.out)["message"]["body"]
    assert "\n-- \nAlex Example\n" in body, body
    sent = afterview("--at", AT, "send", number, "--eml", str(tmp_path))
    assert sent.code == 0, sent.err
    eml = next(tmp_path.glob("*.eml"))
    body = email.message_from_bytes(eml.read_bytes(), policy=policy.default).get_body(("plain",)).get_content()
    assert "\n-- \nAlex Example\n" in body.replace("\r\n", "\n"), body


def test_a_detail_that_starts_with_a_count_follows_the_dash_in_small_letters():
    assert _detail("Two years of evening classes") == " — two years of evening classes"
    assert _detail("Certified Developer for Apache Kafka") == " — Certified Developer for Apache Kafka"
