"""The review step without a browser: sent to sign in from a review URL, the shipper comes back
to the same review (its query string kept), also when the session ended before the form was
sent; the commodity, HS code and containers given there are stored with the booking, shown
under My shipments and found by a container number."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

from landsea.services.platform import Platform
from tests.web.conftest import account, csrf_of, sign_in

SEARCH = {"origin": "CNCQI", "destination": "VNHAN", "date": "2026-12-08", "teu": "1"}
BOX = "MSKU9070323"


def _hidden(page: str) -> dict[str, str]:
    pairs = re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', page)
    return {name: html.unescape(value) for name, value in pairs}


def _next_of(response: Any) -> str:
    assert response.status_code == 303, response.text
    location = urlsplit(response.headers["location"])
    assert location.path == "/signin"
    return str(parse_qs(location.query)["next"][0])


def test_sign_in_returns_to_the_review_and_the_details_are_booked_and_found(
    web: TestClient, demo_platform: tuple[Platform, Any]
) -> None:
    who = account(demo_platform[1], "shipper", 1)
    sign_in(web, who)
    page = web.get("/plan", params=SEARCH | {"lang": "en"}).text
    found = re.search(r'href="(/plan/review\?[^"]+)"', page)
    assert found, "a shipper may review an option"
    review = html.unescape(found.group(1))
    web.cookies.clear()  # the session is gone (signed out, expired)
    back = _next_of(web.get(review, follow_redirects=False))
    assert back == review  # the whole query string, not the path alone
    form = web.get("/signin", params={"next": back})
    signed = web.post("/signin", follow_redirects=False, data={
        "csrf": csrf_of(form.text), "next": back, "username": who["username"],
        "password": who["password"]})  # fmt: skip
    assert signed.status_code == 303 and signed.headers["location"] == review
    shown = web.get(review)
    assert shown.status_code == 200 and 'action="/plan/book"' in shown.text
    booked = web.post("/plan/book", follow_redirects=False, data=_hidden(shown.text) | {
        "commodity": "Dried longan", "hs_code": "0813.40", "containers": BOX.lower()})  # fmt: skip
    assert booked.status_code == 303, booked.text
    booking = booked.headers["location"].split("#b-")[1]
    mine = web.get("/shipments", params={"q": BOX, "lang": "en"}).text
    item = re.search(rf'<li id="b-{booking}".*?</li>\s*</ul>', mine, re.S)
    assert item and len(re.findall(r'<li id="b-', mine)) == 1, "found by its container"
    assert "Dried longan" in item.group(0) and "081340" in item.group(0) and BOX in item.group(0)
    # A form sent after the session ended comes back to the page it was sent from.
    web.cookies.clear()
    again = web.post("/plan/book", data=_hidden(shown.text), follow_redirects=False,
                     headers={"referer": f"http://testserver{review}"})  # fmt: skip
    assert _next_of(again) == review
    elsewhere = web.post("/plan/book", data=_hidden(shown.text), follow_redirects=False,
                         headers={"referer": "https://evil.example/plan"})  # fmt: skip
    assert _next_of(elsewhere) == "/"


def test_sign_in_never_returns_to_another_site(web: TestClient) -> None:
    for target in ("//evil.example/x", "/\\evil.example/x", "https://evil.example/"):
        form = web.get("/signin", params={"next": target})
        assert 'name="next" value="/"' in form.text, target
