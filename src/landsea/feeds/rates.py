"""Readers of reference-rate files: landsea's CSV and the ECB's ``eurofxref`` XML.

Every problem is collected, by line (CSV) or element (XML) and field, and raised together as a
:class:`~landsea.errors.DatasetError`; a file with any problem yields no rate at all, so nothing
partial is ever stored.

CSV: a header ``base,quote,rate,date,source`` then one rate a row: on ``date`` (ISO 8601) one
``base`` was worth ``rate`` (a plain decimal) ``quote``.

ECB XML (``eurofxref-daily.xml``, ``-hist-90d``, ``-hist``): ``gesmes:Envelope`` /
``Cube`` / ``Cube time="YYYY-MM-DD"`` / ``Cube currency="USD" rate="1.1172"``: units per 1 EUR.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from landsea.domain.rates import Rate
from landsea.errors import DatasetError, InvalidInput, Problem

__all__ = ["ECB_SOURCE", "read_rates"]

ECB_SOURCE = "ECB euro foreign exchange reference rates"
_ECB = "{http://www.ecb.int/vocabulary/2002-08-01/eurofxref}"
_COLUMNS = ["base", "quote", "rate", "date", "source"]
_DECIMAL = re.compile(r"[0-9]{1,18}(\.[0-9]{1,12})?")


def read_rates(text: str, *, name: str) -> list[Rate]:
    """The rates of a CSV or ECB XML file's ``text`` (the format told by its first character);
    ``name`` names the file in problems."""
    if text.lstrip().startswith("<"):
        return _read_ecb(text, name)
    return _read_csv(text, name)


def _read_csv(text: str, name: str) -> list[Rate]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [cell.strip().lower() for cell in rows[0]] != _COLUMNS:
        header = ",".join(rows[0]) if rows else ""
        raise _refused(
            name, "line 1", "header", f"header {header!r} must be {','.join(_COLUMNS)!r}"
        )
    rates: list[Rate] = []
    problems: list[Problem] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        record = f"line {number}"
        if len(row) != len(_COLUMNS):
            _add(problems, name, record, "", f"{len(row)} fields, {len(_COLUMNS)} expected")
            continue
        base, quote, rate, day, source = (cell.strip() for cell in row)
        made = _rate(base, quote, rate, day, source, name, record, problems)
        if made is not None:
            rates.append(made)
    return _checked(name, rates, problems)


def _read_ecb(text: str, name: str) -> list[Rate]:
    try:
        root: Element = safe_xml.fromstring(text)
    except (safe_xml.ParseError, DefusedXmlException) as exc:
        raise _refused(name, "", "", f"not well-formed XML: {exc}") from exc
    days = root.findall(f"{_ECB}Cube/{_ECB}Cube[@time]")
    if not root.tag.endswith("Envelope") or not days:
        message = "not an ECB eurofxref file: no gesmes:Envelope/Cube/Cube[@time]"
        raise _refused(name, root.tag, "", message)
    rates: list[Rate] = []
    problems: list[Problem] = []
    for cube in days:
        day = cube.get("time", "")
        for entry in cube.findall(f"{_ECB}Cube"):
            currency = entry.get("currency", "")
            record = f"Cube time={day!r} currency={currency!r}"
            made = _rate(
                "EUR", currency, entry.get("rate", ""), day, ECB_SOURCE, name, record, problems
            )
            if made is not None:
                rates.append(made)
    return _checked(name, rates, problems)


def _rate(
    base: str,
    quote: str,
    rate: str,
    day: str,
    source: str,
    name: str,
    record: str,
    problems: list[Problem],
) -> Rate | None:
    before = len(problems)
    if not _DECIMAL.fullmatch(rate) or Decimal(rate) == 0:
        _add(
            problems,
            name,
            record,
            "rate",
            f"rate {rate!r} is not a positive decimal such as 7.1234",
        )
    try:
        when = dt.date.fromisoformat(day)
    except ValueError:
        _add(problems, name, record, "date", f"date {day!r} is not a date YYYY-MM-DD")
    if len(problems) > before:
        return None
    try:
        return Rate(base=base, quote=quote, rate=Decimal(rate), day=when, source=source[:200])
    except (InvalidInput, InvalidOperation) as exc:
        _add(problems, name, record, "", str(exc))
        return None


def _add(problems: list[Problem], name: str, record: str, field: str, message: str) -> None:
    problems.append(Problem(file=name, record=record, field=field, message=message))


def _refused(name: str, record: str, field: str, message: str) -> DatasetError:
    return DatasetError(name, [Problem(file=name, record=record, field=field, message=message)])


def _checked(name: str, rates: list[Rate], problems: list[Problem]) -> list[Rate]:
    seen: dict[tuple[str, str, dt.date], Rate] = {}
    for rate in rates:
        key = (rate.base, rate.quote, rate.day)
        if key in seen and seen[key].rate != rate.rate:
            message = f"two different rates: {seen[key].rate} and {rate.rate}"
            _add(problems, name, f"{rate.pair} {rate.day}", "rate", message)
        seen[key] = rate
    if problems:
        raise DatasetError(name, problems)
    if not rates:
        raise _refused(name, "", "", "no rate")
    return list(seen.values())
