"""My shipments: a shipper's bookings with their timelines and customs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from landsea.api.schemas import TimelinePublic, dump
from landsea.domain import access
from landsea.services import booking as bookings
from landsea.services import customs, timeline
from landsea.web.pages.visitor import (
    VisitorDep,
    guarded,
    render,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

# My shipments -------------------------------------------------------------------------------


@router.get("/shipments")
@guarded
def shipments_page(v: VisitorDep) -> Response:
    principal = v.needs(access.can_book)
    found = bookings.list_bookings(v.platform, principal, after=None, limit=50)
    found.sort(key=lambda b: b.created_at, reverse=True)
    declared: dict[str, list[Any]] = {}
    for declaration in customs.list_declarations(
        v.platform, principal, office=None, lane=None, status=None, after=None, limit=500
    ):
        if declaration.booking_id:
            declared.setdefault(declaration.booking_id, []).append(declaration)
    lines = []
    for booking in found:
        lines.append(
            {
                "booking": booking,
                "timeline": dump(
                    TimelinePublic.of(timeline.timeline(v.platform, principal, booking.id))
                ),
                "declarations": declared.get(booking.id, []),
            }
        )
    return render(
        v, "shipments.html", "shipments", lines=lines, locations=v.platform.network.locations
    )
