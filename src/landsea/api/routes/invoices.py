"""Invoices and credit notes (JSON, UBL 2.1 XML, PDF, ISO 20022 pain.001) and the import of bank
notifications (ISO 20022 camt.054) reconciled to them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from landsea.api.deps import Caller, PlatformDep
from landsea.api.problems import problems
from landsea.api.schemas import (
    CreditNoteCreate,
    InvoiceCreate,
    InvoicePublic,
    Page,
    PaymentImportCreate,
    PaymentImportPublic,
)
from landsea.services import invoices as use_cases
from landsea.services import payments
from landsea.services.invoice_pdf import invoice_pdf
from landsea.services.invoice_ubl import ubl
from landsea.services.payment_pain001 import pain001

router = APIRouter(tags=["invoices and payments"])
_ONE = "/invoices/{invoice_id}"


def _file(media: str, what: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": what, "content": {media: {"schema": {"type": "string"}}}}}


def _download(body: bytes, media: str, name: str) -> Response:
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


@router.post("/invoices", response_model=InvoicePublic, status_code=201, responses=problems(409))
def issue(
    platform: PlatformDep, caller: Caller, body: InvoiceCreate, response: Response
) -> InvoicePublic:
    """The operator invoices the legs it runs of a confirmed booking (numbered without gaps)."""
    view = use_cases.issue_invoice(platform, caller, body.booking_id)
    response.headers["Location"] = f"/api/v1/invoices/{view.invoice.id}"
    return InvoicePublic.of(view)


@router.get("/invoices", response_model=Page[InvoicePublic])
def list_invoices(
    platform: PlatformDep, caller: Caller, booking_id: str | None = None
) -> Page[InvoicePublic]:
    """The invoices the caller may read: an operator its own, a shipper those addressed to it."""
    found = use_cases.list_invoices(platform, caller, booking_id=booking_id)
    return Page(data=[InvoicePublic.of(v) for v in found], count=len(found))


@router.get(_ONE, response_model=InvoicePublic)
def get_invoice(platform: PlatformDep, caller: Caller, invoice_id: str) -> InvoicePublic:
    """One invoice or credit note, with what was received against it."""
    return InvoicePublic.of(use_cases.get_invoice(platform, caller, invoice_id))


@router.post(
    _ONE + "/credit-note", response_model=InvoicePublic, status_code=201, responses=problems(409)
)
def credit_note(
    platform: PlatformDep, caller: Caller, invoice_id: str, body: CreditNoteCreate,
    response: Response,
) -> InvoicePublic:  # fmt: skip
    """The issuer cancels the invoice in full with a credit note in its own number series."""
    view = use_cases.issue_credit_note(platform, caller, invoice_id, body.reason)
    response.headers["Location"] = f"/api/v1/invoices/{view.invoice.id}"
    return InvoicePublic.of(view)


@router.get(_ONE + "/ubl.xml", response_class=Response,
            responses=_file("application/xml", "OASIS UBL 2.1 Invoice or CreditNote"))  # fmt: skip
def get_ubl(platform: PlatformDep, caller: Caller, invoice_id: str) -> Response:
    """The invoice as UBL 2.1 XML (valid against the official OASIS schemas)."""
    view = use_cases.get_invoice(platform, caller, invoice_id)
    return _download(ubl(view), "application/xml", f"{view.invoice.number}.xml")


@router.get(_ONE + "/pdf", response_class=Response,
            responses=_file("application/pdf", "The invoice, Chinese and English"))  # fmt: skip
def get_pdf(platform: PlatformDep, caller: Caller, invoice_id: str) -> Response:
    """The invoice as a bilingual PDF."""
    view = use_cases.get_invoice(platform, caller, invoice_id)
    return _download(invoice_pdf(view), "application/pdf", f"{view.invoice.number}.pdf")


@router.get(_ONE + "/pain001.xml", response_class=Response,
            responses={**_file("application/xml", "ISO 20022 pain.001.001.09"), **problems(409)})  # fmt: skip
def get_pain001(platform: PlatformDep, caller: Caller, invoice_id: str) -> Response:
    """A credit transfer initiation for what is still due, its remittance naming the invoice."""
    view = use_cases.get_invoice(platform, caller, invoice_id)
    return _download(pain001(view), "application/xml", f"{view.invoice.number}-pain001.xml")


@router.post("/payments/imports", response_model=PaymentImportPublic, status_code=201)
def import_payments(
    platform: PlatformDep, caller: Caller, body: PaymentImportCreate
) -> PaymentImportPublic:
    """The operator imports its bank's camt.054.001.13 notification; credits are reconciled."""
    document = body.document.encode("utf-8")
    report = payments.import_payments(platform, caller, document, body.file_name)
    return PaymentImportPublic.of(report)


@router.get("/payments/imports", response_model=Page[PaymentImportPublic])
def list_imports(platform: PlatformDep, caller: Caller) -> Page[PaymentImportPublic]:
    """The operator's imports and what each reconciled, newest first."""
    found = [PaymentImportPublic.of(r) for r in payments.imports(platform, caller)]
    return Page(data=found, count=len(found))
