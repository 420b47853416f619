"""Reading DCSA Track & Trace events: the 2.2 shape (flat) and the 3.0 shape (classified).

Each event is checked on its own: a bad one becomes a :class:`Rejection` naming its index, field,
value and reason; an event type landsea does not model (IOT, REEFER, …) becomes an
:class:`Unsupported` kept raw — never dropped silently.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from landsea.domain.codes import (
    DCSA_PROVIDERS,
    location_key,
    validate_container,
    validate_location_key,
)
from landsea.domain.tracking import (
    EQUIPMENT_CODES,
    IOT_CODES,
    REEFER_CODES,
    SHIPMENT_CODES,
    TRANSPORT_CODES,
    Classifier,
    EventType,
    TrackingEvent,
    TransportMode,
)
from landsea.errors import InvalidCode, InvalidInput
from landsea.units import FIRST_DAY, LAST_DAY, outside_platform_dates

__all__ = [
    "Rejection",
    "Retraction",
    "Unsupported",
    "beta_as_v22",
    "events_of_body",
    "parse_event",
    "read_events_file",
]

_CODES = {
    EventType.TRANSPORT: ("transportEventTypeCode", TRANSPORT_CODES),
    EventType.EQUIPMENT: ("equipmentEventTypeCode", EQUIPMENT_CODES),
    EventType.SHIPMENT: ("shipmentEventTypeCode", SHIPMENT_CODES),
    EventType.IOT: ("iotEventTypeCode", IOT_CODES),
    EventType.REEFER: ("reeferEventTypeCode", REEFER_CODES),
}


@dataclass(frozen=True, slots=True)
class Rejection:
    index: int
    field: str
    value: Any
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "field": self.field,
            "value": self.value,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Retraction:
    """Event ``event_id`` withdraws event ``retracted_id``: a DCSA 3.0 Beta-1 retraction, or a
    3.0 event with ``isRetracted`` (then both ids are the same)."""

    index: int
    event_id: str
    retracted_id: str


@dataclass(frozen=True, slots=True)
class Unsupported:
    index: int
    event_id: str | None
    event_type: str
    raw: dict[str, Any]


class _Bad(Exception):
    def __init__(self, field: str, value: Any, reason: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason


def events_of_body(body: Any) -> list[Any]:
    """The events of a POST body: a 2.2 array or a 3.0 ``{"events": [...]}``."""
    if isinstance(body, list):
        return body
    if isinstance(body, dict) and isinstance(body.get("events"), list):
        return list(body["events"])
    raise InvalidInput(
        'the body must be a JSON array of events (DCSA 2.2) or {"events": [...]} (DCSA 3.0)'
    )


def parse_event(
    index: int, raw: Any, *, received: dt.datetime
) -> TrackingEvent | Rejection | Unsupported | Retraction:
    """One event, or why it cannot be taken."""
    if not isinstance(raw, dict):
        return Rejection(index, "", _short(raw), "an event must be a JSON object")
    try:
        if "eventClassification" in raw or "isRetracted" in raw:
            return _v3(index, raw, received)
        if isinstance(raw.get("metadata"), dict):
            return _beta(index, raw, received)
        return _v22(index, raw, received)
    except _Bad as bad:
        return Rejection(index, bad.field, _short(bad.value), bad.reason)


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _short(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 200 else text[:197] + "..."


def _text(
    raw: dict[str, Any], field: str, *, required: bool = True, where: str | None = None
) -> str | None:
    value = raw.get(field)
    name = where or field
    if value is None:
        if required:
            raise _Bad(name, None, "missing")
        return None
    if not isinstance(value, str) or not value.strip():
        raise _Bad(name, value, "must be non-empty text")
    if len(value) > 200:
        raise _Bad(name, value, "is longer than 200 characters")
    return value


def _time(
    raw: dict[str, Any], field: str, *, required: bool = True, where: str | None = None
) -> dt.datetime | None:
    text = _text(raw, field, required=required, where=where)
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise _Bad(where or field, text, "is not an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        raise _Bad(
            where or field, text, "has no UTC offset (ISO 8601 with Z or ±hh:mm is required)"
        )
    if outside_platform_dates(moment):
        raise _Bad(
            where or field,
            text,
            f"is outside the platform's dates, {FIRST_DAY.isoformat()} … {LAST_DAY.isoformat()}",
        )
    return moment.astimezone(dt.UTC)


def _locode(value: Any, field: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and "-" in value:  # landsea's own key of a terminal, CNCQI-TJC
        try:
            return validate_location_key(value, field=field)
        except InvalidCode:
            pass
    if not isinstance(value, str) or len(value) != 5 or not value.isalnum() or not value.isupper():
        raise _Bad(field, value, "is not a UN/LOCODE (2-letter country + 3 characters)")
    return value


def _place(block: dict[str, Any], field: str) -> str | None:
    """The UN/LOCODE of a DCSA place, its facility code (beside it in 2.2, in ``facility`` in
    3.0) checked: a provider DCSA allows and a code that makes a facility key with the UN/LOCODE.

    The event is placed at the UN/LOCODE (``CNCQI`` for ``CNCQI`` + ``TJC``): the stored
    location holds five characters until a migration widens it (docs/tracking.md)."""
    locode = _locode(block.get("UNLocationCode"), f"{field}.UNLocationCode")
    facility = block.get("facility")
    where, holder = (
        (f"{field}.facility", facility) if isinstance(facility, dict) else (field, block)
    )
    code = holder.get("facilityCode")
    if code is None:
        return locode
    if locode is None:
        raise _Bad(f"{where}.facilityCode", code, "needs the UN/LOCODE of its place beside it")
    provider = holder.get("facilityCodeListProvider")
    if provider not in DCSA_PROVIDERS:
        raise _Bad(f"{where}.facilityCodeListProvider", provider, "must be SMDG or BIC")
    try:
        return location_key(locode, code, provider)
    except InvalidCode:
        raise _Bad(f"{where}.facilityCode", code, "must be 2 to 6 capitals or digits") from None


def _container(value: Any, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Bad(field, value, "must be text")
    try:
        return validate_container(value, field=field)
    except InvalidCode as exc:
        raise _Bad(field, value, exc.message.split(f"{field} {value!r} ", 1)[-1]) from None


def _classified(
    event_type: Any, classifier: Any, code: Any, prefix: str
) -> tuple[EventType, Classifier, str] | None:
    try:
        kind = EventType(event_type)
    except ValueError:
        return None  # IOT, REEFER …: kept raw as unsupported
    try:
        level = Classifier(classifier)
    except ValueError:
        raise _Bad(f"{prefix}eventClassifierCode", classifier, "must be PLN, EST or ACT") from None
    field, allowed = _CODES[kind]
    if code not in allowed:
        raise _Bad(
            f"{prefix}{field}",
            code,
            f"is not a {kind.value} event code ({', '.join(sorted(allowed))})",
        )
    return kind, level, str(code)


def _mode(value: Any, field: str) -> TransportMode | None:
    if value is None:
        return None
    try:
        return TransportMode(value)
    except ValueError:
        raise _Bad(field, value, "must be VESSEL, RAIL, TRUCK, BARGE or MULTIMODAL") from None


def _v22(index: int, raw: dict[str, Any], received: dt.datetime) -> TrackingEvent | Unsupported:
    event_id = _text(raw, "eventID")
    classified = _classified(
        raw.get("eventType"),
        raw.get("eventClassifierCode"),
        raw.get(_CODES.get(_event_type(raw.get("eventType")), ("", frozenset()))[0]),
        "",
    )
    if classified is None:
        return Unsupported(index, event_id, str(raw.get("eventType")), raw)
    kind, level, code = classified
    event_time = _time(raw, "eventDateTime")
    created = _time(raw, "eventCreatedDateTime", required=False) or received
    call = _obj(raw.get("transportCall"))
    location = _place(call, "transportCall")
    if location is None and isinstance(raw.get("eventLocation"), dict):
        location = _place(raw["eventLocation"], "eventLocation")
    references = {
        (r.get("documentReferenceType"), r.get("documentReferenceValue"))
        for r in raw.get("documentReferences", []) or []
        if isinstance(r, dict)
    }
    primary = raw.get("documentTypeCode"), raw.get("documentID")
    if isinstance(primary[1], str):  # a shipment event's own document: a booking, a B/L …
        references.add(primary)
    booking = next((v for t, v in sorted(references, key=str) if t == "BKG"), None)
    document = next((v for t, v in sorted(references, key=str) if t == "TRD"), None)
    # Stored in columns of 200 characters: a longer or non-text reference is this event's fault
    # (named), never a failed batch.
    for value in (booking, document):
        if value is not None:
            _text({"documentReferences": value}, "documentReferences")
    equipment = _container(raw.get("equipmentReference"), "equipmentReference")
    if equipment is None:
        for r in raw.get("references", []) or []:
            if isinstance(r, dict) and r.get("referenceType") == "EQ":
                equipment = _container(r.get("referenceValue"), "references.EQ")
                break
    assert event_id is not None and event_time is not None
    return TrackingEvent(
        event_id=event_id,
        version="2.2",
        event_type=kind,
        classifier=level,
        type_code=code,
        event_time=event_time,
        created=created,
        location=location,
        equipment_reference=equipment,
        carrier_booking_reference=booking or _text(raw, "carrierBookingReference", required=False),
        transport_document_reference=document
        or _text(raw, "transportDocumentReference", required=False),
        mode=_mode(call.get("modeOfTransport"), "transportCall.modeOfTransport"),
        raw=raw,
    )


def _beta(
    index: int, raw: dict[str, Any], received: dt.datetime
) -> TrackingEvent | Unsupported | Retraction:
    """DCSA T&T 3.0.0-Beta-1: ``{metadata, payload}``, or a retraction with no payload."""
    metadata = raw["metadata"]
    event_id = _text(metadata, "eventID", where="metadata.eventID")
    retracted = metadata.get("retractedEventID")
    if retracted is not None:
        target = _text(metadata, "retractedEventID", where="metadata.retractedEventID")
        assert event_id is not None and target is not None
        return Retraction(index, event_id, target)
    payload = raw.get("payload")
    if not isinstance(payload, dict):
        raise _Bad("payload", payload, "must be an object (or metadata.retractedEventID given)")
    flat = beta_as_v22(raw)
    try:
        parsed = _v22(index, flat, received)
    except _Bad as bad:
        origin = {
            "eventID": "metadata.eventID",
            "eventType": "metadata.eventType",
            "eventCreatedDateTime": "metadata.eventCreatedDateTime",
            "references.EQ": "payload.references",
        }
        raise _Bad(origin.get(bad.field, f"payload.{bad.field}"), bad.value, bad.reason) from None
    if isinstance(parsed, TrackingEvent):
        return dataclasses.replace(parsed, version="3.0-beta", raw=raw)
    return Unsupported(index, event_id, parsed.event_type, raw)


def beta_as_v22(raw: dict[str, Any]) -> dict[str, Any]:
    """A DCSA 3.0 Beta-1 event (``{metadata, payload}``) in 2.2's flat shape, field for field."""
    metadata = _obj(raw.get("metadata"))
    payload = _obj(raw.get("payload"))
    flat: dict[str, Any] = {
        **payload,
        "eventID": metadata.get("eventID"),
        "eventType": metadata.get("eventType"),
        "eventCreatedDateTime": metadata.get("eventCreatedDateTime"),
    }
    call = payload.get("transportCall")
    if isinstance(call, dict) and isinstance(call.get("location"), dict):
        flat["transportCall"] = {**call, **call["location"]}
    if isinstance(payload.get("eventLocation"), dict):
        flat["eventLocation"] = payload["eventLocation"]
    flat["documentReferences"] = [
        {"documentReferenceType": r.get("type"), "documentReferenceValue": r.get("value")}
        for r in payload.get("relatedDocumentReferences", []) or []
        if isinstance(r, dict)
    ]
    flat["references"] = [
        {"referenceType": r.get("type"), "referenceValue": r.get("value")}
        for r in payload.get("references", []) or []
        if isinstance(r, dict)
    ]
    return flat


def _event_type(value: Any) -> EventType:
    try:
        return EventType(value)
    except ValueError:
        return EventType.SHIPMENT


def _v3(
    index: int, raw: dict[str, Any], received: dt.datetime
) -> TrackingEvent | Unsupported | Retraction:
    event_id = _text(raw, "eventID")
    assert event_id is not None
    if raw.get("isRetracted") is True:  # this and every earlier version of the id: withdrawn
        return Retraction(index, event_id, event_id)
    classification = raw.get("eventClassification")
    if not isinstance(classification, dict):
        raise _Bad("eventClassification", classification, "must be an object")
    kind_text = classification.get("eventTypeCode")
    field = _CODES.get(_event_type(kind_text), ("", frozenset()))[0]
    classified = _classified(
        kind_text,
        classification.get("eventClassifierCode"),
        classification.get(field),
        "eventClassification.",
    )
    if classified is None:
        return Unsupported(index, event_id, str(kind_text), raw)
    kind, level, code = classified
    event_time = _time(raw, "eventDateTime")
    updated = _time(raw, "eventUpdatedDateTime", required=False)
    location_block = _obj(raw.get("eventLocation"))
    location = _place(location_block, "eventLocation")
    shipment = _obj(raw.get("shipmentDetails"))
    references = []
    if isinstance(shipment.get("documentReference"), dict):
        references.append(shipment["documentReference"])
    references += [
        r for r in shipment.get("additionalDocumentReferences", []) or [] if isinstance(r, dict)
    ]
    booking = next((r.get("reference") for r in references if r.get("typeCode") == "BKG"), None)
    document = next((r.get("reference") for r in references if r.get("typeCode") == "TRD"), None)
    for value in (booking, document):  # stored in columns of 200 characters, as in 2.2
        if value is not None:
            _text({"shipmentDetails.documentReference": value}, "shipmentDetails.documentReference")
    equipment_block = _obj(raw.get("equipmentDetails"))
    equipment = _container(
        equipment_block.get("equipmentReference"), "equipmentDetails.equipmentReference"
    )
    transport = _obj(raw.get("transportDetails"))
    call = _obj(transport.get("transportCall"))
    assert event_id is not None and event_time is not None
    return TrackingEvent(
        event_id=event_id,
        version="3.0",
        event_type=kind,
        classifier=level,
        type_code=code,
        event_time=event_time,
        created=updated or received,
        updated=updated,
        location=location,
        equipment_reference=equipment,
        carrier_booking_reference=booking,
        transport_document_reference=document,
        mode=_mode(call.get("modeOfTransport"), "transportDetails.transportCall.modeOfTransport"),
        raw=raw,
    )


def read_events_file(lines: Iterable[str]) -> Iterator[Any]:
    """Events from a file's text: one JSON array or object, or JSON lines (one event a line)."""
    text_lines = list(lines)
    whole = "".join(text_lines).strip()
    if whole.startswith("[") or (whole.startswith("{") and "\n{" not in whole):
        try:
            yield from events_of_body(orjson.loads(whole))
            return
        except json.JSONDecodeError:
            pass
    for number, line in enumerate(text_lines, start=1):
        line = line.strip()
        if not line:
            continue
        try:
            yield orjson.loads(line)  # several times faster than json on a bulk import
        except orjson.JSONDecodeError as exc:
            raise InvalidInput(f"line {number} is not JSON: {exc.msg}") from None
