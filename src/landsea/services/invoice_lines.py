"""The charges an operator invoices for a booking, and the currency it invoices them in.

A booking stores its total price (and, when it was quoted, its frozen quote), not the invoice's
breakdown, so :func:`charges` derives one line per charge, per leg the issuer runs:

- **freight**, one line per leg: the ride's tariff;
- **handling**, one line per place where the cargo changes onto a leg the issuer runs: that
  place's handling charge;
- **customs**: the network carries clearance *times*, no clearance *charges*, so no customs line
  is derived (the line kind exists for charges that a later dataset carries);
- an **adjustment** line, only when the issuer runs every leg and the derived lines do not add up
  to the price agreed at booking (the network's tariffs changed since): the difference, so the
  invoice asks for what the shipper agreed to, and its description says why.

Two currencies, as the booking was made (:func:`invoice_currency`):

- a booking with a **frozen quote** is invoiced in the quote's currency: each charge in its
  tariff's own currency (:func:`landsea.services.pricing.tariff_charges`, the function that made
  the quote) converted with the **booking's frozen conversions** (never today's rates); the
  line keeps the tariff amount and the conversion it used; the sum is the quote's total;
- a booking without a quote is invoiced in CNY with the cost model that priced it
  (:class:`landsea.services.planning.NetworkCostModel`); the sum is the booking's price.

Every amount is rounded once, by :meth:`Money.rounded` (half-even, the currency's exponent),
line by line; the net is their exact sum.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from landsea.domain.booking import Booking, Principal
from landsea.domain.cargo import Cargo, CargoType
from landsea.domain.invoice import InvoiceLine, LineKind
from landsea.domain.money import Money
from landsea.domain.network import Network
from landsea.domain.quote import Quote
from landsea.domain.rates import Conversion
from landsea.domain.timetable import Service
from landsea.errors import InvalidStateTransition
from landsea.services.planning import NetworkCostModel
from landsea.services.pricing import tariff_charges
from landsea.units import LocationCode, ServiceId

__all__ = ["CURRENCY", "charges", "invoice_currency"]

CURRENCY = "CNY"
"""The currency of the cost model's figures (the invoice of a booking without a quote)."""

_MODE_ZH = {"rail": "铁路", "sea": "海运", "road": "公路", "inland_waterway": "内河"}

_Ride = tuple[int, Service, int, int]
"""A leg the issuer runs: its index, service and the stop indices it boards and leaves."""


def invoice_currency(booking: Booking) -> str:
    """The currency ``booking`` is invoiced in: its frozen quote's, else CNY."""
    return CURRENCY if booking.quote is None else booking.quote.currency


def _cny(value: float) -> Money:
    return Money(Decimal(repr(value)), CURRENCY).rounded()


def _line(
    kind: LineKind, en: str, zh: str, amount: Money, leg: int | None,
    charged: Money | None = None, conversion: Conversion | None = None,
) -> InvoiceLine:  # fmt: skip
    return InvoiceLine(kind=kind, description_en=en, description_zh=zh, quantity=1,
                       unit_price=amount, amount=amount, leg=leg, charged=charged,
                       conversion=conversion)  # fmt: skip


def _handling(
    code: str, amount: Money, n: int, charged: Money | None = None,
    conversion: Conversion | None = None,
) -> InvoiceLine:  # fmt: skip
    return _line(LineKind.HANDLING, f"Handling at {code}", f"{code} 换装作业费", amount, n,
                 charged, conversion)  # fmt: skip


def _freight(
    booking: Booking, service: Service, n: int, amount: Money, charged: Money | None = None,
    conversion: Conversion | None = None,
) -> InvoiceLine:  # fmt: skip
    leg = booking.legs[n]
    mode = service.mode.value
    return _line(
        LineKind.FREIGHT,
        f"Freight {leg.origin} → {leg.destination}, {service.id} ({mode}), {booking.teu} TEU",
        f"运费 {leg.origin}→{leg.destination}，{service.id}（{_MODE_ZH.get(mode, mode)}），"
        f"{booking.teu} TEU",
        amount, n, charged, conversion,
    )  # fmt: skip


def _rides(
    network: Network, booking: Booking, issuer: Principal, runs: list[bool]
) -> Iterator[_Ride]:
    """The legs of ``booking`` that ``issuer`` runs; ``runs`` gets ``False`` appended for any
    leg it does not run."""
    for n, leg in enumerate(booking.legs):
        service = network.services.get(ServiceId(leg.service_id))
        if service is None:
            raise InvalidStateTransition(
                f"legs[{n}].service_id {leg.service_id!r} is no longer in the network: "
                "its charges cannot be derived"
            )
        if not issuer.operates(service.operator):
            runs.append(False)
            continue
        calls = [stop.location for stop in service.stops]
        board = calls.index(LocationCode(leg.origin))
        yield n, service, board, calls.index(LocationCode(leg.destination), board + 1)


def _adjusted(
    lines: list[InvoiceLine], agreed: Money, runs: list[bool], why: tuple[str, str]
) -> list[InvoiceLine]:
    """``lines`` and, when the issuer runs every leg and they do not add up to ``agreed``, the
    difference (described in English and Chinese by ``why``)."""
    if all(runs) and lines:
        difference = agreed.rounded() - Money.total(
            (line.amount for line in lines), agreed.currency
        )
        if difference.amount:
            lines.append(_line(LineKind.ADJUSTMENT, why[0], why[1], difference, None))
    return lines


def _cost_model_lines(network: Network, booking: Booking, issuer: Principal) -> list[InvoiceLine]:
    """The lines in CNY from the cost model that priced ``booking`` (a booking without a quote)."""
    model = NetworkCostModel(
        network, Cargo(teu=booking.teu, cargo_type=CargoType(booking.cargo_type))
    )
    lines: list[InvoiceLine] = []
    runs: list[bool] = []
    for n, service, board, alight in _rides(network, booking, issuer, runs):
        if n > 0:
            place = network.locations[service.stops[board].location]
            transfer = model.transfer(place)
            if transfer is not None and transfer.cost:
                lines.append(_handling(place.code, _cny(transfer.cost), n))
        cost = model.boarding(service)
        for k in range(board + 1, alight + 1):
            cost += model.segment(service, k)[0]
        lines.append(_freight(booking, service, n, _cny(cost)))
    if booking.price.currency != CURRENCY:
        return lines
    why = ("Difference to the price agreed at booking", "与订舱时约定价格的差额")
    return _adjusted(lines, booking.price, runs, why)


def _converted(
    quote: Quote, charge: Money, n: int
) -> tuple[Money, Money | None, Conversion | None]:
    """``charge`` in the quote's currency with the booking's frozen conversion of its currency,
    rounded once; with the charge and the conversion when one was made."""
    if charge.currency == quote.currency:
        return charge.rounded(), None, None
    for conversion in quote.conversions:
        if conversion.source == charge.currency:
            return conversion.apply(charge).rounded(), charge, conversion
    raise InvalidStateTransition(
        f"legs[{n}]: a charge is now in {charge.currency}, but the booking's quote of "
        f"{quote.on.isoformat()} froze no {charge.currency}/{quote.currency} rate: "
        "it cannot be invoiced in the quoted currency"
    )


def _leg_charges(
    network: Network, ride: tuple[Service, int, int], cargo: Cargo, first: bool
) -> list[tuple[str, Money]]:
    """One leg's charges as its quote made them: the handling of its change of vehicle (none
    for the first leg), then its tariff. :func:`tariff_charges` charges a change before every
    ride but the first, so a later leg is priced as the second of two rides, the first's
    charge dropped."""
    if first:
        return tariff_charges(network, [ride], cargo)
    return tariff_charges(network, [ride, ride], cargo)[1:]


def _quoted_lines(
    network: Network, booking: Booking, issuer: Principal, quote: Quote
) -> list[InvoiceLine]:
    """The lines in the quote's currency: each charge converted with the booking's frozen
    conversion of its tariff's currency and rounded once."""
    cargo = Cargo(teu=booking.teu, cargo_type=CargoType(booking.cargo_type))
    lines: list[InvoiceLine] = []
    runs: list[bool] = []
    for n, service, board, alight in _rides(network, booking, issuer, runs):
        *handling, (_, tariff) = _leg_charges(network, (service, board, alight), cargo, n == 0)
        for _, charge in handling:
            amount, charged, conversion = _converted(quote, charge, n)
            place = service.stops[board].location
            lines.append(_handling(place, amount, n, charged, conversion))
        amount, charged, conversion = _converted(quote, tariff, n)
        lines.append(_freight(booking, service, n, amount, charged, conversion))
    day = quote.on.isoformat()
    why = (f"Difference to the price quoted on {day} and frozen with the booking "
           "(the network's tariffs changed since)",
           f"与 {day} 报价并随订舱锁定的价格之差（此后运价已变）")  # fmt: skip
    return _adjusted(lines, quote.total, runs, why)


def charges(network: Network, booking: Booking, issuer: Principal) -> list[InvoiceLine]:
    """The lines ``issuer`` invoices for ``booking`` in :func:`invoice_currency` (empty: it runs
    none of its legs)."""
    if booking.quote is None:
        return _cost_model_lines(network, booking, issuer)
    return _quoted_lines(network, booking, issuer, booking.quote)
