"""The desk's pages and forms through the HTTP interface (Starlette's TestClient)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from afterview.domain import model as m
from afterview.storage import open_store
from tests.web.conftest import NOW, client_for, csrf_of, landing, mark_scheduled, read
from tests.web.conftest import draft as _draft

DATA = Path(__file__).resolve().parents[1] / "importers" / "data"
PAGES = ("/", "/capture", "/drafts", "/pipeline", "/people", "/news", "/insights", "/imports", "/settings",
         "/opportunities/1", "/opportunities/3/rejection", "/people/1", "/interviews/1/debrief")


def test_every_page_renders(client):
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
        assert "<h1>" in response.text


def test_today_shows_due_actions_with_reasons_and_buttons(client):
    html = client.get("/").text
    assert "Thank-you note to Priya Raman" in html
    assert "Thanksgiving" in html  # the reason, as the planner gave it
    assert "overdue" in html
    for button in ("Draft", "Done", "Snooze", "Skip"):
        assert f">{button}<" in html


@pytest.mark.parametrize("path", ["/opportunities/999", "/opportunities/abc", "/people/0", "/people/999",
                                  "/drafts/999", "/interviews/999/debrief", "/opportunities/999/rejection",
                                  "/no/such/page"])
def test_unknown_ids_give_a_404_page_without_traceback(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Not found" in response.text and "Traceback" not in response.text


def test_posts_about_unknown_ids_give_404(client, csrf):
    for path, data in (("/opportunities/999/outcome", {"outcome": "rejected"}),
                       ("/opportunities/999/feedback", {"text": "x"}),
                       ("/interviews/999/debrief", {}), ("/drafts/999", {"do": "save", "body": "x"})):
        response = client.post(path, data={"csrf": csrf, **data})
        assert response.status_code == 404, path
        assert "Traceback" not in response.text


def _capture(client, csrf, **extra):
    data = {"csrf": csrf, "opportunity": "", "company": "Globex", "role": "Platform Engineer",
            "date": "2026-11-26", "start": "09:00", "end": "10:00", "timezone": "America/New_York",
            "format": "video", "stage": "panel",
            "name_1": "Hank Scorpio", "email_1": "hank@globex.test", "title_1": "CEO", "role_1": "hiring_manager",
            "name_2": "Frank Grimes", "email_2": "frank@globex.test", "title_2": "Engineer", "role_2": "interviewer"}
    data.update(extra)
    return client.post("/capture", data=data, follow_redirects=False)


def test_capture_an_interview_with_a_panel_then_cards(client, csrf, db_url):
    response = _capture(client, csrf)
    assert response.status_code == 303
    debrief_url = response.headers["location"]
    interview_id = int(re.search(r"/interviews/(\d+)/debrief", debrief_url).group(1))
    page = client.get(debrief_url).text
    assert "Hank Scorpio" in page and "Frank Grimes" in page
    people = read(db_url, lambda tx: {p.name: p for p in tx.list(m.Person)})
    hank, frank = people["Hank Scorpio"], people["Frank Grimes"]
    response = client.post(debrief_url, data={
        "csrf": csrf,
        f"topics_{hank.id}": "scaling the data platform\nquarterly planning",
        f"concerns_{hank.id}": "little Kubernetes experience",
        f"promises_{hank.id}": "send the migration write-up",
        f"next_steps_{hank.id}": "recruiter calls within a week",
        f"decision_date_{hank.id}": "2026-12-04",
        f"topics_{frank.id}": "on-call rota",
    }, follow_redirects=False)
    assert response.status_code == 303 and landing(response) == "/"
    debriefs = read(db_url, lambda tx: {d.person_id: d for d in tx.list(m.Debrief, interview_id=interview_id)})
    assert debriefs[hank.id].topics == ["scaling the data platform", "quarterly planning"]
    assert debriefs[hank.id].decision_date.isoformat() == "2026-12-04"
    assert debriefs[frank.id].topics == ["on-call rota"]
    today = client.get(response.headers["location"]).text
    assert "Thank-you note to Hank Scorpio" in today and "Thank-you note to Frank Grimes" in today
    assert "Saved 2 cards" in today


def test_capture_with_a_known_person_reuses_them(client, csrf, db_url):
    before = read(db_url, lambda tx: tx.count(m.Person))
    response = _capture(client, csrf, opportunity="1", company="", role="", name_1="", email_1="priya.raman@northwind.example",
                        name_2="", email_2="")
    assert response.status_code == 303, response.text
    assert read(db_url, lambda tx: tx.count(m.Person)) == before


def test_capture_with_a_malformed_date_shows_the_form_again(client, csrf, db_url):
    before = read(db_url, lambda tx: tx.count(m.Interview))
    response = _capture(client, csrf, date="2026-13-45")
    assert response.status_code == 400
    assert 'id="form-error"' in response.text and "2026-13-45" in response.text
    assert 'value="Hank Scorpio"' in response.text  # what was typed is kept
    assert "Traceback" not in response.text
    assert read(db_url, lambda tx: tx.count(m.Interview)) == before


def test_capture_refuses_an_end_before_the_start(client, csrf):
    response = _capture(client, csrf, start="11:00", end="10:00")
    assert response.status_code == 400 and "before it starts" in response.text


def test_capture_needs_an_opportunity(client, csrf):
    response = _capture(client, csrf, company="", role="")
    assert response.status_code == 400 and "company and the role" in response.text


def test_debrief_with_a_malformed_decision_date(client, csrf, db_url):
    priya = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))
    response = client.post("/interviews/1/debrief", data={"csrf": csrf, f"topics_{priya.id}": "x",
                                                          f"decision_date_{priya.id}": "someday soon"})
    assert response.status_code == 400 and 'id="form-error"' in response.text
    assert "someday soon" in response.text


def test_draft_edit_and_review(client, csrf, db_url):
    message_id = _draft(client, csrf)
    editor = client.get(f"/drafts/{message_id}").text
    assert 'id="body"' in editor and "Priya" in editor
    body = read(db_url, lambda tx: tx.get(m.Message, message_id).body)
    response = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "save", "subject": "Thank you",
                                                          "body": body + "\nThanks again!!\n"}, follow_redirects=True)
    assert "Draft saved" in response.text
    assert "exclamation" in response.text  # the finding is listed with the saved text
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).body).endswith("Thanks again!!\n")
    live = client.post("/api/review", json={"message_id": message_id, "subject": "Thank you", "body": body},
                       headers={"X-CSRF-Token": csrf}).json()
    assert not any(f["code"] == "exclamation" for f in live["findings"])
    # the same draft action again opens the same draft
    assert _draft(client, csrf) == message_id


def test_api_review_rejects_bad_input(client, csrf):
    headers = {"X-CSRF-Token": csrf}
    assert client.post("/api/review", content=b"not json", headers={**headers, "content-type": "application/json"}).status_code == 400
    assert client.post("/api/review", json=[1, 2], headers=headers).status_code == 400
    assert client.post("/api/review", json={"body": "x" * 30000}, headers=headers).status_code == 413
    missing = client.post("/api/review", json={"message_id": 999, "body": "x"}, headers=headers)
    assert missing.status_code == 404 and "error" in missing.json()


def test_tone_switch_redrafts(client, csrf, db_url):
    message_id = _draft(client, csrf)
    response = client.post(f"/drafts/{message_id}/tone", data={"csrf": csrf, "tone": "formal"}, follow_redirects=True)
    assert "Redrafted in the formal tone" in response.text
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).tone) == "formal"
    bad = client.post(f"/drafts/{message_id}/tone", data={"csrf": csrf, "tone": "sarcastic"}, follow_redirects=True)
    assert "unknown tone" in bad.text


def test_approve_without_a_mail_account_says_how_to_add_one(client, csrf):
    message_id = _draft(client, csrf)
    response = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "approve", "subject": "Thank you",
                                                          "body": "Hi Priya,\n\nThank you.\n"})
    assert response.status_code == 400
    assert "no mail account set up: add one on the Settings page" in response.text  # the desk's way
    assert "Hi Priya" in response.text  # the text typed is still in the editor


def test_schedule_needs_a_time(client, csrf):
    message_id = _draft(client, csrf)
    response = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "schedule", "when": "",
                                                          "subject": "s", "body": "Hi Priya,\n\nThanks.\n"})
    assert response.status_code == 400


def test_skip_and_outcome_withdraw_a_scheduled_note_and_say_so(client, csrf, db_url):
    """A note approved before the decision is not sent after it: a draft again, said in the flash."""
    message_id = _draft(client, csrf)  # Priya's thank-you (thank_you:i1:p1)
    mark_scheduled(db_url, message_id)
    page = client.post("/actions/skip", data={"csrf": csrf, "key": "thank_you:i1:p1", "reason": "wrote a card"},
                       follow_redirects=True).text
    assert "The thank-you note to Priya Raman: not sent: you skipped it (wrote a card); a draft again" in page
    message = read(db_url, lambda tx: tx.get(m.Message, message_id))
    assert message.state == m.MessageState.DRAFTED and message.scheduled_at is None


def test_done_snooze_skip(client, csrf, db_url):
    assert "Thank-you note to Priya Raman" in client.get("/").text
    client.post("/actions/done", data={"csrf": csrf, "key": "thank_you:i1:p1", "note": "sent from my phone"})
    client.post("/actions/snooze", data={"csrf": csrf, "key": "thank_you:i1:p2", "until": "2026-12-10 09:00"})
    page = client.post("/actions/skip", data={"csrf": csrf, "key": "thank_you:i1:p3", "reason": "wrote a card"},
                       follow_redirects=True).text
    assert "Skipped: Thank-you note to Lena Fischer" in page  # the action in words, not its key
    page = page.replace("Skipped: Thank-you note to Lena Fischer", "")
    page, _, rest = page.partition('id="dec-h"')  # the decisions are listed apart, to undo a slip
    decided, _, coming = rest.partition('id="up-h"')
    due = page
    assert "Thank-you note to Priya Raman" not in page
    assert "Thank-you note to Tom Becker" not in due and "Thank-you note to Lena Fischer" not in page
    assert "Thank-you note to Tom Becker" in coming and "from Thu 10 Dec 2026, 09:00" in coming
    kinds = read(db_url, lambda tx: sorted(d.kind.value for d in tx.list(m.Decision)))
    assert kinds == ["done", "skip", "snooze"]
    for name, what in (("Priya Raman", "done"), ("Tom Becker", "snoozed"), ("Lena Fischer", "skipped")):
        assert f"Thank-you note to {name}: {what}" in decided
    # a slip undone: Priya's note is planned again
    undone = client.post("/actions/undo", data={"csrf": csrf, "key": "thank_you:i1:p1", "next": "/"},
                         follow_redirects=True).text
    assert "Undone: Thank-you note to Priya Raman is no longer marked done; it is planned again" in undone
    assert "Thank-you note to Priya Raman" in undone.partition('id="dec-h"')[0].replace("Undone: Thank-you note to Priya Raman is no longer marked done", "")
    # the history keeps both, on the opportunity's page and on Priya's (Lena's skip is there too)
    opportunity = read(db_url, lambda tx: tx.get(m.Interview, 1).opportunity_id)
    for url in (f"/opportunities/{opportunity}", "/people/1"):
        history = client.get(url).text
        assert "thank you to Priya Raman: marked done (sent from my phone)" in history, url
        assert "thank you to Priya Raman: undone (was marked done)" in history, url
    assert "thank you to Lena Fischer: skipped (wrote a card)" in client.get(f"/opportunities/{opportunity}").text
    again = client.post("/actions/undo", data={"csrf": csrf, "key": "thank_you:i1:p1", "next": "/"},
                        follow_redirects=True).text
    assert "nothing to undo" in again and "flash-error" in again


def test_snooze_into_the_past_and_skip_without_reason_are_refused(client, csrf, db_url):
    page = client.post("/actions/snooze", data={"csrf": csrf, "key": "thank_you:i1:p2", "until": "2020-01-01"},
                       follow_redirects=True).text
    assert "is in the past: give a time to come" in page
    page = client.post("/actions/skip", data={"csrf": csrf, "key": "thank_you:i1:p2", "reason": " "},
                       follow_redirects=True).text
    assert "say why" in page
    page = client.post("/actions/done", data={"csrf": csrf, "key": "nonsense"}, follow_redirects=True).text
    assert "there is no such note" in page
    assert read(db_url, lambda tx: tx.count(m.Decision)) == 0


def test_external_redirect_targets_are_ignored(client, csrf):
    response = client.post("/actions/done", data={"csrf": csrf, "key": "thank_you:i1:p1", "next": "//evil.example/"},
                           follow_redirects=False)
    assert landing(response) == "/"


def test_rejection_flow(client, csrf, db_url):
    # Contoso (opportunity 2) is still open in the demo: reject it, reply, record feedback.
    response = client.post("/opportunities/2/outcome", data={"csrf": csrf, "outcome": "rejected", "note": "email"},
                           follow_redirects=True)
    assert "Outcome recorded: rejected." in response.text  # a sentence like the others
    assert "Rejection reply" in response.text
    assert read(db_url, lambda tx: tx.get(m.Opportunity, 2).status) == m.OpportunityStatus.REJECTED
    key = re.search(r'name="key" value="(rejection_reply:o2:p\d+)"', response.text).group(1)
    # its buttons come back to the rejection page, not to Today
    assert 'name="next" value="/opportunities/2/rejection"' in response.text
    message_id = _draft(client, csrf, key)
    assert "Rejection reply" in client.get(f"/drafts/{message_id}").text
    page = client.post("/opportunities/2/feedback", data={"csrf": csrf, "text": "More SQL depth next time."},
                       follow_redirects=True).text
    assert "Feedback recorded" in page and "More SQL depth next time." in page
    assert "Keep in touch" in page
    bad = client.post("/opportunities/2/feedback", data={"csrf": csrf, "text": "  "})
    assert bad.status_code == 400 and "must not be empty" in bad.text
    bad = client.post("/opportunities/2/outcome", data={"csrf": csrf, "outcome": "maybe"})
    assert bad.status_code == 400 and "unknown outcome" in bad.text


def test_keep_warm_plan_shows_after_a_rejection(client):
    html = client.get("/opportunities/3/rejection").text  # Fabrikam: rejected in the demo
    assert "Rejected on" in html
    assert "Rejection reply to Grace Liu" in html
    assert "LinkedIn request to Grace Liu" in html


def test_status_change_on_the_opportunity_page(client, csrf, db_url):
    page = client.post("/opportunities/1/status", data={"csrf": csrf, "status": "offer", "note": "call"},
                       follow_redirects=True).text
    assert "Status changed" in page
    assert read(db_url, lambda tx: tx.get(m.Opportunity, 1).status) == m.OpportunityStatus.OFFER
    page = client.post("/opportunities/1/status", data={"csrf": csrf, "status": "hired?"}, follow_redirects=True).text
    assert "unknown status" in page


def test_opportunity_and_person_timelines(client):
    html = client.get("/opportunities/1").text
    assert "Timeline" in html and 'class="planned' in html and 'class="past' in html
    timeline = html[html.index('<ol class="timeline">'):]
    assert "Thank-you note to Priya Raman (due)" in timeline and "[thank_you:" not in timeline  # no keys on the desk
    assert "panel" in html.lower()
    person = client.get("/people/1").text
    assert "Priya Raman" in person and 'class="planned' in person


def test_pipeline_board_has_a_column_per_status(client):
    html = client.get("/pipeline").text
    for label in ("Applied", "Interviewing", "Offer", "Accepted", "Rejected", "Withdrawn", "No response"):
        assert f">{label} <span" in html
    assert "Senior Data Engineer" in html


def test_settings_profile(client, csrf, db_url):
    response = client.post("/settings/profile", data={
        "csrf": csrf, "name": "Alex Morgan", "email": "alex@example.test", "timezone": "Europe/Berlin",
        "country": "DE", "linkedin_account": "premium", "default_tone": "concise",
        "signature": "Alex Morgan\n+49 30 1234", "opt_in_early_linkedin": "on"}, follow_redirects=True)
    assert "Profile saved" in response.text
    profile = read(db_url, lambda tx: tx.profile())
    assert (profile.name, profile.linkedin_account, profile.timezone) == ("Alex Morgan", m.LinkedInAccount.PREMIUM, "Europe/Berlin")
    assert profile.signature == "Alex Morgan\n+49 30 1234" and profile.opt_in_early_linkedin
    bad = client.post("/settings/profile", data={"csrf": csrf, "timezone": "Mars/Olympus", "name": "Typed"})
    assert bad.status_code == 400 and "Mars/Olympus" in bad.text and 'value="Typed"' in bad.text


def test_settings_lists_accounts_and_the_playbook(client, tmp_path):
    from afterview.config import paths

    config = paths().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[accounts.home]\nemail = "alice@example.test"\nsmtp_host = "127.0.0.1"\nsmtp_port = 1\n'
                      'smtp_tls = "none"\nimap_host = "127.0.0.1"\nimap_port = 1\nimap_tls = "none"\n'
                      'password_env = "NOPE"\n')
    client.app.state.desk.reload_config()
    html = client.get("/settings").text
    assert "alice@example.test" in html and "environment variable NOPE" in html
    assert "[thank_you]" in html
    csrf = csrf_of(html)
    tested = client.post("/settings/accounts/home/test", data={"csrf": csrf})
    assert tested.status_code == 200
    assert "SMTP</strong> failed" in tested.text and "IMAP</strong> failed" in tested.text
    missing = client.post("/settings/accounts/nobody/test", data={"csrf": csrf})
    assert missing.status_code == 400 and "no account named" in missing.text


def test_calendar_feed_secret(client, csrf, db_url):
    assert client_for(client.app).get("/calendar/guess.ics").status_code == 404
    page = client.post("/settings/calendar-feed", data={"csrf": csrf}).text
    url = re.search(r'id="feed-url" value="([^"]+)"', page).group(1)
    token = re.search(r"/calendar/([^/]+)\.ics$", url).group(1)
    stored = read(db_url, lambda tx: tx.get_state("web.calendar_feed"))
    assert token not in str(stored) and len(stored["sha256"]) == 64
    feed = client_for(client.app).get(f"/calendar/{token}.ics")  # a calendar program has no session
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in feed.content and b"BEGIN:VEVENT" in feed.content
    client.post("/settings/calendar-feed", data={"csrf": csrf})
    assert client_for(client.app).get(f"/calendar/{token}.ics").status_code == 404


def test_import_tracker_csv_with_preview_then_confirm(client, csrf, db_url):
    before = read(db_url, lambda tx: tx.count(m.Opportunity))
    content = (DATA / "tracker_sheets.csv").read_bytes()
    preview = client.post("/imports/preview", data={"csrf": csrf, "kind": "csv"},
                          files={"file": ("tracker.csv", content, "text/csv")})
    assert preview.status_code == 200
    assert "dry run, nothing written" in preview.text and "Columns" in preview.text
    assert read(db_url, lambda tx: tx.count(m.Opportunity)) == before
    upload = re.search(r'name="upload" value="([^"]+)"', preview.text).group(1)
    done = client.post("/imports/confirm", data={"csrf": csrf, "upload": upload}, follow_redirects=True)
    assert "Imported tracker.csv" in done.text
    assert read(db_url, lambda tx: tx.count(m.Opportunity)) > before
    again = client.post("/imports/confirm", data={"csrf": csrf, "upload": upload})
    assert again.status_code == 400 and "expired" in again.text


def test_an_upload_with_a_name_too_long_for_the_file_system_is_still_previewed(client, csrf):
    name = "📅" * 200 + ".csv"  # 200 letters, 804 bytes: file systems allow 255 bytes
    content = (DATA / "tracker_sheets.csv").read_bytes()
    preview = client.post("/imports/preview", data={"csrf": csrf, "kind": "csv"},
                          files={"file": (name, content, "text/csv")})
    assert preview.status_code == 200, preview.text[-300:]
    assert "dry run, nothing written" in preview.text and "📅.csv" in preview.text


def test_import_calendar_and_connections(client, csrf, db_url):
    before = read(db_url, lambda tx: (tx.count(m.Interview), tx.count(m.Person)))
    for kind, name in (("calendar", "google_calendar.ics"), ("linkedin", "linkedin_connections.csv")):
        preview = client.post("/imports/preview", data={"csrf": csrf, "kind": kind},
                              files={"file": (name, (DATA / name).read_bytes(), "application/octet-stream")})
        assert preview.status_code == 200, preview.text
        upload = re.search(r'name="upload" value="([^"]+)"', preview.text).group(1)
        assert client.post("/imports/confirm", data={"csrf": csrf, "upload": upload}).status_code == 200
    after = read(db_url, lambda tx: (tx.count(m.Interview), tx.count(m.Person)))
    assert after[0] > before[0] and after[1] > before[1]


def test_import_of_a_broken_file_says_why(client, csrf):
    response = client.post("/imports/preview", data={"csrf": csrf, "kind": "calendar"},
                           files={"file": ("x.ics", b"\x00\x01 not a calendar", "text/calendar")})
    assert response.status_code == 400 and 'id="form-error"' in response.text
    wrong = client.post("/imports/preview", data={"csrf": csrf, "kind": "linkedin"},
                        files={"file": ("../My Connections.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")})
    assert wrong.status_code == 400 and "My Connections.ics" in wrong.text  # the user's file, by its name
    assert not list(client.app.state.uploads.iterdir())  # nothing left waiting
    response = client.post("/imports/preview", data={"csrf": csrf, "kind": "calendar"})
    assert response.status_code == 400 and "choose a file" in response.text


def test_insights_page_charts(client, db_url):
    from datetime import timedelta

    store = open_store(db_url)
    with store.transaction() as tx:
        for n, kind in enumerate((m.MessageKind.THANK_YOU, m.MessageKind.THANK_YOU, m.MessageKind.STATUS_CHECK)):
            sent = tx.add(m.Message(kind=kind, person_id=1, opportunity_id=1, state=m.MessageState.SENT,
                                    sent_at=NOW - timedelta(days=5 - n), subject=f"s{n}", body="b"))
            if n == 0:
                tx.add(m.Inbound(kind=m.InboundKind.REPLY, received_at=NOW - timedelta(days=4), person_id=1,
                                 opportunity_id=1, answers_message_id=sent.id))
    store.close()
    client.app.state.desk.changed()
    html = client.get("/insights").text
    assert html.count('<table class="chart"') == 3  # the charts are tables of their figures, a bar beside each
    # the demo holds one sent thank-you note already, without a reply
    assert "33% (1/3)" in html and "0% (0/1)" in html
    assert "1 of 4 sent messages got a reply" in html
    assert "Median: 24 h over 1 reply." in html


def test_a_crash_shows_a_one_line_error_without_traceback(app, monkeypatch):
    client = client_for(app, raise_server_exceptions=False)
    client.get("/login?token=one-time-login-token")

    def broken(data_key):
        raise RuntimeError("the disk caught fire")

    monkeypatch.setattr(app.state.desk, "_plan", broken)
    app.state.desk.changed()
    response = client.get("/")
    assert response.status_code == 500
    assert "the disk caught fire" not in response.text and "details in" in response.text
    assert "Traceback" not in response.text and 'File "' not in response.text


def _with_account(client):
    from afterview.config import paths

    config = paths().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[accounts.home]\nemail = "alex@example.test"\nsmtp_host = "127.0.0.1"\n'
                      'imap_host = "127.0.0.1"\npassword_env = "NOPE"\n')
    client.app.state.desk.reload_config()


def test_today_never_offers_a_time_already_past_to_schedule_at(client, csrf):
    """A suggested moment already past is not offered (the due one is, when still ahead; else nothing)."""
    from datetime import datetime

    from afterview.interfaces.web.views import iso_local

    for key in ("thank_you:i1:p1", "thank_you:i1:p2", "thank_you:i1:p3"):
        _draft(client, csrf, key)
    html = client.get("/").text
    values = re.findall(r'name="when" value="([^"]*)" placeholder="e.g. tomorrow 8:30"', html)
    # the same-day suggestion (Wednesday) has passed: Friday's slot (08:00-09:00) is offered instead
    assert values == ["2026-11-27 08:00"] * 3
    tz = client.app.state.desk.user_tz()
    now_local = iso_local(NOW, tz)
    assert all(value > now_local for value in values if value), (values, now_local)
    assert all(datetime.fromisoformat(v) for v in values if v)


def test_approve_and_schedule_from_today(client, csrf, db_url):
    _with_account(client)
    message_id = _draft(client, csrf)
    today = client.get("/").text
    assert f'action="/drafts/{message_id}"' in today and ">Approve<" in today
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "approve", "next": "/"},
                       follow_redirects=True)
    # approved for its planned moment (Friday's slot: the same-day one has passed), then moved; the
    # line names the note (Today lists many), linked to it
    assert (f'Approved: <a href="/drafts/{message_id}">the thank-you note to Priya Raman</a> goes out Fri 27 Nov '
            "08:00 (your time), the planned moment") in page.text
    assert page.url.path == "/"
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.SCHEDULED
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "schedule", "when": "2026-11-27 08:30",
                                                      "next": "/"}, follow_redirects=True)
    assert "Scheduled for Fri 27 Nov 2026 08:30" in page.text
    stored = read(db_url, lambda tx: tx.get(m.Message, message_id))
    assert stored.state == m.MessageState.SCHEDULED and stored.account == "home"
    assert "On their way" in page.text
    bad = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "schedule", "when": "when pigs fly",
                                                     "next": "/"}, follow_redirects=True)
    assert bad.url.path == "/" and "flash-error" in bad.text


def test_an_account_added_while_the_desk_runs_is_there_on_the_next_page(client):
    from afterview.config import paths

    assert "No mail account yet" in client.get("/settings").text
    config = paths().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[accounts.home]\nemail = "alex@example.test"\nsmtp_host = "127.0.0.1"\n'
                      'imap_host = "127.0.0.1"\npassword_env = "NOPE"\n')  # as `afterview account add` does
    html = client.get("/settings").text
    assert "No mail account yet" not in html and "alex@example.test" in html


def test_approving_a_draft_with_errors_needs_the_box_ticked(client, csrf, db_url):
    _with_account(client)
    message_id = _draft(client, csrf)
    text = {"subject": "Thank you", "body": "Hi Dana,\n\nThank you for your time today.\n\nAlex\n"}  # to Priya
    refused = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "approve", **text})
    assert refused.status_code == 400 and "wrong-name" in refused.text and "tick" in refused.text
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.DRAFTED
    done = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "approve", "despite": "yes", **text},
                       follow_redirects=True)
    assert "Approved" in done.text
    # approved, and set for its planned moment (Friday's slot)
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.SCHEDULED


def test_a_person_is_corrected_on_their_page(client, csrf, db_url):
    person = read(db_url, lambda tx: tx.get(m.Person, 1))
    other = read(db_url, lambda tx: tx.get(m.Person, 2))
    assert "Correct the details" in client.get("/people/1").text
    fields = {"csrf": csrf, "name": person.name, "emails": "priya@new.example\n" + person.emails[0], "title": "VP Data",
              "company": "Northwind Analytics", "timezone": "America/Chicago", "country": "us", "tags": "kafka, dbt"}
    page = client.post("/people/1/edit", data=fields, follow_redirects=True)
    assert f"Saved: {person.name}" in page.text
    saved = read(db_url, lambda tx: tx.get(m.Person, 1))
    assert saved.emails == ["priya@new.example", person.emails[0]] and saved.title == "VP Data"
    assert (saved.timezone, saved.country, saved.tags, saved.do_not_contact) == ("America/Chicago", "US", ["kafka", "dbt"], False)
    for bad, words in (({"emails": "not-an-address"}, "invalid email address"),
                       ({"emails": other.emails[0]}, "already has the address"),
                       ({"timezone": "Mars/Olympus"}, "unknown time zone"), ({"name": " "}, "name")):
        page = client.post("/people/1/edit", data={**fields, **bad}, follow_redirects=True)
        assert "flash-error" in page.text and words in page.text.lower(), bad
        assert read(db_url, lambda tx: tx.get(m.Person, 1)) == saved  # nothing half-written
    client.post("/people/1/edit", data={**fields, "do_not_contact": "yes"})
    assert read(db_url, lambda tx: tx.get(m.Person, 1)).do_not_contact
    assert client.post("/people/999/edit", data=fields).status_code == 404


def test_the_panel_is_corrected_on_the_cards_page(client, csrf, db_url):
    """Someone left out at Capture is added (a new person at the company), then taken off again."""
    before = read(db_url, lambda tx: tx.get(m.Interview, 1).participants)
    page = client.post("/interviews/1/panel", data={"csrf": csrf, "name": "Sam Ortiz", "email": "sam@northwind.example",
                                                    "role": "hiring_manager"}, follow_redirects=True)
    assert "Added to the panel: Sam Ortiz" in page.text and "Sam Ortiz" in page.text
    interview = read(db_url, lambda tx: tx.get(m.Interview, 1))
    sam = read(db_url, lambda tx: [p for p in tx.list(m.Person) if p.name == "Sam Ortiz"][0])
    assert interview.participants[-1] == m.Participant(person_id=sam.id, role=m.Role.HIRING_MANAGER)
    assert sam.emails == ["sam@northwind.example"] and sam.company_id == read(
        db_url, lambda tx: tx.get(m.Opportunity, interview.opportunity_id).company_id)
    again = client.post("/interviews/1/panel", data={"csrf": csrf, "name": "Sam", "email": "sam@northwind.example"},
                        follow_redirects=True)
    assert "already on the panel" in again.text and "flash-error" in again.text
    for bad in ({"name": " "}, {"name": "X", "role": "boss"}, {"remove": "abc"}, {"remove": "999"}):
        response = client.post("/interviews/1/panel", data={"csrf": csrf, **bad}, follow_redirects=True)
        assert "flash-error" in response.text, bad
    gone = client.post("/interviews/1/panel", data={"csrf": csrf, "remove": str(sam.id)}, follow_redirects=True)
    assert "Taken off the panel: Sam Ortiz" in gone.text
    assert read(db_url, lambda tx: tx.get(m.Interview, 1).participants) == before
    assert client.post("/interviews/999/panel", data={"csrf": csrf, "name": "X"}).status_code == 404


def test_a_bad_time_to_schedule_changes_nothing(client, csrf, db_url):
    _with_account(client)
    message_id = _draft(client, csrf)
    before = read(db_url, lambda tx: tx.get(m.Message, message_id))
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "schedule", "when": "next blursday",
                                                      "subject": "Changed", "body": "Hi Priya,\n\nChanged.\n"})
    assert page.status_code == 400 and "next blursday" in page.text
    assert "Hi Priya,\n\nChanged." in page.text  # what was typed is kept in the form
    after = read(db_url, lambda tx: tx.get(m.Message, message_id))
    assert (after.state, after.subject, after.body) == (m.MessageState.DRAFTED, before.subject, before.body)


def test_changing_a_scheduled_note_says_it_will_not_go_out(client, csrf, db_url):
    _with_account(client)
    message_id = _draft(client, csrf)
    client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "schedule", "when": "2026-11-27 08:30"})
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.SCHEDULED
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "save", "subject": "Thank you",
                                                      "body": "Hi Priya,\n\nThank you for your time today.\n"},
                       follow_redirects=True)
    assert "it will not be sent until you approve or schedule it again" in page.text
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.DRAFTED


def test_download_eml_without_a_mail_account(client, csrf, db_url):
    """A file needs no server: it is from the address in the profile."""
    message_id = _draft(client, csrf)
    response = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "eml"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("message/rfc822")
    profile = read(db_url, lambda tx: tx.profile())
    assert f"<{profile.email}>".encode() in response.content


def test_download_eml(client, csrf, db_url):
    _with_account(client)
    message_id = _draft(client, csrf)
    response = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "eml", "subject": "Thank you",
                                                          "body": "Hi Priya,\n\nThank you for your time.\n"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("message/rfc822")
    assert "attachment" in response.headers["content-disposition"]
    import email
    import email.policy

    parsed = email.message_from_bytes(response.content, policy=email.policy.default)
    assert parsed["Subject"] == "Thank you" and "priya.raman@northwind.example" in parsed["To"]
    assert "Thank you for your time." in parsed.get_body(("plain",)).get_content()


def test_a_copy_out_with_review_errors_needs_the_box_ticked(client, csrf, db_url):
    """Copying a note out is sending it: the review's errors stop it as they stop Approve."""
    _with_account(client)
    message_id = _draft(client, csrf)
    text = {"subject": "Thank you", "body": "Hi Priya,\n\nOur talk about [topic you discussed with Priya] stayed with me.\n"}
    refused = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "eml", **text})
    assert refused.status_code == 400 and "copy it out as it is" in refused.text
    assert not refused.headers["content-type"].startswith("message/rfc822")
    kept = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "eml", "despite": "yes", **text})
    assert kept.status_code == 200 and kept.headers["content-type"].startswith("message/rfc822")


def test_javascript_links_are_not_rendered(client, db_url):
    store = open_store(db_url)
    with store.transaction() as tx:
        opp = tx.get(m.Opportunity, 1)
        opp.link = "javascript:alert(1)"
        tx.update(opp)
    store.close()
    client.app.state.desk.changed()
    assert "javascript:" not in client.get("/opportunities/1").text


def test_playbook_overrides_are_marked(client):
    from afterview.config import paths

    target = paths().playbook_file
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text('[status_check]\nafter_decision_date = 3\n')
    html = client.get("/settings").text
    rule = html[html.index("[status_check]"):]
    rule = rule[:rule.index("</details>")]
    assert "overridden" in rule and str(target) in rule
    target.write_text('[status_check]\nafter_decision_date = "soon"\n')
    broken = client.get("/settings")
    assert broken.status_code == 200 and "flash-error" in broken.text and "after_decision_date" in broken.text


def test_account_connection_test_against_real_servers(client, mail, monkeypatch):
    from afterview.config import paths

    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    paths().config_file.write_text(mail.account_toml("home"))
    client.app.state.desk.reload_config()
    html = client.post("/settings/accounts/home/test", data={"csrf": csrf_of(client.get("/settings").text)}).text
    assert "SMTP</strong> works" in html and "IMAP</strong> works" in html and "Drafts folder: Drafts" in html


def test_a_reply_is_confirmed_from_today(client, csrf, db_url):
    store = open_store(db_url)
    with store.transaction() as tx:
        reply = tx.add(m.Inbound(kind=m.InboundKind.REPLY, received_at=NOW, person_id=4, opportunity_id=2,
                                 classification=m.ReplyClass.NEXT_ROUND, from_address="marcus@contoso.example",
                                 subject="Re: Thank you",
                                 summary="next_round: Could you do a second round <b>Tuesday</b>?"))
    store.close()
    client.app.state.desk.changed()
    html = client.get("/").text
    assert "Replies to confirm" in html and "second round &lt;b&gt;Tuesday&lt;/b&gt;" in html
    assert "next_round:" not in html  # the stored label is said once, in words: "next round"
    assert '<option value="interviewing" selected>' in html  # the suggested meaning
    page = client.post(f"/replies/{reply.id}/confirm", data={"csrf": csrf, "status": "offer"}, follow_redirects=True)
    assert "Status changed to offer" in page.text and "Replies to confirm" not in page.text
    assert read(db_url, lambda tx: tx.get(m.Opportunity, 2).status) == m.OpportunityStatus.OFFER
    assert client.post("/replies/999/confirm", data={"csrf": csrf}).status_code == 404


def test_a_linkedin_note_is_marked_sent_by_hand(client, csrf, db_url):
    message_id = _draft(client, csrf, "linkedin_note:p5")
    editor = client.get(f"/drafts/{message_id}").text
    assert "Send to my Drafts folder" not in editor and "I sent it: mark it done" in editor
    page = client.post(f"/drafts/{message_id}/done", data={"csrf": csrf, "note": "sent on LinkedIn"},
                       follow_redirects=True)
    assert "Marked as sent" in page.text
    stored = read(db_url, lambda tx: tx.get(m.Message, message_id))
    assert stored.state == m.MessageState.DONE_ELSEWHERE and stored.note == "sent on LinkedIn"
    today, _, decided = client.get("/").text.partition('id="dec-h"')
    assert "LinkedIn request to Grace Liu" not in today and "LinkedIn request to Grace Liu: done" in decided
    again = client.post(f"/drafts/{message_id}/done", data={"csrf": csrf}, follow_redirects=True)
    assert "The LinkedIn request to Grace Liu is marked sent already" in again.text


@pytest.fixture
def contacts_format():
    """The test plugin's import format ("contacts-txt", giving connections) on a fresh plugin manager."""
    from afterview import plugins
    from tests.plugins.conftest import contacts_module

    plugins.reset()
    plugins.get_plugin_manager().register(contacts_module(), name="afterview_contacts")
    yield
    plugins.reset()


def test_import_page_lists_plugin_formats_and_imports_through_them(contacts_format, client, csrf, db_url):
    from tests.plugins.conftest import CONTACTS

    page = client.get("/imports").text
    options = re.findall(r'<option value="([^"]+)"', page)
    assert options == ["ics", "linkedin", "contacts-txt", "csv"]  # grouped: interviews, contacts, applications
    assert '<optgroup label="Contacts"><option value="linkedin">LinkedIn Connections.csv</option>' in page
    # the plugin's description is text, escaped, never markup
    assert ("Contacts as text: &lt;Name&gt; | &lt;email&gt; | &lt;company&gt; | &lt;position&gt; | "
            "&lt;since&gt;, one a line. (contacts-txt, from afterview_contacts)</option>") in page
    assert "<Name>" not in page
    assert 'accept="' not in page  # a plugin's files need not be .ics or .csv
    before = read(db_url, lambda tx: tx.count(m.Person))
    preview = client.post("/imports/preview", data={"csrf": csrf, "kind": "contacts-txt"},
                          files={"file": ("contacts.txt", CONTACTS.encode(), "text/plain")})
    assert preview.status_code == 200, preview.text
    assert "dry run, nothing written: 3 connections (3 new)" in preview.text
    assert "(format contacts-txt)" in preview.text and '<option value="contacts-txt" selected>' in preview.text
    assert read(db_url, lambda tx: tx.count(m.Person)) == before
    upload = re.search(r'name="upload" value="([^"]+)"', preview.text).group(1)
    done = client.post("/imports/confirm", data={"csrf": csrf, "upload": upload}, follow_redirects=True)
    assert "Imported contacts.txt: 3 connections (3 new)" in done.text
    found = read(db_url, lambda tx: {p.name: p for p in tx.list(m.Person)})
    assert len(found) == before + 3
    assert found["Quentin Okafor"].connection == m.ConnectionState.CONNECTED
    # a format nobody registered is refused in one line; nothing is written
    unknown = client.post("/imports/preview", data={"csrf": csrf, "kind": "vcard"},
                          files={"file": ("c.vcf", b"BEGIN:VCARD\r\n", "text/vcard")})
    assert unknown.status_code == 400
    assert "unknown import format &#39;vcard&#39; (known: ics, linkedin, csv, contacts-txt)" in unknown.text
    assert read(db_url, lambda tx: tx.count(m.Person)) == before + 3


def test_action_titles_read_as_english():
    from types import SimpleNamespace

    from afterview.interfaces.web.views import action_label, addressed

    assert addressed("thank_you", "Tom Becker") == "Thank-you note to Tom Becker"
    assert addressed("rejection_reply", "Grace Liu") == "Rejection reply to Grace Liu"
    assert addressed("keep_warm", "Priya Raman") == "Keeping in touch with Priya Raman"
    assert addressed("share_news", "Priya Raman") == "Sharing news with Priya Raman"
    assert addressed("closing_the_loop", None) == "Closing the loop with ?"
    facts = SimpleNamespace(people={2: SimpleNamespace(name="Tom Becker")})
    assert action_label("keep_warm.2:o1:p2", facts) == "Keeping in touch with Tom Becker"
    assert action_label("thank_you:i1:p9", facts) == "Thank-you note"  # nobody by that id
    assert action_label("something:else", facts) == "something:else"


def test_news_page_lists_items_with_whom_they_matter_to(client):
    html = client.get("/news").text
    assert 'aria-current="page">News<' in html
    assert "Passed the Confluent Certified Developer for Apache Kafka exam" in html  # the demo's own
    assert re.search(r'Matters to 1 person:\s*<a href="/people/\d+">Priya Raman</a> \(streaming\)', html)


def test_add_news_then_see_it_planned_and_delete_it(client, csrf, db_url):
    response = client.post("/news", data={"csrf": csrf, "title": "Shipped the open data portal", "kind": "achievement",
                                          "happened_on": "2026-11-26", "tags": "open data, portal", "company": "",
                                          "detail": "", "link": "https://example.org/portal"}, follow_redirects=True)
    assert response.status_code == 200 and "Added: Shipped the open data portal" in response.text
    item = read(db_url, lambda tx: [n for n in tx.list(m.NewsItem) if n.title.startswith("Shipped")][0])
    assert item.tags == ["open data", "portal"] and item.happened_on.isoformat() == "2026-11-26"
    section = response.text.split(f'id="news-{item.id}"')[1].split("</section>")[0]
    # Ana Souza discussed the city's open data portal, in a process still open: a share is planned
    assert "Ana Souza</a> (open data, portal)" in section
    assert "Sharing news with Ana Souza" in section
    assert 'href="https://example.org/portal"' in section
    kept = client.post(f"/news/{item.id}/delete", data={"csrf": csrf}, follow_redirects=True)
    assert "Not deleted" in kept.text and read(db_url, lambda tx: tx.get(m.NewsItem, item.id)).id == item.id
    gone = client.post(f"/news/{item.id}/delete", data={"csrf": csrf, "confirm": "yes"}, follow_redirects=True)
    assert "Deleted: Shipped the open data portal" in gone.text
    assert item.id not in read(db_url, lambda tx: {n.id for n in tx.list(m.NewsItem)})
    assert client.post(f"/news/{item.id}/delete", data={"csrf": csrf, "confirm": "yes"}).status_code == 404


@pytest.mark.parametrize("field, value, fragment", [
    ("happened_on", "2026-02-30", "impossible date"),
    ("happened_on", "someday", "not a date"),
    ("title", "   ", "must not be empty"),
    ("kind", "rumour", "unknown news kind"),
    ("company", "999", "that company no longer exists"),
])
def test_add_news_refuses_bad_input_and_keeps_the_form(client, csrf, db_url, field, value, fragment):
    before = read(db_url, lambda tx: len(tx.list(m.NewsItem)))
    data = {"csrf": csrf, "title": "Gave a talk", "kind": "achievement", "happened_on": "", "tags": "kafka",
            "company": "", "detail": "kept", "link": ""}
    data[field] = value
    response = client.post("/news", data=data)
    assert response.status_code == 400 and fragment in response.text
    assert '<textarea id="n-detail" dir="auto" name="detail" rows="2">kept</textarea>' in response.text
    assert read(db_url, lambda tx: len(tx.list(m.NewsItem))) == before


def test_rejection_page_says_when_keeping_in_touch_begins(client):
    html = client.get("/opportunities/3/rejection").text  # Fabrikam, rejected Wed 25 Nov in the demo
    # 30 days after the close is Christmas Day: the first business day after it, as the planner places a note
    assert "Keep-in-touch notes come from about Mon 28 Dec 2026" in html
    assert 'href="/news">record news or an achievement</a>' in html


def test_capture_finds_people_by_name_only_at_the_interviews_company(client, csrf, db_url):
    people = read(db_url, lambda tx: {p.name: p for p in tx.list(m.Person)})
    tom, priya = people["Tom Becker"], people["Priya Raman"]  # both at Northwind in the demo
    # A Tom Becker at Globex, with no address given, is someone else: Northwind's Tom must not
    # be thanked (at his Northwind address) for an interview he was not at.
    response = _capture(client, csrf, name_1="Tom Becker", email_1="", name_2="", email_2="")
    assert response.status_code == 303, response.text
    interview_id = int(re.search(r"/interviews/(\d+)/", landing(response)).group(1))
    panel = read(db_url, lambda tx: tx.get(m.Interview, interview_id).participants)
    assert len(panel) == 1 and panel[0].person_id != tom.id
    other = read(db_url, lambda tx: tx.get(m.Person, panel[0].person_id))
    assert other.name == "Tom Becker" and other.emails == []
    # at Northwind, the name finds Priya (spaces and case aside)
    response = _capture(client, csrf, opportunity="1", company="", role="", name_1="priya  raman", email_1="",
                        name_2="", email_2="")
    northwind = int(re.search(r"/interviews/(\d+)/", landing(response)).group(1))
    assert [p.person_id for p in read(db_url, lambda tx: tx.get(m.Interview, northwind).participants)] == [priya.id]
    # adding to a panel on the cards page follows the same rule: at Northwind, it is their Tom
    client.post(f"/interviews/{northwind}/panel", data={"csrf": csrf, "name": "Tom Becker", "email": "",
                                                        "role": "interviewer"})
    assert tom.id in [p.person_id for p in read(db_url, lambda tx: tx.get(m.Interview, northwind).participants)]
    # the Globex Tom, given an address the next time, is found by name and keeps it
    globex = read(db_url, lambda tx: tx.get(m.Interview, interview_id).opportunity_id)
    response = _capture(client, csrf, opportunity=str(globex), company="", role="", name_1="Tom Becker",
                        email_1="tom@globex.test", name_2="", email_2="", start="13:00", end="14:00")
    assert response.status_code == 303, response.text
    assert read(db_url, lambda tx: tx.get(m.Person, other.id).emails) == ["tom@globex.test"]
    assert read(db_url, lambda tx: tx.get(m.Person, tom.id).emails) == tom.emails


def test_discard_a_draft_and_see_drafts_no_longer_planned(client, csrf, db_url):
    message_id = _draft(client, csrf)  # the thank-you to Priya (Northwind)
    kept = client.post(f"/drafts/{message_id}/discard", data={"csrf": csrf}, follow_redirects=True)
    assert "Not discarded" in kept.text
    # Northwind says no: the thank-you is no longer planned, and its draft says so on Drafts
    client.post("/opportunities/1/outcome", data={"csrf": csrf, "outcome": "rejected", "note": ""})
    listing = client.get("/drafts").text
    row = listing.split(f'href="/drafts/{message_id}"')[1].split("</tr>")[0]
    assert "no longer planned" in row
    gone = client.post(f"/drafts/{message_id}/discard", data={"csrf": csrf, "confirm": "yes"}, follow_redirects=True)
    assert "Discarded:" in gone.text and f'href="/drafts/{message_id}"' not in gone.text
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.CANCELLED
    again = client.post(f"/drafts/{message_id}/discard", data={"csrf": csrf, "confirm": "yes"}, follow_redirects=True)
    # discarded twice (two tabs): said in the desk's words, the note by its name, never its number
    assert ("Not discarded again: the thank-you note to Priya Raman was discarded already (perhaps in another tab); "
            "nothing was changed.") in again.text
    assert client.post("/drafts/999/discard", data={"csrf": csrf, "confirm": "yes"}).status_code == 404


def test_a_scheduled_note_is_listed_on_its_way_not_as_due(client, csrf, db_url):
    message_id = _draft(client, csrf)  # Priya's thank-you (thank_you:i1:p1)
    due_part = lambda html: html.split('id="due-h"')[1].split("</section>")[0]  # noqa: E731
    assert "Thank-you note to Priya Raman" in due_part(client.get("/").text)

    def schedule(state):
        def change(tx):
            message = tx.get(m.Message, message_id)
            message.state, message.approved_at, message.scheduled_at = state, NOW, NOW
            message.account = "personal"
            tx.update(message)
        read(db_url, change)

    schedule(m.MessageState.SCHEDULED)
    html = client.get("/").text
    assert "Thank-you note to Priya Raman" not in due_part(html)
    assert f'href="/drafts/{message_id}"' in html.split('id="out-h"')[1]  # under "On their way"
    schedule(m.MessageState.FAILED)  # a failed send needs the user again: due once more
    assert "Thank-you note to Priya Raman" in due_part(client.get("/").text)


def test_a_decision_date_in_words_is_said_back_as_a_date(client, csrf, db_url):
    people = read(db_url, lambda tx: {p.name: p.id for p in tx.list(m.Person)})
    page = client.post("/interviews/1/debrief", data={
        "csrf": csrf, f"topics_{people['Priya Raman']}": "streaming", f"decision_date_{people['Priya Raman']}": "Friday",
        f"topics_{people['Tom Becker']}": "incident reviews", f"decision_date_{people['Tom Becker']}": "2026-12-11",
    }, follow_redirects=True).text
    # the desk's clock says Thursday 26 Nov: "Friday" is read as Fri 27 Nov, and it says so ("next
    # Friday" reads two ways and is refused: test_desk_decision_words)
    assert "Decision date for Priya Raman: Fri 27 Nov 2026 (from “Friday”)." in page
    assert "Decision date for Tom Becker" not in page  # typed as a date: nothing to say back


def test_a_spreadsheet_with_its_own_column_names_is_read_with_the_columns_field(client, csrf, db_url):
    content = b"Employer,Opening,Where\nGlobex,Platform Engineer,Referral\n"
    unknown = client.post("/imports/preview", data={"csrf": csrf, "kind": "csv"},
                          files={"file": ("mine.csv", content, "text/csv")})
    assert unknown.status_code == 200 and "1 application (1 new)" in unknown.text  # Employer, Opening: known aliases
    content = b"Bedrijf,Functie,Bron\nGlobex,Platform Engineer,Referral\n"  # Dutch: names no list knows
    refused = client.post("/imports/preview", data={"csrf": csrf, "kind": "csv"},
                          files={"file": ("mine.csv", content, "text/csv")})
    assert refused.status_code == 400 and "with --map or the desk&#39;s Columns field" in refused.text
    bad = client.post("/imports/preview", data={"csrf": csrf, "kind": "csv", "columns": "Bedrijf"},
                      files={"file": ("mine.csv", content, "text/csv")})
    assert bad.status_code == 400 and "Columns: &#39;Bedrijf&#39; is not HEADER=field" in bad.text
    assert 'value="Bedrijf"' in bad.text  # kept, to correct
    before = read(db_url, lambda tx: tx.count(m.Opportunity))
    preview = client.post("/imports/preview", data={"csrf": csrf, "kind": "csv",
                                                    "columns": "Bedrijf=company, Functie=role, Bron=source"},
                          files={"file": ("mine.csv", content, "text/csv")})
    assert preview.status_code == 200 and "1 application (1 new)" in preview.text
    upload = re.search(r'name="upload" value="([^"]+)"', preview.text).group(1)
    done = client.post("/imports/confirm", data={"csrf": csrf, "upload": upload}, follow_redirects=True)
    assert "Imported mine.csv" in done.text
    assert read(db_url, lambda tx: tx.count(m.Opportunity)) == before + 1
    made = read(db_url, lambda tx: [o for o in tx.list(m.Opportunity) if o.role == "Platform Engineer"][0])
    assert made.source == "Referral"


def test_the_same_interview_sent_twice_is_refused_not_recorded_twice(client, csrf, db_url):
    first = _capture(client, csrf)  # as after Back in the browser and Save again
    assert first.status_code == 303
    before = read(db_url, lambda tx: tx.count(m.Interview))
    again = _capture(client, csrf, opportunity=str(read(db_url, lambda tx: max(o.id for o in tx.list(m.Opportunity)))),
                     company="", role="")
    assert again.status_code == 409 and "This interview is recorded already" in again.text
    assert read(db_url, lambda tx: tx.count(m.Interview)) == before


def test_feedback_says_who_gave_it_and_when(client, csrf, db_url):
    people = read(db_url, lambda tx: {p.name: p.id for p in tx.list(m.Person)})
    client.post("/opportunities/3/feedback", data={"csrf": csrf, "text": "More forecasting depth.",
                                                   "person_id": str(people["Grace Liu"])})
    for path in ("/opportunities/3/rejection", "/opportunities/3"):
        html = client.get(path).text
        assert "More forecasting depth." in html
        assert re.search(r"Grace Liu, received Thu 26 Nov 2026", html), path


def test_news_dated_after_today_is_added_and_said(client, csrf, db_url):
    response = client.post("/news", data={"csrf": csrf, "title": "Talk at PyData", "kind": "achievement",
                                          "happened_on": "2026-12-03", "tags": "", "company": "", "detail": "",
                                          "link": ""}, follow_redirects=True)
    assert "Added: Talk at PyData. It is dated 3 Dec 2026, after today: check the date" in response.text
    item = read(db_url, lambda tx: [n for n in tx.list(m.NewsItem) if n.title == "Talk at PyData"][0])
    assert item.happened_on.isoformat() == "2026-12-03"
    today = client.post("/news", data={"csrf": csrf, "title": "Wrote a post", "kind": "achievement",
                                       "happened_on": "", "tags": "", "company": "", "detail": "", "link": ""},
                        follow_redirects=True)
    assert "Added: Wrote a post</p>" in today.text or "Added: Wrote a post<" in today.text


def test_templates_changed_under_a_running_desk_change_nothing_until_it_restarts(tmp_path, monkeypatch):
    """An upgrade installed while the desk runs: its pages keep the templates its code started
    with (a new template may use a filter the running code does not have)."""
    from afterview.interfaces.web import app as web_app

    folder = tmp_path / "web"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "hello.html").write_text("Hello {{ name }}")
    monkeypatch.setattr(web_app, "HERE", folder)
    renderer = web_app.Renderer()
    (folder / "templates" / "hello.html").write_text("Hello {{ name|a_filter_of_a_newer_version }}")
    assert renderer.html("hello.html", {"name": "Alex"}) == "Hello Alex"
