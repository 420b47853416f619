"""Languages of the web platform: 中文 (zh-CN) and English.

The language comes from ``?lang=``, then the ``lang`` cookie, then ``Accept-Language``; English
otherwise. Labels come from ``messages.toml``; numbers, money and dates are formatted by Babel
with the CLDR rules of the language (``¥9,428`` / ``CN¥9,428``, ``2026年12月7日 09:00`` /
``7 Dec 2026, 09:00``), times in the time zone of the place they happen at.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_currency, format_decimal

__all__ = ["LANGUAGES", "Language", "language_of", "messages"]

LANGUAGES = ("zh-CN", "en")
_BABEL = {"zh-CN": "zh_Hans_CN", "en": "en_GB"}
_DATE_TIME = {"zh-CN": "y年M月d日 HH:mm", "en": "d MMM y, HH:mm"}
_DATE = {"zh-CN": "y年M月d日", "en": "d MMM y"}


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    with (Path(__file__).parent / "messages.toml").open("rb") as handle:
        table = tomllib.load(handle)
    english = table["en"]
    for lang in LANGUAGES:
        missing = set(english) - set(table[lang])
        if missing:  # pragma: no cover - the messages test keeps them complete
            raise KeyError(f"messages.toml [{lang}] lacks {sorted(missing)}")
    return table


def language_of(query: str | None, cookie: str | None, accept: str | None) -> str:
    """The language asked for: ``?lang=``, the cookie, then the browser's preferences."""
    for choice in (query, cookie):
        if choice in LANGUAGES:
            return choice
        if choice and choice.lower().startswith("zh"):
            return "zh-CN"
    for part in (accept or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh-CN"
        if tag.startswith("en"):
            return "en"
    return "en"


@dataclass(frozen=True, slots=True)
class Language:
    """What a template needs to speak one language."""

    code: str

    @property
    def html_lang(self) -> str:
        return "zh-Hans" if self.code == "zh-CN" else "en"

    @property
    def other(self) -> str:
        return "en" if self.code == "zh-CN" else "zh-CN"

    def t(self, key: str, **values: Any) -> str:
        text = messages()[self.code].get(key) or messages()["en"].get(key) or key
        return text.format(**values) if values else text

    def name(self, named: Any) -> str:
        """A place's or service's name in this language (``LocalizedName`` or its dict)."""
        if isinstance(named, dict):
            return str(named.get("zh" if self.code == "zh-CN" else "en") or named.get("en"))
        return str(named.get(self.code))

    def number(self, value: float | int | Decimal | None, digits: int = 0) -> str:
        if value is None:
            return "—"
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=_BABEL[self.code])

    def money(self, amount: float | Decimal | None, currency: str = "CNY") -> str:
        if amount is None:
            return "—"
        return format_currency(
            amount, currency, format="¤#,##0", locale=_BABEL[self.code], currency_digits=False
        )

    def when(self, moment: dt.datetime | str | None, timezone: str | None = None) -> str:
        """A date and time in ``timezone`` (the place's), with the zone's UTC offset."""
        if moment is None:
            return "—"
        if isinstance(moment, str):
            moment = dt.datetime.fromisoformat(moment)
        if timezone:
            moment = moment.astimezone(ZoneInfo(timezone))
        offset = moment.utcoffset() or dt.timedelta(0)
        hours = int(offset.total_seconds() // 3600)
        text = format_datetime(moment, _DATE_TIME[self.code], locale=_BABEL[self.code])
        return f"{text} (UTC{hours:+d})"

    def day(self, moment: dt.datetime | dt.date | str | None) -> str:
        if moment is None:
            return "—"
        if isinstance(moment, str):
            moment = dt.datetime.fromisoformat(moment)
        if isinstance(moment, dt.date) and not isinstance(moment, dt.datetime):
            moment = dt.datetime.combine(moment, dt.time(12))
        return format_datetime(moment, _DATE[self.code], locale=_BABEL[self.code])

    def days(self, hours: float | None) -> str:
        if hours is None:
            return "—"
        return self.t("unit.days", n=self.number(hours / 24, 1))
