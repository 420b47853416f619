"""The root of the ``landsea`` command: one sub-command per noun.

Errors are turned into output here and nowhere else: a :class:`~landsea.errors.LandseaError`
becomes ``Error: <message>`` (``错误：<message>``) on stderr with exit code 1; usage errors exit
with 2 (click's rule), naming the option and the value refused (:mod:`landsea.cli.usage`). Every
command takes ``--lang en|zh`` (:mod:`landsea.cli.messages`).

The commands load lazily (click's "lazily loading subcommands" pattern): ``landsea --help``
lists them from :data:`COMMANDS` (name, module, and the first sentence of their help) without
importing their modules; ``landsea plan …`` imports :mod:`landsea.cli.plan` and builds that
command alone (docs/performance.md, start-up). tests/cli/test_lazy_imports.py holds
:data:`COMMANDS` equal to the commands themselves.
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

import typer
from typer._click import Command, Context, HelpFormatter
from typer._click.exceptions import ClickException, UsageError
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup
from typer.exceptions import Abort

from landsea.cli import usage
from landsea.cli.messages import error_line, language_in_args, t, use_language
from landsea.errors import LandseaError, UnknownLocation, UnknownService

__all__ = ["COMMANDS", "LazyCommand", "app", "load_command", "main"]


@dataclass(frozen=True, slots=True)
class LazyCommand:
    """A command known by name until it runs: where it is (``module:attribute``, a function or
    a sub-app), and the first sentence of its help, which ``landsea --help`` shows."""

    target: str
    summary: str


COMMANDS: dict[str, LazyCommand] = {
    "plan": LazyCommand(
        "landsea.cli.plan:plan_command",
        "Plan door-to-door options from ORIGIN to DESTINATION: the Pareto set over arrival, "
        "cost, CO2e and transfers.",
    ),
    "consolidate": LazyCommand(
        "landsea.cli.consolidate:consolidate_command",
        "Assign pending cargo to departures at least cost (freight, handling, lateness, carbon).",
    ),
    "simulate": LazyCommand(
        "landsea.cli.simulate:simulate_command",
        "Simulate each scenario's replications and compare them with the baseline.",
    ),
    "serve": LazyCommand(
        "landsea.cli.platform:serve_command",
        "Serve the web platform at / and the API at /api/v1 with uvicorn.",
    ),
    "demo": LazyCommand(
        "landsea.cli.platform:demo_command",
        "Load the built-in network, demo organisations with new keys and web users, bookings, "
        "tracking events, customs declarations and pending cargo — once: run again, it lists "
        "the demo organisations (with new keys if asked) and loads nothing.",
    ),
    "worker": LazyCommand(
        "landsea.cli.platform:worker_command",
        "Carry out durable jobs (consolidation runs, ...) until stopped (SIGINT or SIGTERM let "
        "the running jobs finish); any number of workers and servers may share one database.",
    ),
    "network": LazyCommand(
        "landsea.cli.main:network_app", "The corridor network: places, services, timetables."
    ),
    "db": LazyCommand("landsea.cli.platform:db_app", "The database: migrations and departures."),
    "admin": LazyCommand("landsea.cli.platform:admin_app", "Organisations and API keys."),
    "track": LazyCommand("landsea.cli.track:app", "Track and trace: DCSA events."),
    "rates": LazyCommand("landsea.cli.rates:app", "Reference exchange rates."),
    "payments": LazyCommand(
        "landsea.cli.payments:app", "Payments: bank notifications reconciled to invoices."
    ),
}
"""Every command in the order ``landsea --help`` lists them (commands, then groups)."""


def network_app() -> typer.Typer:
    """``landsea network``, with ``import`` and ``export`` from :mod:`landsea.cli.network_store`."""
    from landsea.cli import network, network_store

    if not any(c.name == "import" for c in network.app.registered_commands):
        network.app.command("import")(network_store.import_command)
        network.app.command("export")(network_store.export_command)
    return network.app


@functools.cache
def load_command(name: str) -> Command:
    """The click command ``name``, built from its module as Typer would build it in the root
    app (no Rich help, every command given ``--lang``)."""
    module, attribute = COMMANDS[name].target.split(":")
    found = getattr(importlib.import_module(module), attribute)
    holder = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)
    if isinstance(found, typer.Typer):
        holder.add_typer(found, name=name)
    elif module == __name__:
        holder.add_typer(found(), name=name)
    else:
        holder.command(name)(found)
    command = typer.main.get_group(holder).commands[name]
    usage.prepare(command)
    return command


class _Group(TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        usage.prepare(self)

    def list_commands(self, ctx: Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self.commands:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands[cmd_name]

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except UsageError as exc:  # Typer suggests from the commands loaded: none yet
            matches = get_close_matches(args[0], list(COMMANDS)) if args else []
            if self.suggest_commands and matches and not exc.message.endswith("?"):
                suggestions = ", ".join(f"{m!r}" for m in matches)
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {suggestions}?"
            raise

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The commands with their summaries, none of them imported."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, make_default_short_help(c.summary, limit)) for name, c in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

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


@app.callback()
def _root() -> None:
    pass


def main() -> None:
    """Entry point of the ``landsea`` script."""
    try:
        app()
    except SystemExit as end:
        from landsea.cli.output import quick_end

        watched = sys.getprofile() is not None or sys.gettrace() is not None  # a profiler
        if watched or not quick_end() or not (end.code is None or isinstance(end.code, int)):
            raise  # (or coverage) writes what it found at the interpreter's end
        import logging
        import os

        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a reader gone (a closed pipe), or a closed stream
                pass
        logging.shutdown()
        os._exit(end.code or 0)
