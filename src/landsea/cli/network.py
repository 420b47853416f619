"""``landsea network``: read, check and show the corridor network."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer._click.exceptions import UsageError

from landsea.cli.network_json import departures_json, location_json, network_json
from landsea.cli.network_source import active_network
from landsea.cli.output import Format, MapFormat, console, echo_json, get_settings
from landsea.domain.codes import parse_day
from landsea.domain.network import Mode, Network
from landsea.domain.timetable import Service
from landsea.errors import InvalidInput

if TYPE_CHECKING:
    from rich.table import Table

# The settings, the use cases and Rich load inside the commands: `landsea --help` and the other
# commands do not pay for them (docs/performance.md, start-up).

__all__ = ["app"]

app = typer.Typer(
    help="The corridor network: places, services, timetables.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

FormatOption = Annotated[Format, typer.Option("--format", "-f", help="table or json.")]


def _network() -> Network:
    """The database's current network when it exists, else the dataset (see
    :mod:`landsea.cli.network_source`)."""
    return active_network(get_settings())


@app.command()
def validate(
    path: Annotated[
        str | None,
        typer.Argument(help="A dataset folder or built-in name; default: the active network."),
    ] = None,
    format: FormatOption = Format.TABLE,
) -> None:
    """Check a dataset and report every problem, each with file, record and field."""
    from landsea.services import network as use_cases

    spec = path or get_settings().network
    reading = use_cases.validate_dataset(spec)
    shares, dated = use_cases.dataset_coverage(reading.network) if reading.network else ([], [])
    if format is Format.JSON:
        echo_json(
            {
                "path": str(reading.path),
                "valid": reading.ok,
                "problems": [
                    {"file": p.file, "record": p.record, "field": p.field, "message": p.message}
                    for p in reading.problems
                ],
                "locations": len(reading.network.locations) if reading.network else None,
                "services": len(reading.network.services) if reading.network else None,
                "coverage": {c.kind: {"sourced": c.sourced, "total": c.total} for c in shares},
                "dated": [
                    {"service": d.service, "field": d.field, "source": d.source} for d in dated
                ],
            }
        )
    elif reading.network is not None:
        net = reading.network
        typer.echo(
            f"{spec}: dataset {net.info.id} {net.info.version} is valid — "
            f"{len(net.locations)} locations, {len(net.services)} services, "
            f"{len(net.sources)} sources"
        )
        for c in shares:
            typer.echo(f"  sourced {c.kind}: {c.sourced} of {c.total} ({c.share:.0%})")
        for d in dated:
            typer.echo(f"  dated: {d.service} {d.field} cites {d.source} ({d.year}), before 2023")
    else:
        for problem in reading.problems:
            typer.echo(str(problem))
        count = len(reading.problems)
        typer.echo(f"{spec}: {count} problem{'s' if count != 1 else ''}", err=True)
    if not reading.ok:
        raise typer.Exit(1)


@app.command()
def show(
    format: Annotated[
        MapFormat, typer.Option("--format", "-f", help="table, json or geojson.")
    ] = MapFormat.TABLE,
    place: Annotated[
        str | None,
        typer.Option(help="Only services calling at this place (code, alias or name)."),
    ] = None,
    mode: Annotated[Mode | None, typer.Option(help="Only services of this mode.")] = None,
) -> None:
    """Show the active network's places and services (the database's current version when
    the database exists)."""
    from landsea.services import network as use_cases

    network = _network()
    services = use_cases.find_services(network, place=place, mode=mode)
    if format is MapFormat.JSON:
        echo_json(network_json(network, services))
        return
    if format is MapFormat.GEOJSON:
        document = use_cases.network_geojson(network)
        if place is not None or mode is not None:
            wanted = {s.id for s in services}
            document["features"] = [
                f
                for f in document["features"]
                if f["properties"]["kind"] == "location" or f["id"] in wanted
            ]
        echo_json(document)
        return
    out = console()
    if place is None and mode is None:
        out.print(_locations_table(network))
    out.print(_services_table(network, services))


def _locations_table(network: Network) -> Table:
    from rich.table import Table

    table = Table(title=f"{network.info.name.en} ({network.info.name.zh}) — places")
    table.add_column("locode", no_wrap=True)
    for column in ("name", "名称", "country", "kinds"):
        table.add_column(column)
    for code, location in sorted(network.locations.items()):
        table.add_row(
            code,
            location.name.en,
            location.name.zh,
            location.country,
            ", ".join(sorted(kind.value for kind in location.kinds)),
        )
    return table


def _services_table(network: Network, services: list[Service]) -> Table:
    from rich.table import Table

    table = Table(title=f"Services ({len(services)})")
    table.add_column("id", no_wrap=True)
    for column in ("mode", "route", "schedule", "days", "km", "TEU", "tariff / TEU"):
        table.add_column(column, justify="right" if column in {"days", "km", "TEU"} else "left")
    for service in services:
        route = " → ".join(stop.location for stop in service.stops)
        table.add_row(
            service.id,
            service.mode.value,
            route,
            service.schedule.describe(),
            f"{service.transit_time.total_seconds() / 86400:.1f}",
            f"{service.distance_km:,.0f}",
            str(service.capacity_teu),
            str(service.tariff.per_teu),
        )
    return table


@app.command()
def place(
    query: Annotated[str, typer.Argument(help="A UN/LOCODE, alias, English or Chinese name.")],
    format: FormatOption = Format.TABLE,
) -> None:
    """Show one place: its codes, names, parameters with their sources, and its services."""
    from rich.table import Table

    network = _network()
    location = network.location(query)
    services = network.services_at(location.code)
    if format is not Format.TABLE:
        document = location_json(location)
        document["services"] = [s.id for s in services]
        echo_json(document)
        return
    table = Table(
        title=f"{location.name.en} / {location.name.zh} ({location.code})", show_header=False
    )
    table.add_column("field")
    table.add_column("value")
    table.add_row("country", location.country)
    table.add_row("kinds", ", ".join(sorted(k.value for k in location.kinds)))
    table.add_row("aliases", ", ".join(location.aliases) or "—")
    table.add_row("coordinates", f"{location.lat:.3f}, {location.lon:.3f}")
    if location.handling:
        table.add_row(
            "handling", f"{location.handling.hours:g} h, {location.handling.cost} per TEU"
        )
    if location.customs:
        border = "-".join(location.customs.border)
        table.add_row(
            "customs",
            f"typical {location.customs.typical_hours:g} h, p90 {location.customs.p90_hours:g} h"
            + (f" (border {border})" if border else ""),
        )
    for key, provenance in sorted(location.provenance.items()):
        if provenance.kind.value == "source" and provenance.text in network.sources:
            text = network.sources[provenance.text].citation()
        else:
            text = f"{provenance.kind.value}: {provenance.text}"
        table.add_row(f"  source of {key}", text)
    table.add_row("services", ", ".join(s.id for s in services) or "—")
    console().print(table)


@app.command()
def departures(
    service: Annotated[str, typer.Argument(help="Service id, e.g. SR-CQ-QZH.")],
    start: Annotated[
        str | None,
        typer.Option("--from", help="First local departure date, YYYY-MM-DD (default: today)."),
    ] = None,
    days: Annotated[int, typer.Option(min=1, max=366, help="How many days to list.")] = 14,
    format: FormatOption = Format.TABLE,
) -> None:
    """List the dated departures of a service over a period."""
    from rich.table import Table

    try:
        first = parse_day(start, field="--from") if start else dt.date.today()
    except InvalidInput as exc:
        raise UsageError(exc.message) from exc
    network = _network()
    svc = network.service(service)
    runs = network.departures(svc.id, first, days)
    if format is not Format.TABLE:
        document = departures_json(network, runs)
        echo_json({"service_id": svc.id, "on_demand": svc.on_demand, "departures": document})
        return
    out = console()
    if svc.on_demand:
        out.print(f"{svc.id} ({svc.name.en}) runs on demand: it departs at any time.")
        return
    last = first + dt.timedelta(days=days - 1)
    table = Table(title=f"{svc.id} — {svc.name.en} / {svc.name.zh}, {first} to {last}")
    table.add_column("departure id", no_wrap=True)
    table.add_column(f"departs {svc.origin}")
    table.add_column(f"arrives {svc.destination}")
    table.add_column("TEU", justify="right")
    table.add_column("reefer plugs", justify="right")
    leaves, reaches = network.location(svc.origin), network.location(svc.destination)
    for run in runs:
        table.add_row(
            run.id,
            _local(leaves.local(run.departure)),
            _local(reaches.local(run.arrival)),
            str(run.capacity_teu),
            str(run.reefer_plugs),
        )
    out.print(table)
    if not runs:
        out.print(
            f"No departures of {svc.id} between {first} and {last} ({svc.schedule.describe()})."
        )


def _local(moment: dt.datetime) -> str:
    """``2026-12-07 18:00 +0800``: a local time with its offset, for a table."""
    return moment.strftime("%Y-%m-%d %H:%M %z")


@app.command("sea-distances")
def sea_distances(
    path: Annotated[
        str | None, typer.Argument(help="A dataset folder; default: the active network.")
    ] = None,
) -> None:
    """Recompute the sea distances of a dataset with searoute and write sea_distances.toml."""
    from landsea.services import network as use_cases

    rows = use_cases.regenerate_sea_distances(path or get_settings().network)
    typer.echo(f"wrote {len(rows)} sea legs")


@app.command("import-schedules")
def import_schedules_command(
    file: Annotated[Path, typer.Argument(help="A carrier's DCSA CS vessel-schedules JSON.")],
    into: Annotated[
        Path | None,
        typer.Option("--into", help="A dataset folder to write services/dcsa_<file>.toml into."),
    ] = None,
) -> None:
    """Turn a carrier's DCSA vessel schedules into services of a dataset (printed without --into)."""
    from landsea.services.schedules import import_schedules

    done = import_schedules(_network(), file, into=into)
    if done.written is None:
        typer.echo(done.toml)
    else:
        typer.echo(f"wrote {len(done.services)} services to {done.written}")
