"""Track-and-trace events in the vocabulary of DCSA Track & Trace (2.2 and 3.0)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "EQUIPMENT_CODES",
    "SHIPMENT_CODES",
    "TRANSPORT_CODES",
    "Classifier",
    "EventType",
    "TrackingEvent",
    "TransportMode",
]


class EventType(StrEnum):
    TRANSPORT = "TRANSPORT"
    EQUIPMENT = "EQUIPMENT"
    SHIPMENT = "SHIPMENT"


class Classifier(StrEnum):
    PLANNED = "PLN"
    ESTIMATED = "EST"
    ACTUAL = "ACT"


class TransportMode(StrEnum):
    VESSEL = "VESSEL"
    RAIL = "RAIL"
    TRUCK = "TRUCK"
    BARGE = "BARGE"


TRANSPORT_CODES = frozenset({"ARRI", "DEPA"})
EQUIPMENT_CODES = frozenset(
    {
        "LOAD",
        "DISC",
        "GTIN",
        "GTOT",
        "STUF",
        "STRP",
        "PICK",
        "DROP",
        "INSP",
        "CUSS",
        "CUSI",
        "CUSR",
        "RMVD",
    }
)
SHIPMENT_CODES = frozenset(
    {"RECE", "DRFT", "PENA", "PENU", "PENC", "CONF", "REJE", "APPR", "ISSU", "SURR", "SUBM", "VOID",
     "REQS", "CMPL", "HOLD", "RELS", "CANC"}
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class TrackingEvent:
    """One event, normalised from either DCSA shape; ``raw`` keeps it exactly as received.

    ``updated`` is DCSA 3.0's ``eventUpdatedDateTime`` (a later one supersedes an earlier version
    of the same ``event_id``); ``created`` is 2.2's ``eventCreatedDateTime`` (3.0: the update time).
    """

    event_id: str
    version: str
    event_type: EventType
    classifier: Classifier
    type_code: str
    event_time: dt.datetime
    created: dt.datetime
    updated: dt.datetime | None = None
    location: str | None = None
    equipment_reference: str | None = None
    carrier_booking_reference: str | None = None
    transport_document_reference: str | None = None
    mode: TransportMode | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TrackingEvent) and other.event_id == self.event_id

    def __hash__(self) -> int:
        return hash(("TrackingEvent", self.event_id))
