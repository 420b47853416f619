"""Places of the corridor and the network aggregate that holds places, services and sources."""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, overload
from zoneinfo import ZoneInfo

from landsea.domain.money import Money
from landsea.domain.provenance import Provenance, Source
from landsea.domain.road import DrivingRules
from landsea.errors import InvalidInput, UnknownLocation, UnknownService
from landsea.units import LocationCode, ServiceId, utc

if TYPE_CHECKING:
    from landsea.domain.timetable import Departure, Service

__all__ = [
    "CustomsClearance",
    "DatasetInfo",
    "Handling",
    "LocalizedName",
    "Location",
    "LocationKind",
    "Mode",
    "Network",
]


class Mode(StrEnum):
    """Transport mode of a service (the names of DESIGN.md; DCSA: RAIL, VESSEL, TRUCK, BARGE)."""

    RAIL = "rail"
    SEA = "sea"
    ROAD = "road"
    INLAND_WATERWAY = "inland_waterway"


class LocationKind(StrEnum):
    SEAPORT = "seaport"
    RIVER_PORT = "river_port"
    RAIL_TERMINAL = "rail_terminal"
    DRY_PORT = "dry_port"
    BORDER_CROSSING = "border_crossing"
    CITY = "city"
    LOCK = "lock"


TERMINAL_KINDS = frozenset(
    {
        LocationKind.SEAPORT,
        LocationKind.RIVER_PORT,
        LocationKind.RAIL_TERMINAL,
        LocationKind.DRY_PORT,
    }
)
"""Kinds of place where containers change vehicle, and which therefore carry handling parameters."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LocalizedName:
    """A name in English and in Chinese."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        """The name in ``lang`` (``zh``, ``zh-CN`` … or anything else for English)."""
        return self.zh if lang.lower().startswith("zh") else self.en

    def as_dict(self) -> dict[str, str]:
        return {"en": self.en, "zh": self.zh}


@dataclass(frozen=True, slots=True, kw_only=True)
class Handling:
    """What it takes to move a container from one service to another at a terminal."""

    hours: float
    cost: Money

    @property
    def duration(self) -> dt.timedelta:
        return dt.timedelta(hours=self.hours)


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomsClearance:
    """Customs clearance at a border crossing or an international port.

    ``border`` is the pair of countries a border crossing joins (``("CN", "VN")``), empty for a
    port where international cargo clears. Where import and export clearance times are published
    separately (Chongqing: 68.32 h and 0.39 h in 2020) they are kept apart.
    """

    typical_hours: float
    p90_hours: float
    border: tuple[str, ...] = ()
    import_typical_hours: float | None = None
    export_typical_hours: float | None = None

    def typical_for(self, direction: str) -> float:
        """Typical clearance hours for ``import`` or ``export`` where published, else overall."""
        specific = {"import": self.import_typical_hours, "export": self.export_typical_hours}
        value = specific.get(direction)
        return self.typical_hours if value is None else value


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Location:
    """A place of the network, keyed by its UN/LOCODE (or a facility key such as ``CNCQI-TJC``).

    Entities compare by their key; ``provenance`` maps each figure's field name (``coordinates``,
    ``handling.hours`` …) to where it comes from.
    """

    code: LocationCode
    name: LocalizedName
    country: str
    timezone: str
    lat: float
    lon: float
    kinds: frozenset[LocationKind]
    aliases: tuple[str, ...] = ()
    parent: LocationCode | None = None
    handling: Handling | None = None
    customs: CustomsClearance | None = None
    note: str = ""
    provenance: Mapping[str, Provenance] = field(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Location) and other.code == self.code

    def __hash__(self) -> int:
        return hash(("Location", self.code))

    def __repr__(self) -> str:
        return f"Location(code={self.code!r})"

    @property
    def is_terminal(self) -> bool:
        return bool(self.kinds & TERMINAL_KINDS)

    @property
    def is_border_crossing(self) -> bool:
        return LocationKind.BORDER_CROSSING in self.kinds

    def label(self, lang: str = "en") -> str:
        """``Chongqing (CNCQI)`` or ``重庆 (CNCQI)``."""
        return f"{self.name.get(lang)} ({self.code})"

    def local(self, instant: dt.datetime) -> dt.datetime:
        """``instant`` in this place's local time, with its UTC offset: the one time-zone
        convention of every timestamp leaving the platform (docs/platform.md, "Time").

        Raises
        ------
        ValueError
            When ``instant`` is naive (its meaning would be a guess).

        Examples
        --------
        >>> place = Location(code=LocationCode("THBKK"), name=LocalizedName(en="Bangkok", zh="曼谷"),
        ...                  country="TH", timezone="Asia/Bangkok", lat=13.7, lon=100.5,
        ...                  kinds=frozenset())
        >>> place.local(dt.datetime(2026, 12, 7, 10, tzinfo=dt.UTC)).isoformat()
        '2026-12-07T17:00:00+07:00'
        """
        return utc(instant).astimezone(ZoneInfo(self.timezone))


@dataclass(frozen=True, slots=True, kw_only=True)
class DatasetInfo:
    id: str
    name: LocalizedName
    version: str
    description: str = ""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Network:
    """The corridor: places, the services between them and the sources their figures cite.

    ``location`` resolves a place given by UN/LOCODE, alias, English or Chinese name;
    ``departures`` expands a service's weekly pattern into dated runs.
    """

    info: DatasetInfo
    locations: Mapping[LocationCode, Location]
    services: Mapping[ServiceId, Service]
    sources: Mapping[str, Source] = field(default_factory=dict)
    circuity: Mapping[Mode, float] = field(default_factory=dict)
    exchange_rates: Mapping[str, Decimal] = field(default_factory=dict)
    cutoff_h: Mapping[Mode, float] = field(default_factory=dict)
    """Hours before a scheduled departure by which a container must be at the terminal."""
    driving_rules: DrivingRules | None = None
    fixed_fare_share: Mapping[Mode, float] = field(default_factory=dict)
    """Share of a run's tariff charged for any ride on it, whatever the distance."""
    _index: dict[str, LocationCode] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, LocationCode] = {}
        for location in self.locations.values():
            for name in (location.code, *location.aliases, location.name.en, location.name.zh):
                index.setdefault(_normalise(name), location.code)
        self._index.update(index)

    def __repr__(self) -> str:
        return (
            f"Network(id={self.info.id!r}, locations={len(self.locations)}, "
            f"services={len(self.services)})"
        )

    # -- places -------------------------------------------------------------------------------

    @overload
    def local(self, place: str | None, instant: dt.datetime) -> dt.datetime: ...
    @overload
    def local(self, place: str | None, instant: dt.datetime | None) -> dt.datetime | None: ...
    def local(self, place: str | None, instant: dt.datetime | None) -> dt.datetime | None:
        """``instant`` in the local time of ``place`` (a UN/LOCODE, or a terminal's), with its
        offset (:meth:`Location.local`); ``None`` stays ``None``, and an instant at a place the
        network does not know stays as given.

        Examples
        --------
        >>> from landsea.testing import NetworkBuilder
        >>> network = NetworkBuilder().place("THBKK", timezone="Asia/Bangkok").build()
        >>> network.local("THBKK", dt.datetime(2026, 12, 7, 10, tzinfo=dt.UTC)).isoformat()
        '2026-12-07T17:00:00+07:00'
        """
        location = self.locations.get(LocationCode(place)) if place else None
        if instant is None or location is None:
            return instant
        return location.local(instant)

    def location(self, query: str) -> Location:
        """The place named by ``query``: a UN/LOCODE, an alias, or an English or Chinese name.

        Matching ignores case, accents, spaces and punctuation; a query that begins exactly one
        name (``Qinzhou`` for ``Qinzhou Port``) matches it too.

        Raises
        ------
        UnknownLocation
            With up to five close matches when nothing matches, or every candidate when a prefix
            matches more than one place.
        """
        text = query.strip()
        key = _normalise(text)
        code = self._index.get(key)
        if code is not None:
            return self.locations[code]
        if key:
            prefixed = sorted({code for name, code in self._index.items() if name.startswith(key)})
            if len(prefixed) == 1:
                return self.locations[prefixed[0]]
            if len(prefixed) > 1:
                raise UnknownLocation(query, [self._suggestion(c) for c in prefixed[:8]])
        raise UnknownLocation(query, self._close_matches(text))

    def _close_matches(self, text: str) -> list[str]:
        candidates = difflib.get_close_matches(
            _normalise(text), list(self._index), n=12, cutoff=0.6
        )
        codes: list[LocationCode] = []
        for name in candidates:
            code = self._index[name]
            if code not in codes:
                codes.append(code)
        return [self._suggestion(code) for code in codes[:5]]

    def _suggestion(self, code: LocationCode) -> str:
        location = self.locations[code]
        return f"{code} ({location.name.en} / {location.name.zh})"

    def services_at(self, code: LocationCode) -> list[Service]:
        """Services that call at the place ``code``, in id order."""
        return [
            service
            for service_id, service in sorted(self.services.items())
            if any(stop.location == code for stop in service.stops)
        ]

    # -- services -----------------------------------------------------------------------------

    def service(self, service_id: str) -> Service:
        """The service with id ``service_id`` (case-insensitive)."""
        wanted = service_id.strip().upper()
        for key, service in self.services.items():
            if key.upper() == wanted:
                return service
        close = difflib.get_close_matches(wanted, [s.upper() for s in self.services], n=5)
        raise UnknownService(service_id, close)

    def departures(self, service_id: str, start: dt.date, days: int) -> list[Departure]:
        """Dated runs of a service whose local departure date falls in ``[start, start + days)``."""
        service = self.service(service_id)
        timezone = self.locations[service.origin].timezone
        return service.departures(start=start, days=days, timezone=timezone)

    def cutoff_for(self, service: Service) -> float:
        """The cut-off of ``service`` in hours: its own, else its mode's default, else none."""
        if service.cutoff_h is not None:
            return service.cutoff_h
        return self.cutoff_h.get(service.mode, 0.0)

    def fare(self, service: Service, board: int, alight: int, *, feu: bool = False) -> Money:
        """The tariff for one box from stop ``board`` to ``alight`` (see :meth:`Service.fare`)."""
        share = self.fixed_fare_share.get(service.mode, 0.0)
        return service.fare(board, alight, feu=feu, fixed_share=share)

    def to_cny(self, money: Money) -> Money:
        """``money`` converted to CNY with the dataset's exchange rates."""
        if money.currency == "CNY":
            return money
        rate = self.exchange_rates.get(money.currency)
        if rate is None:
            raise InvalidInput(
                f"currency {money.currency!r} has no exchange rate in dataset {self.info.id!r}"
            )
        return Money(money.amount * rate, "CNY")


_TRANSLITERATE = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O"})


def _normalise(text: str) -> str:
    """Fold case, accents, spaces and punctuation so that names match as people type them.

    >>> _normalise("Łódź"), _normalise("Xi'an"), _normalise("Ho Chi Minh City"), _normalise("钦州 港")
    ('lodz', 'xian', 'hochiminhcity', '钦州港')
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    return "".join(ch for ch in decomposed.casefold() if ch.isalnum())
