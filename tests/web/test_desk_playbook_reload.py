"""The desk plans with the playbook as it is now: a change to playbook.toml (in AFTERVIEW_HOME) or
to config.toml's `[planner]` section is planned with on the next request, at a fixed clock too
(`serve --at`); a playbook that cannot be read leaves the desk without a plan, never with the last
good one: the pages that show the plan say the error Settings says (503, with the menu and a link
to Settings), and Drafts, the editor, Capture and People still work."""

from __future__ import annotations

import html
import os
import re

import pytest

from afterview.domain import model as m
from tests.web.conftest import draft, read

SOME_MONDAY = '[send_window]\ndays = ["mon"]\n'  # the demo's overdue status follow-up waits for Monday
BAD = '[thank_you]\ndue_within = "-2h"\n'
FOLLOW_UP = "status_check.1:o2:i2:p4"  # overdue in the demo (Wed 25 Nov), on a Monday: Mon 30 Nov
PLANNING_PAGES = ("/", "/pipeline", "/opportunities/2", "/opportunities/3/rejection", "/people/4", "/news")


def _text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def _due_count(response) -> int:
    assert response.status_code == 200, response.text[:2000]
    return int(re.search(r'id="due-h">Due and overdue <span class="count"><span class="visually-hidden">\(</span>(\d+)<', response.text).group(1))


def _write(path, text: str, *, mtime_ns: int | None = None) -> None:
    """Write a settings file as an editor does; `mtime_ns` sets its time (a file system's clock
    may not tick between two quick writes: the tests do not depend on it)."""
    path.write_text(text)
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))


def _expected_error(afterview_home, text: str, name: str = "playbook.toml") -> str:
    """The one-line error the CLI and Settings give for that file."""
    from afterview.errors import ConfigError
    from afterview.services.planning import check_playbook

    (afterview_home / name).write_text(text)
    with pytest.raises(ConfigError) as caught:
        check_playbook()
    return str(caught.value)


def _no_plan_line(response) -> str:
    found = re.search(r'<p class="flash flash-error" role="alert" id="no-plan">(.*?)</p>', response.text, re.S)
    assert found, response.text[:3000]
    return html.unescape(found.group(1))


def _settings_line(client) -> str:
    page = client.get("/settings").text
    section = page[page.index('id="pb-h"'):]
    return html.unescape(re.search(r'<p class="flash flash-error">(.*?)</p>', section, re.S).group(1))


# a change is planned with on the next request ----------------------------------------------------
def test_a_new_playbook_toml_is_planned_with_on_the_next_request(client, afterview_home):
    before = client.get("/")
    assert _due_count(before) == 7 and f'value="{FOLLOW_UP}"' in before.text  # its card, overdue
    assert _due_count(client.get("/")) == 7  # (served from the page cache: the same snapshot)
    _write(afterview_home / "playbook.toml", SOME_MONDAY)
    after = client.get("/")  # the clock has not moved (serve --at): the file alone changed
    assert _due_count(after) == 6
    coming = _text(after.text.split('id="up-h"')[1])
    assert "Status follow-up" in coming and "from Mon 30 Nov 2026" in coming
    # the opportunity's page and the board follow too
    assert "overdue" not in _text(client.get("/opportunities/2").text).split("Interviews")[0]


def test_a_changed_playbook_toml_is_planned_with_even_at_the_same_size(client, afterview_home):
    playbook = afterview_home / "playbook.toml"
    _write(playbook, SOME_MONDAY, mtime_ns=1_800_000_000_000_000_000)
    assert _due_count(client.get("/")) == 6
    _write(playbook, SOME_MONDAY.replace("mon", "wed"), mtime_ns=1_800_000_000_000_000_001)  # 1 ns later
    assert _due_count(client.get("/")) == 7  # Wednesday: overdue again
    playbook.unlink()  # gone: the defaults again
    assert _due_count(client.get("/")) == 7 and FOLLOW_UP in client.get("/").text


def test_config_tomls_planner_section_is_planned_with_on_the_next_request(client, afterview_home):
    assert _due_count(client.get("/")) == 7
    _write(afterview_home / "config.toml", '[planner.send_window]\ndays = ["mon"]\n')
    assert _due_count(client.get("/")) == 6
    _write(afterview_home / "config.toml", "# no [planner] now\n")
    assert _due_count(client.get("/")) == 7


def test_the_desks_snapshot_follows_the_files(app, afterview_home):
    desk = app.state.desk
    first = desk.snapshot()
    assert desk.snapshot() is first and desk.ready_snapshot() is first
    _write(afterview_home / "playbook.toml", SOME_MONDAY)
    assert desk.ready_snapshot() is None  # the next request plans again
    second = desk.snapshot()
    assert second is not first
    assert next(a for a in second.actions if a.key == FOLLOW_UP).state == "upcoming"
    assert second.playbook["send_window"]["days"] != first.playbook["send_window"]["days"]


# a playbook that cannot be read: no plan, and the error said ------------------------------------
def test_an_invalid_playbook_is_said_on_today_never_an_old_plan(client, afterview_home):
    assert _due_count(client.get("/")) == 7  # a plan made and its page cached
    expected = _expected_error(afterview_home, BAD)  # the file written as the CLI reads it
    assert "due_within" in expected
    today = client.get("/")
    assert today.status_code == 503
    assert _no_plan_line(today) == expected == _settings_line(client)  # the line Settings gives
    assert 'class="action' not in today.text and FOLLOW_UP not in today.text  # no plan shown
    assert "Due and overdue" not in today.text
    assert re.search(r'<a href="/settings#pb-h">Settings</a>', today.text)
    assert '<a href="/drafts">Drafts</a>' in today.text  # in the text, besides the menu
    assert "<title>Error: " in today.text and 'aria-label="Main"' in today.text  # the menu stays


@pytest.mark.parametrize("path", PLANNING_PAGES)
def test_every_planning_page_says_it(client, afterview_home, path):
    assert client.get(path).status_code == 200
    expected = _expected_error(afterview_home, BAD)
    response = client.get(path)
    assert response.status_code == 503, response.text[:2000]
    assert _no_plan_line(response) == expected


def test_an_invalid_planner_section_in_config_toml_is_said_too(client, afterview_home):
    client.get("/")
    expected = _expected_error(afterview_home, '[planner.thank_you]\ndue_within = "-2h"\n', "config.toml")
    assert "config.toml [planner]" in expected
    today = client.get("/")
    assert today.status_code == 503 and _no_plan_line(today) == expected == _settings_line(client)


def test_a_config_toml_that_cannot_be_parsed_is_said_on_today(client, afterview_home):
    client.get("/")
    expected = _expected_error(afterview_home, "[planner\n", "config.toml")
    today = client.get("/")
    assert today.status_code == 503 and _no_plan_line(today) == expected
    assert client.get("/settings").status_code == 200


def test_a_desk_started_with_an_invalid_playbook_says_it_from_the_first_page(db_url, afterview_home):
    from tests.web.conftest import logged_in, make_app

    expected = _expected_error(afterview_home, BAD)
    app = make_app(db_url)
    client, csrf = logged_in(app)  # (logged in, the CSRF token read from Today's no-plan page)
    today = client.get("/")
    assert today.status_code == 503 and _no_plan_line(today) == expected


def test_pages_that_need_no_plan_still_work(client, csrf, afterview_home, db_url):
    message_id = draft(client, csrf, "thank_you:i1:p1")
    expected = _expected_error(afterview_home, BAD)
    for path in ("/settings", "/people", "/capture", "/interviews/1/debrief", "/insights", "/imports"):
        assert client.get(path).status_code == 200, path
    drafts = client.get("/drafts")
    assert drafts.status_code == 200 and _no_plan_line(drafts) == expected
    assert f'href="/drafts/{message_id}"' in drafts.text
    assert "no longer planned</span>" not in drafts.text  # not known without a plan: not said
    editor = client.get(f"/drafts/{message_id}")
    assert editor.status_code == 200 and _no_plan_line(editor) == expected
    # the text can be saved; Approve waits for the plan, and says why in one line
    body = "Hi Priya,\n\nThank you for the conversation.\n\nBest,\nAlex\n"
    saved = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "save", "subject": "Thanks", "body": body},
                        follow_redirects=True)
    assert saved.status_code == 200 and "Draft saved." in saved.text
    refused = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "approve", "subject": "Thanks",
                                                         "body": body, "despite": "yes"})
    assert refused.status_code == 400
    line = html.unescape(re.search(r'id="form-error">(.*?)</p>', refused.text, re.S).group(1))
    assert line == f"Not approved: no plan can be made until this is corrected: {expected}"
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.DRAFTED
    review = client.post("/api/review", json={"subject": "Thanks", "body": body, "message_id": message_id},
                         headers={"X-CSRF-Token": csrf})
    assert review.status_code == 200 and "findings" in review.json()


def test_a_decision_is_recorded_and_said_without_a_plan(client, csrf, afterview_home, db_url):
    _expected_error(afterview_home, BAD)
    done = client.post("/actions/done", data={"csrf": csrf, "key": "thank_you:i1:p2"}, follow_redirects=True)
    assert done.status_code == 503  # back on Today, which has no plan to show
    said = _text(done.text)
    assert "Marked done: Thank-you note to Tom Becker" in said and "Could not" not in said
    assert "No plan can be made until the playbook is corrected" in said
    assert read(db_url, lambda tx: [d.action_key for d in tx.list(m.Decision)]) == ["thank_you:i1:p2"]


def test_the_calendar_feed_says_it_rather_than_an_old_plan(client, csrf, afterview_home):
    from tests.web.conftest import client_for

    page = client.post("/settings/calendar-feed", data={"csrf": csrf}).text
    token = re.search(r"/calendar/([^/\"]+)\.ics", page).group(1)
    calendar = client_for(client.app)  # a calendar program: no session
    assert calendar.get(f"/calendar/{token}.ics").status_code == 200
    expected = _expected_error(afterview_home, BAD)
    feed = calendar.get(f"/calendar/{token}.ics")
    assert feed.status_code == 503 and feed.headers["content-type"].startswith("text/plain")
    assert feed.text == f"No plan: {expected}\n"


def test_once_corrected_the_plan_comes_back_at_once(client, afterview_home):
    _expected_error(afterview_home, BAD)
    assert client.get("/").status_code == 503
    _write(afterview_home / "playbook.toml", SOME_MONDAY)
    assert _due_count(client.get("/")) == 6


# in the browser: the line is read out, and Settings and Drafts are a click away ----------------------
def test_the_no_plan_page_in_the_browser(browser, db_url, afterview_home):
    from tests.web.live import serve
    from tests.web.test_accessibility_browser import AXE, violations

    expected = _expected_error(afterview_home, BAD)
    with serve(db_url) as live:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        try:
            assert page.goto(live.login_url).status == 503  # logged in, on to Today: no plan
            assert page.url == f"{live.url}/"
            # desk.js moves the focus to the line once the page is read: waited for, not raced
            page.wait_for_function("() => document.activeElement && document.activeElement.id === 'no-plan'")
            assert page.locator("#no-plan").inner_text() == expected
            assert page.title() == "Error: No plan · Afterview"
            found = []
            for width in (1280, 320):
                page.set_viewport_size({"width": width, "height": 900})
                for path in ("/", "/drafts", "/drafts/1"):
                    page.goto(live.url + path)
                    found += violations(page)
            assert found == []
            page.goto(live.url + "/")
            page.get_by_role("link", name="Settings").last.click()
            page.wait_for_url(f"{live.url}/settings#pb-h")
            assert expected in page.locator("#pb-h + p + p.flash-error").inner_text()
        finally:
            context.close()
