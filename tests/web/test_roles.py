"""Each role's daily task in the browser, in both languages (Playwright and Debian's Chromium on
`landsea serve` with the demo data; fixtures in ``tests/web/browsing.py``): the operator's week,
its flags and a consolidation run whose assignments appear without a reload; customs' three
lanes and a decision named in the confirmation; a bank's statistics (period and CSV); an
analyst's scenarios; the map's labels and its skip link. Screenshots go to
``test-artifacts/screenshots/``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from landsea.services.demo import DemoSummary
from tests.web.browsing import (
    JOURNEY,
    browser,
    guarded_tab,
    module_tab,
    page,
    server,
    shot,
    sign_in,
    who,
)

__all__ = ["browser", "module_tab", "page", "server"]


@pytest.fixture
def own_page(browser: Browser, server: tuple[str, DemoSummary]) -> Iterator[Page]:
    """A tab in a context of its own, for a test that installs a fake clock (the context's: it
    would stay for the module's other tests)."""
    base, _ = server
    context = browser.new_context(base_url=base, viewport=JOURNEY, reduced_motion="reduce")
    tab, trouble = guarded_tab(context, base)
    try:
        yield tab
    finally:
        context.close()
    trouble.check()


def test_operator_sees_the_week_and_a_runs_assignments_appear_without_reload(
    page: Page, server: tuple[str, DemoSummary]
) -> None:
    sign_in(page, who(server[1], "operator"), lang="zh-CN")
    page.goto("/operations?lang=zh-CN")
    grid = page.locator("table.week-grid")
    expect(grid.locator("thead th")).to_have_count(8)
    expect(grid.locator("thead")).to_contain_text("周一")
    expect(grid.locator(".flag.under").first).to_have_text("装载不足")
    page.get_by_role("link", name="下一周").click()
    expect(page).to_have_url(re.compile(r"week=\d{4}-W\d{2}"))
    shot(page, "operations-week-zh")

    page.goto("/operations?lang=en")
    expect(
        page.get_by_role("heading", name="Departures of the week by service and day")
    ).to_be_visible()
    page.get_by_label("Method").select_option("greedy")
    page.get_by_label("Time limit (s)").fill("10")
    page.get_by_role("button", name="Start run").click()
    expect(page.get_by_role("status")).to_contain_text("Consolidation run")
    page.evaluate("() => { window.stayed = true; }")  # gone if the page were loaded again
    run = page.locator("article.run").first
    expect(run).to_have_attribute("data-status", "done", timeout=30_000)
    assignments = run.locator("table.assignments")
    expect(assignments).to_contain_text("DEMO-PENDING-")
    expect(assignments.locator("tbody tr").first).to_contain_text("(UTC+8)")
    assert page.evaluate("() => window.stayed") is True, "the result came without a reload"
    shot(page, "operations-run-en")


def test_customs_sees_three_lanes_opens_a_red_one_and_the_decision_is_named(
    own_page: Page, server: tuple[str, DemoSummary]
) -> None:
    page = own_page
    sign_in(page, who(server[1], "customs"), lang="zh-CN")
    page.clock.install()
    page.goto("/customs?lang=zh-CN")
    green = page.locator("section:has(#lane-green) article.declaration .clock").first
    expect(green.locator(".flag")).to_have_text("在时限内")
    page.clock.fast_forward("03:00:00")  # the green lane's two hours are up: the clock says so
    expect(green.locator(".flag")).to_have_text("已超时")
    expect(green).to_contain_text("超出")
    page.goto("/customs?lang=zh-CN")
    for lane in ("red", "yellow", "green"):
        expect(page.locator(f"#lane-{lane}")).to_be_visible()
        assert page.locator(f"section:has(#lane-{lane}) article.declaration").count() >= 1
    red = page.locator("section:has(#lane-red) article.declaration").first
    expect(red).to_contain_text("分流原因")
    expect(red.locator(".clock")).to_contain_text("剩余")
    code = red.locator("h3 .code").last.inner_text()
    red.get_by_role("button", name="查验").click()
    expect(page.get_by_role("status")).to_contain_text(
        re.compile(rf"已转查验：申报单 CN\w+-{code}")
    )
    shot(page, "customs-decided-zh")

    page.goto("/customs?lang=en")
    red = page.locator("section:has(#lane-red) article.declaration").last
    code = red.locator("h3 .code").last.inner_text()
    red.get_by_role("button", name="Hold").click()  # no reason: refused, said in English
    expect(page.get_by_role("status")).to_contain_text("holding needs a reason")
    red = page.locator(f"article.declaration:has(h3:has-text('{code}'))")
    red.get_by_label("Reason (needed to hold)").fill("seal number differs from the manifest")
    red.get_by_role("button", name="Release").click()
    expect(page.get_by_role("status")).to_contain_text(
        re.compile(rf"Released declaration CN\w+-{code}")
    )
    shot(page, "customs-decided-en")


def test_a_bank_reads_the_statistics_of_a_period_and_downloads_them(
    page: Page, server: tuple[str, DemoSummary]
) -> None:
    base, demo = server
    admin = {"Authorization": f"Bearer {who(demo, 'admin')['api_key']}"}
    made = httpx.post(f"{base}/api/v1/organisations", headers=admin,
                      json={"name": "Beibu Gulf Bank", "role": "bank"})  # fmt: skip
    assert made.status_code == 201, made.text
    key = httpx.post(f"{base}/api/v1/organisations/{made.json()['id']}/keys", headers=admin)
    page.goto("/signin?lang=zh-CN")
    page.get_by_label("API 密钥").fill(key.json()["api_key"])
    page.locator("form", has=page.locator("#api_key")).get_by_role("button").click()
    page.goto("/statistics?lang=zh-CN")
    page.get_by_label("统计期间").select_option("90")
    page.get_by_role("button", name="显示", exact=True).click()
    expect(page).to_have_url(re.compile(r"days=90"))
    with page.expect_download() as download:
        page.locator("a[href^='/statistics/volumes.csv?days=90']").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("周")
    shot(page, "stats-bank-zh")


def test_an_analyst_runs_scenarios(page: Page, server: tuple[str, DemoSummary]) -> None:
    sign_in(page, who(server[1], "admin"))
    page.goto("/scenarios?lang=en")
    scenario = page.get_by_label("Scenario file (TOML)")
    scenario.fill(scenario.input_value().replace("days = 14", "days = 3"))
    page.get_by_label("Replications").fill("1")
    page.get_by_role("button", name="Run the scenarios").click()
    expect(page.locator("#sim-status")).to_have_text("Done", timeout=60_000)
    expect(page.locator("#simulation table").first).to_contain_text("TEU delivered")
    shot(page, "scenarios-analyst-en")


def test_the_map_labels_hubs_first_and_can_be_skipped_by_keyboard(page: Page) -> None:
    page.goto("/?lang=zh-CN")
    labels = page.locator(".place-label")
    expect(page.locator("#map")).to_have_attribute("data-labels", "8", timeout=15_000)
    expect(labels).to_have_count(8)
    expect(page.locator("#map")).to_contain_text("钦州港")
    page.locator("a.skip-map").focus()
    expect(page.locator("a.skip-map")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#after-map")).to_be_focused()
    page.goto("/?lang=en")
    expect(page.locator("#map")).to_have_attribute("data-labels", "8", timeout=15_000)
    page.locator("#map").click()
    page.keyboard.press("Equal")
    page.keyboard.press("Equal")
    page.keyboard.press("Equal")
    expect(page.locator("#map")).not_to_have_attribute("data-labels", "8")
    assert labels.count() > 8
    expect(page.locator("#map")).to_contain_text("Qinzhou Port")
    shot(page, "map-labels-en")
