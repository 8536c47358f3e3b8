"""Fixtures for the web desk: an app over a demo database with a fixed clock, and a logged-in client."""

from __future__ import annotations

import re
import warnings
from datetime import datetime, timezone

import pytest

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=timezone.utc)  # a Thursday afternoon
TOKEN = "one-time-login-token"
HOSTS = {"testserver", "127.0.0.1:8765", "localhost:8765"}


def make_app(url: str, *, now=NOW, demo: bool = True, token: str = TOKEN, hosts=HOSTS):
    from afterview.interfaces.web.app import create_app
    from afterview.services.demo import load_demo
    from afterview.storage import open_store

    if demo:
        store = open_store(url)
        with store.transaction() as tx:
            load_demo(tx, now=now, tz="America/New_York")
        store.close()
    return create_app(url, now=lambda: now, token=token, allowed_hosts=hosts)


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
