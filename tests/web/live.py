"""The desk served for real: uvicorn in a background thread on a free port of 127.0.0.1."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

from tests.fixtures.util import free_port
from tests.web.conftest import NOW, make_app


@dataclass
class LiveDesk:
    url: str
    token: str
    app: object

    @property
    def login_url(self) -> str:
        return f"{self.url}/login?token={self.token}"


@contextmanager
def serve(db_url: str, *, now=NOW, demo: bool = True):
    """Serve a desk over `db_url` until the block ends."""
    import uvicorn

    port = free_port()
    token = f"token-{port}"
    app = make_app(db_url, now=now, demo=demo, token=token, hosts={f"127.0.0.1:{port}", f"localhost:{port}"})
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, name=f"desk-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the desk did not start on port {port}")
        time.sleep(0.02)
    try:
        yield LiveDesk(f"http://127.0.0.1:{port}", token, app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def login(page, live: LiveDesk) -> None:
    """Log the browser page in through the desk's one-time link."""
    page.goto(live.login_url)
    page.wait_for_url(f"{live.url}/")


def wait_for_focus(page, selector: str, timeout: float = 15_000) -> bool:
    """Wait until the focused element matches `selector`; False if it has not after `timeout` ms.

    desk.js moves the focus when DOMContentLoaded fires, and under load that can happen after
    Playwright already sees the element. A test that reads `document.activeElement` as soon as
    the element appears can therefore fail for no real reason. This polls instead, and lets the
    test's own assertions report what has the focus if it never arrives."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("(selector) => { const e = document.activeElement; "
                               "return !!e && e !== document.body && e.matches(selector); }",
                               arg=selector, timeout=timeout)
    except PlaywrightTimeout:
        return False
    return True
