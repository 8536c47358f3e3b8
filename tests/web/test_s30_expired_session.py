"""A desk session that expires (SESSION_TTL after its login) takes its import previews not
confirmed with it, as logging out does: their uploaded files are removed when the session is
found expired, and so are those of any other expired session, one whose browser never comes back
too (before, they stayed in the upload folder until the desk stopped)."""

from __future__ import annotations

import time

from afterview.interfaces.web.security import SESSION_TTL, Guard
from tests.web.conftest import TOKEN, client_for
from tests.web.test_s29_web_review import _preview


def test_an_expired_session_s_previews_are_removed(client, csrf):
    preview = _preview(client, csrf, "mine.csv", b"company,role\nAcme,Eng\n")
    assert preview.status_code == 200
    folder = client.app.state.uploads
    assert list(folder.glob("*/mine.csv"))
    guard = client.app.state.guard
    guard._clock = lambda: time.monotonic() + SESSION_TTL + 60
    answer = client.get("/", follow_redirects=False)
    assert answer.status_code in (303, 401), answer.status_code  # no longer logged in
    assert not list(folder.glob("*/mine.csv"))


def test_another_expired_session_is_swept_when_someone_logs_in(app):
    first = client_for(app)
    first.get(f"/login?token={TOKEN}")
    from tests.web.conftest import csrf_of

    token = csrf_of(first.get("/").text)
    assert _preview(first, token, "left.csv", b"company,role\nAcme,Eng\n").status_code == 200
    folder = app.state.uploads
    assert list(folder.glob("*/left.csv"))
    app.state.guard._clock = lambda: time.monotonic() + SESSION_TTL + 60
    app.state.guard.session_for("not-a-session.x")  # any lookup: the browser that uploaded never comes back
    assert not list(folder.glob("*/left.csv"))


def test_the_guard_says_each_ended_session_once():
    ended = []
    now = [0.0]
    guard = Guard("tok", {"127.0.0.1"}, clock=lambda: now[0], on_end=ended.append)
    session = guard.redeem("tok")
    cookie = guard.cookie_value(session)
    assert guard.session_for(cookie) is session and not ended
    now[0] = SESSION_TTL + 1
    assert guard.session_for(cookie) is None
    assert ended == [session]
    guard.end(session)  # already gone: not said twice
    assert ended == [session]
