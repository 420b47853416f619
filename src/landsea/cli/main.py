"""The root of the ``landsea`` command: one sub-command per noun.

Errors are turned into output here and nowhere else: a :class:`~landsea.errors.LandseaError`
becomes ``Error: <message>`` (``错误：<message>``) on stderr with exit code 1; usage errors exit
with 2 (click's rule), naming the option and the value refused (:mod:`landsea.cli.usage`). Every
command takes ``--lang en|zh`` (:mod:`landsea.cli.messages`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer._click import Context
from typer._click.exceptions import ClickException
from typer.core import TyperGroup
from typer.exceptions import Abort

from landsea.cli import network, network_store, payments, rates, track, usage
from landsea.cli.consolidate import consolidate_command
from landsea.cli.messages import error_line, language_in_args, t, use_language
from landsea.cli.plan import plan_command
from landsea.cli.platform import admin_app, db_app, demo_command, serve_command, worker_command
from landsea.cli.simulate import simulate_command
from landsea.errors import LandseaError, UnknownLocation, UnknownService

__all__ = ["app", "main"]


class _Group(TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        usage.prepare(self)

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except LandseaError as exc:
            typer.echo(error_line(_said(exc)), err=True)
            raise typer.Exit(1) from exc

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        use_language(language_in_args(argv))  # even a command line refused before --lang is read
        if not standalone_mode:
            return super().main(argv, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            code = super().main(argv, prog_name, complete_var, False, windows_expand_args, **extra)
        except ClickException as exc:
            usage.show(exc)
            sys.exit(exc.exit_code)
        except Abort:
            typer.echo(t("error.aborted"), err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _said(exc: LandseaError) -> str:
    """The error's message in the run's language where the catalogue has its words (the
    domain's own messages, naming field and value, are English)."""
    if isinstance(exc, UnknownLocation | UnknownService):
        key = "error.unknown_place" if isinstance(exc, UnknownLocation) else "error.unknown_service"
        what = exc.query if isinstance(exc, UnknownLocation) else exc.service_id
        text = t(key, value=what)
        if exc.suggestions:
            text += t("error.did_you_mean", choices=", ".join(exc.suggestions))
        return text
    return exc.message


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
network.app.command("import")(network_store.import_command)
network.app.command("export")(network_store.export_command)
app.add_typer(network.app, name="network")
app.command("plan")(plan_command)
app.add_typer(db_app, name="db")
app.add_typer(admin_app, name="admin")
app.add_typer(track.app, name="track")
app.add_typer(rates.app, name="rates")
app.add_typer(payments.app, name="payments")
app.command("consolidate")(consolidate_command)
app.command("simulate")(simulate_command)
app.command("serve")(serve_command)
app.command("demo")(demo_command)
app.command("worker")(worker_command)


def main() -> None:
    """Entry point of the ``landsea`` script."""
    app()
