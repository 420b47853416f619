"""``landsea db``, ``landsea admin``, ``landsea serve`` and ``landsea demo``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from landsea.cli.output import Format, echo_json
from landsea.config import get_settings

if TYPE_CHECKING:
    from landsea.domain.credentials import ApiKey
    from landsea.services.platform import Platform

# The database layers (SQLAlchemy, Alembic) load only in the commands that use them, so that
# `landsea network …` and `landsea plan` start quickly.

__all__ = ["admin_app", "db_app", "demo_command", "serve_command", "worker_command"]

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


def _key_row(key: ApiKey) -> dict[str, str | None]:
    def when(moment: dt.datetime | None) -> str | None:
        return None if moment is None else moment.isoformat(timespec="seconds")

    return {
        "id": key.id,
        "prefix": key.prefix,
        "created_at": when(key.created_at),
        "last_used_at": when(key.last_used_at),
        "revoked_at": when(key.revoked_at),
    }


@admin_app.command("list-keys")
def list_keys(
    organisation: Annotated[str, typer.Argument(help="The organisation's name or id.")],
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.TABLE,
) -> None:
    """An organisation's API keys: ids, prefixes and times (never the keys)."""
    from landsea.services import accounts

    platform = _platform()
    try:
        found = accounts.list_keys(platform, None, organisation)
    finally:
        platform.dispose()
    rows = [_key_row(key) for key in found]
    if format is Format.JSON:
        echo_json({"keys": rows})
        return
    for row in rows:
        state = f"revoked {row['revoked_at']}" if row["revoked_at"] else "live"
        typer.echo(
            f"{row['id']}  lsk_{row['prefix']}_…  created {row['created_at']}  "
            f"last used {row['last_used_at'] or 'never'}  {state}"
        )


@admin_app.command("revoke-key")
def revoke_key(
    organisation: Annotated[str, typer.Argument(help="The organisation's name or id.")],
    key: Annotated[str, typer.Argument(help="The key's id or prefix (lsk_<prefix>_…).")],
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.TABLE,
) -> None:
    """Revoke an API key and end the web sessions it started (every server refuses it within
    30 seconds)."""
    from landsea.services import accounts

    platform = _platform()
    try:
        revoked = accounts.revoke_key(platform, None, organisation, key)
    finally:
        platform.dispose()
    if format is Format.JSON:
        echo_json(_key_row(revoked))
    else:
        typer.echo(f"key {revoked.id} (lsk_{revoked.prefix}_…) revoked at {revoked.revoked_at}")


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = False,
) -> None:
    """Serve the web platform at / and the API at /api/v1 with uvicorn."""
    import uvicorn

    uvicorn.run(
        "landsea.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=access_log,
    )


def worker_command(
    concurrency: Annotated[int, typer.Option(min=1, max=64, help="Jobs carried out at once.")] = 2,
    once: Annotated[
        bool, typer.Option("--once", help="Carry out the jobs waiting now, then stop.")
    ] = False,
) -> None:
    """Carry out durable jobs (consolidation runs, ...) until stopped (SIGINT or SIGTERM let
    the running jobs finish); any number of workers and servers may share one database."""
    from landsea.services.jobs import Workers

    settings = get_settings()
    platform = _platform()
    try:
        Workers(platform, concurrency=concurrency, lease_seconds=settings.job_lease_seconds).run(
            once=once
        )
    finally:
        platform.dispose()


def demo_command(format: Annotated[Format, typer.Option("--format", "-f")] = Format.TABLE) -> None:
    """Load the built-in network, demo organisations with new keys and web users, bookings,
    tracking events, customs declarations and pending cargo."""
    from landsea.services.demo import load_demo

    platform = _platform(migrate=True)
    demo = load_demo(platform)
    issued, made = demo["organisations"], demo["bookings"]
    platform.dispose()
    if format is Format.JSON:
        echo_json({"organisations": issued, "bookings": made})
        return
    typer.echo("Demo organisations (keys and passwords are shown once):")
    for org in issued:
        typer.echo(
            f"  {org['role']:<9} {org['name']:<45} {org['api_key']}  "
            f"user {org['username']} / {org['password']}"
        )
    typer.echo("Demo bookings:")
    for row in made:
        typer.echo(f"  {row['id']}  {row['shipper']}: {row['route']}, {row['price']}")
