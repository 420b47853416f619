"""``landsea consolidate``: pending cargo onto departures at least cost."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from landsea.cli.output import Format, console, echo_json
from landsea.config import get_settings

if TYPE_CHECKING:
    from landsea.domain.consolidation import ConsolidationResult

__all__ = ["consolidate_command"]


def consolidate_command(
    requests: Annotated[
        Path | None,
        typer.Option(
            "--requests",
            exists=True,
            dir_okay=False,
            readable=True,
            help="CSV: request_id,origin,destination,teu,cargo_type,ready,due,penalty_per_day "
            "(default: the database's pending cargo requests).",
        ),
    ] = None,
    method: Annotated[
        str, typer.Option(help="optimal (HiGHS) or greedy (ready-time order, cheapest first).")
    ] = "optimal",
    time_limit: Annotated[float, typer.Option(help="Seconds for the whole run.")] = 120.0,
    gap: Annotated[
        float, typer.Option(help="Relative gap to the bound that is good enough.")
    ] = 0.01,
    horizon: Annotated[
        float, typer.Option(help="Days ahead whose pending requests are taken (database).")
    ] = 30.0,
    carbon_price: Annotated[
        float, typer.Option(help="CNY per tonne CO2e added to each itinerary's cost.")
    ] = 0.0,
    max_late_days: Annotated[
        float, typer.Option(help="Itineraries later than this after the due time are not offered.")
    ] = 14.0,
    require_all: Annotated[
        bool, typer.Option(help="Every request must be carried, or the run is infeasible.")
    ] = False,
    apply: Annotated[
        bool, typer.Option("--apply", help="Book the result, all in one transaction.")
    ] = False,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.TABLE,
) -> None:
    """Assign pending cargo to departures at least cost (freight, handling, lateness, carbon)."""
    from landsea.services import accounts
    from landsea.services.consolidation import (
        ConsolidationOptions,
        apply_result,
        consolidate,
        pending_requests,
        read_requests_csv,
        result_document,
    )
    from landsea.services.platform import open_platform

    if method not in ("optimal", "greedy"):
        raise typer.BadParameter(f"{method!r} is not optimal or greedy", param_hint="--method")
    options = ConsolidationOptions(
        method=method,
        time_limit=time_limit,
        gap=gap,
        horizon_days=horizon,
        carbon_price=carbon_price,
        max_late_days=max_late_days,
        require_all=require_all,
    )
    settings = get_settings()
    platform = open_platform(settings.database_url, network=settings.network)
    try:
        cargo = (
            read_requests_csv(platform, requests)
            if requests is not None
            else pending_requests(platform, options.horizon_days)
        )
        if not cargo:
            typer.echo("No pending cargo requests to consolidate.", err=True)
            raise typer.Exit(0)
        with Progress(
            TextColumn("{task.description:<12}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            disable=format is Format.JSON,
            transient=True,
        ) as progress:
            tasks: dict[str, Any] = {}

            def report(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = progress.add_task(stage, total=total)
                progress.update(tasks[stage], completed=done)

            result = consolidate(platform, cargo, options, progress=report)
        if apply:
            operator = accounts.system_principal(platform)
            result = apply_result(platform, operator, cargo, result)
    finally:
        platform.dispose()
    if format is Format.JSON:
        echo_json(result_document(result))
        return
    _summary(result, applied=apply)


def _money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _summary(result: ConsolidationResult, *, applied: bool) -> None:
    out = console()
    table = Table(title="Consolidation", show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("status", f"{result.status} ({result.method})")
    table.add_row("requests", f"{result.requests:,} ({result.teu:,} TEU)")
    table.add_row("assigned", f"{len(result.assignments):,} requests, {result.assigned_teu:,} TEU")
    table.add_row("unassigned", f"{len(result.unassigned):,} requests")
    table.add_row("objective, CNY", _money(result.objective))
    table.add_row("bound, CNY", _money(result.bound))
    table.add_row("gap", "—" if result.gap is None else f"{result.gap:.2%}")
    cost = result.cost
    table.add_row(
        "  freight · late · carbon · left",
        " · ".join(_money(v) for v in (cost.freight, cost.lateness, cost.carbon, cost.unassigned)),
    )
    if result.greedy is not None:
        saving = result.greedy
        table.add_row(
            "saving against greedy, CNY", f"{_money(saving.saving)} ({saving.saving_share:.1%})"
        )
    table.add_row("seconds", f"{result.seconds.total:.1f}")
    if applied:
        table.add_row("bookings made", f"{len(result.booking_ids):,}")
    out.print(table)
    used = [d for d in result.departures if d.assigned_teu]
    if used:
        busiest = Table(title="Departures by TEU assigned (top 15)")
        for name in ("departure", "assigned TEU", "left before", "utilisation"):
            busiest.add_column(name, justify="left" if name == "departure" else "right")
        for d in sorted(used, key=lambda d: -d.assigned_teu)[:15]:
            busiest.add_row(
                d.departure_id,
                str(d.assigned_teu),
                str(d.capacity_teu),
                "—" if d.utilisation is None else f"{d.utilisation:.0%}",
            )
        out.print(busiest)
    for item in result.unassigned[:10]:
        out.print(f"[yellow]unassigned[/] {item.request_id}: {item.reason}", highlight=False)
    if len(result.unassigned) > 10:
        out.print(f"… and {len(result.unassigned) - 10} more unassigned")
