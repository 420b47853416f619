"""The printable transport document: both languages in its text, the reference, the holder and
the verification address (the QR code's), with the shipped fonts only (both databases)."""

from __future__ import annotations

import io
import logging

import pypdf
import pytest

from landsea.services import documents
from landsea.services.document_pdf import document_pdf
from landsea.services.platform import Platform
from landsea.web.pages.documents import FONTS
from tests.services.test_documents import Orgs, issued


def test_the_pdf_is_bilingual_and_names_holder_and_verification(platform: Platform) -> None:
    orgs = Orgs(platform)
    ref = issued(platform, orgs)
    documents.pledge(platform, orgs.seller, ref, orgs.bank.organisation_id)
    view = documents.get_document(platform, orgs.seller, ref)
    url = f"https://landsea.example/verify/{ref}"
    body = document_pdf(view, url, FONTS)
    assert body.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)
    flat = " ".join(text.split())
    for wanted in ("多式联运提单", "Multimodal Transport Document", "持有人 Holder",
                   "Chongqing Seller", "已质押 / pledged", "Land-Sea Bank", ref, url,
                   "Laptop computers", "CSQU3054383", "签名记录 / Signed history"):  # fmt: skip
        assert wanted in flat, wanted


def test_vietnamese_and_chinese_names_have_their_glyphs_and_fonts_are_decoded_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Hà Nội, Hải Phòng: the Vietnamese subset is a fallback (fpdf2 logs each missing glyph);
    the WOFF2 files are decompressed once per process, not for every PDF."""
    from fpdf import FPDF

    from landsea.services.document_pdf import add_fonts, embeddable

    with caplog.at_level(logging.WARNING, logger="fpdf"):
        for _ in range(2):
            pdf = FPDF()
            pdf.add_page()
            add_fonts(pdf, FONTS, main="main")
            pdf.set_font("main", size=10)
            pdf.cell(text="河内 Hà Nội · 海防 Hải Phòng · 老街 Lào Cai")
            text = pypdf.PdfReader(io.BytesIO(pdf.output())).pages[0].extract_text()
            assert "Hà Nội" in text and "海防" in text
    assert not [r for r in caplog.records if "missing" in r.getMessage()]
    assert embeddable(FONTS.chinese) == embeddable(FONTS.chinese)
    assert embeddable(FONTS.chinese).suffix == ".otf" and embeddable(FONTS.chinese).is_file()
