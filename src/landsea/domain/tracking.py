"""Track-and-trace events in the vocabulary of DCSA Track & Trace (2.2 and 3.0)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "EQUIPMENT_CODES",
    "ETA_EVENT_PREFIX",
    "IOT_CODES",
    "REEFER_CODES",
    "SHIPMENT_CODES",
    "TRANSPORT_CODES",
    "V2_EQUIPMENT_CODES",
    "V2_SHIPMENT_CODES",
    "Classifier",
    "EventType",
    "TrackingEvent",
    "TransportMode",
    "dcsa_timestamp",
    "event_uuid",
    "iso_equipment_code",
]


class EventType(StrEnum):
    TRANSPORT = "TRANSPORT"
    EQUIPMENT = "EQUIPMENT"
    SHIPMENT = "SHIPMENT"
    IOT = "IOT"
    """DCSA 3.0 only: a sensor's report (door opened, position); readable on 3.0 alone."""
    REEFER = "REEFER"
    """DCSA 3.0 only: a reefer's measurement or setting; readable on 3.0 alone."""


class Classifier(StrEnum):
    PLANNED = "PLN"
    ESTIMATED = "EST"
    ACTUAL = "ACT"


class TransportMode(StrEnum):
    VESSEL = "VESSEL"
    RAIL = "RAIL"
    TRUCK = "TRUCK"
    BARGE = "BARGE"
    MULTIMODAL = "MULTIMODAL"
    """DCSA 3.0 only."""


# Each list is the union of the two versions' lists (2.2.0's ``enum``, 3.0.0's descriptions,
# landsea.feeds.dcsa_codes); which version allows which code is checked against its own schema.
TRANSPORT_CODES = frozenset({"ARRI", "DEPA"})
EQUIPMENT_CODES = frozenset(
    {"LOAD", "DISC", "GTIN", "GTOT", "STUF", "STRP", "PICK", "DROP", "INSP", "RSEA", "RMVD",
     "CUSS", "CUSI", "CUSR", "AVDO", "AVPU", "CROS"}
)  # fmt: skip
SHIPMENT_CODES = frozenset(
    {"RECE", "DRFT", "PENA", "PENU", "REJE", "APPR", "ISSU", "SURR", "SUBM", "VOID", "CONF",
     "REQS", "CMPL", "HOLD", "RELS", "AMCF", "AMCN", "AMDC", "AMPR", "AMRE", "CACF", "CADC",
     "CANC", "CARE", "DECL", "PENM", "PSAM", "PSDL", "SUAM", "SUDL", "UPCF", "UPCN", "UPDC",
     "UPDT", "UPRE"}
)  # fmt: skip
IOT_CODES = frozenset({"DETC"})
REEFER_CODES = frozenset({"MEAS", "ADJU"})
V2_EQUIPMENT_CODES = frozenset(
    {"LOAD", "DISC", "GTIN", "GTOT", "STUF", "STRP", "PICK", "DROP", "INSP", "RSEA", "RMVD"}
)
"""What DCSA 2.2.0 can say of equipment (its ``equipmentEventTypeCode`` enum)."""
V2_SHIPMENT_CODES = frozenset(
    {"RECE", "DRFT", "PENA", "PENU", "REJE", "APPR", "ISSU", "SURR", "SUBM", "VOID", "CONF",
     "REQS", "CMPL", "HOLD", "RELS"}
)  # fmt: skip
"""What DCSA 2.2.0 can say of a shipment (its ``shipmentEventTypeCode`` enum)."""


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


ETA_EVENT_PREFIX = "landsea-eta-"
"""The eventID prefix of the estimated arrivals the platform announces when an ETA moves."""

EVENT_NAMESPACE = uuid.UUID("0e5f3c61-9a07-5b8e-8d2a-6c1f4b7a9e21")
"""The namespace of the eventIDs landsea gives its own events (UUID 5, RFC 9562 §5.5)."""


def event_uuid(name: str) -> str:
    """The eventID of one of landsea's own events: a UUID (DCSA 2.2 requires one), the same
    for the same ``name``, so that an event announced twice is stored once.

    >>> event_uuid("customs-D1-0-MSCU6639870") == event_uuid("customs-D1-0-MSCU6639870")
    True
    """
    return str(uuid.uuid5(EVENT_NAMESPACE, name))


def dcsa_timestamp(moment: dt.datetime) -> str:
    """An instant as DCSA's schemas take it: RFC 3339 in UTC, to the millisecond (24
    characters; 3.0 allows at most 30, where ``isoformat()`` gives 32).

    >>> dcsa_timestamp(dt.datetime(2026, 12, 9, 8, 30, 1, 123456, tzinfo=dt.UTC))
    '2026-12-09T08:30:01.123Z'
    """
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def iso_equipment_code(teu_per_box: float, reefer: bool) -> str:
    """The ISO 6346 size-and-type group of a box (DCSA ``ISOEquipmentCode``): 20 or 40 foot,
    general purpose (GP) or thermal reefer (RT).

    >>> iso_equipment_code(2, reefer=True)
    '42RT'
    """
    return ("42" if teu_per_box >= 2 else "22") + ("RT" if reefer else "GP")
