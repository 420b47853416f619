"""Departures: capacity never below what is booked nor booked below zero (conditional updates
and CHECK constraints), keyset paging, idempotent stores and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from landsea.domain.booking import Role
from landsea.persistence.records import DepartureChange
from landsea.persistence.tables import DepartureRow
from landsea.services.platform import Platform
from tests.persistence.records import T0, departure, organisation


def test_reserve_takes_room_only_while_there_is_some(platform: Platform) -> None:
    with platform.uow() as uow:
        ident = departure(uow, T0, teu=10, plugs=2)
        assert uow.departures.reserve(ident, 6, 1)
        assert uow.departures.reserve(ident, 4, 1)
        assert not uow.departures.reserve(ident, 1, 0)  # no TEU left
        assert not uow.departures.reserve(ident, 0, 1)  # no plug left
        found = uow.departures.get(ident)
    assert found is not None
    assert (found.booked_teu, found.reefer_plugs_booked) == (10, 2)


def test_set_capacity_refuses_to_fall_below_what_is_booked(platform: Platform) -> None:
    with platform.uow() as uow:
        ident = departure(uow, T0, teu=10)
        assert uow.departures.reserve(ident, 6, 0)
        assert not uow.departures.set_capacity(ident, 5)
        assert uow.departures.set_capacity(ident, 6)


@pytest.mark.parametrize(
    "values",
    [
        {"booked_teu": 11},  # more than the capacity
        {"booked_teu": -1},  # released more than was booked
        {"reefer_plugs_booked": 3},
        {"reefer_plugs_booked": -1},
    ],
)
def test_the_database_itself_refuses_overbooking_and_negative_bookings(
    platform: Platform, values: dict[str, int]
) -> None:
    with platform.uow() as uow:
        ident = departure(uow, T0, teu=10, plugs=2)
    with pytest.raises(IntegrityError), platform.uow() as uow:
        uow.session.execute(update(DepartureRow).where(DepartureRow.id == ident).values(**values))


def test_release_below_zero_is_refused(platform: Platform) -> None:
    with platform.uow() as uow:
        ident = departure(uow, T0)
        assert uow.departures.reserve(ident, 2, 0)
    with pytest.raises(IntegrityError), platform.uow() as uow:
        uow.departures.release(ident, 3, 0)


def test_a_departure_stored_twice_is_kept_once(platform: Platform) -> None:
    with platform.uow() as uow:
        ident = departure(uow, T0, teu=10)
        assert uow.departures.reserve(ident, 4, 0)
        first = uow.departures.get(ident)
        assert first is not None
        uow.departures.add_many([first])  # skipped, not an error nor a reset of what is booked
    with platform.uow(read_only=True) as uow:
        again = uow.departures.get(ident)
    assert again is not None and again.booked_teu == 4


def test_find_pages_in_time_then_id_order_without_gaps_or_repeats(platform: Platform) -> None:
    with platform.uow() as uow:
        made = {departure(uow, T0 + dt.timedelta(hours=h % 3), service="PAGED") for h in range(7)}
    start, end = T0 - dt.timedelta(days=1), T0 + dt.timedelta(days=1)
    pages = []
    after: tuple[dt.datetime, str] | None = None
    with platform.uow(read_only=True) as uow:
        whole = uow.departures.find(
            service_ids=["PAGED"], start=start, end=end, after=None, limit=100
        )
        while True:
            page = uow.departures.find(
                service_ids=["PAGED"], start=start, end=end, after=after, limit=2
            )
            if not page:
                break
            pages.append(page)
            after = (page[-1].departure, page[-1].id)
    assert {d.id for d in whole} == made
    assert [(d.departure, d.id) for d in whole] == sorted((d.departure, d.id) for d in whole)
    assert [d.id for page in pages for d in page] == [d.id for d in whole]
    assert [len(p) for p in pages] == [2, 2, 2, 1]


def test_in_use_lists_departures_booked_or_changed(platform: Platform) -> None:
    with platform.uow() as uow:
        operator = organisation(uow, Role.OPERATOR)
        booked, changed, idle = (departure(uow, T0) for _ in range(3))
        uow.departures.reserve(booked, 1, 0)
        uow.departures.audit(
            departure_id=changed, organisation_id=operator, field="capacity_teu", old="10", new="8"
        )
        found = uow.departures.in_use(T0, T0 + dt.timedelta(minutes=1))
    assert {d.id for d in found} == {booked, changed}
    assert idle not in {d.id for d in found}


def test_the_audit_trail_is_a_list_of_changes_oldest_first(platform: Platform) -> None:
    with platform.uow() as uow:
        operator = organisation(uow, Role.OPERATOR)
        ident = departure(uow, T0)
        for old, new in (("10", "8"), ("8", "12")):
            uow.departures.audit(
                departure_id=ident, organisation_id=operator, field="capacity_teu", old=old, new=new
            )
    with platform.uow(read_only=True) as uow:
        trail = uow.departures.audit_trail(ident)
    assert [(c.old, c.new) for c in trail] == [("10", "8"), ("8", "12")]
    assert all(isinstance(c, DepartureChange) and c.at.tzinfo is dt.UTC for c in trail)
    assert trail[0].organisation_id == operator
