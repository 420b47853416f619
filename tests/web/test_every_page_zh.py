"""Every page in Chinese, on a desk and a phone: the check of ``test_every_page.py`` (which
does English), in a module of its own so that another pytest-xdist worker runs it."""

from __future__ import annotations

import pytest

from tests.web.test_every_page import PAGES, Tabs, browser, check_page, server, tabs

__all__ = ["browser", "server", "tabs"]


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_is_accessible_and_fits_a_phone_in_chinese(tabs: Tabs, name: str) -> None:
    check_page(tabs, name, "zh-CN")
