"""What keeps the desk private: the one-time login, sessions, CSRF, the Host check, headers;
and what keeps a form from being saved twice.

The desk runs on the user's own machine, but any web page they visit can try to reach it: a
cross-site form (CSRF), a DNS-rebinding page that calls 127.0.0.1 under its own name, a frame.
Everything here is checked before a route runs, in one ASGI middleware, so no route can forget.
Sessions live in memory only, signed with a secret made at start: a restart logs everyone out.

A form sent twice (a double click, the same page in two tabs, a retry, Back and send again)
must not save twice. Every form that changes something carries a one-time token (`ONCE_FIELD`,
made when the page is rendered: `new_once`). The first request with a token holds it while it
runs; the transaction that writes for it marks it used when it commits (`form_wrote`, called by
`Desk.write`), and once that request has answered with a redirect to what it recorded, the
token is spent: any other request with it changes nothing and is answered with one line and a
link to what was recorded (`GuardMiddleware(answer_again=...)`); a request that saved something and
answered with a page of its own (not a redirect) spends it too. A request with the token that
arrives while the first still runs waits for it. A use that saved nothing (refused, with the
form again) leaves the token unspent, so the form can be corrected and sent again.

A form refused here, before its route runs (the desk no longer knows the session: it was started
again; or the form's CSRF token is not the session's: a page opened before the desk restarted or
before logging in again), saves nothing, and its page says so and shows what was typed in the
form's free-text fields, escaped and read-only, to copy (`typed`, `TYPED_FIELDS`): never a
password, a command, a hidden field, only the fields named there; and, to a browser the desk does
not know, only when the browser says the form comes from one of the desk's pages (`same_origin`):
another website's form sent here shows none of its words in the desk's look.

A notice ("Saved.", a refusal) said by a request that answers with a redirect belongs to the
page that redirect opens, in that tab: the request's notices are kept under a tag of their own
and the redirect's address carries it (`?n=TAG`, see `NoticeBox`); a page shows the notices of
its own tag only, so another tab's page loaded meanwhile never shows them, or takes them away.
"""

from __future__ import annotations

import contextvars
import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from http.cookies import SimpleCookie
from typing import Callable
from urllib.parse import parse_qs, urlsplit, urlunsplit

COOKIE = "afterview_session"  # the session cookie's name; a desk on a port adds it (`cookie_name`)
_PORT = re.compile(r":(\d{1,5})$")
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
ONCE_FIELD = "once"  # a form's one-time token (see the module's docstring)
ONCE_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
ONCE_KEPT = 1000  # spent tokens remembered per session (the oldest forgotten first)
ONCE_WAIT = 60.0  # seconds a second use waits for the first to finish
MAX_BODY = 25 * 1024 * 1024  # uploads (calendars, CSV) are small; refuse anything absurd
SESSION_TTL = 12 * 3600  # seconds; the desk is a working session, not a year-long login
NOTICE_FIELD = "n"  # the query field of a redirect's address naming its notices (see NoticeBox)
NOTICE_TAG = re.compile(r"[A-Za-z0-9_-]{8,32}")
NOTICES_KEPT = 50  # notices not shown yet, per session (the oldest forgotten first)

# What a form refused before its route runs says (see the module's docstring), above what was typed.
NOT_SAVED_LOGGED_OUT = (
    "Nothing was saved: the desk does not know this browser any more (it was started again, or you logged "
    "out). Copy what you typed from below; then open the link that 'afterview serve' printed in your terminal "
    "(it works once), or start the desk again for a new one, and send it again from there.")
NOT_SAVED_STALE = (
    "Nothing was saved: this form comes from a page opened before the desk was started again, or before you "
    "logged in again, so the desk cannot tell it came from this desk. Copy what you typed from below, then "
    "open the page again and send it from there.")
# ... and to a page's fetch call (the editor's live review says it in its status line)
API_LOGGED_OUT = "the desk does not know this browser any more (it was started again, or you logged out)"
API_STALE = "this page is older than the desk's session (it was started again, or you logged in again)"
# A form (or a fetch call) that came with no CSRF token at all: not a page of an older session,
# but a request made without the page (a script, a tool, a form copied elsewhere)
NOT_SAVED_MISSING = "Nothing was saved: this form came without the desk's token: reload the page and send it again."
API_MISSING = "this request came without the desk's token: reload the page and send it again"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
# Paths reachable without a session: the login itself, static files, and the calendar feed,
# which a calendar program fetches with its own secret token in the URL.
PUBLIC_PREFIXES = ("/login", "/static/", "/calendar/")


# The desk's free-text fields by name, as their forms label them: what a form refused before its
# route runs shows of what was typed (`typed`). Only these: a password, a command to read one, a
# hidden field (a token, a key, where to go back to), a choice from a list is never shown.
TYPED_FIELDS = {
    "subject": "Subject", "body": "Message", "note": "Note", "notes": "Notes", "reason": "Why",
    "detail": "A sentence or two", "text": "What they said", "says": "What they said", "title": "Title",
    "signature": "Signature", "company": "Company", "role": "Role", "stage": "Stage", "location": "Location",
    "name": "Name", "greet_as": "Greet as", "emails": "Email addresses", "tags": "Topics or interests",
    "email": "Email",
}
# ... and those of a form with several rows or cards (Capture's panel: name_1; the cards page:
# topics_12), each numbered in the form's order
TYPED_ROWS = {"name": "Name", "email": "Email", "title": "Title"}
TYPED_CARDS = {"topics": "Topics you discussed", "concerns": "Their concerns", "promises": "What you promised to send",
               "rapport": "Shared interests, small talk", "next_steps": "Next steps, as stated"}
_ROW_FIELD = re.compile(r"([a-z_]+?)_(\d{1,12})")


def typed(scope, body: bytes) -> list[tuple[str, str]]:
    """What was typed in a form's free-text fields (`TYPED_FIELDS`), in the form's order: (label,
    text) for each field with text in it. URL-encoded and multipart forms (files left out)."""
    content_type = _header(scope, b"content-type") or ""
    kind = content_type.split(";")[0].strip().lower()
    pairs: list[tuple[str, str]] = []
    if kind == "application/x-www-form-urlencoded":
        from urllib.parse import parse_qsl

        pairs = parse_qsl(body.decode("latin-1"), keep_blank_values=False, encoding="utf-8", errors="replace")
    elif kind == "multipart/form-data":
        pairs = _multipart_pairs(content_type, body)
    rows: dict[str, int] = {}  # a row's or card's number in the form, by its suffix
    found = []
    for name, value in pairs:
        text = value.replace("\r\n", "\n")
        if not text.strip() or (name == "company" and text.strip().isdigit()):  # (News': chosen from a list)
            continue
        label = TYPED_FIELDS.get(name)
        if label is None:
            row = _ROW_FIELD.fullmatch(name)
            field, suffix = row.groups() if row else ("", "")
            if field not in TYPED_ROWS and field not in TYPED_CARDS:
                continue
            number = rows.setdefault(suffix, len(rows) + 1)
            label = (f"{TYPED_CARDS[field]} (card {number})" if field in TYPED_CARDS
                     else f"{TYPED_ROWS[field]} {number}")  # as Capture labels its rows: "Name 2"
        found.append((label, text))
    return found


def digest(token: str) -> str:
    """The SHA-256 hex digest of a secret, for storing or comparing it."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_once() -> str:
    """A fresh one-time token for a form (the page puts it in a hidden field)."""
    return secrets.token_urlsafe(16)


@dataclass
class Sent:
    """One use of a form's token: running until `done` is set; then `spent` when it saved
    something and answered with a redirect (`link`: where, `at`: when it wrote)."""

    done: threading.Event = field(default_factory=threading.Event)
    wrote: bool = False
    at: datetime | None = None
    spent: bool = False
    link: str = ""


# The use of a form being answered, for `form_wrote` (run in a worker thread: the context is copied).
_SENDING: contextvars.ContextVar[Sent | None] = contextvars.ContextVar("afterview_form", default=None)


def form_wrote(at: datetime) -> None:
    """The request being answered saved something (a transaction committed, a settings file was
    written): its form's token is spent once it answers with a redirect. Nothing outside such a
    request (a page shown, the mail round)."""
    sent = _SENDING.get()
    if sent is not None and not sent.wrote:
        sent.wrote, sent.at = True, at


class Forms:
    """The tokens of a session's forms in use or spent (memory only, as the session is)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._sent: OrderedDict[str, Sent] = OrderedDict()

    def claim(self, token: str) -> tuple[Sent, bool]:
        """(the use of `token`, True when it is this request's: the first)."""
        with self._lock:
            found = self._sent.get(token)
            if found is not None:
                return found, False
            mine = self._sent[token] = Sent()
            if len(self._sent) > ONCE_KEPT:
                for old in [t for t, s in self._sent.items() if s.done.is_set()][:len(self._sent) - ONCE_KEPT]:
                    del self._sent[old]
            return mine, True

    def finish(self, token: str, sent: Sent, *, spent: bool, link: str) -> None:
        with self._lock:
            sent.spent, sent.link = spent, link
            if not spent:  # nothing saved: the form may be sent again (corrected)
                self._sent.pop(token, None)
        sent.done.set()


class NoticeBox:
    """A session's notices waiting for the page a redirect opens, each set under its own tag.

    A set is (notices, kept): the (level, one-line message) pairs a request said, and a small
    box's field as typed when it was refused (common.Kept) or None. Taking a set removes it: a
    page reloaded later shows it no more."""

    def __init__(self):
        self._lock = threading.Lock()
        self._sets: OrderedDict[str, tuple[list[tuple[str, str]], object]] = OrderedDict()

    def put(self, notices: list[tuple[str, str]], kept: object) -> str:
        tag = secrets.token_urlsafe(12)
        with self._lock:
            self._sets[tag] = (list(notices), kept)
            while len(self._sets) > NOTICES_KEPT:
                self._sets.popitem(last=False)
        return tag

    def take(self, tag: str | None) -> tuple[list[tuple[str, str]], object]:
        if not tag or not NOTICE_TAG.fullmatch(tag):
            return [], None
        with self._lock:
            return self._sets.pop(tag, ([], None))


def tagged(location: str, tag: str) -> str:
    """A redirect's address with its notices' tag: "/drafts/4" -> "/drafts/4?n=TAG"."""
    parts = urlsplit(location)
    query = "&".join(p for p in parts.query.split("&") if p and not p.startswith(NOTICE_FIELD + "="))
    query = f"{query}&{NOTICE_FIELD}={tag}" if query else f"{NOTICE_FIELD}={tag}"
    return urlunsplit(parts._replace(query=query))


@dataclass
class Session:
    sid: str
    csrf: str
    created: float
    notices: NoticeBox = field(default_factory=NoticeBox)  # notices for the pages redirects open
    uploads: dict[str, dict] = field(default_factory=dict)  # import previews waiting for confirm
    forms: Forms = field(default_factory=Forms)  # its forms' one-time tokens in use or spent


class Guard:
    """The login token, the sessions and the allowed hosts of one run of the desk."""

    def __init__(self, token: str, allowed_hosts: set[str] | frozenset[str], *, clock=time.monotonic,
                 on_end: Callable[[Session], None] | None = None):
        self.secret = secrets.token_bytes(32)
        self._token_hash = digest(token) if token else ""
        self.allowed_hosts = {h.lower() for h in allowed_hosts}
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()
        self._clock = clock
        # called with each session that ends (logged out, or expired: what it holds, such as an
        # import's uploaded file, goes with it), outside the lock
        self._on_end = on_end

    # login -------------------------------------------------------------------------------------
    def redeem(self, token: str) -> Session | None:
        """A new session for the one-time token; None when wrong or already used."""
        with self._lock:
            if not self._token_hash or not token:
                return None
            if not hmac.compare_digest(self._token_hash, digest(token)):
                return None
            self._token_hash = ""  # single use: the URL in the terminal works once
            new = self._new_session()
            gone = self._expired()
        self._ended(gone)
        return new

    def _new_session(self) -> Session:
        sid = secrets.token_urlsafe(32)
        session = Session(sid=sid, csrf=secrets.token_urlsafe(32), created=self._clock())
        self._sessions[sid] = session
        return session

    def cookie_value(self, session: Session) -> str:
        return f"{session.sid}.{self._sign(session.sid)}"

    def _sign(self, sid: str) -> str:
        return hmac.new(self.secret, sid.encode(), hashlib.sha256).hexdigest()

    def session_for(self, cookie_value: str | None) -> Session | None:
        """The live session a cookie names, if its signature holds and it has not expired. Every
        expired session is ended on the way (its uploads removed), not only this one: one whose
        browser never comes back too."""
        with self._lock:
            gone = self._expired()
        self._ended(gone)
        if not cookie_value or "." not in cookie_value:
            return None
        sid, _, signature = cookie_value.rpartition(".")
        if not hmac.compare_digest(signature, self._sign(sid)):
            return None
        with self._lock:
            return self._sessions.get(sid)

    def end(self, session: Session) -> None:
        with self._lock:
            ended = self._sessions.pop(session.sid, None)
        self._ended([ended] if ended is not None else [])

    def _expired(self) -> list[Session]:
        """Take out the sessions past SESSION_TTL (the lock held); returns them."""
        now = self._clock()
        gone = [s for s in self._sessions.values() if now - s.created > SESSION_TTL]
        for session in gone:
            del self._sessions[session.sid]
        return gone

    def _ended(self, sessions: list[Session]) -> None:
        if self._on_end is not None:
            for session in sessions:
                self._on_end(session)

    # host --------------------------------------------------------------------------------------
    def host_ok(self, host: str | None) -> bool:
        """Only the names the desk was started for: a rebinding page's name is refused."""
        return bool(host) and host.lower() in self.allowed_hosts


def cookie_name(scope) -> str:
    """The session cookie's name at the address a request came to: "afterview_session_8765" at
    127.0.0.1:8765. Browsers keep one set of cookies per host whatever its port, so two desks on
    one machine (two ports) would otherwise share one cookie, and each login would log the other
    desk out. The Host header is one the desk answers to (checked before this is read); one
    without a port keeps the plain name (read too where the port-named one is missing: signed,
    it names a session of this desk or none)."""
    found = _PORT.search(_header(scope, b"host") or "")
    return f"{COOKIE}_{found.group(1)}" if found else COOKIE


def set_cookie_header(name: str, value: str, *, max_age: int | None = None) -> bytes:
    """A Set-Cookie value: HttpOnly, SameSite=Strict, path /; Max-Age=0 deletes it."""
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Strict"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    return "; ".join(parts).encode("latin-1")


def same_origin(scope) -> bool:
    """Whether the browser says a request comes from a page of this desk: Sec-Fetch-Site
    "same-origin", or an Origin header naming the address it was sent to (the desk's pages send
    no Referer, and a browser then sends a form's Origin as "null", hence Sec-Fetch-Site first)."""
    site = _header(scope, b"sec-fetch-site")
    if site is not None:
        return site.strip().lower() == "same-origin"
    origin, host = _header(scope, b"origin"), _header(scope, b"host")
    return bool(origin and host) and origin.strip().lower() in (f"http://{host.lower()}", f"https://{host.lower()}")


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def _cookie(scope, name: str) -> str | None:
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    jar = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed Cookie header is treated as no cookie
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None


class GuardMiddleware:
    """Host check, session lookup, CSRF on every unsafe request, a form's one-time token, and
    security headers."""

    def __init__(self, app, guard: Guard, *, render_error, answer_again=None):
        self.app = app
        self.guard = guard
        # (status, title, message, *, scope, typed, session) -> (content-type, bytes)
        self.render_error = render_error
        # (scope, Sent) -> an ASGI response: a form sent again, answered without running its route
        self.answer_again = answer_again

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        if not self.guard.host_ok(_header(scope, b"host")):
            await self._refuse(send, 421, "Wrong address",
                               "This desk answers only at the address afterview serve printed.")
            return
        path = scope.get("path", "/")
        named = cookie_name(scope)
        found = _cookie(scope, named)
        if found is None and named != COOKIE:  # one set where the address had no port
            found = _cookie(scope, COOKIE)
        session = self.guard.session_for(found)
        scope.setdefault("state", {})["session"] = session
        if session is not None:
            send = _with_notices(send, scope, session)
        # the desk's forms are POSTs; any other method (PUT, DELETE, PATCH, TRACE, OPTIONS) has no
        # route to run, so it is answered "405 Not allowed" by the router, never "Form expired"
        unsafe = scope["method"] == "POST"
        body = None
        if unsafe:
            body = await _read_body(receive)
            if body is None:
                await self._refuse(send, 413, "Too large", "That upload is larger than 25 MB.")
                return
        api = path.startswith("/api/")  # a page's fetch call (the live review), answered in JSON
        if session is None and not path.startswith(PUBLIC_PREFIXES):
            if unsafe:  # a form sent after the desk was started again (or after logging out)
                # what was typed is shown back only to a page of this desk: any website can make a
                # browser send a form here, and its text would show in the desk's look
                await self._refuse(send, 401, "Please log in", API_LOGGED_OUT if api else NOT_SAVED_LOGGED_OUT,
                                   scope=scope, typed=typed(scope, body) if same_origin(scope) else ())
                return
            await self._refuse(send, 401, "Please log in",
                               "Open the link that 'afterview serve' printed in your terminal "
                               "(it works once); or start the desk again for a new one.")
            return
        if unsafe:
            fields = _fields(scope, body)
            checked = _csrf_check(scope, session, fields) if session is not None else "wrong"
            if checked != "ok":
                if session is None:
                    said = "Nothing was saved: this form was not sent by this desk."
                elif checked == "missing":
                    said = API_MISSING if api else NOT_SAVED_MISSING
                else:
                    said = API_STALE if api else NOT_SAVED_STALE
                shown = typed(scope, body) if session is not None or same_origin(scope) else ()
                await self._refuse(send, 403, "Form expired", said, scope=scope, typed=shown, session=session)
                return
            receive = _replay(body)
            token = fields.get(ONCE_FIELD)
            if token and ONCE_TOKEN.fullmatch(token) and self.answer_again is not None:
                await self._once(session, token, scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _once(self, session: Session, token: str, scope, receive, send) -> None:
        """Run the route for the first use of a form's token; answer any other use without it."""
        from starlette.concurrency import run_in_threadpool

        while True:
            sent, mine = session.forms.claim(token)
            if mine:
                break
            if not sent.done.is_set():  # the first use is running: its outcome decides
                await run_in_threadpool(sent.done.wait, ONCE_WAIT)
            if sent.spent or not sent.done.is_set():
                await self.answer_again(scope, sent)(scope, receive, send)
                return
            # the first use saved nothing (refused): this one is the form sent anew

        answered: dict = {}

        async def watched(message):
            if message["type"] == "http.response.start":
                answered["status"] = message["status"]
                answered["location"] = next((v.decode("latin-1") for k, v in message.get("headers", [])
                                             if k.lower() == b"location"), "")
            await send(message)

        mark = _SENDING.set(sent)
        try:
            await self.app(scope, receive, watched)
        finally:
            _SENDING.reset(mark)
            status = answered.get("status") or 0
            redirected = status in (302, 303)
            # a write answered with its page (200: Settings showing a feed's new address) spends the
            # token too: sent again (a reload, a second click), it must not save again
            session.forms.finish(token, sent, spent=sent.wrote and (redirected or 200 <= status < 300),
                                 link=answered.get("location", "") if redirected else "")

    async def _refuse(self, send, status: int, title: str, message: str, *, scope=None, typed=(),
                      session: Session | None = None) -> None:
        """The page refusing a request (`render_error`): for a form, what was typed in it
        (`typed`), and the desk's menu when the session is known (`session`)."""
        content_type, body = self.render_error(status, title, message, scope=scope, typed=list(typed),
                                               session=session)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", content_type.encode()),
                                (b"content-length", str(len(body)).encode()),
                                (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": body})


def _with_headers(send):
    async def wrapped(message):
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            present = {k.lower() for k, _ in headers}
            headers.extend((k, v) for k, v in HEADERS if k not in present)
            if b"cache-control" not in present:
                headers.append((b"cache-control", b"no-store"))
            message = {**message, "headers": headers}
        await send(message)

    return wrapped


def _with_notices(send, scope, session: Session):
    """A redirect carries the notices its request said (see NoticeBox) in its address."""
    async def wrapped(message):
        if message["type"] == "http.response.start" and message.get("status") in (301, 302, 303, 307, 308):
            state = scope.get("state", {})
            notices, kept = state.pop("notices", None) or [], state.pop("kept", None)
            if notices or kept is not None:
                tag = session.notices.put(notices, kept)
                message = {**message, "headers": [
                    (k, tagged(v.decode("latin-1"), tag).encode("latin-1") if k.lower() == b"location" else v)
                    for k, v in message.get("headers", [])]}
        await send(message)

    return wrapped


async def _read_body(receive) -> bytes | None:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes):
    sent = False

    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


def _csrf_check(scope, session: Session, fields: dict[str, str]) -> str:
    """"ok" for the session's CSRF token (from the header, for fetch calls, or the form field),
    "missing" when none was given at all, "wrong" for any other (a page of an older session)."""
    given = _header(scope, CSRF_HEADER.encode())
    if given is None:
        given = fields.get(CSRF_FIELD)
    if not given:
        return "missing"
    # as bytes: compare_digest refuses a str with characters outside ASCII (a forged token)
    same = hmac.compare_digest(given.encode("utf-8", "surrogateescape"), session.csrf.encode("utf-8"))
    return "ok" if same else "wrong"


def _fields(scope, body: bytes, names: tuple[str, ...] = (CSRF_FIELD, ONCE_FIELD)) -> dict[str, str]:
    """The small text fields `names` of the request's form (URL-encoded or multipart), those sent."""
    content_type = _header(scope, b"content-type") or ""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        found = parse_qs(body.decode("latin-1"), keep_blank_values=True)
        return {name: found[name][0] for name in names if found.get(name)}
    if kind == "multipart/form-data":
        return _multipart_fields(content_type, body, names)
    return {}


def _multipart_fields(content_type: str, body: bytes, names: tuple[str, ...]) -> dict[str, str]:
    """Small text fields of a multipart body (the CSRF token comes first in every form), parsed once."""
    found: dict[str, str] = {}
    for name, value in _multipart_pairs(content_type, body):
        if name in names and name not in found:
            found[name] = value.strip()
    return found


def _multipart_pairs(content_type: str, body: bytes) -> list[tuple[str, str]]:
    """The text fields of a multipart body, (name, value) in order; files left out."""
    from email.parser import BytesParser
    from email.policy import HTTP

    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    try:
        message = BytesParser(policy=HTTP).parsebytes(head + body)
    except Exception:
        return []
    if not message.is_multipart():
        return []
    found: list[tuple[str, str]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name and not part.get_filename():
            payload = part.get_payload(decode=True) or b""
            found.append((str(name), payload.decode("utf-8", "replace")))
    return found
