"""My shipments: a shipper's bookings with their milestone bars, timelines and customs, found by
reference, container or place and filtered by status, route and dates (query parameters, so
that the search works without JavaScript and can be bookmarked)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter
from fastapi.responses import Response

from landsea.api.schemas import TimelinePublic, dump
from landsea.domain import access
from landsea.domain.booking import BookingStatus
from landsea.domain.codes import parse_day
from landsea.errors import InvalidInput
from landsea.services.shipments import ShipmentFilter, find_shipments
from landsea.web.pages.visitor import Visitor, VisitorDep, guarded, render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

# My shipments -------------------------------------------------------------------------------


def _day(v: Visitor, text: str, field: str, errors: dict[str, str]) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return parse_day(text.strip(), field=field)
    except InvalidInput:
        errors[field] = v.lang.t("shipments.err.date", value=text[:40])
        return None


@router.get("/shipments")
@guarded
def shipments_page(
    v: VisitorDep,
    q: str = "",
    status: str = "",
    route: str = "",
    start: str = "",
    end: str = "",
) -> Response:
    principal = v.needs(access.can_book)
    errors: dict[str, str] = {}
    wanted = ShipmentFilter(
        text=q[:100],
        status=BookingStatus(status) if status in {s.value for s in BookingStatus} else None,
        route=route[:40],
        start=_day(v, start, "start", errors),
        end=_day(v, end, "end", errors),
    )
    found = find_shipments(v.platform, principal, wanted)
    lines = [
        {
            "shipment": shipment,
            "booking": shipment.booking,
            "timeline": dump(TimelinePublic.of(shipment.timeline)),
            "declarations": shipment.declarations,
        }
        for shipment in found.found
    ]
    return render(
        v,
        "shipments.html",
        "shipments",
        lines=lines,
        found=found,
        form={"q": q, "status": status, "route": route, "start": start, "end": end},
        filtered=any((q, status, route, start, end)),
        errors=errors,
        statuses=[s.value for s in BookingStatus],
        locations=v.platform.network.locations,
    )
