"""`afterview serve --host ::` listens on all of this machine's addresses, IPv4 ones too, and the
addresses it prints are ones it listens on (found by a security tester: on `::` the desk took
IPv6 alone, so the printed login link on 127.0.0.1 and the printed IPv4 address failed; on
0.0.0.0 it printed an IPv6 address it did not listen on). Real processes and sockets."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time

import httpx
import pytest

from afterview.interfaces.cli.web import listened_addresses


def test_the_addresses_said_are_those_listened_on():
    own = ["192.0.2.2", "10.0.0.5", "fd00::2"]
    assert listened_addresses("0.0.0.0", True, own) == ["192.0.2.2", "10.0.0.5"]
    assert listened_addresses("::", True, own) == own  # dual-stack
    assert listened_addresses("::", False, own) == ["fd00::2"]  # a system that keeps IPv6 apart


def _serve(tmp_path, host: str):
    env = {**os.environ, "AFTERVIEW_HOME": str(tmp_path / "home"), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "afterview", "--db", str(tmp_path / "desk.db"), "serve",
                             "--no-browser", "--no-mail", "--port", "0", "--host", host],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _said(process) -> tuple[str, str]:
    """The login link and the line after it (the other addresses, when there are)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = re.search(r"(http://\S+/login\?token=\S+)", process.stdout.readline())
        if found:
            return found.group(1), process.stdout.readline()
    raise AssertionError("serve printed no login link")


def _answers(url: str) -> bool:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=2)
            return True
        except httpx.TransportError:  # refused too: the link is said as the server starts to listen
            time.sleep(0.1)
    return False


def _refused(url: str) -> bool:
    """Whether a connection to `url` is refused, from a server already listening elsewhere (one
    try: refused then is refused; waiting as `_answers` does would only take its 20 s)."""
    try:
        httpx.get(url, timeout=5)
    except httpx.ConnectError:
        return True
    return False


def _has_ipv6() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


def _stop(process) -> str:
    process.terminate()
    return process.communicate(timeout=10)[1]


def test_on_every_ipv6_address_the_desk_takes_ipv4_too_and_the_link_works(tmp_path):
    if not _has_ipv6():
        # deliberate: without IPv6 on this machine there is no :: to listen on
        pytest.skip("this machine has no IPv6 (::1 cannot be bound)")
    process = _serve(tmp_path, "::")
    try:
        url, also = _said(process)
        assert url.startswith("http://127.0.0.1:"), url  # it listens there
        port = int(re.search(r":(\d+)/login", url).group(1))
        assert _answers(f"http://127.0.0.1:{port}/static/desk.css")
        assert _answers(f"http://[::1]:{port}/static/desk.css")
        with httpx.Client() as browser:
            page = browser.get(url, follow_redirects=True)
            assert page.status_code == 200, page.status_code
        for address in re.findall(r"http://(\[[0-9a-f:]+\]|[0-9.]+):", also):
            assert _answers(f"http://{address}:{port}/static/desk.css"), address  # each said is listened on
    finally:
        err = _stop(process)
    assert "warning: listening on ::" in err and "plain HTTP" in err


def test_on_every_ipv4_address_only_ipv4_addresses_are_said(tmp_path):
    process = _serve(tmp_path, "0.0.0.0")
    try:
        url, also = _said(process)
        assert url.startswith("http://127.0.0.1:")
        assert "[" not in also, also  # no IPv6 address: it does not listen on any
        port = int(re.search(r":(\d+)/login", url).group(1))
        assert _answers(f"http://127.0.0.1:{port}/static/desk.css")  # listening now
        for address in re.findall(r"http://([0-9.]+):", also):
            assert _answers(f"http://{address}:{port}/static/desk.css"), address
        if _has_ipv6():
            assert _refused(f"http://[::1]:{port}/static/desk.css")
    finally:
        _stop(process)
