"""`afterview serve --host 0.0.0.0`: listening on every address, the desk answers at this
machine's own addresses (so that another device reaches it), and still at no other name: the
Host check against DNS rebinding stays."""

from __future__ import annotations

import ipaddress
import re
import socket

import httpx
import pytest

from afterview.interfaces.cli.web import allowed_hosts, own_addresses
from tests.web.test_serve import _login_url, _start, _wait_ready

LOOPBACK_HOSTS = {"127.0.0.1:8765", "localhost:8765", "[::1]:8765"}


def test_every_address_adds_the_machines_own_addresses_and_nothing_else():
    hosts = allowed_hosts("0.0.0.0", 8765, ["192.168.1.20", "fd00::5"])
    assert hosts == LOOPBACK_HOSTS | {"0.0.0.0:8765", "192.168.1.20:8765", "[fd00::5]:8765"}
    assert allowed_hosts("::", 8765, ["192.168.1.20"]) == LOOPBACK_HOSTS | {"[::]:8765", "192.168.1.20:8765"}
    for other in ("192.168.1.21:8765", "evil.example:8765", "192.168.1.20:9999", "rebind.192.168.1.20.nip.io:8765"):
        assert other not in hosts


def test_a_single_address_or_loopback_is_answered_at_that_address_only():
    assert allowed_hosts("127.0.0.1", 8765, ["192.168.1.20"]) == LOOPBACK_HOSTS
    assert allowed_hosts("192.168.1.20", 9000, ["10.0.0.5"]) == {
        "127.0.0.1:9000", "localhost:9000", "[::1]:9000", "192.168.1.20:9000"}


def test_own_addresses_are_addresses_of_this_machine_a_browser_can_open():
    found = own_addresses()
    assert len(found) == len(set(found))
    for address in found:
        ip = ipaddress.ip_address(address)
        assert not (ip.is_loopback or ip.is_link_local or ip.is_unspecified)
        family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.bind((address, 0))  # only an address of this machine can be bound


def _another_local_ipv4() -> str | None:
    """A non-loopback IPv4 address of this machine, found apart from the code under test: the
    one the kernel would send from (nothing is sent), checked by binding to it."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("198.51.100.1", 9))
            address = probe.getsockname()[0]
        with socket.socket() as check:
            check.bind((address, 0))
    except OSError:
        return None
    return None if address.startswith("127.") else address


def test_serve_on_every_address_answers_at_the_machines_lan_address(tmp_path):
    other = _another_local_ipv4()
    if other is None:
        # deliberate: a LAN address is what this test reaches the desk at; the host check itself
        # is unit-tested above, and CI machines have one
        pytest.skip("this machine has no address but loopback (the host check is unit-tested above)")
    process = _start(tmp_path, "--host", "0.0.0.0")
    try:
        url = _login_url(process)
        said = process.stdout.readline()
        port = int(re.search(r":(\d+)/login", url).group(1))
        assert f"http://{other}:{port}" in said and "another device" in said, said
        _wait_ready(f"http://127.0.0.1:{port}")
        # reached at the LAN address, as another device reaches it: the login page, not 421
        with httpx.Client() as device:
            first = device.get(url.replace("127.0.0.1", other), follow_redirects=True)
            assert first.status_code == 200 and "Thank-you note to Priya Raman" in first.text
        # the Host header names the address; whatever address it came in by
        assert httpx.get(f"http://127.0.0.1:{port}/", headers={"host": f"{other}:{port}"}).status_code == 401
        for refused in (f"rebind.example:{port}", f"203.0.113.9:{port}", f"{other}:{port + 1}"):
            response = httpx.get(f"http://{other}:{port}/", headers={"host": refused})
            assert response.status_code == 421, refused
    finally:
        process.terminate()
        _, err = process.communicate(timeout=10)
    assert "warning: listening on 0.0.0.0" in err


def test_serve_on_loopback_does_not_answer_to_the_lan_address(tmp_path):
    other = _another_local_ipv4()
    if other is None:
        # deliberate: with loopback alone there is no second address to be refused at; the
        # host check itself is unit-tested above, and CI machines have one
        pytest.skip("this machine has no address but loopback (the host check is unit-tested above)")
    process = _start(tmp_path)
    try:
        url = _login_url(process)
        assert "also answers" not in process.stdout.readline()
        base = url.split("/login")[0]
        _wait_ready(base)
        port = int(base.rsplit(":", 1)[1])
        assert httpx.get(base + "/", headers={"host": f"{other}:{port}"}).status_code == 421
    finally:
        process.terminate()
        process.wait(timeout=10)
