"""A booking's round trips to the database (issue 15, item 6): the run is read from the departure
id, the reservation is one conditional update, and on PostgreSQL the booking and its legs are one
INSERT — while a departure id that is not stored is still refused, naming it, with nothing
reserved (both databases, rolled back)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine.default import CACHE_HIT

from landsea.domain.booking import Principal
from landsea.errors import InvalidInput
from landsea.services import accounts
from landsea.services.booking import BookingRequest, LegRequest, create_booking
from landsea.services.platform import Platform

TRAIN = "SR-CQ-QZH-20261207-0900"


@pytest.fixture
def shipper(platform: Platform) -> Principal:
    return accounts.create_organisation(platform, "Round Trip Exporter", "shipper")


@pytest.fixture
def statements(platform: Platform) -> Iterator[list[str]]:
    """The SQL statements sent while the test runs (each one a round trip)."""
    sent: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "network_versions" not in statement:  # the network's version, polled on its own
            sent.append(statement.split(None, 1)[0].upper())

    engine = platform.database.engine
    event.listen(engine, "before_cursor_execute", note)
    yield sent
    event.remove(engine, "before_cursor_execute", note)


def _one_leg(departure_id: str) -> BookingRequest:
    return BookingRequest(
        legs=(LegRequest(departure_id=departure_id, origin="CNCQI-TJC", destination="CNQZH"),),
        teu=1,
    )


def test_a_one_leg_booking_reserves_and_stores_in_few_statements(
    platform: Platform, shipper: Principal, statements: list[str]
) -> None:
    booking, made = create_booking(platform, shipper, _one_leg(TRAIN))
    assert made and booking.legs[0].departure_id == TRAIN
    writes = [s for s in statements if s not in {"SAVEPOINT", "RELEASE", "ROLLBACK"}]
    # Before: SELECT the departure, UPDATE it, INSERT the booking, INSERT its legs.
    expected = ["UPDATE", "INSERT", "INSERT"] if platform.sqlite else ["UPDATE", "WITH"]
    assert writes == expected, statements
    with platform.uow(read_only=True) as uow:
        train = uow.departures.get(TRAIN)
        stored = uow.bookings.get(booking.id)
    assert train is not None and train.booked_teu == 1
    assert stored is not None and stored.legs == booking.legs


@pytest.mark.parametrize(
    "departure_id",
    ["SR-CQ-QZH-20261207-0901", "SR-CQ-QZH-29991207-0900", "NO-SUCH-RUN", "SR-NONE-20261207-0900"],
)
def test_a_departure_that_is_not_stored_is_refused_by_name(
    platform: Platform, shipper: Principal, departure_id: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        create_booking(platform, shipper, _one_leg(departure_id))
    assert refused.value.message == (
        f"legs[0].departure_id {departure_id!r} is not a stored departure"
    )
    with platform.uow(read_only=True) as uow:
        assert uow.bookings.find(organisation_id=shipper.organisation_id, service_ids=None,
                                 after=None, limit=5) == []  # fmt: skip


SHIP = "QZH-SIN-DAILY-20261211-2000"  # in time for TRAIN's arrival at Qinzhou


@pytest.mark.parametrize("ship", [None, SHIP], ids=["one leg", "two legs"])
def test_a_booking_reuses_the_compiled_form_of_its_statements(
    platform: Platform, shipper: Principal, ship: str | None
) -> None:
    """Each statement of a booking is compiled once, not per booking (an INSERT built with
    the values as a multi-row VALUES never had a cache key: ~1.5 ms of CPU a booking)."""
    legs = [LegRequest(departure_id=TRAIN, origin="CNCQI-TJC", destination="CNQZH")]
    if ship is not None:
        legs.append(LegRequest(departure_id=ship, origin="CNQZH", destination="SGSIN"))
    request = BookingRequest(legs=tuple(legs), teu=1)
    create_booking(platform, shipper, request)  # the first compiles
    seen: list[tuple[str, bool]] = []

    def note(_conn: Any, _cursor: Any, statement: str, _p: Any, context: Any, _m: Any) -> None:
        verb = statement.split(None, 1)[0].upper()
        if verb in {"SELECT", "UPDATE", "INSERT", "WITH"}:  # not the test's SAVEPOINTs
            seen.append((verb, context.cache_hit == CACHE_HIT))

    engine = platform.database.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        second, _ = create_booking(platform, shipper, request)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert seen and all(hit for _, hit in seen), seen
    with platform.uow(read_only=True) as uow:
        stored = uow.bookings.get(second.id)
        train = uow.departures.get(TRAIN)
    assert stored is not None and stored.legs == second.legs and stored.price == second.price
    assert train is not None and train.booked_teu == 2
