"""Invoices and credit notes (insert and read only: there is no update path), their per-issuer
number counters, and the payments reconciled to them.

:meth:`Invoices.next_number` increments the issuer's counter with one ``UPDATE … RETURNING``:
on PostgreSQL the row lock it takes makes a concurrent issue wait until this transaction ends
(then it reads the committed number); on SQLite the transaction holds the database's write lock
from its start (``BEGIN IMMEDIATE``). The caller stores the invoice in the same transaction, so
a rolled-back issue gives its number back: no gap, no duplicate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from landsea.domain.invoice import Invoice, InvoiceKind, InvoiceLine, LineKind, Tax
from landsea.domain.invoice_payment import Credit, Match
from landsea.domain.money import Money
from landsea.domain.quote import conversion_document, conversion_of
from landsea.persistence.invoice_rows import (
    InvoiceCounterRow,
    InvoiceRow,
    PaymentImportRow,
    PaymentRow,
)
from landsea.persistence.repositories._sql import is_postgresql

__all__ = ["Invoices", "Payments"]


class Invoices:
    def __init__(self, session: Session) -> None:
        self.session = session

    def next_number(self, issuer_id: str, series: str) -> int:
        """The issuer's next number in ``series`` (1 for its first), its counter row locked until
        the transaction ends."""
        dialect: Any = postgresql if is_postgresql(self.session) else sqlite
        self.session.execute(
            dialect.insert(InvoiceCounterRow)
            .values(issuer_id=issuer_id, series=series, last=0)
            .on_conflict_do_nothing(index_elements=["issuer_id", "series"])
        )
        taken = self.session.execute(
            update(InvoiceCounterRow)
            .where(InvoiceCounterRow.issuer_id == issuer_id, InvoiceCounterRow.series == series)
            .values(last=InvoiceCounterRow.last + 1)
            .returning(InvoiceCounterRow.last)
        )
        return int(taken.scalar_one())

    def add(self, invoice: Invoice) -> None:
        self.session.add(_row(invoice))
        self.session.flush()

    def get(self, invoice_id: str) -> Invoice | None:
        row = self.session.get(InvoiceRow, invoice_id)
        return None if row is None else _invoice(row, self._number(row.credits_id))

    def find(
        self,
        *,
        issuer_id: str | None = None,
        customer_id: str | None = None,
        booking_id: str | None = None,
    ) -> list[Invoice]:
        """Invoices and credit notes, newest first, filtered by whichever of the three is given."""
        query = select(InvoiceRow).order_by(InvoiceRow.issued_at.desc(), InvoiceRow.number.desc())
        if issuer_id is not None:
            query = query.where(InvoiceRow.issuer_id == issuer_id)
        if customer_id is not None:
            query = query.where(InvoiceRow.customer_id == customer_id)
        if booking_id is not None:
            query = query.where(InvoiceRow.booking_id == booking_id)
        rows = list(self.session.scalars(query))
        numbers = {row.id: row.number for row in rows}
        return [_invoice(row, numbers.get(row.credits_id or "")) for row in rows]

    def credit_note_of(self, invoice_id: str) -> Invoice | None:
        row = self.session.scalars(
            select(InvoiceRow).where(InvoiceRow.credits_id == invoice_id)
        ).first()
        return None if row is None else _invoice(row, self._number(invoice_id))

    def by_numbers(self, issuer_id: str) -> dict[str, Invoice]:
        """The issuer's invoices and credit notes by number."""
        return {i.number: i for i in self.find(issuer_id=issuer_id)}

    def _number(self, invoice_id: str | None) -> str | None:
        if invoice_id is None:
            return None
        return self.session.scalar(select(InvoiceRow.number).where(InvoiceRow.id == invoice_id))


class Payments:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_import(
        self, *, id: str, organisation_id: str, message_id: str, file_name: str, report: Any
    ) -> None:
        self.session.add(PaymentImportRow(id=id, organisation_id=organisation_id,
                                          message_id=message_id, file_name=file_name,
                                          report=report))  # fmt: skip
        self.session.flush()

    def set_report(self, import_id: str, report: Any) -> None:
        """The import's report, once its credits are reconciled (imports are not invoices: their
        report is written after the payments that reference them)."""
        row = self.session.get(PaymentImportRow, import_id)
        if row is not None:
            row.report = report
            self.session.flush()

    def seen(self, organisation_id: str, bank_reference: str) -> bool:
        """Whether a credit with this bank reference was imported for the organisation before."""
        found = self.session.scalar(
            select(PaymentRow.id).where(
                PaymentRow.organisation_id == organisation_id,
                PaymentRow.bank_reference == bank_reference,
            )
        )
        return found is not None

    def add(
        self, *, id: str, import_id: str, organisation_id: str, credit: Credit, matched: Match
    ) -> bool:
        """Store a credit and its match; ``False`` (nothing stored) when the organisation has a
        credit with that bank reference already — a concurrent import of the same notification."""
        dialect: Any = postgresql if is_postgresql(self.session) else sqlite
        values = {
            "id": id, "import_id": import_id, "organisation_id": organisation_id,
            "bank_reference": credit.bank_reference, "end_to_end_id": credit.end_to_end_id,
            "references": list(credit.references), "amount": credit.amount.amount,
            "currency": credit.amount.currency, "booked_on": credit.booked_on,
            "invoice_id": None if matched.invoice is None else matched.invoice.id,
            "outcome": matched.outcome.value, "reason": matched.reason,
        }  # fmt: skip
        done = self.session.execute(
            dialect.insert(PaymentRow)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["organisation_id", "bank_reference"])
            .returning(PaymentRow.id)
        )
        return done.scalar() is not None

    def received(self, invoice_ids: Sequence[str]) -> dict[str, Decimal]:
        """The sum of the payments matched to each invoice (absent: none)."""
        if not invoice_ids:
            return {}
        rows = self.session.execute(
            select(PaymentRow.invoice_id, func.sum(PaymentRow.amount))
            .where(PaymentRow.invoice_id.in_(list(invoice_ids)))
            .group_by(PaymentRow.invoice_id)
        )
        return {str(i): Decimal(str(total)) for i, total in rows}

    def imports(self, organisation_id: str | None) -> list[dict[str, Any]]:
        """The imports' reports, newest first (every organisation's when ``None``)."""
        query = select(PaymentImportRow).order_by(PaymentImportRow.imported_at.desc())
        if organisation_id is not None:
            query = query.where(PaymentImportRow.organisation_id == organisation_id)
        return [dict(row.report, id=row.id) for row in self.session.scalars(query)]


# -- mapping --------------------------------------------------------------------------------------


def _money(value: str, currency: str) -> Money:
    return Money(Decimal(value), currency)


def _line(line: InvoiceLine) -> dict[str, Any]:
    document: dict[str, Any] = {
        "kind": line.kind.value, "en": line.description_en, "zh": line.description_zh,
        "quantity": line.quantity, "unit_price": str(line.unit_price.amount),
        "amount": str(line.amount.amount), "leg": line.leg,
    }  # fmt: skip
    if line.charged is not None:
        document["charged"] = {"amount": str(line.charged.amount),
                               "currency": line.charged.currency}  # fmt: skip
    if line.conversion is not None:
        document["conversion"] = conversion_document(line.conversion)
    return document


def _lines(invoice: Invoice) -> list[dict[str, Any]]:
    return [_line(line) for line in invoice.lines]


def _line_of(line: dict[str, Any], currency: str) -> InvoiceLine:
    """A stored line (an invoice issued before lines were converted has neither ``charged``
    nor ``conversion``)."""
    charged = line.get("charged")
    conversion = line.get("conversion")
    return InvoiceLine(
        kind=LineKind(line["kind"]), description_en=line["en"], description_zh=line["zh"],
        quantity=int(line["quantity"]), unit_price=_money(line["unit_price"], currency),
        amount=_money(line["amount"], currency), leg=line["leg"],
        charged=None if charged is None else _money(charged["amount"], charged["currency"]),
        conversion=None if conversion is None else conversion_of(conversion),
    )  # fmt: skip


def _row(invoice: Invoice) -> InvoiceRow:
    return InvoiceRow(
        id=invoice.id, number=invoice.number, kind=invoice.kind.value,
        issuer_id=invoice.issuer_id, customer_id=invoice.customer_id,
        booking_id=invoice.booking_id, credits_id=invoice.credits, currency=invoice.currency,
        total_amount=invoice.total.amount, tax_category=invoice.tax.category,
        tax_percent=invoice.tax.percent, tax_reason=invoice.tax.reason, lines=_lines(invoice),
        issued_at=invoice.issued_at, issue_date=invoice.issue_date, reason=invoice.reason,
    )  # fmt: skip


def _invoice(row: InvoiceRow, credits_number: str | None) -> Invoice:
    currency = row.currency
    lines = tuple(_line_of(line, currency) for line in row.lines)
    issue_date = row.issue_date
    if isinstance(issue_date, dt.datetime):
        issue_date = issue_date.date()
    return Invoice(
        id=row.id, number=row.number, kind=InvoiceKind(row.kind), issuer_id=row.issuer_id,
        customer_id=row.customer_id, booking_id=row.booking_id, currency=currency, lines=lines,
        tax=Tax(category=row.tax_category, percent=Decimal(str(row.tax_percent)),
                reason=row.tax_reason),
        issued_at=row.issued_at, issue_date=issue_date, credits=row.credits_id,
        credits_number=credits_number, reason=row.reason,
    )  # fmt: skip
