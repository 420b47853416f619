"""``landsea rates``: dated reference exchange rates (docs/money.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from landsea.cli.output import get_settings

# The database layers load inside the command: `landsea --help` does not pay for them.

app = typer.Typer(help="Reference exchange rates.", no_args_is_help=True, rich_markup_mode=None)


@app.command("import")
def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="A CSV (base,quote,rate,date,source) or an ECB eurofxref XML file.",
            exists=True,
            dir_okay=False,
        ),
    ],
) -> None:
    """Store every rate of FILE, or none when a row has a problem (each one is named)."""
    from landsea.services import rates as use_cases
    from landsea.services.platform import opened

    text = file.read_text(encoding="utf-8")
    with opened(get_settings(), migrate=True) as platform:
        stored = use_cases.import_file(platform, text, name=file.name)
    days = sorted({rate.day for rate in stored})
    span = days[0].isoformat() if len(days) == 1 else f"{days[0]} … {days[-1]}"
    typer.echo(f"{len(stored)} rates of {span} stored from {file.name}")
