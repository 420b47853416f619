"""Every page, in both languages, on a desk (1366×900) and a phone (390×844): axe-core finds no
violation, the page never scrolls sideways, nothing fails in the browser, and a screenshot is saved.

One server, one browser and one signed-in context per role for the whole module, each with one tab
that goes from page to page (a new tab costs a renderer process and cold loads). The pages in
English are checked here, in Chinese by ``test_every_page_zh.py`` (the same check, another module:
pytest-xdist gives each module to one worker, and one module for both would be the suite's
longest path)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, Page

from landsea.services.demo import DemoSummary
from tests.web.browsing import (
    SIZES,
    Trouble,
    browser,
    check_at,
    guarded_tab,
    ready,
    resize,
    server,
    sign_in,
    who,
)

__all__ = ["PAGES", "Tabs", "browser", "check_page", "server", "tabs"]

REVIEW = urlencode({
    "origin": "CNCQI", "destination": "SGSIN", "date": "2026-12-07", "teu": 2,
    "option": "DR-CQI-TJC:CNCQI:CNCQI-TJC;SR-CQ-QZH-20261207-2100:CNCQI-TJC:CNQZH;"
              "QZH-SUB-20261211-1800:CNQZH:SGSIN",
})  # fmt: skip
"""The review step of the plan's fastest option on the demo data."""

FRESH_ON_A_PHONE = {"map", "plan"}
"""Pages whose script lays the page out at load (Leaflet's view, a plan fitted to the map): a phone
loads them afresh. Narrowing any other page from the desk gives what a fresh load on a phone gives
(the same scroll width and height, axe result and screenshot, compared page by page once)."""

PAGES = {
    # name: (role signed in, or None; path)
    "map": (None, "/"),
    "plan": (None, "/plan?origin=CNCQI&destination=SGSIN&date=2026-12-07&teu=2"),
    "plan-errors": (None, "/plan?origin=Chongqin&destination=CNCQI&date=2020-01-01&teu=0"),
    "signin": (None, "/signin"),
    "stats": (None, "/statistics"),
    "shipments": ("shipper", "/shipments"),
    "plan-review": ("shipper", f"/plan/review?{REVIEW}"),
    "operations": ("operator", "/operations"),
    "services": ("operator", "/services"),
    "service": ("operator", "/services/SR-CQ-QZH?week=2026-12-07"),
    "scenarios": ("operator", "/scenarios"),
    "customs": ("customs", "/customs"),
    "documents": ("shipper", "/documents"),
    "invoices-shipper": ("shipper", "/invoices"),
    "invoices-operator": ("operator", "/invoices"),
}


Tabs = dict[str | None, tuple[Page, Trouble]]


@pytest.fixture(scope="module")
def tabs(browser: Browser, server: tuple[str, DemoSummary]) -> Iterator[Tabs]:
    """A guarded tab for each role (``None``: signed out), signed in, in a context of its own."""
    base, demo = server
    made: Tabs = {}
    try:
        for role in (None, "shipper", "operator", "customs"):
            context = browser.new_context(base_url=base, reduced_motion="reduce")
            made[role] = tab, trouble = guarded_tab(context, base)
            if role is not None:
                sign_in(tab, who(demo, role))
                trouble.check()
        yield made
    finally:
        for tab, _ in made.values():
            tab.context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_is_accessible_and_fits_a_phone(tabs: Tabs, name: str) -> None:
    check_page(tabs, name, "en")


def check_page(tabs: Tabs, name: str, lang: str) -> None:
    """Page ``name`` in ``lang`` on a desk and on a phone: 200, at each size no sideways scroll, a
    screenshot and no axe violation, nothing failing in the browser. One load narrowed from the
    desk to the phone (the layout is CSS media queries; Leaflet and Chart.js follow a resize), or
    a load for each size for the pages of :data:`FRESH_ON_A_PHONE`, in the role's tab."""
    loads = [["desk"], ["phone"]] if name in FRESH_ON_A_PHONE else [["desk", "phone"]]
    for sizes in loads:
        _check_load(tabs, name, lang, sizes)


def _check_load(tabs: Tabs, name: str, lang: str, sizes: list[str]) -> None:
    role, path = PAGES[name]
    tab, trouble = tabs[role]
    trouble.reset()
    tab.set_viewport_size(SIZES[sizes[0]])
    joiner = "&" if "?" in path else "?"
    response = tab.goto(f"{path}{joiner}lang={lang}")
    assert response is not None and response.status == 200, f"{path}: {response}"
    ready(tab)
    for n, size in enumerate(sizes):
        if n:
            resize(tab, SIZES[size])
        check_at(tab, size, f"{name} ({lang})", f"{name}-{lang}-{size}")
    trouble.check()
