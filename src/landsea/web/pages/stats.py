"""Public statistics of the corridor."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter
from fastapi.responses import Response

from landsea.services import analytics
from landsea.web.pages.visitor import (
    VisitorDep,
    guarded,
    render,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

# Statistics ---------------------------------------------------------------------------------


@router.get("/stats")
@guarded
def stats_page(v: VisitorDep, days: int = 90) -> Response:
    days = max(7, min(days, 730))
    end = dt.datetime.now(dt.UTC) + dt.timedelta(days=60)  # booked ahead counts too
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    clearance = analytics.clearance_stats(v.platform, start=start, end=end)
    volumes = analytics.volumes(v.platform, start, end)
    split = analytics.modal_split(v.platform, start, end)
    figures = {
        "volumes": volumes,
        "modal_split": split,
        "punctuality": analytics.punctuality(v.platform, start, end),
        "clearance": clearance,
        "emissions": analytics.emissions_saved(v.platform, start, end),
    }
    measured = [row for row in clearance.locations if row.samples]
    clearance_chart = {
        "labels": [v.lang.name(row.name) if row.name else row.location for row in measured],
        "p50": [row.p50_hours for row in measured],
        "p90": [row.p90_hours for row in measured],
        "names": [v.lang.t("stats.p50"), v.lang.t("stats.p90")],
    }
    # The charts' data, as the page's script reads it (JSON made here, from the typed figures).
    chart_weeks = [{"week": w.week, "teu": dict(w.teu)} for w in volumes.weeks]
    chart_split = {mode: {"teu_km": s.teu_km, "share": s.share} for mode, s in split.modes.items()}
    return render(v, "stats.html", "stats", figures=figures, days=days,
                  clearance_chart=clearance_chart, chart_weeks=chart_weeks,
                  chart_split=chart_split, locations=v.platform.network.locations)  # fmt: skip
