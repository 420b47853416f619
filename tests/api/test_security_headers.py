"""Every page and API response carries the security headers: a strict CSP, no framing, no
sniffing, a referrer policy; HSTS over HTTPS only; /docs alone gets a relaxed CSP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from landsea.api.security import CONTENT_SECURITY_POLICY
from landsea.services import accounts
from landsea.web.app import create_app
from tests.api.conftest import World

TEMPLATES = Path(__file__).parents[2] / "src" / "landsea" / "web" / "templates"


@pytest.fixture
def web(world: World) -> Iterator[TestClient]:
    with TestClient(create_app(platform=world.platform)) as client:
        yield client


def _protected(response: object, *, policy: str = CONTENT_SECURITY_POLICY) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    assert headers["content-security-policy"] == policy
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["permissions-policy"]


def test_the_customs_decision_form_cannot_be_framed(web: TestClient, world: World) -> None:
    """The attack: another site framed /customs and overlaid its buttons (clickjacking)."""
    accounts.create_user(world.platform, "customs", "officer", "a long password")
    page = web.get("/signin")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    web.post("/signin", data={"csrf": token.group(1), "username": "officer",
                              "password": "a long password"})  # fmt: skip
    customs = web.get("/customs")
    assert customs.status_code == 200
    _protected(customs)


PATHS = [
    ("/", 200),
    ("/plan?origin=CNCQI&destination=SGSIN", 200),
    ("/stats", 200),
    ("/signin", 200),
    ("/shipments", 303),
    ("/static/app.css", 200),
    ("/static/nope.js", 404),
    ("/web/data/network.json", 200),
    ("/openapi.json", 200),
    ("/api/v1/bookings", 401),
    ("/api/v1/nothing-here", 404),
]


def test_every_page_and_api_answer_has_the_headers(web: TestClient) -> None:
    for path, status in PATHS:
        response = web.get(path, follow_redirects=False)
        assert response.status_code == status, path
        _protected(response)
        assert "strict-transport-security" not in response.headers  # plain HTTP: no HSTS


def test_api_answers_by_key_and_problems_have_them_too(web: TestClient, world: World) -> None:
    ok = web.get("/api/v1/departures", headers=world.headers("exporter"))
    invalid = web.post("/api/v1/bookings", json={"teu": "many"}, headers=world.headers("exporter"))
    assert ok.status_code == 200 and invalid.status_code == 422
    _protected(ok)
    _protected(invalid)


def test_hsts_over_https_only(world: World) -> None:
    with TestClient(create_app(platform=world.platform), base_url="https://testserver") as https:
        response = https.get("/signin")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")
    _protected(response)


def test_the_api_documentation_is_served_from_the_package_under_the_strict_policy(
    web: TestClient,
) -> None:
    docs = web.get("/docs")
    assert docs.status_code == 200 and "http" not in docs.text.replace("http-equiv", "")
    _protected(docs)
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    for asset in re.findall(r'(?:src|href)="([^"]+)"', docs.text):
        loaded = web.get(asset)
        assert loaded.status_code == 200 and len(loaded.content) > 100, asset
        _protected(loaded)
    assert web.get("/redoc").status_code == 404


def test_no_template_has_inline_script_style_or_event_handler() -> None:
    """So that the pages work under the strict CSP (the browser tests watch for violations)."""
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", text, re.S)
        for attributes, body in scripts:
            assert "src=" in attributes or 'type="application/json"' in attributes, template
            assert "src=" not in attributes or not body.strip(), template
        assert not re.search(r"\son[a-z]+\s*=", text), template
        assert not re.search(r"\sstyle\s*=", text), template
        assert "<style" not in text, template
        assert "javascript:" not in text, template
