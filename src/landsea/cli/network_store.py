"""``landsea network import DIR`` and ``landsea network export DIR``: a whole network in and out
of the configured database, in the dataset format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from landsea.cli.output import get_settings

__all__ = ["export_command", "import_command"]


def import_command(
    folder: Annotated[Path, typer.Argument(help="A dataset folder (docs/dataset.md).")],
    summary: Annotated[str, typer.Option(help="What the version changes.")] = "",
) -> None:
    """Store a dataset folder as the database's new network version (checked whole first)."""
    from landsea.services import network_versions
    from landsea.services.platform import opened

    documents = network_versions.folder_documents(folder)
    with opened(get_settings(), migrate=True) as platform:
        version = network_versions.import_network(
            platform.database,
            documents,
            author="landsea network import",
            summary=summary or f"imported {folder.name}",
        )
    typer.echo(f"network version {version.id} stored from {folder}")


def export_command(
    folder: Annotated[Path, typer.Argument(help="The folder to write (created).")],
    version: Annotated[int | None, typer.Option(help="A version id; default: the newest.")] = None,
) -> None:
    """Write the database's network (a version of it) as a dataset folder."""
    from landsea.services import network_versions
    from landsea.services.platform import opened

    with opened(get_settings()) as platform:
        written = network_versions.export_network(platform.database, folder, version=version)
    typer.echo(f"network version {written} written to {folder}")
