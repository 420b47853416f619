"""``landsea track import`` writes an event's times into its COPY row as the event wrote them,
where PostgreSQL reads them as the same instants: each reads back as the instant the checks
read, whatever form it was written in."""

from __future__ import annotations

import datetime as dt

import pytest

from landsea.domain.tracking import TrackingEvent
from landsea.feeds.dcsa_inbound import read_event
from landsea.persistence.event_copy import _as_written, copy_lines
from landsea.services.platform import Platform

RECEIVED = dt.datetime(2026, 12, 3, 1, 2, 3, 456789, tzinfo=dt.UTC)
FORMS = [
    "2026-12-03T09:00:00Z",
    "2026-12-03T09:00:00+08:00",
    "2026-12-02T20:00:00-05:00",
    "2026-12-03T09:00:00.250Z",
    "2026-12-03T09:00:00.123456+05:30",
    "2026-12-03T09:00+08:00",
    "2026-12-03T090000+0800",
    "2026-12-03 09:00:00+08:00",
    "20261203T090000Z",
]


def _v3(n: int, when: str, updated: str | None) -> dict[str, object]:
    event: dict[str, object] = {
        "eventID": f"times-{n}",
        "eventDateTime": when,
        "eventClassification": {
            "eventTypeCode": "TRANSPORT",
            "eventClassifierCode": "ACT",
            "transportEventTypeCode": "ARRI",
        },
        "eventLocation": {"UNLocationCode": "CNQZH"},
    }
    if updated is not None:
        event["eventUpdatedDateTime"] = updated
    return event


def _v22(n: int, when: str, created: str | None) -> dict[str, object]:
    event: dict[str, object] = {
        "eventID": f"times-22-{n}",
        "eventType": "TRANSPORT",
        "eventClassifierCode": "ACT",
        "eventDateTime": when,
        "transportEventTypeCode": "DEPA",
        "transportCall": {"UNLocationCode": "CNCQI", "modeOfTransport": "RAIL"},
    }
    if created is not None:
        event["eventCreatedDateTime"] = created
    return event


def _events() -> list[TrackingEvent]:
    raws = [
        make(n, when, other)
        for make in (_v3, _v22)
        for n, (when, other) in enumerate(zip(FORMS, [*FORMS[3:], *FORMS[:3]], strict=True))
    ] + [_v3(90, FORMS[0], None), _v22(90, FORMS[1], None)]
    read = [read_event(n, raw, received=RECEIVED) for n, raw in enumerate(raws)]
    assert all(isinstance(r, TrackingEvent) for r in read), read
    return [r for r in read if isinstance(r, TrackingEvent)]


def test_times_written_as_read_read_back_as_the_same_instants(platform: Platform) -> None:
    events = _events()
    with platform.uow() as uow:
        uow.events.add_many(events, copy_lines(events, RECEIVED, as_read=True))
    with platform.uow(read_only=True) as uow:
        for event in events:
            found = uow.events.get(event.event_id)
            assert found is not None
            assert (found.event_time, found.created, found.updated) == (
                event.event_time,
                event.created,
                event.updated,
            ), event.raw


def test_only_the_two_common_forms_are_written_as_read() -> None:
    assert [f for f in FORMS if _as_written(f) is not None] == FORMS[:3]
    for other in ("2026-12-03T09:00:00+08:0", "２０２６-12-03T09:00:00Z", 20261203, None):
        assert _as_written(other) is None
    events = _events()
    for event, row in zip(events, copy_lines(events, RECEIVED, as_read=True), strict=True):
        created = event.raw.get("eventUpdatedDateTime", event.raw.get("eventCreatedDateTime"))
        written = [event.raw["eventDateTime"], created]
        expected = [
            text if text in FORMS[:3] else moment.isoformat()
            for text, moment in zip(written, (event.event_time, event.created), strict=True)
        ]
        assert row.split("\t")[5:7] == expected, event.raw
    assert copy_lines(events, RECEIVED, as_read=True) != copy_lines(events, RECEIVED)


@pytest.mark.parametrize("form", FORMS)
def test_python_reads_each_form(form: str) -> None:
    assert dt.datetime.fromisoformat(form.replace("Z", "+00:00")).tzinfo is not None
