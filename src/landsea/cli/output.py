"""Shared output helpers of the command line: formats, JSON and Rich consoles."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from landsea.config import Settings

__all__ = ["Format", "MapFormat", "console", "echo_json", "get_settings"]


class Format(StrEnum):
    """What most commands print: a table for people or JSON for programs."""

    TABLE = "table"
    JSON = "json"


class MapFormat(StrEnum):
    """What commands that draw the network print: also GeoJSON."""

    TABLE = "table"
    JSON = "json"
    GEOJSON = "geojson"


def console() -> Console:
    """A console on stdout (made per call so that test runners capture it)."""
    from rich.console import Console  # Rich loads only when a table is printed

    return Console(soft_wrap=False)


def echo_json(document: Any) -> None:
    """``document`` as indented UTF-8 JSON on stdout (Chinese stays readable)."""
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2))


def get_settings() -> Settings:
    """The process's settings (:func:`landsea.config.get_settings`), with pydantic-settings
    loaded on first use rather than when the command line starts."""
    from landsea.config import get_settings as settings

    return settings()
