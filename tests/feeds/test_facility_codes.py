"""Terminals in DCSA events: UN/LOCODE plus facility code, read and written as the standard does
(and checked: provider, code, UN/LOCODE beside it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from landsea.domain.codes import dcsa_location
from landsea.domain.tracking import TrackingEvent
from landsea.feeds.dcsa import Rejection, parse_event

RECEIVED = dt.datetime(2026, 6, 2, tzinfo=dt.UTC)
V22 = {
    "eventID": "f-1",
    "eventType": "TRANSPORT",
    "eventClassifierCode": "ACT",
    "eventDateTime": "2026-06-01T09:40:00+08:00",
    "transportEventTypeCode": "DEPA",
}
V30 = {
    "eventID": "f-2",
    "eventDateTime": "2026-06-01T09:40:00+08:00",
    "eventClassification": {
        "eventTypeCode": "EQUIPMENT",
        "eventClassifierCode": "ACT",
        "equipmentEventTypeCode": "GTIN",
    },
    "equipmentDetails": {"equipmentReference": "CSQU3054383"},
}


def _location(raw: dict[str, Any]) -> str | None:
    event = parse_event(0, raw, received=RECEIVED)
    assert isinstance(event, TrackingEvent), event
    return event.location


@pytest.mark.parametrize(
    "raw",
    [
        {**V22, "transportCall": dcsa_location("CNCQI-TJC")},
        {**V22, "eventLocation": {**dcsa_location("CNCQI-TJC"), "facilityTypeCode": "INTE"}},
        {**V22, "transportCall": {"UNLocationCode": "CNCQI-TJC"}},  # landsea's own key
        {**V30, "eventLocation": dcsa_location("CNCQI-TJC", nested=True)},
        {
            **V22,
            "transportCall": {
                "UNLocationCode": "CNCQI",
                "facilityCode": "TJC",
                "facilityCodeListProvider": "BIC",
            },
        },
    ],
)
def test_a_unlocode_and_facility_code_is_read_as_the_terminal(raw: dict[str, Any]) -> None:
    assert _location(raw) == "CNCQI-TJC"


def test_a_plain_unlocode_stays_the_place() -> None:
    assert _location({**V22, "transportCall": dcsa_location("CNQZH")}) == "CNQZH"


@pytest.mark.parametrize(
    ("call", "field", "reason"),
    [
        (
            {"UNLocationCode": "CNCQI", "facilityCode": "TJC", "facilityCodeListProvider": "X"},
            "transportCall.facilityCodeListProvider",
            "must be SMDG or BIC",
        ),
        (
            {"UNLocationCode": "CNCQI", "facilityCode": "t", "facilityCodeListProvider": "SMDG"},
            "transportCall.facilityCode",
            "must be 2 to 6 capitals or digits",
        ),
        (
            {"facilityCode": "TJC", "facilityCodeListProvider": "SMDG"},
            "transportCall.facilityCode",
            "needs the UN/LOCODE of its place beside it",
        ),
    ],
)
def test_a_bad_facility_is_rejected_by_field(call: dict[str, Any], field: str, reason: str) -> None:
    rejected = parse_event(3, {**V22, "transportCall": call}, received=RECEIVED)
    assert isinstance(rejected, Rejection)
    assert (rejected.index, rejected.field, rejected.reason) == (3, field, reason)
