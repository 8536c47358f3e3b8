"""The desk's state for one run: the store, the clock, the settings, and a cached plan.

Planning reads every fact; on a large pipeline that takes seconds, and the Today page, the
board and every opportunity page need it. The plan changes when the facts or the playbook
change, or as time passes: it is made again at once after the desk writes, the database file
changes (the CLI or the worker wrote) or playbook.toml or config.toml changes (its `[planner]`
section), and in the background once a minute otherwise, while the pages keep using the last
one with each action's state (upcoming, due, overdue) brought up to date.

A playbook that cannot be read (a bad value in playbook.toml, config.toml broken) leaves the
desk without a plan, never with the last good one: `snapshot()` raises `PlanUnavailable` with
the one-line error Settings shows, and the pages that need no plan (Drafts, the editor, People,
Capture) ask for the facts alone with `snapshot(unplanned=True)`.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

from afterview.errors import ConfigError


class PlanUnavailable(ConfigError):
    """No plan can be made: the playbook (playbook.toml, or config.toml's `[planner]`) or
    config.toml is invalid. `str(err)` is the one-line error, as Settings says it."""


@dataclass
class Snapshot:
    """The facts and the plan as of one moment, with lookups built on first use."""

    facts: Any
    actions: list
    now: datetime
    key: tuple
    playbook: Any = None  # the playbook the plan was made with
    problem: str = ""  # why there is no plan (the playbook's one-line error); `actions` is then empty
    _index: dict = field(default_factory=dict, repr=False)

    def index(self, name: str) -> dict:
        """`{id: [records]}` for one of INDEXES (e.g. "actions_by_opportunity"), built once."""
        found = self._index.get(name)
        if found is None:
            source, attribute = INDEXES[name]
            found = {}
            for record in _records(self, source):
                for value in (attribute(self.facts, record) if callable(attribute) else _values(record, attribute)):
                    found.setdefault(value, []).append(record)
            self._index[name] = found
        return found

    def memo(self, name: str, make: Callable[["Snapshot"], Any]) -> Any:
        """`make(self)`, computed once per snapshot (lists every request of a page needs)."""
        found = self._index.get(("memo", name))
        if found is None:
            found = self._index[("memo", name)] = make(self)
        return found

    def memo_ready(self, name: str) -> Any:
        """What `memo(name, ...)` made already, or None."""
        return self._index.get(("memo", name))

    def restated(self, now: datetime, key: tuple) -> "Snapshot":
        """The same plan with each action's state as of `now` (the planner's own rule)."""
        actions = []
        for action in self.actions:
            state = "upcoming" if now < action.earliest else "due" if now <= action.due else "overdue"
            actions.append(action if action.state == state else replace(action, state=state))
        return Snapshot(self.facts, actions, now, key, self.playbook, self.problem)


def _decision_about(facts, decision, which: int) -> list[int]:
    """The opportunity (`which` 0) or the person (1) a decision's action is about, as the
    timeline places it (`timeline.decision_about`)."""
    from afterview.domain.keys import parse_key
    from afterview.domain.timeline import decision_about

    found = decision_about(facts, (parse_key(decision.action_key) or ("", {}))[1])[which]
    return [] if found is None else [found]


def decision_opportunity(facts, decision) -> list[int]:
    return _decision_about(facts, decision, 0)


def _decision_person(facts, decision) -> list[int]:
    return _decision_about(facts, decision, 1)


INDEXES = {
    "actions_by_opportunity": ("actions", "opportunity_id"),
    "actions_by_person": ("actions", "person_id"),
    "interviews_by_opportunity": ("interviews", "opportunity_id"),
    "interviews_by_person": ("interviews", "participants"),
    "messages_by_opportunity": ("messages", "opportunity_id"),
    "messages_by_person": ("messages", "person_id"),
    "inbound_by_opportunity": ("inbound", "opportunity_id"),
    "inbound_by_person": ("inbound", "person_id"),
    "feedback_by_opportunity": ("feedback", "opportunity_id"),
    "feedback_by_person": ("feedback", "person_id"),
    "debriefs_by_interview": ("debriefs", "interview_id"),
    "debriefs_by_person": ("debriefs", "person_id"),
    "people_by_company": ("people", "company_id"),
    # decisions, in force and taken back (the timeline shows both), by what their key names
    "decisions_by_opportunity": ("all_decisions", decision_opportunity),
    "decisions_by_person": ("all_decisions", _decision_person),
}


def _records(snapshot: Snapshot, source: str):
    if source == "actions":
        return snapshot.actions
    if source == "all_decisions":
        return [*snapshot.facts.decisions, *snapshot.facts.undone]
    records = getattr(snapshot.facts, source)
    return records.values() if isinstance(records, dict) else records


def _values(record, attribute: str):
    if attribute == "participants":
        return [p.person_id for p in record.participants]
    value = getattr(record, attribute)
    return [] if value is None else [value]


REFRESH = timedelta(minutes=1)  # how old a plan may get before it is made again in the background
LARGE = 5_000  # records from which the snapshot is kept out of the garbage collector's way
REFRESH_SHARE = 10  # ... or ten times as long as planning took: a big pipeline is not replanned nonstop


class Desk:
    """Everything a route needs: `desk.now()`, `desk.tx()`, `desk.snapshot()`, settings."""

    def __init__(self, store, *, clock: Callable[[], datetime] | None = None, paths=None, config=None):
        self.store = store
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self._paths = paths
        self._config = config
        # config.toml's stamp (`_stamp`) when read: one given (read by `afterview serve` just
        # before) is watched from now on like one the desk read itself
        self._config_stamp: tuple | None = _stamp(self.paths.config_file) if config is not None else None
        self._generation = 0
        self._lock = threading.Lock()
        self._planning = threading.Lock()
        self._plan_seconds = timedelta(0)
        self._base: Snapshot | None = None
        self._snapshot: Snapshot | None = None
        self._db_files = _sqlite_files(store)
        self.mail = None  # the MailLoop sending and reading mail while the desk runs (mail.py), if any
        self.sends = True  # False under `serve --at`: a made-up moment sends nothing

    # time and settings ---------------------------------------------------------------------
    def now(self) -> datetime:
        moment = self._clock()
        if moment.tzinfo is None:
            raise ValueError("the desk's clock must return an aware datetime")
        return moment

    @property
    def paths(self):
        if self._paths is None:
            from afterview.config import paths

            self._paths = paths()
        return self._paths

    @property
    def config(self):
        """config.toml, read again when it changed (an account added with `afterview account add`
        while the desk runs is there on the next page)."""
        if self._config is None or (self._config_stamp is not None
                                    and _stamp(self.paths.config_file) != self._config_stamp):
            from afterview.config import load_config

            stamp = _stamp(self.paths.config_file)
            self._config = load_config(self.paths)
            self._config_stamp = stamp
        return self._config

    def _settings_stamp(self) -> tuple:
        """What the plan is made with besides the facts: config.toml (its `[planner]`, the zone)
        and playbook.toml, each as its stamp (a stat each: cheap enough for every request)."""
        where = self.paths
        return (_stamp(where.config_file), _stamp(where.playbook_file))

    def reload_config(self) -> None:
        self._config = None

    def playbook(self):
        from afterview.services.planning import effective_playbook

        return effective_playbook(self.config, self.paths)

    def accounts(self) -> dict:
        from afterview.delivery.accounts import load_accounts

        return load_accounts(self.config)

    def user_tz(self, facts=None) -> str:
        tz = str(self.config.data.get("timezone") or "")
        if tz:
            return tz
        if facts is not None and facts.profile.timezone:
            return facts.profile.timezone
        with self.store.reading() as tx:
            return tx.profile().timezone or "UTC"

    # data ----------------------------------------------------------------------------------
    def read(self, use_case: Callable[[Any], Any]) -> Any:
        """Run a read-only use case in one transaction (it neither waits for writers nor holds
        them up: see Store.reading)."""
        with self.store.reading() as tx:
            return use_case(tx)

    def write(self, use_case: Callable[[Any], Any]) -> Any:
        """Run a use case that changes data in one transaction; the cached plan is dropped.

        Once it commits, the form being answered (if any) has saved something: its one-time
        token is spent (`security.form_wrote`), so that the form sent again saves nothing."""
        from afterview.interfaces.web.security import form_wrote

        try:
            with self.store.transaction() as tx:
                result = use_case(tx)
        finally:
            self.changed()
        if getattr(getattr(self.store, "_open", None), "conn", None) is None:  # committed, not a savepoint
            form_wrote(self.now())
        return result

    def changed(self) -> None:
        with self._lock:
            self._generation += 1

    def snapshot(self, *, unplanned: bool = False) -> Snapshot:
        """The facts and the plan now.

        A plan is made again at once when the data changed (this desk wrote, or another program
        wrote the SQLite file) or the playbook did (playbook.toml, config.toml); as time passes it
        is remade in the background while the last one is served, with every action's state
        brought up to the minute.

        When the playbook cannot be read there is no plan: PlanUnavailable, unless `unplanned`
        (a page that needs the facts alone): then the snapshot has no actions and says why in
        `problem`.
        """
        snap = self._current()
        if snap.problem and not unplanned:
            raise PlanUnavailable(snap.problem)
        return snap

    def _data_key(self) -> tuple:
        return (self._generation, self._fingerprint(), self._settings_stamp())

    def _current(self) -> Snapshot:
        now = self.now()
        data_key = self._data_key()
        with self._lock:
            base, derived = self._base, self._snapshot
        if base is None or base.key != data_key:
            base = self._make(data_key)
        elif now - base.now >= max(REFRESH, self._plan_seconds * REFRESH_SHARE):
            self._refresh_later(data_key)
        if base.now == now:
            return base
        key = (data_key, now.replace(second=0, microsecond=0), id(base))
        if derived is not None and derived.key == key:
            return derived
        derived = base.restated(now, key)  # once a minute: states as of now
        with self._lock:
            self._snapshot = derived
        return derived

    def ready_snapshot(self) -> Snapshot | None:
        """The current snapshot when nothing needs planning or restating (cheap: no I/O but a
        stat of the database and the two settings files); None also when there is no plan."""
        now = self.now()
        data_key = self._data_key()
        with self._lock:
            base, derived = self._base, self._snapshot
        if base is None or base.key != data_key or base.problem:
            return None
        if base.now == now:
            return base
        if now - base.now >= max(REFRESH, self._plan_seconds * REFRESH_SHARE):
            return None
        key = (data_key, now.replace(second=0, microsecond=0), id(base))
        return derived if derived is not None and derived.key == key else None

    def _make(self, data_key: tuple) -> Snapshot:
        """Plan now; one thread plans at a time, the others wait for its result."""
        with self._planning:
            with self._lock:
                base = self._base
            if base is not None and base.key == data_key:
                return base
            fresh = self._plan(data_key)
            with self._lock:
                self._base = fresh
            return fresh

    def _plan(self, data_key: tuple) -> Snapshot:
        from afterview.planner import plan

        import time

        started = time.monotonic()
        now = self.now()
        try:  # read before the facts: the files' stamps in `data_key` were taken before this
            playbook, problem = self.playbook(), ""
        except ConfigError as err:
            playbook, problem = None, str(err)
        with self.store.reading() as tx:
            facts = tx.facts()
        actions: list = []
        if playbook is not None:
            try:
                actions = plan(facts, playbook, now)
            except ConfigError as err:  # a setting the planner found wrong: no plan either
                problem = str(err)
        snapshot = Snapshot(facts, actions, now, data_key, playbook, problem)
        self._plan_seconds = timedelta(seconds=time.monotonic() - started)
        _settle(snapshot)
        return snapshot

    def _refresh_later(self, data_key: tuple) -> None:
        if not self._planning.acquire(blocking=False):
            return  # a plan is being made already

        def work():
            try:
                fresh = self._plan(data_key)
                with self._lock:
                    if self._base is None or self._base.key == data_key:
                        self._base = fresh
            except Exception:  # the next request plans again in the foreground and reports it
                pass
            finally:
                self._planning.release()

        threading.Thread(target=work, name="afterview-plan", daemon=True).start()

    def _fingerprint(self) -> tuple:
        """Changes when another program writes: the SQLite file's size and time, or on a server
        the database's revision (one small query; see Store.revision)."""
        marks = []
        for path in self._db_files:
            try:
                stat = os.stat(path)
                marks.append((stat.st_mtime_ns, stat.st_size))
            except OSError:
                marks.append(None)
        if not self._db_files:
            marks.append(self.store.revision())
        return tuple(marks)

    # the calendar feed's secret --------------------------------------------------------------
    FEED_STATE = "web.calendar_feed"

    def new_feed_token(self) -> str:
        """A fresh secret for the calendar feed; only its digest is stored."""
        import secrets

        from afterview.interfaces.web.security import digest

        token = secrets.token_urlsafe(24)
        self.write(lambda tx: tx.set_state(self.FEED_STATE, {"sha256": digest(token),
                                                             "created": self.now().isoformat()}))
        return token

    def feed_state(self) -> dict | None:
        return self.read(lambda tx: tx.get_state(self.FEED_STATE))

    def stop_feed(self) -> bool:
        """Turn the calendar feed off: its address stops working (404) and no new one is made.
        Whether there was one to stop."""
        def stop(tx) -> bool:
            state = tx.get_state(self.FEED_STATE)
            if not isinstance(state, dict) or not state.get("sha256"):
                return False
            tx.set_state(self.FEED_STATE, {"stopped": self.now().isoformat()})
            return True

        return self.write(stop)

    def feed_token_ok(self, token: str) -> bool:
        import hmac

        from afterview.interfaces.web.security import digest

        state = self.feed_state() or {}
        stored = str(state.get("sha256") or "")
        return bool(stored) and hmac.compare_digest(stored, digest(token))


def _settle(snapshot: Snapshot) -> None:
    """Keep the garbage collector from walking a large snapshot on every full collection.

    A 10,000-application pipeline is millions of objects that live until the next plan; full
    collections walking them all would pause every page now and then. Frozen objects are still
    freed by reference counting when the snapshot is replaced.
    """
    import gc

    facts = snapshot.facts
    if len(facts.opportunities) + len(facts.people) + len(facts.messages) < LARGE:
        return  # small pipelines: full collections are quick anyway
    gc.collect()
    gc.freeze()


def _stamp(path: Path) -> tuple:
    """A file's (mtime_ns, size, inode): changes when the file is written or replaced."""
    try:
        found = path.stat()
    except OSError:
        return ("missing",)
    return (found.st_mtime_ns, found.st_size, found.st_ino)


def _sqlite_files(store) -> list[Path]:
    engine = getattr(store, "engine", None) or getattr(store, "_engine", None)
    url = getattr(engine, "url", None)
    if url is None or url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return []
    base = Path(url.database)
    return [base, Path(f"{base}-wal")]
