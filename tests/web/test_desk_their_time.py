"""The recipient's clock on the desk: the draft editor says when a scheduled note goes out in
your time and, when their clock differs, in theirs (as its card's *Why this timing* says it,
right across the changes to and from summer time); and each entry under *Coming up* on Today
has its *Why this timing*, named for screen readers as the cards' are."""

from __future__ import annotations

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from afterview.domain import model as m
from tests.web.conftest import draft, mark_scheduled, read

NEW_YORK = ZoneInfo("America/New_York")  # the demo's user
TEXT = "Hi Tom,\n\nThank you for the conversation about the data platform.\n\nBest,\nAlex\n"


def _in_berlin(db_url, *names):
    def move(tx):
        for person in tx.list(m.Person):
            if person.name in names:
                person.timezone, person.country = "Europe/Berlin", "DE"
                tx.update(person)

    read(db_url, move)


def _text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def _goes_out(client, message_id) -> str:
    """The editor's line saying when the note goes out ("" when there is none)."""
    found = re.search(r'<p id="goes-out">(.*?)</p>', client.get(f"/drafts/{message_id}").text, re.S)
    return _text(found.group(1)) if found else ""


@pytest.mark.parametrize("at, said", [
    # both clocks on winter time: six hours apart
    (datetime(2026, 11, 30, 9, 0), "Mon 30 Nov 2026, 09:00 your time, 15:00 their time (Europe/Berlin)."),
    # New York on summer time from 14 March 2027, Berlin only from 28 March: five hours apart
    (datetime(2027, 3, 22, 9, 0), "Mon 22 Mar 2027, 09:00 your time, 14:00 their time (Europe/Berlin)."),
    # both on summer time: six hours again
    (datetime(2027, 3, 29, 9, 0), "Mon 29 Mar 2027, 09:00 your time, 15:00 their time (Europe/Berlin)."),
    # their clock is on the next day: the day is said
    (datetime(2026, 11, 30, 20, 0), "Mon 30 Nov 2026, 20:00 your time, Tue 01 Dec 2026, 02:00 their time "
                                    "(Europe/Berlin)."),
])
def test_the_editor_says_a_scheduled_note_in_your_time_and_theirs(client, csrf, db_url, at, said):
    _in_berlin(db_url, "Tom Becker")
    tom = draft(client, csrf, "thank_you:i1:p2")
    assert _goes_out(client, tom) == ""  # a draft is not scheduled
    mark_scheduled(db_url, tom, at=at.replace(tzinfo=NEW_YORK))
    assert _goes_out(client, tom) == f"Scheduled: it goes out {said}"


def test_the_editor_says_your_time_alone_when_their_clock_is_yours(client, csrf, db_url):
    priya = draft(client, csrf, "thank_you:i1:p1")  # in New York, as you are
    mark_scheduled(db_url, priya, at=datetime(2026, 11, 30, 9, 0, tzinfo=NEW_YORK))
    line = _goes_out(client, priya)
    assert line == "Scheduled: it goes out Mon 30 Nov 2026, 09:00 your time."
    assert "their time" not in line


def test_the_editor_and_the_card_say_the_moment_alike(client, csrf, db_url):
    _in_berlin(db_url, "Tom Becker")
    tom = draft(client, csrf, "thank_you:i1:p2")
    mark_scheduled(db_url, tom, at=datetime(2026, 11, 30, 9, 0, tzinfo=NEW_YORK))
    opportunity = read(db_url, lambda tx: tx.get(m.Message, tom).opportunity_id)
    card = _text(client.get(f"/opportunities/{opportunity}").text)
    line = _goes_out(client, tom)
    assert line.startswith("Scheduled: it goes out Mon 30 Nov 2026, 09:00 your time"), line
    assert line in card  # one wording: the card's Why this timing says the same


def test_a_note_tried_again_says_its_next_try_not_a_moment_to_go_out(client, csrf, db_url):
    _in_berlin(db_url, "Tom Becker")
    tom = draft(client, csrf, "thank_you:i1:p2")
    mark_scheduled(db_url, tom, at=datetime(2026, 11, 30, 9, 0, tzinfo=NEW_YORK))

    def failed_once(tx):
        message = tx.get(m.Message, tom)
        message.attempts, message.last_error = 1, "SMTP 451: try again later"
        tx.update(message)

    read(db_url, failed_once)
    page = _text(client.get(f"/drafts/{tom}").text)
    assert "Not sent yet, tried again from Mon 30 Nov 2026, 09:00" in page
    assert _goes_out(client, tom) == ""


def test_scheduled_from_the_editor_then_said_there(scheduling, db_url):
    client, csrf = scheduling
    _in_berlin(db_url, "Tom Becker")
    tom = draft(client, csrf, "thank_you:i1:p2")
    response = client.post(f"/drafts/{tom}", data={
        "csrf": csrf, "do": "schedule", "when": "2026-11-30 09:00", "subject": "Thank you", "body": TEXT,
        "despite": "yes"}, follow_redirects=True)
    assert response.status_code == 200, response.text
    assert read(db_url, lambda tx: tx.get(m.Message, tom).state) == m.MessageState.SCHEDULED
    found = re.search(r'<p id="goes-out">(.*?)</p>', response.text, re.S)
    assert found, response.text[:3000]
    assert _text(found.group(1)) == ("Scheduled: it goes out Mon 30 Nov 2026, 09:00 your time, "
                                     "15:00 their time (Europe/Berlin).")


@pytest.fixture
def scheduling(mail_desk):
    """A client of a desk with a mail account, without its mail loop (`serve --no-mail`)."""
    return mail_desk(mail_interval=None)[1:]


def _coming_up(client) -> str:
    page = client.get("/").text
    start = page.index('id="up-h"')
    return page[start:page.index("</section>", start)]


def test_coming_up_has_why_this_timing_with_their_time(client, db_url):
    _in_berlin(db_url, "Lena Fischer")
    section = _coming_up(client)
    entries = re.findall(r"<li>(.*?)</li>\s*(?=<li>|</ul>)", section, re.S)
    assert len(entries) == 2, section
    lena = next(entry for entry in entries if "Lena Fischer" in entry)
    # a disclosure, named for a screen reader with the entry it is about
    assert re.search(r'<details class="why">\s*<summary>Why this timing<span class="visually-hidden"> '
                     r'\(Status follow-up to Lena Fischer\)</span></summary>', lena), lena
    said = _text(lena)
    assert ("Your time (America/New_York): from Tue 08 Dec 2026, 03:30, due Tue 08 Dec 2026, 05:30." in said)
    assert ("Their time (Europe/Berlin, where the rules apply): from Tue 08 Dec 2026, 09:30, "
            "due Tue 08 Dec 2026, 11:30." in said)
    assert "Rule: First status follow-up. Source: " in said
    assert "Also shaped by: Send window for status follow-ups" in said
    assert "a heuristic, not data" in said.lower()
    assert "afterview " not in said  # the desk's words


def test_coming_up_in_your_own_zone_gives_your_time_alone(client):
    section = _coming_up(client)
    assert section.count("Why this timing<span") == 2
    said = _text(section)
    assert "Your time (America/New_York): from Tue 08 Dec 2026, 09:30, due Tue 08 Dec 2026, 11:30." in said
    assert "Their time (" not in said
    assert "(Status follow-up to Ana Souza)" in said


def test_an_explanation_that_cannot_be_made_leaves_the_page_and_is_logged(client, monkeypatch, caplog):
    # A page is not refused for want of Why this timing, but the error is not lost either.
    import logging

    from afterview.services import planning

    def broken(*args, **kwargs):
        raise RuntimeError("no explanation")

    monkeypatch.setattr(planning, "shaped_by", broken)
    with caplog.at_level(logging.ERROR, logger="afterview.web"):
        page = client.get("/")
    assert page.status_code == 200
    assert "Why this timing of thank_you:" in caplog.text and "no explanation" in caplog.text
