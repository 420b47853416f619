"""camt.054.001.13 notifications for the tests, built entry by entry (each is schema-valid)."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape


@dataclass(frozen=True, slots=True, kw_only=True)
class Tx:
    amount: str
    currency: str = "CNY"
    bank_ref: str | None = None
    end_to_end: str | None = None
    invoice: str | None = None
    free_text: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    amount: str
    currency: str = "CNY"
    credit: bool = True
    status: str = "BOOK"
    bank_ref: str | None = None
    txs: tuple[Tx, ...] = ()


def _tx(tx: Tx) -> str:
    refs = ""
    if tx.bank_ref:
        refs += f"<AcctSvcrRef>{escape(tx.bank_ref)}</AcctSvcrRef>"
    if tx.end_to_end:
        refs += f"<EndToEndId>{escape(tx.end_to_end)}</EndToEndId>"
    remittance = ""
    if tx.free_text:
        remittance += f"<Ustrd>{escape(tx.free_text)}</Ustrd>"
    if tx.invoice:
        remittance += (
            "<Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp>"
            f"<Nb>{escape(tx.invoice)}</Nb></RfrdDocInf></Strd>"
        )
    return (
        "<TxDtls>"
        + (f"<Refs>{refs}</Refs>" if refs else "")
        + f'<Amt Ccy="{tx.currency}">{tx.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
        + (f"<RmtInf>{remittance}</RmtInf>" if remittance else "")
        + "</TxDtls>"
    )


def _entry(entry: Entry) -> str:
    details = "".join(_tx(tx) for tx in entry.txs)
    return (
        f'<Ntry><Amt Ccy="{entry.currency}">{entry.amount}</Amt>'
        f"<CdtDbtInd>{'CRDT' if entry.credit else 'DBIT'}</CdtDbtInd>"
        f"<Sts><Cd>{entry.status}</Cd></Sts><BookgDt><Dt>2026-12-20</Dt></BookgDt>"
        + (f"<AcctSvcrRef>{entry.bank_ref}</AcctSvcrRef>" if entry.bank_ref else "")
        + "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>XBCT</SubFmlyCd></Fmly>"
        "</Domn></BkTxCd>" + (f"<NtryDtls>{details}</NtryDtls>" if details else "") + "</Ntry>"
    )


def camt054(*entries: Entry, message_id: str = "MSG-1") -> bytes:
    body = "".join(_entry(e) for e in entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.13">'
        f"<BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>{message_id}</MsgId>"
        "<CreDtTm>2026-12-20T10:00:00+08:00</CreDtTm></GrpHdr>"
        "<Ntfctn><Id>N1</Id><Acct><Id><Othr><Id>6222000012345678</Id></Othr></Id></Acct>"
        f"{body}</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>"
    ).encode()
