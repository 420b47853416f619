"""The shipper's pages rendered on the server (no JavaScript): the plan's options tagged, sorted
by query parameter with ``aria-sort``, priced in parts with each leg's cut-off and capacity
left; the review step's errors named next to their fields in the visitor's language; My
shipments found and filtered by query parameters, with times and a milestone bar for a
trucks-only booking."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient

from landsea.services.platform import Platform
from tests.web.conftest import account, sign_in

SEARCH = {"origin": "CNCQI", "destination": "SGSIN", "date": "2026-12-07", "teu": "2"}


def _rows(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr id="option-(\d+)"', page)]


def test_the_options_are_tagged_priced_in_parts_and_sorted_without_script(
    web: TestClient,
) -> None:
    page = web.get("/plan", params=SEARCH | {"lang": "en"}).text
    assert _rows(page) == sorted(_rows(page)) and len(_rows(page)) >= 2
    for tag in ("Cheapest", "Fastest", "Lowest CO₂e"):
        assert re.search(rf'<li class="tag tag-\w+">{tag}</li>', page), tag
    assert "Price breakdown" in page and "Handling at" in page and "TEU left" in page
    assert re.search(r"cut-off \d+ Dec 2026, \d\d:\d\d \(UTC\+8\)", page)
    assert "aria-sort" not in page
    by_cost = web.get("/plan", params=SEARCH | {"sort": "cost", "lang": "zh-CN"}).text
    costs = [float(c) for c in re.findall(r'<tr id="option-\d+"[^>]*data-cost="([\d.]+)"', by_cost)]
    assert costs == sorted(costs) and _rows(by_cost) != sorted(_rows(by_cost))
    assert re.search(r'<th scope="col" class="sortable num" data-sort="cost" aria-sort="ascending">',
                     by_cost)  # fmt: skip
    assert by_cost.count('aria-sort="') == 1 and "最便宜" in by_cost and "费用明细" in by_cost
    # The chart's points and the cards carry the options' own numbers, whatever the order.
    cards = [int(n) for n in re.findall(r'<li id="card-(\d+)"', by_cost)]
    assert cards == _rows(by_cost)


def _review_url(page: str) -> str:
    found = re.search(r'href="(/plan/review\?[^"]+)"', page)
    assert found, "a shipper may review an option"
    return html.unescape(found.group(1))


def _hidden(page: str) -> dict[str, str]:
    pairs = re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', page)
    return {name: html.unescape(value) for name, value in pairs}


def test_the_review_step_names_each_error_next_to_its_field_in_chinese(
    web: TestClient, demo_platform: tuple[Platform, Any]
) -> None:
    _, demo = demo_platform
    sign_in(web, account(demo, "shipper"))
    page = web.get("/plan", params=SEARCH | {"lang": "zh-CN"}).text
    review = web.get(_review_url(page))
    assert review.status_code == 200 and "订舱前核对" in review.text
    assert "方案 1" in review.text or "方案" in review.text
    refused = web.post("/plan/book", data=_hidden(review.text) | {
        "commodity": "", "hs_code": "7701.00", "containers": "APZU4812091, APZU4812090, X",
        "reference": "R" * 101})  # fmt: skip
    assert refused.status_code == 422
    for field, words in (("commodity", "货物品名"), ("hs_code", "7701.00"),
                         ("containers", "APZU4812091"), ("reference", "参考号")):  # fmt: skip
        found = re.search(rf'<p id="{field}-error" class="field-error">([^<]*)</p>', refused.text)
        assert found and words in html.unescape(found.group(1)), field
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', refused.text), field
    assert "is not" not in refused.text  # nothing in English inside the Chinese page
    too_many = web.post("/plan/book", data=_hidden(review.text) | {
        "commodity": "汽车零件", "hs_code": "870829",
        "containers": "APZU4812090 CSQU3054383"})  # fmt: skip
    assert too_many.status_code == 422 and "最多 1 个" in too_many.text  # 2 TEU: one 40′ box
    gone = web.get(_review_url(page).replace("option=", "option=NOPE"))
    assert gone.status_code == 404 and "已不再提供" in gone.text


def test_my_shipments_show_a_trucks_only_booking_with_times_and_filter_by_query(
    web: TestClient, demo_platform: tuple[Platform, Any]
) -> None:
    _, demo = demo_platform
    sign_in(web, account(demo, "shipper", 1))
    search = {"origin": "CNCQI", "destination": "VNHAN", "date": "2026-12-08", "teu": "1"}
    page = web.get("/plan", params=search | {"lang": "en"}).text
    road = next(
        (url for url in re.findall(r'href="(/plan/review\?[^"]+)"', page) if "RD" in url), None
    )
    assert road, "a trucks-only option is offered"
    review = web.get(html.unescape(road)).text
    booked = web.post("/plan/book", data=_hidden(review) | {
        "commodity": "Motorcycle parts", "hs_code": "8714.10", "reference": "TRUCK-HAN-1"},
        follow_redirects=False)  # fmt: skip
    assert booked.status_code == 303
    booking = booked.headers["location"].split("#b-")[1]
    mine = web.get("/shipments", params={"q": "truck-han", "lang": "en"}).text
    item = re.search(rf'<li id="b-{booking}".*?</li>\s*</ul>', mine, re.S)
    assert item, "found by its reference"
    assert "1 of " in mine and len(re.findall(r'<li id="b-', mine)) == 1
    shown = item.group(0)
    assert "ETA: —" not in shown and "(UTC+7)" in shown and "(UTC+8)" in shown
    cells = re.findall(r"<td>([^<]*)</td>", shown)
    assert cells and "—" not in cells[:2]  # planned and estimated are filled
    assert re.findall(r'<span class="ms-name">([^<]*)</span>', shown) == [
        "Booked", "Departed", "Transhipped", "Arrived", "Cleared"]  # fmt: skip
    assert (
        web.get("/shipments", params={"q": "Hanoi", "status": "cancelled"}).text.count(
            f'id="b-{booking}"'
        )
        == 0
    )
    routes = web.get("/shipments", params={"route": "CNCQI~VNHAN"}).text
    assert f'id="b-{booking}"' in routes and 'id="b-' in routes
    later = web.get("/shipments", params={"start": "2027-06-01", "lang": "zh-CN"}).text
    assert f'id="b-{booking}"' not in later and "没有符合条件的订舱" in later
    wrong = web.get("/shipments", params={"end": "2026-02-30", "lang": "zh-CN"}).text
    assert re.search(r'<p id="end-error" class="field-error">[^<]*2026-02-30', wrong)
