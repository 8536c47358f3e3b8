"""The Starlette app behind `afterview serve`: the factory, page rendering and error pages.

    app = create_app("sqlite:///afterview.db", token=TOKEN, allowed_hosts={"127.0.0.1:8765"})

Routes live in the modules next to this one (one per area of the desk); each parses the
request, calls one service in one transaction (in a worker thread), and renders a template.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from afterview.errors import AfterviewError, InvalidInput, NotFound

HERE = Path(__file__).resolve().parent
log = logging.getLogger("afterview.web")


class Renderer:
    """Jinja2 templates with autoescaping always on, and the desk's filters.

    The templates are read when the desk starts, as its code is: an upgrade installed while a
    desk runs (new templates that use a filter the running code does not have yet) changes
    nothing until the desk is started again, instead of breaking pages mid-way.
    """

    def __init__(self):
        import jinja2

        folder = HERE / "templates"
        shipped = {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
                   for path in folder.rglob("*.html")}
        self.env = jinja2.Environment(
            loader=jinja2.DictLoader(shipped),
            autoescape=True,  # every template, whatever its name: user notes may hold HTML
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        from afterview.interfaces.web import refile, views
        from afterview.interfaces.web.security import new_once

        self.env.filters.update(views.FILTERS)

        @jinja2.pass_context
        def linked(context, text):
            """A line as the desk says it (views.desk_words), its links made (views.linked), and a
            minute a service gave in UTC said on the page's clock, the user's (views.on_your_clock)."""
            return views.linked(views.desk_words(views.on_your_clock(str(text or ""), context.get("tz") or "")))

        self.env.filters["linked"] = linked
        self.env.globals.update(views.GLOBALS)
        self.env.globals["new_once"] = new_once  # a form's one-time token (macros.csrf_field)
        self.env.globals["box_offer"] = refile.box_offer  # what a box to re-file a reply offers (refile.html)

    def html(self, name: str, context: dict) -> str:
        return self.env.get_template(name).render(**context)


def page(request, name: str, status: int = 200, **context: Any):
    """Render a page with what every page shows (navigation, flash messages, CSRF token).

    A form's error line (`error`, the cards page's `panel_error`) may be given as the error itself:
    the field it is about (`common.at_field`) is then marked on the page. The page's title starts
    with "Error:" while it says something went wrong."""
    from starlette.responses import HTMLResponse

    from afterview.interfaces.web import views
    from afterview.interfaces.web.common import FormError, Kept

    from afterview.interfaces.web.security import NOTICE_FIELD

    session = request.scope.get("state", {}).get("session")
    desk = request.app.state.desk
    flashes, kept = [], None
    if session is not None:
        # the notices of the redirect that opened this page (its tag), then this request's own
        flashes, kept = session.notices.take(request.query_params.get(NOTICE_FIELD))
    state = request.scope.setdefault("state", {})
    flashes = flashes + state.pop("notices", [])
    kept = state.pop("kept", None) or kept or Kept()
    for key in ("error", "panel_error"):
        if key in context and not isinstance(context[key], FormError):
            context[key] = FormError.of(context[key]) if context[key] else FormError("")
        if context.get(key) and "with id" in context[key]:  # a record gone meanwhile, in the desk's words
            context[key] = context[key].reworded(gone_within(request, context[key]))
    own_line = any(context.get(key) for key in ("error", "panel_error"))
    shown, named = [], own_line
    for level, text in flashes:
        # the first error said after a redirect is the page's error line (focused, described by)
        line_id = "form-error" if level == "error" and not named else ""
        named = named or bool(line_id)
        shown.append((level, text, line_id))
    base = {
        "request": request,
        "csrf": session.csrf if session else "",
        "flashes": shown,
        "kept": kept,
        "failed": own_line or any(level == "error" for level, _ in flashes) or status >= 400,
        "signed_in": session is not None,
        "explain": views.Explainer(desk),  # an action card's "Why this timing"
        "send_at": views.SendAt(desk),  # what a card's Schedule fills Send at with
        "sends": desk.sends,  # False at a made-up moment (serve --at): no Send now is offered on a card
        "path": request.url.path,
        "here": here(request),  # where the page's forms come back to (its query kept: Today's ?page=)
        "tz": context.pop("tz", None) or request.app.state.default_tz(),
        "now": context.pop("now", None) or desk.now(),
    }
    body = request.app.state.renderer.html(name, {**base, **context})
    return HTMLResponse(body, status_code=status)


def here(request) -> str:
    """The page's own address, for its forms to come back to: its path and query (`?page=40`,
    `?reply=7`), without a notice's tag (security.NoticeBox); a page shown after a form was sent
    (a refusal) by its path alone."""
    from afterview.interfaces.web.security import NOTICE_FIELD

    if request.method not in ("GET", "HEAD"):
        return request.url.path
    query = "&".join(part for part in request.url.query.split("&")
                     if part and not part.startswith(f"{NOTICE_FIELD}="))
    return request.url.path + (f"?{query}" if query else "")


def flash(request, message: str, level: str = "ok", *, field: str = "", value: str | None = None) -> None:
    """A line for the page this request shows, or the one its redirect opens (in the same tab:
    see security.NoticeBox); a service's command to type is said as the desk's way to do it
    (`views.desk_words`), and a draft named with `views.draft_link` is shown as a link.

    An error about a small box's field (`field`: its id on the page it goes back to) keeps what
    was typed there (`value`): that page opens the box again with it, the field marked and
    described by the line."""
    from afterview.interfaces.web.common import FIELD_ID, FormError, Kept
    from afterview.interfaces.web.views import desk_words

    state = request.scope.setdefault("state", {})
    if state.get("session") is not None:
        text = " ".join(desk_words(str(message)).split())
        if level == "error":  # a record gone meanwhile (another tab), in the desk's words
            text = gone_within(request, text)
        state.setdefault("notices", []).append((level, text))
        if level == "error" and field and FIELD_ID.fullmatch(field):
            keep(request, Kept(field, value if value is not None else "", FormError.of(text, field)))


def keep(request, kept) -> None:
    """A small box's field as typed (common.Kept), for the page this request shows or redirects to."""
    request.scope.setdefault("state", {})["kept"] = kept


def redirect(url: str):
    from starlette.responses import RedirectResponse

    return RedirectResponse(url, status_code=303)


def form_pages(addresses: dict[str, str]) -> list:
    """GET routes for forms' addresses, each to the page its form is on: after a refused form the
    address bar shows the address the form was sent to, and reloading or opening it from there
    shows that page again (not "405 Not allowed"). {"/people/{id}/edit": "/people/{id}"}."""
    from starlette.routing import Route

    def back_to(target: str):
        async def endpoint(request):
            return redirect(target.format(**request.path_params))
        return endpoint

    return [Route(address, back_to(target), methods=["GET"]) for address, target in addresses.items()]


def unconfirmed(request, data: dict, refused: str, back: str):
    """A form that throws something away, sent without its "Yes" box ticked: nothing is done,
    `refused` is said, and the page comes back; None when it was ticked."""
    if data.get("confirm") == "yes":
        return None
    flash(request, refused, "error")
    return redirect(back)


async def write_then_redirect(request, use_case: Callable, *, done: str | Callable[[Any], str], to: str):
    """Run one write use case off the event loop, flash `done` (or the one-line error), go to `to`.

    An unknown id in the URL stays a 404 page: NotFound is raised on, not flashed.
    """
    from afterview.interfaces.web.common import desk, run

    try:
        result = await run(desk(request).write, use_case)
    except NotFound:
        raise
    except AfterviewError as err:
        flash(request, str(err), "error")
    else:
        flash(request, done(result) if callable(done) else done)
    return redirect(to)


def error_page(request, status: int, title: str, message: str):
    """A page saying what went wrong; to a visitor not logged in, without the desk's menu and
    Log out button (they lead nowhere yet)."""
    if request.scope.get("state", {}).get("session") is None:
        return page(request, "bare_error.html", status=status, title=title, message=message)
    return page(request, "error.html", status=status, title=title, message=message)


def sent_again(scope, sent):
    """A form sent again with a token already spent (see security.py): nothing is done; one line
    says so, with when it was saved and a link to what it recorded (where its first use went)."""
    from starlette.requests import Request

    from afterview.interfaces.web.views import local, page_link

    request = Request(scope)
    if not sent.done.is_set():  # still running after a long wait
        return error_page(request, 409, "Sent already",
                          "This form was sent already and is still being saved, so nothing was done again: "
                          "reload the page in a minute to see how it went.")
    at = f" at {local(sent.at, _tz(request.app.state.desk)):%H:%M}" if sent.at is not None else ""
    # where it went; for a form answered with a page of its own, that page opened again (form_pages)
    target = sent.link or (scope.get("path", "") if _has_page(scope) else "")
    link = f" {page_link(target, 'Open what was saved')}." if target else ""
    return error_page(request, 409, "Sent already",
                      f"This form was sent already and saved{at}: nothing was done again (it was sent twice: a "
                      f"second click, the same page in another tab, or Back and send again).{link}")


def _guard_error(renderer: Renderer) -> Callable[..., tuple[str, bytes]]:
    """The pages of requests refused before a route runs (security.GuardMiddleware): the bare page
    to a visitor the desk does not know; to a session it knows (a form's CSRF token stale), the
    desk's page with its menu and a link to open the form's page again. A refused form shows what
    was typed in it (`typed`: (label, text) pairs, escaped by the templates), to copy. A fetch call
    (/api/...) is answered in JSON."""
    def render(status: int, title: str, message: str, *, scope=None, typed=(), session=None) -> tuple[str, bytes]:
        path = scope.get("path", "/") if scope else "/"
        if path.startswith("/api/"):
            import json

            return "application/json", json.dumps({"error": message}).encode("utf-8")
        shown = [{"label": label, "text": text, "id": f"typed-{n}"} for n, (label, text) in enumerate(typed, 1)]
        if not shown:  # a button's form (Done, Approve), or boxes left empty: nothing typed, nothing to copy
            message = nothing_to_copy(message)
        context = {"status": status, "title": title, "message": message, "failed": status >= 400, "typed": shown}
        if session is None:
            return "text/html; charset=utf-8", renderer.html("bare_error.html", context).encode("utf-8")
        from afterview.interfaces.web.common import Kept

        again = path if scope is not None and _has_page(scope) else ""
        html = renderer.html("error.html", {**context, "csrf": session.csrf, "flashes": [], "kept": Kept(),
                                            "signed_in": True, "path": path, "again": again})
        return "text/html; charset=utf-8", html.encode("utf-8")

    return render


_COPY_BELOW = re.compile(r"Copy what you typed from below[;,] then (\w)")


def nothing_to_copy(message: str) -> str:
    """A refusal's words for a form that carried nothing typed: no "Copy what you typed from
    below" (there is nothing below), the rest as it is ("... Open the page again and send it from
    there.")."""
    return _COPY_BELOW.sub(lambda found: found.group(1).upper(), message)


def _has_page(scope) -> bool:
    """Whether the address a form was sent to opens a page too (its form's page: `form_pages`)."""
    from starlette.routing import Match

    app = scope.get("app")
    probe = {**scope, "method": "GET"}
    return any(route.matches(probe)[0] == Match.FULL for route in getattr(app, "routes", ()))


async def _afterview_error(request, err: AfterviewError):
    from afterview.errors import StorageError

    if isinstance(err, StorageError):
        return await _no_database(request, err)
    status = 404 if isinstance(err, NotFound) else 400 if isinstance(err, InvalidInput) else 409
    api = request.url.path.startswith("/api/")
    said = gone(request, str(err), linked=not api)
    if api:
        from starlette.responses import JSONResponse

        return JSONResponse({"error": said}, status_code=status)
    titles = {404: "Not found", 400: "That did not work", 409: "That did not work"}
    return error_page(request, status, titles[status], said)


# A record's pages by the first part of their address: what the desk calls it, the names the
# services give it when it is not found ("no news item with id 2"), and the page listing such records.
PLACES = {"drafts": ("note", ("message", "draft"), "/drafts", "Drafts"),
          "news": ("news item", ("news item", "news"), "/news", "News"),
          "interviews": ("interview", ("interview",), "/pipeline", "Pipeline"),
          "people": ("person", ("person",), "/people", "People"),
          "opportunities": ("opportunity", ("opportunity",), "/pipeline", "Pipeline"),
          "replies": ("reply", ("incoming message", "reply"), "/", "Today")}
# another record a page needs, as the desk names it (the services' label otherwise)
RECORD_WORDS = {"message": "note", "draft": "note", "incoming message": "reply", "debrief": "card", "news": "news item"}
# ... how it may have gone, and the page where things stand without it (Today when none lists it)
GONE_HOW = {"person": "deleted, merged or forgotten", "note": "deleted or erased"}
LISTED_ON = {place[0]: (place[2], place[3]) for place in PLACES.values()}
_MISSING = re.compile(r"no ([a-z][a-z ]*?) with id (\d+)|no such record: .*")
_MISSING_IN = re.compile(r"\bno ([a-z][a-z ]*?) with id (\d+)\b")
_NOTHING_DONE = re.compile(r"\bnothing\b[^.]*\b(?:changed|saved|recorded|done|sent)\b"
                           r"|\bnot (?:saved|changed|recorded)\b", re.I)


def gone(request, text: str, *, linked: bool = True) -> str:
    """A record not found, in the desk's words, never by its id: what it is, that it may have been
    deleted (perhaps in another tab), nothing changed when a form was sent, and a link to the page
    listing such records ("Nothing was changed: this news item no longer exists (deleted, perhaps
    in another tab). Go to News."). A line naming one inside it is said so too (`gone_within`);
    anything else is said as it is."""
    from afterview.interfaces.web.views import page_link

    found = _MISSING.fullmatch(text)
    if found is None or found.group(1) is not None and not _this_page(request, *found.groups()):
        return gone_within(request, text, linked=linked)
    what, _, link, name = PLACES.get(request.url.path.strip("/").split("/")[0], (None,) * 4)
    if what is None:
        return text  # an address of no record's page: "no such record" as it is
    go = f" {page_link(link, f'Go to {name}') if linked else f'See {name}'}."
    how = GONE_HOW.get(what, "deleted")
    if request.method not in ("GET", "HEAD"):
        return f"Nothing was changed: this {what} no longer exists ({how}, perhaps in another tab).{go}"
    return f"There is no such {what}: it may have been {how}, perhaps in another tab.{go}"


def _this_page(request, label: str, number: str) -> bool:
    """Whether "no LABEL with id NUMBER" is about the record whose page (or form) this request is."""
    parts = request.url.path.strip("/").split("/")
    place = PLACES.get(parts[0])
    return place is not None and label in place[1] and len(parts) > 1 and parts[1] == number


def gone_within(request, text: str, *, linked: bool = True) -> str:
    """Each record a line names as not found, by the services' words ("Could not mark the thank-you
    note to Priya Raman done: no interview with id 2"), in the desk's: that record no longer exists
    (deleted, perhaps in another tab: a page left open is older than the change), nothing was
    changed by a form, and where to go ("... done: that interview no longer exists (deleted,
    perhaps in another tab); nothing was changed. Go to Today."): Today after a decision on a
    planned action, else the page listing such records. One rule for every form and page of the
    desk (`flash`, a form's line in `page`, an error page); a line naming none is said as it is."""
    from afterview.interfaces.web.views import page_link

    kinds: list[str] = []

    def said(found) -> str:
        label, number = found.groups()
        this = _this_page(request, label, number)  # the record of the page (the form) itself
        what = PLACES[request.url.path.strip("/").split("/")[0]][0] if this else RECORD_WORDS.get(label, label)
        kinds.append(what)
        how = GONE_HOW.get(what, "deleted")
        return f"{'this' if this else 'that'} {what} no longer exists ({how}, perhaps in another tab)"

    line, count = _MISSING_IN.subn(said, text)
    if not count:
        return text
    line = line.rstrip(". ")
    if request.method not in ("GET", "HEAD") and not _NOTHING_DONE.search(line):
        line += "; nothing was changed"
    decided = request.url.path.startswith("/actions/")
    link, name = ("/", "Today") if decided else LISTED_ON.get(kinds[0], ("/", "Today"))
    go = page_link(link, f"Go to {name}") if linked else f"See {name}"
    return f"{line[:1].upper()}{line[1:]}. {go}."


def database_now(store, err) -> str:
    """What is wrong with the database, as the command line says it: a connection the server cut
    (it was stopped or restarted) is said as a new connection finds it now ("cannot reach the
    database server ..."); when the database answers again, the error as it came."""
    from sqlalchemy import exc

    from afterview.storage.store import storage_error

    try:
        with store.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except exc.DBAPIError as found:
        return str(storage_error(found, store.where))
    except Exception:  # noqa: BLE001 - the first error is said then
        pass
    return str(err)


async def _no_database(request, err):
    """The database cannot be used (its server down, the file unreadable, the disk full): the
    desk is unavailable (503, not a refusal of what was asked), in the command line's words."""
    from afterview.interfaces.web.common import run

    said = await run(database_now, request.app.state.desk.store, err)
    if request.url.path.startswith("/api/"):
        from starlette.responses import JSONResponse

        return JSONResponse({"error": said}, status_code=NO_DATABASE_STATUS)
    return error_page(request, NO_DATABASE_STATUS, "The database cannot be used",
                      f"{said[:1].upper()}{said[1:]}. Reload the page once it works again.")


NO_DATABASE_STATUS = 503


async def _no_plan(request, err):
    """A page that shows the plan, when none can be made (the playbook or config.toml is invalid):
    the error Settings shows, never an old plan; the menu stays, to reach Settings and Drafts."""
    if request.url.path.startswith("/api/"):
        from starlette.responses import JSONResponse

        return JSONResponse({"error": str(err)}, status_code=NO_PLAN_STATUS)
    return page(request, "no_plan.html", status=NO_PLAN_STATUS, problem=str(err))


# No plan until the playbook is corrected: the page is unavailable (5xx, so that nothing takes it
# for the page itself), and says why and where to look, with the desk's menu.
NO_PLAN_STATUS = 503


async def _http_error(request, exc):
    titles = {404: "Not found", 405: "Not allowed", 400: "Bad request"}
    status = getattr(exc, "status_code", 500)
    detail = str(getattr(exc, "detail", "")) or "That request was not understood."
    message = "There is no such page." if status == 404 else detail
    response = error_page(request, status, titles.get(status, "Error"), message)
    if status == 405:
        response.headers["Allow"] = _allowed(request)
    return response


def _allowed(request) -> str:
    """The methods an address takes, for a 405's Allow header: those of every route at that path
    (the router names only the first one's: GET, where a POST route follows it); a static file's, GET."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in request.app.router.routes:
        if getattr(route, "methods", None) and route.matches(request.scope)[0] != Match.NONE:
            methods |= route.methods
    return ", ".join(sorted(methods or {"GET", "HEAD"}))


async def _crash(request, exc: Exception):
    from afterview.interfaces.cli.common import log_crash

    where = log_crash(exc)
    # one line pointing to the log, never the exception's words (they may name files and folders)
    return error_page(request, 500, "Something went wrong",
                      f"The desk could not answer this request: nothing more is shown here (details in {where}).")


def load_all_code() -> None:
    """Import every module of Afterview now, as a desk starts: a desk runs for days, and its pages
    import what they need on first use, so an upgrade (or a change to the files) while it runs
    would otherwise mix modules of two versions in one process (a page of the old version calling
    a function of the new one). With everything loaded at the start, a running desk keeps the
    version it started with, its templates included (`Renderer` reads them all at once)."""
    import importlib
    import pkgutil

    import afterview

    for module in pkgutil.walk_packages(afterview.__path__, "afterview."):
        if module.name.rsplit(".", 1)[-1] != "__main__":
            importlib.import_module(module.name)


def create_app(
    db_url: str,
    *,
    now: Callable[[], datetime] | None = None,
    token: str,
    allowed_hosts: set[str] | frozenset[str] | list[str],
    paths=None,
    config=None,
    mail_interval: float | None = None,
    sends: bool = True,
):
    """The desk for the database at `db_url`, reachable with the one-time `token`; with a
    `mail_interval`, it sends due mail and reads replies that often while it runs (see mail.py).
    Without `sends` (a clock made up for a demo), nothing is sent from it at all."""
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    from afterview.interfaces.web import capture, drafts, mail, news, pages, refile, settings
    from afterview.interfaces.web.desk import Desk, PlanUnavailable
    from afterview.interfaces.web.security import Guard, GuardMiddleware
    from afterview.storage import open_store

    store = open_store(db_url)
    for notice in store.notices:  # a copy made a database of its own: said where the desk was started
        print(f"afterview: warning: {notice}", file=sys.stderr, flush=True)
    desk = Desk(store, clock=now, paths=paths, config=config)
    # a session's import previews not confirmed go with it, logged out or expired
    guard = Guard(token, set(allowed_hosts), on_end=lambda ended: settings.drop_previews(ended.uploads))
    renderer = Renderer()
    routes = [
        *pages.ROUTES, *capture.ROUTES, *drafts.ROUTES, *news.ROUTES, *settings.ROUTES, *refile.ROUTES,
        *mail.ROUTES,
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    mail_loop = mail.MailLoop(desk, mail_interval) if mail_interval else None

    @contextlib.asynccontextmanager
    async def lifespan(started):
        hang_up = _hang_up_as_term()
        if mail_loop is not None:
            mail_loop.start()
        try:
            yield
        finally:
            if mail_loop is not None:
                mail_loop.stop()
            remove_uploads(started)
            hang_up()

    app = Starlette(
        lifespan=lifespan,
        routes=routes,
        middleware=[Middleware(GuardMiddleware, guard=guard, render_error=_guard_error(renderer),
                               answer_again=sent_again)],
        exception_handlers={AfterviewError: _afterview_error, PlanUnavailable: _no_plan, HTTPException: _http_error,
                            Exception: _crash},
    )
    app.state.desk = desk
    app.state.mail = desk.mail = mail_loop
    desk.sends = sends  # False at a made-up moment (serve --at): Send now refuses
    app.state.guard = guard
    app.state.renderer = renderer
    app.state.default_tz = lambda: _tz(desk)
    app.state.uploads = None  # a private folder for import previews, made on the first upload
    from afterview.interfaces.web.common import PageCache

    app.state.pages = PageCache()
    return app


def _tz(desk) -> str:
    try:
        return desk.user_tz()
    except AfterviewError:
        return "UTC"


def upload_folder(app) -> Path:
    """The app's private folder for files waiting for an import's confirmation.

    Made on the first upload (most runs of the desk never import a file) and removed when the
    desk stops (`remove_uploads`, from the app's shutdown: a stop by Ctrl+C, SIGTERM or SIGHUP),
    or else when the process ends (atexit).
    """
    if app.state.uploads is None:
        import atexit
        import shutil
        import tempfile

        folder = tempfile.mkdtemp(prefix="afterview-uploads-")
        atexit.register(shutil.rmtree, folder, True)
        app.state.uploads = Path(folder)
    return app.state.uploads


def remove_uploads(app) -> None:
    """Remove the app's upload folder and what is in it (the desk is stopping)."""
    import shutil

    folder, app.state.uploads = app.state.uploads, None
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def _hang_up_as_term() -> Callable[[], None]:
    """While the desk runs, SIGHUP (its terminal closed) stops it as SIGTERM does: the server's
    shutdown runs (uploads removed) before the process ends by it. Returns what puts SIGHUP's
    handling back. Nothing where signals cannot be handled here (not the main thread, Windows)
    or SIGHUP is handled already."""
    import signal
    import threading

    hup = getattr(signal, "SIGHUP", None)
    if hup is None or threading.current_thread() is not threading.main_thread():
        return lambda: None
    term = signal.getsignal(signal.SIGTERM)
    if signal.getsignal(hup) != signal.SIG_DFL or not callable(term):
        return lambda: None
    signal.signal(hup, term)
    return lambda: signal.signal(hup, signal.SIG_DFL)
