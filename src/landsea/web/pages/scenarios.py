"""Scenarios: an operator runs the corridor's digital twin on a scenario file and compares the
scenarios as charts (backlog over time, lead-time distribution, utilisation) and tables."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import Response

from landsea.domain import access
from landsea.domain.booking import Principal
from landsea.errors import LandseaError
from landsea.services import simulation
from landsea.web.pages.visitor import Visitor, VisitorDep, guarded, redirect, render

__all__ = ["EXAMPLE", "router"]

router = APIRouter(include_in_schema=False)

EXAMPLE = """\
# Pingxiang closed for three days: what happens to the China–Vietnam trains' cargo?
[baseline]
name = "baseline"
start = 2026-12-01
days = 14

[[scenario]]
name = "Pingxiang closed 3 days"
[[scenario.changes]]
kind = "close_place"
target = "CNPIN"
start_day = 5
days = 3
"""
"""The scenario the form starts with (see docs/simulation.md for every kind of change)."""

_ESTIMATES = ("teu_delivered", "lead_p50_h", "lead_p90_h", "days_late", "cost_cny", "co2e_t")
_TOP_SERVICES = 12


def may_simulate(principal: Principal) -> bool:
    """Whether the role may run the twin (the rule of :mod:`landsea.domain.access`)."""
    return access.may_ever(principal, access.Action.RUN_SIMULATION)


@router.get("/scenarios")
@guarded
def scenarios_page(v: VisitorDep, id: str = "") -> Response:
    principal = v.needs(may_simulate)
    found = simulation.get_simulation(v.platform, principal, id) if id else None
    charts = _charts(found.result, v) if found and found.result else None
    return render(v, "scenarios.html", "scenarios", example=EXAMPLE, found=found,
                  estimates=_ESTIMATES, charts=charts)  # fmt: skip


@router.post("/scenarios")
@guarded
def run_scenarios(
    v: VisitorDep,
    csrf: Annotated[str, Form()],
    scenario: Annotated[str, Form()],
    replications: Annotated[int, Form()] = 2,
    seed: Annotated[int, Form()] = 1,
) -> Response:
    """Without JavaScript the form comes here; the page's script calls the API instead."""
    principal = v.needs(may_simulate)
    v.check_csrf(csrf)
    try:
        started = simulation.start_simulation(
            v.platform, principal, scenario[:100_000], replications=replications, seed=seed
        )
    except LandseaError as exc:
        return redirect(v, "/scenarios", flash=f"error:flash.failed|{exc.message}"[:1000])
    return redirect(v, f"/scenarios?id={started}")


def _charts(result: dict[str, Any], v: Visitor) -> dict[str, Any]:
    """The charts' data: backlog per day, lead-time histogram, the busiest services' utilisation
    (the same figures are in the page's tables)."""
    scenarios = result["scenarios"]
    services = {str(code): service for code, service in v.platform.network.services.items()}
    busiest: dict[str, float] = {}
    for row in scenarios:
        for service, share in row["utilisation"].items():
            busiest[service] = max(busiest.get(service, 0.0), share)
    top = sorted(busiest, key=lambda s: -busiest[s])[:_TOP_SERVICES]
    return {
        "names": [row["scenario"] for row in scenarios],
        "backlog": [list(row["backlog_teu"]) for row in scenarios],
        "histogram": [list(row["lead_histogram"]) for row in scenarios],
        "services": top,
        "service_names": [v.lang.name(services[s].name) if s in services else s for s in top],
        "utilisation": [[row["utilisation"].get(s, 0.0) for s in top] for row in scenarios],
        "labels": {key: v.lang.t(f"scenarios.{key}") for key in ("day", "teu", "days", "share")},
    }
