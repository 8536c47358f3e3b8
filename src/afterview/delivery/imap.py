"""IMAP through imapclient: the Drafts and Sent folders (configured, by special use, or by a
well-known name), and reading the INBOX.

One connection per account at a time (Gmail allows only 10-15 per account, shared with the
user's own devices). Every failure is a DeliveryError with one line saying what went wrong.
"""

from __future__ import annotations

import re
import socket
import ssl
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from afterview.delivery.accounts import Account, host_port, plaintext_login, redact, secret
from afterview.delivery.smtp import (CONNECTION_LIMIT, LIMIT_REACHED, TOKEN_REFUSED, greeted, network_error,
                                     sasl_plain, tls_context)
from afterview.errors import ConfigError, DeliveryError

# The names mail programs give the Sent and Drafts folders, for a server that marks neither
# (RFC 6154 special use): English, German, French, Spanish, Italian, Dutch, Portuguese, Swedish,
# Danish, Norwegian, Polish (Outlook's, Thunderbird's and Apple Mail's defaults). A folder has one
# when its name is one of these, case ignored, at the top level or under INBOX with the server's
# delimiter ("INBOX.Gesendet"). The order decides between several: the first wins.
SENT_NAMES = ("Sent", "Sent Items", "Sent Messages", "Sent Mail", "[Gmail]/Sent Mail",
              "Gesendete Elemente", "Gesendet", "Gesendete Objekte",
              "Éléments envoyés", "Messages envoyés", "Envoyés",
              "Elementos enviados", "Enviados",
              "Posta inviata", "Inviati",
              "Verzonden items", "Verzonden",
              "Itens enviados",
              "Skickat", "Skickade objekt",
              "Sendte elementer", "Sendt post", "Sendt",
              "Elementy wysłane", "Wysłane")
DRAFT_NAMES = ("Drafts", "[Gmail]/Drafts", "Entwürfe", "Brouillons", "Borradores", "Bozze", "Concepten", "Rascunhos",
               "Utkast", "Kladder", "Kladd", "Kopie robocze", "Wersje robocze")
SHOWN_FOLDERS = 12  # folders named in a message before "and N more"


@dataclass(frozen=True)
class FolderKind:
    """Drafts or Sent: its special-use flag, its well-known names, its setting in config.toml."""

    label: str
    flag: bytes
    names: tuple[str, ...]
    setting: str


DRAFTS = FolderKind("Drafts", b"\\Drafts", DRAFT_NAMES, "drafts_folder")
SENT = FolderKind("Sent", b"\\Sent", SENT_NAMES, "sent_folder")


@dataclass(frozen=True)
class FolderChoice:
    """Which folder of a mailbox is its Drafts (or Sent) folder, and why.

    `how`: "setting" (the account's drafts_folder / sent_folder), "flag" (marked by the server),
    "name" (a well-known name), or "" (none found). `candidates`: the folders that qualified
    equally (all flagged, or else all with a known name), the one used first. `seen`: every
    folder the server listed that can hold messages (not one marked \\Noselect). `passed_over`:
    folders with a known name left aside for one the server marks. `qualifying`: every folder
    that qualifies at all (the setting's, the marked ones, those with a known name), where a
    message is looked for by its Message-ID. `rights`: (folder, its rights, RFC 4314 MYRIGHTS)
    for the folders asked, on a server that has ACL."""

    kind: FolderKind
    account: str
    folder: str | None
    how: str
    candidates: tuple[str, ...]
    seen: tuple[str, ...]
    passed_over: tuple[str, ...] = ()
    qualifying: tuple[str, ...] = ()
    rights: tuple[tuple[str, str], ...] = ()

    def missing(self) -> str:
        """Why there is none, the folders seen, and the setting that names one (one line)."""
        kind = self.kind
        seen = f" (its folders: {folder_list(self.seen)})" if self.seen else ""
        return (f"the mailbox has no {kind.label} folder: none is marked {kind.flag.decode()} or has a known name"
                f"{seen}; name yours with {kind.setting} = \"NAME\" in [accounts.{self.account}] of config.toml")

    def also(self) -> list[str]:
        """The other folders that qualified as well as the one used."""
        return [name for name in self.candidates if name != self.folder]

    @property
    def searched(self) -> tuple[str, ...]:
        """Every folder a message may be found in by its Message-ID (a copy sent from the user's
        mail program, or one Afterview filed): all that qualify, not only the one used."""
        return self.qualifying or ((self.folder,) if self.folder else ())

    def rights_of(self, folder: str | None) -> str | None:
        """The login's rights on `folder` as the server said them, or None (not asked, or no ACL)."""
        return next((rights for name, rights in self.rights if name == folder), None)

    def may_append(self, folder: str | None = None) -> bool | None:
        """Whether messages may be added to `folder` (the one used when not given): the ACL
        right "i" (RFC 4314); None when the server does not say."""
        rights = self.rights_of(self.folder if folder is None else folder)
        return None if rights is None else "i" in rights


def folder_list(names) -> str:
    """Folder names for a message, shortened when there are many."""
    names = list(names)
    if not names:
        return "none"
    shown = ", ".join(names[:SHOWN_FOLDERS])
    return shown + (f" and {len(names) - SHOWN_FOLDERS} more" if len(names) > SHOWN_FOLDERS else "")


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _decoded(value) -> str:
    """A folder name (or delimiter) as text: imapclient gives names decoded from modified UTF-7
    (RFC 3501 5.1.3); one left as bytes is decoded the same way."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        from imapclient import imap_utf7

        return imap_utf7.decode(value)
    return str(value)


def known_name(name: str, delimiter: str, names: tuple[str, ...]) -> int | None:
    """The place in `names` of the well-known name `name` has (case ignored, at the top level or
    under INBOX with the server's `delimiter`), or None."""
    key = _fold(name)
    if delimiter:
        under_inbox = _fold("INBOX" + delimiter)
        if key.startswith(under_inbox):
            key = key[len(under_inbox):]
    for index, known in enumerate(names):
        if _fold(known) == key:
            return index
    return None


NOT_SELECTABLE = {b"\\noselect", b"\\nonexistent"}  # a folder of folders, or none at all (RFC 3501, 5258)


def _folders(listing) -> list[tuple[set[bytes], str, str]]:
    """imapclient's list_folders ((flags, delimiter, name)) as (lower-case flags, delimiter, name)."""
    return [({_flag(f) for f in flags or ()}, _decoded(delimiter), _decoded(name)) for flags, delimiter, name in listing]


def _sorted_names(names) -> tuple[str, ...]:
    return tuple(sorted(names, key=lambda name: (_fold(name), name)))


def _from_utf7(name: str) -> str:
    """A folder name given as IMAP sends it, in modified UTF-7 ("Entw&APw-rfe"), decoded
    ("Entwürfe"); any other name as it is."""
    if "&" not in name or not name.isascii():
        return name
    from imapclient import imap_utf7

    try:
        return imap_utf7.decode(name.encode("ascii"))
    except (ValueError, UnicodeError):
        return name


def named_folder(listing, configured: str, *, said: str, account: str, host: str) -> str:
    """The folder `configured` names among `listing` (as the server lists it: the same name,
    else the same name case ignored, else the name given in modified UTF-7, decoded), one that
    can hold messages. DeliveryError in one line naming it, where it is set (`said`: "set as
    drafts_folder"), and the folders there are, when there is none or it is a folder of folders
    (\\Noselect, \\NonExistent)."""
    folders = _folders(listing)
    selectable = _sorted_names(name for flags, _d, name in folders if not flags & NOT_SELECTABLE)
    where = f"the folder \"{configured}\" {said} in [accounts.{account}] of config.toml"
    for wanted in dict.fromkeys((configured, _from_utf7(configured))):
        same = ([f for f in folders if f[2] == wanted] or [f for f in folders if _fold(f[2]) == _fold(wanted)])
        usable = [name for flags, _d, name in same if not flags & NOT_SELECTABLE]
        if usable:
            return usable[0]
        if same and b"\\noselect" in same[0][0]:
            raise DeliveryError(f"IMAP {host}: {where} cannot hold messages: the server lists it as a folder of folders "
                                f"only (\\Noselect); the folders that can: {folder_list(selectable)}")
    raise DeliveryError(f"IMAP {host}: {where} does not exist; the server has: {folder_list(selectable)}")


def choose_folder(listing, kind: FolderKind, *, configured: str = "", account: str = "",
                  host: str = "", rights: dict[str, str | None] | None = None) -> FolderChoice:
    """The Drafts or Sent folder among `listing` (imapclient's list_folders: (flags, delimiter,
    name)). A folder the account names (`configured`) wins, and must exist and hold messages
    (named_folder); else one the server marks with the kind's flag; else one with a well-known
    name. A folder of folders (\\Noselect, \\NonExistent) never qualifies. Between several:
    flagged first, then by the order of the names list, then alphabetically (never the server's
    order); of those, the first the login may add messages to, when `rights` (folder -> its ACL
    rights, None when unknown) says so."""
    folders = _folders(listing)
    usable = [(flags, delimiter, name) for flags, delimiter, name in folders if not flags & NOT_SELECTABLE]
    seen = _sorted_names(name for _f, _d, name in usable)
    last = len(kind.names)

    def rank(folder) -> tuple:
        _flags, delimiter, name = folder
        place = known_name(name, delimiter, kind.names)
        return (last if place is None else place, _fold(name), name)

    flagged = [name for _f, _d, name in sorted((f for f in usable if _flag(kind.flag) in f[0]), key=rank)]
    named = [name for _f, _d, name in sorted((f for f in usable if known_name(f[2], f[1], kind.names) is not None),
                                             key=rank)]
    setting = (named_folder(listing, configured, said=f"set as {kind.setting}", account=account, host=host),) \
        if configured else ()
    qualifying = tuple(dict.fromkeys((*setting, *flagged, *named)))
    known = tuple((name, value) for name, value in (rights or {}).items() if value is not None)
    if setting:
        return FolderChoice(kind, account, setting[0], "setting", setting, seen, qualifying=qualifying, rights=known)
    chosen, how = (flagged, "flag") if flagged else (named, "name") if named else ([], "")
    writable = [name for name in chosen if "i" in ((rights or {}).get(name) or "i")]
    folder = (writable or chosen or [None])[0]
    passed_over = tuple(name for name in named if name not in flagged) if how == "flag" else ()
    return FolderChoice(kind, account, folder, how, tuple(chosen), seen, passed_over, qualifying, known)


def _flag(flag) -> bytes:
    """A mailbox flag as bytes, lower case (flags are not case-sensitive)."""
    return (flag if isinstance(flag, bytes) else str(flag).encode()).lower()


# Headers read for every new message: enough to decide whether the body is worth fetching.
HEADER_FIELDS = (
    "FROM SUBJECT DATE MESSAGE-ID IN-REPLY-TO REFERENCES AUTO-SUBMITTED PRECEDENCE CONTENT-TYPE "
    "RETURN-PATH X-FAILED-RECIPIENTS X-AUTOREPLY X-AUTORESPOND X-AUTORESPONSE X-AUTORESPONDER "
    "X-APPLE-ACTION X-AUTO-RESPONSE-SUPPRESS X-MS-EXCHANGE-INBOX-RULES-LOOP X-MS-EXCHANGE-MESSAGE-IS-NDR"
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
            raise DeliveryError(f"account {a.name} has no IMAP server (no imap_host in [accounts.{a.name}] of "
                                "config.toml)")
        refused = plaintext_login(a, "imap")
        if refused:  # said before any connection: the password never leaves
            raise DeliveryError(f"IMAP {a.imap_host}: not logging in: {refused} in [accounts.{a.name}] of config.toml")
        answered = False  # the server's greeting came (the constructor connects and reads it)
        try:
            client = imapclient.IMAPClient(a.imap_host, port=a.imap_port, ssl=a.imap_tls == "implicit",
                                           ssl_context=tls_context(a), timeout=a.timeout)
            answered = True
            greeted("IMAP", a.imap_host, a.imap_port)
            if a.imap_tls == "starttls":
                client.starttls(tls_context(a))
        except imapclient.exceptions.IMAPClientError as err:
            raise self._error(err) from None
        except (OSError, EOFError) as err:
            raise network_error(err, "IMAP", a.imap_host, a.imap_port, a.imap_tls, a.tls_ca_file,
                                answered=answered) from None
        self.client = client
        self._login()
        return self

    def _login(self) -> None:
        import imapclient

        a = self.account
        try:
            refused = a.imap_tls == "none" and self._call(self.client.has_capability, "LOGINDISABLED")
        except DeliveryError:
            self.close()
            raise
        if refused:
            self.close()  # (RFC 3501 7.2.1) the password would cross unencrypted, only to be refused
            raise DeliveryError(f"IMAP {a.imap_host}: not logging in: the server takes no login before TLS "
                                f"(LOGINDISABLED); use imap_tls = \"starttls\" in [accounts.{a.name}] of config.toml")
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
            refusal = login_refusal(said)
            if refusal is not None:  # the server's reason, not the password (a limit, a pause)
                what, temporary = refusal
                raise DeliveryError(f"IMAP {a.imap_host}: login refused for {a.login}: {said} ({what})",
                                    temporary=temporary) from None
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
    def find_folder(self, kind: FolderKind) -> FolderChoice:
        """The account's Drafts or Sent folder and why (see choose_folder): the one discovery
        sending, Drafts, the check of interrupted sends, sync and `account test` all use. On a
        server that has ACL (RFC 4314), the login's rights on the folders that qualify equally
        are asked (MYRIGHTS), so that one it may add messages to is used."""
        a = self.account
        listing = self._call(self.client.list_folders)
        settings = dict(configured=getattr(a, kind.setting, ""), account=a.name, host=a.imap_host)
        first = choose_folder(listing, kind, **settings)
        if not first.candidates or not self._call(self.client.has_capability, "ACL"):
            return first
        return choose_folder(listing, kind, rights={name: self.my_rights(name) for name in first.candidates},
                             **settings)

    def my_rights(self, folder: str) -> str | None:
        """The login's rights on `folder` (RFC 4314 MYRIGHTS: "lrswipkxtecda"), or None when the
        server does not say (no ACL, or it refused to tell)."""
        from imapclient import response_lexer
        from imapclient.exceptions import IMAPClientError

        try:
            data = self.client._command_and_check("myrights", self.client._normalise_folder(folder))
            parts = list(response_lexer.TokenSource(data))
        except (IMAPClientError, ValueError):
            return None
        except (OSError, EOFError) as err:
            raise network_error(err, "IMAP", self.account.imap_host, self.account.imap_port, self.account.imap_tls,
                                self.account.tls_ca_file) from None
        rights = parts[-1] if len(parts) >= 2 else None
        return rights.decode("ascii", "replace") if isinstance(rights, bytes) else rights

    def read_folders(self) -> tuple[list[str], list[str]]:
        """The folders besides the INBOX that replies are read from (the account's read_folders,
        as the server lists them), and what is wrong with those that cannot be read (one line
        each, as for a drafts_folder that is not there)."""
        a = self.account
        wanted = [name for name in a.read_folders if _fold(_from_utf7(name)) != "inbox"]
        if not wanted:
            return [], []
        listing = self._call(self.client.list_folders)
        found, problems = [], []
        for name in wanted:
            try:
                folder = named_folder(listing, name, said="set in read_folders", account=a.name, host=a.imap_host)
            except DeliveryError as err:
                problems.append(str(err))
                continue
            if folder not in found and _fold(folder) != "inbox":
                found.append(folder)
        return found, problems

    def drafts_folder(self) -> str:
        choice = self.find_folder(DRAFTS)
        if choice.folder is None:
            raise DeliveryError(f"IMAP {self.account.imap_host}: {choice.missing()}, or use --eml or --mailto")
        return choice.folder

    def sent_folder(self) -> str | None:
        return self.find_folder(SENT).folder

    def append(self, folder: str, data: bytes, flags: tuple[bytes, ...], when: datetime | None = None) -> None:
        self._call(self.client.append, folder, data, flags=flags, msg_time=when)

    def contains_message_id(self, folder: str, message_id: str) -> bool:
        """Whether `folder` holds a message with this Message-ID (the reconcile check)."""
        return bool(self._with_message_id(folder, message_id, readonly=True))

    def uids_with_message_id(self, folder: str, message_id: str) -> list[int]:
        """The uids in `folder` of the messages with this Message-ID (the folder selected for
        changes: `remove` may follow)."""
        return sorted(self._with_message_id(folder, message_id, readonly=False))

    def message_with_id(self, folder: str, message_id: str) -> bytes | None:
        """The message in `folder` with this Message-ID, as the server has it (its first
        BODY_LIMIT bytes, as `bodies` reads them); None when the folder has none."""
        uids = sorted(self._with_message_id(folder, message_id, readonly=True))
        if not uids:
            return None
        return self.bodies(uids[:1]).get(uids[0]) or None

    def uids_like(self, folder: str, *, to: str, subject: str, since: datetime) -> list[int]:
        """The uids in `folder` of messages to `to` whose subject contains `subject`, that arrived
        from the day before `since` on (IMAP SEARCH counts in the server's days, not moments); the
        folder is left selected read-only, for `bodies` (`sent_like.find_sent_like`)."""
        from datetime import timedelta

        self._call(self.client.select_folder, folder, readonly=True)
        criteria = ["SINCE", (since - timedelta(days=1)).date(), "TO", to, "SUBJECT", subject]
        charset = None if (to + subject).isascii() else "UTF-8"
        return sorted(self._call(self.client.search, criteria, charset=charset))

    def _with_message_id(self, folder: str, message_id: str, *, readonly: bool) -> list[int]:
        wanted = searchable_id(message_id, self.account.imap_host)
        self._call(self.client.select_folder, folder, readonly=readonly)
        return self._call(self.client.search, ["HEADER", "Message-ID", wanted])

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
        """uid -> the message's first BODY_LIMIT bytes (a huge message is read only in part).

        A message cut there (an offer letter with a large PDF before its text) is read again as
        its header and its text part alone, found by its BODYSTRUCTURE, so that its words are
        read whatever comes before them."""
        data = self._call(self.client.fetch, uids, [f"BODY.PEEK[]<0.{BODY_LIMIT}>"])
        result = {}
        for uid, item in data.items():
            raw = next((v for k, v in item.items() if k.startswith(b"BODY[]")), b"")
            result[uid] = raw or b""
        for uid in [u for u, raw in result.items() if len(raw) >= BODY_LIMIT]:
            result[uid] = self._text_part(uid) or result[uid]
        return result

    def _text_part(self, uid: int) -> bytes | None:
        """A large message as its header and its first text part (plain, else HTML), as one
        single-part message; None when it has no such part, or it cannot be read so."""
        structure = self._call(self.client.fetch, [uid], ["BODYSTRUCTURE"]).get(uid, {}).get(b"BODYSTRUCTURE")
        number = _text_part_number(structure) if structure is not None else None
        if number is None:
            return None
        items = [b"BODY[HEADER]", f"BODY[{number}.MIME]".encode(), f"BODY[{number}]<0>".encode()]
        fetched = self._call(self.client.fetch, [uid], [
            "BODY.PEEK[HEADER]", f"BODY.PEEK[{number}.MIME]", f"BODY.PEEK[{number}]<0.{BODY_LIMIT}>"]).get(uid, {})
        header, mime, body = (fetched.get(key) or b"" for key in items)
        if not header or not mime:
            return None
        # the message's own header without what says it is multipart, then the part's
        kept = [line for line in _unfolded(header) if not line.lower().startswith(
            (b"content-type:", b"content-transfer-encoding:", b"content-disposition:"))]
        return b"\r\n".join(kept) + b"\r\n" + mime.rstrip(b"\r\n") + b"\r\n\r\n" + body

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
            return DeliveryError(f"IMAP {host_port(account.imap_host, account.imap_port)}: TLS mismatch: {text} (check imap_tls and the port)")
        return DeliveryError(f"IMAP {account.imap_host}: {text}", temporary=True)


def searchable_id(message_id: str, host: str) -> str:
    """A Message-ID to search a folder by (HEADER Message-ID), trimmed; DeliveryError, before
    anything is sent, for one that is not a well-formed Message-ID (compose_email.message_id_problem).

    imapclient quotes a search value (RFC 3501 quoted string: \\ and \" escaped) but cannot
    quote a line break, which ends the command: the rest of the value would reach the server as
    commands of its own. Only Afterview's own Message-IDs are searched for, so a value with a
    control character, a quote or a space is a damaged or hand-edited record (a restore of a
    changed backup, a copied database), never sent."""
    from afterview.delivery.compose_email import message_id_problem, shown_id

    wanted = message_id.strip() if isinstance(message_id, str) else message_id
    problem = message_id_problem(wanted)
    if problem:
        raise DeliveryError(f"IMAP {host}: not searched for the Message-ID {shown_id(message_id)}: it {problem} (a "
                            "damaged or hand-edited record; nothing was sent to the server)")
    return wanted


# A login the server refused for a reason of its own (RFC 5530 response codes): said as that
# reason, with what to do, not as a wrong password; True where trying again later may work.
LOGIN_REFUSALS = {
    "LIMIT": (LIMIT_REACHED, True),
    "UNAVAILABLE": ("the server cannot log anyone in just now, not a password problem: try again later", True),
    "INUSE": ("the mailbox is in use by another program, not a password problem: try again later", True),
    "EXPIRED": ("the password has expired: renew it with the mail provider", False),
    "PRIVACYREQUIRED": ("the server takes logins only over an encrypted connection: check imap_tls", False),
    "CONTACTADMIN": ("the server asks you to contact its administrator", False),
    "AUTHORIZATIONFAILED": ("the password was accepted, but this login may not use the mailbox: check the "
                            "account's user", False),
}


def login_refusal(said: str) -> tuple[str, bool] | None:
    """(what it is, temporary) for a refused login whose reply names a reason other than the
    password, or None (AUTHENTICATIONFAILED, or no reason: the password, as far as one can tell)."""
    code = re.search(r"\[([A-Z-]+)", said)
    if code and code.group(1) in LOGIN_REFUSALS:
        return LOGIN_REFUSALS[code.group(1)]
    if code and code.group(1) == "AUTHENTICATIONFAILED":
        return None
    if CONNECTION_LIMIT.search(said):  # a limit said in words, with no code of it
        return LOGIN_REFUSALS["LIMIT"]
    return None


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


def _text_part_number(structure, prefix: str = "") -> str | None:
    """The IMAP part number ("1", "2.1") of the first text/plain part of a BODYSTRUCTURE, else of
    the first text/html one (an attachment, a text file named in its disposition, is not
    the message's text)."""
    found: dict[bytes, str] = {}

    def walk(part, number: str) -> None:
        if isinstance(part[0], list):  # multipart: its parts, then its subtype
            for index, child in enumerate(part[0], start=1):
                walk(child, f"{number}.{index}" if number else str(index))
            return
        kind = (part[0] or b"").lower() if isinstance(part[0], bytes) else b""
        subtype = (part[1] or b"").lower() if isinstance(part[1], bytes) else b""
        # its disposition: after the fields every part has (and a text part's line count)
        attached = any(isinstance(extra, (tuple, list)) and extra and isinstance(extra[0], bytes)
                       and extra[0].lower() == b"attachment" for extra in part[7:])
        if kind == b"text" and subtype in (b"plain", b"html") and not attached:
            found.setdefault(subtype, number or "1")

    try:
        walk(structure, prefix)
    except (IndexError, TypeError):  # a structure of a shape not foreseen: read as it came
        return None
    return found.get(b"plain") or found.get(b"html")


def _unfolded(header: bytes) -> list[bytes]:
    """A header block as one line per field (continuation lines joined to theirs)."""
    lines: list[bytes] = []
    for line in header.replace(b"\r\n", b"\n").split(b"\n"):
        if not line:
            continue
        if line[:1] in (b" ", b"\t") and lines:
            lines[-1] += b"\r\n" + line
        else:
            lines.append(line)
    return lines
