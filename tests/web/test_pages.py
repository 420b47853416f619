"""The web platform rendered on the server: languages, sign-in, CSRF, roles, every page."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from landsea.services.platform import Platform
from landsea.web.i18n import LANGUAGES, Language, language_of, messages
from tests.web.conftest import account, csrf_of, sign_in

STATIC = Path(__file__).parents[2] / "src" / "landsea" / "web" / "static"


def test_every_label_is_in_both_languages_and_every_key_used_exists() -> None:
    table = messages()
    assert set(table["en"]) == set(table["zh-CN"])
    assert all(table["zh-CN"][key] != table["en"][key] for key in ("nav.plan", "plan.submit"))
    templates = Path(__file__).parents[2] / "src" / "landsea" / "web" / "templates"
    used = set()
    for path in templates.glob("*.html"):
        used |= set(re.findall(r"""L\.t\(["']([a-z0-9_.]+)["']""", path.read_text()))
    dynamic = {key for key in used if key.endswith(".")}  # "mode." ~ leg.mode and the like
    assert used - dynamic - set(table["en"]) == set()
    assert all(any(k.startswith(prefix) for k in table["en"]) for prefix in dynamic)


def test_the_language_comes_from_the_query_the_cookie_then_the_browser() -> None:
    assert language_of("zh-CN", "en", "en") == "zh-CN"
    assert language_of(None, "zh-CN", "en-GB,en") == "zh-CN"
    assert language_of(None, None, "zh-TW;q=0.9,en;q=0.8") == "zh-CN"
    assert language_of(None, None, "fr-FR,en;q=0.5") == "en"
    assert language_of("xx", None, None) == "en"
    zh, en = Language("zh-CN"), Language("en")
    assert zh.money(9428) == "¥9,428" and en.money(9428) == "CN¥9,428"
    assert zh.when("2026-12-07T01:00:00+00:00", "Asia/Shanghai") == "2026年12月7日 09:00 (UTC+8)"
    assert en.when("2026-12-07T01:00:00+00:00", "Asia/Bangkok") == "7 Dec 2026, 08:00 (UTC+7)"
    assert zh.days(213) == "8.9 天" and en.days(213) == "8.9 d"
    assert set(LANGUAGES) == {"zh-CN", "en"}


def test_pages_speak_the_chosen_language_and_remember_it(web: TestClient) -> None:
    chinese = web.get("/?lang=zh-CN")
    assert chinese.status_code == 200
    assert '<html lang="zh-Hans">' in chinese.text and "通道地图" in chinese.text
    assert chinese.cookies.get("lang") == "zh-CN"
    again = web.get("/plan")  # the cookie keeps it
    assert "运输方案查询" in again.text
    english = web.get("/plan", headers={"Accept-Language": "zh-CN"}, params={"lang": "en"})
    assert "Plan a shipment" in english.text
    web.cookies.clear()
    assert "运输方案查询" in web.get("/plan", headers={"Accept-Language": "zh-CN,zh"}).text


def test_the_plan_page_finds_options_by_chinese_or_english_names(web: TestClient) -> None:
    page = web.get(
        "/plan",
        params={"origin": "重庆", "destination": "Singapore (SGSIN)", "date": "2026-12-07",
                "teu": 2, "lang": "zh-CN"},
    )  # fmt: skip
    assert page.status_code == 200
    rows = re.findall(r'<tr id="option-(\d+)"', page.text)
    assert len(rows) >= 2
    assert "钦州港" in page.text and "¥" in page.text and "天" in page.text
    data = json.loads(_found(r'id="plan-data">(.*?)</script>', page.text, re.S, group=1))
    assert len(data["options"]) == len(rows) == len(data["lines"])
    first_line = data["lines"][0]
    assert all(len(leg) >= 2 for leg in first_line)
    assert "sign in" in page.text.lower() or "登录" in page.text  # booking needs a shipper
    bad = web.get("/plan", params={"origin": "Atlantis", "destination": "SGSIN"})
    assert 'role="alert"' in bad.text and "Atlantis" in bad.text


def test_signing_in_needs_the_forms_csrf_token_and_the_right_password(
    web: TestClient, demo_platform: tuple[Platform, Any]
) -> None:
    _, demo = demo_platform
    shipper = account(demo, "shipper")
    page = web.get("/signin")
    token = csrf_of(page.text)
    forged = web.post("/signin", data={"csrf": "forged", "username": shipper["username"],
                                       "password": shipper["password"]})  # fmt: skip
    assert forged.status_code == 403
    wrong = web.post("/signin", data={"csrf": token, "username": shipper["username"],
                                      "password": "not the password"})  # fmt: skip
    assert wrong.status_code == 401 and 'role="alert"' in wrong.text
    assert sign_in(web, shipper) == "/plan"
    cookie = web.cookies.get("landsea_session")
    assert cookie and len(cookie) > 30
    assert "My shipments" in web.get("/").text
    # The session signs API calls too, with the CSRF token for changes.
    assert web.get("/api/v1/bookings").status_code == 200
    assert web.post("/api/v1/cargo-requests", json={}).status_code == 403
    signout = web.post(
        "/signout", data={"csrf": csrf_of(web.get("/").text)}, follow_redirects=False
    )
    assert signout.status_code == 303
    assert web.get("/shipments", follow_redirects=False).status_code == 303


def test_a_shipper_reviews_an_option_books_it_and_finds_it_under_my_shipments(
    web: TestClient, demo_platform: tuple[Platform, Any]
) -> None:
    _, demo = demo_platform
    sign_in(web, account(demo, "shipper", 1), with_key=True)
    page = web.get("/plan", params={"origin": "CNQZH", "destination": "SGSIN", "teu": 1,
                                     "date": "2026-12-14"})  # fmt: skip
    review = _found(r'href="(/plan/review\?[^"]+)"', page.text, group=1).replace("&amp;", "&")
    form = web.get(review)
    assert form.status_code == 200 and 'action="/plan/book"' in form.text
    fields = dict(re.findall(r'<input type="hidden" name="([a-z]+)" value="([^"]*)"', form.text))
    fields = {k: v.replace("&amp;", "&") for k, v in fields.items()}
    assert {"csrf", "origin", "destination", "teu", "option"} <= set(fields)
    booked = web.post(
        "/plan/book",
        data=fields | {"commodity": "Auto parts", "hs_code": "8708.29", "reference": "PO-77"},
        follow_redirects=False,
    )
    assert booked.status_code == 303 and booked.headers["location"].startswith("/shipments#b-")
    booking_id = booked.headers["location"].split("#b-")[1]
    shipments = web.get("/shipments")
    assert f'id="b-{booking_id}"' in shipments.text
    assert "Booked: booking" in shipments.text  # the flash
    assert "Qinzhou Port → Singapore" in shipments.text and "PO-77" in shipments.text


def test_pages_by_role(web: TestClient, demo_platform: tuple[Platform, Any]) -> None:
    _, demo = demo_platform
    assert web.get("/operations", follow_redirects=False).status_code == 303  # sign in first
    sign_in(web, account(demo, "shipper"))
    assert web.get("/operations").status_code == 403
    assert web.get("/customs").status_code == 403
    sign_in(web, account(demo, "operator"))
    operations = web.get("/operations")
    assert operations.status_code == 200 and "Consolidation runs" in operations.text
    assert "Operations" in web.get("/").text and "My shipments" not in web.get("/").text
    started = web.post(
        "/operations/runs",
        data={"csrf": csrf_of(operations.text), "method": "greedy", "time_limit": 10},
        follow_redirects=False,
    )
    assert started.status_code == 303
    sign_in(web, account(demo, "customs"))
    queue = web.get("/customs")
    assert queue.status_code == 200
    lanes = re.findall(r'<h2 id="lane-(\w+)">', queue.text)
    assert lanes == ["red", "yellow", "green"]
    assert "under-valuation" in queue.text  # the durian declared at a fraction of its value
    declaration = _found(r'action="/customs/([0-9a-f-]+)/decision"', queue.text, group=1)
    decided = web.post(
        f"/customs/{declaration}/decision",
        data={"csrf": csrf_of(queue.text), "decision": "release", "reason": ""},
        follow_redirects=False,
    )
    assert decided.status_code == 303
    assert declaration[:8] in web.get("/customs").text  # now under "released lately"


def test_statistics_are_public_and_the_map_data_is_served(web: TestClient) -> None:
    stats = web.get("/stats?lang=zh-CN")
    assert stats.status_code == 200 and "通道统计" in stats.text
    data = json.loads(_found(r'id="stats-data">(.*?)</script>', stats.text, re.S, group=1))
    assert set(data) >= {"weeks", "split", "co2"}
    network = web.get("/web/data/network.json").json()
    kinds = {f["properties"]["kind"] for f in network["features"]}
    assert kinds == {"location", "service"}
    service = web.get("/web/data/services/SR-CQ-QZH").json()
    assert service["stops"][0]["locode"] == "CNCQI-TJC" and service["departures"]
    assert web.get("/web/data/services/NOPE").status_code == 404


def test_every_asset_ships_with_the_package(web: TestClient) -> None:
    page = web.get("/plan", params={"origin": "CNCQI", "destination": "SGSIN"})
    assets = set(re.findall(r'(?:src|href)="(/static/[^"?]+)', page.text))
    assert {"/static/vendor/leaflet/leaflet.js", "/static/vendor/chartjs/chart.umd.js",
            "/static/js/plan.js", "/static/app.css"} <= assets  # fmt: skip
    for asset in assets:
        assert web.get(asset).status_code == 200, asset
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page.text)  # nothing from outside
    css = (STATIC / "fonts" / "noto-sans-sc" / "noto-sans-sc-400.css").read_text()
    fonts = re.findall(r"url\(\./([^)]+)\)", css)
    assert len(fonts) > 50 and all((STATIC / "fonts" / "noto-sans-sc" / f).exists() for f in fonts)
    assert web.get("/static/map/countries.json").json()["type"] == "FeatureCollection"


def _found(pattern: str, text: str, flags: int = 0, *, group: int) -> str:
    """The ``group`` of ``pattern``'s first match in ``text``, which must have one."""
    match = re.search(pattern, text, flags)
    assert match is not None, f"{pattern!r} not found"
    return match.group(group)


def test_the_plan_page_prices_in_the_chosen_currency_with_the_rates_on_hover(
    web: TestClient, demo_platform: tuple[Platform, Any]
) -> None:
    from landsea.services import rates

    day = rates.today().isoformat()
    csv = (f"base,quote,rate,date,source\nEUR,CNY,7.4326,{day},ECB\nEUR,USD,1.1172,{day},ECB\n"
           f"EUR,THB,37.683,{day},ECB\n")  # fmt: skip
    rates.import_file(demo_platform[0], csv, name="today.csv")
    search: dict[str, str] = {"origin": "CNCQI", "destination": "SGSIN", "date": "2026-12-07", "teu": "2",
              "lang": "en"}  # fmt: skip
    page = web.get("/plan", params={**search, "currency": "THB"})
    assert page.status_code == 200 and page.cookies.get("currency") == "THB"
    assert '<option value="THB" selected>' in page.text
    title = _found(r'<span class="price" title="([^"]*)"', page.text, group=1)
    assert (
        title.startswith("Reference rates: 1 EUR = 7.4326 CNY (")
        and "1 EUR = 37.683 THB (" in title
    )
    rows = re.findall(r'<tr id="option-.*?</tr>', page.text, re.S)
    cards = re.findall(r'<li id="card-.*?</dl>', page.text, re.S)
    assert rows and all('<span class="price"' in row for row in rows + cards)
    again = web.get("/plan", params=search)  # the cookie remembers the currency
    assert '<option value="THB" selected>' in again.text and "THB" in _found(
        r'<span class="price"[^>]*>([^<]*)<', again.text, group=1
    )
    missing = web.get("/plan", params={**search, "currency": "VND"})
    assert 'role="alert"' in missing.text and "/VND on or before" in missing.text
    web.cookies.clear()
