"""What a security review of the desk proved, each case as it was found:

- outside text (a calendar's organizer, a person's name, an uploaded file's name) carrying the two
  private-use characters that mark the desk's own links made a link on the desk's pages;
- uploaded files stayed in the upload folder when the desk was stopped by SIGTERM or SIGHUP;
  a session's previews outlived its logging out, and had no bound;
- an upload named "x", 118 spaces and ".." gave a 500 page naming a server path;
- "Make a feed address" sent twice made two addresses, the first silently dead;
- any website could make a browser post a desk form and show its own text in the desk's look.

Real SQLite file with the demo's records; the desk through Starlette's test client, and a real
`afterview serve` where a signal is sent.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import httpx
import pytest

from afterview.domain import model as m
from tests.web.conftest import TOKEN, client_for, csrf_of, make_app, read

L, S = "\ue000", "\ue001"
EVIL = f"{L}/logout{S}Session expired - click to sign in again{L}"
LINK_OUT = re.compile(r'<a href="/logout"')


def _no_link_out(html: str) -> None:
    assert not LINK_OUT.search(html), LINK_OUT.search(html)
    assert L not in html and S not in html


def _once(client, path: str, action: str) -> str:
    page = client.get(path).text
    form = re.search(rf'action="{re.escape(action)}".*?</form>', page, re.S).group(0)
    found = re.search(r'name="once" value="([^"]+)"', form)
    return found.group(1) if found else ""


def _preview(client, csrf, name: str, content: bytes, kind: str = "csv"):
    return client.post("/imports/preview", data={"csrf": csrf, "kind": kind},
                       files={"file": (name, content, "text/csv")})


def _upload_id(preview) -> str:
    return re.search(r'name="upload" value="([^"]+)"', preview.text).group(1)


def _confirm(client, csrf, preview):
    once = re.search(r'action="/imports/confirm".*?name="once" value="([^"]*)"', preview.text, re.S)
    return client.post("/imports/confirm", data={"csrf": csrf, "upload": _upload_id(preview),
                                                 "once": once.group(1) if once else ""})


# 1. the desk's link marks ------------------------------------------------------------------------
def test_a_calendar_s_names_and_title_carry_no_link_into_the_desk(client, csrf, db_url):
    ics = "\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//x//y//EN", "BEGIN:VEVENT", "UID:evil-1@x",
        "DTSTART:20261127T150000Z", "DTEND:20261127T160000Z",
        f"SUMMARY:Interview {EVIL} - Data Engineer at Contoso{EVIL}",
        f'ORGANIZER;CN="{EVIL}":mailto:org@contoso-x.example',
        f'ATTENDEE;CN="Bob {EVIL}":mailto:bob@contoso-x.example',
        "ATTENDEE;CN=Alex Morgan:mailto:alex.morgan@mail.example", "END:VEVENT", "END:VCALENDAR", ""])
    preview = _preview(client, csrf, "i.ics", ics.encode(), kind="calendar")
    assert preview.status_code == 200, preview.text[-400:]
    _no_link_out(preview.text)
    done = _confirm(client, csrf, preview)
    assert done.status_code == 200 and "Imported i.ics" in done.text
    _no_link_out(done.text)
    names = read(db_url, lambda tx: [p.name for p in tx.list(m.Person)] + [o.role for o in tx.list(m.Opportunity)])
    assert not [name for name in names if L in name or S in name]
    for path in ("/", "/people", "/pipeline"):
        _no_link_out(client.get(path).text)


def test_person_add_refuses_the_marks_in_one_line(tmp_path):
    from tests.helpers import afterview, assert_clean_error

    db = str(tmp_path / "people.db")
    result = afterview("--db", db, "person", "add", f"Tom {EVIL}")
    assert_clean_error(result, "control character")
    assert afterview("--db", db, "person", "list").out.count("Tom") == 0


def test_a_name_recorded_with_the_marks_before_shows_as_text_in_a_notice(client, csrf, db_url):
    """A record written before the marks were taken out (or by another way in): the notice that
    names it shows its words, never a link the desk did not make."""
    def rename(tx):
        person = tx.get(m.Person, 1)
        person.name = f"Priya {EVIL}"
        tx.update(person)

    read(db_url, rename)
    client.app.state.desk.changed()
    once = _once(client, "/", "/actions/done")
    done = client.post("/actions/done", data={"csrf": csrf, "once": once, "key": "thank_you:i1:p1", "next": "/"})
    assert done.status_code == 200 and "Marked done" in done.text
    assert not LINK_OUT.search(done.text)
    notice = re.search(r'<p class="flash[^>]*>(.*?)</p>', done.text, re.S).group(1)
    assert "Marked done" in notice and "Priya /logoutSession expired - click to sign in again" in notice  # as text


def test_an_uploaded_file_s_name_carries_no_link(client, csrf):
    name = f"{L}/logout{S}Your session expired: click here to log in again{L}.csv"
    preview = _preview(client, csrf, name, b"company,role\nInjCo,Eng\n")
    assert preview.status_code == 200
    _no_link_out(preview.text)
    done = _confirm(client, csrf, preview)
    assert "Imported /logoutYour session expired" in done.text
    _no_link_out(done.text)


def test_the_desk_s_own_links_still_are_links():
    from afterview.interfaces.web.views import draft_link, linked, page_link

    shown = str(linked(f"See {draft_link(4, 'the note')} or {page_link('/people', f'People {EVIL}')}; {EVIL}"))
    assert '<a href="/drafts/4">the note</a>' in shown
    assert '<a href="/people">People /logoutSession expired - click to sign in again</a>' in shown
    _no_link_out(shown)


# 2. uploads removed ------------------------------------------------------------------------------
def _serve(tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "AFTERVIEW_HOME": str(tmp_path / "home"), "PYTHONUNBUFFERED": "1", "TMPDIR": str(temp)}
    db = tmp_path / "desk.db"
    at = ("--at", "2026-11-26 10:00 America/New_York")
    subprocess.run([sys.executable, "-m", "afterview", "--db", str(db), *at, "demo", "--no-agenda"],
                   env=env, check=True, capture_output=True)
    process = subprocess.Popen([sys.executable, "-m", "afterview", "--db", str(db), *at, "serve", "--no-browser",
                                "--port", "0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return process, temp


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_desk_stopped_by_a_signal_removes_its_uploads(tmp_path, sent):
    from tests.web.test_serve import _login_url, _wait_ready

    process, temp = _serve(tmp_path)
    try:
        url = _login_url(process)
        base = url.split("/login")[0]
        _wait_ready(base)
        with httpx.Client(base_url=base) as browser:
            browser.get(url, follow_redirects=True)
            csrf = csrf_of(browser.get("/imports").text)
            preview = browser.post("/imports/preview", data={"csrf": csrf, "kind": "csv"},
                                   files={"file": ("mine.csv", b"company,role\nAcme,Eng\n", "text/csv")})
            assert preview.status_code == 200, preview.text[-300:]
        kept = list(temp.glob("afterview-uploads-*/*/mine.csv"))
        assert len(kept) == 1
        process.send_signal(sent)
        process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
    assert not list(temp.glob("afterview-uploads-*")), list(temp.rglob("*"))


def test_logging_out_removes_the_session_s_previews(client, csrf):
    preview = _preview(client, csrf, "mine.csv", b"company,role\nAcme,Eng\n")
    assert preview.status_code == 200
    folder = client.app.state.uploads
    assert list(folder.glob("*/mine.csv"))
    client.post("/logout", data={"csrf": csrf})
    assert not list(folder.glob("*/mine.csv"))


def test_previews_waiting_are_bounded(client, csrf):
    PREVIEWS_KEPT = 5  # (docs/web.md says it)
    previews = [_preview(client, csrf, f"f{n}.csv", b"company,role\nAcme,Eng\n") for n in range(PREVIEWS_KEPT + 2)]
    assert all(p.status_code == 200 for p in previews)
    assert len(list(client.app.state.uploads.glob("*/*.csv"))) == PREVIEWS_KEPT
    oldest = _confirm(client, csrf, previews[0])
    assert oldest.status_code == 400 and "that preview has expired" in oldest.text
    assert "Imported f6.csv" in _confirm(client, csrf, previews[-1]).text


# 3. a name that is ".." once cut; the 500 page ---------------------------------------------------
def test_an_upload_named_dots_once_cut_is_previewed(client, csrf):
    preview = _preview(client, csrf, "x" + " " * 118 + "..", b"company,role\nAcme,Eng\n")
    assert preview.status_code == 200, preview.text[-400:]


def test_a_crash_page_is_one_line_pointing_to_the_log(db_url, monkeypatch):
    from afterview.interfaces.web import settings

    app = make_app(db_url)
    browser = client_for(app, raise_server_exceptions=False)
    browser.get(f"/login?token={TOKEN}")
    csrf = csrf_of(browser.get("/").text)

    def broken(*args, **kwargs):
        raise IsADirectoryError(21, "Is a directory", "/srv/secret/afterview-uploads-x/abc")

    monkeypatch.setattr(settings, "_run_import", broken)
    crashed = _preview(browser, csrf, "mine.csv", b"company,role\nAcme,Eng\n")
    assert crashed.status_code == 500
    assert "/srv/secret" not in crashed.text and "IsADirectoryError" not in crashed.text
    line = re.search(r'<p class="lead"[^>]*>(.*?)</p>', crashed.text, re.S).group(1)
    assert "details in" in line and "\n" not in line.strip()
    assert not list(app.state.uploads.iterdir())  # the file is not left behind


def test_a_confirm_that_crashed_is_not_left_busy(db_url, monkeypatch):
    from afterview.interfaces.web import settings

    app = make_app(db_url)
    browser = client_for(app, raise_server_exceptions=False)
    browser.get(f"/login?token={TOKEN}")
    csrf = csrf_of(browser.get("/").text)
    preview = _preview(browser, csrf, "mine.csv", b"company,role\nAcme,Eng\n")
    real = settings._run_import

    def broken(the_desk, name, path, *, dry_run, columns=""):
        if not dry_run:
            raise RuntimeError("disk on fire")
        return real(the_desk, name, path, dry_run=dry_run, columns=columns)

    monkeypatch.setattr(settings, "_run_import", broken)
    assert browser.post("/imports/confirm", data={"csrf": csrf, "upload": _upload_id(preview)}).status_code == 500
    again = browser.post("/imports/confirm", data={"csrf": csrf, "upload": _upload_id(preview)})
    assert again.status_code == 400 and "that preview has expired" in again.text
    assert "being imported right now" not in again.text


# 4. the feed form sent twice ---------------------------------------------------------------------
def test_make_a_feed_address_sent_twice_makes_one(client, csrf):
    once = _once(client, "/settings", "/settings/calendar-feed")
    assert once
    first = client.post("/settings/calendar-feed", data={"csrf": csrf, "once": once})
    assert first.status_code == 200
    token = re.search(r'id="feed-url" value="[^"]*/calendar/([^/"]+)\.ics"', first.text).group(1)
    again = client.post("/settings/calendar-feed", data={"csrf": csrf, "once": once})
    assert again.status_code == 409 and "This form was sent already and saved" in again.text
    assert 'id="feed-url"' not in again.text
    assert client_for(client.app).get(f"/calendar/{token}.ics").status_code == 200  # the first still works


# 5. a form from another website ------------------------------------------------------------------
def test_a_form_from_another_website_shows_none_of_its_text(app):
    visitor = client_for(app)  # no session: a browser that never logged in, or a forged form
    said = "Your desk was hacked: call +1 555 0100"
    for headers in ({"origin": "http://evil.example", "sec-fetch-site": "cross-site"},
                    {"origin": "null"}, {}):
        page = visitor.post("/drafts/1", data={"subject": said, "body": said}, headers=headers)
        assert page.status_code == 401
        assert said not in page.text and "Copy what you typed" not in page.text
    # the desk's own page after a restart still gets what was typed back
    own = visitor.post("/drafts/1", data={"subject": said}, headers={"sec-fetch-site": "same-origin"})
    assert own.status_code == 401 and said in own.text
    own = visitor.post("/drafts/1", data={"subject": said}, headers={"origin": "http://testserver"})
    assert said in own.text
    login = visitor.post("/login", data={"note": said}, headers={"origin": "http://evil.example"})
    assert said not in login.text
