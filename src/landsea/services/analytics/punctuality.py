"""Arrival punctuality of the scheduled legs, measured from actual DCSA arrival events.

A leg's planned arrival is its stored departure's run start plus its alighting stop's
arrival offset. Its actual arrival is the earliest actual (``ACT``) ``ARRI`` transport event
whose ``carrierBookingReference`` is the booking and whose UN/LOCODE is that of the leg's
destination (a facility key ``CNCQI-TJC`` counts as ``CNCQI``), ignoring any stamped before
the leg's planned departure (it belongs to an earlier call of the booking at that place).
On time: actual ≤ planned + ``tolerance_minutes``. On-demand legs have no schedule and are
not measured; events the platform announces itself are estimates and never count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from landsea.domain import access
from landsea.domain.booking import Principal
from landsea.domain.codes import parent_unlocode
from landsea.domain.network import LocalizedName
from landsea.domain.tracking import Classifier, EventType
from landsea.services.analytics.booked import load, period, within
from landsea.services.platform import Platform, UnitOfWork
from landsea.units import ServiceId

__all__ = ["Punctuality", "ServicePunctuality", "Tally", "punctuality"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Tally:
    """Legs by how late they arrived."""

    legs: int
    measured: int
    """With an actual arrival."""
    on_time: int
    late: int
    unmeasured: int
    on_time_share: float | None
    """Of the measured legs, four decimals; ``None`` when none is measured."""
    mean_delay_minutes: float | None
    """Negative: early."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServicePunctuality:
    service_id: str
    name: LocalizedName
    mode: str
    operator: str
    tally: Tally


@dataclass(frozen=True, slots=True, kw_only=True)
class Punctuality:
    """Arrival punctuality over a period (see :func:`punctuality`)."""

    start: dt.datetime
    end: dt.datetime
    tolerance_minutes: float
    operator: str | None
    """The operator whose services alone are counted."""
    overall: Tally
    services: tuple[ServicePunctuality, ...]


_PAGE = 1000
_CHUNK = 500


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
            for event in page:
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
            after = (page[-1].event_time, page[-1].event_id)
    for moments in found.values():
        moments.sort()
    return found


def _tally(measured: list[float | None], tolerance: float) -> Tally:
    """Counts of legs by their delay in minutes (``None``: no actual arrival)."""
    delays = [d for d in measured if d is not None]
    on_time = sum(1 for d in delays if d <= tolerance)
    return Tally(
        legs=len(measured),
        measured=len(delays),
        on_time=on_time,
        late=len(delays) - on_time,
        unmeasured=len(measured) - len(delays),
        on_time_share=round(on_time / len(delays), 4) if delays else None,
        mean_delay_minutes=round(sum(delays) / len(delays), 1) if delays else None,
    )


def punctuality(
    platform: Platform,
    start: dt.datetime,
    end: dt.datetime,
    *,
    tolerance_minutes: float = 60,
    operator: Principal | None = None,
) -> Punctuality:
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
    Punctuality
        ``overall`` and, per service, ``services``, each a :class:`Tally`: ``legs``, ``measured`` (with an actual
        arrival), ``on_time``, ``late``, ``unmeasured``, ``on_time_share`` of the measured legs
        (``None`` when none is) and ``mean_delay_minutes`` (negative: early).

    See the module docstring for how a leg is measured.
    """
    start, end = period(start, end)
    network = platform.network
    operated = None if operator is None else access.operated_services(operator, network.services)
    service_ids = None if operated is None else sorted(str(s) for s in operated)
    legs = [
        leg
        for item in load(platform, start, end, service_ids=service_ids)
        for leg in item.placed
        if leg.scheduled
        and within(leg.arrives, start, end)
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
            ServicePunctuality(
                service_id=service_id,
                name=service.name,
                mode=service.mode.value,
                operator=service.operator,
                tally=_tally(delays[service_id], tolerance_minutes),
            )
        )
    return Punctuality(
        start=start,
        end=end,
        tolerance_minutes=tolerance_minutes,
        operator=None if service_ids is None or operator is None else operator.name,
        overall=_tally([d for values in delays.values() for d in values], tolerance_minutes),
        services=tuple(services),
    )
