"""Fixtures and helpers of the browser tests: the platform served on a copy of the demo data,
Debian's Chromium driven by Playwright, a tab that fails on script errors, requests leaving the
platform and Content-Security-Policy refusals, screenshots and the axe-core scan.

Under ``CI=true`` a missing Chromium fails the run; elsewhere the browser tests are skipped.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import ViewportSize

from landsea.config import Settings
from landsea.services.demo import DemoSummary
from landsea.web.app import create_app
from tests.fixtures.db import clone_database

__all__ = [
    "AXE",
    "DESK",
    "JOURNEY",
    "PHONE",
    "READY",
    "SHOTS",
    "SIZES",
    "Trouble",
    "axe_violations",
    "browser",
    "check_at",
    "guarded_tab",
    "module_tab",
    "page",
    "ready",
    "resize",
    "server",
    "shot",
    "sign_in",
    "who",
]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = Path(__file__).parents[2] / "test-artifacts" / "screenshots"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
"""axe-core 4.14.1 from the npm registry (``npm pack axe-core``), MPL-2.0: used by the tests only."""
DESK: ViewportSize = {"width": 1366, "height": 900}
JOURNEY: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
SIZES = {"desk": DESK, "phone": PHONE}

if CHROMIUM is None:
    if os.environ.get("CI") == "true":
        pytest.fail(
            "Chromium is not installed: `make test` installs Debian's chromium", pytrace=False
        )
    pytest.skip("Chromium is not installed (make test installs it)", allow_module_level=True)

from playwright.sync_api import (  # noqa: E402
    Browser,
    BrowserContext,
    Page,
    Request,
    sync_playwright,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Nothing but the platform (on 127.0.0.1) can be reached: any other name or address, IP
    # literals included, fails to resolve. Each tab still names every request for anything else
    # (`guarded_tab`), so the test fails; no `route`, which would turn the browser's cache off and
    # take every request on a round trip to Python.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


@pytest.fixture(scope="module")
def server(
    demo_template: tuple[str, DemoSummary], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, DemoSummary]]:
    """What ``landsea serve`` serves (uvicorn, the whole app, its job workers) on a copy of the
    demo data, for the module's tests. It runs in a thread of the test process, which has
    imported landsea already: a ``landsea serve`` process spent ~2.3 s of CPU a module importing
    it (``landsea serve`` itself is run by tests/test_readme.py and the API's durability and
    fleet tests)."""
    url = clone_database(demo_template[0], tmp_path_factory.mktemp("browser"))
    settings = Settings(database_url=url, delivery_interval_seconds=0)
    listening = socket.create_server(("127.0.0.1", 0))
    served = uvicorn.Server(
        uvicorn.Config(create_app(settings), log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=served.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 120  # a busy machine starts it slowly
        while not served.started:
            assert thread.is_alive(), "the server stopped as it started (its log is in the output)"
            assert time.monotonic() < deadline, "the server did not start within 120 s"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{listening.getsockname()[1]}", demo_template[1]
    finally:
        served.should_exit = True
        thread.join(timeout=60)
        listening.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


class Trouble:
    """What went wrong in a tab: requests leaving the platform, script errors, CSP refusals."""

    def __init__(self) -> None:
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.violations: list[str] = []

    def reset(self) -> None:
        """Forget what was recorded: the tab goes on to another check."""
        self.outside.clear()
        self.errors.clear()
        self.violations.clear()

    def check(self) -> None:
        assert self.outside == [], f"the page asked for something outside: {self.outside}"
        assert self.errors == [], f"script errors: {self.errors}"
        assert self.violations == [], f"refused by the Content-Security-Policy: {self.violations}"


def guarded_tab(context: BrowserContext, base: str) -> tuple[Page, Trouble]:
    """A tab of ``context`` that records whatever :class:`Trouble` names. A tab is reused from
    check to check (a new one costs a renderer process and cold loads): ``Trouble.reset`` before
    a check, ``Trouble.check`` after it."""
    tab = context.new_page()
    trouble = Trouble()
    platform = f"{base}/"

    def guard(request: Request) -> None:
        if not request.url.startswith(platform):
            trouble.outside.append(request.url)  # and it cannot be reached: FLAGS

    tab.on("request", guard)
    tab.on("pageerror", lambda error: trouble.errors.append(str(error)))
    # Every page runs under the strict Content-Security-Policy: nothing may be refused by it.
    tab.expose_binding("reportViolation", lambda _, text: trouble.violations.append(text))
    tab.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => window.reportViolation("
        "location.pathname + ': ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    tab.on(
        "console",
        lambda message: (
            trouble.violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return tab, trouble


@pytest.fixture(scope="module")
def module_tab(browser: Browser, server: tuple[str, DemoSummary]) -> Iterator[tuple[Page, Trouble]]:
    """One guarded tab, in a context of its own, for the tests of a module that take ``page``."""
    base, _ = server
    context = browser.new_context(base_url=base, viewport=JOURNEY, reduced_motion="reduce")
    try:
        yield guarded_tab(context, base)
    finally:
        context.close()


@pytest.fixture
def page(module_tab: tuple[Page, Trouble]) -> Iterator[Page]:
    """The module's tab for one test: signed out (the context's cookies are its only state: the
    pages keep nothing in storage), 1280×800, nothing recorded; whatever went wrong in the browser
    fails the test. A test that changes the context in another way (its clock) takes a context of
    its own."""
    tab, trouble = module_tab
    tab.context.clear_cookies()
    tab.set_viewport_size(JOURNEY)
    trouble.reset()
    yield tab
    trouble.check()


READY = """() => {
  document.documentElement.getBoundingClientRect();  // lay out: the fonts it needs start loading
  const map = document.getElementById("map");
  return document.readyState === "complete" && document.fonts.status === "loaded"
    && (!document.querySelector(".leaflet-container") || document.body.dataset.basemap === "ready")
    && (!map || map.dataset.labels !== undefined)
    && [...document.querySelectorAll("canvas")].every(c => window.Chart && Chart.getChart(c));
}"""
"""The page has loaded, with its fonts, and its scripts have drawn what they draw at load: a map's
countries (``body[data-basemap=ready]``) and its network (the corridor map's ``data-labels``, set
once the network's services and places are drawn), and every chart."""

FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
"""Two frames: what a resize sets off (Leaflet's and Chart.js's resize handlers run in the next
animation frame) is drawn."""


def ready(page: Page) -> None:
    """Wait until the page is ready to be checked (:data:`READY`); no fixed wait, no network-idle
    guess."""
    try:
        page.wait_for_function(READY, timeout=15_000)
    except PlaywrightTimeout:
        raise AssertionError(f"{page.url} was not ready within 15 s ({READY})") from None


def resize(page: Page, viewport: ViewportSize) -> None:
    """Give the page another window size and wait until it has laid itself out again."""
    page.set_viewport_size(viewport)
    page.evaluate(FRAMES)
    ready(page)


def shot(page: Page, name: str) -> None:
    if page.locator(".leaflet-container").count():
        page.wait_for_selector("body[data-basemap=ready]", state="attached", timeout=15_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    # JPEG: the same picture as a PNG for half the time (measured on the tallest pages).
    page.screenshot(path=str(SHOTS / f"{name}.jpeg"), full_page=True, quality=85)


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[str]:
    """What axe-core (its WCAG 2.x A/AA and best-practice rules) finds wrong on the page, one line
    a rule and element. :data:`AXE` is evaluated in the page the first time (Playwright's
    evaluation is not subject to the strict CSP, which refuses the ``<script>`` tag that
    ``page.add_script_tag`` would insert): only the loads that are checked pay for it, where an
    init script would be run by every load."""
    if not page.evaluate("() => 'axe' in window"):
        page.evaluate(_axe_source())
    found: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node.get('failureSummary', '')[:160]}"
        for v in found
        for node in v["nodes"]
    ]


def check_at(tab: Page, size: str, what: str, picture: str) -> None:
    """The page shown at ``size`` (``desk`` or ``phone``) is no wider than the window, axe-core finds
    nothing wrong on it, and its screenshot is saved as ``picture``."""
    width = tab.evaluate("() => document.documentElement.scrollWidth")
    assert width <= SIZES[size]["width"], f"{what} is {width}px wide at {size} width"
    shot(tab, picture)
    found = axe_violations(tab)
    assert found == [], f"axe-core on {what} ({size}):\n" + "\n".join(found)


def who(demo: DemoSummary, role: str, n: int = 0) -> dict[str, str]:
    return asdict([o for o in demo.organisations if o.role == role][n])


def sign_in(page: Page, account: dict[str, str], lang: str = "en") -> None:
    page.goto(f"/signin?lang={lang}")
    page.get_by_label("Username" if lang == "en" else "用户名").fill(account["username"])
    page.get_by_label("Password" if lang == "en" else "密码", exact=True).fill(account["password"])
    with page.expect_navigation():
        page.locator("form", has=page.locator("#username")).get_by_role("button").click()
    assert "/signin" not in page.url, f"{account['username']} was not signed in: {page.url}"
    ready(page)  # the page signed in to has finished loading what it fetches
