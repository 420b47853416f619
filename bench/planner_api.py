"""Plans per second on several threads: the compiled kernel releases the GIL (issue 15, item 6).

Two parts, each at 1, 2 and 4 concurrent plans:

- **in process**: a thread pool planning the corridor's heavier queries on one ``Planner``
  (search only, the options evaluated): what the kernel itself gains from threads;
- **through the API**: ``landsea serve`` with one worker process (FastAPI runs the plan route on
  its thread pool) on SQLite, and the client in its own process (``python bench/planner_api.py
  client N SECONDS``, one asyncio loop with N keep-alive connections). The CPU seconds the
  server and the client used are read from ``/proc`` and printed as shares of the wall time.

``python bench/planner_api.py`` prints plans/s for each; the machine's load is printed with it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

PORT = 8743
SECONDS = 8.0
PLANS = [
    ("CNCQI", "SGSIN"),
    ("CNCDU", "SGSIN"),
    ("CNKNM", "THBKK"),
    ("CNCQI-TJC", "VNHAN"),
    ("CNCDU", "CNQZH"),
]
DEPART = "2026-12-07T09:00:00+08:00"


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def in_process() -> None:
    from landsea.domain.cargo import Cargo
    from landsea.planning import Planner, PlanRequest
    from landsea.services.network import load_network
    from landsea.services.planning import NetworkCostModel

    network = load_network("ilstc")
    planner = Planner(network)
    model = NetworkCostModel(network, Cargo(teu=1))
    depart = dt.datetime.fromisoformat(DEPART)
    requests = [
        PlanRequest(origin=o, destination=d, depart=depart, cargo=Cargo(teu=1))  # type: ignore[arg-type]
        for o, d in PLANS
    ]
    for request in requests:
        planner.plan(request, model)  # compile the timetable, weights and kernel once
    batch = requests * 40
    for threads in (1, 2, 4):
        with ThreadPoolExecutor(threads) as pool:
            started = time.perf_counter()
            list(pool.map(lambda r: planner.plan(r, model), batch))
            elapsed = time.perf_counter() - started
        print(f"  in process, {threads} thread(s): {len(batch) / elapsed:8.1f} plans/s")


async def _client(connections: int, seconds: float, key: str) -> int:
    import httpx

    headers = {"Authorization": f"Bearer {key}"}
    deadline = time.perf_counter() + seconds
    done = 0

    async def one(client: httpx.AsyncClient, n: int) -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            origin, destination = PLANS[n % len(PLANS)]
            n += 1
            body = {"origin": origin, "destination": destination, "depart": DEPART}
            response = await client.post("/api/v1/plans", json=body, headers=headers)
            if response.status_code != 200:
                raise SystemExit(f"plan refused: {response.status_code} {response.text[:200]}")
            done += 1

    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{PORT}", limits=limits, timeout=60
    ) as client:
        await asyncio.gather(*(one(client, n) for n in range(connections)))
    return done


def through_api() -> None:
    from tests.servers import wait_for_http

    from landsea.services import accounts
    from landsea.services.platform import open_platform

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'plans.db'}"
        platform = open_platform(url, migrate=True)
        accounts.create_organisation(platform, "bench shipper", "shipper")
        key, _ = accounts.create_key(platform, "bench shipper")
        platform.dispose()
        env = {**os.environ, "LANDSEA_DATABASE_URL": url}
        server = subprocess.Popen(
            [sys.executable, "-m", "landsea", "serve", "--workers", "1", "--port", str(PORT)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(Path(folder) / "server.log", "w"),
        )
        try:
            wait_for_http(f"http://127.0.0.1:{PORT}/openapi.json", timeout=120)
            _drive(server.pid, key, 1, 2.0)  # warm: timetable, weights, numba's cache
            for connections in (1, 2, 4):
                _drive(server.pid, key, connections, SECONDS, report=True)
        except TimeoutError:
            print((Path(folder) / "server.log").read_text()[-2000:])
            raise
        finally:
            server.terminate()
            server.wait(timeout=30)


def _drive(pid: int, key: str, connections: int, seconds: float, report: bool = False) -> None:
    before = _cpu_seconds(pid)
    started = time.perf_counter()
    client = subprocess.run(
        [sys.executable, __file__, "client", str(connections), str(seconds), key],
        check=True,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    done, client_cpu = client.stdout.split()
    server_cpu = _cpu_seconds(pid) - before
    if report:
        print(
            f"  through the API, {connections} connection(s): {int(done) / seconds:8.1f} plans/s; "
            f"CPU: server {server_cpu / wall:.2f}, client {float(client_cpu) / wall:.2f} of a core"
        )


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "client":
        done = asyncio.run(_client(int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]))
        print(done, time.process_time())
        return
    print(f"Plans per second on threads (load average {os.getloadavg()[0]:.1f}, "
          f"{os.cpu_count()} cores)")  # fmt: skip
    in_process()
    through_api()


if __name__ == "__main__":
    main()
