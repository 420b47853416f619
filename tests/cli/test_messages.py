"""The command line's catalogue: both languages complete, the language chosen as documented."""

from __future__ import annotations

import pytest

from landsea.cli import messages
from landsea.cli.messages import language_from_environment, language_in_args


def test_every_key_is_in_both_languages() -> None:
    table = messages.messages()
    assert set(table["en"]) == set(table["zh"])
    assert all(table["zh"][key] for key in table["zh"])


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C.UTF-8"}, "en"),
        ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LANDSEA_LANG": "en"}, "en"),
        ({"LANDSEA_LANG": "zh"}, "zh"),
    ],
)
def test_language_from_environment(environ: dict[str, str], expected: str) -> None:
    assert language_from_environment(environ) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["plan", "--lang", "zh"], "zh"),
        (["network", "show", "--lang=en"], "en"),
        (["network", "show", "--lang", "fr"], None),
        (["track", "import", "--", "--lang", "zh"], None),
        (["network", "show"], None),
    ],
)
def test_language_in_args(args: list[str], expected: str | None) -> None:
    assert language_in_args(args) == expected
