"""Browser test of the Services page (its own server, so that the closures it declares change
no other browser test's plans): an operator publishes a capacity change and cancels a run in
English, closes the service in Chinese, and the plan page tells of it in both languages."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from landsea.services.demo import DemoSummary
from tests.web.browsing import browser, module_tab, page, server, shot, sign_in, who

__all__ = ["browser", "module_tab", "page", "server"]

SERVICE = "SR-CQ-QZH"
RUN = "SR-CQ-QZH-20261207-2100"
WEEK = f"/services/{SERVICE}?week=2026-12-07"
PLAN = "/plan?origin=CNCQI&destination=CNQZH&date=2026-12-07"


def test_an_operator_publishes_cancels_and_closes_and_the_plan_shows_it(
    page: Page, server: tuple[str, DemoSummary]
) -> None:
    _, demo = server
    sign_in(page, who(demo, "operator"))
    page.get_by_role("link", name="Services").click()
    expect(page.get_by_role("heading", name="Services", exact=True)).to_be_visible()
    page.goto(f"{WEEK}&lang=en")
    page.get_by_label("Capacity per run (TEU)").fill("90")
    page.get_by_role("button", name="Publish the change").click()
    expect(page.get_by_role("status")).to_contain_text("Published: network version")
    expect(page.locator("dl.facts")).to_contain_text("90 TEU")

    page.get_by_role("link", name="Change the run of 7 Dec 2026 at 21:00").click()
    expect(page.get_by_label("Run", exact=True)).to_have_value(RUN)
    page.locator("#reason_en").fill("Typhoon")
    page.get_by_role("button", name="Announce it").click()
    expect(page.get_by_role("status")).to_contain_text(f"Run {RUN} cancelled")
    expect(page.locator("li.run.cancelled")).to_contain_text("Typhoon")
    shot(page, "services-task-en")

    page.goto(f"{WEEK}&lang=zh-CN")
    page.get_by_label("开始（当地时间）").fill("2026-12-08T00:00")
    page.get_by_label("结束（当地时间，不含）").fill("2026-12-11T00:00")
    page.locator("#close_zh").fill("线路施工")
    page.get_by_role("button", name="声明关闭").click()
    expect(page.get_by_role("status")).to_contain_text(f"已声明 {SERVICE} 关闭")
    expect(page.locator("#closures-list")).to_contain_text("线路施工")
    shot(page, "services-task-zh")

    page.goto(f"{PLAN}&lang=zh-CN")
    notice = page.locator(".closure-notice")
    expect(notice).to_contain_text("与本次查询相关的关闭")
    expect(notice).to_contain_text("线路施工")
    expect(page.locator("table.options tbody tr").first).to_be_visible()
    expect(page.locator("table.options")).not_to_contain_text(RUN)
    page.goto(f"{PLAN}&lang=en")
    expect(page.locator(".closure-notice")).to_contain_text("does not run from")
    shot(page, "services-plan-en")
