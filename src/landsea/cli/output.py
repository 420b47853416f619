"""Shared output helpers of the command line: formats, JSON, Rich consoles and a plain text table
(for `landsea plan`, whose start Rich would slow by ~50 ms, ~5× `python -c pass`)."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from landsea.config import Settings

__all__ = [
    "Format",
    "MapFormat",
    "TextTable",
    "console",
    "echo_json",
    "end_quickly",
    "get_settings",
    "quick_end",
]

_QUICK_END: list[bool] = []


def end_quickly() -> None:
    """Let the ``landsea`` script end this run without the interpreter's teardown (every
    module's objects freed one by one: 40–70 ms after ``track import``, measured from an
    ``atexit`` hook): for a command that has written all it has to say and left nothing running
    — no thread, no open file or connection, nothing for an ``atexit`` hook to do. Outside the
    script (a test runner calling the app), or under a profiler or a tracer (``cProfile``,
    coverage: they write what they found at the end), nothing changes."""
    _QUICK_END.append(True)


def quick_end() -> bool:
    """Whether the command that ran asked for :func:`end_quickly`."""
    return bool(_QUICK_END)


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


def width(text: str) -> int:
    """The columns ``text`` takes on a terminal: two for wide and full-width characters (Chinese)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@dataclass
class TextTable:
    """A table drawn with box characters, as Rich draws one, without loading Rich: a title above,
    a caption below, columns aligned left or right, wide characters counted as two columns."""

    title: str = ""
    caption: str = ""
    headers: list[str] = field(default_factory=list)
    right: list[bool] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    def add_column(self, header: str, *, right: bool = False) -> None:
        self.headers.append(header)
        self.right.append(right)

    def add_row(self, *cells: str) -> None:
        if len(cells) != len(self.headers):
            raise ValueError(f"a row of {len(cells)} cells in a table of {len(self.headers)}")
        self.rows.append(list(cells))

    def render(self) -> str:
        sizes = [
            max(width(c) for c in column) for column in zip(self.headers, *self.rows, strict=True)
        ]

        def line(cells: list[str], right: list[bool]) -> str:
            padded = (
                " " * (size - width(c)) + c if r else c + " " * (size - width(c))
                for c, size, r in zip(cells, sizes, right, strict=True)
            )
            return "│ " + " │ ".join(padded) + " │"

        def rule(left: str, middle: str, end: str) -> str:
            return left + middle.join("─" * (size + 2) for size in sizes) + end

        lines = [self.title] if self.title else []
        lines += [rule("┌", "┬", "┐"), line(self.headers, [False] * len(sizes))]
        lines.append(rule("├", "┼", "┤"))
        lines += [line(row, self.right) for row in self.rows]
        lines.append(rule("└", "┴", "┘"))
        if self.caption:
            lines.append(self.caption)
        return "\n".join(lines)
