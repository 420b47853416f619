"""CPU per booking through landsea's ASGI app, without HTTP (issue 15, item 6).

``python bench/booking_cpu.py [N] [--yappi] [--route]``: a throwaway PostgreSQL cluster prepared as
``platform_bench.py pgbench`` does; the app of ``landsea serve`` (``landsea.web.app``) started
in this process and called directly by 32 tasks posting 1-TEU bookings, N in all (2,000 by
default) after 200 to warm up, on uvloop (as ``landsea serve``) where installed. Prints the process's CPU time (every thread) per booking, and
PostgreSQL's (the cluster's processes: its backends' work and round trips). With
``--yappi`` (if installed) the CPU profile of every thread goes to ``booking_cpu_*.txt`` in the
temporary folder, by total and by own time. With ``--route`` the booking's fast path is off:
every booking goes through the FastAPI route (``app.state.fast_bookings``); with ``--thread``
the fast path stores in a worker thread, as on SQLite (``app.state.booking_connections`` none).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent.parent))

import platform_bench
import psycopg
from tests.postgres import postgres_database

CLIENTS = 32


async def _post(app: Any, key: str, body: bytes) -> int:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/bookings",
        "raw_path": b"/api/v1/bookings",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"authorization", f"Bearer {key}".encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    status = 0

    async def receive() -> Any:
        if messages:
            return messages.pop()
        await asyncio.Event().wait()  # the client stays until the response is sent

    async def send(message: Any) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def _book(app: Any, key: str, ids: list[str], n: int) -> dict[int, int]:
    bodies = [
        json.dumps(
            {"legs": [{"departure_id": d, "from": "CNCQI-TJC", "to": "CNQZH"}], "teu": 1}
        ).encode()
        for d in ids
    ]
    rng = random.Random(1)
    statuses: dict[int, int] = {}
    left = n

    async def client() -> None:
        nonlocal left
        while left > 0:
            left -= 1
            status = await _post(app, key, rng.choice(bodies))
            statuses[status] = statuses.get(status, 0) + 1

    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return statuses


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 2000
    profile = "--yappi" in sys.argv
    with postgres_database("bench") as url:
        if url is None:
            print("  PostgreSQL not installed: skipped")
            return
        key, ids = platform_bench._prepare(url)
        with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as connection:
            connection.execute(
                "UPDATE departures SET capacity_teu = 1000000 WHERE id = ANY(%s)", [ids]
            )
            folder = connection.execute("SHOW data_directory").fetchone()
        assert folder is not None
        postmaster = int((Path(folder[0]) / "postmaster.pid").read_text().split()[0])
        os.environ["LANDSEA_DATABASE_URL"] = url
        from landsea.web.app import create_app

        app = create_app()
        app.state.fast_bookings = "--route" not in sys.argv

        async def run() -> None:
            async with app.router.lifespan_context(app):
                if "--thread" in sys.argv:
                    app.state.booking_connections = None
                await _book(app, key, ids, 200)
                if profile:
                    import yappi

                    yappi.set_clock_type("cpu")
                    yappi.start()
                cpu, wall = time.process_time(), time.perf_counter()
                database = platform_bench.tree_cpu(postmaster)
                statuses = await _book(app, key, ids, n)
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
                database = platform_bench.tree_cpu(postmaster) - database
                if profile:
                    yappi.stop()
                    stats = yappi.get_func_stats()
                    for order in ("ttot", "tsub"):
                        out = Path(tempfile.gettempdir()) / f"booking_cpu_{order}.txt"
                        with out.open("w") as file:
                            stats.sort(order).print_all(out=file)
                        print(f"  profile by {order}: {out}")
                print(
                    f"  {n} bookings {statuses}: {1000 * cpu / n:.3f} ms of CPU each (all threads), "
                    f"PostgreSQL {1000 * database / n:.3f} ms, "
                    f"{n / wall:.0f}/s; load average {os.getloadavg()[0]:.1f}"
                    + (" (route only)" if "--route" in sys.argv else " (fast path)")
                    + (" (thread)" if "--thread" in sys.argv else "")
                )

        try:  # the event loop uvicorn runs the server on, where installed
            import uvloop

            loop_factory: Any = uvloop.new_event_loop
        except ImportError:
            loop_factory = None
        with asyncio.Runner(loop_factory=loop_factory) as runner:
            runner.run(run())


if __name__ == "__main__":
    main()
