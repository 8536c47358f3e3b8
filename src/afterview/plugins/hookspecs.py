"""The hooks a plugin can implement; each receives a `register` callable (see docs/plugins.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from pluggy import HookimplMarker, HookspecMarker

hookspec = HookspecMarker("afterview")
hookimpl = HookimplMarker("afterview")


@hookspec
def register_lint_rules(register):
    """Add review checks: `register(codes, check)`, codes as `Rule` records (new) or known code strings."""


@hookspec
def register_template_dirs(register):
    """Add a folder of `<tone>/<name>.txt.j2` templates: `register(path)`, searched before the built-ins."""


@hookspec
def register_importers(register):
    """Add a file format: `register(name, read, *, produces, description, what)`, used by the import commands."""


@hookspec
def register_senders(register):
    """Add a way to send mail: `register(name, factory)`, `factory(account)` giving an object with open/send/close."""


@hookspec
def register_mailboxes(register):
    """Add a mailbox adapter: `register(name, factory)`, `factory(account)` giving an object like `ImapConnection`."""


@hookspec
def register_commands(cli):
    """Add commands to the `afterview` group: `cli.add_command(command)` (looked up only by name)."""


class Sender(Protocol):
    """What a sender factory returns (the built-in is `afterview.delivery.smtp.SmtpConnection`)."""

    client: object | None  # None once closed: the outbox then opens a new one

    def open(self) -> Sender:
        """Connect and log in; DeliveryError (temporary=True when worth retrying) on failure."""

    def send(self, sender: str, recipients: list[str], data: bytes) -> str:
        """Transmit one RFC 5322 message; the server's reply, or DeliveryError."""

    def close(self) -> None:
        """Disconnect; never raises."""


class Mailbox(Protocol):
    """What a mailbox factory returns (the built-in is `afterview.delivery.imap.ImapConnection`)."""

    client: object | None

    def open(self) -> Mailbox:
        """Connect and log in; DeliveryError on failure."""

    def close(self) -> None:
        """Log out; never raises."""

    def __enter__(self) -> Mailbox:
        """`open()` for a `with` block."""

    def __exit__(self, *exc) -> None:
        """`close()` at the end of a `with` block."""

    def drafts_folder(self) -> str:
        """The Drafts folder's name."""

    def sent_folder(self) -> str | None:
        """The Sent folder's name, or None."""

    # Optional: `find_folder(kind) -> afterview.delivery.imap.FolderChoice`, the Drafts or Sent
    # folder and how it was found (`account test` and the messages then name the folders seen);
    # without it, drafts_folder() and sent_folder() are asked.

    def append(self, folder: str, data: bytes, flags: tuple[bytes, ...], when: datetime | None = None) -> None:
        """Store a message in a folder with these flags."""

    def contains_message_id(self, folder: str, message_id: str) -> bool:
        """Whether a message with this Message-ID is in the folder."""

    def select(self, folder: str = "INBOX") -> int:
        """Select a folder read-only; its UIDVALIDITY."""

    def uids_after(self, last_uid: int) -> list[int]:
        """UIDs of the messages after `last_uid` in the open folder."""

    def headers(self, uids: list[int]) -> dict[int, tuple[bytes, int, datetime | None]]:
        """Headers, size and arrival time per UID."""

    def bodies(self, uids: list[int]) -> dict[int, bytes]:
        """The message per UID (a very large one may be cut short)."""
