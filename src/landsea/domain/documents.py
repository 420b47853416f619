"""The through transport document (一单制) and who holds it: possession, pledge and surrender.

A negotiable multimodal transport document is held by exactly one organisation at a time. Every
step that changes that — issue, endorse, accept, refuse, pledge, release, default, surrender and
the carrier's answer — is a :class:`Step`; :func:`advance` is the one definition of which step
may follow which, and who may take it. The service signs each step into a hash-chained history
(after DCSA PINT's envelope transfer chain) and replays the chain with :func:`advance` on every
read, so a history and the possession it claims can never disagree unnoticed.

>>> held = Possession.issued(holder_id="seller")
>>> offered = advance(held, Step.ENDORSE, actor_id="seller", recipient_id="buyer")
>>> offered.status.value, offered.pending_to
('offered', 'buyer')
>>> advance(offered, Step.ACCEPT, actor_id="buyer").holder_id
'buyer'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from landsea.domain.access import Action, Grant, grant
from landsea.domain.booking import Booking, Principal, Role
from landsea.domain.timetable import Service
from landsea.errors import Forbidden, InvalidStateTransition
from landsea.units import ServiceId

__all__ = [
    "PINT_ACTION_CODES",
    "DocumentParties",
    "DocumentStatus",
    "HistoryEntry",
    "Possession",
    "Step",
    "TransportDocument",
    "advance",
    "may_answer_document",
    "may_answer_surrender",
    "may_hold_document",
    "may_issue_document",
    "may_read_document",
    "may_release_pledge",
]


class DocumentStatus(StrEnum):
    """Where a document stands."""

    HELD = "held"
    """Its holder may endorse, pledge or surrender it."""
    OFFERED = "offered"
    """Endorsed to ``pending_to``, who accepts or refuses it."""
    PLEDGED = "pledged"
    """Security for a bank's credit (质押): only the bank releases it or, on default, takes it."""
    SURRENDER_REQUESTED = "surrender_requested"
    """Surrendered to the issuing carrier for delivery; the carrier accepts or refuses."""
    SURRENDERED = "surrendered"
    """Spent: the cargo is delivered against it and nothing more can happen to it."""


class Step(StrEnum):
    """One entry of a document's history."""

    ISSUE = "issue"
    ENDORSE = "endorse"
    ACCEPT = "accept"
    REFUSE = "refuse"
    PLEDGE = "pledge"
    RELEASE = "release"
    DEFAULT = "default"
    SURRENDER = "surrender"
    ACCEPT_SURRENDER = "accept_surrender"
    REFUSE_SURRENDER = "refuse_surrender"


PINT_ACTION_CODES: dict[Step, str] = {
    Step.ISSUE: "ISSUE",
    Step.ENDORSE: "ENDORSE_TO_ORDER",
    Step.ACCEPT: "TRANSFER",
    Step.REFUSE: "TRANSFER",
    Step.PLEDGE: "TRANSFER",
    Step.RELEASE: "TRANSFER",
    Step.DEFAULT: "ENDORSE_TO_ORDER",
    Step.SURRENDER: "SURRENDER_FOR_DELIVERY",
    Step.ACCEPT_SURRENDER: "SACC",
    Step.REFUSE_SURRENDER: "SREJ",
}
"""The DCSA PINT 3.0 ``Transaction.actionCode`` each step corresponds to (docs/documents.md)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Possession:
    """Who holds a document, and what is pending on it.

    ``holder_id`` is the holder (the endorsee in possession); while pledged it stays the pledgor
    and ``bank_id`` names the pledgee; ``pending_to`` is who must answer an endorsement (the
    endorsee) or a surrender (the issuing carrier); ``carrier_id`` is the issuer.
    """

    status: DocumentStatus
    holder_id: str
    carrier_id: str = ""
    pending_to: str | None = None
    bank_id: str | None = None

    @classmethod
    def issued(cls, *, holder_id: str, carrier_id: str = "") -> Possession:
        return cls(status=DocumentStatus.HELD, holder_id=holder_id, carrier_id=carrier_id)

    @property
    def spent(self) -> bool:
        return self.status is DocumentStatus.SURRENDERED


def _require(possession: Possession, step: Step, *statuses: DocumentStatus) -> None:
    if possession.status in statuses:
        return
    if possession.spent:
        raise InvalidStateTransition(
            f"the document is surrendered (spent): it cannot be {_past(step)} any more"
        )
    raise InvalidStateTransition(
        f"a {possession.status.value.replace('_', ' ')} document cannot be {_past(step)}"
        + (f" (pledged to {possession.bank_id})" if possession.bank_id else "")
        + (f" (waiting for {possession.pending_to})" if possession.pending_to else "")
    )


def _past(step: Step) -> str:
    return {
        Step.ISSUE: "issued",
        Step.ENDORSE: "endorsed (transferred)",
        Step.ACCEPT: "accepted",
        Step.REFUSE: "refused",
        Step.PLEDGE: "pledged",
        Step.RELEASE: "released",
        Step.DEFAULT: "taken on default",
        Step.SURRENDER: "surrendered",
        Step.ACCEPT_SURRENDER: "accepted for delivery",
        Step.REFUSE_SURRENDER: "refused for delivery",
    }[step]


def _only(actor_id: str, allowed: str | None, step: Step, who: str) -> None:
    if actor_id != allowed:
        raise Forbidden(
            f"only {who} ({allowed}) may {step.value.replace('_', ' ')} it, not {actor_id}"
        )


def advance(
    possession: Possession, step: Step, *, actor_id: str, recipient_id: str | None = None
) -> Possession:
    """The possession after ``actor_id`` takes ``step`` (``recipient_id``: the endorsee, or the
    bank of a pledge); :class:`InvalidStateTransition` when the document's state forbids it and
    :class:`Forbidden` when the step is someone else's to take.

    >>> held = Possession.issued(holder_id="seller", carrier_id="carrier")
    >>> pledged = advance(held, Step.PLEDGE, actor_id="seller", recipient_id="bank")
    >>> advance(pledged, Step.ENDORSE, actor_id="seller", recipient_id="buyer")
    Traceback (most recent call last):
    ...
    landsea.errors.InvalidStateTransition: a pledged document cannot be endorsed (transferred) (pledged to bank)
    """
    if step is Step.ISSUE:
        raise InvalidStateTransition("a document is issued once, as its history's first entry")
    if step in (Step.ENDORSE, Step.PLEDGE, Step.SURRENDER):
        _require(possession, step, DocumentStatus.HELD)
        _only(actor_id, possession.holder_id, step, "its holder")
        if step is Step.SURRENDER:
            return replace(
                possession,
                status=DocumentStatus.SURRENDER_REQUESTED,
                pending_to=possession.carrier_id,
            )
        if not recipient_id or recipient_id == actor_id:
            raise InvalidStateTransition(
                f"{step.value} needs another organisation to receive it, got {recipient_id!r}"
            )
        if step is Step.PLEDGE:
            return replace(possession, status=DocumentStatus.PLEDGED, bank_id=recipient_id)
        return replace(possession, status=DocumentStatus.OFFERED, pending_to=recipient_id)
    if step in (Step.ACCEPT, Step.REFUSE):
        _require(possession, step, DocumentStatus.OFFERED)
        _only(actor_id, possession.pending_to, step, "the endorsee")
        holder = actor_id if step is Step.ACCEPT else possession.holder_id
        return replace(possession, status=DocumentStatus.HELD, holder_id=holder, pending_to=None)
    if step in (Step.RELEASE, Step.DEFAULT):
        _require(possession, step, DocumentStatus.PLEDGED)
        _only(actor_id, possession.bank_id, step, "the pledgee bank")
        holder = actor_id if step is Step.DEFAULT else possession.holder_id
        return replace(possession, status=DocumentStatus.HELD, holder_id=holder, bank_id=None)
    _require(possession, step, DocumentStatus.SURRENDER_REQUESTED)
    _only(actor_id, possession.pending_to, step, "the issuing carrier")
    if step is Step.ACCEPT_SURRENDER:
        return replace(possession, status=DocumentStatus.SURRENDERED, pending_to=None)
    return replace(possession, status=DocumentStatus.HELD, pending_to=None)


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryEntry:
    """One signed step: ``signed`` is a compact JWS whose payload names the step, its actor and
    recipient, the document's checksum and the previous entry's ``checksum`` (SHA-256 of its
    JWS)."""

    seq: int
    step: Step
    actor_id: str
    recipient_id: str | None
    at: dt.datetime
    signed: str
    checksum: str


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class TransportDocument:
    """A transport document as stored: its DCSA eBL content, who holds it, and its history's
    head (``version`` entries, the last one's ``head_checksum``)."""

    reference: str
    booking_id: str
    issuer_id: str
    negotiable: bool
    content: dict[str, Any]
    content_checksum: str
    possession: Possession
    version: int
    head_checksum: str
    issued_at: dt.datetime
    updated_at: dt.datetime

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TransportDocument) and other.reference == self.reference

    def __hash__(self) -> int:
        return hash(("TransportDocument", self.reference))

    def __repr__(self) -> str:
        return f"TransportDocument(reference={self.reference!r})"


def _granted(principal: Principal, action: Action, own: bool) -> bool:
    """Whether the rules table grants ``principal`` ``action`` on a thing it owns (``own``) or not."""
    given = grant(principal, action)
    return given is Grant.ALL or (given is Grant.OWN and own)


# -- who may: the "own" of the rules table for documents (landsea.domain.access.RULES) ----------
# An operator owns the documents it issued (and issues them for bookings on its services); a
# shipper and a bank those whose history names them (a bank: documents pledged to it); each step
# is taken by the holder, the endorsee, the pledgee bank or the issuing carrier only.


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentParties:
    """Who a transport document concerns: its issuer, who holds it, who must answer a pending
    step, the pledgee bank, and every organisation its history names."""

    issuer_id: str
    holder_id: str
    pending_to: str | None = None
    bank_id: str | None = None
    named: frozenset[str] = frozenset()


def may_issue_document(
    principal: Principal, booking: Booking, services: Mapping[ServiceId, Service]
) -> bool:
    """An operator issues documents for bookings with a leg on its services."""
    runs = (services.get(ServiceId(leg.service_id)) for leg in booking.legs)
    own = any(s is not None and principal.operates(s.operator) for s in runs)
    return _granted(principal, Action.ISSUE_DOCUMENT, own)


def may_read_document(principal: Principal, parties: DocumentParties) -> bool:
    """The issuer; shippers and banks its history names (a bank: pledged to it); admins all."""
    if principal.role is Role.OPERATOR:
        own = parties.issuer_id == principal.organisation_id
    else:
        own = principal.organisation_id in parties.named | {parties.holder_id}
    return _granted(principal, Action.READ_DOCUMENT, own)


def may_hold_document(principal: Principal, parties: DocumentParties) -> bool:
    """Its holder endorses, pledges and surrenders it."""
    own = parties.holder_id == principal.organisation_id
    return _granted(principal, Action.HOLD_DOCUMENT, own)


def may_answer_document(principal: Principal, parties: DocumentParties) -> bool:
    """The endorsee accepts or refuses an endorsement."""
    own = parties.pending_to == principal.organisation_id
    return _granted(principal, Action.ANSWER_DOCUMENT, own)


def may_release_pledge(principal: Principal, parties: DocumentParties) -> bool:
    """The pledgee bank releases a pledge or takes the document on default."""
    own = parties.bank_id == principal.organisation_id
    return _granted(principal, Action.RELEASE_PLEDGE, own)


def may_answer_surrender(principal: Principal, parties: DocumentParties) -> bool:
    """The issuing carrier accepts or refuses a surrender for delivery."""
    own = parties.issuer_id == principal.organisation_id
    return _granted(principal, Action.ANSWER_SURRENDER, own)
