"""``landsea plan``: door-to-door options by time, cost and CO2e."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from rich.table import Table

from landsea.cli.output import Format, console, echo_json
from landsea.config import get_settings
from landsea.domain.codes import parse_day, within_platform_dates
from landsea.services import network as network_use_cases
from landsea.services.planning import PlanQuestion, plan

__all__ = ["plan_command"]


def plan_command(
    origin: Annotated[str, typer.Argument(help="UN/LOCODE, alias, English or Chinese name.")],
    destination: Annotated[str, typer.Argument(help="UN/LOCODE, alias, English or Chinese name.")],
    depart: Annotated[
        str | None,
        typer.Option(help="Earliest departure: YYYY-MM-DD (local midnight) or an ISO 8601 time."),
    ] = None,
    window: Annotated[float, typer.Option(min=0.01, max=60, help="Departure window in days.")] = 7,
    teu: Annotated[
        int, typer.Option(min=1, max=1000, help="Containers in TEU (an FEU counts 2).")
    ] = 1,
    cargo: Annotated[str, typer.Option(help="general, reefer or dangerous.")] = "general",
    avoid: Annotated[
        list[str] | None,
        typer.Option(
            help="Modes (rail, sea, road, inland_waterway) or places to avoid: repeat the option "
            "or separate them with commas."
        ),
    ] = None,
    via: Annotated[str | None, typer.Option(help="A place the journey must pass.")] = None,
    max_days: Annotated[
        float | None, typer.Option(min=0.01, help="Longest acceptable transit, in days.")
    ] = None,
    tonnes: Annotated[
        float | None, typer.Option(min=0.01, help="Cargo mass in tonnes (default 10 t per TEU).")
    ] = None,
    legs: Annotated[bool, typer.Option("--legs", help="Show every leg of every option.")] = False,
    lang: Annotated[str, typer.Option(help="en or zh: the language of place names.")] = "en",
    format: Annotated[Format, typer.Option("--format", "-f", help="table or json.")] = Format.TABLE,
) -> None:
    """Plan door-to-door options from ORIGIN to DESTINATION: the Pareto set over arrival,
    cost, CO2e and transfers."""
    if cargo not in {"general", "reefer", "dangerous"}:
        raise typer.BadParameter(
            f"{cargo!r} is not one of general, reefer, dangerous", param_hint="--cargo"
        )
    network = network_use_cases.load_network(get_settings().network)
    question = PlanQuestion(
        origin=origin,
        destination=destination,
        depart=_parse_depart(depart),
        window_days=window,
        teu=teu,
        cargo_type=cargo,
        avoid=tuple(avoid or ()),
        via=via,
        max_days=max_days,
        cargo_tonnes=tonnes,
    )
    _, document = plan(network, question)
    if format is not Format.TABLE:
        echo_json(document)
        return
    _print(document, network_names(network, lang), legs)


def _parse_depart(text: str | None) -> dt.date | dt.datetime | None:
    if text is None:
        return None
    try:
        if len(text) == 10:
            return parse_day(text, field="--depart")
        return within_platform_dates(dt.datetime.fromisoformat(text), field="--depart")
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is neither a date YYYY-MM-DD nor an ISO 8601 time", param_hint="--depart"
        ) from None


def network_names(network: Any, lang: str) -> dict[str, str]:
    return {code: loc.name.get(lang) for code, loc in network.locations.items()}


def _print(document: dict[str, Any], names: dict[str, str], show_legs: bool) -> None:
    out = console()
    query = document["query"]
    title = (
        f"{names[query['origin']]} → {names[query['destination']]}, "
        f"{query['teu']} TEU {query['cargo_type']}, from {query['depart'][:16].replace('T', ' ')}"
    )
    if not document["options"]:
        out.print(title)
        for issue in document["issues"]:
            out.print(f"No option [{issue['code']}]: {issue['message']}")
        return
    table = Table(title=title)
    table.add_column("#", justify="right")
    table.add_column("departure", no_wrap=True)
    table.add_column("arrival", no_wrap=True)
    for column in ("days", "cost CNY", "CO2e kg"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("modes")
    table.add_column("via")
    for n, option in enumerate(document["options"], start=1):
        table.add_row(
            str(n),
            _short(option["departure"]),
            _short(option["arrival"]),
            f"{option['transit_hours'] / 24:.1f}",
            f"{option['cost']['amount']:,.0f}",
            f"{option['co2e_kg']:,.0f}",
            " ".join(_MODE_WORDS.get(mode, mode) for mode in option["modes"]),
            " ".join(option["via"]),
        )
    out.print(table)
    if not show_legs:
        return
    for n, option in enumerate(document["options"], start=1):
        detail = Table(title=f"Option {n}: {option['transfers']} transfers", title_justify="left")
        detail.add_column("service", no_wrap=True)
        detail.add_column("from → to", no_wrap=True)
        detail.add_column("departs", no_wrap=True)
        detail.add_column("arrives", no_wrap=True)
        for column in ("km", "CNY", "kg CO2e"):
            detail.add_column(column, justify="right", no_wrap=True)
        for leg in option["legs"]:
            detail.add_row(
                leg["service_id"],
                f"{leg['from']} → {leg['to']}",
                _short(leg["departure"]),
                _short(leg["arrival"]),
                f"{leg['distance_km']:,.0f}",
                f"{leg['cost']['amount']:,.0f}",
                f"{leg['co2e_kg']:,.1f}",
            )
        out.print(detail)


_MODE_WORDS = {"inland_waterway": "river"}


def _short(iso: str) -> str:
    """``12-07 18:00`` from an ISO time (in the place's own time zone); the year is in the title."""
    return iso[5:16].replace("T", " ")
