"""A printable transport document: bilingual (中文/English) PDF with a QR code to its public
verification page.

fpdf2 embeds a subset of the fonts it is given — the platform ships Noto Sans SC (SIL OFL 1.1) as
WOFF2 files for the web pages; fontTools (with Brotli) reads them, so no other font file and no
external service is needed. segno draws the QR code.

Decompressing the 1.1 MB Chinese WOFF2 takes seconds, and fpdf2 would do it for every PDF:
:func:`embeddable` does it once per process, into a private temporary folder, and every PDF
reads the plain OpenType file from there (~0.2 s a PDF instead of ~3–8 s).
"""

from __future__ import annotations

import atexit
import io
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import segno
from fpdf import FPDF

from landsea.services.documents import DocumentView

__all__ = ["FontFiles", "add_fonts", "document_pdf", "embeddable"]

_STATUS = {
    "held": ("持有中", "held"),
    "offered": ("背书待接收", "endorsed, awaiting acceptance"),
    "pledged": ("已质押", "pledged"),
    "surrender_requested": ("已提交交付", "surrendered, awaiting the carrier"),
    "surrendered": ("已交付（失效）", "surrendered (spent)"),
}
_STEPS = {
    "issue": "签发 issue",
    "endorse": "背书 endorse",
    "accept": "接收 accept",
    "refuse": "拒收 refuse",
    "pledge": "质押 pledge",
    "release": "解押 release",
    "default": "违约取得 default",
    "surrender": "交付提交 surrender",
    "accept_surrender": "交付确认 delivered",
    "refuse_surrender": "交付拒绝 surrender refused",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class FontFiles:
    """The fonts to embed: Chinese (with ASCII) and Latin (accented letters)."""

    latin: Path
    chinese: Path
    more: tuple[Path, ...] = ()
    """Further fallbacks, e.g. the Vietnamese subset (Hà Nội, Hải Phòng)."""


_PLAIN: dict[Path, Path] = {}
_PLAIN_LOCK = threading.Lock()


def embeddable(font: Path) -> Path:
    """``font`` as a file fpdf2 reads quickly: a WOFF/WOFF2 file decompressed once per process
    into a private temporary folder (removed at exit); any other font as it is."""
    if font.suffix.lower() not in (".woff", ".woff2"):
        return font
    with _PLAIN_LOCK:
        found = _PLAIN.get(font)
        if found is None:
            from fontTools.ttLib import TTFont

            folder = Path(tempfile.mkdtemp(prefix="landsea-fonts-"))  # mode 0700, this process's
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            decoded = TTFont(str(font))
            decoded.flavor = None
            found = folder / f"{font.stem}.otf"
            decoded.save(str(found))
            _PLAIN[font] = found
        return found


def add_fonts(pdf: FPDF, fonts: FontFiles, *, main: str) -> None:
    """The Chinese subset as ``main`` (it holds ASCII too: one font for nearly all text), the
    Latin subset and any further ones as fallbacks for accented letters."""
    pdf.add_font(main, fname=str(embeddable(fonts.chinese)))
    fallbacks = []
    for n, font in enumerate((fonts.latin, *fonts.more)):
        fallbacks.append(f"landsea-extra{n or ''}")
        pdf.add_font(fallbacks[-1], fname=str(embeddable(font)))
    pdf.set_fallback_fonts(fallbacks)


def _row(pdf: FPDF, zh: str, en: str, value: str) -> None:
    pdf.set_font("landsea-latin", size=8)
    pdf.cell(60, 6, text=f"{zh} {en}")
    pdf.set_font("landsea-latin", size=10)
    pdf.multi_cell(0, 6, text=value or "-", new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: FPDF, zh: str, en: str) -> None:
    pdf.ln(2)
    pdf.set_font("landsea-latin", size=12)
    pdf.cell(0, 8, text=f"{zh} / {en}", new_x="LMARGIN", new_y="NEXT")


def _place(transports: dict[str, Any], key: str) -> str:
    place = transports.get(key) or {}
    return f"{place.get('locationName', '')} ({place.get('UNLocationCode', '')})"


def document_pdf(view: DocumentView, verify_url: str, fonts: FontFiles) -> bytes:
    """The document as a PDF: parties, route and legs, goods, equipment, charges, the holder and
    its history, and a QR code to ``verify_url``."""
    content, document = view.document.content, view.document
    names = view.names
    pdf = FPDF(format="A4")
    pdf.set_title(f"Transport document {document.reference}")
    add_fonts(pdf, fonts, main="landsea-latin")
    pdf.add_page()
    pdf.set_font("landsea-latin", size=16)
    pdf.cell(0, 10, text="多式联运提单（一单制）", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, text="Multimodal Transport Document (one document for the whole journey)",
             new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    qr = segno.make(verify_url, error="m")
    image = io.BytesIO()
    qr.save(image, kind="png", scale=4, border=2)
    image.seek(0)
    pdf.image(image, x=160, y=10, w=36)
    zh_status, en_status = _STATUS[document.possession.status.value]
    parties = content["documentParties"]
    _row(pdf, "编号", "Reference", document.reference)
    _row(pdf, "类型", "Type", "可转让（凭指示） negotiable, to order" if document.negotiable
         else "不可转让（记名） straight")  # fmt: skip
    _row(pdf, "状态", "Status", f"{zh_status} / {en_status}")
    _row(pdf, "持有人", "Holder", names.get(document.possession.holder_id, ""))
    if document.possession.bank_id:
        _row(pdf, "质权银行", "Pledged to", names.get(document.possession.bank_id, ""))
    _row(pdf, "承运人", "Carrier", parties["issuingParty"]["partyName"])
    _row(pdf, "托运人", "Shipper", parties["shipper"]["partyName"])
    consignee = parties.get("consignee", {}).get("partyName", "凭指示 To order")
    _row(pdf, "收货人", "Consignee", consignee)
    _row(pdf, "签发地与日期", "Place and date of issue",
         f"{content['placeOfIssue']['locationName']} {content['issueDate']}")  # fmt: skip
    transports = content["transports"]
    _row(pdf, "收货地", "Place of receipt", _place(transports, "placeOfReceipt"))
    _row(pdf, "交货地", "Place of delivery", _place(transports, "placeOfDelivery"))
    _heading(pdf, "运输区段", "Legs")
    for leg in content.get("landseaLegs", []):
        _row(pdf, f"第{leg['sequence']}程", f"leg {leg['sequence']}",
             f"{leg['mode']} · {leg['carrier']} · {leg['from']} - {leg['to']} · "
             f"{(leg['plannedDeparture'] or '')[:16]}")  # fmt: skip
    _heading(pdf, "货物与集装箱", "Goods and containers")
    for item in content["consignmentItems"]:
        cargo = item["cargoItems"][0]
        _row(pdf, "HS", "goods", f"{item['HSCodes'][0]} {item['descriptionOfGoods'][0]} · "
             f"{cargo['outerPackaging']['numberOfPackages']} {cargo['outerPackaging']['description']}"
             f" · {cargo['cargoGrossWeight']['value']} kg · {cargo['equipmentReference']}")  # fmt: skip
    for unit in content["utilizedTransportEquipments"]:
        seals = ", ".join(s["number"] for s in unit["seals"])
        _row(
            pdf,
            "集装箱",
            "Container",
            f"{unit['equipment']['equipmentReference']} · 封志 seals {seals}",
        )
    for charge in content.get("charges", []):
        _row(pdf, "运费", "Freight", f"{charge['currencyAmount']:.2f} {charge['currencyCode']} "
             f"({charge['paymentTermCode']})")  # fmt: skip
    _heading(pdf, "签名记录", "Signed history")
    for entry in view.history:
        _row(pdf, f"#{entry.seq}", _STEPS[entry.step.value],
             f"{names.get(entry.actor_id, entry.actor_id)} · {entry.at.isoformat()[:19]}Z · "
             f"SHA-256 {entry.checksum[:16]}…")  # fmt: skip
    _row(pdf, "验证", "Verify", verify_url)
    return bytes(pdf.output())
