"""The desk's mail, while it runs: approved and scheduled notes go out when due, and replies are
read, as `afterview worker` does (the outbox claims each message, so both may run at once
without a second copy).

A background thread runs a round every `interval` seconds, and at once when woken (a note
approved, "Check mail now"). It never sends anything the user has not approved: a round only
sends what the outbox holds as approved or scheduled and due. `afterview serve --no-mail` runs
the desk without it.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime

from afterview.errors import AfterviewError

log = logging.getLogger("afterview.web.mail")


@dataclass
class MailState:
    """What the last round did, for the pages: when, and in words."""

    at: datetime | None = None
    said: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class MailLoop:
    def __init__(self, desk, interval: float = 60.0):
        self.desk = desk
        self.interval = interval
        self.state = MailState()
        self._round = threading.Lock()  # one round at a time: the loop's, or one asked for on a page
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="desk-mail", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the loop to end and wait for a round in progress (a send is never cut off midway)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        """Run a round now rather than at the end of the wait."""
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            self.run_round()
            self._wake.wait(self.interval)

    def run_round(self) -> MailState:
        """One round: send what is due, read new mail; what it did is kept in `state`."""
        with self._round:
            self.state = self._one_round()
            return self.state

    def _zone(self):
        from afterview.domain.values import zone

        try:
            return zone(self.desk.user_tz())
        except AfterviewError:
            return zone("UTC")

    def _one_round(self) -> MailState:
        from afterview.services.delivery import mail_round

        state = MailState(at=self.desk.now())
        try:
            accounts = self.desk.accounts()
            if accounts:
                done = mail_round(self.desk.store, now=state.at, accounts=accounts, playbook=self.desk.playbook())
                state.said, state.problems = _words(done), done.problems + _send_problems(done, self._zone())
                sent = done.sent
                if sent.sent or sent.failed or sent.held_back or done.replies or sent.reconciled or sent.waiting \
                        or sent.retries:
                    self.desk.changed()
            else:
                state.said = ["no mail account yet: add one below"]
        except AfterviewError as err:  # a broken config.toml, a store that cannot be read
            state.problems = [str(err)]
        except Exception:  # noqa: BLE001 - the loop must outlive one bad round; the log has the detail
            log.exception("the desk's mail round failed")
            state.problems = ["the last mail round failed unexpectedly (see the desk's log)"]
        return state


def _words(done) -> list[str]:
    said = []
    if done.sent.sent:
        said.append(f"sent {len(done.sent.sent)}")
    if done.replies:
        said.append(f"{done.replies} new {'reply' if done.replies == 1 else 'replies'} read")
    for synced in done.synced:  # a reply showed that a send of unknown outcome arrived
        said += [f"message {message_id}: {why}" for message_id, why in synced.delivered]
    if said:
        return said
    return ["nothing sent" if done.problems or done.sent.failed or done.sent.retries else
            "nothing to send, no new replies"]


def _send_problems(done, zone) -> list[str]:
    report = done.sent
    lines = [f"message {r.message_id}: {r.error}; tried again at {r.at.astimezone(zone):%H:%M}"
             for r in report.retries]
    lines += [f"message {message_id}: {why}" for message_id, why in report.failed + report.unknown + report.held_back]
    if report.held_by_rate:
        lines.append(f"{report.held_by_rate} held back by the rate limit until the next round")
    return lines
