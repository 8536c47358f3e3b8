"""SMTP submission through the user's own server: connect, authenticate, send, and say what failed.

Every failure becomes a DeliveryError with one line naming the server and the cause (DNS,
refused, timeout, TLS mismatch, authentication, the server's own reply). `temporary` tells the
outbox whether a retry may help (4xx, network trouble before the message was handed over).
`OutcomeUnknown` is the one case that must never be retried automatically: the whole message
was transmitted and the connection failed before the server's answer.
"""

from __future__ import annotations

import os
import re
import socket
import ssl
from dataclasses import dataclass, field

from afterview.delivery.accounts import Account, host_port, plaintext_login, redact, secret
from afterview.errors import ConfigError, DeliveryError

CRASH_ENV = "AFTERVIEW_TEST_CRASH_AT"  # test-only fault injection, see tests/delivery
SIGTERM_ENV = "AFTERVIEW_TEST_SIGTERM_AT"  # test-only: a SIGTERM at a named step
TOKEN_REFUSED = "the access token from token_command was refused: it may have expired, or be for another user"
# What EHLO says this computer is: an address literal (RFC 5321 4.1.3), not smtplib's default, the
# machine's own name ("alex-macbook.fritz.box"), which providers copy into the Received: header
# the recipient sees.
EHLO_NAME = "[127.0.0.1]"


class OutcomeUnknown(DeliveryError):
    """The message was transmitted but no answer came: it may or may not have been accepted."""


class TimedOut(DeliveryError):
    """The server did not answer within the account's timeout (always temporary): another try
    at this moment would most likely wait as long for nothing (see services.delivery: Unread)."""


class RecipientRefused(DeliveryError):
    """The server refused one recipient (its RCPT TO): a matter of that address, not of the
    connection or the account (the outbox does not count it as the account's trouble)."""


# The servers (what, host, port) known to have answered: a later timeout there is a server hung
# or overloaded, not a port that expects implicit TLS (see network_error). Filled by a greeting
# on a connection of this process, and, before a send, from what the database knows of the
# account (services.delivery: a message sent through it, a check that passed), so that a
# command run by cron, which starts with nothing in memory, knows it too.
GREETED: set[tuple[str, str, int]] = set()


def greeted(what: str, host: str, port: int) -> None:
    """Remember that this server answered (an SMTP 220, an IMAP * OK): on a connection of this
    process, or on an earlier one, as the database records it."""
    GREETED.add((what, host, port))


def crash_point(name: str) -> None:
    """Test-only: kill this process at a named step when AFTERVIEW_TEST_CRASH_AT says so; or
    send it SIGTERM there (as `timeout` would) when AFTERVIEW_TEST_SIGTERM_AT says so."""
    if os.environ.get(CRASH_ENV) == name:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get(SIGTERM_ENV) == name:
        import signal

        os.kill(os.getpid(), signal.SIGTERM)


def tls_context(account: Account) -> ssl.SSLContext:
    try:
        return ssl.create_default_context(cafile=os.path.expanduser(account.tls_ca_file) if account.tls_ca_file else None)
    except (OSError, ssl.SSLError) as err:  # a file moved away, or not a certificate
        reason = "not a certificate file" if isinstance(err, ssl.SSLError) else err.strerror or str(err)
        raise DeliveryError(f"account {account.name}: tls_ca_file {account.tls_ca_file}: {reason}") from None


def network_error(err: BaseException, what: str, host: str, port: int, tls: str, ca_file: str = "", *,
                  answered: bool = True) -> DeliveryError:
    """One line for a failure to reach or talk to a server; temporary where retrying may help.
    `ca_file`: the account's tls_ca_file, to say what to do about a certificate not trusted.
    `answered`: the server had greeted on this connection (False while waiting for its greeting
    on a new one). A timeout is said as what it waited for; only a greeting that never came, from
    a server that never greeted this process, on a port not set to implicit TLS, may be a port
    that expects TLS from the first byte: only then is that hint given."""
    where = f"{what} {host_port(host, port)}"
    if isinstance(err, socket.gaierror):
        return DeliveryError(f"{where}: host name not found (DNS): check the server name", temporary=True)
    if isinstance(err, ConnectionRefusedError):
        return DeliveryError(f"{where}: connection refused: wrong port, or the server is down", temporary=True)
    if isinstance(err, (socket.timeout, TimeoutError)):
        if answered:
            return TimedOut(f"{where}: timed out waiting for the server's answer", temporary=True)
        if tls == "implicit":
            return TimedOut(f"{where}: timed out", temporary=True)
        if (what, host, port) in GREETED:  # it greeted earlier: hung or overloaded now, not a TLS port
            return TimedOut(f"{where}: timed out waiting for the server's greeting (it answered earlier)",
                            temporary=True)
        return TimedOut(f"{where}: timed out (the port may expect implicit TLS: choose implicit as its security, "
                        f"{what.lower()}_tls = \"implicit\")", temporary=True)
    if isinstance(err, ssl.SSLCertVerificationError):
        return DeliveryError(f"{where}: the server's certificate is not trusted: {err.verify_message}"
                             f"{untrusted_hint(err.verify_message or '', ca_file)}")
    if isinstance(err, ssl.SSLError):
        hint = (f"the port does not speak TLS right away: try {what.lower()}_tls = \"starttls\""
                if tls == "implicit" else str(err.reason or err))
        return DeliveryError(f"{where}: TLS mismatch: {hint}")
    if isinstance(err, (ConnectionResetError, BrokenPipeError, EOFError)):
        return DeliveryError(f"{where}: the server closed the connection", temporary=True)
    return DeliveryError(f"{where}: {type(err).__name__}: {err}", temporary=True)


# A login refused for too many connections, in the words servers use when they give no code of
# it (IMAP's [LIMIT]): Gmail's "Too many simultaneous connections", Dovecot's "Maximum number of
# connections from user+IP exceeded", "421 4.7.0 Too many concurrent SMTP connections"
CONNECTION_LIMIT = re.compile(r"too many (?:simultaneous |concurrent |open )?(?:\w+ )?(?:connections|sessions)"
                              r"|maximum number of (?:\w+ )?(?:connections|sessions)|connection limit", re.IGNORECASE)
TRY_LATER = ("the server asks to try again later (a limit of its own for now, such as too many messages or "
             "connections), not a setting to change: it is tried again later")
LIMIT_REACHED = ("the server's limit of connections was reached, not a password problem: close other mail programs "
                 "using this account, or try again later")


def login_refusal(code: int, said: str) -> str | None:
    """What a refused SMTP login is when it is not the password: a limit of connections, or a
    refusal for now (a 4xx reply: 421 service not available, 454 temporary authentication
    failure), which trying again later may get past; None for a 5xx reply (535: the password)."""
    if CONNECTION_LIMIT.search(said):
        return LIMIT_REACHED
    if 400 <= code < 500:
        return "the server refused the login for now, not a password problem: try again later"
    return None


def untrusted_hint(reason: str, ca_file: str = "") -> str:
    """What to do about a server certificate that is not trusted, as the end of its line."""
    if "mismatch" in reason.lower():  # a certificate for another name: no CA file changes that
        return " (use the server name its certificate is for)"
    if ca_file:
        return f" (it is not signed by tls_ca_file {ca_file}: give the CA certificate of this server)"
    return (" (a self-hosted server with its own certificate: trust it with tls_ca_file = \"/path/to/ca.pem\" in "
            "the account's section of config.toml, or add the account with --tls-ca-file FILE)")


@dataclass
class SmtpConnection:
    """One authenticated SMTP session, reused for several messages."""

    account: Account
    client: object = None
    _secret: str = field(default="", repr=False)  # while logged in: hidden in every error made from a reply

    def open(self) -> "SmtpConnection":
        import smtplib

        a = self.account
        if not a.smtp_host:
            raise DeliveryError(f"account {a.name}: no smtp_host set")
        refused = plaintext_login(a, "smtp")
        if refused:  # said before any connection: the password never leaves
            raise DeliveryError(f"SMTP {a.smtp_host}: not logging in: {refused} in [accounts.{a.name}] of config.toml")
        answered = False  # the server's greeting came (the constructors connect and read it)
        try:
            if a.smtp_tls == "implicit":
                client = smtplib.SMTP_SSL(a.smtp_host, a.smtp_port, local_hostname=EHLO_NAME, timeout=a.timeout,
                                          context=tls_context(a))
            else:
                client = smtplib.SMTP(a.smtp_host, a.smtp_port, local_hostname=EHLO_NAME, timeout=a.timeout)
            answered = True
            greeted("SMTP", a.smtp_host, a.smtp_port)
            if a.smtp_tls != "implicit":
                self._ehlo(client)
                if a.smtp_tls == "starttls":
                    if not client.has_extn("starttls"):
                        client.close()
                        raise DeliveryError(f"SMTP {host_port(a.smtp_host, a.smtp_port)}: the server does not offer STARTTLS (TLS mismatch: check smtp_tls and the port)")
                    client.starttls(context=tls_context(a))
                    self._ehlo(client)
            else:
                self._ehlo(client)
        except DeliveryError:
            raise
        except smtplib.SMTPConnectError as err:  # its greeting was a refusal: a 421 asks to come back later
            if 400 <= (err.smtp_code or 0) < 500:
                raise DeliveryError(f"SMTP {host_port(a.smtp_host, a.smtp_port)}: {self._said(err)} ({TRY_LATER})",
                                    temporary=True) from None
            raise DeliveryError(f"SMTP {host_port(a.smtp_host, a.smtp_port)}: {self._said(err)}", temporary=True) from None
        except smtplib.SMTPServerDisconnected as err:
            cause = err.__context__  # smtplib says a read that timed out as "Connection unexpectedly closed"
            if isinstance(cause, (socket.timeout, TimeoutError)):
                raise network_error(cause, "SMTP", a.smtp_host, a.smtp_port, a.smtp_tls, a.tls_ca_file,
                                    answered=answered) from None
            if answered:
                raise DeliveryError(f"SMTP {host_port(a.smtp_host, a.smtp_port)}: the server closed the connection",
                                    temporary=True) from None
            hint = " (a TLS port? try smtp_tls = \"implicit\")" if a.smtp_tls != "implicit" else ""
            raise DeliveryError(f"SMTP {host_port(a.smtp_host, a.smtp_port)}: the server closed the connection at once{hint}", temporary=True) from None
        except smtplib.SMTPException as err:
            raise DeliveryError(f"SMTP {host_port(a.smtp_host, a.smtp_port)}: {self._said(err)}", temporary=True) from None
        except (OSError, EOFError) as err:
            raise network_error(err, "SMTP", a.smtp_host, a.smtp_port, a.smtp_tls, a.tls_ca_file,
                                answered=answered) from None
        self.client = client
        self._login()
        return self

    def _ehlo(self, client) -> None:
        """EHLO, and a refusal of it said as what it is: a 4xx (421 4.7.0 "Try again later") is
        the server asking to come back later, a limit of its own (too many messages or
        connections for now), not a missing STARTTLS; temporary, so the message is tried again
        later, as after any other 4xx."""
        code, reply = client.ehlo()
        if 400 <= code < 500:
            a = self.account
            said = self._said((code, reply))
            try:
                client.close()
            except Exception:  # (a connection the server closed already)
                pass
            raise DeliveryError(f"SMTP {host_port(a.smtp_host, a.smtp_port)}: {said} ({TRY_LATER})", temporary=True)

    def _login(self) -> None:
        import smtplib

        a = self.account
        try:
            password = secret(a)
        except ConfigError as err:
            # No secret (e.g. a failing token_command): nothing can be sent, so this message fails
            # now, instead of staying claimed as "sending" and later looking like an unknown outcome.
            self.close()
            raise DeliveryError(str(err)) from None
        self._secret = password
        try:
            if a.auth == "xoauth2":
                token = f"user={a.login}\x01auth=Bearer {password}\x01\x01"
                # After a failed token the server sends an error challenge: answer it empty.
                self.client.auth("XOAUTH2", lambda challenge=None: token if challenge is None else "",
                                 initial_response_ok=True)
            elif (a.login + password).isascii():
                self.client.login(a.login, password)  # smtplib chooses among CRAM-MD5, PLAIN and LOGIN
            else:
                self._utf8_login(a.login, password)
        except smtplib.SMTPAuthenticationError as err:
            said = self._said(err)  # (before close forgets the secret)
            self.close()
            refusal = login_refusal(err.smtp_code, said)
            if refusal is not None:  # the server's reason, not the password (a limit, a pause)
                raise DeliveryError(f"SMTP {a.smtp_host}: login refused for {a.login}: {said} ({refusal})",
                                    temporary=True) from None
            hint = TOKEN_REFUSED if a.auth == "xoauth2" else "check the password or app password"
            raise DeliveryError(f"SMTP {a.smtp_host}: authentication failed for {a.login}: {said} ({hint})") from None
        except smtplib.SMTPNotSupportedError:
            self.close()
            raise DeliveryError(f"SMTP {a.smtp_host}: the server offers no login on this connection (TLS needed? check smtp_tls)") from None
        except DeliveryError:
            self.close()
            raise
        except smtplib.SMTPException as err:
            said = self._said(err)
            self.close()
            raise DeliveryError(f"SMTP {a.smtp_host}: login failed: {said}", temporary=True) from None
        except OSError as err:
            self.close()
            raise network_error(err, "SMTP", a.smtp_host, a.smtp_port, a.smtp_tls, a.tls_ca_file) from None

    def _utf8_login(self, login: str, password: str) -> None:
        """SASL PLAIN with the login and password in UTF-8 (RFC 4616): smtplib's login sends
        them as ASCII only. A server without PLAIN is said in one line."""
        import base64
        import smtplib

        client = self.client
        client.ehlo_or_helo_if_needed()
        if not client.has_extn("auth"):
            raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
        if "PLAIN" not in client.esmtp_features["auth"].upper().split():
            raise DeliveryError(
                f"SMTP {self.account.smtp_host}: the server's login takes only ASCII: it offers no PLAIN login, the one "
                "that carries other letters (UTF-8); use a password of ASCII letters, digits and signs for this account")
        response = base64.b64encode(sasl_plain(login, password)).decode("ascii")
        code, reply = client.docmd("AUTH", f"PLAIN {response}")
        if code not in (235, 503):  # 503: already logged in, as smtplib counts it
            raise smtplib.SMTPAuthenticationError(code, reply)

    def send(self, sender: str, recipients: list[str], data: bytes) -> str:
        """Send one message; the server's reply on success. Raises DeliveryError or OutcomeUnknown."""
        import smtplib

        client = self.client
        try:
            self._command(client.mail(sender), "MAIL FROM")
            for rcpt in recipients:
                self._command(client.rcpt(rcpt), f"RCPT TO {rcpt}", RecipientRefused)
            code, reply = client.docmd("DATA")
            if code != 354:
                self._command((code, reply), "DATA")
        except smtplib.SMTPServerDisconnected:
            raise DeliveryError(f"SMTP {self.account.smtp_host}: the server closed the connection before the message was sent", temporary=True) from None
        except smtplib.SMTPResponseException as err:  # an answer smtplib could not read (a line over its limit)
            raise DeliveryError(f"SMTP {self.account.smtp_host}: the server's answer could not be read "
                                f"({self._said(err)}) before the message was sent", temporary=True) from None
        except OSError as err:
            raise network_error(err, "SMTP", self.account.smtp_host, self.account.smtp_port, self.account.smtp_tls,
                                self.account.tls_ca_file) from None
        return self._transmit(data)

    def _transmit(self, data: bytes) -> str:
        import smtplib

        client = self.client
        body = _dot_stuff(data)
        if "during_data" in (os.environ.get(CRASH_ENV), os.environ.get(SIGTERM_ENV)):
            client.sock.sendall(body[: len(body) // 2])
            crash_point("during_data")
        try:
            client.sock.sendall(body + b".\r\n")
        except OSError:
            # The end-of-data mark never left: the server cannot have accepted the message.
            raise DeliveryError(f"SMTP {self.account.smtp_host}: the connection broke while sending the message", temporary=True) from None
        try:
            code, reply = client.getreply()
        except smtplib.SMTPResponseException as err:
            # An answer smtplib could not read (a line over its 8 KB limit): the server may have
            # taken the message all the same.
            raise OutcomeUnknown(
                f"SMTP {self.account.smtp_host}: the server's answer after the whole message was sent could not be "
                f"read ({self._said(err)})") from None
        except (smtplib.SMTPServerDisconnected, OSError) as err:  # (SMTPResponseException is an OSError too)
            # smtplib says a read that timed out as "Connection unexpectedly closed" (the cause kept)
            cause = err if isinstance(err, (socket.timeout, TimeoutError)) else err.__context__
            if isinstance(cause, (socket.timeout, TimeoutError)):
                raise OutcomeUnknown(
                    f"SMTP {self.account.smtp_host}: timed out waiting for the server's answer ({self.account.timeout:g} s) "
                    "after the whole message was sent") from None
            raise OutcomeUnknown(
                f"SMTP {self.account.smtp_host}: the connection broke after the whole message was sent, before the server's answer"
            ) from None
        if code != 250:
            if 400 <= code < 600:
                self._command((code, reply), "end of data")
            # RFC 5321: only 250 ends DATA well. Another answer (a 251, a 354) is no refusal either:
            # the server may have taken the message, so it is never said sent, nor sent again.
            raise OutcomeUnknown(f"SMTP {self.account.smtp_host}: the server answered the end of the message with "
                                 f"{self._said((code, reply))}, not 250: it may or may not have taken it")
        return self._said((code, reply))

    def _command(self, result: tuple[int, bytes], what: str, error: type[DeliveryError] = DeliveryError) -> None:
        code, reply = result
        if 200 <= code < 400:
            return
        text = f"SMTP {self.account.smtp_host}: {what} refused: {self._said(result)}"
        try:
            self.client.rset()  # leave the session clean for the next message
        except Exception:  # a broken session: the next message reconnects
            self.client = None
        raise error(text, temporary=400 <= code < 500)

    def _said(self, reply) -> str:
        """A server's reply as an error line says it: an exception of smtplib (its code and text),
        or (code, text); the secret hidden (accounts.redact) before its spaces are folded."""
        if isinstance(reply, tuple):
            code, value = reply
        else:
            code, value = getattr(reply, "smtp_code", ""), getattr(reply, "smtp_error", None)
            if value is None:  # no reply of the server's: smtplib's own words
                code, value = "", str(reply)
        text = value.decode(errors="replace") if isinstance(value, bytes) else str(value)
        return " ".join(f"{code} {redact(text, self._secret, self.account.login)}".split())

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.quit()
            except Exception:  # closing a broken session must not hide the real error
                try:
                    self.client.close()
                except Exception:
                    pass
            self.client = None
        self._secret = ""


def sasl_plain(login: str, password: str) -> bytes:
    """The SASL PLAIN message (RFC 4616): no authorization identity, the login and the password,
    in UTF-8 (bytes a non-UTF-8 environment gave are passed on as they are)."""
    return b"\0" + login.encode("utf-8", "surrogateescape") + b"\0" + password.encode("utf-8", "surrogateescape")


def _dot_stuff(data: bytes) -> bytes:
    """RFC 5321 transparency: a line starting with '.' gets another; end with CRLF."""
    import re

    data = re.sub(rb"\r\n|\r|\n", b"\r\n", data)
    stuffed = re.sub(rb"(?m)^\.", b"..", data)
    return stuffed if stuffed.endswith(b"\r\n") else stuffed + b"\r\n"
