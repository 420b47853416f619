"""``landsea consolidate``: pending cargo onto departures at least cost."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from landsea.cli.messages import t
from landsea.cli.output import Format, console, echo_json, get_settings

if TYPE_CHECKING:
    from landsea.domain.consolidation import ConsolidationOptions, ConsolidationResult

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
    from landsea.services.consolidation import ConsolidationOptions

    if method not in ("optimal", "greedy"):
        raise typer.BadParameter(t("consolidate.method", value=method), param_hint="--method")
    options = ConsolidationOptions(
        method=method,
        time_limit=time_limit,
        gap=gap,
        horizon_days=horizon,
        carbon_price=carbon_price,
        max_late_days=max_late_days,
        require_all=require_all,
    )
    _run(options, requests, apply=apply, format=format)


def _run(
    options: ConsolidationOptions, requests: Path | None, *, apply: bool, format: Format
) -> None:
    """Read the cargo, solve with a progress bar, apply if asked, and print the result."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from landsea.services import accounts
    from landsea.services.consolidation import (
        apply_result,
        consolidate,
        pending_requests,
        read_requests_csv,
        result_document,
    )
    from landsea.services.platform import opened

    with opened(get_settings()) as platform:
        cargo = (
            read_requests_csv(platform, requests)
            if requests is not None
            else pending_requests(platform, options.horizon_days)
        )
        if not cargo:
            typer.echo(t("consolidate.nothing"), err=True)
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
    if format is Format.JSON:
        echo_json(result_document(result))
        return
    _summary(result, applied=apply)


def _money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _summary(result: ConsolidationResult, *, applied: bool) -> None:
    from rich.table import Table

    out = console()
    table = Table(title=t("consolidate.title"), show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row(t("consolidate.status"), f"{result.status} ({result.method})")
    table.add_row(
        t("consolidate.requests"),
        t("consolidate.requests_teu", requests=f"{result.requests:,}", teu=f"{result.teu:,}"),
    )
    table.add_row(
        t("consolidate.assigned"),
        t(
            "consolidate.requests_teu",
            requests=f"{len(result.assignments):,}",
            teu=f"{result.assigned_teu:,}",
        ),
    )
    table.add_row(
        t("consolidate.unassigned"),
        t("consolidate.requests_n", requests=f"{len(result.unassigned):,}"),
    )
    table.add_row(t("consolidate.objective"), _money(result.objective))
    table.add_row(t("consolidate.bound"), _money(result.bound))
    table.add_row(t("consolidate.gap"), "—" if result.gap is None else f"{result.gap:.2%}")
    cost = result.cost
    table.add_row(
        t("consolidate.cost_parts"),
        " · ".join(_money(v) for v in (cost.freight, cost.lateness, cost.carbon, cost.unassigned)),
    )
    if result.greedy is not None:
        saving = result.greedy
        table.add_row(
            t("consolidate.saving"),
            f"{_money(saving.saving)} ({saving.saving_share:.1%})",
        )
    table.add_row(t("consolidate.seconds"), f"{result.seconds.total:.1f}")
    if applied:
        table.add_row(t("consolidate.bookings_made"), f"{len(result.booking_ids):,}")
    out.print(table)
    used = [d for d in result.departures if d.assigned_teu]
    if used:
        busiest = Table(title=t("consolidate.busiest"))
        for n, name in enumerate(("departure", "assigned_teu", "left_before", "utilisation")):
            busiest.add_column(t(f"consolidate.{name}"), justify="right" if n else "left")
        for d in sorted(used, key=lambda d: -d.assigned_teu)[:15]:
            busiest.add_row(
                d.departure_id,
                str(d.assigned_teu),
                str(d.capacity_teu),
                "—" if d.utilisation is None else f"{d.utilisation:.0%}",
            )
        out.print(busiest)
    for item in result.unassigned[:10]:
        out.print(
            f"[yellow]{t('consolidate.unassigned_one')}[/] {item.request_id}: {item.reason}",
            highlight=False,
        )
    if len(result.unassigned) > 10:
        out.print(t("consolidate.more_unassigned", count=len(result.unassigned) - 10))
