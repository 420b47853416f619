"""Transport documents through the services, on both databases (rolled back): issue → endorse →
accept → pledge → release → surrender across four organisations, refusals, the signed chain
and tampering, the DCSA eBL schema, the keys at rest."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from sqlalchemy import text

from landsea.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    InvalidStateTransition,
    LandseaError,
    NotFound,
)
from landsea.services import accounts, documents
from landsea.services.booking import BookingRequest, LegRequest, create_booking
from landsea.services.document_content import EquipmentRequest, IssueRequest, ItemRequest
from landsea.services.platform import Platform

TRAIN = "SR-CQ-QZH-20261207-0900"
SHIP = "QZH-SIN-DAILY-20261211-2000"
SPEC = Path(__file__).parents[1] / "data" / "dcsa_spec" / "EBL_v3.0.4.yaml"


@cache
def ebl_validator() -> jsonschema.Draft7Validator:
    """DCSA's eBL 3.0.4 ``TransportDocument`` (OpenAPI 3.0 schemas are JSON Schema draft 4-7
    with extra keywords, which a validator ignores)."""
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    schema = {"$ref": "#/components/schemas/TransportDocument", "components": spec["components"]}
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def assert_valid_ebl(content: dict[str, Any]) -> None:
    errors = sorted(ebl_validator().iter_errors(content), key=lambda e: list(e.path))
    found = [f"{list(e.path)}: {e.message}" for e in errors]
    found += [f"{list(c.path)}: {c.message}" for e in errors for c in e.context or ()]
    assert found == []


class Orgs:
    def __init__(self, platform: Platform) -> None:
        self.carrier = accounts.create_organisation(platform, "Corridor Carrier", "operator")
        self.seller = accounts.create_organisation(platform, "Chongqing Seller", "shipper")
        self.buyer = accounts.create_organisation(platform, "Singapore Buyer", "shipper")
        self.bank = accounts.create_organisation(platform, "Land-Sea Bank", "bank")
        self.other_bank = accounts.create_organisation(platform, "Other Bank", "bank")


@pytest.fixture
def orgs(platform: Platform) -> Orgs:
    return Orgs(platform)


def issue_request(**more: Any) -> IssueRequest:
    item = ItemRequest(hs_code="8471.30", description="Laptop computers", packages=400,
                       package_kind="cartons", gross_kg=Decimal("9600.5"), container="CSQU3054383")  # fmt: skip
    return IssueRequest(
        items=(item,),
        equipment=(EquipmentRequest(container="CSQU3054383", seals=("CN1234567",)),),
        notify_party="Singapore Buyer",
        **more,
    )


def issued(platform: Platform, orgs: Orgs, **more: Any) -> str:
    request = BookingRequest(
        legs=(LegRequest(departure_id=TRAIN, origin="CNCQI-TJC", destination="CNQZH"),
              LegRequest(departure_id=SHIP, origin="CNQZH", destination="SGSIN")),
        teu=1,
    )  # fmt: skip
    booking, _ = create_booking(platform, orgs.seller, request)
    view = documents.issue_document(platform, orgs.carrier, booking.id, issue_request(**more))
    return view.document.reference


def test_an_issued_document_is_a_dcsa_ebl_transport_document(
    platform: Platform, orgs: Orgs
) -> None:
    reference = issued(platform, orgs)
    view = documents.get_document(platform, orgs.seller, reference)
    content = view.document.content
    assert_valid_ebl(content)
    assert content["isToOrder"] is True and content["transportDocumentReference"] == reference
    assert content["transports"]["placeOfReceipt"]["UNLocationCode"] == "CNCQI"
    assert content["transports"]["portOfLoading"]["UNLocationCode"] == "CNQZH"
    assert content["transports"]["preCarriageBy"] == "RAIL"
    assert [leg["mode"] for leg in content["landseaLegs"]] == ["RAIL", "VESSEL"]
    assert content["consignmentItems"][0]["HSCodes"] == ["847130"]
    assert (
        view.integrity.intact and view.document.possession.holder_id == orgs.seller.organisation_id
    )


def test_a_straight_document_names_its_consignee_and_goes_only_to_it(
    platform: Platform, orgs: Orgs
) -> None:
    reference = issued(platform, orgs, negotiable=False, consignee="Singapore Buyer")
    content = documents.get_document(platform, orgs.seller, reference).document.content
    assert_valid_ebl(content)
    assert content["documentParties"]["consignee"]["partyName"] == "Singapore Buyer"
    with pytest.raises(
        InvalidStateTransition, match="goes only to its consignee 'Singapore Buyer'"
    ):
        documents.transfer(platform, orgs.seller, reference, "Land-Sea Bank")
    documents.transfer(platform, orgs.seller, reference, "Singapore Buyer")


def test_issue_endorse_accept_pledge_release_surrender_across_four_organisations(
    platform: Platform, orgs: Orgs
) -> None:
    ref = issued(platform, orgs)
    seller, buyer, bank, carrier = orgs.seller, orgs.buyer, orgs.bank, orgs.carrier
    offered = documents.transfer(platform, seller, ref, buyer.organisation_id)
    assert offered.document.possession.pending_to == buyer.organisation_id
    assert documents.answer(platform, buyer, ref, accept=True).document.possession.holder_id == (
        buyer.organisation_id
    )
    pledged = documents.pledge(platform, buyer, ref, "Land-Sea Bank")
    assert pledged.document.possession.bank_id == bank.organisation_id
    with pytest.raises(InvalidStateTransition, match="pledged document cannot be surrendered"):
        documents.surrender(platform, buyer, ref)
    documents.release(platform, bank, ref)
    documents.surrender(platform, buyer, ref)
    spent = documents.answer_surrender(platform, carrier, ref, accept=True)
    assert spent.document.possession.status.value == "surrendered"
    assert [e.step.value for e in spent.history] == [
        "issue", "endorse", "accept", "pledge", "release", "surrender", "accept_surrender",
    ]  # fmt: skip
    assert spent.integrity.intact, spent.integrity.problem
    with pytest.raises(
        InvalidStateTransition, match="surrendered \\(spent\\): it cannot be endorsed"
    ):
        documents.transfer(platform, buyer, ref, seller.organisation_id)


def test_refusals_name_who_may_and_what_state_forbids(platform: Platform, orgs: Orgs) -> None:
    ref = issued(platform, orgs)
    seller, buyer, bank = orgs.seller, orgs.buyer, orgs.bank
    with pytest.raises(NotFound, match=f"transport document '{ref}' does not exist"):
        documents.transfer(platform, buyer, ref, seller.organisation_id)  # not its business yet
    with pytest.raises(InvalidInput, match="bank 'Singapore Buyer' is a shipper, not a bank"):
        documents.pledge(platform, seller, ref, "Singapore Buyer")
    with pytest.raises(InvalidInput, match="to 'nobody' is not an organisation"):
        documents.transfer(platform, seller, ref, "nobody")
    documents.transfer(platform, seller, ref, buyer.organisation_id)
    with pytest.raises(InvalidStateTransition, match="offered document cannot be endorsed"):
        documents.transfer(platform, seller, ref, buyer.organisation_id)
    with pytest.raises(Forbidden, match="shipper 'Chongqing Seller' may not accept or refuse"):
        documents.answer(platform, seller, ref, accept=True)
    refused = documents.answer(platform, buyer, ref, accept=False)
    assert refused.document.possession.holder_id == seller.organisation_id
    documents.pledge(platform, seller, ref, bank.organisation_id)
    with pytest.raises(NotFound):
        documents.release(platform, orgs.other_bank, ref)  # a bank sees only what is pledged to it
    taken = documents.release(platform, bank, ref, default=True)
    assert taken.document.possession.holder_id == bank.organisation_id
    assert taken.integrity.intact


def test_a_bank_sees_only_documents_pledged_to_it(platform: Platform, orgs: Orgs) -> None:
    ref = issued(platform, orgs)
    assert documents.list_documents(platform, orgs.bank) == []
    with pytest.raises(NotFound):
        documents.get_document(platform, orgs.bank, ref)
    documents.pledge(platform, orgs.seller, ref, orgs.bank.organisation_id)
    assert [v.document.reference for v in documents.list_documents(platform, orgs.bank)] == [ref]
    assert documents.list_documents(platform, orgs.other_bank) == []
    assert [v.document.reference for v in documents.list_documents(platform, orgs.carrier)] == [ref]


def _tamper(platform: Platform, sql: str, **values: Any) -> None:
    with platform.uow() as uow:
        uow.session.execute(text(sql), values)


def test_a_tampered_history_entry_is_detected_and_named(platform: Platform, orgs: Orgs) -> None:
    ref = issued(platform, orgs)
    documents.transfer(platform, orgs.seller, ref, orgs.buyer.organisation_id)
    documents.answer(platform, orgs.buyer, ref, accept=True)
    # Someone with database access makes the seller the recipient of the endorsement.
    _tamper(platform, "UPDATE document_entries SET recipient_id = :who WHERE reference = :ref "
            "AND seq = 2", who=orgs.bank.organisation_id, ref=ref)  # fmt: skip
    view = documents.get_document(platform, orgs.buyer, ref)
    assert not view.integrity.intact
    assert view.integrity.problem == (
        "entry 2 (endorse) its stored step, actor or recipient differ from what was signed"
    )
    found = documents.verify_public(platform, ref)
    assert not found.genuine and found.problem is not None and "entry 2" in found.problem


def test_a_forged_signature_and_a_rewritten_holder_are_detected(
    platform: Platform, orgs: Orgs
) -> None:
    ref = issued(platform, orgs)
    documents.transfer(platform, orgs.seller, ref, orgs.buyer.organisation_id)
    with platform.uow(read_only=True) as uow:
        signed = uow.documents.history(ref)[1].signed
    head, payload, signature = signed.split(".")
    forged = f"{head}.{payload}.{signature[:-4]}AAAA"
    _tamper(platform, "UPDATE document_entries SET signed = :s WHERE reference = :ref AND seq = 2",
            s=forged, ref=ref)  # fmt: skip
    problem = documents.get_document(platform, orgs.seller, ref).integrity.problem
    assert problem is not None and problem.startswith("entry 2 (endorse) its stored checksum")
    _tamper(platform, "UPDATE document_entries SET signed = :s WHERE reference = :ref AND seq = 2",
            s=signed, ref=ref)  # fmt: skip
    assert documents.get_document(platform, orgs.seller, ref).integrity.intact
    # The endorsee made holder without accepting: the stored row no longer matches the history.
    _tamper(platform, "UPDATE transport_documents SET holder_id = :who WHERE reference = :ref",
            who=orgs.buyer.organisation_id, ref=ref)  # fmt: skip
    problem = documents.get_document(platform, orgs.buyer, ref).integrity.problem
    assert problem == "the document's stored holder or state differ from what its history says"


def test_verification_shows_holder_and_integrity_without_commercial_details(
    platform: Platform, orgs: Orgs
) -> None:
    ref = issued(platform, orgs)
    documents.pledge(platform, orgs.seller, ref, orgs.bank.organisation_id)
    found = documents.verify_public(platform, ref)
    assert (found.genuine, found.status, found.holder, found.pledged_to, found.issuer) == (
        True, "pledged", "Chongqing Seller", "Land-Sea Bank", "Corridor Carrier",
    )  # fmt: skip
    assert [(seq, step) for seq, step, _, _ in found.entries] == [(1, "issue"), (2, "pledge")]
    assert "Laptop" not in repr(found) and "847130" not in repr(found)
    with pytest.raises(NotFound, match="'LNDSNOPE' was not issued on this platform"):
        documents.verify_public(platform, "LNDSNOPE")


def test_private_keys_are_encrypted_at_rest_and_public_keys_published(
    platform: Platform, orgs: Orgs
) -> None:
    issued(platform, orgs)
    jwk = documents.public_key(platform, orgs.carrier.organisation_id)
    assert (jwk["kty"], jwk["crv"], jwk["alg"]) == ("OKP", "Ed25519", "Ed25519")
    with platform.uow(read_only=True) as uow:
        key = uow.documents.key(orgs.carrier.organisation_id)
    assert key is not None and key.public_key == jwk["x"]
    assert jwk["x"] not in key.private_key and len(key.private_key) > 43
    platform.document_secret = b"another secret"
    with pytest.raises(LandseaError, match="does not open with this platform's document secret"):
        issued(platform, orgs)


def test_amending_means_surrendering_first(platform: Platform, orgs: Orgs) -> None:
    ref = issued(platform, orgs)
    booking_id = documents.get_document(platform, orgs.seller, ref).document.booking_id
    with pytest.raises(Conflict, match=f"has transport document '{ref}'; surrender it before"):
        documents.issue_document(platform, orgs.carrier, booking_id, issue_request())
    documents.surrender(platform, orgs.seller, ref)
    documents.answer_surrender(platform, orgs.carrier, ref, accept=True)
    amended = documents.issue_document(platform, orgs.carrier, booking_id, issue_request())
    assert amended.document.reference != ref


def test_only_the_operator_issues_and_containers_are_checked(
    platform: Platform, orgs: Orgs
) -> None:
    request = BookingRequest(
        legs=(LegRequest(departure_id=TRAIN, origin="CNCQI-TJC", destination="CNQZH"),), teu=1
    )
    booking, _ = create_booking(platform, orgs.seller, request)
    with pytest.raises(Forbidden, match="may not issue a transport document"):
        documents.issue_document(platform, orgs.seller, booking.id, issue_request())
    wrong = IssueRequest(items=issue_request().items,
                         equipment=(EquipmentRequest(container="CSQU3054384", seals=("S1",)),))  # fmt: skip
    with pytest.raises(InvalidInput, match=r"equipment\[0\].container 'CSQU3054384' has check"):
        documents.issue_document(platform, orgs.carrier, booking.id, wrong)
