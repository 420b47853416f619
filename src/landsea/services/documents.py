"""Transport documents (一单制): issue, endorse, accept, refuse, pledge, release, default,
surrender — each step one transaction, signed into the document's history.

Every step reads the document, checks the rules (:mod:`landsea.domain.access` for the role,
:func:`landsea.domain.documents.advance` for the document's state and who may take the step),
signs the entry with the actor's key and stores it with a conditional update at the version it
read (:meth:`landsea.persistence.repositories.Documents.advance`): of two concurrent transfers
exactly one succeeds and the other is refused with :class:`Conflict`. Every read verifies the
history (:func:`landsea.services.document_keys.verify`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from landsea.domain import access
from landsea.domain import documents as rules
from landsea.domain.booking import BookingStatus, Principal, Role
from landsea.domain.documents import (
    DocumentParties,
    HistoryEntry,
    Possession,
    Step,
    TransportDocument,
    advance,
)
from landsea.domain.tracking import Classifier, EventType, TrackingEvent
from landsea.errors import Conflict, InvalidInput, InvalidStateTransition, NotFound
from landsea.persistence.database import UnitOfWork
from landsea.services.document_content import IssueRequest, Parties, content_of
from landsea.services.document_keys import (
    EntryDraft,
    Integrity,
    content_checksum,
    party_key,
    public_jwk,
    sign_entry,
    verify,
)
from landsea.services.platform import Platform

__all__ = [
    "DocumentView",
    "Verification",
    "answer",
    "answer_surrender",
    "documents_of_booking",
    "get_document",
    "issue_document",
    "list_documents",
    "pledge",
    "public_key",
    "release",
    "surrender",
    "transfer",
    "verify_public",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentView:
    """A document as its reader sees it: content, history, whether the history holds, and the
    names of the organisations it mentions."""

    document: TransportDocument
    history: tuple[HistoryEntry, ...]
    integrity: Integrity
    names: dict[str, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Verification:
    """What anyone may know of a document: genuine or not, its state, who holds it, and its
    history's integrity — no commercial details."""

    reference: str
    genuine: bool
    status: str
    holder: str
    pledged_to: str | None
    issuer: str
    issued_at: dt.datetime
    entries: tuple[tuple[int, str, str, dt.datetime], ...]
    problem: str | None


def _secret(platform: Platform) -> bytes:
    return platform.document_secret


def _parties(uow: UnitOfWork, document: TransportDocument) -> DocumentParties:
    possession = document.possession
    return DocumentParties(
        issuer_id=document.issuer_id,
        holder_id=possession.holder_id,
        pending_to=possession.pending_to,
        bank_id=possession.bank_id,
        named=uow.documents.named(document.reference),
    )


def _organisation(uow: UnitOfWork, id_or_name: str, field: str) -> Principal:
    found = uow.accounts.organisation(id_or_name)
    if found is None:
        raise InvalidInput(f"{field} {id_or_name!r} is not an organisation of the platform")
    return found


def _readable(
    uow: UnitOfWork, principal: Principal, reference: str
) -> tuple[TransportDocument, DocumentParties]:
    document = uow.documents.get(reference)
    parties = None if document is None else _parties(uow, document)
    access.check(
        parties is not None and rules.may_read_document(principal, parties),
        principal,
        access.Action.READ_DOCUMENT,
        f"transport document {reference!r}",
        hide=True,
    )
    assert document is not None and parties is not None
    return document, parties


def _view(uow: UnitOfWork, document: TransportDocument) -> DocumentView:
    history = uow.documents.history(document.reference)
    integrity = verify(
        uow,
        history,
        document_checksum=content_checksum(document.content),
        issuer_id=document.issuer_id,
    )
    if integrity.intact and integrity.possession != document.possession:
        integrity = Integrity(
            entries=integrity.entries,
            problem="the document's stored holder or state differ from what its history says",
            possession=integrity.possession,
        )
    ids = {document.issuer_id, document.possession.holder_id}
    ids |= {o for e in history for o in (e.actor_id, e.recipient_id) if o}
    names = {}
    for org in ids:
        found = uow.accounts.organisation(org)
        names[org] = found.name if found is not None else org
    return DocumentView(document=document, history=tuple(history), integrity=integrity, names=names)


# -- issue ----------------------------------------------------------------------------------------


def issue_document(
    platform: Platform, principal: Principal, booking_id: str, request: IssueRequest
) -> DocumentView:
    """The operator of a leg of a confirmed booking issues its transport document to the shipper."""
    with platform.uow() as uow:
        booking = uow.bookings.get(booking_id, lock=True)
        services = platform.network.services
        access.check(
            booking is not None and access.may_read_booking(principal, booking, services),
            principal, access.Action.READ_BOOKING, f"booking {booking_id!r}", hide=True,
        )  # fmt: skip
        assert booking is not None
        access.check(rules.may_issue_document(principal, booking, services), principal,
                     access.Action.ISSUE_DOCUMENT, f"booking {booking_id!r}")  # fmt: skip
        if booking.status is not BookingStatus.CONFIRMED:
            raise InvalidStateTransition(
                f"booking {booking_id!r} is {booking.status.value}: only a confirmed booking gets a document"
            )
        live = [d for d in uow.documents.for_booking(booking_id) if not d.possession.spent]
        if live:
            raise Conflict(
                f"booking {booking_id!r} has transport document {live[0].reference!r}; "
                "surrender it before issuing an amended one"
            )
        shipper = _organisation(uow, booking.organisation_id, "booking.organisation_id")
        consignee = (None if request.consignee is None
                     else _organisation(uow, request.consignee, "consignee"))  # fmt: skip
        now = dt.datetime.now(dt.UTC)
        reference = "LNDS" + uuid.uuid4().hex[:12].upper()
        starts = {}
        for leg in booking.legs:
            found = uow.departures.get(leg.departure_id) if leg.departure_id else None
            if found is not None and leg.departure_id:
                starts[leg.departure_id] = found.departure
        content = content_of(platform.network, booking, request, reference=reference,
                             parties=Parties(carrier=principal, shipper=shipper, consignee=consignee),
                             starts=starts, now=now)  # fmt: skip
        checksum = content_checksum(content)
        possession = Possession.issued(
            holder_id=shipper.organisation_id, carrier_id=principal.organisation_id
        )
        draft = EntryDraft(reference=reference, seq=1, step=Step.ISSUE,
                           actor_id=principal.organisation_id, recipient_id=shipper.organisation_id,
                           at=now, content_checksum=checksum, previous=None, possession=possession)  # fmt: skip
        entry = sign_entry(uow, _secret(platform), draft)
        document = TransportDocument(
            reference=reference, booking_id=booking_id, issuer_id=principal.organisation_id,
            negotiable=request.negotiable, content=content, content_checksum=checksum,
            possession=possession, version=1, head_checksum=entry.checksum, issued_at=now,
            updated_at=now,
        )  # fmt: skip
        uow.documents.add(document, entry)
        uow.events.add_many([_shipment_event(document, booking_id, "ISSU", now)])
        return _view(uow, document)


def _shipment_event(
    document: TransportDocument, booking_id: str, code: str, at: dt.datetime
) -> TrackingEvent:
    """The DCSA TNT 2.2 SHIPMENT event of a document step (for the booking's timeline)."""
    event_id = f"landsea-document-{document.reference}-{code}"
    raw = {"eventID": event_id, "eventType": "SHIPMENT", "eventClassifierCode": "ACT",
           "eventDateTime": at.isoformat(), "eventCreatedDateTime": at.isoformat(),
           "shipmentEventTypeCode": code, "documentTypeCode": "TRD",
           "documentID": document.reference,
           "references": [{"referenceType": "CR", "referenceValue": booking_id}]}  # fmt: skip
    return TrackingEvent(
        event_id=event_id, version="2.2", event_type=EventType.SHIPMENT,
        classifier=Classifier.ACTUAL, type_code=code, event_time=at, created=at,
        carrier_booking_reference=booking_id, transport_document_reference=document.reference,
        raw=raw,
    )  # fmt: skip


# -- steps ----------------------------------------------------------------------------------------

_RULES = {
    Step.ENDORSE: (rules.may_hold_document, access.Action.HOLD_DOCUMENT),
    Step.PLEDGE: (rules.may_hold_document, access.Action.HOLD_DOCUMENT),
    Step.SURRENDER: (rules.may_hold_document, access.Action.HOLD_DOCUMENT),
    Step.ACCEPT: (rules.may_answer_document, access.Action.ANSWER_DOCUMENT),
    Step.REFUSE: (rules.may_answer_document, access.Action.ANSWER_DOCUMENT),
    Step.RELEASE: (rules.may_release_pledge, access.Action.RELEASE_PLEDGE),
    Step.DEFAULT: (rules.may_release_pledge, access.Action.RELEASE_PLEDGE),
    Step.ACCEPT_SURRENDER: (rules.may_answer_surrender, access.Action.ANSWER_SURRENDER),
    Step.REFUSE_SURRENDER: (rules.may_answer_surrender, access.Action.ANSWER_SURRENDER),
}


def _recipient(
    uow: UnitOfWork, document: TransportDocument, step: Step, to: str | None
) -> str | None:
    if step not in (Step.ENDORSE, Step.PLEDGE):
        return None
    field = "to" if step is Step.ENDORSE else "bank"
    if not to:
        raise InvalidInput(f"{field} must name the organisation that receives the document")
    receiver = _organisation(uow, to, field)
    if step is Step.PLEDGE and receiver.role is not Role.BANK:
        raise InvalidInput(
            f"bank {to!r} is a {receiver.role.value}, not a bank: only banks take pledges"
        )
    if step is Step.ENDORSE and receiver.role not in (Role.SHIPPER, Role.BANK):
        raise InvalidInput(
            f"to {to!r} is a {receiver.role.value}: documents are endorsed to traders or banks"
        )
    consignee = document.content["documentParties"].get("consignee")
    if step is Step.ENDORSE and not document.negotiable and consignee is not None:
        named = consignee["identifyingCodes"][0]["partyCode"]
        if receiver.organisation_id != named:
            raise InvalidStateTransition(
                f"to {to!r}: a straight document goes only to its consignee {consignee['partyName']!r}"
            )
    return receiver.organisation_id


def _step(
    platform: Platform, principal: Principal, reference: str, step: Step, to: str | None = None
) -> DocumentView:
    with platform.uow() as uow:
        document, parties = _readable(uow, principal, reference)
        may, action = _RULES[step]
        access.check(
            may(principal, parties), principal, action, f"transport document {reference!r}"
        )
        recipient = _recipient(uow, document, step, to)
        possession = advance(
            document.possession, step, actor_id=principal.organisation_id, recipient_id=recipient
        )
        now = dt.datetime.now(dt.UTC)
        draft = EntryDraft(reference=reference, seq=document.version + 1, step=step,
                           actor_id=principal.organisation_id, recipient_id=recipient, at=now,
                           content_checksum=document.content_checksum,
                           previous=document.head_checksum, possession=possession)  # fmt: skip
        entry = sign_entry(uow, _secret(platform), draft)
        if not uow.documents.advance(document, possession, entry):
            raise Conflict(
                f"transport document {reference!r} changed while it was being "
                f"{step.value.replace('_', ' ')}ed: read it again"
            )
        changed = uow.documents.get(reference)
        assert changed is not None
        if step is Step.ACCEPT_SURRENDER:
            uow.events.add_many([_shipment_event(changed, changed.booking_id, "SURR", now)])
        return _view(uow, changed)


def transfer(platform: Platform, principal: Principal, reference: str, to: str) -> DocumentView:
    """The holder endorses the document to ``to`` (an organisation id or name), who must accept."""
    return _step(platform, principal, reference, Step.ENDORSE, to)


def answer(
    platform: Platform, principal: Principal, reference: str, *, accept: bool
) -> DocumentView:
    """The endorsee accepts (becomes the holder) or refuses (the endorser keeps it)."""
    return _step(platform, principal, reference, Step.ACCEPT if accept else Step.REFUSE)


def pledge(platform: Platform, principal: Principal, reference: str, bank: str) -> DocumentView:
    """The holder pledges the document to ``bank`` as security (质押)."""
    return _step(platform, principal, reference, Step.PLEDGE, bank)


def release(
    platform: Platform, principal: Principal, reference: str, *, default: bool = False
) -> DocumentView:
    """The pledgee bank releases the pledge, or — on default — takes the document itself."""
    return _step(platform, principal, reference, Step.DEFAULT if default else Step.RELEASE)


def surrender(platform: Platform, principal: Principal, reference: str) -> DocumentView:
    """The holder surrenders the document to the issuing carrier for delivery."""
    return _step(platform, principal, reference, Step.SURRENDER)


def answer_surrender(
    platform: Platform, principal: Principal, reference: str, *, accept: bool
) -> DocumentView:
    """The issuing carrier accepts the surrender (the document is spent) or refuses it."""
    step = Step.ACCEPT_SURRENDER if accept else Step.REFUSE_SURRENDER
    return _step(platform, principal, reference, step)


# -- reads ----------------------------------------------------------------------------------------


def get_document(platform: Platform, principal: Principal, reference: str) -> DocumentView:
    """A document the caller may read, its history verified."""
    with platform.uow(read_only=True) as uow:
        document, _ = _readable(uow, principal, reference)
        return _view(uow, document)


def list_documents(platform: Platform, principal: Principal) -> list[DocumentView]:
    """The documents the caller may read: an operator those it issued, a shipper or bank those
    whose history names it, an admin all."""
    access.check(access.may_ever(principal, access.Action.READ_DOCUMENT), principal,
                 access.Action.READ_DOCUMENT)  # fmt: skip
    with platform.uow(read_only=True) as uow:
        if access.reaches_all(principal, access.Action.READ_DOCUMENT):
            found = uow.documents.find(organisation_id=None, issuer=False)
        else:
            found = uow.documents.find(
                organisation_id=principal.organisation_id, issuer=principal.role is Role.OPERATOR
            )
        return [_view(uow, d) for d in found]


def documents_of_booking(platform: Platform, booking_id: str) -> list[TransportDocument]:
    """A booking's documents (for its timeline; the caller has checked the booking is readable)."""
    with platform.uow(read_only=True) as uow:
        return uow.documents.for_booking(booking_id)


def verify_public(platform: Platform, reference: str) -> Verification:
    """What anyone may check of a document (no sign-in): genuine, state, holder, integrity."""
    with platform.uow(read_only=True) as uow:
        document = uow.documents.get(reference)
        if document is None:
            raise NotFound(f"transport document {reference!r} was not issued on this platform")
        view = _view(uow, document)
    names = view.names
    possession = document.possession
    return Verification(
        reference=reference,
        genuine=view.integrity.intact,
        status=possession.status.value,
        holder=names.get(possession.holder_id, possession.holder_id),
        pledged_to=None if possession.bank_id is None else names.get(possession.bank_id),
        issuer=names.get(document.issuer_id, document.issuer_id),
        issued_at=document.issued_at,
        entries=tuple(
            (e.seq, e.step.value, names.get(e.actor_id, e.actor_id), e.at) for e in view.history
        ),
        problem=view.integrity.problem,
    )


def public_key(platform: Platform, organisation_id: str) -> dict[str, Any]:
    """The organisation's public signing key as a JWK (made now if it has none yet)."""
    with platform.uow() as uow:
        if uow.accounts.organisation(organisation_id) is None:
            raise NotFound(f"organisation {organisation_id!r} does not exist")
        return public_jwk(party_key(uow, platform.document_secret, organisation_id))
