"""Tables of invoices, credit notes and the bank notifications reconciled to them (docs/money.md).

- ``invoice_counters``: each issuer's last number per series, taken under a row lock (an UPDATE
  on PostgreSQL, SQLite's write lock) in the transaction that stores the invoice, so that numbers
  have no gap and no duplicate.
- ``invoices``: issued invoices and credit notes; the migration adds triggers that refuse any
  UPDATE or DELETE (immutable once issued), and the repository has no update path.
- ``payment_imports`` and ``payments``: each notification file imported and each credit entry in
  it, with the invoice it was matched to (or none) and why; a bank reference is stored once per
  organisation, so a notification imported twice is recognised as a duplicate.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from landsea.persistence.columns import JsonText, UtcDateTime
from landsea.persistence.tables import Base, _now

__all__ = ["InvoiceCounterRow", "InvoiceRow", "PaymentImportRow", "PaymentRow"]

AMOUNT = Numeric(18, 5)
"""ISO 20022's amounts: at most 18 digits, 5 of them after the point."""


class InvoiceCounterRow(Base):
    """The last number an issuer gave in a series (``INV``, ``CRN``)."""

    __tablename__ = "invoice_counters"

    issuer_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    series: Mapped[str] = mapped_column(String(3), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class InvoiceRow(Base):
    """An issued invoice or credit note (never updated, never deleted)."""

    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("issuer_id", "number", name="uq_invoice_number"),
        UniqueConstraint("credits_id", name="uq_invoice_credit_note"),
        CheckConstraint(
            "(kind = 'invoice' AND credits_id IS NULL) "
            "OR (kind = 'credit_note' AND credits_id IS NOT NULL)",
            name="ck_invoice_kind",
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    number: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(12))
    issuer_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id"), index=True)
    credits_id: Mapped[str | None] = mapped_column(ForeignKey("invoices.id"))
    currency: Mapped[str] = mapped_column(String(3))
    total_amount: Mapped[Decimal] = mapped_column(AMOUNT)
    tax_category: Mapped[str] = mapped_column(String(2))
    tax_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    tax_reason: Mapped[str] = mapped_column(String(200))
    lines: Mapped[Any] = mapped_column(JsonText)
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)
    issue_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)


class PaymentImportRow(Base):
    """One notification file an operator imported."""

    __tablename__ = "payment_imports"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    message_id: Mapped[str] = mapped_column(String(35))
    file_name: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)
    report: Mapped[Any] = mapped_column(JsonText)


class PaymentRow(Base):
    """A credit to the operator's account, matched to one of its invoices or not, and why."""

    __tablename__ = "payments"
    __table_args__ = (
        UniqueConstraint("organisation_id", "bank_reference", name="uq_payment_bank_reference"),
        CheckConstraint("outcome IN ('matched', 'unmatched')", name="ck_payment_outcome"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    import_id: Mapped[str] = mapped_column(ForeignKey("payment_imports.id"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    bank_reference: Mapped[str] = mapped_column(String(200))
    end_to_end_id: Mapped[str | None] = mapped_column(String(35))
    references: Mapped[Any] = mapped_column(JsonText)
    amount: Mapped[Decimal] = mapped_column(AMOUNT)
    currency: Mapped[str] = mapped_column(String(3))
    booked_on: Mapped[dt.date | None] = mapped_column(Date)
    invoice_id: Mapped[str | None] = mapped_column(ForeignKey("invoices.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(Text)
