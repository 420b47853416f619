"""An invoice or credit note as a bilingual (Chinese / English) PDF, with the CJK font landsea
ships for its web pages (Noto Sans SC subsets, embedded)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fpdf import FPDF

from landsea.domain.invoice import InvoiceKind
from landsea.domain.money import Money
from landsea.services.document_pdf import FontFiles, add_fonts
from landsea.services.invoice_ubl import rates_note
from landsea.services.invoices import InvoiceView

__all__ = ["invoice_pdf", "shipped_fonts"]

_SETTLEMENT = {
    "unpaid": "未付 unpaid",
    "part_paid": "部分支付 part-paid",
    "paid": "已付清 paid",
    "over_paid": "多付 over-paid",
    "credited": "已冲销 credited",
}


def shipped_fonts() -> FontFiles:
    """The Noto Sans SC subsets shipped with the web pages."""
    folder = Path(str(files("landsea") / "web" / "static" / "fonts" / "noto-sans-sc"))
    return FontFiles(
        latin=folder / "noto-sans-sc-latin-400-normal.woff2",
        chinese=folder / "noto-sans-sc-chinese-simplified-400-normal.woff2",
        more=(folder / "noto-sans-sc-vietnamese-400-normal.woff2",),
    )


def _money(money: Money) -> str:
    return f"{money.rounded().amount:,f} {money.currency}"


_NO_GLYPH = str.maketrans({"→": "->"})
"""Signs the shipped Noto Sans SC subsets have no glyph for, and what the PDF prints instead."""


def _row(pdf: FPDF, label: str, value: str) -> None:
    pdf.set_font("landsea", size=8)
    pdf.cell(55, 6, text=label.translate(_NO_GLYPH))
    pdf.set_font("landsea", size=10)
    pdf.multi_cell(0, 6, text=(value or "-").translate(_NO_GLYPH), new_x="LMARGIN",
                   new_y="NEXT")  # fmt: skip


def invoice_pdf(view: InvoiceView, fonts: FontFiles | None = None) -> bytes:
    """The invoice: parties, number and date, each line in both languages, tax and totals, and
    — for an invoice — what was received and where it stands."""
    fonts = fonts or shipped_fonts()
    invoice = view.invoice
    credit = invoice.kind is InvoiceKind.CREDIT_NOTE
    pdf = FPDF(format="A4")
    pdf.set_title(f"{'Credit note' if credit else 'Invoice'} {invoice.number}")
    add_fonts(pdf, fonts, main="landsea")
    pdf.add_page()
    pdf.set_font("landsea", size=16)
    title = "贷项通知单 / Credit note" if credit else "发票 / Invoice"
    pdf.cell(0, 10, text=title, new_x="LMARGIN", new_y="NEXT")
    _row(pdf, "编号 Number", invoice.number)
    _row(pdf, "开具日期 Issue date", invoice.issue_date.isoformat())
    _row(pdf, "开票方 Issuer", view.issuer_name)
    _row(pdf, "客户 Customer", view.customer_name)
    _row(pdf, "订舱 Booking", invoice.booking_id)
    if credit:
        _row(pdf, "冲销发票 Credits invoice", invoice.credits_number or "")
    if invoice.reason:
        _row(pdf, "原因 Reason", invoice.reason)
    pdf.ln(2)
    for n, line in enumerate(invoice.lines, start=1):
        tariff = "" if line.charged is None else f"\n运价 Tariff {_money(line.charged)}"
        _row(pdf, f"{n}. {_money(line.amount)}",
             f"{line.description_zh}\n{line.description_en}{tariff}")  # fmt: skip
    for conversion in invoice.conversions:
        _row(pdf, "汇率（订舱时锁定）Rates frozen at booking", rates_note(conversion))
    pdf.ln(2)
    _row(pdf, "不含税金额 Net", _money(invoice.net))
    _row(pdf, f"税 Tax ({invoice.tax.category}, {invoice.tax.percent:f} %)",
         f"{_money(invoice.tax_amount)} · {invoice.tax.reason}")  # fmt: skip
    _row(pdf, "合计 Total", _money(invoice.total))
    if view.settlement is not None:
        _row(pdf, "已收款 Received", _money(view.received))
        _row(pdf, "状态 Status", _SETTLEMENT[view.settlement.value])
        if view.settlement.value in ("unpaid", "part_paid"):
            _row(pdf, "付款附言 Remittance",
                 f"ISO 20022 RfrdDocInf/Nb = {invoice.number} (pain.001 available)")  # fmt: skip
    return bytes(pdf.output())
