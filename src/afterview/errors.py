"""The errors Afterview reports to its users.

Every failure a user can cause or meet (bad input, an unknown id, an unreachable server) is
raised as one of these. Interfaces turn them into a one-line message and an exit status (CLI)
or an error page / JSON body (web); no traceback ever reaches a user.
"""

from __future__ import annotations


class AfterviewError(Exception):
    """Base of every error meant for the user. `str(err)` is the one-line message."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # one line, always
        return " ".join(self.message.split())


class InvalidInput(AfterviewError):
    """A value the user gave is malformed or impossible (a date, an address, a time zone)."""


class NotFound(AfterviewError):
    """An id or name that matches nothing."""


class Conflict(AfterviewError):
    """The request contradicts what is stored (a duplicate, a state that forbids it)."""


class StorageError(AfterviewError):
    """The database cannot be opened or used (not a database, newer version, read-only).

    `what` is what went wrong without the advice that may follow it ("try again in a moment"),
    for a caller that has its own advice to give."""

    def __init__(self, message: str, *, advice: str = ""):
        super().__init__(f"{message}; {advice}" if advice else message)
        self.what = message


class ImportFailed(AfterviewError):
    """A file to import is not what it claims, or is broken; nothing was written."""


class ConfigError(AfterviewError):
    """A configuration, playbook or template file is invalid (names file and key)."""


class DeliveryError(AfterviewError):
    """A mail server refused, failed or could not be reached."""

    def __init__(self, message: str, *, temporary: bool = False):
        super().__init__(message)
        self.temporary = temporary


class OutputFailed(AfterviewError):
    """Output could not be written: a full disk, a failing device (exit status 74, as for a
    failed write to the terminal)."""

    exit_code = 74

