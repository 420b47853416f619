"""A file of events read a batch at a time, so that storing starts before the whole file is read
(``landsea track import`` on PostgreSQL), keeping the promise of reading it whole first: a
file with a line that is not JSON stores nothing. Until the last line is read
(:meth:`EventBatches.readable`) the batches are held uncommitted — on PostgreSQL in one
transaction, sent by COPY as they come."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from landsea.feeds.dcsa_lines import json_lines, read_events_bytes, read_json_lines

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
    """JSON lines read as the batches are taken."""

    def __init__(self, data: bytes, lines: list[bytes], size: int) -> None:
        super().__init__((), size)
        self.data, self.lines, self.total, self.count = data, lines, len(lines), 0
        self._read_all = False

    def __iter__(self) -> Iterator[tuple[int, Sequence[Any], int]]:
        lines, size = self.lines, self.size
        for start in range(0, len(lines), size):
            raw = read_json_lines(lines[start : start + size], self.data, start + 1)
            first, self.count = self.count, self.count + len(raw)
            self._read_all = start + size >= len(lines)  # the last batch read: the file is
            if raw:
                yield first, raw, min(size, len(lines) - start)

    def readable(self) -> bool:
        return self._read_all


def event_batches(data: bytes, size: int, *, stream: bool) -> EventBatches:
    """The events of a file's bytes (a JSON array, ``{"events": [...]}`` or JSON lines), in
    batches; with ``stream``, JSON lines are read as the batches are taken (the whole file is
    read first otherwise)."""
    lines = json_lines(data) if stream else None
    if lines is None:
        return EventBatches(read_events_bytes(data), size)
    return _LineBatches(data, lines, size)
