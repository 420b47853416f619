"""Signing keys of the platform's parties and the signed, hash-chained history of documents.

Each organisation has one Ed25519 key pair, made the first time it signs. The private key is
kept encrypted at rest (AES-256-GCM under a key derived from the platform's document secret,
``LANDSEA_DOCUMENT_SECRET``, the organisation id bound as associated data); the public key is
published as a JWK (``GET /api/v1/organisations/{id}/public-key``).

A history entry is a compact JWS (RFC 7515, ``alg`` ``Ed25519`` — RFC 9864's name for EdDSA
over Ed25519 — and ``kid`` the signer's key id) over a JSON payload modelled on DCSA PINT's
``EnvelopeTransferChainEntry``: the document's checksum, the previous entry's checksum
(SHA-256 of its JWS text) and the transaction (action code, actor, recipient). :func:`verify`
walks a history from the first entry and names the first entry that is not what it claims.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from landsea.domain.documents import (
    PINT_ACTION_CODES,
    HistoryEntry,
    Possession,
    Step,
    advance,
)
from landsea.errors import LandseaError
from landsea.persistence.database import UnitOfWork
from landsea.persistence.repositories import PartyKey

__all__ = [
    "ALGORITHM",
    "EntryDraft",
    "Integrity",
    "checksum",
    "content_checksum",
    "party_key",
    "public_jwk",
    "sign_entry",
    "verify",
]

ALGORITHM = "Ed25519"
_ALGORITHMS = [ALGORITHM]
_PLATFORM = "LNDS"
"""landsea's four-letter eBL platform code in the payloads (PINT's ``eblPlatform``)."""


def checksum(text: str) -> str:
    """SHA-256 (hex) of ``text`` as UTF-8 — of an entry's JWS, as PINT checksums them."""
    return hashlib.sha256(text.encode()).hexdigest()


def content_checksum(content: dict[str, Any]) -> str:
    """SHA-256 of the document's content in canonical JSON (keys sorted, no spaces)."""
    return checksum(json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False))


# -- keys -----------------------------------------------------------------------------------------


def _cipher(secret: bytes) -> AESGCM:
    return AESGCM(hashlib.sha256(b"landsea document keys\0" + secret).digest())


def _seal(secret: bytes, organisation_id: str, raw: bytes) -> str:
    nonce = os.urandom(12)
    sealed = _cipher(secret).encrypt(nonce, raw, organisation_id.encode())
    return base64.b64encode(nonce + sealed).decode()


def _open(secret: bytes, key: PartyKey) -> Ed25519PrivateKey:
    blob = base64.b64decode(key.private_key)
    try:
        raw = _cipher(secret).decrypt(blob[:12], blob[12:], key.organisation_id.encode())
    except InvalidTag:
        raise LandseaError(
            f"the signing key of organisation {key.organisation_id!r} does not open with this "
            "platform's document secret (LANDSEA_DOCUMENT_SECRET changed?)"
        ) from None
    return Ed25519PrivateKey.from_private_bytes(raw)


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def party_key(uow: UnitOfWork, secret: bytes, organisation_id: str) -> PartyKey:
    """The organisation's key pair, made (and stored, in the caller's unit of work) if it has
    none yet."""
    found = uow.documents.key(organisation_id)
    if found is not None:
        return found
    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    key = PartyKey(
        id=str(uuid.uuid4()),
        organisation_id=organisation_id,
        public_key=_b64url(public),
        private_key=_seal(secret, organisation_id, raw),
        created_at=dt.datetime.now(dt.UTC),
    )
    if uow.documents.add_key(key):
        return key
    # Another step of this organisation made its key first: use that one.
    made = uow.documents.key(organisation_id)
    assert made is not None
    return made


def public_jwk(key: PartyKey) -> dict[str, str]:
    """The public key as an RFC 8037 JWK."""
    return {"kty": "OKP", "crv": "Ed25519", "x": key.public_key, "kid": key.id, "use": "sig",
            "alg": ALGORITHM}  # fmt: skip


# -- entries --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryDraft:
    """What an entry says before it is signed."""

    reference: str
    seq: int
    step: Step
    actor_id: str
    recipient_id: str | None
    at: dt.datetime
    content_checksum: str
    previous: str | None
    possession: Possession


def _payload(draft: EntryDraft) -> dict[str, Any]:
    possession = draft.possession
    return {
        "eblPlatform": _PLATFORM,
        "transportDocumentReference": draft.reference,
        "sequence": draft.seq,
        "transportDocumentChecksum": draft.content_checksum,
        "previousEnvelopeTransferChainEntrySignedContentChecksum": draft.previous,
        "transactions": [
            {
                "actionCode": PINT_ACTION_CODES[draft.step],
                "landseaStep": draft.step.value,
                "actor": draft.actor_id,
                "recipient": draft.recipient_id,
                "actionDateTime": draft.at.isoformat(),
            }
        ],
        "possession": {
            "status": possession.status.value,
            "holder": possession.holder_id,
            "pendingTo": possession.pending_to,
            "bank": possession.bank_id,
        },
    }


def sign_entry(uow: UnitOfWork, secret: bytes, draft: EntryDraft) -> HistoryEntry:
    """Sign ``draft`` with its actor's key: the history entry to store."""
    key = party_key(uow, secret, draft.actor_id)
    private = OKPKey.import_key(_open(secret, key))
    body = json.dumps(_payload(draft), sort_keys=True, separators=(",", ":")).encode()
    signed = jws.serialize_compact(
        {"alg": ALGORITHM, "kid": key.id}, body, private, algorithms=_ALGORITHMS
    )
    return HistoryEntry(
        seq=draft.seq,
        step=draft.step,
        actor_id=draft.actor_id,
        recipient_id=draft.recipient_id,
        at=draft.at,
        signed=signed,
        checksum=checksum(signed),
    )


# -- verification ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Integrity:
    """Whether a history holds: ``problem`` names the first entry that does not (``None``: all
    do), and ``possession`` is what the history says, replayed from its signed payloads."""

    entries: int
    problem: str | None
    possession: Possession | None

    @property
    def intact(self) -> bool:
        return self.problem is None


def _read(uow: UnitOfWork, entry: HistoryEntry) -> tuple[dict[str, Any], str]:
    """The entry's signed payload and its signer's organisation; a failure names why."""
    try:
        header = json.loads(base64.urlsafe_b64decode(entry.signed.split(".")[0] + "=="))
        key = uow.documents.key_by_id(str(header.get("kid", "")))
        if key is None:
            raise ValueError(f"signed with an unknown key {header.get('kid')!r}")
        public = OKPKey.import_key({"kty": "OKP", "crv": "Ed25519", "x": key.public_key})
        verified = jws.deserialize_compact(entry.signed, public, algorithms=_ALGORITHMS)
    except (JoseError, ValueError, UnicodeDecodeError, IndexError) as exc:
        raise _Broken(f"the signature does not verify ({exc})") from None
    payload: dict[str, Any] = json.loads(verified.payload)
    return payload, key.organisation_id


class _Broken(Exception):
    pass


def _check(
    uow: UnitOfWork, entry: HistoryEntry, n: int, previous: str | None, document_checksum: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    if entry.seq != n:
        raise _Broken(f"is numbered {entry.seq}, expected {n}")
    if checksum(entry.signed) != entry.checksum:
        raise _Broken("its stored checksum is not the SHA-256 of its signed content")
    payload, signer = _read(uow, entry)
    [transaction] = payload["transactions"]
    if payload.get("previousEnvelopeTransferChainEntrySignedContentChecksum") != previous:
        raise _Broken("does not chain to the previous entry (its previous-entry checksum differs)")
    if payload.get("transportDocumentChecksum") != document_checksum:
        raise _Broken("was signed over other document content (transportDocumentChecksum)")
    if transaction["actor"] != signer:
        raise _Broken(f"is signed by {signer}, not by its actor {transaction['actor']}")
    said = (transaction["landseaStep"], transaction["actor"], transaction["recipient"],
            payload["sequence"])  # fmt: skip
    if said != (entry.step.value, entry.actor_id, entry.recipient_id, entry.seq):
        raise _Broken("its stored step, actor or recipient differ from what was signed")
    return payload, transaction


def verify(
    uow: UnitOfWork, history: list[HistoryEntry], *, document_checksum: str, issuer_id: str
) -> Integrity:
    """Check every entry's signature, its link to the previous one and the document checksum,
    and replay the steps (:func:`landsea.domain.documents.advance`)."""
    previous: str | None = None
    possession: Possession | None = None
    for n, entry in enumerate(history, start=1):
        where = f"entry {n} ({entry.step.value})"
        try:
            payload, transaction = _check(uow, entry, n, previous, document_checksum)
            if n == 1:
                if entry.step is not Step.ISSUE or entry.actor_id != issuer_id:
                    raise _Broken("is not the issuing carrier's issue")
                possession = Possession.issued(
                    holder_id=str(transaction["recipient"]), carrier_id=issuer_id
                )
            else:
                assert possession is not None
                possession = advance(
                    possession, entry.step, actor_id=entry.actor_id, recipient_id=entry.recipient_id
                )
            claimed = payload["possession"]
            if (claimed["status"], claimed["holder"]) != (
                possession.status.value,
                possession.holder_id,
            ):
                raise _Broken("claims a possession its steps do not lead to")
        except (_Broken, LandseaError) as exc:
            return Integrity(entries=len(history), problem=f"{where} {exc}", possession=possession)
        previous = entry.checksum
    if not history:
        return Integrity(entries=0, problem="the history is empty", possession=None)
    return Integrity(entries=len(history), problem=None, possession=possession)
