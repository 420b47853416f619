"""Browser tests: Playwright drives Debian's Chromium against `landsea serve` with the demo data
(fixtures in ``tests/web/browsing.py``); each page's screenshot is saved under
``test-artifacts/screenshots/`` (not committed)."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page, expect

from landsea.services.demo import DemoSummary
from tests.web.browsing import (
    DESK,
    PHONE,
    READY,
    SIZES,
    Trouble,
    browser,
    check_at,
    module_tab,
    page,
    resize,
    server,
    shot,
    sign_in,
    who,
)

__all__ = ["browser", "module_tab", "page", "server"]


def test_the_map_shows_services_and_a_timetable(page: Page) -> None:
    page.goto("/?lang=en")
    expect(page.locator(".leaflet-overlay-pane path").first).to_be_attached(timeout=15_000)
    page.get_by_label("Service").select_option("SR-CQ-QZH")
    panel = page.locator("#service-panel")
    expect(panel.get_by_role("table").first).to_contain_text("Qinzhou Port")
    expect(panel).to_contain_text("Next departures")
    page.get_by_label("Sea").uncheck()
    shot(page, "map-en")
    page.goto("/?lang=zh-CN")
    expect(page.locator("h2#filters-h")).to_have_text("陆海新通道")
    expect(page.locator(".leaflet-overlay-pane path").first).to_be_attached(timeout=15_000)
    shot(page, "map-zh")


WORDS = {
    "en": {"from": "From", "to": "To", "date": "Ready on", "teu": "TEU", "find": "Find options",
           "review": "Review and book", "commodity": "Commodity", "hs": "HS code",
           "containers": "Container numbers (optional)", "reference": "Your own reference (optional)",
           "book": "Book this option", "booked": "Booked", "search": "Reference, container or place",
           "apply": "Apply", "origin": "Chongqing (CNCQI)", "destination": "Singapore (SGSIN)",
           "departed": "Departed"},
    "zh-CN": {"from": "起运地", "to": "目的地", "date": "货物备妥日期", "teu": "标箱数（TEU）",
              "find": "查询方案", "review": "核对并订舱", "commodity": "货物品名", "hs": "HS 编码",
              "containers": "集装箱号（选填）", "reference": "贵司参考号（选填）",
              "book": "确认订舱", "booked": "订舱成功", "search": "参考号、箱号或地点",
              "apply": "筛选", "origin": "重庆", "destination": "新加坡", "departed": "已发运"},
}  # fmt: skip


def _clean(tab: Page, what: str, lang: str, size: str) -> None:
    """At the journey's size and then at the other one (the window narrowed or widened, as
    ``test_every_page.py`` does): axe-core finds nothing, the page is no wider than the window, and
    a screenshot is saved; then back to the journey's size."""
    other = "phone" if size == "desk" else "desk"
    for shown in (size, other):
        if shown != size:
            resize(tab, SIZES[shown])
        check_at(tab, shown, f"{what} ({lang})", f"shipper-{what}-{lang}-{shown}")
    resize(tab, SIZES[size])


@pytest.mark.parametrize(("lang", "size"), [("en", "desk"), ("zh-CN", "phone")])
def test_a_shipper_searches_sorts_reviews_books_and_finds_the_shipment(
    page: Page, server: tuple[str, DemoSummary], lang: str, size: str
) -> None:
    """The journey in English on a desk (sorting by a column's header) and in Chinese on a phone
    (sorting by the list); each page of it is also checked at the other size."""
    words = WORDS[lang]
    tab, demo = page, server[1]
    tab.set_viewport_size(DESK if size == "desk" else PHONE)
    sign_in(tab, who(demo, "shipper"), lang=lang)
    tab.goto(f"/plan?lang={lang}")
    tab.get_by_label(words["from"]).fill(words["origin"])
    tab.get_by_label(words["to"]).fill(words["destination"])
    tab.get_by_label(words["date"]).fill("2026-12-07")
    tab.get_by_label(words["teu"], exact=True).fill("2")
    tab.get_by_role("button", name=words["find"]).click()
    options = tab.locator("#options-table tbody tr" if size == "desk" else ".option-cards > li")
    expect(options.first).to_be_visible()
    tab.wait_for_function("() => window.Chart && Chart.getChart('plan-chart') !== undefined")
    numbered = "() => Chart.getChart('plan-chart').config.plugins.some(p => p.id === 'numbers')"
    assert tab.evaluate(numbered), "the chart's points carry the options' numbers"
    # Sort by price: by the column's header on a desk, by the list on a phone.
    if size == "desk":
        tab.locator("th[data-sort=cost] a").click()
        expect(tab.locator("th[data-sort=cost]")).to_have_attribute("aria-sort", "ascending")
    else:
        tab.locator("#sort").select_option("cost")
    costs = [float(c) for c in options.evaluate_all("items => items.map(i => i.dataset.cost)")]
    assert len(costs) >= 2 and costs == sorted(costs)
    cheapest = options.first
    expect(cheapest.locator(".tag-cheapest")).to_be_visible()
    # Show on map brings the map into view and marks the option.
    cheapest.locator(".show-option").click()
    expect(cheapest).to_have_class(re.compile(r"\bselected\b"))
    expect(tab.locator("#plan-map")).to_be_in_viewport()
    _clean(tab, "plan", lang, size)

    cheapest.get_by_role("link", name=re.compile(words["review"])).click()
    tab.wait_for_url("**/plan/review*")
    tab.get_by_label(words["commodity"]).fill("Auto parts 汽车零件")
    tab.get_by_label(words["hs"]).fill("8708.299")  # 7 digits: refused
    tab.get_by_role("button", name=words["book"]).click()
    expect(tab.locator("#hs_code-error")).to_contain_text("8708.299")
    expect(tab.get_by_label(words["hs"])).to_have_attribute("aria-invalid", "true")
    _clean(tab, "review", lang, size)
    reference = f"E2E-{lang}-{size}"
    tab.get_by_label(words["hs"]).fill("8708.29")
    tab.get_by_label(words["reference"]).fill(reference)
    tab.get_by_label(words["containers"]).fill("APZU4812090")
    tab.get_by_role("button", name=words["book"]).click()
    tab.wait_for_url("**/shipments*")
    expect(tab.get_by_role("status").first).to_contain_text(words["booked"])

    tab.get_by_label(words["search"]).fill(reference)
    tab.get_by_role("button", name=words["apply"]).click()
    tab.wait_for_url(re.compile(r".*/shipments\?.*q=E2E"))
    found = tab.locator("li.shipment")
    expect(found).to_have_count(1)
    expect(found.locator(".milestones li").nth(1)).to_contain_text(words["departed"])
    expect(found.locator("table.timeline")).to_contain_text("(UTC+8)")
    expect(found.locator("summary")).to_contain_text(reference)
    _clean(tab, "shipments", lang, size)


def test_statistics_and_the_phone_width(page: Page) -> None:
    page.goto("/stats?lang=en")
    expect(page.locator("#volumes-chart")).to_be_visible()
    page.wait_for_function("() => Chart.getChart('volumes-chart') !== undefined")
    shot(page, "stats-en")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/plan?lang=zh-CN&origin=CNCQI&destination=VNHAN&teu=1")
    expect(page.locator(".option-cards > li").first).to_be_visible()
    expect(page.locator("table.options")).to_be_hidden()  # cards on a phone
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 400, f"the page is {width}px wide at phone width"
    shot(page, "plan-phone-zh")


def test_keyboard_users_can_skip_to_the_content(page: Page) -> None:
    page.goto("/plan?lang=en")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"
    labels = page.evaluate(
        "() => [...document.querySelectorAll('input:not([type=hidden]), select')]"
        ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).length"
    )
    assert labels == 0, "every control has a label"
    summary = json.loads(page.evaluate("() => JSON.stringify(document.documentElement.lang)"))
    assert summary == "en"


def test_documents_endorse_in_english_accept_in_chinese_and_verify(
    page: Page, server: tuple[str, DemoSummary]
) -> None:
    """An operator issues a document (API); the exporter endorses it on the Documents page, the
    importer accepts it in Chinese; the PDF is served and the public page says it is genuine."""
    import httpx

    from tests.api.test_documents import ISSUE_BODY

    base, demo = server
    seller, buyer, operator = (
        who(demo, "shipper"),
        who(demo, "shipper", 1),
        who(demo, "operator"),
    )

    def auth(who: dict[str, str]) -> dict[str, str]:
        return {"Authorization": f"Bearer {who['api_key']}"}

    booked = httpx.get(f"{base}/api/v1/bookings", headers=auth(seller)).json()["data"]
    booking = next(b for b in booked if b["status"] == "confirmed")
    made = httpx.post(f"{base}/api/v1/bookings/{booking['id']}/transport-document",
                      headers=auth(operator), json=ISSUE_BODY, timeout=30)  # fmt: skip
    assert made.status_code == 201, made.text
    ref = made.json()["reference"]

    sign_in(page, seller)
    page.goto("/documents?lang=en")
    card = page.locator(f"#doc-{ref}")
    expect(card).to_contain_text("History verified")
    card.get_by_label("Endorse or pledge to (organisation)").fill(buyer["name"])
    card.get_by_role("button", name="Endorse", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(ref)
    expect(page.locator(f"#doc-{ref}")).to_contain_text("Endorsed, awaiting acceptance")
    pdf = page.request.get(f"/documents/{ref}/pdf", timeout=120_000)  # slow on a busy machine
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    shot(page, "documents-en")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, buyer, lang="zh-CN")
    page.goto("/documents?lang=zh-CN")
    expect(page.get_by_role("heading", name="待您处理")).to_be_visible()
    page.locator(f"#doc-{ref}").get_by_role("button", name="接收", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已完成")
    expect(page.locator(f"#doc-{ref}")).to_contain_text("持有中")
    shot(page, "documents-zh")
    page.goto(f"/verify/{ref}?lang=zh-CN")
    expect(page.locator("main")).to_contain_text("真实")
    expect(page.locator("main")).to_contain_text(buyer["name"])
    shot(page, "verify-zh")


def test_an_operator_invoices_a_booking_on_the_invoices_page(
    page: Page, server: tuple[str, DemoSummary]
) -> None:
    """The operator issues an invoice with one click, in English; the page in Chinese lists it
    with its downloads and the camt.054 import form."""
    _, demo = server
    sign_in(page, who(demo, "operator"))
    page.goto("/invoices?lang=en")
    page.get_by_role("button", name=re.compile("^Issue invoice for booking")).first.click()
    expect(page.get_by_role("status")).to_contain_text("Issued: INV-")
    shot(page, "invoices-operator-en")
    page.goto("/invoices?lang=zh-CN")
    expect(page.get_by_role("heading", name="发票与贷项通知单")).to_be_visible()
    expect(page.get_by_label("camt.054.001.13 文件")).to_be_visible()
    expect(page.locator("article.invoice").first).to_contain_text("UBL 2.1 XML")
    shot(page, "invoices-operator-zh")


def test_a_page_is_ready_only_once_its_maps_labels_and_charts_are_drawn(page: Page) -> None:
    """The condition the page checks wait for (``browsing.READY``) is false while a map's countries,
    the corridor map's labels or a chart are missing, and true once they are there."""
    unready = {
        "a map without its countries": '<div class="leaflet-container"></div>',
        "the corridor map without its labels": '<div id="map"></div>',
        "a canvas without its chart": "<canvas></canvas>",
    }
    for what, body in unready.items():
        page.set_content(f"<body>{body}</body>")
        assert page.evaluate(READY) is False, what
    page.set_content(
        '<body data-basemap="ready"><div class="leaflet-container"></div>'
        '<div id="map" data-labels="8"></div></body>'
    )
    assert page.evaluate(READY) is True


def test_a_request_leaving_the_platform_is_named_and_reaches_nothing(
    module_tab: tuple[Page, Trouble],
) -> None:
    """The guard of every browser test: a page asking for something that is not the platform's
    fails its check, and the request reaches nothing (every name and address but 127.0.0.1 fails
    to resolve in the tests' Chromium), here a server listening on this machine under another
    name."""
    hits: list[str] = []

    class Outside(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_: object) -> None:
            pass

    outside = ThreadingHTTPServer(("127.0.0.1", 0), Outside)
    threading.Thread(target=outside.serve_forever, daemon=True).start()
    url = f"http://localhost:{outside.server_address[1]}/pixel.png"
    tab, trouble = module_tab
    trouble.reset()
    try:
        tab.goto("about:blank")  # no Content-Security-Policy to refuse it first
        with tab.expect_event("requestfailed") as failed:
            tab.set_content(f'<img src="{url}" alt="">')
        assert failed.value.url == url and "NAME_NOT_RESOLVED" in str(failed.value.failure)
        assert trouble.outside == [url]
        with pytest.raises(AssertionError, match="outside"):
            trouble.check()
    finally:
        trouble.reset()
        outside.shutdown()
        outside.server_close()
    assert hits == [], "a request left the platform"
