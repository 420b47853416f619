"""The Services page rendered on the server: an operator sees and edits only its own services;
a stop time published through the service functions of the API, with every error next to its
field in the visitor's language; a run cancelled and the service closed, the plan page telling
of the closure."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi.testclient import TestClient

from landsea.services import accounts
from landsea.services.platform import Platform
from tests.web.conftest import account, csrf_of, sign_in

OWN, OTHERS = "CRE-CQ-DUI", "SR-CQ-QZH"
RUN = "SR-CQ-QZH-20261207-2100"


def _yuxinou(web: TestClient, platform: Platform) -> None:
    """Sign in as an operator of the Yuxinou trains only."""
    accounts.create_organisation(
        platform, "Yuxinou Logistics", "operator", operator_match="Yuxinou"
    )
    key, _ = accounts.create_key(platform, "Yuxinou Logistics")
    sign_in(web, {"api_key": key}, with_key=True)


def _field_error(html: str, field: str) -> str:
    found = re.search(rf'<p id="{field}-error" class="field-error">([^<]*)</p>', html)
    assert found, f"no error next to {field}"
    return found.group(1)


def test_an_operator_edits_only_its_own_services_errors_next_to_their_fields(
    web: TestClient, demo_platform: tuple[Platform, Any]
) -> None:
    platform, _ = demo_platform
    assert web.get("/services", follow_redirects=False).status_code == 303  # sign in first
    _yuxinou(web, platform)
    listed = web.get("/services")
    assert listed.status_code == 200 and f"/services/{OWN}" in listed.text
    assert f"/services/{OTHERS}" not in listed.text and 'href="/services"' in listed.text
    assert web.get(f"/services/{OTHERS}").status_code == 404
    page = web.get(f"/services/{OWN}", params={"week": "2026-12-07"})
    assert page.status_code == 200 and f"{OWN}-20261212-2000" in page.text  # Saturday's train
    csrf = csrf_of(page.text)
    stops = len(platform.network.service(OWN).stops)

    def publish(arrival: list[str], **more: str) -> Any:
        data = {"csrf": csrf, "arrival": arrival, "departure": [""] * stops, **more}
        return web.post(f"/services/{OWN}/timetable", data=data, follow_redirects=False)

    refused = publish(["", "soon"] + [""] * (stops - 2), capacity="0")
    assert refused.status_code == 422
    assert "“soon” is not a number of hours" in _field_error(refused.text, "arrival-1")
    assert "“0” is not a whole number of TEU" in _field_error(refused.text, "capacity")
    web.cookies.set("lang", "zh-CN")
    late = publish(["", "22"] + [""] * (stops - 2))  # Lanzhou: arrives after it departs (21 h)
    assert late.status_code == 422
    assert "未通过网络数据校验" in _field_error(late.text, "departure-1")
    assert "before the arrival at 22 h" in late.text
    web.cookies.set("lang", "en")
    before = platform.snapshot.version
    done = publish(["", "20.5"] + [""] * (stops - 2))
    assert done.status_code == 303, done.text
    assert platform.live.refresh().version > before
    stop = platform.network.service(OWN).stops[1]
    assert stop.arrival is not None and stop.arrival.total_seconds() == 20.5 * 3600
    assert "Published: network version" in web.get(done.headers["location"]).text


def test_a_run_cancelled_and_the_service_closed_show_on_the_page_and_the_plan(
    web: TestClient, demo_platform: tuple[Platform, Any]
) -> None:
    _, demo = demo_platform
    sign_in(web, account(demo, "operator"))
    page = web.get(f"/services/{OTHERS}", params={"week": "2026-12-07", "run": RUN})
    assert f'<option value="{RUN}" selected>' in page.text
    csrf = csrf_of(page.text)
    unexplained = web.post(
        f"/services/{OTHERS}/runs", data={"csrf": csrf, "run": RUN, "kind": "delay"}
    )
    assert unexplained.status_code == 422
    assert "Give the reason" in _field_error(unexplained.text, "reason_en")
    assert "The delay “”" in _field_error(unexplained.text, "delay_hours")
    cancelled = web.post(
        f"/services/{OTHERS}/runs",
        data={"csrf": csrf, "run": RUN, "kind": "cancel", "reason_zh": "台风", "reason_en": "Typhoon",
              "reason_code": "WEA", "week": "2026-12-07"},
        follow_redirects=False,
    )  # fmt: skip
    assert cancelled.status_code == 303, cancelled.text
    shown = web.get(cancelled.headers["location"])
    assert f"Run {RUN} cancelled" in shown.text and "Cancelled" in shown.text
    closed = web.post(
        f"/services/{OTHERS}/closures",
        data={"csrf": csrf, "from": "2026-12-08T00:00", "to": "2026-12-11T00:00",
              "reason_en": "Track works", "week": "2026-12-07"},
        follow_redirects=False,
    )  # fmt: skip
    assert closed.status_code == 303, closed.text
    assert "Track works" in web.get(closed.headers["location"]).text
    corridor = web.get("/", params={"lang": "en"}).text
    listed = re.search(r'<ul class="closures">(.*?)</ul>', corridor, re.S)
    assert listed and OTHERS in listed.group(1) and "Track works" in listed.group(1)
    drawn = re.search(r'id="closures-data">(.*?)</script>', corridor, re.S)
    assert drawn and json.loads(drawn.group(1))[0]["code"] == OTHERS
    plan = web.get(
        "/plan",
        params={"origin": "CNCQI", "destination": "CNQZH", "date": "2026-12-07", "lang": "zh-CN"},
    )
    assert plan.status_code == 200 and "与本次查询相关的关闭" in plan.text
    assert "停运：Track works" in plan.text


def test_a_runs_capacity_is_changed_not_below_what_is_booked(
    web: TestClient, demo_platform: tuple[Platform, Any]
) -> None:
    platform, demo = demo_platform
    sign_in(web, account(demo, "operator"))
    run = "SR-CQ-QZH-20261208-0900"
    page = web.get(f"/services/{OTHERS}", params={"week": "2026-12-07"})
    data = {"csrf": csrf_of(page.text), "run": run, "kind": "capacity", "week": "2026-12-07"}
    wrong = web.post(f"/services/{OTHERS}/runs", data=data | {"run_capacity": "lots"})
    assert "“lots” is not a whole number of TEU" in _field_error(wrong.text, "run_capacity")
    done = web.post(
        f"/services/{OTHERS}/runs", data=data | {"run_capacity": "40"}, follow_redirects=False
    )
    assert done.status_code == 303, done.text
    assert "40 of 40 TEU left" in web.get(done.headers["location"]).text
    with platform.uow(read_only=True) as uow:
        stored = uow.departures.get(run)
    assert stored is not None and stored.capacity_teu == 40
