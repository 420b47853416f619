"""Transport documents: the holder's, endorsee's, bank's and carrier's Documents page, the
printable PDF, and the public verification page that the PDF's QR code opens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import JSONResponse, Response

from landsea.api.schemas import VerificationPublic, dump
from landsea.domain import access
from landsea.domain.booking import Principal
from landsea.errors import LandseaError
from landsea.services import documents
from landsea.services.document_pdf import FontFiles, document_pdf
from landsea.services.documents import DocumentView
from landsea.web.pages.visitor import HERE, VisitorDep, guarded, redirect, render

__all__ = ["FONTS", "router"]

router = APIRouter(include_in_schema=False)

_FONT_DIR = HERE / "static" / "fonts" / "noto-sans-sc"
FONTS = FontFiles(
    latin=_FONT_DIR / "noto-sans-sc-latin-400-normal.woff2",
    chinese=_FONT_DIR / "noto-sans-sc-chinese-simplified-400-normal.woff2",
    more=(_FONT_DIR / "noto-sans-sc-vietnamese-400-normal.woff2",),
)
"""The shipped Noto Sans SC subsets the PDF embeds."""


def _reads_documents(principal: Principal) -> bool:
    return access.may_ever(principal, access.Action.READ_DOCUMENT)


def _actions(view: DocumentView, me: str) -> list[str]:
    """What the reader may do to the document now (the forms the page shows)."""
    possession, status = view.document.possession, view.document.possession.status.value
    mine = {
        "held": possession.holder_id == me,
        "offered": possession.pending_to == me,
        "pledged": possession.bank_id == me,
        "surrender_requested": view.document.issuer_id == me,
    }
    return (
        {
            "held": ["transfer", "pledge", "surrender"],
            "offered": ["accept", "refuse"],
            "pledged": ["release", "default"],
            "surrender_requested": ["accept_surrender", "refuse_surrender"],
        }.get(status, [])
        if mine.get(status)
        else []
    )


@router.get("/documents")
@guarded
def documents_page(v: VisitorDep) -> Response:
    principal = v.needs(_reads_documents)
    found = documents.list_documents(v.platform, principal)
    me = principal.organisation_id
    incoming = [d for d in found if d.document.possession.pending_to == me]
    rows = [{"view": d, "actions": _actions(d, me)} for d in found]
    return render(v, "documents.html", "documents", rows=rows, incoming=incoming, me=me)


@router.post("/documents/{reference}/act")
@guarded
def act(
    v: VisitorDep,
    reference: str,
    csrf: Annotated[str, Form()],
    action: Annotated[str, Form()],
    to: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    principal = v.needs(_reads_documents)
    v.check_csrf(csrf)
    steps = {
        "transfer": lambda: documents.transfer(v.platform, principal, reference, to),
        "accept": lambda: documents.answer(v.platform, principal, reference, accept=True),
        "refuse": lambda: documents.answer(v.platform, principal, reference, accept=False),
        "pledge": lambda: documents.pledge(v.platform, principal, reference, to),
        "release": lambda: documents.release(v.platform, principal, reference),
        "default": lambda: documents.release(v.platform, principal, reference, default=True),
        "surrender": lambda: documents.surrender(v.platform, principal, reference),
        "accept_surrender": lambda: documents.answer_surrender(
            v.platform, principal, reference, accept=True
        ),
        "refuse_surrender": lambda: documents.answer_surrender(
            v.platform, principal, reference, accept=False
        ),
    }
    if action not in steps:
        return redirect(v, "/documents", flash=f"error:flash.failed|action {action[:40]!r}")
    try:
        steps[action]()
    except LandseaError as exc:
        return redirect(v, "/documents", flash=f"error:flash.failed|{exc.message}")
    return redirect(v, "/documents", flash=f"ok:flash.document_done|{reference}")


@router.get("/documents/{reference}/pdf")
@guarded
def pdf(v: VisitorDep, reference: str) -> Response:
    principal = v.needs(_reads_documents)
    view = documents.get_document(v.platform, principal, reference)
    url = str(v.request.url_for("verify", reference=reference))
    body = document_pdf(view, url, FONTS)
    return Response(body, media_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{reference}.pdf"'})  # fmt: skip


@router.get("/verify/{reference}", name="verify")
@guarded
def verify(v: VisitorDep, reference: str, format: str = "") -> Response:
    """Public: is the document genuine, who holds it, does its history hold (no sign-in)."""
    found = documents.verify_public(v.platform, reference[:40])
    wants_json = format == "json" or "application/json" in v.request.headers.get("accept", "")
    if wants_json:
        return JSONResponse(dump(VerificationPublic.of(found)))
    return render(v, "verify.html", "verify", found=found)
