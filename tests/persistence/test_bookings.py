"""Bookings: round trip with their legs, idempotency keys per organisation, paging by id."""

from __future__ import annotations

from decimal import Decimal

import pytest

from landsea.domain.booking import BookingStatus
from landsea.errors import DuplicateIdempotencyKey
from landsea.services.platform import Platform
from tests.persistence.records import T0, booking, departure, organisation


def test_a_booking_reads_back_with_its_legs_in_order(platform: Platform) -> None:
    with platform.uow() as uow:
        owner = organisation(uow)
        made = booking(owner, departure(uow, T0))
        uow.bookings.add(made, idempotency_key=None, request_hash="h")
    with platform.uow(read_only=True) as uow:
        found = uow.bookings.get(made.id)
    assert found is not None
    assert found.legs == made.legs
    assert found.price.amount == Decimal("1234.50") and found.price.currency == "CNY"
    assert found.co2e_kg == 12.346  # kept to the gram
    assert found.created_at == T0 and found.status is BookingStatus.CONFIRMED


def test_an_idempotency_key_is_taken_once_per_organisation(platform: Platform) -> None:
    with platform.uow() as uow:
        first, second = organisation(uow), organisation(uow)
        trip = departure(uow, T0)
        uow.bookings.add(booking(first, trip), idempotency_key="k-1", request_hash="a")
        uow.bookings.add(booking(second, trip), idempotency_key="k-1", request_hash="b")
    with pytest.raises(DuplicateIdempotencyKey, match="'k-1'"), platform.uow() as uow:
        uow.bookings.add(booking(first, trip), idempotency_key="k-1", request_hash="c")
    with platform.uow(read_only=True) as uow:
        found = uow.bookings.by_idempotency_key(first, "k-1")
        assert uow.bookings.by_idempotency_key(first, "k-2") is None
    assert found is not None and found.request_hash == "a"
    assert found.booking.organisation_id == first


def test_find_pages_by_id_and_filters_by_organisation_and_service(platform: Platform) -> None:
    with platform.uow() as uow:
        owner, other = organisation(uow), organisation(uow)
        trip = departure(uow, T0)
        made = [booking(owner, trip) for _ in range(5)] + [booking(other, trip)]
        for b in made:
            uow.bookings.add(b, idempotency_key=None, request_hash="h")
        mine = sorted(b.id for b in made[:5])
    with platform.uow(read_only=True) as uow:
        first = uow.bookings.find(organisation_id=owner, service_ids=None, after=None, limit=3)
        rest = uow.bookings.find(
            organisation_id=owner, service_ids=None, after=first[-1].id, limit=3
        )
        on_truck = uow.bookings.find(
            organisation_id=owner, service_ids=["TRUCK"], after=None, limit=10
        )
        elsewhere = uow.bookings.find(
            organisation_id=owner, service_ids=["NO-SUCH"], after=None, limit=10
        )
        known = uow.bookings.existing([*mine, "not-a-booking"])
    assert [b.id for b in first + rest] == mine
    assert [b.id for b in on_truck] == mine and elsewhere == []
    assert known == set(mine)


def test_set_status_changes_the_status_and_the_update_time(platform: Platform) -> None:
    with platform.uow() as uow:
        made = booking(organisation(uow), None)
        uow.bookings.add(made, idempotency_key=None, request_hash="h")
        uow.bookings.set_status(made.id, BookingStatus.CANCELLED)
    with platform.uow(read_only=True) as uow:
        found = uow.bookings.get(made.id)
    assert found is not None and found.status is BookingStatus.CANCELLED
    assert found.updated_at != made.updated_at  # now, not when it was made
