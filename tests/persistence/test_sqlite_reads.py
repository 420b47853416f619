"""The one-shot plan's reads with :mod:`sqlite3` give what the repositories give on the same
SQLite file (:mod:`landsea.persistence.sqlite_reads`), and ``landsea plan`` on such a file plans
with them, not the platform, to the same plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from landsea.domain.disruption import Closure, ClosureSubject, ExceptionKind, Reason, RunException
from landsea.persistence.database import Database, UnitOfWork
from landsea.persistence.network_rows import NetworkVersionRow
from landsea.persistence.sqlite_reads import SqlitePlanReads, sqlite_path
from landsea.persistence.tables import TrackingEventRow
from tests.persistence.records import CST, T0, departure, organisation

START, END = T0 - dt.timedelta(days=10), T0 + dt.timedelta(days=10)


def _event(n: int, kind: str, at: dt.datetime, **columns: Any) -> TrackingEventRow:
    values: dict[str, Any] = {
        "classifier": "ACT",
        "location": "CNQZH",
        "equipment_reference": "MSKU1234565",
    }
    values |= columns
    return TrackingEventRow(
        event_id=f"e{n}", version="3.0", event_type="EQUIPMENT", type_code=kind, event_at=at,
        created_at=at, body={}, **values,
    )  # fmt: skip


def _fill(uow: UnitOfWork) -> None:
    org = organisation(uow)
    booked = departure(uow, T0, teu=10, plugs=2)
    plugged = departure(uow, T0 + dt.timedelta(days=2), teu=10, plugs=2)
    changed = departure(uow, T0 - dt.timedelta(days=3))
    departure(uow, T0)  # untouched: whole capacity, not read
    late = departure(uow, END + dt.timedelta(hours=1))
    assert uow.departures.reserve(booked, 4, 0) and uow.departures.reserve(late, 1, 0)
    assert uow.departures.reserve(plugged, 0, 1)
    assert uow.departures.set_capacity(changed, 7)
    uow.departures.audit(
        departure_id=changed, organisation_id=org, field="capacity_teu", old="10", new="7"
    )
    hour = dt.timedelta(hours=1)
    uow.session.add_all([
        _event(1, "DISC", T0 - 30 * hour),
        _event(2, "CUSR", T0 - 2 * hour),
        _event(3, "ARRI", T0 - 40 * hour, equipment_reference=None, carrier_booking_reference="BK1"),
        _event(4, "CUSR", T0 - hour, carrier_booking_reference="BK1", equipment_reference="TGHU0000001"),
        _event(5, "CUSR", T0, retracted_by="e9"),
        _event(6, "CUSR", T0, classifier="EST"),
        _event(7, "CUSR", T0, equipment_reference=None),
        _event(8, "CUSR", START - 5 * hour, location="THLCH"),
        _event(9, "GTIN", START - 20 * hour, location="THLCH"),
        NetworkVersionRow(author="a", summary="first", digest="d1", created_at=T0),
        NetworkVersionRow(author="b", summary="second", digest="d2", created_at=T0),
    ])  # fmt: skip
    reason = Reason(en="typhoon", zh="台风", code="WEA")
    for n, lifted in ((1, False), (2, True), (3, False)):
        run = T0 + dt.timedelta(days=n)
        uow.disruptions.add_exception(
            RunException(
                id=f"x{n}",
                service_id="T-SVC",
                kind=ExceptionKind.DELAY,
                reason=reason,
                departure_id=f"T-SVC-{n}",
                run_start=run,
                delay=dt.timedelta(hours=n),
                organisation_id=org,
            )
        )
        uow.disruptions.add_closure(
            Closure(
                id=f"c{n}",
                subject=ClosureSubject.PLACE,
                code="CNQZH",
                starts=run,
                ends=run + dt.timedelta(hours=5),
                reason=reason,
                organisation_id=org,
            )
        )
        if lifted:
            uow.disruptions.lift(f"x{n}", T0)
            uow.disruptions.lift(f"c{n}", T0)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    url = f"sqlite:///{tmp_path_factory.mktemp('reads') / 'landsea.db'}"
    found = Database(url, migrate=True)
    with found.uow() as uow:
        _fill(uow)
    yield found
    found.dispose()


@pytest.fixture
def reads(database: Database) -> Iterator[SqlitePlanReads]:
    path = sqlite_path(database.url)
    assert path is not None
    with SqlitePlanReads(path) as opened:
        yield opened


def test_the_departures_in_use_are_the_repositorys(
    database: Database, reads: SqlitePlanReads
) -> None:
    for start, end in ((START, END), (T0.astimezone(CST), END + dt.timedelta(days=1))):
        with database.uow(read_only=True) as uow:
            expected = sorted(uow.departures.in_use(start, end), key=lambda d: d.id)
        assert sorted(reads.in_use(start, end), key=lambda d: d.id) == expected
    assert len(reads.in_use(START, END)) == 3


def test_the_clearance_events_are_the_repositorys(
    database: Database, reads: SqlitePlanReads
) -> None:
    def key(event: Any) -> tuple[str, str, str, dt.datetime]:
        return event.location, event.container or "", event.booking or "", event.at

    since = START - dt.timedelta(days=30)
    with database.uow(read_only=True) as uow:
        expected = [
            sorted(uow.events.customs_releases(START, END), key=key),
            sorted(uow.events.customs_releases(START, END, "CNQZH"), key=key),
            sorted(uow.events.customs_releases(since, START, "THLCH"), key=key),
            sorted(uow.events.arrivals_before_release(["MSKU1234565"], ["BK1"], since), key=key),
        ]
    found = [
        sorted(reads.customs_releases(START, END), key=key),
        sorted(reads.customs_releases(START, END, "CNQZH"), key=key),
        sorted(reads.customs_releases(since, START, "THLCH"), key=key),
        sorted(reads.arrivals_before_release(["MSKU1234565"], ["BK1"], since), key=key),
    ]
    assert found == expected
    assert [len(events) for events in found] == [2, 2, 1, 3]


def test_disruptions_and_the_network_head_are_the_repositorys(
    database: Database, reads: SqlitePlanReads
) -> None:
    with database.uow(read_only=True) as uow:
        expected = (uow.disruptions.exceptions(), uow.disruptions.closures(), uow.network.head())
    assert (reads.exceptions(), reads.closures(), reads.head()) == expected
    assert [e.id for e in expected[0]] == ["x1", "x3"] and expected[2] is not None


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:////tmp/landsea.db", Path("/tmp/landsea.db")),
        ("sqlite:///landsea.db", Path("landsea.db")),
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        ("postgresql+psycopg://localhost/landsea", None),
    ],
)
def test_sqlite_path(url: str, path: Path | None) -> None:
    assert sqlite_path(url) == path
