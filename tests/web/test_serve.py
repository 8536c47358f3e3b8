"""`afterview serve`: the command itself, run as a user runs it."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time

import httpx

from afterview.interfaces.cli.web import allowed_hosts, pick_port


def test_allowed_hosts_are_loopback_names_with_the_port():
    assert allowed_hosts("127.0.0.1", 8765) == {"127.0.0.1:8765", "localhost:8765", "[::1]:8765"}
    assert "192.168.1.20:9000" in allowed_hosts("192.168.1.20", 9000)
    assert "evil.example:8765" not in allowed_hosts("127.0.0.1", 8765)


def test_pick_port_moves_on_when_the_port_is_taken():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        chosen = pick_port("127.0.0.1", taken)
    assert chosen != taken and chosen > 0


def test_a_host_it_cannot_listen_on_is_one_line_without_the_network_warning(tmp_path):
    from tests.helpers import afterview, assert_clean_error

    db = str(tmp_path / "desk.db")
    assert afterview("--db", db, "company", "add", "Acme").code == 0
    for host, fragment in (("bad host!", "is not an address or name this machine knows"),
                           ("192.0.2.7", "cannot listen on 192.0.2.7: it is not an address of this machine")):
        result = afterview("--db", db, "serve", "--no-browser", "--host", host)
        assert_clean_error(result, fragment)
        assert "warning" not in result.err


def _start(tmp_path, *args):
    env = {**os.environ, "AFTERVIEW_HOME": str(tmp_path / "home"), "PYTHONUNBUFFERED": "1"}
    db = tmp_path / "desk.db"
    subprocess.run([sys.executable, "-m", "afterview", "--db", str(db), "--at", "2026-11-26 10:00 America/New_York",
                    "demo", "--no-agenda"], env=env, check=True, capture_output=True)
    return subprocess.Popen([sys.executable, "-m", "afterview", "--db", str(db), "--at", "2026-11-26 10:00 America/New_York", "serve", "--no-browser", "--port", "0",
                             *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _login_url(process) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        found = re.search(r"(http://\S+/login\?token=\S+)", line)
        if found:
            return found.group(1)
    raise AssertionError("serve printed no login link")


def _wait_ready(base: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/static/desk.css", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("the desk did not answer")


def test_serve_prints_a_one_time_link_and_listens_on_loopback(tmp_path):
    process = _start(tmp_path)
    try:
        url = _login_url(process)
        assert url.startswith("http://127.0.0.1:")
        base = url.split("/login")[0]
        _wait_ready(base)
        with httpx.Client() as browser:
            first = browser.get(url, follow_redirects=True)
            assert first.status_code == 200 and "Thank-you note to Priya Raman" in first.text
            assert "Thu 26 Nov 2026," in first.text  # the moment fixed by --at
            assert browser.get(url, follow_redirects=False).status_code in (303, 403)  # spent: no new session
        assert httpx.get(url).status_code == 403  # and nobody else can use it
        port = int(base.rsplit(":", 1)[1])
        assert httpx.get(base + "/", headers={"host": f"rebind.example:{port}"}).status_code == 421
        # loopback only: the port is not open on the machine's other addresses
        with socket.socket() as probe:
            probe.settimeout(1)
            other = socket.gethostbyname(socket.gethostname())
            if not other.startswith("127."):
                assert probe.connect_ex((other, port)) != 0
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_warns_when_asked_to_listen_beyond_loopback(tmp_path):
    process = _start(tmp_path, "--host", "0.0.0.0")
    try:
        _login_url(process)
    finally:
        process.terminate()
        _, err = process.communicate(timeout=10)
    assert "warning: listening on 0.0.0.0" in err
