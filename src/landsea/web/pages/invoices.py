"""Invoices: a shipper's invoices with their UBL, PDF and pain.001 downloads; an operator's
invoices, the confirmed bookings it may invoice, credit notes, and the import of its bank's
camt.054 notifications with what each reconciled."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from landsea.domain import access
from landsea.domain.booking import Principal
from landsea.errors import LandseaError
from landsea.services import invoices, payments
from landsea.services.invoice_pdf import invoice_pdf
from landsea.services.invoice_ubl import ubl
from landsea.services.invoices import InvoiceView
from landsea.services.payment_pain001 import pain001
from landsea.web.pages.visitor import Visitor, VisitorDep, guarded, redirect, render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
_PAGE = "/invoices"


def _reads(principal: Principal) -> bool:
    return access.may_ever(principal, access.Action.READ_INVOICE)


def _issues(principal: Principal) -> bool:
    return access.may_ever(principal, access.Action.ISSUE_INVOICE)


@router.get(_PAGE)
@guarded
def invoices_page(v: VisitorDep) -> Response:
    principal = v.needs(_reads)
    found = invoices.list_invoices(v.platform, principal)
    issuer = _issues(principal)
    ready = invoices.invoiceable_bookings(v.platform, principal) if issuer else []
    imported = payments.imports(v.platform, principal)[:5] if issuer else []
    return render(v, "invoices.html", "invoices", views=found, issuer=issuer, ready=ready,
                  imported=imported)  # fmt: skip


def _issued(v: Visitor, issue: Callable[[], InvoiceView]) -> Response:
    """Back to the page, saying what was issued or why not."""
    try:
        view = issue()
    except LandseaError as exc:
        return redirect(v, _PAGE, flash=f"error:flash.failed|{exc.message[:300]}")
    return redirect(v, _PAGE, flash=f"ok:flash.invoice_issued|{view.invoice.number}")


@router.post(_PAGE + "/issue")
@guarded
def issue(
    v: VisitorDep,
    csrf: Annotated[str, Form()],
    booking_id: Annotated[str, Form(max_length=36)],
) -> Response:
    principal = v.needs(_issues)
    v.check_csrf(csrf)
    return _issued(v, lambda: invoices.issue_invoice(v.platform, principal, booking_id))


@router.post(_PAGE + "/{invoice_id}/credit-note")
@guarded
def credit(
    v: VisitorDep,
    invoice_id: str,
    csrf: Annotated[str, Form()],
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    principal = v.needs(_issues)
    v.check_csrf(csrf)
    return _issued(v, lambda: invoices.issue_credit_note(v.platform, principal, invoice_id, reason))


@router.post(_PAGE + "/payments")
@guarded
def import_payments(
    v: VisitorDep, csrf: Annotated[str, Form()], file: Annotated[UploadFile, File()]
) -> Response:
    principal = v.needs(_issues)
    v.check_csrf(csrf)
    document = file.file.read(payments.MAX_BYTES + 1)
    try:
        report = payments.import_payments(v.platform, principal, document,
                                          (file.filename or "camt.054.xml")[:200])  # fmt: skip
    except LandseaError as exc:
        return redirect(v, _PAGE, flash=f"error:flash.failed|{exc.message[:300]}")
    matched = sum(c.outcome == "matched" for c in report.credits)
    return redirect(v, _PAGE + "#imports",
                    flash=f"ok:flash.payments_imported|{matched}/{len(report.credits)}")  # fmt: skip


def _download(body: bytes, media: str, name: str) -> Response:
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


@router.get(_PAGE + "/{invoice_id}/ubl.xml")
@guarded
def get_ubl(v: VisitorDep, invoice_id: str) -> Response:
    view = invoices.get_invoice(v.platform, v.needs(_reads), invoice_id)
    return _download(ubl(view), "application/xml", f"{view.invoice.number}.xml")


@router.get(_PAGE + "/{invoice_id}/pdf")
@guarded
def get_pdf(v: VisitorDep, invoice_id: str) -> Response:
    view = invoices.get_invoice(v.platform, v.needs(_reads), invoice_id)
    return _download(invoice_pdf(view), "application/pdf", f"{view.invoice.number}.pdf")


@router.get(_PAGE + "/{invoice_id}/pain001.xml")
@guarded
def get_pain001(v: VisitorDep, invoice_id: str) -> Response:
    view = invoices.get_invoice(v.platform, v.needs(_reads), invoice_id)
    return _download(pain001(view), "application/xml", f"{view.invoice.number}-pain001.xml")
