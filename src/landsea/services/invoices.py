"""Invoices and credit notes: issue (numbered without gaps per issuer), read, list.

Each issue is one transaction: the rules (:mod:`landsea.domain.access`,
:mod:`landsea.domain.invoice`), the issuer's next number (a counter row locked until the
transaction ends, :meth:`landsea.persistence.repositories.Invoices.next_number`) and the insert.
Nothing updates an invoice afterwards (the database refuses it); a credit note cancels one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace
from decimal import Decimal

from landsea.domain import access
from landsea.domain import invoice as rules
from landsea.domain.booking import Booking, BookingStatus, Principal, Role
from landsea.domain.invoice import NO_TAX, Invoice, InvoiceKind, Settlement, number_of, settlement
from landsea.domain.money import Money
from landsea.errors import Conflict, InvalidInput, InvalidStateTransition
from landsea.persistence.database import UnitOfWork
from landsea.services.invoice_lines import charges, invoice_currency
from landsea.services.platform import Platform
from landsea.units import LocationCode

__all__ = [
    "InvoiceView",
    "get_invoice",
    "invoiceable_bookings",
    "issue_credit_note",
    "issue_invoice",
    "list_invoices",
    "view_of",
]

INVOICEABLE = frozenset({BookingStatus.CONFIRMED, BookingStatus.COMPLETED})


@dataclass(frozen=True, slots=True, kw_only=True)
class InvoiceView:
    """An invoice as its reader sees it: with the parties' names, what was received against
    it, its credit note (if any) and where that leaves it."""

    invoice: Invoice
    issuer_name: str
    customer_name: str
    received: Money
    credit_note: str | None
    """The number of the credit note that cancels it (for an invoice)."""
    settlement: Settlement | None
    """For an invoice; ``None`` for a credit note."""


def _name(uow: UnitOfWork, organisation_id: str) -> str:
    found = uow.accounts.organisation(organisation_id)
    return organisation_id if found is None else found.name


def view_of(uow: UnitOfWork, invoice: Invoice) -> InvoiceView:
    """``invoice`` with its names, payments and credit note (in the caller's transaction)."""
    received = Money(uow.payments.received([invoice.id]).get(invoice.id, Decimal("0")),
                     invoice.currency)  # fmt: skip
    credit = None
    state = None
    if invoice.kind is InvoiceKind.INVOICE:
        note = uow.invoices.credit_note_of(invoice.id)
        credit = None if note is None else note.number
        state = settlement(invoice.total, received, credited=note is not None)
    return InvoiceView(
        invoice=invoice, issuer_name=_name(uow, invoice.issuer_id),
        customer_name=_name(uow, invoice.customer_id), received=received, credit_note=credit,
        settlement=state,
    )  # fmt: skip


def _issue_date(platform: Platform, booking: Booking, now: dt.datetime) -> dt.date:
    """The day at the booking's origin (the place's local time, as every time landsea gives)."""
    place = (
        platform.network.locations.get(LocationCode(booking.legs[0].origin))
        if booking.legs
        else None
    )
    return (now if place is None else place.local(now)).date()


def _store(uow: UnitOfWork, platform: Platform, booking: Booking, draft: Invoice) -> InvoiceView:
    """Number ``draft`` in its issuer's series (the counter locked until the transaction ends),
    date it at the booking's origin and store it."""
    sequence = uow.invoices.next_number(draft.issuer_id, draft.kind.series)
    now = dt.datetime.now(dt.UTC)
    invoice = replace(draft, number=number_of(draft.kind, sequence), issued_at=now,
                      issue_date=_issue_date(platform, booking, now))  # fmt: skip
    uow.invoices.add(invoice)
    return view_of(uow, invoice)


def _invoiceable(
    uow: UnitOfWork, platform: Platform, principal: Principal, booking_id: str
) -> Booking:
    """The booking, locked, if ``principal`` may invoice it now."""
    services = platform.network.services
    booking = uow.bookings.get(booking_id, lock=True)
    seen = booking is not None and access.may_read_booking(principal, booking, services)
    subject = f"booking {booking_id!r}"
    access.check(seen, principal, access.Action.READ_BOOKING, subject, hide=True)
    assert booking is not None
    allowed = rules.may_issue_invoice(principal, booking, services)
    access.check(allowed, principal, access.Action.ISSUE_INVOICE, subject)
    if booking.status not in INVOICEABLE:
        raise InvalidStateTransition(
            f"booking {booking_id!r} is {booking.status.value}: only a confirmed booking is invoiced"
        )
    for earlier in uow.invoices.find(issuer_id=principal.organisation_id, booking_id=booking_id):
        if earlier.kind is InvoiceKind.INVOICE and uow.invoices.credit_note_of(earlier.id) is None:
            raise Conflict(
                f"booking {booking_id!r} has invoice {earlier.number!r}; issue a credit note "
                "for it before invoicing the booking again"
            )
    return booking


def issue_invoice(platform: Platform, principal: Principal, booking_id: str) -> InvoiceView:
    """The operator invoices the legs it runs of a confirmed booking (one live invoice each), in
    the currency of the booking's frozen quote with its frozen rates, else in CNY
    (:mod:`landsea.services.invoice_lines`)."""
    with platform.uow() as uow:
        booking = _invoiceable(uow, platform, principal, booking_id)
        lines = charges(platform.network, booking, principal)
        if not lines:
            raise InvalidStateTransition(
                f"booking {booking_id!r}: nothing to invoice on the legs that "
                f"{principal.name!r} runs"
            )
        draft = Invoice(
            id=str(uuid.uuid4()), number="", kind=InvoiceKind.INVOICE,
            issuer_id=principal.organisation_id, customer_id=booking.organisation_id,
            booking_id=booking_id, currency=invoice_currency(booking), lines=tuple(lines), tax=NO_TAX,
            issued_at=dt.datetime.now(dt.UTC), issue_date=dt.date.today(),
        )  # fmt: skip
        return _store(uow, platform, booking, draft)


def _reason(reason: str | None, booking: Booking) -> str:
    """The credit note's reason: given, or — for a cancelled booking only — that it was."""
    given = (reason or "").strip()
    if len(given) > 500:
        raise InvalidInput(f"reason has {len(given)} characters; at most 500 are allowed")
    if given:
        return given
    if booking.status is not BookingStatus.CANCELLED:
        raise InvalidInput(
            f"reason is required: booking {booking.id!r} is {booking.status.value}, not cancelled"
        )
    return f"booking {booking.id} cancelled"


def issue_credit_note(
    platform: Platform, principal: Principal, invoice_id: str, reason: str | None = None
) -> InvoiceView:
    """The issuer cancels an invoice in full with a credit note in its own series; the reason
    is required unless the booking was cancelled."""
    with platform.uow() as uow:
        invoice = _readable(uow, principal, invoice_id)
        booking = uow.bookings.get(invoice.booking_id)
        access.check(
            booking is not None
            and rules.may_issue_invoice(principal, booking, platform.network.services)
            and invoice.issuer_id == principal.organisation_id,
            principal, access.Action.ISSUE_INVOICE, f"invoice {invoice_id!r}",
        )  # fmt: skip
        assert booking is not None
        if invoice.kind is not InvoiceKind.INVOICE:
            raise InvalidInput(f"invoice_id {invoice_id!r} is a credit note, not an invoice")
        earlier = uow.invoices.credit_note_of(invoice.id)
        if earlier is not None:
            raise Conflict(f"invoice {invoice.number!r} is credited already by {earlier.number!r}")
        draft = replace(invoice, id=str(uuid.uuid4()), kind=InvoiceKind.CREDIT_NOTE,
                        credits=invoice.id, credits_number=invoice.number,
                        reason=_reason(reason, booking))  # fmt: skip
        return _store(uow, platform, booking, draft)


def _readable(uow: UnitOfWork, principal: Principal, invoice_id: str) -> Invoice:
    invoice = uow.invoices.get(invoice_id)
    access.check(
        invoice is not None
        and rules.may_read_invoice(principal, invoice.issuer_id, invoice.customer_id),
        principal, access.Action.READ_INVOICE, f"invoice {invoice_id!r}", hide=True,
    )  # fmt: skip
    assert invoice is not None
    return invoice


def get_invoice(platform: Platform, principal: Principal, invoice_id: str) -> InvoiceView:
    """An invoice or credit note the caller may read."""
    with platform.uow(read_only=True) as uow:
        return view_of(uow, _readable(uow, principal, invoice_id))


def list_invoices(
    platform: Platform, principal: Principal, *, booking_id: str | None = None
) -> list[InvoiceView]:
    """What the caller may read: an operator the invoices it issued, a shipper those addressed
    to it, an admin all; newest first."""
    action = access.Action.READ_INVOICE
    access.check(access.may_ever(principal, action), principal, action)
    with platform.uow(read_only=True) as uow:
        if access.grant(principal, action) is access.Grant.ALL:
            found = uow.invoices.find(booking_id=booking_id)
        elif principal.role is Role.OPERATOR:
            found = uow.invoices.find(issuer_id=principal.organisation_id, booking_id=booking_id)
        else:
            found = uow.invoices.find(customer_id=principal.organisation_id, booking_id=booking_id)
        return [view_of(uow, invoice) for invoice in found]


def invoiceable_bookings(platform: Platform, principal: Principal) -> list[Booking]:
    """The confirmed bookings the operator runs a leg of and has no live invoice for (what its
    Invoices page offers to invoice), newest first."""
    services = platform.network.services
    if not access.may_ever(principal, access.Action.ISSUE_INVOICE):
        return []
    scope = access.booking_scope(principal, access.Action.READ_BOOKING, services)
    organisation, runs = scope or (principal.organisation_id, None)
    with platform.uow(read_only=True) as uow:
        found = uow.bookings.find(
            organisation_id=organisation,
            service_ids=None if runs is None else sorted(runs),
            after=None,
            limit=200,
        )
        issued = uow.invoices.find(issuer_id=principal.organisation_id)
        credited = {i.credits for i in issued if i.credits}
        live = {
            i.booking_id for i in issued if i.kind is InvoiceKind.INVOICE and i.id not in credited
        }
    ready = [b for b in found if b.status in INVOICEABLE and b.id not in live
             and rules.may_issue_invoice(principal, b, services)]  # fmt: skip
    return sorted(ready, key=lambda b: b.created_at, reverse=True)
