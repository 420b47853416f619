"""The twin's demand calibrated from the platform's own bookings.

A scenario's ``demand`` names where its cargo comes from:

- ``"ilstc"`` — the corridor's published volumes (``data/simulation/demand.toml``);
- ``"bookings"`` — only the lanes booked on this platform over the last ``BOOKING_WINDOW_DAYS``
  days, each at its booked TEU a year;
- ``"ilstc+bookings"`` — the published lanes, plus every lane booked here that the published
  figures do not cover; on a lane in both, the published volume stands (the platform's bookings
  are part of it) and the booked consignment size and cargo type are taken from the bookings.

Lanes are origin, destination and cargo type; a lane's rate is its TEU booked (cancelled bookings
left out) × 365 / the window's days, in consignments of the median booked TEU.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from landsea.domain.booking import Booking
from landsea.domain.cargo import CargoType
from landsea.errors import InvalidInput
from landsea.services.platform import Platform
from landsea.simulation.calibration import calibration
from landsea.simulation.scenario import Lane, Scenario, ScenarioSet

__all__ = [
    "BOOKING_DEMANDS",
    "BOOKING_WINDOW_DAYS",
    "booked_lanes",
    "demand_of",
    "lanes_from_bookings",
    "needs_bookings",
    "resolve_demand",
    "with_booked_demand",
]

BOOKING_WINDOW_DAYS = 365
"""The bookings that calibrate demand: those made in the last year."""
BOOKING_DEMANDS = ("bookings", "ilstc+bookings")


def lanes_from_bookings(
    bookings: Iterable[Booking], *, start: dt.datetime, end: dt.datetime
) -> tuple[Lane, ...]:
    """One lane per origin, destination and cargo type booked in ``[start, end)``.

    >>> from decimal import Decimal
    >>> from landsea.domain.booking import BookingLeg, BookingStatus
    >>> from landsea.domain.money import Money
    >>> t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    >>> leg = BookingLeg(departure_id=None, service_id="s", origin="CNCKG", destination="VNHAN",
    ...                  teu=2, plugs=0)
    >>> b = Booking(id="b1", organisation_id="o", status=BookingStatus.CONFIRMED, teu=2,
    ...             cargo_type="general", shipper_reference=None, price=Money(Decimal(1), "CNY"),
    ...             co2e_kg=0.0, legs=(leg,), created_at=t0, updated_at=t0)
    >>> [(x.key, x.teu_per_year, x.shipment_teu)
    ...  for x in lanes_from_bookings([b, b], start=t0, end=t0 + dt.timedelta(days=73))]
    [('CNCKG-VNHAN', 20.0, 2)]
    """
    days = (end - start).total_seconds() / 86400
    if days <= 0:
        raise InvalidInput(f"the booking window must be positive, got {start}–{end}")
    teus: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for booking in bookings:
        if not booking.legs or booking.teu <= 0:
            continue
        key = (booking.legs[0].origin, booking.legs[-1].destination, booking.cargo_type)
        teus[key].append(booking.teu)
    span = f"{start:%Y-%m-%d}–{end:%Y-%m-%d}"
    return tuple(
        Lane(
            origin=origin,
            destination=destination,
            teu_per_year=sum(booked) * 365 / days,
            cargo_type=CargoType(cargo),
            shipment_teu=max(1, round(statistics.median(booked))),
            source=(
                f"platform bookings {span}: {len(booked)} bookings, {sum(booked)} TEU, "
                f"× 365 / {days:g} days"
            ),
        )
        for (origin, destination, cargo), booked in sorted(teus.items())
    )


def booked_lanes(
    platform: Platform, *, end: dt.datetime | None = None, days: int = BOOKING_WINDOW_DAYS
) -> tuple[Lane, ...]:
    """The lanes booked on ``platform`` in the ``days`` before ``end`` (default: now)."""
    end = end or dt.datetime.now(dt.UTC)
    start = end - dt.timedelta(days=days)
    with platform.uow(read_only=True) as uow:
        bookings = uow.bookings.made_between(start, end)
    return lanes_from_bookings(bookings, start=start, end=end)


def _merged(published: tuple[Lane, ...], booked: tuple[Lane, ...]) -> tuple[Lane, ...]:
    """The published lanes, sized like the bookings where both have a lane, plus booked-only
    lanes."""
    by_route = {(lane.origin, lane.destination, lane.cargo_type): lane for lane in booked}
    merged = []
    for lane in published:
        seen = by_route.pop((lane.origin, lane.destination, lane.cargo_type), None)
        if seen is None:
            merged.append(lane)
        else:
            merged.append(replace(lane, shipment_teu=seen.shipment_teu,
                                  source=f"{lane.source}; consignment size: {seen.source}"))  # fmt: skip
    return (*merged, *by_route.values())


def with_booked_demand(scenarios: ScenarioSet, lanes: tuple[Lane, ...] | None) -> ScenarioSet:
    """``scenarios`` with the lanes of every scenario whose demand names the bookings filled in.

    ``lanes`` are the booked lanes (``None``: not read, as no scenario needs them). A scenario
    with lanes of its own keeps them. No booking on the platform is invalid input, never an
    empty or silently published demand.
    """

    def resolve(scenario: Scenario) -> Scenario:
        if scenario.demand not in BOOKING_DEMANDS or scenario.lanes:
            return scenario
        if not lanes:
            raise InvalidInput(
                f"demand {scenario.demand!r} of scenario {scenario.name!r} needs bookings on "
                f"the platform in the last {BOOKING_WINDOW_DAYS} days, and there are none"
            )
        found = lanes if scenario.demand == "bookings" else _merged(calibration().lanes, lanes)
        return replace(scenario, lanes=found)

    return ScenarioSet(
        baseline=resolve(scenarios.baseline),
        scenarios=tuple(resolve(s) for s in scenarios.scenarios),
    )


def needs_bookings(scenarios: ScenarioSet) -> bool:
    """Whether any scenario's demand is calibrated from the platform's bookings."""
    return any(s.demand in BOOKING_DEMANDS and not s.lanes for s in scenarios.all)


def resolve_demand(platform: Platform, scenarios: ScenarioSet) -> ScenarioSet:
    """``scenarios`` with their booked lanes read from ``platform`` where they need them."""
    lanes = booked_lanes(platform) if needs_bookings(scenarios) else None
    return with_booked_demand(scenarios, lanes)


def demand_of(scenario: Scenario) -> dict[str, object]:
    """What a scenario's demand was: its name, lanes, TEU a year and sources (for reports)."""
    lanes = scenario.lanes or calibration().lanes
    return {
        "scenario": scenario.name,
        "demand": scenario.demand,
        "lanes": len(lanes),
        "teu_per_year": round(sum(lane.teu_per_year for lane in lanes), 1),
        "sources": sorted({lane.source for lane in lanes if lane.source})[:20],
    }
