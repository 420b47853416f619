"""Issue 4 benchmark: bookings and plans per second through HTTP against ``landsea serve --workers 2``.

For SQLite and for a throwaway PostgreSQL cluster: migrate, store departures, create a shipper,
start the server in its own processes, and let 32 concurrent clients (one asyncio loop, keep-alive
connections) book 1 TEU at a time on 60 departures of 100 TEU for a fixed time, then request
plans. At the end the database is checked: no departure has more TEU booked than its capacity,
and every departure's booked TEU equal the sum of its confirmed bookings' legs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent.parent))

from tests.postgres import postgres_cluster
from tests.servers import wait_for_http

from landsea.services import accounts, departures
from landsea.services.platform import open_platform

CLIENTS = 32
SECONDS = 12.0
PORT = 8731
PLANS = [
    ("Chongqing", "Singapore"),
    ("重庆", "河内"),
    ("Kunming", "Bangkok"),
    ("Chengdu", "Qinzhou"),
    ("CNCQI", "DEDUI"),
]


def _prepare(url: str) -> tuple[str, list[str]]:
    platform = open_platform(url, migrate=True, departure_horizon_days=60)
    departures.sync_departures(platform, start=dt.date.today())
    accounts.create_organisation(platform, "bench shipper", "shipper")
    key, _ = accounts.create_key(platform, "bench shipper")
    views = departures.find_departures(
        platform, origin="CNCQI-TJC", destination="CNQZH", date=None, after=None, limit=60
    )
    platform.dispose()
    return key, [v.capacity.id for v in views]


async def _load(key: str, ids: list[str]) -> tuple[int, int, int, float, int, float]:
    headers = {"Authorization": f"Bearer {key}"}
    deadline = time.perf_counter() + SECONDS
    confirmed = refused = failed = 0
    rng = random.Random(1)

    async def booker(client: httpx.AsyncClient) -> None:
        nonlocal confirmed, refused, failed
        while time.perf_counter() < deadline:
            body = {
                "legs": [{"departure_id": rng.choice(ids), "from": "CNCQI-TJC", "to": "CNQZH"}],
                "teu": 1,
            }
            try:
                response = await client.post("/api/v1/bookings", json=body, headers=headers)
            except httpx.HTTPError:
                failed += 1
                continue
            if response.status_code == 201:
                confirmed += 1
            elif response.status_code == 409:
                refused += 1
            else:
                failed += 1

    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{PORT}", limits=limits, timeout=60
    ) as client:
        start = time.perf_counter()
        await asyncio.gather(*(booker(client) for _ in range(CLIENTS)))
        booking_time = time.perf_counter() - start
        plans = 0
        plan_deadline = time.perf_counter() + SECONDS / 2

        async def planner() -> None:
            nonlocal plans, failed
            n = 0
            while time.perf_counter() < plan_deadline:
                origin, destination = PLANS[n % len(PLANS)]
                n += 1
                try:
                    response = await client.post(
                        "/api/v1/plans",
                        json={"origin": origin, "destination": destination},
                        headers=headers,
                    )
                except httpx.HTTPError:
                    failed += 1
                    continue
                if response.status_code == 200:
                    plans += 1
                else:
                    failed += 1

        start = time.perf_counter()
        await asyncio.gather(*(planner() for _ in range(CLIENTS)))
        plan_time = time.perf_counter() - start
    return confirmed, refused, failed, booking_time, plans, plan_time


def _check(url: str) -> tuple[int, int]:
    platform = open_platform(url)
    with platform.database.engine.connect() as connection:
        over = connection.execute(
            text("SELECT count(*) FROM departures WHERE booked_teu > capacity_teu")
        ).scalar_one()
        mismatched = connection.execute(
            text(
                "SELECT count(*) FROM departures d WHERE d.booked_teu <> COALESCE(("
                " SELECT sum(l.teu) FROM booking_legs l JOIN bookings b ON b.id = l.booking_id"
                " WHERE l.departure_id = d.id AND b.status = 'confirmed'), 0)"
            )
        ).scalar_one()
    platform.dispose()
    return int(over), int(mismatched)


def _run(name: str, url: str) -> None:
    key, ids = _prepare(url)
    env = {**os.environ, "LANDSEA_DATABASE_URL": url}
    server = subprocess.Popen(
        [sys.executable, "-m", "landsea", "serve", "--workers", "2", "--port", str(PORT)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(tempfile.gettempdir()) / f"landsea-bench-{name}.log", "w"),
    )
    try:
        wait_for_http(f"http://127.0.0.1:{PORT}/openapi.json")
        confirmed, refused, failed, booking_time, plans, plan_time = asyncio.run(_load(key, ids))
    finally:
        server.terminate()
        server.wait(timeout=30)
    over, mismatched = _check(url)
    rate = confirmed / booking_time
    target = 300 if name == "PostgreSQL" else 100
    print(
        f"  {name:<10} bookings {rate:7.1f}/s ({confirmed} confirmed, {refused} full, {failed} failed, "
        f"{booking_time:.1f} s)   target ≥ {target}/s: {'met' if rate >= target else 'MISSED'}"
    )
    print(f"  {'':<10} plans    {plans / plan_time:7.1f}/s ({plans} in {plan_time:.1f} s)")
    print(
        f"  {'':<10} overbooked departures {over}, departures whose booked TEU differ from their bookings {mismatched}: {'OK' if over == mismatched == 0 else 'BROKEN'}"
    )


def main() -> None:
    print(
        f"Issue 4 — HTTP, {CLIENTS} concurrent clients, `landsea serve --workers 2`, {SECONDS:g} s of bookings then {SECONDS / 2:g} s of plans"
    )
    with tempfile.TemporaryDirectory() as folder:
        _run("SQLite", f"sqlite:///{Path(folder) / 'bench.db'}")
    with postgres_cluster() as server:
        if server is None:
            print("  PostgreSQL  not installed: skipped")
            return
        import psycopg

        with psycopg.connect(server.replace("+psycopg", ""), autocommit=True) as connection:
            connection.execute("CREATE DATABASE bench")
        _run("PostgreSQL", server.rsplit("/", 1)[0] + "/bench")


if __name__ == "__main__":
    main()
