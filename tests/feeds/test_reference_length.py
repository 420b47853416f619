"""A booking or transport-document reference an event names is stored in a column of 200
characters: a longer one, or one that is not text, is that event's named fault in both DCSA
shapes and on both readers (the one-pass reader leaves it to the reference reader), never a
failed batch."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from landsea.domain.tracking import TrackingEvent
from landsea.feeds.dcsa import parse_event
from landsea.feeds.dcsa_fast import fast_event
from landsea.feeds.dcsa_inbound import read_event
from tests.fixtures.network import arrival_event

RECEIVED = dt.datetime(2026, 12, 8, 12, tzinfo=dt.UTC)


def _v22(kind: str, value: Any) -> dict[str, Any]:
    return {
        "eventID": "e-ref",
        "eventType": "TRANSPORT",
        "eventClassifierCode": "ACT",
        "transportEventTypeCode": "ARRI",
        "eventDateTime": "2026-12-08T10:00:00Z",
        "eventCreatedDateTime": "2026-12-08T10:00:00Z",
        "documentReferences": [{"documentReferenceType": kind, "documentReferenceValue": value}],
        "transportCall": {"UNLocationCode": "CNQZH", "modeOfTransport": "VESSEL"},
    }


def _v3(kind: str, value: Any) -> dict[str, Any]:
    reference = {"typeCode": kind, "reference": value}
    return arrival_event("e-ref") | {"shipmentDetails": {"documentReference": reference}}


@pytest.mark.parametrize("shape", [_v22, _v3])
@pytest.mark.parametrize("kind", ["BKG", "TRD"])
@pytest.mark.parametrize("value", ["X" * 201, 12345, "  "])
def test_a_bad_reference_is_the_events_named_fault(shape: Any, kind: str, value: Any) -> None:
    raw = shape(kind, value)
    assert fast_event(raw, RECEIVED) is None
    read = read_event(0, raw, received=RECEIVED)
    assert isinstance(read, list) and len(read) == 1, read
    assert "documentReference" in read[0].field and read[0].value == value, read


@pytest.mark.parametrize("shape", [_v22, _v3])
def test_a_reference_of_200_characters_is_taken(shape: Any) -> None:
    raw = shape("BKG", "B" * 200)
    read = read_event(0, raw, received=RECEIVED)
    assert isinstance(read, TrackingEvent), read
    assert read.carrier_booking_reference == "B" * 200
    assert isinstance(parse_event(0, raw, received=RECEIVED), TrackingEvent)
