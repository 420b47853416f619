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
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

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


class Grant(StrEnum):
    """What a role may do with an action's things: all of them, its own, or none."""

    ALL = "yes"
    OWN = "own"
    NONE = "no"


class Action(StrEnum):
    """The rows of the rules table; the value is how the docs name the action."""

    BOOK = "book"
    READ_BOOKING = "read a booking and its timeline"
    CANCEL_BOOKING = "cancel a booking"
    MANAGE_DEPARTURE = "change a departure's capacity, cancel, delay or add a run, close a service"
    CLOSE_PLACE = "close a place for a period"
    WRITE_EVENT = "write a DCSA event"
    READ_EVENT = "read DCSA events (API, subscriptions)"
    MANAGE_SUBSCRIPTION = "create, read, delete an event subscription"
    LODGE_DECLARATION = "lodge a customs declaration"
    READ_DECLARATION = "read a customs declaration"
    DECIDE_DECLARATION = "decide a customs declaration"
    REQUEST_CARGO = "ask for transport (cargo request)"
    READ_CARGO_REQUESTS = "read cargo requests"
    CANCEL_CARGO_REQUEST = "cancel a cargo request"
    RUN_CONSOLIDATION = "run consolidation (and apply it)"
    READ_RUN = "read a consolidation run"
    RUN_SIMULATION = "run a simulation of the corridor"
    READ_SIMULATION = "read a simulation and its results"
    MANAGE_ORGANISATIONS = "create organisations, list them, issue keys"
    READ_ORGANISATION = "read an organisation"
    MANAGE_KEYS = "list and revoke an organisation's API keys"
    ISSUE_DOCUMENT = "issue a transport document for a booking"
    READ_DOCUMENT = "read a transport document and its history"
    HOLD_DOCUMENT = "endorse, pledge or surrender a transport document it holds"
    ANSWER_DOCUMENT = "accept or refuse a transport document endorsed to it"
    RELEASE_PLEDGE = "release a pledged transport document, or take it on default"
    ANSWER_SURRENDER = "accept or refuse a transport document surrendered for delivery"
    MANAGE_SERVICE = "publish, change or withdraw a service"
    ADD_PLACE = "add a place to the network"
    ISSUE_INVOICE = "issue invoices and credit notes, import and reconcile bank notifications"
    READ_INVOICE = "read an invoice or credit note (JSON, UBL, PDF, pain.001)"


def _row(**granted: Grant) -> Mapping[Role, Grant]:
    return MappingProxyType({Role(r): g for r, g in granted.items() if g is not Grant.NONE})


_ALL, _OWN = Grant.ALL, Grant.OWN
_EVERY_OWN = {"shipper": _OWN, "operator": _OWN, "customs": _OWN, "bank": _OWN}

RULES: Final[Mapping[Action, Mapping[Role, Grant]]] = MappingProxyType(
    {
        Action.BOOK: _row(shipper=_ALL, admin=_ALL),
        Action.READ_BOOKING: _row(shipper=_OWN, operator=_OWN, customs=_ALL, admin=_ALL),
        Action.CANCEL_BOOKING: _row(shipper=_OWN, admin=_ALL),
        Action.MANAGE_DEPARTURE: _row(operator=_OWN, admin=_ALL),
        Action.CLOSE_PLACE: _row(customs=_ALL, admin=_ALL),
        Action.WRITE_EVENT: _row(operator=_OWN, customs=_OWN, admin=_ALL),
        Action.READ_EVENT: _row(shipper=_OWN, operator=_OWN, customs=_ALL, admin=_ALL),
        Action.MANAGE_SUBSCRIPTION: _row(shipper=_OWN, operator=_OWN, customs=_OWN, admin=_ALL),
        Action.LODGE_DECLARATION: _row(shipper=_OWN, admin=_ALL),
        Action.READ_DECLARATION: _row(shipper=_OWN, customs=_ALL, admin=_ALL),
        Action.DECIDE_DECLARATION: _row(customs=_ALL),
        Action.REQUEST_CARGO: _row(shipper=_ALL, admin=_ALL),
        Action.READ_CARGO_REQUESTS: _row(shipper=_OWN, operator=_ALL, admin=_ALL),
        Action.CANCEL_CARGO_REQUEST: _row(shipper=_OWN, admin=_ALL),
        Action.RUN_CONSOLIDATION: _row(operator=_OWN, admin=_ALL),
        Action.READ_RUN: _row(operator=_OWN, admin=_ALL),
        Action.RUN_SIMULATION: _row(operator=_ALL, admin=_ALL),
        Action.READ_SIMULATION: _row(operator=_OWN, admin=_ALL),
        Action.MANAGE_ORGANISATIONS: _row(admin=_ALL),
        Action.READ_ORGANISATION: _row(**_EVERY_OWN, admin=_ALL),
        Action.MANAGE_KEYS: _row(**_EVERY_OWN, admin=_ALL),
        Action.ISSUE_DOCUMENT: _row(operator=_OWN),
        Action.READ_DOCUMENT: _row(shipper=_OWN, operator=_OWN, admin=_ALL, bank=_OWN),
        Action.HOLD_DOCUMENT: _row(shipper=_OWN, bank=_OWN),
        Action.ANSWER_DOCUMENT: _row(shipper=_OWN, bank=_OWN),
        Action.RELEASE_PLEDGE: _row(bank=_OWN),
        Action.ANSWER_SURRENDER: _row(operator=_OWN),
        Action.MANAGE_SERVICE: _row(operator=_OWN, admin=_ALL),
        Action.ADD_PLACE: _row(admin=_ALL),
        Action.ISSUE_INVOICE: _row(operator=_OWN),
        Action.READ_INVOICE: _row(shipper=_OWN, operator=_OWN, admin=_ALL),
    }
)
"""Every rule: action → role → grant (a role not listed is refused)."""


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


# -- the table in the docs ------------------------------------------------------------------------


def rules_table(roles: Collection[Role] = tuple(Role)) -> str:
    """:data:`RULES` as the Markdown table of docs/platform.md; an operator has two columns —
    on its own services and on another's."""
    columns: list[tuple[str, Role, bool | None]] = []
    for role in roles:
        if role is Role.OPERATOR:
            columns += [("operator (own)", role, True), ("operator (other's)", role, False)]
        else:
            columns.append((role.value, role, None))
    lines = ["| action | " + " | ".join(c[0] for c in columns) + " |", "| --- |" + " --- |" * len(columns)]  # fmt: skip
    for action, row in RULES.items():
        cells = [row.get(role, Grant.NONE) for _, role, _ in columns]
        cells = [g if own is None or g is not Grant.OWN else (Grant.ALL if own else Grant.NONE)
                 for g, (_, _, own) in zip(cells, columns, strict=True)]  # fmt: skip
        lines.append(f"| {action.value} | " + " | ".join(g.value for g in cells) + " |")
    return "\n".join(lines)
