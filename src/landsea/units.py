"""Identifiers, units and time helpers shared by every layer (standard library only)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from typing import NewType

__all__ = [
    "EARTH_RADIUS_KM",
    "FIRST_DAY",
    "LAST_DAY",
    "DepartureId",
    "LocationCode",
    "ServiceId",
    "great_circle_km",
    "hours",
    "outside_platform_dates",
    "utc",
]

LocationCode = NewType("LocationCode", str)
"""A location key: an official UN/LOCODE (``CNCQI``) or a facility key (``CNCQI-TJC``)."""

ServiceId = NewType("ServiceId", str)
DepartureId = NewType("DepartureId", str)

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), the usual basis of great-circle distances."""


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in decimal degrees (haversine).

    Examples
    --------
    >>> round(great_circle_km(29.583, 106.55, 21.67, 108.62))
    904
    """
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def hours(value: float) -> timedelta:
    """A duration of ``value`` hours."""
    return timedelta(hours=value)


def utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive datetime is refused, since its meaning is ambiguous."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"datetime {moment.isoformat()} has no time zone")
    return moment.astimezone(UTC)


FIRST_DAY = date(2000, 1, 1)
"""The first day the platform deals with: every date and time it reads lies in
``FIRST_DAY`` … ``LAST_DAY`` (as written, in its own time zone), so that any arithmetic on it —
a horizon of days, a penalty per day late, a time zone — stays far from ``date.min`` and
``date.max``."""

LAST_DAY = date(2099, 12, 31)
"""The last day the platform deals with (see ``FIRST_DAY``)."""


def outside_platform_dates(moment: date | datetime) -> bool:
    """Whether ``moment`` (its calendar day as written) is before ``FIRST_DAY`` or after ``LAST_DAY``.

    Examples
    --------
    >>> outside_platform_dates(date(2026, 12, 1)), outside_platform_dates(date(9999, 12, 31))
    (False, True)
    """
    day = moment.date() if isinstance(moment, datetime) else moment
    return not FIRST_DAY <= day <= LAST_DAY
