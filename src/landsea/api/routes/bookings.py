"""Bookings: reserve slots on departures, all legs or none."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response
from fastapi.concurrency import run_in_threadpool

from landsea.api.deps import Caller, Cursor, Limit, PlatformDep, decode_cursor, paginate
from landsea.api.problems import problems
from landsea.api.schemas import BookingCreate, BookingPublic, Page, TimelinePublic
from landsea.services import booking as use_cases
from landsea.services import disruptions, timeline
from landsea.services.pricing import quote_booking

router = APIRouter(tags=["bookings"])


@router.post("/bookings", response_model=BookingPublic, status_code=201, responses=problems(409))
async def create_booking(
    platform: PlatformDep,
    caller: Caller,
    body: BookingCreate,
    response: Response,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> BookingPublic:
    """Book every leg in one transaction; 409 when any leg lacks capacity (nothing is reserved)."""
    # async, with the booking itself in the thread pool: one hand-over to a thread per request
    # (a plain function has FastAPI hand its dependencies, the route and the response's
    # validation to the pool one after another).
    request = use_cases.BookingRequest(
        legs=tuple(
            use_cases.LegRequest(
                departure_id=leg.departure_id,
                origin=leg.from_,
                destination=leg.to,
                service_id=leg.service_id,
            )
            for leg in body.legs
        ),
        teu=body.teu,
        cargo_type=body.cargo_type,
        shipper_reference=body.shipper_reference,
        currency=body.currency,
        commodity=body.commodity,
        hs_code=body.hs_code,
        containers=tuple(body.containers or ()),
    )
    booking, created = await run_in_threadpool(
        use_cases.create_booking, platform, caller, request, idempotency_key=idempotency_key
    )
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    response.headers["Location"] = f"/api/v1/bookings/{booking.id}"
    return BookingPublic.of(booking)


@router.get("/bookings", response_model=Page[BookingPublic])
def list_bookings(
    platform: PlatformDep, caller: Caller, cursor: Cursor = None, limit: Limit = 50
) -> Page[BookingPublic]:
    """Bookings the caller may see: a shipper its own, an operator those on its services."""
    after = decode_cursor(cursor)
    found = use_cases.list_bookings(
        platform, caller, after=None if after is None else str(after), limit=limit + 1
    )
    return Page(**paginate(found, limit, BookingPublic.of, lambda b: b.id))


@router.get("/bookings/{booking_id}", response_model=BookingPublic)
def get_booking(
    platform: PlatformDep,
    caller: Caller,
    booking_id: str,
    currency: Annotated[
        str | None,
        Query(
            pattern=r"^[A-Z]{3}$",
            description="The quote in this currency: the frozen one, "
            "or the legs at today's reference rates (docs/money.md).",
        ),
    ] = None,
) -> BookingPublic:
    """One booking, with the cancellations and closures that hit it (``disrupted``)."""
    booking = use_cases.get_booking(platform, caller, booking_id)
    if currency is not None:
        booking = dataclasses.replace(booking, quote=quote_booking(platform, booking, currency))
    return BookingPublic.of(booking, disruptions.booking_disruptions(platform, booking.id))


@router.get("/bookings/{booking_id}/timeline", response_model=TimelinePublic)
def get_timeline(platform: PlatformDep, caller: Caller, booking_id: str) -> TimelinePublic:
    """Each planned leg with its estimated and actual events, the ETA and any missed connection
    (every time in the local time of its place)."""
    return TimelinePublic.of(timeline.timeline(platform, caller, booking_id))


@router.post("/bookings/{booking_id}/cancel", response_model=BookingPublic, responses=problems(409))
def cancel_booking(platform: PlatformDep, caller: Caller, booking_id: str) -> BookingPublic:
    """Cancel a booking and release its capacity."""
    return BookingPublic.of(use_cases.cancel_booking(platform, caller, booking_id))
