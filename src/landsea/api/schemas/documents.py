"""Transport documents: what an operator adds to a booking to issue one, the steps' bodies, and
the document with its verified history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from landsea.api.schemas.common import Amount, StrictModel
from landsea.services.document_content import EquipmentRequest, IssueRequest, ItemRequest
from landsea.services.documents import DocumentView, Verification

__all__ = [
    "DocumentAnswer",
    "DocumentEntryPublic",
    "DocumentIssue",
    "DocumentPledge",
    "DocumentPublic",
    "DocumentRelease",
    "DocumentTransfer",
    "EquipmentIn",
    "ItemIn",
    "VerificationPublic",
]


class ItemIn(StrictModel):
    hs_code: str = Field(max_length=14, description="HS code (6 digits) or China's 8 or 10.")
    description: str = Field(min_length=1, max_length=500)
    packages: int = Field(ge=1, le=1_000_000)
    package_kind: str = Field(default="cartons", min_length=1, max_length=100)
    gross_kg: Amount = Field(description="Gross weight in kilograms.")
    container: str = Field(max_length=11, description="ISO 6346 number of its container.")


class EquipmentIn(StrictModel):
    container: str = Field(max_length=11, description="ISO 6346 container number.")
    seals: list[str] = Field(min_length=1, max_length=10)


class DocumentIssue(StrictModel):
    negotiable: bool = Field(default=True, description="To order (negotiable) or straight.")
    consignee: str | None = Field(
        default=None, max_length=200, description="An organisation (id or name); straight only."
    )
    notify_party: str | None = Field(default=None, max_length=70)
    place_of_issue: str | None = Field(default=None, max_length=5)
    contact_email: str | None = Field(default=None, max_length=100, pattern=r"^.+@\S+$")
    items: list[ItemIn] = Field(min_length=1, max_length=200)
    equipment: list[EquipmentIn] = Field(min_length=1, max_length=200)

    def request(self) -> IssueRequest:
        return IssueRequest(
            items=tuple(
                ItemRequest(
                    hs_code=i.hs_code,
                    description=i.description,
                    packages=i.packages,
                    package_kind=i.package_kind,
                    gross_kg=i.gross_kg,
                    container=i.container,
                )
                for i in self.items
            ),
            equipment=tuple(
                EquipmentRequest(container=e.container, seals=tuple(e.seals))
                for e in self.equipment
            ),
            negotiable=self.negotiable,
            consignee=self.consignee,
            notify_party=self.notify_party,
            place_of_issue=self.place_of_issue,
            contact_email=self.contact_email,
        )


class DocumentTransfer(StrictModel):
    to: str = Field(min_length=1, max_length=200, description="The endorsee (id or name).")


class DocumentPledge(StrictModel):
    bank: str = Field(min_length=1, max_length=200, description="The bank (id or name).")


class DocumentRelease(StrictModel):
    default: bool = Field(default=False, description="On default the bank takes the document.")


class DocumentAnswer(StrictModel):
    accept: bool


class DocumentEntryPublic(BaseModel):
    seq: int
    step: str
    action_code: str = Field(description="The DCSA PINT transaction actionCode it corresponds to.")
    actor: str
    recipient: str | None
    at: dt.datetime
    signed: str = Field(description="Compact JWS (Ed25519) of the entry.")
    checksum: str = Field(description="SHA-256 of ``signed``; the next entry signs it.")


class DocumentPublic(BaseModel):
    reference: str
    booking_id: str
    status: str
    negotiable: bool
    issuer: str
    holder: str
    pending_to: str | None
    pledged_to: str | None
    history_intact: bool
    history_problem: str | None
    document: dict[str, Any] = Field(description="DCSA eBL 3.0 TransportDocument.")
    history: list[DocumentEntryPublic]

    @classmethod
    def of(cls, view: DocumentView) -> DocumentPublic:
        from landsea.domain.documents import PINT_ACTION_CODES

        document, possession = view.document, view.document.possession
        return cls(
            reference=document.reference,
            booking_id=document.booking_id,
            status=possession.status.value,
            negotiable=document.negotiable,
            issuer=document.issuer_id,
            holder=possession.holder_id,
            pending_to=possession.pending_to,
            pledged_to=possession.bank_id,
            history_intact=view.integrity.intact,
            history_problem=view.integrity.problem,
            document=document.content,
            history=[
                DocumentEntryPublic(
                    seq=e.seq,
                    step=e.step.value,
                    action_code=PINT_ACTION_CODES[e.step],
                    actor=e.actor_id,
                    recipient=e.recipient_id,
                    at=e.at,
                    signed=e.signed,
                    checksum=e.checksum,
                )
                for e in view.history
            ],
        )


class VerificationEntryPublic(BaseModel):
    seq: int
    step: str
    by: str
    at: dt.datetime


class VerificationPublic(BaseModel):
    """What anyone may check: no commercial details."""

    reference: str
    genuine: bool
    status: str
    holder: str
    pledged_to: str | None
    issuer: str
    issued_at: dt.datetime
    history: list[VerificationEntryPublic]
    problem: str | None

    @classmethod
    def of(cls, found: Verification) -> VerificationPublic:
        return cls(
            reference=found.reference, genuine=found.genuine, status=found.status,
            holder=found.holder, pledged_to=found.pledged_to, issuer=found.issuer,
            issued_at=found.issued_at, problem=found.problem,
            history=[VerificationEntryPublic(seq=s, step=t, by=b, at=a)
                     for s, t, b, a in found.entries],
        )  # fmt: skip
