"""The web plan page and its booking form answer every input without a server error."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from landsea.services.platform import Platform
from tests.web.conftest import account, csrf_of, sign_in


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01"])
def test_the_plan_page_refuses_extreme_dates(web: TestClient, date: str) -> None:
    page = web.get("/plan", params={"origin": "CNQZH", "destination": "SGSIN", "date": date})
    assert page.status_code == 200
    assert date in page.text and "/plan/book" not in page.text


@pytest.mark.parametrize(
    "option",
    ['{"from": "CNQZH"}', "[1, 2]", "[" * 1500, "QZH-SIN-DAILY-20261211-2000:CNQZH:SGSIN"],
)
def test_booking_an_option_the_plan_does_not_offer_is_refused(
    web: TestClient, demo_platform: tuple[Platform, Any], option: str
) -> None:
    _, demo = demo_platform
    sign_in(web, account(demo, "shipper", 1), with_key=True)
    csrf = csrf_of(web.get("/plan").text)
    booked = web.post(
        "/plan/book",
        data={"csrf": csrf, "origin": "CNQZH", "destination": "SGSIN", "date": "2026-12-10",
              "teu": "1", "cargo": "general", "option": option, "commodity": "Tea",
              "hs_code": "0902.30"},
        follow_redirects=False,
    )  # fmt: skip
    assert booked.status_code == 404 and "no longer offered" in booked.text
