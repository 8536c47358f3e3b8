"""Accessibility of the desk's pages through HTTP: a form's error is tied to its field (marked
aria-invalid, described by the line, which names it), a refused box on Today keeps what was typed,
titles name what a page is about, repeated buttons say which note they are for, colours keep
their contrast (computed from desk.css), and what a keyboard or screen-reader user meets around
errors and logins. The same in Chromium, with axe-core: test_accessibility_browser.py."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest

import afterview.interfaces.web as web
from afterview.domain import model as m
from tests.web.conftest import TOKEN, client_for, landing, mark_scheduled, read
from tests.web.conftest import draft as _draft

CSS = Path(web.__file__).resolve().parent / "static" / "desk.css"  # the desk's own, as it serves it


# helpers ------------------------------------------------------------------------------------------
def control(page: str, ident: str) -> str:
    """The opening tag of the element with that id."""
    found = re.search(rf'<(input|select|textarea|details|ul)\b[^>]*\bid="{re.escape(ident)}"[^>]*>', page)
    assert found, f"no control with id {ident!r}"
    return found.group(0)


def invalid_ids(page: str) -> list[str]:
    return re.findall(r'<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"[^>]*aria-invalid="true"', page)


def error_line(page: str) -> str:
    found = re.search(r'id="form-error">(.*?)</p>', page, re.S)
    assert found, "no error line"
    return html_lib.unescape(re.sub(r"<[^>]+>", "", found.group(1)))


def title(page: str) -> str:
    return html_lib.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1))


def assert_tied(page: str, ident: str, *hints: str) -> None:
    """The field is the one marked, described by the error line (and its hints), and linked from it."""
    tag = control(page, ident)
    assert 'aria-invalid="true"' in tag, tag
    described = re.search(r'aria-describedby="([^"]+)"', tag).group(1).split()
    assert described == ["form-error", *hints], tag
    assert invalid_ids(page) == [ident], invalid_ids(page)
    assert f'<p class="to-field"><a href="#{ident}">Go to the field</a></p>' in page
    assert not re.search(r'<form\b[^>]*aria-describedby', page)  # (not read on a form)


def capture(client, csrf, **extra):
    data = {"csrf": csrf, "opportunity": "", "company": "Globex", "role": "Platform Engineer",
            "date": "2026-11-26", "start": "09:00", "end": "10:00", "timezone": "America/New_York",
            "format": "video", "stage": "panel", "name_1": "Hank Scorpio", "email_1": "hank@globex.test"}
    return client.post("/capture", data={**data, **extra})


def person_id(db_url, name: str) -> int:
    return read(db_url, lambda tx: next(p.id for p in tx.list(m.Person) if p.name == name))


# 1. a form's error is tied to its field ----------------------------------------------------------
@pytest.mark.parametrize("field, typed, said", [
    ("date", "31/31/2026", "Date: "),
    ("date", "someday", "Date: not a date: 'someday' (a date looks like 2026-11-20"),
    ("start", "25:99", "Start: not a time of day: '25:99' (a time looks like 14:00"),
    ("end", "8:00", "End: the interview ends"),
    ("timezone", "Mars/Olympus", "Time zone: "),
    ("email_1", "hank@@globex", "Email 1: invalid email address: 'hank@@globex'"),
])
def test_capture_names_and_marks_the_field_in_error(client, csrf, field, typed, said):
    page = capture(client, csrf, **{field: typed})
    assert page.status_code == 400
    line = error_line(page.text)
    assert line.startswith(said), line
    assert typed in line or field == "end"
    assert "25:99" not in line or field == "start"  # the date and the time are said apart, as typed
    assert_tied(page.text, field)
    assert title(page.text).startswith("Error: ")


def test_the_debrief_error_names_the_persons_card_and_says_what_a_day_looks_like(client, csrf, db_url):
    tom = person_id(db_url, "Tom Becker")
    page = client.post("/interviews/1/debrief", data={"csrf": csrf, f"topics_{tom}": "dbt",
                                                      f"decision_date_{tom}": "the 45th of Smarch"})
    assert page.status_code == 400
    line = error_line(page.text)
    assert line.startswith("Decision date for Tom Becker: not a date: 'the 45th of Smarch' (a date looks like")
    assert "10:00" not in line and "Europe/Berlin" not in line  # a date-only field: no time suggested
    assert_tied(page.text, f"decision_date_{tom}")


def test_the_panel_form_marks_its_own_field(client, csrf):
    page = client.post("/interviews/1/panel", data={"csrf": csrf, "name": "Sam Ortiz", "email": "sam@@x"})
    assert page.status_code == 400
    assert error_line(page.text).startswith("Email: invalid email address")
    assert_tied(page.text, "panel-email")


@pytest.mark.parametrize("field, value, ident, said", [
    ("emails", "bad@@x", "p-emails", "Email addresses: invalid email address"),
    ("timezone", "Mars/Olympus", "p-tz", "Time zone: "),
    ("name", " ", "p-name", "Name: name must not be empty"),
])
def test_the_persons_details_mark_the_field_in_error(client, csrf, field, value, ident, said):
    data = {"csrf": csrf, "name": "Priya Raman", "emails": "priya.raman@northwind.example", "title": "",
            "company": "Northwind Analytics", "timezone": "", "country": "", "tags": ""}
    page = client.post("/people/1/edit", data={**data, field: value})
    assert page.status_code == 400
    assert error_line(page.text).startswith(said)
    assert_tied(page.text, ident)


@pytest.mark.parametrize("field, value, ident, said", [
    ("happened_on", "the 45th of Smarch", "n-date", "When: not a date"),
    ("link", "javascript:alert(1)", "n-link", "Link: the link"),
    ("title", " ", "n-title", "What happened: title must not be empty"),
])
def test_news_marks_the_field_in_error(client, csrf, field, value, ident, said):
    data = {"csrf": csrf, "title": "Gave a talk", "kind": "achievement", "happened_on": "2026-11-20", "tags": "",
            "company": "", "detail": "", "link": ""}
    page = client.post("/news", data={**data, field: value})
    assert page.status_code == 400
    assert error_line(page.text).startswith(said)
    assert_tied(page.text, ident)


@pytest.mark.parametrize("changes, ident, hints, said", [
    ({"start": "the 45th of Smarch"}, "start", ("when-hint",), "Start: not a date/time"),
    ({"end": "08:00"}, "end", ("when-hint",), "End: the interview ends"),
    ({"duration": "forever"}, "duration", ("when-hint",), "Duration: "),
    ({"timezone": "Mars/Olympus"}, "timezone", (), "Time zone: "),
    ({"opportunity": "999"}, "opportunity", ("opportunity-hint",), "Opportunity: "),
])
def test_correcting_an_interview_marks_the_field_in_error(client, csrf, changes, ident, hints, said):
    shown = client.get("/interviews/1/edit").text
    data = {"csrf": csrf, **{name: re.search(rf'name="{name}" value="([^"]*)"', shown).group(1)
                             for name in ("start", "end", "timezone")}, "format": "video", "opportunity": "1"}
    page = client.post("/interviews/1/edit", data={**data, **changes})
    assert page.status_code == 400
    assert error_line(page.text).startswith(said), error_line(page.text)
    assert_tied(page.text, ident, *hints)


def test_delete_without_its_box_marks_the_box(client, csrf):
    page = client.post("/interviews/1/delete", data={"csrf": csrf})
    assert page.status_code == 400
    assert_tied(page.text, "confirm")


def test_settings_mark_the_field_in_error(client, csrf):
    page = client.post("/settings/profile", data={"csrf": csrf, "name": "Alex", "timezone": "Mars/Olympus"})
    assert page.status_code == 400
    assert error_line(page.text).startswith("Time zone: ")
    assert_tied(page.text, "p-tz")
    # the account form: its box opened, the field marked, the password never sent back
    page = client.post("/settings/accounts", data={"csrf": csrf, "account_name": "", "account_email": "me@example.test",
                                                   "preset": "gmail", "secret": "env", "password_env": "X",
                                                   "password": "secret"})
    assert page.status_code == 400
    assert error_line(page.text).startswith("Short name: ")
    assert_tied(page.text, "a-name")
    assert re.search(r'<details class="add-account" open>', page.text)
    assert "secret" not in re.findall(r'id="a-password"[^>]*>', page.text)[0]
    page = client.post("/settings/accounts", data={"csrf": csrf, "account_name": "home", "account_email": "me@",
                                                   "preset": "gmail", "secret": "env", "password_env": "X"})
    assert_tied(page.text, "a-email")


def test_the_rejection_page_marks_the_field_of_the_form_in_error(client, csrf):
    page = client.post("/opportunities/3/feedback", data={"csrf": csrf, "text": "  ", "person_id": ""})
    assert page.status_code == 400
    assert error_line(page.text) == "What they said: feedback text must not be empty"
    assert_tied(page.text, "fb-text")
    page = client.post("/opportunities/3/outcome", data={"csrf": csrf, "outcome": "rejected", "person_id": "1",
                                                         "note": ""})
    assert page.status_code == 400  # Priya is at another company, on no panel of this one
    assert error_line(page.text).startswith("Told by: ")
    assert_tied(page.text, "outcome-person")


def test_the_editor_marks_send_at_and_the_review_box(client, csrf, db_url):
    message_id = _draft(client, csrf)
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "schedule", "subject": "Thanks",
                                                      "body": "Hi Priya,\n\nThanks.\n\nAlex", "when": "the 45th of Smarch"})
    assert page.status_code == 400
    assert error_line(page.text).startswith("Send at: not a date/time: 'the 45th of Smarch'")
    assert_tied(page.text, "when")
    assert 'value="the 45th of Smarch"' in control(page.text, "when")  # what was typed, kept
    # an error of the review: the box to tick is the field, and the line names it
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "approve", "subject": "Thanks",
                                                      "body": "Hi Dana,\n\nThanks!!\n\nAlex"})
    assert page.status_code == 400
    assert "tick 'despite the review's errors'" in error_line(page.text)
    assert_tied(page.text, "despite")
    # its label is the box's, shown (offered while the review finds errors)
    assert '<label class="inline-check" id="despite-label"><input type="checkbox" id="despite"' in page.text


# 2. a refused box on Today keeps what was typed, says whose note, and is the page's error line -----
def test_a_refused_snooze_names_the_note_and_keeps_its_box_open_with_the_value(client, csrf):
    page = client.post("/actions/snooze", data={"csrf": csrf, "key": "thank_you:i1:p2", "until": "blah", "next": "/"},
                       follow_redirects=True).text
    line = error_line(page)
    assert line.startswith("Could not snooze the thank-you note to Tom Becker: not a date/time: 'blah'")
    box = "until-thank_you-i1-p2"
    assert_tied(page, box)
    assert 'value="blah"' in control(page, box)
    card = page.split('aria-labelledby="act-thank_you-i1-p2"')[1].split("</article>")[0]
    assert re.search(r'<details class="inline" open>\s*<summary>Snooze', card)
    assert title(page) == "Error: Today · Afterview"
    # the page after: the box closed again, nothing kept
    again = client.get("/").text
    assert invalid_ids(again) == [] and 'id="form-error"' not in again and 'value="blah"' not in again


def test_a_refused_skip_and_a_refused_schedule_say_whose_note(client, csrf):
    page = client.post("/actions/skip", data={"csrf": csrf, "key": "thank_you:i1:p3", "reason": " ",
                                              "next": "/opportunities/1"}, follow_redirects=True).text
    assert error_line(page).startswith("Could not skip the thank-you note to Lena Fischer: ")
    assert_tied(page, "reason-thank_you-i1-p3")
    message_id = _draft(client, csrf)  # Priya's: its card on Today has Schedule
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "schedule", "when": "soonish", "next": "/",
                                                      "box": "when-thank_you-i1-p1"}, follow_redirects=True).text
    assert error_line(page).startswith("Could not schedule the thank-you note to Priya Raman: not a date/time: 'soonish'")
    assert_tied(page, "when-thank_you-i1-p1")
    assert 'value="soonish"' in control(page, "when-thank_you-i1-p1")
    # a refusal that names the note already is said as it is
    page = client.post("/actions/done", data={"csrf": csrf, "key": "nonsense", "next": "/"}, follow_redirects=True).text
    assert error_line(page).startswith("Could not mark 'nonsense' done: ")


# 3. the editor's review: one status line, the list not live ----------------------------------------
def test_the_review_is_summed_up_in_one_status_line_and_the_list_is_not_live(client, csrf):
    message_id = _draft(client, csrf)
    client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "save", "subject": "Thanks",
                                               "body": "Hi Dana,\n\nThanks!!\n\nAlex"})
    page = client.get(f"/drafts/{message_id}").text
    assert 'id="findings" aria-live' not in page and "aria-live=\"polite\"" not in page
    summary = re.search(r'<p id="review-summary" role="status"[^>]*>([^<]*)</p>', page).group(1)
    assert re.fullmatch(r"\d+ errors?(, \d+ warnings?)?(, \d+ notes?)?", summary), summary
    assert 'aria-describedby="review-summary"' in control(page, "body")


def test_the_review_summary_words():
    from afterview.interfaces.web.views import review_summary

    assert review_summary([]) == "No findings"
    found = [{"severity": s} for s in ("error", "warning", "warning", "info")]
    assert review_summary(found) == "1 error, 2 warnings, 1 note"


# 4. a message after an action is the first thing on the page, and marked to be focused ------------
def test_a_connection_tests_results_are_in_view_without_script(client, csrf, afterview_home):
    (afterview_home / "config.toml").write_text('[accounts.home]\nemail = "me@example.test"\n'
                                                'smtp_host = "127.0.0.1"\nsmtp_port = 1\nsmtp_tls = "none"\n'
                                                'password_env = "NO_SUCH_VARIABLE_HERE"\n')
    page = client.get("/settings").text
    assert 'action="/settings/accounts/home/test#checks-home"' in page
    assert "Test the connection<span class=\"visually-hidden\"> of home</span>" in page


def test_adding_an_account_comes_back_to_the_message_at_the_top(client, csrf, afterview_home, monkeypatch):
    monkeypatch.setenv("SOME_PASSWORD", "x")
    done = client.post("/settings/accounts", data={"csrf": csrf, "account_name": "home",
                                                   "account_email": "me@example.test", "preset": "gmail",
                                                   "secret": "env", "password_env": "SOME_PASSWORD"},
                       follow_redirects=False)
    assert done.status_code == 303 and landing(done) == "/settings"


# 5. insights: the figures are text ---------------------------------------------------------------
def test_the_insights_figures_are_text_in_tables(client):
    page = client.get("/insights").text
    assert 'role="img"' not in page
    tables = re.findall(r'<table class="chart" aria-labelledby="(\w+-h)">(.*?)</table>', page, re.S)
    assert [t[0] for t in tables] == ["rate-h", "conv-h"] or [t[0] for t in tables] == ["rate-h", "time-h", "conv-h"]
    rates = tables[0][1]
    assert '<th scope="row">Thank-you note</th>' in rates and "0% (0/1)" in rates
    for svg in re.findall(r"<svg[^>]*>", page):
        assert 'aria-hidden="true"' in svg  # the bars are for the eye; the figures beside them are text


# 10. titles name what the page is about --------------------------------------------------------
def test_titles_name_the_note_the_person_and_the_company(client, csrf, db_url):
    message_id = _draft(client, csrf)
    titles = {path: title(client.get(path).text) for path in (
        f"/drafts/{message_id}", "/interviews/1/debrief", "/interviews/1/edit", "/opportunities/1",
        "/opportunities/1/rejection", "/people/1")}
    assert titles[f"/drafts/{message_id}"] == "Thank-you note to Priya Raman (drafted) · Afterview"
    assert titles["/interviews/1/debrief"].startswith("What each of them said: panel interview, ")
    assert titles["/interviews/1/debrief"].endswith("Senior Data Engineer at Northwind Analytics · Afterview")
    assert titles["/interviews/1/edit"].startswith("Correct the interview: panel interview, ")
    assert titles["/opportunities/1"] == "Senior Data Engineer at Northwind Analytics · Afterview"
    assert titles["/opportunities/1/rejection"] == "After the decision: Senior Data Engineer at Northwind Analytics · Afterview"
    assert titles["/people/1"] == "Priya Raman, Northwind Analytics · Afterview"
    assert len(set(titles.values())) == len(titles)
    assert title(client.get("/no/such/page").text) == "Error: Not found · Afterview"


# 11. repeated buttons say which note they are for ------------------------------------------------
def test_repeated_buttons_and_boxes_name_their_note(client, csrf):
    client.post("/actions/done", data={"csrf": csrf, "key": "thank_you:i1:p3"})
    page = client.get("/").text

    def spoken(fragment: str) -> str:  # the text a screen reader reads, hidden parts included
        return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", fragment)).split())

    card = page.split('aria-labelledby="act-thank_you-i1-p2"')[1].split("</article>")[0]
    buttons = [spoken(b) for b in re.findall(r"<(?:button|summary)[^>]*>(.*?)</(?:button|summary)>", card, re.S)]
    assert buttons == [f"{verb} (Thank-you note to Tom Becker)" for verb in ("Draft", "Done", "Snooze", "Snooze",
                                                                             "Skip", "Skip")]
    labels = [spoken(label) for label in re.findall(r"<label[^>]*>(.*?)</label>", card, re.S)]
    assert labels == ["Until (snooze: Thank-you note to Tom Becker)", "Why (skip: Thank-you note to Tom Becker)"]
    undo = re.search(r"<button[^>]*>(Undo.*?)</button>", page, re.S).group(1)
    assert spoken(undo) == "Undo (Thank-you note to Lena Fischer, done)"
    assert ".visually-hidden" in CSS.read_text()


def test_news_delete_and_panel_buttons_name_their_item(client, csrf):
    client.post("/news", data={"csrf": csrf, "title": "Gave a talk", "kind": "achievement",
                               "happened_on": "2026-11-20"})
    page = client.get("/news").text
    assert 'Delete<span class="visually-hidden"> “Gave a talk”</span>' in page
    cards = client.get("/interviews/1/debrief").text
    assert 'Take off the panel<span class="visually-hidden"> (Tom Becker)</span>' in cards


# 12. Enter in Send at without script: never a time dropped without a word ------------------------------
def test_a_time_in_send_at_with_save_is_said_and_kept(client, csrf, db_url):
    message_id = _draft(client, csrf)
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "save", "subject": "Thanks",
                                                      "body": "Hi Priya,\n\nThanks.\n\nAlex", "when": "tomorrow 8:30"},
                       follow_redirects=True).text
    said = [html_lib.unescape(t) for t in re.findall(r'<p class="flash flash-ok" role="status">([^<]*)</p>', page)]
    assert said[-1] == ("Draft saved. It was not scheduled: the time in Send at (tomorrow 8:30) is kept below; "
                    "use Schedule to send it then.")
    assert 'value="tomorrow 8:30"' in control(page, "when")
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.DRAFTED


# 13, 14, 15. tables that scroll, autocomplete, required fields -------------------------------------
def test_wide_tables_scroll_in_a_named_region_the_keyboard_reaches(client, csrf, db_url):
    mark_scheduled(db_url, _draft(client, csrf))  # (listed under "On their way" on Today)
    client.app.state.desk.changed()
    for path in ("/", "/people", "/drafts", "/settings"):
        page = client.get(path).text
        tables = page.count("<table")
        assert tables, path
        wrapped = re.findall(r'<div class="table-scroll" role="region" tabindex="0" aria-(?:label|labelledby)="[^"]+">\s*<table',
                             page)
        assert len(wrapped) == tables, path


def test_the_account_form_lets_the_browser_fill_in_name_and_address(client):
    page = client.get("/settings").text
    form = re.search(r'<form method="post" action="/settings/accounts"[^>]*>', page).group(0)
    assert "autocomplete" not in form
    assert 'autocomplete="email"' in control(page, "a-email")
    assert 'autocomplete="name"' in control(page, "a-display")
    assert 'autocomplete="new-password"' in control(page, "a-password")


@pytest.mark.parametrize("path, ident, label", [
    ("/capture", "date", "Date"), ("/capture", "start", "Start"), ("/news", "n-title", "What happened"),
    ("/people/1", "p-name", "Name"), ("/interviews/1/debrief", "panel-name", "Name"),
])
def test_required_fields_say_so_in_their_label(client, path, ident, label):
    page = client.get(path).text
    assert f'<label for="{ident}">{label} <span class="req">(required)</span></label>' in page
    assert " required" in control(page, ident)


# 16. the addresses forms are sent to, and error pages for a visitor not logged in --------------------
@pytest.mark.parametrize("address, page", [
    ("/people/2/edit", "/people/2"), ("/settings/profile", "/settings"), ("/settings/accounts", "/settings"),
    ("/opportunities/1/feedback", "/opportunities/1/rejection"), ("/opportunities/1/outcome", "/opportunities/1/rejection"),
    ("/interviews/1/panel", "/interviews/1/debrief"), ("/interviews/1/delete", "/interviews/1/edit"),
    ("/actions/snooze", "/"), ("/imports/preview", "/imports"), ("/drafts/1/discard", "/drafts/1"),
])
def test_opening_a_forms_address_shows_its_page(client, address, page):
    response = client.get(address, follow_redirects=False)
    assert response.status_code == 303 and landing(response) == page
    assert client.get(address).status_code == 200


def test_a_used_login_link_says_so_without_the_desks_menu(app):
    visitor = client_for(app)
    visitor.get(f"/login?token={TOKEN}")  # used once
    stranger = client_for(app)
    page = stranger.get(f"/login?token={TOKEN}")
    assert page.status_code == 403 and "This link does not work" in page.text
    assert 'aria-label="Main"' not in page.text and "Log out" not in page.text
    assert title(page.text) == "Error: This link does not work · Afterview"
    assert title(stranger.get("/").text) == "Error: Please log in · Afterview"


# 7, 8, 9. colours: the focus ring, badges and field borders keep their contrast ----------------------
def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _css():
    """desk.css's custom properties (each setting: the last wins) and its rules, var() resolved."""
    text = re.sub(r"/\*.*?\*/", "", CSS.read_text(), flags=re.S)
    root = re.search(r":root\s*{(.*?)}", text, re.S).group(1)
    names = dict(re.findall(r"(--[\w-]+):\s*([^;]+);", root))

    def rule(selector: str) -> dict[str, str]:
        found = {}
        for body in re.findall(rf"(?:^|}})\s*{re.escape(selector)}\s*{{([^}}]*)}}", text, re.M):
            found.update({k.strip(): v.strip() for k, v in re.findall(r"([\w-]+)\s*:\s*([^;]+)", body)})
        return found

    def resolve(value: str, scope: dict) -> str:
        return re.sub(r"var\((--[\w-]+)\)", lambda m: scope.get(m.group(1), names[m.group(1)]), value)

    return names, rule, resolve


def test_the_focus_ring_is_seen_on_light_and_dark_backgrounds():
    names, rule, resolve = _css()
    ring = rule(":focus-visible")
    assert ring["outline"] == "3px solid var(--focus)" and ring["outline-offset"] == "2px"
    assert ring["box-shadow"] == "0 0 0 2px var(--focus-halo)"  # a halo between the element and its ring
    header = rule(".top")
    for focus, halo, backgrounds in (
            (names["--focus"], names["--focus-halo"], [names["--paper"], names["--bg"], "#eceff3", "#eef1f5"]),
            (header["--focus"], header["--focus-halo"], [names["--ink"]])):  # the dark header: the other way round
        for background in backgrounds:
            assert contrast(focus, background) >= 3, (focus, background)
        assert contrast(focus, halo) >= 3, (focus, halo)


def test_badges_and_flashes_keep_text_contrast():
    names, rule, resolve = _css()
    badge = rule(".badge")
    pairs = [(resolve(badge["color"], {}), resolve(badge["background"], {}), ".badge")]
    for state in ("overdue", "due", "upcoming", "on-its-way"):
        found = rule(f".badge-{state}")
        pairs.append((resolve(found["color"], {}), resolve(found["background"], {}), state))
    pairs += [(names["--muted"], names["--paper"], "muted"), (names["--muted"], names["--bg"], "muted on the page"),
              (names["--ok"], names["--ok-bg"], "flash"), (names["--bad"], names["--bad-bg"], "error flash")]
    for ink, background, what in pairs:
        assert contrast(ink, background) >= 4.5, (what, ink, background, round(contrast(ink, background), 2))


def test_form_fields_borders_are_seen():
    names, rule, resolve = _css()
    border = resolve(rule("input, select, textarea")["border"], {}).split()[-1]
    for background in (names["--paper"], names["--bg"], "#f0f2f5"):
        assert contrast(border, background) >= 3, (border, background)
    assert "min(330px, 100%)" in rule(".cards")["grid-template-columns"]  # (6.) a card never wider than a phone


def test_the_contrast_formula():
    assert round(contrast("#5b6473", "#d8dde5"), 2) == 4.38  # the badge as the tester measured it (4.37)
    assert round(contrast("#8d97a5", "#ffffff"), 2) == 2.96
    assert round(contrast("#ffb000", "#ffffff"), 2) == 1.83
