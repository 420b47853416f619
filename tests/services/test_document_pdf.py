"""The printable transport document: both languages in its text, the reference, the holder and
the verification address (the QR code's), with the shipped fonts only (both databases)."""

from __future__ import annotations

import io

import pypdf

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
