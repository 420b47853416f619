"""Validation of the codes landsea speaks — the one place where their rules live.

- UN/LOCODE (UNECE Recommendation 16): two-letter ISO 3166-1 country code and three characters
  ``A-Z`` or ``2-9`` (``0`` and ``1`` are excluded to avoid confusion with ``O`` and ``I``).
- Facility keys for terminals that have no UN/LOCODE of their own: the UN/LOCODE of the place they
  lie in, a hyphen, and 2–6 capitals or digits (``CNCQI-TJC``), after DCSA's UN/LOCODE + facility code.
- ISO 3166-1 alpha-2 countries and ISO 4217 currencies, looked up in pycountry.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from landsea.errors import InvalidCode, InvalidInput
from landsea.units import FIRST_DAY, LAST_DAY, outside_platform_dates

__all__ = [
    "DCSA_PROVIDERS",
    "FACILITY_CODE_LIST_PROVIDER",
    "container_check_digit",
    "dcsa_location",
    "is_unlocode",
    "location_key",
    "parent_unlocode",
    "parse_day",
    "parse_instant",
    "validate_container",
    "validate_country",
    "validate_currency",
    "validate_location_key",
    "validate_timezone",
    "validate_unlocode",
    "within_platform_dates",
]

_UNLOCODE = re.compile(r"[A-Z]{2}[A-Z2-9]{3}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_Moment = TypeVar("_Moment", dt.date, dt.datetime)
_FACILITY_KEY = re.compile(r"(?P<locode>[A-Z]{2}[A-Z2-9]{3})-(?P<facility>[A-Z0-9]{2,6})")


def is_unlocode(code: str) -> bool:
    """Whether ``code`` has the shape of a UN/LOCODE and names a real ISO 3166 country.

    Examples
    --------
    >>> is_unlocode("CNCQI"), is_unlocode("CNCK1"), is_unlocode("XXABC"), is_unlocode("cncqi")
    (True, False, False, False)
    """
    return bool(_UNLOCODE.fullmatch(code)) and _country_exists(code[:2])


def validate_unlocode(code: str, *, field: str = "locode") -> str:
    """Return ``code`` if it is a well-formed UN/LOCODE, else raise :class:`InvalidCode`.

    Examples
    --------
    >>> validate_unlocode("SGSIN")
    'SGSIN'
    >>> validate_unlocode("SG-SIN")
    Traceback (most recent call last):
    ...
    landsea.errors.InvalidCode: locode 'SG-SIN' is not a UN/LOCODE (2-letter country + 3 of A-Z, 2-9)
    """
    if not _UNLOCODE.fullmatch(code):
        raise InvalidCode(f"{field} {code!r} is not a UN/LOCODE (2-letter country + 3 of A-Z, 2-9)")
    if not _country_exists(code[:2]):
        raise InvalidCode(
            f"{field} {code!r} starts with {code[:2]!r}, which is no ISO 3166 country"
        )
    return code


def validate_location_key(key: str, *, field: str = "locode") -> str:
    """Return ``key`` if it is a UN/LOCODE or a facility key (``CNCQI-TJC``), else raise.

    Examples
    --------
    >>> validate_location_key("CNCQI-TJC")
    'CNCQI-TJC'
    >>> validate_location_key("X-CN-TJC")
    Traceback (most recent call last):
    ...
    landsea.errors.InvalidCode: locode 'X-CN-TJC' is neither a UN/LOCODE nor a facility key like 'CNCQI-TJC'
    """
    match = _FACILITY_KEY.fullmatch(key)
    if match:
        validate_unlocode(match["locode"], field=field)
        return key
    if _UNLOCODE.fullmatch(key):
        return validate_unlocode(key, field=field)
    raise InvalidCode(f"{field} {key!r} is neither a UN/LOCODE nor a facility key like 'CNCQI-TJC'")


def parent_unlocode(key: str) -> str:
    """The UN/LOCODE part of a location key (the key itself for a plain UN/LOCODE).

    >>> parent_unlocode("CNCQI-TJC"), parent_unlocode("SGSIN")
    ('CNCQI', 'SGSIN')
    """
    return key.split("-", 1)[0]


FACILITY_CODE_LIST_PROVIDER = "SMDG"
"""The ``facilityCodeListProvider`` landsea names when it writes a terminal's facility code in a
DCSA event: DCSA allows only ``SMDG`` and ``BIC``; the code itself is landsea's (the part of the
facility key after the hyphen), as docs/tracking.md explains."""

DCSA_PROVIDERS = ("SMDG", "BIC")
"""The facility code lists DCSA names (``facilityCodeListProvider``)."""


def dcsa_location(key: str, *, nested: bool = False) -> dict[str, Any]:
    """A location key as DCSA writes a place: the UN/LOCODE, and for a terminal its facility
    code and code list provider (2.2 ``transportCall``/``eventLocation`` fields; 3.0 nests the last
    two as ``facility``).

    >>> dcsa_location("CNCQI-TJC")
    {'UNLocationCode': 'CNCQI', 'facilityCode': 'TJC', 'facilityCodeListProvider': 'SMDG'}
    >>> dcsa_location("SGSIN")
    {'UNLocationCode': 'SGSIN'}
    >>> dcsa_location("CNCQI-TJC", nested=True)["facility"]["facilityCode"]
    'TJC'
    """
    locode, _, code = key.partition("-")
    if not code:
        return {"UNLocationCode": locode}
    facility = {"facilityCode": code, "facilityCodeListProvider": FACILITY_CODE_LIST_PROVIDER}
    if nested:
        return {"UNLocationCode": locode, "facility": facility}
    return {"UNLocationCode": locode, **facility}


def location_key(
    unlocode: str, facility_code: object, provider: object, *, field: str = "facilityCode"
) -> str:
    """The location key of a DCSA place: ``unlocode`` alone, or with its facility code
    (``CNCQI`` + ``TJC`` → ``CNCQI-TJC``) when one is given with a provider DCSA allows.

    >>> location_key("CNCQI", "TJC", "SMDG"), location_key("SGSIN", None, None)
    ('CNCQI-TJC', 'SGSIN')
    >>> location_key("CNCQI", "TJC", "UNKNOWN")
    Traceback (most recent call last):
    ...
    landsea.errors.InvalidCode: facilityCodeListProvider 'UNKNOWN' is not SMDG or BIC
    """
    if facility_code is None:
        return unlocode
    if provider not in DCSA_PROVIDERS:
        raise InvalidCode(f"facilityCodeListProvider {provider!r} is not SMDG or BIC")
    if not isinstance(facility_code, str):
        raise InvalidCode(f"{field} {facility_code!r} is not text")
    return validate_location_key(f"{unlocode}-{facility_code}", field=field)


def validate_country(code: str, *, field: str = "country") -> str:
    """Return ``code`` if it is an ISO 3166-1 alpha-2 country code, else raise.

    >>> validate_country("LA")
    'LA'
    """
    if not (len(code) == 2 and code.isascii() and code.isupper() and _country_exists(code)):
        raise InvalidCode(f"{field} {code!r} is not an ISO 3166-1 alpha-2 country code")
    return code


def validate_currency(code: str, *, field: str = "currency") -> str:
    """Return ``code`` if it is an ISO 4217 currency code, else raise.

    >>> validate_currency("CNY")
    'CNY'
    >>> validate_currency("RMB")
    Traceback (most recent call last):
    ...
    landsea.errors.InvalidCode: currency 'RMB' is not an ISO 4217 currency code
    """
    if not (len(code) == 3 and code.isascii() and code.isupper() and _currency_exists(code)):
        raise InvalidCode(f"{field} {code!r} is not an ISO 4217 currency code")
    return code


def validate_timezone(name: str, *, field: str = "timezone") -> str:
    """Return ``name`` if it is an IANA time zone, else raise.

    >>> validate_timezone("Asia/Shanghai")
    'Asia/Shanghai'
    """
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidCode(f"{field} {name!r} is not an IANA time zone") from exc
    return name


@lru_cache(maxsize=512)
def _country_exists(alpha_2: str) -> bool:
    import pycountry  # ~0.1 s to import: only when a code is checked, not at start-up

    return pycountry.countries.get(alpha_2=alpha_2) is not None


@lru_cache(maxsize=512)
def _currency_exists(alpha_3: str) -> bool:
    import pycountry

    return pycountry.currencies.get(alpha_3=alpha_3) is not None


_CONTAINER = re.compile(r"[A-Z]{3}[UJZ][0-9]{6}[0-9]")


def _letter_values() -> dict[str, int]:
    values: dict[str, int] = {}
    value = 10
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if value % 11 == 0:
            value += 1
        values[letter] = value
        value += 1
    return values


_LETTERS = _letter_values()
_DIGIT_VALUES = {**_LETTERS, **{str(d): d for d in range(10)}}
_WEIGHTS = tuple(2**i for i in range(10))
_WEIGHED = tuple({ch: value * w for ch, value in _DIGIT_VALUES.items()} for w in _WEIGHTS)
"""Each position's table: a character's value times the position's weight."""
_LOOK_UP = dict.__getitem__


def container_check_digit(first_ten: str) -> int:
    """The ISO 6346 check digit of an owner code, category and serial number.

    >>> container_check_digit("CSQU305438")
    3
    """
    try:  # the usual case, table look-ups only (bulk event imports check one per event)
        if len(first_ten) != 10:
            raise ValueError(first_ten)
        total = sum(map(_LOOK_UP, _WEIGHED, first_ten))
    except (KeyError, ValueError):  # another length, or other characters
        total = sum(
            (_LETTERS[ch] if ch.isalpha() else int(ch)) * 2**i for i, ch in enumerate(first_ten)
        )
    return int(total % 11 % 10)


def validate_container(number: str, *, field: str = "equipmentReference") -> str:
    """Return ``number`` if it is an ISO 6346 container number with a correct check digit.

    Examples
    --------
    >>> validate_container("APZU4812090")
    'APZU4812090'
    >>> validate_container("APNR7744962")
    Traceback (most recent call last):
    ...
    landsea.errors.InvalidCode: equipmentReference 'APNR7744962' is not an ISO 6346 container number (owner code, U/J/Z, 6 digits, check digit)
    >>> validate_container("APZU4812091")
    Traceback (most recent call last):
    ...
    landsea.errors.InvalidCode: equipmentReference 'APZU4812091' has check digit 1; ISO 6346 gives 0
    """
    if not _CONTAINER.fullmatch(number):
        raise InvalidCode(
            f"{field} {number!r} is not an ISO 6346 container number "
            "(owner code, U/J/Z, 6 digits, check digit)"
        )
    expected = container_check_digit(number[:10])
    if int(number[10]) != expected:
        raise InvalidCode(
            f"{field} {number!r} has check digit {number[10]}; ISO 6346 gives {expected}"
        )
    return number


def within_platform_dates(moment: _Moment, *, field: str) -> _Moment:
    """``moment`` itself when its day lies in the platform's dates (``units.FIRST_DAY`` …
    ``units.LAST_DAY``); :class:`InvalidInput` naming ``field`` otherwise."""
    if outside_platform_dates(moment):
        raise InvalidInput(
            f"{field} {moment.isoformat()!r} is outside the platform's dates, "
            f"{FIRST_DAY.isoformat()} … {LAST_DAY.isoformat()}"
        )
    return moment


def parse_day(value: str, *, field: str) -> dt.date:
    """A calendar day written exactly as ``YYYY-MM-DD``, within the platform's dates."""
    if not isinstance(value, str) or _DAY.fullmatch(value) is None:
        raise InvalidInput(f"{field} {_excerpt(value)!r} is not a date written YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{field} {value!r} is not a date ({_why_no_day(value)})") from None
    return within_platform_dates(day, field=field)


def _why_no_day(value: str) -> str:
    """Why ``YYYY-MM-DD`` names no day of the calendar.

    >>> _why_no_day("2026-02-30"), _why_no_day("2028-02-30"), _why_no_day("2026-13-01")
    ('February 2026 has 28 days', 'February 2028 has 29 days', 'there is no month 13')
    """
    year, month, _ = (int(part) for part in value.split("-"))
    if not 1 <= month <= 12 or year < 1:
        return f"there is no month {month}" if not 1 <= month <= 12 else f"there is no year {year}"
    days = calendar.monthrange(year, month)[1]
    return f"{calendar.month_name[month]} {year} has {days} days"


def parse_instant(
    value: str, *, field: str, naive_utc: bool = False, zone: dt.tzinfo | None = None
) -> dt.datetime:
    """An ISO 8601 date or date-time with its UTC offset (``Z`` too), within the platform's
    dates; without an offset it is refused, or taken in ``zone`` when one is given, or, with
    ``naive_utc``, taken as UTC (a bare date: its midnight)."""
    if not isinstance(value, str) or not value.isascii():
        raise InvalidInput(f"{field} {_excerpt(value)!r} is not an ISO 8601 date-time")
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"{field} {_excerpt(value)!r} is not an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        if zone is None and not naive_utc:
            raise InvalidInput(f"{field} {value!r} has no UTC offset")
        moment = moment.replace(tzinfo=zone or dt.UTC)
    return within_platform_dates(moment, field=field)


def _excerpt(value: object) -> object:
    return value[:80] if isinstance(value, str) else value
