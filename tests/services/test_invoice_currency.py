"""Invoices in the currency of the booking's frozen quote, on both databases (rolled back): the
frozen rates (never today's), VND without decimals, UBL and pain.001 valid, camt.054 in the
invoice's currency reconciled and in another currency left unmatched."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from dataclasses import replace
from decimal import Decimal

import pytest

from landsea.api.schemas import InvoicePublic
from landsea.domain.invoice import LineKind, Settlement
from landsea.domain.money import Money
from landsea.errors import InvalidStateTransition
from landsea.services import invoices, payments, rates
from landsea.services.invoice_lines import charges
from landsea.services.invoice_pdf import invoice_pdf
from landsea.services.invoice_ubl import CAC, CBC, ubl
from landsea.services.invoice_xsd import problems
from landsea.services.invoices import InvoiceView
from landsea.services.payment_pain001 import NAMESPACE, pain001
from landsea.services.platform import Platform
from tests.services.camt import Entry, Tx, camt054
from tests.services.invoicing import Orgs, book


@pytest.fixture
def orgs(platform: Platform) -> Orgs:
    return Orgs(platform)


def _rates(platform: Platform, usd: str, cny: str, thb: str, vnd: str) -> None:
    day = rates.today()
    text = "base,quote,rate,date,source\n" + "".join(
        f"EUR,{code},{rate},{day},test rates\n"
        for code, rate in (("USD", usd), ("CNY", cny), ("THB", thb), ("VND", vnd))
    )
    rates.import_file(platform, text, name="today.csv")


def _quoted_invoice(platform: Platform, orgs: Orgs, currency: str) -> InvoiceView:
    """A booking quoted in ``currency`` at today's rates, invoiced after other rates of the same
    day replaced them."""
    _rates(platform, usd="1.1172", cny="7.4326", thb="37.683", vnd="29412.5")
    booking = book(platform, orgs.seller, teu=2, currency=currency)
    _rates(platform, usd="2", cny="9", thb="50", vnd="40000")
    view = invoices.issue_invoice(platform, orgs.carrier, booking.id)
    quote = booking.quote
    assert quote is not None and quote.currency == currency
    invoice = view.invoice
    assert invoice.currency == currency
    assert [line.kind for line in invoice.lines] == [
        LineKind.FREIGHT, LineKind.HANDLING, LineKind.FREIGHT,
    ]  # fmt: skip
    assert [line.amount for line in invoice.lines] == [line.converted for line in quote.lines]
    assert [line.charged for line in invoice.lines] == [line.amount for line in quote.lines]
    assert invoice.total == quote.total and invoice.net == quote.total
    assert set(invoice.conversions) == set(quote.conversions)
    return view


def _ubl_amounts(document: bytes) -> list[ET.Element]:
    return [e for e in ET.fromstring(document).iter() if e.get("currencyID") is not None]


def test_a_thb_booking_is_invoiced_in_thb_with_its_frozen_rates(
    platform: Platform, orgs: Orgs
) -> None:
    view = _quoted_invoice(platform, orgs, "THB")
    invoice = view.invoice
    again = invoices.get_invoice(platform, orgs.seller, invoice.id).invoice
    assert again.lines == invoice.lines and again.conversions == invoice.conversions
    public = InvoicePublic.of(view)
    assert public.total.currency == "THB" and public.total.value == invoice.total.text()
    used = {(c.source, r.rate, r.date) for c in public.conversions for r in c.rates}
    assert ("USD", "1.1172", rates.today()) in used and ("CNY", "7.4326", rates.today()) in used
    assert public.lines[0].charged is not None and public.lines[0].charged.currency == "CNY"
    document = ubl(view)
    assert problems("ubl-invoice", document) == []
    root = ET.fromstring(document)
    assert root.findtext(f"{{{CBC}}}DocumentCurrencyCode") == "THB"
    assert {e.get("currencyID") for e in _ubl_amounts(document)} == {"THB"}
    exchange = root.findall(f".//{{{CAC}}}Price/{{{CAC}}}PricingExchangeRate")
    assert {e.findtext(f"{{{CBC}}}SourceCurrencyCode") for e in exchange} == {"CNY", "USD"}
    assert any("EUR/THB 37.683" in (n.text or "") for n in root.findall(f"{{{CBC}}}Note"))
    note = invoices.issue_credit_note(platform, orgs.carrier, invoice.id, "wrong party")
    assert note.invoice.currency == "THB" and note.invoice.total == invoice.total
    assert problems("ubl-credit-note", ubl(note)) == []
    assert {e.get("currencyID") for e in _ubl_amounts(ubl(note))} == {"THB"}


def test_a_vnd_booking_is_invoiced_in_whole_dong(platform: Platform, orgs: Orgs) -> None:
    view = _quoted_invoice(platform, orgs, "VND")
    invoice = view.invoice
    for line in invoice.lines:
        assert line.amount.amount == line.amount.amount.to_integral_value()
        assert line.amount.minor_units() == int(line.amount.amount)
    document = ubl(view)
    assert problems("ubl-invoice", document) == []
    assert all("." not in (e.text or "") for e in _ubl_amounts(document))
    transfer = pain001(view)
    assert problems("pain.001.001.09", transfer) == []
    amount = ET.fromstring(transfer).find(f".//{{{NAMESPACE}}}InstdAmt")
    assert amount is not None and amount.get("Ccy") == "VND"
    assert amount.text == str(invoice.total.minor_units())


def test_camt_in_the_invoices_currency_pays_it_and_another_currency_is_unmatched(
    platform: Platform, orgs: Orgs
) -> None:
    view = _quoted_invoice(platform, orgs, "THB")
    invoice = view.invoice
    transfer = ET.fromstring(pain001(view)).find(f".//{{{NAMESPACE}}}InstdAmt")
    assert transfer is not None and transfer.get("Ccy") == "THB"
    assert problems("pain.001.001.09", pain001(view)) == []
    total = invoice.total.text()
    document = camt054(
        Entry(amount=total, currency="CNY", bank_ref="C1",
              txs=(Tx(amount=total, currency="CNY", invoice=invoice.number),)),
        Entry(amount=total, currency="THB", bank_ref="T1",
              txs=(Tx(amount=total, currency="THB", invoice=invoice.number),)),
    )  # fmt: skip
    assert problems("camt.054.001.13", document) == []
    report = payments.import_payments(platform, orgs.carrier, document, "thb.xml")
    by_ref = {c.bank_reference: c for c in report.credits}
    assert by_ref["C1"].outcome == "unmatched"
    assert f"currency CNY differs from invoice {invoice.number}'s THB" in by_ref["C1"].reason
    assert (by_ref["T1"].outcome, by_ref["T1"].settlement) == ("matched", "paid")
    seen = invoices.get_invoice(platform, orgs.seller, invoice.id)
    assert seen.settlement is Settlement.PAID and seen.received.amount == Decimal(total)


def test_lines_that_no_longer_match_the_frozen_quote_get_an_adjustment_saying_why(
    platform: Platform, orgs: Orgs
) -> None:
    _rates(platform, usd="1.1172", cny="7.4326", thb="37.683", vnd="29412.5")
    booking = book(platform, orgs.seller, currency="THB")
    quote = booking.quote
    assert quote is not None
    agreed = replace(quote, total=quote.total + Money(Decimal("12.34"), "THB"))
    lines = charges(platform.network, replace(booking, quote=agreed), orgs.carrier)
    assert [line.kind for line in lines][-1] is LineKind.ADJUSTMENT
    assert lines[-1].amount == Money(Decimal("12.34"), "THB")
    assert f"quoted on {quote.on.isoformat()}" in lines[-1].description_en
    assert Money.total((line.amount for line in lines), "THB") == agreed.total
    unfrozen = replace(booking, quote=replace(quote, conversions=()))
    with pytest.raises(InvalidStateTransition, match=r"froze no CNY/THB rate"):
        charges(platform.network, unfrozen, orgs.carrier)


def test_the_pdf_states_the_frozen_rates_with_glyphs_for_each_sign(
    platform: Platform, orgs: Orgs, caplog: pytest.LogCaptureFixture
) -> None:
    view = _quoted_invoice(platform, orgs, "THB")
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        document = invoice_pdf(view)
    assert document.startswith(b"%PDF")
    assert not [r.getMessage() for r in caplog.records if "glyph" in r.getMessage().lower()]
