"""Door-to-door plans on the capacity left."""

from __future__ import annotations

from fastapi import APIRouter

from landsea.api.deps import Caller, PlatformDep
from landsea.api.schemas import PlanBody, PlanPublic
from landsea.services.planning import Epsilon, PlanQuestion, plan_on_platform
from landsea.services.pricing import quote_plan

router = APIRouter(tags=["plans"])


@router.post("/plans", response_model=PlanPublic)
def create_plan(platform: PlatformDep, caller: Caller, body: PlanBody) -> PlanPublic:
    """The Pareto set of options over arrival, cost, CO2e and transfers (JSON of DESIGN.md)."""
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
        epsilon=None if body.epsilon is None else Epsilon(**body.epsilon.model_dump()),
        as_of=body.as_of,
    )
    plan = plan_on_platform(platform, question)
    if body.currency is not None:
        plan = quote_plan(platform, platform.network, plan, body.currency)
    return PlanPublic.of(plan)
