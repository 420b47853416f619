"""Invoices and credit notes as OASIS UBL 2.1 ``Invoice`` / ``CreditNote`` XML.

The elements follow the schema's order (checked against the vendored official XSDs,
:mod:`landsea.services.invoice_xsd`). Amounts carry the invoice's currency and its decimals; a
credit note names the invoice it credits in ``BillingReference/InvoiceDocumentReference``; the
tax is the one rule of :data:`landsea.domain.invoice.NO_TAX` (category ``O``, 0 %). A line
converted from its tariff's currency says the tariff amount in its ``Note`` and the booking's
frozen rate in ``Price/PricingExchangeRate``; the document's notes state every conversion with
its rates, days and sources.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from landsea.domain.invoice import Invoice, InvoiceKind
from landsea.domain.money import Money
from landsea.domain.rates import Conversion
from landsea.services.invoices import InvoiceView

__all__ = ["rates_note", "ubl"]

_ROOT = "urn:oasis:names:specification:ubl:schema:xsd:{}-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
ET.register_namespace("cac", CAC)
ET.register_namespace("cbc", CBC)


def _cbc(parent: ET.Element, name: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{CBC}}}{name}", attributes)
    element.text = text
    return element


def _cac(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{CAC}}}{name}")


def _amount(parent: ET.Element, name: str, money: Money) -> None:
    _cbc(parent, name, f"{money.rounded().amount:f}", currencyID=money.currency)


def _party(parent: ET.Element, role: str, organisation_id: str, name: str) -> None:
    party = _cac(_cac(parent, role), "Party")
    _cbc(_cac(party, "PartyIdentification"), "ID", organisation_id)
    _cbc(_cac(party, "PartyName"), "Name", name)


def _tax(parent: ET.Element, invoice: Invoice) -> None:
    total = _cac(parent, "TaxTotal")
    _amount(total, "TaxAmount", invoice.tax_amount)
    sub = _cac(total, "TaxSubtotal")
    _amount(sub, "TaxableAmount", invoice.net)
    _amount(sub, "TaxAmount", invoice.tax_amount)
    category = _cac(sub, "TaxCategory")
    _cbc(category, "ID", invoice.tax.category)
    _cbc(category, "Percent", f"{invoice.tax.percent:f}")
    _cbc(category, "TaxExemptionReason", invoice.tax.reason)
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")


def _totals(parent: ET.Element, invoice: Invoice) -> None:
    totals = _cac(parent, "LegalMonetaryTotal")
    _amount(totals, "LineExtensionAmount", invoice.net)
    _amount(totals, "TaxExclusiveAmount", invoice.net)
    _amount(totals, "TaxInclusiveAmount", invoice.total)
    _amount(totals, "PayableAmount", invoice.total)


def rates_note(conversion: Conversion) -> str:
    """What a conversion states in the invoice's notes: the factor and each rate it used with
    its day and source.

    >>> import datetime as dt
    >>> from decimal import Decimal
    >>> from landsea.domain.rates import Rate
    >>> day = dt.date(2026, 11, 30)
    >>> rates_note(Conversion(source="USD", target="THB", pivot="EUR", factor=Decimal("33.5"),
    ...     rates=(Rate(base="EUR", quote="USD", rate=Decimal("1.12"), day=day, source="ECB"),
    ...            Rate(base="EUR", quote="THB", rate=Decimal("37.52"), day=day, source="ECB")),
    ...     inverted=(True, False)))
    'USD→THB × 33.5 through EUR: EUR/USD 1.12 (ECB, 2026-11-30, inverted); EUR/THB 37.52 (ECB, 2026-11-30)'
    """
    rates = "; ".join(
        f"{rate.pair} {rate.rate:f} ({rate.source}, {rate.day.isoformat()}"
        + (", inverted)" if inverted else ")")
        for rate, inverted in zip(conversion.rates, conversion.inverted, strict=True)
    )
    through = f" through {conversion.pivot}" if conversion.pivot else ""
    return f"{conversion.source}→{conversion.target} × {conversion.factor:f}{through}: {rates}"


def _exchange_rate(parent: ET.Element, conversion: Conversion) -> None:
    """UBL's ``PricingExchangeRate`` of a line's price: source (the tariff's currency) to target
    (the invoice's), the factor multiplied, the day of its oldest rate."""
    rate = _cac(parent, "PricingExchangeRate")
    _cbc(rate, "SourceCurrencyCode", conversion.source)
    _cbc(rate, "TargetCurrencyCode", conversion.target)
    _cbc(rate, "ExchangeMarketID", ", ".join(sorted({r.source for r in conversion.rates})))
    _cbc(rate, "CalculationRate", f"{conversion.factor:f}")
    _cbc(rate, "MathematicOperatorCode", "Multiply")
    if conversion.oldest is not None:
        _cbc(rate, "Date", conversion.oldest.isoformat())


def _lines(parent: ET.Element, invoice: Invoice, credit: bool) -> None:
    for n, line in enumerate(invoice.lines, start=1):
        element = _cac(parent, "CreditNoteLine" if credit else "InvoiceLine")
        _cbc(element, "ID", str(n))
        if line.charged is not None:
            _cbc(element, "Note", f"Tariff {line.charged.amount:f} {line.charged.currency}")
        _cbc(element, "CreditedQuantity" if credit else "InvoicedQuantity", str(line.quantity),
             unitCode="C62")  # fmt: skip
        _amount(element, "LineExtensionAmount", line.amount)
        item = _cac(element, "Item")
        _cbc(item, "Description", line.description_zh, languageID="zh")
        _cbc(item, "Name", line.description_en, languageID="en")
        _cbc(_cac(item, "SellersItemIdentification"), "ID", line.kind.value)
        price = _cac(element, "Price")
        _amount(price, "PriceAmount", line.unit_price)
        if line.conversion is not None:
            _exchange_rate(price, line.conversion)


def ubl(view: InvoiceView) -> bytes:
    """The invoice (or credit note) as a UBL 2.1 document, UTF-8 with an XML declaration."""
    invoice = view.invoice
    credit = invoice.kind is InvoiceKind.CREDIT_NOTE
    name = "CreditNote" if credit else "Invoice"
    root = ET.Element(f"{{{_ROOT.format(name)}}}{name}")
    _cbc(root, "UBLVersionID", "2.1")
    _cbc(root, "ID", invoice.number)
    _cbc(root, "UUID", invoice.id)
    _cbc(root, "IssueDate", invoice.issue_date.isoformat())
    _cbc(root, "CreditNoteTypeCode" if credit else "InvoiceTypeCode", "381" if credit else "380")
    if invoice.reason:
        _cbc(root, "Note", invoice.reason)
    for conversion in invoice.conversions:
        _cbc(root, "Note", f"Reference rates frozen with the booking: {rates_note(conversion)}")
    _cbc(root, "DocumentCurrencyCode", invoice.currency)
    _cbc(root, "BuyerReference", invoice.booking_id)
    if credit:
        reference = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(reference, "ID", invoice.credits_number or "")
    else:
        _cbc(_cac(root, "OrderReference"), "ID", invoice.booking_id)
    _party(root, "AccountingSupplierParty", invoice.issuer_id, view.issuer_name)
    _party(root, "AccountingCustomerParty", invoice.customer_id, view.customer_name)
    _tax(root, invoice)
    _totals(root, invoice)
    _lines(root, invoice, credit)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
