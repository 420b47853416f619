"""Invoices and credit notes for bookings, and where their payments leave them.

An operator invoices the legs of a confirmed booking that run on its services (freight per leg,
handling where the cargo boards its next leg; customs charges when a leg carries one). An invoice
is numbered without gaps in its issuer's series (``INV-000001``, ``INV-000002`` …) and never
changes once issued; a cancellation is answered by a **credit note** in the issuer's own series
(``CRN-000001`` …) that names the invoice it credits. How much has been paid is not stored on the
invoice: it is the sum of the bank notifications matched to it (:func:`settlement`).

An invoice is in the currency its booking was agreed in: a quoted booking's lines are converted
with the rates frozen with its quote, and each converted line keeps its tariff amount
(``charged``) and that conversion (:attr:`Invoice.conversions` lists them), so the invoice
states the rates and days it used.

Tax: none by default — international carriage of goods is zero-rated or outside the scope of VAT
in the corridor's countries, so every line carries category ``O`` ("services outside the scope of
tax") at rate 0; :data:`NO_TAX` is the one place this rule lives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from landsea.domain.access import Action, grant
from landsea.domain.access import Grant as _Grant
from landsea.domain.booking import Booking, Principal, Role
from landsea.domain.money import Money
from landsea.domain.rates import Conversion
from landsea.domain.timetable import Service
from landsea.units import ServiceId

__all__ = [
    "NO_TAX",
    "Invoice",
    "InvoiceKind",
    "InvoiceLine",
    "LineKind",
    "Settlement",
    "Tax",
    "may_import_payments",
    "may_issue_invoice",
    "may_read_invoice",
    "number_of",
    "settlement",
]


class InvoiceKind(StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"

    @property
    def series(self) -> str:
        """The issuer's number series of this kind (each numbered 1, 2, 3 … without gaps)."""
        return "INV" if self is InvoiceKind.INVOICE else "CRN"


def number_of(kind: InvoiceKind, sequence: int) -> str:
    """The document number of the ``sequence``-th document of ``kind`` of an issuer.

    >>> number_of(InvoiceKind.INVOICE, 7), number_of(InvoiceKind.CREDIT_NOTE, 12)
    ('INV-000007', 'CRN-000012')
    """
    return f"{kind.series}-{sequence:06d}"


class LineKind(StrEnum):
    FREIGHT = "freight"
    HANDLING = "handling"
    CUSTOMS = "customs"
    ADJUSTMENT = "adjustment"


@dataclass(frozen=True, slots=True, kw_only=True)
class Tax:
    """A tax category (UN/ECE 5305 code), its rate in percent and why it applies."""

    category: str
    percent: Decimal
    reason: str


NO_TAX: Final = Tax(
    category="O",
    percent=Decimal("0"),
    reason="International carriage of goods: outside the scope of VAT (zero tax)",
)
"""The tax of every line landsea invoices (see the module's note)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class InvoiceLine:
    """One charge: what it is for (English and Chinese), how many units at what price."""

    kind: LineKind
    description_en: str
    description_zh: str
    quantity: int
    unit_price: Money
    amount: Money
    leg: int | None = None
    """The booking leg it charges for (0-based), if any."""
    charged: Money | None = None
    """The charge in its tariff's own currency, when ``amount`` was converted from it."""
    conversion: Conversion | None = None
    """The booking's frozen conversion that made ``amount`` of ``charged`` (its rates and days)."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Invoice:
    """An issued invoice or credit note (immutable: nothing updates it once stored)."""

    id: str
    number: str
    kind: InvoiceKind
    issuer_id: str
    customer_id: str
    booking_id: str
    currency: str
    lines: tuple[InvoiceLine, ...]
    tax: Tax
    issued_at: dt.datetime
    issue_date: dt.date
    """The day of issue at the issuer's place (the date printed on the invoice)."""
    credits: str | None = None
    """For a credit note: the id of the invoice it credits."""
    credits_number: str | None = None
    reason: str | None = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Invoice) and other.id == self.id

    def __hash__(self) -> int:
        return hash(("Invoice", self.id))

    def __repr__(self) -> str:
        return f"Invoice(id={self.id!r}, number={self.number!r})"

    @property
    def conversions(self) -> tuple[Conversion, ...]:
        """The conversions its lines used (one a tariff currency), in the order first used."""
        used: dict[str, Conversion] = {}
        for line in self.lines:
            if line.conversion is not None:
                used.setdefault(line.conversion.source, line.conversion)
        return tuple(used.values())

    @property
    def net(self) -> Money:
        total = Money(Decimal("0"), self.currency)
        for line in self.lines:
            total = total + line.amount
        return total.rounded()

    @property
    def tax_amount(self) -> Money:
        return (self.net * (self.tax.percent / 100)).rounded()

    @property
    def total(self) -> Money:
        return (self.net + self.tax_amount).rounded()


class Settlement(StrEnum):
    """Where an invoice stands with its payments and credit notes."""

    UNPAID = "unpaid"
    PART_PAID = "part_paid"
    PAID = "paid"
    OVER_PAID = "over_paid"
    CREDITED = "credited"


def settlement(total: Money, received: Money, *, credited: bool) -> Settlement:
    """An invoice's state from its total, what was received against it and whether a credit
    note cancelled it (what is due is then nothing; a payment received is over-paid).

    >>> cny = lambda a: Money(Decimal(a), "CNY")
    >>> settlement(cny("100.00"), cny("0"), credited=False)
    <Settlement.UNPAID: 'unpaid'>
    >>> settlement(cny("100.00"), cny("40.00"), credited=False)
    <Settlement.PART_PAID: 'part_paid'>
    >>> settlement(cny("100.00"), cny("100"), credited=False)
    <Settlement.PAID: 'paid'>
    >>> settlement(cny("100.00"), cny("100.01"), credited=False)
    <Settlement.OVER_PAID: 'over_paid'>
    >>> settlement(cny("100.00"), cny("0"), credited=True)
    <Settlement.CREDITED: 'credited'>
    """
    if received.currency != total.currency:
        raise ValueError(f"received {received.currency} against a {total.currency} invoice")
    due = Decimal("0") if credited else total.amount
    if received.amount == 0:
        return Settlement.CREDITED if credited else Settlement.UNPAID
    if received.amount < due:
        return Settlement.PART_PAID
    return Settlement.PAID if received.amount == due else Settlement.OVER_PAID


# -- who may: the "own" of the rules table for invoices (landsea.domain.access.RULES) -----------
# An operator owns the invoices it issued (and issues them for bookings with a leg on its
# services); a shipper the invoices addressed to it; payments are imported by the operator whose
# bank account they reached, and matched only to its own invoices.


def _granted(principal: Principal, action: Action, own: bool) -> bool:
    given = grant(principal, action)
    return given is _Grant.ALL or (given is _Grant.OWN and own)


def may_issue_invoice(
    principal: Principal, booking: Booking, services: Mapping[ServiceId, Service]
) -> bool:
    """An operator invoices bookings with a leg on its services."""
    runs = (services.get(ServiceId(leg.service_id)) for leg in booking.legs)
    own = any(s is not None and principal.operates(s.operator) for s in runs)
    return _granted(principal, Action.ISSUE_INVOICE, own)


def may_read_invoice(principal: Principal, issuer_id: str, customer_id: str) -> bool:
    """The issuing operator, the customer it is addressed to; admins all."""
    if principal.role is Role.OPERATOR:
        own = issuer_id == principal.organisation_id
    else:
        own = customer_id == principal.organisation_id
    return _granted(principal, Action.READ_INVOICE, own)


def may_import_payments(principal: Principal) -> bool:
    """An operator imports its bank's notifications (matched to its own invoices only)."""
    return _granted(principal, Action.ISSUE_INVOICE, own=True)
