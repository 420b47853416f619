"""Fixtures of the web tests: a platform with the demo loaded, and a client of the whole app."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from landsea.services.demo import load_demo
from landsea.services.platform import Platform, open_platform
from landsea.web.app import create_app


@pytest.fixture(scope="module")
def demo_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Platform, Any]]:
    folder: Path = tmp_path_factory.mktemp("web")
    platform = open_platform(f"sqlite:///{folder / 'web.db'}", migrate=True)
    demo = load_demo(platform)
    try:
        yield platform, demo
    finally:
        platform.dispose()


@pytest.fixture
def web(demo_platform: tuple[Platform, Any]) -> Iterator[TestClient]:
    with TestClient(create_app(platform=demo_platform[0])) as client:
        yield client


def account(demo: Any, role: str, n: int = 0) -> dict[str, str]:
    return asdict([o for o in demo.organisations if o.role == role][n])


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has a form with a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, who: dict[str, str], *, with_key: bool = False) -> str:
    page = client.get("/signin")
    form = {"csrf": csrf_of(page.text), "next": "/"}
    if with_key:
        form["api_key"] = who["api_key"]
    else:
        form |= {"username": who["username"], "password": who["password"]}
    response = client.post("/signin", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    return str(response.headers["location"])
