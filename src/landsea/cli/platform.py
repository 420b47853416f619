"""``landsea db``, ``landsea admin``, ``landsea serve``, ``landsea worker`` and ``landsea demo``.

Every command that needs the database opens it with :func:`landsea.services.platform.opened`
from the process's settings (nothing dropped, always disposed of).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from landsea.cli.messages import t
from landsea.cli.output import Format, echo_json, get_settings

if TYPE_CHECKING:
    from landsea.domain.credentials import ApiKey
    from landsea.services.demo import DemoSummary

# The database layers (SQLAlchemy, Alembic) load only in the commands that use them, so that
# `landsea network …` and `landsea plan` start quickly.

__all__ = ["admin_app", "db_app", "demo_command", "serve_command", "worker_command"]

db_app = typer.Typer(
    help="The database: migrations and departures.", no_args_is_help=True, rich_markup_mode=None
)
admin_app = typer.Typer(
    help="Organisations and API keys.", no_args_is_help=True, rich_markup_mode=None
)
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="table or json.")]


@db_app.command("upgrade")
def upgrade() -> None:
    """Migrate the database to the latest schema and store the departures of the horizon."""
    from landsea.services import departures
    from landsea.services.platform import opened

    with opened(get_settings(), migrate=True) as platform:
        added = departures.sync_departures(platform)
    typer.echo(t("db.upgraded", added=added))


@admin_app.command("create-org")
def create_org(
    name: Annotated[str, typer.Argument(help="The organisation's name.")],
    role: Annotated[str, typer.Option(help="shipper, operator, customs or admin.")],
    operates: Annotated[
        str | None,
        typer.Option(help="Operators: text in the operator name of their services (default: all)."),
    ] = None,
    format: FormatOption = Format.TABLE,
) -> None:
    """Register an organisation."""
    from landsea.services import accounts
    from landsea.services.platform import opened

    with opened(get_settings()) as platform:
        created = accounts.create_organisation(platform, name, role, operator_match=operates)
    if format is Format.JSON:
        echo_json({"id": created.organisation_id, "name": created.name, "role": created.role.value})
    else:
        typer.echo(
            t("admin.created", name=created.name, role=t(f"role.{created.role.value}"))
            + f": {created.organisation_id}"
        )


@admin_app.command("create-key")
def create_key(
    organisation: Annotated[str, typer.Argument(help="The organisation's name or id.")],
    format: FormatOption = Format.TABLE,
) -> None:
    """Issue an API key; it is printed once and only its hash is stored."""
    from landsea.services import accounts
    from landsea.services.platform import opened

    with opened(get_settings()) as platform:
        key, owner = accounts.create_key(platform, organisation)
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
    format: FormatOption = Format.TABLE,
) -> None:
    """An organisation's API keys: ids, prefixes and times (never the keys)."""
    from landsea.services import accounts
    from landsea.services.platform import opened

    with opened(get_settings()) as platform:
        found = accounts.list_keys(platform, None, organisation)
    rows = [_key_row(key) for key in found]
    if format is Format.JSON:
        echo_json({"keys": rows})
        return
    for row in rows:
        state = (
            t("admin.revoked_at", at=row["revoked_at"]) if row["revoked_at"] else t("admin.live")
        )
        typer.echo(
            t(
                "admin.key_row",
                id=row["id"],
                prefix=row["prefix"],
                created=row["created_at"],
                used=row["last_used_at"] or t("admin.never"),
                state=state,
            )
        )


@admin_app.command("revoke-key")
def revoke_key(
    organisation: Annotated[str, typer.Argument(help="The organisation's name or id.")],
    key: Annotated[str, typer.Argument(help="The key's id or prefix (lsk_<prefix>_…).")],
    format: FormatOption = Format.TABLE,
) -> None:
    """Revoke an API key and end the web sessions it started (every server refuses it within
    30 seconds)."""
    from landsea.services import accounts
    from landsea.services.platform import opened

    with opened(get_settings()) as platform:
        revoked = accounts.revoke_key(platform, None, organisation, key)
    if format is Format.JSON:
        echo_json(_key_row(revoked))
    else:
        typer.echo(t("admin.revoked", id=revoked.id, prefix=revoked.prefix, at=revoked.revoked_at))


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = False,
) -> None:
    """Serve the web platform at / and the API at /api/v1 with uvicorn."""
    import uvicorn

    typer.echo(t("serve.listening", url=f"http://{host}:{port}/"), err=True)
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
    from landsea.services.platform import opened

    settings = get_settings()
    with opened(settings) as platform:
        Workers(platform, concurrency=concurrency, lease_seconds=settings.job_lease_seconds).run(
            once=once
        )


def demo_command(
    new_keys: Annotated[
        bool,
        typer.Option(
            "--new-keys", help="When the demo is loaded already: a new key for each organisation."
        ),
    ] = False,
    format: FormatOption = Format.TABLE,
) -> None:
    """Load the built-in network, demo organisations with new keys and web users, bookings,
    tracking events, customs declarations and pending cargo — once: run again, it lists the
    demo organisations (with new keys if asked) and loads nothing."""
    from landsea.services.demo import load_demo
    from landsea.services.platform import opened

    with opened(get_settings(), migrate=True) as platform:
        demo = load_demo(platform, new_keys=new_keys)
    if format is Format.JSON:
        echo_json(
            {
                "loaded": demo.loaded,
                "organisations": [
                    {"name": org.name, "role": org.role, "api_key": org.api_key,
                     "username": org.username, "password": org.password, "id": org.id}
                    for org in demo.organisations
                ],
                "bookings": [
                    {"id": row.id, "shipper": row.shipper, "route": row.route,
                     "price": str(row.price)}
                    for row in demo.bookings
                ],
            }
        )  # fmt: skip
    elif demo.loaded:
        _first_load(demo)
    else:
        _loaded_before(demo)


def _first_load(demo: DemoSummary) -> None:
    typer.echo(t("demo.organisations"))
    for org in demo.organisations:
        typer.echo(
            f"  {org.role:<9} {org.name:<45} {org.api_key}  "
            + t("demo.user", username=org.username, password=org.password)
        )
    typer.echo(t("demo.bookings"))
    for row in demo.bookings:
        typer.echo(f"  {row.id}  {row.shipper}: {row.route}, {row.price}")


def _loaded_before(demo: DemoSummary) -> None:
    with_keys = any(org.api_key for org in demo.organisations)
    typer.echo(t("demo.loaded_before_keys" if with_keys else "demo.loaded_before"))
    for org in demo.organisations:
        typer.echo(f"  {org.role:<9} {org.name:<45} {org.api_key or ''}".rstrip())
