"""The web platform's second pass, rendered on the server: input errors named next to their
fields in the visitor's language, past dates refused, sign-in back to the same search,
``/statistics`` with a period and CSV, and the Scenarios page running the digital twin."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from fastapi.testclient import TestClient

from landsea.services.jobs import Workers
from landsea.services.platform import Platform
from landsea.web.pages.scenarios import EXAMPLE
from tests.web.conftest import account, csrf_of, sign_in


def _field_error(html: str, field: str) -> str:
    found = re.search(rf'<p id="{field}-error" class="field-error">([^<]*)</p>', html)
    assert found, f"no error next to {field}"
    assert f'aria-describedby="{field}-error"' in html
    return found.group(1)


def test_each_plan_error_is_named_next_to_its_field_in_chinese(web: TestClient) -> None:
    page = web.get("/plan", params={"origin": "Chongqin", "destination": "重庆市",
                                    "date": "2026-02-30", "teu": "0", "lang": "zh-CN"})  # fmt: skip
    assert page.status_code == 200
    assert "Chongqin" in _field_error(page.text, "origin") and "没有名为" in page.text
    assert "TEU“0”" in _field_error(page.text, "teu")
    assert "2026-02-30" in _field_error(page.text, "date") and "不是有效日期" in page.text
    assert "is not a date" not in page.text and 'role="alert"' in page.text
    same = web.get("/plan", params={"origin": "重庆市", "destination": "CNCQI", "lang": "en"})
    assert "is the place of origin" in _field_error(same.text, "destination")


def test_a_past_ready_date_is_refused_and_offers_nothing_to_book(web: TestClient) -> None:
    page = web.get("/plan", params={"origin": "CNCQI", "destination": "SGSIN",
                                    "date": "2021-03-01", "lang": "en"})  # fmt: skip
    assert "has passed" in _field_error(page.text, "date")
    assert 'id="option-1"' not in page.text and "/plan/book" not in page.text
    assert re.search(r'id="date"[^>]*min="\d{4}-\d\d-\d\d"', page.text)


def test_sign_in_to_book_returns_to_the_same_search(web: TestClient) -> None:
    search = "/plan?origin=CNCQI&destination=SGSIN&date=2026-12-07&teu=2"
    page = web.get(search)
    link = re.search(r'href="/signin\?next=([^"]+)"', page.text)
    assert link and "destination%3DSGSIN" in link.group(1) and "teu%3D2" in link.group(1)
    form = web.get(f"/signin?next={link.group(1)}")
    assert 'name="next" value="/plan?origin=CNCQI&amp;destination=SGSIN' in form.text


def _csv(web: TestClient, chart: str, **params: Any) -> list[list[str]]:
    response = web.get(f"/statistics/{chart}.csv", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))


def test_statistics_answer_with_a_period_and_every_chart_as_csv(web: TestClient) -> None:
    page = web.get("/statistics", params={"days": 365, "lang": "en"})
    assert page.status_code == 200
    assert '<option value="365" selected>' in page.text
    for chart in ("volumes", "modal_split", "clearance", "co2", "on_time"):
        assert f"/statistics/{chart}.csv?days=365" in page.text
        assert len(_csv(web, chart, days=365)) >= (1 if chart == "clearance" else 2)
    weeks = _csv(web, "volumes", days=365, lang="zh-CN")
    assert weeks[0][0] == "周" or weeks[0][-1].startswith("合计")
    body = [row for row in weeks[1:] if int(row[-1])]
    assert body, "the demo's bookings are counted"
    # A booking counts once in the total, and once under each mode it rides.
    assert all(int(row[-1]) <= sum(int(x) for x in row[1:-1]) for row in body)
    assert any(int(row[-1]) < sum(int(x) for x in row[1:-1]) for row in body)
    assert web.get("/statistics/nothing.csv").status_code == 404


def test_an_operator_runs_scenarios_and_sees_them_compared(
    web: TestClient, demo_platform: tuple[Platform, Any]
) -> None:
    platform, demo = demo_platform
    sign_in(web, account(demo, "shipper"))
    assert web.get("/scenarios").status_code == 403
    web.cookies.clear()
    sign_in(web, account(demo, "operator"))
    page = web.get("/scenarios", params={"lang": "zh-CN"})
    assert page.status_code == 200 and "情景模拟" in page.text and 'href="/scenarios"' in page.text
    scenario = EXAMPLE.replace("days = 14", "days = 3")
    started = web.post("/scenarios", data={"csrf": csrf_of(page.text), "scenario": scenario,
                                           "replications": 1, "seed": 3},
                       follow_redirects=False)  # fmt: skip
    assert started.status_code == 303, started.text
    url = started.headers["location"]
    assert "等待处理" in web.get(url).text
    Workers(platform, concurrency=1).run(once=True)  # the embedded app runs no workers
    done = web.get(f"{url}&lang=en").text
    assert "Done" in done, re.findall(r'id="sim-status"[^>]*>[^<]*', done)
    assert "Pingxiang closed 3 days" in done and "TEU delivered" in done
    assert 'id="scenario-data"' in done and 'id="backlog-chart"' in done
    refused = web.post("/scenarios", data={"csrf": csrf_of(page.text),
                                           "scenario": "[baseline]\ndays = 'x'"},
                       follow_redirects=False)  # fmt: skip
    assert refused.status_code == 303 and refused.headers["location"] == "/scenarios"
