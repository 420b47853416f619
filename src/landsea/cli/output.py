"""Shared output helpers of the command line: formats, JSON and Rich consoles."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

import typer
from rich.console import Console

__all__ = ["Format", "MapFormat", "console", "echo_json"]


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
    return Console(soft_wrap=False)


def echo_json(document: Any) -> None:
    """``document`` as indented UTF-8 JSON on stdout (Chinese stays readable)."""
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
