"""The common DCSA event, read fast: a well-formed 2.2 or 3.0 event of a type landsea models.

:func:`fast_event` reads what :func:`landsea.feeds.dcsa.parse_event` reads, in one pass with
look-ups in frozen tables, and gives the same :class:`~landsea.domain.tracking.TrackingEvent`;
for anything else — a value it does not check to the end, a shape it does not know (3.0
Beta-1, a retraction, an unsupported type, a facility code), any fault — it gives ``None`` and
the caller reads the event with ``parse_event``, which decides and names the field, the value and
the reason of every rejection. So this path never rejects and never weakens a check: it accepts
only what the reference accepts, as the reference reads it (tests/feeds/test_dcsa_fast.py holds
the two equal over the example events and thousands of mutated ones).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from landsea.domain.codes import container_check_digit
from landsea.domain.tracking import (
    EQUIPMENT_CODES,
    SHIPMENT_CODES,
    TRANSPORT_CODES,
    Classifier,
    EventType,
    TrackingEvent,
    TransportMode,
)
from landsea.units import FIRST_DAY, LAST_DAY

__all__ = ["fast_event"]

_KINDS: dict[str, tuple[EventType, str, frozenset[str]]] = {
    "TRANSPORT": (EventType.TRANSPORT, "transportEventTypeCode", TRANSPORT_CODES),
    "EQUIPMENT": (EventType.EQUIPMENT, "equipmentEventTypeCode", EQUIPMENT_CODES),
    "SHIPMENT": (EventType.SHIPMENT, "shipmentEventTypeCode", SHIPMENT_CODES),
}
_CLASSIFIERS = {c.value: c for c in Classifier}
_MODES = {m.value: m for m in TransportMode}
_CONTAINER = re.compile(r"[A-Z]{3}[UJZ][0-9]{6}[0-9]")
_FROM_ISO = dt.datetime.fromisoformat


_FIELDS = (
    "event_id", "version", "event_type", "classifier", "type_code", "event_time", "created",
    "updated", "location", "equipment_reference", "carrier_booking_reference",
    "transport_document_reference", "mode", "raw",
)  # fmt: skip
if tuple(f.name for f in dataclasses.fields(TrackingEvent)) != _FIELDS:  # pragma: no cover
    raise RuntimeError("TrackingEvent's fields changed: change _FIELDS and _event with them")
(
    _SET_ID, _SET_VERSION, _SET_TYPE, _SET_CLASSIFIER, _SET_CODE, _SET_TIME, _SET_CREATED,
    _SET_UPDATED, _SET_LOCATION, _SET_EQUIPMENT, _SET_BOOKING, _SET_DOCUMENT, _SET_MODE, _SET_RAW,
) = (TrackingEvent.__dict__[name].__set__ for name in _FIELDS)  # fmt: skip
_NEW = object.__new__


def _event(
    event_id: str, version: str, kind: EventType, classifier: Classifier, code: str,
    event_time: dt.datetime, created: dt.datetime, updated: dt.datetime | None,
    location: str | None, equipment: str | None, booking: str | None, document: str | None,
    mode: TransportMode | None, raw: dict[str, Any],
) -> TrackingEvent:  # fmt: skip
    """``TrackingEvent(...)`` of these values, its slots set directly: the frozen dataclass's
    ``__init__`` sets each through ``object.__setattr__`` (1.4 µs against 0.5, measured)."""
    event = _NEW(TrackingEvent)
    _SET_ID(event, event_id)
    _SET_VERSION(event, version)
    _SET_TYPE(event, kind)
    _SET_CLASSIFIER(event, classifier)
    _SET_CODE(event, code)
    _SET_TIME(event, event_time)
    _SET_CREATED(event, created)
    _SET_UPDATED(event, updated)
    _SET_LOCATION(event, location)
    _SET_EQUIPMENT(event, equipment)
    _SET_BOOKING(event, booking)
    _SET_DOCUMENT(event, document)
    _SET_MODE(event, mode)
    _SET_RAW(event, raw)
    return event


class _Other(Exception):
    """Not the common case: the reference reads this event."""


def fast_event(raw: Any, received: dt.datetime) -> TrackingEvent | None:
    """``raw`` read as :func:`~landsea.feeds.dcsa.parse_event` reads it, if it is a common,
    well-formed event; ``None`` when the reference must read it."""
    if type(raw) is not dict:
        return None
    try:
        if "eventClassification" in raw or "isRetracted" in raw:
            return _v3(raw, received)
        if raw.get("metadata") is None:  # a dict there: 3.0 Beta-1; anything else: 2.2
            return _v22(raw, received)
    except _Other:
        pass
    return None


def _v22(raw: dict[str, Any], received: dt.datetime) -> TrackingEvent:
    event_id = _text(raw.get("eventID"))
    kind, field, codes = _kind(raw.get("eventType"))
    code = raw.get(field)
    if type(code) is not str or code not in codes:
        raise _Other
    created = raw.get("eventCreatedDateTime")
    call = _block(raw.get("transportCall"))
    location = _place(call)
    if location is None and isinstance(raw.get("eventLocation"), dict):
        location = _place(raw["eventLocation"])
    booking, document = _v22_references(raw)
    equipment = _container(raw.get("equipmentReference"))
    if equipment is None:
        equipment = _v22_equipment(raw.get("references"))
    return _event(
        event_id,
        "2.2",
        kind,
        _classifier(raw.get("eventClassifierCode")),
        code,
        _instant(raw.get("eventDateTime")),
        received if created is None else _instant(created),
        None,
        location,
        equipment,
        booking or _optional_text(raw.get("carrierBookingReference")),
        document or _optional_text(raw.get("transportDocumentReference")),
        _mode(call.get("modeOfTransport")),
        raw,
    )


def _v3(raw: dict[str, Any], received: dt.datetime) -> TrackingEvent:
    if "isRetracted" in raw:
        raise _Other
    event_id = _text(raw.get("eventID"))
    classification = raw.get("eventClassification")
    if type(classification) is not dict:
        raise _Other
    kind, field, codes = _kind(classification.get("eventTypeCode"))
    code = classification.get(field)
    if type(code) is not str or code not in codes:
        raise _Other
    updated_text = raw.get("eventUpdatedDateTime")
    updated = None if updated_text is None else _instant(updated_text)
    shipment = _block(raw.get("shipmentDetails"))
    references = []
    if isinstance(shipment.get("documentReference"), dict):
        references.append(shipment["documentReference"])
    additional = shipment.get("additionalDocumentReferences")
    if additional:
        if type(additional) is not list:
            raise _Other
        references += [r for r in additional if isinstance(r, dict)]
    transport = _block(_block(raw.get("transportDetails")).get("transportCall"))
    return _event(
        event_id,
        "3.0",
        kind,
        _classifier(classification.get("eventClassifierCode")),
        code,
        _instant(raw.get("eventDateTime")),
        received if updated is None else updated,
        updated,
        _place(_block(raw.get("eventLocation"))),
        _container(_block(raw.get("equipmentDetails")).get("equipmentReference")),
        _v3_reference(references, "BKG"),
        _v3_reference(references, "TRD"),
        _mode(transport.get("modeOfTransport")),
        raw,
    )


def _kind(value: Any) -> tuple[EventType, str, frozenset[str]]:
    if type(value) is not str or value not in _KINDS:
        raise _Other  # IOT, REEFER, unknown: the reference keeps or refuses it
    return _KINDS[value]


def _classifier(value: Any) -> Classifier:
    if type(value) is not str or value not in _CLASSIFIERS:
        raise _Other
    return _CLASSIFIERS[value]


def _mode(value: Any) -> TransportMode | None:
    if value is None:
        return None
    if type(value) is not str or value not in _MODES:
        raise _Other
    return _MODES[value]


def _block(value: Any) -> dict[str, Any]:
    """An object, or ``{}`` for a missing one (another value: the reference's case)."""
    if value is None:
        return {}
    if type(value) is not dict:
        raise _Other
    return value


def _text(value: Any) -> str:
    """Non-empty text of at most 200 characters (the reference's ``_text``)."""
    if type(value) is not str or len(value) > 200 or not value.strip():
        raise _Other
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _instant(value: Any) -> dt.datetime:
    """The reference's ``_time``: ISO 8601 with an offset, on a day of the platform's dates
    (as written), in UTC."""
    if type(value) is not str or len(value) > 200:
        raise _Other
    try:
        moment = _FROM_ISO(value.replace("Z", "+00:00"))
    except ValueError:
        raise _Other from None
    if moment.tzinfo is None or not FIRST_DAY <= moment.date() <= LAST_DAY:
        raise _Other
    return moment.astimezone(dt.UTC)


def _place(block: dict[str, Any]) -> str | None:
    """A bare UN/LOCODE; a facility code or a landsea key is the reference's to read."""
    if block.get("facility") is not None or block.get("facilityCode") is not None:
        raise _Other
    value = block.get("UNLocationCode")
    if value is None:
        return None
    if type(value) is not str or len(value) != 5 or not value.isalnum() or not value.isupper():
        raise _Other
    return value


def _container(value: Any) -> str | None:
    """An ISO 6346 number with its check digit right (the reference's ``_container``)."""
    if value is None:
        return None
    if (
        type(value) is not str
        or not _CONTAINER.fullmatch(value)
        or ord(value[10]) - 48 != container_check_digit(value[:10])
    ):
        raise _Other
    return value


def _v22_references(raw: dict[str, Any]) -> tuple[str | None, str | None]:
    """The booking and the transport document a 2.2 event names, when each is named once."""
    found: dict[Any, set[str]] = {}
    listed = raw.get("documentReferences")
    if listed:
        if type(listed) is not list:
            raise _Other
        for r in listed:
            if isinstance(r, dict):
                _note(found, r.get("documentReferenceType"), r.get("documentReferenceValue"))
    if isinstance(raw.get("documentID"), str):  # a shipment event's own document
        _note(found, raw.get("documentTypeCode"), raw["documentID"])
    return _only(found.get("BKG")), _only(found.get("TRD"))


def _note(found: dict[Any, set[str]], kind: Any, value: Any) -> None:
    if (kind is not None and type(kind) is not str) or (
        value is not None and type(value) is not str
    ):
        raise _Other  # the reference sorts the pairs as text: any other value is its case
    if kind == "BKG" or kind == "TRD":
        found.setdefault(kind, set()).add(_text(value))  # the reference names a bad one


def _only(values: set[str] | None) -> str | None:
    if values is None:
        return None
    if len(values) > 1:
        raise _Other  # which one the reference picks is its own rule
    return next(iter(values))


def _v22_equipment(references: Any) -> str | None:
    """The first ``EQ`` reference's container (a 2.2 shipment event's references)."""
    if not references:
        return None
    if type(references) is not list:
        raise _Other
    for r in references:
        if isinstance(r, dict) and r.get("referenceType") == "EQ":
            return _container(r.get("referenceValue"))
    return None


def _v3_reference(references: list[dict[str, Any]], kind: str) -> str | None:
    for r in references:
        if r.get("typeCode") == kind:
            value = r.get("reference")
            return None if value is None else _text(value)  # the reference names a bad one
    return None
