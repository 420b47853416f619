"""Sending to a webhook target safely: resolve its host once, check every address, and connect
to the checked address, so that a second resolution (DNS rebinding) cannot send it elsewhere.

The rules of what a callback may be are in :mod:`landsea.domain.webhook_target`; this module
adds the I/O: the resolver, and an HTTP client that never follows redirects, never reads the
environment's proxies, keeps no connection alive (a pooled connection verified for one host name
must not carry another's request) and never reads a response body.
"""

from __future__ import annotations

import socket
import ssl
from ipaddress import ip_address
from typing import TYPE_CHECKING

from landsea.domain.webhook_target import (
    Address,
    DeliveryFailure,
    TargetPolicy,
    WebhookTarget,
    parse_target,
    refusal,
)
from landsea.errors import InvalidInput

if TYPE_CHECKING:
    import httpx

__all__ = ["check_callback", "resolve", "send", "webhook_client"]


def webhook_client() -> httpx.Client:
    """The HTTP client of deliveries: bounded timeouts, no redirects, no proxies, no keep-alive."""
    import httpx  # only where notifications are delivered (not for a bulk import of events)

    return httpx.Client(
        timeout=httpx.Timeout(10.0, connect=5.0, pool=5.0),
        follow_redirects=False,
        trust_env=False,
        limits=httpx.Limits(max_connections=10, max_keepalive_connections=0),
    )


def resolve(host: str, port: int) -> list[Address]:
    """The addresses of ``host`` (in the resolver's order, without repeats)."""
    found: list[Address] = []
    for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        address = ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    return found


def _pin(target: WebhookTarget, policy: TargetPolicy) -> Address | DeliveryFailure:
    """The address to connect to: every address of the host is checked, the first is used."""
    if target.address is not None:
        addresses: list[Address] = [target.address]
    else:
        try:
            addresses = resolve(target.host, target.port)
        except (OSError, UnicodeError, ValueError):
            return DeliveryFailure.DNS_FAILURE
    if not addresses:
        return DeliveryFailure.DNS_FAILURE
    if any(refusal(address, policy) is not None for address in addresses):
        return DeliveryFailure.REFUSED_ADDRESS
    return addresses[0]


def check_callback(url: str, policy: TargetPolicy) -> WebhookTarget:
    """A subscription's callback, read and resolved now; raises InvalidInput when it may not be
    used (the same checks are made again at every delivery)."""
    target = parse_target(url, policy)
    if target.address is not None:
        reason = refusal(target.address, policy)
        if reason is not None:
            raise InvalidInput(
                f"callbackUrl {url[:100]!r} is a {reason} address; webhooks go only to public ones"
            )
    # One message for "does not resolve" and "resolves to a refused address": the answer must not
    # tell a subscriber what the platform's own resolver knows about internal names.
    if isinstance(_pin(target, policy), DeliveryFailure):
        raise InvalidInput(
            f"callbackUrl host {target.host!r} does not resolve to public addresses only"
        )
    return target


def send(
    client: httpx.Client,
    url: str,
    policy: TargetPolicy,
    *,
    body: bytes,
    headers: dict[str, str],
) -> DeliveryFailure | None:
    """POST ``body`` to ``url`` at an address checked now; ``None`` when a 2xx answered."""
    import httpx

    try:
        target = parse_target(url, policy)
    except InvalidInput:
        return DeliveryFailure.INVALID_URL
    address = _pin(target, policy)
    if isinstance(address, DeliveryFailure):
        return address
    extensions = {}
    if target.scheme == "https" and target.address is None:
        # The connection goes to the checked address; TLS still names and verifies the host.
        extensions["sni_hostname"] = target.host
    try:
        with client.stream(
            "POST",
            target.url_at(address),
            content=body,
            headers={**headers, "Host": target.host_header},
            extensions=extensions,
        ) as response:
            status = response.status_code
    except httpx.TimeoutException:
        return DeliveryFailure.TIMEOUT
    except httpx.ConnectError as exc:
        return DeliveryFailure.TLS_ERROR if _from_tls(exc) else DeliveryFailure.CONNECT_FAILED
    except httpx.TransportError:
        return DeliveryFailure.CONNECTION_LOST
    if 200 <= status < 300:
        return None
    if 300 <= status < 400:
        return DeliveryFailure.REDIRECT
    return DeliveryFailure.HTTP_4XX if 400 <= status < 500 else DeliveryFailure.HTTP_5XX


def _from_tls(exc: BaseException) -> bool:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return True
        cause = cause.__cause__ or cause.__context__
    return False
