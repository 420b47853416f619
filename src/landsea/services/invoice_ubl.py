"""Invoices and credit notes as OASIS UBL 2.1 ``Invoice`` / ``CreditNote`` XML.

The elements follow the schema's order (checked against the vendored official XSDs,
:mod:`landsea.services.invoice_xsd`). Amounts carry the invoice's currency and its decimals; a
credit note names the invoice it credits in ``BillingReference/InvoiceDocumentReference``; the
tax is the one rule of :data:`landsea.domain.invoice.NO_TAX` (category ``O``, 0 %).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from landsea.domain.invoice import Invoice, InvoiceKind
from landsea.domain.money import Money
from landsea.services.invoices import InvoiceView

__all__ = ["ubl"]

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


def _lines(parent: ET.Element, invoice: Invoice, credit: bool) -> None:
    for n, line in enumerate(invoice.lines, start=1):
        element = _cac(parent, "CreditNoteLine" if credit else "InvoiceLine")
        _cbc(element, "ID", str(n))
        _cbc(element, "CreditedQuantity" if credit else "InvoicedQuantity", str(line.quantity),
             unitCode="C62")  # fmt: skip
        _amount(element, "LineExtensionAmount", line.amount)
        item = _cac(element, "Item")
        _cbc(item, "Description", line.description_zh, languageID="zh")
        _cbc(item, "Name", line.description_en, languageID="en")
        _cbc(_cac(item, "SellersItemIdentification"), "ID", line.kind.value)
        _amount(_cac(element, "Price"), "PriceAmount", line.unit_price)


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
