"""The operator's and the customs officer's pages on the server (no browser): the week's
departures as a grid with flags, every assignment of a consolidation run, customs lanes filled,
explained in Chinese, timed and decided with the decision named."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from fastapi.testclient import TestClient

from landsea.services import consolidation, operations_week
from landsea.services.platform import Platform
from tests.web.conftest import account, csrf_of, sign_in


def test_operations_shows_a_chosen_week_sorted_by_utilisation_with_flags(
    web: TestClient, demo_platform: tuple[Platform, Any]
) -> None:
    platform, demo = demo_platform
    sign_in(web, account(demo, "operator"))
    monday = operations_week.monday_of("", dt.date.today()) + dt.timedelta(days=7)
    iso = f"{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}"
    page = web.get(f"/operations?week={iso}&lang=en")
    assert page.status_code == 200
    assert f'value="{iso}"' in page.text
    days = re.findall(r'<th scope="col">(Mon|Tue|Wed|Thu|Fri|Sat|Sun)<br>', page.text)
    assert days == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    shares = [float(x) for x in re.findall(r'<span class="hint">\w+ · ([\d.]+)%', page.text)]
    assert len(shares) > 3 and shares == sorted(shares, reverse=True)
    assert "Under-filled" in page.text and "0.0%" not in page.text.split("week-grid")[0]
    ascending = web.get(f"/operations?week={iso}&order=asc&lang=zh-CN")
    shares = [
        float(x) for x in re.findall(r'<span class="hint">[^<·]+ · ([\d.]+)%', ascending.text)
    ]
    assert shares == sorted(shares) and "装载不足" in ascending.text and "周一" in ascending.text
    refused = web.get("/operations?week=2026-W99&lang=en")
    assert refused.status_code == 200 and "2026-W99 is not a week" in refused.text
