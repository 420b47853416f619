"""Departures kept in the database over a rolling horizon, with capacity operators manage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from landsea.domain import access
from landsea.domain.booking import DepartureCapacity, Principal
from landsea.domain.timetable import Departure, Service
from landsea.errors import Conflict, InvalidInput, NotFound
from landsea.services.network import resolve_place
from landsea.services.platform import Platform
from landsea.units import ServiceId

__all__ = [
    "DepartureView",
    "departures_between",
    "find_departures",
    "get_departure",
    "remaining_capacity",
    "service_departures",
    "set_capacity",
    "sync_departures",
]


@dataclass(frozen=True, slots=True)
class DepartureView:
    """A departure's capacity with its schedule (the run's calls) from the network."""

    capacity: DepartureCapacity
    service: Service
    run: Departure | None


def sync_departures(
    platform: Platform, *, start: dt.date | None = None, only: Sequence[str] | None = None
) -> int:
    """Store every scheduled run of the network (of the services ``only`` names) from ``start``
    (today) over the horizon; returns how many were new. Runs already stored keep their
    capacity and bookings."""
    first = start or dt.datetime.now(dt.UTC).date()
    days = platform.departure_horizon_days
    lo = dt.datetime.combine(first - dt.timedelta(days=1), dt.time(0), tzinfo=dt.UTC)
    hi = dt.datetime.combine(first + dt.timedelta(days=days + 1), dt.time(0), tzinfo=dt.UTC)
    network = platform.network
    runs = []
    chosen = (
        network.services.values()
        if only is None
        else [network.services[ServiceId(sid)] for sid in only if sid in network.services]
    )
    for service in chosen:
        zone = network.locations[service.origin].timezone
        for run in service.departures(start=first, days=days, timezone=zone):
            runs.append(
                DepartureCapacity(
                    id=run.id,
                    service_id=service.id,
                    departure=run.departure,
                    capacity_teu=run.capacity_teu,
                    booked_teu=0,
                    reefer_plugs=run.reefer_plugs,
                    reefer_plugs_booked=0,
                )
            )
    with platform.uow() as uow:
        known = uow.departures.existing_ids(lo, hi)
        return uow.departures.add_many(run for run in runs if run.id not in known)


def _run(platform: Platform, capacity: DepartureCapacity) -> DepartureView:
    network = platform.network
    service = network.services.get(ServiceId(capacity.service_id))
    if service is None:
        raise NotFound(
            f"departure {capacity.id!r} belongs to service {capacity.service_id!r}, which the network no longer has"
        )
    zone = ZoneInfo(network.locations[service.origin].timezone)
    local = capacity.departure.astimezone(zone)
    runs = service.departures(start=local.date(), days=1, timezone=zone.key)
    run = next((r for r in runs if r.id == capacity.id), None)
    return DepartureView(capacity=capacity, service=service, run=run)


def get_departure(platform: Platform, departure_id: str) -> DepartureView:
    with platform.uow(read_only=True) as uow:
        found = uow.departures.get(departure_id)
    if found is None:
        raise NotFound(f"departure {departure_id!r} does not exist")
    return _run(platform, found)


def find_departures(
    platform: Platform,
    *,
    origin: str | None,
    destination: str | None,
    date: dt.date | None,
    after: tuple[dt.datetime, str] | None,
    limit: int,
) -> list[DepartureView]:
    """Departures calling at ``origin`` and later at ``destination``, leaving on ``date``.

    The date is that of the departure from ``origin`` (from the first stop when no origin is
    given), in that place's time zone.
    """
    network = platform.network
    a = resolve_place(network, origin, "origin").code if origin else None
    b = resolve_place(network, destination, "destination").code if destination else None
    offsets: dict[str, dt.timedelta] = {}
    for service in network.services.values():
        if service.on_demand:
            continue
        calls = [stop.location for stop in service.stops]
        i = calls.index(a) if a in calls else (-1 if a else 0)
        if i < 0 or (a and i == len(calls) - 1):
            continue
        if b is not None and b not in calls[i + 1 :]:
            continue
        offsets[service.id] = service.stops[i].departure or dt.timedelta(0)
    if date is not None:
        zone = ZoneInfo(network.locations[a].timezone) if a else dt.UTC
        day_start = dt.datetime.combine(date, dt.time(0), tzinfo=zone)
        longest = max(offsets.values(), default=dt.timedelta(0))
        start, end = day_start - longest - dt.timedelta(days=1), day_start + dt.timedelta(days=2)
    else:
        start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
        end = start + dt.timedelta(days=platform.departure_horizon_days + 2)
    views: list[DepartureView] = []
    cursor = after
    while len(views) < limit:
        with platform.uow(read_only=True) as uow:
            batch = uow.departures.find(
                service_ids=list(offsets), start=start, end=end, after=cursor, limit=limit * 2
            )
        if not batch:
            break
        for capacity in batch:
            cursor = (capacity.departure, capacity.id)
            if date is not None:
                leaves = (capacity.departure + offsets[capacity.service_id]).astimezone(zone)
                if leaves.date() != date:
                    continue
            views.append(_run(platform, capacity))
            if len(views) == limit:
                break
    return views


def departures_between(
    platform: Platform,
    service_ids: Sequence[str],
    start: dt.datetime,
    end: dt.datetime,
    *,
    limit: int = 500,
) -> list[DepartureCapacity]:
    """The stored departures of these services in ``[start, end)``, in time order, with what is
    booked on them."""
    if not service_ids:
        return []
    with platform.uow(read_only=True) as uow:
        return uow.departures.find(
            service_ids=service_ids, start=start, end=end, after=None, limit=limit
        )


def service_departures(
    platform: Platform, service_id: str, start: dt.datetime, *, days: int, limit: int
) -> list[DepartureCapacity]:
    """A service's next departures from ``start``, with their capacity and bookings."""
    return departures_between(
        platform, [service_id], start, start + dt.timedelta(days=days), limit=limit
    )


def remaining_capacity(
    platform: Platform, start: dt.datetime, end: dt.datetime
) -> dict[str, tuple[int, int]]:
    """TEU and reefer plugs left on the stored departures of ``[start, end)``, by id."""
    with platform.uow(read_only=True) as uow:
        rows = uow.departures.in_use(start, end)
    return {row.id: (row.remaining_teu, row.remaining_plugs) for row in rows}


def set_capacity(
    platform: Platform, principal: Principal, departure_id: str, capacity_teu: int
) -> DepartureView:
    """An operator changes the capacity of a departure of its own services (audited)."""
    access.check(
        access.may_ever(principal, access.Action.MANAGE_DEPARTURE),
        principal,
        access.Action.MANAGE_DEPARTURE,
        f"departure {departure_id!r}",
    )
    if (
        isinstance(capacity_teu, bool)
        or not isinstance(capacity_teu, int)
        or not 0 <= capacity_teu <= 100_000
    ):
        raise InvalidInput(
            f"capacity_teu must be a whole number from 0 to 100000, got {capacity_teu!r}"
        )
    with platform.uow() as uow:
        found = uow.departures.get(departure_id, lock=True)
        if found is None:
            raise NotFound(f"departure {departure_id!r} does not exist")
        service = platform.network.services.get(ServiceId(found.service_id))
        access.check(
            access.may_manage_departure(principal, service),
            principal,
            access.Action.MANAGE_DEPARTURE,
            f"departure {departure_id!r} is on {found.service_id!r}, a service of another operator",
        )
        if not uow.departures.set_capacity(departure_id, capacity_teu):
            raise Conflict(
                f"capacity_teu {capacity_teu} is below the {found.booked_teu} TEU already booked on {departure_id!r}"
            )
        uow.departures.audit(
            departure_id=departure_id,
            organisation_id=principal.organisation_id,
            field="capacity_teu",
            old=str(found.capacity_teu),
            new=str(capacity_teu),
        )
        updated = uow.departures.get(departure_id)
    assert updated is not None
    return _run(platform, updated)
