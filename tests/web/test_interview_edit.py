"""Correcting and deleting an interview in the desk (and the CLI, which shares the use case).

The demo's interview 1 is Northwind's panel of Wed 25 Nov 2026, 13:30-15:00 New York time, with
Priya Raman, Tom Becker and Lena Fischer; Thursday is Thanksgiving, so their thank-you notes
are due Friday 09:00.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest

from afterview.domain import model as m
from tests.helpers import afterview, assert_clean_error
from tests.web.conftest import draft, mark_scheduled, read
from tests.web.live import serve

SHOWN = {"start": "2026-11-25 13:30", "end": "15:00", "duration": "", "timezone": "America/New_York",
         "format": "video", "stage": "panel interview", "location": "",
         "call_link": "https://meet.example/abc-defg-hij", "notes": ""}


def edit(client, csrf, interview_id=1, **changes):
    data = {"csrf": csrf, **SHOWN, **changes}
    return client.post(f"/interviews/{interview_id}/edit", data={k: v for k, v in data.items() if v is not None},
                       follow_redirects=True)


def flashes(html: str) -> list[str]:
    return re.findall(r'<p class="flash flash-\w+" role="\w+">([^<]*)</p>', html)


def due_on_today(client, name: str) -> str | None:
    """When Today says the thank-you note to `name` is due (None: not on Today)."""
    for card in client.get("/").text.split("<article")[1:]:
        if f">Thank-you note to {name}<" in card:
            return re.search(r'due <time datetime="[^"]*">([^<]*)</time>', card).group(1)
    return None


def draft_and_schedule(client, csrf, db_url, key="thank_you:i1:p1") -> int:
    """Priya's thank-you drafted in the desk, then approved and scheduled for Friday 08:30 New York."""
    message_id = draft(client, csrf, key)
    client.get(f"/drafts/{message_id}")  # the editor, as a browser opens it (and shows its messages)
    mark_scheduled(db_url, message_id, at=datetime(2026, 11, 27, 13, 30, tzinfo=timezone.utc), account="home")
    return message_id


def test_the_edit_form_is_reached_from_the_cards_and_the_opportunity(client):
    assert 'href="/interviews/1/edit"' in client.get("/interviews/1/debrief").text
    assert 'href="/interviews/1/edit?next=/opportunities/1"' in client.get("/opportunities/1").text
    page = client.get("/interviews/1/edit?next=/opportunities/1").text
    for name, value in SHOWN.items():
        if name not in ("format", "notes"):
            assert f'name="{name}" value="{value}"' in page, name
    assert '<option value="video" selected>' in page and 'name="next" value="/opportunities/1"' in page
    assert "3 cards" in page  # what a delete would take with it


def test_moving_the_interview_moves_the_thank_you_timing_on_today(client, csrf, db_url):
    assert due_on_today(client, "Priya Raman") == "Fri 27 Nov 2026, 09:00"  # Thanksgiving in between
    page = edit(client, csrf, start="2026-11-23 10:00", end="11:00")
    assert "Saved: panel interview, Mon 23 Nov 2026, 10:00-11:00 America/New_York" in flashes(page.text)[0]
    assert page.url.path == "/interviews/1/debrief"
    interview = read(db_url, lambda tx: tx.get(m.Interview, 1))
    assert (interview.start, interview.end) == (datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc),
                                                datetime(2026, 11, 23, 16, 0, tzinfo=timezone.utc))
    assert due_on_today(client, "Priya Raman") == "Tue 24 Nov 2026, 11:00"  # 24 hours after a morning end
    assert due_on_today(client, "Tom Becker") == "Tue 24 Nov 2026, 11:00"


def test_drafts_written_before_a_move_are_named_so_their_day_is_checked(client, csrf, db_url):
    tom = client.post("/actions/draft", data={"csrf": csrf, "key": "thank_you:i1:p2"}, follow_redirects=False)
    draft_id = int(tom.headers["location"].rsplit("/", 1)[1])
    page = edit(client, csrf, stage="panel")  # no move: nothing to check
    assert "written before" not in flashes(page.text)[0]
    page = edit(client, csrf, start="2026-11-24 10:00", end="11:00")
    assert (f"Note: draft {draft_id} was written before this change: check the day it names, or draft "
            "again (in the draft editor, Redraft writes it again from your notes)") in flashes(page.text)[0]


def test_a_duration_replaces_the_end_and_a_new_zone_reads_the_times_in_it(client, csrf, db_url):
    edit(client, csrf, duration="45m")
    interview = read(db_url, lambda tx: tx.get(m.Interview, 1))
    assert interview.end - interview.start == datetime(2026, 1, 1, 0, 45) - datetime(2026, 1, 1)
    edit(client, csrf, end="14:15", timezone="Europe/Berlin")  # 13:30-14:15 there, not here
    interview = read(db_url, lambda tx: tx.get(m.Interview, 1))
    assert interview.timezone == "Europe/Berlin"
    assert interview.start == datetime(2026, 11, 25, 12, 30, tzinfo=timezone.utc)
    assert interview.end == datetime(2026, 11, 25, 13, 15, tzinfo=timezone.utc)


def test_stage_format_place_and_cancelled_are_corrected(client, csrf, db_url):
    page = edit(client, csrf, stage="final round", format="onsite", location="Pier 4, Chicago", call_link="",
                notes="bring the portfolio", next="/opportunities/1")
    assert page.url.path == "/opportunities/1" and "final round" in page.text
    interview = read(db_url, lambda tx: tx.get(m.Interview, 1))
    assert (interview.stage, interview.format, interview.location, interview.call_link, interview.notes) == (
        "final round", m.InterviewFormat.ONSITE, "Pier 4, Chicago", "", "bring the portfolio")
    assert interview.start == datetime(2026, 11, 25, 18, 30, tzinfo=timezone.utc)  # the times untouched
    page = edit(client, csrf, stage="final round", cancelled="yes")
    assert "(cancelled: nothing is planned for it)" in flashes(page.text)[0]
    assert read(db_url, lambda tx: tx.get(m.Interview, 1).cancelled)
    assert due_on_today(client, "Priya Raman") is None
    edit(client, csrf, stage="final round")  # the box unticked: it takes place after all
    assert not read(db_url, lambda tx: tx.get(m.Interview, 1).cancelled)
    assert due_on_today(client, "Priya Raman") == "Fri 27 Nov 2026, 09:00"


def test_a_scheduled_thank_you_is_held_back_when_the_interview_moves_to_the_future(client, csrf, db_url):
    message_id = draft_and_schedule(client, csrf, db_url)
    page = edit(client, csrf, start="2026-12-02 10:00", end="11:30")
    line = flashes(page.text)[0]
    assert line.startswith("Saved: panel interview, Wed 02 Dec 2026, 10:00-11:30 America/New_York")
    assert ("The thank-you note to Priya Raman: not sent: the interview now ends Wed 02 Dec 2026 11:30 "
            "America/New_York, after the note was set to go out; a draft again") in line
    assert "Message " not in line and "afterview " not in line  # desk words, not ids and commands
    message = read(db_url, lambda tx: tx.get(m.Message, message_id))
    assert message.state == m.MessageState.DRAFTED and message.scheduled_at is None
    assert "the interview now ends" in message.last_error


def test_a_scheduled_note_stays_when_the_move_keeps_it_after_the_interview(client, csrf, db_url):
    message_id = draft_and_schedule(client, csrf, db_url)
    page = edit(client, csrf, start="2026-11-25 13:00", end="14:30")
    assert "Message" not in flashes(page.text)[0]
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.SCHEDULED


def test_cancelling_holds_back_its_scheduled_notes_as_other_decisions_do(client, csrf, db_url):
    message_id = draft_and_schedule(client, csrf, db_url)
    line = flashes(edit(client, csrf, cancelled="yes").text)[0]
    assert "The thank-you note to Priya Raman: not sent: it is no longer planned" in line
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.DRAFTED


def test_delete_needs_the_box_ticked_then_says_what_went_and_what_stayed(client, csrf, db_url):
    message_id = draft_and_schedule(client, csrf, db_url)
    refused = client.post("/interviews/1/delete", data={"csrf": csrf})
    assert refused.status_code == 400 and refused.text.count('id="form-error"') == 1
    assert "nothing was deleted" in refused.text
    assert read(db_url, lambda tx: tx.count(m.Debrief, interview_id=1)) == 3
    page = client.post("/interviews/1/delete", data={"csrf": csrf, "confirm": "yes"}, follow_redirects=True)
    assert page.url.path == "/opportunities/1"
    line = flashes(page.text)[0]
    assert line.startswith("Deleted the panel interview of Wed 25 Nov 2026 with its 3 cards; its 1 message is kept")
    assert "The thank-you note to Priya Raman: not sent: it is no longer planned" in line
    assert read(db_url, lambda tx: (tx.count(m.Interview, id=1), tx.count(m.Debrief, interview_id=1))) == (0, 0)
    message = read(db_url, lambda tx: tx.get(m.Message, message_id))
    assert message.state == m.MessageState.DRAFTED and message.interview_id is None  # kept, unlinked
    assert due_on_today(client, "Priya Raman") is None
    assert client.get("/interviews/1/edit").status_code == 404


@pytest.mark.parametrize("changes, words", [
    ({"start": "2026-11-25 25:99"}, "2026-11-25 25:99"),
    ({"start": "whenever"}, "not a date/time"),
    ({"start": ""}, "say when it starts"),
    ({"end": "12:00"}, "before it starts"),
    ({"start": "2026-11-25 16:00"}, "before it starts"),  # the end shown is kept as it stands
    ({"timezone": "Mars/Olympus"}, "unknown time zone: 'Mars/Olympus'"),
    ({"duration": "forever"}, "not a duration"),
    ({"end": "16:00", "duration": "1h"}, "give an end or a duration, not both"),
    ({"end": "2026-11-27 15:00"}, "longer than a day"),
    ({"format": "carrier pigeon"}, "unknown format"),
])
def test_bad_input_is_one_line_and_changes_nothing(client, csrf, db_url, changes, words):
    before = read(db_url, lambda tx: (tx.get(m.Interview, 1), tx.list(m.Message)))
    response = edit(client, csrf, stage="typed, not saved", **changes)
    assert response.status_code == 400
    assert response.text.count('id="form-error"') == 1 and "Traceback" not in response.text
    error = re.search(r'id="form-error">([^<]*)<', response.text).group(1)
    assert words in error.replace("&#39;", "'") and "\n" not in error
    assert 'value="typed, not saved"' in response.text  # what was typed is kept
    assert read(db_url, lambda tx: (tx.get(m.Interview, 1), tx.list(m.Message))) == before


def test_unknown_interviews_are_404(client, csrf):
    assert client.get("/interviews/999/edit").status_code == 404
    assert client.get("/interviews/abc/edit").status_code == 404
    assert edit(client, csrf, interview_id=999).status_code == 404
    for data in ({"csrf": csrf, "confirm": "yes"}, {"csrf": csrf}):
        response = client.post("/interviews/999/delete", data=data)
        assert response.status_code == 404 and "Traceback" not in response.text


def test_edit_and_delete_without_the_csrf_token_are_refused(client, csrf, db_url):
    before = read(db_url, lambda tx: tx.get(m.Interview, 1))
    for token in (None, "forged"):
        data = {**SHOWN, "start": "2026-12-02 10:00", **({"csrf": token} if token else {})}
        assert client.post("/interviews/1/edit", data=data).status_code == 403
        delete = {"confirm": "yes", **({"csrf": token} if token else {})}
        assert client.post("/interviews/1/delete", data=delete).status_code == 403
    assert read(db_url, lambda tx: tx.get(m.Interview, 1)) == before


# the CLI calls the same use case -----------------------------------------------------------
@pytest.fixture
def cli(tmp_path):
    path = str(tmp_path / "cli.db")

    def run(*args, input=None):
        return afterview("--db", path, "--at", "2026-11-26 10:00 America/New_York", *args, input=input)

    assert run("opportunity", "add", "--company", "Initech", "--role", "Data Engineer").code == 0
    assert run("person", "add", "Dana Reyes", "--email", "dana@initech.test", "--company", "Initech").code == 0
    added = run("interview", "add", "--opportunity", "1", "--start", "2026-12-01 21:00 America/New_York",
                "--end", "22:00", "--with", "Dana Reyes")
    assert added.code == 0, added.err
    return run


def test_the_cli_reads_a_bare_end_on_the_interview_s_own_day(cli):
    """21:00 in New York is already the next day in UTC: the end 22:30 is still on 1 December."""
    result = cli("interview", "edit", "1", "--end", "22:30")
    assert result.code == 0 and "updated interview 1: Tue 2026-12-01 21:00 America/New_York" in result.out
    shown = json.loads(cli("interview", "show", "1", "--json").out)
    assert (shown["start"], shown["end"]) == ("2026-12-02T02:00:00+00:00", "2026-12-02T03:30:00+00:00")
    assert_clean_error(cli("interview", "edit", "1", "--end", "20:00"), "before it starts")
    assert_clean_error(cli("interview", "edit", "1", "--end", "23:00", "--duration", "1h"),
                       "give --end or --duration, not both")


def test_the_cli_says_which_drafts_were_written_before_a_move(cli):
    drafted = cli("draft", "thank_you:i1:p1", "--no-ask")  # the interview is ahead: by its key
    assert drafted.code == 0, drafted.err
    moved = cli("interview", "edit", "1", "--start", "2026-12-02 09:00")
    assert moved.code == 0, moved.err
    assert moved.out.splitlines()[-1].startswith("note: draft ")
    assert "written before this change: check the day it names, or draft again " \
           "(afterview draft --interview 1 --force)" in moved.out
    assert "written before" not in cli("interview", "edit", "1", "--stage", "final").out


def test_the_cli_delete_says_what_goes_and_what_stays(cli):
    assert cli("debrief", "1", "--person", "Dana", "--topic", "streaming").code == 0
    asked = cli("interview", "delete", "1", input="n\n")
    assert asked.code == 130 and "Delete interview 1 and its 1 debrief?" in asked.out
    assert cli("interview", "delete", "1", "--yes").out.startswith("deleted interview 1")
    assert_clean_error(cli("interview", "show", "1"), "no interview with id 1")


# in Chromium ------------------------------------------------------------------------------
@pytest.fixture
def live(db_url):
    with serve(db_url) as desk:
        yield desk


def test_correct_then_delete_an_interview_in_the_browser(page, live):
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(str(err)))
    page.goto(live.login_url)
    page.wait_for_url(f"{live.url}/")
    page.goto(f"{live.url}/opportunities/1")
    page.locator("li", has_text="panel interview").get_by_role("link", name="correct or delete").click()
    page.wait_for_url(re.compile(r"/interviews/1/edit\?next="))
    unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll(
            'input:not([type=hidden]), select, textarea'))
        .filter(e => !(e.labels && e.labels.length)).map(e => e.name || e.id)""")
    assert unlabelled == []

    # a zone that does not exist: one line, what was typed kept
    page.get_by_label("Time zone", exact=True).fill("Mars/Olympus")
    page.get_by_role("button", name="Save the changes").click()
    assert "unknown time zone" in page.locator("#form-error").inner_text()
    assert page.get_by_label("Time zone", exact=True).input_value() == "Mars/Olympus"

    page.get_by_label("Time zone", exact=True).fill("America/New_York")
    page.get_by_label("Start", exact=True).fill("2026-11-23 10:00")
    page.get_by_label("End", exact=True).fill("11:00")
    page.get_by_label("Stage", exact=True).fill("final panel")
    page.get_by_role("button", name="Save the changes").click()
    page.wait_for_url(f"{live.url}/opportunities/1")
    assert "Saved: final panel, Mon 23 Nov 2026, 10:00-11:00 America/New_York" in page.locator(".flash").inner_text()
    page.goto(f"{live.url}/")
    priya = page.locator("article.action", has_text="Thank-you note to Priya Raman")
    assert "Tue 24 Nov 2026, 11:00" in priya.locator(".where").inner_text()

    page.goto(f"{live.url}/interviews/1/debrief")
    page.get_by_role("link", name="Correct the time or details, or delete it").click()
    page.get_by_role("button", name="Delete the interview").click()  # not ticked: the browser asks first
    assert page.url.endswith("/interviews/1/edit")
    page.get_by_label("Yes, delete this interview").check()
    page.get_by_role("button", name="Delete the interview").click()
    page.wait_for_url(f"{live.url}/opportunities/1")
    assert "Deleted the final panel of Mon 23 Nov 2026 with its 3 cards" in page.locator(".flash").inner_text()
    assert [p for p in problems if "status of 400" not in p] == []  # the zone refused above is a 400
