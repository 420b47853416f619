"""Public statistics of the corridor: the page at ``/statistics`` (and its old ``/stats``), a
period selector, and every chart's data as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from landsea.errors import NotFound
from landsea.services import analytics
from landsea.web.pages.visitor import (
    Visitor,
    VisitorDep,
    guarded,
    render,
)

__all__ = ["PERIODS", "router"]

router = APIRouter(include_in_schema=False)

PERIODS = (30, 90, 180, 365)
"""The periods offered (days back from today; the bookings ahead always count)."""


def _figures(v: Visitor, days: int) -> dict[str, Any]:
    end = dt.datetime.now(dt.UTC) + dt.timedelta(days=60)  # booked ahead counts too
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    return {
        "volumes": analytics.volumes(v.platform, start, end),
        "modal_split": analytics.modal_split(v.platform, start, end),
        "punctuality": analytics.punctuality(v.platform, start, end),
        "clearance": analytics.clearance_stats(v.platform, start=start, end=end),
        "emissions": analytics.emissions_saved(v.platform, start, end),
    }


def _period(days: int) -> int:
    return min(PERIODS, key=lambda p: abs(p - days))


@router.get("/stats")
@router.get("/statistics")
@guarded
def stats_page(v: VisitorDep, days: int = 90) -> Response:
    days = _period(days)
    figures = _figures(v, days)
    clearance = figures["clearance"]
    measured = [row for row in clearance.locations if row.samples]
    clearance_chart = {
        "labels": [v.lang.name(row.name) if row.name else row.location for row in measured],
        "p50": [row.p50_hours for row in measured],
        "p90": [row.p90_hours for row in measured],
        "names": [v.lang.t("stats.p50"), v.lang.t("stats.p90")],
    }
    # The charts' data, as the page's script reads it (JSON made here, from the typed figures).
    volumes, split = figures["volumes"], figures["modal_split"]
    chart_weeks = [{"week": w.week, "teu": dict(w.teu), "total": w.total} for w in volumes.weeks]
    chart_split = {mode: {"teu_km": s.teu_km, "share": s.share} for mode, s in split.modes.items()}
    return render(v, "stats.html", "stats", figures=figures, days=days, periods=PERIODS,
                  clearance_chart=clearance_chart, chart_weeks=chart_weeks,
                  chart_split=chart_split, locations=v.platform.network.locations)  # fmt: skip


def _rows(v: Visitor, chart: str, figures: dict[str, Any]) -> list[list[Any]]:
    """A chart's data as rows, the header first (values as numbers, names in the language)."""
    t = v.lang.t
    if chart == "volumes":
        volumes = figures["volumes"]
        head = [t("stats.week"), *(t(f"mode.{m}") for m in volumes.modes), t("stats.total")]
        return [head] + [[w.week, *(w.teu[m] for m in volumes.modes), w.total]
                         for w in volumes.weeks]  # fmt: skip
    if chart == "modal_split":
        split = figures["modal_split"].modes
        return [[t("stats.mode"), "TEU-km", t("stats.share")]] + [
            [t(f"mode.{mode}"), s.teu_km, s.share] for mode, s in split.items()
        ]
    if chart == "clearance":
        return [[t("stats.location"), "UN/LOCODE", t("stats.samples"), t("stats.p50"),
                 t("stats.p90"), t("stats.dataset")]] + [
            [v.lang.name(r.name) if r.name else r.location, r.location, r.samples, r.p50_hours,
             r.p90_hours, r.dataset.typical_hours if r.dataset else None]
            for r in figures["clearance"].locations
        ]  # fmt: skip
    if chart == "co2":
        e = figures["emissions"]
        return [[t("stats.co2"), t("unit.t")], [t("stats.booked"), e.booked_t],
                [t("stats.all_road"), e.all_road_t], [t("stats.yangtze"), e.yangtze_t]]  # fmt: skip
    if chart == "on_time":
        overall = figures["punctuality"].overall
        return [[t("stats.on_time"), t("stats.legs")],
                [t("stats.legs_on_time"), overall.on_time], [t("stats.legs_late"), overall.late]]  # fmt: skip
    raise NotFound(f"chart {chart!r} is not one of the statistics")


CHARTS = ("volumes", "modal_split", "clearance", "co2", "on_time")


@router.get("/statistics/{chart}.csv")
@guarded
def stats_csv(v: VisitorDep, chart: str, days: int = 90) -> Response:
    """One chart's data as CSV (UTF-8 with a byte-order mark, so that spreadsheets read 中文)."""
    if chart not in CHARTS:
        raise NotFound(f"chart {chart!r} is not one of the statistics")
    days = _period(days)
    out = io.StringIO()
    writer = csv.writer(out)
    for row in _rows(v, chart, _figures(v, days)):
        writer.writerow(["" if cell is None else cell for cell in row])
    name = f"landsea-{chart}-{days}d.csv"
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip
