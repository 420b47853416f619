"""The typed answer of the planning use case: a plan, its itineraries, legs and emissions, in
the local time of the places they happen at (JSON is made from these at the faces)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from landsea.domain.cargo import CargoType
from landsea.domain.emissions import METHOD
from landsea.domain.money import Money
from landsea.domain.network import LocalizedName, Mode
from landsea.domain.quote import Quote
from landsea.planning.planner import PlanIssue
from landsea.planning.request import Epsilon
from landsea.units import DepartureId, LocationCode, ServiceId

__all__ = [
    "Basis",
    "Emissions",
    "HandlingStop",
    "Itinerary",
    "ItineraryLeg",
    "Plan",
    "PlanQuery",
    "PriceSplit",
    "Tag",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ItineraryLeg:
    """A ride of an itinerary; times in the local time of the place they happen at."""

    mode: Mode
    service_id: ServiceId
    service_name: LocalizedName
    operator: str
    departure_id: DepartureId | None
    on_demand: bool
    from_: LocationCode
    to: LocationCode
    departure: dt.datetime
    arrival: dt.datetime
    """Arrival at ``to``, before any import clearance there."""
    distance_km: float
    cost: Money
    co2e_kg: float
    export_clearance_hours: float
    import_clearance_hours: float
    cutoff: dt.datetime | None = None
    """The latest the cargo may be delivered to ``from_`` for this run (local time there);
    ``None`` on demand or when the service has no cut-off."""
    capacity_left_teu: int | None = None
    """TEU left on the run when planned (the stored departure's, else the service's capacity);
    ``None`` on demand, where trucks are dispatched one per box."""


@dataclass(frozen=True, slots=True, kw_only=True)
class HandlingStop:
    """A change of vehicle: the place's handling time, charge and hub emissions."""

    at: LocationCode
    hours: float
    cost: Money
    co2e_kg: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Emissions:
    """Well-to-wheel, tank-to-wheel and hub emissions of an itinerary, kg CO2e."""

    wtw_kg: float
    ttw_kg: float
    hub_kg: float
    method: str = METHOD


class Tag(StrEnum):
    """What an option is best at among the options of its plan (ties share the tag)."""

    CHEAPEST = "cheapest"
    FASTEST = "fastest"
    """The earliest arrival, cleared at the destination."""
    LOWEST_CO2E = "lowest_co2e"


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceSplit:
    """What an itinerary's price is made of, CNY: the freight of its legs (each leg's ``cost``)
    and the handling where it changes vehicle (each stop's ``cost``). Customs brokerage and
    duties are not in the network's tariffs: clearance costs time (the legs' clearance hours),
    no charge is added for it."""

    freight: Money
    handling: Money


@dataclass(frozen=True, slots=True, kw_only=True)
class Itinerary:
    """One Pareto-optimal option: it departs from the origin (local time there) and arrives
    cleared at the destination (local time there)."""

    departure: dt.datetime
    arrival: dt.datetime
    transit_hours: float
    cost: Money
    co2e_kg: float
    transfers: int
    modes: tuple[Mode, ...]
    via: tuple[LocationCode, ...]
    legs: tuple[ItineraryLeg, ...]
    handling: tuple[HandlingStop, ...]
    emissions: Emissions
    quote: Quote | None = None
    """The price in the currency asked for, with the dated rates used (none when not asked)."""
    price: PriceSplit | None = None
    """The price split into freight and handling (``cost`` is their sum)."""
    tags: tuple[Tag, ...] = ()
    """What the option is best at among the plan's options."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanQuery:
    """The question as the planner understood it (places resolved to codes)."""

    origin: LocationCode
    destination: LocationCode
    origin_name: LocalizedName
    destination_name: LocalizedName
    depart: dt.datetime
    window_days: float
    teu: int
    cargo_type: CargoType
    cargo_tonnes: float
    avoid: tuple[str, ...]
    via: LocationCode | None
    max_days: float | None


class Basis(StrEnum):
    """What a plan knows beyond the network's timetables."""

    NETWORK = "network"
    """The timetables and the dataset's clearance figures only."""
    DATABASE = "database"
    """Also the capacity left on the stored departures and the measured clearance times."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """The answer to a :class:`PlanQuestion`: the options, or the issues saying why none."""

    query: PlanQuery
    issues: tuple[PlanIssue, ...]
    options: tuple[Itinerary, ...]
    clearance_measured: Mapping[str, float]
    """The measured clearance hours used, by location code."""
    basis: Basis = Basis.NETWORK
    epsilon: Epsilon | None = None
    """The bounds the options keep to: asked for, or taken when the exact set took too long."""
    capped: bool = False
    """Whether the exact set (or the ε asked for) was given up for taking too long."""
    approximate: bool = False
    """Whether the options are an ε-set (``epsilon`` says which) rather than the exact set."""
    network_version: int = 0
    """The stored network version planned on (0: a dataset outside the database)."""
