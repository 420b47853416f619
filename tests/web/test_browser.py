"""Browser tests: Playwright drives Debian's Chromium against `landsea serve` with the demo data
(fixtures in ``tests/web/browsing.py``); each page's screenshot is saved under
``test-artifacts/screenshots/`` (not committed)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from landsea.services.demo import DemoSummary
from tests.web.browsing import browser, guarded_tab, server, shot, sign_in, who

__all__ = ["browser", "server"]


@pytest.fixture
def page(browser: Browser, server: tuple[str, DemoSummary]) -> Iterator[Page]:
    base, _ = server
    context = browser.new_context(
        base_url=base, viewport={"width": 1280, "height": 800}, reduced_motion="reduce"
    )
    tab, trouble = guarded_tab(context, base)
    try:
        yield tab
    finally:
        context.close()
    trouble.check()


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


def test_plan_in_english_then_book_in_chinese_and_find_it(
    page: Page, server: tuple[str, DemoSummary]
) -> None:
    _, demo = server
    page.goto("/plan?lang=en")
    page.get_by_label("From").fill("Chongqing (CNCQI)")
    page.get_by_label("To").fill("Singapore (SGSIN)")
    page.get_by_label("Ready on").fill("2026-12-07")
    page.get_by_label("TEU").fill("2")
    page.get_by_role("button", name="Find options").click()
    rows = page.locator("table.options tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 2
    expect(page.locator("#plan-map .leaflet-overlay-pane path").first).to_be_attached()
    expect(page.locator("#plan-chart")).to_be_visible()
    page.wait_for_function("() => Chart.getChart('plan-chart') !== undefined")
    page.locator(".show-option").nth(1).click()
    expect(page.locator("#option-2")).to_have_class("selected")
    expect(page.get_by_text("Sign in as a shipper to book.")).to_be_visible()
    shot(page, "plan-en")

    sign_in(page, who(demo, "shipper"), lang="zh-CN")
    page.goto("/plan?lang=zh-CN")
    page.get_by_label("起运地").fill("重庆")
    page.get_by_label("目的地").fill("新加坡")
    page.get_by_label("货物备妥日期").fill("2026-12-08")
    page.get_by_role("button", name="查询方案").click()
    expect(page.locator("table.options tbody tr").first).to_contain_text("钦州港")
    shot(page, "plan-zh")
    page.get_by_role("button", name="为方案 1 订舱").click()
    page.wait_for_url("**/shipments*")
    expect(page.get_by_role("status")).to_contain_text("订舱成功")
    expect(page.locator(".shipment").first).to_contain_text("重庆")
    shot(page, "shipments-zh")


def test_the_operator_starts_a_consolidation_run(
    page: Page, server: tuple[str, DemoSummary]
) -> None:
    _, demo = server
    sign_in(page, who(demo, "operator"))
    expect(page).to_have_url(re.compile(r".*/operations$"))
    expect(page.get_by_role("heading", name="Departures of the next 30 days")).to_be_visible()
    page.get_by_label("Method").select_option("greedy")
    page.get_by_label("Time limit (s)").fill("10")
    page.get_by_role("button", name="Start run").click()
    expect(page.get_by_role("status")).to_contain_text("Consolidation run")
    for _ in range(50):  # the run finishes in the background
        page.reload()
        if page.locator("#runs tbody tr").first.inner_text().find("Done") >= 0:
            break
        time.sleep(0.2)
    expect(page.locator("#runs tbody tr").first).to_contain_text("Done")
    shot(page, "operations-en")


def test_customs_release_a_declaration(page: Page, server: tuple[str, DemoSummary]) -> None:
    _, demo = server
    sign_in(page, who(demo, "customs"), lang="zh-CN")
    expect(page.get_by_role("heading", name="海关：按通道分类的申报单")).to_be_visible()
    card = page.locator("article.declaration").first
    expect(card).to_contain_text("分流原因")
    card.get_by_role("button", name="放行").click()
    expect(page.get_by_role("status")).to_contain_text("已记录")
    shot(page, "customs-zh")


def test_statistics_and_the_phone_width(page: Page) -> None:
    page.goto("/stats?lang=en")
    expect(page.locator("#volumes-chart")).to_be_visible()
    page.wait_for_function("() => Chart.getChart('volumes-chart') !== undefined")
    shot(page, "stats-en")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/plan?lang=zh-CN&origin=CNCQI&destination=VNHAN&teu=1")
    expect(page.locator("table.options tbody tr").first).to_be_visible()
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
    pdf = page.request.get(f"/documents/{ref}/pdf")
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
