"""`afterview serve`: open the follow-up desk in the browser, on this machine only."""

from __future__ import annotations

import click

from afterview.interfaces.cli.common import Env, pass_env

DEFAULT_PORT = 8765
MAIL_INTERVAL = 60.0  # seconds between the desk's mail rounds, as `afterview worker` by default
LOOPBACK = ("127.0.0.1", "localhost", "::1")
EVERY_ADDRESS = ("0.0.0.0", "::")  # --host values that listen on all the machine's addresses (:: see _bound)
BACKLOG = 2048  # connections the listening socket queues before the server takes them (uvicorn's default)


def pick_port(host: str, wanted: int, *, taken=None) -> int:
    """The port `listening` takes on `host` for `wanted` (its sockets closed again): `wanted`
    when it is free, else one the system chooses, `taken(line)` told why. InvalidInput, in one
    line, when `host` is no address of this machine or nothing can be bound."""
    sockets, _ = listening(host, wanted, taken=taken)
    chosen = _port_of(sockets)
    for sock in sockets:
        sock.close()
    return chosen


def listening(host: str, wanted: int, *, taken=None):
    """The sockets the desk listens on, bound to `host` (each of its addresses, as the server
    would bind them) and listening, on port `wanted` when it is free, else on a port the system
    chooses; `taken(line)` is then told, in one line, why `wanted` could not be used and which
    port is used instead. Returns them and whether they take IPv4 as well (on `::`, dual-stack
    where the system allows it: `_dual_stack`; True for any other host).

    Bound before the login link is said, and given to the server (uvicorn's `sockets`): a link
    opened at once finds the desk listening (a connection waits in the socket's queue while the
    server starts), and the port said is the one listened on, never taken meanwhile. SO_REUSEADDR
    as asyncio sets it (`_reuses_address`): a desk stopped a moment ago leaves its connections in
    TIME_WAIT for a minute or so, which the desk may listen beside, so its port is still the one
    asked for; one that another program listens on is taken.

    InvalidInput, in one line, when `host` is no address of this machine or nothing can be bound.
    """
    import errno

    from afterview.errors import InvalidInput

    addresses = _addresses(host)
    last = None
    for port in ((wanted, 0) if wanted else (0,)):
        try:
            sockets, dual = _bound_all(addresses, host, port)
        except OSError as err:
            if err.errno == errno.EADDRNOTAVAIL:
                raise InvalidInput(f"cannot listen on {host}: it is not an address of this machine") from None
            last = err
            continue
        chosen = _port_of(sockets)
        if port != wanted and wanted and taken is not None and last is not None:
            why = ("is taken (another program listens on it)" if last.errno == errno.EADDRINUSE
                   else f"cannot be used ({(last.strerror or str(last)).lower()})")
            taken(f"Port {wanted} {why}: the desk listens on port {chosen} instead.")
        return sockets, dual if host == "::" else True
    raise InvalidInput(f"cannot listen on {host}: {last.strerror if last else 'no free port'}")


def _port_of(sockets) -> int:
    """The port the desk's `sockets` listen on (all on one)."""
    return sockets[0].getsockname()[1]


def _addresses(host: str) -> list[tuple]:
    """`host`'s addresses to listen on, as (family, address) in the system's order, each once (a
    name may have several: localhost is 127.0.0.1 and ::1), as asyncio's create_server binds a
    name. InvalidInput, in one line, when it is no address or name this machine knows."""
    import socket

    from afterview.errors import InvalidInput

    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as err:
        reason = err.strerror if isinstance(err, socket.gaierror) and err.strerror else "not a valid name"
        raise InvalidInput(f"--host {host!r} is not an address or name this machine knows ({reason})") from None
    addresses: list[tuple] = []
    for family, _, _, _, sockaddr in found:
        if family in (socket.AF_INET, socket.AF_INET6) and (family, sockaddr[0]) not in addresses:
            addresses.append((family, sockaddr[0]))
    if not addresses:
        raise InvalidInput(f"--host {host!r} is not an IPv4 or IPv6 address of this machine")
    return addresses


def _bound_all(addresses: list[tuple], host: str, port: int):
    """A listening socket on each of `addresses` (`_addresses`), all on one port: `port`, or,
    for 0, the one the system gives the first. A name's address this machine lacks (::1 for
    localhost, without IPv6) is left out while another is bound. Returns them and whether the one
    on `::` takes IPv4 as well; OSError, every socket closed, when one cannot be bound or listen."""
    import errno

    sockets, dual, lacking = [], False, None
    try:
        for family, address in addresses:
            try:
                sock, both = _bound(family, address, _port_of(sockets) if sockets else port, dual_stack=host == "::")
            except OSError as err:
                if len(addresses) > 1 and err.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
                    lacking = err
                    continue
                raise
            sockets.append(sock)
            dual = dual or both
            sock.listen(BACKLOG)
        if not sockets:
            raise lacking
    except BaseException:
        for sock in sockets:
            sock.close()
        raise
    return sockets, dual


def _bound(family, host: str, port: int, *, dual_stack: bool = False):
    """A socket of `family` bound to (host, port) as asyncio's create_server binds one (the
    server's, under uvicorn): SO_REUSEADDR where it sets it (_reuses_address), an IPv6 socket
    taking IPv6 alone, but, with `dual_stack` (on `::`), IPv4 as well where the system allows it
    (_dual_stack), so that :: listens on all of this machine's addresses, as 0.0.0.0 does on its
    IPv4 ones, and the login link on 127.0.0.1 works. Returns it and whether it takes IPv4 as
    well (False unless `dual_stack`); OSError, the socket closed, when it cannot be bound."""
    import socket

    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if _reuses_address():
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        dual = False
        if family == socket.AF_INET6:
            dual = _dual_stack(sock) if dual_stack else _v6_only(sock)
        sock.bind((host, port))
    except BaseException:
        sock.close()
        raise
    return sock, dual


def _dual_stack(sock) -> bool:
    """Make an IPv6 socket take IPv4 connections as well (IPV6_V6ONLY off, whatever the system's
    default); False when the system does not allow it (the socket then takes IPv6 alone)."""
    import socket

    try:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    except (OSError, AttributeError):
        return False
    return True


def _v6_only(sock) -> bool:
    """An IPv6 socket taking IPv6 alone, as asyncio's create_server sets it. False."""
    import socket

    try:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    except (OSError, AttributeError):
        pass
    return False


def listened_addresses(host: str, takes_ipv4: bool, addresses: list[str]) -> list[str]:
    """Of this machine's `addresses`, those the desk listens on when bound to `host` (0.0.0.0 or
    ::): IPv4 ones on 0.0.0.0, IPv6 ones on ::, both on a dual-stack :: (`takes_ipv4`)."""
    if host == "0.0.0.0":
        return [address for address in addresses if ":" not in address]
    return [address for address in addresses if takes_ipv4 or ":" in address]


def _reuses_address() -> bool:
    """Whether the server's listening socket has SO_REUSEADDR, as asyncio's create_server (uvicorn)
    sets it: on POSIX (not Cygwin), where it lets a port with connections in TIME_WAIT be listened
    on again; not on Windows, where it would let two programs share a port."""
    import os
    import sys

    return os.name == "posix" and sys.platform != "cygwin"


def allowed_hosts(host: str, port: int, addresses: list[str] | None = None) -> set[str]:
    """The Host headers the desk answers to: loopback names, plus the name it was bound to; bound
    to every address (0.0.0.0, ::), also this machine's own addresses (`addresses`, else
    own_addresses()), so that another device reaches it at http://192.168.1.20:PORT.

    Never any other name: a page whose name an attacker points at this machine (DNS rebinding)
    sends its own name as Host, and is refused whatever the address it reached.
    """
    names = {"127.0.0.1", "localhost", "[::1]"}
    if host not in LOOPBACK:
        names.add(_bracketed(host))
    if host in EVERY_ADDRESS:
        names.update(_bracketed(address) for address in (own_addresses() if addresses is None else addresses))
    return {f"{name}:{port}" for name in names}


def _bracketed(address: str) -> str:
    return f"[{address}]" if ":" in address else address


def own_addresses() -> list[str]:
    """This machine's IP addresses on its networks, as the system knows them without asking any
    other machine: the ones its name resolves to, and the one each family's default route leaves
    from (a UDP socket "connected" to an outside address sends nothing). Loopback, link-local
    (a browser cannot open those) and unspecified addresses are left out. IPv4 first."""
    import ipaddress
    import socket

    found: list[str] = []

    def add(text: str) -> None:
        try:
            ip = ipaddress.ip_address(text.split("%", 1)[0])
        except ValueError:
            return
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast) and str(ip) not in found:
            found.append(str(ip))

    for family, outside in ((socket.AF_INET, "203.0.113.1"), (socket.AF_INET6, "2001:db8::1")):  # documentation ranges
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as probe:
                probe.connect((outside, 9))
                add(probe.getsockname()[0])
        except OSError:  # no route of that family (offline, no IPv6)
            pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, type=socket.SOCK_STREAM):
            add(info[4][0])
    except (OSError, UnicodeError):
        pass
    return sorted(found, key=lambda address: ":" in address)


@click.command()
@click.option("--port", type=int, default=DEFAULT_PORT, show_default=True,
              help="Port to listen on (another free one is used when it is taken; 0 = any).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback makes the desk reachable from the network, over "
                   "plain HTTP; 0.0.0.0 listens on all of this machine's IPv4 addresses, :: on all of its IPv4 "
                   "and IPv6 ones.")
@click.option("--no-browser", is_flag=True, help="Print the login link without opening a browser.")
@click.option("--no-mail", is_flag=True,
              help="Do not send approved notes or read replies while the desk runs (afterview worker does).")
@pass_env
def serve(env: Env, port: int, host: str, no_browser: bool, no_mail: bool) -> None:
    """Open the follow-up desk in your browser.

    The desk listens on this machine only (127.0.0.1). The login link printed here works once;
    the browser keeps a session until the desk stops. While it runs, it reads replies and then
    sends the notes you approved or scheduled when they are due, once a minute (not under --at,
    a moment made up for a demo, and not with --no-mail).
    """
    from afterview.errors import InvalidInput

    if not 0 <= port <= 65535:
        raise InvalidInput(f"--port must be between 0 and 65535, not {port}")
    # first: a host it cannot listen on is one line, and no warning; a port taken is said before the link.
    # Bound and listening before the link is said: a link opened at once is never refused (see `listening`)
    sockets, takes_ipv4 = listening(host, port, taken=lambda line: click.echo(line, err=True))
    try:
        _serve_on(env, sockets, host, takes_ipv4, no_browser=no_browser, no_mail=no_mail)
    finally:
        for sock in sockets:  # closed by the server as it stops; here too when it never started
            sock.close()


def _serve_on(env: Env, sockets, host: str, takes_ipv4: bool, *, no_browser: bool, no_mail: bool) -> None:
    """`serve` on its listening `sockets`: say the link and what the desk does, then run it."""
    import secrets

    chosen = _port_of(sockets)
    if host not in LOOPBACK:
        click.secho(f"warning: listening on {host}: anyone who can reach this address can try to log in; "
                    "keep the login link private. The desk speaks plain HTTP: the link and your session cross "
                    "the network unencrypted, so use it on a network you trust", fg="yellow", err=True)
    token = secrets.token_urlsafe(32)
    from afterview.interfaces.web.app import create_app, load_all_code

    load_all_code()  # the version it starts with, kept while it runs (not modules of an upgrade later)
    mail = not (no_mail or env.at)
    others = listened_addresses(host, takes_ipv4, own_addresses()) if host in EVERY_ADDRESS else []
    app = create_app(env.db_url, now=_clock(env), token=token, allowed_hosts=allowed_hosts(host, chosen, others),
                     paths=env.paths, config=env.config, mail_interval=MAIL_INTERVAL if mail else None,
                     sends=not env.at)
    # the link names a loopback address the desk listens on: 127.0.0.1, or ::1 on an IPv6-only ::
    shown = ("127.0.0.1" if host == "127.0.0.1" or (host in EVERY_ADDRESS and takes_ipv4)
             else "[::1]" if host == "::" else _bracketed(host))
    url = f"http://{shown}:{chosen}/login?token={token}"
    click.secho(f"Afterview desk for {env.store().where}", bold=True)
    click.echo(f"Open this link (it works once): {url}")
    if others:
        at = " or ".join(f"http://{_bracketed(address)}:{chosen}" for address in others)
        which, it = ("address", "it") if len(others) == 1 else ("addresses", "one of them")
        click.echo(f"It also answers at {at} (this machine's {which}): to log in from another device, open the "
                   f"link there with {it} in place of {shown}"
                   + ("." if no_browser else " (start with --no-browser, or this browser uses the link first)."))
    if mail:
        click.echo("While it runs, the desk reads replies and then sends the notes you approve when they are "
                   "due, once a minute (--no-mail: it does not).")
    elif env.at:
        click.echo("At a made-up moment (--at), the desk sends no mail (not even Send now) and reads no replies.")
    click.echo("Press Ctrl+C to stop.")
    if not no_browser:
        _open_browser(url)
    _run(app, sockets)


def _clock(env: Env):
    """A fixed moment under --at (demos, scripts), else the real clock."""
    if env.at:
        fixed = env.now
        return lambda: fixed
    return None


def _open_browser(url: str) -> None:
    import threading
    import webbrowser

    opener = threading.Timer(0.6, lambda: webbrowser.open(url, new=1))
    opener.daemon = True  # never holds the process at exit (a second Ctrl-C would print a traceback)
    opener.start()


def _run(app, sockets) -> None:
    """Serve `app` on the listening `sockets` (`listening`) until Ctrl+C."""
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False,
                            proxy_headers=False, lifespan="on", backlog=BACKLOG)
    uvicorn.Server(config).run(sockets=sockets)
