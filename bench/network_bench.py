"""Issue 12 benchmark: how soon a published timetable change is planned on, and plans per second
through the API while an operator publishes a change every second (SQLite file, the full
built-in corridor; a second platform on the same database stands for another server process)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent.parent))

from landsea.api.app import create_app
from landsea.feeds.dataset import loads
from landsea.services import accounts
from landsea.services.network_publish import publish_service
from landsea.services.planning import PlanQuestion, plan_on_platform
from landsea.services.platform import Platform, open_platform

SERVICE = "SR-CQ-QZH"
CHANGES = 15
PHASE_S = 10.0
QUESTION = PlanQuestion(origin="CNCQI-TJC", destination="SGSIN")
BODY = {"origin": "CNCQI-TJC", "destination": "SGSIN"}


def _table(platform: Platform) -> dict[str, Any]:
    with platform.uow(read_only=True) as uow:
        record = uow.network.current("service", SERVICE)
    assert record is not None
    return loads(record.body)


def _changed(table: dict[str, Any], n: int) -> dict[str, Any]:
    """The service with its second daily departure moved by ``n`` minutes (a timetable change)."""
    schedule = dict(table["schedule"]) | {"times": ["09:00", f"21:{n % 60:02d}"]}
    return table | {"schedule": schedule}


def time_to_plan(publisher: Platform, server: Platform, operator: Any) -> list[float]:
    """Seconds from a publication's commit until the other process's plans use it."""
    table, delays = _table(publisher), []
    for n in range(1, CHANGES + 1):
        made = publish_service(publisher, operator, _changed(table, n), service_id=SERVICE)
        stored = time.perf_counter()
        while plan_on_platform(server, QUESTION).network_version != made.version.id:
            pass
        delays.append(time.perf_counter() - stored)
    return delays


def plans_per_second(client: TestClient, key: str, *, publish: Any = None) -> tuple[float, int]:
    """Plans answered per second for :data:`PHASE_S` (calling ``publish`` every second)."""
    stop = threading.Event()
    if publish is not None:

        def every_second() -> None:
            n = 0
            while not stop.wait(1.0):
                n += 1
                publish(n)

        thread = threading.Thread(target=every_second)
        thread.start()
    count = errors = 0
    end = time.perf_counter() + PHASE_S
    while time.perf_counter() < end:
        answer = client.post("/api/v1/plans", json=BODY, headers={"Authorization": f"Bearer {key}"})
        count += 1
        errors += answer.status_code != 200
    stop.set()
    if publish is not None:
        thread.join()
    return count / PHASE_S, errors


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        publisher = open_platform(url, migrate=True, departure_horizon_days=60)
        server = open_platform(url, departure_horizon_days=60)
        operator = accounts.create_organisation(publisher, "corridor co", "operator")
        shipper = accounts.create_organisation(publisher, "shipper", "shipper")
        key, _ = accounts.create_key(publisher, shipper.organisation_id)
        delays = time_to_plan(publisher, server, operator)
        print(
            f"network: publish → plan on it in another process ({CHANGES} timetable changes, poll 0.5 s):"
        )
        print(
            f"  median {statistics.median(delays):.3f} s, max {max(delays):.3f} s (target ≤ 2 s, median ≤ 0.5 s)"
        )
        table = _table(publisher)
        with TestClient(create_app(platform=server)) as client:
            quiet, quiet_errors = plans_per_second(client, key)
            busy, busy_errors = plans_per_second(
                client, key,
                publish=lambda n: publish_service(publisher, operator, _changed(table, n), service_id=SERVICE),
            )  # fmt: skip
        print(
            f"network: plans/s through the API: {quiet:.1f} without changes, {busy:.1f} with a publication every second"
        )
        print(f"  ratio {busy / quiet:.0%} (target ≥ 80 %), errors {quiet_errors + busy_errors}")
        server.dispose()
        publisher.dispose()


if __name__ == "__main__":
    main()
