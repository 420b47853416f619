"""DCSA Track & Trace events through one version's face: each stored event as that version
says it (:func:`landsea.feeds.dcsa_outbound.as_version`), filtered and paged as it defines.

The filters the database holds (type, booking, document, container, place, creation time) are
applied there; those only the version's own shape names (2.2's event codes, document type,
transport call, vessel, service and voyage) are applied to each shaped event, reading on until
a page is full — the cursor is the last event sent, so a page never skips one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from landsea.domain.booking import Principal
from landsea.domain.tracking import TrackingEvent
from landsea.errors import NotFound
from landsea.feeds.dcsa import Rejection
from landsea.feeds.dcsa_outbound import SHAPE_FILTERS, as_version, matches_v2
from landsea.feeds.dcsa_schema import TntVersion, document_violations
from landsea.services import tracking
from landsea.services.platform import Platform

__all__ = [
    "MAX_PAGE",
    "SHAPE_FILTERS",
    "EventPage",
    "Rejection",
    "TntVersion",
    "document_violations",
    "find_as",
    "get_as",
    "post_as",
]

MAX_PAGE = 1000
"""The most events a page holds: a larger ``limit`` is capped to it, not refused."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EventPage:
    events: list[dict[str, Any]]
    next_after: tuple[dt.datetime, str] | None
    """The keyset of the next page (``None``: this is the last)."""


def find_as(
    platform: Platform,
    principal: Principal,
    version: TntVersion,
    *,
    columns: dict[str, str | None],
    shape_filters: Mapping[str, list[str]],
    event_types: Sequence[str] | None,
    created: Sequence[tuple[str, dt.datetime]],
    after: tuple[dt.datetime, str] | None,
    limit: int,
) -> EventPage:
    """A page of the events ``principal`` may read, as ``version`` says them."""
    limit = min(limit, MAX_PAGE)
    found: list[tuple[TrackingEvent, dict[str, Any]]] = []
    batch_size = max(limit + 1, 200)
    while len(found) <= limit:
        batch = tracking.find_events(
            platform, principal, filters=columns, after=after, limit=batch_size,
            event_types=event_types, created=created,
        )  # fmt: skip
        for event in batch:
            shaped = as_version(event, version)
            if shaped is not None and matches_v2(shaped, shape_filters):
                found.append((event, shaped))
                if len(found) > limit:
                    break
        if len(batch) < batch_size:
            break
        after = (batch[-1].event_time, batch[-1].event_id)
    page = found[:limit]
    last = page[-1][0] if page and len(found) > limit else None
    return EventPage(
        events=[shaped for _, shaped in page],
        next_after=None if last is None else (last.event_time, last.event_id),
    )


def get_as(
    platform: Platform, principal: Principal, version: TntVersion, event_id: str
) -> dict[str, Any]:
    """One event by its id, as ``version`` says it; not found when the caller may not read it
    or the version cannot say it."""
    with platform.uow(read_only=True) as uow:
        event = uow.events.get(event_id)
    readable = tracking.readable_references(platform, principal)
    shaped = None
    if event is not None and (readable is None or event.carrier_booking_reference in readable):
        shaped = as_version(event, version)
    if shaped is None:
        raise NotFound(f"eventID {event_id!r}: no event of DCSA TNT {version} has this id")
    return shaped


def post_as(
    platform: Platform, principal: Principal, version: TntVersion, events: Sequence[Any]
) -> tracking.IngestReport:
    """Events sent in ``version``: each checked against its schema, then landsea's rules."""
    return tracking.ingest_events(platform, principal, events, version=version)
