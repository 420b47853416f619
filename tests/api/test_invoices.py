"""Invoices through HTTP on both databases: issue, read, credit note, the UBL / PDF / pain.001
downloads (validated against the official schemas), a camt.054 import, who may (the rules
table's cells are probed from tests/api/test_access.py), and gapless numbering when operators
race to invoice."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from landsea.cli.main import app
from landsea.domain.access import Action
from landsea.errors import Conflict
from landsea.services import accounts, invoices
from landsea.services.booking import BookingRequest, LegRequest, create_booking
from landsea.services.invoice_xsd import problems
from tests.api.conftest import World
from tests.services.camt import Entry, Tx, camt054

if TYPE_CHECKING:
    from tests.api.test_access import Cell

TRAIN = ("SR-CQ-QZH-20261207-0900", "CNCQI-TJC", "CNQZH")
OWN_TRAIN = ("CRE-CQ-DUI-20261205-2000", "CNCQI-TJC", "CNLAZ")  # Yuxinou's


def _booking(world: World, shipper: str) -> str:
    """A confirmed booking of ``shipper`` on the corridor company's train (made directly: the
    API of bookings has its own tests)."""
    departure, origin, destination = TRAIN
    request = BookingRequest(legs=(LegRequest(departure_id=departure, origin=origin,
                                              destination=destination),), teu=1)  # fmt: skip
    principal = accounts.organisation(world.platform, shipper)
    return create_booking(world.platform, principal, request)[0].id


def test_issue_read_download_credit_and_reconcile_over_http(
    client: TestClient, world: World
) -> None:
    booking = _booking(world, "exporter")
    made = client.post("/api/v1/invoices", headers=world.headers("operator"),
                       json={"booking_id": booking})  # fmt: skip
    assert made.status_code == 201, made.text
    invoice = made.json()
    assert invoice["number"] == "INV-000001" and invoice["settlement"] == "unpaid"
    assert made.headers["Location"] == f"/api/v1/invoices/{invoice['id']}"
    assert invoice["customer"]["name"] == "exporter" and invoice["tax"]["category"] == "O"
    url = f"/api/v1/invoices/{invoice['id']}"
    listed = client.get("/api/v1/invoices", headers=world.headers("exporter")).json()
    assert [i["id"] for i in listed["data"]] == [invoice["id"]]
    assert client.get(url, headers=world.headers("importer")).status_code == 404
    xml = client.get(url + "/ubl.xml", headers=world.headers("exporter"))
    assert xml.headers["content-type"].startswith("application/xml")
    assert problems("ubl-invoice", xml.content) == []
    pain = client.get(url + "/pain001.xml", headers=world.headers("exporter"))
    assert problems("pain.001.001.09", pain.content) == []
    pdf = client.get(url + "/pdf", headers=world.headers("exporter"))
    assert pdf.content.startswith(b"%PDF") and pdf.headers["content-type"] == "application/pdf"
    total = invoice["total"]["amount"]
    notification = camt054(Entry(amount=f"{total:.2f}", bank_ref="R1",
                                 txs=(Tx(amount=f"{total:.2f}", invoice="INV-000001"),)))  # fmt: skip
    imported = client.post("/api/v1/payments/imports", headers=world.headers("operator"),
                           json={"document": notification.decode()})  # fmt: skip
    assert imported.status_code == 201, imported.text
    assert imported.json()["credits"][0]["settlement"] == "paid"
    assert client.post("/api/v1/payments/imports", headers=world.headers("exporter"),
                       json={"document": notification.decode()}).status_code == 403  # fmt: skip
    assert client.get(url, headers=world.headers("exporter")).json()["settlement"] == "paid"
    assert client.get(url + "/pain001.xml", headers=world.headers("exporter")).status_code == 409
    note = client.post(url + "/credit-note", headers=world.headers("operator"),
                       json={"reason": "re-rated"})  # fmt: skip
    assert note.status_code == 201, note.text
    assert (note.json()["number"], note.json()["credits"]) == ("CRN-000001", "INV-000001")
    note_xml = client.get(f"/api/v1/invoices/{note.json()['id']}/ubl.xml",
                          headers=world.headers("exporter"))  # fmt: skip
    assert problems("ubl-credit-note", note_xml.content) == []


def test_operators_racing_to_invoice_get_numbers_without_gap_or_duplicate(world: World) -> None:
    """Twelve invoices and six refused attempts (a second invoice of the same booking) race on
    one issuer's counter: the refused ones give their number back."""
    platform = world.platform
    operator = accounts.organisation(platform, "operator")
    bookings = [_booking(world, "exporter") for _ in range(12)]
    invoices.issue_invoice(platform, operator, bookings[0])
    attempts = bookings[1:] + [bookings[0]] * 6
    start = Barrier(len(attempts))

    def issue(booking: str) -> str:
        start.wait()
        try:
            return invoices.issue_invoice(platform, operator, booking).invoice.number
        except Conflict:
            return "refused"

    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        outcomes = list(pool.map(issue, attempts))
    assert outcomes.count("refused") == 6
    numbers = sorted(n for n in outcomes if n != "refused")
    assert numbers == [f"INV-{n:06d}" for n in range(2, 13)]
    stored = invoices.list_invoices(platform, operator)
    assert sorted(v.invoice.number for v in stored) == [f"INV-{n:06d}" for n in range(1, 13)]


# -- the rules table's cells (used by tests/api/test_access.py) ------------------------------------


def _issue(c: Cell, own: bool) -> str:
    """An invoice for the exporter's booking on Yuxinou's train by yuxinou (own), or for the
    importer's booking on the corridor company's train by operator."""
    departure, origin, destination = OWN_TRAIN if own else TRAIN
    made = c.call("POST", "/bookings", "exporter" if own else "importer", json={
        "legs": [{"departure_id": departure, "from": origin, "to": destination}], "teu": 1})  # fmt: skip
    assert made.status_code == 201, made.text
    issued = c.call("POST", "/invoices", "yuxinou" if own else "operator",
                    json={"booking_id": made.json()["id"]})  # fmt: skip
    assert issued.status_code == 201, issued.text
    return str(issued.json()["id"])


def _issue_probe(c: Cell) -> bool:
    made = c.call("POST", "/invoices", json={"booking_id": c.booking()})
    assert made.status_code in (201, 403, 404), made.text
    return bool(made.status_code == 201)


def _read_probe(c: Cell) -> bool:
    found = c.call("GET", f"/invoices/{_issue(c, c.own)}")
    assert found.status_code in (200, 403, 404), found.text
    return bool(found.status_code == 200)


INVOICE_PROBES: dict[Action, Callable[[Cell], bool]] = {
    Action.ISSUE_INVOICE: _issue_probe,
    Action.READ_INVOICE: _read_probe,
}


def test_landsea_payments_import_reconciles_a_file_and_fails_on_unmatched_credits(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    platform = world.platform
    operator = accounts.organisation(platform, "operator")
    invoice = invoices.issue_invoice(platform, operator, _booking(world, "exporter")).invoice
    paid = f"{invoice.total.amount:f}"
    file = tmp_path / "camt054.xml"
    file.write_bytes(camt054(Entry(amount=paid, bank_ref="C1",
                                   txs=(Tx(amount=paid, invoice=invoice.number),))))  # fmt: skip
    monkeypatch.setenv("LANDSEA_DATABASE_URL", platform.database.url)
    done = CliRunner().invoke(app, ["payments", "import", str(file), "--org", "operator",
                                    "--format", "json"])  # fmt: skip
    assert done.exit_code == 0, done.output
    credit = json.loads(done.stdout)["credits"][0]
    assert (credit["outcome"], credit["invoice_number"], credit["settlement"]) == (
        "matched", invoice.number, "paid",
    )  # fmt: skip
    file.write_bytes(camt054(Entry(amount="1.00", bank_ref="C2", txs=(Tx(amount="1.00"),))))
    unmatched = CliRunner().invoke(app, ["payments", "import", str(file), "--org", "operator"])
    assert unmatched.exit_code == 1
    assert "no structured reference or end-to-end id names an invoice" in unmatched.stdout
