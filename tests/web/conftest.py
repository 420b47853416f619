"""Helpers of the web tests (the fixtures ``demo_platform`` and ``web`` live in
``tests/fixtures/web.py``)."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from fastapi.testclient import TestClient


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
