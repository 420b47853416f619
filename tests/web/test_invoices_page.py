"""The Invoices page, rendered on the server: an operator issues an invoice for a confirmed
booking, the shipper sees it and downloads its UBL, PDF and pain.001, the operator imports the
bank's camt.054 and sees it reconciled, then cancels it with a credit note; in both languages."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from landsea.services.invoice_xsd import problems
from landsea.services.platform import Platform
from tests.services.camt import Entry, Tx, camt054
from tests.web.conftest import account, csrf_of, sign_in


def test_issue_download_reconcile_and_credit_on_the_invoices_page(
    web: TestClient, demo_platform: tuple[Platform, Any]
) -> None:
    _, demo = demo_platform
    sign_in(web, account(demo, "operator"))
    page = web.get("/invoices?lang=en")
    assert page.status_code == 200 and "Confirmed bookings to invoice" in page.text
    booking = re.search(r'name="booking_id" value="([^"]+)"', page.text)
    assert booking, "the operator is offered a confirmed booking to invoice"
    issued = web.post("/invoices/issue", data={"csrf": csrf_of(page.text),
                                               "booking_id": booking.group(1)})  # fmt: skip
    assert issued.status_code == 200 and "Issued: INV-000001." in issued.text
    invoice_id = re.search(r'id="inv-([0-9a-f-]{36})"', issued.text)
    assert invoice_id
    total = re.search(r"Total</th><td class=\"num\">([0-9.]+) CNY", issued.text)
    assert total
    camt = camt054(Entry(amount=total.group(1), bank_ref="W1",
                         txs=(Tx(amount=total.group(1), invoice="INV-000001"),)))  # fmt: skip
    imported = web.post("/invoices/payments", data={"csrf": csrf_of(issued.text)},
                        files={"file": ("day.xml", camt, "application/xml")})  # fmt: skip
    assert "1/1 credits matched" in imported.text and "W1" in imported.text
    assert "structured reference INV-000001" in imported.text
    zh = web.get("/invoices?lang=zh-CN")
    assert "已付清" in zh.text and "导入并对账" in zh.text
    web.post("/signout", data={"csrf": csrf_of(zh.text)})
    customer = re.search(r"Customer: ([^·<]+?) ·", issued.text)
    assert customer
    shipper = next(a for a in (account(demo, "shipper", n) for n in (0, 1))
                   if a["name"] == customer.group(1))  # fmt: skip
    sign_in(web, shipper)
    mine = web.get("/invoices?lang=en")
    assert "INV-000001" in mine.text and "Confirmed bookings to invoice" not in mine.text
    url = f"/invoices/{invoice_id.group(1)}"
    assert problems("ubl-invoice", web.get(url + "/ubl.xml").content) == []
    assert web.get(url + "/pdf").content.startswith(b"%PDF")
    assert "pain001.xml" not in mine.text  # paid: nothing left to pay
    web.post("/signout", data={"csrf": csrf_of(mine.text)})
    sign_in(web, account(demo, "operator"))
    page = web.get("/invoices?lang=en")
    credited = web.post(
        f"{url}/credit-note", data={"csrf": csrf_of(page.text), "reason": "re-rated"}
    )
    assert "Issued: CRN-000001." in credited.text and "Credits invoice" in credited.text
