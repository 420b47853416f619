"""DCSA Track & Trace events: in (2.2 arrays, 3.0 ``{"events": [...]}``) and out."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response

from landsea.api.deps import Caller, Cursor, Limit, PlatformDep, decode_time_cursor, encode_cursor
from landsea.api.schemas import IngestReportPublic
from landsea.errors import InvalidInput
from landsea.services import tracking

router = APIRouter(tags=["events"])


@router.post("/events", response_model=IngestReportPublic)
def post_events(
    platform: PlatformDep,
    caller: Caller,
    body: Annotated[
        Any, Body(description='A DCSA 2.2 array of events or a DCSA 3.0 {"events": [...]}.')
    ],
) -> IngestReportPublic:
    """Store a batch of events; each bad one is reported, the good ones are kept."""
    events = tracking.events_of(body)
    if len(events) > 10_000:
        raise InvalidInput(f"events: {len(events)} events in one request; at most 10,000")
    return IngestReportPublic.of(tracking.ingest_events(platform, caller, events))


@router.get(
    "/events",
    response_model=list[dict[str, Any]],
    responses={
        200: {
            "description": "DCSA events as received (2.2 or 3.0 shape).",
            "headers": {
                "Next-Page-Cursor": {
                    "description": "The next page's cursor, when there is one.",
                    "schema": {"type": "string"},
                }
            },
        }
    },
)
def get_events(
    platform: PlatformDep,
    caller: Caller,
    response: Response,
    eventType: Annotated[str | None, Query(pattern="^(TRANSPORT|EQUIPMENT|SHIPMENT)$")] = None,
    equipmentReference: Annotated[str | None, Query(max_length=11)] = None,
    carrierBookingReference: Annotated[str | None, Query(max_length=200)] = None,
    transportDocumentReference: Annotated[str | None, Query(max_length=200)] = None,
    UNLocationCode: Annotated[
        str | None,
        Query(
            pattern="^[A-Z]{2}[A-Z2-9]{3}(-[A-Z0-9]{2,6})?$",
            description="A UN/LOCODE (its terminals too) or a terminal key such as CNCQI-TJC.",
        ),
    ] = None,
    created_from: Annotated[
        str | None, Query(alias="eventCreatedDateTime:gte", max_length=40)
    ] = None,
    created_to: Annotated[str | None, Query(alias="eventCreatedDateTime:lt", max_length=40)] = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> list[dict[str, Any]]:
    """Events in event-time order, as they were received; ``Next-Page-Cursor`` gives the next page."""
    after = decode_time_cursor(cursor)
    found = tracking.find_events(
        platform,
        caller,
        filters={
            "eventType": eventType,
            "equipmentReference": equipmentReference,
            "carrierBookingReference": carrierBookingReference,
            "transportDocumentReference": transportDocumentReference,
            "UNLocationCode": UNLocationCode,
            "eventCreatedDateTime:gte": created_from,
            "eventCreatedDateTime:lt": created_to,
        },
        after=after,
        limit=limit + 1,
    )
    page = found[:limit]
    if len(found) > limit:
        last = page[-1]
        response.headers["Next-Page-Cursor"] = encode_cursor(
            [last.event_time.isoformat(), last.event_id]
        )
    return [event.raw for event in page]
