"""A lean HTTP/1.1 load client for the bookings bench: keep-alive connections on asyncio streams,
requests encoded once, responses read by their ``Content-Length`` — a fraction of httpx's CPU
per request, so that on a 2-core machine the client takes less of what the server needs.

Only for servers that answer with ``Content-Length`` (uvicorn does for these responses).
"""

from __future__ import annotations

import asyncio
import json
import random
import time


def _requests(key: str, ids: list[str], host: str) -> list[bytes]:
    """One encoded POST /api/v1/bookings for each departure id."""
    encoded = []
    for departure in ids:
        body = json.dumps(
            {"legs": [{"departure_id": departure, "from": "CNCQI-TJC", "to": "CNQZH"}], "teu": 1}
        ).encode()
        head = (
            f"POST /api/v1/bookings HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {key}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        encoded.append(head.encode() + body)
    return encoded


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> int:
    """Send ``request``, read the whole response: its status."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if b"transfer-encoding: chunked" in head.lower():
        raise ValueError("a chunked response: this client reads Content-Length only")
    if length:
        await reader.readexactly(length)
    return status


async def load(
    port: int, key: str, ids: list[str], *, clients: int, seconds: float
) -> tuple[int, int, int, float]:
    """``clients`` connections booking 1 TEU each on a random departure of ``ids`` for
    ``seconds``: (confirmed, refused, failed, the seconds it took)."""
    host = f"127.0.0.1:{port}"
    requests = _requests(key, ids, host)
    rng = random.Random(1)
    counts = {"confirmed": 0, "refused": 0, "failed": 0}
    deadline = time.perf_counter() + seconds

    async def booker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < deadline:
                try:
                    status = await _exchange(reader, writer, rng.choice(requests))
                except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                    counts["failed"] += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    continue
                if status == 201:
                    counts["confirmed"] += 1
                elif status == 409:
                    counts["refused"] += 1
                else:
                    counts["failed"] += 1
        finally:
            writer.close()
            try:
                await writer.wait_closed()
            except OSError:
                pass

    start = time.perf_counter()
    await asyncio.gather(*(booker() for _ in range(clients)))
    return counts["confirmed"], counts["refused"], counts["failed"], time.perf_counter() - start
