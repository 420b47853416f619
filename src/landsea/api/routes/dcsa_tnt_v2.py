"""DCSA Track & Trace 2.2.0, exactly: ``/dcsa/tnt/v2/events`` and an event by its ID.

Every event is sent as 2.2 says it (received in 2.2, or converted from 3.0 where 2.2 can say
it: :mod:`landsea.feeds.dcsa_outbound`); errors take 2.2's error object
(:mod:`landsea.api.problems`). 2.2 defines no ``POST /events``: landsea takes 2.2 events the
way a 2.2 subscriber receives them, a POSTed array, each checked against the 2.2 schema.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response

from landsea.api.deps import Caller, Cursor, PlatformDep, decode_time_cursor, encode_cursor
from landsea.api.routes.dcsa_tnt import codes, instants, page_headers, rejected, versioned
from landsea.domain.tracking import TRANSPORT_CODES, V2_EQUIPMENT_CODES, V2_SHIPMENT_CODES
from landsea.errors import InvalidInput
from landsea.services import dcsa_events
from landsea.services.dcsa_events import TntVersion

router = APIRouter(prefix="/dcsa/tnt/v2", tags=["DCSA TNT 2.2"])
V2 = TntVersion.V2
_DOCUMENTS = ("CBR", "BKG", "SHI", "SRM", "TRD", "ARN", "VGM", "CAS", "CUS", "DGD", "OOG")
Text = Annotated[str | None, Query(max_length=100)]
Moment = Annotated[str | None, Query(max_length=40)]


@router.get("/events", response_model=list[dict[str, Any]])
def get_events(
    platform: PlatformDep,
    caller: Caller,
    request: Request,
    response: Response,
    eventType: Text = None,
    shipmentEventTypeCode: Text = None,
    documentTypeCode: Text = None,
    carrierBookingReference: Annotated[str | None, Query(max_length=35)] = None,
    transportDocumentReference: Annotated[str | None, Query(max_length=20)] = None,
    transportEventTypeCode: Text = None,
    transportCallID: Text = None,
    vesselIMONumber: Annotated[str | None, Query(max_length=7)] = None,
    exportVoyageNumber: Annotated[str | None, Query(max_length=50)] = None,
    carrierServiceCode: Annotated[str | None, Query(max_length=5)] = None,
    UNLocationCode: Annotated[str | None, Query(max_length=5)] = None,
    equipmentEventTypeCode: Text = None,
    equipmentReference: Annotated[str | None, Query(max_length=15)] = None,
    created_eq: Annotated[str | None, Query(alias="eventCreatedDateTime", max_length=40)] = None,
    created_gte: Annotated[
        str | None, Query(alias="eventCreatedDateTime:gte", max_length=40)
    ] = None,
    created_gt: Annotated[str | None, Query(alias="eventCreatedDateTime:gt", max_length=40)] = None,
    created_lte: Annotated[
        str | None, Query(alias="eventCreatedDateTime:lte", max_length=40)
    ] = None,
    created_lt: Annotated[str | None, Query(alias="eventCreatedDateTime:lt", max_length=40)] = None,
    created_eq2: Annotated[
        str | None, Query(alias="eventCreatedDateTime:eq", max_length=40)
    ] = None,
    cursor: Cursor = None,
    limit: Annotated[
        int, Query(ge=1, description="At most 1,000 are sent (more is capped).")
    ] = 100,
) -> list[dict[str, Any]]:
    """Events as DCSA TNT 2.2.0 says them; ``Next-Page`` links the next page."""
    listed = {
        "shipmentEventTypeCode": codes("shipmentEventTypeCode", shipmentEventTypeCode, V2_SHIPMENT_CODES),
        "transportEventTypeCode": codes("transportEventTypeCode", transportEventTypeCode, TRANSPORT_CODES),
        "equipmentEventTypeCode": codes("equipmentEventTypeCode", equipmentEventTypeCode, V2_EQUIPMENT_CODES),
        "documentTypeCode": codes("documentTypeCode", documentTypeCode, _DOCUMENTS),
        "transportCallID": codes("transportCallID", transportCallID),
        "vesselIMONumber": codes("vesselIMONumber", vesselIMONumber),
        "carrierServiceCode": codes("carrierServiceCode", carrierServiceCode),
        "exportVoyageNumber": codes("exportVoyageNumber", exportVoyageNumber),
    }  # fmt: skip
    page = dcsa_events.find_as(
        platform,
        caller,
        V2,
        columns={
            "equipmentReference": equipmentReference,
            "carrierBookingReference": carrierBookingReference,
            "transportDocumentReference": transportDocumentReference,
            "UNLocationCode": UNLocationCode,
        },
        shape_filters={name: values for name, values in listed.items() if values is not None},
        event_types=codes("eventType", eventType, ("SHIPMENT", "TRANSPORT", "EQUIPMENT")),
        created=instants(
            "eventCreatedDateTime",
            {
                "eq": created_eq or created_eq2,
                "gte": created_gte,
                "gt": created_gt,
                "lte": created_lte,
                "lt": created_lt,
            },
        ),
        after=decode_time_cursor(cursor),
        limit=limit,
    )
    following = page.next_after
    cursor_text = (
        None if following is None else encode_cursor([following[0].isoformat(), following[1]])
    )
    page_headers(V2, request, versioned(response, V2), cursor_text)
    return page.events


@router.get("/events/{eventID}", response_model=dict[str, Any])
def get_event(
    platform: PlatformDep, caller: Caller, response: Response, eventID: str
) -> dict[str, Any]:
    """One event, by the ``eventID`` 2.2 gives it."""
    versioned(response, V2)
    return dcsa_events.get_as(platform, caller, V2, eventID)


@router.post("/events", status_code=204, response_class=Response)
def post_events(
    platform: PlatformDep,
    caller: Caller,
    body: Annotated[Any, Body(description="A DCSA 2.2 array of events, as a 2.2 callback gets.")],
) -> Response:
    """Take 2.2 events: each is checked against the 2.2 schema; the valid are stored, and any
    refused is reported, by JSON path, value and reason, in 2.2's error object."""
    if not isinstance(body, list):
        raise InvalidInput("the body must be a JSON array of DCSA 2.2 events")
    if len(body) > 10_000:
        raise InvalidInput(f"events: {len(body)} events in one request; at most 10,000")
    report = dcsa_events.post_as(platform, caller, V2, body)
    if report.rejected:
        raise rejected(V2, report.rejected, stored=report.stored)
    return versioned(Response(status_code=204), V2)
