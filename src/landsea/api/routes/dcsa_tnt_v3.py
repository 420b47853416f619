"""DCSA Track & Trace 3.0.0, exactly: ``/dcsa/tnt/v3/events`` (GET and POST) and an event by
its ID (a landsea addition: 3.0 defines none).

Every event is sent as 3.0 says it (received in 3.0, or converted from 2.2:
:mod:`landsea.feeds.dcsa_outbound`), IOT and REEFER events too; errors take 3.0's
``feedbackElements`` (:mod:`landsea.api.problems`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response

from landsea.api.deps import Caller, Cursor, PlatformDep, decode_time_cursor, encode_cursor
from landsea.api.routes.dcsa_tnt import codes, instants, rejected, versioned
from landsea.errors import InvalidInput
from landsea.services import dcsa_events
from landsea.services.dcsa_events import TntVersion

router = APIRouter(prefix="/dcsa/tnt/v3", tags=["DCSA TNT 3.0"])
V3 = TntVersion.V3
_TYPES = ("SHIPMENT", "TRANSPORT", "EQUIPMENT", "IOT", "REEFER")


@router.get("/events", response_model=dict[str, Any])
def get_events(
    platform: PlatformDep,
    caller: Caller,
    response: Response,
    carrierBookingReference: Annotated[str | None, Query(max_length=100)] = None,
    transportDocumentReference: Annotated[str | None, Query(max_length=100)] = None,
    equipmentReference: Annotated[str | None, Query(max_length=11)] = None,
    eventTypes: Annotated[str | None, Query(max_length=100)] = None,
    eventUpdatedDateTimeMin: Annotated[str | None, Query(max_length=40)] = None,
    eventUpdatedDateTimeMax: Annotated[str | None, Query(max_length=40)] = None,
    cursor: Cursor = None,
    limit: Annotated[
        int, Query(ge=1, description="At most 1,000 are sent (more is capped).")
    ] = 100,
) -> dict[str, Any]:
    """A ``GetEventsResponse``; ``Next-Page-Cursor`` gives the next page."""
    page = dcsa_events.find_as(
        platform,
        caller,
        V3,
        columns={
            "equipmentReference": equipmentReference,
            "carrierBookingReference": carrierBookingReference,
            "transportDocumentReference": transportDocumentReference,
        },
        shape_filters={},
        event_types=codes("eventTypes", eventTypes, _TYPES),
        created=instants(
            "eventUpdatedDateTime",
            {"gte": eventUpdatedDateTimeMin, "lte": eventUpdatedDateTimeMax},
        ),
        after=decode_time_cursor(cursor),
        limit=limit,
    )
    versioned(response, V3)
    if page.next_after is not None:
        moment, event_id = page.next_after
        response.headers["Next-Page-Cursor"] = encode_cursor([moment.isoformat(), event_id])
    return {"events": page.events}


@router.get("/events/{eventID}", response_model=dict[str, Any])
def get_event(
    platform: PlatformDep, caller: Caller, response: Response, eventID: str
) -> dict[str, Any]:
    """One ``Event`` by its ``eventID`` (landsea's addition to 3.0)."""
    versioned(response, V3)
    return dcsa_events.get_as(platform, caller, V3, eventID)


@router.post("/events", response_model=dict[str, Any])
def post_events(
    platform: PlatformDep,
    caller: Caller,
    response: Response,
    body: Annotated[Any, Body(description='A DCSA 3.0 PostEventsRequest: {"events": [...]}.')],
) -> dict[str, Any]:
    """Take 3.0 events (a ``PostEventsRequest``): each checked against the 3.0 schema and code
    lists; the valid are stored. Some refused: 200 with a ``feedbackElements`` ERROR for each
    violation; all refused: an error of them."""
    if not isinstance(body, dict) or not isinstance(body.get("events"), list):
        raise InvalidInput('the body must be a DCSA 3.0 PostEventsRequest, {"events": [...]}')
    events = body["events"]
    if len(events) > 10_000:
        raise InvalidInput(f"events: {len(events)} events in one request; at most 10,000")
    report = dcsa_events.post_as(platform, caller, V3, events)
    versioned(response, V3)
    if not report.rejected:
        return {}
    refusal = rejected(V3, report.rejected, stored=report.stored)
    if len({r.index for r in report.rejected}) == len(events):
        raise refusal
    return {
        "feedbackElements": [
            {"severity": "ERROR", "message": f"{reason} (value: {value!r})"[:5000],
             "propertyPath": path}
            for path, value, reason in refusal.violations
        ]
    }  # fmt: skip
