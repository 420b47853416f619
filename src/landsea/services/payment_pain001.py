"""An invoice as an ISO 20022 ``pain.001.001.09`` customer credit transfer initiation: the file the
payer gives its bank to pay what is still due.

The remittance is structured: ``RmtInf/Strd/RfrdDocInf`` names the invoice (type ``CINV``, its
number and date) with the amount due, and the end-to-end id is the invoice number, so the
creditor's bank notification (camt.054) carries it back and the payment is matched without
guessing (:mod:`landsea.domain.invoice_payment`). landsea holds no bank accounts: the debtor's
and creditor's accounts and agents are ``NOTPROVIDED`` (ISO 20022's usage for a missing
identification), for the payer's banking software to complete.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET

from landsea.domain.invoice import InvoiceKind, Settlement
from landsea.domain.money import Money
from landsea.errors import InvalidStateTransition
from landsea.services.invoices import InvoiceView

__all__ = ["NAMESPACE", "pain001"]

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
_NOT_PROVIDED = "NOTPROVIDED"


def _add(parent: ET.Element, path: str, text: str | None = None, **attributes: str) -> ET.Element:
    """The element at ``path`` (``A/B/C``) under ``parent``, made new, with ``text``."""
    element = parent
    for name in path.split("/"):
        element = ET.SubElement(element, name)
    element.attrib.update(attributes)
    element.text = text
    return element


def _amount(money: Money) -> str:
    return f"{money.rounded().amount:f}"


def _due(view: InvoiceView) -> Money:
    invoice = view.invoice
    if invoice.kind is not InvoiceKind.INVOICE:
        raise InvalidStateTransition(f"{invoice.number} is a credit note: there is nothing to pay")
    if view.settlement in (Settlement.CREDITED, Settlement.PAID, Settlement.OVER_PAID):
        raise InvalidStateTransition(
            f"invoice {invoice.number} is {view.settlement.value.replace('_', '-')}: "
            "there is nothing left to pay"
        )
    return Money(invoice.total.amount - view.received.amount, invoice.currency)


def pain001(view: InvoiceView, *, now: dt.datetime | None = None) -> bytes:
    """The credit transfer of what is due on ``view``'s invoice (its total less what was received)."""
    invoice = view.invoice
    due = _due(view)
    now = now or dt.datetime.now(dt.UTC)
    root = ET.Element("Document", xmlns=NAMESPACE)
    initiation = _add(root, "CstmrCdtTrfInitn")
    header = _add(initiation, "GrpHdr")
    _add(header, "MsgId", "LNDS" + uuid.uuid4().hex[:24].upper())
    _add(header, "CreDtTm", now.isoformat(timespec="seconds"))
    _add(header, "NbOfTxs", "1")
    _add(header, "CtrlSum", _amount(due))
    _add(header, "InitgPty/Nm", view.customer_name[:140])
    batch = _add(initiation, "PmtInf")
    _add(batch, "PmtInfId", invoice.number)
    _add(batch, "PmtMtd", "TRF")
    _add(batch, "NbOfTxs", "1")
    _add(batch, "CtrlSum", _amount(due))
    _add(batch, "ReqdExctnDt/Dt", max(now.date(), invoice.issue_date).isoformat())
    _add(batch, "Dbtr/Nm", view.customer_name[:140])
    _add(batch, "DbtrAcct/Id/Othr/Id", _NOT_PROVIDED)
    _add(batch, "DbtrAgt/FinInstnId/Othr/Id", _NOT_PROVIDED)
    transfer = _add(batch, "CdtTrfTxInf")
    _add(transfer, "PmtId/EndToEndId", invoice.number)
    _add(transfer, "Amt/InstdAmt", _amount(due), Ccy=due.currency)
    _add(transfer, "CdtrAgt/FinInstnId/Othr/Id", _NOT_PROVIDED)
    _add(transfer, "Cdtr/Nm", view.issuer_name[:140])
    _add(transfer, "CdtrAcct/Id/Othr/Id", _NOT_PROVIDED)
    structured = _add(transfer, "RmtInf/Strd")
    document = _add(structured, "RfrdDocInf")
    _add(document, "Tp/CdOrPrtry/Cd", "CINV")
    _add(document, "Nb", invoice.number)
    _add(document, "RltdDt", invoice.issue_date.isoformat())
    _add(structured, "RfrdDocAmt/DuePyblAmt", _amount(due), Ccy=due.currency)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
