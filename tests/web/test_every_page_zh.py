"""Every page in Chinese, on a desk and a phone: the check of ``test_every_page.py`` (which
does English), in a module of its own so that another pytest-xdist worker runs it."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext

from landsea.services.demo import DemoSummary
from tests.web.test_every_page import PAGES, browser, check_page, contexts, server

__all__ = ["browser", "contexts", "server"]


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_is_accessible_and_fits_a_phone_in_chinese(
    contexts: dict[str | None, BrowserContext],
    server: tuple[str, DemoSummary],
    name: str,
) -> None:
    check_page(contexts, server, name, "zh-CN")
