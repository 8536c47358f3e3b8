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
from tests.web.conftest import draft, landing, mark_scheduled, read
from tests.web.live import serve

SHOWN = {"start": "2026-11-25 13:30", "end": "15:00", "duration": "", "timezone": "America/New_York",
         "format": "video", "stage": "panel interview", "location": "",
         "call_link": "https://meet.example/abc-defg-hij", "notes": ""}


def edit(client, csrf, interview_id=1, **changes):
    data = {"csrf": csrf, **SHOWN, **changes}
    return client.post(f"/interviews/{interview_id}/edit", data={k: v for k, v in data.items() if v is not None},
                       follow_redirects=True)


def flashes(html: str) -> list[str]:
    """The flash lines, as text (a draft named in one is a link: its name is kept)."""
    found = re.findall(r'<p class="flash flash-\w+" role="\w+">(.*?)</p>', html, re.S)
    return [re.sub(r"<[^>]+>", "", line) for line in found]


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
    draft_id = int(landing(tom).rsplit("/", 1)[1])
    page = edit(client, csrf, stage="panel")  # no move: nothing to check
    assert "written before" not in flashes(page.text)[0]
    page = edit(client, csrf, start="2026-11-24 10:00", end="11:00")
    assert ("Note: the thank-you note to Tom Becker was written before this change: check the day it names, or "
            "draft again (in the draft editor, Redraft writes it again from your notes)") in flashes(page.text)[0]
    assert f'<a href="/drafts/{draft_id}">the thank-you note to Tom Becker</a>' in page.text


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
    assert "The thank-you note to Priya Raman: not sent: interview 1 is cancelled; a draft again" in line
    assert "no longer planned (a reply" not in line  # the cause itself, not the list of possible ones
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.DRAFTED


def test_delete_needs_the_box_ticked_then_says_what_went_and_what_stayed(client, csrf, db_url):
    message_id = draft_and_schedule(client, csrf, db_url)
    refused = client.post("/interviews/1/delete", data={"csrf": csrf})
    assert refused.status_code == 400 and refused.text.count('id="form-error"') == 1
    assert "nothing was deleted" in refused.text
    assert read(db_url, lambda tx: tx.count(m.Debrief, interview_id=1)) == 3
    # its thank-you to Priya is scheduled: refused, the ways out in the desk's words, the box kept ticked
    refused = client.post("/interviews/1/delete", data={"csrf": csrf, "confirm": "yes"})
    assert refused.status_code == 409 and refused.text.count('id="form-error"') == 1
    assert "interview 1 has notes out: the thank-you to Priya Raman (scheduled for Fri 27 Nov)" in refused.text
    assert "tick &#39;Delete it all the same&#39; and delete again" in refused.text
    assert re.search(r'name="confirm" value="yes" required checked', refused.text)
    assert read(db_url, lambda tx: tx.count(m.Debrief, interview_id=1)) == 3
    page = client.post("/interviews/1/delete", data={"csrf": csrf, "confirm": "yes", "forget_sent": "yes"},
                       follow_redirects=True)
    assert page.url.path == "/opportunities/1"
    line = flashes(page.text)[0]
    assert line.startswith("Deleted the panel interview of Wed 25 Nov 2026 with its 3 cards; its 1 message is kept")
    assert "The thank-you note to Priya Raman: not sent: interview 1 was deleted; a draft again" in line
    assert "no longer planned" not in line  # the cause itself, not the list of possible ones
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
    ({"opportunity": "999"}, "that opportunity no longer exists (deleted, perhaps in another tab)"),
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
    assert asked.code == 130 and "Delete interview 1 and its 1 debrief?" in asked.err  # asked on stderr
    assert cli("interview", "delete", "1", "--yes").out.startswith("deleted interview 1")
    assert_clean_error(cli("interview", "show", "1"), "no interview with id 1")


# correcting an interview's opportunity and panel (the CLI, then the desk) --------------------
NOW = ("--at", "2026-11-26 10:00 America/New_York")
LATER = ("--at", "2026-12-10 10:00 America/New_York")


@pytest.fixture
def two(tmp_path):
    """Two opportunities (Initech, Globex) and Initech's panel of Tue 24 Nov 2026, 14:00-15:00 New
    York time: Dana Reyes (hiring manager), Sam Ortiz and Rita Gomez (recruiter). Bo Other is at
    Globex, on no panel."""
    path = str(tmp_path / "two.db")

    def run(*args, input=None):
        at = () if args[:1] == ("--at",) else NOW
        return afterview("--db", path, *at, *args, input=input)

    run.path = path
    for args in (("opportunity", "add", "--company", "Initech", "--role", "Data Engineer"),
                 ("opportunity", "add", "--company", "Globex", "--role", "Analytics Engineer"),
                 ("person", "add", "Dana Reyes", "--email", "dana@initech.test", "--company", "Initech"),
                 ("person", "add", "Sam Ortiz", "--email", "sam@initech.test", "--company", "Initech"),
                 ("person", "add", "Rita Gomez", "--email", "rita@initech.test", "--company", "Initech"),
                 ("person", "add", "Bo Other", "--email", "bo@globex.test", "--company", "Globex"),
                 ("interview", "add", "--opportunity", "1", "--start", "2026-11-24 14:00 America/New_York",
                  "--end", "15:00", "--with", "Dana Reyes:hiring_manager", "--with", "Sam Ortiz",
                  "--with", "Rita Gomez:recruiter")):
        result = run(*args)
        assert result.code == 0, (args, result.err)
    return run


def in_store(path: str, fn):
    from afterview.storage import open_store

    store = open_store(f"sqlite:///{path}")
    try:
        with store.transaction() as tx:
            return fn(tx)
    finally:
        store.close()


def schedule(path: str, message_id: int, at=datetime(2026, 11, 27, 14, 0, tzinfo=timezone.utc)) -> None:
    """Make a draft scheduled (as approve and send --at do, without a mail account)."""
    def apply(tx):
        message = tx.get(m.Message, message_id)
        message.state, message.scheduled_at, message.account = m.MessageState.SCHEDULED, at, "home"
        message.approved_at = datetime(2026, 11, 26, 15, 0, tzinfo=timezone.utc)
        tx.update(message)

    in_store(path, apply)


def drafted(result) -> dict[str, int]:
    """The ids `afterview draft` printed, by the person each note is to: {"Dana Reyes": 1, ...}."""
    assert result.code == 0, result.err
    return {re.search(r" to (.+?) \[", line).group(1): int(line.split()[0].lstrip("#"))
            for line in result.out.splitlines() if line.startswith("#")}


def keys(result) -> list[str]:
    return re.findall(r"key: (\S+)", result.out)


def test_an_interview_moves_to_another_opportunity_with_its_notes_and_decisions(two):
    ids = drafted(two("draft", "--interview", "1", "--no-ask"))
    schedule(two.path, ids["Dana Reyes"])
    assert two(*LATER, "done", "status_check.1:o1:i1:p3", "--note", "phoned Rita").code == 0
    assert two("skip", "thank_you:i1:p2", "--reason", "wrote a card").code == 0
    before = keys(two(*LATER, "plan"))
    assert "status_check.2:o1:i1:p3" in before and "thank_you:i1:p2" not in before

    moved = two("interview", "edit", "1", "--opportunity", "2")
    assert moved.code == 0, moved.err
    lines = moved.out.splitlines()
    assert lines[:2] == ["updated interview 1",
                         "moved from opportunity 1 to opportunity 2, with its 2 decisions and 3 messages"]
    assert (f"message {ids['Dana Reyes']}: not sent: interview 1 now belongs to Analytics Engineer at Globex "
            "(opportunity 2), and the note may name Data Engineer at Initech; a draft again") in moved.out
    assert ("written before this change: check the role and the company it names, or draft again "
            "(afterview draft --interview 1 --force)") in moved.out
    assert "note: opportunity 1 has no interview left and stays interviewing" in moved.out

    # the follow-up's key names the opportunity: rewritten, so what was done still counts
    decisions = in_store(two.path, lambda tx: sorted((d.action_key, d.note) for d in tx.list(m.Decision)))
    assert decisions == [("status_check.1:o2:i1:p3", "phoned Rita"), ("thank_you:i1:p2", "wrote a card")]
    messages = in_store(two.path, lambda tx: tx.list(m.Message))
    assert {(x.opportunity_id, x.action_key) for x in messages} == {
        (2, "thank_you:i1:p1"), (2, "thank_you:i1:p2"), (2, "thank_you:i1:p3")}
    after = keys(two(*LATER, "plan"))
    assert "status_check.2:o2:i1:p3" in after  # the second follow-up, as before: the first was done
    assert not [k for k in after if ":o1:" in k or k.startswith("status_check.1")]
    assert "thank_you:i1:p2" not in after and after.count("thank_you:i1:p1") == 1  # nothing twice
    assert json.loads(two("opportunity", "show", "2", "--json").out)["status"] == "interviewing"
    assert "Analytics Engineer at Globex" in two("interview", "list").out



def test_moved_in_as_the_latest_round_it_says_whose_follow_ups_now_count(two):
    # Found by a tester: a move made the target's follow-up to its own contact disappear, unsaid
    # (the moved interview became its latest round, and its follow-ups were skipped).
    assert two("interview", "add", "--opportunity", "2", "--start", "2026-11-20 10:00 America/New_York",
               "--with", "Bo Other:recruiter").code == 0  # interview 2, Globex's, before Initech's
    moved = two("interview", "edit", "1", "--opportunity", "2")
    assert moved.code == 0, moved.err
    assert ("note: interview 1 is now the latest of opportunity 2: its status follow-ups are planned from it, "
            "no longer from interview 2") in moved.out
    back = two("interview", "edit", "1", "--opportunity", "1")  # the only one there: nothing to say
    assert back.code == 0 and "is now the latest" not in back.out


def test_a_reply_to_its_notes_moves_with_it_and_still_stops_the_follow_ups(two):
    dana = drafted(two("draft", "thank_you:i1:p1", "--no-ask"))["Dana Reyes"]

    def replied(tx):
        message = tx.get(m.Message, dana)
        message.state, message.sent_at = m.MessageState.SENT, datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)
        tx.update(message)
        tx.add(m.Inbound(kind=m.InboundKind.REPLY, received_at=datetime(2026, 11, 25, 18, 0, tzinfo=timezone.utc),
                         person_id=1, opportunity_id=1, answers_message_id=dana, subject="Re: Thank you"))

    in_store(two.path, replied)
    assert not [k for k in keys(two(*LATER, "plan")) if k.startswith("status_check")]  # they replied
    assert two("interview", "edit", "1", "--opportunity", "2").code == 0
    assert in_store(two.path, lambda tx: [i.opportunity_id for i in tx.list(m.Inbound)]) == [2]
    assert not [k for k in keys(two(*LATER, "plan")) if k.startswith("status_check")]  # still: nothing twice

def test_moving_it_where_it_is_changes_nothing_and_no_decision_moves(two):
    moved = two("interview", "edit", "1", "--opportunity", "1")
    assert moved.code == 0 and moved.out == "updated interview 1\n"


def test_moving_to_an_unknown_opportunity_is_one_line_and_a_closed_one_is_said(two):
    before = in_store(two.path, lambda tx: tx.get(m.Interview, 1))
    assert_clean_error(two("interview", "edit", "1", "--opportunity", "9", "--stage", "typed"), "no opportunity with id 9")
    assert_clean_error(two("interview", "edit", "1", "--opportunity", "Globex"), "opportunity id: 'Globex'")
    assert in_store(two.path, lambda tx: tx.get(m.Interview, 1)) == before
    assert two("outcome", "2", "rejected").code == 0
    moved = two("interview", "edit", "1", "--opportunity", "2")
    assert moved.code == 0, moved.err
    assert "note: opportunity 2 is rejected: nothing more is planned for this interview there" in moved.out
    assert "thank_you:i1" not in two("plan").out


def test_moving_onto_the_same_interview_of_the_other_opportunity_is_refused(two):
    assert two("interview", "add", "--opportunity", "2", "--start", "2026-11-24 14:00 America/New_York",
               "--with", "Bo Other").code == 0
    assert_clean_error(two("interview", "edit", "1", "--opportunity", "2"),
                       "interview 2 of this opportunity already starts then", "keep one of interviews 2 and 1")
    assert in_store(two.path, lambda tx: tx.get(m.Interview, 1).opportunity_id) == 1


def test_a_closed_loop_moves_with_its_interview(two):
    for key in ("status_check.1:o1:i1:p3", "status_check.2:o1:i1:p3", "closing_the_loop:o1:i1:p3"):
        assert two(*LATER, "done", key).code == 0
    assert json.loads(two("opportunity", "show", "1", "--json").out)["status"] == "no-response"
    assert two("interview", "edit", "1", "--opportunity", "2").code == 0
    assert json.loads(two("opportunity", "show", "1", "--json").out)["status"] == "interviewing"
    assert json.loads(two("opportunity", "show", "2", "--json").out)["status"] == "no-response"


def test_the_same_person_at_the_same_time_under_two_opportunities_is_refused(two):
    added = two("interview", "add", "--opportunity", "2", "--start", "2026-11-24 14:00 America/New_York",
                "--with", "Dana Reyes")
    assert_clean_error(added, "Dana Reyes is already on interview 1 (Data Engineer at Initech), which starts then",
                       "afterview interview edit 1 --opportunity 2")
    assert len(json.loads(two("interview", "list", "--json").out)) == 1  # nothing added
    assert "thank_you:i2" not in two("today").out
    # someone else at that time, or that person at another time, is another interview
    assert two("interview", "add", "--opportunity", "2", "--start", "2026-11-24 14:00 America/New_York",
               "--with", "Bo Other").code == 0
    assert two("interview", "add", "--opportunity", "2", "--start", "2026-11-25 09:00 America/New_York",
               "--with", "Dana Reyes").code == 0
    # nor may an edit make it so
    assert_clean_error(two("interview", "edit", "3", "--start", "2026-11-24 14:00"),
                       "Dana Reyes is already on interview 1 (Data Engineer at Initech), which starts then too",
                       "keep one of interviews 1 and 3")
    assert_clean_error(two("interview", "edit", "2", "--with", "Sam Ortiz"), "Sam Ortiz is already on interview 1")
    # a cancelled interview took no one's time
    assert two("interview", "edit", "1", "--cancelled").code == 0
    assert two("interview", "edit", "2", "--with", "Sam Ortiz").code == 0


def test_taking_someone_off_the_panel_holds_and_names_the_notes_about_them(two):
    ids = drafted(two("draft", "--interview", "1", "--no-ask"))
    schedule(two.path, ids["Dana Reyes"])
    schedule(two.path, ids["Rita Gomez"])  # "I enjoyed meeting Dana Reyes and Sam Ortiz"
    edited = two("interview", "edit", "1", "--without", "Dana")
    assert edited.code == 0, edited.err
    dana, rita = ids["Dana Reyes"], ids["Rita Gomez"]
    assert (f"message {dana}: not sent: Dana Reyes is no longer on the panel of interview 1; a draft again "
            f"(to send it all the same: afterview send {dana} --to-drafts)") in edited.out
    assert (f"message {rita}: not sent: it names Dana Reyes, no longer on the panel of interview 1; "
            "a draft again") in edited.out
    assert "no longer planned (a reply" not in edited.out
    assert (f"note: draft {rita} was written before this change: check the people it names (Dana Reyes is no "
            "longer on the panel), or draft again (afterview draft --interview 1 --force)") in edited.out
    states = in_store(two.path, lambda tx: {x.id: x.state for x in tx.list(m.Message)})
    assert states[dana] == states[rita] == m.MessageState.DRAFTED


def test_panel_changes_name_the_drafts_written_before_them(two):
    ids = drafted(two("draft", "--interview", "1", "--no-ask"))
    sam, rita = ids["Sam Ortiz"], ids["Rita Gomez"]
    edited = two("interview", "edit", "1", "--without", "Sam Ortiz")
    assert edited.code == 0, edited.err
    assert edited.out.splitlines()[1:] == [
        f"note: draft {rita} was written before this change: check the people it names (Sam Ortiz is no longer "
        "on the panel), or draft again (afterview draft --interview 1 --force)",
        f"note: draft {sam} is to Sam Ortiz, who is no longer on the panel: afterview discard {sam} if you will "
        "not send it"]
    joined = two("interview", "edit", "1", "--with", "Bo Other")
    assert (f"note: draft {rita} was written before this change: check the people it names (Bo Other joined "
            "the panel)") in joined.out
    assert "draft " not in two("interview", "edit", "1", "--stage", "final").out


def test_taking_off_someone_not_on_the_panel_is_refused(two):
    before = in_store(two.path, lambda tx: tx.get(m.Interview, 1))
    for who in ("Bo Other", "Nobody", "bo@globex.test"):
        name = "Nobody" if who == "Nobody" else "Bo Other"
        assert_clean_error(two("interview", "edit", "1", "--without", who, "--stage", "typed"),
                           f"{name} is not on the panel of interview 1 (on it: Dana Reyes, Sam Ortiz, Rita Gomez)")
    assert in_store(two.path, lambda tx: tx.get(m.Interview, 1)) == before


def test_a_new_zone_alone_reads_the_same_clock_time_there(two):
    # a zone typed wrong, corrected: 14:00 is 14:00 in the right zone (not the same moment)
    ids = drafted(two("draft", "--interview", "1", "--no-ask"))
    schedule(two.path, ids["Dana Reyes"], at=datetime(2026, 11, 24, 21, 0, tzinfo=timezone.utc))
    edited = two("interview", "edit", "1", "--tz", "Europe/Berlin")
    assert edited.code == 0, edited.err
    assert edited.out.startswith("updated interview 1: Tue 2026-11-24 14:00 Europe/Berlin\n"
                                 "14:00 now read in Europe/Berlin (was 14:00 America/New_York)")
    shown = json.loads(two("interview", "show", "1", "--json").out)
    assert (shown["start"], shown["timezone"]) == ("2026-11-24T13:00:00+00:00", "Europe/Berlin")
    assert in_store(two.path, lambda tx: tx.get(m.Message, ids["Dana Reyes"]).state) == m.MessageState.SCHEDULED


def test_a_thank_you_marked_done_before_the_new_time_is_said(two):
    assert two("--at", "2026-11-24 16:00 America/New_York", "done", "thank_you:i1:p1").code == 0
    sam = drafted(two("draft", "thank_you:i1:p2", "--no-ask"))["Sam Ortiz"]

    def sent(tx):
        message = tx.get(m.Message, sam)
        message.state, message.sent_at = m.MessageState.SENT, datetime(2026, 11, 24, 21, 0, tzinfo=timezone.utc)
        tx.update(message)

    in_store(two.path, sent)
    assert "marked done" not in two("interview", "edit", "1", "--start", "2026-11-23 10:00").out  # earlier
    assert two("interview", "edit", "1", "--start", "2026-11-24 14:00").code == 0
    moved = two("interview", "edit", "1", "--start", "2026-11-30 10:00")
    assert moved.code == 0, moved.err
    assert ("note: thank-you to Dana Reyes was marked done on Tue 24 Nov 2026 16:00 America/New_York, before "
            "the interview's new time: afterview undo thank_you:i1:p1 if it was not sent") in moved.out
    assert ("note: thank-you to Sam Ortiz was sent on Tue 24 Nov 2026 16:00 America/New_York, before the "
            "interview's new time: check the time you gave") in moved.out
    assert "marked done" not in two("interview", "edit", "1", "--stage", "final").out  # nothing moved


def test_deleting_says_it_is_why_its_notes_are_held(two):
    ids = drafted(two("draft", "--interview", "1", "--no-ask"))
    schedule(two.path, ids["Dana Reyes"])
    assert "--forget-sent" in two("interview", "delete", "1", "--yes").err
    deleted = two("interview", "delete", "1", "--yes", "--forget-sent")
    assert deleted.code == 0, deleted.err
    assert deleted.out.splitlines() == [
        "deleted interview 1",
        f"message {ids['Dana Reyes']}: not sent: interview 1 was deleted; a draft again (to send it all the same: "
        f"afterview send {ids['Dana Reyes']} --to-drafts)",
        f"no longer planned: the thank-you to Sam Ortiz (due Wed 25 Nov; draft {ids['Sam Ortiz']} kept), the thank-you "
        f"to Rita Gomez (due Wed 25 Nov; draft {ids['Rita Gomez']} kept) and the status follow-up to Rita Gomez "
        "(due Thu 03 Dec)"]


# the desk's form moves it too
def test_the_form_moves_the_interview_to_another_opportunity(client, csrf, db_url):
    page = client.get("/interviews/1/edit").text
    assert '<option value="1" selected>Senior Data Engineer at Northwind Analytics</option>' in page
    assert '<option value="3">Data Engineer at Fabrikam Energy (rejected)</option>' in page
    message_id = draft_and_schedule(client, csrf, db_url)
    page = edit(client, csrf, opportunity="5", next="/opportunities/1")
    assert page.url.path == "/opportunities/5"  # where the interview now is
    line = flashes(page.text)[0]
    assert line.startswith("Saved: panel interview, Wed 25 Nov 2026, 13:30-15:00 America/New_York, now for "
                           "Data Analyst at City of Springfield (its ")
    assert ("The thank-you note to Priya Raman: not sent: interview 1 now belongs to Data Analyst at City of "
            "Springfield (opportunity 5), and the note may name Senior Data Engineer at Northwind Analytics") in line
    assert "check the role and the company it names, or draft again (in the draft editor, Redraft" in line
    message = read(db_url, lambda tx: tx.get(m.Message, message_id))
    assert (message.opportunity_id, message.state) == (5, m.MessageState.DRAFTED)
    assert read(db_url, lambda tx: tx.get(m.Interview, 1).opportunity_id) == 5


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
    page.get_by_label("Start (required)", exact=True).fill("2026-11-23 10:00")
    page.get_by_label("End", exact=True).fill("11:00")
    page.get_by_label("Stage", exact=True).fill("final panel")
    page.get_by_role("button", name="Save the changes").click()
    page.wait_for_url(re.compile(re.escape(f"{live.url}/opportunities/1") + r"(\?n=[\w-]+)?$"))
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
    page.wait_for_url(re.compile(re.escape(f"{live.url}/opportunities/1") + r"(\?n=[\w-]+)?$"))
    # (then a line of what is no longer planned)
    assert "Deleted the final panel of Mon 23 Nov 2026 with its 3 cards" in page.locator(".flash").first.inner_text()
    assert [p for p in problems if "status of 400" not in p] == []  # the zone refused above is a 400
