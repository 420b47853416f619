"""Events checked for storing, with no database: a batch read, checked and made ready for
COPY (:func:`check_batch`), and what storing it did (:class:`IngestReport`). Loads no ORM, so
that ``landsea track import`` starts without it (:mod:`landsea.services.event_import`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from landsea.domain import access
from landsea.domain.booking import Principal
from landsea.domain.tracking import TrackingEvent
from landsea.feeds.dcsa import Rejection, Retraction, Unsupported
from landsea.feeds.dcsa_inbound import read_event
from landsea.feeds.dcsa_lines import read_events_bytes
from landsea.feeds.dcsa_schema import TntVersion
from landsea.persistence.event_copy import copy_lines

__all__ = [
    "IMPORTER_NAME",
    "CheckedEvents",
    "IngestReport",
    "Parsed",
    "check_batch",
    "newer",
    "read_events",
]

IMPORTER_NAME = "landsea importer"
"""The admin organisation on whose behalf command-line imports write."""


@dataclass(slots=True)
class IngestReport:
    """What a batch of events did (the response of ``POST /events``)."""

    stored: int = 0
    duplicates: int = 0
    superseded: int = 0
    retracted: int = 0
    unsupported: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    eta_announced: int = 0
    """Bookings whose ETA these events moved beyond the threshold (announced to subscribers)."""

    def add(self, other: IngestReport) -> None:
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.superseded += other.superseded
        self.retracted += other.retracted
        self.unsupported += other.unsupported
        self.rejected += other.rejected
        self.eta_announced += other.eta_announced

    def as_dict(self) -> dict[str, Any]:
        return {
            "stored": self.stored,
            "duplicates": self.duplicates,
            "superseded": self.superseded,
            "retracted": self.retracted,
            "unsupported": self.unsupported,
            "rejected": [r.as_dict() for r in self.rejected],
            "eta_announced": self.eta_announced,
        }


@dataclass(slots=True)
class CheckedEvents:
    """A batch read and checked (:func:`check_batch`), ready for
    :func:`landsea.services.tracking.store_events`."""

    received: dt.datetime
    report: IngestReport
    events: dict[str, TrackingEvent]
    unsupported: list[tuple[str | None, str, dict[str, Any]]]
    retractions: list[Retraction]
    lines: list[str] | None = None
    """The events' rows for COPY (PostgreSQL), in the order of ``events``, written with them."""
    changed: list[TrackingEvent] = field(default_factory=list)
    """The events it stored, or with which it superseded an earlier version."""


Parsed = TrackingEvent | Rejection | Unsupported | Retraction


def _read_all(
    raw_events: Sequence[Any],
    first_index: int,
    received: dt.datetime,
    version: TntVersion | None,
    report: IngestReport,
) -> list[Parsed]:
    """Each event read, in its place: a refused one as its first rejection (the others go
    straight to ``report``)."""
    parsed: list[Parsed] = []
    for offset, raw in enumerate(raw_events):
        read = read_event(first_index + offset, raw, received=received, version=version)
        if isinstance(read, list):
            parsed.append(read[0])
            report.rejected += read[1:]
        else:
            parsed.append(read)
    return parsed


def check_batch(
    principal: Principal,
    raw_events: Sequence[Any],
    *,
    first_index: int = 0,
    version: TntVersion | None = None,
    scope: Callable[[list[Parsed]], list[Parsed]] | None = None,
    copy: bool = False,
) -> CheckedEvents:
    """Every event read and checked, nothing stored: ``principal`` must be allowed to write
    events, and (unless it may write every event) ``scope`` refuses those it may not; with
    ``copy``, the events' COPY rows written too (PostgreSQL's bulk path)."""
    access.check(
        access.may_ever(principal, access.Action.WRITE_EVENT), principal, access.Action.WRITE_EVENT
    )
    batch = CheckedEvents(dt.datetime.now(dt.UTC), IngestReport(), {}, [], [])
    report, events = batch.report, batch.events
    parsed_events = _read_all(raw_events, first_index, batch.received, version, report)
    if not access.reaches_all(principal, access.Action.WRITE_EVENT):
        if scope is None:
            raise ValueError(f"{principal.name!r} may not write every event: a scope is needed")
        parsed_events = scope(parsed_events)
    for parsed in parsed_events:
        if isinstance(parsed, TrackingEvent):  # the common case first
            earlier = events.get(parsed.event_id)
            if earlier is not None:
                report.duplicates += 1
                if not newer(parsed, earlier.updated):
                    continue
            events[parsed.event_id] = parsed
        elif isinstance(parsed, Rejection):
            report.rejected.append(parsed)
        elif isinstance(parsed, Unsupported):
            batch.unsupported.append((parsed.event_id, parsed.event_type, parsed.raw))
        else:
            batch.retractions.append(parsed)
    report.rejected.sort(key=lambda r: r.index)
    if copy:  # COPY's rows written here, not in the transaction that sends them
        batch.lines = copy_lines(list(events.values()), batch.received, as_read=True)
    return batch


def newer(event: TrackingEvent, stored: dt.datetime | None) -> bool:
    """Whether ``event`` is a DCSA 3.0 update later than the stored one's ``stored``."""
    return (
        event.version.startswith("3.0")
        and event.updated is not None
        and (stored is None or event.updated > stored)
    )


def read_events(path: Path) -> list[Any]:
    """The events of a file: a JSON array, ``{"events": [...]}`` or JSON lines."""
    return read_events_bytes(path.read_bytes())
