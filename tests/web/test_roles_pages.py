"""The operator's and the customs officer's pages on the server (no browser): the chosen week's
departures as a grid sorted by utilisation with flags, every assignment of a consolidation run,
the customs lanes filled, explained in Chinese, timed, and decisions named."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from fastapi.testclient import TestClient

from landsea.domain.consolidation import ConsolidationOptions
from landsea.services import accounts, consolidation, operations_week
from landsea.services.platform import Platform
from tests.web.conftest import account, csrf_of, sign_in

ROW_SHARE = r'<span class="hint">[^<·]+ · ([\d.]+)%'


def _busy_week(platform: Platform, demo: Any) -> tuple[str, operations_week.Week]:
    """The first week from this one with something booked on the operator's services."""
    operator = accounts.organisation(platform, account(demo, "operator")["name"])
    monday = operations_week.monday_of("", dt.date.today())
    for n in range(4):
        week = operations_week.operator_week(platform, operator, monday + dt.timedelta(days=7 * n))
        if week.booked_teu:
            return week.iso, week
    raise AssertionError("the demo books nothing in the next four weeks")


def test_operations_shows_a_chosen_week_sorted_by_utilisation_with_flags(
    web: TestClient, demo_platform: tuple[Platform, Any]
) -> None:
    platform, demo = demo_platform
    sign_in(web, account(demo, "operator"))
    iso, week = _busy_week(platform, demo)
    page = web.get(f"/operations?week={iso}&lang=en")
    assert page.status_code == 200 and f'value="{iso}"' in page.text
    days = re.findall(r'<th scope="col">(Mon|Tue|Wed|Thu|Fri|Sat|Sun)<br>', page.text)
    assert days == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    shares = [float(x) for x in re.findall(ROW_SHARE, page.text)]
    assert len(shares) == len(week.services) > 3 and shares == sorted(shares, reverse=True)
    headline = re.search(r'<p class="big">([^<]+)</p>', page.text)
    assert headline is not None and headline.group(1) != "0.0%"  # there is load: never 0.0 %
    assert f"{week.booked_teu} of" in page.text
    assert page.text.count('<strong class="flag under">Under-filled</strong>') > 1
    ascending = web.get(f"/operations?week={iso}&order=asc&lang=zh-CN")
    shares = [float(x) for x in re.findall(ROW_SHARE, ascending.text)]
    assert shares == sorted(shares) and "装载不足" in ascending.text and "周一" in ascending.text
    refused = web.get("/operations?week=2026-W99&lang=en")
    assert refused.status_code == 200 and "2026-W99 is not a week" in refused.text


def test_a_run_booked_to_its_capacity_is_flagged_over_booked(
    web: TestClient, demo_platform: tuple[Platform, Any]
) -> None:
    platform, demo = demo_platform
    sign_in(web, account(demo, "operator"))
    iso, week = _busy_week(platform, demo)
    run = next(r for r in week.runs if r.booked_teu > 0)
    assert "Over-booked</strong>" not in web.get(f"/operations?week={iso}").text.split("<table")[1]
    with platform.uow() as uow:
        assert uow.departures.set_capacity(run.id, run.booked_teu)  # cut to what is booked
    try:
        page = web.get(f"/operations?week={iso}&lang=en").text
    finally:
        with platform.uow() as uow:
            uow.departures.set_capacity(run.id, run.capacity_teu)
    chip = re.search(rf'<div class="run-chip over_booked">(?:(?!</div>).)*{run.booked_teu}/'
                     rf'{run.booked_teu} TEU(?:(?!</div>).)*Over-booked', page, re.S)  # fmt: skip
    assert chip is not None
    assert re.search(r'flag over">Over-booked</strong> 1 runs', page)


def test_a_runs_assignments_name_the_cargo_its_departures_cost_and_lateness(
    web: TestClient, demo_platform: tuple[Platform, Any]
) -> None:
    platform, demo = demo_platform
    sign_in(web, account(demo, "operator"))
    operator = accounts.organisation(platform, account(demo, "operator")["name"])
    options = ConsolidationOptions(method="greedy", time_limit=10)
    run_id = consolidation.start_run(platform, operator, options)
    waiting = web.get("/operations?lang=en").text
    assert f'data-run="{run_id}" data-status="queued"' in waiting  # what operations.js follows
    assert "/static/js/operations.js" in waiting
    consolidation.run_stored(platform, operator, run_id, options, apply=False)
    done = web.get(f"/operations/runs/{run_id}?lang=zh-CN")
    assert done.status_code == 200
    card = done.text[done.text.index(f'id="run-{run_id}"') :]
    assert 'data-status="done"' in card[:200] and "各批货物配载的班次" in card
    result = consolidation.get_run(platform, operator, run_id).result
    assert result is not None and result["assignments"]
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(DEMO-PENDING-\d)<br>", card)
    assert sorted(rows) == sorted(
        str(r.reference)
        for r in consolidation.find_requests(platform, operator, status=None, after=None, limit=100)
        if r.id in {a["request_id"] for a in result["assignments"]}
    )
    assert "重庆" in card and "(UTC+8)" in card and "¥" in card
    assert web.get(f"/operations/runs/{run_id}x").status_code == 404


def test_customs_lanes_in_chinese_with_offices_clocks_and_the_decision_named(
    web: TestClient, demo_platform: tuple[Platform, Any]
) -> None:
    _, demo = demo_platform
    sign_in(web, account(demo, "customs"))
    queue = web.get("/customs?lang=zh-CN").text
    for lane in ("red", "yellow", "green"):
        section = queue.split(f'id="lane-{lane}"')[1].split("</section>")[0]
        assert section.count('<article class="card declaration') >= 2, lane
    assert "可能低报价格" in queue and "under-valuation" not in queue
    assert "未申报危险品" in queue and "重量异常" in queue
    assert "凭祥铁路口岸" in queue and "钦州港" in queue  # offices by name
    assert "剩余" in queue and "已等待" in queue and "(UTC+8)" in queue and "(UTC+0)" not in queue
    red = re.search(r'action="/customs/([0-9a-f-]+)/decision"', queue)
    assert red is not None
    csrf = csrf_of(queue)
    held = web.post(f"/customs/{red.group(1)}/decision", data={"csrf": csrf, "decision": "hold"})
    assert "扣留须填写理由" in held.text  # the error in the page's language
    released = web.post(
        f"/customs/{red.group(1)}/decision", data={"csrf": csrf, "decision": "release"}
    )
    assert re.search(rf"已放行申报单 CN[A-Z]+-{red.group(1)[:8]}", released.text)
    again = web.post(
        f"/customs/{red.group(1)}/decision", data={"csrf": csrf, "decision": "inspect"}
    )
    assert f"申报单 {red.group(1)[:8]} 已经放行" in again.text
    english = web.get("/customs?lang=en").text
    assert "first declaration of this trader" in english and "该企业" not in english
    assert "Clearance service level" in english and "Qinzhou Port" in english


def test_cargo_left_unassigned_is_said_in_the_pages_language(
    web: TestClient, demo_platform: tuple[Platform, Any]
) -> None:
    platform, demo = demo_platform
    sign_in(web, account(demo, "operator"))
    operator = accounts.organisation(platform, account(demo, "operator")["name"])
    run_id = consolidation.start_run(platform, operator, ConsolidationOptions(method="greedy"))
    request = consolidation.find_requests(platform, operator, status=None, after=None, limit=1)[0]
    left = {"request_id": request.id, "reason": "capacity: every itinerary it could take is full",
            "code": "full"}  # fmt: skip
    with platform.uow() as uow:
        assert uow.consolidation_runs.start(run_id)
        uow.consolidation_runs.finish(run_id, result={
            "status": "greedy", "method": "greedy", "objective": 0.0, "bound": None, "gap": None,
            "assignments": [], "unassigned": [left], "greedy": None,
        })  # fmt: skip
    zh = web.get(f"/operations/runs/{run_id}?lang=zh-CN").text
    assert f"{request.reference}: 所有可选路线的班次均已满载" in zh and "capacity:" not in zh
    en = web.get(f"/operations/runs/{run_id}?lang=en").text
    assert f"{request.reference}: every itinerary it could take is full" in en
