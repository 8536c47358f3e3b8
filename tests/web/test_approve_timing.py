"""Approve in the desk means "send at the planned moment": a note the plan sets for later
(its action's suggested moment, else its earliest one) is approved and scheduled for then, in
one transaction, and the desk says so; once that moment has come it goes out in the next round
as before, and Send now is still "at once"."""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone

import pytest

from afterview.domain import model as m
from tests.web.conftest import NOW, draft, landing, mark_scheduled, read

TEXT = "Hi {first},\n\nThank you for the conversation about the data platform.\n\nBest,\nAlex\n"


def _capture_thanksgiving_interview(client, csrf, db_url, start="08:00", end="09:00") -> str:
    """An interview on Thanksgiving morning (Thu 26 Nov, a day off): its thank-you note is planned
    for the next business morning, Fri 27 Nov 08:00 in New York. Returns the note's action key."""
    response = client.post("/capture", data={
        "csrf": csrf, "opportunity": "", "company": "Globex", "role": "Platform Engineer",
        "date": "2026-11-26", "start": start, "end": end, "timezone": "America/New_York",
        "format": "video", "stage": "panel",
        "name_1": "Dana Weiss", "email_1": "dana@globex.test", "title_1": "CTO", "role_1": "hiring_manager"},
        follow_redirects=False)
    assert response.status_code == 303, response.text
    interview = read(db_url, lambda tx: max(i.id for i in tx.list(m.Interview)))
    dana = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Dana Weiss"))
    return f"thank_you:i{interview}:p{dana.id}"


def _planned(app, key):
    action = next(a for a in app.state.desk.snapshot().actions if a.key == key)
    return action


def _approve(client, csrf, message_id, *, first="Dana", **extra):
    data = {"csrf": csrf, "do": "approve", "subject": "Thank you", "body": TEXT.format(first=first),
            "despite": "yes", **extra}
    return html.unescape(client.post(f"/drafts/{message_id}", data=data, follow_redirects=True).text)


def _message(db_url, message_id) -> m.Message:
    return read(db_url, lambda tx: tx.get(m.Message, message_id))


@pytest.fixture
def desk_for(mail_desk):
    """A desk over the demo with alice's account on the test servers, and a logged-in client;
    with `mail`, its mail loop too (not started: a test runs its rounds)."""
    def make(*, mailing: bool):
        return mail_desk(mail_interval=3600 if mailing else None)

    return make


@pytest.fixture
def quiet(desk_for):
    """The desk without its mail loop (`serve --no-mail`)."""
    return desk_for(mailing=False)


@pytest.fixture
def mailing(desk_for):
    return desk_for(mailing=True)


FRIDAY_8 = datetime(2026, 11, 27, 13, 0, tzinfo=timezone.utc)  # Fri 27 Nov 08:00 in New York


def test_approve_in_the_editor_schedules_it_for_the_planned_moment(quiet, db_url):
    app, client, csrf = quiet
    key = _capture_thanksgiving_interview(client, csrf, db_url)
    action = _planned(app, key)
    assert action.send_at == FRIDAY_8 and action.earliest <= NOW  # due now, planned for tomorrow 08:00
    message_id = draft(client, csrf, key)
    page = _approve(client, csrf, message_id)
    assert ("Approved: it goes out Fri 27 Nov 08:00 (your time), the planned moment, once mail sending is on. "
            "Nothing goes out yet: this desk was started with mail sending off.") in page  # it sends nothing itself
    message = _message(db_url, message_id)
    assert message.state == m.MessageState.SCHEDULED and message.scheduled_at == FRIDAY_8
    assert message.approved_at == NOW
    # on Today it is on its way, with its time, and no longer due
    today = client.get("/").text
    assert "Thank-you note to Dana Weiss" not in today.split('id="rep-h"')[0].split('id="out-h"')[0]
    assert "Fri 27 Nov 2026, 08:00" in today.split('id="out-h"')[1]


def test_approve_on_today_schedules_it_for_the_planned_moment(quiet, db_url):
    app, client, csrf = quiet
    key = _capture_thanksgiving_interview(client, csrf, db_url)
    message_id = draft(client, csrf, key)
    client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "save", "subject": "Thank you",
                                               "body": TEXT.format(first="Dana")})
    # Today's Approve button: no text, back to Today
    response = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "approve", "next": "/"},
                           follow_redirects=True)
    assert response.url.path == "/"
    assert (f'Approved: <a href="/drafts/{message_id}">the thank-you note to Dana Weiss</a> goes out Fri 27 Nov '
            "08:00 (your time), the planned moment") in response.text
    message = _message(db_url, message_id)
    assert message.state == m.MessageState.SCHEDULED and message.scheduled_at == FRIDAY_8


def test_approve_waits_for_the_earliest_moment_when_no_moment_is_suggested(quiet, db_url):
    app, client, csrf = quiet
    # a rejection recorded now: the reply is planned from two hours later (no suggested moment)
    response = client.post("/opportunities/1/outcome", data={"csrf": csrf, "outcome": "rejected", "person_id": "1"})
    assert response.status_code == 200
    action = next(a for a in app.state.desk.snapshot().actions if a.kind == m.MessageKind.REJECTION_REPLY
                  and a.opportunity_id == 1)
    assert action.send_at is None and action.earliest > NOW
    message_id = draft(client, csrf, action.key)
    page = _approve(client, csrf, message_id, first="Priya")
    assert "the planned moment" in page
    message = _message(db_url, message_id)
    # its earliest (12:00 in New York) falls on Thanksgiving, a public holiday for them: the plan as
    # of that moment has it for their next business morning, and that is the planned moment
    assert action.earliest == datetime(2026, 11, 26, 17, 0, tzinfo=timezone.utc)
    assert message.state == m.MessageState.SCHEDULED
    assert message.scheduled_at == datetime(2026, 11, 27, 14, 0, tzinfo=timezone.utc)


def test_once_the_planned_moment_has_come_approve_sends_it_in_the_next_round(quiet, db_url):
    app, client, csrf = quiet
    # the demo's late note to Ana: its moment (Mon 23 Nov 08:00) has passed, it is overdue now
    action = _planned(app, "thank_you:i4:p6")
    assert action.send_at < NOW
    message_id = draft(client, csrf, "thank_you:i4:p6")
    page = _approve(client, csrf, message_id, first="Ana")
    assert ("Approved: it goes out as soon as mail sending is on. Nothing goes out yet: this desk was started with "
            "mail sending off.") in page
    message = _message(db_url, message_id)
    assert message.state == m.MessageState.APPROVED and message.scheduled_at is None


def test_schedule_still_sends_at_the_time_typed(quiet, db_url):
    app, client, csrf = quiet
    key = _capture_thanksgiving_interview(client, csrf, db_url)
    message_id = draft(client, csrf, key)
    client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "schedule", "when": "2026-11-27 09:30",
                                               "subject": "Thank you", "body": TEXT.format(first="Dana"),
                                               "despite": "yes"})
    assert _message(db_url, message_id).scheduled_at == datetime(2026, 11, 27, 14, 30, tzinfo=timezone.utc)


def test_the_desk_says_when_it_goes_out_and_sends_nothing_before(mailing, mail, db_url):
    app, client, csrf = mailing
    key = _capture_thanksgiving_interview(client, csrf, db_url)
    message_id = draft(client, csrf, key)
    page = _approve(client, csrf, message_id)
    assert ("Approved: it goes out Fri 27 Nov 08:00 (your time), the planned moment. "
            "Send now sends it at once.") in page
    app.state.mail.run_round()
    assert mail.received == []  # not in the night: at 08:00
    assert _message(db_url, message_id).state == m.MessageState.SCHEDULED


def test_send_now_still_sends_at_once(mailing, mail, db_url):
    app, client, csrf = mailing
    key = _capture_thanksgiving_interview(client, csrf, db_url)
    message_id = draft(client, csrf, key)
    page = _approve(client, csrf, message_id, do="send", anyway="yes")
    assert "Sent to dana@globex.test." in page
    assert len(mail.received) == 1
    assert _message(db_url, message_id).state == m.MessageState.SENT


# what the desk says about a message it cannot send: by its name, with the desk's way ----------
def test_an_outcome_names_the_note_it_holds_back_and_the_desks_way_to_send_it(client, csrf, db_url):
    response = client.post("/actions/draft", data={"csrf": csrf, "key": "thank_you:i1:p1"}, follow_redirects=False)
    message_id = int(landing(response).rsplit("/", 1)[1])
    mark_scheduled(db_url, message_id)
    page = html.unescape(client.post("/opportunities/1/outcome", data={"csrf": csrf, "outcome": "accepted"},
                                     follow_redirects=True).text)
    line = next(x for x in re.findall(r'class="flash[^"]*"[^>]*>([^<]*)<', page) if "Outcome" in x)
    assert line.startswith("Outcome recorded: accepted. The thank-you note to Priya Raman: not sent: ")
    assert "(to send it all the same: open it and use Send to my Drafts folder)" in line
    assert "afterview" not in line and f"essage {message_id}" not in line
    assert "Congratulations!" in line
    # the editor says why it is a draft again, in the same words (it is open: just the button)
    editor = html.unescape(client.get(f"/drafts/{message_id}").text)
    why = re.search(r'id="last-error">([^<]*)<', editor).group(1)
    assert "(to send it all the same: use Send to my Drafts folder)" in why and "afterview" not in why
    # the service's own sentence, for the command line, is unchanged
    stored = read(db_url, lambda tx: tx.get(m.Message, message_id).last_error)
    assert f"afterview send {message_id} --to-drafts" in stored


def test_approving_a_note_no_longer_planned_says_so_in_the_desks_words(client, csrf, db_url):
    response = client.post("/actions/draft", data={"csrf": csrf, "key": "thank_you:i1:p1"}, follow_redirects=False)
    message_id = int(landing(response).rsplit("/", 1)[1])
    client.post("/actions/skip", data={"csrf": csrf, "key": "thank_you:i1:p1", "reason": "wrote a card"})
    # from the editor: the line above the form
    refused = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "approve", "subject": "Thank you",
                                                         "body": TEXT.format(first="Priya"), "despite": "yes"})
    assert refused.status_code == 400
    line = html.unescape(re.search(r'id="form-error">([^<]*)<', refused.text).group(1))
    assert line.startswith("The thank-you note to Priya Raman cannot be approved: ")
    assert line.endswith("(to send it all the same: use Send to my Drafts folder)")
    # from Today's Approve button: said on Today, where the note is to be opened first
    page = html.unescape(client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "approve", "next": "/"},
                                     follow_redirects=True).text)
    line = re.search(r'class="flash flash-error"[^>]*>([^<]*)<', page).group(1)
    assert line.startswith("The thank-you note to Priya Raman cannot be approved: ")
    assert line.endswith("(to send it all the same: open it and use Send to my Drafts folder)")
    assert "afterview" not in line
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.DRAFTED


def test_messages_are_named_as_the_pages_name_them():
    from afterview.interfaces.web.views import message_named

    assert message_named("thank_you", "Dana Weiss") == "the thank-you note to Dana Weiss"
    assert message_named("linkedin_note", "Tom Becker") == "the LinkedIn request to Tom Becker"
    assert message_named("keep_warm", "Priya Raman") == "the note keeping in touch with Priya Raman"
    assert message_named("status_check", None) == "the status follow-up to ?"


def test_approve_before_the_interview_ends_schedules_it_for_after_it(quiet, db_url):
    # A thank-you drafted during its interview (today 09:30-10:30 New York, now 10:00 there):
    # sent at once it would be an error of the review (before the interview ends), so Approve
    # judges the planned moment it is scheduled for, after the interview, and is not refused.
    app, client, csrf = quiet
    message_id = draft(client, csrf, _capture_thanksgiving_interview(client, csrf, db_url, "09:30", "10:30"))
    data = {"csrf": csrf, "do": "approve", "subject": "Thank you", "body": TEXT.format(first="Dana"), "despite": ""}
    page = html.unescape(client.post(f"/drafts/{message_id}", data=data, follow_redirects=True).text)
    assert "before the interview ends" not in page
    message = _message(db_url, message_id)
    # (Thanksgiving in New York: the planned moment is the next business morning, Fri 08:00 there)
    assert message.state == m.MessageState.SCHEDULED and message.scheduled_at == FRIDAY_8, page
    assert "Approved: it goes out Fri 27 Nov 08:00 (your time), the planned moment" in page


def _in_berlin(db_url, name):
    def move(tx):
        person = next(p for p in tx.list(m.Person) if p.name == name)
        person.timezone, person.country = "Europe/Berlin", "DE"
        tx.update(person)

    read(db_url, move)


def test_approve_says_the_planned_moment_on_their_clock_too(quiet, db_url):
    # Dana Weiss in Berlin: the Thanksgiving interview ended at 15:00 there, on a business day of
    # hers; her thank-you is planned for her next business morning, 08:00 Berlin, 02:00 in New York
    app, client, csrf = quiet
    key = _capture_thanksgiving_interview(client, csrf, db_url)
    _in_berlin(db_url, "Dana Weiss")
    planned = datetime(2026, 11, 27, 7, 0, tzinfo=timezone.utc)
    assert _planned(app, key).send_at == planned
    message_id = draft(client, csrf, key)
    page = _approve(client, csrf, message_id)
    # as the desk says a moment on both clocks everywhere (`macros.both_clocks`)
    assert ("Approved: it goes out Fri 27 Nov 2026, 02:00 your time, 08:00 their time (Europe/Berlin), the "
            "planned moment, once mail sending is on. Nothing goes out yet") in page
    message = _message(db_url, message_id)
    assert message.state == m.MessageState.SCHEDULED and message.scheduled_at == planned
    # the editor then says it alike
    editor = html.unescape(client.get(f"/drafts/{message_id}").text)
    assert "Scheduled: it goes out Fri 27 Nov 2026, 02:00 your time, 08:00 their time (Europe/Berlin)." in editor
