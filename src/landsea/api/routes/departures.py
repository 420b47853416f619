"""Dated departures with the capacity left on them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from landsea.api.deps import Caller, Cursor, Limit, PlatformDep, decode_time_cursor, paginate
from landsea.api.problems import problems
from landsea.api.schemas import DeparturePublic, DepartureUpdate, Page
from landsea.domain.codes import parse_day
from landsea.services import departures as use_cases

router = APIRouter(tags=["departures"])


@router.get("/departures", response_model=Page[DeparturePublic])
def list_departures(
    platform: PlatformDep,
    caller: Caller,
    origin: Annotated[str | None, Query(max_length=100)] = None,
    destination: Annotated[str | None, Query(max_length=100)] = None,
    date: Annotated[
        str | None,
        Query(
            pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            description="Local date YYYY-MM-DD, 2000-01-01 … 2099-12-31.",
        ),
    ] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[DeparturePublic]:
    """Departures calling at origin and then destination, leaving origin on date (local)."""
    after = decode_time_cursor(cursor)
    views = use_cases.find_departures(
        platform,
        origin=origin,
        destination=destination,
        date=None if date is None else parse_day(date, field="date"),
        after=after,
        limit=limit + 1,
    )
    return Page(
        **paginate(
            views,
            limit,
            lambda v: DeparturePublic.of(v, platform.network),
            lambda v: [v.capacity.departure.isoformat(), v.capacity.id],
        )
    )


@router.get("/departures/{departure_id}", response_model=DeparturePublic)
def get_departure(platform: PlatformDep, caller: Caller, departure_id: str) -> DeparturePublic:
    """One departure with its calls and capacity."""
    return DeparturePublic.of(use_cases.get_departure(platform, departure_id), platform.network)


@router.patch("/departures/{departure_id}", response_model=DeparturePublic, responses=problems(409))
def update_departure(
    platform: PlatformDep, caller: Caller, departure_id: str, body: DepartureUpdate
) -> DeparturePublic:
    """Change a departure's capacity (operators of its service; audited)."""
    view = use_cases.set_capacity(platform, caller, departure_id, body.capacity_teu)
    return DeparturePublic.of(view, platform.network)
