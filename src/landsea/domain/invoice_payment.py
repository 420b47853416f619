"""Bank credits and the invoices they pay: the matching rule, in one place.

A credit (one entry, or one transaction of an entry, of an ISO 20022 ``camt.054`` notification)
is matched to an invoice only by what the payer's bank carried in structured form: the invoice
number in the structured remittance (``Strd/RfrdDocInf/Nb``, or a creditor reference) or the
payment's end-to-end id — never by guessing from free text, amounts or names. It is matched
when those name exactly one invoice of the organisation that received it, and in that invoice's
currency; anything else is left unmatched with the reason. Whether the amount pays the invoice
in full, in part or too much is the invoice's :func:`~landsea.domain.invoice.settlement`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from landsea.domain.invoice import Invoice, InvoiceKind
from landsea.domain.money import Money

__all__ = ["Credit", "Match", "Outcome", "match"]

_NOT_PROVIDED = "NOTPROVIDED"
"""What an end-to-end id says when the payer gave none (ISO 20022 usage)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Credit:
    """Money received on the organisation's account, as its bank notified it."""

    bank_reference: str
    """The bank's own reference of the credit (its identity: the same twice is a duplicate)."""
    end_to_end_id: str | None
    references: tuple[str, ...]
    """Structured remittance references (referred document numbers, creditor references)."""
    unstructured: str | None
    amount: Money
    booked_on: dt.date | None


class Outcome(StrEnum):
    MATCHED = "matched"
    UNMATCHED = "unmatched"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True, kw_only=True)
class Match:
    outcome: Outcome
    invoice: Invoice | None
    reason: str


def _unmatched(reason: str, credit: Credit) -> Match:
    if credit.unstructured:
        reason += f"; the free text {credit.unstructured[:60]!r} is not used to match"
    return Match(outcome=Outcome.UNMATCHED, invoice=None, reason=reason)


def match(credit: Credit, invoices: Mapping[str, Invoice]) -> Match:
    """The invoice ``credit`` pays among ``invoices`` (by number), or why none.

    >>> from decimal import Decimal
    >>> c = Credit(bank_reference="B1", end_to_end_id=None, references=("INV-000009",),
    ...            unstructured=None, amount=Money(Decimal("5"), "CNY"), booked_on=None)
    >>> match(c, {}).reason
    "reference 'INV-000009' names no invoice of the receiving organisation"
    """
    named = list(dict.fromkeys(credit.references))
    if credit.end_to_end_id and credit.end_to_end_id != _NOT_PROVIDED:
        named.append(credit.end_to_end_id)
    named = list(dict.fromkeys(named))
    if not named:
        return _unmatched("no structured reference or end-to-end id names an invoice", credit)
    found = {n: invoices[n] for n in named if n in invoices}
    if not found:
        listed = ", ".join(repr(n) for n in named)
        noun = "reference" if len(named) == 1 else "references"
        return _unmatched(f"{noun} {listed} names no invoice of the receiving organisation", credit)
    if len(found) > 1:
        listed = ", ".join(sorted(found))
        return _unmatched(f"the references name several invoices ({listed}): not split", credit)
    number, invoice = next(iter(found.items()))
    if invoice.kind is InvoiceKind.CREDIT_NOTE:
        return _unmatched(f"{number} is a credit note, not an invoice to pay", credit)
    if credit.amount.currency != invoice.currency:
        return _unmatched(
            f"currency {credit.amount.currency} differs from invoice {number}'s "
            f"{invoice.currency} (never converted)",
            credit,
        )
    how = "structured reference" if number in credit.references else "end-to-end id"
    return Match(
        outcome=Outcome.MATCHED,
        invoice=invoice,
        reason=f"{how} {number}, {credit.amount} against a total of {invoice.total}",
    )
