"""Who may read, write, decide or run what: every authorisation rule of the platform, once.

The rules are one table, :data:`RULES`: for each :class:`Action`, what each :class:`Role` is
granted — ``yes`` (every such thing on the platform), ``own`` (only its own) or ``no``. A role
missing from a row is refused, so a new role (such as ``bank``) starts with nothing and is given
rights row by row. What "own" means depends on the role:

- a **shipper** owns what its organisation made: its bookings, their events, its declarations,
  cargo requests and subscriptions;
- an **operator** owns its services (those whose operator name contains its ``operator_match``;
  every service when it has none) and what runs on them: their departures, the bookings with a leg
  on them, those bookings' events, consolidation onto them; and its organisation's runs and
  subscriptions;
- **customs** owns the customs events (``CUSS``, ``CUSI``, ``CUSR``) and its subscriptions.

Each rule is a function returning ``bool`` (``can_book``, ``may_read_booking``, …); a face that
must refuse calls :func:`check`, the one place that turns a refusal into :class:`Forbidden` or —
where a thing's existence is private — :class:`NotFound`. The API, the command line and the web
pages reach these rules through the services; docs/platform.md shows :func:`rules_table`.
The table itself (:class:`Action`, :class:`Grant`, :data:`RULES`) is in
:mod:`landsea.domain.access_rules`, re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from landsea.domain.access_rules import RULES, Action, Grant, rules_table
from landsea.domain.booking import Booking, Principal, Role
from landsea.domain.timetable import Service
from landsea.errors import Forbidden, NotFound
from landsea.units import ServiceId

__all__ = [
    "CUSTOMS_EVENT_CODES",
    "RULES",
    "Action",
    "EventSubject",
    "Grant",
    "Named",
    "booking_scope",
    "can_book",
    "check",
    "consolidation_services",
    "event_refusal",
    "grant",
    "may_cancel_booking",
    "may_cancel_cargo_request",
    "may_consolidate_onto",
    "may_decide_declaration",
    "may_ever",
    "may_lodge_declaration",
    "may_manage_departure",
    "may_manage_keys",
    "may_manage_organisations",
    "may_manage_subscription",
    "may_read_booking",
    "may_read_cargo_requests",
    "may_read_declaration",
    "may_read_event",
    "may_read_organisation",
    "may_read_run",
    "may_request_cargo",
    "may_review_declarations",
    "may_run_consolidation",
    "may_write_event",
    "operated_services",
    "reaches_all",
    "rules_table",
]

CUSTOMS_EVENT_CODES: Final = frozenset({"CUSS", "CUSI", "CUSR"})
"""The DCSA equipment events that customs own: selected for scan, inspection, release."""


def grant(principal: Principal, action: Action) -> Grant:
    """What ``principal``'s role is granted for ``action``."""
    return RULES[action].get(principal.role, Grant.NONE)


def _allowed(principal: Principal, action: Action, own: bool) -> bool:
    given = grant(principal, action)
    return given is Grant.ALL or (given is Grant.OWN and own)


def may_ever(principal: Principal, action: Action) -> bool:
    """Whether the role is granted ``action`` on anything at all (its own at least)."""
    return grant(principal, action) is not Grant.NONE


def reaches_all(principal: Principal, action: Action) -> bool:
    """Whether the role is granted ``action`` on every such thing (not only its own)."""
    return grant(principal, action) is Grant.ALL or (
        grant(principal, action) is Grant.OWN and _operates_everything(principal)
    )


def check(
    allowed: bool, principal: Principal, action: Action, subject: str = "", *, hide: bool = False
) -> None:
    """Refuse unless ``allowed``: :class:`NotFound` when ``hide`` (the thing's existence is
    private to those who may see it), else :class:`Forbidden` naming the role and organisation.

    >>> from landsea.domain.booking import Principal, Role
    >>> shipper = Principal(organisation_id="o1", name="exporter", role=Role.SHIPPER)
    >>> check(False, shipper, Action.DECIDE_DECLARATION, "declaration 'd1'")
    Traceback (most recent call last):
    ...
    landsea.errors.Forbidden: shipper 'exporter' may not decide a customs declaration: declaration 'd1'
    """
    if allowed:
        return
    who = f"{principal.role.value} {principal.name!r}"
    if hide:
        raise NotFound(f"{subject} does not exist (for {who})")
    raise Forbidden(f"{who} may not {action.value}" + (f": {subject}" if subject else ""))


# -- ownership ------------------------------------------------------------------------------------


def _operates_everything(principal: Principal) -> bool:
    return principal.role is Role.OPERATOR and principal.operator_match is None


def _operates(principal: Principal, service: Service | None) -> bool:
    return service is not None and principal.operates(service.operator)


def operated_services(
    principal: Principal, services: Mapping[ServiceId, Service]
) -> frozenset[ServiceId] | None:
    """The services an operator runs (``None``: every service, or not an operator's question)."""
    if principal.role is not Role.OPERATOR or _operates_everything(principal):
        return None
    return frozenset(sid for sid, service in services.items() if _operates(principal, service))


def booking_scope(
    principal: Principal, action: Action, services: Mapping[ServiceId, Service]
) -> tuple[str | None, frozenset[ServiceId] | None] | None:
    """The bookings whose ``action`` ``principal`` may take, as a filter (organisation, services
    one of whose legs it rides; each ``None``: no restriction), or ``None`` for none at all —
    the query form of :func:`may_read_booking` and :func:`may_read_event`."""
    if reaches_all(principal, action):
        return None, None
    if not may_ever(principal, action):
        return None
    if principal.role is Role.OPERATOR:
        return None, operated_services(principal, services)
    return principal.organisation_id, None


def _runs_leg_of(
    principal: Principal, booking: Booking, services: Mapping[ServiceId, Service]
) -> bool:
    return any(
        _operates(principal, services.get(ServiceId(leg.service_id))) for leg in booking.legs
    )


def _owns_booking(
    principal: Principal, booking: Booking, services: Mapping[ServiceId, Service]
) -> bool:
    if principal.role is Role.OPERATOR:
        return _runs_leg_of(principal, booking, services)
    return booking.organisation_id == principal.organisation_id


# -- bookings and departures ----------------------------------------------------------------------


def can_book(principal: Principal) -> bool:
    """Shippers book (admins too, on a shipper's behalf)."""
    return _allowed(principal, Action.BOOK, own=True)


def may_read_booking(
    principal: Principal, booking: Booking, services: Mapping[ServiceId, Service]
) -> bool:
    """A shipper its own; an operator those with a leg on its services; customs and admins all."""
    return _allowed(principal, Action.READ_BOOKING, _owns_booking(principal, booking, services))


def may_cancel_booking(principal: Principal, booking: Booking) -> bool:
    """The shipper who booked, or an admin."""
    return _allowed(
        principal, Action.CANCEL_BOOKING, booking.organisation_id == principal.organisation_id
    )


def may_manage_departure(
    principal: Principal, service: Service | None, action: Action = Action.MANAGE_DEPARTURE
) -> bool:
    """An operator its own services' departures (or ``action`` on them); an admin any."""
    return _allowed(principal, action, _operates(principal, service))


# -- events ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Named:
    """One thing an event names (``field``: where, ``value``: what) and the services it resolves
    to on the platform — ``None`` when the platform knows no such booking, service or departure."""

    field: str
    value: str
    services: tuple[Service, ...] | None


@dataclass(frozen=True, slots=True, kw_only=True)
class EventSubject:
    """What a DCSA event is about: its type code and every booking, service or departure it names."""

    type_code: str
    type_field: str
    named: tuple[Named, ...] = ()


def event_refusal(
    principal: Principal, subject: EventSubject
) -> tuple[str, str | None, str] | None:
    """Why ``principal`` may not write the event (field, value, reason), or ``None``.

    - an admin writes any event; a shipper none;
    - customs write only customs events (``CUSS``, ``CUSI``, ``CUSR``);
    - an operator writes events about its own services: every booking, service
      (``carrierServiceCode``) and departure (voyage number) the event names must be known and
      run on a service of its own — for a booking, one of its legs — and the event must name at
      least one; an operator of every service (no ``operator_match``) writes any event.
    """
    given = grant(principal, Action.WRITE_EVENT)
    who = f"{principal.role.value} {principal.name!r}"
    if given is Grant.ALL:
        return None
    if given is Grant.NONE:
        return ("", None, f"{who} may not {Action.WRITE_EVENT.value}")
    if principal.role is Role.CUSTOMS:
        if subject.type_code in CUSTOMS_EVENT_CODES:
            return None
        return (
            subject.type_field,
            subject.type_code,
            f"{who} writes only customs events ({', '.join(sorted(CUSTOMS_EVENT_CODES))})",
        )
    if _operates_everything(principal):
        return None
    if not subject.named:
        return (
            "carrierBookingReference",
            None,
            f"{who} writes only events that name a booking, service or departure of its own",
        )
    for named in subject.named:
        if named.services is None:
            return (named.field, named.value, f"{who} knows no such booking, service or departure")
        if not any(_operates(principal, service) for service in named.services):
            return (named.field, named.value, f"not on a service that {who} operates")
    return None


def may_write_event(principal: Principal, subject: EventSubject) -> bool:
    """Whether ``principal`` may write the event (see :func:`event_refusal`)."""
    return event_refusal(principal, subject) is None


def may_read_event(
    principal: Principal, booking: Booking | None, services: Mapping[ServiceId, Service]
) -> bool:
    """Events of a booking are read by whoever may read the booking (shippers: their own,
    operators: on their services); events naming no booking only by customs, admins and an
    operator of every service."""
    if booking is None:
        return reaches_all(principal, Action.READ_EVENT)
    return _allowed(principal, Action.READ_EVENT, _owns_booking(principal, booking, services))


def may_manage_subscription(principal: Principal, organisation_id: str) -> bool:
    """Each organisation its own subscriptions; an admin all."""
    return _allowed(
        principal, Action.MANAGE_SUBSCRIPTION, organisation_id == principal.organisation_id
    )


# -- customs --------------------------------------------------------------------------------------


def may_lodge_declaration(principal: Principal, booking: Booking | None) -> bool:
    """A shipper declares for itself (a booking it names must be its own); an admin for anyone."""
    own = booking is None or booking.organisation_id == principal.organisation_id
    return _allowed(principal, Action.LODGE_DECLARATION, own)


def may_read_declaration(principal: Principal, organisation_id: str | None) -> bool:
    """A shipper its own declarations (``organisation_id=None``: the list of its own); customs
    and admins all; operators none."""
    own = organisation_id is None or organisation_id == principal.organisation_id
    return _allowed(principal, Action.READ_DECLARATION, own)


def may_review_declarations(principal: Principal) -> bool:
    """Whether ``principal`` reads every declaration (the customs queue): customs and admins."""
    return reaches_all(principal, Action.READ_DECLARATION)


def may_decide_declaration(principal: Principal) -> bool:
    """Only customs release, inspect or hold."""
    return _allowed(principal, Action.DECIDE_DECLARATION, own=False)


# -- cargo requests and consolidation -------------------------------------------------------------


def may_request_cargo(principal: Principal) -> bool:
    return _allowed(principal, Action.REQUEST_CARGO, own=True)


def may_read_cargo_requests(principal: Principal, organisation_id: str | None) -> bool:
    """A shipper its own (``organisation_id=None``: the list of its own); operators and admins
    every pending request — the demand they consolidate."""
    own = organisation_id is None or organisation_id == principal.organisation_id
    return _allowed(principal, Action.READ_CARGO_REQUESTS, own)


def may_cancel_cargo_request(principal: Principal, organisation_id: str | None) -> bool:
    return _allowed(
        principal, Action.CANCEL_CARGO_REQUEST, organisation_id == principal.organisation_id
    )


def may_run_consolidation(principal: Principal) -> bool:
    """Operators (over their own services) and admins (over all)."""
    return may_ever(principal, Action.RUN_CONSOLIDATION)


def consolidation_services(
    principal: Principal, services: Mapping[ServiceId, Service]
) -> frozenset[ServiceId] | None:
    """The services a run of ``principal`` may put cargo on (``None``: all): its own, and
    on-demand trucks of anyone as first and last miles (see :func:`may_consolidate_onto`)."""
    if reaches_all(principal, Action.RUN_CONSOLIDATION):
        return None
    return frozenset(
        sid
        for sid, service in services.items()
        if service.on_demand or _operates(principal, service)
    )


def may_consolidate_onto(principal: Principal, legs: Sequence[Service]) -> bool:
    """Whether a run of ``principal`` may book an itinerary riding ``legs``' services.

    An admin's run, and the run of an operator of every service, any. Another operator's run
    only itineraries whose scheduled legs are all on its own services and that ride at least one
    service of its own: on-demand trucks (which have no departures, so take no one's capacity)
    of other operators may carry the first and last miles to and from its trains and ships, but
    an itinerary on others' services alone is not its business.
    """
    if not may_run_consolidation(principal):
        return False
    if reaches_all(principal, Action.RUN_CONSOLIDATION):
        return True
    own = [_operates(principal, service) for service in legs]
    return any(own) and all(o or s.on_demand for o, s in zip(own, legs, strict=True))


def may_read_run(principal: Principal, owner: str, action: Action = Action.READ_RUN) -> bool:
    """An operator its organisation's consolidation runs (or simulations); an admin all."""
    return _allowed(principal, action, owner == principal.organisation_id)


# -- organisations --------------------------------------------------------------------------------


def may_manage_organisations(principal: Principal) -> bool:
    return _allowed(principal, Action.MANAGE_ORGANISATIONS, own=False)


def may_read_organisation(principal: Principal, organisation_id: str) -> bool:
    return _allowed(
        principal, Action.READ_ORGANISATION, organisation_id == principal.organisation_id
    )


def may_manage_keys(principal: Principal, organisation_id: str) -> bool:
    """An organisation's API keys: its own, or an admin's for any organisation."""
    return _allowed(principal, Action.MANAGE_KEYS, organisation_id == principal.organisation_id)
