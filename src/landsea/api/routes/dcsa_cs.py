"""DCSA Commercial Schedules 1.0.3 (``/dcsa/cs/v1``): point-to-point routings from the planner,
port and vessel schedules from the network (docs/dcsa_cs.md).

Every answer carries ``API-Version: 1.0.3``, a list longer than ``limit`` a
``Next-Page-Cursor``; errors are CS ``ErrorResponse`` bodies (:func:`landsea.api.problems.cs_error`).
Any signed-in caller may read them, as the network itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from landsea.api.deps import Caller, PlatformDep
from landsea.api.problems import CS_VERSION
from landsea.domain.codes import parse_day
from landsea.services.routings import RoutingQuery, point_to_point_routes
from landsea.services.schedules import (
    CsPage,
    VesselQuery,
    cs_page,
    port_schedules,
    vessel_schedules,
)

router = APIRouter(prefix="/dcsa/cs/v1", tags=["dcsa-cs"])

_LOCODE = r"^[A-Z]{2}[A-Z2-9]{3}$"
_DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
Locode = Annotated[str | None, Query(pattern=_LOCODE, min_length=5, max_length=5)]
Day = Annotated[str | None, Query(pattern=_DAY, description="Local date YYYY-MM-DD.")]
Limit = Annotated[int, Query(ge=1, description="Items per page (at most 1000; more is capped).")]
Cursor = Annotated[
    str | None, Query(max_length=1024, description="Next-Page-Cursor of the last page.")
]
_LIST = {
    200: {
        "description": "A CS list (DCSA schema in landsea/data/dcsa_spec/cs).",
        "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}},
    },
    400: {"description": "Bad Request"},
}


def _day(value: str | None, name: str) -> dt.date | None:
    return None if value is None else parse_day(value, field=name)


def _answer(response: Response, page: CsPage) -> list[dict[str, Any]]:
    response.headers["API-Version"] = CS_VERSION
    if page.next_cursor is not None:
        response.headers["Next-Page-Cursor"] = page.next_cursor
    return page.items


def _filters(request: Request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items() if k not in ("cursor", "limit")}


@router.get("/point-to-point-routes", responses=_LIST)  # type: ignore[arg-type]
def get_point_to_point_routes(
    request: Request,
    response: Response,
    platform: PlatformDep,
    caller: Caller,
    place_of_receipt: Annotated[str, Query(alias="placeOfReceipt", pattern=_LOCODE)],
    place_of_delivery: Annotated[str, Query(alias="placeOfDelivery", pattern=_LOCODE)],
    departure_start: Annotated[str | None, Query(alias="departureStartDate", pattern=_DAY)] = None,
    departure_end: Annotated[str | None, Query(alias="departureEndDate", pattern=_DAY)] = None,
    arrival_start: Annotated[str | None, Query(alias="arrivalStartDate", pattern=_DAY)] = None,
    arrival_end: Annotated[str | None, Query(alias="arrivalEndDate", pattern=_DAY)] = None,
    max_transhipment: Annotated[int | None, Query(alias="maxTranshipment", ge=0, le=99)] = None,
    receipt_type: Annotated[
        str | None, Query(alias="receiptTypeAtOrigin", pattern="^(CY|SD|CFS)$")
    ] = None,
    delivery_type: Annotated[
        str | None, Query(alias="deliveryTypeAtDestination", pattern="^(CY|SD|CFS)$")
    ] = None,
    cargo_type: Annotated[str, Query(alias="cargoType", pattern="^(DRY|REEFER)$")] = "DRY",
    limit: Limit = 100,
    cursor: Cursor = None,
) -> list[dict[str, Any]]:
    """Point-to-point routings: the planner's sea-rail, rail and road options."""
    query = RoutingQuery(
        placeOfReceipt=place_of_receipt,
        placeOfDelivery=place_of_delivery,
        departureStartDate=_day(departure_start, "departureStartDate"),
        departureEndDate=_day(departure_end, "departureEndDate"),
        arrivalStartDate=_day(arrival_start, "arrivalStartDate"),
        arrivalEndDate=_day(arrival_end, "arrivalEndDate"),
        maxTranshipment=max_transhipment,
        receiptTypeAtOrigin=receipt_type,
        deliveryTypeAtDestination=delivery_type,
        cargoType=cargo_type,
    )
    found = point_to_point_routes(platform, query)
    page = cs_page(found, dict, limit=limit, cursor=cursor, query=_filters(request))
    return _answer(response, page)


@router.get("/port-schedules", responses=_LIST)  # type: ignore[arg-type]
def get_port_schedules(
    request: Request,
    response: Response,
    platform: PlatformDep,
    caller: Caller,
    unlocode: Annotated[str, Query(alias="UNLocationCode", pattern=_LOCODE)],
    date: Annotated[str, Query(pattern=_DAY, description="Local date YYYY-MM-DD.")],
    limit: Limit = 100,
    cursor: Cursor = None,
) -> list[dict[str, Any]]:
    """Port schedules: the vessels and barges calling at a port (and its terminals) on a day."""
    found = port_schedules(platform, unlocode, parse_day(date, field="date"))
    page = cs_page(found, dict, limit=limit, cursor=cursor, query=_filters(request))
    return _answer(response, page)


@router.get("/vessel-schedules", responses=_LIST)  # type: ignore[arg-type]
def get_vessel_schedules(
    request: Request,
    response: Response,
    platform: PlatformDep,
    caller: Caller,
    vessel_imo: Annotated[str | None, Query(alias="vesselIMONumber", pattern=r"^\d{7,8}$")] = None,
    vessel_name: Annotated[str | None, Query(alias="vesselName", max_length=50)] = None,
    service_code: Annotated[str | None, Query(alias="carrierServiceCode", max_length=11)] = None,
    usr: Annotated[
        str | None, Query(alias="universalServiceReference", pattern=r"^SR\d{5}[A-Z]$")
    ] = None,
    voyage: Annotated[str | None, Query(alias="carrierVoyageNumber", max_length=50)] = None,
    uvr: Annotated[
        str | None, Query(alias="universalVoyageReference", pattern=r"^\d{2}[0-9A-Z]{2}[NEWSR]$")
    ] = None,
    unlocode: Annotated[str | None, Query(alias="UNLocationCode", pattern=_LOCODE)] = None,
    facility: Annotated[str | None, Query(alias="facilitySMDGCode", max_length=6)] = None,
    operator: Annotated[str | None, Query(alias="vesselOperatorCarrierCode", max_length=10)] = None,
    start: Annotated[str | None, Query(alias="startDate", pattern=_DAY)] = None,
    end: Annotated[str | None, Query(alias="endDate", pattern=_DAY)] = None,
    scope: Annotated[str, Query(alias="responseScope", max_length=30)] = "FULL_VOYAGE",
    limit: Limit = 100,
    cursor: Cursor = None,
) -> list[dict[str, Any]]:
    """Vessel schedules: the dated voyages of the corridor's sea and barge services."""
    query = VesselQuery(
        vesselIMONumber=vessel_imo,
        vesselName=vessel_name,
        carrierServiceCode=service_code,
        universalServiceReference=usr,
        carrierVoyageNumber=voyage,
        universalVoyageReference=uvr,
        UNLocationCode=unlocode,
        facilitySMDGCode=facility,
        vesselOperatorCarrierCode=operator,
        startDate=_day(start, "startDate"),
        endDate=_day(end, "endDate"),
        responseScope=scope,
    )
    found = vessel_schedules(platform, query)
    page = cs_page(found, dict, limit=limit, cursor=cursor, query=_filters(request))
    return _answer(response, page)
