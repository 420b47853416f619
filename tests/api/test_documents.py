"""Transport documents over HTTP, on SQLite and PostgreSQL: the whole journey through the
routes, the public verification, the published keys, and the double-transfer race (exactly one
of two concurrent endorsements succeeds). The rules table's document rows are probed through
HTTP in tests/api/test_access.py with the probes defined here."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import TYPE_CHECKING, Any

from fastapi.testclient import TestClient

from landsea.api.schemas import DocumentIssue
from landsea.domain.access import Action
from landsea.errors import Conflict, InvalidStateTransition
from landsea.services import accounts, documents
from landsea.services.booking import BookingRequest, LegRequest, create_booking
from landsea.services.document_content import IssueRequest
from landsea.web.app import create_app as create_web_app
from tests.api.conftest import World
from tests.services.test_documents import assert_valid_ebl

if TYPE_CHECKING:
    from tests.api.test_access import Cell

ISSUE_BODY: dict[str, Any] = {
    "items": [{"hs_code": "847130", "description": "Laptop computers", "packages": 400,
               "gross_kg": "9600.5", "container": "CSQU3054383"}],
    "equipment": [{"container": "CSQU3054383", "seals": ["CN1234567"]}],
    "notify_party": "importer",
}  # fmt: skip
TRAIN = ("SR-CQ-QZH-20261207-0900", "CNCQI-TJC", "CNQZH")
OWN_TRAIN = ("CRE-CQ-DUI-20261205-2000", "CNCQI-TJC", "CNLAZ")  # Yuxinou's
OTHER_TRAIN = TRAIN  # the corridor company's


def _book(client: TestClient, world: World, who: str) -> str:
    departure, origin, destination = TRAIN
    made = client.post("/api/v1/bookings", headers=world.headers(who), json={
        "legs": [{"departure_id": departure, "from": origin, "to": destination}], "teu": 1})  # fmt: skip
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def test_the_whole_journey_through_the_api(client: TestClient, world: World) -> None:
    booking = _book(client, world, "exporter")

    def post(who: str, url: str, body: Any = None) -> Any:
        answer = client.post(f"/api/v1{url}", headers=world.headers(who), json=body)
        assert answer.status_code in (200, 201), answer.text
        return answer.json()

    made = post("operator", f"/bookings/{booking}/transport-document", ISSUE_BODY)
    ref = made["reference"]
    assert_valid_ebl(made["document"])
    assert made["holder"] == world.ids["exporter"] and made["history_intact"]
    doc = f"/transport-documents/{ref}"
    post("exporter", f"{doc}/transfers", {"to": "importer"})
    post("importer", f"{doc}/transfers/answer", {"accept": True})
    post("importer", f"{doc}/pledge", {"bank": "bank"})
    seen = client.get("/api/v1/transport-documents", headers=world.headers("bank")).json()
    assert [d["reference"] for d in seen["data"]] == [ref]
    post("bank", f"{doc}/release", {"default": False})
    post("importer", f"{doc}/surrender")
    spent = post("operator", f"{doc}/surrender/answer", {"accept": True})
    assert spent["status"] == "surrendered" and spent["history_intact"]
    assert [e["action_code"] for e in spent["history"]] == [
        "ISSUE", "ENDORSE_TO_ORDER", "TRANSFER", "TRANSFER", "TRANSFER", "SURRENDER_FOR_DELIVERY",
        "SACC",
    ]  # fmt: skip
    again = client.post(f"/api/v1{doc}/transfers", headers=world.headers("importer"),
                        json={"to": "exporter"})  # fmt: skip
    assert again.status_code == 409
    assert again.json()["detail"] == (
        "the document is surrendered (spent): it cannot be endorsed (transferred) any more"
    )
    timeline = client.get(f"/api/v1/bookings/{booking}/timeline", headers=world.headers("exporter"))
    assert timeline.status_code == 200, timeline.text
    assert [(e["eventType"], e["code"]) for e in timeline.json()["documents"]] == [
        ("SHIPMENT", "ISSU"), ("SHIPMENT", "SURR"),
    ]  # fmt: skip


def test_verification_is_public_and_keys_are_published(world: World) -> None:
    with TestClient(create_web_app(platform=world.platform)) as client:
        _verification_is_public(client, world)


def _verification_is_public(client: TestClient, world: World) -> None:
    booking = _book(client, world, "exporter")
    made = client.post(f"/api/v1/bookings/{booking}/transport-document",
                       headers=world.headers("operator"), json=ISSUE_BODY).json()  # fmt: skip
    found = client.get(f"/verify/{made['reference']}", headers={"Accept": "application/json"})
    assert found.status_code == 200, found.text
    body = found.json()
    assert (body["genuine"], body["holder"], body["issuer"]) == (True, "exporter", "operator")
    assert "Laptop" not in found.text and "CSQU3054383" not in found.text
    page = client.get(f"/verify/{made['reference']}?lang=zh-CN")
    assert page.status_code == 200 and "真实" in page.text
    assert (
        client.get("/verify/LNDSNOTHING", headers={"Accept": "application/json"}).status_code == 404
    )
    key = client.get(f"/api/v1/organisations/{world.ids['operator']}/public-key").json()
    assert key["crv"] == "Ed25519" and key["kid"]
    unsigned = client.post(f"/api/v1/bookings/{booking}/transport-document", json=ISSUE_BODY)
    assert unsigned.status_code == 401


def test_two_concurrent_transfers_exactly_one_succeeds(world: World) -> None:
    """The holder endorses the document to two buyers at once, many times over: each time one
    endorsement is stored and the other refused (409), never both."""
    platform = world.platform
    operator = accounts.organisation(platform, "operator")
    exporter = accounts.organisation(platform, "exporter")
    departure, origin, destination = TRAIN
    booked, _ = create_booking(platform, exporter, BookingRequest(
        legs=(LegRequest(departure_id=departure, origin=origin, destination=destination),),
        teu=1))  # fmt: skip
    view = documents.issue_document(platform, operator, booked.id, _request())
    ref = view.document.reference
    for _ in range(5):
        barrier = Barrier(2)

        def endorse(to: str, barrier: Barrier = barrier) -> str:
            barrier.wait()
            try:
                documents.transfer(platform, exporter, ref, to)
                return "endorsed"
            except (Conflict, InvalidStateTransition):
                return "refused"

        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = list(pool.map(endorse, ["importer", "bank"]))
        assert sorted(outcomes) == ["endorsed", "refused"]
        current = documents.get_document(platform, exporter, ref)
        assert current.integrity.intact, current.integrity.problem
        receiver = accounts.organisation(platform, current.document.possession.pending_to or "")
        documents.answer(platform, receiver, ref, accept=False)  # back to the exporter
    final = documents.get_document(platform, exporter, ref)
    assert len(final.history) == 1 + 5 * 2 and final.integrity.intact


def _request() -> IssueRequest:
    return DocumentIssue.model_validate(ISSUE_BODY).request()


# -- probes of the rules table's document rows (used by tests/api/test_access.py) ---------------


def _issue(c: Cell, own: bool) -> str:
    """A document on the exporter's booking on Yuxinou's train issued by yuxinou (own), or on
    the importer's booking on the corridor company's train issued by operator."""
    departure, origin, destination = OWN_TRAIN if own else OTHER_TRAIN
    made = c.call("POST", "/bookings", "exporter" if own else "importer", json={
        "legs": [{"departure_id": departure, "from": origin, "to": destination}], "teu": 1})  # fmt: skip
    assert made.status_code == 201, made.text
    issued = c.call("POST", f"/bookings/{made.json()['id']}/transport-document",
                    "yuxinou" if own else "operator", json=ISSUE_BODY)  # fmt: skip
    assert issued.status_code == 201, issued.text
    return str(issued.json()["reference"])


def _do(c: Cell, who: str, url: str, body: Any = None) -> None:
    done = c.call("POST", url, who, json=body)
    assert done.status_code == 200, done.text


def _read(c: Cell) -> bool:
    ref = _issue(c, c.own)
    if c.who == "bank" and c.own:
        _do(c, "exporter", f"/transport-documents/{ref}/pledge", {"bank": "bank"})
    return bool(c.call("GET", f"/transport-documents/{ref}").status_code == 200)


def _hold(c: Cell) -> bool:
    ref = _issue(c, c.own)
    if c.who == "bank" and c.own:
        _do(c, "exporter", f"/transport-documents/{ref}/pledge", {"bank": "bank"})
        _do(c, "bank", f"/transport-documents/{ref}/release", {"default": True})
    answer = c.call("POST", f"/transport-documents/{ref}/transfers", json={"to": "importer"})
    return bool(answer.status_code == 200)


def _answer(c: Cell) -> bool:
    ref = _issue(c, False)  # the importer holds it
    own = c.own and c.who in ("exporter", "bank")
    to = c.who if own else ("bank" if c.who == "exporter" else "exporter")
    _do(c, "importer", f"/transport-documents/{ref}/transfers", {"to": to})
    answer = c.call("POST", f"/transport-documents/{ref}/transfers/answer", json={"accept": True})
    return bool(answer.status_code == 200)


def _release(c: Cell) -> bool:
    ref = _issue(c, False)
    if c.own:
        _do(c, "importer", f"/transport-documents/{ref}/pledge", {"bank": "bank"})
    answer = c.call("POST", f"/transport-documents/{ref}/release", json={"default": False})
    return bool(answer.status_code == 200)


def _answer_surrender(c: Cell) -> bool:
    ref = _issue(c, c.own)
    holder = "exporter" if c.own else "importer"
    _do(c, holder, f"/transport-documents/{ref}/surrender")
    answer = c.call("POST", f"/transport-documents/{ref}/surrender/answer", json={"accept": True})
    return bool(answer.status_code == 200)


def _issue_probe(c: Cell) -> bool:
    booking = c.booking()
    made = c.call("POST", f"/bookings/{booking}/transport-document", json=ISSUE_BODY)
    return bool(made.status_code == 201)


DOCUMENT_PROBES: dict[Action, Callable[[Cell], bool]] = {
    Action.ISSUE_DOCUMENT: _issue_probe,
    Action.READ_DOCUMENT: _read,
    Action.HOLD_DOCUMENT: _hold,
    Action.ANSWER_DOCUMENT: _answer,
    Action.RELEASE_PLEDGE: _release,
    Action.ANSWER_SURRENDER: _answer_surrender,
}
