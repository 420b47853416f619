"""A DCSA Track & Trace 2.2.0 event, written as 3.0.0 — field by field, where 3.0 maps it.

3.0 regroups 2.2's flat event: the classification under ``eventClassification``, the transport
call under ``transportDetails`` (its ``transportCallID`` becomes ``transportCallReference``), the
container under ``equipmentDetails``, documents and references under ``shipmentDetails``; the
creation time becomes ``eventUpdatedDateTime``. Deprecated 2.2 fields (``eventTypeCode``,
``shipmentID``, ``transportCallID`` beside the call …) have no 3.0 place and are left out.
docs/dcsa.md lists each field.
"""

from __future__ import annotations

from typing import Any

from landsea.feeds.dcsa_fields import obj, objects, some

__all__ = ["to_v3"]

_CODE_FIELDS = ("transportEventTypeCode", "equipmentEventTypeCode", "shipmentEventTypeCode")
_FACILITY_TYPES = {"BOCR": "BORD", "COYA": "OFFD"}  # 2.2 names 3.0 renamed; the rest are equal
_ADDRESS = {"street": "street", "streetNumber": "streetNumber", "floor": "floor",
            "postCode": "postCode", "city": "city", "stateRegion": "stateRegion"}  # fmt: skip


def _location(place: dict[str, Any], facility_type: Any = None) -> dict[str, Any]:
    """A 2.2 ``location`` (or a transport call's place fields) as a 3.0 ``Location``."""
    address = obj(place.get("address"))
    return some(
        locationName=place.get("locationName"),
        facilityTypeCode=_FACILITY_TYPES.get(facility_type, facility_type),
        address=some(**{new: address.get(old) for old, new in _ADDRESS.items()}),
        UNLocationCode=place.get("UNLocationCode"),
        facility=some(
            facilityCode=place.get("facilityCode"),
            facilityCodeListProvider=place.get("facilityCodeListProvider"),
        ),
        geoCoordinate=some(latitude=place.get("latitude"), longitude=place.get("longitude")),
    )


def _transport_call(call: dict[str, Any]) -> dict[str, Any]:
    vessel = obj(call.get("vessel"))
    export = call.get("exportVoyageNumber") or call.get("carrierVoyageNumber")
    return some(
        transportCallReference=call.get("transportCallID"),
        transportCallSequenceNumber=call.get("transportCallSequenceNumber"),
        modeOfTransport=call.get("modeOfTransport"),
        serviceCodeOrReference=some(carrierServiceCode=call.get("carrierServiceCode")),
        exportVoyageNumberOrReference=some(carrierVoyageNumber=export),
        importVoyageNumberOrReference=some(carrierVoyageNumber=call.get("importVoyageNumber")),
        vesselTransport=some(
            vesselIMONumber=vessel.get("vesselIMONumber"),
            vesselName=vessel.get("vesselName"),
            vesselFlag=vessel.get("vesselFlag"),
            vesselCallSign=vessel.get("vesselCallSignNumber"),
            operatorCarrierCode=vessel.get("vesselOperatorCarrierCode"),
            operatorCarrierCodeListProvider=vessel.get("vesselOperatorCarrierCodeListProvider"),
        ),
    )


def _shipment(event: dict[str, Any]) -> dict[str, Any]:
    primary = None
    if event.get("documentTypeCode") and event.get("documentID"):
        primary = {"typeCode": event["documentTypeCode"], "reference": event["documentID"]}
    return some(
        documentReference=primary,
        additionalDocumentReferences=[
            some(typeCode=r.get("documentReferenceType"), reference=r.get("documentReferenceValue"))
            for r in objects(event.get("documentReferences"))
        ],
        shipmentReferences=[
            some(typeCode=r.get("referenceType"), reference=r.get("referenceValue"))
            for r in objects(event.get("references"))
        ],
        reason=event.get("reason"),
    )


def to_v3(event: dict[str, Any]) -> dict[str, Any]:
    """The 3.0 ``Event`` saying what the 2.2 ``event`` says (see the module's docstring)."""
    call = obj(event.get("transportCall"))
    place = obj(event.get("eventLocation")) or obj(call.get("location")) or call
    seals = [
        some(number=s.get("sealNumber"), source=s.get("sealSource"), type=s.get("sealType"))
        for s in objects(event.get("seals"))
    ]
    remark = event.get("changeRemark") or event.get("vesselScheduleChangeRemark")
    delay = event.get("delayReasonCode")
    return some(
        eventID=event.get("eventID"),
        eventDateTime=event.get("eventDateTime"),
        eventUpdatedDateTime=event.get("eventCreatedDateTime"),
        eventLocation=_location(place, call.get("facilityTypeCode")),
        eventClassification=some(
            eventTypeCode=event.get("eventType"),
            eventClassifierCode=event.get("eventClassifierCode"),
            **{field: event.get(field) for field in _CODE_FIELDS},
        ),
        shipmentDetails=_shipment(event),
        transportDetails=some(
            delayReasonCodes=[delay] if delay else None,
            changeRemark=remark,
            transportCall=_transport_call(call),
        ),
        equipmentDetails=some(
            equipmentReference=event.get("equipmentReference"),
            ISOEquipmentCode=event.get("ISOEquipmentCode"),
            emptyIndicatorCode=event.get("emptyIndicatorCode"),
            seals=seals,
        ),
    )
