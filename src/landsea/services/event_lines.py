"""A file of events read a batch at a time, so that storing starts before the whole file is read
(``landsea track import`` on PostgreSQL), keeping the promise of reading it whole first: a
file with a line that is not JSON stores nothing. Until every line is known to read
(:meth:`EventBatches.readable`), the batches' commits wait; a child process (``os.fork``)
reads the whole file beside the parent to know it early, else the parent's own reading knows it
at its end."""

from __future__ import annotations

import os
import signal
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

    def close(self) -> None:
        """Nothing left running."""


class _LineBatches(EventBatches):
    """JSON lines read as the batches are taken, with a child process reading them all."""

    def __init__(self, data: bytes, lines: list[bytes], size: int) -> None:
        super().__init__((), size)
        self.data, self.lines, self.total, self.count = data, lines, len(lines), 0
        self._read_all = False
        self._child: int | None = _read_in_child(data, lines, size)
        self._child_read_all = False

    def __iter__(self) -> Iterator[tuple[int, Sequence[Any], int]]:
        lines, size = self.lines, self.size
        for start in range(0, len(lines), size):
            raw = read_json_lines(lines[start : start + size], self.data, start + 1)
            first, self.count = self.count, self.count + len(raw)
            if start + size >= len(lines):
                self._read_all = True  # the last batch read: the file is
                self.close()
            if raw:
                yield first, raw, min(size, len(lines) - start)

    def readable(self) -> bool:
        if self._read_all or self._child_read_all:
            return True
        child = self._child
        if child is None:
            return False
        done, status = os.waitpid(child, os.WNOHANG)
        if not done:
            return False
        self._child = None
        self._child_read_all = os.waitstatus_to_exitcode(status) == 0
        return self._child_read_all

    def close(self) -> None:
        child, self._child = self._child, None
        if child is not None:
            try:
                os.kill(child, signal.SIGKILL)
            except ProcessLookupError:  # pragma: no cover - reaped between the two calls
                pass
            os.waitpid(child, 0)


def event_batches(data: bytes, size: int, *, stream: bool) -> EventBatches:
    """The events of a file's bytes (a JSON array, ``{"events": [...]}`` or JSON lines), in
    batches; with ``stream``, JSON lines are read as the batches are taken (the whole file is
    read first otherwise)."""
    lines = json_lines(data) if stream else None
    if lines is None:
        return EventBatches(read_events_bytes(data), size)
    return _LineBatches(data, lines, size)


def _read_in_child(data: bytes, lines: list[bytes], size: int) -> int | None:
    """A child process reading every line (exit status 0 when all read), or ``None`` where
    processes cannot fork. Only its success counts: anything else leaves the parent to find out
    by reading to the end. It runs at the lowest priority, on the CPU that the parent and the
    database leave: on a machine with cores to spare the batches commit as they are stored; on
    one whose cores they fill, it may find out only when the parent does, at the end."""
    if not hasattr(os, "fork") or len(lines) <= size:
        return None
    child = os.fork()
    if child:
        return child
    status = 1  # pragma: no cover - runs in the child, which ends by os._exit
    try:  # pragma: no cover
        os.nice(19)  # only the CPU the parent and the database leave
        for start in range(0, len(lines), size):
            read_json_lines(lines[start : start + size], data, start + 1)
        status = 0
    finally:  # pragma: no cover
        os._exit(status)
