"""Bank notifications (ISO 20022 ``camt.054.001.13``) imported and reconciled to invoices.

An operator imports the notification its bank sent for its account; every booked credit in it
(an entry, or each transaction of an entry) is matched to one of the operator's invoices by the
rule of :mod:`landsea.domain.invoice_payment` — structured reference or end-to-end id, same
currency — or left unmatched with the reason. A credit whose bank reference was imported before
is a duplicate and counts once. Debits, reversals and entries not yet booked are listed as
skipped. The report says, credit by credit, what matched, why, and where each invoice now stands
(paid, part-paid, over-paid).
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from landsea.domain import access
from landsea.domain import invoice as rules
from landsea.domain.booking import Principal
from landsea.domain.invoice_payment import Credit, Outcome, match
from landsea.domain.money import Money
from landsea.errors import InvalidInput
from landsea.services.invoice_xsd import parse
from landsea.services.invoices import view_of
from landsea.services.platform import Platform

__all__ = ["CAMT054", "CreditResult", "ImportReport", "Skipped", "import_payments", "imports"]

CAMT054 = "camt.054.001.13"
_NS = {"c": f"urn:iso:std:iso:20022:tech:xsd:{CAMT054}"}
MAX_BYTES = 5_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class CreditResult:
    """One credit of the notification: how it was matched and where its invoice now stands."""

    bank_reference: str
    amount: Decimal
    currency: str
    outcome: str
    reason: str
    invoice_id: str | None = None
    invoice_number: str | None = None
    settlement: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Skipped:
    entry: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportReport:
    id: str
    message_id: str
    file_name: str
    imported_at: dt.datetime
    credits: tuple[CreditResult, ...]
    skipped: tuple[Skipped, ...]


def _text(element: ET.Element, path: str) -> str | None:
    found = element.findtext(path, namespaces=_NS)
    return None if found is None else found.strip() or None


def _money(element: ET.Element | None) -> Money | None:
    if element is None or element.text is None:
        return None
    try:
        return Money(Decimal(element.text.strip()), element.get("Ccy", ""))
    except (InvalidOperation, ValueError) as exc:
        raise InvalidInput(f"amount {element.text!r} {element.get('Ccy')!r}: {exc}") from exc


def _date(entry: ET.Element) -> dt.date | None:
    day = _text(entry, "c:BookgDt/c:Dt") or (_text(entry, "c:BookgDt/c:DtTm") or "")[:10]
    return dt.date.fromisoformat(day) if day else None


def _credit(entry: ET.Element, tx: ET.Element | None, key: str, alone: bool) -> Credit | str:
    """The credit of ``tx`` (or of the entry without transaction details), or why there is none."""
    source = entry if tx is None else tx
    amount = _money(source.find("c:Amt", _NS)) or (
        _money(entry.find("c:Amt", _NS)) if alone else None
    )
    if amount is None:
        return "a transaction of a batch entry without its own amount"
    own = None if tx is None else _text(tx, "c:Refs/c:AcctSvcrRef")
    entry_ref = _text(entry, "c:AcctSvcrRef")
    reference = own or (entry_ref and (entry_ref if alone else f"{entry_ref}/{key}")) or key
    strd = [] if tx is None else tx.findall("c:RmtInf/c:Strd", _NS)
    refs = [_text(s, "c:RfrdDocInf/c:Nb") for s in strd] + [
        _text(s, "c:CdtrRefInf/c:Ref") for s in strd
    ]
    free = [] if tx is None else [u.text or "" for u in tx.findall("c:RmtInf/c:Ustrd", _NS)]
    return Credit(
        bank_reference=reference[:200],
        end_to_end_id=None if tx is None else _text(tx, "c:Refs/c:EndToEndId"),
        references=tuple(r for r in refs if r), unstructured=" ".join(free).strip() or None,
        amount=amount, booked_on=_date(entry),
    )  # fmt: skip


def _credits(root: ET.Element) -> tuple[str, list[Credit], list[Skipped]]:
    message = _text(root, "c:BkToCstmrDbtCdtNtfctn/c:GrpHdr/c:MsgId") or ""
    credits: list[Credit] = []
    skipped: list[Skipped] = []
    for notification in root.findall("c:BkToCstmrDbtCdtNtfctn/c:Ntfctn", _NS):
        for n, entry in enumerate(notification.findall("c:Ntry", _NS)):
            where = f"{message}/{_text(notification, 'c:Id')}/{n + 1}"
            status = _text(entry, "c:Sts/c:Cd") or _text(entry, "c:Sts/c:Prtry")
            why = None
            if _text(entry, "c:CdtDbtInd") != "CRDT":
                why = "a debit, not a payment received"
            elif _text(entry, "c:RvslInd") == "true":
                why = "a reversal"
            elif status != "BOOK":
                why = f"status {status}: not booked yet"
            if why is not None:
                skipped.append(Skipped(entry=where, reason=why))
                continue
            txs = entry.findall("c:NtryDtls/c:TxDtls", _NS)
            for k, tx in enumerate(txs or [None]):
                found = _credit(entry, tx, f"{where}/{k + 1}", alone=len(txs) <= 1)
                if isinstance(found, str):
                    skipped.append(Skipped(entry=f"{where}/{k + 1}", reason=found))
                else:
                    credits.append(found)
    return message, credits, skipped


def _read(document: bytes) -> ET.Element:
    if len(document) > MAX_BYTES:
        raise InvalidInput(f"file has {len(document)} bytes; at most {MAX_BYTES} are read")
    head = document[:2000]
    if b"camt.054" in head and _NS["c"].encode() not in head:
        raise InvalidInput(f"file is another camt.054 version: landsea reads {CAMT054}")
    return parse(CAMT054, document).root


def import_payments(
    platform: Platform, principal: Principal, document: bytes, file_name: str = "camt.054.xml"
) -> ImportReport:
    """Import an operator's camt.054 notification and reconcile its credits to its invoices."""
    access.check(rules.may_import_payments(principal), principal, access.Action.ISSUE_INVOICE)
    message, credits, skipped = _credits(_read(document))
    report_id = str(uuid.uuid4())
    organisation = principal.organisation_id
    results = []
    with platform.uow() as uow:
        numbers = uow.invoices.by_numbers(organisation)
        uow.payments.add_import(id=report_id, organisation_id=organisation, message_id=message[:35],
                                file_name=file_name[:200], report={})  # fmt: skip
        for credit in credits:
            found = match(credit, numbers)
            stored = not uow.payments.seen(organisation, credit.bank_reference) and uow.payments.add(
                id=str(uuid.uuid4()), import_id=report_id, organisation_id=organisation,
                credit=credit, matched=found,
            )  # fmt: skip
            outcome = found.outcome if stored else Outcome.DUPLICATE
            reason = found.reason if stored else "imported before: counted once"
            results.append((credit, outcome, reason, found.invoice if stored else None))
        finished = []
        for credit, outcome, reason, invoice in results:
            state = None if invoice is None else view_of(uow, invoice).settlement
            finished.append(CreditResult(
                bank_reference=credit.bank_reference, amount=credit.amount.amount,
                currency=credit.amount.currency, outcome=outcome.value, reason=reason,
                invoice_id=None if invoice is None else invoice.id,
                invoice_number=None if invoice is None else invoice.number,
                settlement=None if state is None else state.value,
            ))  # fmt: skip
        report = ImportReport(id=report_id, message_id=message, file_name=file_name,
                              imported_at=dt.datetime.now(dt.UTC), credits=tuple(finished),
                              skipped=tuple(skipped))  # fmt: skip
        uow.payments.set_report(report_id, _stored(report))
    return report


def _stored(report: ImportReport) -> dict[str, Any]:
    body = asdict(report)
    body["imported_at"] = report.imported_at.isoformat()
    for credit in body["credits"]:
        credit["amount"] = str(credit["amount"])
    return body


def _loaded(body: dict[str, Any]) -> ImportReport:
    return ImportReport(
        id=body["id"], message_id=body["message_id"], file_name=body["file_name"],
        imported_at=dt.datetime.fromisoformat(body["imported_at"]),
        credits=tuple(CreditResult(**dict(c, amount=Decimal(c["amount"]))) for c in body["credits"]),
        skipped=tuple(Skipped(**s) for s in body["skipped"]),
    )  # fmt: skip


def imports(platform: Platform, principal: Principal) -> list[ImportReport]:
    """The operator's imports and what each reconciled, newest first."""
    access.check(rules.may_import_payments(principal), principal, access.Action.ISSUE_INVOICE)
    with platform.uow(read_only=True) as uow:
        return [_loaded(body) for body in uow.payments.imports(principal.organisation_id)]
