"""Tracking: DCSA events in (validated, idempotent, durable) and out (filtered, per tenant)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from landsea.domain import access
from landsea.domain.booking import Principal
from landsea.domain.codes import parse_instant
from landsea.domain.tracking import EventType, TrackingEvent
from landsea.feeds.dcsa import (
    Rejection,
    Retraction,
    Unsupported,
    events_of_body,
)
from landsea.feeds.dcsa_schema import TntVersion
from landsea.services.accounts import system_principal
from landsea.services.booking import readable_bookings
from landsea.services.event_check import (
    CheckedEvents,
    IngestReport,
    Parsed,
    check_batch,
    newer,
    read_events,
)
from landsea.services.platform import Platform
from landsea.services.subscriptions import notifications_for
from landsea.units import ServiceId

__all__ = [
    "CheckedEvents",
    "IngestReport",
    "announce_eta",
    "check_events",
    "clearances_changed",
    "events_of",
    "find_events",
    "in_scope",
    "ingest_events",
    "read_events",
    "readable_references",
    "store_events",
]


def ingest_events(
    platform: Platform,
    principal: Principal,
    raw_events: Sequence[Any],
    *,
    first_index: int = 0,
    version: TntVersion | None = None,
) -> IngestReport:
    """Check every event and store the good ones in one transaction.

    Each is checked against DCSA's schema of ``version`` (by default, of the version its shape
    is written in) and then landsea's rules (:func:`landsea.feeds.dcsa_inbound.read_event`).

    - an ``eventID`` already stored is a duplicate, unless it is a DCSA 3.0 event with a later
      ``eventUpdatedDateTime``, which supersedes the stored one;
    - bad events are listed (index, field, value, reason) and the rest are stored;
    - unsupported types (IOT, REEFER …) are kept raw and counted;
    - when this returns, the batch is committed: an acknowledged event survives a crash.
    """
    checked = check_events(
        platform, principal, raw_events, first_index=first_index, version=version
    )
    return store_events(platform, checked)


def check_events(
    platform: Platform,
    principal: Principal,
    raw_events: Sequence[Any],
    *,
    first_index: int = 0,
    version: TntVersion | None = None,
) -> CheckedEvents:
    """The first half of :func:`ingest_events`: every event read and checked, nothing stored
    (``landsea track import`` checks the next batch while the last one is being stored)."""

    def scope(parsed: list[Parsed]) -> list[Parsed]:
        return in_scope(platform, principal, first_index, parsed)

    return check_batch(
        principal,
        raw_events,
        first_index=first_index,
        version=version,
        scope=scope,
        copy=not platform.sqlite,
    )


def store_events(
    platform: Platform, batch: CheckedEvents, *, announce: bool = True
) -> IngestReport:
    """The second half of :func:`ingest_events`: the checked events stored in one transaction,
    with their notifications queued; ETA changes announced after it (unless not ``announce``:
    ``landsea track import`` announces them once, after the last batch, by
    :func:`announce_eta` of every batch's ``changed``)."""
    report, events = batch.report, batch.events
    with platform.uow() as uow:
        fresh: list[TrackingEvent] = list(events.values())
        superseded = []
        # The common bulk case first: every id new, sent without looking them up.
        if not uow.events.add_new(fresh, batch.lines):
            known = uow.events.versions(list(events))
            fresh = []
            for event in events.values():
                if event.event_id not in known:
                    fresh.append(event)
                elif newer(event, known[event.event_id]):
                    uow.events.replace(event)
                    superseded.append(event)
                else:
                    report.duplicates += 1
            uow.events.add_many(fresh, _lines_of(batch, fresh))
        report.stored = len(fresh)
        report.superseded = len(superseded)
        uow.events.add_unsupported(batch.unsupported)
        report.unsupported = len(batch.unsupported)
        for retraction in batch.retractions:
            report.retracted += uow.events.retract(retraction.retracted_id, retraction.event_id)
        # In the same transaction: a stored event always has its notifications queued.
        uow.subscriptions.enqueue(
            notifications_for(uow, fresh + superseded, platform.network.services), batch.received
        )
    batch.changed = fresh + superseded
    if any(e.type_code == "CUSR" for e in batch.changed):
        clearances_changed(platform)
    if announce:
        report.eta_announced = announce_eta(platform, batch.changed)
    return report


def clearances_changed(platform: Platform) -> None:
    """New customs releases were stored: the measured clearance times are measured again."""
    from landsea.services.analytics.clearance import MEASURED

    platform.caches(MEASURED).invalidate()


def _lines_of(batch: CheckedEvents, fresh: list[TrackingEvent]) -> list[str] | None:
    """The COPY rows of ``fresh`` among the batch's events, when they were written."""
    if batch.lines is None:
        return None
    if len(fresh) == len(batch.events):
        return batch.lines
    wanted = {e.event_id for e in fresh}
    return [line for e, line in zip(batch.events.values(), batch.lines, strict=True)
            if e.event_id in wanted]  # fmt: skip


def announce_eta(platform: Platform, events: Sequence[TrackingEvent]) -> int:
    """Announce the ETA changes these stored events cause (as events, stored like any other),
    and how many; the planner loads only when the events name a booking that exists."""
    references = {e.carrier_booking_reference for e in events if e.carrier_booking_reference}
    if not references:
        return 0
    with platform.uow(read_only=True) as uow:
        if not uow.bookings.existing(references):
            return 0
    from landsea.services.timeline import announce_eta_changes

    announcements = announce_eta_changes(platform, events)
    if announcements:
        ingest_events(platform, system_principal(platform), announcements)
    return len(announcements)


def in_scope(
    platform: Platform, principal: Principal, first_index: int, parsed: Sequence[Parsed]
) -> list[Parsed]:
    """Each event as parsed, or a rejection where ``principal`` may not write it
    (:func:`landsea.domain.access.event_refusal`): a new event by what it names; an update or a
    retraction also by what the stored event it changes names. Unsupported types, which change
    nothing landsea reads, are kept only from writers of every event."""
    targets = [p.retracted_id if isinstance(p, Retraction) else p.event_id for p in parsed
               if isinstance(p, TrackingEvent | Retraction)]  # fmt: skip
    with platform.uow(read_only=True) as uow:
        stored = uow.events.stored(targets)
        result: list[Parsed] = []
        for index, item in enumerate(parsed, start=first_index):
            if isinstance(item, Rejection):
                result.append(item)
                continue
            if isinstance(item, Unsupported):
                refusal: tuple[str, str | None, str] | None = (
                    "eventType",
                    item.event_type,
                    f"{principal.role.value} {principal.name!r} may not write events of a type "
                    "landsea does not model",
                )
            else:
                target = item.retracted_id if isinstance(item, Retraction) else item.event_id
                checked = [stored[target]] if target in stored else []
                if isinstance(item, TrackingEvent):
                    checked.append(item)
                refusal = next(
                    (
                        found
                        for event in checked
                        if (
                            found := access.event_refusal(principal, _subject(uow, platform, event))
                        )
                    ),
                    None,
                )
            if refusal is None:
                result.append(item)
            else:
                result.append(Rejection(index, refusal[0], refusal[1], refusal[2]))
    return result


_TYPE_FIELDS = {
    EventType.TRANSPORT: "transportEventTypeCode",
    EventType.EQUIPMENT: "equipmentEventTypeCode",
    EventType.SHIPMENT: "shipmentEventTypeCode",
}


def _path(raw: Any, *keys: str) -> str | None:
    for key in keys:
        raw = raw.get(key) if isinstance(raw, dict) else None
    return raw if isinstance(raw, str) and raw else None


def _transport_call(event: TrackingEvent) -> list[tuple[str, str | None, str | None]]:
    """(where, service code, voyage) of the transport call the event names, in each DCSA shape."""
    raw = event.raw
    return [
        (
            "transportCall.",
            _path(raw, "transportCall", "carrierServiceCode"),
            _path(raw, "transportCall", "exportVoyageNumber")
            or _path(raw, "transportCall", "carrierVoyageNumber"),
        ),
        (
            "payload.transportCall.",
            _path(raw, "payload", "transportCall", "carrierServiceCode"),
            _path(raw, "payload", "transportCall", "carrierExportVoyageNumber"),
        ),
        (
            "transportDetails.transportCall.",
            _path(raw, "transportDetails", "transportCall", "serviceCodeOrReference",
                  "carrierServiceCode"),
            _path(raw, "transportDetails", "transportCall", "exportVoyageNumberOrReference",
                  "carrierVoyageNumber"),
        ),
    ]  # fmt: skip


def _subject(uow: Any, platform: Platform, event: TrackingEvent) -> access.EventSubject:
    """What ``event`` names — its booking, service and departure — resolved on the platform."""
    services = platform.network.services
    named = []
    if event.carrier_booking_reference:
        booking = uow.bookings.get(event.carrier_booking_reference)
        named.append(
            access.Named(
                field="carrierBookingReference",
                value=event.carrier_booking_reference,
                services=None
                if booking is None
                else tuple(
                    services[ServiceId(leg.service_id)]
                    for leg in booking.legs
                    if ServiceId(leg.service_id) in services
                ),
            )
        )
    for where, service_code, voyage in _transport_call(event):
        if service_code is not None:
            service = services.get(ServiceId(service_code))
            named.append(
                access.Named(
                    field=f"{where}carrierServiceCode",
                    value=service_code,
                    services=None if service is None else (service,),
                )
            )
        if voyage is not None:
            run = uow.departures.get(voyage)
            service = None if run is None else services.get(ServiceId(run.service_id))
            named.append(
                access.Named(
                    field=f"{where}voyage (a departure id)",
                    value=voyage,
                    services=None if service is None else (service,),
                )
            )
    prefix = "eventClassification." if event.version == "3.0" else ""
    return access.EventSubject(
        type_code=event.type_code,
        type_field=prefix + _TYPE_FIELDS[event.event_type],
        named=tuple(named),
    )


def _range(value: str | None, name: str) -> dt.datetime | None:
    return None if value is None else parse_instant(value, field=name)


def readable_references(platform: Platform, principal: Principal) -> list[str] | None:
    """The bookings whose events ``principal`` may read (``None``: every event)
    (:func:`landsea.domain.access.may_read_event`)."""
    if access.reaches_all(principal, access.Action.READ_EVENT):
        return None
    organisation, services = readable_bookings(platform, principal, access.Action.READ_EVENT)
    with platform.uow(read_only=True) as uow:
        own = uow.bookings.find(
            organisation_id=organisation, service_ids=services, after=None, limit=100_000
        )
    return [b.id for b in own]


def find_events(
    platform: Platform,
    principal: Principal,
    *,
    filters: dict[str, str | None],
    after: tuple[dt.datetime, str] | None,
    limit: int,
    event_types: Sequence[str] | None = None,
    created: Sequence[tuple[str, dt.datetime]] = (),
) -> list[TrackingEvent]:
    """Events the caller may see, filtered as DCSA's ``GET /events`` filters them (each as
    received in its ``raw``); ``event_types`` and ``created`` as the repository's
    (:meth:`landsea.persistence.repositories.events.Events.find`).

    A shipper sees the events of its own bookings (``carrierBookingReference`` = a booking id),
    an operator those of the bookings with a leg on its services
    (:func:`landsea.domain.access.may_read_event`); customs and admins every event.
    """
    created_from = _range(filters.get("eventCreatedDateTime:gte"), "eventCreatedDateTime:gte")
    created_to = _range(filters.get("eventCreatedDateTime:lt"), "eventCreatedDateTime:lt")
    booking_references = readable_references(platform, principal)
    with platform.uow(read_only=True) as uow:
        return uow.events.find(
            event_type=filters.get("eventType"),
            equipment_reference=filters.get("equipmentReference"),
            carrier_booking_reference=filters.get("carrierBookingReference"),
            transport_document_reference=filters.get("transportDocumentReference"),
            location=filters.get("UNLocationCode"),
            created_from=created_from,
            created_to=created_to,
            booking_references=None if booking_references is None else list(booking_references),
            after=after,
            limit=limit,
            event_types=event_types,
            created=created,
        )


def events_of(body: Any) -> list[Any]:
    """The events of a request body: a DCSA 2.2 array or a 3.0 ``{"events": [...]}``."""
    return events_of_body(body)
