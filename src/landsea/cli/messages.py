"""The command line's words in English and Chinese: one catalogue, ``messages.toml`` beside this
module, and the language of this run.

The language comes from ``--lang en|zh`` (every command takes it), then the setting
``LANDSEA_LANG``, then the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``zh…`` is Chinese);
English otherwise. Commands write ``t("key", name=value)``; errors go through :func:`error_line`
(``Error: …`` / ``错误：…``).

Examples
--------
>>> use_language("zh")
>>> t("track.summary_rejected", count=3)
'拒收 3 个'
>>> error_line("x")
'错误：x'
>>> use_language("en")
>>> error_line("x")
'Error: x'
>>> use_language(None)
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "LANGUAGES",
    "error_line",
    "language",
    "language_from_environment",
    "language_in_args",
    "messages",
    "t",
    "use_language",
]

LANGUAGES = ("en", "zh")
"""The languages of the command line, as ``--lang`` takes them."""

_chosen: ContextVar[str | None] = ContextVar("landsea_cli_language", default=None)


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    """The catalogue: ``{"en": {key: text}, "zh": {key: text}}`` (every key in both)."""
    with (Path(__file__).parent / "messages.toml").open("rb") as handle:
        table = tomllib.load(handle)
    for lang in LANGUAGES:
        missing = set(table["en"]) ^ set(table[lang])
        if missing:  # pragma: no cover - tests/cli/test_messages.py keeps them complete
            raise KeyError(f"cli/messages.toml [{lang}] differs from [en] in {sorted(missing)}")
    return table


def use_language(lang: str | None) -> None:
    """Speak ``lang`` (``en`` or ``zh``) from now on in this run; ``None`` forgets the choice."""
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    _chosen.set(lang)


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """``LANDSEA_LANG`` if set, else the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is
    set (POSIX's order): ``zh`` for a Chinese locale, ``en`` for any other."""
    env = os.environ if environ is None else environ
    setting = env.get("LANDSEA_LANG", "").strip().lower()
    if setting in LANGUAGES:
        return setting
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def language() -> str:
    """The language of this run: ``--lang``, else :func:`language_from_environment`."""
    return _chosen.get() or language_from_environment()


def language_in_args(args: list[str]) -> str | None:
    """The value of ``--lang`` among raw command-line ``args`` when it is a known language (to
    speak it even when the command line is rejected before the option is read)."""
    for n, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and n + 1 < len(args):
            value = args[n + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGUAGES:
            return value
    return None


def t(key: str, **values: Any) -> str:
    """The text of ``key`` in the run's language, with ``{name}`` fields filled in."""
    table = messages()
    text = table[language()].get(key) or table["en"][key]
    return text.format(**values) if values else text


def error_line(message: str) -> str:
    """``Error: <message>`` or ``错误：<message>``."""
    return t("error.prefix", message=message)
