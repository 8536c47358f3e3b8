"""What keeps the desk private: the one-time login, sessions, CSRF, the Host check, headers.

The desk runs on the user's own machine, but any web page they visit can try to reach it: a
cross-site form (CSRF), a DNS-rebinding page that calls 127.0.0.1 under its own name, a frame.
Everything here is checked before a route runs, in one ASGI middleware, so no route can forget.
Sessions live in memory only, signed with a secret made at start: a restart logs everyone out.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

COOKIE = "afterview_session"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
MAX_BODY = 25 * 1024 * 1024  # uploads (calendars, CSV) are small; refuse anything absurd
SESSION_TTL = 12 * 3600  # seconds; the desk is a working session, not a year-long login

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


def digest(token: str) -> str:
    """The SHA-256 hex digest of a secret, for storing or comparing it."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class Session:
    sid: str
    csrf: str
    created: float
    flash: list[tuple[str, str]] = field(default_factory=list)  # (level, one-line message)
    kept: object = None  # a small box's field as typed when it was refused (common.Kept), for the next page
    uploads: dict[str, dict] = field(default_factory=dict)  # import previews waiting for confirm


class Guard:
    """The login token, the sessions and the allowed hosts of one run of the desk."""

    def __init__(self, token: str, allowed_hosts: set[str] | frozenset[str], *, clock=time.monotonic):
        self.secret = secrets.token_bytes(32)
        self._token_hash = digest(token) if token else ""
        self.allowed_hosts = {h.lower() for h in allowed_hosts}
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()
        self._clock = clock

    # login -------------------------------------------------------------------------------------
    def redeem(self, token: str) -> Session | None:
        """A new session for the one-time token; None when wrong or already used."""
        with self._lock:
            if not self._token_hash or not token:
                return None
            if not hmac.compare_digest(self._token_hash, digest(token)):
                return None
            self._token_hash = ""  # single use: the URL in the terminal works once
            return self._new_session()

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
        """The live session a cookie names, if its signature holds and it has not expired."""
        if not cookie_value or "." not in cookie_value:
            return None
        sid, _, signature = cookie_value.rpartition(".")
        if not hmac.compare_digest(signature, self._sign(sid)):
            return None
        with self._lock:
            session = self._sessions.get(sid)
            if session is not None and self._clock() - session.created > SESSION_TTL:
                del self._sessions[sid]
                return None
            return session

    def end(self, session: Session) -> None:
        with self._lock:
            self._sessions.pop(session.sid, None)

    # host --------------------------------------------------------------------------------------
    def host_ok(self, host: str | None) -> bool:
        """Only the names the desk was started for: a rebinding page's name is refused."""
        return bool(host) and host.lower() in self.allowed_hosts


def set_cookie_header(name: str, value: str, *, max_age: int | None = None) -> bytes:
    """A Set-Cookie value: HttpOnly, SameSite=Strict, path /; Max-Age=0 deletes it."""
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Strict"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    return "; ".join(parts).encode("latin-1")


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
    """Host check, session lookup, CSRF on every unsafe request, and security headers."""

    def __init__(self, app, guard: Guard, *, render_error):
        self.app = app
        self.guard = guard
        self.render_error = render_error  # (status, title, message) -> (content-type, bytes)

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
        session = self.guard.session_for(_cookie(scope, COOKIE))
        scope.setdefault("state", {})["session"] = session
        if session is None and not path.startswith(PUBLIC_PREFIXES):
            await self._refuse(send, 401, "Please log in",
                               "Open the link that 'afterview serve' printed in your terminal "
                               "(it works once); or start the desk again for a new one.")
            return
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            body = await _read_body(receive)
            if body is None:
                await self._refuse(send, 413, "Too large", "That upload is larger than 25 MB.")
                return
            if session is None or not _csrf_ok(scope, body, session):
                await self._refuse(send, 403, "Form expired",
                                   "This form was not sent by this desk (or it is stale): reload "
                                   "the page and try again.")
                return
            receive = _replay(body)
        await self.app(scope, receive, send)

    async def _refuse(self, send, status: int, title: str, message: str) -> None:
        content_type, body = self.render_error(status, title, message)
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


def _csrf_ok(scope, body: bytes, session: Session) -> bool:
    """The session's CSRF token, from the header (fetch calls) or the form field."""
    given = _header(scope, CSRF_HEADER.encode())
    if given is None:
        given = _form_token(_header(scope, b"content-type") or "", body)
    return bool(given) and hmac.compare_digest(given, session.csrf)


def _form_token(content_type: str, body: bytes) -> str | None:
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        values = parse_qs(body.decode("latin-1"), keep_blank_values=True).get(CSRF_FIELD)
        return values[0] if values else None
    if kind == "multipart/form-data":
        return _multipart_field(content_type, body, CSRF_FIELD)
    return None


def _multipart_field(content_type: str, body: bytes, name: str) -> str | None:
    """One small text field of a multipart body (the CSRF token comes first in every form)."""
    from email.parser import BytesParser
    from email.policy import HTTP

    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    try:
        message = BytesParser(policy=HTTP).parsebytes(head + body)
    except Exception:
        return None
    if not message.is_multipart():
        return None
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == name and not part.get_filename():
            payload = part.get_payload(decode=True) or b""
            return payload.decode("utf-8", "replace").strip()
    return None
