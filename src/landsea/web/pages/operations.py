"""Operations: departures and utilisation, consolidation runs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from landsea.domain import access
from landsea.errors import LandseaError
from landsea.services import consolidation, departures
from landsea.web.pages.visitor import (
    VisitorDep,
    guarded,
    redirect,
    render,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

# Operations ---------------------------------------------------------------------------------


@router.get("/operations")
@guarded
def operations_page(v: VisitorDep) -> Response:
    principal = v.needs(access.may_run_consolidation)
    now = dt.datetime.now(dt.UTC)
    services = [
        s.id
        for s in v.platform.network.services.values()
        if not s.on_demand and access.may_manage_departure(principal, s)
    ]
    upcoming = departures.departures_between(
        v.platform, services, now, now + dt.timedelta(days=30), limit=5000
    )
    runs = consolidation.recent_runs(v.platform, principal, limit=10)
    from landsea.services import analytics

    on_time = analytics.punctuality(
        v.platform, now - dt.timedelta(days=90), now, operator=principal
    )
    return render(
        v,
        "operations.html",
        "operations",
        upcoming=upcoming,
        runs=runs,
        on_time=on_time,
        network=v.platform.network,
    )


@router.post("/operations/runs")
@guarded
def start_run(
    v: VisitorDep,
    csrf: Annotated[str, Form()],
    method: Annotated[str, Form()] = "optimal",
    time_limit: Annotated[float, Form()] = 60,
    apply: Annotated[str, Form()] = "",
) -> Response:
    principal = v.needs(access.may_run_consolidation)
    v.check_csrf(csrf)
    try:
        options = consolidation.ConsolidationOptions(method=method, time_limit=time_limit)
        run_id = consolidation.start_run(v.platform, principal, options, apply=apply == "on")
    except LandseaError as exc:
        return redirect(v, "/operations", flash=f"error:flash.failed|{exc.message}")
    return redirect(v, "/operations#runs", flash=f"ok:flash.run_started|{run_id[:8]}")
