"""``landsea track import FILE``: load DCSA events in bulk."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from landsea.cli.messages import t
from landsea.cli.output import Format, echo_json, end_quickly, get_settings

if TYPE_CHECKING:
    from landsea.services.event_check import IngestReport

__all__ = ["app"]

app = typer.Typer(help="Track and trace: DCSA events.", no_args_is_help=True, rich_markup_mode=None)

BATCH = 5000
SWITCH_INTERVAL = 0.0001
"""Seconds the checking thread holds the GIL while the storing thread waits for it (Python's
default is 0.005). The storing thread feeds PostgreSQL's COPY; each time the socket can take more
it needs the GIL back, and at the default the server sat idle for up to 5 ms each time: the 100k
import's batches took 1.5 s to store against 1.0 s at this interval (raw COPY of the same rows:
0.93-1.0 s; docs/performance.md)."""
SHOWN = 20
"""Rejections listed one by one; the rest are counted."""


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
    """Load DCSA Track & Trace events from a file, in committed batches, with a progress bar;
    exits with 1 when any event was rejected (each named by index, field, value and reason)."""
    from landsea.services.event_check import IngestReport
    from landsea.services.event_import import file_batches, import_batches

    report = IngestReport()
    settings = get_settings()
    # Bulk work makes millions of containers and next to no reference cycles: the cyclic
    # collector would walk all the events again and again (half of reading the file, measured).
    collecting = gc.isenabled()
    gc.disable()
    switching = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        batches = file_batches(settings, file.read_bytes(), BATCH)
        with _progress(shown=format is not Format.JSON, total=batches.total) as advance:
            import_batches(settings, batches, report, advance, cache_folder=settings.cache_folder())
    finally:
        sys.setswitchinterval(switching)
        if collecting:
            gc.enable()
    if format is Format.JSON:
        echo_json(report.as_dict())
    else:
        _summary(report)
    end_quickly()  # all said, the connection closed, the storing thread ended
    if report.rejected:
        typer.echo(
            t("track.some_rejected", rejected=len(report.rejected), total=batches.count), err=True
        )
        raise typer.Exit(1)


@contextmanager
def _progress(*, shown: bool, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar's ``advance`` (rich loads only when the bar is shown)."""
    if not shown:
        yield lambda n: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = TextColumn(t("track.importing")), BarColumn(), MofNCompleteColumn()
    with Progress(*columns, TimeRemainingColumn()) as progress:
        task = progress.add_task("events", total=total)
        yield lambda n: progress.advance(task, n)
        # The total of JSON lines read as they are stored was counted before their lines were
        # split (a last line without its end, a \r alone): the bar ends where the lines did.
        progress.update(task, total=progress.tasks[0].completed)


def _summary(report: IngestReport) -> None:
    counts = {
        "stored": report.stored,
        "superseded": report.superseded,
        "duplicates": report.duplicates,
        "retracted": report.retracted,
        "unsupported": report.unsupported,
        "rejected": len(report.rejected),
    }
    typer.echo(", ".join(t(f"track.summary_{name}", count=n) for name, n in counts.items()))
    for rejection in report.rejected[:SHOWN]:
        typer.echo(
            t(
                "track.rejection",
                index=rejection.index,
                field=rejection.field,
                reason=rejection.reason,
                value=repr(rejection.value),
            ),
            err=True,
        )
    if len(report.rejected) > SHOWN:
        typer.echo(t("track.more_rejected", count=len(report.rejected) - SHOWN), err=True)


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

    from landsea.services.platform import opened
    from landsea.services.subscriptions import DeliveryReport, deliver

    total = DeliveryReport()
    with opened(get_settings()) as platform:
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
    if format is Format.JSON:
        echo_json({"delivered": total.delivered, "retried": total.retried, "failed": total.failed})
    else:
        typer.echo(
            t(
                "track.delivered",
                delivered=total.delivered,
                retried=total.retried,
                failed=total.failed,
            )
        )
