"""``landsea db``, ``landsea admin``, ``landsea serve`` and ``landsea demo``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from landsea.cli.output import Format, echo_json
from landsea.config import get_settings
from landsea.errors import Conflict

if TYPE_CHECKING:
    from landsea.services.platform import Platform

# The database layers (SQLAlchemy, Alembic) load only in the commands that use them, so that
# `landsea network …` and `landsea plan` start quickly.

__all__ = ["admin_app", "db_app", "demo_command", "serve_command"]

db_app = typer.Typer(
    help="The database: migrations and departures.", no_args_is_help=True, rich_markup_mode=None
)
admin_app = typer.Typer(
    help="Organisations and API keys.", no_args_is_help=True, rich_markup_mode=None
)


def _platform(migrate: bool = False) -> Platform:
    from landsea.services.platform import open_platform

    settings = get_settings()
    return open_platform(
        settings.database_url,
        network=settings.network,
        departure_horizon_days=settings.departure_horizon_days,
        eta_change_hours=settings.eta_change_hours,
        clearance_min_samples=settings.clearance_min_samples,
        migrate=migrate,
    )


@db_app.command("upgrade")
def upgrade() -> None:
    """Migrate the database to the latest schema and store the departures of the horizon."""
    from landsea.services import departures

    platform = _platform(migrate=True)
    added = departures.sync_departures(platform)
    platform.dispose()
    typer.echo(f"database at the latest revision; {added} new departures stored")


@admin_app.command("create-org")
def create_org(
    name: Annotated[str, typer.Argument(help="The organisation's name.")],
    role: Annotated[str, typer.Option(help="shipper, operator, customs or admin.")],
    operates: Annotated[
        str | None,
        typer.Option(help="Operators: text in the operator name of their services (default: all)."),
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.TABLE,
) -> None:
    """Register an organisation."""
    from landsea.services import accounts

    platform = _platform()
    created = accounts.create_organisation(platform, name, role, operator_match=operates)
    platform.dispose()
    if format is Format.JSON:
        echo_json({"id": created.organisation_id, "name": created.name, "role": created.role.value})
    else:
        typer.echo(f"{created.name} ({created.role.value}): {created.organisation_id}")


@admin_app.command("create-key")
def create_key(
    organisation: Annotated[str, typer.Argument(help="The organisation's name or id.")],
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.TABLE,
) -> None:
    """Issue an API key; it is printed once and only its hash is stored."""
    from landsea.services import accounts

    platform = _platform()
    key, owner = accounts.create_key(platform, organisation)
    platform.dispose()
    if format is Format.JSON:
        echo_json({"organisation": owner.name, "api_key": key})
    else:
        typer.echo(key)


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = False,
) -> None:
    """Serve the API (and later the web platform) with uvicorn."""
    import uvicorn

    uvicorn.run(
        "landsea.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=access_log,
    )


DEMO_ORGANISATIONS = [
    ("Chongqing Hongyu Electronics Export Co.", "shipper", None),
    ("Guangxi Nanguo Tropical Fruit Import Co.", "shipper", None),
    ("Land-Sea New Trade Corridor Operation Co.", "operator", None),
    ("Qinzhou Customs", "customs", None),
    ("landsea administrator", "admin", None),
]


def demo_command(format: Annotated[Format, typer.Option("--format", "-f")] = Format.TABLE) -> None:
    """Load the built-in network, demo organisations with new keys, and a few bookings."""
    from landsea.services import accounts, departures
    from landsea.services.booking import BookingRequest, LegRequest, create_booking
    from landsea.services.planning import PlanQuestion, plan

    platform = _platform(migrate=True)
    departures.sync_departures(platform)
    issued = []
    for name, role, operates in DEMO_ORGANISATIONS:
        try:
            accounts.create_organisation(platform, name, role, operator_match=operates)
        except Conflict:
            pass  # a second run reuses the organisations and issues new keys
        key, owner = accounts.create_key(platform, name)
        issued.append(
            {
                "name": owner.name,
                "role": owner.role.value,
                "api_key": key,
                "id": owner.organisation_id,
            }
        )
    made = []
    start = dt.date.today() + dt.timedelta(days=3)
    for shipper, origin, destination, teu, cargo in (
        (DEMO_ORGANISATIONS[0][0], "Chongqing", "Singapore", 2, "general"),
        (DEMO_ORGANISATIONS[0][0], "Chongqing", "Hanoi", 1, "general"),
        (DEMO_ORGANISATIONS[1][0], "Laem Chabang", "Qinzhou", 2, "reefer"),
    ):
        _, document = plan(
            platform.network,
            PlanQuestion(
                origin=origin, destination=destination, depart=start, teu=teu, cargo_type=cargo
            ),
        )
        if not document["options"]:
            continue
        option = document["options"][0]
        principal = accounts.organisation(platform, shipper)
        request = BookingRequest(
            legs=tuple(
                LegRequest(
                    departure_id=leg["departure_id"],
                    origin=leg["from"],
                    destination=leg["to"],
                    service_id=leg["service_id"] if leg["departure_id"] is None else None,
                )
                for leg in option["legs"]
            ),
            teu=teu,
            cargo_type=cargo,
            shipper_reference=f"DEMO-{origin[:3].upper()}-{destination[:3].upper()}",
        )
        try:
            booking, _ = create_booking(platform, principal, request)
        except Conflict:
            continue
        made.append(
            {
                "id": booking.id,
                "shipper": shipper,
                "route": f"{origin} → {destination}",
                "price": str(booking.price),
            }
        )
    platform.dispose()
    if format is Format.JSON:
        echo_json({"organisations": issued, "bookings": made})
        return
    typer.echo("Demo organisations (keys are shown once):")
    for org in issued:
        typer.echo(f"  {org['role']:<9} {org['name']:<45} {org['api_key']}")
    typer.echo("Demo bookings:")
    for row in made:
        typer.echo(f"  {row['id']}  {row['shipper']}: {row['route']}, {row['price']}")
