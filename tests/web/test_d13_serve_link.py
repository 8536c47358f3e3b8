"""`afterview serve` says its login link only once the desk listens: the link opened the moment
it is printed is answered, never refused (it was printed as the server started to listen, a few
milliseconds before its socket was bound). Real processes and sockets."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time

import httpx
import pytest


def _serve(tmp_path, host: str):
    env = {**os.environ, "AFTERVIEW_HOME": str(tmp_path / "home"), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "afterview", "--db", str(tmp_path / "desk.db"), "serve",
                             "--no-browser", "--no-mail", "--port", "0", "--host", host],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _link(process) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        found = re.search(r"(http://\S+/login\?token=\S+)", line)
        if found:
            return found.group(1)
    raise AssertionError(f"serve printed no login link: {process.stderr.read() if process.poll() is not None else ''}")


@pytest.mark.parametrize("host, attempts", [("127.0.0.1", 2), ("0.0.0.0", 1)])  # a desk takes seconds to start
def test_the_link_opened_as_soon_as_it_is_said_is_answered(tmp_path, host, attempts):
    for attempt in range(attempts):
        process = _serve(tmp_path / str(attempt), host)
        try:
            url = _link(process)
            port = int(re.search(r":(\d+)/login", url).group(1))
            # at once, no retry: connected, then the link answered (it logs in: a redirect to Today)
            with socket.create_connection(("127.0.0.1", port), timeout=10):
                pass
            with httpx.Client(timeout=20) as browser:
                answer = browser.get(url, follow_redirects=False)
            assert answer.status_code == 303, (attempt, answer.status_code, answer.text[:300])
        finally:
            process.terminate()
            process.communicate(timeout=15)


def test_the_sockets_listen_before_the_server_runs():
    from afterview.interfaces.cli.web import listening, pick_port

    sockets, takes_ipv4 = listening("127.0.0.1", 0)
    try:
        assert takes_ipv4 and len(sockets) == 1
        port = sockets[0].getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=5):  # queued: accepted once served
            pass
    finally:
        for sock in sockets:
            sock.close()
    assert pick_port("127.0.0.1", port) == port  # closed again: free for the next
