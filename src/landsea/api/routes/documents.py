"""Transport documents (一单制): issue for a booking, endorse, answer, pledge, release, surrender;
every party's public signing key."""

from __future__ import annotations

from fastapi import APIRouter, Response

from landsea.api.deps import Caller, PlatformDep
from landsea.api.problems import problems
from landsea.api.schemas import (
    DocumentAnswer,
    DocumentIssue,
    DocumentPledge,
    DocumentPublic,
    DocumentRelease,
    DocumentTransfer,
    Page,
)
from landsea.services import documents as use_cases

router = APIRouter(tags=["transport documents"])
_DOC = "/transport-documents/{reference}"


@router.post(
    "/bookings/{booking_id}/transport-document",
    response_model=DocumentPublic,
    status_code=201,
    responses=problems(409),
)
def issue(
    platform: PlatformDep, caller: Caller, booking_id: str, body: DocumentIssue, response: Response
) -> DocumentPublic:
    """The operator issues the booking's multimodal transport document (DCSA eBL 3.0 shape) to its shipper."""
    view = use_cases.issue_document(platform, caller, booking_id, body.request())
    response.headers["Location"] = f"/api/v1/transport-documents/{view.document.reference}"
    return DocumentPublic.of(view)


@router.get("/transport-documents", response_model=Page[DocumentPublic])
def list_documents(platform: PlatformDep, caller: Caller) -> Page[DocumentPublic]:
    """The documents the caller may read (a bank: those pledged to it)."""
    found = [DocumentPublic.of(v) for v in use_cases.list_documents(platform, caller)]
    return Page(data=found, count=len(found))


@router.get(_DOC, response_model=DocumentPublic)
def get_document(platform: PlatformDep, caller: Caller, reference: str) -> DocumentPublic:
    """One document with its history, verified as it is read."""
    return DocumentPublic.of(use_cases.get_document(platform, caller, reference))


@router.post(_DOC + "/transfers", response_model=DocumentPublic, responses=problems(409))
def transfer(
    platform: PlatformDep, caller: Caller, reference: str, body: DocumentTransfer
) -> DocumentPublic:
    """The holder endorses the document to another organisation, which accepts or refuses it."""
    return DocumentPublic.of(use_cases.transfer(platform, caller, reference, body.to))


@router.post(_DOC + "/transfers/answer", response_model=DocumentPublic, responses=problems(409))
def answer(
    platform: PlatformDep, caller: Caller, reference: str, body: DocumentAnswer
) -> DocumentPublic:
    """The endorsee accepts (and holds it) or refuses (the endorser keeps it)."""
    return DocumentPublic.of(use_cases.answer(platform, caller, reference, accept=body.accept))


@router.post(_DOC + "/pledge", response_model=DocumentPublic, responses=problems(409))
def pledge(
    platform: PlatformDep, caller: Caller, reference: str, body: DocumentPledge
) -> DocumentPublic:
    """The holder pledges the document to a bank (质押): it cannot move until the bank releases it."""
    return DocumentPublic.of(use_cases.pledge(platform, caller, reference, body.bank))


@router.post(_DOC + "/release", response_model=DocumentPublic, responses=problems(409))
def release(
    platform: PlatformDep, caller: Caller, reference: str, body: DocumentRelease
) -> DocumentPublic:
    """The bank releases the pledge, or on default takes the document."""
    return DocumentPublic.of(use_cases.release(platform, caller, reference, default=body.default))


@router.post(_DOC + "/surrender", response_model=DocumentPublic, responses=problems(409))
def surrender(platform: PlatformDep, caller: Caller, reference: str) -> DocumentPublic:
    """The holder surrenders the document to the issuing carrier for delivery."""
    return DocumentPublic.of(use_cases.surrender(platform, caller, reference))


@router.post(_DOC + "/surrender/answer", response_model=DocumentPublic, responses=problems(409))
def answer_surrender(
    platform: PlatformDep, caller: Caller, reference: str, body: DocumentAnswer
) -> DocumentPublic:
    """The issuing carrier accepts the surrender (the document is spent) or refuses it."""
    return DocumentPublic.of(
        use_cases.answer_surrender(platform, caller, reference, accept=body.accept)
    )


@router.get("/organisations/{organisation_id}/public-key")
def public_key(platform: PlatformDep, organisation_id: str) -> dict[str, str]:
    """The organisation's Ed25519 public key (JWK) that verifies the history entries it signs; public."""
    return {k: str(v) for k, v in use_cases.public_key(platform, organisation_id).items()}
