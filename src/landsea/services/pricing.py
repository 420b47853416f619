"""Prices in the tariffs' own currencies and quotes of them in the customer's currency.

The planner compares options by a cost in CNY (floats, the dataset's planning rates) exactly as
before; prices for people are made here, exactly: each ride's tariff in the service's currency
(:meth:`~landsea.domain.network.Network.fare`, per box), each change of vehicle's handling charge
in the place's currency, then converted with dated reference rates (:mod:`landsea.services.rates`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from landsea.domain.cargo import Cargo
from landsea.domain.money import Money
from landsea.domain.network import Network
from landsea.domain.quote import Quote, make_quote
from landsea.domain.rates import RateBook
from landsea.domain.timetable import Service
from landsea.services.plan_result import Itinerary, Plan
from landsea.services.platform import Platform
from landsea.services.rates import rate_book

__all__ = ["Ride", "itinerary_rides", "quote_plan", "quote_rides", "tariff_charges"]

Ride = tuple[Service, int, int]
"""A service ridden from stop index ``board`` to stop index ``alight``."""


def tariff_charges(
    network: Network, rides: Sequence[Ride], cargo: Cargo
) -> list[tuple[str, Money]]:
    """The charges of ``rides`` for ``cargo``: each ride's tariff (FEU and TEU boxes) in the
    service's currency, and the handling charge of every change of vehicle in the place's."""
    charges: list[tuple[str, Money]] = []
    for n, (service, board, alight) in enumerate(rides):
        here = network.locations[service.stops[board].location]
        if n > 0 and here.handling is not None:
            charges.append((f"handling {here.code}", here.handling.cost * cargo.teu))
        feu = network.fare(service, board, alight, feu=True) * cargo.feu
        teu = network.fare(service, board, alight) * cargo.twenty_foot
        there = service.stops[alight].location
        charges.append((f"{service.id} {here.code}-{there}", feu + teu))
    return charges


def itinerary_rides(network: Network, itinerary: Itinerary) -> list[Ride]:
    """The rides of ``itinerary``: each leg's service with the stop indices it boards and leaves."""
    rides: list[Ride] = []
    for leg in itinerary.legs:
        service = network.services[leg.service_id]
        places = [stop.location for stop in service.stops]
        board = places.index(leg.from_)
        rides.append((service, board, places.index(leg.to, board + 1)))
    return rides


def quote_rides(
    network: Network, rides: Sequence[Ride], cargo: Cargo, currency: str, book: RateBook
) -> Quote:
    """``rides`` priced in ``currency`` with ``book``'s rates."""
    return make_quote(tariff_charges(network, rides, cargo), currency, book)


def quote_plan(
    platform: Platform, network: Network, plan: Plan, currency: str, *, on: dt.date | None = None
) -> Plan:
    """``plan`` with every option quoted in ``currency`` with the reference rates of ``on``
    (today); a missing or stale rate is a :class:`~landsea.errors.RateUnavailable`."""
    book = rate_book(platform, on)
    query = plan.query
    cargo = Cargo(teu=query.teu, cargo_type=query.cargo_type)
    options = tuple(
        dataclasses.replace(
            option,
            quote=quote_rides(network, itinerary_rides(network, option), cargo, currency, book),
        )
        for option in plan.options
    )
    return dataclasses.replace(plan, options=options)
