"""Where a webhook may go: a callback URL read strictly, and the addresses it may reach.

The platform POSTs event notifications to URLs its subscribers choose, so a callback must not
become a way into the platform's own network (server-side request forgery). The rules, pure and
without I/O (resolving a host name and connecting are the services' part):

- the URL is ``https://host[:port]/path[?query]`` (``http`` only where the policy allows it for
  development): at most :data:`MAX_URL_LENGTH` printable ASCII characters, no user information, no
  fragment, no backslash, a port from 1 to 65535;
- the host is a DNS name, a dotted-decimal IPv4 address or a bracketed IPv6 address; the other
  spellings of IPv4 that URL parsers and resolvers accept (``2130706433``, ``0x7f000001``,
  ``0177.0.0.1``, ``127.1``) are refused, since each parser reads them differently;
- every address the host stands for must be public: :func:`refusal` names the range of one that is
  not (private, loopback, link-local, multicast, reserved, unspecified, shared, documentation,
  benchmarking, and IPv6 addresses that embed an IPv4 one: mapped, NAT64, 6to4, Teredo).

A delivery that fails is shown to its subscriber as a :class:`DeliveryFailure` category, never the
raw error text (which would tell what answers at an address, and so scan ports).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

from landsea.errors import InvalidInput

__all__ = [
    "MAX_URL_LENGTH",
    "Address",
    "DeliveryFailure",
    "TargetPolicy",
    "WebhookTarget",
    "parse_target",
    "refusal",
]

MAX_URL_LENGTH = 500

Address = IPv4Address | IPv6Address


class DeliveryFailure(StrEnum):
    """Why a notification was not delivered, as its subscriber is told."""

    INVALID_URL = "invalid_url"
    DNS_FAILURE = "dns_failure"
    REFUSED_ADDRESS = "refused_address"
    CONNECT_FAILED = "connect_failed"
    TLS_ERROR = "tls_error"
    TIMEOUT = "timeout"
    CONNECTION_LOST = "connection_lost"
    REDIRECT = "redirect"
    HTTP_4XX = "http_4xx"
    HTTP_5XX = "http_5xx"
    INTERNAL_ERROR = "internal_error"


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetPolicy:
    """What callbacks may be: by default only ``https`` to public addresses.

    ``allow_http`` and ``allow_loopback`` are for development (a receiver on the same machine).
    """

    allow_http: bool = False
    allow_loopback: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookTarget:
    """A callback URL taken apart: lower-case scheme and host, the port, the path and query."""

    scheme: str
    host: str
    """A DNS name (lower case, no trailing dot) or an IP address (IPv6 without brackets)."""
    port: int
    target: str
    """The path and query, at least ``/``."""
    address: Address | None
    """The host, when it is an IP address."""

    @property
    def host_header(self) -> str:
        """The ``Host`` header: the host (IPv6 in brackets) and a port other than the default."""
        host = f"[{self.host}]" if isinstance(self.address, IPv6Address) else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"

    def url_at(self, address: Address) -> str:
        """The URL with its host replaced by ``address``: where a checked connection goes."""
        host = f"[{address}]" if isinstance(address, IPv6Address) else str(address)
        return f"{self.scheme}://{host}:{self.port}{self.target}"


_URL = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<authority>[^/?]*)(?P<target>.*)")
_AUTHORITY = re.compile(r"(?:\[(?P<ipv6>[^\]]*)\]|(?P<host>[^:\[\]]*))(?::(?P<port>[^:]*))?")
_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")
_NUMERIC = re.compile(r"0x[0-9a-f]*|[0-9]+")


def _invalid(url: str, why: str) -> InvalidInput:
    return InvalidInput(f"callbackUrl {url[:100]!r} {why}")


def parse_target(url: str, policy: TargetPolicy) -> WebhookTarget:
    """Read a callback URL strictly, or raise :class:`~landsea.errors.InvalidInput`.

    Examples
    --------
    >>> parse_target("https://Hooks.Example.com:8443/landsea?x=1", TargetPolicy()).host_header
    'hooks.example.com:8443'
    >>> parse_target("https://127.1/", TargetPolicy())
    Traceback (most recent call last):
    ...
    landsea.errors.InvalidInput: callbackUrl 'https://127.1/' host '127.1' is not a dotted-decimal IPv4 address
    """
    if len(url) > MAX_URL_LENGTH:
        raise _invalid(url, f"is {len(url)} characters long; at most {MAX_URL_LENGTH} are allowed")
    for position, char in enumerate(url):
        if not "!" <= char <= "~":
            raise _invalid(url, f"has {char!r} at position {position}: only printable ASCII")
    if "\\" in url or "#" in url:
        raise _invalid(url, "must not contain a backslash or a fragment ('#')")
    parts = _URL.fullmatch(url)
    if parts is None:
        raise _invalid(url, "is not an absolute URL (scheme://host/path)")
    scheme = parts["scheme"].lower()
    if scheme != "https" and not (scheme == "http" and policy.allow_http):
        allowed = "an https or http" if policy.allow_http else "an https"
        raise _invalid(url, f"must be {allowed} URL, not {scheme!r}")
    authority = parts["authority"]
    if "@" in authority:
        raise _invalid(url, "must not contain user information ('user@')")
    pieces = _AUTHORITY.fullmatch(authority)
    if pieces is None:
        raise _invalid(url, f"has an unreadable host and port {authority!r}")
    port = 443 if scheme == "https" else 80
    if pieces["port"] is not None:
        text = pieces["port"]
        if not (text.isdigit() and len(text) <= 5 and 1 <= int(text) <= 65535):
            raise _invalid(url, f"port {text!r} must be a number from 1 to 65535")
        port = int(text)
    address: Address | None
    if pieces["ipv6"] is not None:
        try:
            if "%" in pieces["ipv6"]:  # a zone (interface) is no part of a public address
                raise ValueError(pieces["ipv6"])
            address = IPv6Address(pieces["ipv6"])
        except ValueError:
            raise _invalid(url, f"host [{pieces['ipv6']}] is not an IPv6 address") from None
        host = str(address)
    else:
        host, address = _host(url, pieces["host"].lower())
    target = parts["target"] or "/"
    return WebhookTarget(
        scheme=scheme,
        host=host,
        port=port,
        target=target if target.startswith("/") else "/" + target,
        address=address,
    )


def _host(url: str, host: str) -> tuple[str, Address | None]:
    name = host.removesuffix(".")
    labels = name.split(".")
    if not name:
        raise _invalid(url, "has no host")
    # As the WHATWG URL standard does: a host whose last label is a number is an IPv4 address.
    if _NUMERIC.fullmatch(labels[-1]):
        try:
            address = IPv4Address(name)
        except ValueError:
            raise _invalid(url, f"host {host!r} is not a dotted-decimal IPv4 address") from None
        return name, address
    if len(name) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise _invalid(url, f"host {host!r} is not a valid DNS name")
    return name, None


def _networks(*pairs: tuple[str, str]) -> tuple[tuple[IPv4Network | IPv6Network, str], ...]:
    return tuple((IPv4Network(n) if "." in n else IPv6Network(n), name) for n, name in pairs)


# Ranges that are not the public Internet (IANA special-purpose registries, RFC 6890 and after).
_REFUSED = _networks(
    ("0.0.0.0/8", "'this network'"),
    ("10.0.0.0/8", "private"),
    ("100.64.0.0/10", "shared (carrier-grade NAT)"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local"),
    ("172.16.0.0/12", "private"),
    ("192.0.0.0/24", "IETF protocol assignments"),
    ("192.0.2.0/24", "documentation"),
    ("192.88.99.0/24", "6to4 relay anycast"),
    ("192.168.0.0/16", "private"),
    ("198.18.0.0/15", "benchmarking"),
    ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"),
    ("224.0.0.0/4", "multicast"),
    ("240.0.0.0/4", "reserved"),
    ("::/128", "unspecified"),
    ("::1/128", "loopback"),
    ("::/96", "IPv4-compatible (deprecated)"),
    ("64:ff9b:1::/48", "local-use NAT64"),
    ("100::/64", "discard-only"),
    ("2001::/32", "Teredo"),
    ("2001::/23", "IETF protocol assignments"),
    ("2001:db8::/32", "documentation"),
    ("3fff::/20", "documentation"),
    ("5f00::/16", "segment routing"),
    ("fc00::/7", "unique local (private)"),
    ("fe80::/10", "link-local"),
    ("fec0::/10", "site-local"),
    ("ff00::/8", "multicast"),
)
_NAT64 = IPv6Network("64:ff9b::/96")


def refusal(address: Address, policy: TargetPolicy) -> str | None:
    """The kind of range ``address`` is in when a webhook may not go there; ``None`` if it may.

    An IPv6 address that carries an IPv4 one (IPv4-mapped, NAT64 ``64:ff9b::/96``, 6to4) is
    judged by the IPv4 address it leads to.

    Examples
    --------
    >>> refusal(IPv4Address("169.254.169.254"), TargetPolicy())
    'link-local'
    >>> refusal(IPv6Address("::ffff:127.0.0.1"), TargetPolicy())
    'loopback'
    >>> refusal(IPv4Address("127.0.0.1"), TargetPolicy(allow_loopback=True)) is None
    True
    >>> refusal(IPv4Address("8.8.8.8"), TargetPolicy()) is None
    True
    """
    if isinstance(address, IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return refusal(embedded, policy)
    if address.is_loopback and policy.allow_loopback:
        return None
    for network, name in _REFUSED:
        if network.version == address.version and address in network:
            return name
    if address.is_multicast or not address.is_global:
        return "not globally routable"
    return None
