"""The charges an operator invoices for a booking, derived from the network's tariffs.

A booking stores only its total price, not how it was made up; :func:`charges` derives the
breakdown with the cost model that priced the booking
(:class:`landsea.services.planning.NetworkCostModel`, CNY):

- **freight**, one line per leg the issuer runs: the service's boarding charge plus the tariff of
  every segment ridden;
- **handling**, one line per place where the cargo changes onto a leg the issuer runs: that
  place's handling charge;
- **customs**: the network carries clearance *times*, no clearance *charges*, so no customs line
  is derived (the line kind exists for charges that a later dataset carries);
- an **adjustment** line, only when the issuer runs every leg and the derived lines do not add up
  to the price agreed at booking (the network's tariffs changed since): the difference, so the
  invoice asks for what the shipper agreed to.

Every amount is rounded once, by :meth:`Money.rounded`, line by line.
"""

from __future__ import annotations

from decimal import Decimal

from landsea.domain.booking import Booking, Principal
from landsea.domain.cargo import Cargo, CargoType
from landsea.domain.invoice import InvoiceLine, LineKind
from landsea.domain.money import Money
from landsea.domain.network import Network
from landsea.errors import InvalidStateTransition
from landsea.services.planning import NetworkCostModel
from landsea.units import LocationCode, ServiceId

__all__ = ["charges"]

CURRENCY = "CNY"
"""The currency of the cost model's figures."""

_MODE_ZH = {"rail": "铁路", "sea": "海运", "road": "公路", "inland_waterway": "内河"}


def _cny(value: float) -> Money:
    return Money(Decimal(repr(value)), CURRENCY).rounded()


def _line(kind: LineKind, en: str, zh: str, amount: Money, leg: int | None) -> InvoiceLine:
    return InvoiceLine(kind=kind, description_en=en, description_zh=zh, quantity=1,
                       unit_price=amount, amount=amount, leg=leg)  # fmt: skip


def charges(network: Network, booking: Booking, issuer: Principal) -> list[InvoiceLine]:
    """The lines ``issuer`` invoices for ``booking`` (empty: it runs none of its legs)."""
    model = NetworkCostModel(
        network, Cargo(teu=booking.teu, cargo_type=CargoType(booking.cargo_type))
    )
    lines: list[InvoiceLine] = []
    runs_all = True
    for n, leg in enumerate(booking.legs):
        service = network.services.get(ServiceId(leg.service_id))
        if service is None:
            raise InvalidStateTransition(
                f"legs[{n}].service_id {leg.service_id!r} is no longer in the network: "
                "its charges cannot be derived"
            )
        if not issuer.operates(service.operator):
            runs_all = False
            continue
        calls = [stop.location for stop in service.stops]
        board = calls.index(LocationCode(leg.origin))
        alight = calls.index(LocationCode(leg.destination), board + 1)
        if n > 0:
            place = network.locations[calls[board]]
            transfer = model.transfer(place)
            if transfer is not None and transfer.cost:
                lines.append(_line(LineKind.HANDLING, f"Handling at {place.code}",
                                   f"{place.code} 换装作业费", _cny(transfer.cost), n))  # fmt: skip
        cost = model.boarding(service)
        for k in range(board + 1, alight + 1):
            cost += model.segment(service, k)[0]
        mode = service.mode.value
        lines.append(_line(
            LineKind.FREIGHT,
            f"Freight {leg.origin} → {leg.destination}, {service.id} ({mode}), {booking.teu} TEU",
            f"运费 {leg.origin}→{leg.destination}，{service.id}（{_MODE_ZH.get(mode, mode)}），"
            f"{booking.teu} TEU",
            _cny(cost), n,
        ))  # fmt: skip
    if runs_all and lines and booking.price.currency == CURRENCY:
        derived = sum((line.amount.amount for line in lines), Decimal("0"))
        difference = booking.price.rounded().amount - derived
        if difference:
            lines.append(_line(LineKind.ADJUSTMENT, "Difference to the price agreed at booking",
                               "与订舱时约定价格的差额", Money(difference, CURRENCY), None))  # fmt: skip
    return lines
