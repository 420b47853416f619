"""The fast path of ``POST /api/v1/bookings`` (issue 15, item 6): the common, well-formed
booking answered before FastAPI's routing, dependencies and body validation.

:class:`BookingFastPath` is the outermost of the API's own middleware. It takes a request only
when nothing about it is in doubt:

- ``POST /api/v1/bookings`` with no query, ``Content-Type: application/json``, a
  ``Content-Length`` within the body limit and no header it reads given twice;
- ``Authorization: Bearer <key>`` with a key :func:`~landsea.services.accounts.authenticate`
  checked lately and remembers (the cache that the route's caller dependency reads too, so a
  revocation takes effect exactly as there);
- a body that parses (orjson) into exactly the common shape, every value of the type and
  length :class:`~landsea.api.schemas.BookingCreate` allows and storable (no NUL; orjson
  refuses lone surrogates): legs (scheduled or on demand), ``teu``, ``cargo_type``,
  ``shipper_reference`` — no currency quote, no cargo details;

and then books it with :func:`~landsea.services.booking.book_common_async` on the event loop
(PostgreSQL, the app's own connections: ``app.state.booking_connections``) or
:func:`~landsea.services.booking.book_common` in a thread (elsewhere) — the same rules,
authorisation, price and conditional update, stored in one transaction — answering what the
route answers: 201, the same body (:func:`public_json`), ``Location``, ``Content-Type`` and the
security headers, through the app's GZip when it is as long as GZip compresses.
Anything else, and whatever ``book_common`` does not decide (any refusal, a full or unknown
departure, an ``Idempotency-Key`` used before), goes on to the FastAPI route unchanged, with the
body it sent: the route is the only producer of errors. ``app.state.fast_bookings = False``
turns the path off (the differential tests compare the two).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import anyio.lowlevel
import anyio.to_thread
import orjson
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from landsea.api.schemas.common import money_fields
from landsea.api.security import security_headers
from landsea.domain.booking import Booking
from landsea.services.accounts import remembered
from landsea.services.booking import BookingRequest, LegRequest, book_common, book_common_async

__all__ = ["PATH", "BookingFastPath", "public_json"]

PATH = "/api/v1/bookings"
LONGEST_BODY = 16_384
"""The largest body the fast path reads (a common booking is a few hundred bytes)."""

THREADS = 8
"""The bookings the path runs at once in the thread pool: under the database pool's 10
connections (:mod:`landsea.persistence.engine`). With anyio's 40 threads, the 20 overflow
connections were closed on their return and opened again — ~0.8 connects a booking at 32
clients, the largest cost left."""

_READ = frozenset({b"authorization", b"content-type", b"content-length", b"idempotency-key"})
_TOP = frozenset({"legs", "teu", "cargo_type", "shipper_reference"})
_LEG = frozenset({"departure_id", "from", "to", "service_id"})
_CARGO = frozenset({"general", "reefer", "dangerous"})


class BookingFastPath:
    """ASGI middleware: see the module's documentation."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: Callable[[], int],
        compress_from: int | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.compress_from = compress_from
        """The app's GZip middleware's ``minimum_size`` when it sits inside this one (the
        served app, :func:`landsea.web.app.create_app`): an answer at least as long goes
        through it, as the route's would."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["path"] != PATH
            or scope["method"] != "POST"
            or scope.get("query_string")
            or scope.get("root_path")
            or not getattr(scope["app"].state, "fast_bookings", False)
        ):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope, min(LONGEST_BODY, self.max_body_bytes()))
        platform = scope["app"].state.platform
        principal = None if headers is None else remembered(platform, headers[0])
        if headers is None or principal is None:
            await self.app(scope, receive, send)
            return
        messages, body = await _read(receive, headers[2])
        request = None if body is None else _common(body)
        booking = None
        if request is not None:
            booking = await _book(scope["app"].state, platform, principal, request, headers[1])
        if booking is None:
            await self.app(scope, _replay(messages, receive), send)
            return
        content = public_json(booking)
        start = {
            "type": "http.response.start",
            "status": 201,
            "headers": [
                (b"content-length", str(len(content)).encode()),
                (b"content-type", b"application/json"),
                (b"location", f"{PATH}/{booking.id}".encode()),
                *security_headers(https=scope.get("scheme") == "https"),
            ],
        }
        end = {"type": "http.response.body", "body": content}
        if self.compress_from is not None and len(content) >= self.compress_from:
            # As the route's answer would be, through the app's GZip middleware inside this one.
            answer = _Answer(start, end)
            await GZipMiddleware(answer, minimum_size=self.compress_from)(scope, receive, send)
            return
        await send(start)
        await send(end)


class _Answer:
    """An ASGI app answering with the two messages it is given."""

    def __init__(self, start: Message, body: Message) -> None:
        self.messages = (start, body)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        for message in self.messages:
            await send(message)


def public_json(booking: Booking) -> bytes:
    """``BookingPublic.of(booking)``'s JSON (by alias), byte for byte, written by orjson: a
    booking of the fast path has no disruptions nor quote (the route's model costs ~5 % of the
    path's CPU; tests/api/test_booking_fast_path.py compares the two)."""
    assert booking.quote is None
    return orjson.dumps(
        {
            "id": booking.id,
            "status": booking.status.value,
            "organisation_id": booking.organisation_id,
            "teu": booking.teu,
            "cargo_type": booking.cargo_type,
            "shipper_reference": booking.shipper_reference,
            "legs": [
                {
                    "departure_id": leg.departure_id,
                    "service_id": leg.service_id,
                    "from": leg.origin,
                    "to": leg.destination,
                    "teu": leg.teu,
                    "reefer_plugs": leg.plugs,
                }
                for leg in booking.legs
            ],
            "price": money_fields(booking.price),
            "co2e_kg": booking.co2e_kg,
            "created_at": booking.created_at,
            "updated_at": booking.updated_at,
            "disrupted": False,
            "disruptions": [],
            "quote": None,
            "commodity": booking.commodity,
            "hs_code": booking.hs_code,
            "containers": list(booking.containers),
        },
        option=orjson.OPT_UTC_Z,
    )


async def _book(
    state: Any, platform: Any, principal: Any, request: BookingRequest, key: str | None
) -> Booking | None:
    """:func:`book_common_async` on the event loop with the app's own connections
    (``state.booking_connections``, PostgreSQL); else :func:`book_common` in a thread."""
    connections = getattr(state, "booking_connections", None)
    if connections is None:
        return await anyio.to_thread.run_sync(
            partial(book_common, platform, principal, request, idempotency_key=key),
            limiter=_limiter(),
        )
    if not platform.snapshot_at_hand:  # the network's poll (a read) in a thread, not here
        await anyio.to_thread.run_sync(partial(poll_network, platform), limiter=_limiter())
    return await book_common_async(platform, connections, principal, request, idempotency_key=key)


_LIMITER: anyio.lowlevel.RunVar[anyio.CapacityLimiter] = anyio.lowlevel.RunVar("bookings")


def _limiter() -> anyio.CapacityLimiter:
    """The event loop's limiter of :data:`THREADS`."""
    try:
        return _LIMITER.get()
    except LookupError:
        _LIMITER.set(limiter := anyio.CapacityLimiter(THREADS))
        return limiter


def poll_network(platform: Any) -> None:
    """Read the platform's network as the booking will (its poll, a database read, when due)."""
    platform.snapshot  # noqa: B018 (the property polls)


def _headers(scope: Scope, longest: int) -> tuple[str, str | None, int] | None:
    """(the API key, the Idempotency-Key or ``None``, the body's length) of a request the fast
    path may take; ``None`` for any other."""
    found: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        if name in _READ:
            if name in found:
                return None
            found[name] = value
    length = found.get(b"content-length", b"")
    if found.get(b"content-type") != b"application/json" or not length.isdigit():
        return None
    scheme, _, key = found.get(b"authorization", b"").decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or int(length) > longest:
        return None
    idempotency = found.get(b"idempotency-key")
    return key.strip(), None if idempotency is None else idempotency.decode("latin-1"), int(length)


async def _read(receive: Receive, length: int) -> tuple[list[Message], bytes | None]:
    """The messages of the request's body as received, and the body (``None`` if the client
    went away or sent other than ``length`` bytes)."""
    messages: list[Message] = []
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > length:
            return messages, None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return messages, b"".join(chunks) if size == length else None


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """``receive`` as the route would have had it: the messages read already, then the rest."""
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


def _common(body: bytes) -> BookingRequest | None:
    """The booking request of a body of exactly the common shape, every value valid;
    ``None`` otherwise."""
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if type(document) is not dict or not document.keys() <= _TOP:
        return None
    legs, teu = document.get("legs"), document.get("teu")
    cargo_type = document.get("cargo_type", "general")
    reference = document.get("shipper_reference")
    if (
        type(legs) is not list
        or not 1 <= len(legs) <= 12
        or type(teu) is not int
        or not 1 <= teu <= 1000
        or type(cargo_type) is not str
        or cargo_type not in _CARGO
        or not (reference is None or _text(reference, 0, 100))
    ):
        return None
    parsed = [_leg(leg) for leg in legs]
    if None in parsed:
        return None
    return BookingRequest(
        legs=tuple(leg for leg in parsed if leg is not None),
        teu=teu,
        cargo_type=cargo_type,
        shipper_reference=reference,
    )


def _leg(leg: Any) -> LegRequest | None:
    if type(leg) is not dict or not leg.keys() <= _LEG:
        return None
    departure: Any = leg.get("departure_id")
    origin: Any = leg.get("from")
    destination: Any = leg.get("to")
    service: Any = leg.get("service_id")
    if not (
        _text(origin, 1, 100)
        and _text(destination, 1, 100)
        and (departure is None or _text(departure, 1, 80))
        and (service is None or _text(service, 1, 40))
    ):
        return None
    return LegRequest(
        departure_id=departure, origin=origin, destination=destination, service_id=service
    )


def _text(value: Any, shortest: int, longest: int) -> bool:
    return type(value) is str and shortest <= len(value) <= longest and "\x00" not in value
