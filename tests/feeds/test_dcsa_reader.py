"""The DCSA Track & Trace reader on its own (no API, no database): each shape, DCSA's own
examples, and every way an event or a file is refused."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from landsea.domain.tracking import EventType, TrackingEvent
from landsea.errors import InvalidInput
from landsea.feeds.dcsa import (
    Rejection,
    Retraction,
    events_of_body,
    parse_event,
    read_events_file,
)
from tests.fixtures import arrival_event

EXAMPLES = Path(__file__).parents[1] / "data" / "dcsa_examples"  # DCSA's, Apache-2.0
RECEIVED = dt.datetime(2026, 12, 8, 12, 0, tzinfo=dt.UTC)


def example(name: str) -> list[Any]:
    return events_of_body(json.loads((EXAMPLES / name).read_text()))


def test_a_3_0_arrival_becomes_a_tracking_event() -> None:
    event = parse_event(0, arrival_event("e-1"), received=RECEIVED)
    assert isinstance(event, TrackingEvent)
    assert (event.event_id, event.event_type, event.type_code) == (
        "e-1",
        EventType.TRANSPORT,
        "ARRI",
    )
    assert event.location == "CNQZH"
    assert event.event_time == dt.datetime(2026, 12, 8, 10, 0, tzinfo=dt.UTC)
    assert event.raw == arrival_event("e-1")


@pytest.mark.parametrize(
    "name",
    ["tnt_v2.2_get_events_response.json", "tnt_v3.0.0_post_events_transport.json",
     "tnt_v3.0.0_post_events_equipment.json", "tnt_v3.0.0_post_events_shipment.json"],
)  # fmt: skip
def test_dcsa_examples_of_modelled_types_are_read(name: str) -> None:
    parsed = [parse_event(i, raw, received=RECEIVED) for i, raw in enumerate(example(name))]
    assert parsed and all(isinstance(event, TrackingEvent) for event in parsed), parsed


@pytest.mark.parametrize("name", ["tnt_v3.0.0_post_events_iot.json", "tnt_v3.0.0_post_events_reefer.json"])  # fmt: skip
def test_iot_and_reefer_events_are_read_as_events(name: str) -> None:
    raws = example(name)
    parsed = [parse_event(i, raw, received=RECEIVED) for i, raw in enumerate(raws)]
    assert all(isinstance(event, TrackingEvent) for event in parsed), parsed
    assert [event.raw for event in parsed if isinstance(event, TrackingEvent)] == raws


def test_a_retraction_names_the_event_it_withdraws() -> None:
    raw = json.loads((EXAMPLES / "tnt_v3.0.0-beta1_transport_event_retracted.json").read_text())
    retraction = parse_event(0, raw, received=RECEIVED)
    assert retraction == Retraction(
        0, "2239d040-78c9-4172-8863-89428af41a0e", "957e4966-dad0-4111-9f8f-fb7216c43907"
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda e: e.pop("eventID"), "eventID"),
        (lambda e: e.update(eventDateTime="yesterday"), "eventDateTime"),
        (lambda e: e["eventClassification"].update(transportEventTypeCode="FLY"), "transportEventTypeCode"),
        (lambda e: e["eventLocation"].update(UNLocationCode="Qinzhou"), "UNLocationCode"),
    ],
)  # fmt: skip
def test_a_bad_event_is_rejected_naming_its_index_and_field(change: Any, field: str) -> None:
    raw = arrival_event("e-2")
    change(raw)
    rejected = parse_event(7, raw, received=RECEIVED)
    assert isinstance(rejected, Rejection), rejected
    assert rejected.index == 7
    assert field in rejected.field, rejected


def test_an_event_must_be_an_object_and_a_body_a_list_or_events() -> None:
    assert parse_event(0, ["not", "an", "event"], received=RECEIVED) == Rejection(
        0, "", '["not", "an", "event"]', "an event must be a JSON object"
    )
    assert events_of_body({"events": [1]}) == [1]
    with pytest.raises(InvalidInput, match=r"DCSA 2\.2"):
        events_of_body({"event": []})


def test_files_are_one_array_or_json_lines_and_a_bad_line_is_named() -> None:
    one, two = arrival_event("a"), arrival_event("b")
    assert list(read_events_file([json.dumps([one, two])])) == [one, two]
    assert list(read_events_file([json.dumps({"events": [one]})])) == [one]
    assert list(read_events_file([json.dumps(one) + "\n", "\n", json.dumps(two) + "\n"])) == [
        one,
        two,
    ]
    with pytest.raises(InvalidInput, match="line 2 is not JSON"):
        list(read_events_file([json.dumps(one) + "\n", "{oops\n"]))
