"""Issue 7 benchmark: how fast the plan page renders on the demo data.

`landsea serve` (one worker) on a fresh SQLite database with `landsea demo`'s data. Measured:

- the server's answer to ``GET /plan?origin=…&destination=…`` (plan, capacity left, render),
  30 times per route after one warm-up, by httpx on the same machine;
- in Debian's Chromium (Playwright), from navigation start to the page's ``load`` event and to
  the time-cost chart being drawn (the options table, the map's route and the chart are then
  all on screen), 10 times per route, cold cache for the first and warm after.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent.parent))

from tests.servers import free_port, wait_for_http

from landsea.services.demo import load_demo
from landsea.services.platform import open_platform

ROUTES = [
    ("Chongqing (CNCQI)", "Singapore (SGSIN)", "en"),
    ("重庆", "河内", "zh-CN"),
    ("CNKNM", "THBKK", "en"),
]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def main() -> None:
    print("Issue 7 — the plan page on the demo data (target: renders in < 1 s)")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'web.db'}"
        platform = open_platform(url, migrate=True)
        load_demo(platform)
        platform.dispose()
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "landsea", "serve", "--port", str(port)],
            env={
                **os.environ,
                "LANDSEA_DATABASE_URL": url,
                "LANDSEA_DELIVERY_INTERVAL_SECONDS": "0",
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for_http(f"{base}/signin")
            for origin, destination, lang in ROUTES:
                path = "/plan?" + str(
                    httpx.QueryParams(
                        {"origin": origin, "destination": destination, "date": "2026-12-14",
                         "teu": 2, "lang": lang}
                    )
                )  # fmt: skip
                httpx.get(base + path, timeout=60)
                times = []
                for _ in range(30):
                    start = time.perf_counter()
                    response = httpx.get(base + path, timeout=60)
                    times.append(time.perf_counter() - start)
                    assert response.status_code == 200
                print(
                    f"  server  {origin} → {destination} ({lang}): median "
                    f"{1000 * statistics.median(times):.0f} ms, max {1000 * max(times):.0f} ms, "
                    f"{len(response.content) / 1024:.0f} KiB of HTML"
                )
                _browser(base, path, f"{origin} → {destination} ({lang})")
        finally:
            server.terminate()
            server.wait(timeout=30)


def _browser(base: str, path: str, label: str) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        print("  browser Chromium not installed: skipped")
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        loads, charts = [], []
        for _ in range(10):
            page.goto(base + path, wait_until="load")
            page.wait_for_function("() => Chart.getChart('plan-chart') !== undefined")
            load, drawn = page.evaluate(
                "() => [performance.getEntriesByType('navigation')[0].loadEventEnd, performance.now()]"
            )
            loads.append(load)
            charts.append(drawn)
        browser.close()
    print(
        f"  browser {label}: load event first {loads[0]:.0f} ms, median {statistics.median(loads):.0f} ms; "
        f"chart drawn first {charts[0]:.0f} ms, median {statistics.median(charts):.0f} ms"
    )


if __name__ == "__main__":
    main()
