"""The fast path of the DCSA reader against the reference (:func:`parse_event`): over DCSA's own
example events, the benchmark's events and thousands of mutations of them, whenever the fast
path reads an event the reference reads the same event, field for field; it reads the common
events itself (so the test is not empty), and leaves every rejection to the reference."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from landsea.domain.codes import container_check_digit
from landsea.domain.tracking import TrackingEvent
from landsea.errors import InvalidInput
from landsea.feeds.dcsa import Rejection, parse_event, read_events_file
from landsea.feeds.dcsa_fast import fast_event
from landsea.feeds.dcsa_inbound import read_event
from landsea.feeds.dcsa_lines import read_events_bytes
from tests.feeds.test_dcsa import BETA, V22, V30

EXAMPLES = Path(__file__).parents[1] / "data" / "dcsa_spec" / "tnt-examples"
RECEIVED = dt.datetime(2026, 12, 10, 8, tzinfo=dt.UTC)

VALUES: list[Any] = [
    None, "", "   ", "x", "X" * 201, 0, 7, 1.5, True, [], {}, [{}], ["BKG"], {"a": 1},
    "ACT", "PLN", "EST", "act", "FOO", "ARRI", "DEPA", "DISC", "LOAD", "ISSU", "DETC",
    "TRANSPORT", "EQUIPMENT", "SHIPMENT", "IOT", "REEFER",
    "RAIL", "VESSEL", "rail", "CNQZH", "cnqzh", "CNQZ", "CNQZH-QZP", "ÀBCDE", "SMDG", "QZP",
    "BKG", "TRD", "EQ", "booking-9", "CSQU3054383", "CSQU3054384", "csqu3054383",
    "2026-12-09T01:00:00Z", "2026-12-09T01:00:00", "2026-12-09T09:00:00.123456+08:00",
    "2026-12-09", "1999-12-31T23:00:00Z", "2100-01-01T00:00:00+14:00", "2026-12-09T01:00:00z",
    "2026-12-09 01:00:00Z", "2026-12-09T01:00:00+0800", "20261209T010000Z", "2026-13-01T00:00Z",
    "2000-01-01T00:30:00+01:00", "2099-12-31T23:30:00-01:00",
    [{"documentReferenceType": "BKG", "documentReferenceValue": "b2"},
     {"documentReferenceType": "BKG", "documentReferenceValue": "b3"}],
    *[
        [{"documentReferenceType": kind, "documentReferenceValue": value} for value in pair]
        for kind in ("BKG", "TRD")
        for pair in (("zz", "aa"), ("b3", "b10"), ("x-2", "x-1"), ("Q", "q"))
    ],
    [{"documentReferenceType": "TRD", "documentReferenceValue": None}],
    [{"documentReferenceType": 5, "documentReferenceValue": "b"}],
    [{"typeCode": "BKG", "reference": 5}, {"typeCode": "TRD", "reference": "t-1"}],
    [{"typeCode": "BKG", "reference": "b-2"}],
    [{"referenceType": "EQ", "referenceValue": "CSQU3054383"}],
    [{"referenceType": "EQ", "referenceValue": "CSQU3054384"}],
    {"UNLocationCode": "SGSIN", "facilityCode": "PSA", "facilityCodeListProvider": "SMDG"},
    {"UNLocationCode": "SGSIN"}, {"facilityCode": "PSA"}, {"typeCode": "BKG", "reference": "b"},
    {"transportCall": {"modeOfTransport": "BARGE"}}, {"equipmentReference": "APZU4812090"},
]  # fmt: skip
"""What a mutation puts in a field: good and bad values of every kind the reader checks."""

ADDED = [
    "facility", "facilityCode", "facilityCodeListProvider", "isRetracted", "metadata",
    "documentID", "documentTypeCode", "references", "carrierBookingReference",
    "transportDocumentReference", "eventLocation", "additionalDocumentReferences",
    "documentReference", "eventCreatedDateTime", "eventUpdatedDateTime", "equipmentReference",
    "modeOfTransport", "UNLocationCode", "eventClassification", "transportCall",
    "transportDetails", "equipmentDetails", "shipmentDetails", "documentReferences",
]  # fmt: skip
"""Fields a mutation adds (to the event and to each object in it) where they are missing."""


def _events(count: int) -> list[dict[str, Any]]:
    """Events in the shapes of ``bench/events_bench.py`` (a 2.2 transport event, a 3.0
    equipment event): the bulk import's common case."""
    events: list[dict[str, Any]] = []
    for n in range(count):
        when = f"2026-12-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00Z"
        body = f"LSEU{n:06d}"
        events.append(
            {
                "eventID": f"e3-{n}",
                "eventDateTime": when,
                "eventUpdatedDateTime": when,
                "eventLocation": {"UNLocationCode": "CNQZH"},
                "eventClassification": {
                    "eventTypeCode": "EQUIPMENT",
                    "eventClassifierCode": "ACT",
                    "equipmentEventTypeCode": ["LOAD", "DISC", "GTIN", "GTOT"][n % 4],
                },
                "equipmentDetails": {
                    "equipmentReference": body + str(container_check_digit(body)),
                    "emptyIndicatorCode": "LADEN",
                },
                "shipmentDetails": {
                    "documentReference": {"typeCode": "BKG", "reference": f"BK{n}"}
                },
            }
            if n % 2
            else {
                "eventID": f"e2-{n}",
                "eventCreatedDateTime": when,
                "eventType": "TRANSPORT",
                "eventClassifierCode": ["ACT", "EST", "PLN"][n % 3],
                "eventDateTime": when,
                "transportEventTypeCode": ["ARRI", "DEPA"][n % 2],
                "transportCall": {"UNLocationCode": "SGSIN", "modeOfTransport": "RAIL"},
                "documentReferences": [
                    {"documentReferenceType": "BKG", "documentReferenceValue": f"BK{n}"}
                ],
            }
        )
    return events


def _in_dates(node: Any) -> Any:
    """DCSA's examples, moved into the platform's dates (some are written in 2021)."""
    if isinstance(node, dict):
        return {k: _in_dates(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_in_dates(v) for v in node]
    if isinstance(node, str) and node[:4].isdigit() and node[4:5] == "-" and "T" in node:
        return "2026" + node[4:]
    return node


def _examples() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted(EXAMPLES.glob("tnt-*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))
        events = body if isinstance(body, list) else body.get("events", [])
        found += [_in_dates(e) for e in events if isinstance(e, dict)]
    return found


def _distinct(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One event of each structure (the same fields in the same places)."""
    seen: dict[tuple[tuple[Any, ...], ...], dict[str, Any]] = {}
    for event in events:
        seen.setdefault(tuple(_paths(event)), event)
    return list(seen.values())


READ = {
    *ADDED, "eventID", "eventType", "eventClassifierCode", "eventDateTime", "eventTypeCode",
    "transportEventTypeCode", "equipmentEventTypeCode", "shipmentEventTypeCode",
    "documentReferenceType", "documentReferenceValue", "referenceType", "referenceValue",
    "typeCode", "reference", "payload", "retractedEventID", "location",
}  # fmt: skip
"""The fields the reader reads: only these are mutated in DCSA's (long) examples."""
SOME = VALUES[::4]
"""The values an added field takes."""


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in ``node`` the reader reads a value from (keys it reads in objects, each
    index of a list it reads)."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(key, int) or key in READ:
            yield (*path, key)
            if isinstance(value, dict | list):
                yield from _paths(value, (*path, key))


def _objects(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The objects in ``node`` the reader reads, to depth 2."""
    if isinstance(node, dict) and len(path) <= 2:
        yield path
        for key, value in node.items():
            if key in READ:
                yield from _objects(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node[:2]):
            yield from _objects(value, (*path, index))


def _changed(base: Any, path: tuple[Any, ...], change: Any) -> Any:
    """``base`` with the holder at ``path`` changed by ``change`` (copies along the path only,
    the rest shared)."""
    if not path:
        copied = dict(base) if isinstance(base, dict) else list(base)
        change(copied)
        return copied
    copied = dict(base) if isinstance(base, dict) else list(base)
    copied[path[0]] = _changed(base[path[0]], path[1:], change)
    return copied


def _replace(key: Any, value: Any) -> Any:
    def change(holder: Any) -> None:
        if value is KeyError:
            del holder[key if isinstance(holder, dict) else slice(key, None)]
        else:
            holder[key] = copy.deepcopy(value)

    return change


def _mutations(base: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """``base`` with one value it reads replaced by each of :data:`VALUES` or removed, and with
    each of :data:`ADDED` added to its objects."""
    for path in _paths(base):
        for value in [*VALUES, KeyError]:
            yield _changed(base, path[:-1], _replace(path[-1], value))
    for path in _objects(base):
        holder = _at(base, path)
        for field in ADDED:
            if field not in holder:
                for value in SOME:
                    yield _changed(base, path, _replace(field, value))


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


BASES: list[dict[str, Any]] = [V22, V30, *_events(2), *_distinct([BETA, *_examples()])]


def _same(fast: TrackingEvent, reference: Any, raw: dict[str, Any]) -> None:
    assert isinstance(reference, TrackingEvent), (json.dumps(raw, default=str), reference)
    for field in dataclasses.fields(TrackingEvent):
        mine, theirs = getattr(fast, field.name), getattr(reference, field.name)
        assert (mine, type(mine)) == (theirs, type(theirs)), (field.name, raw)
        if isinstance(mine, dt.datetime):
            assert mine.tzinfo is theirs.tzinfo, (field.name, raw)
    assert fast.raw is raw


def _reference(raw: Any) -> Any:
    try:
        return parse_event(0, raw, received=RECEIVED)
    except (TypeError, AttributeError) as exc:  # the reference's own faults on odd bodies
        return exc


def test_the_fast_path_reads_the_common_events_itself() -> None:
    bench = _events(6)
    for raw in [V22, V30, *bench]:
        fast = fast_event(raw, RECEIVED)
        assert fast is not None, raw
        _same(fast, _reference(raw), raw)
    read = [e for e in _examples() if fast_event(e, RECEIVED) is not None]
    assert len(read) >= 10  # DCSA's own TRANSPORT, SHIPMENT and EQUIPMENT examples


@pytest.mark.parametrize("base", range(len(BASES)))
def test_the_fast_path_agrees_with_the_reference_on_mutated_events(base: int) -> None:
    taken = rejected = 0
    for raw in _mutations(BASES[base]):
        fast = fast_event(raw, RECEIVED)
        reference = _reference(raw)
        if fast is not None:
            _same(fast, reference, raw)
            taken += 1
        rejected += isinstance(reference, Rejection)
    if base < 4:  # the hand-written and the benchmark's events
        assert taken > 100 and rejected > 100, (taken, rejected)


def test_every_rejection_still_names_its_field_and_value() -> None:
    """A bad event on the path that reads events in (``read_event``) is refused as before."""
    for field, value in [
        ("eventDateTime", "2026-12-09T01:00:00"),
        ("eventDateTime", "1999-12-31T23:00:00Z"),
        ("eventClassifierCode", "act"),
        ("transportEventTypeCode", "LOAD"),
    ]:
        raw = {**V22, field: value}
        [rejection] = read_event(3, raw, received=RECEIVED)  # type: ignore[misc]
        assert (rejection.index, rejection.field, rejection.value) == (3, field, value)
    raw = copy.deepcopy(V30)
    raw["equipmentDetails"]["equipmentReference"] = "CSQU3054384"
    [rejection] = read_event(0, raw, received=RECEIVED)  # type: ignore[misc]
    assert (rejection.field, rejection.value) == (
        "equipmentDetails.equipmentReference",
        "CSQU3054384",
    )


def _as_text(data: bytes) -> list[Any] | str:
    """What :func:`read_events_file` gives for the file's text (as ``open`` reads it), or the
    error it raises."""
    try:
        with io.TextIOWrapper(io.BytesIO(data), encoding="utf-8") as handle:
            return list(read_events_file(handle))
    except (InvalidInput, UnicodeDecodeError) as exc:
        return f"{type(exc).__name__}: {exc}"


def _as_bytes(data: bytes) -> list[Any] | str:
    try:
        return read_events_bytes(data)
    except (InvalidInput, UnicodeDecodeError) as exc:
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize(
    "data",
    [
        b'{"a": 1}\n{"b": 2}\n',
        b'{"a": 1}\r\n\r\n{"b": 2}\r\n',
        b'{"a": 1}\r{"b": 2}',
        b'  \n{"a": 1}\n \t \n{"b": "\\t\\n"}\n\n',
        '{"a": 1}\n\u00a0{"b": 2}\u2003\n\u00a0\n'.encode(),
        '{"a": 1}\n{"b": "\u00e9\u2028x"}\n'.encode(),
        b'{"a": 1}\n{oops\n{"b": 2}\n',
        b'{"a": 1}\n{"b": 2}\n\xff\n',
        b'{"a": 1}\n{"b": 2}\n[1, 2]\n"x"\n',
        b'{"a": 1}\n{"b": 2}\x0c\n',
        b'\xef\xbb\xbf{"a": 1}\n{"b": 2}\n',
        b'[{"a": 1}, {"b": 2}]',
        b'{"events": [{"a": 1}]}',
        b'{"a": 1}',
        b'\n\n{"a": 1}\n',
        b"",
    ],
)
def test_reading_bytes_gives_what_reading_text_gives(data: bytes) -> None:
    assert _as_bytes(data) == _as_text(data)


def test_the_import_path_loads_no_http_client_nor_schema_validator() -> None:
    """``landsea track import`` reads events with landsea's own rules: the schema validators
    (for the /dcsa faces) and the HTTP client (for deliveries) load when first used."""
    heavy = ("httpx", "jsonschema", "fastjsonschema", "yaml")
    code = (
        "import sys, landsea.services.tracking, landsea.services.accounts\n"
        f"print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == [], f"imported with the event import: {loaded}"
