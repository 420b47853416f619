"""Invoices and credit notes through the services, on both databases (rolled back): lines,
numbering per issuer, immutability in the database, credit notes, who may."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from landsea.domain.invoice import InvoiceKind, LineKind, Settlement
from landsea.errors import Conflict, Forbidden, InvalidInput, InvalidStateTransition, NotFound
from landsea.services import invoices
from landsea.services.booking import cancel_booking
from landsea.services.invoice_ubl import CAC, CBC, ubl
from landsea.services.invoice_xsd import problems
from landsea.services.platform import Platform
from tests.services.invoicing import Orgs, book


@pytest.fixture
def orgs(platform: Platform) -> Orgs:
    return Orgs(platform)


def test_an_invoice_charges_each_leg_and_the_handling_and_adds_up_to_the_booking(
    platform: Platform, orgs: Orgs
) -> None:
    booking = book(platform, orgs.seller)
    view = invoices.issue_invoice(platform, orgs.carrier, booking.id)
    invoice = view.invoice
    assert invoice.number == "INV-000001" and invoice.kind is InvoiceKind.INVOICE
    kinds = [line.kind for line in invoice.lines]
    assert kinds.count(LineKind.FREIGHT) == 2 and LineKind.HANDLING in kinds
    assert invoice.total == booking.price.rounded()
    assert invoice.tax_amount.amount == 0 and invoice.tax.category == "O"
    assert view.customer_name == "Chongqing Seller" and view.settlement is Settlement.UNPAID
    again = invoices.get_invoice(platform, orgs.seller, invoice.id).invoice
    assert again.lines == invoice.lines and again.total == invoice.total


def test_numbers_follow_each_other_per_issuer_and_series(platform: Platform, orgs: Orgs) -> None:
    first = invoices.issue_invoice(platform, orgs.carrier, book(platform, orgs.seller).id)
    second = invoices.issue_invoice(platform, orgs.carrier, book(platform, orgs.buyer).id)
    note = invoices.issue_credit_note(platform, orgs.carrier, first.invoice.id, "wrong party")
    third = invoices.issue_invoice(platform, orgs.carrier, first.invoice.booking_id)
    assert [first.invoice.number, second.invoice.number, third.invoice.number] == [
        "INV-000001", "INV-000002", "INV-000003",
    ]  # fmt: skip
    assert note.invoice.number == "CRN-000001" and note.invoice.credits_number == "INV-000001"
    assert invoices.get_invoice(platform, orgs.carrier, first.invoice.id).settlement is (
        Settlement.CREDITED
    )


def test_a_failed_issue_gives_no_number_away(platform: Platform, orgs: Orgs) -> None:
    booking = book(platform, orgs.seller)
    invoices.issue_invoice(platform, orgs.carrier, booking.id)
    with pytest.raises(Conflict, match="has invoice 'INV-000001'"):
        invoices.issue_invoice(platform, orgs.carrier, booking.id)
    assert invoices.issue_invoice(
        platform, orgs.carrier, book(platform, orgs.seller).id
    ).invoice.number == ("INV-000002")


def test_the_database_refuses_to_change_or_delete_an_issued_invoice(
    platform: Platform, orgs: Orgs
) -> None:
    invoice = invoices.issue_invoice(platform, orgs.carrier, book(platform, orgs.seller).id).invoice
    for statement in ("UPDATE invoices SET total_amount = 1 WHERE id = :id",
                      "DELETE FROM invoices WHERE id = :id"):  # fmt: skip
        with pytest.raises(DBAPIError, match="immutable"), platform.uow() as uow:
            uow.session.execute(text(statement), {"id": invoice.id})
    assert invoices.get_invoice(platform, orgs.carrier, invoice.id).invoice.total == invoice.total


def test_a_credit_note_for_a_cancelled_booking_needs_no_reason_and_is_issued_once(
    platform: Platform, orgs: Orgs
) -> None:
    booking = book(platform, orgs.seller)
    invoice = invoices.issue_invoice(platform, orgs.carrier, booking.id).invoice
    with pytest.raises(InvalidInput, match=r"reason is required: booking .* is confirmed"):
        invoices.issue_credit_note(platform, orgs.carrier, invoice.id)
    cancel_booking(platform, orgs.seller, booking.id)
    note = invoices.issue_credit_note(platform, orgs.carrier, invoice.id).invoice
    assert note.reason == f"booking {booking.id} cancelled" and note.total == invoice.total
    with pytest.raises(Conflict, match="credited already by 'CRN-000001'"):
        invoices.issue_credit_note(platform, orgs.carrier, invoice.id, "again")
    with pytest.raises(InvalidInput, match="is a credit note"):
        invoices.issue_credit_note(platform, orgs.carrier, note.id, "of a note")
    with pytest.raises(InvalidStateTransition, match="only a confirmed booking is invoiced"):
        invoices.issue_invoice(platform, orgs.carrier, booking.id)


def test_who_may_issue_and_read(platform: Platform, orgs: Orgs) -> None:
    booking = book(platform, orgs.seller)
    with pytest.raises(Forbidden, match="shipper 'Chongqing Seller' may not"):
        invoices.issue_invoice(platform, orgs.seller, booking.id)
    with pytest.raises(NotFound):
        invoices.issue_invoice(platform, orgs.other, booking.id)
    invoice = invoices.issue_invoice(platform, orgs.carrier, booking.id).invoice
    with pytest.raises(NotFound, match=f"invoice '{invoice.id}' does not exist"):
        invoices.get_invoice(platform, orgs.buyer, invoice.id)
    with pytest.raises(NotFound):
        invoices.get_invoice(platform, orgs.other, invoice.id)
    assert [v.invoice.id for v in invoices.list_invoices(platform, orgs.seller)] == [invoice.id]
    assert invoices.list_invoices(platform, orgs.buyer) == []
    assert invoices.list_invoices(platform, orgs.other) == []
    assert Decimal(0) == invoices.get_invoice(platform, orgs.seller, invoice.id).received.amount


def test_invoices_and_credit_notes_are_valid_ubl_2_1(platform: Platform, orgs: Orgs) -> None:
    booking = book(platform, orgs.seller)
    view = invoices.issue_invoice(platform, orgs.carrier, booking.id)
    note = invoices.issue_credit_note(platform, orgs.carrier, view.invoice.id, "re-rated")
    document = ubl(view)
    assert problems("ubl-invoice", document) == []
    assert problems("ubl-credit-note", ubl(note)) == []
    root = ET.fromstring(document)
    assert root.findtext(f"{{{CBC}}}ID") == "INV-000001"
    payable = root.find(f"{{{CAC}}}LegalMonetaryTotal/{{{CBC}}}PayableAmount")
    assert payable is not None and payable.get("currencyID") == "CNY"
    assert Decimal(payable.text or "") == view.invoice.total.amount
    credited = ET.fromstring(ubl(note)).findtext(
        f"{{{CAC}}}BillingReference/{{{CAC}}}InvoiceDocumentReference/{{{CBC}}}ID"
    )
    assert credited == "INV-000001"
    broken = document.replace(b"<cbc:IssueDate>", b"<cbc:IssueDate>x")
    assert any("IssueDate" in p for p in problems("ubl-invoice", broken))
