"""Rates and quotes through the API (SQLite and PostgreSQL): admins load rates, everyone reads
them; plans and bookings quoted in the currency asked for; a missing rate is a 422 naming it."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient

from landsea.services.rates import today
from tests.api.conftest import World

TRAIN = "SR-CQ-QZH-20261207-0900"  # priced in CNY
SHIP = "QZH-SIN-DAILY-20261211-2000"  # priced in USD


def _rates(day: str, usd: str = "1.1172") -> dict[str, list[dict[str, str]]]:
    return {"rates": [
        {"base": "EUR", "quote": "USD", "rate": usd, "date": day, "source": "ECB (test)"},
        {"base": "EUR", "quote": "CNY", "rate": "7.4326", "date": day, "source": "ECB (test)"},
        {"base": "EUR", "quote": "THB", "rate": "37.683", "date": day, "source": "ECB (test)"},
    ]}  # fmt: skip


def test_rates_are_loaded_by_admins_and_read_by_all(client: TestClient, world: World) -> None:
    day = today().isoformat()
    refused = client.post("/api/v1/rates", json=_rates(day), headers=world.headers("exporter"))
    assert refused.status_code == 403
    done = client.post("/api/v1/rates", json=_rates(day), headers=world.headers("admin"))
    assert done.status_code == 201 and done.json() == {"stored": 3}
    listed = client.get("/api/v1/rates", params={"date": day, "currency": "THB"},
                        headers=world.headers("exporter")).json()  # fmt: skip
    assert listed["data"] == [{"base": "EUR", "quote": "THB", "rate": "37.683", "date": day,
                               "source": "ECB (test)"}]  # fmt: skip
    rows = _rates(day)["rates"]
    rows.append({"base": "EUR", "quote": "EUR", "rate": "1", "date": day, "source": "x"})
    bad = {"rates": rows}
    refused = client.post("/api/v1/rates", json=bad, headers=world.headers("admin"))
    assert refused.status_code == 422 and "rates[3]" in refused.json()["detail"]


def test_plans_and_bookings_quoted_in_the_currency_asked(client: TestClient, world: World) -> None:
    day = today().isoformat()
    client.post("/api/v1/rates", json=_rates(day), headers=world.headers("admin"))
    body = {"origin": "Chongqing", "destination": "Singapore", "depart": "2026-12-07",
            "window_days": 2, "currency": "THB"}  # fmt: skip
    plan = client.post("/api/v1/plans", json=body, headers=world.headers("exporter"))
    assert plan.status_code == 200, plan.text
    for option in plan.json()["options"]:
        quote = option["quote"]
        assert quote["currency"] == "THB" and quote["on"] == day
        lines = [Decimal(line["converted"]["value"]) for line in quote["lines"]]
        assert Decimal(quote["total"]["value"]) == sum(lines)
        assert quote["total"]["minor_units"] == int(sum(lines) * 100)
        assert {r["date"] for c in quote["conversions"] for r in c["rates"]} == {day}
        assert option["cost"]["currency"] == "CNY" and option["cost"]["value"].count(".") == 1
    missing = client.post("/api/v1/plans", json={**body, "currency": "VND"},
                          headers=world.headers("exporter"))  # fmt: skip
    assert missing.status_code == 422 and missing.json()["code"] == "rate_unavailable"
    assert f"/VND on or before {day}" in missing.json()["detail"]
    legs = [{"departure_id": TRAIN, "from": "CNCQI-TJC", "to": "CNQZH"},
            {"departure_id": SHIP, "from": "CNQZH", "to": "SGSIN"}]  # fmt: skip
    made = client.post("/api/v1/bookings", json={"legs": legs, "teu": 1, "currency": "USD"},
                       headers=world.headers("exporter"))  # fmt: skip
    assert made.status_code == 201, made.text
    frozen = made.json()["quote"]
    client.post("/api/v1/rates", json=_rates(day, usd="2.5"), headers=world.headers("admin"))
    again = client.get(f"/api/v1/bookings/{made.json()['id']}", headers=world.headers("exporter"))
    assert again.json()["quote"] == frozen
    assert frozen["total"]["currency"] == "USD"
    url = f"/api/v1/bookings/{made.json()['id']}"
    same = client.get(url, params={"currency": "USD"}, headers=world.headers("exporter")).json()
    assert same["quote"] == frozen
    fresh = client.get(url, params={"currency": "THB"}, headers=world.headers("exporter")).json()
    assert fresh["quote"]["currency"] == "THB" and fresh["quote"]["on"] == day
    assert client.get(url, headers=world.headers("exporter")).json()["quote"] == frozen
