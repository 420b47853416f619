"""The ceiling of bookings through HTTP on this machine, without landsea's code (issue 15, item 6).

Two bare ASGI apps, served by ``python bench/asgi_ceiling.py KIND PORT`` under the settings
``landsea serve --workers 2`` uses (uvicorn, its default loop and HTTP parser — uvloop and
httptools where installed —, 2 worker processes, access log off):

- ``fixed``: every POST answers 201 with a fixed small JSON body — the HTTP stack's own limit;
- ``sql``: every POST runs the booking's statements (``PGBENCH_SCRIPT`` of platform_bench.py:
  BEGIN; the conditional UPDATE of a departure; the INSERT of the booking and its leg; COMMIT)
  through psycopg, the driver landsea uses, on one of 16 connections a worker keeps, and answers
  201 with the booking's id. The database is ``BENCH_DSN``, the organisation ``BENCH_ORG``.

Any GET answers 200 (the bench waits for it before it starts).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sys
from typing import Any

FIXED = json.dumps({"id": "00000000-0000-0000-0000-000000000000", "status": "confirmed"}).encode()
CONNECTIONS = 16
DEPARTURES = 60

UPDATE = (
    "UPDATE departures SET booked_teu = booked_teu + 1, reefer_plugs_booked = reefer_plugs_booked"
    " + 0 WHERE id = (SELECT id FROM bench_departures WHERE n = %(n)s)"
    " AND booked_teu + 1 <= capacity_teu AND reefer_plugs_booked + 0 <= reefer_plugs"
)
INSERT = (
    "WITH b AS (INSERT INTO bookings (id, organisation_id, status, teu, cargo_type,"
    " shipper_reference, price_amount, price_minor, price_currency, co2e_kg, idempotency_key,"
    " request_hash, created_at, updated_at) VALUES (gen_random_uuid()::text, %(org)s, 'confirmed',"
    " 1, 'general', NULL, 4321.00, 432100, 'CNY', 812.345, NULL,"
    " md5(random()::text) || md5(random()::text), now(), now()) RETURNING id)"
    " INSERT INTO booking_legs (booking_id, seq, departure_id, service_id, from_locode,"
    " to_locode, teu, plugs) SELECT b.id, 0, d.id, d.service_id, 'CNCQI-TJC', 'CNQZH', 1, 0"
    " FROM b, bench_departures AS d WHERE d.n = %(n)s RETURNING booking_id"
)


async def _answer(send: Any, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _read_body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _lifespan(receive: Any, send: Any) -> None:
    while (await receive())["type"] != "lifespan.shutdown":
        await send({"type": "lifespan.startup.complete"})
    await send({"type": "lifespan.shutdown.complete"})


async def fixed(scope: Any, receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        await _lifespan(receive, send)
        return
    if scope["method"] == "GET":
        await _answer(send, 200, b"{}")
        return
    await _read_body(receive)
    await _answer(send, 201, FIXED)


_pool: asyncio.Queue[Any] | None = None


async def _connections() -> asyncio.Queue[Any]:
    global _pool
    if _pool is None:
        import psycopg

        pool: asyncio.Queue[Any] = asyncio.Queue()
        for _ in range(CONNECTIONS):
            pool.put_nowait(await psycopg.AsyncConnection.connect(os.environ["BENCH_DSN"]))
        _pool = pool
    return _pool


async def sql(scope: Any, receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":  # open the connections before the first request
        while (await receive())["type"] != "lifespan.shutdown":
            await _connections()
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    if scope["method"] == "GET":
        await _answer(send, 200, b"{}")
        return
    json.loads(await _read_body(receive))
    pool = await _connections()
    connection = await pool.get()
    try:
        values = {"n": random.randint(1, DEPARTURES), "org": os.environ["BENCH_ORG"]}
        async with connection.transaction():
            await connection.execute(UPDATE, values, prepare=True)
            row = await (await connection.execute(INSERT, values, prepare=True)).fetchone()
    finally:
        pool.put_nowait(connection)
    await _answer(send, 201, json.dumps({"id": row[0], "status": "confirmed"}).encode())


def main() -> None:
    import uvicorn

    kind, port = sys.argv[1], int(sys.argv[2])
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    uvicorn.run(
        f"asgi_ceiling:{kind}",
        host="127.0.0.1",
        port=port,
        workers=2,
        log_level="info",
        access_log=False,
    )


if __name__ == "__main__":
    main()
