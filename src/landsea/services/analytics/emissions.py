"""Emissions saved: the booked routes' well-to-wheel CO2e against an all-road and a Yangtze
alternative.

A booking counts when confirmed or completed and created, or planned to depart (its first
leg), in the period. Its emissions are those stored when it was booked (GLEC / ISO 14083
well-to-wheel, legs and transfers). For the same origin (its first leg's boarding place),
destination (its last leg's alighting place), TEU and cargo type (10 t per TEU):

- **all road**: one truck leg over the great-circle distance × ``road_circuity`` (the
  network's road circuity, else 1.25 by default, an assumption), emissions from
  :class:`EmissionsModel` (road, the origin's and destination's countries); no transfer.
- **Yangtze**: the planner's lowest well-to-wheel option going via Shanghai
  (:data:`YANGTZE_VIA`), asked from the booking's first departure (else its creation) over
  the planner's default window; bookings for which the planner finds none are left out of
  the Yangtze figures, not counted as zero.

Alternatives are computed once per (origin, destination, TEU, cargo type) within one call:
the first booking's departure stands for the others (the planner's lowest-CO2e option
depends on the route, hardly on the week).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from landsea.domain.cargo import Cargo, CargoType
from landsea.domain.emissions import METHOD
from landsea.domain.network import Mode, Network
from landsea.emissions.calculator import EmissionsModel
from landsea.errors import InvalidInput, NotFound
from landsea.services.analytics.booked import load, period, within
from landsea.services.planning import PlanQuestion, plan
from landsea.services.platform import Platform
from landsea.units import LocationCode, great_circle_km

__all__ = [
    "ROAD_CIRCUITY",
    "YANGTZE_VIA",
    "EmissionsAssumptions",
    "EmissionsSaved",
    "emissions_saved",
]

ROAD_CIRCUITY = 1.25
"""Road distance over great-circle distance for the all-road alternative when the network gives
none; the built-in dataset gives its own, sourced road factor (``[circuity]``), which is used."""

YANGTZE_VIA = "CNSGH"
"""Shanghai: an alternative through it is the Yangtze route the corridor competes with."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EmissionsAssumptions:
    method: str
    road_circuity: float
    tonnes_per_teu: float
    yangtze_via: str
    scope: str = "well-to-wheel"


@dataclass(frozen=True, slots=True, kw_only=True)
class EmissionsSaved:
    """CO2e of the booked routes against the alternatives, tonnes (see :func:`emissions_saved`)."""

    start: dt.datetime
    end: dt.datetime
    bookings: int
    booked_t: float
    all_road_t: float
    saved_vs_road_t: float
    yangtze_bookings: int
    booked_with_yangtze_t: float
    yangtze_t: float | None
    saved_vs_yangtze_t: float | None
    skipped: int
    assumptions: EmissionsAssumptions


@dataclass(frozen=True, slots=True)
class _Alternatives:
    road_kg: float
    yangtze_kg: float | None


def _alternatives(
    network: Network,
    origin: LocationCode,
    destination: LocationCode,
    cargo: Cargo,
    depart: dt.datetime,
    model: EmissionsModel,
    road_circuity: float,
) -> _Alternatives:
    a, b = network.locations[origin], network.locations[destination]
    distance = great_circle_km(a.lat, a.lon, b.lat, b.lon) * road_circuity
    road = model.leg(Mode.ROAD, a.country, b.country, distance, cargo).wtw_kg
    yangtze = None
    if YANGTZE_VIA in network.locations:
        try:
            options = plan(
                network,
                PlanQuestion(
                    origin=origin,
                    destination=destination,
                    depart=depart,
                    teu=cargo.teu,
                    cargo_type=cargo.cargo_type.value,
                    via=YANGTZE_VIA,
                ),
            ).options
        except (InvalidInput, NotFound):
            options = ()
        yangtze = min((o.emissions.wtw_kg for o in options), default=None)
    return _Alternatives(road, yangtze)


def emissions_saved(
    platform: Platform,
    start: dt.datetime,
    end: dt.datetime,
    *,
    road_circuity: float | None = None,
) -> EmissionsSaved:
    """Well-to-wheel CO2e of the bookings of ``[start, end)`` against an all-road and a
    Yangtze alternative, in tonnes.

    Parameters
    ----------
    platform
        The running platform.
    start, end
        The period, aware datetimes (taken in UTC).
    road_circuity
        Road distance over great-circle distance for the all-road alternative.

    Returns
    -------
    EmissionsSaved
        ``bookings`` compared; ``booked_t``, their stored emissions; ``all_road_t`` and
        ``saved_vs_road_t`` (``all_road_t - booked_t``); ``yangtze_bookings``, how many have a
        Yangtze alternative, and over those only ``booked_with_yangtze_t``, ``yangtze_t`` and
        ``saved_vs_yangtze_t``; ``skipped``, bookings whose origin or destination the network
        no longer has; the ``assumptions`` made. Tonnes to three decimals.

    See the module docstring for what counts and how the alternatives are made.
    """
    start, end = period(start, end)
    network = platform.network
    if road_circuity is None:
        road_circuity = network.circuity.get(Mode.ROAD, ROAD_CIRCUITY)
    model = EmissionsModel()
    cache: dict[tuple[str, str, int, str], _Alternatives] = {}
    booked = road = with_yangtze = yangtze = 0.0
    counted = compared = skipped = 0
    for item in load(platform, start, end, created_in_period=True):
        booking = item.booking
        if not booking.legs or not (
            within(booking.created_at, start, end) or within(item.first_departure, start, end)
        ):
            continue
        origin = LocationCode(booking.legs[0].origin)
        destination = LocationCode(booking.legs[-1].destination)
        if origin not in network.locations or destination not in network.locations:
            skipped += 1
            continue
        key = (origin, destination, booking.teu, booking.cargo_type)
        if key not in cache:
            cargo = Cargo(teu=booking.teu, cargo_type=CargoType(booking.cargo_type))
            depart = item.first_departure or booking.created_at
            cache[key] = _alternatives(
                network, origin, destination, cargo, depart, model, road_circuity
            )
        alternatives = cache[key]
        counted += 1
        booked += booking.co2e_kg
        road += alternatives.road_kg
        if alternatives.yangtze_kg is not None:
            compared += 1
            with_yangtze += booking.co2e_kg
            yangtze += alternatives.yangtze_kg
    return EmissionsSaved(
        start=start,
        end=end,
        bookings=counted,
        booked_t=round(booked / 1000, 3),
        all_road_t=round(road / 1000, 3),
        saved_vs_road_t=round((road - booked) / 1000, 3),
        yangtze_bookings=compared,
        booked_with_yangtze_t=round(with_yangtze / 1000, 3),
        yangtze_t=round(yangtze / 1000, 3) if compared else None,
        saved_vs_yangtze_t=round((yangtze - with_yangtze) / 1000, 3) if compared else None,
        skipped=skipped,
        assumptions=_assumptions(road_circuity),
    )


def _assumptions(road_circuity: float) -> EmissionsAssumptions:
    return EmissionsAssumptions(
        method=METHOD,
        road_circuity=road_circuity,
        tonnes_per_teu=Cargo(teu=1).tonnes,
        yangtze_via=YANGTZE_VIA,
    )
