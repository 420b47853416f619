"""Issue 5 benchmark: DCSA events per second through ``POST /api/v1/events`` (batches of 500,
``landsea serve --workers 2``, 8 concurrent clients) and through ``landsea track import``, on
SQLite and on a throwaway PostgreSQL cluster.

Issue 13: the same through ``POST /dcsa/tnt/v3/events``, where every event is checked against
DCSA's TNT 3.0.0 schema and code lists (target on PostgreSQL: ≥ 15,000 events/s)."""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent.parent))

from tests.postgres import postgres_database
from tests.servers import wait_for_http

from landsea.domain.codes import container_check_digit
from landsea.services import accounts
from landsea.services.platform import open_platform

PORT = 8732
IMPORT_EVENTS = 100_000
API_EVENTS = 50_000
BATCH = 500
CLIENTS = 8
PLACES = ["CNQZH", "CNCQI", "SGSIN", "VNHPH", "THLCH", "CNSGH", "MYPKG", "LATHG"]


def _container(n: int) -> str:
    body = f"LSEU{n % 1_000_000:06d}"
    return body + str(container_check_digit(body))


def _events(count: int, prefix: str, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    events = []
    for n in range(count):
        when = f"2026-12-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00Z"
        if n % 2:
            events.append(
                {
                    "eventID": f"{prefix}-{n}",
                    "eventDateTime": when,
                    "eventUpdatedDateTime": when,
                    "eventLocation": {"UNLocationCode": rng.choice(PLACES)},
                    "eventClassification": {
                        "eventTypeCode": "EQUIPMENT",
                        "eventClassifierCode": "ACT",
                        "equipmentEventTypeCode": rng.choice(["LOAD", "DISC", "GTIN", "GTOT"]),
                    },
                    "equipmentDetails": {
                        "equipmentReference": _container(n),
                        "emptyIndicatorCode": "LADEN",
                    },
                    "shipmentDetails": {
                        "documentReference": {"typeCode": "BKG", "reference": f"BK{n % 5000}"}
                    },
                }
            )
        else:
            events.append(
                {
                    "eventID": f"{prefix}-{n}",
                    "eventCreatedDateTime": when,
                    "eventType": "TRANSPORT",
                    "eventClassifierCode": rng.choice(["ACT", "EST", "PLN"]),
                    "eventDateTime": when,
                    "transportEventTypeCode": rng.choice(["ARRI", "DEPA"]),
                    "transportCall": {
                        "UNLocationCode": rng.choice(PLACES),
                        "modeOfTransport": "RAIL",
                    },
                    "documentReferences": [
                        {"documentReferenceType": "BKG", "documentReferenceValue": f"BK{n % 5000}"}
                    ],
                }
            )
    return events


def _v3_events(count: int, prefix: str, seed: int) -> list[dict[str, Any]]:
    """DCSA 3.0 events only (the v3 face takes no other shape)."""
    rng = random.Random(seed)
    events = []
    for n, event in enumerate(_events(count, prefix, seed)):
        if "eventClassification" not in event:
            event = {
                "eventID": event["eventID"],
                "eventDateTime": event["eventDateTime"],
                "eventUpdatedDateTime": event["eventCreatedDateTime"],
                "eventLocation": {"UNLocationCode": rng.choice(PLACES)},
                "eventClassification": {
                    "eventTypeCode": "TRANSPORT",
                    "eventClassifierCode": event["eventClassifierCode"],
                    "transportEventTypeCode": event["transportEventTypeCode"],
                },
                "transportDetails": {
                    "transportCall": {"transportCallReference": f"TC{n}", "modeOfTransport": "RAIL"}
                },
                "shipmentDetails": {
                    "documentReference": {"typeCode": "BKG", "reference": f"BK{n % 5000}"}
                },
            }
        events.append(event)
    return events


def _import(url: str, folder: Path, count: int = IMPORT_EVENTS) -> float:
    return count / _timed_import(url, folder, count)[0]


def _timed_import(
    url: str, folder: Path, count: int, source: str | None = None
) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of ``landsea track import`` of ``count``
    events, process start included (``source``: another tree's ``src`` to run instead)."""
    path = folder / f"events-{count}.jsonl"
    if not path.exists():
        path.write_text(
            "\n".join(json.dumps(e) for e in _events(count, "imp", 1)) + "\n", encoding="utf-8"
        )
    env = {**os.environ, "LANDSEA_DATABASE_URL": url}
    if source is not None:
        env["PYTHONPATH"] = source
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "landsea", "track", "import", str(path), "--format", "json"],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = json.loads(result.stdout)
    assert report["stored"] == count, report
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu


async def _post_all(key: str, path: str = "/api/v1/events") -> float:
    v3 = path.startswith("/dcsa/")
    events = _v3_events(API_EVENTS, "v3", 3) if v3 else _events(API_EVENTS, "api", 2)
    batches = [events[i : i + BATCH] for i in range(0, len(events), BATCH)]
    queue: asyncio.Queue[list[dict[str, Any]]] = asyncio.Queue()
    for batch in batches:
        queue.put_nowait(batch)
    stored = 0

    async def client_task(client: httpx.AsyncClient) -> None:
        nonlocal stored
        while not queue.empty():
            batch = queue.get_nowait()
            response = await client.post(
                path, json={"events": batch}, headers={"Authorization": f"Bearer {key}"}
            )
            response.raise_for_status()
            # The v3 face answers {} when every event was valid and stored.
            stored += (
                len(batch) if v3 and response.json() == {} else response.json().get("stored", 0)
            )

    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{PORT}", timeout=120) as client:
        start = time.perf_counter()
        await asyncio.gather(*(client_task(client) for _ in range(CLIENTS)))
        elapsed = time.perf_counter() - start
    assert stored == API_EVENTS, stored
    return API_EVENTS / elapsed


def _run(name: str, url: str, folder: Path) -> None:
    platform = open_platform(url, migrate=True, departure_horizon_days=7)
    accounts.create_organisation(platform, "bench operator", "operator")
    key, _ = accounts.create_key(platform, "bench operator")
    platform.dispose()
    imported = _import(url, folder)
    server = subprocess.Popen(
        [sys.executable, "-m", "landsea", "serve", "--workers", "2", "--port", str(PORT)],
        env={**os.environ, "LANDSEA_DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{PORT}/openapi.json")
        through_api = asyncio.run(_post_all(key))
        validated = asyncio.run(_post_all(key, "/dcsa/tnt/v3/events"))
    finally:
        server.terminate()
        server.wait(timeout=30)
    api_target, import_target = (5000, 20000) if name == "PostgreSQL" else (None, None)
    print(
        f"  {name:<10} API {through_api:8,.0f} events/s"
        + (
            f" (target ≥ {api_target:,}: {'met' if through_api >= api_target else 'MISSED'})"
            if api_target
            else ""
        )
        + f"   import {imported:8,.0f} events/s"
        + (
            f" (target ≥ {import_target:,}: {'met' if imported >= import_target else 'MISSED'})"
            if import_target
            else ""
        )
    )
    v3_target = 15000 if name == "PostgreSQL" else None
    print(
        f"  {name:<10} /dcsa/tnt/v3/events, schema-validated {validated:8,.0f} events/s"
        + (
            f" (target ≥ {v3_target:,}: {'met' if validated >= v3_target else 'MISSED'})"
            if v3_target
            else ""
        )
    )


def _raw_copy(raw_url: str, rows: bytes) -> float:
    """Seconds to ``COPY`` ``rows`` (text format) into the emptied ``tracking_events``, from
    this process (a client doing nothing but sending prepared bytes)."""
    import psycopg

    with psycopg.connect(raw_url) as connection:
        connection.execute("TRUNCATE tracking_events, unsupported_events")
        connection.commit()
        start = time.perf_counter()
        with connection.cursor().copy("COPY tracking_events FROM STDIN") as copy:
            for offset in range(0, len(rows), 1 << 20):
                copy.write(rows[offset : offset + (1 << 20)])
        connection.commit()
        return time.perf_counter() - start


@contextmanager
def _events_cluster() -> Iterator[tuple[str, str, str] | None]:
    """A migrated database on a throwaway cluster with the importer's organisation made (as
    after a first import: every round's start is then the same): (SQLAlchemy URL, libpq URL, a
    temporary folder), or ``None`` where PostgreSQL is not installed."""
    with postgres_database("events") as url, tempfile.TemporaryDirectory() as folder:
        if url is None:
            yield None
            return
        platform = open_platform(url, migrate=True, departure_horizon_days=7)
        accounts.system_principal(platform)
        platform.dispose()
        yield url, url.replace("+psycopg", ""), folder


def import_against_copy(rounds: int = 3) -> None:
    """Issue 15, item 6: ``landsea track import`` of 100k events against raw ``COPY`` of the
    same rows (as landsea stores them) into the same table of the same cluster, alternated."""

    with _events_cluster() as found_cluster:
        if found_cluster is None:
            print("  PostgreSQL  not installed: skipped")
            return
        url, raw_url, folder = found_cluster
        imports, copies, cpus, starts = [], [], [], []
        rows = b""
        for n in range(rounds):
            _truncate(raw_url)
            starts.append(_timed_import(url, Path(folder), 2)[0])  # the process's start
            _truncate(raw_url)
            elapsed, cpu = _timed_import(url, Path(folder), IMPORT_EVENTS)
            imports.append(IMPORT_EVENTS / elapsed)
            cpus.append(cpu / elapsed)
            rows = rows or _stored_rows(raw_url)  # the rows exactly as landsea stored them
            copies.append(IMPORT_EVENTS / _raw_copy(raw_url, rows))
            print(
                f"  round {n + 1}: import {imports[-1]:8,.0f} events/s (CPU {cpus[-1]:.0%} of its "
                f"wall-clock time; start with 2 events {starts[-1]:.2f} s = "
                f"{starts[-1] * imports[-1] / IMPORT_EVENTS:.0%} of the run), "
                f"COPY {copies[-1]:8,.0f} rows/s"
            )
    load = os.getloadavg()
    import statistics

    ratio = statistics.median(i / c for i, c in zip(imports, copies, strict=True))
    print(
        f"  PostgreSQL `landsea track import` {statistics.median(imports):8,.0f} events/s, raw COPY "
        f"{statistics.median(copies):8,.0f} rows/s ({len(rows) / 1e6:.0f} MB): ratio {ratio:.2f} "
        f"(median of {rounds} alternated rounds; target ≥ 0.6: {'met' if ratio >= 0.6 else 'MISSED'}); "
        f"load average {load[0]:.1f} on {os.cpu_count()} CPUs"
    )


def import_ab(other_src: str, rounds: int = 3) -> None:
    """``landsea track import`` of this tree against another's (``other_src``: its ``src``
    folder, e.g. main's exported by ``git archive``), alternated on one cluster, each 100k
    import followed by raw COPY of the same rows: ratio, and CPU (user + system) of the command
    on 100k events and on 2 (its start) — the CPU does not depend on the machine's load."""
    import statistics

    with _events_cluster() as found_cluster:
        if found_cluster is None:
            print("  PostgreSQL  not installed: skipped")
            return
        url, raw_url, folder = found_cluster
        rows = b""
        found: dict[str, list[tuple[float, float, float]]] = {"other": [], "this": []}
        for _ in range(rounds):
            for name, path in (("other", other_src), ("this", None)):
                _truncate(raw_url)
                start = _timed_import(url, Path(folder), 2, path)[1]
                _truncate(raw_url)
                elapsed, cpu = _timed_import(url, Path(folder), IMPORT_EVENTS, path)
                rows = rows or _stored_rows(raw_url)
                ratio = IMPORT_EVENTS / elapsed / (IMPORT_EVENTS / _raw_copy(raw_url, rows))
                found[name].append((ratio, cpu, start))
                print(
                    f"  {name:5} ratio {ratio:.2f}, CPU {cpu:.2f} s (start {start:.2f} s); "
                    f"load average {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
        for name, runs in found.items():
            print(
                f"  {name:5} median: ratio {statistics.median(r[0] for r in runs):.2f}, CPU "
                f"{statistics.median(r[1] for r in runs):.2f} s, start "
                f"{statistics.median(r[2] for r in runs):.2f} s"
            )


def _truncate(raw_url: str) -> None:
    import psycopg

    with psycopg.connect(raw_url) as connection:
        connection.execute("TRUNCATE tracking_events, unsupported_events")


def _stored_rows(raw_url: str) -> bytes:
    """The rows of ``tracking_events`` exactly as stored (COPY's text format)."""
    import psycopg

    with psycopg.connect(raw_url) as connection:
        data = bytearray()
        with connection.cursor().copy("COPY tracking_events TO STDOUT") as copy:
            for chunk in copy:
                data += chunk
    return bytes(data)


def phases(collect: bool = False) -> None:
    """CPU per event of each phase of ``landsea track import`` in this process, one after the
    other (no second thread), the cyclic GC off as the command has it (on with ``collect``, as
    before issue 15): reading the file, checking (``check_batch``), writing the COPY rows
    (``copy_lines``, in the checking thread since issue 15's second round) and sending them
    (``DirectEvents.store_new``: the batch's transaction, its COPY and commit)."""
    import gc

    from landsea.persistence.event_copy import DirectEvents, copy_lines
    from landsea.services.event_check import check_batch, read_events

    with postgres_database("events") as url, tempfile.TemporaryDirectory() as folder:
        if url is None:
            print("  PostgreSQL  not installed: skipped")
            return
        path = Path(folder) / "events.jsonl"
        path.write_text("\n".join(json.dumps(e) for e in _events(IMPORT_EVENTS, "imp", 1)) + "\n")
        platform = open_platform(url, migrate=True, departure_horizon_days=7)
        importer = accounts.system_principal(platform)
        platform.dispose()
        direct = DirectEvents.connect(url)
        assert direct is not None
        gc.collect()
        if not collect:
            gc.disable()
        start = time.process_time()
        events = read_events(path)
        read = time.process_time()
        batches = [
            check_batch(importer, events[i : i + 5000], first_index=i)
            for i in range(0, len(events), 5000)
        ]
        checked = time.process_time()
        lines = [
            copy_lines(list(batch.events.values()), batch.received, as_read=True)
            for batch in batches
        ]
        written = time.process_time()
        assert all(direct.store_new(rows) for rows in lines)
        done = time.process_time()
        gc.enable()
        direct.close()
    per = 1e6 / IMPORT_EVENTS
    print(
        f"  CPU per event: read {(read - start) * per:.1f} µs, check {(checked - read) * per:.1f} µs, "
        f"rows {(written - checked) * per:.1f} µs, send {(done - written) * per:.1f} µs; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    if sys.argv[1:2] == ["phases"]:
        phases(collect=sys.argv[2:3] == ["gc"])
        return
    if sys.argv[1:2] == ["ab"]:
        import_ab(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3)
        return
    if sys.argv[1:2] == ["copy"]:
        import_against_copy(int(sys.argv[2]) if len(sys.argv) > 2 else 3)
        return
    print(
        f"Issue 5 — DCSA events: `landsea track import` of {IMPORT_EVENTS:,} events (JSON lines); "
        f"POST /api/v1/events of {API_EVENTS:,} in batches of {BATCH} from {CLIENTS} clients, 2 workers"
    )
    with tempfile.TemporaryDirectory() as folder:
        _run("SQLite", f"sqlite:///{Path(folder) / 'events.db'}", Path(folder))
    with postgres_database("events") as url, tempfile.TemporaryDirectory() as folder:
        if url is None:
            print("  PostgreSQL  not installed: skipped")
            return
        _run("PostgreSQL", url, Path(folder))


if __name__ == "__main__":
    main()
