"""Disruptions: operators cancel, delay or add runs; operators, customs and admins close
services and places for a period. Each change is one transaction: the exception or closure, the
departures it takes out of service (their capacity released), every booking on them marked with
the reason and the planner's best re-accommodation, and a DCSA event on the booking's timeline
and to its subscriptions."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from landsea.domain import access
from landsea.domain.booking import Booking, DepartureCapacity, Principal
from landsea.domain.codes import parent_unlocode
from landsea.domain.disruption import (
    BookingDisruption,
    Closure,
    ClosureSubject,
    ExceptionKind,
    Overlay,
    Reason,
    RunException,
    check_reason_code,
    run_calls,
)
from landsea.domain.timetable import Service, departure_id
from landsea.domain.tracking import TrackingEvent
from landsea.errors import InvalidInput, NotFound
from landsea.services.network import resolve_place
from landsea.services.planning import Plan, PlanQuestion, plan_with_overlay
from landsea.services.platform import Platform
from landsea.services.timeline import DCSA_MODES
from landsea.units import ServiceId

__all__ = [
    "ExceptionRequest",
    "add_closure",
    "add_exception",
    "booking_disruptions",
    "closures",
    "closures_near",
    "exceptions",
    "lift",
    "overlay",
]

_LONGEST_RUN = dt.timedelta(days=60)


@dataclass(frozen=True, slots=True, kw_only=True)
class ExceptionRequest:
    """What an operator asks: the run by id (or its local date at the first stop), the delay,
    or the extra run's departure."""

    kind: ExceptionKind
    departure_id: str | None = None
    date: dt.date | None = None
    delay_hours: float | None = None
    departure: dt.datetime | None = None
    reason: Reason


def overlay(platform: Platform) -> Overlay:
    """The exceptions and closures in force."""
    with platform.uow(read_only=True) as uow:
        return Overlay.of(uow.disruptions.exceptions(), uow.disruptions.closures())


def exceptions(platform: Platform, service_id: str) -> list[RunException]:
    _service(platform, service_id)
    with platform.uow(read_only=True) as uow:
        return uow.disruptions.exceptions(service_id)


def closures(platform: Platform) -> list[Closure]:
    with platform.uow(read_only=True) as uow:
        return uow.disruptions.closures()


def closures_near(platform: Platform, plan: Plan) -> list[Closure]:
    """The closures in force that touch a plan in its period (from the cargo's ready time to
    the last arrival offered, at least the departure window): of its origin or destination, or
    of a place or a service of one of its options' legs (a UN/LOCODE's closure touches its
    terminals too)."""
    query = plan.query
    starts = query.depart
    ends = max([starts + dt.timedelta(days=query.window_days), *(o.arrival for o in plan.options)])
    legs = [leg for option in plan.options for leg in option.legs]
    places = {str(query.origin), str(query.destination)}
    places |= {str(code) for leg in legs for code in (leg.from_, leg.to)}
    places |= {parent_unlocode(code) for code in places}
    services = {str(leg.service_id) for leg in legs}
    return [
        c
        for c in closures(platform)
        if c.overlaps(starts, ends)
        and c.code in (places if c.subject is ClosureSubject.PLACE else services)
    ]


def booking_disruptions(platform: Platform, booking_id: str) -> list[BookingDisruption]:
    """How cancellations and closures hit a booking (read rights checked by the caller)."""
    with platform.uow(read_only=True) as uow:
        return uow.disruptions.of_booking(booking_id)


def _service(platform: Platform, service_id: str) -> Service:
    service = platform.network.services.get(ServiceId(service_id))
    if service is None:
        raise NotFound(f"service {service_id!r} does not exist")
    return service


def _check_runs(principal: Principal, service: Service) -> None:
    access.check(
        access.may_manage_departure(principal, service),
        principal,
        access.Action.MANAGE_DEPARTURE,
        f"service {service.id!r} is run by {service.operator!r}",
    )


def _zone(platform: Platform, service: Service) -> ZoneInfo:
    return ZoneInfo(platform.network.locations[service.origin].timezone)


def _aware(moment: dt.date | dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """A date (its midnight) or a date-time without offset is local time at the place."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(0))
    return (moment if moment.tzinfo else moment.replace(tzinfo=zone)).astimezone(dt.UTC)


def _the_run(platform: Platform, service: Service, request: ExceptionRequest) -> DepartureCapacity:
    """The stored run an exception names, by id or by its local date at the first stop."""
    with platform.uow(read_only=True) as uow:
        if request.departure_id is not None:
            found = uow.departures.get(request.departure_id)
            if found is None or found.service_id != service.id:
                raise NotFound(
                    f"departure_id {request.departure_id!r} is not a run of service {service.id!r}"
                )
            return found
        if request.date is None:
            raise InvalidInput(f"{request.kind.value}: give departure_id or date of the run")
        zone = _zone(platform, service)
        day = dt.datetime.combine(request.date, dt.time(0), tzinfo=zone)
        runs = uow.departures.find(
            service_ids=[service.id], start=day, end=day + dt.timedelta(days=1), after=None, limit=3
        )
    if len(runs) != 1:
        raise InvalidInput(
            f"date {request.date.isoformat()}: service {service.id!r} has {len(runs)} runs that "
            "day; give departure_id"
        )
    return runs[0]


def add_exception(
    platform: Platform, principal: Principal, service_id: str, request: ExceptionRequest
) -> RunException:
    """Cancel, delay or add one run of an operator's own service (see the module)."""
    service = _service(platform, service_id)
    _check_runs(principal, service)
    check_reason_code(request.reason.code)
    if request.kind is ExceptionKind.EXTRA:
        return _add_extra(platform, principal, service, request)
    run = _the_run(platform, service, request)
    delay = dt.timedelta(hours=request.delay_hours or 0)
    exception = RunException(
        id=str(uuid.uuid4()),
        service_id=service.id,
        kind=request.kind,
        departure_id=run.id,
        run_start=run.departure,
        delay=delay if request.kind is ExceptionKind.DELAY else dt.timedelta(0),
        reason=request.reason,
        organisation_id=principal.organisation_id,
    )
    with platform.uow() as uow:
        uow.disruptions.add_exception(exception)
        if exception.kind is ExceptionKind.CANCEL:
            _take_out(platform, uow, exception.id, "cancel", exception.reason, [run.id])
        else:
            for booking_id in uow.disruptions.bookings_on(run.id):
                _announce(platform, uow, booking_id, exception, run.departure + delay)
    return exception


def _add_extra(
    platform: Platform, principal: Principal, service: Service, request: ExceptionRequest
) -> RunException:
    if request.departure is None or service.on_demand:
        raise InvalidInput(
            f"extra: departure (the run's local date-time) is required on a scheduled service, "
            f"got {request.departure!r} for {service.id!r}"
        )
    local = _aware(request.departure, _zone(platform, service)).astimezone(_zone(platform, service))
    run_id = departure_id(service.id, local)
    with platform.uow(read_only=True) as uow:
        if uow.departures.get(run_id) is not None:
            raise InvalidInput(f"departure {local.isoformat()}: {run_id!r} already runs")
    exception = RunException(
        id=str(uuid.uuid4()),
        service_id=service.id,
        kind=ExceptionKind.EXTRA,
        departure_id=run_id,
        run_start=local.astimezone(dt.UTC),
        reason=request.reason,
        organisation_id=principal.organisation_id,
    )
    with platform.uow() as uow:
        uow.disruptions.add_exception(exception)
        uow.departures.add_many(
            [
                DepartureCapacity(
                    id=run_id,
                    service_id=service.id,
                    departure=exception.run_start,
                    capacity_teu=service.capacity_teu,
                    booked_teu=0,
                    reefer_plugs=service.reefer_plugs,
                    reefer_plugs_booked=0,
                )
            ]
        )
    return exception


def add_closure(
    platform: Platform,
    principal: Principal,
    *,
    subject: ClosureSubject,
    code: str,
    starts: dt.date | dt.datetime,
    ends: dt.date | dt.datetime,
    reason: Reason,
) -> Closure:
    """Close a service (its operator, or an admin) or a place (customs or an admin) over
    ``[starts, ends)``: every stored run it stops is taken out of service."""
    check_reason_code(reason.code)
    place = None
    if subject is ClosureSubject.SERVICE:
        service = _service(platform, code)
        _check_runs(principal, service)
        affected = [service]
    else:
        access.check(
            access.may_ever(principal, access.Action.CLOSE_PLACE),
            principal,
            access.Action.CLOSE_PLACE,
            f"place {code!r}",
        )
        place = resolve_place(platform.network, code, "place")
        code = place.code
        affected = [
            s
            for s in platform.network.services.values()
            if any(stop.location == code for stop in s.stops)
        ]
    where = place if place is not None else platform.network.locations[affected[0].origin]
    zone = ZoneInfo(where.timezone)
    closure = Closure(
        id=str(uuid.uuid4()),
        subject=subject,
        code=code,
        starts=_aware(starts, zone),
        ends=_aware(ends, zone),
        reason=reason,
        organisation_id=principal.organisation_id,
    )
    with platform.uow() as uow:
        uow.disruptions.add_closure(closure)
        runs = uow.departures.find(
            service_ids=[s.id for s in affected],
            start=closure.starts - _LONGEST_RUN,
            end=closure.ends,
            after=None,
            limit=100_000,
        )
        services = platform.network.services
        closed = [
            run.id
            for run in runs
            if closure.blocks_run(
                run.service_id, run_calls(services[ServiceId(run.service_id)], run.departure)
            )
        ]
        _take_out(platform, uow, closure.id, "closure", reason, closed)
    return closure


def lift(platform: Platform, principal: Principal, cause_id: str) -> None:
    """Lift an exception or a closure: the runs it took out run again with their capacity
    (the bookings it disrupted stay marked: their shippers were told)."""
    with platform.uow() as uow:
        exception = uow.disruptions.get_exception(cause_id)
        closure = uow.disruptions.get_closure(cause_id)
        if exception is not None:
            _check_runs(principal, _service(platform, exception.service_id))
        elif closure is not None and closure.subject is ClosureSubject.SERVICE:
            _check_runs(principal, _service(platform, closure.code))
        elif closure is not None:
            access.check(
                access.may_ever(principal, access.Action.CLOSE_PLACE),
                principal,
                access.Action.CLOSE_PLACE,
                f"closure {cause_id!r}",
            )
        else:
            raise NotFound(f"exception or closure {cause_id!r} does not exist")
        taken = uow.disruptions.taken_by(cause_id)
        kept = uow.disruptions.still_taken(sorted(taken), cause_id)
        for departure, capacity in sorted(taken.items()):
            if departure not in kept:
                uow.departures.set_capacity(departure, capacity)
        uow.disruptions.lift(cause_id, dt.datetime.now(dt.UTC))


# -- effects on departures and bookings -----------------------------------------------------------


def _take_out(
    platform: Platform, uow: Any, cause_id: str, kind: str, reason: Reason, runs: list[str]
) -> None:
    """Release what is booked on these runs, mark and tell each booking, and set their
    capacity to 0 (kept to give back when the cause is lifted)."""
    for run_id in sorted(runs):
        run = uow.departures.get(run_id, lock=True)
        if run is None:
            continue
        for booking_id in uow.disruptions.bookings_on(run_id):
            booking = uow.bookings.get(booking_id, lock=True)
            assert booking is not None
            legs = [leg for leg in booking.legs if leg.departure_id == run_id]
            teu, plugs = sum(leg.teu for leg in legs), sum(leg.plugs for leg in legs)
            uow.departures.release(run_id, teu, plugs)
            uow.disruptions.mark(
                BookingDisruption(
                    booking_id=booking_id,
                    cause_id=cause_id,
                    departure_id=run_id,
                    kind=kind,
                    reason=reason,
                    released_teu=teu,
                    released_plugs=plugs,
                    reaccommodation=_reaccommodation(platform, uow, booking, run_id),
                    created_at=dt.datetime.now(dt.UTC),
                )
            )
            _announce(platform, uow, booking_id, reason, run.departure, cancelled=True)
        uow.disruptions.take(cause_id, run_id, run.capacity_teu)
        uow.departures.set_capacity(run_id, 0)


def _reaccommodation(
    platform: Platform, uow: Any, booking: Booking, run_id: str
) -> dict[str, Any] | None:
    """The planner's best option (earliest arrival) from where the cargo is: the boarding place
    of the lost leg, from the lost run's departure, to the booking's destination."""
    legs = list(booking.legs)
    lost = next(n for n, leg in enumerate(legs) if leg.departure_id == run_id)
    run = uow.departures.get(run_id)
    now = dt.datetime.now(dt.UTC)
    capacity = {
        row.id: (row.remaining_teu, row.remaining_plugs)
        for row in uow.departures.in_use(now - dt.timedelta(days=30), now + dt.timedelta(days=400))
    }
    capacity[run_id] = (0, 0)
    question = PlanQuestion(
        origin=legs[lost].origin,
        destination=legs[-1].destination,
        depart=max(run.departure, now),
        teu=booking.teu,
        cargo_type=booking.cargo_type,
    )
    current = Overlay.of(uow.disruptions.exceptions(), uow.disruptions.closures())
    try:
        plan = plan_with_overlay(platform.network, question, capacity, current)
    except InvalidInput:
        return None
    if not plan.options:
        return None
    best = min(plan.options, key=lambda option: option.arrival)
    return {
        "departure": best.departure.isoformat(),
        "arrival": best.arrival.isoformat(),
        "transit_hours": best.transit_hours,
        "cost": {"amount": float(best.cost.amount), "currency": best.cost.currency},
        "legs": [
            {
                "service_id": leg.service_id,
                "departure_id": leg.departure_id,
                "from": leg.from_,
                "to": leg.to,
                "departure": leg.departure.isoformat(),
                "arrival": leg.arrival.isoformat(),
            }
            for leg in best.legs
        ],
    }


def _announce(
    platform: Platform,
    uow: Any,
    booking_id: str,
    cause: Reason | RunException,
    when: dt.datetime,
    *,
    cancelled: bool = False,
) -> None:
    """A DCSA 2.2 TRANSPORT event, estimated (``EST``) departure (``DEPA``) of the booking's
    run, with the SMDG ``delayReasonCode`` when one was given and the reason as
    ``changeRemark``: stored on the booking's timeline and queued to its subscriptions."""
    from landsea.feeds.dcsa import parse_event  # the DCSA faces load only when a run is disrupted
    from landsea.services.subscriptions import notifications_for

    reason = cause if isinstance(cause, Reason) else cause.reason
    booking = uow.bookings.get(booking_id)
    leg = booking.legs[0]
    network = platform.network
    service = network.services[ServiceId(leg.service_id)]
    place = parent_unlocode(leg.origin)
    now = dt.datetime.now(dt.UTC)
    what = "Cancelled" if cancelled else "Delayed"
    raw: dict[str, Any] = {
        "eventID": str(uuid.uuid4()),
        "eventType": "TRANSPORT",
        "eventClassifierCode": "EST",
        "eventDateTime": network.locations[service.origin].local(when).isoformat(),
        "eventCreatedDateTime": now.isoformat(),
        "transportEventTypeCode": "DEPA",
        "transportCall": {"UNLocationCode": place, "modeOfTransport": DCSA_MODES[service.mode]},
        "documentReferences": [
            {"documentReferenceType": "BKG", "documentReferenceValue": booking_id}
        ],
        "changeRemark": f"{what}: {reason.en} / {reason.zh}"[:250],
    }
    if reason.code:
        raw["delayReasonCode"] = reason.code
    event = parse_event(0, raw, received=now)
    if not isinstance(event, TrackingEvent):  # pragma: no cover - our own event is well formed
        raise AssertionError(f"the platform made an event it cannot read: {event!r}")
    uow.events.add_many([event])
    uow.subscriptions.enqueue(notifications_for(uow, [event], platform.network.services), now)
