"""The booking's fast path stores what the unit of work stores, in one transaction, through a
Core connection when the database is joined to a caller's transaction (both databases, rolled
back); and leaves a full departure untouched (issue 15, item 6)."""

from __future__ import annotations

from landsea.services import accounts
from landsea.services.booking import BookingRequest, LegRequest, book_common, get_booking
from landsea.services.departures import get_departure
from landsea.services.platform import Platform

TRAIN = "SR-CQ-QZH-20261207-0900"
SHIP = "QZH-SIN-DAILY-20261211-2000"


def test_a_booking_of_the_fast_path_is_stored_whole(platform: Platform) -> None:
    shipper = accounts.create_organisation(platform, "Store Exporter", "shipper")
    request = BookingRequest(
        legs=(
            LegRequest(departure_id=TRAIN, origin="CNCQI-TJC", destination="CNQZH"),
            LegRequest(departure_id=SHIP, origin="CNQZH", destination="SGSIN"),
        ),
        teu=3,
        cargo_type="general",
        shipper_reference="PO 9",
    )
    booking = book_common(platform, shipper, request, idempotency_key="order-9")
    assert booking is not None
    assert get_booking(platform, shipper, booking.id) == booking
    assert get_departure(platform, TRAIN).capacity.booked_teu == 3
    assert get_departure(platform, SHIP).capacity.booked_teu == 3
    # The key is taken now: the path leaves the request to create_booking, which replays it.
    assert book_common(platform, shipper, request, idempotency_key="order-9") is None
    assert get_departure(platform, TRAIN).capacity.booked_teu == 3


def test_a_full_departure_is_left_untouched(platform: Platform) -> None:
    shipper = accounts.create_organisation(platform, "Full Exporter", "shipper")
    left = get_departure(platform, SHIP).capacity.remaining_teu
    request = BookingRequest(
        legs=(
            LegRequest(departure_id=TRAIN, origin="CNCQI-TJC", destination="CNQZH"),
            LegRequest(departure_id=SHIP, origin="CNQZH", destination="SGSIN"),
        ),
        teu=min(left + 1, 1000),
    )
    assert left < 1000
    assert book_common(platform, shipper, request) is None
    assert get_departure(platform, TRAIN).capacity.booked_teu == 0  # reserved, then rolled back
    assert get_departure(platform, SHIP).capacity.booked_teu == 0
