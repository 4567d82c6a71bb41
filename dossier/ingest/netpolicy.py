"""Which addresses ingest may connect to (SSRF protection).

By default every URL whose host is, or resolves to, an address that is not globally routable is refused:
loopback, private, link-local, multicast, reserved, unspecified, shared (CGNAT), documentation and
benchmarking ranges, IPv4 and IPv6, including IPv4 embedded in IPv6 (mapped, NAT64, 6to4, Teredo) and
the numeric host forms that resolvers accept (``2130706433``, ``0x7f.1``, ``0177.0.0.1``).

``check`` returns the addresses it approved; the fetcher connects to one of those (not to the name
again), so a DNS answer that changes between check and connect (DNS rebinding) cannot slip through.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

import idna

from dossier.ingest.errors import RefusedError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_6TO4 = ipaddress.IPv6Network("2002::/16")


def parse_ipv4_number(host: str) -> ipaddress.IPv4Address | None:
    """Parse the numeric IPv4 forms of the WHATWG URL standard and inet_aton.

    1 to 4 dot-separated parts, each decimal, hex (``0x``) or octal (leading ``0``); the last part fills
    the remaining bytes: ``2130706433``, ``0x7f.1``, ``127.1``, ``0177.0.0.01`` are all 127.0.0.1.
    Returns None when ``host`` is not such a number (it is then a name to resolve).
    """
    parts = host.split(".")
    if parts and parts[-1] == "":  # a trailing dot is allowed
        parts = parts[:-1]
    if not 1 <= len(parts) <= 4:
        return None
    numbers: list[int] = []
    for part in parts:
        try:
            if part.lower().startswith("0x"):
                numbers.append(int(part[2:] or "0", 16))
            elif len(part) > 1 and part.startswith("0"):
                numbers.append(int(part, 8))
            elif part.isdigit():
                numbers.append(int(part, 10))
            else:
                return None
        except ValueError:
            return None
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        return None
    value = last
    for index, number in enumerate(head):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def literal_address(host: str) -> IPAddress | None:
    """The address a host names literally (IPv6 with or without brackets, IPv4 in any numeric form)."""
    host = host.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return None
    return parse_ipv4_number(host)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]  # the client's address
    packed = address.packed
    if packed[:12] == bytes(12) and int(address) > 1:  # deprecated IPv4-compatible ::a.b.c.d
        return ipaddress.IPv4Address(packed[12:])
    return None


def refusal_reason(address: IPAddress) -> str | None:
    """Why ingest must not connect to ``address`` ("loopback", "private", ...), or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            reason = refusal_reason(embedded)
            return f"{reason} (IPv4 {embedded} inside IPv6)" if reason else None
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("site-local", isinstance(address, ipaddress.IPv6Address) and address.is_site_local),
    )
    for reason, hit in checks:
        if hit:
            return reason
    if not address.is_global:  # shared address space 100.64/10, documentation, benchmarking, ...
        return "not globally routable"
    return None


def ascii_host(host: str) -> str:
    """The host as it is looked up and sent (IDNA 2008 with UTS #46 mapping, as httpx sends it).

    Python's own "idna" codec is IDNA 2003, which maps some names (faß.de) to another host."""
    if host.isascii():
        return host.lower()
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise RefusedError(f"bad host name {host!r}: {exc}") from None


def system_resolver(host: str, port: int) -> list[str]:
    """All addresses the system resolver gives for ``host`` (A and AAAA)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


class NetPolicy:
    """Decides whether a URL may be fetched, and which address to connect to."""

    def __init__(
        self,
        allow_private: bool = False,
        resolver: Resolver | None = None,
        allow_networks: Sequence[str] = (),
    ) -> None:
        self.allow_private = allow_private
        self.resolver = resolver or system_resolver
        self.allow_networks = [ipaddress.ip_network(n, strict=False) for n in allow_networks]

    def _allowed(self, address: IPAddress) -> bool:
        return any(address.version == n.version and address in n for n in self.allow_networks)

    def check(self, url: str) -> list[IPAddress]:
        """The approved addresses for ``url``'s host; raises RefusedError if any is not public.

        With ``allow_private`` nothing is refused and the list is empty (connect by name as usual).
        """
        try:
            parts = urlsplit(url)
        except ValueError as exc:  # "http://[::1": an unclosed or bad bracketed host
            raise RefusedError(f"refusing {url!r}: not a valid URL ({exc})") from None
        if parts.scheme not in ("http", "https"):
            raise RefusedError(f"refusing {url!r}: only http and https URLs are fetched")
        try:
            host = parts.hostname
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise RefusedError(f"refusing {url!r}: bad host or port ({exc})") from None
        if not host:
            raise RefusedError(f"refusing {url!r}: no host")
        if self.allow_private:
            return []
        literal = literal_address(host)
        if literal is not None:
            addresses: list[IPAddress] = [literal]
        else:
            try:
                answers = self.resolver(ascii_host(host), port)
            except (OSError, UnicodeError) as exc:
                raise RefusedError(f"cannot resolve host {host!r}: {exc}", stage="fetch") from None
            addresses = []
            for answer in answers:
                try:
                    addresses.append(ipaddress.ip_address(answer.split("%", 1)[0]))
                except ValueError:
                    raise RefusedError(f"refusing {url!r}: resolver gave a bad address {answer!r}") from None
            if not addresses:
                raise RefusedError(f"cannot resolve host {host!r}: no addresses", stage="fetch")
        for address in addresses:
            reason = refusal_reason(address)
            if reason and not self._allowed(address):
                shown = f"{host} ({address})" if str(address) != host.strip("[]") else host
                raise RefusedError(
                    f"refusing {url!r}: {shown} is not a public address ({reason}); "
                    "pass --allow-private (allow_private: true) to fetch it"
                )
        return list(dict.fromkeys(addresses))
