"""A file of events read a batch at a time, so that storing starts before the whole file is read
(``landsea track import`` on PostgreSQL), keeping the promise of reading it whole first: a
file with a line that is not JSON stores nothing. Until the last line is read
(:meth:`EventBatches.readable`) the batches are held uncommitted — on PostgreSQL in one
transaction, sent by COPY as they come."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from landsea.feeds.dcsa_lines import is_json_lines, line_chunks, read_events_bytes, read_json_lines

__all__ = ["EventBatches", "event_batches"]


class EventBatches:
    """Events in batches of ``size``: each (the first one's index among the file's events, the
    events, the lines or events it consumed); ``total``, what the batches consume in all."""

    def __init__(self, events: Sequence[Any], size: int) -> None:
        self.events, self.size, self.total = events, size, len(events)
        self.count = len(events)
        """Events read (all of them once the batches are done)."""

    def __iter__(self) -> Iterator[tuple[int, Sequence[Any], int]]:
        for start in range(0, len(self.events), self.size):
            raw = self.events[start : start + self.size]
            yield start, raw, len(raw)

    def readable(self) -> bool:
        """Whether every event of the file is known to read: commits may go ahead."""
        return True


class _LineBatches(EventBatches):
    """JSON lines read as the batches are taken (the lines themselves split a piece at a time,
    :data:`PIECE` bytes)."""

    def __init__(self, data: bytes, size: int) -> None:
        super().__init__((), size)
        # For the progress bar: lines end with \n (or \r\n), but for a last one without.
        ends = data.count(b"\n") + (not data.endswith(b"\n"))
        self.data, self.total, self.count = data, ends, 0
        self._read_all = False

    def __iter__(self) -> Iterator[tuple[int, Sequence[Any], int]]:
        size, number, lines, more = self.size, 1, list[bytes](), True
        pieces = line_chunks(self.data, PIECE)
        while not self._read_all:
            while more and len(lines) < size:
                piece = next(pieces, None)
                more = piece is not None
                lines += piece or ()
            batch, lines = lines[:size], lines[size:]
            raw = read_json_lines(batch, self.data, number)
            number += len(batch)
            first, self.count = self.count, self.count + len(raw)
            self._read_all = not more and not lines  # the last line read: the file is
            if raw:
                yield first, raw, len(batch)

    def readable(self) -> bool:
        return self._read_all


PIECE = 1 << 20
"""Bytes of the file split into lines at a time."""


def event_batches(data: bytes, size: int, *, stream: bool) -> EventBatches:
    """The events of a file's bytes (a JSON array, ``{"events": [...]}`` or JSON lines), in
    batches; with ``stream``, JSON lines are read as the batches are taken (the whole file is
    read first otherwise)."""
    if stream and is_json_lines(data):
        return _LineBatches(data, size)
    return EventBatches(read_events_bytes(data), size)
