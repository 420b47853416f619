"""Statistics of the corridor, measured from the platform's own events."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from landsea.api.deps import Caller, PlatformDep
from landsea.api.schemas import ClearancePublic
from landsea.domain.codes import parse_instant
from landsea.errors import InvalidInput
from landsea.services import analytics

router = APIRouter(tags=["stats"])


def _moment(value: str | None, name: str) -> dt.datetime | None:
    return None if value is None else parse_instant(value, field=name, naive_utc=True)


@router.get("/stats/clearance", response_model=ClearancePublic)
def clearance(
    platform: PlatformDep,
    caller: Caller,
    start: Annotated[
        str | None, Query(alias="from", max_length=40, description="Default: 90 days ago.")
    ] = None,
    end: Annotated[
        str | None, Query(alias="to", max_length=40, description="Default: now.")
    ] = None,
    location: Annotated[str | None, Query(pattern="^[A-Z]{2}[A-Z2-9]{3}$")] = None,
) -> ClearancePublic:
    """p50 and p90 clearance hours per border crossing and port over a period: from a
    container's arrival (ARRI, DISC, GTIN, CUSS, CUSI) to its customs release (CUSR), beside the
    dataset's figures; the planner uses the measured median once a place has enough clearances."""
    until = _moment(end, "to") or dt.datetime.now(dt.UTC)
    since = _moment(start, "from") or until - dt.timedelta(days=90)
    if since >= until:
        raise InvalidInput(f"from {since.isoformat()!r} is not before to {until.isoformat()!r}")
    if until - since > dt.timedelta(days=3660):
        raise InvalidInput("from … to spans more than ten years")
    return ClearancePublic.of(
        analytics.clearance_stats(platform, start=since, end=until, location=location)
    )
