"""``landsea simulate SCENARIO.toml``: the corridor's digital twin, replications on Dask."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from landsea.cli.messages import t
from landsea.cli.output import Format, console, echo_json, get_settings

__all__ = ["simulate_command"]


def simulate_command(
    scenario: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=True,
            help="A scenario file (TOML): [baseline] and [[scenario]] tables.",
        ),
    ],
    replications: Annotated[int, typer.Option(min=1, max=200, help="Runs of each scenario.")] = 20,
    seed: Annotated[int, typer.Option(min=0, help="Root seed of every random stream.")] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(help="A Dask scheduler (tcp://host:8786); default: a local cluster."),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Workers of the local cluster.")] = 2,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.TABLE,
) -> None:
    """Simulate each scenario's replications and compare them with the baseline."""  # fmt: skip
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from landsea.cli.network_source import active_network
    from landsea.services.booking_demand import needs_bookings, resolve_demand
    from landsea.services.simulation import read_scenarios, report_document, run_scenarios

    scenarios = read_scenarios(scenario.read_text(encoding="utf-8"), str(scenario))
    if needs_bookings(scenarios):  # demand from the platform's own bookings: read the database
        from landsea.services.platform import opened

        with opened(get_settings()) as platform:
            scenarios = resolve_demand(platform, scenarios)
            network = platform.network
    else:
        network = active_network(get_settings())
    with Progress(TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), disable=format is Format.JSON, transient=True,
                  console=console()) as progress:  # fmt: skip
        task = progress.add_task(t("simulate.progress"), total=None)

        def report(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        result = run_scenarios(network, scenarios, replications=replications, seed=seed,
                               scheduler=scheduler, workers=workers, progress=report)  # fmt: skip
    document = report_document(result)
    if format is Format.JSON:
        echo_json(document)
        return
    _table(document)


def _cell(estimate: dict[str, Any], scale: float = 1.0, digits: int = 0) -> str:
    mean, low, high = (estimate[k] / scale for k in ("mean", "low", "high"))
    return f"{mean:,.{digits}f} [{low:,.{digits}f}, {high:,.{digits}f}]"


def _table(document: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title=t("simulate.title", replications=document["replications"],
                          seed=document["seed"]), caption=t("simulate.note"))  # fmt: skip
    columns = [("simulate.teu", "teu_delivered", 1, 0), ("simulate.p50", "lead_p50_h", 1, 1),
               ("simulate.p90", "lead_p90_h", 1, 1), ("simulate.late", "days_late", 1, 2),
               ("simulate.cost", "cost_cny", 1e6, 1), ("simulate.co2e", "co2e_t", 1, 0)]  # fmt: skip
    table.add_column(t("simulate.scenario"))
    for key, *_ in columns:
        table.add_column(t(key), justify="right")
    for summary in document["scenarios"]:
        table.add_row(summary["scenario"],
                      *(_cell(summary[name], scale, digits) for _, name, scale, digits in columns))  # fmt: skip
    console().print(table)
