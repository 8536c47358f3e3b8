"""The desk says times as the command line does: Schedule names the recipient's time when their
clock differs and the review's timing warnings for that moment (`afterview send N --at`); an
action card's *Why this timing* gives what `afterview why` gives (their time, the rules that
shaped the timing with their sources, heuristics said to be); and a time field's refusal speaks
of what was typed in that field, not of the date the desk joined to it."""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone

import pytest

from afterview.domain import model as m
from tests.web.conftest import draft, mark_scheduled, read

TEXT = "Hi {first},\n\nThank you for the conversation about the data platform.\n\nBest,\nAlex\n"


@pytest.fixture
def quiet(mail_desk):
    """A desk with a mail account but without its mail loop (`serve --no-mail`)."""
    return mail_desk(mail_interval=None)


def _in_berlin(db_url, name="Tom Becker"):
    def move(tx):
        person = next(p for p in tx.list(m.Person) if p.name == name)
        person.timezone, person.country = "Europe/Berlin", "DE"
        tx.update(person)

    read(db_url, move)


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.text)))


def _line(response, starts: str = "") -> str:
    """The page's flash line (the one starting with `starts`)."""
    for found in re.finditer(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', response.text, re.S):
        line = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))).strip()
        if line.startswith(starts):
            return line
    raise AssertionError(f"no line starting {starts!r}: {response.text[:2000]}")


def _schedule(client, csrf, message_id, when, first="Tom"):
    return client.post(f"/drafts/{message_id}", data={
        "csrf": csrf, "do": "schedule", "when": when, "subject": "Thank you", "body": TEXT.format(first=first),
        "despite": "yes"}, follow_redirects=True)


def test_schedule_says_their_time_and_the_timing_warnings(quiet, db_url):
    app, client, csrf = quiet
    _in_berlin(db_url)
    tom = draft(client, csrf, "thank_you:i1:p2")
    line = _line(starts="Scheduled", response=_schedule(client, csrf, tom, "2026-11-30 20:00"))  # 02:00 the next day in Berlin
    assert line.startswith("Scheduled for Mon 30 Nov 2026 20:00 EST:"), line
    assert "That is your time (America/New_York), Tue 01 Dec 2026, 02:00 their time (Europe/Berlin)." in line
    assert "Check the time: Arrives outside the recipient's waking hours" in line
    assert "schedule it for their morning" in line
    assert "[timing]" not in line and "afterview" not in line  # plain words, no terminal
    assert read(db_url, lambda tx: tx.get(m.Message, tom).state) == m.MessageState.SCHEDULED


def test_schedule_in_your_own_zone_names_it_and_says_a_weekend(quiet, db_url):
    app, client, csrf = quiet
    priya = draft(client, csrf, "thank_you:i1:p1")
    line = _line(starts="Scheduled", response=_schedule(client, csrf, priya, "2026-11-28 10:00", first="Priya"))  # a Saturday
    assert "Scheduled for Sat 28 Nov 2026 10:00 EST:" in line
    assert "That is your time (America/New_York)." in line and "their time (" not in line.split("Check")[0]
    assert "Check the time: Scheduled on a Saturday" in line
    assert "schedule it for the next business morning" in line


def test_schedule_on_their_public_holiday_says_so(quiet, db_url):
    app, client, csrf = quiet
    _in_berlin(db_url)
    tom = draft(client, csrf, "thank_you:i1:p2")
    line = _line(starts="Scheduled", response=_schedule(client, csrf, tom, "2026-12-25 04:00"))  # 10:00 on Christmas Day in Berlin
    assert "10:00 their time (Europe/Berlin)" in line
    assert "public holiday in DE" in line


def test_schedule_without_warnings_says_none(quiet, db_url):
    app, client, csrf = quiet
    priya = draft(client, csrf, "thank_you:i1:p1")
    line = _line(starts="Scheduled", response=_schedule(client, csrf, priya, "2026-11-27 09:00", first="Priya"))
    assert "Scheduled for Fri 27 Nov 2026 09:00 EST:" in line and "Check the time" not in line


def test_why_this_timing_on_today_and_the_opportunity_page(quiet, db_url):
    app, client, csrf = quiet
    _in_berlin(db_url)
    today = _text(client.get("/"))
    assert "Why this timing" in today
    # the rule and its source, a heuristic said to be one, and the rules that also shaped it
    assert "Rule: " in today and "Source: " in today
    assert "a heuristic, not data" in today
    assert "Also shaped by: The recipient's business days: weekends and public holidays" in today
    # Tom's times in Berlin, where the rules apply
    assert "Their time (Europe/Berlin, where the rules apply)" in today
    assert "afterview " not in today  # the desk's words
    page = _text(client.get("/opportunities/2"))
    assert "Why this timing" in page and "placed in the send window" in page


BOTH = "Mon 30 Nov 2026, 09:00 your time, 15:00 their time (Europe/Berlin)"  # as `macros.both_clocks` says it


def _going(response) -> str:
    """A page's list of notes on their way (`macros.planned`), as text."""
    return _text_of(response.text.split('class="going-h"')[1].split("</ul>")[0])


def _text_of(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def test_a_scheduled_note_on_its_way_gives_both_times(quiet, db_url):
    app, client, csrf = quiet
    _in_berlin(db_url)
    tom = draft(client, csrf, "thank_you:i1:p2")
    _schedule(client, csrf, tom, "2026-11-30 09:00")
    opportunity = read(db_url, lambda tx: tx.get(m.Message, tom).opportunity_id)
    response = client.get(f"/opportunities/{opportunity}")
    going = _going(response)
    # the shared wording (`macros.both_clocks`), as its Why this timing and the editor say it
    assert f"scheduled, goes out {BOTH}" in going, going
    assert f"Scheduled: it goes out {BOTH}." in going  # its Why this timing: the same words
    assert "(your time)" not in _text(response)  # not the older wording
    assert f"scheduled, goes out {BOTH}" in _going(client.get("/people/2"))  # Tom's page says it alike


def test_a_note_on_its_way_in_your_own_zone_says_your_time(quiet, db_url):
    app, client, csrf = quiet
    priya = draft(client, csrf, "thank_you:i1:p1")  # in New York, as you are
    _schedule(client, csrf, priya, "2026-11-30 09:00", first="Priya")
    going = _going(client.get("/opportunities/1"))
    assert "scheduled, goes out Mon 30 Nov 2026, 09:00 your time" in going, going
    assert "their time" not in going.split("Why this timing")[0]


def test_todays_on_their_way_gives_both_times(quiet, db_url):
    app, client, csrf = quiet
    _in_berlin(db_url)
    tom = draft(client, csrf, "thank_you:i1:p2")
    _schedule(client, csrf, tom, "2026-11-30 09:00")
    page = client.get("/").text
    table = _text_of(page.split('id="out-h"')[1].split("</table>")[0])
    assert BOTH in table, table


def test_a_note_tried_again_says_the_next_try_on_both_clocks(quiet, db_url):
    app, client, csrf = quiet
    _in_berlin(db_url)
    tom = draft(client, csrf, "thank_you:i1:p2")
    mark_scheduled(db_url, tom, at=datetime(2026, 11, 30, 14, 0, tzinfo=timezone.utc))  # 09:00 in New York

    def failed_once(tx):
        message = tx.get(m.Message, tom)
        message.attempts, message.last_error = 1, "SMTP 451: try again later"
        tx.update(message)

    read(db_url, failed_once)
    line = _line(client.get(f"/drafts/{tom}"), "Not sent yet")
    assert line.startswith(f"Not sent yet, tried again from {BOTH}: SMTP 451"), line
    today = client.get("/").text  # not on its way (the outbox could not send it): its card says its next try
    assert 'id="out-h"' not in today
    assert f"next try {BOTH}" in _text_of(today.split('id="due-h"')[1].split("</section>")[0])
    assert f"next try {BOTH}" in _text_of(client.get("/opportunities/1").text.split('class="going-h"')[0])


def test_a_time_field_refusal_speaks_of_what_was_typed(client, csrf):
    response = client.post("/capture", data={
        "csrf": csrf, "opportunity": "", "company": "Globex", "role": "Platform Engineer",
        "date": "2026-12-03", "start": "10:00 EST", "end": "", "timezone": "America/New_York",
        "format": "video", "stage": "panel",
        "name_1": "Dana Weiss", "email_1": "dana@globex.test", "title_1": "CTO", "role_1": "hiring_manager"})
    line = _line(response)
    assert "'EST' in '10:00 EST'" in line, line
    assert "e.g. '10:00 America/New_York'" in line
    assert "2026-12-03" not in line
