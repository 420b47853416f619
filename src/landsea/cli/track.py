"""``landsea track import FILE``: load DCSA events in bulk."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from landsea.cli.output import Format, echo_json
from landsea.config import get_settings

__all__ = ["app"]

app = typer.Typer(help="Track and trace: DCSA events.", no_args_is_help=True, rich_markup_mode=None)

BATCH = 5000


@app.command("import")
def import_events(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=True,
            help='A JSON array, {"events": [...]} or JSON lines.',
        ),
    ],
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.TABLE,
) -> None:
    """Load DCSA Track & Trace events from a file, in committed batches, with a progress bar."""
    from landsea.services import accounts
    from landsea.services.platform import open_platform
    from landsea.services.tracking import IngestReport, ingest_events, read_events

    settings = get_settings()
    platform = open_platform(
        settings.database_url, network=settings.network, eta_change_hours=settings.eta_change_hours
    )
    events = read_events(file)
    importer = accounts.system_principal(platform)
    report = IngestReport()
    with Progress(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        disable=format is Format.JSON,
    ) as progress:
        task = progress.add_task("events", total=len(events))
        for start in range(0, len(events), BATCH):
            batch = events[start : start + BATCH]
            report.add(ingest_events(platform, importer, batch, first_index=start))
            progress.advance(task, len(batch))
    platform.dispose()
    if format is Format.JSON:
        echo_json(report.as_dict())
        return
    typer.echo(
        f"{report.stored} stored, {report.superseded} superseded, {report.duplicates} duplicates, "
        f"{report.retracted} retracted, {report.unsupported} unsupported, {len(report.rejected)} rejected"
    )
    for rejection in report.rejected[:20]:
        typer.echo(
            f"  event {rejection.index}: {rejection.field}: {rejection.reason} ({rejection.value!r})",
            err=True,
        )
    if len(report.rejected) > 20:
        typer.echo(f"  … and {len(report.rejected) - 20} more rejected", err=True)


@app.command("deliver")
def deliver_notifications(
    watch: Annotated[
        float,
        typer.Option(
            help="Keep delivering every this many seconds (0: deliver what is due, once)."
        ),
    ] = 0.0,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.TABLE,
) -> None:
    """Send the due event notifications to their subscribers' callbacks (HMAC-signed)."""
    import time

    from landsea.services.platform import open_platform
    from landsea.services.subscriptions import DeliveryReport, deliver

    settings = get_settings()
    platform = open_platform(
        settings.database_url, network=settings.network, webhook_policy=settings.webhook_policy()
    )
    total = DeliveryReport()
    try:
        while True:
            report = deliver(platform)
            total.delivered += report.delivered
            total.retried += report.retried
            total.failed += report.failed
            if report.sent == 100:
                continue  # more are due
            if watch <= 0:
                break
            time.sleep(watch)
    except KeyboardInterrupt:
        pass
    finally:
        platform.dispose()
    if format is Format.JSON:
        echo_json({"delivered": total.delivered, "retried": total.retried, "failed": total.failed})
    else:
        typer.echo(
            f"{total.delivered} delivered, {total.retried} to try again, {total.failed} given up"
        )
