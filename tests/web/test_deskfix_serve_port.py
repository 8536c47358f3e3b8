"""`afterview serve --port N` right after a desk on N was stopped (found by a tester: it silently
listened on a random port for a minute). A stopped desk leaves its connections in TIME_WAIT; the
server listens beside them (SO_REUSEADDR, as uvicorn's asyncio sets it), so the port is tested as
the server binds it. A port another program really listens on is said in one line on stderr,
before the link with the port used instead."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time

import httpx
import pytest

from afterview.interfaces.cli.web import pick_port
from tests.web.test_serve import _login_url, _wait_ready

# never skipped on Linux or in CI: TIME_WAIT and SO_REUSEADDR behave otherwise on Windows, where
# the desk does not set SO_REUSEADDR (there it would let two programs share the port)
pytestmark = pytest.mark.skipif(os.name != "posix", reason="TIME_WAIT and SO_REUSEADDR as on POSIX")


def _time_wait_on(port: int) -> None:
    """Leave a connection in TIME_WAIT on `port`: the listening side closes first, as a server
    that stops closes its keep-alive connections."""
    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", port))
        server.listen()
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _ = server.accept()
        accepted.close()  # the server's side first: its end waits in TIME_WAIT
        time.sleep(0.05)
        client.close()


def test_a_port_left_in_time_wait_is_still_the_port_used():
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    _time_wait_on(port)
    said = []
    assert pick_port("127.0.0.1", port, taken=said.append) == port
    assert said == []


def test_a_port_another_program_listens_on_is_said_in_one_line():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        said = []
        chosen = pick_port("127.0.0.1", taken, taken=said.append)
    assert chosen != taken
    assert said == [f"Port {taken} is taken (another program listens on it): the desk listens on port {chosen} "
                    "instead."]


def _demo(tmp_path) -> tuple[dict, str]:
    env = {**os.environ, "AFTERVIEW_HOME": str(tmp_path / "home"), "PYTHONUNBUFFERED": "1"}
    db = str(tmp_path / "desk.db")
    subprocess.run([sys.executable, "-m", "afterview", "--db", db, "--at", "2026-11-26 10:00 America/New_York",
                    "demo", "--no-agenda"], env=env, check=True, capture_output=True)
    return env, db


def _serve(env, db, port: int):
    return subprocess.Popen([sys.executable, "-m", "afterview", "--db", db, "--at", "2026-11-26 10:00 America/New_York",
                             "serve", "--no-browser", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _stop(process) -> str:
    process.terminate()
    _, err = process.communicate(timeout=15)
    return err


def test_serve_again_on_the_port_of_a_desk_just_stopped(tmp_path):
    env, db = _demo(tmp_path)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    first = _serve(env, db, port)
    try:
        base = _login_url(first).split("/login")[0]
        assert base.endswith(f":{port}")
        _wait_ready(base)
        # a browser's keep-alive connections, open when the desk stops: it closes them (TIME_WAIT)
        browser = httpx.Client()
        for _ in range(3):
            browser.get(base + "/static/desk.css")
    finally:
        _stop(first)
    browser.close()
    second = _serve(env, db, port)
    try:
        assert _login_url(second).split("/login")[0] == f"http://127.0.0.1:{port}"
    finally:
        err = _stop(second)
    assert "is taken" not in err


def test_serve_says_when_the_port_asked_for_is_taken(tmp_path):
    env, db = _demo(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        process = _serve(env, db, taken)
        try:
            link = _login_url(process)
        finally:
            err = _stop(process)
    used = int(re.search(r":(\d+)/login", link).group(1))
    assert used != taken
    assert f"Port {taken} is taken (another program listens on it): the desk listens on port {used} instead.\n" in err
