"""A stored event as one DCSA version says it: as received, converted, or not at all.

Events are stored once, as received, in whichever version they came (2.2, 3.0, 3.0 Beta-1).
Each face asks for its own version: an event received in that version is sent as it came; one
received in the other is converted (:mod:`~landsea.feeds.dcsa_v2_to_v3`,
:mod:`~landsea.feeds.dcsa_v3_to_v2`; Beta-1 through its 2.2 reading). Either way the result is
checked against the version's schema: an event the version cannot express is left out, never
sent in a foreign or broken shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from landsea.domain.tracking import TrackingEvent
from landsea.feeds.dcsa import beta_as_v22
from landsea.feeds.dcsa_schema import TntVersion, event_violations
from landsea.feeds.dcsa_v2_to_v3 import to_v3
from landsea.feeds.dcsa_v3_to_v2 import to_v2

__all__ = ["SHAPE_FILTERS", "as_version", "matches_v2", "notification_body"]

_CODE_FILTERS = {
    "shipmentEventTypeCode": "SHIPMENT",
    "transportEventTypeCode": "TRANSPORT",
    "equipmentEventTypeCode": "EQUIPMENT",
}
_CALL_FILTERS = {
    "transportCallID": ("transportCallID",),
    "vesselIMONumber": ("vessel", "vesselIMONumber"),
    "carrierServiceCode": ("carrierServiceCode",),
    "exportVoyageNumber": ("exportVoyageNumber",),
}
SHAPE_FILTERS = frozenset({*_CODE_FILTERS, *_CALL_FILTERS, "documentTypeCode"})
"""The 2.2 filters read on each shaped event (any other is a database column)."""


def as_version(event: TrackingEvent, version: TntVersion) -> dict[str, Any] | None:
    """``event`` as DCSA ``version`` says it, or ``None`` when that version cannot."""
    raw = event.raw
    if event.version == "3.0-beta":
        raw = beta_as_v22(raw)
    received_v3 = event.version == "3.0"
    if version is TntVersion.V3:
        shaped: dict[str, Any] | None = raw if received_v3 else to_v3(raw)
    else:
        shaped = to_v2(raw) if received_v3 else raw
    if shaped is None or event_violations(version, shaped):
        return None
    return shaped


def notification_body(events: list[dict[str, Any]], version: TntVersion) -> Any:
    """What a subscriber of ``version`` is POSTed: 2.2 an array of events, 3.0 a
    ``PostEventsRequest`` (``{"events": [...]}``)."""
    return {"events": events} if version is TntVersion.V3 else events


def _call_value(event: Mapping[str, Any], path: Sequence[str]) -> Any:
    value: Any = event.get("transportCall")
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    if value is None and path == ("exportVoyageNumber",):
        return _call_value(event, ("carrierVoyageNumber",))
    return value


def matches_v2(event: Mapping[str, Any], filters: Mapping[str, list[str]]) -> bool:
    """Whether a 2.2 event passes the shape filters (ANDed; a list is any of)."""
    for name, wanted in filters.items():
        if name in _CODE_FILTERS:
            found = event.get(name) if event.get("eventType") == _CODE_FILTERS[name] else None
        elif name == "documentTypeCode":
            found = event.get("documentTypeCode")
        else:
            found = _call_value(event, _CALL_FILTERS[name])
        if found not in wanted:
            return False
    return True
