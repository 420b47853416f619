"""Door-to-door plans on the capacity left."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter

from landsea.api.deps import Caller, PlatformDep
from landsea.api.schemas import PlanBody
from landsea.services.analytics.clearance import measured_clearance
from landsea.services.departures import remaining_capacity
from landsea.services.planning import PlanQuestion, plan

router = APIRouter(tags=["plans"])


@router.post("/plans")
def create_plan(platform: PlatformDep, caller: Caller, body: PlanBody) -> dict[str, Any]:
    """The Pareto set of options over arrival, cost, CO2e and transfers (JSON of DESIGN.md)."""
    now = dt.datetime.now(dt.UTC)
    capacity = remaining_capacity(
        platform, now - dt.timedelta(days=30), now + dt.timedelta(days=400)
    )
    question = PlanQuestion(
        origin=body.origin,
        destination=body.destination,
        depart=body.depart,
        window_days=body.window_days,
        teu=body.teu,
        cargo_type=body.cargo_type,
        avoid=tuple(body.avoid),
        via=body.via,
        max_days=body.max_days,
        cargo_tonnes=body.cargo_tonnes,
        capacity=capacity,
        clearance=measured_clearance(platform),
    )
    return plan(platform.network, question)[1]
