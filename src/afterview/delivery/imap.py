"""IMAP through imapclient: the Drafts and Sent folders (by special use), and reading the INBOX.

One connection per account at a time (Gmail allows only 10-15 per account, shared with the
user's own devices). Every failure is a DeliveryError with one line saying what went wrong.
"""

from __future__ import annotations

import re

import socket
import ssl
from dataclasses import dataclass, field
from datetime import datetime

from afterview.delivery.accounts import Account, plaintext_login, redact, secret
from afterview.delivery.smtp import TOKEN_REFUSED, network_error, sasl_plain, tls_context
from afterview.errors import ConfigError, DeliveryError

SENT_NAMES = ("Sent", "Sent Items", "Sent Messages", "Sent Mail", "[Gmail]/Sent Mail", "INBOX.Sent", "INBOX/Sent")
DRAFT_NAMES = ("Drafts", "INBOX.Drafts", "INBOX/Drafts", "[Gmail]/Drafts")

# Headers read for every new message: enough to decide whether the body is worth fetching.
HEADER_FIELDS = (
    "FROM SUBJECT DATE MESSAGE-ID IN-REPLY-TO REFERENCES AUTO-SUBMITTED PRECEDENCE CONTENT-TYPE "
    "RETURN-PATH X-FAILED-RECIPIENTS X-AUTOREPLY X-AUTORESPOND X-AUTORESPONSE X-AUTORESPONDER "
    "X-APPLE-ACTION X-AUTO-RESPONSE-SUPPRESS X-MS-EXCHANGE-INBOX-RULES-LOOP"
)
HEADER_ITEM = f"BODY.PEEK[HEADER.FIELDS ({HEADER_FIELDS})]"
HEADER_KEY = f"BODY[HEADER.FIELDS ({HEADER_FIELDS})]".encode()
BODY_LIMIT = 512 * 1024  # bytes of a message read for classification (a huge one is cut)


@dataclass
class ImapConnection:
    account: Account
    client: object = None
    _secret: str = field(default="", repr=False)  # while logged in: hidden in every error made from a reply

    def open(self) -> "ImapConnection":
        import imapclient

        a = self.account
        if not a.imap_host:
            raise DeliveryError(f"account {a.name}: no imap_host set")
        refused = plaintext_login(a, "imap")
        if refused:  # said before any connection: the password never leaves
            raise DeliveryError(f"IMAP {a.imap_host}: not logging in: {refused} in [accounts.{a.name}] of config.toml")
        try:
            client = imapclient.IMAPClient(a.imap_host, port=a.imap_port, ssl=a.imap_tls == "implicit",
                                           ssl_context=tls_context(a), timeout=a.timeout)
            if a.imap_tls == "starttls":
                client.starttls(tls_context(a))
        except imapclient.exceptions.IMAPClientError as err:
            raise self._error(err) from None
        except (OSError, EOFError) as err:
            raise network_error(err, "IMAP", a.imap_host, a.imap_port, a.imap_tls, a.tls_ca_file) from None
        self.client = client
        self._login()
        return self

    def _login(self) -> None:
        import imapclient

        a = self.account
        try:
            password = secret(a)
        except ConfigError:
            self.close()  # no secret (e.g. a failing token_command): do not leave the connection open
            raise
        self._secret = password
        try:
            if a.auth == "xoauth2":
                self.client.oauth2_login(a.login, password)
            elif (a.login + password).isascii():
                self.client.login(a.login, password)
            elif self.client.has_capability("AUTH=PLAIN"):  # LOGIN takes ASCII only; SASL PLAIN carries UTF-8
                self.client.sasl_login("PLAIN", lambda _challenge: sasl_plain(a.login, password))
            else:
                self.close()
                raise DeliveryError(
                    f"IMAP {a.imap_host}: the server's login takes only ASCII: it offers no PLAIN login "
                    "(AUTH=PLAIN), the one that carries other letters (UTF-8); use a password of ASCII letters, digits "
                    "and signs for this account")
        except imapclient.exceptions.LoginError as err:
            said = self._said(err)  # (before close forgets the secret)
            self.close()
            hint = TOKEN_REFUSED if a.auth == "xoauth2" else "check the password or app password"
            raise DeliveryError(f"IMAP {a.imap_host}: authentication failed for {a.login}: {said} ({hint})") from None
        except imapclient.exceptions.IMAPClientError as err:
            error = self._error(err)
            self.close()
            raise error from None
        except OSError as err:
            self.close()
            raise network_error(err, "IMAP", a.imap_host, a.imap_port, a.imap_tls, a.tls_ca_file) from None

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.logout()
            except Exception:  # a broken connection: nothing more to say to it
                try:
                    self.client.shutdown()
                except Exception:
                    pass
            self.client = None
        self._secret = ""

    def __enter__(self) -> "ImapConnection":
        return self.open() if self.client is None else self

    def __exit__(self, *exc) -> None:
        self.close()

    # folders -----------------------------------------------------------------------------
    def special_folder(self, flag: bytes, names: tuple[str, ...]) -> str | None:
        """The folder with a special-use flag (RFC 6154), else one with a well-known name."""
        folders = self._call(self.client.list_folders)
        for flags, _delim, name in folders:
            if flag in flags:
                return name
        by_name = {name.lower(): name for _f, _d, name in folders}
        for candidate in names:
            if candidate.lower() in by_name:
                return by_name[candidate.lower()]
        return None

    def drafts_folder(self) -> str:
        found = self.special_folder(b"\\Drafts", DRAFT_NAMES)
        if found is None:
            raise DeliveryError(
                f"IMAP {self.account.imap_host}: the mailbox has no Drafts folder (none marked \\Drafts); "
                "create one in your mail program, or use --eml or --mailto"
            )
        return found

    def sent_folder(self) -> str | None:
        return self.special_folder(b"\\Sent", SENT_NAMES)

    def append(self, folder: str, data: bytes, flags: tuple[bytes, ...], when: datetime | None = None) -> None:
        self._call(self.client.append, folder, data, flags=flags, msg_time=when)

    def contains_message_id(self, folder: str, message_id: str) -> bool:
        """Whether `folder` holds a message with this Message-ID (the reconcile check)."""
        return bool(self._with_message_id(folder, message_id, readonly=True))

    def uids_with_message_id(self, folder: str, message_id: str) -> list[int]:
        """The uids in `folder` of the messages with this Message-ID (the folder selected for
        changes: `remove` may follow)."""
        return sorted(self._with_message_id(folder, message_id, readonly=False))

    def _with_message_id(self, folder: str, message_id: str, *, readonly: bool) -> list[int]:
        self._call(self.client.select_folder, folder, readonly=readonly)
        return self._call(self.client.search, ["HEADER", "Message-ID", message_id.strip()])

    def remove(self, uids: list[int]) -> None:
        """Delete these messages of the selected folder for good (\\Deleted, then expunged:
        only these, with UID EXPUNGE where the server has it)."""
        if not uids:
            return
        self._call(self.client.delete_messages, uids)
        if self._call(self.client.has_capability, "UIDPLUS"):
            self._call(self.client.uid_expunge, uids)
        else:
            self._call(self.client.expunge)

    # reading -----------------------------------------------------------------------------
    def select(self, folder: str = "INBOX") -> int:
        """Select a folder read-only; its UIDVALIDITY."""
        info = self._call(self.client.select_folder, folder, readonly=True)
        return int(info.get(b"UIDVALIDITY", 0))

    def uids_after(self, last_uid: int) -> list[int]:
        found = self._call(self.client.search, ["UID", f"{last_uid + 1}:*"])
        return sorted(uid for uid in found if uid > last_uid)  # "N:*" always returns the last one

    def headers(self, uids: list[int]) -> dict[int, tuple[bytes, int, datetime | None]]:
        """uid -> (selected header fields, size, internal date)."""
        data = self._call(self.client.fetch, uids, [HEADER_ITEM, "RFC822.SIZE", "INTERNALDATE"])
        return {
            uid: (item.get(HEADER_KEY, b""), int(item.get(b"RFC822.SIZE", 0)), item.get(b"INTERNALDATE"))
            for uid, item in data.items()
        }

    def bodies(self, uids: list[int]) -> dict[int, bytes]:
        """uid -> the message's first BODY_LIMIT bytes (a huge message is read only in part)."""
        data = self._call(self.client.fetch, uids, [f"BODY.PEEK[]<0.{BODY_LIMIT}>"])
        result = {}
        for uid, item in data.items():
            raw = next((v for k, v in item.items() if k.startswith(b"BODY[]")), b"")
            result[uid] = raw or b""
        return result

    def _call(self, func, *args, **kwargs):
        import imapclient

        try:
            return func(*args, **kwargs)
        except imapclient.exceptions.IMAPClientError as err:
            raise self._error(err) from None
        except (OSError, EOFError, ssl.SSLError, socket.timeout) as err:
            raise network_error(err, "IMAP", self.account.imap_host, self.account.imap_port, self.account.imap_tls,
                                self.account.tls_ca_file) from None


    def _said(self, err: BaseException) -> str:
        """The server's words in an error of imapclient, in one line of at most 200 characters,
        the secret hidden (accounts.redact) before anything is cut or folded."""
        return " ".join(redact(_text(err), self._secret, self.account.login).split())[:200]

    def _error(self, err: BaseException) -> DeliveryError:
        text, account = self._said(err), self.account
        if "STARTTLS" in text.upper():
            return DeliveryError(f"IMAP {account.imap_host}:{account.imap_port}: TLS mismatch: {text} (check imap_tls and the port)")
        return DeliveryError(f"IMAP {account.imap_host}: {text}", temporary=True)


def _text(err: BaseException) -> str:
    """What an error of imapclient says: the server's bytes decoded (imaplib gives their repr(),
    b'...' with its escapes, which would hide an echoed password from redact)."""
    import ast

    value = err.args[0] if err.args else err
    text = value.decode(errors="replace") if isinstance(value, bytes) else str(value)
    if re.fullmatch(r"""b(['"]).*\1""", text.strip(), re.DOTALL):
        try:
            text = ast.literal_eval(text.strip()).decode("utf-8", "replace")
        except (ValueError, SyntaxError):
            text = text.strip()[2:-1]
    return text
