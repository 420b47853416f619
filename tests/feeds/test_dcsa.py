"""The DCSA Track & Trace reader on its own: each accepted shape (2.2, 3.0, 3.0 Beta-1) read
into the same event, and each rejection naming its index, field and value."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from landsea.domain.tracking import Classifier, EventType, TrackingEvent, TransportMode
from landsea.errors import InvalidInput
from landsea.feeds.dcsa import (
    Rejection,
    Retraction,
    Unsupported,
    events_of_body,
    parse_event,
    read_events_file,
)

RECEIVED = dt.datetime(2026, 12, 10, 8, tzinfo=dt.UTC)
V22: dict[str, Any] = {
    "eventID": "e-22",
    "eventType": "TRANSPORT",
    "eventClassifierCode": "ACT",
    "eventDateTime": "2026-12-09T09:00:00+08:00",
    "transportEventTypeCode": "ARRI",
    "transportCall": {"UNLocationCode": "CNQZH", "modeOfTransport": "RAIL"},
    "documentReferences": [
        {"documentReferenceType": "BKG", "documentReferenceValue": "booking-1"},
        {"documentReferenceType": "TRD", "documentReferenceValue": "bl-1"},
    ],
}
V30: dict[str, Any] = {
    "eventID": "e-30",
    "eventDateTime": "2026-12-09T01:00:00Z",
    "eventUpdatedDateTime": "2026-12-09T02:00:00Z",
    "eventClassification": {
        "eventTypeCode": "EQUIPMENT",
        "eventClassifierCode": "ACT",
        "equipmentEventTypeCode": "DISC",
    },
    "eventLocation": {"UNLocationCode": "CNQZH"},
    "equipmentDetails": {"equipmentReference": "CSQU3054383"},
    "shipmentDetails": {"documentReference": {"typeCode": "BKG", "reference": "booking-1"}},
}
BETA: dict[str, Any] = {
    "metadata": {"eventID": "e-beta", "eventType": "EQUIPMENT",
                 "eventCreatedDateTime": "2026-12-09T03:00:00Z"},
    "payload": {
        "eventClassifierCode": "EST",
        "eventDateTime": "2026-12-11T12:00:00Z",
        "equipmentEventTypeCode": "LOAD",
        "transportCall": {"location": {"UNLocationCode": "CNQZH"}, "modeOfTransport": "VESSEL"},
        "relatedDocumentReferences": [{"type": "BKG", "value": "booking-1"}],
        "references": [{"type": "EQ", "value": "MSCU6639870"}],
    },
}  # fmt: skip


def _parse(raw: Any, index: int = 0) -> TrackingEvent | Rejection | Unsupported | Retraction:
    return parse_event(index, raw, received=RECEIVED)


def test_a_22_event_is_read_with_its_references_in_utc() -> None:
    event = _parse(V22)
    assert isinstance(event, TrackingEvent)
    assert (event.event_id, event.version, event.event_type, event.classifier) == (
        "e-22", "2.2", EventType.TRANSPORT, Classifier.ACTUAL,
    )  # fmt: skip
    assert event.type_code == "ARRI" and event.mode is TransportMode.RAIL
    assert event.event_time == dt.datetime(2026, 12, 9, 1, tzinfo=dt.UTC)
    assert event.created == RECEIVED and event.updated is None
    assert (event.location, event.carrier_booking_reference) == ("CNQZH", "booking-1")
    assert event.transport_document_reference == "bl-1" and event.raw is V22


def test_a_30_event_is_read_from_its_classification() -> None:
    event = _parse(V30)
    assert isinstance(event, TrackingEvent)
    assert (event.version, event.event_type, event.type_code) == (
        "3.0",
        EventType.EQUIPMENT,
        "DISC",
    )
    assert event.updated == event.created == dt.datetime(2026, 12, 9, 2, tzinfo=dt.UTC)
    assert (event.equipment_reference, event.carrier_booking_reference) == (
        "CSQU3054383", "booking-1",
    )  # fmt: skip


def test_a_30_beta_event_is_read_from_metadata_and_payload() -> None:
    event = _parse(BETA)
    assert isinstance(event, TrackingEvent)
    assert (event.event_id, event.version, event.classifier) == (
        "e-beta", "3.0-beta", Classifier.ESTIMATED,
    )  # fmt: skip
    assert (event.location, event.equipment_reference, event.mode) == (
        "CNQZH", "MSCU6639870", TransportMode.VESSEL,
    )  # fmt: skip
    assert event.created == dt.datetime(2026, 12, 9, 3, tzinfo=dt.UTC) and event.raw is BETA


def test_a_beta_retraction_names_the_event_it_withdraws() -> None:
    retraction = _parse({"metadata": {"eventID": "r-1", "retractedEventID": "e-beta"}}, 4)
    assert retraction == Retraction(4, "r-1", "e-beta")


@pytest.mark.parametrize(
    "raw",
    [
        {**V22, "eventType": "CARBON"},
        {**V30, "eventClassification": {"eventTypeCode": "CARBON"}},
        {**BETA, "metadata": {**BETA["metadata"], "eventType": "CARBON"}},
    ],
)
def test_unmodelled_types_are_kept_raw_not_dropped(raw: dict[str, Any]) -> None:
    found = _parse(raw, 7)
    assert isinstance(found, Unsupported)
    assert found.index == 7 and found.raw is raw and found.event_type == "CARBON"


@pytest.mark.parametrize(
    ("raw", "field", "value", "reason"),
    [
        ("not an event", "", "not an event", "an event must be a JSON object"),
        ({k: v for k, v in V22.items() if k != "eventID"}, "eventID", None, "missing"),
        ({**V22, "eventID": "  "}, "eventID", "  ", "must be non-empty text"),
        ({**V22, "eventDateTime": "9 Dec"}, "eventDateTime", "9 Dec", "is not an ISO 8601"),
        ({**V22, "eventDateTime": "2026-12-09T09:00:00"}, "eventDateTime",
         "2026-12-09T09:00:00", "has no UTC offset"),
        ({**V22, "eventDateTime": "1999-12-09T09:00:00Z"}, "eventDateTime",
         "1999-12-09T09:00:00Z", "is outside the platform's dates"),
        ({**V22, "eventClassifierCode": "REAL"}, "eventClassifierCode", "REAL",
         "must be PLN, EST or ACT"),
        ({**V22, "transportEventTypeCode": "GTIN"}, "transportEventTypeCode", "GTIN",
         "is not a TRANSPORT event code (ARRI, DEPA)"),
        ({**V22, "transportCall": {"UNLocationCode": "qinzhou"}},
         "transportCall.UNLocationCode", "qinzhou", "is not a UN/LOCODE"),
        ({**V22, "transportCall": {"modeOfTransport": "PLANE"}},
         "transportCall.modeOfTransport", "PLANE", "must be VESSEL, RAIL, TRUCK, BARGE or MULTIMODAL"),
        ({**V22, "equipmentReference": "CSQU3054384"}, "equipmentReference", "CSQU3054384",
         "check digit"),
        ({**V30, "eventClassification": "EQUIPMENT"}, "eventClassification", "EQUIPMENT",
         "must be an object"),
        ({**V30, "eventClassification": {**V30["eventClassification"],
                                         "equipmentEventTypeCode": "ARRI"}},
         "eventClassification.equipmentEventTypeCode", "ARRI", "is not a EQUIPMENT event code"),
        ({**BETA, "payload": None}, "payload", None, "must be an object"),
        ({**BETA, "metadata": {"eventType": "EQUIPMENT"}}, "metadata.eventID", None, "missing"),
        ({**BETA, "payload": {**BETA["payload"], "eventDateTime": "soon"}},
         "payload.eventDateTime", "soon", "is not an ISO 8601"),
        ({**BETA, "payload": {**BETA["payload"], "references": [{"type": "EQ", "value": "X"}]}},
         "payload.references", "X", ""),
    ],
)  # fmt: skip
def test_each_rejection_names_its_field_and_value(
    raw: Any, field: str, value: Any, reason: str
) -> None:
    found = _parse(raw, 3)
    assert isinstance(found, Rejection), found
    assert (found.index, found.field, found.value) == (3, field, value)
    assert found.reason.startswith(reason) or reason in found.reason


def test_bodies_and_files_in_every_framing() -> None:
    assert events_of_body([V22]) == [V22]
    assert events_of_body({"events": [V30]}) == [V30]
    with pytest.raises(InvalidInput):
        events_of_body({"event": [V30]})
    assert list(read_events_file(io.StringIO('[{"eventID": "a"}, {"eventID": "b"}]'))) == [
        {"eventID": "a"}, {"eventID": "b"},
    ]  # fmt: skip
    lines = io.StringIO('{"eventID": "a"}\n\n{"eventID": "b"}\n')
    assert [e["eventID"] for e in read_events_file(lines)] == ["a", "b"]
    with pytest.raises(InvalidInput, match="line 2 is not JSON"):
        list(read_events_file(io.StringIO('{"eventID": "a"}\n{oops\n')))


def test_an_equipment_event_need_not_name_its_container() -> None:
    """DCSA 2.2 makes ``equipmentReference`` optional (3.0 requires nothing): it is read."""
    event = _parse({**V22, "eventType": "EQUIPMENT", "equipmentEventTypeCode": "RSEA"})
    assert isinstance(event, TrackingEvent)
    assert (event.type_code, event.equipment_reference) == ("RSEA", None)


def test_a_30_retraction_withdraws_its_own_event_id() -> None:
    assert _parse({"eventID": "e-30", "isRetracted": True}, 2) == Retraction(2, "e-30", "e-30")
