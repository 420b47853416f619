"""``landsea plan``: door-to-door options by time, cost and CO2e.

With a database (the configured one exists), the plan takes the capacity left on its
departures and the measured clearance times, as the API and the web do; without one, the
network's timetables alone. The output says which.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from landsea.cli.network_source import database_exists
from landsea.cli.output import TextTable, echo_json, end_quickly
from landsea.cli.plan_text import Lang, issue_text, text

if TYPE_CHECKING:
    from landsea.config import Settings
    from landsea.domain.network import LocalizedName, Network
    from landsea.services.planning import Epsilon, Plan, PlanQuestion

# Nothing heavy at import: `landsea --help` loads this module. The settings, the planner, the
# database layers and Rich load inside the command (docs/performance.md, start-up).

__all__ = ["PlanFormat", "plan_command", "plan_json"]


class PlanFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


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
    epsilon: Annotated[
        str | None,
        typer.Option(
            help="An ε-set instead of the exact Pareto set: 'default' (1 %, 1 %, 1 h) or "
            "COST,CO2E,HOURS such as 0.02,0.02,3."
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Plan on the network version in force at this ISO 8601 instant (with its "
            "offset); needs the database.",
        ),
    ] = None,
    legs: Annotated[bool, typer.Option("--legs", help="Show every leg of every option.")] = False,
    lang: Annotated[Lang, typer.Option(help="en or zh: the language of the output.")] = Lang.EN,
    format: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="table or json.")
    ] = PlanFormat.TABLE,
) -> None:
    """Plan door-to-door options from ORIGIN to DESTINATION: the Pareto set over arrival,
    cost, CO2e and transfers."""
    from landsea.config import get_settings
    from landsea.services.planning import PlanQuestion

    if cargo not in {"general", "reefer", "dangerous"}:
        raise typer.BadParameter(
            f"{cargo!r} is not one of general, reefer, dangerous", param_hint="--cargo"
        )
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
        epsilon=_parse_epsilon(epsilon),
        as_of=_parse_as_of(as_of),
    )
    settings = get_settings()
    result, network = _plan(settings, question)
    if format is PlanFormat.JSON:
        echo_json(plan_json(result))
    else:
        _print(result, network, lang, legs, settings.database_url)
    end_quickly()  # all said; the database read and closed, the cache written and renamed


def _parse_as_of(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    from landsea.domain.codes import parse_instant
    from landsea.errors import InvalidInput

    try:
        return parse_instant(text, field="--as-of")
    except InvalidInput as exc:
        raise typer.BadParameter(str(exc), param_hint="--as-of") from None


def _parse_epsilon(text: str | None) -> Epsilon | None:
    from landsea.errors import InvalidInput
    from landsea.services.planning import Epsilon

    if text is None:
        return None
    if text == "default":
        return Epsilon()
    try:
        cost, co2e, hours = (float(part) for part in text.split(","))
        return Epsilon(cost, co2e, hours)
    except (ValueError, InvalidInput):
        raise typer.BadParameter(
            f"{text!r} is not 'default' nor COST,CO2E,HOURS with fractions 0–1 and hours 0–48",
            param_hint="--epsilon",
        ) from None


def _plan(settings: Settings, question: PlanQuestion) -> tuple[Plan, Network]:
    """On the database when it exists (capacity left, measured clearance, its network
    versions), else the dataset's network; the network and its compiled timetable from the
    disk cache (docs/performance.md). A plan ``as_of`` a past version needs the database."""
    exists = database_exists(settings.database_url)
    if question.as_of is not None:
        if not exists:
            raise typer.BadParameter(
                f"{question.as_of.isoformat()!r}: network versions are kept in the database, "
                f"and {settings.database_url!r} has none (landsea db upgrade)",
                param_hint="--as-of",
            )
        from landsea.services.network_publish import snapshot_at
        from landsea.services.planning import plan_on_platform
        from landsea.services.platform import opened

        with opened(settings) as platform:
            result = plan_on_platform(platform, question)
            return result, snapshot_at(platform, question.as_of).network
    from landsea.services.timetable_cache import plan_once

    return plan_once(
        question,
        spec=settings.network,
        folder=settings.cache_folder(),
        database_url=settings.database_url if exists else None,
        clearance_min_samples=settings.clearance_min_samples,
    )


def _parse_depart(text: str | None) -> dt.date | dt.datetime | None:
    from landsea.domain.codes import parse_day, parse_instant
    from landsea.errors import InvalidInput

    if text is None:
        return None
    try:
        if len(text) == 10:
            return parse_day(text, field="--depart")
        moment = parse_instant(text, field="--depart", zone=dt.UTC)
        naive = dt.datetime.fromisoformat(text.replace("Z", "+00:00")).tzinfo is None
        return moment.replace(tzinfo=None) if naive else moment  # naive: the origin's local time
    except (InvalidInput, ValueError) as exc:
        raise typer.BadParameter(str(exc), param_hint="--depart") from None


def plan_json(result: Plan) -> Any:
    """The plan JSON of DESIGN.md, from the typed plan (the API's ``PlanPublic`` has the same
    shape; a test holds them equal)."""
    return _jsonable(result)


def _jsonable(value: Any) -> Any:
    from landsea.domain.money import Money

    if isinstance(value, Money):  # the API's MoneyPublic: exact value and minor units too
        exact = value.rounded()
        return {"amount": float(value.amount), "currency": value.currency,
                "value": exact.text(), "minor_units": exact.minor_units()}  # fmt: skip
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name.rstrip("_"): _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _print(result: Plan, network: Network, lang: Lang, show_legs: bool, url: str) -> None:
    query = result.query
    names = {str(code): loc.name.get(lang.value) for code, loc in network.locations.items()}

    def name(localized: LocalizedName) -> str:
        return localized.get(lang.value)

    title = text(
        lang, "title", origin=name(query.origin_name), destination=name(query.destination_name),
        teu=query.teu, cargo=text(lang, f"cargo.{query.cargo_type.value}"),
        depart=query.depart.strftime("%Y-%m-%d %H:%M"),
    )  # fmt: skip
    basis = text(lang, f"basis.{result.basis.value}", url=url)
    if not result.options:
        typer.echo(title)
        for issue in result.issues:
            message = issue_text(lang, issue.code.value, issue.message, issue.detail, names)
            typer.echo(text(lang, "no_option", code=issue.code.value, message=message))
        typer.echo(basis)
        return
    table = TextTable(title=title, caption=basis)
    table.add_column(text(lang, "#"), right=True)
    table.add_column(text(lang, "departure"))
    table.add_column(text(lang, "arrival"))
    for column in ("days", "cost", "co2e"):
        table.add_column(text(lang, column), right=True)
    table.add_column(text(lang, "modes"))
    table.add_column(text(lang, "via"))
    for n, option in enumerate(result.options, start=1):
        table.add_row(
            str(n),
            _short(option.departure),
            _short(option.arrival),
            f"{option.transit_hours / 24:.1f}",
            f"{option.cost.amount:,.0f}",
            f"{option.co2e_kg:,.0f}",
            " ".join(text(lang, f"mode.{mode.value}") for mode in option.modes),
            " ".join(option.via),
        )
    typer.echo(table.render())
    if show_legs:
        _print_legs(result, lang)


def _print_legs(result: Plan, lang: Lang) -> None:
    for n, option in enumerate(result.options, start=1):
        detail = TextTable(title=text(lang, "option", n=n, transfers=option.transfers))
        for column in ("service", "from_to", "departs", "arrives"):
            detail.add_column(text(lang, column))
        for column in ("km", "cny", "kg"):
            detail.add_column(text(lang, column), right=True)
        for leg in option.legs:
            detail.add_row(
                f"{leg.service_id} ({text(lang, f'mode.{leg.mode.value}')})",
                f"{leg.from_} → {leg.to}",
                _short(leg.departure),
                _short(leg.arrival),
                f"{leg.distance_km:,.0f}",
                f"{leg.cost.amount:,.0f}",
                f"{leg.co2e_kg:,.1f}",
            )
        typer.echo(detail.render())


def _short(moment: dt.datetime) -> str:
    """``12-07 18:00`` in the place's own time zone; the year is in the title."""
    return moment.strftime("%m-%d %H:%M")
