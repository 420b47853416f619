"""Events: stored with their bodies (COPY on PostgreSQL, executemany on SQLite), found in
event-time order by keyset, superseded, retracted; customs clearances as records."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy.exc import StatementError

from landsea.domain.tracking import Classifier, EventType, TrackingEvent, TransportMode
from landsea.persistence.records import ClearanceEvent
from landsea.services.platform import Platform
from tests.persistence.records import CST, T0


def _event(
    type_code: str,
    at: dt.datetime,
    *,
    location: str = "CNQZH",
    container: str | None = "MSKU1234565",
    booking: str | None = None,
    event_type: EventType = EventType.EQUIPMENT,
) -> TrackingEvent:
    ident = f"e-{uuid.uuid4()}"
    return TrackingEvent(
        event_id=ident,
        version="2.2",
        event_type=event_type,
        classifier=Classifier.ACTUAL,
        type_code=type_code,
        event_time=at,
        created=at,
        location=location,
        equipment_reference=container,
        carrier_booking_reference=booking,
        mode=TransportMode.VESSEL if event_type is EventType.TRANSPORT else None,
        raw={"eventID": ident, "名称": "钦州港", "n": 2**70, "eventDateTime": at.isoformat()},
    )


def test_events_read_back_with_their_bodies_and_times_in_utc(platform: Platform) -> None:
    event = _event("DISC", T0, booking="B-1")
    with platform.uow() as uow:
        uow.events.add_many([event])
    with platform.uow(read_only=True) as uow:
        [found] = uow.events.find(carrier_booking_reference="B-1")
        stored = uow.events.stored([event.event_id])
        versions = uow.events.versions([event.event_id, "e-unknown"])
    assert found.raw == event.raw and stored[event.event_id].raw == event.raw
    assert found.event_time == T0 and found.event_time.tzinfo is dt.UTC
    assert (found.type_code, found.location, found.equipment_reference) == (
        "DISC", "CNQZH", "MSKU1234565"
    )  # fmt: skip
    assert versions == {event.event_id: None}


def test_find_pages_in_event_time_then_id_order(platform: Platform) -> None:
    events = [_event("GTIN", T0 + dt.timedelta(hours=n % 2), booking="B-PAGE") for n in range(5)]
    with platform.uow() as uow:
        uow.events.add_many(events)
    pages: list[list[TrackingEvent]] = []
    after: tuple[dt.datetime, str] | None = None
    with platform.uow(read_only=True) as uow:
        while page := uow.events.find(carrier_booking_reference="B-PAGE", after=after, limit=2):
            pages.append(page)
            after = (page[-1].event_time, page[-1].event_id)
    flat = [e for page in pages for e in page]
    assert [(e.event_time, e.event_id) for e in flat] == sorted(
        (e.event_time, e.event_id) for e in events
    )
    assert [len(p) for p in pages] == [2, 2, 1]


def test_replace_and_retract(platform: Platform) -> None:
    event = _event("DISC", T0, booking="B-R")
    later = T0 + dt.timedelta(hours=1)
    with platform.uow() as uow:
        uow.events.add_many([event])
        uow.events.replace(dataclasses.replace(event, updated=later, type_code="LOAD"))
        assert uow.events.versions([event.event_id]) == {event.event_id: later}
        assert uow.events.retract(event.event_id, "e-retraction")
        assert not uow.events.retract("e-unknown", "e-retraction")
        assert uow.events.find(carrier_booking_reference="B-R") == []


def test_customs_clearances_are_records_in_the_range_asked(platform: Platform) -> None:
    container = "TGHU" + uuid.uuid4().hex[:6].upper() + "1"
    arrived = _event("DISC", T0, container=container, location="VNHPH")
    train = _event(
        "ARRI", T0, container=None, booking="B-CUS", location="VNHPH",
        event_type=EventType.TRANSPORT,
    )  # fmt: skip
    released = _event("CUSR", T0 + dt.timedelta(hours=30), container=container, location="VNHPH")
    with platform.uow() as uow:
        uow.events.add_many([arrived, train, released])
    start = dt.datetime(2027, 3, 2, 0, 0, tzinfo=CST)
    with platform.uow(read_only=True) as uow:
        releases = uow.events.customs_releases(start, start + dt.timedelta(days=1), "VNHPH")
        elsewhere = uow.events.customs_releases(start, start + dt.timedelta(days=1), "CNQZH")
        starts = uow.events.arrivals_before_release([container], ["B-CUS"], T0)
    assert releases == [
        ClearanceEvent(location="VNHPH", container=container, booking=None, at=released.event_time)
    ]
    assert elsewhere == []
    assert sorted(starts, key=lambda e: e.container or "") == [
        ClearanceEvent(location="VNHPH", container=None, booking="B-CUS", at=T0),
        ClearanceEvent(location="VNHPH", container=container, booking=None, at=T0),
    ]


def test_unsupported_events_are_kept_as_received(platform: Platform) -> None:
    with platform.uow() as uow:
        before = uow.events.count_unsupported()
        uow.events.add_unsupported([("iot-1", "IOT", {"eventType": "IOT", "温度": -18.5})])
        assert uow.events.count_unsupported() == before + 1


def test_text_that_copy_escapes_reads_back_unchanged(platform: Platform) -> None:
    """COPY's text format is written by hand on PostgreSQL: a backslash, a tab, a newline, a
    return, COPY's own ``\\N`` and ``\\.`` in any text column and in the body read back as
    written, times in any offset as the same instants, a naive time refused."""
    tricky = "a\\b\tc\nd\re\\N\\.\\\\t 港"
    event = dataclasses.replace(
        _event("DISC", T0.astimezone(dt.timezone(dt.timedelta(hours=-5))), booking=tricky),
        event_id=f"e-{uuid.uuid4()}{tricky}",
        version="3.0",
        updated=T0 + dt.timedelta(microseconds=7),
        transport_document_reference="\\N",
        raw={"eventID": tricky, "n": [tricky, 2**70, 1.5, None, True], "\t": {"\\": "\n"}},
    )
    with platform.uow() as uow:
        uow.events.add_many([event])
    with platform.uow(read_only=True) as uow:
        [found] = uow.events.find(carrier_booking_reference=tricky)
    for field in dataclasses.fields(TrackingEvent):
        assert getattr(found, field.name) == getattr(event, field.name), field.name
    naive = dataclasses.replace(_event("DISC", T0), event_time=T0.replace(tzinfo=None))
    with pytest.raises((ValueError, TypeError, StatementError)), platform.uow() as uow:
        uow.events.add_many([naive])
