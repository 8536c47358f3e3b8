"""The web desk under load: the Today page and an opportunity page of a 10,000-opportunity pipeline.

Figures (one run, one machine): p50 and p99 latency of each page under 20 concurrent clients
(a minimal asyncio HTTP/1.1 client on loopback keep-alive connections, each request waiting
for the previous one of its connection), against a bare Starlette endpoint serving a static page, served the same way in the
same run. Goal: each page's p99 within 10x the bare endpoint's p99. The opportunity pages are
200 different ones picked at random (most requests render a page for the first time); the
Today page is served from the desk's page cache between changes, so its render cost is measured
too, on pages 2-800 of the backlog (every request a fresh render), for information.

The database is the planner bench's generator (bench_planner.generate). Each server runs in its
own process under uvicorn, with the clock fixed at the generator's moment, so that the plan is
made once (before measuring) and every page reads the same data.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import free_port, report

CLIENTS = 20
REQUESTS = 1_000  # per page, spread over the clients
TIME_LIMIT = 60.0  # seconds per page at most; the figures then come from what was measured
WARMUP_TIMEOUT = 600.0  # the first request plans all 10,000 opportunities

SERVER = r"""
import sys
from datetime import datetime
import uvicorn

kind, url, port, token, at = sys.argv[1:6]
if kind == "bare":
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    PAGE = "<!doctype html><html><head><title>bare</title></head><body><h1>Static</h1>" + "<p>text</p>" * 50 + "</body></html>"

    async def static(request):
        return HTMLResponse(PAGE)

    app = Starlette(routes=[Route("/", static)])
else:
    from afterview.interfaces.web.app import create_app

    moment = datetime.fromisoformat(at)
    app = create_app(url, now=lambda: moment, token=token,
                     allowed_hosts={f"127.0.0.1:{port}", f"localhost:{port}"})
print("ready", flush=True)
uvicorn.run(app, host="127.0.0.1", port=int(port), log_level="warning", access_log=False, lifespan="off")
"""


def start_server(kind: str, url: str, token: str, at: str, env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", SERVER, kind, url, str(port), token, at], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    wait_listening(port, process)
    return process, base


def wait_listening(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stderr.read().decode()[-500:]}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("server did not start")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


async def load(base: str, paths: list[str], cookies: dict | None = None) -> list[float]:
    """Latencies (s) of REQUESTS requests from CLIENTS concurrent keep-alive connections.

    A minimal HTTP/1.1 client on asyncio streams: a full-featured client costs more CPU per
    request than the bare endpoint itself, and would measure the load tool instead of the server.
    """
    host, port = base.removeprefix("http://").split(":")
    cookie = "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())
    latencies: list[float] = []
    counter = iter(range(REQUESTS))
    deadline = time.monotonic() + TIME_LIMIT

    async def client(seed: int) -> None:
        rng = random.Random(seed)
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            for _ in counter:
                if time.monotonic() > deadline:
                    return
                path = rng.choice(paths)
                request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                if cookie:
                    request += f"Cookie: {cookie}\r\n"
                started = time.perf_counter()
                writer.write((request + "\r\n").encode())
                status, length = await read_head(reader)
                await reader.readexactly(length)
                latencies.append(time.perf_counter() - started)
                if status != 200:
                    raise RuntimeError(f"{path}: HTTP {status}")
        finally:
            writer.close()

    await asyncio.gather(*(client(n) for n in range(CLIENTS)))
    return latencies


async def read_head(reader) -> tuple[int, int]:
    """The status and Content-Length of one response (the desk and Starlette always send it)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next((int(line.split(":", 1)[1]) for line in lines[1:] if line.lower().startswith("content-length:")), 0)
    return status, length


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def login(base: str, token: str) -> dict:
    import httpx

    response = httpx.get(f"{base}/login?token={token}", follow_redirects=False, timeout=30)
    if response.status_code != 303:
        raise RuntimeError(f"login failed: HTTP {response.status_code}")
    return dict(response.cookies)


def main() -> None:
    import httpx
    from bench_planner import NOW, OPPORTUNITIES, generate

    with tempfile.TemporaryDirectory(prefix="av-bench-web-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'web.db'}"
        started = time.perf_counter()
        counts = generate(url)
        print(f"database: {counts['opportunities']:,} opportunities, {counts['people']:,} people, "
              f"{counts['interviews']:,} interviews, {counts['messages']:,} messages "
              f"({time.perf_counter() - started:.0f} s to build)", flush=True)
        env = {**os.environ, "AFTERVIEW_HOME": tmp}
        token = "bench-token"

        bare, bare_base = start_server("bare", url, token, NOW.isoformat(), env)
        try:
            asyncio.run(load(bare_base, ["/"]))  # warm-up
            bare_times = asyncio.run(load(bare_base, ["/"]))
        finally:
            stop(bare)

        desk, base = start_server("desk", url, token, NOW.isoformat(), env)
        try:
            cookies = login(base, token)
            started = time.perf_counter()
            first = httpx.get(f"{base}/", cookies=cookies, timeout=WARMUP_TIMEOUT)
            print(f"first Today page (loads the facts and plans them all): {time.perf_counter() - started:.1f} s",
                  flush=True)
            if first.status_code != 200:
                raise RuntimeError(f"Today: HTTP {first.status_code}")
            due = re.search(r'id="due-h">Due and overdue <span class="count">(\d+)', first.text)
            print(f"Today lists {due.group(1) if due else '?'} due actions, 25 a page", flush=True)
            rng = random.Random(11)
            opportunities = [f"/opportunities/{rng.randint(1, OPPORTUNITIES)}" for _ in range(200)]
            asyncio.run(load(base, ["/"] + opportunities[:20], cookies))  # warm-up: lookups built once
            today = asyncio.run(load(base, ["/"], cookies))
            opportunity = asyncio.run(load(base, opportunities, cookies))
            pages = [f"/?page={n}" for n in range(2, 800)]  # each a different page: rendered every time
            rendered = asyncio.run(load(base, pages, cookies))
        finally:
            stop(desk)

    bare_p50, bare_p99 = percentile(bare_times, 0.5) * 1000, percentile(bare_times, 0.99) * 1000
    print(f"{CLIENTS} concurrent clients; requests measured: bare {len(bare_times)}, Today {len(today)}, "
          f"opportunity {len(opportunity)}")
    report("bare Starlette page p50", bare_p50, "ms")
    report("bare Starlette page p99", bare_p99, "ms")
    for name, times in (("Today page", today), ("opportunity page", opportunity)):
        report(f"{name} p50 ({OPPORTUNITIES:,} opportunities)", percentile(times, 0.5) * 1000, "ms",
               baseline=("bare p50", bare_p50))
        report(f"{name} p99 ({OPPORTUNITIES:,} opportunities)", percentile(times, 0.99) * 1000, "ms",
               goal="10x", baseline=("bare p99", bare_p99))
    # Today is served from the page cache between changes; this is what each render costs.
    report("Today page p50, rendered every time", percentile(rendered, 0.5) * 1000, "ms",
           baseline=("bare p50", bare_p50))
    report("Today page p99, rendered every time", percentile(rendered, 0.99) * 1000, "ms",
           baseline=("bare p99", bare_p99))


if __name__ == "__main__":
    main()
