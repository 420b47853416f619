"""Corridor statistics for the public statistics page: volumes, modal split, punctuality and the
emissions the booked routes save, over a period, as plain JSON-able dictionaries.

Every figure is computed from the platform's confirmed (and completed) bookings; cancelled ones
are left out. Times are ISO 8601 strings; the period ``[start, end)`` is given in UTC.

When a leg happens
------------------
As a booking's timeline plans it: :func:`landsea.domain.timetable.leg_times`, with the stored
departures' run starts (a scheduled leg at its run's times; a truck after a leg once the cargo
is handled, a leading truck just in time for the next leg's cut-off and handling), and the legs
of a booking with no scheduled leg at all starting at the booking's creation.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from landsea.domain import access
from landsea.domain.booking import Booking, BookingLeg, BookingStatus, Principal
from landsea.domain.cargo import Cargo, CargoType
from landsea.domain.codes import parent_unlocode
from landsea.domain.emissions import METHOD
from landsea.domain.network import Mode, Network
from landsea.domain.timetable import LegRun, Service, leg_times, parse_departure_id
from landsea.domain.tracking import Classifier, EventType
from landsea.emissions.calculator import EmissionsModel
from landsea.errors import InvalidInput, NotFound
from landsea.services.planning import PlanQuestion, plan
from landsea.services.platform import Platform, UnitOfWork
from landsea.units import LocationCode, ServiceId, great_circle_km

__all__ = [
    "ROAD_CIRCUITY",
    "YANGTZE_VIA",
    "emissions_saved",
    "modal_split",
    "punctuality",
    "volumes",
]

ROAD_CIRCUITY = 1.25
"""Road distance over great-circle distance for the all-road alternative when the network gives
none; the built-in dataset gives its own, sourced road factor (``[circuity]``), which is used."""

YANGTZE_VIA = "CNSGH"
"""Shanghai: an alternative through it is the Yangtze route the corridor competes with."""

COUNTED = frozenset({BookingStatus.CONFIRMED, BookingStatus.COMPLETED})
"""The booking statuses the statistics count."""

MODES = tuple(Mode)

_PAGE = 1000
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class _Leg:
    """A booked leg placed on its service and in time (times ``None`` where unknown)."""

    booking: Booking
    leg: BookingLeg
    service: Service
    board: int
    alight: int
    departs: dt.datetime | None
    arrives: dt.datetime | None

    @property
    def scheduled(self) -> bool:
        return self.leg.departure_id is not None

    @property
    def distance_km(self) -> float:
        return self.service.distance_between(self.board, self.alight)


@dataclass(frozen=True, slots=True)
class _Booked:
    """A counted booking with its legs (``None`` for a leg whose service the network lost)."""

    booking: Booking
    legs: tuple[_Leg | None, ...]

    @property
    def placed(self) -> list[_Leg]:
        return [leg for leg in self.legs if leg is not None]

    @property
    def first_departure(self) -> dt.datetime | None:
        first = self.legs[0] if self.legs else None
        return None if first is None else first.departs


def _period(start: dt.datetime, end: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    for name, moment in (("start", start), ("end", end)):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise InvalidInput(f"{name} {moment.isoformat()} has no time zone")
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    if end <= start:
        raise InvalidInput(f"end {end.isoformat()} is not after start {start.isoformat()}")
    return start, end


def _within(moment: dt.datetime | None, start: dt.datetime, end: dt.datetime) -> bool:
    return moment is not None and start <= moment < end


def _span(network: Network) -> dt.timedelta:
    """The longest time after a run's start at which any service calls somewhere."""
    return max(
        (
            offset
            for service in network.services.values()
            for stop in service.stops
            for offset in (stop.arrival, stop.departure)
            if offset is not None
        ),
        default=dt.timedelta(0),
    )


def _counted_bookings(uow: UnitOfWork, service_ids: list[str] | None) -> list[Booking]:
    """Every confirmed or completed booking (with a leg on ``service_ids`` when given)."""
    found: list[Booking] = []
    after: str | None = None
    while True:
        page = uow.bookings.find(
            organisation_id=None, service_ids=service_ids, after=after, limit=_PAGE
        )
        found += [b for b in page if b.status in COUNTED]
        if len(page) < _PAGE:
            return found
        after = page[-1].id


def _plausible(departure_id: str, lo: dt.datetime, hi: dt.datetime) -> bool:
    """Whether a run may start in ``[lo, hi)`` judging by the local date its id carries
    (``SR-CQ-QZH-20261207-0900``); an id without one may."""
    try:
        day = parse_departure_id(departure_id)[1].date()
    except InvalidInput:
        return True
    return lo.date() - dt.timedelta(days=1) <= day <= hi.date() + dt.timedelta(days=1)


def _run_starts(
    uow: UnitOfWork, bookings: list[Booking], lo: dt.datetime, hi: dt.datetime, also: set[str]
) -> dict[str, dt.datetime]:
    """Stored run starts of the departures the bookings' legs use that may start in
    ``[lo, hi)``, and of those in ``also``: the booked runs of the window in one query, any
    other one by id."""
    wanted = {
        leg.departure_id
        for booking in bookings
        for leg in booking.legs
        if leg.departure_id is not None and _plausible(leg.departure_id, lo, hi)
    } | also
    starts = {d.id: d.departure for d in uow.departures.in_use(lo, hi) if d.id in wanted}
    for departure_id in sorted(wanted - starts.keys()):
        stored = uow.departures.get(departure_id)
        if stored is not None:
            starts[departure_id] = stored.departure
    return starts


def _resolve(network: Network, leg: BookingLeg) -> tuple[Service, int, int] | None:
    """The leg's service and its boarding and alighting stop indexes, if the network has them."""
    service = network.services.get(ServiceId(leg.service_id))
    if service is None:
        return None
    calls = [str(stop.location) for stop in service.stops]
    if leg.origin not in calls[:-1]:
        return None
    board = calls.index(leg.origin)
    if leg.destination not in calls[board + 1 :]:
        return None
    return service, board, calls.index(leg.destination, board + 1)


def _place(network: Network, booking: Booking, starts: dict[str, dt.datetime]) -> _Booked:
    """The booking's legs on their services, with planned times (see the module docstring)."""
    resolved = [_resolve(network, leg) for leg in booking.legs]
    runs = [
        None
        if found is None
        else LegRun(
            service=found[0],
            board=found[1],
            alight=found[2],
            run_start=None if leg.departure_id is None else starts.get(leg.departure_id),
        )
        for leg, found in zip(booking.legs, resolved, strict=True)
    ]
    times = leg_times(network, runs, start=booking.created_at)
    legs: list[_Leg | None] = []
    for leg, found, planned in zip(booking.legs, resolved, times, strict=True):
        if found is None:
            legs.append(None)
        else:
            service, board, alight = found
            legs.append(
                _Leg(booking, leg, service, board, alight, planned.departure, planned.arrival)
            )
    return _Booked(booking, tuple(legs))


def _load(
    platform: Platform,
    start: dt.datetime,
    end: dt.datetime,
    *,
    service_ids: list[str] | None = None,
    created_in_period: bool = False,
) -> list[_Booked]:
    """Counted bookings, their legs placed in time; the runs looked up are those that can put a
    leg in ``[start, end)`` (and, with ``created_in_period``, the first run of each booking
    created in the period)."""
    network = platform.network
    span = _span(network)
    lo, hi = start - span, end + span
    with platform.uow(read_only=True) as uow:
        bookings = _counted_bookings(uow, service_ids)
        # A booking made in the period may leave long after it: its first run places it.
        also = {
            next((leg.departure_id for leg in booking.legs if leg.departure_id), "")
            for booking in bookings
            if created_in_period and _within(booking.created_at, start, end)
        } - {""}
        starts = _run_starts(uow, bookings, lo, hi, also)
    return [_place(network, booking, starts) for booking in bookings]


def _week(moment: dt.datetime) -> str:
    """The ISO 8601 week of a UTC instant.

    >>> _week(dt.datetime(2026, 12, 28, 2, tzinfo=dt.UTC))
    '2026-W53'
    """
    year, week, _ = moment.astimezone(dt.UTC).isocalendar()
    return f"{year}-W{week:02d}"


def _weeks(start: dt.datetime, end: dt.datetime) -> list[tuple[str, dt.date]]:
    """Every ISO week the period touches, with its Monday."""
    monday = start.date() - dt.timedelta(days=start.weekday())
    last = (end - dt.timedelta(microseconds=1)).date()
    weeks = []
    while monday <= last:
        year, week, _ = monday.isocalendar()
        weeks.append((f"{year}-W{week:02d}", monday))
        monday += dt.timedelta(days=7)
    return weeks


def volumes(platform: Platform, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """TEU booked per ISO week and per mode, for the legs departing in ``[start, end)``.

    Parameters
    ----------
    platform
        The running platform.
    start, end
        The period, aware datetimes (taken in UTC).

    Returns
    -------
    dict
        ``weeks``: one entry per ISO week the period touches (``"2026-W50"``, its Monday, TEU
        per mode and the total), zero-filled; ``totals``: TEU per mode over the period;
        ``total_teu``; ``bookings``: how many bookings have a leg counted; ``unplaced_legs``:
        legs whose service or stops the network no longer has, left out.

    Notes
    -----
    Each leg of a confirmed or completed booking counts its TEU once, in the week (UTC) of its
    planned departure from its boarding stop (see the module docstring for on-demand legs) and
    under its service's mode. A booking riding rail then sea counts in both modes: these are
    TEU-legs, not consignments.
    """
    start, end = _period(start, end)
    booked = _load(platform, start, end)
    weeks = _weeks(start, end)
    by_week: dict[str, dict[str, int]] = {label: dict.fromkeys(MODES, 0) for label, _ in weeks}
    totals = dict.fromkeys(MODES, 0)
    counted: set[str] = set()
    for item in booked:
        for leg in item.placed:
            if leg.departs is None or not _within(leg.departs, start, end):
                continue
            by_week[_week(leg.departs)][leg.service.mode] += leg.leg.teu
            totals[leg.service.mode] += leg.leg.teu
            counted.add(item.booking.id)
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "modes": [m.value for m in MODES],
        "weeks": [
            {
                "week": label,
                "starts": monday.isoformat(),
                "teu": {m.value: by_week[label][m] for m in MODES},
                "total": sum(by_week[label].values()),
            }
            for label, monday in weeks
        ],
        "totals": {m.value: totals[m] for m in MODES},
        "total_teu": sum(totals.values()),
        "bookings": len(counted),
        "unplaced_legs": _unplaced(booked, start, end),
    }


def _unplaced(booked: list[_Booked], start: dt.datetime, end: dt.datetime) -> int:
    """Legs left out because the network lost their service or stops, of the bookings with
    another leg in the period."""
    return sum(
        len(item.legs) - len(item.placed)
        for item in booked
        if len(item.placed) < len(item.legs)
        and any(_within(leg.departs, start, end) for leg in item.placed)
    )


def modal_split(platform: Platform, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """TEU-km per mode, and each mode's share, for the legs departing in ``[start, end)``.

    Returns
    -------
    dict
        ``modes``: per mode ``teu_km`` (one decimal) and ``share`` of the total (four decimals,
        ``None`` when nothing moved); ``total_teu_km``; ``unplaced_legs`` as in :func:`volumes`.

    Notes
    -----
    A leg's TEU-km are its TEU × the distance it rides on its service, from its boarding stop
    to its alighting stop (``Service.distance_between``: the dataset's stop-to-stop distances,
    not great-circle). Legs are chosen as :func:`volumes` chooses them.
    """
    start, end = _period(start, end)
    teu_km = dict.fromkeys(MODES, 0.0)
    booked = _load(platform, start, end)
    for item in booked:
        for leg in item.placed:
            if _within(leg.departs, start, end):
                teu_km[leg.service.mode] += leg.leg.teu * leg.distance_km
    total = sum(teu_km.values())
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "modes": {
            m.value: {
                "teu_km": round(teu_km[m], 1),
                "share": round(teu_km[m] / total, 4) if total > 0 else None,
            }
            for m in MODES
        },
        "total_teu_km": round(total, 1),
        "unplaced_legs": _unplaced(booked, start, end),
    }


def _actual_arrivals(
    uow: UnitOfWork, booking_ids: Iterable[str]
) -> dict[tuple[str, str], list[dt.datetime]]:
    """Actual transport arrivals (``ARRI``/``ACT``) by (booking id, UN/LOCODE), sorted."""
    found: dict[tuple[str, str], list[dt.datetime]] = defaultdict(list)
    wanted = sorted(set(booking_ids))
    for first in range(0, len(wanted), _CHUNK):
        chunk = wanted[first : first + _CHUNK]
        after: tuple[dt.datetime, str] | None = None
        while True:
            page = uow.events.find(
                event_type=EventType.TRANSPORT.value,
                booking_references=chunk,
                after=after,
                limit=_PAGE,
            )
            for event, _ in page:
                if (
                    event.type_code == "ARRI"
                    and event.classifier is Classifier.ACTUAL
                    and event.carrier_booking_reference
                    and event.location
                ):
                    key = (event.carrier_booking_reference, event.location)
                    found[key].append(event.event_time)
            if len(page) < _PAGE:
                break
            after = (page[-1][0].event_time, page[-1][0].event_id)
    for moments in found.values():
        moments.sort()
    return found


def _tally(measured: list[float | None], tolerance: float) -> dict[str, Any]:
    """Counts of legs by their delay in minutes (``None``: no actual arrival)."""
    delays = [d for d in measured if d is not None]
    on_time = sum(1 for d in delays if d <= tolerance)
    return {
        "legs": len(measured),
        "measured": len(delays),
        "on_time": on_time,
        "late": len(delays) - on_time,
        "unmeasured": len(measured) - len(delays),
        "on_time_share": round(on_time / len(delays), 4) if delays else None,
        "mean_delay_minutes": round(sum(delays) / len(delays), 1) if delays else None,
    }


def punctuality(
    platform: Platform,
    start: dt.datetime,
    end: dt.datetime,
    *,
    tolerance_minutes: float = 60,
    operator: Principal | None = None,
) -> dict[str, Any]:
    """Arrival punctuality of the scheduled legs planned to arrive in ``[start, end)``.

    Parameters
    ----------
    platform
        The running platform.
    start, end
        The period, aware datetimes (taken in UTC), of planned arrivals.
    tolerance_minutes
        How late an arrival may be and still count as on time.
    operator
        When given and an operator, only the services it operates
        (:meth:`Principal.operates`); any other role sees every service.

    Returns
    -------
    dict
        ``overall`` and, per service id, ``services``: ``legs``, ``measured`` (with an actual
        arrival), ``on_time``, ``late``, ``unmeasured``, ``on_time_share`` of the measured legs
        (``None`` when none is) and ``mean_delay_minutes`` (negative: early).

    Notes
    -----
    A leg's planned arrival is its stored departure's run start plus its alighting stop's
    arrival offset. Its actual arrival is the earliest actual (``ACT``) ``ARRI`` transport event
    whose ``carrierBookingReference`` is the booking and whose UN/LOCODE is that of the leg's
    destination (a facility key ``CNCQI-TJC`` counts as ``CNCQI``), ignoring any stamped before
    the leg's planned departure (it belongs to an earlier call of the booking at that place).
    On time: actual ≤ planned + ``tolerance_minutes``. On-demand legs have no schedule and are
    not measured; events the platform announces itself are estimates and never count.
    """
    start, end = _period(start, end)
    network = platform.network
    operated = None if operator is None else access.operated_services(operator, network.services)
    service_ids = None if operated is None else sorted(str(s) for s in operated)
    legs = [
        leg
        for item in _load(platform, start, end, service_ids=service_ids)
        for leg in item.placed
        if leg.scheduled
        and _within(leg.arrives, start, end)
        and (operated is None or leg.service.id in operated)
    ]
    with platform.uow(read_only=True) as uow:
        arrivals = _actual_arrivals(uow, (leg.booking.id for leg in legs))
    delays: dict[str, list[float | None]] = defaultdict(list)
    for leg in legs:
        assert leg.arrives is not None and leg.departs is not None
        where = parent_unlocode(leg.leg.destination)
        actual = next(
            (t for t in arrivals.get((leg.booking.id, where), []) if t >= leg.departs), None
        )
        delay = None if actual is None else (actual - leg.arrives).total_seconds() / 60
        delays[leg.service.id].append(delay)
    services = []
    for service_id in sorted(delays):
        service = network.services[ServiceId(service_id)]
        services.append(
            {
                "service_id": service_id,
                "name": service.name.as_dict(),
                "mode": service.mode.value,
                "operator": service.operator,
                **_tally(delays[service_id], tolerance_minutes),
            }
        )
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "tolerance_minutes": tolerance_minutes,
        "operator": None if service_ids is None or operator is None else operator.name,
        "overall": _tally([d for values in delays.values() for d in values], tolerance_minutes),
        "services": services,
    }


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
) -> dict[str, Any]:
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
    dict
        ``bookings`` compared; ``booked_t``, their stored emissions; ``all_road_t`` and
        ``saved_vs_road_t`` (``all_road_t - booked_t``); ``yangtze_bookings``, how many have a
        Yangtze alternative, and over those only ``booked_with_yangtze_t``, ``yangtze_t`` and
        ``saved_vs_yangtze_t``; ``skipped``, bookings whose origin or destination the network
        no longer has; the ``assumptions`` made. Tonnes to three decimals.

    Notes
    -----
    A booking counts when confirmed or completed and created, or planned to depart (its first
    leg), in the period. Its emissions are those stored when it was booked (GLEC / ISO 14083
    well-to-wheel, legs and transfers). For the same origin (its first leg's boarding place),
    destination (its last leg's alighting place), TEU and cargo type (10 t per TEU):

    - **all road**: one truck leg over the great-circle distance × ``road_circuity`` (the network's road circuity, else 1.25 by
      default, an assumption), emissions from :class:`EmissionsModel` (road, the origin's and
      destination's countries); no transfer.
    - **Yangtze**: the planner's lowest well-to-wheel option going via Shanghai
      (:data:`YANGTZE_VIA`), asked from the booking's first departure (else its creation) over
      the planner's default window; bookings for which the planner finds none are left out of
      the Yangtze figures, not counted as zero.

    Alternatives are computed once per (origin, destination, TEU, cargo type) within one call:
    the first booking's departure stands for the others (the planner's lowest-CO2e option
    depends on the route, hardly on the week).
    """
    start, end = _period(start, end)
    network = platform.network
    if road_circuity is None:
        road_circuity = network.circuity.get(Mode.ROAD, ROAD_CIRCUITY)
    model = EmissionsModel()
    cache: dict[tuple[str, str, int, str], _Alternatives] = {}
    booked = road = with_yangtze = yangtze = 0.0
    counted = compared = skipped = 0
    for item in _load(platform, start, end, created_in_period=True):
        booking = item.booking
        if not booking.legs or not (
            _within(booking.created_at, start, end) or _within(item.first_departure, start, end)
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
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "bookings": counted,
        "booked_t": round(booked / 1000, 3),
        "all_road_t": round(road / 1000, 3),
        "saved_vs_road_t": round((road - booked) / 1000, 3),
        "yangtze_bookings": compared,
        "booked_with_yangtze_t": round(with_yangtze / 1000, 3),
        "yangtze_t": round(yangtze / 1000, 3) if compared else None,
        "saved_vs_yangtze_t": round((yangtze - with_yangtze) / 1000, 3) if compared else None,
        "skipped": skipped,
        "assumptions": {
            "method": METHOD,
            "scope": "well-to-wheel",
            "road_circuity": road_circuity,
            "tonnes_per_teu": Cargo(teu=1).tonnes,
            "yangtze_via": YANGTZE_VIA,
        },
    }
