"""The desk's security: one-time login, session cookie, CSRF, Host check, headers, escaping."""

from __future__ import annotations

from afterview.domain import model as m
from afterview.storage import open_store
from tests.web.conftest import TOKEN, client_for, csrf_of, landing


def test_login_token_works_once(app):
    first = client_for(app)
    response = first.get(f"/login?token={TOKEN}", follow_redirects=False)
    assert response.status_code == 303 and landing(response) == "/"
    assert first.get("/").status_code == 200

    second = client_for(app)  # someone else replaying the link from the terminal
    replay = second.get(f"/login?token={TOKEN}", follow_redirects=False)
    assert replay.status_code == 403
    assert "works once" in replay.text
    assert "set-cookie" not in replay.headers
    assert second.get("/", follow_redirects=False).status_code == 401


def test_wrong_token_and_no_session_are_refused(app):
    client = client_for(app)
    assert client.get("/login?token=guess", follow_redirects=False).status_code == 403
    for path in ("/", "/pipeline", "/settings", "/drafts/1", "/opportunities/1"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 401, path
        assert "afterview serve" in response.text
    # the one real token still works after wrong guesses
    assert client.get(f"/login?token={TOKEN}", follow_redirects=False).status_code == 303


def test_session_cookie_flags(app):
    response = client_for(app).get(f"/login?token={TOKEN}", follow_redirects=False)
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("afterview_session=")
    parts = [p.strip() for p in cookie.split(";")]
    assert "HttpOnly" in parts and "SameSite=Strict" in parts and "Path=/" in parts
    assert not any(p.lower().startswith(("expires", "max-age")) for p in parts)  # ends with the browser


def test_forged_or_tampered_cookie_is_refused(client):
    value = client.cookies.get("afterview_session")
    sid, _, signature = value.rpartition(".")
    forged = client_for(client.app)
    forged.cookies.set("afterview_session", f"{sid}.{'0' * len(signature)}")
    assert forged.get("/", follow_redirects=False).status_code == 401
    other = client_for(client.app)
    other.cookies.set("afterview_session", "made-up.value")
    assert other.get("/", follow_redirects=False).status_code == 401


def test_post_without_csrf_is_refused_and_changes_nothing(client, db_url):
    profile_before = _profile(db_url)
    response = client.post("/settings/profile", data={"name": "Mallory"})
    assert response.status_code == 403
    response = client.post("/settings/profile", data={"name": "Mallory", "csrf": "wrong"})
    assert response.status_code == 403
    assert _profile(db_url).name == profile_before.name


def test_post_with_csrf_is_accepted(client, csrf, db_url):
    response = client.post("/settings/profile", data={"name": "Alex Morgan", "csrf": csrf}, follow_redirects=False)
    assert response.status_code == 303
    assert _profile(db_url).name == "Alex Morgan"


def test_fetch_calls_need_the_csrf_header(client, csrf):
    payload = {"subject": "Thanks", "body": "Hi Dana,\n\nThanks!!\n"}
    assert client.post("/api/review", json=payload).status_code == 403
    assert client.post("/api/review", json=payload, headers={"X-CSRF-Token": "nope"}).status_code == 403
    ok = client.post("/api/review", json=payload, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200
    assert any(f["code"] == "exclamation" for f in ok.json()["findings"])


def test_multipart_upload_needs_csrf(client, csrf):
    files = {"file": ("x.csv", b"Company,Role\nAcme,Analyst\n", "text/csv")}
    assert client.post("/imports/preview", data={"kind": "csv"}, files=files).status_code == 403
    ok = client.post("/imports/preview", data={"kind": "csv", "csrf": csrf}, files=files)
    assert ok.status_code == 200


def test_csrf_token_of_another_run_is_refused(app, tmp_path):
    from tests.web.conftest import make_app

    other = client_for(make_app(f"sqlite:///{tmp_path / 'other.db'}"))
    other.get(f"/login?token={TOKEN}")
    stale = csrf_of(other.get("/").text)
    mine = client_for(app)
    mine.get(f"/login?token={TOKEN}")
    assert csrf_of(mine.get("/").text) != stale
    assert mine.post("/settings/profile", data={"name": "X", "csrf": stale}).status_code == 403


def test_host_header_check_blocks_dns_rebinding(client):
    for host in ("evil.example", "127.0.0.1:9999", "attacker.test:8765", ""):
        response = client.get("/", headers={"host": host})
        assert response.status_code == 421, host
    assert client.get("/", headers={"host": "127.0.0.1:8765"}).status_code == 200
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_host_check_comes_before_login(app):
    response = client_for(app).get(f"/login?token={TOKEN}", headers={"host": "rebound.example:8765"})
    assert response.status_code == 421
    # the token was not spent by the refused request
    assert client_for(app).get(f"/login?token={TOKEN}", follow_redirects=False).status_code == 303


def test_security_headers_on_pages_errors_and_static(client):
    for path in ("/", "/opportunities/99999", "/static/desk.css", "/nope"):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp, path
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
    refused = client_for(client.app).get("/")
    assert refused.headers["x-frame-options"] == "DENY"


def test_pages_have_no_inline_scripts_or_styles(client):
    import re

    for path in ("/", "/capture", "/drafts/1", "/pipeline", "/settings", "/insights", "/opportunities/1",
                 "/imports", "/interviews/1/debrief", "/opportunities/3/rejection"):
        html = client.get(path).text
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, (path, tag)
        assert "<style" not in html and " style=" not in html, path
        assert not re.search(r"\son[a-z]+=", html), path  # no inline event handlers


def test_user_notes_are_escaped_everywhere(client, csrf, db_url):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    store = open_store(db_url)
    with store.transaction() as tx:
        opp = tx.get(m.Opportunity, 1)
        opp.notes = attack
        opp.role = "Engineer <b>bold</b>"
        tx.update(opp)
        person = tx.get(m.Person, 1)
        person.notes = attack
        person.name = "Priya <script>x()</script> Raman"
        tx.update(person)
    store.close()
    client.app.state.desk.changed()
    for path in ("/opportunities/1", "/people/1", "/pipeline", "/", "/people", "/interviews/1/debrief"):
        html = client.get(path).text
        assert "<script>alert" not in html and "<script>x()" not in html, path
        assert "<img src=x" not in html and "<b>bold</b>" not in html, path
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in client.get("/opportunities/1").text
    # and what is typed into a form comes back escaped too
    response = client.post("/opportunities/1/feedback", data={"csrf": csrf, "text": attack}, follow_redirects=True)
    assert "<script>alert" not in response.text and "&lt;script&gt;" in response.text


def test_logout_ends_the_session(client, csrf):
    old = client.cookies.get("afterview_session")
    response = client.post("/logout", data={"csrf": csrf})
    assert "Max-Age=0" in response.headers["set-cookie"]
    assert response.status_code == 200 and "You are logged out" in response.text
    assert 'aria-label="Main"' not in response.text and "Log out" not in response.text  # no menu
    assert client.get("/", follow_redirects=False).status_code == 401
    replay = client_for(client.app)  # the old cookie, kept by someone, no longer opens the desk
    replay.cookies.set("afterview_session", old)
    assert replay.get("/", follow_redirects=False).status_code == 401


def _profile(url):
    store = open_store(url)
    try:
        with store.transaction() as tx:
            return tx.profile()
    finally:
        store.close()
