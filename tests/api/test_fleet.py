"""A fleet on one PostgreSQL: three ``landsea serve`` processes and two ``landsea worker``s take
concurrent bookings, event batches, cargo requests and consolidation runs, and deliver webhooks
to a loopback receiver, while a worker is killed (SIGKILL) in the middle of a job and a server
is killed mid-way through the load. Afterwards:

- no overbooking: every departure's booked TEU is within its capacity and equals its bookings';
- no acknowledged write lost: every 201 booking and cargo request, every 200 event batch is in
  the database;
- no notification lost: every outbox row is delivered **at least once** (a server killed between
  sending and recording sends again after the lease; the receiver dedupes by event id);
- no job done twice: every run ends done or failed, the job the dead worker held is finished by
  another, and no cargo request is booked twice (each applied run's bookings exist once).
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from landsea.domain.consolidation import CargoRequest
from landsea.domain.webhook_target import TargetPolicy
from landsea.services import accounts, departures
from landsea.services.platform import Platform, open_platform
from landsea.services.subscriptions import LEASE_S, deliver
from tests.fixtures import arrival_event
from tests.fixtures.db import new_database
from tests.servers import free_port, wait_until_listening

HORIZON_DAYS = 40
LOAD_S = 4.0
"""The load lasts this long at least, then until it has reached every race (:meth:`_Load.reached`,
and a raced-for train booked full)."""
LOAD_MAX_S = 60.0
LEASE_S_JOBS = 3
BIG_POOL = 800  # pending requests that make a long run (about a second of work)
PAIRS = [("CNCQI-TJC", "CNQZH"), ("CNCQI-TJC", "SGSIN"), ("CNQZH", "SGSIN")]


class _Receiver(ThreadingHTTPServer):
    """The subscriber: records every event id of every notification it is sent."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.event_ids: list[str] = []
        self.posts = 0
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    server: _Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        events = json.loads(body)
        with self.server.lock:
            self.server.posts += 1
            self.server.event_ids.extend(e["eventID"] for e in events)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[_Receiver]:
    server = _Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _scalar(platform: Platform, sql: str, **params: Any) -> Any:
    with platform.database.engine.connect() as connection:
        return connection.execute(text(sql), params).scalar()


def _rows(platform: Platform, sql: str, **params: Any) -> list[Any]:
    with platform.database.engine.connect() as connection:
        return list(connection.execute(text(sql), params))


def _big_pool(platform: Platform, shipper: str) -> None:
    now = dt.datetime.now(dt.UTC)
    with platform.uow() as uow:
        for n in range(BIG_POOL):
            origin, destination = PAIRS[n % len(PAIRS)]
            ready = now + dt.timedelta(days=3 + n % 20, hours=n % 24)
            uow.cargo_requests.add(
                CargoRequest(
                    id=str(uuid.uuid4()),
                    origin=origin,
                    destination=destination,
                    teu=1 + n % 3,
                    cargo_type="general",
                    ready=ready,
                    due=ready + dt.timedelta(days=10),
                    penalty_per_day=Decimal(100),
                    organisation_id=shipper,
                    reference=f"pool-{n}",
                )
            )


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "landsea", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


class _Load:
    """Clients spread over the live servers until ``stop``; they record what was acknowledged."""

    def __init__(self, ports: list[int], keys: dict[str, str], trains: list[str]) -> None:
        self.live = list(ports)
        self.keys = keys
        self.trains = trains
        self.stop = threading.Event()
        self.bookings: list[str] = []
        self.refused = 0
        self.events: list[str] = []
        self.requests: list[str] = []
        self.runs: list[str] = []
        self.lock = threading.Lock()
        self._turn = itertools.count()

    def reached(self) -> bool:
        """Whether the clients met a full departure and acknowledged writes of every kind (runs
        that apply as well as runs that only plan: every second run applies)."""
        with self.lock:
            return bool(
                self.refused and self.bookings and self.events and self.requests
                and len(self.runs) >= 4
            )  # fmt: skip

    def _post(self, who: str, path: str, body: Any) -> httpx.Response | None:
        port = self.live[next(self._turn) % len(self.live)]
        try:
            return httpx.post(
                f"http://127.0.0.1:{port}/api/v1{path}",
                json=body,
                headers={"Authorization": f"Bearer {self.keys[who]}"},
                timeout=20,
            )
        except httpx.HTTPError:  # the server died under this request: not acknowledged
            return None

    def book(self, n: int) -> None:
        for k in itertools.count():
            if self.stop.is_set():
                return
            train = self.trains[k % len(self.trains)]
            response = self._post(
                "shipper",
                "/bookings",
                {"legs": [{"departure_id": train, "from": "CNCQI-TJC", "to": "CNQZH"}],
                 "teu": 1 + k % 2, "shipper_reference": f"client-{n}-{k}"},
            )  # fmt: skip
            with self.lock:
                if response is not None and response.status_code == 201:
                    self.bookings.append(response.json()["id"])
                elif response is not None and response.status_code == 409:
                    self.refused += 1

    def send_events(self) -> None:
        for n in itertools.count():
            if self.stop.is_set():
                return
            ids = [f"fleet-{n}-{k}" for k in range(20)]
            response = self._post("admin", "/events", {"events": [arrival_event(i) for i in ids]})
            if response is not None and response.status_code == 200:
                assert response.json()["stored"] == len(ids), response.text
                with self.lock:
                    self.events.extend(ids)

    def ask(self) -> None:
        for n in itertools.count():
            if self.stop.wait(0.05):
                return
            ready = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
            response = self._post(
                "shipper",
                "/cargo-requests",
                {"origin": "CNCQI-TJC", "destination": "CNQZH", "teu": 1,
                 "ready": ready.isoformat(), "due": (ready + dt.timedelta(days=9)).isoformat(),
                 "penalty_per_day": 100, "reference": f"ask-{n}"},
            )  # fmt: skip
            if response is not None and response.status_code == 201:
                with self.lock:
                    self.requests.append(response.json()["id"])

    def consolidate(self) -> None:
        for n in itertools.count():
            if self.stop.wait(0.4):
                return
            # Long runs over every pending request, and short ones that book the latest asks.
            body = (
                {"method": "greedy", "horizon_days": 30}
                if n % 2 == 0
                else {"method": "greedy", "horizon_days": 1, "apply": True}
            )
            response = self._post("operator", "/consolidation/runs", body)
            if response is not None and response.status_code == 202:
                with self.lock:
                    self.runs.append(response.json()["id"])


def _wait(condition: Any, timeout: float, poll: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(poll)
    return bool(condition())


def test_a_fleet_survives_a_killed_worker_and_server(
    tmp_path: Path,
    postgres_server: str | None,
    receiver: _Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = new_database("postgresql", tmp_path, postgres_server)
    platform = open_platform(url, migrate=True, departure_horizon_days=HORIZON_DAYS)
    departures.sync_departures(platform)
    keys, ids = {}, {}
    for who, role in (("shipper", "shipper"), ("operator", "operator"), ("admin", "admin")):
        ids[who] = accounts.create_organisation(platform, who, role).organisation_id
        keys[who], _ = accounts.create_key(platform, who)
    _big_pool(platform, ids["shipper"])
    trains = [
        r[0]
        for r in _rows(
            platform,
            "SELECT id FROM departures WHERE service_id = 'SR-CQ-QZH' "
            "AND departure_at > now() + interval '1 day' ORDER BY departure_at LIMIT 3",
        )
    ]
    assert len(trains) == 3
    with platform.database.engine.begin() as connection:
        connection.execute(
            text("UPDATE departures SET capacity_teu = 12 WHERE id = ANY(:ids)"), {"ids": trains}
        )

    settings = {
        "LANDSEA_WEBHOOK_ALLOW_HTTP": "true",
        "LANDSEA_WEBHOOK_ALLOW_LOOPBACK": "true",
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    env = {
        **os.environ,
        **settings,
        "LANDSEA_DATABASE_URL": url,
        "LANDSEA_DEPARTURE_HORIZON_DAYS": str(HORIZON_DAYS),
        "LANDSEA_JOB_LEASE_SECONDS": str(LEASE_S_JOBS),
        "LANDSEA_DELIVERY_INTERVAL_SECONDS": "0.3",
    }
    ports = [free_port() for _ in range(3)]
    # The server that is killed carries out jobs too; the other two leave them to the workers.
    servers = [
        _start(["serve", "--port", str(p)], {**env, "LANDSEA_JOB_WORKERS": str(int(n == 2))})
        for n, p in enumerate(ports)
    ]
    workers = [_start(["worker", "--concurrency", "2"], env) for _ in range(2)]
    processes = servers + workers
    load = _Load(ports, keys, trains)
    threads: list[threading.Thread] = []
    try:
        for port, server in zip(ports, servers, strict=True):
            wait_until_listening(port, server)
        secret = base64.b64encode(b"fleet-secret-0123456789").decode()
        subscribed = httpx.post(
            f"http://127.0.0.1:{ports[0]}/api/v1/event-subscriptions",
            json={"callbackUrl": f"http://127.0.0.1:{receiver.server_port}/hook",
                  "secret": secret},
            headers={"Authorization": f"Bearer {keys['admin']}"},
            timeout=60,  # a cold server's first answer: seconds on a busy machine
        )  # fmt: skip
        assert subscribed.status_code == 201, subscribed.text

        threads = [threading.Thread(target=load.book, args=(n,)) for n in range(3)]
        threads += [
            threading.Thread(target=load.send_events),
            threading.Thread(target=load.ask),
            threading.Thread(target=load.consolidate),
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()

        # Kill a worker in the middle of a job it holds.
        victim = workers[0]

        def held() -> str | None:
            found = _scalar(
                platform,
                "SELECT id FROM jobs WHERE status = 'running' AND owner LIKE :o LIMIT 1",
                o=f"%:{victim.pid}:%",
            )
            return None if found is None else str(found)

        assert _wait(lambda: held() is not None, LOAD_MAX_S), "no worker took a job"
        killed_job = held()
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=10)
        still_running = _scalar(platform, "SELECT status FROM jobs WHERE id = :j", j=killed_job)

        # Mid-way through the load, kill a server too.
        time.sleep(max(0.0, started + LOAD_S / 2 - time.monotonic()))
        load.live.remove(ports[2])
        os.kill(servers[2].pid, signal.SIGKILL)
        servers[2].wait(timeout=10)

        def full() -> int:
            """How many of the raced-for trains are booked to the last TEU."""
            return int(
                _scalar(platform, "SELECT count(*) FROM departures WHERE id = ANY(:t) "
                        "AND booked_teu = capacity_teu", t=trains)
            )  # fmt: skip

        time.sleep(max(0.0, started + LOAD_S - time.monotonic()))
        _wait(
            lambda: load.reached() and full() >= 1,
            max(0.0, started + LOAD_MAX_S - time.monotonic()),
            poll=0.2,
        )
        load.stop.set()
        for thread in threads:
            thread.join(timeout=30)

        # The survivors finish every job, the dead worker's included.
        assert _wait(
            lambda: _scalar(platform, "SELECT count(*) FROM jobs WHERE status IN "
                            "('queued', 'running')") == 0,
            60,  # a deadline for progress, not a speed: a busy machine runs the jobs slowly
            poll=0.2,
        ), _rows(platform, "SELECT id, status, attempts, owner FROM jobs "
                 "WHERE status IN ('queued', 'running')")  # fmt: skip
        # The live servers deliver what they can; what the dead one had leased is due again
        # when its lease (LEASE_S) runs out: deliver it as that moment.
        _wait(
            lambda: _scalar(platform, "SELECT count(*) FROM outbox WHERE delivered_at IS NULL "
                            "AND next_attempt_at < now() + interval '10 seconds'") == 0,
            10,
            poll=0.2,
        )  # fmt: skip
        # This process delivers as the servers do: to the test's receiver on loopback over http.
        platform.webhook_policy = TargetPolicy(allow_http=True, allow_loopback=True)
        later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=LEASE_S + 1)
        while deliver(platform, now=later).sent:
            pass
    finally:
        load.stop.set()
        for thread in threads:
            thread.join(timeout=30)
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()

    try:
        # No overbooking; the counters agree with the bookings.
        wrong = _rows(
            platform,
            "SELECT d.id, d.capacity_teu, d.booked_teu, COALESCE(SUM(l.teu), 0) "
            "FROM departures d LEFT JOIN booking_legs l ON l.departure_id = d.id "
            "LEFT JOIN bookings b ON b.id = l.booking_id AND b.status <> 'cancelled' "
            "WHERE b.id IS NOT NULL OR l.id IS NULL "
            "GROUP BY d.id, d.capacity_teu, d.booked_teu "
            "HAVING d.booked_teu > d.capacity_teu OR d.booked_teu <> COALESCE(SUM(l.teu), 0)",
        )
        assert wrong == []
        assert load.refused > 0, "the load never reached the capacity it races for"
        assert full() >= 1

        # No acknowledged write lost.
        assert load.bookings and load.events and load.requests and load.runs
        stored = _scalar(platform, "SELECT count(*) FROM bookings WHERE id = ANY(:i)",
                         i=load.bookings)  # fmt: skip
        assert stored == len(set(load.bookings))
        stored = _scalar(platform, "SELECT count(*) FROM tracking_events WHERE event_id = ANY(:i)",
                         i=load.events)  # fmt: skip
        assert stored == len(set(load.events))
        stored = _scalar(platform, "SELECT count(*) FROM cargo_requests WHERE id = ANY(:i)",
                         i=load.requests)  # fmt: skip
        assert stored == len(set(load.requests))

        # No notification lost (at least once; the receiver dedupes by event id).
        assert _scalar(platform, "SELECT count(*) FROM outbox WHERE delivered_at IS NULL") == 0
        sent_ids = {
            event["eventID"]
            for (payload,) in _rows(platform, "SELECT payload FROM outbox")
            for event in json.loads(payload)
        }
        assert set(load.events) <= sent_ids
        assert sent_ids <= set(receiver.event_ids)
        assert len(receiver.event_ids) >= len(sent_ids)

        # No job done twice.
        runs = _rows(
            platform,
            "SELECT r.id, r.status, r.error, r.result, j.status, j.attempts FROM "
            "consolidation_runs r JOIN jobs j ON j.id = r.id WHERE r.id = ANY(:i)",
            i=load.runs,
        )
        assert len(runs) == len(load.runs)
        for run_id, status, error, _, job_status, _ in runs:
            assert status in ("done", "failed") and job_status == "done", (run_id, status, error)
            # Two applying runs may race for the same asks: the later one is refused whole.
            assert status == "done" or "no longer pending" in error or "applied" in error, error
        booked_by_runs = [
            booking
            for *_, result, _, _ in runs
            if result is not None
            for booking in json.loads(result).get("booking_ids", [])
        ]
        assert booked_by_runs, "no run applied anything"
        assert len(booked_by_runs) == len(set(booked_by_runs))
        assert _scalar(platform, "SELECT count(*) FROM bookings WHERE id = ANY(:i)",
                       i=booked_by_runs) == len(booked_by_runs)  # fmt: skip
        twice = _rows(
            platform,
            "SELECT shipper_reference FROM bookings WHERE shipper_reference LIKE 'ask-%' "
            "OR shipper_reference LIKE 'pool-%' GROUP BY shipper_reference HAVING count(*) > 1",
        )
        assert twice == []
        assert _scalar(
            platform,
            "SELECT count(*) FROM cargo_requests c LEFT JOIN bookings b ON b.id = c.booking_id "
            "WHERE c.status = 'booked' AND b.id IS NULL",
        ) == 0  # fmt: skip
        # The dead worker's job was finished by another, on a second attempt.
        final = _rows(platform, "SELECT status, attempts, owner FROM jobs WHERE id = :j",
                      j=killed_job)  # fmt: skip
        status, attempts, owner = final[0]
        assert status == "done"
        if still_running == "running":
            assert attempts >= 2 and f":{victim.pid}:" not in owner, final
    finally:
        platform.dispose()
