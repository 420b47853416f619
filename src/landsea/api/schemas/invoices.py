"""Invoices, credit notes and payment imports: request bodies and what the API answers."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from landsea.api.schemas.common import MoneyPublic, Name, StrictModel
from landsea.api.schemas.rates import ConversionPublic
from landsea.domain.money import Money
from landsea.services.invoices import InvoiceView
from landsea.services.payments import ImportReport

__all__ = [
    "CreditNoteCreate",
    "InvoiceCreate",
    "InvoiceLinePublic",
    "InvoicePublic",
    "PartyPublic",
    "PaymentCreditPublic",
    "PaymentImportCreate",
    "PaymentImportPublic",
    "SkippedEntryPublic",
    "TaxPublic",
]


def _money(money: Money) -> MoneyPublic:
    return MoneyPublic.model_validate(money.rounded())


class InvoiceCreate(StrictModel):
    booking_id: str = Field(min_length=1, max_length=36, description="A confirmed booking.")


class CreditNoteCreate(StrictModel):
    reason: str | None = Field(
        default=None, max_length=500, description="Required unless the booking was cancelled."
    )


class PaymentImportCreate(StrictModel):
    file_name: str = Field(default="camt.054.xml", min_length=1, max_length=200)
    document: str = Field(
        min_length=1, max_length=5_000_000, description="The ISO 20022 camt.054.001.13 XML text."
    )


class PartyPublic(BaseModel):
    id: str
    name: str


class InvoiceLinePublic(BaseModel):
    kind: str = Field(description="freight, handling, customs or adjustment")
    description: Name
    quantity: int
    unit_price: MoneyPublic
    amount: MoneyPublic
    leg: int | None = Field(description="The booking leg it charges for (0-based).")
    charged: MoneyPublic | None = Field(
        description="The charge in its tariff's own currency, when `amount` was converted from it."
    )
    conversion: ConversionPublic | None = Field(
        description="The booking's frozen conversion that made `amount` (rates, days, sources)."
    )


class TaxPublic(BaseModel):
    category: str = Field(description="UN/ECE 5305 tax category (O: outside the scope of tax).")
    percent: float
    reason: str
    amount: MoneyPublic


class InvoicePublic(BaseModel):
    id: str
    number: str = Field(description="Gapless per issuer: INV-000001 …, credit notes CRN-000001 …")
    kind: str = Field(description="invoice or credit_note")
    issuer: PartyPublic
    customer: PartyPublic
    booking_id: str
    credits: str | None = Field(description="For a credit note: the number of the invoice.")
    credit_note: str | None = Field(description="For an invoice: the credit note cancelling it.")
    reason: str | None
    issue_date: dt.date
    issued_at: dt.datetime
    lines: list[InvoiceLinePublic]
    conversions: list[ConversionPublic] = Field(
        description="The reference rates the lines were converted with: those frozen with the "
        "booking's quote (none for an invoice in CNY of a booking without a quote)."
    )
    net: MoneyPublic
    tax: TaxPublic
    total: MoneyPublic
    received: MoneyPublic
    settlement: str | None = Field(description="unpaid, part_paid, paid, over_paid or credited")

    @classmethod
    def of(cls, view: InvoiceView) -> InvoicePublic:
        invoice = view.invoice
        return cls(
            id=invoice.id, number=invoice.number, kind=invoice.kind.value,
            issuer=PartyPublic(id=invoice.issuer_id, name=view.issuer_name),
            customer=PartyPublic(id=invoice.customer_id, name=view.customer_name),
            booking_id=invoice.booking_id, credits=invoice.credits_number,
            credit_note=view.credit_note, reason=invoice.reason, issue_date=invoice.issue_date,
            issued_at=invoice.issued_at,
            lines=[
                InvoiceLinePublic(kind=line.kind.value,
                                  description=Name(en=line.description_en, zh=line.description_zh),
                                  quantity=line.quantity, unit_price=_money(line.unit_price),
                                  amount=_money(line.amount), leg=line.leg,
                                  charged=None if line.charged is None else _money(line.charged),
                                  conversion=None if line.conversion is None
                                  else ConversionPublic.model_validate(line.conversion))
                for line in invoice.lines
            ],
            conversions=[ConversionPublic.model_validate(c) for c in invoice.conversions],
            net=_money(invoice.net),
            tax=TaxPublic(category=invoice.tax.category, percent=float(invoice.tax.percent),
                          reason=invoice.tax.reason, amount=_money(invoice.tax_amount)),
            total=_money(invoice.total), received=_money(view.received),
            settlement=None if view.settlement is None else view.settlement.value,
        )  # fmt: skip


class PaymentCreditPublic(BaseModel):
    bank_reference: str
    amount: MoneyPublic
    outcome: str = Field(description="matched, unmatched or duplicate")
    reason: str
    invoice_id: str | None
    invoice_number: str | None
    settlement: str | None = Field(description="Where the matched invoice stands now.")


class SkippedEntryPublic(BaseModel):
    entry: str
    reason: str


class PaymentImportPublic(BaseModel):
    id: str
    message_id: str
    file_name: str
    imported_at: dt.datetime
    credits: list[PaymentCreditPublic]
    skipped: list[SkippedEntryPublic]

    @classmethod
    def of(cls, report: ImportReport) -> PaymentImportPublic:
        return cls(
            id=report.id, message_id=report.message_id, file_name=report.file_name,
            imported_at=report.imported_at,
            credits=[
                PaymentCreditPublic(
                    bank_reference=c.bank_reference,
                    amount=_money(Money(c.amount, c.currency)), outcome=c.outcome,
                    reason=c.reason, invoice_id=c.invoice_id, invoice_number=c.invoice_number,
                    settlement=c.settlement,
                )
                for c in report.credits
            ],
            skipped=[SkippedEntryPublic(entry=s.entry, reason=s.reason) for s in report.skipped],
        )  # fmt: skip
