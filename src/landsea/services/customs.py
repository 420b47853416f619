"""Smart customs: declarations screened by rules, decided by customs, visible along the route."""

from __future__ import annotations

import datetime as dt
import tomllib
import uuid
from dataclasses import dataclass
from decimal import Decimal
from importlib.resources import files
from typing import Any

from landsea.domain import access
from landsea.domain.booking import Principal
from landsea.domain.cargo import CargoType
from landsea.domain.codes import dcsa_location, validate_container
from landsea.domain.customs import (
    Decision,
    DecisionKind,
    Declaration,
    DeclarationItem,
    DeclarationStatus,
    Direction,
    check_item,
)
from landsea.domain.risk import Benchmark, RiskRules, screen
from landsea.domain.tracking import dcsa_timestamp, event_uuid, iso_equipment_code
from landsea.errors import Conflict, InvalidCode, InvalidInput, NotFound
from landsea.services.accounts import system_principal
from landsea.services.cache import TtlCache
from landsea.services.network import resolve_place
from landsea.services.platform import Platform
from landsea.services.tracking import ingest_events
from landsea.units import ServiceId

__all__ = [
    "DeclarationRequest",
    "decide",
    "get_declaration",
    "list_declarations",
    "load_rules",
    "submit",
]


_rules = TtlCache[str | None, RiskRules]("customs rules", ttl=None, max_entries=4)
"""Rules files read, by path (``None``: the built-in one), once per process."""


def load_rules(path: str | None = None) -> RiskRules:
    """The risk rules (the built-in ``customs_rules.toml`` when ``path`` is ``None``)."""
    return _rules.get_or_make(path, lambda: _read_rules(path))


def _read_rules(path: str | None) -> RiskRules:
    text = (
        (files("landsea") / "data" / "customs_rules.toml").read_text(encoding="utf-8")
        if path is None
        else open(path, encoding="utf-8").read()
    )
    document = tomllib.loads(text)
    return RiskRules(
        yellow=float(document["lanes"]["yellow"]),
        red=float(document["lanes"]["red"]),
        rules=document["rules"],
        benchmarks=[
            Benchmark(
                hs_prefix=str(b["hs_prefix"]),
                origin=str(b["origin"]),
                value_per_kg=Decimal(str(b["value_per_kg"])),
                currency=str(b["currency"]),
            )
            for b in document.get("benchmark", [])
        ],
        watchlist={
            str(w["name"]).casefold().strip(): str(w["reason"])
            for w in document.get("watchlist", [])
        },
        sla_hours={str(lane): float(hours) for lane, hours in document.get("sla", {}).items()},
        watchlist_zh={
            str(w["name"]).casefold().strip(): str(w.get("reason_zh", w["reason"]))
            for w in document.get("watchlist", [])
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DeclarationRequest:
    """A declaration as lodged: its items are the domain's, checked by
    :func:`landsea.domain.customs.check_item` on the way in."""

    direction: str
    office: str
    booking_id: str | None
    containers: tuple[str, ...]
    items: tuple[DeclarationItem, ...]
    consignor: str = ""
    consignee: str = ""
    dangerous_goods: bool | None = None


def submit(
    platform: Platform,
    principal: Principal,
    request: DeclarationRequest,
    *,
    rules: RiskRules | None = None,
) -> Declaration:
    """Validate, screen and store a declaration; it gets a lane and every rule hit explained."""
    access.check(
        access.may_ever(principal, access.Action.LODGE_DECLARATION),
        principal,
        access.Action.LODGE_DECLARATION,
    )
    try:
        direction = Direction(request.direction)
    except ValueError:
        raise InvalidInput(f"direction {request.direction!r} must be export or import") from None
    office = resolve_place(platform.network, request.office, "office")
    if office.customs is None:
        raise InvalidInput(
            f"office {office.code!r} ({office.name.en}) is not a customs office in the network"
        )
    if not request.items:
        raise InvalidInput("items must list at least one item")
    if len(request.items) > 50:
        raise InvalidInput(f"items has {len(request.items)} items; a declaration takes at most 50")
    items = tuple(check_item(item, where=f"items[{n}]") for n, item in enumerate(request.items))
    containers = []
    for n, number in enumerate(request.containers):
        try:
            containers.append(validate_container(number, field=f"containers[{n}]"))
        except InvalidCode as exc:
            raise InvalidInput(exc.message) from None
    rules = rules or load_rules()
    with platform.uow() as uow:
        dangerous = bool(request.dangerous_goods)
        if request.booking_id is not None:
            booking = uow.bookings.get(request.booking_id)
            if booking is None or not access.may_lodge_declaration(principal, booking):
                raise InvalidInput(
                    f"booking_id {request.booking_id!r} is not a booking of {principal.name!r}"
                )
            dangerous = dangerous or booking.cargo_type == "dangerous"
        first = uow.declarations.count_for(principal.organisation_id) == 0
        values = [platform.network.to_cny(item.value).amount for item in items]
        hits, score, lane = screen(
            rules,
            items=items,
            values_cny=values,
            containers=len(containers),
            parties=[p for p in (request.consignor, request.consignee) if p],
            dangerous_goods=dangerous,
            first_declaration=first,
        )
        declaration = Declaration(
            id=str(uuid.uuid4()),
            organisation_id=principal.organisation_id,
            direction=direction,
            office=office.code,
            booking_id=request.booking_id,
            containers=tuple(containers),
            items=items,
            consignor=request.consignor,
            consignee=request.consignee,
            dangerous_goods=dangerous,
            status=DeclarationStatus.SUBMITTED,
            lane=lane,
            score=score,
            rule_hits=tuple(hits),
            created_at=dt.datetime.now(dt.UTC),
        )
        uow.declarations.add(declaration)
    return declaration


def _route_offices(platform: Platform, booking_legs: Any) -> set[str]:
    """Every place the booking's services call at between boarding and alighting."""
    offices: set[str] = set()
    for leg in booking_legs:
        service = platform.network.services.get(ServiceId(leg.service_id))
        if service is None:
            continue
        calls = [stop.location for stop in service.stops]
        if leg.origin in calls and leg.destination in calls:
            offices.update(calls[calls.index(leg.origin) : calls.index(leg.destination) + 1])
    return offices


def get_declaration(platform: Platform, principal: Principal, declaration_id: str) -> Declaration:
    with platform.uow(read_only=True) as uow:
        declaration = uow.declarations.get(declaration_id)
    subject = f"declaration {declaration_id!r}"
    access.check(
        access.may_ever(principal, access.Action.READ_DECLARATION),
        principal,
        access.Action.READ_DECLARATION,
        subject,
    )
    access.check(
        declaration is not None
        and access.may_read_declaration(principal, declaration.organisation_id),
        principal,
        access.Action.READ_DECLARATION,
        subject,
        hide=True,
    )
    assert declaration is not None
    return declaration


def list_declarations(
    platform: Platform,
    principal: Principal,
    *,
    office: str | None,
    lane: str | None,
    status: str | None,
    after: str | None,
    limit: int,
) -> list[Declaration]:
    """A shipper's own declarations; for customs, all — or, with ``office``, those lodged there
    and those whose booking's route passes it (one declaration, cleared along the corridor)."""
    access.check(
        access.may_read_declaration(principal, None), principal, access.Action.READ_DECLARATION
    )
    organisation = (
        None
        if access.reaches_all(principal, access.Action.READ_DECLARATION)
        else principal.organisation_id
    )
    offices = booking_ids = None
    if office is not None:
        code = resolve_place(platform.network, office, "office").code
        offices = [code]
        with platform.uow(read_only=True) as uow:
            bookings = uow.bookings.find(
                organisation_id=organisation, service_ids=None, after=None, limit=100_000
            )
        booking_ids = [b.id for b in bookings if code in _route_offices(platform, b.legs)]
    with platform.uow(read_only=True) as uow:
        return uow.declarations.find(
            organisation_id=organisation,
            lane=lane,
            status=status,
            booking_ids=booking_ids,
            offices=offices,
            after=after,
            limit=limit,
        )


def _equipment_type(platform: Platform, booking_id: str | None, boxes: int) -> dict[str, str]:
    """The ``ISOEquipmentCode`` of a declaration's boxes, from its booking's TEU and cargo (none
    without a booking: landsea does not guess a box)."""
    with platform.uow(read_only=True) as uow:
        booking = None if booking_id is None else uow.bookings.get(booking_id)
    if booking is None or boxes == 0:
        return {}
    reefer = booking.cargo_type == CargoType.REEFER.value
    return {"ISOEquipmentCode": iso_equipment_code(booking.teu / boxes, reefer=reefer)}


def decide(
    platform: Platform, principal: Principal, declaration_id: str, decision: str, reason: str
) -> Declaration:
    """Release, inspect or hold (with a reason); recorded with who and when, and sent to the
    containers' timelines as DCSA events (CUSR, CUSI, CUSS)."""
    access.check(
        access.may_decide_declaration(principal),
        principal,
        access.Action.DECIDE_DECLARATION,
        f"declaration {declaration_id!r}",
    )
    try:
        kind = DecisionKind(decision)
    except ValueError:
        raise InvalidInput(f"decision {decision!r} must be release, inspect or hold") from None
    reason = reason.strip()
    if kind is DecisionKind.HOLD and not reason:
        raise InvalidInput("reason is needed to hold a declaration")
    if len(reason) > 500:
        raise InvalidInput("reason is longer than 500 characters")
    now = dt.datetime.now(dt.UTC)
    with platform.uow() as uow:
        declaration = uow.declarations.get(declaration_id, lock=True)
        if declaration is None:
            raise NotFound(f"declaration {declaration_id!r} does not exist")
        if declaration.status is DeclarationStatus.RELEASED:
            raise Conflict(f"declaration {declaration_id!r} is already released")
        uow.declarations.decide(
            declaration_id,
            Decision(
                kind=kind, reason=reason, organisation_id=principal.organisation_id, decided_at=now
            ),
        )
    count = len(declaration.decisions)
    events = [
        {
            "eventID": event_uuid(f"customs-{declaration_id}-{count}-{container}"),
            "eventDateTime": dcsa_timestamp(now),
            "eventUpdatedDateTime": dcsa_timestamp(now),
            "eventLocation": dcsa_location(declaration.office, nested=True),
            "eventClassification": {
                "eventTypeCode": "EQUIPMENT",
                "eventClassifierCode": "ACT",
                "equipmentEventTypeCode": kind.event_code,
            },
            "equipmentDetails": {
                "equipmentReference": container,
                "emptyIndicatorCode": "LADEN",
                **_equipment_type(platform, declaration.booking_id, len(declaration.containers)),
            },
            **(
                {
                    "shipmentDetails": {
                        "documentReference": {
                            "typeCode": "BKG",
                            "reference": declaration.booking_id,
                        }
                    }
                }
                if declaration.booking_id
                else {}
            ),
        }
        for container in declaration.containers
    ]
    if events:
        ingest_events(platform, system_principal(platform), events)
    return get_declaration(platform, principal, declaration_id)
