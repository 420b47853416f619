"""Transport documents, their signed history and the organisations' signing keys.

A step changes a document only at the version it read (:meth:`Documents.advance` is a
conditional update): of two concurrent steps on one document exactly one wins, and the unique
``(reference, seq)`` of the history refuses the other's entry should it get that far.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session

from landsea.domain.documents import (
    DocumentStatus,
    HistoryEntry,
    Possession,
    Step,
    TransportDocument,
)
from landsea.persistence.repositories._sql import insert_or_skip, rowcount
from landsea.persistence.tables import DocumentEntryRow, PartyKeyRow, TransportDocumentRow

__all__ = ["Documents", "PartyKey"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PartyKey:
    """An organisation's key pair: ``public_key`` the JWK ``x`` (base64url), ``private_key``
    encrypted (see :mod:`landsea.services.document_keys`)."""

    id: str
    organisation_id: str
    public_key: str
    private_key: str
    created_at: dt.datetime


class Documents:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- keys --------------------------------------------------------------------------------

    def key(self, organisation_id: str) -> PartyKey | None:
        row = self.session.scalars(
            select(PartyKeyRow).where(PartyKeyRow.organisation_id == organisation_id)
        ).first()
        return None if row is None else _key(row)

    def key_by_id(self, key_id: str) -> PartyKey | None:
        row = self.session.get(PartyKeyRow, key_id)
        return None if row is None else _key(row)

    def add_key(self, key: PartyKey) -> bool:
        """Store ``key`` unless its organisation has one already (made by a concurrent step):
        whether it was stored."""
        added = self.session.execute(
            insert_or_skip(self.session, PartyKeyRow, "organisation_id"),
            [
                {
                    "id": key.id,
                    "organisation_id": key.organisation_id,
                    "public_key": key.public_key,
                    "private_key": key.private_key,
                    "created_at": key.created_at,
                }
            ],
        )
        return rowcount(added) == 1

    # -- documents ---------------------------------------------------------------------------

    def add(self, document: TransportDocument, first: HistoryEntry) -> None:
        self.session.execute(insert(TransportDocumentRow), [_document_row(document)])
        self.session.execute(insert(DocumentEntryRow), [_entry_row(document.reference, first)])

    def get(self, reference: str) -> TransportDocument | None:
        row = self.session.get(TransportDocumentRow, reference)
        return None if row is None else _document(row)

    def history(self, reference: str) -> list[HistoryEntry]:
        rows = self.session.scalars(
            select(DocumentEntryRow)
            .where(DocumentEntryRow.reference == reference)
            .order_by(DocumentEntryRow.seq)
        )
        return [_entry(row) for row in rows]

    def advance(
        self, document: TransportDocument, possession: Possession, entry: HistoryEntry
    ) -> bool:
        """Store ``entry`` and the possession it leads to, if the document is still at the
        version it was read at; ``False`` (nothing written) when another step came first."""
        changed = self.session.execute(
            update(TransportDocumentRow)
            .where(
                TransportDocumentRow.reference == document.reference,
                TransportDocumentRow.version == document.version,
            )
            .values(
                status=possession.status.value,
                holder_id=possession.holder_id,
                pending_to=possession.pending_to,
                bank_id=possession.bank_id,
                version=entry.seq,
                head_checksum=entry.checksum,
                updated_at=entry.at,
            )
        )
        if rowcount(changed) != 1:
            return False
        self.session.execute(insert(DocumentEntryRow), [_entry_row(document.reference, entry)])
        return True

    def find(
        self, *, organisation_id: str | None, issuer: bool, limit: int = 200
    ) -> list[TransportDocument]:
        """Documents in reference order: all (``organisation_id=None``), those ``organisation_id``
        issued (``issuer``), or those whose history names it (holder, endorsee, pledgee)."""
        query = select(TransportDocumentRow).order_by(TransportDocumentRow.reference).limit(limit)
        if organisation_id is not None and issuer:
            query = query.where(TransportDocumentRow.issuer_id == organisation_id)
        elif organisation_id is not None:
            named = select(DocumentEntryRow.reference).where(
                or_(
                    DocumentEntryRow.actor_id == organisation_id,
                    DocumentEntryRow.recipient_id == organisation_id,
                )
            )
            query = query.where(
                or_(
                    TransportDocumentRow.holder_id == organisation_id,
                    TransportDocumentRow.pending_to == organisation_id,
                    TransportDocumentRow.reference.in_(named),
                )
            )
        return [_document(row) for row in self.session.scalars(query)]

    def named(self, reference: str) -> frozenset[str]:
        """Every organisation the document's history names (actors and recipients)."""
        rows = self.session.execute(
            select(DocumentEntryRow.actor_id, DocumentEntryRow.recipient_id).where(
                DocumentEntryRow.reference == reference
            )
        )
        return frozenset(o for row in rows for o in row if o)

    def for_booking(self, booking_id: str) -> list[TransportDocument]:
        rows = self.session.scalars(
            select(TransportDocumentRow)
            .where(TransportDocumentRow.booking_id == booking_id)
            .order_by(TransportDocumentRow.issued_at)
        )
        return [_document(row) for row in rows]


# Mapping: records to rows and back.


def _key(row: PartyKeyRow) -> PartyKey:
    return PartyKey(
        id=row.id,
        organisation_id=row.organisation_id,
        public_key=row.public_key,
        private_key=row.private_key,
        created_at=row.created_at,
    )


def _document_row(document: TransportDocument) -> dict[str, Any]:
    possession = document.possession
    return {
        "reference": document.reference,
        "booking_id": document.booking_id,
        "issuer_id": document.issuer_id,
        "holder_id": possession.holder_id,
        "pending_to": possession.pending_to,
        "bank_id": possession.bank_id,
        "status": possession.status.value,
        "negotiable": document.negotiable,
        "document": document.content,
        "document_checksum": document.content_checksum,
        "version": document.version,
        "head_checksum": document.head_checksum,
        "issued_at": document.issued_at,
        "updated_at": document.updated_at,
    }


def _document(row: TransportDocumentRow) -> TransportDocument:
    return TransportDocument(
        reference=row.reference,
        booking_id=row.booking_id,
        issuer_id=row.issuer_id,
        negotiable=row.negotiable,
        content=row.document,
        content_checksum=row.document_checksum,
        possession=Possession(
            status=DocumentStatus(row.status),
            holder_id=row.holder_id,
            carrier_id=row.issuer_id,
            pending_to=row.pending_to,
            bank_id=row.bank_id,
        ),
        version=row.version,
        head_checksum=row.head_checksum,
        issued_at=row.issued_at,
        updated_at=row.updated_at,
    )


def _entry_row(reference: str, entry: HistoryEntry) -> dict[str, Any]:
    return {
        "reference": reference,
        "seq": entry.seq,
        "step": entry.step.value,
        "actor_id": entry.actor_id,
        "recipient_id": entry.recipient_id,
        "at": entry.at,
        "signed": entry.signed,
        "checksum": entry.checksum,
    }


def _entry(row: DocumentEntryRow) -> HistoryEntry:
    return HistoryEntry(
        seq=row.seq,
        step=Step(row.step),
        actor_id=row.actor_id,
        recipient_id=row.recipient_id,
        at=row.at,
        signed=row.signed,
        checksum=row.checksum,
    )
