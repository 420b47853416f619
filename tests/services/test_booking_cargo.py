"""The cargo details given at the review step (commodity, HS code, ISO 6346 containers) stored
with the booking: checked by the booking use case (errors name the field and the value; nothing
is stored or reserved on an error), part of the idempotency fingerprint only when given, and
used by My shipments, whose search finds a booking by a container stored with it (both
databases, rolled back)."""

from __future__ import annotations

import hashlib
import json

import pytest

from landsea.domain.booking import Principal
from landsea.errors import IdempotencyMismatch, InvalidInput
from landsea.services import accounts
from landsea.services.booking import BookingRequest, LegRequest, create_booking, get_booking
from landsea.services.platform import Platform
from landsea.services.shipments import ShipmentFilter, find_shipments

TRAIN = "SR-CQ-QZH-20261207-0900"  # Tuanjiecun → Qinzhou
LEG = LegRequest(departure_id=TRAIN, origin="CNCQI-TJC", destination="CNQZH")
BOX, OTHER = "APZU4812090", "CSQU3054383"


@pytest.fixture
def shipper(platform: Platform) -> Principal:
    return accounts.create_organisation(platform, "Durian Exporter", "shipper")


def _booked_teu(platform: Platform) -> int:
    with platform.uow(read_only=True) as uow:
        departure = uow.departures.get(TRAIN)
    assert departure is not None
    return departure.booked_teu


def test_the_details_are_stored_with_the_booking_and_found_by_my_shipments(
    platform: Platform, shipper: Principal
) -> None:
    request = BookingRequest(legs=(LEG,), teu=3, commodity=" Frozen durian ",
                             hs_code="0810.90", containers=(BOX, OTHER))  # fmt: skip
    made, _ = create_booking(platform, shipper, request)
    stored = get_booking(platform, shipper, made.id)
    assert (stored.commodity, stored.hs_code, stored.containers) == (
        "Frozen durian", "081090", (BOX, OTHER))  # fmt: skip
    plain, _ = create_booking(platform, shipper, BookingRequest(legs=(LEG,), teu=1))
    assert get_booking(platform, shipper, plain.id).containers == ()
    assert get_booking(platform, shipper, plain.id).hs_code is None
    (found,) = find_shipments(platform, shipper, ShipmentFilter(text=OTHER.lower())).found
    assert found.booking.id == made.id and found.containers[:2] == (BOX, OTHER)
    (by_code,) = find_shipments(platform, shipper, ShipmentFilter(text="081090")).found
    assert by_code.booking.id == made.id


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ({"hs_code": "7701.00"}, "hs_code '7701.00': chapter 77 is reserved"),
        ({"hs_code": "12345"}, "hs_code '12345' must be 6 digits"),
        ({"commodity": "  "}, "commodity '  ' must be 1 to 200 characters"),
        ({"commodity": "x" * 201}, "must be 1 to 200 characters"),
        ({"containers": ("APZU4812091",)}, "containers[0] 'APZU4812091' has check digit 1"),
        ({"containers": (BOX, "apzu4812090")}, "containers[1] 'apzu4812090' is not an ISO 6346"),
        ({"containers": (BOX, BOX)}, f"containers[1] {BOX!r} is listed twice"),
        # 2 TEU is one 40' box: one number at most.
        ({"containers": (BOX, OTHER)}, "containers lists 2 containers; the booking has 1 box"),
    ],
)
def test_wrong_details_are_refused_by_field_and_value_and_nothing_is_stored(
    platform: Platform, shipper: Principal, details: dict[str, object], message: str
) -> None:
    before = _booked_teu(platform)
    with pytest.raises(InvalidInput) as refused:
        create_booking(platform, shipper, BookingRequest(legs=(LEG,), teu=2, **details))  # type: ignore[arg-type]
    assert message in refused.value.message
    assert _booked_teu(platform) == before
    assert find_shipments(platform, shipper).total == 0


def test_the_fingerprint_holds_the_details_only_when_given(
    platform: Platform, shipper: Principal
) -> None:
    plain = BookingRequest(legs=(LEG,), teu=2, shipper_reference="PO-9")
    earlier = {  # the canonical form before the details were added
        "legs": [{"departure_id": TRAIN, "from": "CNCQI-TJC", "to": "CNQZH", "service_id": None}],
        "teu": 2, "cargo_type": "general", "shipper_reference": "PO-9"}  # fmt: skip
    digest = hashlib.sha256(json.dumps(earlier, sort_keys=True).encode()).hexdigest()
    assert plain.fingerprint() == digest
    boxed = BookingRequest(legs=(LEG,), teu=2, shipper_reference="PO-9", containers=(BOX,))
    assert boxed.fingerprint() != digest
    first, made = create_booking(platform, shipper, boxed, idempotency_key="k-1")
    again, replayed = create_booking(platform, shipper, boxed, idempotency_key="k-1")
    assert made and not replayed and again.id == first.id and again.containers == (BOX,)
    other = BookingRequest(legs=(LEG,), teu=2, shipper_reference="PO-9", containers=(OTHER,))
    with pytest.raises(IdempotencyMismatch):
        create_booking(platform, shipper, other, idempotency_key="k-1")
    # The HS code is compared in its stored form: dots and spaces do not make it another request.
    coded = BookingRequest(legs=(LEG,), teu=2, hs_code="0810.90")
    same = BookingRequest(legs=(LEG,), teu=2, hs_code="081090")
    one, _ = create_booking(platform, shipper, coded, idempotency_key="k-2")
    assert create_booking(platform, shipper, same, idempotency_key="k-2") == (one, False)
