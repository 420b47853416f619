"""No overbooking under concurrency: 100 shippers race for 40 TEU, on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from landsea.errors import CapacityExceeded
from landsea.services import accounts
from landsea.services.booking import BookingRequest, LegRequest, create_booking
from landsea.services.departures import get_departure, set_capacity
from tests.api.conftest import World

TRAIN = "SR-CQ-QZH-20261207-0900"


def test_one_hundred_clients_forty_slots(world: World) -> None:
    platform = world.platform
    operator = accounts.organisation(platform, "operator")
    set_capacity(platform, operator, TRAIN, 40)
    shipper = accounts.organisation(platform, "exporter")
    request = BookingRequest(
        legs=(LegRequest(departure_id=TRAIN, origin="CNCQI-TJC", destination="CNQZH"),), teu=1
    )

    def book(n: int) -> str:
        try:
            create_booking(platform, shipper, request, idempotency_key=f"client-{n}")
            return "confirmed"
        except CapacityExceeded:
            return "refused"

    with ThreadPoolExecutor(max_workers=32) as pool:
        outcomes = list(pool.map(book, range(100)))
    assert outcomes.count("confirmed") == 40
    assert outcomes.count("refused") == 60
    departure = get_departure(platform, TRAIN).capacity
    assert departure.booked_teu == 40 and departure.remaining_teu == 0
    with platform.uow(read_only=True) as uow:
        stored = uow.bookings.find(
            organisation_id=shipper.organisation_id, service_ids=None, after=None, limit=1000
        )
    assert len(stored) == 40 and sum(b.teu for b in stored) == 40


def test_retries_with_one_key_make_one_booking(world: World) -> None:
    platform = world.platform
    shipper = accounts.organisation(platform, "exporter")
    request = BookingRequest(
        legs=(LegRequest(departure_id=TRAIN, origin="CNCQI-TJC", destination="CNQZH"),), teu=2
    )

    def book(_: int) -> str:
        booking, _created = create_booking(platform, shipper, request, idempotency_key="same-order")
        return booking.id

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = set(pool.map(book, range(16)))
    assert len(ids) == 1
    assert get_departure(platform, TRAIN).capacity.booked_teu == 2
