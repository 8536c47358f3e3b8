"""The QA tester's fourth round on the desk (keyboard, screen reader, 375 px in Chromium; the
browser parts are in test_qa_desk_round4_browser.py): Capture booking someone into two
interviews at one moment (refused as `afterview interview add` refuses it, at that person's
row), the cards page's decision date before the interview at its field, lengths and links
every field takes the same way, tampered fields and import files said at their field, and the
desk's words after Send now lost to another send, a reply that changes no status, an import
confirmed twice, a past time on Today's card and a hint to consider."""

from __future__ import annotations

import html as html_lib
import re
from datetime import timedelta
from pathlib import Path

import pytest

from afterview.domain import model as m
from tests.helpers import afterview
from tests.web.conftest import NOW, draft, mark_scheduled, read
from tests.web.test_accessibility import assert_tied, error_line

PRIYA = "priya.raman@northwind.example"  # on the demo's panel interview 1 (opportunity 1), 13:30 New York


def capture(client, csrf, **extra):
    data = {"csrf": csrf, "opportunity": "2", "company": "", "role": "", "date": "2026-11-25", "start": "13:30",
            "end": "14:30", "timezone": "America/New_York", "format": "video", "stage": "screen",
            "name_1": "Mia Wong", "email_1": "mia@contoso.example", "role_1": "interviewer"}
    return client.post("/capture", data={**data, **extra})


def counts(db_url):
    return read(db_url, lambda tx: (tx.count(m.Interview), tx.count(m.Person), tx.count(m.Opportunity)))


def flashes(page: str) -> list[tuple[str, str]]:
    found = re.findall(r'<p class="flash flash-(\w+)" role="\w+"[^>]*>(.*?)</p>', page, re.S)
    return [(level, html_lib.unescape(re.sub(r"<[^>]+>", "", text))) for level, text in found]


# 1. the same person on two interviews at one moment --------------------------------------------
def test_capture_refuses_someone_on_another_interview_then_at_their_row(client, csrf, db_url):
    before = counts(db_url)
    page = capture(client, csrf, name_2="Priya Raman", email_2=PRIYA)
    assert page.status_code == 409
    line = error_line(page.text)
    assert line.startswith("Name 2: Priya Raman is already on another interview that starts then (panel interview, "
                           "Wed 25 Nov 2026, 13:30-15:00 America/New_York, Senior Data Engineer at Northwind "
                           "Analytics): the same interview twice would thank them twice."), line
    assert "nothing was saved" in line and "afterview" not in line
    assert '<a href="/interviews/1/edit">Open that interview</a>' in page.text
    assert_tied(page.text, "name_2")
    assert 'value="Mia Wong"' in page.text  # what was typed is kept
    assert counts(db_url) == before  # no interview, and Mia Wong not added either


def test_the_command_line_refuses_it_with_the_same_check(client, csrf, db_url):
    """`afterview interview add` and Capture both go through `pipeline.add_interview`, which checks it."""
    page = capture(client, csrf, email_1=PRIYA, name_1="Priya Raman")
    assert page.status_code == 409 and "Priya Raman is already on another interview that starts then" in \
        error_line(page.text)
    refused = afterview("--db", db_url.removeprefix("sqlite:///"), "--at", "2026-11-26 10:00 America/New_York",
                        "interview", "add", "--opportunity", "2", "--start", "2026-11-25 13:30",
                        "--tz", "America/New_York", "--with", PRIYA)
    assert refused.code == 2 and "Priya Raman is already on interview 1 (Senior Data Engineer at Northwind " \
                                 "Analytics), which starts then" in refused.err
    assert read(db_url, lambda tx: tx.count(m.Interview)) == 4


# 3. the decision date before the interview, at its field ----------------------------------------
def test_a_decision_date_before_the_interview_is_said_at_the_card_of_whom(client, csrf, db_url):
    page = client.post("/interviews/1/debrief", data={"csrf": csrf, "topics_2": "dbt models",
                                                      "decision_date_2": "2020-01-01"})
    assert page.status_code == 400
    assert error_line(page.text) == ("Decision date for Tom Becker: 2020-01-01 is before the interview "
                                     "(2026-11-25): check the date they gave")
    assert_tied(page.text, "decision_date_2")
    assert "dbt models" in page.text  # the card as typed


# 4. lengths: one line, at the field -----------------------------------------------------------------
@pytest.mark.parametrize("extra, field, said", [
    ({"opportunity": "", "company": "C" * 5000, "role": "Platform Engineer"}, "company",
     "Company: company name is 5,000 characters long: at most 200 are allowed"),
    ({"opportunity": "", "company": "Globex", "role": "R" * 300}, "role",
     "Role: role is 300 characters long: at most 200 are allowed"),
    ({"name_1": "N" * 3000}, "name_1", "Name 1: name is 3,000 characters long: at most 200 are allowed"),
    ({"stage": "S" * 3000}, "stage", "Stage: stage is 3,000 characters long: at most 200 are allowed"),
])
def test_capture_refuses_a_paste_gone_wrong_at_its_field(client, csrf, db_url, extra, field, said):
    before = counts(db_url)
    page = capture(client, csrf, **extra)
    assert page.status_code == 400
    assert error_line(page.text) == said
    assert_tied(page.text, field)
    assert counts(db_url) == before


def test_a_topic_is_a_sentence_or_two(client, csrf):
    page = client.post("/interviews/1/debrief", data={"csrf": csrf, "topics_2": "T" * 5000})
    assert page.status_code == 400
    # which topic, by its line and first words (test_deskfix_words.py)
    assert error_line(page.text) == (f"Topics you discussed for Tom Becker: the topic on line 1, “{'T' * 40} …”, is "
                                     "5,000 characters long: at most 1,000 are allowed")
    assert_tied(page.text, "topics_2")


# 5. links: only http:// and https://, as News takes them, on every link field ------------------------
PROFILE = {"name": "Alex Morgan", "email": "alex.morgan@mail.example", "phone": "", "signature": "Alex",
           "timezone": "America/New_York", "country": "US", "linkedin_account": "free", "linkedin_url": "",
           "default_tone": "warm"}


@pytest.mark.parametrize("change, field, said", [
    ({"linkedin_url": "javascript:alert(1)"}, "p-liurl",
     "LinkedIn profile URL: the link 'javascript:alert(1)' is not a web address (only http:// and https:// "
     "links are kept)"),
    ({"name": "  "}, "p-name", "Name: your name must not be empty"),
])
def test_settings_refuse_a_script_link_and_an_empty_name(client, csrf, db_url, change, field, said):
    page = client.post("/settings/profile", data={"csrf": csrf, **PROFILE, **change})
    assert page.status_code == 400
    assert error_line(page.text) == said
    assert_tied(page.text, field)
    profile = read(db_url, lambda tx: tx.profile())
    assert profile.name == "Alex Morgan" and profile.linkedin_url == ""
    ok = client.post("/settings/profile", data={"csrf": csrf, **PROFILE,
                                                "linkedin_url": "www.linkedin.com/in/alexmorgan-example"},
                     follow_redirects=False)
    assert ok.status_code == 303
    assert read(db_url, lambda tx: tx.profile().linkedin_url) == "https://www.linkedin.com/in/alexmorgan-example"


def test_an_interview_correction_refuses_a_script_call_link(client, csrf, db_url):
    edit = client.get("/interviews/1/edit").text
    values = dict(re.findall(r'<input id="(start|end|timezone|stage|location)" name="\w+" value="([^"]*)"', edit))
    page = client.post("/interviews/1/edit", data={"csrf": csrf, **values, "format": "video", "opportunity": "1",
                                                   "call_link": "javascript:alert(1)", "notes": ""})
    assert page.status_code == 400
    assert error_line(page.text) == ("Call link: the link 'javascript:alert(1)' is not a web address (only http:// "
                                     "and https:// links are kept)")
    assert_tied(page.text, "call_link")
    assert read(db_url, lambda tx: tx.get(m.Interview, 1).call_link) == "https://meet.example/abc-defg-hij"


# tampered fields and import files, at their field -------------------------------------------------
@pytest.mark.parametrize("extra, field, said", [
    ({"format": "holo"}, "format", "Format: unknown format 'holo'"),
    ({"opportunity": "999"}, "opportunity", "Opportunity: that opportunity no longer exists (deleted, perhaps in another tab)"),
    ({"name_1": "Mia\nBcc: x@y.example"}, "name_1", "Name 1: name must be a single line"),
    ({"title_1": "Lead\nBcc: x@y.example"}, "title_1", "Title 1: title must be a single line"),
    ({"name_6": "Ghost Writer", "email_6": "bad@@x"}, "email_6", "Email 6: invalid email address"),
])
def test_tampered_capture_fields_are_said_at_their_field(client, csrf, db_url, extra, field, said):
    before = counts(db_url)
    page = capture(client, csrf, **extra)
    assert page.status_code == 400
    assert error_line(page.text).startswith(said), error_line(page.text)
    assert_tied(page.text, field)
    assert counts(db_url) == before


@pytest.mark.parametrize("name, content, kind, said", [
    ("empty.csv", b"", "csv", "empty.csv is not a CSV file: the file is empty"),
    ("binary.csv", bytes(range(256)) * 4, "csv", "binary.csv is not a CSV file"),
    ("tracker.csv", b"Company,Role,Status\nAcme,Engineer,applied\n", "ics", "tracker.csv is not an iCalendar file"),
])
def test_an_import_file_that_cannot_be_read_is_said_at_the_file_field(client, csrf, name, content, kind, said):
    page = client.post("/imports/preview", data={"csrf": csrf, "kind": kind}, files={"file": (name, content)})
    assert page.status_code == 400
    assert error_line(page.text).startswith(said), error_line(page.text)
    assert_tied(page.text, "file")


# 6. what the desk says ----------------------------------------------------------------------------
def test_send_now_after_another_send_says_it_was_sent_already(client, csrf, db_url):
    message_id = draft(client, csrf)

    def sent_meanwhile(tx):  # Send now in another tab won the race
        message = tx.get(m.Message, message_id)
        message.state, message.sent_at, message.account = m.MessageState.SENT, NOW - timedelta(minutes=1), "home"
        tx.update(message)

    read(db_url, sent_meanwhile)
    client.app.state.desk.changed()
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "send"})
    line = error_line(page.text)
    assert line == ("Not sent again: the thank-you note to Priya Raman was sent already (Thu 26 Nov 2026, 09:59, your "
                    "time); nothing more to send"), line
    assert "not due" not in page.text


def test_send_now_while_another_send_has_it_says_it_is_being_sent(client, csrf, db_url):
    message_id = draft(client, csrf)

    def taken(tx):
        message = tx.get(m.Message, message_id)
        message.state, message.updated_at, message.account = m.MessageState.SENDING, NOW, "home"
        tx.update(message)

    read(db_url, taken)
    client.app.state.desk.changed()
    line = error_line(client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "send"}).text)
    assert line.startswith("Not sent again: the thank-you note to Priya Raman is being sent right now (Send now in "
                           "another tab, or the desk's mail round), so it is not sent twice"), line


def test_a_reply_meaning_the_status_it_has_says_unchanged(client, csrf, db_url):
    def reply(tx):
        return tx.add(m.Inbound(kind=m.InboundKind.REPLY, received_at=NOW - timedelta(hours=2), person_id=1,
                                opportunity_id=1, classification=m.ReplyClass.NEXT_ROUND,
                                from_address=PRIYA, summary="next_round: see you on Monday", confirmed=False)).id

    inbound = read(db_url, reply)
    client.app.state.desk.changed()
    page = client.post(f"/replies/{inbound}/confirm", data={"csrf": csrf, "status": "interviewing"},
                       follow_redirects=True).text
    said = [text for _, text in flashes(page)]
    assert "Confirmed for Senior Data Engineer at Northwind Analytics. Status unchanged (interviewing)." in said
    assert not any("Status changed" in text for text in said)


def test_an_import_confirmed_again_says_it_was_imported(client, csrf, db_url):
    content = b"Company,Role,Status\nInitrode,Data Engineer,applied\n"
    preview = client.post("/imports/preview", data={"csrf": csrf, "kind": "csv"},
                          files={"file": ("tracker.csv", content, "text/csv")})
    upload = re.search(r'name="upload" value="([^"]+)"', preview.text).group(1)
    assert client.post("/imports/confirm", data={"csrf": csrf, "upload": upload},
                       follow_redirects=False).status_code == 303
    before = read(db_url, lambda tx: tx.count(m.Opportunity))
    again = client.post("/imports/confirm", data={"csrf": csrf, "upload": upload})  # (a script: no form token)
    line = error_line(again.text)
    assert line.startswith("tracker.csv was imported already (Thu 26 Nov 2026, 10:00): nothing was imported again"), line
    assert '<a href="/pipeline">See the pipeline</a>' in again.text
    assert read(db_url, lambda tx: tx.count(m.Opportunity)) == before


def test_a_past_time_on_todays_card_points_to_the_editors_send_now(client, csrf, db_url):
    message_id = draft(client, csrf)
    mark_scheduled(db_url, message_id, at=NOW + timedelta(days=1))  # (no mail account needed to schedule it again)
    client.app.state.desk.changed()
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "schedule", "next": "/",
                                                      "box": "when-thank_you-i1-p1", "when": "2026-11-01 09:00"},
                       follow_redirects=True).text
    [(_, line)] = [f for f in flashes(page) if f[0] == "error"]
    assert line.endswith("is in the past: give a time to come, or open the note and use Send now"), line
    editor = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "schedule", "when": "2026-11-01 09:00"})
    assert error_line(editor.text).endswith("is in the past: give a time to come, or use Send now")


def test_what_to_consider_is_said_as_a_note_not_as_done(client, csrf, db_url):
    client.post("/interviews/1/debrief", data={"csrf": csrf, "topics_2": "dbt models",
                                               "concerns_2": "little Kubernetes experience"})
    page = client.post("/interviews/1/draft", data={"csrf": csrf}, follow_redirects=True).text
    considered = [level for level, text in flashes(page) if text.startswith("To consider: ")]
    assert considered and set(considered) == {"note"}
    css = (Path(__file__).resolve().parents[2] / "src/afterview/interfaces/web/static/desk.css").read_text()
    assert ".flash-note {" in css
