"""The content of a through transport document, in the shape of DCSA's eBL 3.0 ``TransportDocument``.

One document covers every leg of a booking — truck, train, barge and ship. DCSA's eBL has one
main carriage (``transports``: port of loading and discharge, vessel voyages) with pre- and
on-carriage by mode; landsea fills those from the booking (the sea legs as the main carriage, or
every leg when there is none) and lists every leg, with its mode and carrier, in the extension
field ``landseaLegs`` (the schema allows further fields). docs/documents.md maps each field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from landsea.domain.booking import Booking, Principal
from landsea.domain.codes import validate_container
from landsea.domain.customs import validate_hs_code
from landsea.domain.network import Network
from landsea.domain.timetable import LegRun, leg_times
from landsea.errors import InvalidInput
from landsea.units import ServiceId

__all__ = ["CARRIER_CODE", "EquipmentRequest", "IssueRequest", "ItemRequest", "content_of"]

CARRIER_CODE = "LNDS"
"""The carrier code written in ``carrierCode`` (landsea's own, not an SMDG-listed code)."""

CONTACT_PLACEHOLDER = "transport-documents@landsea.invalid"
"""The contact written when the operator gives none (a reserved, never-delivered domain)."""

_MODES = {"rail": "RAIL", "road": "TRUCK", "inland_waterway": "BARGE", "sea": "VESSEL"}
TERMS = (
    "Multimodal transport document issued on the landsea platform for the whole journey "
    "(一单制). Negotiable when issued to order: possession passes only by a signed endorsement "
    "accepted by the endorsee; the cargo is delivered against its surrender."
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemRequest:
    hs_code: str
    description: str
    packages: int
    package_kind: str
    gross_kg: Decimal
    container: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EquipmentRequest:
    container: str
    seals: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class IssueRequest:
    """What the operator adds to a booking to issue its document."""

    items: tuple[ItemRequest, ...]
    equipment: tuple[EquipmentRequest, ...]
    negotiable: bool = True
    consignee: str | None = None
    """An organisation (id or name) for a straight document; ``None``: to order."""
    notify_party: str | None = None
    place_of_issue: str | None = None
    contact_email: str | None = None
    """Where the carrier's document desk is reached (DCSA asks for an e-mail or a phone)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Parties:
    carrier: Principal
    shipper: Principal
    consignee: Principal | None


def _check(request: IssueRequest) -> None:
    if not request.items:
        raise InvalidInput("items must list at least one consignment item")
    if not request.equipment:
        raise InvalidInput("equipment must list at least one container")
    containers = set()
    for n, unit in enumerate(request.equipment):
        containers.add(validate_container(unit.container, field=f"equipment[{n}].container"))
        if not unit.seals:
            raise InvalidInput(f"equipment[{n}].seals must list at least one seal number")
    for n, item in enumerate(request.items):
        validate_hs_code(item.hs_code, field=f"items[{n}].hs_code")
        if item.container not in containers:
            raise InvalidInput(
                f"items[{n}].container {item.container!r} is not one of equipment's containers"
            )
        if item.packages < 1 or item.gross_kg <= 0:
            raise InvalidInput(
                f"items[{n}]: packages ({item.packages}) and gross_kg ({item.gross_kg}) must be positive"
            )
    if not request.negotiable and request.consignee is None:
        raise InvalidInput(
            "consignee: a straight (non-negotiable) document must name its consignee"
        )


def _place(network: Network, code: str) -> dict[str, Any]:
    location = network.locations.get(code)  # type: ignore[call-overload]
    name = location.name.en if location is not None else code
    return {"locationName": name[:100], "UNLocationCode": code[:5]}


def _legs(
    network: Network, booking: Booking, starts: dict[str, dt.datetime]
) -> list[dict[str, Any]]:
    runs = []
    for leg in booking.legs:
        service = network.services[ServiceId(leg.service_id)]
        calls = [str(stop.location) for stop in service.stops]
        board = calls.index(leg.origin)
        runs.append(LegRun(service=service, board=board, alight=calls.index(leg.destination, board + 1),
                           run_start=starts.get(leg.departure_id or "")))  # fmt: skip
    times = leg_times(network, runs, start=booking.created_at)
    return [
        {
            "sequence": n + 1,
            "mode": _MODES.get(run.service.mode.value, "MULTIMODAL"),
            "carrier": run.service.operator,
            "serviceId": str(run.service.id),
            "departureId": leg.departure_id,
            "from": leg.origin,
            "to": leg.destination,
            "plannedDeparture": None
            if planned.departure is None
            else planned.departure.isoformat(),
            "plannedArrival": None if planned.arrival is None else planned.arrival.isoformat(),
        }
        for n, (leg, run, planned) in enumerate(zip(booking.legs, runs, times, strict=True))
    ]


def _transports(network: Network, legs: Sequence[dict[str, Any]], today: dt.date) -> dict[str, Any]:
    main = [n for n, leg in enumerate(legs) if leg["mode"] == "VESSEL"] or list(range(len(legs)))
    first, last = legs[main[0]], legs[main[-1]]
    before, after = legs[: main[0]], legs[main[-1] + 1 :]
    transports: dict[str, Any] = {
        "plannedDepartureDate": (first["plannedDeparture"] or today.isoformat())[:10],
        "plannedArrivalDate": (last["plannedArrival"] or today.isoformat())[:10],
        "placeOfReceipt": _place(network, legs[0]["from"]),
        "portOfLoading": _place(network, first["from"]),
        "portOfDischarge": _place(network, last["to"]),
        "placeOfDelivery": _place(network, legs[-1]["to"]),
        "vesselVoyages": [
            {
                "vesselName": f"{leg['carrier']} {leg['serviceId']}"[:50],
                "carrierExportVoyageNumber": (leg["departureId"] or leg["serviceId"])[:50],
            }
            for leg in legs[main[0] : main[-1] + 1]
        ],
    }
    for key, part in (("preCarriageBy", before), ("onCarriageBy", after)):
        modes = {leg["mode"] for leg in part}
        if modes:
            transports[key] = modes.pop() if len(modes) == 1 else "MULTIMODAL"
    return transports


def _party(principal: Principal) -> dict[str, Any]:
    return {
        "partyName": principal.name[:70],
        "identifyingCodes": [{"codeListProvider": "ZZZ", "partyCode": principal.organisation_id,
                              "codeListName": "landsea organisation id"}],
    }  # fmt: skip


def _document_parties(
    network: Network, request: IssueRequest, parties: Parties, issue_place: str
) -> dict[str, Any]:
    carrier = parties.carrier
    city = _place(network, issue_place)["locationName"][:35]
    found: dict[str, Any] = {
        "shipper": _party(parties.shipper),
        "issuingParty": {
            "partyName": carrier.name[:70],
            "address": {"street": "-", "city": city, "countryCode": issue_place[:2]},
        },
    }
    if parties.consignee is not None:
        found["consignee"] = _party(parties.consignee)
    if request.notify_party:
        found["notifyParties"] = [{"partyName": request.notify_party[:70]}]
    return found


def _goods(booking: Booking, request: IssueRequest) -> dict[str, Any]:
    """Consignment items (with HS codes, weights, packages) and the containers with seals."""
    return {
        "consignmentItems": [
            {
                "carrierBookingReference": booking.id.replace("-", ""),
                "descriptionOfGoods": [item.description[:5000]],
                "HSCodes": [validate_hs_code(item.hs_code)[:6]],
                "cargoItems": [
                    {
                        "equipmentReference": item.container,
                        "cargoGrossWeight": {"value": float(item.gross_kg), "unit": "KGM"},
                        "outerPackaging": {
                            "numberOfPackages": item.packages,
                            "description": item.package_kind[:100],
                        },
                    }
                ],
            }
            for item in request.items
        ],
        "utilizedTransportEquipments": [
            {
                "equipment": {"equipmentReference": unit.container},
                "isShipperOwned": False,
                "seals": [{"number": seal[:15]} for seal in unit.seals],
            }
            for unit in request.equipment
        ],
    }


def _charges(booking: Booking) -> list[dict[str, Any]]:
    return [
        {
            "chargeName": "Through freight",
            "currencyAmount": float(booking.price.amount),
            "currencyCode": booking.price.currency,
            "paymentTermCode": "PRE",
            "calculationBasis": "PER TEU",
            "unitPrice": float(booking.price.amount / Decimal(booking.teu)),
            "quantity": booking.teu,
        }
    ]


def content_of(
    network: Network,
    booking: Booking,
    request: IssueRequest,
    *,
    reference: str,
    parties: Parties,
    starts: dict[str, dt.datetime],
    now: dt.datetime,
) -> dict[str, Any]:
    """The document's DCSA eBL content (``starts``: when each booked departure leaves)."""
    _check(request)
    legs = _legs(network, booking, starts)
    issue_place = request.place_of_issue or legs[0]["from"]
    contact = {
        "name": parties.carrier.name[:35],
        "email": request.contact_email or CONTACT_PLACEHOLDER,
    }
    return {
        "transportDocumentReference": reference,
        "transportDocumentStatus": "ISSUED",
        "transportDocumentTypeCode": "BOL",
        "isShippedOnBoardType": False,
        "isElectronic": True,
        "isToOrder": request.negotiable,
        "freightPaymentTermCode": "PRE",
        "issueDate": now.date().isoformat(),
        "receivedForShipmentDate": now.date().isoformat(),
        "placeOfIssue": _place(network, issue_place),
        "invoicePayableAt": {"UNLocationCode": legs[0]["from"][:5]},
        "partyContactDetails": [contact],
        "documentParties": _document_parties(network, request, parties, issue_place),
        **_goods(booking, request),
        "termsAndConditions": TERMS,
        "receiptTypeAtOrigin": "CY",
        "deliveryTypeAtDestination": "CY",
        "cargoMovementTypeAtOrigin": "FCL",
        "cargoMovementTypeAtDestination": "FCL",
        "carrierCode": CARRIER_CODE,
        "carrierCodeListProvider": "SMDG",
        "transports": _transports(network, legs, now.date()),
        "charges": _charges(booking),
        "landseaLegs": legs,
    }
