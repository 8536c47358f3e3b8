"""Plugin code at run time: its standard output kept off Afterview's, and its senders and
mailboxes held to the protocol's errors.

`to_stderr()` is the one place that sends what plugin code prints to standard output to
standard error while it runs (imports, hooks, review checks, importers, senders, mailboxes), so
that `--json` output and anything piped stays Afterview's own. Plugin commands are not covered:
their output is what they are for.

`guarded_factory()` wraps the factory of a plugin's sender or mailbox (the built-in smtp and
imap are not wrapped). Whatever the plugin's code raises other than a `DeliveryError`,
`sys.exit()` included, becomes one:

- building or opening it: a `DeliveryError` naming the plugin (the account's problem: its
  messages wait), as does an `open()` that returns None;
- `send()`: an `OutcomeUnknown` (afterview.delivery.smtp), since Afterview cannot know whether
  the plugin delivered the message before failing: the outbox never sends it again on its own;
- any mailbox method (`append` of a Sent copy, `select`, ...): a `DeliveryError` naming the
  plugin and the method, handled as the IMAP mailbox's own errors are (a failed Sent copy is
  noted, the send stands);
- `close()` (and a mailbox's `__exit__`): a warning on standard error; what was done stands.

KeyboardInterrupt is never caught.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator
from typing import Any, Callable

from afterview.errors import DeliveryError

_lock = threading.Lock()
_depth = 0  # how many threads run plugin code now (the web desk runs several at once)
_stdout = None  # standard output as it was before the first of them began


@contextlib.contextmanager
def to_stderr():
    """While plugin code runs, what it prints to standard output goes to standard error.

    `contextlib.redirect_stdout(sys.stderr)`, counted: sys.stdout is one for the process, and
    plugin code may run in several threads at once (the desk's requests and its mail round),
    so it is put back only when the last of them ends, never to another one's redirection.
    """
    global _depth, _stdout
    with _lock:
        if _depth == 0:
            _stdout = sys.stdout
            sys.stdout = sys.stderr
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                sys.stdout = _stdout
                _stdout = None


def quiet(func: Callable) -> Callable:
    """`func` (a plugin's review check or import reader) run with its output on standard error,
    and so the iterator it returns (a generator's code runs as it is iterated), one step at a
    time: whoever reads the records prints to standard output as usual in between."""
    import functools

    @functools.wraps(func)
    def run(*args, **kwargs):
        with to_stderr():
            result = func(*args, **kwargs)
        return quiet_result(result)

    return run


def quiet_result(result: Any) -> Any:
    """A returned iterator, stepped with its output on standard error; anything else as it is."""
    return _Quiet(result) if isinstance(result, Iterator) else result


class _Quiet:
    """An iterator of plugin code whose every step runs under `to_stderr()`."""

    def __init__(self, iterator: Iterator):
        self._iterator = iterator

    def __iter__(self):
        return self

    def __next__(self):
        with to_stderr():
            return next(self._iterator)

    def close(self) -> None:
        close = getattr(self._iterator, "close", None)
        if close is not None:
            with to_stderr():
                close()


# -- senders and mailboxes -------------------------------------------------------------------


def guarded_factory(kind: str, plugin: str, name: str, factory: Callable) -> Callable:
    """The factory a plugin registered as sender or mailbox `name` (`kind`), giving guarded
    connections; the plugin's factory itself is called only when the connection is opened."""
    guard = GuardedSender if kind == "sender" else GuardedMailbox

    def make(account):
        return guard(plugin, name, factory, account)

    make.plugin = plugin
    make.factory = factory  # the plugin's own, for tests and introspection
    return make


def warn(text: str) -> None:
    """One warning line on standard error."""
    try:
        print(f"afterview: warning: {text}", file=sys.stderr, flush=True)
    except (OSError, ValueError):  # no standard error to write to: nothing more to say
        pass


class _Guarded:
    """A plugin's connection: every call of its code under `to_stderr()`, its failures said as
    `DeliveryError`s naming the plugin, a method of the protocol it lacks too. Other attributes
    are the connection's own, its other methods guarded alike (`find_folder`, optional, is
    absent when it has none)."""

    kind = ""

    def __init__(self, plugin: str, name: str, factory: Callable, account):
        self._plugin, self._name, self._factory, self._account = plugin, name, factory, account
        self._inner = None
        self._opened = False

    def _who(self) -> str:
        return f"plugin {self._plugin!r}: {self.kind} {self._name!r}"

    def _run(self, doing: str, method: Callable, *args, **kwargs):
        with to_stderr():
            try:
                return method(*args, **kwargs)
            except DeliveryError:  # the protocol's own error: the plugin's words, as they are
                raise
            # Anything else is the plugin's failure, sys.exit() included (not the end of
            # Afterview); KeyboardInterrupt is not caught.
            except (Exception, SystemExit) as err:
                raise self._failed(doing, err) from err

    def _failed(self, doing: str, err: BaseException) -> DeliveryError:
        from afterview.plugins import _why

        return DeliveryError(f"{self._who()} failed {doing}: {_why(err)}")

    def _method(self, name: str, inner=None) -> Callable:
        """The plugin's method `name`; a DeliveryError when it has none."""
        method = getattr(self._made() if inner is None else inner, name, None)
        if not callable(method):
            protocol = "Sender" if self.kind == "sender" else "Mailbox"
            raise DeliveryError(f"{self._who()} has no {name}() method (see the {protocol} protocol in "
                                f"afterview.plugins.hookspecs)")
        return method

    def _call(self, name: str, *args, **kwargs):
        doing = f"to {name}" if name in ("open", "close") else f"in {name}"
        return self._run(doing, self._method(name), *args, **kwargs)

    def _made(self):
        """The plugin's connection object, made on first use."""
        if self._inner is None:
            made = self._run("to open", self._factory, self._account)
            if made is None:
                raise DeliveryError(f"{self._who()} failed to open: its factory returned None, not a {self.kind}")
            self._inner = made
        return self._inner

    def _adopt(self, opened, what: str):
        if opened is None:
            raise DeliveryError(f"{self._who()} failed to open: its {what} returned None, not the opened "
                                f"{self.kind} (return self)")
        self._inner = opened
        self._opened = True
        return self

    def open(self):
        return self._adopt(self._call("open"), "open()")

    def close(self) -> None:
        inner, self._opened = self._inner, False
        if inner is None:
            return
        try:
            self._run("to close", self._method("close", inner))
        except DeliveryError as err:
            warn(f"{err} (what it did stands)")

    @property
    def client(self):
        """The plugin's `client` (None once closed); without one, whether it is open."""
        inner = self._inner
        if inner is None:
            return None
        return getattr(inner, "client", inner if self._opened else None)

    @client.setter
    def client(self, value) -> None:
        if self._inner is not None:
            try:
                setattr(self._inner, "client", value)
            except Exception:  # a read-only client: forgotten here, so the next use opens it again
                self._opened = False

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._made(), name)  # AttributeError as is: find_folder() is optional
        if not callable(value):
            return value

        def method(*args, **kwargs):
            return self._run(f"in {name}", value, *args, **kwargs)

        method.__name__ = name
        return method

    def __repr__(self) -> str:
        return f"<{self.kind} {self._name!r} of plugin {self._plugin!r}>"


class GuardedSender(_Guarded):
    """A plugin's sender: `open`, `send`, `close`, `client` (hookspecs.Sender)."""

    kind = "sender"

    def send(self, sender: str, recipients: list[str], data: bytes):
        from afterview.plugins import _why

        method = self._method("send")
        with to_stderr():
            try:
                return method(sender, recipients, data)
            except DeliveryError:
                raise
            except (Exception, SystemExit) as err:
                # It may have failed after handing the message over: the outcome is unknown,
                # and such a message is never sent again on its own (services.delivery).
                from afterview.delivery.smtp import OutcomeUnknown

                raise OutcomeUnknown(f"{self._who()} failed while sending (whether it had delivered the message "
                                     f"is not known): {_why(err)}") from err


class GuardedMailbox(_Guarded):
    """A plugin's mailbox (hookspecs.Mailbox), in a `with` block as well."""

    kind = "mailbox"
    _entered = None  # the object whose __enter__ began the `with` block: its __exit__ ends it

    def __enter__(self):
        inner = self._entered = self._made()
        enter = getattr(type(inner), "__enter__", None)
        if enter is None:  # the protocol's __enter__ is open()
            return self.open()
        return self._adopt(self._run("to open", enter, inner), "__enter__()")

    def __exit__(self, *exc) -> None:
        inner, self._entered = self._entered, None
        leave = getattr(type(inner), "__exit__", None) if inner is not None else None
        if leave is None:
            self.close()
            return
        self._opened = False
        try:  # what it returns is not asked: a mailbox does not hide Afterview's own errors
            self._run("to close", leave, inner, *exc)
        except DeliveryError as err:
            warn(f"{err} (what it did stands)")


def _protocol_method(name: str) -> Callable:
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"The plugin's {name}(), guarded."
    return method


# The Mailbox protocol's methods (hookspecs.Mailbox): one the plugin lacks is its failure too.
for _name in ("drafts_folder", "sent_folder", "append", "contains_message_id", "select", "uids_after", "headers",
              "bodies"):
    setattr(GuardedMailbox, _name, _protocol_method(_name))
