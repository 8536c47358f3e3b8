"""Helpers every route module uses: the desk, forms, ids, and running services off the loop."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from afterview.domain.values import plain_digits, shown
from afterview.errors import AfterviewError, InvalidInput, NotFound


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
        raise NotFound(f"no such record: {shown(raw)}") from None
    if value < 1:
        raise NotFound(f"no such record: {shown(raw)}")
    return value


def optional_id(value: str | None, what: str) -> int | None:
    text = (value or "").strip()
    if not text:
        return None
    if not plain_digits(text):
        from afterview.services.pipeline import a_or_an

        raise InvalidInput(f"not {a_or_an(what)} {what}: {shown(text)}")
    return int(text)


# Bad input in one field of a form --------------------------------------------------------------
# A form's error line says which field is wrong and the page marks that field: it is
# aria-invalid and described by the line (`views.invalid`), and the line links to it. A view reads
# each field inside `at_field(its id, its label)`: whatever is wrong there is said with the label
# in front ("Decision date for Priya Raman: not a date: ..."), and the error carries the field's
# id to the page (`page(error=err)`). An error no field is to blame for stays a line for the form.
class FormError(str):
    """A form's error line, and the id of the field it is about ("" for the form as a whole); for
    several fields wrong at once (`FieldErrors`), each field's own line by its id (`fields`) and
    its label (`labels`), the line itself saying how many there are."""

    field: str = ""
    fields: dict[str, str] = {}
    labels: dict[str, str] = {}

    @classmethod
    def of(cls, err: Any, field: str | None = None) -> "FormError":
        line = cls(str(err))
        line.field = field if field is not None else getattr(err, "field", "") or ""
        found = getattr(err, "errors", None) or []
        line.fields = {e.field: str(e) for e in found}
        line.labels = {e.field: getattr(e, "label", "") or e.field for e in found}
        return line

    def reworded(self, text: str) -> "FormError":
        """The same line about the same fields, said in other words."""
        line = FormError(text)
        line.field, line.fields, line.labels = self.field, self.fields, self.labels
        return line


class FieldErrors(InvalidInput):
    """Several fields of a form wrong at once (`Fields`): one line saying so, the field of the
    first for the page to go to, each error (with its field) in `errors`, said at its field."""

    def __init__(self, errors: list[AfterviewError]):
        self.errors = errors
        labels = [getattr(e, "label", "") or e.field for e in errors]
        listed = f"{', '.join(labels[:-1])} and {labels[-1]}"
        super().__init__(f"Nothing was saved: {len(errors)} fields to correct ({listed}), each said at its field")
        self.field = errors[0].field


class Fields:
    """Read a form's fields each inside `at(field id, label)`, going on after one is wrong, so that
    every bad field is said at once: `check()` then raises the one error (as `at_field` gives it),
    or all of them (`FieldErrors`). Only bad input is gathered; anything else is raised at once."""

    def __init__(self):
        self.errors: list[AfterviewError] = []

    @contextlib.contextmanager
    def at(self, field: str, label: str = "") -> Iterator[None]:
        try:
            with at_field(field, label):
                yield
        except InvalidInput as err:
            if not any(e.field == err.field for e in self.errors):  # one line per field: the first
                err.label = label
                self.errors.append(err)

    def check(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise FieldErrors(self.errors)


@contextlib.contextmanager
def at_field(field: str, label: str = "") -> Iterator[None]:
    """Read one field of a form: an error raised inside is about that field (its id, for the
    page), and says so with `label` (as the page labels it) in front, unless it names a field
    already (an inner `at_field`)."""
    try:
        yield
    except AfterviewError as err:
        if not getattr(err, "field", ""):
            err.field = field
            err.unlabelled = str(err)  # as said where the field is named otherwise (a box on Today)
            if label:
                err.message = f"{label}: {err.message}"
        raise


A_DAY = "a date looks like 2026-11-20, 20 Nov 2026, yesterday or last Friday"
A_TIME = "a time looks like 14:00 or 2:30pm"


def typed_day(text: str, *, now, tz: str):
    """A day as typed in a date-only field: a date, or words for one ("yesterday"). Text that is
    no date is said so with what a date looks like (a day has no time or zone to suggest)."""
    from afterview.domain.values import parse_date

    return _day(text, lambda: parse_date(text, now=now, tz=tz))


def _day(text: str, read):
    """`read()`, a day read from `text`; text that is no date at all said with what a date looks
    like, any other refusal (an impossible day, 30 Feb; a year too far away) said as it is."""
    try:
        return read()
    except InvalidInput as err:
        if not str(err).startswith("not a date"):
            raise
        raise InvalidInput(f"not a date: {shown(text)} ({A_DAY})") from None


def typed_decision_day(text: str, *, now, tz: str, country: str = ""):
    """A decision date typed in a form, read as `afterview debrief --decision-date` reads it
    (`delivery.replies.typed_decision_date`: "Friday", "by Tuesday", "the 15th", "before
    Christmas", a date; a span such as "next week", words that read two ways such as "next
    Friday", and a date more than a year ahead refused, saying why), from `now` (a reply's own
    moment, for the words it was told in), business days and Christmas on the calendar of
    `country`, the employer's (`services.delivery.employer_country`). Text that is no date at
    all is said as `typed_day` says it."""
    from afterview.delivery.replies import typed_decision_date

    return _day(text, lambda: typed_decision_date(text, now, tz, country))


def typed_time(day, text: str, *, now, tz: str):
    """A time of day typed in its own field ("14:00", "2pm", "14:00 Europe/Berlin") on `day`: the
    moment, or what is wrong with the time as typed (not the date and time the desk joined)."""
    from afterview.domain.values import parse_when

    joined = f"{day.isoformat()} {text}"
    try:
        moment = parse_when(joined, now=now, tz=tz)
    except InvalidInput as err:
        if re.match(r"(not a date/time|impossible time|empty date/time)", str(err)):
            raise InvalidInput(f"not a time of day: {shown(text)} ({A_TIME})") from None
        said = str(err)
        if day.isoformat() not in text:  # said of what was typed in the field, its examples too
            said = said.replace(repr(joined.strip()), repr(text.strip()))
            said = re.sub(rf"(['\"]){re.escape(day.isoformat())} ", r"\1", said)
        if said != str(err):
            raise InvalidInput(said) from None
        raise
    return moment


@dataclass(frozen=True)
class Kept:
    """A small box's field (Snooze, Skip, Schedule) as typed, when what was typed was refused: the
    page it came from opens that box again with the value, marked and described by the error."""

    field: str = ""
    value: str = ""
    error: str = ""


FIELD_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,120}")


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


async def snapshot(request, *, unplanned: bool = False):
    """The desk's current snapshot, without a thread hop when it is already made; without a plan
    (the playbook cannot be read) PlanUnavailable, or with `unplanned` the facts alone (Desk.snapshot)."""
    the_desk = desk(request)
    ready = the_desk.ready_snapshot()
    return ready if ready is not None else await run(lambda: the_desk.snapshot(unplanned=unplanned))


async def quick(request, fn: Callable, *args: Any) -> Any:
    """Run `fn` at once when the plan is ready (a millisecond of lookups: a thread hop would
    cost as much), else in a worker thread (it may have to load and plan)."""
    if desk(request).ready_snapshot() is not None:
        return fn(*args)
    return await run(fn, *args)


def page_key(request, snap) -> tuple | None:
    """The cache key of a GET page, or None when the page must be rendered (messages to show)."""
    from afterview.interfaces.web.security import NOTICE_FIELD

    current = session(request)
    if current is None or request.query_params.get(NOTICE_FIELD) or request.scope.get("state", {}).get("notices"):
        return None
    return (id(snap), snap.key, request.url.path, request.url.query, current.csrf)


def cached(request, key):
    """A page kept from an earlier request, its forms' one-time tokens made afresh: two tabs (or
    a reload) each get tokens of their own, so two different edits are never taken for one form
    sent twice (security.py)."""
    from starlette.responses import HTMLResponse

    body = request.app.state.pages.get(key) if key is not None else None
    return HTMLResponse(fresh_tokens(body)) if body is not None else None


_ONCE_VALUE = re.compile(rb'(name="once" value=")[A-Za-z0-9_-]+(")')


def fresh_tokens(body: bytes) -> bytes:
    from afterview.interfaces.web.security import new_once

    return _ONCE_VALUE.sub(lambda found: found.group(1) + new_once().encode() + found.group(2), body)


def remember(request, key, response):
    if key is not None and response.status_code == 200:
        request.app.state.pages.put(key, response.body)
    return response
