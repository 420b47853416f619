"""The fast path of ``POST /api/v1/bookings`` (issue 15, item 6) answers exactly as the route:
the same requests, through the served app with the path on and with it off, give the same
status, headers, body and stored rows — and the path does answer the common ones (both
databases)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from landsea.api import booking_fast_path
from landsea.api.schemas import BookingPublic
from landsea.domain.booking import Booking, BookingLeg, BookingStatus
from landsea.domain.money import Money
from landsea.errors import InvalidInput
from landsea.persistence.booking_store import APPLICATION_NAME, CONNECTIONS
from landsea.services import accounts
from landsea.services.booking import (
    BookingRequest,
    LegRequest,
    book_common,
    book_common_async,
    booking_connections,
    create_booking,
)
from landsea.services.departures import get_departure, set_capacity
from landsea.services.network_publish import TimetableChange, change_timetable
from landsea.services.platform import Platform
from landsea.units import ServiceId
from landsea.web import app as web_app
from landsea.web.app import create_app
from tests.api.conftest import World
from tests.fixtures.api import WorldTemplate

TRAIN = "SR-CQ-QZH-20261207-0900"
IN_TIME = "QZH-SIN-DAILY-20261211-2000"
TOO_SOON = "QZH-SIN-DAILY-20261210-2000"
ON_TRAIN = {"departure_id": TRAIN, "from": "CNCQI-TJC", "to": "CNQZH"}
ON_SHIP = {"departure_id": IN_TIME, "from": "CNQZH", "to": "SGSIN"}
BY_TRUCK = {"service_id": "DR-CQI-TJC", "from": "CNCQI", "to": "CNCQI-TJC"}
ONE = {"legs": [ON_TRAIN], "teu": 1}
REVOKED = "revoke the importer's key"

# (what, who, body, headers, whether the fast path answers: True, False or None for either)
CASES: list[tuple[str, str, Any, dict[str, str], bool | None]] = [
    ("one leg", "exporter", ONE, {}, True),
    ("two legs", "exporter", {"legs": [ON_TRAIN, ON_SHIP], "teu": 1, "shipper_reference": "PO 7"}, {}, True),
    ("truck then train", "exporter", {"legs": [BY_TRUCK, ON_TRAIN], "teu": 1, "cargo_type": "general"}, {}, True),
    ("another shipper", "importer", {"legs": [ON_TRAIN], "teu": 1, "shipper_reference": None}, {}, True),
    ("reefer", "importer", {"legs": [ON_TRAIN], "teu": 1, "cargo_type": "reefer"}, {}, None),
    ("dangerous", "importer", {"legs": [BY_TRUCK, ON_TRAIN], "teu": 1, "cargo_type": "dangerous"}, {}, None),
    ("full departure", "exporter", {"legs": [ON_TRAIN], "teu": 50}, {}, False),
    ("full on the second leg", "exporter", {"legs": [ON_SHIP | {"from": "CNQZH"}], "teu": 1000}, {}, None),
    ("unknown departure", "exporter", {"legs": [ON_TRAIN | {"departure_id": "SR-CQ-QZH-20261207-0800"}], "teu": 1}, {}, False),
    ("not a departure id", "exporter", {"legs": [ON_TRAIN | {"departure_id": "NOPE-1"}], "teu": 1}, {}, False),
    ("not called at", "exporter", {"legs": [ON_TRAIN | {"to": "SGSIN"}], "teu": 1}, {}, False),
    ("unknown place", "exporter", {"legs": [ON_TRAIN | {"from": "Atlantis"}], "teu": 1}, {}, False),
    ("connection too short", "exporter", {"legs": [ON_TRAIN, ON_SHIP | {"departure_id": TOO_SOON}], "teu": 1}, {}, False),
    ("legs apart", "exporter", {"legs": [BY_TRUCK, ON_SHIP], "teu": 1}, {}, False),
    ("on demand without a service", "exporter", {"legs": [{"from": "CNCQI", "to": "CNCQI-TJC"}], "teu": 1}, {}, False),
    ("customs may not book", "customs", ONE, {}, False),
    ("operator may not book", "operator", ONE, {}, False),
    ("unknown key", "nobody", ONE, {}, False),
    ("idempotency key", "exporter", ONE, {"Idempotency-Key": "order-1"}, True),
    ("idempotency key repeated", "exporter", ONE, {"Idempotency-Key": "order-1"}, False),
    ("idempotency key, other body", "exporter", {"legs": [ON_TRAIN], "teu": 2}, {"Idempotency-Key": "order-1"}, False),
    ("idempotency key too long", "exporter", ONE, {"Idempotency-Key": "k" * 201}, False),
    ("idempotency key empty", "exporter", ONE, {"Idempotency-Key": ""}, False),
    ("currency", "exporter", ONE | {"currency": "USD"}, {}, False),
    ("bad currency", "exporter", ONE | {"currency": "usd"}, {}, False),
    ("cargo details", "exporter", ONE | {"commodity": "Motorcycle parts", "hs_code": "8714.10"}, {}, False),
    ("containers", "exporter", ONE | {"containers": ["CSQU3054383"]}, {}, False),
    ("teu as text", "exporter", {"legs": [ON_TRAIN], "teu": "1"}, {}, False),
    ("teu as true", "exporter", {"legs": [ON_TRAIN], "teu": True}, {}, False),
    ("teu as 1.0", "exporter", {"legs": [ON_TRAIN], "teu": 1.0}, {}, False),
    ("teu 0", "exporter", {"legs": [ON_TRAIN], "teu": 0}, {}, False),
    ("teu 1001", "exporter", {"legs": [ON_TRAIN], "teu": 1001}, {}, False),
    ("no legs", "exporter", {"legs": [], "teu": 1}, {}, False),
    ("thirteen legs", "exporter", {"legs": [ON_TRAIN] * 13, "teu": 1}, {}, False),
    ("no teu", "exporter", {"legs": [ON_TRAIN]}, {}, False),
    ("unknown field", "exporter", ONE | {"note": "x"}, {}, False),
    ("unknown leg field", "exporter", {"legs": [ON_TRAIN | {"via": "x"}], "teu": 1}, {}, False),
    ("from_ by name", "exporter", {"legs": [{"departure_id": TRAIN, "from_": "CNCQI-TJC", "to": "CNQZH"}], "teu": 1}, {}, False),
    ("NUL in a reference", "exporter", ONE | {"shipper_reference": "a\x00b"}, {}, False),
    ("reference too long", "exporter", ONE | {"shipper_reference": "r" * 101}, {}, False),
    ("empty place", "exporter", {"legs": [ON_TRAIN | {"to": ""}], "teu": 1}, {}, False),
    ("bad cargo type", "exporter", ONE | {"cargo_type": "bulk"}, {}, False),
    ("cargo type a list", "exporter", ONE | {"cargo_type": ["general"]}, {}, False),
    ("a list", "exporter", [ONE], {}, False),
    ("not JSON", "exporter", b"{legs", {}, False),
    ("text/plain", "exporter", json.dumps(ONE).encode(), {"Content-Type": "text/plain"}, False),
    ("a query", "exporter", ONE, {"query": "x=1"}, False),
    (REVOKED, "importer", ONE, {}, False),
]  # fmt: skip


@contextmanager
def _served(
    template: WorldTemplate, folder: Path, *, fast: bool
) -> Iterator[tuple[World, TestClient]]:
    with template.clone(folder) as world:
        set_capacity(world.platform, accounts.organisation(world.platform, "operator"), TRAIN, 8)
        app = create_app(platform=world.platform)
        app.state.fast_bookings = fast
        with TestClient(app) as client:
            for who in world.keys:  # every key checked once, as a client's first request is
                client.get("/api/v1/bookings", headers=world.headers(who))
            yield world, client


def _post(client: TestClient, world: World, case: tuple[str, str, Any, dict[str, str], Any]) -> Any:
    what, who, body, headers, _ = case
    if what == REVOKED:
        prefix = world.keys["importer"].split("_")[1]
        accounts.revoke_key(world.platform, None, "importer", prefix)
    headers = dict(headers)
    query = headers.pop("query", "")
    auth = world.headers(who) if who in world.keys else {"Authorization": "Bearer lsk_no_key"}
    url = "/api/v1/bookings" + (f"?{query}" if query else "")
    if isinstance(body, bytes):
        return client.post(
            url, content=body, headers={"Content-Type": "application/json", **auth, **headers}
        )
    return client.post(url, json=body, headers={**auth, **headers})


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def _same_ids(value: str, seen: dict[str, str]) -> str:
    """``value`` with each booking id replaced by its order of appearance in the run."""
    return _UUID.sub(lambda found: seen.setdefault(found.group(), f"<booking {len(seen)}>"), value)


def _answer(response: Any, seen: dict[str, str]) -> tuple[int, list[tuple[str, str]], Any]:
    headers = [
        (name, _same_ids(value, seen))
        for name, value in response.headers.multi_items()
        if name not in ("content-length",)
    ]
    body = json.loads(_same_ids(response.text, seen))
    if isinstance(body, dict):
        for stamp in ("created_at", "updated_at"):
            if stamp in body:
                assert _TIME.fullmatch(body.pop(stamp))
    return response.status_code, headers, body


def _stored(world: World, seen: dict[str, str]) -> list[Any]:
    """Every booking, leg and departure with something booked, the ids as in the answers."""
    queries = (
        "SELECT * FROM bookings ORDER BY created_at, id",
        # Not the legs' serial ids: a fast attempt left to the route may have drawn numbers.
        "SELECT l.booking_id, l.seq, l.departure_id, l.service_id, l.from_locode, l.to_locode,"
        " l.teu, l.plugs FROM booking_legs l JOIN bookings b ON b.id = l.booking_id"
        " ORDER BY b.created_at, l.booking_id, l.seq",
        "SELECT id, booked_teu, reefer_plugs_booked FROM departures"
        " WHERE booked_teu > 0 OR reefer_plugs_booked > 0 ORDER BY id",
    )
    rows: list[Any] = []
    with world.platform.database.engine.connect() as connection:
        for query in queries:
            for row in connection.execute(text(query)).mappings():
                kept = {
                    name: _same_ids(str(value), seen)
                    for name, value in row.items()
                    if name not in ("created_at", "updated_at")
                }
                rows.append(kept)
    return rows


def test_the_fast_path_answers_as_the_route(
    world_template: WorldTemplate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decided: list[bool] = []
    ways: set[str] = set()

    def recording(*args: Any, **kwargs: Any) -> Any:
        booking = book_common(*args, **kwargs)
        decided.append(booking is not None)
        ways.add("thread")
        return booking

    async def recording_async(*args: Any, **kwargs: Any) -> Any:
        booking = await book_common_async(*args, **kwargs)
        decided.append(booking is not None)
        ways.add("event loop")
        return booking

    monkeypatch.setattr(booking_fast_path, "book_common", recording)
    # Answers from 600 bytes gzipped (the served app's GZip, inside the path): two legs' are.
    monkeypatch.setattr(web_app, "COMPRESS_FROM", 600)
    monkeypatch.setattr(booking_fast_path, "book_common_async", recording_async)
    sqlite = world_template.url.startswith("sqlite")
    runs = {}
    for fast in (True, False):
        seen: dict[str, str] = {}
        answers, taken = [], []
        folder = tmp_path / ("fast" if fast else "route")
        folder.mkdir()
        with _served(world_template, folder, fast=fast) as (world, client):
            for case in CASES:
                before = len(decided)
                answers.append(_answer(_post(client, world, case), seen))
                taken.append(any(decided[before:]))
            runs[fast] = answers, taken, _stored(world, seen)
    (fast_answers, taken, fast_rows), (route_answers, never, route_rows) = runs[True], runs[False]
    for case, by_path, by_route in zip(CASES, fast_answers, route_answers, strict=True):
        assert by_path == by_route, case[0]
    assert fast_rows == route_rows
    assert not any(never)
    for case, answered in zip(CASES, taken, strict=True):
        assert case[4] is None or answered == case[4], case[0]
    assert [status for status, _, _ in fast_answers[:4]] == [201] * 4
    assert {status for status, _, _ in fast_answers[6:]} >= {401, 403, 409, 422}
    compressed = [
        ("content-encoding", "gzip") in headers for status, headers, _ in fast_answers[:4]
    ]
    assert compressed == [False, True, True, False]
    # On PostgreSQL on the event loop with the path's own connections; else in a thread.
    assert ways == {"thread" if sqlite else "event loop"}


def test_the_fast_path_never_overbooks(world: World) -> None:
    """100 racing bookings of 1 TEU on a departure with 40 left: 40 stored, 60 left to the
    route, the departure full to the TEU (both databases)."""
    platform = world.platform
    set_capacity(platform, accounts.organisation(platform, "operator"), TRAIN, 40)
    shipper = accounts.organisation(platform, "exporter")
    request = BookingRequest(
        legs=(LegRequest(departure_id=TRAIN, origin="CNCQI-TJC", destination="CNQZH"),), teu=1
    )
    with ThreadPoolExecutor(max_workers=16) as pool:
        made = list(pool.map(lambda _: book_common(platform, shipper, request), range(100)))
    assert sum(booking is not None for booking in made) == 40
    departure = get_departure(platform, TRAIN).capacity
    assert departure.booked_teu == 40 and departure.remaining_teu == 0
    assert len(_stored_bookings(platform, shipper)) == 40


def _stored_bookings(platform: Platform, shipper: Any) -> list[Any]:
    with platform.uow(read_only=True) as uow:
        return uow.bookings.find(
            organisation_id=shipper.organisation_id, service_ids=None, after=None, limit=1000
        )


def test_remembered_legs_follow_the_network(world: World) -> None:
    """The legs and price the fast path remembers are those of one network version: once the
    train arrives a day later, the connection it remembered is refused, as the route refuses it."""
    platform = world.platform
    shipper = accounts.organisation(platform, "exporter")
    request = BookingRequest(
        legs=(
            LegRequest(departure_id=TRAIN, origin="CNCQI-TJC", destination="CNQZH"),
            LegRequest(departure_id=IN_TIME, origin="CNQZH", destination="SGSIN"),
        ),
        teu=1,
    )
    assert book_common(platform, shipper, request) is not None
    assert book_common(platform, shipper, request) is not None  # remembered
    train = platform.network.services[ServiceId("SR-CQ-QZH")]
    at_qinzhou = [str(stop.location) for stop in train.stops].index("CNQZH")
    stops = train.stops[: at_qinzhou + 1]

    def later(hours: dt.timedelta | None) -> float:
        assert hours is not None
        return hours.total_seconds() / 3600 + 24

    operator = accounts.organisation(platform, "operator")
    change = TimetableChange(  # a day longer at the first stop after the start, then as before
        arrival_h={k: later(stop.arrival) for k, stop in enumerate(stops) if k > 1},
        departure_h={k: later(stop.departure) for k, stop in enumerate(stops[:-1]) if k > 0},
    )
    change_timetable(platform, operator, "SR-CQ-QZH", change)
    assert book_common(platform, shipper, request) is None
    with pytest.raises(InvalidInput, match="the cargo must arrive by"):
        create_booking(platform, shipper, request)


def _backends(platform: Platform) -> list[int]:
    """The process ids of the fast path's own connections to the platform's database."""
    with platform.database.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT pid FROM pg_stat_activity"
                " WHERE application_name = :name AND datname = current_database()"
            ),
            {"name": APPLICATION_NAME},
        )
        return [row[0] for row in rows]


@pytest.mark.parametrize("legs", [1, 2])
def test_the_event_loop_path_never_overbooks(world: World, legs: int) -> None:
    """100 bookings of 1 TEU racing on one event loop, through the path's own connections, for
    40 TEU left on the train: 40 stored, the departures full to the TEU, never more connections
    than :data:`CONNECTIONS`, none open once closed — with one scheduled leg (one statement)
    and two (one transaction). PostgreSQL; SQLite has none: the thread path."""
    platform = world.platform
    if platform.database.sqlite:
        assert booking_connections(platform) is None
        return
    set_capacity(platform, accounts.organisation(platform, "operator"), TRAIN, 40)
    shipper = accounts.organisation(platform, "exporter")
    request = BookingRequest(
        legs=(
            LegRequest(departure_id=TRAIN, origin="CNCQI-TJC", destination="CNQZH"),
            LegRequest(departure_id=IN_TIME, origin="CNQZH", destination="SGSIN"),
        )[:legs],
        teu=1,
    )

    async def race() -> tuple[list[Any], list[int], int]:
        connections = booking_connections(platform)
        assert connections is not None
        try:
            made = await asyncio.gather(
                *(book_common_async(platform, connections, shipper, request) for _ in range(100))
            )
            backends = _backends(platform)
        finally:
            await connections.aclose()
        return made, backends, connections.opened

    made, backends, left_open = asyncio.run(race())
    assert sum(booking is not None for booking in made) == 40
    assert 1 <= len(backends) <= CONNECTIONS
    assert left_open == 0
    for departure_id in (TRAIN, IN_TIME)[:legs]:
        assert get_departure(platform, departure_id).capacity.booked_teu == 40
    assert len(_stored_bookings(platform, shipper)) == 40


def test_a_connection_the_server_ended_is_not_used(world: World) -> None:
    """The path's idle connection ended by the server between two bookings (a restart, an
    idle timeout): the next booking goes through a new connection, not through the dead one
    to an error."""
    platform = world.platform
    if platform.database.sqlite:
        assert booking_connections(platform) is None
        return
    shipper = accounts.organisation(platform, "exporter")
    request = BookingRequest(
        legs=(LegRequest(departure_id=TRAIN, origin="CNCQI-TJC", destination="CNQZH"),), teu=1
    )

    async def book() -> tuple[list[Any], list[list[int]], int]:
        connections = booking_connections(platform)
        assert connections is not None
        try:
            made = [await book_common_async(platform, connections, shipper, request)]
            backends = [_backends(platform)]
            with platform.database.engine.connect() as connection:  # waits until it has ended
                connection.execute(
                    text("SELECT pg_terminate_backend(:pid, 10000)"), {"pid": backends[0][0]}
                )
            made.append(await book_common_async(platform, connections, shipper, request))
            backends.append(_backends(platform))
            return made, backends, connections.opened
        finally:
            await connections.aclose()

    made, backends, opened = asyncio.run(book())
    assert None not in made and opened == 1
    assert len(backends[0]) == len(backends[1]) == 1 and backends[0] != backends[1]
    assert get_departure(platform, TRAIN).capacity.booked_teu == 2


_LEG = BookingLeg(
    departure_id=TRAIN,
    service_id="SR-CQ-QZH",
    origin="CNCQI-TJC",
    destination="CNQZH",
    teu=1,
    plugs=0,
)


@pytest.mark.parametrize(
    ("reference", "co2", "price", "at"),
    [
        (None, 812.345, "4321.00", dt.datetime(2026, 11, 30, 17, 37, 14, 123456, tzinfo=dt.UTC)),
        ("PO 7 «重庆» \"q\" \\ /", 0.0, "0.1", dt.datetime(2026, 11, 30, 17, 37, 14, tzinfo=dt.UTC)),
        ("\x01\x1f\x7f\u2028\U0001f6a2 ", 1e-07, "1234.565", dt.datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC)),
        ("", 1e16, "99999999.99", dt.datetime(2099, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC)),
        ("r" * 100, 123456789.123, "2.5", dt.datetime(2000, 1, 1, tzinfo=dt.UTC)),
    ],
)  # fmt: skip
def test_the_fast_path_writes_the_routes_json(
    reference: str | None, co2: float, price: str, at: dt.datetime
) -> None:
    """The path's own JSON of a booking is ``BookingPublic``'s, byte for byte (texts to escape,
    floats, times with and without microseconds, up to 12 legs)."""
    for legs in (1, 2, 12):
        booking = Booking(
            id="8f14e45f-ceea-467f-a0e6-6b1f3a0b8f0c",
            organisation_id="org-1",
            status=BookingStatus.CONFIRMED,
            teu=1,
            cargo_type="reefer",
            shipper_reference=reference,
            price=Money(Decimal(price), "CNY"),
            co2e_kg=co2,
            legs=(_LEG,) * legs,
            created_at=at,
            updated_at=at + dt.timedelta(microseconds=1),
        )
        route = BookingPublic.of(booking).model_dump_json(by_alias=True).encode()
        assert booking_fast_path.public_json(booking) == route
