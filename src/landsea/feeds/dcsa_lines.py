"""A file of DCSA events as bytes: JSON lines read line by line as bytes (no text decoded, no
copy of the whole), in any slices, in order; anything else as text by
:func:`landsea.feeds.dcsa.read_events_file`, with the same events or the same error."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from landsea.errors import InvalidInput
from landsea.feeds.dcsa import read_events_file

__all__ = ["is_json_lines", "json_lines", "line_chunks", "read_events_bytes", "read_json_lines"]


def read_events_bytes(data: bytes) -> list[Any]:
    """:func:`read_events_file` of a file's bytes, the same events or the same error; JSON lines
    read as bytes (:func:`read_json_lines`), anything else as text by :func:`read_events_file`."""
    lines = json_lines(data)
    if lines is None:
        return list(read_events_file(io.StringIO(data.decode("utf-8"), newline=None)))
    return read_json_lines(lines, data)


_SPACE = re.compile(rb"[ \t\n\r\x0b\x0c]*")
"""The whitespace ``bytes.strip`` takes off."""


def json_lines(data: bytes) -> list[bytes] | None:
    """The lines of ``data`` when :func:`read_events_bytes` reads it as JSON lines (then
    :func:`read_json_lines` reads them, in any slices, in order), else ``None``."""
    return data.splitlines() if is_json_lines(data) else None  # \n, \r\n, \r: as text mode


def is_json_lines(data: bytes) -> bool:
    """Whether :func:`read_events_bytes` reads ``data`` as JSON lines."""
    start = _SPACE.match(data).end()  # type: ignore[union-attr]  # what strip() would take off
    return data[start : start + 1] == b"{" and data.find(b"\n{", start) >= 0  # no copy made


def line_chunks(data: bytes, size: int) -> Iterator[list[bytes]]:
    """``data.splitlines()`` in pieces, each the lines of about ``size`` bytes: split where a
    line ends with ``\n`` (so never inside ``\r\n``), their lines are the whole's, in order."""
    start = 0
    while start < len(data):
        end = data.find(b"\n", start + size) + 1 or len(data)
        yield data[start:end].splitlines()
        start = end


def read_json_lines(lines: Iterable[bytes], data: bytes, first_number: int = 1) -> list[Any]:
    """The events of these lines of ``data`` (:func:`json_lines`; ``first_number``: the first
    one's line number): a blank line skipped, anything else not JSON refused, naming its line."""
    events = []
    loads, failed = orjson.loads, orjson.JSONDecodeError
    for number, line in enumerate(lines, start=first_number):
        try:
            events.append(loads(line))
        except failed:  # a blank line, or Unicode spaces around the JSON, or no JSON at all
            try:
                text = line.decode("utf-8").strip()
            except UnicodeDecodeError:
                data.decode("utf-8")  # raises as reading the file as text raises
                raise
            if not text:
                continue
            try:
                events.append(loads(text))
            except failed as exc:
                raise InvalidInput(f"line {number} is not JSON: {exc.msg}") from None
    return events
