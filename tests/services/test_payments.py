"""pain.001 for an invoice and camt.054 reconciliation, on both databases (rolled back): paid,
part-paid, over-paid, unmatched, wrong currency, duplicate notification, skipped entries; every
message valid against the official ISO 20022 schemas."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from landsea.domain.invoice import Settlement
from landsea.errors import Forbidden, InvalidInput, InvalidStateTransition
from landsea.services import invoices, payments
from landsea.services.invoice_xsd import problems
from landsea.services.invoices import InvoiceView
from landsea.services.payment_pain001 import NAMESPACE, pain001
from landsea.services.platform import Platform
from tests.services.camt import Entry, Tx, camt054
from tests.services.invoicing import Orgs, book


@pytest.fixture
def orgs(platform: Platform) -> Orgs:
    return Orgs(platform)


def invoiced(platform: Platform, orgs: Orgs) -> InvoiceView:
    return invoices.issue_invoice(platform, orgs.carrier, book(platform, orgs.seller).id)


def test_the_payers_pain001_is_valid_and_names_the_invoice(platform: Platform, orgs: Orgs) -> None:
    view = invoiced(platform, orgs)
    document = pain001(invoices.get_invoice(platform, orgs.seller, view.invoice.id))
    assert problems("pain.001.001.09", document) == []
    root = ET.fromstring(document)
    ns = {"p": NAMESPACE}
    tx = root.find("p:CstmrCdtTrfInitn/p:PmtInf/p:CdtTrfTxInf", ns)
    assert tx is not None
    assert tx.findtext("p:RmtInf/p:Strd/p:RfrdDocInf/p:Nb", namespaces=ns) == "INV-000001"
    assert tx.findtext("p:PmtId/p:EndToEndId", namespaces=ns) == "INV-000001"
    amount = tx.find("p:Amt/p:InstdAmt", ns)
    assert amount is not None and amount.get("Ccy") == "CNY"
    assert Decimal(amount.text or "") == view.invoice.total.amount


def test_a_camt054_reconciles_paid_part_over_unmatched_currency_and_duplicates(
    platform: Platform, orgs: Orgs
) -> None:
    first, second, third = (invoiced(platform, orgs).invoice for _ in range(3))
    total = first.total.amount
    half = (total / 2).quantize(Decimal("0.01"))
    document = camt054(
        Entry(amount=str(total), bank_ref="B1", txs=(Tx(amount=str(total), invoice=first.number),)),
        Entry(amount=str(half), bank_ref="B2", txs=(Tx(amount=str(half), end_to_end=second.number),)),
        Entry(amount=str(total + 5), bank_ref="B3",
              txs=(Tx(amount=str(total + 5), invoice=third.number),)),
        Entry(amount="10.00", bank_ref="B4", txs=(Tx(amount="10.00", free_text=first.number),)),
        Entry(amount="99.00", currency="USD", bank_ref="B5",
              txs=(Tx(amount="99.00", currency="USD", invoice=second.number),)),
        Entry(amount="7.00", bank_ref="B6", txs=(Tx(amount="7.00", invoice="INV-999999"),)),
        Entry(amount="3.00", credit=False, bank_ref="B7"),
        Entry(amount="3.00", status="PDNG", bank_ref="B8"),
    )  # fmt: skip
    assert problems("camt.054.001.13", document) == []
    report = payments.import_payments(platform, orgs.carrier, document, "day1.xml")
    by_ref = {c.bank_reference: c for c in report.credits}
    assert (by_ref["B1"].outcome, by_ref["B1"].settlement) == ("matched", "paid")
    assert "structured reference INV-000001" in by_ref["B1"].reason
    assert (by_ref["B2"].outcome, by_ref["B2"].settlement) == ("matched", "part_paid")
    assert "end-to-end id INV-000002" in by_ref["B2"].reason
    assert (by_ref["B3"].outcome, by_ref["B3"].settlement) == ("matched", "over_paid")
    assert by_ref["B4"].outcome == "unmatched" and "free text" in by_ref["B4"].reason
    assert by_ref["B5"].outcome == "unmatched"
    assert "currency USD differs from invoice INV-000002's CNY" in by_ref["B5"].reason
    assert "'INV-999999' names no invoice" in by_ref["B6"].reason
    assert [s.reason for s in report.skipped] == [
        "a debit, not a payment received", "status PDNG: not booked yet",
    ]  # fmt: skip
    again = payments.import_payments(platform, orgs.carrier, document, "day1-again.xml")
    assert {c.outcome for c in again.credits} == {"duplicate"}
    seller = orgs.seller
    assert invoices.get_invoice(platform, seller, first.id).settlement is Settlement.PAID
    assert invoices.get_invoice(platform, seller, second.id).received.amount == half
    topped = camt054(
        Entry(amount=str(total - half), bank_ref="B9",
              txs=(Tx(amount=str(total - half), invoice=second.number),)),
        message_id="MSG-2",
    )  # fmt: skip
    assert payments.import_payments(platform, orgs.carrier, topped).credits[0].settlement == "paid"
    with pytest.raises(InvalidStateTransition, match="INV-000002 is paid"):
        pain001(invoices.get_invoice(platform, seller, second.id))
    assert [r.file_name for r in payments.imports(platform, orgs.carrier)][-1] == "day1.xml"


def test_credits_match_only_the_importing_operators_invoices(
    platform: Platform, orgs: Orgs
) -> None:
    invoice = invoiced(platform, orgs).invoice
    document = camt054(Entry(amount="1.00", bank_ref="X1",
                             txs=(Tx(amount="1.00", invoice=invoice.number),)))  # fmt: skip
    report = payments.import_payments(platform, orgs.other, document)
    assert report.credits[0].outcome == "unmatched"
    with pytest.raises(Forbidden):
        payments.import_payments(platform, orgs.seller, document)


def test_an_invalid_or_other_version_file_is_refused_naming_the_problem(
    platform: Platform, orgs: Orgs
) -> None:
    with pytest.raises(InvalidInput, match="not well-formed XML"):
        payments.import_payments(platform, orgs.carrier, b"<Document")
    with pytest.raises(
        InvalidInput, match=r"another camt.054 version: landsea reads camt.054.001.13"
    ):
        payments.import_payments(
            platform, orgs.carrier,
            camt054(Entry(amount="1.00")).replace(b"camt.054.001.13", b"camt.054.001.08"),
        )  # fmt: skip
    broken = camt054(Entry(amount="1.00")).replace(b"<CdtDbtInd>CRDT", b"<CdtDbtInd>CRED")
    with pytest.raises(InvalidInput, match=r"not a valid camt.054.001.13 document: .*CdtDbtInd"):
        payments.import_payments(platform, orgs.carrier, broken)
