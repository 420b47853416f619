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

from landsea.domain.booking import Booking
from landsea.domain.cargo import Cargo, CargoType
from landsea.domain.money import Money
from landsea.domain.network import Network
from landsea.domain.quote import Quote, make_quote
from landsea.domain.rates import RateBook
from landsea.domain.timetable import Service
from landsea.services.plan_result import Itinerary, Plan
from landsea.services.platform import Platform
from landsea.services.rates import rate_book
from landsea.units import ServiceId

__all__ = [
    "Ride",
    "itinerary_rides",
    "quote_booking",
    "quote_plan",
    "quote_rides",
    "tariff_charges",
]

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
    return [_ride(network, leg.service_id, leg.from_, leg.to) for leg in itinerary.legs]


def _ride(network: Network, service_id: str, origin: str, destination: str) -> Ride:
    """``service_id`` ridden from its first stop at ``origin`` to the next at ``destination``."""
    service = network.services[ServiceId(service_id)]
    places = [str(stop.location) for stop in service.stops]
    board = places.index(origin)
    return service, board, places.index(destination, board + 1)


def quote_rides(
    network: Network, rides: Sequence[Ride], cargo: Cargo, currency: str, book: RateBook
) -> Quote:
    """``rides`` priced in ``currency`` with ``book``'s rates."""
    return make_quote(tariff_charges(network, rides, cargo), currency, book)


def quote_booking(platform: Platform, booking: Booking, currency: str) -> Quote:
    """The quote frozen with ``booking`` when it is in ``currency``; else its legs priced in
    ``currency`` with today's reference rates (the quote's ``on`` says the day)."""
    if booking.quote is not None and booking.quote.currency == currency:
        return booking.quote
    network = platform.network
    rides = [_ride(network, leg.service_id, leg.origin, leg.destination) for leg in booking.legs]
    cargo = Cargo(teu=booking.teu, cargo_type=CargoType(booking.cargo_type))
    return quote_rides(network, rides, cargo, currency, rate_book(platform))


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
