"""Bookings made straight through the booking use case, for service tests."""

from __future__ import annotations

from landsea.domain.booking import Principal
from landsea.services.booking import BookingRequest, LegRequest, create_booking
from landsea.services.platform import Platform


def book(platform: Platform, shipper: Principal, teu: int, *legs: tuple[str, str, str]) -> str:
    """Book ``teu`` TEU on ``legs`` (departure id, origin, destination); the booking's id."""
    request = BookingRequest(
        legs=tuple(LegRequest(departure_id=d, origin=a, destination=b) for d, a, b in legs),
        teu=teu,
    )
    booking, _ = create_booking(platform, shipper, request)
    return booking.id
