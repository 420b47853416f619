"""Operations: the week's departures as a grid of services × days, sorted by utilisation with
under-filled and over-booked runs flagged; consolidation runs with every assignment, followed
live by ``static/js/operations.js``; punctuality."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import Response

from landsea.domain import access
from landsea.domain.booking import Principal
from landsea.errors import InvalidInput, LandseaError
from landsea.services import analytics, consolidation, operations_week
from landsea.web.pages.visitor import (
    Visitor,
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
def operations_page(v: VisitorDep, week: str = "", order: str = "desc") -> Response:
    principal = v.needs(access.may_run_consolidation)
    now = dt.datetime.now(dt.UTC)
    week_error = None
    try:
        monday = operations_week.monday_of(week, now.date())
    except InvalidInput:
        monday, week_error = operations_week.monday_of("", now.date()), week[:20]
    the_week = operations_week.operator_week(
        v.platform, principal, monday, ascending=order == "asc"
    )
    on_time = analytics.punctuality(
        v.platform, now - dt.timedelta(days=90), now, operator=principal
    )
    return render(
        v, "operations.html", "operations", week=the_week, order=order, week_error=week_error,
        under_filled=operations_week.UNDER_FILLED, over_booked=operations_week.OVER_BOOKED, on_time=on_time, flags=operations_week.Flag,
        dt=dt,
        **_runs(v, principal, consolidation.recent_runs(v.platform, principal, limit=5)),
    )  # fmt: skip


@router.get("/operations/runs/{run_id}")
@guarded
def run_page(v: VisitorDep, run_id: str) -> Response:
    """One run with its assignments: the page operations.js reads a run's new state from."""
    principal = v.needs(access.may_run_consolidation)
    run = consolidation.get_run(v.platform, principal, run_id)
    return render(v, "operations_run.html", "operations", **_runs(v, principal, [run]))


def _runs(v: Visitor, principal: Principal, runs: list[Any]) -> dict[str, Any]:
    """What the runs' template needs: the runs, their cargo requests by id, the network and
    the operator's time zone (the most common one of its services' first stops)."""
    network = v.platform.network
    requests = {
        r.id: r
        for r in consolidation.find_requests(
            v.platform, principal, status=None, after=None, limit=2000
        )
    }
    zones = Counter(
        network.locations[s.origin].timezone
        for s in network.services.values()
        if access.may_manage_departure(principal, s)
    )
    zone = zones.most_common(1)[0][0] if zones else "UTC"
    return {"runs": runs, "requests": requests, "network": network, "zone": zone}


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
