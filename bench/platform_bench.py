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
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent.parent))

import raw_client
from tests.postgres import postgres_cluster, postgres_database
from tests.servers import free_port, wait_for_http

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


async def _load(
    key: str, ids: list[str], *, plans: bool = True
) -> tuple[int, int, int, float, int, float]:
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
        if not plans:
            return confirmed, refused, failed, booking_time, 0, 1.0
        planned = 0
        plan_deadline = time.perf_counter() + SECONDS / 2

        async def planner() -> None:
            nonlocal planned, failed
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
                    planned += 1
                else:
                    failed += 1

        start = time.perf_counter()
        await asyncio.gather(*(planner() for _ in range(CLIENTS)))
        plan_time = time.perf_counter() - start
    return confirmed, refused, failed, booking_time, planned, plan_time


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


# Issue 15, item 6: the booking path against pgbench running the booking's own statements (those
# tests/services/test_booking_round_trips.py pins: the conditional UPDATE of the departure and one
# INSERT of the booking with its leg, between BEGIN and COMMIT) on the same cluster.
PGBENCH_SCRIPT = """\\set n random(1, 60)
BEGIN;
UPDATE departures SET booked_teu = booked_teu + 1, reefer_plugs_booked = reefer_plugs_booked + 0
 WHERE id = (SELECT id FROM bench_departures WHERE n = :n)
   AND booked_teu + 1 <= capacity_teu AND reefer_plugs_booked + 0 <= reefer_plugs;
WITH b AS (INSERT INTO bookings (id, organisation_id, status, teu, cargo_type, shipper_reference,
   price_amount, price_minor, price_currency, co2e_kg, idempotency_key, request_hash, created_at,
   updated_at)
   VALUES (gen_random_uuid()::text, :org, 'confirmed', 1, 'general', NULL, 4321.00, 432100, 'CNY',
   812.345, NULL, md5(random()::text) || md5(random()::text), now(), now()) RETURNING id)
INSERT INTO booking_legs (booking_id, seq, departure_id, service_id, from_locode, to_locode,
   teu, plugs)
 SELECT b.id, 0, d.id, d.service_id, 'CNCQI-TJC', 'CNQZH', 1, 0
   FROM b, bench_departures AS d WHERE d.n = :n;
COMMIT;
"""

PGBENCH_ONE = """\\set n random(1, 60)
WITH reserved AS (UPDATE departures SET booked_teu = booked_teu + 1,
   reefer_plugs_booked = reefer_plugs_booked + 0
 WHERE id = (SELECT id FROM bench_departures WHERE n = :n)
   AND booked_teu + 1 <= capacity_teu AND reefer_plugs_booked + 0 <= reefer_plugs
 RETURNING id, service_id),
b AS (INSERT INTO bookings (id, organisation_id, status, teu, cargo_type, shipper_reference,
   price_amount, price_minor, price_currency, co2e_kg, idempotency_key, request_hash, created_at,
   updated_at)
 SELECT gen_random_uuid()::text, :org, 'confirmed', 1, 'general', NULL, 4321.00, 432100, 'CNY',
   812.345, NULL, md5(random()::text) || md5(random()::text), now(), now() FROM reserved
 RETURNING id)
INSERT INTO booking_legs (booking_id, seq, departure_id, service_id, from_locode, to_locode,
   teu, plugs)
 SELECT b.id, 0, reserved.id, reserved.service_id, 'CNCQI-TJC', 'CNQZH', 1, 0 FROM b, reserved;
"""
"""The common booking (one scheduled leg) as the API's fast path stores it since the third
round: the conditional UPDATE and both INSERTs in one statement, its own transaction
(``persistence/booking_store.py``); run once a round beside :data:`PGBENCH_SCRIPT`."""


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` and its children that were waited for."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / ticks


def _server_cpu(server: subprocess.Popen[bytes]) -> float:
    """CPU seconds of the server's process tree (uvicorn's workers are its children)."""
    return tree_cpu(server.pid)


def tree_cpu(pid: int) -> float:
    """CPU seconds of process ``pid`` and its children (living, and waited for)."""
    total = _cpu_seconds(pid)
    for child in Path(f"/proc/{pid}/task").glob("*/children"):
        for pid in child.read_text().split():
            total += _cpu_seconds(int(pid))
    return total


def _serve_and_load(
    command: list[str], env: dict[str, str], ready: str, key: str, ids: list[str], client: str
) -> tuple[float, int, float, float]:
    """Start ``command`` (a server on ``PORT``), let the bench's clients (``client``: httpx, or
    the lean one of bench/raw_client.py) book for ``SECONDS``, stop it: (bookings/s, failed,
    the client's CPU share, the server's CPU share)."""
    proc = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: its workers can be ended with it
    )
    try:
        wait_for_http(f"http://127.0.0.1:{PORT}{ready}", timeout=180)
        cpu0, server0, wall0 = time.process_time(), _server_cpu(proc), time.perf_counter()
        if client == "httpx":
            confirmed, _, failed, booking_time, _, _ = asyncio.run(_load(key, ids, plans=False))
        else:
            confirmed, _, failed, booking_time = asyncio.run(
                raw_client.load(PORT, key, ids, clients=CLIENTS, seconds=SECONDS)
            )
        wall = time.perf_counter() - wall0
        client_share = (time.process_time() - cpu0) / wall
        server_share = (_server_cpu(proc) - server0) / wall
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a worker still finishing: the next round needs the port
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
    return confirmed / booking_time, failed, client_share, server_share


CEILING = Path(__file__).parent / "asgi_ceiling.py"


def route_only() -> object:
    """``landsea serve``'s app with the booking's fast path off: every booking through the
    FastAPI route (the "before" of issue 15's fast path, in the same run)."""
    from landsea.web.app import create_app

    app = create_app()
    app.state.fast_bookings = False
    return app


def _route_only_command(port: int, workers: int) -> list[str]:
    """uvicorn as ``landsea serve`` runs it, on :func:`route_only`."""
    return [sys.executable, "-c",
            "import uvicorn; uvicorn.run('platform_bench:route_only', factory=True,"
            f" host='127.0.0.1', port={port}, workers={workers}, log_level='info',"
            f" access_log=False, app_dir={str(Path(__file__).parent)!r})"]  # fmt: skip


def against_pgbench(rounds: int = 2, client: str = "raw", workers: int = 2) -> None:
    """Bookings/s through the API (client in this process, CPU shares measured) against
    pgbench running the booking's statements, alternated, on one PostgreSQL cluster; and the
    same client against two bare ASGI apps under the same uvicorn settings (the ceiling,
    bench/asgi_ceiling.py): one answering 201 at once, one running the booking's SQL. The API
    runs twice a round: as served (the booking's fast path) and with every booking through the
    route (:func:`route_only`); ``workers``: its uvicorn worker processes."""
    print(
        f"  client: {client}, {CLIENTS} keep-alive connections in this process; API workers {workers}"
    )
    import shutil
    import statistics

    import psycopg

    pgbench = shutil.which("pgbench") or next(
        iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/pgbench"))), None
    )
    global PORT
    PORT = free_port()  # other benchmarks may run on this machine
    with postgres_database("bench") as url, tempfile.TemporaryDirectory() as folder:
        if url is None or pgbench is None:
            print("  PostgreSQL or pgbench not installed: skipped")
            return
        raw = url.replace("+psycopg", "")
        key, ids = _prepare(url)
        with psycopg.connect(raw, autocommit=True) as connection:
            # Room for every booking of every round: both sides always confirm.
            connection.execute(
                "UPDATE departures SET capacity_teu = 1000000 WHERE id = ANY(%s)", [ids]
            )
            connection.execute(
                "CREATE TABLE bench_departures AS SELECT row_number() OVER (ORDER BY id) AS n,"
                " id, service_id FROM departures WHERE id = ANY(%s)",
                [ids],
            )
            org = connection.execute("SELECT id FROM organisations LIMIT 1").fetchone()[0]
        script, one = Path(folder) / "booking.sql", Path(folder) / "one.sql"
        script.write_text(PGBENCH_SCRIPT)
        one.write_text(PGBENCH_ONE)
        env = {**os.environ, "LANDSEA_DATABASE_URL": url, "BENCH_DSN": raw, "BENCH_ORG": org}
        servers = {
            "API": ([sys.executable, "-m", "landsea", "serve", "--workers", str(workers),
                     "--port", str(PORT)], "/openapi.json"),
            "API, route only": (_route_only_command(PORT, workers), "/openapi.json"),
            "bare ASGI, fixed 201": ([sys.executable, str(CEILING), "fixed", str(PORT)], "/"),
            "bare ASGI + booking SQL": ([sys.executable, str(CEILING), "sql", str(PORT)], "/"),
        }  # fmt: skip
        rates: dict[str, list[float]] = {name: [] for name in servers}
        bench: list[float] = []
        at_once: list[float] = []
        for n in range(rounds):
            for name, (command, ready) in servers.items():
                rate, failed, client_cpu, server_cpu = _serve_and_load(
                    command, env, ready, key, ids, client
                )
                rates[name].append(rate)
                print(
                    f"  round {n + 1}: {name:<24} {rate:7.1f} bookings/s ({failed} failed; "
                    f"client CPU {client_cpu:.0%}, server CPU {server_cpu:.0%} of a core)"
                )
                bench.append(_pgbench(pgbench, script, org, raw))
                print(f"  round {n + 1}: pgbench {bench[-1]:7.1f} tps")
            at_once.append(_pgbench(pgbench, one, org, raw))
            print(f"  round {n + 1}: pgbench, one statement {at_once[-1]:7.1f} tps")
        over, mismatched = _check(url)
    load = os.getloadavg()
    tps = statistics.median(bench)
    print(f"  pgbench, the booking's SQL: median {tps:.1f} tps of {len(bench)} runs")
    for name, found in rates.items():
        ratio = statistics.median(found) / tps
        print(
            f"  {name:<24} median {statistics.median(found):7.1f}/s: ratio to pgbench "
            f"{ratio:.3f} (target ≥ 0.25: {'met' if ratio >= 0.25 else 'MISSED'})"
        )
    single = statistics.median(at_once)
    print(
        f"  pgbench, the common booking's one statement: median {single:.1f} tps of "
        f"{len(at_once)} runs; API against it {statistics.median(rates['API']) / single:.3f}"
    )
    print(
        f"  overbooked {over}, mismatched {mismatched}; "
        f"load average {load[0]:.1f} on {os.cpu_count()} CPUs"
    )


def _pgbench(pgbench: Path | str, script: Path, org: str, raw: str) -> float:
    """Transactions per second of pgbench running ``script`` for ``SECONDS``."""
    result = subprocess.run(
        [str(pgbench), "-n", "-M", "prepared", "-c", str(CLIENTS), "-j", "2", "-T",
         str(int(SECONDS)), "-f", str(script), "-D", f"org={org}", raw],
        capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"pgbench failed: {result.stderr[-2000:]}")
    return float(result.stdout.split("tps = ", 1)[1].split()[0])


def main() -> None:
    if sys.argv[1:2] == ["pgbench"]:
        against_pgbench(
            int(sys.argv[2]) if len(sys.argv) > 2 else 2,
            sys.argv[3] if len(sys.argv) > 3 else "raw",
            int(sys.argv[4]) if len(sys.argv) > 4 else 2,
        )
        return
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
