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
    "legs",
    ['{"from": "CNQZH"}', "[1, 2]", "[" * 5000],
)
def test_booking_malformed_legs_is_refused(
    web: TestClient, demo_platform: tuple[Platform, Any], legs: str
) -> None:
    _, demo = demo_platform
    sign_in(web, account(demo, "shipper", 1), with_key=True)
    csrf = csrf_of(web.get("/plan").text)
    booked = web.post(
        "/plan/book",
        data={"csrf": csrf, "teu": 1, "cargo": "general", "legs": legs},
        follow_redirects=False,
    )
    assert booked.status_code == 303 and booked.headers["location"] == "/plan"
