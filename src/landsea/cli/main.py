"""The root of the ``landsea`` command: one sub-command per noun.

Errors are turned into output here and nowhere else: a :class:`~landsea.errors.LandseaError`
becomes ``Error: <message>`` on stderr with exit code 1; usage errors exit with 2 (click's rule).
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from landsea.cli import network, track
from landsea.cli.consolidate import consolidate_command
from landsea.cli.plan import plan_command
from landsea.cli.platform import admin_app, db_app, demo_command, serve_command, worker_command
from landsea.errors import LandseaError

__all__ = ["app", "main"]


class _Group(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except LandseaError as exc:
            typer.echo(f"Error: {exc.message}", err=True)
            raise typer.Exit(1) from exc


app = typer.Typer(
    cls=_Group,
    name="landsea",
    help="landsea — the open platform of the New International Land-Sea Trade Corridor "
    "(西部陆海新通道).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)
app.add_typer(network.app, name="network")
app.command("plan")(plan_command)
app.add_typer(db_app, name="db")
app.add_typer(admin_app, name="admin")
app.add_typer(track.app, name="track")
app.command("consolidate")(consolidate_command)
app.command("serve")(serve_command)
app.command("demo")(demo_command)
app.command("worker")(worker_command)


def main() -> None:
    """Entry point of the ``landsea`` script."""
    app()
