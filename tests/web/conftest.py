"""Fixtures for the web desk: an app over a demo database with a fixed clock, and a logged-in client."""

from __future__ import annotations

import re
import warnings
from datetime import datetime, timezone

import pytest

from afterview.domain import model as m

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=timezone.utc)  # a Thursday afternoon
TOKEN = "one-time-login-token"
HOSTS = {"testserver", "127.0.0.1:8765", "localhost:8765"}


def make_app(url: str, *, now=NOW, demo: bool = True, token: str = TOKEN, hosts=HOSTS):
    from afterview.interfaces.web.app import create_app

    if demo:
        _demo_at(url, now)
    return create_app(url, now=lambda: now, token=token, allowed_hosts=hosts)


DEMO_TZ = "America/New_York"
_TEMPLATES: dict = {}  # moment -> a demo database built once in this process, to copy (SQLite)


def _demo_at(url: str, now) -> None:
    """The demo loaded into the database at `url`, as of `now`. A new SQLite file is a copy of
    one loaded once per process and moment (loading it takes most of a desk test's set-up),
    kept as `tests.helpers.Prebuilt` keeps its databases: without the identity a database
    records of the file it is, checkpointed, so that the copy, opened where it lies, is the
    database the demo loaded there would be (tests/test_infrastructure.py)."""
    import shutil
    from pathlib import Path

    from afterview.services.demo import load_demo
    from afterview.storage import open_store

    target = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
    if target is None or target.exists():
        store = open_store(url)
        try:
            with store.transaction() as tx:
                load_demo(tx, now=now, tz=DEMO_TZ)
        finally:
            store.close()
        return
    template = _TEMPLATES.get(now)
    if template is None:
        template = _TEMPLATES[now] = _template(now)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(template, target)


def _template(now):
    import atexit
    import shutil
    import tempfile
    from pathlib import Path

    from afterview.services.demo import load_demo
    from afterview.storage import open_store
    from tests.helpers import keep_to_copy

    folder = tempfile.mkdtemp(prefix="desk-demo-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    db = Path(folder) / "desk.db"
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            load_demo(tx, now=now, tz=DEMO_TZ)
    finally:
        store.close()
    keep_to_copy(db)
    return db


def client_for(app, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Starlette's note about its httpx-based TestClient
        from starlette.testclient import TestClient
    return TestClient(app, **kwargs)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def read(url: str, fn):
    """`fn(tx)` in one transaction on the desk's database, as a test reads what a page wrote."""
    from afterview.storage import open_store

    store = open_store(url)
    try:
        with store.transaction() as tx:
            return fn(tx)
    finally:
        store.close()


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'desk.db'}"


@pytest.fixture
def app(db_url):
    return make_app(db_url)


@pytest.fixture
def client(app):
    """A client logged in with the one-time token."""
    client = client_for(app)
    response = client.get(f"/login?token={TOKEN}", follow_redirects=False)
    assert response.status_code == 303
    return client


@pytest.fixture
def csrf(client):
    return csrf_of(client.get("/").text)


def logged_in(app):
    """A client logged in to `app` with the one-time token, and its CSRF token."""
    client = client_for(app)
    client.get(f"/login?token={TOKEN}")
    return client, csrf_of(client.get("/").text)


def landing(response) -> str:
    """Where a redirect goes, without the tag of the notices it carries (`?n=...`, see
    security.NoticeBox): "/drafts/4?n=TAG" -> "/drafts/4"."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(response.headers["location"])
    query = "&".join(p for p in parts.query.split("&") if p and not p.startswith("n="))
    return urlunsplit(parts._replace(query=query))


def draft(client, csrf, key="thank_you:i1:p1") -> int:
    """Draft a planned action from Today, as its Draft button does; the new message's id."""
    response = client.post("/actions/draft", data={"csrf": csrf, "key": key}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return int(landing(response).rsplit("/", 1)[1])


def mark_scheduled(db_url, message_id, *, at=NOW, account="personal") -> None:
    """Make a message scheduled (approved at NOW) in the database, without a mail account."""
    def schedule(tx):
        message = tx.get(m.Message, message_id)
        message.state, message.approved_at, message.scheduled_at = m.MessageState.SCHEDULED, NOW, at
        message.account = account
        tx.update(message)

    read(db_url, schedule)


@pytest.fixture
def mail_desk(db_url, mail, afterview_home, monkeypatch):
    """Make a desk over the demo with alice's account on the test mail servers: `mail_desk(**options)`
    passes `options` to create_app (mail_interval=..., sends=...) and returns (app, client, csrf)."""
    from afterview.interfaces.web.app import create_app
    from afterview.services.demo import load_demo
    from afterview.storage import open_store

    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    (afterview_home / "config.toml").write_text(mail.account_toml("home", extra="rate_per_minute = 0\n"))
    store = open_store(db_url)
    with store.transaction() as tx:
        load_demo(tx, now=NOW, tz="America/New_York")
    store.close()

    def make(**options):
        app = create_app(db_url, now=lambda: NOW, token=TOKEN, allowed_hosts=HOSTS, **options)
        return (app, *logged_in(app))

    return make


@pytest.fixture
def live(db_url):
    """The desk served for real over the demo (see live.serve)."""
    from tests.web.live import serve

    with serve(db_url) as desk:
        yield desk
