"""A DCSA Track & Trace 3.0.0 event, written as 2.2.0 — or ``None`` where 2.2 cannot say it.

The inverse of :mod:`landsea.feeds.dcsa_v2_to_v3`, field by field. 2.2 is the narrower version:
an event it has no words for is not converted, never sent half-said — IOT and REEFER events, a
retraction, codes 2.2's lists lack (AVDO, AVPU, CROS, CUSS, CUSI, CUSR, the 3.0 shipment codes,
MULTIMODAL), an event without the ``eventUpdatedDateTime`` 2.2's
``eventCreatedDateTime`` needs, a transport event whose call has no reference or mode, a shipment
event without a document 2.2 knows. Whatever is converted is checked against the 2.2 schema, and
dropped if it still breaks it (a field longer than 2.2 allows). 2.2's ``eventID`` is a UUID; a
3.0 ``eventID`` that is not one (3.0 allows any text up to 500 characters) is sent as the UUID 5
of it in landsea's namespace (:func:`v2_event_id`), the same each time. docs/dcsa.md lists each
field.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from landsea.domain.tracking import TRANSPORT_CODES, V2_EQUIPMENT_CODES, V2_SHIPMENT_CODES
from landsea.feeds.dcsa_fields import obj, objects, some
from landsea.feeds.dcsa_schema import UUID, TntVersion, event_violations

__all__ = ["LANDSEA_NAMESPACE", "to_v2", "v2_event_id"]

_V2_CODES = {
    "TRANSPORT": ("transportEventTypeCode", TRANSPORT_CODES),
    "EQUIPMENT": ("equipmentEventTypeCode", V2_EQUIPMENT_CODES),
    "SHIPMENT": ("shipmentEventTypeCode", V2_SHIPMENT_CODES),
}
_V2_DOCUMENTS = frozenset({"CBR", "BKG", "SHI", "SRM", "TRD", "ARN", "VGM", "CAS", "CUS", "DGD", "OOG"})  # fmt: skip
_V2_REFERENCES = frozenset({"FF", "SI", "PO", "CR", "AAO", "EQ"})
_FACILITY_TYPES = {"BORD": "BOCR", "CLOC": "CLOC", "COFS": "COFS", "OFFD": "OFFD", "DEPO": "DEPO",
                   "INTE": "INTE", "POTE": "POTE", "RAMP": "RAMP"}  # fmt: skip
_ADDRESS = ("street", "streetNumber", "floor", "postCode", "city", "stateRegion")
_IS_UUID = re.compile(UUID)
LANDSEA_NAMESPACE = uuid.UUID("6f1c1d2e-4b5a-5e43-9a6e-1a4e0c7d2b90")
"""The namespace of the UUIDs landsea makes from other ids (UUID 5, RFC 9562 §5.5)."""


def v2_event_id(event_id: str) -> str:
    """The 2.2 ``eventID`` of an event: its own when a UUID, else the UUID 5 of it."""
    if _IS_UUID.match(event_id):
        return event_id
    return str(uuid.uuid5(LANDSEA_NAMESPACE, event_id))


def _location(place: dict[str, Any]) -> dict[str, Any]:
    address = obj(place.get("address"))
    facility = obj(place.get("facility"))
    geo = obj(place.get("geoCoordinate"))
    return some(
        locationName=place.get("locationName"),
        latitude=geo.get("latitude"),
        longitude=geo.get("longitude"),
        UNLocationCode=place.get("UNLocationCode"),
        facilityCode=facility.get("facilityCode"),
        facilityCodeListProvider=facility.get("facilityCodeListProvider"),
        address=some(**{k: address.get(k) for k in _ADDRESS}, country=address.get("countryCode")),
    )


def _transport_call(call: dict[str, Any], place: dict[str, Any]) -> dict[str, Any]:
    vessel = obj(call.get("vesselTransport"))
    facility = obj(place.get("facility"))
    return some(
        transportCallID=call.get("transportCallReference"),
        carrierServiceCode=obj(call.get("serviceCodeOrReference")).get("carrierServiceCode"),
        exportVoyageNumber=obj(call.get("exportVoyageNumberOrReference")).get(
            "carrierVoyageNumber"
        ),
        importVoyageNumber=obj(call.get("importVoyageNumberOrReference")).get(
            "carrierVoyageNumber"
        ),
        transportCallSequenceNumber=call.get("transportCallSequenceNumber"),
        UNLocationCode=place.get("UNLocationCode"),
        facilityCode=facility.get("facilityCode"),
        facilityCodeListProvider=facility.get("facilityCodeListProvider"),
        facilityTypeCode=_FACILITY_TYPES.get(str(place.get("facilityTypeCode"))),
        modeOfTransport=call.get("modeOfTransport"),
        vessel=some(
            vesselIMONumber=vessel.get("vesselIMONumber"),
            vesselName=vessel.get("vesselName"),
            vesselFlag=vessel.get("vesselFlag"),
            vesselCallSignNumber=vessel.get("vesselCallSign"),
            vesselOperatorCarrierCode=vessel.get("operatorCarrierCode"),
            vesselOperatorCarrierCodeListProvider=vessel.get("operatorCarrierCodeListProvider"),
        ),
    )


def _kind(event: dict[str, Any]) -> tuple[str, str, str] | None:
    """(eventType, its code's field, the code), when 2.2 has words for them."""
    classification = obj(event.get("eventClassification"))
    kind = classification.get("eventTypeCode")
    if kind not in _V2_CODES:
        return None
    field, codes = _V2_CODES[kind]
    code = classification.get(field)
    return (kind, field, code) if code in codes else None


def to_v2(event: dict[str, Any]) -> dict[str, Any] | None:
    """The 2.2 event saying what the 3.0 ``event`` says, or ``None`` (see the module)."""
    kind = _kind(event)
    event_id = event.get("eventID")
    if event.get("isRetracted") or kind is None or not isinstance(event_id, str):
        return None
    event_type, field, code = kind
    place = obj(event.get("eventLocation"))
    transport = obj(event.get("transportDetails"))
    call = _transport_call(obj(transport.get("transportCall")), place)
    shipment = obj(event.get("shipmentDetails"))
    primary = obj(shipment.get("documentReference"))
    equipment = obj(event.get("equipmentDetails"))
    converted = some(
        eventID=v2_event_id(event_id),
        eventCreatedDateTime=event.get("eventUpdatedDateTime"),
        eventType=event_type,
        eventClassifierCode=obj(event.get("eventClassification")).get("eventClassifierCode"),
        eventDateTime=event.get("eventDateTime"),
        **{field: code},
        delayReasonCode=next(iter(transport.get("delayReasonCodes") or []), None),
        changeRemark=transport.get("changeRemark"),
        transportCall=call if event_type == "TRANSPORT" or call.get("transportCallID") else None,
        eventLocation=_location(place) if event_type == "EQUIPMENT" else None,
        equipmentReference=equipment.get("equipmentReference"),
        ISOEquipmentCode=equipment.get("ISOEquipmentCode"),
        emptyIndicatorCode=equipment.get("emptyIndicatorCode"),
        seals=[
            some(sealNumber=s.get("number"), sealSource=s.get("source"), sealType=s.get("type"))
            for s in objects(equipment.get("seals"))
        ],
        documentTypeCode=primary.get("typeCode") if event_type == "SHIPMENT" else None,
        documentID=primary.get("reference") if event_type == "SHIPMENT" else None,
        reason=shipment.get("reason") if event_type == "SHIPMENT" else None,
        documentReferences=[
            {"documentReferenceType": r["typeCode"], "documentReferenceValue": r.get("reference")}
            for r in [primary, *objects(shipment.get("additionalDocumentReferences"))]
            if r.get("typeCode") in ("BKG", "TRD") and event_type != "SHIPMENT"
        ],
        references=[
            {"referenceType": r["typeCode"], "referenceValue": r.get("reference")}
            for r in objects(shipment.get("shipmentReferences"))
            if r.get("typeCode") in _V2_REFERENCES
        ],
    )
    if event_type == "SHIPMENT" and primary.get("typeCode") not in _V2_DOCUMENTS:
        return None
    return None if event_violations(TntVersion.V2, converted) else converted
