"""Helpers every route module uses: the desk, forms, ids, and running services off the loop."""

from __future__ import annotations

from typing import Any, Callable

from afterview.domain.values import plain_digits
from afterview.errors import InvalidInput, NotFound


async def run(fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """Run blocking work (the database, the planner, mail servers) in a worker thread."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn, *args, **kwargs)


def desk(request):
    return request.app.state.desk


def session(request):
    return request.scope.get("state", {}).get("session")


async def form(request) -> dict[str, str]:
    """The submitted text fields (already CSRF-checked by the middleware), stripped of \\r."""
    data = await request.form()
    return {k: v.replace("\r\n", "\n") for k, v in data.items() if isinstance(v, str)}


def path_id(request, name: str = "id") -> int:
    """A numeric id from the URL; NotFound (404) for anything else."""
    raw = request.path_params.get(name, "")
    try:
        value = int(str(raw))
    except ValueError:
        raise NotFound(f"no such record: {raw!r}") from None
    if value < 1:
        raise NotFound(f"no such record: {raw!r}")
    return value


def optional_id(value: str | None, what: str) -> int | None:
    text = (value or "").strip()
    if not text:
        return None
    if not plain_digits(text):
        from afterview.services.pipeline import a_or_an

        raise InvalidInput(f"not {a_or_an(what)} {what}: {text!r}")
    return int(text)


def items(text: str | None) -> list[str]:
    """One item per line (or separated by ';'), blanks dropped."""
    found = []
    for line in (text or "").splitlines():
        found.extend(part.strip() for part in line.split(";") if part.strip())
    return found


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go back to; anything else (another site) becomes `default`."""
    text = (target or "").strip()
    if text.startswith("/") and not text.startswith("//") and "\\" not in text:
        return text
    return default


class PageCache:
    """Rendered pages by (plan snapshot, URL, session): a page is a function of those alone.

    Reading the same pages again (Today after every click, an opportunity while drafting its
    notes) then costs a lookup instead of a render; any write or a new minute makes a new
    snapshot, and with it new keys.
    """

    def __init__(self, size: int = 256):
        import threading
        from collections import OrderedDict

        self.size = size
        self._pages: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._pages.get(key)
            if found is not None:
                self._pages.move_to_end(key)
            return found

    def put(self, key, value) -> None:
        with self._lock:
            self._pages[key] = value
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


async def snapshot(request):
    """The desk's current snapshot, without a thread hop when it is already made."""
    the_desk = desk(request)
    ready = the_desk.ready_snapshot()
    return ready if ready is not None else await run(the_desk.snapshot)


async def quick(request, fn: Callable, *args: Any) -> Any:
    """Run `fn` at once when the plan is ready (a millisecond of lookups: a thread hop would
    cost as much), else in a worker thread (it may have to load and plan)."""
    if desk(request).ready_snapshot() is not None:
        return fn(*args)
    return await run(fn, *args)


def page_key(request, snap) -> tuple | None:
    """The cache key of a GET page, or None when the page must be rendered (messages to show)."""
    current = session(request)
    if current is None or current.flash:
        return None
    return (id(snap), snap.key, request.url.path, request.url.query, current.csrf)


def cached(request, key):
    from starlette.responses import HTMLResponse

    body = request.app.state.pages.get(key) if key is not None else None
    return HTMLResponse(body) if body is not None else None


def remember(request, key, response):
    if key is not None and response.status_code == 200:
        request.app.state.pages.put(key, response.body)
    return response
